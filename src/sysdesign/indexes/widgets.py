"""The indexes panels: controls wired to :mod:`.experiments` and :mod:`.plots`."""

from __future__ import annotations

from ..core.panel import Panel, slider, timeline, toggle
from . import experiments, plots

KEYS = 24


def btree_growth_panel() -> Panel:
    """Step through a B-tree growing insert by insert; splits in orange."""
    return Panel({
        "step": timeline("inserts", KEYS + 1, 8, interval_ms=700),
        "order": slider("order m (most children)", 3, 3, 6),
        "pattern": toggle("keys", list(experiments.PATTERNS), "random"),
    }, experiments.btree_growth, plots.btree_growth_view, title="A B-tree growing")


def amplification_panel() -> Panel:
    """B-tree against LSM tree: entries written per insert and probes per lookup."""
    return Panel({
        "n": slider("keys inserted", 3000, 500, 4000, 500),
        "order": slider("B-tree order", 16, 3, 64),
        "memtable": slider("LSM memtable (entries)", 64, 8, 256, 8),
        "fanout": slider("LSM fanout (runs merged)", 4, 2, 10),
    }, experiments.amplification, plots.amplification_view, title="Write and read amplification")
