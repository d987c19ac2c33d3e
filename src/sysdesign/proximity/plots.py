"""Figures for the proximity-service capstone, and one ``<name>_view`` per panel of
:mod:`sysdesign.proximity.widgets`. Every figure ends with its alt text."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.ticker import MaxNLocator, NullLocator

from ..core import style
from ..geo.plots import visible_ticks
from . import design

P = style.PALETTE


def _axes(ax, figsize, *, left, right, bottom, top):
    """``(fig, ax)`` like :func:`style.new_axes`, with fixed margins (inches) on a new figure.

    Constrained layout draws a figure twice, once to measure its labels; these figures'
    labels are known in advance, so margins that leave room for them (the ones constrained
    layout chose) give the same picture in one drawing pass. A given ``ax`` belongs to
    someone else's figure and is left as it is.
    """
    if ax is not None:
        return ax.figure, ax
    fig, ax = style.figure(figsize=figsize)
    width, height = fig.get_size_inches()
    fig.set_layout_engine(None)
    fig.subplots_adjust(left=left / width, right=1 - right / width, bottom=bottom / height,
                        top=1 - top / height)
    return fig, ax


def world(businesses: pd.DataFrame, day: design.Searches, *, ax=None):
    """Where the sampled businesses are, and where the day's searches land."""
    own = ax is None
    fig, ax = _axes(ax, style.WIDE, left=0.613, right=0.042, bottom=0.444, top=0.25)
    ax.scatter(businesses["lon"], businesses["lat"], s=1, color=P["blue"], alpha=0.3,
               label=f"{len(businesses):,} businesses (by population)", rasterized=True)
    counts = pd.Series(day.city).value_counts()
    table = design.cities_by_population()
    top = table.loc[counts.index[:200]]
    ax.scatter(top["lon"], top["lat"], s=4 + 400 * counts.to_numpy()[:200] / counts.max(),
               facecolor="none", edgecolor=P["vermillion"], linewidth=0.8,
               label="searches near the 200 most searched cities (area ∝ searches)")
    ax.set_xlim(-180, 180)
    ax.set_ylim(-60, 75)
    ax.set_xticks(range(-120, 121, 60))  # few ticks: each costs more than a text
    ax.set_yticks(range(-60, 61, 30))
    style.label(ax, "A sampled day: businesses follow people, searches pile onto big cities",
                "longitude (°)", "latitude (°)")
    ax.legend(loc="lower left", fontsize=8)
    if own:
        visible_ticks(fig)
    share = counts.iloc[:10].sum() / len(day)
    return style.describe(fig, f"World map: businesses scattered near cities in proportion "
                               f"to population; red circles mark where searches land. The "
                               f"10 most searched cities take {share:.0%} of the day's "
                               f"searches.")


def cache_curve(frame: pd.DataFrame, *, ax=None):
    """Hit ratio of the cell cache by size: measured LRU, Che's prediction, the ceiling."""
    own = ax is None
    fig, ax = _axes(ax, style.FIGSIZE, left=0.715, right=0.042, bottom=0.444, top=0.25)
    x = frame.index.to_numpy()
    ax.plot(x, frame["Che (06)"], "--", color=P["blue"], label="Che's approximation (06)")
    ax.plot(x, frame["measured"], "o-", color=P["orange"], label="measured LRU, cell lookups")
    ax.axhline(frame.attrs["ceiling"], color=style.NEUTRAL, linestyle=":",
               label="ceiling: share of lookups that are repeats")
    style.log_axis(ax)
    ax.xaxis.set_minor_locator(NullLocator())  # no minor ticks: dozens of them cost a lot
    style.percent_axis(ax)
    ax.set_ylim(0, 1)
    style.label(ax, "Caching hot areas: hit ratio by cache size", "cells cached",
                "cell lookups served by the cache")
    ax.legend(loc="lower right", fontsize=8)
    if own:
        visible_ticks(fig)
    return style.describe(fig, "Hit ratio of an LRU cache of geohash cells against its size: "
                               "measured on the sampled day and predicted by Che's formula; "
                               "the two agree for small caches, and the measured curve "
                               "bends under the ceiling set by first-time lookups.")


