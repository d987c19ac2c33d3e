"""Figures for the estimation notebook: latencies and the 80/20 curve.

Each chart takes model output, an optional ``ax=``, and returns a Figure; the
``*_view`` functions draw the panels of ``widgets.py``. (The downtime and
availability figures are in :mod:`sysdesign.availability.plots`.)
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sysdesign.core import style
from sysdesign.core.units import format_duration

from .capacity import Estimate
from .latency import latency_table


@style.styled()
def latency_chart(table: pd.DataFrame | None = None, *, human: bool = False,
                  reference: str = "L1 cache reference", reference_takes: float = 1.0,
                  ax=None):
    """Horizontal bars of each latency on a log axis, optionally on the human scale.

    On the human scale, ``reference`` and ``reference_takes`` name the rescaling
    that made ``table`` (see ``latency.latency_table``), for the title.
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
def zipf_share_chart(curve: pd.DataFrame, n_keys: int, top: float = 0.2, *,
                     marker: tuple[float, float] | None = None, ax=None):
    """Share of requests taken by the hottest ``top`` of keys, as Zipf skew grows.

    ``curve`` comes from ``skew.zipf_share_curve``; ``marker`` is one
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


def human_scale_view(result: pd.DataFrame, *, reference: str, reference_takes: float):
    """The human-scale panel's figure."""
    return latency_chart(result, human=True, reference=reference,
                         reference_takes=reference_takes)


def estimator_view(result: Estimate, **_assumptions) -> pd.DataFrame:
    """The estimator panel's table."""
    return result.table()


def zipf_view(result: tuple[pd.DataFrame, float], *, alpha: float, n_keys: int, top: float):
    """The Zipf panel's figure: the curve, with the chosen skew marked on it."""
    curve, share = result
    return zipf_share_chart(curve, n_keys, top, marker=(alpha, share))
