"""The resilience panels: controls wired to :mod:`.experiments` and :mod:`.plots`."""

from __future__ import annotations

from ..core.panel import Panel, checkbox, choice, slider, timeline, toggle
from . import experiments, plots
from .retries import POLICIES


def breaker_timeline_panel() -> Panel:
    """Step through a breaker in front of a dependency that fails from 20 to 50 s."""
    return Panel({
        "at_s": timeline("time (s)", experiments.HORIZON // 2 + 1, experiments.HORIZON,
                         step=2, interval_ms=400),
        "failure_threshold": slider("failures to open", 5, 1, 10),
        "reset_timeout": slider("reset timeout (s)", 10.0, 1.0, 30.0, 1.0),
    }, experiments.breaker_timeline, plots.breaker_timeline_view, title="Circuit breaker")


def retry_policies_panel() -> Panel:
    """N clients contending: calls and completion time per retry policy."""
    return Panel({
        "clients": slider("clients", 20, 2, 60),
        "base": slider("base sleep (units of work)", 1.0, 0.5, 4.0, 0.5),
        "cap": slider("cap (units of work)", 100.0, 10.0, 200.0, 10.0),
    }, experiments.retry_policies, plots.retry_policies_view, title="Backoff and jitter")


def overload_panel() -> Panel:
    """A spike on a server near capacity: retries, budget and queue bound."""
    return Panel({
        "queue": toggle("queue", ["unbounded", "bounded"], "unbounded"),
        "retries": slider("retries per request", 3, 0, 5),
        "policy": choice("retry policy", [p for p in POLICIES if p != "none"], "immediate"),
        "budget": checkbox("retry budget (10 % of requests)", False),
        "spike_s": slider("spike length (s)", 5, 0, 15),
    }, experiments.overload, plots.overload_view, title="Overload and retries")
