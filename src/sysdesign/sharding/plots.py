"""Figures for the sharding and consistent-hashing notebooks; each returns a Figure with alt text.

The ``*_view`` functions at the end draw the panels: ``foo_view(result, **values)`` turns
what ``experiments.foo`` returned into the figures (and tables) the panel shows.
"""

from __future__ import annotations

import matplotlib.ticker as mticker
import numpy as np
import pandas as pd
from matplotlib.collections import LineCollection
from matplotlib.colors import ListedColormap
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch, Rectangle

from sysdesign.core import style

from .bounded import BoundedPlacement, capacity
from .explorer import ShardReport
from .hashing import RING_SIZE
from .ring import HashRing

BLUE, SKY, ORANGE = style.PALETTE["blue"], style.PALETTE["sky"], style.PALETTE["orange"]
TABLE_COLOURS = {"users": BLUE, "posts": ORANGE, "likes": style.PALETTE["green"]}
SCHEME_COLOURS = {"mod-N": style.PALETTE["vermillion"], "ring": BLUE,
                  "rendezvous": style.PALETTE["green"], "jump": style.PALETTE["purple"],
                  "logical shards": ORANGE}
# The ring's node colours: the palette without black (moved keys are ringed in black).
NODE_COLOURS = style.COLORS[:-1]


def _percent(share: float) -> str:
    return f"{100 * share:.0f} %"


def _fixed_layout(fig, *, left: float = 0.75, bottom: float = 0.55, right: float = 0.2,
                  top: float = 0.4, gap: float = 0.8):
    """Place the axes (one row) with fixed margins, in inches, instead of constrained layout.

    Constrained layout measures every label in an extra pass before it paints; fixed
    margins paint once, in about half the time. Returns the figure.
    """
    fig.set_layout_engine(None)
    width, height = fig.get_size_inches()
    axes = fig.axes
    each = (width - left - right - gap * (len(axes) - 1)) / len(axes)
    for i, ax in enumerate(axes):
        ax.set_position([(left + i * (each + gap)) / width, bottom / height, each / width,
                         (height - bottom - top) / height])
    return fig


def _drawn_ticks_only(ax) -> None:
    """Pin each axis's ticks to the ones it draws, once the limits are set.

    Locators also propose a tick past each end of the axis (a log axis a decade past it);
    matplotlib builds those (five artists a tick) and then leaves them out. Fixing the ticks
    inside the limits, with matplotlib's own tolerance at the ends, draws the same picture
    without that work."""
    for axis in (ax.xaxis, ax.yaxis):
        scale = axis.get_transform()
        low, high = sorted(scale.transform(sorted(axis.get_view_interval())))
        slack = (high - low) * 1e-10
        locs = axis.get_majorticklocs()
        axis.set_major_locator(mticker.FixedLocator(
            [loc for loc, at in zip(locs, scale.transform(locs), strict=True)
             if low - slack <= at <= high + slack]))


def _inches(fig, ax, x: float, y: float, w: float, h: float) -> None:
    """Put one axes at (x, y) with size (w, h), all in inches from the lower left corner."""
    width, height = fig.get_size_inches()
    ax.set_position([x / width, y / height, w / width, h / height])


def _log(ax, axis: str = "x") -> None:
    """A log axis with plain labels and no minor ticks (each tick costs drawing time)."""
    style.log_axis(ax, axis)
    (ax.xaxis if axis == "x" else ax.yaxis).set_minor_locator(mticker.NullLocator())


# --- notebook 11 -----------------------------------------------------------------------

