"""The panel of notebook 29: change one requirement or choice, re-run the simulated day."""

from __future__ import annotations

from ..core.panel import Panel, choice, log_slider, slider, timeline
from . import experiments, plots


def day_panel() -> Panel:
    """The simulated day under more traffic, other shard counts, cache targets, disks;
    scrub or play through its hours."""
    return Panel({
        "hour": timeline("hour of the day", 24, 14),
        "traffic": log_slider("traffic (× estimate)", 1.0, 0.1, 20.0),  # 1× and 10× on its steps
        "shards": slider("shards", 8, 1, 64),
        "cache_target": slider("cache sized for hit ratio", 0.5, 0.1, 0.85, 0.05),
        "db_service_ms": slider("shard read time (ms)", 2.0, 0.5, 10.0, 0.5),
        "region": choice("new region (30 % of users)", tuple(experiments.REGIONS), "none"),
    }, experiments.day, plots.day_view, title="One simulated day")
