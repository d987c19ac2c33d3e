"""Figures for availability: formula vs simulation, and a readable log time axis.

Quantities that span orders of magnitude are drawn as dots on a log axis, never as bars: a
bar's length on a log axis depends on where the axis happens to start, so it means nothing.
Each function takes model output (or a value to draw), an optional ``ax=``, and returns a
Figure with its alt text; the ``*_view`` functions draw the panels of ``widgets.py``.
"""

from __future__ import annotations

import math

import matplotlib.ticker as mticker
import numpy as np
import pandas as pd

from sysdesign.core import style
from sysdesign.core.units import percent

from .budget import YEAR_DAYS

_YEAR_S = YEAR_DAYS * 86_400
# Readable grid lines for durations: SI steps below a second, human units above.
SI_TICKS = [(1e-9, "1 ns"), (1e-6, "1 µs"), (1e-3, "1 ms"), (1.0, "1 s")]
HUMAN_TICKS = [(1e-3, "1 ms"), (1.0, "1 s"), (60.0, "1 minute"), (3_600.0, "1 hour"),
               (86_400.0, "1 day"), (_YEAR_S, "1 year"), (100 * _YEAR_S, "100 years"),
               (1e4 * _YEAR_S, "10,000 years"), (1e6 * _YEAR_S, "1 million years")]


def time_axis(ax, lo: float, hi: float, ticks=HUMAN_TICKS, axis: str = "x") -> list[float]:
    """A log axis of durations from ``lo`` to ``hi`` seconds, labelled at ``ticks``.

    Labelled grid lines sit at the named durations; faint unlabelled lines mark every
    factor of ten. Labels are plain text (no mathtext), and the faint lines are one
    collection rather than minor ticks, so the axis draws fast. Returns the labelled tick
    positions.
    """
    (ax.set_xscale if axis == "x" else ax.set_yscale)("log")
    (ax.set_xlim if axis == "x" else ax.set_ylim)(lo, hi)
    shown = [(value, text) for value, text in ticks if lo <= value <= hi]
    target = ax.xaxis if axis == "x" else ax.yaxis
    target.set_major_locator(mticker.FixedLocator([v for v, _ in shown]))
    target.set_major_formatter(mticker.FixedFormatter([t for _, t in shown]))
    target.set_minor_locator(mticker.NullLocator())
    decades = [10.0 ** e for e in range(math.ceil(math.log10(lo)), math.floor(math.log10(hi)) + 1)]
    lines = ax.vlines if axis == "x" else ax.hlines
    transform = ax.get_xaxis_transform() if axis == "x" else ax.get_yaxis_transform()
    lines(decades, 0, 1, transform=transform, colors="#000000", linewidths=0.6, alpha=0.1,
          zorder=0)
    ax.grid(axis=axis, which="major", alpha=0.45)
    return [v for v, _ in shown]


def _percent_ticks(lo: float, hi: float) -> list[tuple[float, str]]:
    """Decades between lo and hi labelled as percentages: 1 %, 0.1 %, 0.01 %... When there
    are more than five, every other one is left unlabelled (long labels cost drawing time
    and crowd the axis)."""
    exponents = range(math.floor(math.log10(lo)), math.ceil(math.log10(hi)) + 1)
    sparse = len(exponents) > 5
    return [(10.0 ** e, "" if sparse and e % 2 else percent(10.0 ** e, max(0, -e - 2)))
            for e in exponents]


@style.styled()
def availability_check_chart(rows: pd.DataFrame, *, ax=None):
    """Formula vs Monte Carlo unavailability for each arrangement, as dots on a log axis.

    ``rows`` comes from ``experiments.arrangement_availability``. The simulated dot carries
    ± 2 standard errors; an arrangement that never failed in the simulation gets an upper
    bound instead (3 / trials, the "rule of three" for a 95 % bound after zero failures).
    """
    fig, ax = style.new_axes(ax, figsize=(7, 3.0))
    y = np.arange(len(rows))[::-1].astype(float)
    exact = 1 - rows["formula"].to_numpy()
    simulated = 1 - rows["simulated"].to_numpy()
    trials = rows["trials"].to_numpy()
    error = 2 * np.sqrt(np.maximum(exact * (1 - exact), 0) / trials)
    seen = simulated > 0
    ax.plot(exact, y + 0.12, "o", ms=9, mfc="none", mew=2, color=style.PALETTE["blue"],
            label="formula")
    ax.errorbar(simulated[seen], y[seen] - 0.12, xerr=error[seen], fmt="o", ms=6, capsize=3,
                color=style.PALETTE["orange"], label="Monte Carlo ± 2 SE")
    bound = 3 / trials[~seen]
    ax.plot(bound, y[~seen] - 0.12, "<", ms=8, color=style.PALETTE["orange"])
    for xi, yi, n in zip(bound, y[~seen], trials[~seen], strict=True):
        ax.annotate(f"no failure in {n:,} trials: below 3/{n:,}", (xi, yi - 0.12),
                    textcoords="offset points", xytext=(8, -3), fontsize=8,
                    color=style.PALETTE["orange"])
    values = np.concatenate([exact[exact > 0], simulated[seen], bound])
    lo, hi = values.min() / 5, min(1.0, values.max() * 5)
    ax.set_xscale("log")
    ax.set_xlim(lo, hi)
    ticks = _percent_ticks(lo, hi)
    ax.set_xticks([v for v, _ in ticks], [t for _, t in ticks])
    ax.xaxis.set_minor_locator(mticker.NullLocator())  # minor ticks cost time, add nothing
    ax.set_yticks(y, rows.index)
    ax.set_ylim(-0.6, len(rows) - 0.4)
    ax.grid(axis="y", visible=False)
    ax.legend(loc="lower right")
    style.label(ax, "Unavailability: formula vs simulation", "fraction of time down "
                "(log scale)", "")
    parts = "; ".join(f"{name}: formula {percent(e, 4)}, simulated "
                      + (percent(s, 4) if s > 0 else f"no failure in {n:,} trials")
                      for name, e, s, n in zip(rows.index, exact, simulated, trials,
                                               strict=True))
    off = [name for name, e, s, err in zip(rows.index, exact, simulated, error, strict=True)
           if s > 0 and abs(s - e) > err]
    verdict = (f"The simulation is more than two standard errors off for {', '.join(off)}."
               if off else "Where failures were seen, the simulation is within two standard "
                           "errors of the formula.")
    return style.describe(fig, "Dot plot of unavailability by arrangement, formula against "
                               f"Monte Carlo: {parts}. {verdict}")


def downtime_view(result: pd.DataFrame, **_values) -> pd.DataFrame:
    """The downtime panel's view: the table of each period's length and downtime (four
    numbers read better as a table, which the browser draws at once, than as a figure)."""
    return result


def availability_view(result: pd.DataFrame, **_values):
    """The availability panel's figure."""
    return availability_check_chart(result)