def _table(ax, x, y, width, name, columns, *, rows="all rows", copied=(), colour=None,
           named: bool = True):
    """A table glyph: its name, one box per column, a caption saying which rows it holds.

    Boxes go in with ``add_artist``, not ``add_patch``: the limits are fixed, so there is no
    need to grow them patch by patch (the same drawing, in less time).

    Columns named in ``copied`` are hatched: a copy of another table's column. With
    ``named=False`` the column boxes carry no labels (fewer texts draw faster).
    """
    colour = colour or TABLE_COLOURS.get(name, style.NEUTRAL)
    ax.text(x, y + 0.62, name, fontsize=8, fontweight="bold")
    step = width / len(columns)
    for i, column in enumerate(columns):
        copy = column in copied
        ax.add_artist(Rectangle((x + i * step, y), step, 0.5, fc="white" if copy else colour,
                               ec=colour, hatch="///" if copy else None, lw=1.2,
                               alpha=1 if copy else 0.85))
        if named:
            ax.text(x + (i + 0.5) * step, y + 0.25, column, ha="center", va="center",
                    fontsize=6.5, color="black" if copy else "white",
                    fontweight="bold" if copy else "normal",
                    bbox={"fc": "white", "ec": "none", "pad": 1} if copy else None)
    ax.text(x, y - 0.22, rows, fontsize=7, color="#444444", va="center")


def _server(ax, x, y, width, name, height=2.9):
    ax.add_artist(FancyBboxPatch((x, y + 0.15), width, height, boxstyle="round,pad=0.02",
                                fc="#f4f4f4", ec=style.NEUTRAL))
    ax.text(x + width / 2, y + height + 0.3, name, ha="center", fontsize=8)


@style.styled()
def scaling_patterns():
    """Replication, federation, vertical partitioning, sharding and denormalisation,
    drawn as tables (boxes = columns) on servers (grey boxes)."""
    fig, ax = style.figure(figsize=(11.5, 6.4))
    fig.set_layout_engine(None)  # one axes over the whole figure, drawn in one pass
    ax.set_position([0.005, 0.0, 0.99, 0.93])
    ax.set_xlim(0, 10.0)
    ax.set_ylim(0, 9.45)
    ax.axis("off")
    user_cols, post_cols = ["id", "name"], ["id", "author", "text"]
    cells = {(row, col): (col * 3.35, 4.85 - row * 4.8) for row in (0, 1) for col in (0, 1, 2)}

    def title(cell, text):
        x, y = cells[cell]
        ax.text(x + 1.6, y + 3.95, text, ha="center", fontsize=10, fontweight="bold")

    x, y = cells[0, 0]
    title((0, 0), "Replication\n(copy everything: reads scale)")
    for i, name in enumerate(["primary", "replica", "replica"]):
        _server(ax, x + 0.05 + i * 1.08, y, 1.0, name)
        _table(ax, x + 0.12 + i * 1.08, y + 2.1, 0.86, "users", user_cols, named=False)
        _table(ax, x + 0.12 + i * 1.08, y + 0.75, 0.86, "posts", post_cols, named=False)

    x, y = cells[0, 1]
    title((0, 1), "Federation = functional partitioning\n(one database per table or feature)")
    for i, (server, table, cols) in enumerate([("users DB", "users", user_cols),
                                               ("posts DB", "posts", post_cols),
                                               ("likes DB", "likes", ["user", "post"])]):
        _server(ax, x + 0.05 + i * 1.08, y, 1.0, server)
        _table(ax, x + 0.12 + i * 1.08, y + 2.1, 0.86, table, cols, named=False)

    x, y = cells[0, 2]
    title((0, 2), "Vertical partitioning, database sense\n(split one table's columns)")
    _server(ax, x + 0.05, y, 1.55, "server A (hot columns)")
    _table(ax, x + 0.12, y + 2.1, 1.4, "users", ["id", "name", "email"])
    _server(ax, x + 1.7, y, 1.55, "server B (cold columns)")
    _table(ax, x + 1.77, y + 2.1, 1.4, "users", ["id", "bio", "avatar"], rows="all rows, same ids")

    x, y = cells[1, 0]
    title((1, 0), "Sharding = horizontal partitioning\n(split one table's rows by a key)")
    for i in range(3):
        _server(ax, x + 0.05 + i * 1.08, y, 1.0, f"shard {i}")
        _table(ax, x + 0.12 + i * 1.08, y + 2.1, 0.86, "users", user_cols,
               rows=f"users {1000 * i}-{1000 * i + 999}", named=False)
        _table(ax, x + 0.12 + i * 1.08, y + 0.75, 0.86, "posts", post_cols, rows="their posts",
               named=False)

    x, y = cells[1, 1]
    title((1, 1), "Denormalisation\n(copy a column to skip a join: nothing spreads)")
    _server(ax, x + 0.05, y, 3.2, "one database")
    _table(ax, x + 0.3, y + 2.1, 1.2, "users", user_cols)
    _table(ax, x + 0.3, y + 0.75, 2.6, "posts", post_cols + ["author name"],
           copied=("author name",), rows="every post repeats its author's name")
    ax.add_patch(FancyArrowPatch((x + 1.2, y + 2.08), (x + 2.6, y + 1.27), arrowstyle="-|>",
                                 mutation_scale=12, color=BLUE,
                                 connectionstyle="arc3,rad=-0.25"))
    ax.text(x + 2.05, y + 1.95, "copied", fontsize=8, color=BLUE)

    x, y = cells[1, 2]
    ax.text(x, y + 3.0, "How to read the pictures", fontsize=9, fontweight="bold")
    ax.text(x, y + 2.85, "grey box: a server\ncoloured boxes: a table's columns\n"
                         "(users: id, name; posts: id, author, text)\n"
                         "caption: which rows it holds\nhatched column: a copy of data\n"
                         "that lives in another table", fontsize=8, va="top", linespacing=1.5)
    fig.suptitle("Five ways to reshape a database that has outgrown one server", fontsize=12)
    return style.describe(fig, (
        "Five diagrams of tables on servers. Replication copies every table to three servers; "
        "federation puts users, posts and likes in separate databases; vertical partitioning "
        "splits the users table's columns over two servers; sharding splits the users and "
        "posts rows over three shards by user id; denormalisation keeps one database but "
        "copies the author's name into every post, which saves a join and spreads nothing."))


