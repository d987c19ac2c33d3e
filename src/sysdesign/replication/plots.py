"""Figures for the replication notebooks: cluster diagram, swimlanes, bars, curves, heatmap.

Every figure function ends with ``style.describe(...)``: an alt text computed from the data
drawn. The last section holds each panel's view: ``cap_view`` draws ``experiments.cap``'s
result for ``cap_panel``, and so on.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from matplotlib.collections import PolyCollection
from matplotlib.colors import ListedColormap
from matplotlib.patches import Circle, Rectangle
from matplotlib.ticker import FixedLocator, MaxNLocator

from sysdesign.core import style, units

from .cluster import Cluster
from .experiments import span
from .history import Operation
from .sessions import stale_reads

OK_COLOR, REFUSED_COLOR, STALE_COLOR = style.GOOD, style.BAD, style.PALETTE["orange"]
UNKNOWN_COLOR = style.PALETTE["purple"]
VALUE_COLORS = [style.PALETTE[c] for c in ("sky", "yellow", "purple", "blue", "orange")]


def _place(ax, left: float, bottom: float, right: float, top: float) -> None:
    """Put ``ax`` at fixed margins from the figure's edges, in inches, and switch the
    figure's layout engine off: one drawing pass instead of constrained layout's two.

    ``set_layout_engine(None)``, not ``"none"``: "none" leaves a placeholder engine, and
    ``savefig`` still makes its measuring pass for any engine that is not None."""
    fig = ax.figure
    fig.set_layout_engine(None)
    width, height = fig.get_size_inches()
    ax.set_position([left / width, bottom / height, 1 - (left + right) / width,
                     1 - (bottom + top) / height])


def _short(value, width: int = 8) -> str:
    text = str(value)
    return text if len(text) <= width else text[:width - 1] + "…"


def _node_positions(n: int) -> list[tuple[float, float]]:
    # Node 0 at the top, the others clockwise around a circle.
    if n == 1:
        return [(0.0, 0.0)]
    return [(math.sin(2 * math.pi * i / n), math.cos(2 * math.pi * i / n)) for i in range(n)]


def _count(done: int, total: int) -> str:
    return f"{done} of {total}"


def _drawn_ticks_only(ax) -> None:
    """Pin each axis's ticks to the ones it draws, once the limits are set.

    Locators also propose a tick past each end of the axis; matplotlib builds those (five
    artists a tick) and then leaves them out. Fixing the ticks inside the limits, with
    matplotlib's own tolerance at the ends, draws the same picture without that work."""
    for axis in (ax.xaxis, ax.yaxis):
        scale = axis.get_transform()
        low, high = sorted(scale.transform(sorted(axis.get_view_interval())))
        slack = (high - low) * 1e-10
        locs = axis.get_majorticklocs()
        axis.set_major_locator(FixedLocator(
            [loc for loc, at in zip(locs, scale.transform(locs), strict=True)
             if low - slack <= at <= high + slack]))


def _hbars(ax, ys, widths, lefts, height: float, colors, edgecolors, linewidth: float) -> None:
    """Horizontal bars, as ``ax.barh`` draws them, but as one PolyCollection: barh makes a
    Rectangle per bar and works out each one's extent for the data limits, which costs more
    than drawing it. Callers set the axes' limits themselves."""
    boxes = [[(x, y - height / 2), (x + w, y - height / 2), (x + w, y + height / 2),
              (x, y + height / 2)] for y, w, x in zip(ys, widths, lefts, strict=True)]
    ax.add_collection(PolyCollection(boxes, facecolors=colors, edgecolors=edgecolors,
                                     linewidths=linewidth), autolim=False)


# ------------------------------------------------------------------ 09: the cluster
@style.styled()
def cluster_diagram(cluster: Cluster, key="x", *, title: str | None = None, ax=None,
                    values=None, cuts=None):
    """The nodes, their links (cut ones dashed red) and the value each stores for ``key``.

    ``values`` and ``cuts`` draw another moment than the cluster's present (a replay)."""
    own = ax is None
    fig, ax = style.new_axes(ax, figsize=(4.0, 4.0))
    if own:
        _place(ax, 0.05, 0.05, 0.05, 0.35)
    n = cluster.n
    pos = _node_positions(n)
    cut = set(cluster.cut_links() if cuts is None else cuts)
    values = cluster.values(key) if values is None else list(values)
    for a in range(n):
        for b in range(a + 1, n):
            (x0, y0), (x1, y1) = pos[a], pos[b]
            broken = (a, b) in cut
            ax.plot([x0, x1], [y0, y1], color=style.BAD if broken else style.NEUTRAL,
                    linestyle="--" if broken else "-", linewidth=2.5 if broken else 1.5,
                    zorder=1)
            if broken:
                ax.text((x0 + x1) / 2, (y0 + y1) / 2, "cut", color=style.BAD, ha="center",
                        va="center", fontsize=9, fontweight="bold",
                        bbox={"boxstyle": "round", "fc": "white", "ec": style.BAD})
    palette = {v: VALUE_COLORS[i % len(VALUE_COLORS)]
               for i, v in enumerate(dict.fromkeys(v for v in values if v is not None))}
    for i, (x, y) in enumerate(pos):
        # add_artist, not add_patch: the limits are fixed below, and add_patch would work out
        # each circle's extent from its Bézier curves (over a third of building the diagram).
        ax.add_artist(Circle((x, y), 0.42, facecolor=palette.get(values[i], "white"),
                             edgecolor="black", linewidth=1.2, zorder=2))
        ax.text(x, y, f"node {i}\n{key} = {_short(values[i], 6)}", ha="center",
                va="center", fontsize=8, zorder=3)
    ax.set_xlim(-1.5, 1.5)
    ax.set_ylim(-1.5, 1.5)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_title(title or f"{n} replicas, {cluster.mode.upper()} mode, t = {cluster.now:.0f} ms")
    stored = ", ".join(f"node {i}: {v}" for i, v in enumerate(values))
    links = (", ".join(f"{a}-{b}" for a, b in sorted(cut)) + " cut") if cut else "all links up"
    return style.describe(ax.figure, f"Diagram of {n} replicas ({links}). Value of {key} "
                                     f"stored on each: {stored}.")


