"""The load-balancing panels: controls wired to :mod:`.experiments` and :mod:`.plots`."""

from __future__ import annotations

from ..core.panel import Panel, choice, slider, timeline, toggle
from . import experiments, plots
from .balancer import POLICIES
from .workload import ARRIVALS


def policy_panel() -> Panel:
    """Latency and utilisation of one policy, over load, server speeds and arrivals."""
    return Panel({
        "load": slider("offered load", 0.8, 0.1, 0.95, 0.05),
        "speeds": choice("server speeds", list(experiments.SPEEDS), "1 fast, 3 slow"),
        "policy": choice("policy", list(POLICIES), "round robin"),
        "arrivals": toggle("arrivals", list(ARRIVALS), "poisson"),
    }, experiments.policy, plots.policy_view, title="Load-balancing policies")


def steps_panel() -> Panel:
    """Step through the first requests of a run, one arrival at a time."""
    return Panel({
        "step": timeline("requests", experiments.STEP_REQUESTS + 1, experiments.STEP_REQUESTS),
        "policy": choice("policy", list(POLICIES), "round robin"),
        "speeds": choice("server speeds", list(experiments.SPEEDS), "1 fast, 3 slow"),
    }, experiments.steps, plots.steps_view, title="The first requests, step by step")


def failover_panel() -> Panel:
    """A server dies: scrub through the probes and requests until it is marked down."""
    return Panel({
        "interval": slider("probe every (s)", 1.0, 0.5, 2.0, 0.5),
        "threshold": slider("failures to mark down", 3, 1, 5, 1),
        "timeout": slider("probe timeout (s)", 0.5, 0.1, 1.0, 0.1),
        "after": slider("seconds after the death", 12.0, 0.0, 12.0, 0.1),
    }, experiments.failover, plots.failover_view, title="Health checks: time to detect a death")
