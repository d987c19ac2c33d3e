"""Figures for the replication notebooks: cluster diagram, swimlanes, bars, curves, heatmap.

The last section holds each panel's view: ``cap_view`` draws ``experiments.cap``'s result
for ``cap_panel``, and so on.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from matplotlib.patches import Circle, Patch, Rectangle

from sysdesign.core import style

from .cluster import Cluster
from .history import Operation
from .sessions import stale_reads

OK_COLOR, REFUSED_COLOR, STALE_COLOR = style.GOOD, style.BAD, style.PALETTE["orange"]
VALUE_COLORS = [style.PALETTE[c] for c in ("sky", "yellow", "purple", "blue", "orange")]


def _short(value, width: int = 8) -> str:
    text = str(value)
    return text if len(text) <= width else text[:width - 1] + "…"


def _node_positions(n: int) -> list[tuple[float, float]]:
    # Node 0 at the top, the others clockwise around a circle.
    return [(math.sin(2 * math.pi * i / n), math.cos(2 * math.pi * i / n)) for i in range(n)]


@style.styled()
def cluster_diagram(cluster: Cluster, key="x", *, title: str | None = None, ax=None):
    """The nodes, their links (cut ones dashed red) and the value each stores for ``key``."""
    fig, ax = style.new_axes(ax, figsize=(4.0, 4.0))
    n = cluster.n
    pos = _node_positions(n) if n > 1 else [(0.0, 0.0)]
    cut = set(cluster.cut_links())
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
    values = cluster.values(key)
    palette = {v: VALUE_COLORS[i % len(VALUE_COLORS)]
               for i, v in enumerate(dict.fromkeys(v for v in values if v is not None))}
    for i, (x, y) in enumerate(pos):
        ax.add_patch(Circle((x, y), 0.3, facecolor=palette.get(values[i], "white"),
                            edgecolor="black", linewidth=1.2, zorder=2))
        ax.text(x, y, f"node {i}\n{key} = {_short(values[i])}", ha="center", va="center",
                fontsize=9, zorder=3)
    ax.set_xlim(-1.45, 1.45)
    ax.set_ylim(-1.45, 1.45)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_title(title or f"{n} replicas, {cluster.mode.upper()} mode, t = {cluster.now:.0f} ms")
    return fig


@style.styled()
def swimlanes(history: list[Operation], nodes: int, *, events=(),
              culprit: Operation | None = None, labels: bool | None = None, ax=None):
    """One lane per node; each request a bar from start to end: OK, refused or stale read."""
    fig, ax = style.new_axes(ax, figsize=style.WIDE)
    history = list(history)
    stale = {op.index for op in stale_reads(history)}
    end = max([op.end for op in history] + [t for t, _ in events] + [1.0])
    min_width = end / 150  # instant requests still show as a sliver
    labels = len(history) <= 40 if labels is None else labels
    for op in history:
        color = REFUSED_COLOR if not op.ok else STALE_COLOR if op.index in stale else OK_COLOR
        ax.barh(op.node, max(op.latency, min_width), left=op.start, height=0.5, color=color,
                edgecolor="black", linewidth=0.5)
        if labels:
            text = f"{op.kind[0].upper()} {op.value if op.ok or op.kind == 'write' else '-'}"
            ax.text(op.start, op.node - 0.32, text, fontsize=7, ha="left", va="bottom")
    if culprit is not None:
        ax.plot(culprit.start + max(culprit.latency, min_width) / 2, culprit.node + 0.42,
                marker="^", markersize=11, color="black", linestyle="none",
                label="read no order explains")
    for t, text in _merge_events(events):
        ax.axvline(t, color=style.NEUTRAL, linestyle=":", linewidth=1)
        ax.text(t, -0.75, text, fontsize=8, ha="left", va="bottom", color="#555555")
    ax.set_yticks(range(nodes), [f"node {i}" for i in range(nodes)])
    ax.set_ylim(nodes - 0.4, -0.9)
    ax.grid(axis="y", visible=False)
    handles = [Patch(color=OK_COLOR, label="answered"),
               Patch(color=STALE_COLOR, label="stale read"),
               Patch(color=REFUSED_COLOR, label="refused")]
    handles += ax.get_legend_handles_labels()[0]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    style.label(ax, "Every request, node by node", "simulated time (ms)", "")
    return fig


def _merge_events(events):
    merged: dict[float, list[str]] = {}
    for t, text in events:
        merged.setdefault(round(t, 6), []).append(text)
    return [(t, ", ".join(texts)) for t, texts in merged.items()]


@style.styled()
def cap_picture(cluster: Cluster, key="x", culprit: Operation | None = None):
    """The cluster diagram next to the swimlanes of its history."""
    fig, (left, right) = style.figure(1, 2, figsize=(12.0, 4.0),
                                      gridspec_kw={"width_ratios": [1, 3]})
    cluster_diagram(cluster, key, ax=left, title=f"{cluster.mode.upper()}: stored at the end")
    swimlanes(cluster.history, cluster.n, events=cluster.events, culprit=culprit, ax=right)
    return fig


@style.styled()
def availability_vs_consistency(rows: list[dict], *, ax=None):
    """Per configuration: share of requests answered and share of reads that were fresh."""
    fig, ax = style.new_axes(ax)
    names = [row["mode"] for row in rows]
    x = np.arange(len(rows))
    available = [row["availability"] for row in rows]
    fresh = [1 - row["stale rate"] for row in rows]
    ax.bar(x - 0.2, available, 0.4, label="requests answered", color=style.PALETTE["blue"])
    ax.bar(x + 0.2, fresh, 0.4, label="answered reads that were fresh",
           color=style.PALETTE["orange"])
    for i, row in enumerate(rows):
        verdict = "linearizable" if row.get("linearizable") else "not linearizable"
        ax.text(i, 1.03, verdict, ha="center", fontsize=9, fontweight="bold")
    ax.set_xticks(x, names)
    ax.set_ylim(0, 1.3)
    ax.set_yticks(np.linspace(0, 1, 6))
    style.percent_axis(ax)
    ax.legend(loc="upper center", ncols=2)
    style.label(ax, "During a partition: availability or consistency", "configuration",
                "share")
    return fig


@style.styled()
def latency_by_level(rows: list[dict], *, ax=None):
    """Latency percentiles (no partition) for each consistency level (R, W)."""
    fig, ax = style.new_axes(ax)
    names = [f"R={row['R']}, W={row['W']}" for row in rows]
    x = np.arange(len(rows))
    columns = [c for c in rows[0] if c.endswith("latency (ms)")]
    width = 0.8 / len(columns)
    for j, column in enumerate(columns):
        ax.bar(x + (j - (len(columns) - 1) / 2) * width, [row[column] for row in rows], width,
               label=column.replace(" latency (ms)", ""), color=style.COLORS[j])
    top = max(max(row[c] for c in columns) for row in rows) or 1.0
    for i, row in enumerate(rows):
        tallest = max(row[c] for c in columns)
        ax.text(i, tallest + 0.02 * top, f"{row['stale rate']:.0%} of reads stale"
                + ("\n(answered locally: 0 ms)" if tallest == 0 else ""),
                ha="center", va="bottom", fontsize=8)
    ax.set_ylim(0, top * 1.15)
    ax.set_xticks(x, names)
    ax.legend(title="percentile")
    style.label(ax, "Else (no partition): consistency costs latency", "consistency level",
                "request latency (ms)")
    return fig


@style.styled()
def stale_curve_plot(curve: dict, *, ax=None):
    """Simulated share of stale follower reads vs time since the write, with the formula."""
    fig, ax = style.new_axes(ax)
    ax.plot(curve["t_fine"], curve["analytic_fine"], color=style.PALETTE["blue"],
            label="analytic P(delay > t)")
    ax.errorbar(curve["t"], curve["simulated"], yerr=2 * curve["stderr"], fmt="o", markersize=4,
                color=style.PALETTE["orange"], capsize=2,
                label=f"simulated ({curve['trials']} reads per point, ±2 s.e.)")
    ax.set_ylim(-0.03, 1.05)
    style.percent_axis(ax)
    ax.legend()
    style.label(ax, "Async replication: how long is a follower stale?",
                "time between the write and the follower read (ms)", "reads that are stale")
    return fig


@style.styled()
def quorum_heatmap(rates: np.ndarray, *, chosen: tuple[int, int] | None = None, ax=None):
    """Stale-read rate for every (W, R); the R + W > N cells are outlined in green.

    ``chosen`` = (R, W) marks one configuration with a ring and names its rate in the title.
    """
    n = rates.shape[0]
    fig, ax = style.new_axes(ax, figsize=(6.0, 4.8))
    image = ax.imshow(rates, origin="lower", cmap="cividis", vmin=0, vmax=1,
                      extent=(0.5, n + 0.5, 0.5, n + 0.5))
    for w in range(1, n + 1):
        for r in range(1, n + 1):
            rate = rates[w - 1, r - 1]
            ax.text(r, w, f"{rate:.0%}", ha="center", va="center", fontsize=9,
                    color="black" if rate > 0.5 else "white")
            if r + w > n:
                ax.add_patch(_cell(r, w))
    ax.set_xticks(range(1, n + 1))
    ax.set_yticks(range(1, n + 1))
    ax.grid(False)
    fig.colorbar(image, ax=ax, label="reads that are stale", format="{x:.0%}")
    title = f"N = {n}: stale reads by quorum size\n(green outline: R + W > N)"
    if chosen is not None:
        r, w = chosen
        ax.plot(r, w, marker="o", markersize=min(40, 150 / n), markerfacecolor="none",
                markeredgecolor=style.PALETTE["vermillion"], markeredgewidth=2.5)
        title = (f"N = {n}, R = {r}, W = {w}: {rates[w - 1, r - 1]:.0%} of reads stale\n"
                 f"(green outline: R + W > N; ring: your choice)")
    style.label(ax, title, "read quorum R", "write quorum W")
    return fig


def _cell(r, w):
    return Rectangle((r - 0.5, w - 0.5), 1, 1, fill=False, edgecolor=style.GOOD, linewidth=2.5)


@style.styled()
def session_bars(rows: list[dict], *, ax=None):
    """Session-guarantee violations for each way of routing a client's requests."""
    fig, ax = style.new_axes(ax)
    names = [row["routing"] for row in rows]
    x = np.arange(len(rows))
    columns = ["read-your-writes violations", "monotonic-read violations", "refused"]
    for j, column in enumerate(columns):
        bars = ax.bar(x + (j - 1) * 0.27, [row[column] for row in rows], 0.27, label=column,
                      color=[style.PALETTE["vermillion"], style.PALETTE["purple"],
                             style.NEUTRAL][j])
        ax.bar_label(bars, fontsize=8)
    ax.set_xticks(x, names)
    ax.legend()
    style.label(ax, "Session guarantees for one client", "how the client's requests are routed",
                "requests (count)")
    return fig


