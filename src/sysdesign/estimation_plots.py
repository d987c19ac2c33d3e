"""Figures for the estimation notebook; each takes model output and returns a Figure."""

from __future__ import annotations

import numpy as np
import pandas as pd

from sysdesign import style
from sysdesign.estimation import (
    MONTH_DAYS,
    downtime,
    format_duration,
    latency_table,
)


@style.styled()
def latency_chart(table: pd.DataFrame | None = None, *, human: bool = False,
                  reference: str = "L1 cache reference", reference_takes: float = 1.0,
                  ax=None):
    """Horizontal bars of each latency on a log axis, optionally on the human scale.

    On the human scale, ``reference`` and ``reference_takes`` name the rescaling
    that made ``table`` (see ``estimation.latency_table``), for the title.
    """
    table = latency_table() if table is None else table
    fig, ax = style.new_axes(ax, figsize=(8, 5))
    column = "human seconds" if human else "seconds"
    labels = table["on the human scale" if human else "latency"]
    y = np.arange(len(table))[::-1]
    ax.barh(y, table[column], color=style.PALETTE["blue"])
    ax.set_xscale("log")
    ax.set_yticks(y, table["operation"])
    for yi, value, text in zip(y, table[column], labels, strict=True):
        ax.text(value * 1.3, yi, text, va="center", fontsize=8)
    ax.set_xlim(table[column].min() / 3, table[column].max() * 40)
    ax.grid(axis="y", visible=False)
    unit = "human time (s, log scale)" if human else "latency (s, log scale)"
    title = (f"If a {reference[0].lower() + reference[1:]} took "
             f"{format_duration(reference_takes)}..." if human
             else "Latency numbers every programmer should know")
    style.label(ax, title, unit, "")
    return fig


@style.styled()
def downtime_chart(availability: float, *, month_days: float = MONTH_DAYS, ax=None):
    """Allowed downtime per year, month, week and day at one availability."""
    fig, ax = style.new_axes(ax)
    periods = ["year", "month", "week", "day"]
    seconds = [downtime(availability, p, month_days=month_days).total_seconds()
               for p in periods]
    bars = ax.bar(periods, seconds, color=style.PALETTE["orange"])
    ax.set_yscale("log")
    for bar, value in zip(bars, seconds, strict=True):
        ax.annotate(format_duration(value), (bar.get_x() + bar.get_width() / 2, value),
                    ha="center", va="bottom", fontsize=9)
    ax.set_ylim(min(seconds) / 5, max(seconds) * 5)
    style.label(ax, f"Downtime allowed at {availability:.6g} availability "
                    f"(month = {month_days:.4g} days)",
                "period", "downtime (s, log scale)")
    return fig


@style.styled()
def availability_check_chart(rows: pd.DataFrame, *, ax=None):
    """Formula vs Monte Carlo estimate for each arrangement, as paired bars of unavailability."""
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


@style.styled()
def zipf_share_chart(curve: pd.DataFrame, n_keys: int, top: float = 0.2, *,
                     marker: tuple[float, float] | None = None, ax=None):
    """Share of requests taken by the hottest ``top`` of keys, as Zipf skew grows.

    ``curve`` comes from ``estimation.zipf_share_curve``; ``marker`` is one
    (alpha, share) point to highlight.
    """
    fig, ax = style.new_axes(ax)
    ax.plot(curve["alpha"], curve["share"], color=style.PALETTE["blue"], lw=2)
    ax.axhline(0.8, color=style.NEUTRAL, ls="--", lw=1)
    ax.text(0.02, 0.81, "80 %", color=style.NEUTRAL, fontsize=8)
    if marker is not None:
        alpha, share = marker
        ax.plot([alpha], [share], "o", color=style.BAD)
        ax.annotate(f"α = {alpha:.2g}: {share:.0%}", (alpha, share),
                    textcoords="offset points", xytext=(8, -14), color=style.BAD)
    ax.set_ylim(0, 1.02)
    style.percent_axis(ax)
    style.label(ax, f"Requests to the hottest {top:.0%} of {n_keys:,} keys",
                "Zipf skew α (0 = uniform)", "share of requests")
    return fig
