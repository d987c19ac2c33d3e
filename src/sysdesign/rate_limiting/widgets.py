"""The rate-limiting panels: controls wired to :mod:`.experiments` and :mod:`.plots`."""

from __future__ import annotations

from ..core.panel import Panel, choice, slider, timeline, toggle
from . import experiments, plots
from .limiters import KINDS


def step_panel() -> Panel:
    """Step through one limiter, request by request, on a seeded bursty trace."""
    steps = len(experiments.STEP_TRACE)
    return Panel({
        "step": timeline("request", steps, 12),
        "kind": choice("limiter", list(KINDS), "token bucket"),
    }, experiments.step, plots.step_view, title="A limiter, request by request")


def compare_panel() -> Panel:
    """Pick a limiter, a rate and a burst size; see all five on the same bursty trace."""
    return Panel({
        "kind": toggle("limiter", list(KINDS), "fixed window"),
        "limit": slider("limit per s", 5, 1, 20),
        "burst": slider("bucket size", 5, 1, 20),
        "burst_factor": slider("traffic burstiness", 5.0, 1.0, 10.0, 0.5),
    }, experiments.compare, plots.compare_view, title="Five limiters, one trace")
