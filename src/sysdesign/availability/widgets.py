"""Panels for availability: wiring only (controls -> experiments -> plots)."""

from __future__ import annotations

from sysdesign.core.panel import Panel, choice, slider, toggle

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