# ------------------------------------------------------------------------ panel views
def cap_view(result: dict, **_values):
    """The cluster and its swimlanes (the culprit read marked), and availability per side."""
    table = pd.DataFrame(
        [{"nodes reachable together": "{" + ", ".join(map(str, side)) + "}",
          "requests answered": f"{share:.0%}"}
         for side, share in result["availability"].items()])
    return [cap_picture(result["cluster"], culprit=result["verdict"].culprit), table]


def modes_view(result: list[dict], **_values):
    """CP next to AP: requests answered and fresh reads."""
    return availability_vs_consistency(result)


def pacelc_view(result: list[dict], **_values):
    """Latency by consistency level, and the numbers behind it."""
    table = pd.DataFrame(result)[["R", "W", "R+W>N", "stale rate", "p50 latency (ms)",
                                  "p99 latency (ms)"]].round(3)
    return [latency_by_level(result), table]


def lag_view(result: dict, **_values):
    """The stale-read curve, simulated against the formula."""
    return stale_curve_plot(result)


def quorum_view(result: np.ndarray, *, r: int, w: int, **_values):
    """The stale-read heatmap with the reader's (R, W) ringed, capped at N."""
    n = result.shape[0]
    return quorum_heatmap(result, chosen=(min(r, n), min(w, n)))


def session_view(result: list[dict], **_values):
    """Violations per routing, as bars and as a table."""
    return [session_bars(result), pd.DataFrame(result)]
