"""The proximity capstone's panels: controls wired to :mod:`.experiments` and :mod:`.plots`."""

from __future__ import annotations

from ..core.panel import Panel, choice, log_slider, slider, timeline
from . import design, experiments, plots


def day_panel() -> Panel:
    """Your turn: change a requirement (traffic, SLO, a new region) or the design, re-run."""
    return Panel({
        "traffic": log_slider("traffic (x estimate)", 1.0, 0.5, 20.0),
        "slo_ms": slider("p99 SLO (ms)", design.SLO_MS, 2.0, 200.0, 0.5),  # 0.5: 30.3's 5.5 ms
        "replicas": slider("read replicas", design.REPLICAS, 1, 60),
        "cache_cells": slider("cells cached", design.CACHE_CELLS, 100, 8_000, 100),
        "new_region": choice("new region", experiments.NEW_REGION, "none"),
    }, experiments.day, plots.day_view, title="Redesign and re-run the day")


def update_panel() -> Panel:
    """Scrub through the seconds after a business update: who still sees the old data?"""
    return Panel({
        "t_s": timeline("seconds after the update", 181, 30),
        "ttl_s": slider("cache TTL (s)", 60.0, 1.0, 90.0, 1.0),
        "lag_ms": log_slider("replication delay (ms)", 5.0, 1.0, 60_000.0),
    }, experiments.update, plots.update_view, title="The business-update path")
