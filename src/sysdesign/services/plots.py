"""Figures for notebook 23: stale registry entries, the gateway's stages.

A panel redraws its figure at every move of a slider, so these figures are built from
few artists: each figure's bars are one ``PolyCollection`` (not one patch per bar), and
each axis has a handful of ticks (a tick, with its label, costs as much to draw as a
whole line of data).
"""

from __future__ import annotations

import numpy as np
from matplotlib.collections import PolyCollection
from matplotlib.patches import Patch

from ..core import style

ALIVE, LISTED, CACHED = "#009E73", "#D55E00", "#E69F00"


def _hbars(ax, rows, segments, height: float) -> None:
    """Horizontal bars as one collection: ``segments`` is ``[(lefts, widths, color)]``,
    one entry per series, each with one left and width per row; later series on top."""
    verts, colors = [], []
    half = height / 2
    for lefts, widths, color in segments:
        for y, x, dx in zip(rows, lefts, widths, strict=True):
            verts.append(((x, y - half), (x + dx, y - half), (x + dx, y + half),
                          (x, y + half)))
            colors.append(color)
    ax.add_collection(PolyCollection(verts, facecolors=colors, linewidths=0),
                      autolim=False)


def _key(ax, entries, **kwargs) -> None:
    """A legend of colour swatches: ``entries`` is ``[(color, label)]``."""
    ax.legend(handles=[Patch(color=c, label=text) for c, text in entries], **kwargs)


def discovery_view(result, at_s=None, **_):
    """Each dying instance: alive, dead but listed, dead but in clients' caches;
    requests sent to dead instances so far, per mode."""
    at = result["at"] if at_s is None else at_s
    fig, (ax, bx) = style.figure(1, 2, figsize=(8, 2.8), width_ratios=[3, 1])
    horizon = result["horizon"]
    names = sorted(result["dying"])
    rows = range(len(names))
    death = [result["death"][n] for n in names]
    listed = [result["listed_until"][n] - result["death"][n] for n in names]
    cached = [result["cached_until"][n] - result["death"][n] for n in names]
    zeros = [0.0] * len(names)
    _hbars(ax, rows, [(zeros, death, ALIVE), (death, cached, CACHED),
                      (death, listed, LISTED)], height=0.6)
    ax.axvline(at, color="black", lw=0.8)
    ax.set_yticks(rows, names)
    ax.grid(False, axis="y")
    ax.set_xlim(0, horizon)
    style.round_ticks(ax.xaxis, 0, horizon)
    ax.set_ylim(-0.5, len(names) + 0.6)  # room for the key above the bars
    # One line of text instead of a legend: a legend costs several times as much to draw.
    ax.text(0.01, 0.97, "green: alive; red: dead, still in registry; orange: dead, still in "
            "client caches", transform=ax.transAxes, va="top", fontsize=7)
    style.label(ax, "instances that die silently", "time (s)", "instance")
    so_far = result["dead_so_far"]
    modes = list(so_far)
    counts = [so_far[m] for m in modes]
    bx.bar([0, 1], counts, color=[LISTED, CACHED])
    bx.set_xticks([0, 1], ["server", "client"])
    bx.grid(False, axis="x")
    for i, count in enumerate(counts):  # each bar's count on top of it: no y ticks needed
        bx.text(i, count, str(count), ha="center", va="bottom", fontsize=8)
    bx.set_ylim(0, 1.25 * max(1, *result["dead"].values()))
    bx.set_yticks([])
    style.label(bx, "sent to dead", f"discovery (by t = {at} s)", "requests")
    return style.describe(fig, f"{len(names)} of {len(result['names'])} instances die "
                          "silently. Each stays in the registry until its last heartbeat plus "
                          "the TTL, and in client-side caches until the next refresh after "
                          f"that. Requests sent to dead instances by t = {at} s: "
                          f"{so_far[modes[0]]} with {modes[0]} and {so_far[modes[1]]} with "
                          f"{modes[1]} discovery.")


def gateway_view(result, **_):
    """Requests entering each stage (rejected and answered there stacked), and latency."""
    table = result["table"]
    fig, (ax, bx) = style.figure(1, 2, figsize=(8, 2.6))
    stages = list(table.index)
    rows = range(len(stages))
    entered, rejected, answered = (table[c].to_numpy() for c in
                                   ("entered", "rejected", "answered"))
    passed = entered - rejected - answered
    _hbars(ax, rows, [(np.zeros(len(rows)), passed, "#0072B2"),
                      (passed, rejected, "#D55E00"),
                      (passed + rejected, answered, "#009E73")], height=0.8)
    right = 1.05 * max(1, entered.max())
    ax.set_xlim(0, right)
    style.round_ticks(ax.xaxis, 0, right)
    _key(ax, [("#0072B2", "passed on"), ("#D55E00", "rejected"),
              ("#009E73", "answered here")], loc="lower right", fontsize=7)
    style.label(ax, "requests at each stage", "requests", "")
    mean, p99 = table["mean ms"].to_numpy(), table["p99 ms"].to_numpy()
    _hbars(bx, rows, [(np.zeros(len(rows)), mean, "#0072B2"),
                      (mean, p99 - mean, "#56B4E9")], height=0.8)
    right = 1.05 * max(1, p99.max())
    bx.set_xlim(0, right)
    style.round_ticks(bx.xaxis, 0, right)
    bx.set_yticks([])
    style.label(bx, "latency there: mean (dark), p99 (light)", "ms", "")
    for axes in (ax, bx):
        axes.set_ylim(len(stages) - 0.5, -0.5)  # first stage on top
    ax.set_yticks(rows, stages)
    ax.grid(False, axis="y")
    return style.describe(fig, "Funnel of the gateway: how many requests enter each stage "
                          "(auth, rate limit, route, cache, aggregate), how many each rejects "
                          f"or answers ({int(table['rejected'].sum())} rejected, "
                          f"{int(table.loc['cache', 'answered'])} answered by the cache), and "
                          "the mean and p99 latency each adds: the aggregate stage, the only "
                          "one that calls backends, adds nearly all of it.")
