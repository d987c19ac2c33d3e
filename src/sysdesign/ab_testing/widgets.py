"""The A/B testing panels: controls wired to :mod:`.experiments` and :mod:`.plots`."""

from __future__ import annotations

from ..core.panel import Panel, log_slider, slider
from . import experiments, plots


def fixed_horizon_panel() -> Panel:
    """Simulated experiments analysed once: power, false positives, interval coverage."""
    return Panel({
        "lift": slider("true lift (absolute)", 0.02, 0.0, 0.04, 0.005),
        "users": log_slider("users per group", 3841, 200, 50_000),
    }, experiments.fixed_horizon, plots.fixed_horizon_view, title="Simulated experiments")


def peeking_run_panel() -> Panel:
    """Daily looks under four stopping rules."""
    return Panel({
        "lift": slider("true lift (absolute)", 0.0, 0.0, 0.03, 0.005),
        "days": slider("days (one look a day)", 14, 2, 30),
        "users_per_day": slider("new users per group per day", 500, 100, 2000, 100),
    }, experiments.peeking_run, plots.peeking_run_view, title="Peeking")