def _label(op: Operation) -> str:
    shown = op.value if op.ok or op.kind == "write" else "-"
    return f"{op.kind[0].upper()} {_short(shown, 6)}"


def _color(op: Operation, stale: set[int]) -> str:
    if op.indeterminate:
        return UNKNOWN_COLOR
    if not op.ok:
        return REFUSED_COLOR
    return STALE_COLOR if op.index in stale else OK_COLOR


@style.styled()
def swimlanes(history: list[Operation], nodes: int, *, events=(),
              culprit: Operation | None = None, labels: bool | None = None, ax=None,
              xmax: float | None = None, upto: int | None = None):
    """One lane per node; each request a bar from start to end: OK, refused or stale read.

    ``xmax`` fixes the time axis (so two runs compare at one scale); ``upto`` draws only
    the first ``upto`` requests in colour and the rest as grey outlines (a replay)."""
    own = ax is None
    fig, ax = style.new_axes(ax, figsize=style.WIDE)
    if own:
        _place(ax, 0.75, 0.55, 0.2, 0.45)
    history = list(history)
    stale = {op.index for op in stale_reads(history)}
    end = xmax or max([op.end for op in history] + [t for t, _ in events] + [1.0])
    min_width = end / 150  # instant requests still show as a sliver
    labels = len(history) <= 40 if labels is None else labels
    shown = history if upto is None else history[:upto]
    future = [upto is not None and op.index >= upto for op in history]
    _hbars(ax, [op.node for op in history], [max(op.latency, min_width) for op in history],
           [op.start for op in history], 0.5,
           ["none" if f else _color(op, stale) for op, f in zip(history, future, strict=True)],
           [style.NEUTRAL if f else "black" for f in future], 0.5)
    marked = culprit is not None and (upto is None or culprit.index < upto)
    if labels:
        # About 5 px per character at 7 pt. Two rows of labels per lane, above the bars and
        # below them; a label goes in the first row with room, or is left out. The culprit
        # read's label comes first and carries the triangle.
        width_px = ax.get_position().width * fig.get_figwidth() * style.DPI
        per_char = 5.0 * end / max(width_px, 1.0)
        taken: dict = {}  # (lane, row) -> the spans (ms) its labels cover
        rows = ((-0.32, "bottom"), (0.32, "top"))
        first = culprit.index if marked else -1
        for op, f in sorted(zip(history, future, strict=True),
                            key=lambda p: (p[0].index != first, p[0].start)):
            if f:
                continue
            text = ("▲ " if op.index == first else "") + _label(op)
            span = (op.start, op.start + per_char * (len(text) + 0.5))
            for row, (dy, va) in enumerate(rows):
                spans = taken.setdefault((op.node, row), [])
                if all(span[1] <= a or span[0] >= b for a, b in spans):
                    ax.text(op.start, op.node + dy, text, fontsize=7, ha="left", va=va)
                    spans.append(span)
                    break
    if marked and not labels:
        ax.plot(culprit.start + max(culprit.latency, min_width) / 2, culprit.node + 0.42,
                marker="^", markersize=11, color="black", linestyle="none",
                label="read no order explains")
    for t, text in _merge_events(events):
        ax.axvline(t, color=style.NEUTRAL, linestyle=":", linewidth=1)
        ax.text(t, -0.75, text, fontsize=8, ha="left", va="bottom", color="#555555")
    ax.set_xlim(0, end * 1.01)
    ax.xaxis.set_major_locator(MaxNLocator(5, steps=[1, 2, 5, 10]))  # fewer labels to draw
    ax.set_yticks(range(nodes), [f"node {i}" for i in range(nodes)])
    ax.set_ylim(nodes - 0.4, -0.9)
    ax.grid(axis="y", visible=False)
    _drawn_ticks_only(ax)
    keys = [(OK_COLOR, "answered"), (STALE_COLOR, "stale read"), (REFUSED_COLOR, "refused")]
    if any(op.indeterminate for op in history):
        keys.append((UNKNOWN_COLOR, "timed out: unknown"))
    if culprit is not None:
        keys.append(("white", "▲ read no order explains"))
    _key(ax, keys)
    style.label(ax, "Every request, node by node", "simulated time (ms)", "")
    ax.set_title(ax.get_title(), loc="left")
    ax.set_title("", loc="center")
    refused = sum(op.outcome == "fail" for op in shown)
    flagged = sum(op.index in stale for op in shown)
    # The requests' own span, not the axis: a shared axis (``xmax``) may run far beyond it.
    last = max((op.end for op in shown), default=0.0)
    text = (f"Timeline of {len(shown)} requests on {nodes} nodes over {last:.0f} ms: "
            f"{len(shown) - refused} answered, {refused} refused, {flagged} stale reads")
    if culprit is not None:
        text += f"; a triangle marks the read no order explains (node {culprit.node})"
    return style.describe(ax.figure, text + ".")


