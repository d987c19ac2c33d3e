"""The DNS panels: controls wired to :mod:`.experiments` and :mod:`.plots`."""

from __future__ import annotations

from ..core.panel import Panel, checkbox, choice, log_slider, slider, timeline, toggle
from . import experiments, plots
from .resolution import WARMTH
from .traffic import POLICIES

DURATIONS = {"1 min": 60.0, "5 min": 300.0, "1 hour": 3600.0, "1 day": 86_400.0}
LEADS = {"at the move": 0.0, "1 hour before": 3600.0, "6 hours before": 21_600.0,
         "1 day before": 86_400.0, "2 days before": 172_800.0}


def lookups_panel() -> Panel:
    """TTL and popularity skew -> lookup latency distribution and where answers came from."""
    return Panel({
        "ttl_s": log_slider("answer TTL (s)", 300.0, 30.0, 86_400.0),
        "alpha": slider("Zipf α (popularity skew)", 1.0, 0.0, 1.5, 0.1),
        "stub_cache": checkbox("clients' stub resolvers cache too", True),
    }, experiments.lookups, plots.lookups_view, title="Lookups through the DNS hierarchy")


def cold_lookup_panel() -> Panel:
    """Step through one lookup, message by message, with more or less already cached."""
    return Panel({
        "at_ms": timeline("time (ms)", 16, 150, step=10, interval_ms=500),
        "warm": toggle("already cached", list(WARMTH), "cold"),
    }, experiments.cold_lookup, plots.cold_lookup_view, title="One lookup, hop by hop")


def migration_panel() -> Panel:
    """Move an address: how long do clients keep going to the old one?"""
    return Panel({
        "old_ttl_s": choice("TTL before", {"1 hour": 3600.0, "1 day": 86_400.0}, 86_400.0),
        "new_ttl_s": choice("lowered to", DURATIONS, 300.0),
        "lead_s": choice("lowered", LEADS, 3600.0),
    }, experiments.migration, plots.migration_view, title="Moving a name to a new address")


def traffic_panel() -> Panel:
    """Round-robin, weighted and latency-based answers: the traffic split they produce."""
    return Panel({
        "policy": toggle("answers", list(POLICIES), "round robin"),
        "ttl_s": choice("TTL", {"0 (no caching)": 0.0, **DURATIONS}, 300.0),
        "resolvers": slider("resolvers", 20, 3, 60),
        "skew": slider("resolver size skew (Zipf α)", 1.0, 0.0, 2.0, 0.1),
    }, experiments.traffic, plots.traffic_view, title="DNS as a traffic director")