def day_view(day: design.Day, **values):
    """The design panel: replica load per hour, and the latency percentiles against the SLO."""
    fig, (left, right) = style.figure(1, 2, figsize=style.WIDE)
    fig.set_layout_engine(None)  # fixed margins: one drawing pass, not two
    fig.subplots_adjust(left=0.08, right=0.98, top=0.9, bottom=0.14, wspace=0.28)
    hours = np.arange(24) + 0.5
    left.step(hours, day.replica_utilization, where="mid", color=P["blue"],
              label="each replica")
    left.axhline(design.TARGET_UTILIZATION, color=P["green"], linestyle="--",
                 label="70 % target")
    left.axhline(1.0, color=P["vermillion"], linestyle=":", label="saturated")
    left.set_xlim(0, 24)
    left.set_ylim(0, max(1.2, float(day.replica_utilization.max()) * 1.1))
    # About five ticks on each y axis (0, 25, 50, 75, 100 %; 0 to 100 ms by 25 at the
    # defaults): ticks are most of what a redraw of this panel costs.
    left.yaxis.set_major_locator(MaxNLocator(nbins=5, steps=[1, 2.5, 5, 10]))
    style.percent_axis(left)
    style.label(left, "Replica load over the day", "hour of day", "utilisation (λ / μ)")
    left.legend(fontsize=8, loc="upper left")
    qs = [50, 90, 99, 99.9]
    got = [day.percentile(q) for q in qs]
    names = [f"p{q:g}" for q in qs]
    far = day.remote is not None and bool(day.remote.any())
    if far:  # users of a far region served from here: each region's p99 on its own
        got += [day.percentile(99, "home"), day.percentile(99, "new")]
        names += ["p99\nhome", "p99\nnew"]  # two lines: six labels fit under six bars
    colours = [P["green"] if v <= day.slo_ms else P["vermillion"] for v in got]
    right.bar(names, got, color=colours)
    right.grid(False, axis="x")  # bars are categories: no vertical grid lines to read off
    right.axhline(day.slo_ms, color=P["black"], linestyle="--", label=f"SLO {day.slo_ms:g} ms")
    right.set_ylim(0, max(got + [day.slo_ms]) * 1.15)
    right.yaxis.set_major_locator(MaxNLocator(nbins=5, steps=[1, 2.5, 5, 10]))
    verdict = "meets" if day.meets_slo else "misses"
    style.label(right, f"Latency: the design {verdict} its p99 SLO", "percentile",
                "search latency (ms)")
    right.legend(fontsize=8, loc="upper left")
    visible_ticks(fig)
    return style.describe(fig, f"Left: each replica's utilisation hour by hour, peaking "
                               f"at {day.replica_utilization.max():.0%}. Right: p50 to p99.9 "
                               f"search latency against the {day.slo_ms:g} ms SLO; p99 is "
                               f"{got[2]:.1f} ms and {day.timed_out} sampled "
                               f"searches timed out."
                               + (f" With a far region served from here, p99 is "
                                  f"{got[4]:.1f} ms at home and "
                                  f"{got[5]:.1f} ms in the new region."
                                  if far else ""))


def update_view(result: dict, **values):
    """The update panel: share of hot-cell searches showing the old data, over time."""
    fig, ax = style.new_axes(None)
    fig.set_layout_engine(None)
    fig.subplots_adjust(left=0.12, right=0.97, top=0.9, bottom=0.14)
    ax.plot(result["times"], result["stale"], color=P["blue"], label="stale share")
    ax.axvline(result["ttl"], color=style.NEUTRAL, linestyle=":", label="one TTL")
    ax.plot([result["t"]], [result["now"]], "o", color=P["vermillion"],
            label=f"t = {result['t']:g} s: {result['now']:.0%} stale")
    ax.set_ylim(-0.02, 1.02)
    style.percent_axis(ax)
    style.label(ax, "After a business update: old data fades out with the cache TTL",
                "seconds after the update reached the primary", "hot-cell searches stale")
    ax.legend(fontsize=8)
    visible_ticks(fig)
    return style.describe(fig, f"Share of searches of a hot cell that still show a business's "
                               f"old data after an update: it falls from 100 % to under 1 % "
                               f"after {result['fresh_after']:.1f} s, with a cache TTL of "
                               f"{result['ttl']:g} s and replicas {result['lag_ms']:,.0f} ms "
                               f"behind.")
