"""Figures for availability: downtime per period, and formula vs simulation.

Each function takes model output (or a value to draw), an optional ``ax=``, and returns
a Figure; the ``*_view`` functions draw the panels of ``widgets.py``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sysdesign.core import style
from sysdesign.core.units import format_duration

from .budget import MONTH_DAYS, downtime_per_period
from .budget import nines as with_nines


@style.styled()
def downtime_chart(availability: float, *, month_days: float = MONTH_DAYS, ax=None):
    """Allowed downtime per year, month, week and day at one availability."""
    seconds = downtime_per_period(availability, month_days=month_days)
    return downtime_bars(seconds, availability, month_days=month_days, ax=ax)


@style.styled()
def downtime_bars(seconds: pd.Series, availability: float, *,
                  month_days: float = MONTH_DAYS, ax=None):
    """Bars of allowed downtime by period on a log axis (``seconds`` from
    ``budget.downtime_per_period``); ``availability`` and ``month_days`` title it."""
    fig, ax = style.new_axes(ax)
    bars = ax.bar(list(seconds.index), list(seconds), color=style.PALETTE["orange"])
    ax.set_yscale("log")
    for bar, value in zip(bars, seconds, strict=True):
        ax.annotate(format_duration(value), (bar.get_x() + bar.get_width() / 2, value),
                    ha="center", va="bottom", fontsize=9)
    ax.set_ylim(seconds.min() / 5, seconds.max() * 5)
    style.label(ax, f"Downtime allowed at {availability:.6g} availability "
                    f"(month = {month_days:.4g} days)",
                "period", "downtime (s, log scale)")
    return fig


@style.styled()
def availability_check_chart(rows: pd.DataFrame, *, ax=None):
    """Formula vs Monte Carlo estimate for each arrangement, as paired bars of unavailability.

    ``rows`` comes from ``experiments.arrangement_availability``.
    """
    fig, ax = style.new_axes(ax)
    x = np.arange(len(rows))
    ax.bar(x - 0.2, 1 - rows["formula"], width=0.4, label="formula",
           color=style.PALETTE["blue"])
    ax.bar(x + 0.2, 1 - rows["simulated"], width=0.4, label="Monte Carlo",
           color=style.PALETTE["orange"])
    ax.set_xticks(x, rows.index)
    ax.set_yscale("log")
    floor = ax.get_ylim()[0]
    for xi, (simulated, trials) in enumerate(zip(rows["simulated"], rows["trials"],
                                                 strict=True)):
        if simulated == 1.0:  # nothing to draw on a log axis: say so instead
            ax.text(xi + 0.2, floor * 1.5, f"no failure\nin {trials:,}\ntrials",
                    ha="center", va="bottom", fontsize=7, color=style.PALETTE["orange"])
    ax.legend()
    style.label(ax, "Unavailability: formula vs simulation", "arrangement",
                "fraction of time down (log scale)")
    return fig


def downtime_view(result: pd.Series, *, nines: float, month_days: float):
    """The downtime panel's figure."""
    return downtime_bars(result, with_nines(nines), month_days=month_days)


def availability_view(result: pd.DataFrame, **_values):
    """The availability panel's figure."""
    return availability_check_chart(result)