def _key(ax, items, *, y: float = 1.02, left: bool = False) -> None:
    """A colour key as a few labelled boxes (cheaper than a legend): along the top right of
    the axes, or from the left edge at height ``y`` (axes fraction) with ``left=True``."""
    offset = 0.0  # points from the anchoring edge
    for color, text in (items if left else reversed(items)):
        ax.annotate(text, (0.0 if left else 1.0, y), xycoords="axes fraction",
                    xytext=(offset if left else -offset, 0), textcoords="offset points",
                    ha="left" if left else "right", va="bottom", fontsize=8,
                    color="black" if _light(color) else "white",
                    bbox={"boxstyle": "square,pad=0.2", "fc": color,
                          "ec": "#999999" if color == "white" else color})
        offset += 4.9 * len(text) + 10  # about 4.9 pt a character at 8 pt, and a gap


def _light(color: str) -> bool:
    """True for colours dark text reads well on (by their luminance)."""
    if color == "white":
        return True
    r, g, b = (int(color[i:i + 2], 16) / 255 for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b > 0.5


def _merge_events(events):
    merged: dict[float, list[str]] = {}
    for t, text in events:
        merged.setdefault(round(t, 6), []).append(text)
    return [(t, ", ".join(texts)) for t, texts in merged.items()]


@style.styled()
def cap_picture(cluster: Cluster, key="x", culprit: Operation | None = None, *,
                xmax: float | None = None):
    """The cluster diagram next to the swimlanes of its history (on a time axis to
    ``xmax`` ms, to compare two runs)."""
    fig, (left, right) = style.figure(1, 2, figsize=(11.0, 3.6))
    _place(left, 0.05, 0.1, 8.0, 0.35)
    _place(right, 3.8, 0.55, 0.2, 0.45)
    cluster_diagram(cluster, key, ax=left, title=f"{cluster.mode.upper()}: stored at the end")
    swimlanes(cluster.history, cluster.n, events=cluster.events, culprit=culprit, ax=right,
              xmax=xmax)
    return style.describe(fig, _pair_alt(cluster, right))


@style.styled()
def cap_pair(cp: Cluster, ap: Cluster, *, culprit: Operation | None = None):
    """The CP and the AP story one above the other, on one time axis: each run's cluster at
    the end beside its swimlanes (the AP culprit read marked)."""
    fig, axes = style.figure(2, 2, figsize=(11.0, 6.4), sharex="col")
    for row, lift in ((0, 3.2), (1, 0.0)):
        _place(axes[row][0], 0.05, lift + 0.1, 8.0, 3.2 - lift + 0.35)
        _place(axes[row][1], 3.8, lift + 0.55, 0.2, 3.2 - lift + 0.45)
    end = span(cp, ap)
    texts = []
    for row, cluster, mark in ((0, cp, None), (1, ap, culprit)):
        left, right = axes[row]
        cluster_diagram(cluster, ax=left, title=f"{cluster.mode.upper()}: stored at the end")
        swimlanes(cluster.history, cluster.n, events=cluster.events, culprit=mark, ax=right,
                  xmax=end)
        right.set_title(f"{cluster.mode.upper()}: every request, node by node", loc="left")
        if row == 0:
            right.set_xlabel("")
        texts.append(_pair_alt(cluster, right))
    return style.describe(fig, " ".join(texts))


def _pair_alt(cluster: Cluster, lanes_ax) -> str:
    values = ", ".join(f"node {i}: {v}" for i, v in enumerate(cluster.values("x")))
    return (f"{cluster.mode.upper()} mode: values stored at the end ({values}) beside the "
            f"timeline. {lanes_ax.figure.alt_text}")


@style.styled()
def replay_picture(cluster: Cluster, frames, step: int, *, xmax: float | None = None):
    """The story at frame ``step``: the cluster then, and the requests made so far."""
    frame = frames[step]
    fig, (left, right) = style.figure(1, 2, figsize=(10.0, 3.2))
    _place(left, 0.05, 0.1, 7.25, 0.35)
    _place(right, 3.5, 0.55, 0.2, 0.45)
    cluster_diagram(cluster, ax=left, values=frame["values"], cuts=frame["cuts"],
                    title=f"t = {frame['time']:.0f} ms")
    events = [(t, what) for t, what in cluster.events if t <= frame["time"]]
    swimlanes(cluster.history, cluster.n, events=events, ax=right, upto=frame["requests"],
              xmax=xmax or cluster.now, labels=True)
    what = frame["what"].split(", t = ")[0]  # the time is in the diagram's title
    right.set_title(f"step {step + 1} of {len(frames)}: {_short(what, 40)}",
                    fontsize=10, loc="left")
    stored = ", ".join(f"node {i}: {v}" for i, v in enumerate(frame["values"]))
    return style.describe(fig, f"Step {step + 1} of {len(frames)} of the "
                               f"{cluster.mode.upper()} story at t = {frame['time']:.0f} ms: "
                               f"{frame['what']}. Stored values: {stored}.")


# --------------------------------------------------------- 09: availability vs consistency
@style.styled()
def availability_vs_consistency(rows: list[dict], *, ax=None):
    """During the partition, per mode: the share of requests answered on each side of the
    cut, and the share of answered reads that were fresh, each labelled 'k of n'."""
    own = ax is None
    fig, ax = style.new_axes(ax, figsize=(7.5, 4.0))
    if own:
        _place(ax, 0.75, 0.95, 0.2, 0.4)
    sides = sorted({side for row in rows for side in row["answered by side"]},
                   key=lambda side: (-len(side), side))
    series = [f"answered on {{{', '.join(map(str, side))}}}" for side in sides]
    series.append("answered reads that were fresh")
    colors = [style.PALETTE["blue"], style.PALETTE["sky"], style.PALETTE["orange"]]
    width = 0.8 / len(series)
    parts = []
    bars: list[tuple[float, float, str]] = []  # (x, share, colour), drawn in one call below
    for i, row in enumerate(rows):
        counts = [row["answered by side"].get(side, (0, 0)) for side in sides]
        fresh = row["answered reads"] - row["stale reads"]
        counts.append((fresh, row["answered reads"]))
        for j, (done, total) in enumerate(counts):
            x = i + (j - (len(series) - 1) / 2) * width
            share = done / total if total else 0.0
            bars.append((x, share, colors[j % len(colors)]))
            ax.text(x, share + 0.02, _count(done, total), ha="center", fontsize=8)
        verdict = "linearizable" if row["linearizable"] else "not linearizable"
        ax.text(i, 1.17, verdict, ha="center", fontsize=9, fontweight="bold")
        parts.append(f"{row['mode']}: " + "; ".join(
            f"{name} {_count(*c)}" for name, c in zip(series, counts, strict=True))
            + f"; {verdict}")
    xs, shares, bar_colors = zip(*bars, strict=True)
    ax.bar(xs, shares, width, color=bar_colors)
    ax.set_xticks(range(len(rows)), [row["mode"] for row in rows])
    ax.set_ylim(0, 1.3)
    ax.set_yticks(np.linspace(0, 1, 6))
    style.percent_axis(ax)
    _key(ax, list(zip(colors, series, strict=False)), y=-0.2, left=True)
    style.label(ax, "During the partition: who answered, and were the answers right?", "",
                "share")
    return style.describe(fig, "Grouped bars for the requests made while node 2 was cut "
                               "off. " + ". ".join(parts) + ".")


# ------------------------------------------------------------------ 09: concurrency
@style.styled()
def client_lanes(runs: dict[str, list[Operation]], *, culprits=None):
    """One panel per run, one lane per client: every request as a bar labelled with what it
    wrote or read and the node it went to; the culprit read (if any) marked."""
    culprits = culprits or {}
    fig, axes = style.figure(len(runs), 1, figsize=(9.0, 1.2 + 1.25 * len(runs)), sharex=True,
                             squeeze=False)
    height = fig.get_size_inches()[1]
    slot = (height - 0.6) / len(runs)
    for k, ax in enumerate(axes[:, 0]):
        _place(ax, 0.8, 0.6 + (len(runs) - 1 - k) * slot, 0.2, height - 0.6 - (len(runs) - k)
               * slot + 0.35)
    end = max(op.end for ops in runs.values() for op in ops)
    parts = []
    for ax, (name, ops) in zip(axes[:, 0], runs.items(), strict=True):
        clients = list(dict.fromkeys(op.client for op in ops))
        lane = {client: i for i, client in enumerate(clients)}
        culprit = culprits.get(name)
        colors = [STALE_COLOR if op is culprit else UNKNOWN_COLOR if op.indeterminate
                  else OK_COLOR if op.ok else REFUSED_COLOR for op in ops]
        _hbars(ax, [lane[op.client] for op in ops], [max(op.latency, end / 150) for op in ops],
               [op.start for op in ops], 0.55, colors, "black", 0.5)
        for op in ops:
            ax.text(op.end + end / 100, lane[op.client], f"{_label(op)} (node {op.node})",
                    va="center", fontsize=8)
        if culprit is not None:
            ax.plot(culprit.start - end / 60, lane[culprit.client], marker=">", markersize=9,
                    color="black")
        ax.set_yticks(range(len(clients)), clients)
        ax.set_ylim(len(clients) - 0.4, -0.6)
        ax.grid(axis="y", visible=False)
        verdict = "not linearizable" if culprit is not None else "linearizable"
        ax.set_title(f"{name}: {verdict}", fontsize=10, loc="left")
        reads = ", ".join(f"{op.client} read {op.value!r}" for op in ops if op.kind == "read")
        parts.append(f"{name} ({verdict}): {reads}")
    axes[-1, 0].set_xlim(min(op.start for ops in runs.values() for op in ops) - end / 30,
                         end * 1.18)
    axes[-1, 0].set_xlabel("simulated time (ms)")
    for ax in axes[:, 0]:
        _drawn_ticks_only(ax)
    return style.describe(fig, "Requests of each client as bars over time, one panel per "
                               "configuration. " + "; ".join(parts) + ".")


@style.styled()
def skew_race_plot(gaps, measured: dict, formula, *, skew: float, runs: int, ax=None):
    """Share of races the later write lost, against the gap between the writes: the formula
    as a line, the simulation as points with ±2 standard errors."""
    own = ax is None
    fig, ax = style.new_axes(ax, figsize=(6.5, 3.6))
    if own:
        _place(ax, 0.8, 0.55, 0.2, 0.4)
    gaps = np.asarray(gaps, dtype=float)
    fine = np.linspace(0, gaps.max(), 200)
    ax.plot(fine, [formula(skew, g) for g in fine], color=style.PALETTE["blue"])
    x_label = 0.55 * gaps.max()
    ax.text(x_label, formula(skew, x_label) + 0.05, "AP, formula: (2s − g)² / 8s²",
            color=style.PALETTE["blue"])
    shares = np.asarray(measured["ap"])
    err = 2 * np.sqrt(np.maximum(shares * (1 - shares), 1e-12) / runs)
    ax.errorbar(gaps, shares, yerr=err, fmt="o", color=style.PALETTE["orange"], capsize=2)
    ax.plot(gaps, measured["cp"], "s", color=style.GOOD, markersize=5)
    ax.text(gaps[0], 0.03, "CP, simulated: never", color=style.GOOD, ha="left")
    ax.text(0.25 * gaps.max(), 0.52, f"AP, simulated: {runs} runs a point (±2 s.e.)",
            color=style.PALETTE["orange"])
    ax.set_ylim(-0.02, 0.6)
    style.percent_axis(ax)
    _drawn_ticks_only(ax)
    style.label(ax, f"Clocks within ±{skew:g} ms: how often the later write loses",
                "time between the two writes, g (ms)", "later write lost")
    pairs = ", ".join(f"{g:g} ms: {s:.0%}" for g, s in zip(gaps, shares, strict=True))
    # Count, rather than assume, the points whose drawn error bar reaches the curve.
    expected = np.array([formula(skew, g) for g in gaps])
    inside = int((np.abs(shares - expected) <= err).sum())
    within = (f"all {len(gaps)} points" if inside == len(gaps)
              else f"{inside} of the {len(gaps)} points")
    return style.describe(fig, f"The later of two writes loses under last-writer-wins with "
                               f"clocks skewed by up to {skew:g} ms: {pairs} simulated in AP "
                               f"mode; {within} lie within two standard errors of the "
                               f"formula's curve, which starts at {formula(skew, 0.0):.0%} "
                               f"and falls to 0 at a gap of {2 * skew:g} ms; CP never loses it.")


# ------------------------------------------------------------------ 10: multi-leader
@style.styled()
def multileader_diagram(ml, *, writes: dict | None = None, ax=None):
    """Datacentres as boxes, each with its leader and followers; arrows show where a write
    travels (leader to its followers, leader to the other leaders). ``writes`` maps a
    datacentre to what its client writes there, drawn above its leader."""
    own = ax is None
    fig, ax = style.new_axes(ax, figsize=(6.5, 2.8))
    if own:
        _place(ax, 0.05, 0.05, 0.05, 0.4)
    width = 1.0 + 0.9 * (ml.size - 1)
    centres = {}
    for dc in range(ml.dcs):
        x0 = dc * (width + 1.6)
        ax.add_patch(Rectangle((x0 - 0.55, -0.7), width + 0.2, 1.5, fill=False,
                               edgecolor=style.NEUTRAL, linestyle="--"))
        ax.text(x0 + width - 0.45, 0.6, f"datacentre {dc}", fontsize=9, color="#555555",
                ha="right")
        for i in range(ml.size):
            node = dc * ml.size + i
            centres[node] = (x0 + 0.9 * i, 0.0)
            leader = i == 0
            ax.add_patch(Circle(centres[node], 0.32, facecolor=style.PALETTE["sky"] if leader
                                else "white", edgecolor="black", zorder=2))
            ax.text(*centres[node], f"{'leader' if leader else 'follower'}\n{node}",
                    ha="center", va="center", fontsize=7, zorder=3)
            if not leader:
                ax.annotate("", centres[node], centres[dc * ml.size],
                            arrowprops={"arrowstyle": "->", "color": style.NEUTRAL,
                                        "shrinkA": 14, "shrinkB": 14})
    for dc, what in (writes or {}).items():
        x, y = centres[ml.leader(dc)]
        ax.annotate(f"client: {what}", (x, y + 0.32), (x, y + 0.95), ha="center", fontsize=8,
                    arrowprops={"arrowstyle": "->", "color": "black"})
    leaders = [ml.leader(dc) for dc in range(ml.dcs)]
    for a, b in zip(leaders, leaders[1:], strict=False):
        (xa, _), (xb, _) = centres[a], centres[b]
        ax.annotate("", (xb, -0.45), (xa, -0.45),
                    arrowprops={"arrowstyle": "<->", "color": style.PALETTE["vermillion"],
                                "connectionstyle": "arc3,rad=0.25"})
        ax.text((xa + xb) / 2, -0.98, "asynchronous, between datacentres",
                ha="center", va="top", fontsize=8, color=style.PALETTE["vermillion"])
    ax.set_xlim(-0.8, (ml.dcs - 1) * (width + 1.6) + width)
    ax.set_ylim(-1.15, 1.2 if writes else 0.95)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_title("Multi-leader: one leader per datacentre")
    clients = "; ".join(f"a client in datacentre {dc} writes {what}"
                        for dc, what in (writes or {}).items())
    return style.describe(fig, f"Diagram of {ml.dcs} datacentres with {ml.size} nodes each: "
                               f"every datacentre's leader takes writes and replicates them to "
                               f"its followers and, asynchronously, to the other leaders"
                               + (f"; {clients}." if clients else "."))


# ----------------------------------------------------------------------- 09: PACELC
@style.styled()
def latency_by_level(rows: list[dict], *, ax=None):
    """Latency percentiles (no partition) for each consistency level (R, W)."""
    own = ax is None
    fig, ax = style.new_axes(ax, figsize=(7.0, 3.8))
    if own:
        _place(ax, 0.75, 0.55, 0.2, 0.4)
    names = [f"R={row['R']}, W={row['W']}" for row in rows]
    x = np.arange(len(rows))
    columns = [c for c in rows[0] if c.endswith("latency (ms)")]
    width = 0.8 / len(columns)
    for j, column in enumerate(columns):
        ax.bar(x + (j - (len(columns) - 1) / 2) * width, [row[column] for row in rows], width,
               color=style.COLORS[j])
    top = max(max(row[c] for c in columns) for row in rows) or 1.0
    for i, row in enumerate(rows):
        tallest = max(row[c] for c in columns)
        note = f"{row['stale reads']} of {row['reads']} reads\nstale"
        if tallest == 0:
            note += "\n(answered locally: 0 ms)"
        ax.text(i, tallest + 0.02 * top, note, ha="center", va="bottom", fontsize=8)
    ax.set_ylim(0, top * 1.15)
    ax.set_xticks(x, names)
    _drawn_ticks_only(ax)
    _key(ax, [(style.COLORS[j], c.replace(" latency (ms)", " latency"))
              for j, c in enumerate(columns)], y=0.92, left=True)
    style.label(ax, "Else (no partition): consistency costs latency", "consistency level",
                "request latency (ms)")
    parts = "; ".join(f"{n}: p50 {r['p50 latency (ms)']:.1f} ms, p99 "
                      f"{r['p99 latency (ms)']:.1f} ms, {r['stale reads']} of {r['reads']} "
                      f"reads stale"
                      for n, r in zip(names, rows, strict=True))
    return style.describe(fig, f"Latency percentiles by consistency level without a "
                               f"partition. {parts}.")


# ---------------------------------------------------------------- 10: what readers see
@style.styled()
def visibility_plot(result: dict, *, ax=None):
    """For each system, the share of reads at node 2 that see a write, against the time
    since it was acknowledged (log axis; labels at the line ends)."""
    own = ax is None
    fig, ax = style.new_axes(ax, figsize=(7.0, 3.6))
    if own:
        _place(ax, 0.8, 0.55, 0.2, 0.4)
    waits = np.maximum(result["waits"], 1.0)  # 0 ms drawn at 1 ms on the log axis
    names = [k for k in result if k not in ("waits", "trials")]
    colors = [style.PALETTE["vermillion"], style.PALETTE["orange"], style.PALETTE["blue"]]
    for k, (name, color) in enumerate(zip(names, colors, strict=True)):
        ax.plot(waits, result[name], "o-", color=color, markersize=4)
        short = name.split(":")[0]
        if k == len(names) - 1:  # the top line: label it at its start, above the others
            ax.text(waits[0], result[name][0] + 0.03, short, color=color, va="bottom")
        else:
            ax.text(waits[-1] * 1.15, result[name][-1] - (0.05 if result[name][-1] > 0.95
                                                          else 0), short, color=color,
                    va="center")
    style.log_axis(ax, "x")
    ax.set_xlim(0.8, waits[-1] * 4)
    ax.set_ylim(-0.03, 1.12)
    style.percent_axis(ax)
    style.label(ax, "After a write is acknowledged: who sees it?",
                "time since the write (ms; 0 drawn at 1)",
                f"reads that return it ({result['trials']} per point)")
    ends = ", ".join(f"{n.split(':')[0]} {result[n][-1]:.0%}" for n in names)
    return style.describe(fig, f"Share of reads at another node that return a write, against "
                               f"the time since it was acknowledged, on a network losing "
                               f"messages. After {result['waits'][-1]:g} ms: {ends}. Strong "
                               f"is at 100 % from the start; eventual climbs to 100 %; weak "
                               f"levels off below it.")


@style.styled()
def stale_curve_plot(curve: dict, *, ax=None):
    """Simulated share of stale follower reads vs time since the write, with the formula."""
    own = ax is None
    fig, ax = style.new_axes(ax, figsize=(7.0, 3.6))
    if own:
        _place(ax, 0.8, 0.55, 0.2, 0.4)
    ax.plot(curve["t_fine"], curve["analytic_fine"], color=style.PALETTE["blue"])
    ax.errorbar(curve["t"], curve["simulated"], yerr=2 * curve["stderr"], fmt="o",
                markersize=4, color=style.PALETTE["orange"], capsize=2)
    mid = len(curve["t_fine"]) // 3
    ax.text(curve["t_fine"][mid], curve["analytic_fine"][mid] + 0.08, "P(delay > t)",
            color=style.PALETTE["blue"])
    ax.text(curve["t"][-1], 0.25, f"simulated, {curve['trials']} reads\nper point (±2 s.e.)",
            color=style.PALETTE["orange"], ha="right")
    ax.set_ylim(-0.03, 1.05)
    style.percent_axis(ax)
    style.label(ax, "Async replication: how long is a follower stale?",
                "time between the write and the follower read (ms)", "reads that are stale")
    half = next((t for t, p in zip(curve["t_fine"], curve["analytic_fine"], strict=True)
                 if p <= 0.5), curve["t_fine"][-1])
    return style.describe(fig, f"Share of follower reads that are stale against the time "
                               f"since the write: 100 % at first, half by {half:.0f} ms, "
                               f"{curve['simulated'][-1]:.0%} at {curve['t'][-1]:.0f} ms; "
                               f"the simulated points sit on the formula's curve.")


FRESH_COLORS = ListedColormap(["white", "#DDDDDD", style.PALETTE["orange"],
                               style.PALETTE["blue"]])
FRESH_TEXT = {1: "new", 0: "old", -1: "none", -2: ""}


@style.styled()
def convergence_picture(frames, step: int):
    """Replication lag and anti-entropy at one frame: which copies are current, and the
    number of copies behind over time (a cursor at this frame)."""
    frame = frames[step]
    fig, (grid, line) = style.figure(1, 2, figsize=(9.5, 3.0))
    _place(grid, 0.7, 0.45, 5.75, 0.35)
    _place(line, 4.6, 0.55, 0.4, 0.35)  # room on the right for the last tick label
    fresh = frame["fresh"]
    grid.imshow(fresh, cmap=FRESH_COLORS, vmin=-2.5, vmax=1.5, aspect="auto")
    for (n, k), state in np.ndenumerate(fresh):
        grid.text(k, n, FRESH_TEXT[int(state)], ha="center", va="center", fontsize=8,
                  color="white" if state == 1 else "black")
    grid.set_xticks(range(fresh.shape[1]), [f"k{i}" for i in range(fresh.shape[1])])
    grid.set_yticks(range(fresh.shape[0]), [f"node {i}" for i in range(fresh.shape[0])])
    grid.grid(False)
    grid.set_title(_short(frame["what"], 34), fontsize=10)
    x = np.arange(len(frames))
    stale = [f["stale"] for f in frames]
    cut = [i for i, f in enumerate(frames) if "cut off" in f["what"]]
    rounds = [i for i, f in enumerate(frames) if "anti-entropy" in f["what"]]
    if cut:
        line.axvspan(cut[0], cut[-1] + 1, color=style.NEUTRAL, alpha=0.2, linewidth=0)
        line.text((cut[0] + cut[-1]) / 2, max(stale) + 0.3, "node 2 cut off", ha="center",
                  fontsize=8, color="#555555")
    if rounds:
        line.text(rounds[0] - 0.5, max(stale) + 0.3, "anti-entropy", ha="right", fontsize=8,
                  color="#555555")
    line.step(x, stale, where="post", color=style.PALETTE["vermillion"])
    line.axvline(step, color="black", linewidth=1)
    line.plot(step, frame["stale"], "o", color="black")
    line.set_xlim(0, len(frames) - 1)
    line.set_ylim(0, max(stale) + 1.5)
    line.yaxis.set_major_locator(MaxNLocator(4, integer=True, steps=[1, 2, 5, 10]))
    # Ticks in simulated ms where the frames are timed, then one per anti-entropy round.
    ticks = [(i, f"{f['time']:g}") for i, f in enumerate(frames)
             if f["what"].startswith("t = ") and f["time"] % 20 == 0]
    ticks += [(i, f"round {n}") for n, i in enumerate(rounds, 1)][:1]
    line.set_xticks([i for i, _ in ticks], [text for _, text in ticks])
    style.label(line, "Copies behind the newest write", "simulated time (ms), then "
                "anti-entropy rounds", "copies behind")
    behind = frame["stale"]
    return style.describe(fig, f"Frame {step + 1} of {len(frames)}, {frame['what']}: "
                               f"{behind} of {fresh.size} copies are behind the newest write. "
                               f"The count over time rises while node 2 is cut off, stays up "
                               f"after the heal, and drops to 0 with anti-entropy.")


def _quorum_colors(rates: np.ndarray) -> np.ndarray:
    """Exactly zero is light grey; any stale read at all is at least a visible orange."""
    rgba = np.zeros(rates.shape + (4,))
    shade = np.array([0.90, 0.62, 0.0])  # orange
    for index, rate in np.ndenumerate(rates):
        if rate == 0:
            rgba[index] = (0.92, 0.92, 0.92, 1.0)
        else:
            strength = 0.25 + 0.75 * rate  # 1 stale read in 100 is already clearly coloured
            rgba[index] = (*(1 - strength * (1 - shade)), 1.0)
    return rgba


@style.styled()
def quorum_heatmap(rates: np.ndarray, *, trials: int | None = None,
                   chosen: tuple[int, int] | None = None, ax=None):
    """Stale reads for every (W, R), as counts out of ``trials``; cells with R + W > N are
    outlined in green, and a cell with no stale read at all is grey.

    ``chosen`` = (R, W) marks one configuration with a ring and names its rate in the title.
    """
    n = rates.shape[0]
    own = ax is None
    fig, ax = style.new_axes(ax, figsize=(5.2, 4.4))
    if own:
        _place(ax, 0.7, 0.55, 0.3, 0.65)
    ax.imshow(_quorum_colors(rates), origin="lower", extent=(0.5, n + 0.5, 0.5, n + 0.5))
    for w in range(1, n + 1):
        for r in range(1, n + 1):
            rate = rates[w - 1, r - 1]
            text = (f"{round(rate * trials)}/{trials}" if trials else f"{rate:.0%}")
            if n <= 5:
                ax.text(r, w, text, ha="center", va="center", fontsize=9 if n <= 3 else 7)
            if r + w > n:
                ax.add_patch(Rectangle((r - 0.5, w - 0.5), 1, 1, fill=False,
                                       edgecolor=style.GOOD, linewidth=2.5))
    ax.set_xticks(range(1, n + 1))
    ax.set_yticks(range(1, n + 1))
    ax.grid(False)
    title = f"N = {n}: stale reads by quorum size\n(green outline: R + W > N; grey: none)"
    if chosen is not None:
        r, w = chosen
        ax.plot(r, w, marker="o", markersize=min(40, 150 / n), markerfacecolor="none",
                markeredgecolor=style.PALETTE["vermillion"], markeredgewidth=2.5)
        title = (f"N = {n}, R = {r}, W = {w}: {rates[w - 1, r - 1]:.0%} of reads stale\n"
                 f"(green outline: R + W > N; ring: your choice)")
    style.label(ax, title, "read quorum R", "write quorum W")
    overlap = np.add.outer(np.arange(1, n + 1), np.arange(1, n + 1)) > n
    cells = ", ".join(f"W={w},R={r}: {rates[w - 1, r - 1]:.0%}"
                      for w in range(1, n + 1) for r in range(1, n + 1) if r + w <= n)
    return style.describe(fig, f"Heatmap of stale-read rates for every write quorum W and read "
                               f"quorum R on {n} replicas. Every cell with R + W > N has "
                               f"{'no' if not rates[overlap].any() else 'some'} stale reads; "
                               f"the others: {cells}.")


GUARANTEE_OPS = {"read-your-writes": "reads", "monotonic reads": "reads",
                 "monotonic writes": "writes", "writes-follow-reads": "writes"}


@style.styled()
def session_bars(rows: list[dict], *, ax=None):
    """Violations of each session guarantee under each routing, as shares with 'k of n'."""
    own = ax is None
    fig, ax = style.new_axes(ax, figsize=(8.5, 3.8))
    if own:
        _place(ax, 0.8, 0.75, 0.2, 0.4)
    guarantees = list(dict.fromkeys(row["guarantee"] for row in rows))
    routings = list(dict.fromkeys(row["routing"] for row in rows))
    colors = [style.PALETTE["vermillion"], style.PALETTE["sky"], style.PALETTE["green"]]
    width = 0.8 / len(routings)
    by = {(row["routing"], row["guarantee"]): row for row in rows}
    # One denominator per guarantee when every routing shares it (the same request plan):
    # then it goes under the guarantee's name and each bar shows only its count.
    shared = {g: len({by[(r, g)]["out of"] for r in routings}) == 1 for g in guarantees}
    for j, routing in enumerate(routings):
        for i, guarantee in enumerate(guarantees):
            row = by[(routing, guarantee)]
            share = row["violations"] / row["out of"] if row["out of"] else 0.0
            x = i + (j - (len(routings) - 1) / 2) * width
            ax.bar(x, share, width, color=colors[j])
            text = (str(row["violations"]) if shared[guarantee]
                    else f"{row['violations']}/{row['out of']}")
            ax.text(x, share + 0.01, text, ha="center", fontsize=8, va="bottom")
    ax.set_xticks(range(len(guarantees)), [
        f"{g}\n(of {by[(routings[0], g)]['out of']} {GUARANTEE_OPS.get(g, 'operations')})"
        if shared[g] else g for g in guarantees])
    top = max((r["violations"] / r["out of"] for r in rows if r["out of"]), default=0.1)
    ax.set_ylim(0, max(top * 1.3, 0.1))
    ax.yaxis.set_major_locator(MaxNLocator(4, steps=[1, 2, 5, 10]))
    style.percent_axis(ax)
    _key(ax, list(zip(colors, routings, strict=False)))
    style.label(ax, "Session guarantees for one client, by routing", "",
                "violations (share)")
    ax.set_title(ax.get_title(), loc="left")
    ax.set_title("", loc="center")
    parts = "; ".join(f"{routing}: " + ", ".join(
        f"{g} {by[(routing, g)]['violations']} of {by[(routing, g)]['out of']}"
        for g in guarantees) for routing in routings)
    return style.describe(fig, f"Bars of session-guarantee violations by routing. {parts}.")


# ------------------------------------------------------------------------ panel views
def cap_view(result: dict, **_values):
    """The cluster and its swimlanes (the culprit read marked), and availability per side."""
    table = pd.DataFrame(
        [{"nodes a request's node reaches": "{" + ", ".join(map(str, side)) + "}",
          "requests answered": units.percent(share)}
         for side, share in result["availability"].items()])
    return [cap_picture(result["cluster"], culprit=result["verdict"].culprit), table]


def replay_view(result: dict, **_values):
    """The story at the chosen step."""
    return replay_picture(result["cluster"], result["frames"], result["step"])


def pacelc_view(result: list[dict], **_values):
    """Latency by consistency level, and the numbers behind it."""
    table = pd.DataFrame(result)[["R", "W", "R+W>N", "stale rate", "p50 latency (ms)",
                                  "p99 latency (ms)"]].round(3)
    return [latency_by_level(result), table]


def lag_view(result: dict, **_values):
    """The stale-read curve, simulated against the formula."""
    return stale_curve_plot(result)


def convergence_view(result: dict, **_values):
    """Replication lag and anti-entropy at the chosen frame."""
    return convergence_picture(result["frames"], result["step"])


def quorum_view(result: dict, *, r: int, w: int, **_values):
    """The stale-read heatmap with the reader's (R, W) ringed."""
    return quorum_heatmap(result["rates"], trials=result["trials"], chosen=(r, w))


def session_view(result: list[dict], **_values):
    """Violations per routing and guarantee, as bars."""
    return session_bars(result)
