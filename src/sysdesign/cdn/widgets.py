"""The CDN panels: controls wired to :mod:`.experiments` and :mod:`.plots`."""

from __future__ import annotations

from ..core.panel import Panel, checkbox, log_slider, slider, timeline
from . import experiments, plots


def pull_push_panel() -> Panel:
    """Pull vs push on one workload: move the TTL, the popularity skew and the churn."""
    return Panel({
        "ttl_s": log_slider("TTL (s)", 60.0, 5.0, 3600.0),
        "alpha": slider("Zipf skew α", 0.9, 0.0, 1.5, 0.1),
        "churn_per_hour": slider("updates per object per hour", 2.0, 0.0, 30.0, 1.0),
        "pushed_share": slider("share of objects pushed", 1.0, 0.1, 1.0, 0.1),
    }, experiments.pull_push, plots.pull_push_view, title="Pull vs push CDN")


def request_path_panel() -> Panel:
    """Step through requests from three regions: edge, then shield, then origin."""
    steps = experiments.path_steps()
    return Panel({
        "step": timeline("request", steps, steps - 1),
        "shield": checkbox("origin shield", True),
    }, experiments.request_path, plots.request_path_view,
        title="Edge → shield → origin, request by request")