@style.styled()
def shard_loads(report: ShardReport, *, ax=None):
    """Share of all rows and of the last hour's writes per shard; the busiest shard marked."""
    fig, ax = style.new_axes(ax)
    n = report.num_shards
    x = np.arange(n)
    rows = report.rows / max(report.rows.sum(), 1)
    recent = report.recent_rows / max(report.recent_rows.sum(), 1)
    hot = report.hot_shard
    ax.bar(x - 0.2, rows, width=0.4, color=BLUE, label="all rows stored")
    ax.bar(x + 0.2, recent, width=0.4, color=SKY, label="writes in the last hour")
    ax.bar([hot - 0.2], [rows[hot]], width=0.4, fill=False, edgecolor="black", lw=2)
    top = max(rows.max(), recent.max())
    ax.text(hot - 0.2, rows[hot] + top * 0.02, "busiest", ha="center", va="bottom", fontsize=8)
    ax.axhline(1 / n, color=style.NEUTRAL, ls="--", label=f"even share 1/{n}")
    ax.set_xticks(x if n <= 16 else x[:: max(1, n // 16)])
    ax.set_ylim(0, top * 1.18)
    style.percent_axis(ax)
    ax.legend(loc="upper left", ncols=3, fontsize=8)
    style.label(ax, f"{report.strategy}: busiest shard holds {report.imbalance:.2f}x its share",
                "shard", "share (%)")
    if ax.figure.axes == [ax]:
        _fixed_layout(ax.figure)
    busiest_recent = int(np.argmax(recent))
    return style.describe(ax.figure, (
        f"Bar chart of the share of rows and of last-hour writes on each of {n} shards, sharded "
        f"by {report.strategy}. The busiest shard, {hot}, holds {_percent(rows[hot])} of the "
        f"rows, {report.imbalance:.2f} times an even share of 1/{n} ({100 / n:.3g} %); shard "
        f"{busiest_recent} takes {_percent(recent[busiest_recent])} of the last hour's writes."))


def report_table(report: ShardReport) -> pd.DataFrame:
    """The explorer's numbers as a small table (a DataFrame, shown under the figure)."""
    n = report.num_shards
    return pd.DataFrame({
        "value": [f"{report.imbalance:.2f}", f"{report.cov:.2f}",
                  f"{report.fanout_user_latest:.2f} of {n}",
                  f"{report.fanout_last_hour:.0f} of {n}",
                  f"{report.fanout_near_me:.2f} of {n}"],
    }, index=["max/mean rows", "CoV of rows", "shards per 'user's latest 10' (mean)",
              "shards per 'all messages in the last hour'",
              "shards per 'messages near me' (mean)"])


@style.styled()
def moved_share_curves(curves: dict[str, np.ndarray], shard_counts, *, ax=None):
    """Share moved on N -> N+1 for each scheme as N grows, with the ideal 1/(N+1)."""
    fig, ax = style.new_axes(ax)
    n = np.asarray(shard_counts)
    for name, share in curves.items():
        colour = SCHEME_COLOURS.get(name, style.NEUTRAL)
        ax.plot(n, share, "o-", color=colour, label=name, ms=4)
    ax.plot(n, 1 / (n + 1), "k--", lw=1, label="ideal 1/(N+1)")
    ax.set_ylim(0, 1.05)
    style.percent_axis(ax)
    ax.legend(loc="center right", fontsize=8)
    style.label(ax, "Resharding cost: keys moved when one shard joins", "shards before (N)",
                "share of keys moved (%)")
    if fig.axes == [ax]:
        _fixed_layout(fig)
    worst = max(curves, key=lambda name: curves[name][-1])
    return style.describe(fig, (
        f"Line chart of the share of keys that move when shard N+1 joins N shards, for N from "
        f"{n[0]} to {n[-1]}. {worst} moves {_percent(curves[worst][-1])} at N = {n[-1]}, "
        f"almost everything, while the other schemes follow the ideal 1/(N+1), "
        f"{_percent(1 / (n[-1] + 1))} there."))


@style.styled()
def resharding_view(result: dict, **_values):
    """The resharding timeline: logical shards as a grid coloured by server, moved ones
    outlined; beside it, the share of keys moved so far against mod-N."""
    fig, (grid_ax, bar_ax) = style.figure(1, 2, figsize=(9.5, 4.0))
    fig.set_layout_engine(None)  # fixed places, in inches: one drawing pass
    _inches(fig, grid_ax, 0.15, 0.45, 2.95, 2.95)
    _inches(fig, bar_ax, 5.85, 0.55, 3.4, 2.85)
    shards = result["shards"]
    side = int(np.ceil(np.sqrt(shards.num_logical)))
    owner = np.full(side * side, np.nan)
    owner[:shards.num_logical] = shards.owner
    colours = ListedColormap(NODE_COLOURS[:len(shards.servers)])
    grid_ax.pcolormesh(owner.reshape(side, side), cmap=colours, vmin=-0.5,
                       vmax=len(shards.servers) - 0.5, edgecolors="white", linewidth=1.5)
    moved = [m.logical for m in result["done"]]
    if moved:
        grid_ax.scatter(np.array(moved) % side + 0.5, np.array(moved) // side + 0.5, s=90,
                        marker="s", facecolor="none", edgecolor="black", lw=1.5)
    grid_ax.set_xlim(0, side)
    grid_ax.set_ylim(side, 0)
    grid_ax.set_aspect("equal")
    grid_ax.set_xticks([])
    grid_ax.set_yticks([])
    grid_ax.grid(False)
    for spine in grid_ax.spines.values():
        spine.set_visible(False)
    counts = shards.counts()
    handles = [Rectangle((0, 0), 1, 1, color=NODE_COLOURS[i]) for i in range(len(counts))]
    grid_ax.legend(handles, [f"{s}: {c}" for s, c in counts.items()], loc="upper left",
                   bbox_to_anchor=(1.0, 1.0), fontsize=8, title="logical shards",
                   title_fontsize=8)
    grid_ax.set_xlabel("logical shards (outlined: moved)")
    labels = ["mod-N, all at once", "logical shards, so far", "ideal 1/(N+1)"]
    values = [result["mod-N moved"], result["moved"], result["ideal"]]
    bar_ax.barh(labels, values, color=[style.PALETTE["vermillion"], ORANGE, style.NEUTRAL])
    for y, value in enumerate(values):
        bar_ax.text(value + 0.01, y, _percent(value), va="center", fontsize=9)
    bar_ax.set_xlim(0, 1)
    style.percent_axis(bar_ax, "x")
    bar_ax.set_xlabel("share of keys moved (%)")
    newcomer = shards.servers[-1]
    step, total = len(result["done"]), len(result["plan"])
    fig.suptitle(f"Step {step} of {total}: {step} logical shards copied to {newcomer}",
                 fontsize=12, fontweight="bold")
    return style.describe(fig, (
        f"A grid of {shards.num_logical} logical shards coloured by the server holding them, "
        f"and bars of keys moved. After {step} of {total} moves to the new server {newcomer}, "
        f"{_percent(result['moved'])} of the keys have moved; the ideal share for the whole "
        f"rebalance is {_percent(result['ideal'])}, against {_percent(result['mod-N moved'])} "
        f"moved by mod-N."))


# --- notebook 12: the ring --------------------------------------------------------------

def _angle(hashes) -> np.ndarray:
    """Ring position to angle: hash 0 at the top, growing clockwise."""
    return np.pi / 2 - 2 * np.pi * (np.asarray(hashes, dtype=float) / RING_SIZE)


@style.styled()
def ring_diagram(ring: HashRing, keys=None, *, moved=None, ax=None, title=None,
                 colour_order=None):
    """The ring as a circle: each node's arcs coloured on the rim, its points as ticks, keys
    as dots inside (coloured by owner), moved keys ringed.

    A key belongs to the first point clockwise from it, so a point owns the arc that ends at
    it: the rim is coloured from each point back, counter-clockwise, to the previous one.
    ``colour_order`` lists nodes in palette order, so a node keeps its colour across
    pictures even when another node leaves.
    """
    fig, ax = style.new_axes(ax, figsize=(7.5, 5.2))
    own = fig.axes == [ax]
    if own:
        fig.set_layout_engine(None)  # fixed place, in inches: one drawing pass
        _inches(fig, ax, 0.1, 0.5, 5.3, 4.3)
    positions, owners = ring.points()
    order = list(colour_order) if colour_order is not None else ring.nodes
    colour_of = {node: NODE_COLOURS[(order.index(node) if node in order else len(order) + i)
                                    % len(NODE_COLOURS)] for i, node in enumerate(ring.nodes)}
    colours = np.array([colour_of[node] for node in ring.nodes])
    ends = _angle(positions)
    starts = np.roll(ends, 1)  # each arc runs from the previous point, clockwise (angle falls)
    segments = []
    for start, end in zip(starts, ends, strict=True):
        if end >= start:  # the arc across the top (or a lone point's whole circle)
            end -= 2 * np.pi
        t = np.linspace(start, end, max(2, int(abs(start - end) * 20)))
        segments.append(np.column_stack([np.cos(t), np.sin(t)]))
    ax.add_collection(LineCollection(segments, colors=colours[owners], linewidths=7,
                                     capstyle="butt"))
    ticks = [[(0.9 * np.cos(a), 0.9 * np.sin(a)), (1.1 * np.cos(a), 1.1 * np.sin(a))]
             for a in ends]
    ax.add_collection(LineCollection(ticks, colors="black", linewidths=1.2))
    if keys is not None and len(keys):
        k = _angle([ring.hash_fn(key) for key in keys])
        who = ring.assign(keys)
        ax.scatter(0.8 * np.cos(k), 0.8 * np.sin(k), s=12, color=colours[who], zorder=2)
        if moved is not None and np.any(moved):
            ax.scatter(0.8 * np.cos(k[moved]), 0.8 * np.sin(k[moved]), s=60, facecolor="none",
                       edgecolor="black", lw=1.1, zorder=4)
    share = ring.ownership()
    handles = [Rectangle((0, 0), 1, 1, color=colours[i]) for i in range(len(ring.nodes))]
    labels = [f"{node}: {_percent(share[i])}" for i, node in enumerate(ring.nodes)]
    ax.legend(handles, labels, loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8,
              title="share of the ring", title_fontsize=8)
    ax.annotate("", xy=(0.35, 1.27), xytext=(-0.05, 1.27),
                arrowprops={"arrowstyle": "-|>", "color": "black"})
    ax.text(-0.1, 1.27, "0 ", ha="right", va="center", fontsize=8)
    ax.set_aspect("equal")
    ax.set_xlim(-1.3, 1.3)
    ax.set_ylim(-1.35, 1.35)
    ax.axis("off")
    points = len(positions) // max(1, len(ring.nodes))
    ax.set_title(title or f"Hash ring: {len(ring.nodes)} nodes, {points} "
                          f"point{'' if points == 1 else 's'} each",
                 fontsize=10.5, loc="left")
    ax.text(0, -1.3, "ticks: the nodes' points; each owns the rim arc that ends at it\n"
            "dots: keys, each stored on the first point clockwise (rings: moved keys)",
            ha="center", va="top", fontsize=8)
    biggest, smallest = int(np.argmax(share)), int(np.argmin(share))
    moved_text = f" {int(np.sum(moved))} keys are ringed as moved." if moved is not None else ""
    return style.describe(fig, (
        f"A hash ring drawn as a circle with {len(positions)} points for {len(ring.nodes)} "
        f"nodes; each point owns the rim arc that ends at it, going clockwise. "
        f"{ring.nodes[biggest]} owns {_percent(share[biggest])} of the ring and "
        f"{ring.nodes[smallest]} {_percent(share[smallest])}.{moved_text}"))


@style.styled()
def balance_curve(curve: pd.DataFrame, *, marker: int | None = None, num_nodes: int = 10):
    """Ring balance against virtual nodes per node: the busiest node's share over its fair
    share, and the CoV of the shares (measured, and the exact sqrt((N-1)/(Nv+1)))."""
    fig, ax = style.figure(figsize=(7.5, 4.0))
    v = curve.index.to_numpy()
    ax.plot(v, curve["max/mean"], "s-", color=style.PALETTE["vermillion"], ms=4)
    ax.plot(v, curve["CoV"], "o", color=BLUE, ms=5)
    ax.plot(v, curve["theory"], "-", color="black", lw=1)
    ax.axhline(1, color=style.NEUTRAL, ls="--", lw=1)
    right = v[-1] * 1.3
    ax.text(right, curve["max/mean"].iloc[-1], "busiest node / fair share", fontsize=8,
            color=style.PALETTE["vermillion"], va="bottom")
    ax.text(right, curve["CoV"].iloc[-1] + 0.05, "CoV: dots measured,\nline sqrt((N-1)/(Nv+1))",
            fontsize=8, va="bottom")
    marked = marker is not None and marker in curve.index
    _log(ax, "x")
    ax.set_xlim(v[0] * 0.8, v[-1] * 12)
    top = max(2.0, curve["max/mean"].max() * 1.05)
    ax.set_ylim(0, top)
    if marked:
        ax.axvline(marker, color=style.PALETTE["green"], ls=":", lw=1.5)
        # Beside the line, at the top; low counts have the busiest-node curve up there.
        ax.text(marker * 1.08, top * (0.97 if marker > 3 else 0.55), f"v = {marker}",
                color=style.PALETTE["green"], fontsize=8, va="top")
    _drawn_ticks_only(ax)
    style.label(ax, f"More virtual nodes, more even load ({num_nodes} nodes)",
                "virtual nodes per node (log)", "ratio")
    _fixed_layout(fig, left=0.6)
    first, last = curve.iloc[0], curve.iloc[-1]
    return style.describe(fig, (
        f"Line chart against virtual nodes per node, log scale, for {num_nodes} nodes. "
        f"The busiest node carries {first['max/mean']:.1f} times its fair share with {v[0]} "
        f"virtual node and {last['max/mean']:.2f} times with {v[-1]}; the coefficient of "
        f"variation of the shares falls from {first['CoV']:.2f} to {last['CoV']:.2f}, on the "
        f"exact curve sqrt((N-1)/(Nv+1))."
        + (f" A dotted line marks v = {marker}: {curve.loc[marker, 'max/mean']:.2f} times the "
           f"fair share, CoV {curve.loc[marker, 'CoV']:.2f}." if marked else "")))


@style.styled()
def scheme_comparison(table: pd.DataFrame, *, ax=None):
    """Share of keys moved on N -> N+1 for each scheme, against the ideal 1/(N+1)."""
    fig, ax = style.new_axes(ax)
    ideal = float(table["ideal 1/(N+1)"].iloc[0])
    colours = [style.BAD if share > 2 * ideal else style.GOOD for share in table["moved share"]]
    bars = ax.bar(table.index, table["moved share"], color=colours)
    ax.axhline(ideal, color="black", ls="--", lw=1)
    ax.text(len(table) - 0.5, 0.5, f"dashed: ideal 1/(N+1) = {_percent(ideal)}", ha="right",
            fontsize=9)
    for bar, share in zip(bars, table["moved share"], strict=True):
        ax.text(bar.get_x() + bar.get_width() / 2, share + 0.01, f"{share:.1%}", ha="center",
                va="bottom", fontsize=9)
    ax.set_ylim(0, 1.05)
    style.percent_axis(ax)
    _drawn_ticks_only(ax)
    style.label(ax, "Keys that move when one shard is added", "scheme", "share of keys moved (%)")
    if fig.axes == [ax]:
        _fixed_layout(fig)
    shares = ", ".join(f"{name} {_percent(s)}" for name, s in table["moved share"].items())
    return style.describe(fig, (
        f"Bar chart of the share of keys moved when one shard joins: {shares}, against an "
        f"ideal of {_percent(ideal)}. Only mod-N moves far more than the newcomer's share."))


@style.styled()
def lookup_measurements(table: pd.DataFrame, machine: dict):
    """Measured one-key lookup time and router state per scheme against the node count."""
    fig, (time_ax, memory_ax) = style.figure(1, 2, figsize=(10.0, 3.9))
    for scheme, rows in table.groupby("scheme", sort=False):
        colour = SCHEME_COLOURS.get(scheme, style.NEUTRAL)
        for ax, column, scale in ((time_ax, "ns per lookup", 1e-3),
                                  (memory_ax, "state bytes", 1e-3)):
            ax.plot(rows["nodes"], rows[column] * scale, "o-", color=colour, ms=4)
            ax.text(rows["nodes"].iloc[-1] * 1.15, rows[column].iloc[-1] * scale, scheme,
                    color=colour, fontsize=8, va="center")
    for ax in (time_ax, memory_ax):
        _log(ax, "x")
        _log(ax, "y")
        ax.set_xlim(right=table["nodes"].max() * 3)
        _drawn_ticks_only(ax)
    style.label(time_ax, "CPU time per one-key lookup", "nodes", "microseconds (log)")
    style.label(memory_ax, "Router state", "nodes", "kB (log)")
    _fixed_layout(fig, left=0.8, top=0.65, gap=0.9)
    fig.suptitle(f"Measured on {machine['cpu']} (load average {machine.get('load', '?')}), "
                 f"Python {machine['python']}, {machine['date']}; ring: 100 points per node",
                 fontsize=9)
    biggest = table.loc[table["nodes"] == table["nodes"].max()].set_index("scheme")
    slowest = biggest["ns per lookup"].idxmax()
    heaviest = biggest["state bytes"].idxmax()
    return style.describe(fig, (
        f"Two log-log line charts against the number of nodes, measured on {machine['cpu']} "
        f"on {machine['date']}. At {table['nodes'].max()} nodes {slowest} is the slowest "
        f"one-key lookup, {biggest.loc[slowest, 'ns per lookup'] / 1000:.0f} microseconds of CPU, "
        f"since it scores every node; {heaviest} keeps the most state, "
        f"{biggest.loc[heaviest, 'state bytes'] / 1e6:.1f} MB of ring points."))


@style.styled()
def dynamo_strategies_view(table: pd.DataFrame):
    """Dynamo's Figure 8, for uniform keys: load-balancing efficiency against metadata."""
    fig, ax = style.figure(figsize=(7.0, 3.8))
    for (strategy, rows), colour in zip(table.groupby("strategy", sort=False), (BLUE, ORANGE),
                                        strict=True):
        ax.plot(rows["metadata entries"], rows["efficiency"], "o-", color=colour, ms=4,
                label=f"strategy {strategy}")
    _log(ax, "x")
    ax.set_ylim(0, 1.05)
    _drawn_ticks_only(ax)
    ax.legend(loc="lower right", fontsize=8)
    style.label(ax, "Same metadata, better balance with fixed partitions",
                "entries in the membership map (log)", "efficiency: mean / busiest load")
    _fixed_layout(fig)
    s1 = table[table["strategy"].str.startswith("1")]
    s3 = table[table["strategy"].str.startswith("3")]
    near = s1.iloc[(s1["metadata entries"] - 256).abs().argmin()]
    near3 = s3.iloc[(s3["metadata entries"] - 256).abs().argmin()]
    return style.describe(fig, (
        f"Line chart of load-balancing efficiency against the size of the membership map. "
        f"With about {near['metadata entries']} entries random tokens reach an efficiency of "
        f"{near['efficiency']:.2f}, while {near3['metadata entries']} fixed equal partitions "
        f"reach {near3['efficiency']:.2f}: strategy 3 balances better for the same metadata."))


@style.styled()
def bounded_view(result: BoundedPlacement, epsilon: float = 0.25, **_values):
    """Requests per node with plain consistent hashing and with bounded loads."""
    fig, ax = style.figure(figsize=(7.0, 3.8))
    x = np.arange(len(result.nodes))
    plain, bounded = result.home_loads, result.loads
    ax.bar(x - 0.2, plain, width=0.4, color=style.NEUTRAL, label="plain consistent hashing")
    ax.bar(x + 0.2, bounded, width=0.4, color=BLUE, label=f"bounded, epsilon = {epsilon:g}")
    cap = capacity(len(result.home), len(result.nodes), epsilon)
    mean = len(result.home) / len(result.nodes)
    ax.axhline(mean, color="black", ls="--", lw=1, label="average")
    if cap < plain.max():
        ax.axhline(cap, color=BLUE, ls=":", lw=1.5, label="cap")
    ax.set_xticks(x, result.nodes)
    ax.set_ylim(0, plain.max() * 1.25)
    _drawn_ticks_only(ax)
    ax.legend(loc="upper left", ncols=2, fontsize=8)
    away = result.forwarded / len(result.home)
    style.label(ax, f"Busiest node {plain.max() / mean:.2f}x average -> "
                    f"{bounded.max() / mean:.2f}x; {_percent(away)} served off home",
                "node", "requests")
    _fixed_layout(fig, left=0.8)
    return style.describe(fig, (
        f"Bar chart of requests per node for {len(result.home):,} Zipf-distributed requests "
        f"on {len(result.nodes)} nodes. Plain consistent hashing gives the busiest node "
        f"{plain.max() / mean:.2f} times the average; bounded loads with epsilon {epsilon:g} "
        f"cap it at {bounded.max() / mean:.2f} times by serving {_percent(away)} of the "
        f"requests on a node after their key's home."))


# --- panel views: draw(result, **control values) ---------------------------------------

def shard_key_view(result: ShardReport, **_values) -> list:
    """The shard-key panel: load per shard, and the explorer's numbers as a table."""
    return [shard_loads(result), report_table(result)]


def rebalance_view(result: dict, change: str = "add a node", **_values):
    """The rebalance timeline: the ring at this step, moved keys ringed, the share so far."""
    moved = result["moved"]
    title = (f"{change}, step {result['step']}/8: {moved.sum()} of {len(moved)} keys moved "
             f"({_percent(moved.mean())}; {_percent(result['final'])} at the end)")
    return ring_diagram(result["ring"], result["keys"], moved=moved, title=title,
                        colour_order=result["nodes"])


def vnodes_view(result: pd.DataFrame, vnodes: int = 100, num_nodes: int = 10,
                **_values) -> list:
    """The virtual-nodes panel: the balance curves marked at ``vnodes``, and that row."""
    return [balance_curve(result, marker=vnodes, num_nodes=num_nodes),
            result.loc[[vnodes]].round(3)]


def schemes_view(result: pd.DataFrame, **_values) -> list:
    """The schemes panel: keys moved per scheme as bars, and the whole table."""
    return [scheme_comparison(result), result.round(3)]
