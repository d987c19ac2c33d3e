"""Figures for the estimation notebook: latencies, the 80/20 curve, and a design decision.

Latencies span eight orders of magnitude, so they are dots on a log axis, never bars (a
bar's length on a log axis depends on where the axis starts). Each chart takes model
output, an optional ``ax=``, and returns a Figure with its alt text; the ``*_view``
functions draw the panels of ``widgets.py``. (The downtime and availability figures are in
:mod:`sysdesign.availability.plots`.)
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sysdesign.availability.plots import HUMAN_TICKS, SI_TICKS, time_axis
from sysdesign.core import style
from sysdesign.core.units import format_duration, percent

from .capacity import Estimate
from .decisions import SEEK_S
from .latency import latency_table
from .skew import BRESLAU_ALPHAS

SOURCE_COLORS = {"Dean 2009": style.PALETTE["blue"], "Dean 2007": style.PALETTE["vermillion"],
                 "Bonér 2012": style.PALETTE["orange"]}
SOURCE_LABELS = {"Dean 2009": "Dean 2009 (LADIS keynote)", "Dean 2007": "Dean 2007 (Stanford "
                 "lecture)", "Bonér 2012": "Bonér 2012 (gist)"}


@style.styled()
def latency_chart(table: pd.DataFrame | None = None, *, human: bool = False,
                  reference: str = "L1 cache reference", reference_takes: float = 1.0,
                  ax=None):
    """A dot per latency on a log time axis, coloured by source; optionally on the human
    scale, where ``reference`` and ``reference_takes`` name the rescaling that made
    ``table`` (see ``latency.latency_table``)."""
    table = latency_table() if table is None else table
    fig, ax = style.new_axes(ax, figsize=(9, 5))
    column = "human seconds" if human else "seconds"
    texts = table["on the human scale" if human else "latency"]
    values = table[column].to_numpy()
    y = np.arange(len(table))[::-1]
    for source, color in SOURCE_COLORS.items():
        mine = (table["source"] == source).to_numpy()
        ax.plot(values[mine], y[mine], "o", ms=7, color=color, label=SOURCE_LABELS[source])
    ax.set_yticks(y, [f"{name}: {text}" for name, text in zip(table["operation"], texts,
                                                               strict=True)])
    ax.set_ylim(-0.7, len(table) - 0.3)
    ax.grid(axis="y", alpha=0.15)
    lo, hi = values.min() / 3, values.max() * 3
    time_axis(ax, lo, hi, HUMAN_TICKS if human else SI_TICKS)
    ax.legend(loc="upper right", fontsize=8)
    if human:
        title = (f"If a {_lower_first(reference)} took "
                 f"{format_duration(reference_takes)}...")
        unit = "human time (log scale)"
    else:
        title, unit = "Latency numbers every programmer should know", "latency (log scale)"
    style.label(ax, title, unit, "")
    first, last = table.iloc[0], table.iloc[-1]
    scale = "" if not human else (f" rescaled so that a {reference} takes "
                                  f"{format_duration(reference_takes)}")
    span = np.log10(values.max() / values.min())
    return style.describe(fig, f"Dot plot of {len(table)} latencies on a log axis{scale}, "
                               f"from {first['operation']} ({texts.iloc[0]}) to "
                               f"{last['operation']} ({texts.iloc[-1]}), coloured by source "
                               f"({', '.join(dict.fromkeys(table['source']))}). The slowest "
                               f"is 10^{span:.1f} times the fastest.")


@style.styled()
def zipf_share_chart(curves: dict[int, pd.DataFrame], top: float = 0.2, *,
                     marker: tuple[float, float] | None = None, ax=None):
    """Share of requests taken by the hottest ``top`` of keys, as Zipf skew grows.

    ``curves`` maps a number of keys to its curve from ``skew.zipf_share_curve``; the
    first is drawn strongest. The band marks the skews Breslau et al. (1999) measured on
    web proxy traces; ``marker`` is one (alpha, share) point to highlight.
    """
    fig, ax = style.new_axes(ax)
    lo_alpha, hi_alpha = BRESLAU_ALPHAS
    ax.axvspan(lo_alpha, hi_alpha, color=style.PALETTE["sky"], alpha=0.2, lw=0)
    ax.text((lo_alpha + hi_alpha) / 2, 0.04, "web proxies\n(Breslau 1999)", ha="center",
            fontsize=8, color=style.PALETTE["blue"])
    ax.axhline(0.8, color=style.NEUTRAL, ls="--", lw=1)
    ax.text(1.98, 0.81, "80 %", color=style.NEUTRAL, fontsize=8, ha="right")
    colors = [style.PALETTE["blue"], style.PALETTE["green"], style.PALETTE["purple"]]
    described = []
    for index, (n_keys, curve) in enumerate(curves.items()):
        ax.plot(curve["alpha"], curve["share"], color=colors[index % len(colors)],
                lw=2.5 if index == 0 else 1.5, label=f"{n_keys:,} keys")
        at = np.interp(BRESLAU_ALPHAS, curve["alpha"], curve["share"])
        described.append(f"{n_keys:,} keys: {percent(at[0])} to {percent(at[1])}")
    if len(curves) > 1:
        ax.legend(loc="upper left")
    if marker is not None:
        alpha, share = marker
        ax.plot([alpha], [share], "o", color=style.BAD)
        ax.annotate(f"α = {alpha:.2g}: {percent(share)}", (alpha, share),
                    textcoords="offset points", xytext=(10, -20), color=style.BAD)
    ax.set_xlim(0, 2)
    ax.set_xticks([0, 0.5, 1, 1.5, 2])
    ax.set_ylim(0, 1.02)
    style.percent_axis(ax)
    style.label(ax, f"Requests to the hottest {percent(top)} of keys under Zipf(α)",
                "Zipf skew α (0 = uniform)", "share of requests")
    below = all(np.interp(hi_alpha, c["alpha"], c["share"]) < 0.8 for c in curves.values())
    return style.describe(fig, f"Share of requests to the hottest {percent(top)} of keys against "
                               f"the Zipf skew α, from {percent(top)} at α = 0 towards 100 %. "
                               f"In the band α = {lo_alpha}-{hi_alpha} measured on web "
                               f"proxies the share is {'; '.join(described)}"
                               + (": below 80 % for every catalogue drawn." if below else "."))


@style.styled()
def redirect_chart(curve: pd.DataFrame, *, alpha: float | None = None,
                   target_utilization: float = 0.7, ax=None):
    """Disks needed for peak redirects without and with a cache, as the skew α varies.

    ``curve`` comes from ``experiments.redirect_curve``; ``alpha`` marks the assumed skew,
    ``target_utilization`` the share of each disk's seeks that were planned.
    """
    fig, ax = style.new_axes(ax)
    lo_alpha, hi_alpha = BRESLAU_ALPHAS
    ax.axvspan(lo_alpha, hi_alpha, color=style.PALETTE["sky"], alpha=0.2, lw=0)
    a = curve["alpha"]
    ax.step(a, curve["disks A"], where="mid", color=style.BAD, lw=2)
    ax.step(a, curve["disks B"], where="mid", color=style.GOOD, lw=2)
    top = curve["disks A"].max()
    ax.text(a.iloc[0], top * 1.03, "A: every redirect reads the disk", color=style.BAD,
            fontsize=9, va="bottom")
    mid = len(curve) // 2
    ax.text(a.iloc[mid], curve["disks B"].iloc[mid] + top * 0.04,
            "B: hot links cached in memory", color=style.GOOD, fontsize=9, va="bottom")
    if alpha is not None:
        ax.axvline(alpha, color=style.NEUTRAL, ls=":", lw=1)
    ax.set_ylim(0, top * 1.15)
    style.label(ax, "Disks for peak redirects, without and with a cache",
                "Zipf skew α of link popularity (band: web proxies, Breslau 1999)",
                f"disks (each at {percent(target_utilization)} of {1 / SEEK_S:,.0f} seeks/s)")
    at = curve.set_index("alpha")
    pick = [x for x in (a.iloc[0], lo_alpha, 1.0, a.iloc[-1]) if x in at.index]
    text = "; ".join(f"α = {x:g}: A {at.loc[x, 'disks A']}, B {at.loc[x, 'disks B']}"
                     for x in pick)
    band = curve[(a >= lo_alpha) & (a <= hi_alpha)]
    saved = 1 - band["disks B"] / band["disks A"]
    low, high = (percent(saved.min()), percent(saved.max())) if len(band) else ("", "")
    summary = (f" Inside the band the cache saves {low if low == high else f'{low} to {high}'}"
               " of the disks." if len(band) else "")
    return style.describe(fig, "Step chart of the disks a URL shortener needs for its peak "
                               f"redirects against the popularity skew α ({text}).{summary}")


def human_scale_view(result: pd.DataFrame, *, reference: str, reference_takes: float):
    """The human-scale panel's view: a table (the browser draws it, so it is instant) of
    each operation, its real latency and how long it would feel."""
    table = result[["operation", "latency", "on the human scale"]].set_index("operation")
    return table.rename(columns={"on the human scale": f"if a {_lower_first(reference)} took "
                                                       f"{format_duration(reference_takes)}"})


def _lower_first(name: str) -> str:
    """'Disk seek' -> 'disk seek', but 'L1 cache reference' keeps its capital."""
    return name if name[1:2].isupper() or name[1:2].isdigit() else name[:1].lower() + name[1:]


def estimator_view(result: Estimate, **_assumptions) -> pd.DataFrame:
    """The estimator panel's table."""
    return result.table()


def zipf_view(result: tuple[pd.DataFrame, float], *, alpha: float, n_keys: int, top: float):
    """The Zipf panel's figure: the curve, with the chosen skew marked on it."""
    curve, share = result
    return zipf_share_chart({n_keys: curve}, top, marker=(alpha, share))

