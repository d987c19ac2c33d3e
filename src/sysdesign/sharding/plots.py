"""Figures for the sharding and consistent-hashing notebooks; each returns a Figure.

The ``*_view`` functions at the end draw the panels: ``foo_view(result, **values)`` turns
what ``experiments.foo`` returned into the figures (and tables) the panel shows.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.patches import FancyBboxPatch, Rectangle

from sysdesign.core import style

from .explorer import ShardReport
from .hashing import RING_SIZE
from .ring import HashRing


@style.styled()
def scaling_patterns():
    """Replication, federation, sharding and denormalisation drawn as tables on servers."""
    fig, axes = style.figure(1, 4, figsize=(12, 3.4))
    colours = {"users": style.PALETTE["blue"], "posts": style.PALETTE["orange"],
               "likes": style.PALETTE["green"]}
    # Each picture: a list of servers, each a list of (table, rows shown, dashed?).
    pictures = {
        "Replication\n(copy everything)": [
            ("primary", [("users", 1.0), ("posts", 1.0)]),
            ("replica", [("users", 1.0), ("posts", 1.0)]),
            ("replica", [("users", 1.0), ("posts", 1.0)])],
        "Federation\n(split by table)": [
            ("users DB", [("users", 1.0)]), ("posts DB", [("posts", 1.0)]),
            ("likes DB", [("likes", 1.0)])],
        "Sharding\n(split by row)": [
            ("shard 0", [("users", 0.33), ("posts", 0.33)]),
            ("shard 1", [("users", 0.33), ("posts", 0.33)]),
            ("shard 2", [("users", 0.33), ("posts", 0.33)])],
        "Denormalisation\n(copy columns to skip joins)": [
            ("one DB", [("users", 1.0), ("posts", 1.0), ("likes", 0.6)])],
    }
    for ax, (title, servers) in zip(axes, pictures.items(), strict=True):
        ax.set_xlim(0, 3)
        ax.set_ylim(0, 3.3)
        ax.axis("off")
        ax.set_title(title, fontsize=10)
        width = 3 / len(servers)
        for i, (name, tables) in enumerate(servers):
            x = i * width + 0.1
            ax.add_patch(FancyBboxPatch((x, 0.2), width - 0.2, 2.6, boxstyle="round,pad=0.02",
                                        fc="#f4f4f4", ec=style.NEUTRAL))
            ax.text(x + (width - 0.2) / 2, 2.95, name, ha="center", fontsize=8)
            for j, (table, fill) in enumerate(tables):
                y = 2.2 - j * 0.75
                ax.add_patch(Rectangle((x + 0.08, y), (width - 0.36) * fill, 0.55,
                                       fc=colours[table], alpha=0.85))
                ax.text(x + 0.12, y + 0.2, table if fill > 0.5 else table[0], fontsize=7,
                        color="white")
    fig.suptitle("Four ways to grow a database (bar length = share of the table's rows)",
                 fontsize=11)
    return fig


@style.styled()
def shard_loads(report: ShardReport, *, ax=None):
    """Share of all rows and of the last hour's writes per shard; the hot shard in red."""
    fig, ax = style.new_axes(ax)
    n = report.num_shards
    x = np.arange(n)
    rows = report.rows / max(report.rows.sum(), 1)
    recent = report.recent_rows / max(report.recent_rows.sum(), 1)
    colours = [style.BAD if i == report.hot_shard else style.PALETTE["blue"] for i in x]
    ax.bar(x - 0.2, rows, width=0.4, color=colours, label="all rows (hot shard in red)")
    ax.bar(x + 0.2, recent, width=0.4, color=style.PALETTE["orange"],
           label="writes in the last hour")
    ax.axhline(1 / n, color=style.NEUTRAL, ls="--", label=f"even share 1/{n}")
    ax.set_xticks(x if n <= 16 else x[:: max(1, n // 16)])
    ax.set_ylim(0, max(rows.max(), recent.max()) * 1.15)
    style.percent_axis(ax)
    ax.legend(loc="upper right")
    style.label(ax, f"{report.strategy}: busiest shard holds {report.imbalance:.2f}x its share",
                "shard", "share of rows (%)")
    return fig


def report_table(report: ShardReport) -> pd.DataFrame:
    """The explorer's numbers as a small table (a DataFrame, shown under the figure)."""
    return pd.DataFrame({
        "value": [f"{report.imbalance:.2f}", f"{report.cov:.2f}",
                  f"{report.fanout_user_latest:.2f} of {report.num_shards}",
                  f"{report.fanout_last_hour:.0f} of {report.num_shards}"],
    }, index=["max/mean rows", "CoV of rows", "shards per 'user's latest 10' (mean)",
              "shards per 'all messages in the last hour'"])


@style.styled()
def ring_diagram(ring: HashRing, keys=None, *, moved=None, ax=None, title=None,
                 colour_order=None):
    """The ring as a circle: vnodes as ticks on the rim, keys as dots inside, moved keys ringed.

    ``colour_order`` lists nodes in palette order, so a node keeps its colour across
    before/after pictures even when another node leaves.
    """
    fig, ax = style.new_axes(ax, figsize=(7.5, 5.5))
    positions, owners = ring.points()
    order = list(colour_order) if colour_order is not None else ring.nodes
    palette = style.COLORS[:-1]  # black is kept for the moved-key rings
    colours = np.array([palette[(order.index(node) if node in order else len(order) + i)
                                % len(palette)] for i, node in enumerate(ring.nodes)])
    angle = lambda h: np.pi / 2 - 2 * np.pi * (np.asarray(h, dtype=float) / RING_SIZE)  # noqa: E731
    t = np.linspace(0, 2 * np.pi, 300)
    ax.plot(np.cos(t), np.sin(t), color=style.NEUTRAL, lw=1)
    a = angle(positions)
    for i, node in enumerate(ring.nodes):
        mine = owners == i
        ax.scatter(np.cos(a[mine]), np.sin(a[mine]), s=60, marker="s", color=colours[i],
                   edgecolor="black", lw=0.5, zorder=3, label=f"{node} ({mine.sum()} vnodes)")
    if keys is not None and len(keys):
        hashes = ring.hash_fn
        k = angle([hashes(key) for key in keys])
        who = ring.assign(keys)
        ax.scatter(0.85 * np.cos(k), 0.85 * np.sin(k), s=14, color=colours[who], zorder=2)
        if moved is not None and np.any(moved):
            ax.scatter(0.85 * np.cos(k[moved]), 0.85 * np.sin(k[moved]), s=70, facecolor="none",
                       edgecolor="black", lw=1.2, zorder=4, label=f"moved keys ({moved.sum()})")
    ax.set_aspect("equal")
    ax.set_xlim(-1.25, 1.25)
    ax.set_ylim(-1.25, 1.25)
    ax.axis("off")
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8)
    ax.set_title(title or f"Hash ring: {len(ring.nodes)} nodes x {ring.vnodes} virtual nodes")
    ax.text(0, -1.22, "squares: virtual nodes on the rim (hash 0 at the top, growing clockwise)\n"
            "dots: keys, each owned by the next square clockwise", ha="center", va="top",
            fontsize=8)
    return fig


@style.styled()
def balance_curve(curve: pd.DataFrame, *, marker: int | None = None, ax=None):
    """CoV and max/mean of ring ownership as virtual nodes grow (log x)."""
    fig, ax = style.new_axes(ax)
    ax.plot(curve.index, curve["CoV"], "o-", color=style.PALETTE["blue"],
            label="coefficient of variation")
    ax.plot(curve.index, curve["max/mean"] - 1, "s-", color=style.PALETTE["vermillion"],
            label="max/mean - 1 (busiest node's excess)")
    ax.plot(curve.index, 1 / np.sqrt(curve.index), ":", color=style.NEUTRAL,
            label="1/sqrt(vnodes)")
    if marker is not None and marker in curve.index:
        ax.axvline(marker, color=style.PALETTE["green"], ls="--", label=f"{marker} vnodes")
    ax.set_xscale("log")
    ax.set_ylim(bottom=0)
    ax.legend()
    style.label(ax, "More virtual nodes, more even load", "virtual nodes per node (log scale)",
                "imbalance (0 = perfectly even)")
    return fig


@style.styled()
def scheme_comparison(table: pd.DataFrame, *, ax=None):
    """Share of keys moved on N -> N+1 for each scheme, against the ideal 1/(N+1)."""
    fig, ax = style.new_axes(ax)
    colours = [style.BAD if share > 2 * ideal else style.GOOD
               for share, ideal in zip(table["moved share"], table["ideal 1/(N+1)"], strict=True)]
    bars = ax.bar(table.index, table["moved share"], color=colours)
    ax.axhline(table["ideal 1/(N+1)"].iloc[0], color="black", ls="--", label="ideal 1/(N+1)")
    for bar, share in zip(bars, table["moved share"], strict=True):
        ax.annotate(f"{share:.1%}", (bar.get_x() + bar.get_width() / 2, share), ha="center",
                    va="bottom", fontsize=9)
    ax.set_ylim(0, 1.05)
    style.percent_axis(ax)
    ax.legend()
    style.label(ax, "Keys that move when one shard is added", "scheme", "share of keys moved (%)")
    return fig


@style.styled()
def moved_share_curves(curves: dict[str, np.ndarray], shard_counts, *, ax=None):
    """Share moved on N -> N+1 for each scheme as N grows, with the ideal 1/(N+1)."""
    fig, ax = style.new_axes(ax)
    n = np.asarray(shard_counts)
    for colour, (name, share) in zip(style.COLORS, curves.items(), strict=False):
        ax.plot(n, share, "o-", color=colour, label=name)
    ax.plot(n, 1 / (n + 1), "k--", label="ideal 1/(N+1)")
    ax.set_ylim(0, 1.05)
    style.percent_axis(ax)
    ax.legend()
    style.label(ax, "Resharding cost: keys moved when one shard joins", "shards before (N)",
                "share of keys moved (%)")
    return fig


# --- panel views: draw(result, **control values) ---------------------------------------

def shard_key_view(result: ShardReport, **_values) -> list:
    """The shard-key panel: load per shard, and the explorer's numbers as a table."""
    return [shard_loads(result), report_table(result)]


def ring_view(result: dict, change: str = "add a node", **_values):
    """The ring panel: the ring after the change, moved keys circled, the moved share titled."""
    moved = result["moved"]
    title = (f"{change}: {moved.sum()} of {len(moved)} keys moved "
             f"({moved.mean():.0%}; ideal {result['ideal']:.0%})")
    return ring_diagram(result["ring"], result["keys"], moved=moved, title=title,
                        colour_order=result["nodes"])


def vnodes_view(result: pd.DataFrame, vnodes: int = 100, **_values) -> list:
    """The virtual-nodes panel: the balance curve marked at ``vnodes``, and that row."""
    return [balance_curve(result, marker=vnodes), result.loc[[vnodes]].round(3)]


def schemes_view(result: pd.DataFrame, **_values) -> list:
    """The schemes panel: keys moved per scheme as bars, and the whole table."""
    return [scheme_comparison(result), result.round(3)]
