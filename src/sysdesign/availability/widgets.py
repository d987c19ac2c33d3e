"""Panels for availability: wiring only (controls -> experiments -> plots)."""

from __future__ import annotations

from sysdesign.core.panel import Panel, choice, log_slider, slider, timeline, toggle

from . import experiments, plots
from .budget import YEAR_DAYS

YEARS = {"365.25 days": YEAR_DAYS, "365 days": 365.0}
MONTHS = {"a twelfth of the year": "twelfth", "30 days": "30"}


def downtime_panel() -> Panel:
    """Downtime allowed per period for a number of nines, with the year's and the month's
    lengths shown as controls."""
    controls = {
        "nines": slider("nines", 3.0, 1.0, 6.0, 0.1),
        "year_days": toggle("year", YEARS, YEAR_DAYS),
        "month": choice("month", MONTHS, "twelfth"),
    }
    return Panel(controls, experiments.downtime, plots.downtime_view,
                 title="Nines to downtime")


def availability_panel() -> Panel:
    """n identical parts in series, parallel and majority: formula vs simulation."""
    controls = {
        "availability": slider("each part", 0.99, 0.9, 0.9999, 0.0001, readout_format=".4f"),
        "n": slider("parts n", 3, 1, 7),
        "trials": slider("Monte Carlo trials", 20_000, 1_000, 200_000, 1_000),
    }
    return Panel(controls, experiments.availability, plots.availability_view,
                 title="Series, parallel and k-of-n")


def composition_panel() -> Panel:
    """k of n parts with MTBF and MTTR, independent or sharing zones: closed form vs
    simulation."""
    controls = {
        "mtbf_hours": log_slider("part MTBF (h)", 1_000.0, 10.0, 100_000.0),
        "mttr_hours": log_slider("part MTTR (h)", 4.0, 0.1, 1_000.0),
        "n": slider("parts n", 3, 1, 7),
        "k": slider("must be up k", 2, 1, 7),
        "zone_mtbf_hours": log_slider("zone MTBF (h)", 20_000.0, 100.0, 1_000_000.0),
    }
    return Panel(controls, experiments.composition, plots.composition_view,
                 title="Composite availability with MTBF and MTTR")


def failover_panel() -> Panel:
    """Active-passive and active-active failover, scrubbed through time."""
    controls = {
        "t": timeline("time (s)", 41, 12),
        "mode": toggle("mode", ["active-passive", "active-active"], "active-passive"),
        "heartbeat": slider("heartbeat every (s)", 1.0, 0.5, 5.0, 0.5),
        "misses": slider("missed beats to fail over", 3, 1, 6),
        "promotion": slider("promotion (s)", 5.0, 0.0, 15.0, 1.0),
        "lag": slider("replication lag (s)", 0.5, 0.0, 5.0, 0.1),
    }
    return Panel(controls, experiments.failover, plots.failover_view,
                 title="Failover timeline")
