"""Figures for the indexes notebook: each takes model output and returns a Figure."""

from __future__ import annotations

from matplotlib.collections import LineCollection, PatchCollection
from matplotlib.patches import Rectangle
from matplotlib.ticker import NullLocator

from ..core import style

NODE = style.PALETTE["sky"]
SPLIT = style.PALETTE["orange"]


def _positions(levels: list[list[tuple]]) -> list[list[tuple[float, float]]]:
    """(centre, width) of every node: leaves side by side, parents centred over children."""
    key_w, gap = 1.0, 0.6
    spans = [[] for _ in levels]
    x = 0.0
    for keys in levels[-1]:
        width = max(1, len(keys)) * key_w
        spans[-1].append((x + width / 2, width))
        x += width + gap
    for depth in range(len(levels) - 2, -1, -1):
        child = 0
        for keys in levels[depth]:
            kids = spans[depth + 1][child:child + len(keys) + 1]
            child += len(keys) + 1
            centre = (kids[0][0] + kids[-1][0]) / 2
            spans[depth].append((centre, max(1, len(keys)) * key_w))
    return spans


def draw_btree(levels: list[list[tuple]], ax, highlight=(), title: str = "",
               headroom: float = 0.0) -> None:
    """Draw a B-tree level by level: one box per key, edges from parent to child.

    Boxes and edges go in as two collections (two artists, not one per box and per edge)
    and the invisible axes get no ticks: most of a redraw's cost is per artist. Each key's
    text sits inside its box, inside the axes limits, so constrained layout need not
    measure it (``in_layout=False``: the same picture, one measuring pass fewer per key).
    """
    spans = _positions(levels)
    marked = set(highlight)
    boxes, colours, edges = [], [], []
    for depth, (nodes, places) in enumerate(zip(levels, spans, strict=True)):
        y = -depth * 1.6
        child = 0
        for keys, (centre, width) in zip(nodes, places, strict=True):
            left = centre - width / 2
            for j, key in enumerate(keys or ("",)):
                boxes.append(Rectangle((left + j, y - 0.4), 1, 0.8))
                colours.append(SPLIT if key in marked else NODE)
                ax.text(left + j + 0.5, y, str(key), ha="center", va="center", fontsize=8,
                        in_layout=False)
            if depth + 1 < len(levels) and keys:
                for k in range(len(keys) + 1):
                    cx, _ = spans[depth + 1][child + k]
                    edges.append([(left + k, y - 0.4), (cx, y - 1.2)])
                child += len(keys) + 1
    ax.add_collection(LineCollection(edges, colors="#777777", linewidths=0.7))
    ax.add_collection(PatchCollection(boxes, facecolors=colours, edgecolors="black",
                                      linewidths=0.8))
    xs = [c for row in spans for c, _ in row]
    ws = [w for row in spans for _, w in row]
    ax.set_xlim(min(xs) - max(ws) / 2 - 0.5, max(xs) + max(ws) / 2 + 0.5)
    ax.set_ylim(-1.6 * (len(levels) - 1) - 0.7, 0.7 + headroom)
    ax.set_aspect("equal", adjustable="box")  # square key boxes, whatever the tree
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_axis_off()
    if title:
        ax.set_title(title, fontsize=9)


def _caption(result: dict) -> tuple[str, tuple]:
    """What the last insert did, in words, and the keys its splits moved up."""
    step = result["step"]
    if step is None:
        return "empty tree: one empty leaf", ()
    if not step.splits:
        return f"{step.key} fits in its leaf", ()
    moved = ", ".join(str(s.promoted) for s in step.splits)
    grew = "; new root" if step.splits[-1].new_root else ""
    return f"{step.key}: {len(step.splits)} split(s), {moved} up{grew}", tuple(
        s.promoted for s in step.splits)


def btree_growth_view(result: dict, step=None, order=None, pattern=None, **_):
    """The tree after one insert, the keys that moved up in a split in orange."""
    fig, ax = style.figure(figsize=(9, 3.4))
    caption, moved = _caption(result)
    draw_btree(result["levels"], ax, moved, headroom=0.9)
    ax.set_title("a B-tree growing, one insert at a time")  # fixed: the layout is reused
    ax.text(0.0, 1.0, f"order {order}, {pattern} keys, after {step} inserts. Insert {caption}",
            transform=ax.transAxes, ha="left", va="top", fontsize=9)
    return style.describe(fig, f"A B-tree of order {order} after {step} {pattern} inserts, "
                               f"{result['height']} levels and {result['nodes']} nodes; "
                               f"{caption}.")


def growth_frames(frames: list[dict]):
    """Small multiples: the same tree after a few inserts, splits in orange."""
    fig, axes = style.figure(2, 3, figsize=(10, 4.6))
    for ax, frame in zip(axes.flat, frames, strict=False):
        caption, moved = _caption(frame)
        draw_btree(frame["levels"], ax, moved,
                   f"after {len(frame['inserted'])} inserts\ninsert {caption}")
    return style.describe(fig, "Six snapshots of an order-3 B-tree as shuffled keys arrive: "
                               "a leaf fills, splits, its middle key moves up, and the root "
                               "splits to add a level.")


def heights(study: dict):
    """Height against keys, per order, inside the closed-form bounds."""
    fig, ax = style.figure(figsize=(8, 3.6))
    n = study["n"]
    orders = [key for key in study if key != "n"]
    for colour, order in zip(style.COLORS, orders, strict=False):
        run = study[order]
        ax.fill_between(n, run["lowest"], run["highest"], step="post", color=colour,
                        alpha=0.15)
        ax.step(n, run["height"], where="post", color=colour, label=f"order {order}")
    style.log_axis(ax, "x")
    # the powers of ten in view, the ticks a log locator picks, given once (the locator
    # also makes and measures ticks outside the view on every pass), and no minor ticks:
    # ~30 of them cost more than the lines
    lo, hi = ax.get_xlim()
    ax.set_xticks([10.0 ** k for k in range(-3, 16) if lo <= 10.0 ** k <= hi])
    ax.xaxis.set_minor_locator(NullLocator())
    style.label(ax, "B-tree height stays within its bounds", "keys inserted (log scale)",
                "height (levels)")
    ax.legend(title="measured; band = bounds", loc="upper left")
    return style.describe(fig, "Step lines of B-tree height against keys inserted for "
                               f"orders {', '.join(map(str, orders))}, each inside a shaded "
                               "band between the least and greatest possible height.")


def amplification_view(result: dict, n=None, order=None, memtable=None, fanout=None, **_):
    """Write amplification and probes per lookup, B-tree against LSM tree, side by side."""
    fig, ax = style.figure(figsize=(8, 3.4))
    labels = ["entries written\nper entry inserted", "probes per lookup,\nkey present",
              "probes per lookup,\nkey absent"]
    bars = {f"B-tree, order {order}": [result["btree_write"][-1], result["found"]["btree"],
                                       result["missing"]["btree"]],
            f"LSM, memtable {memtable}, fanout {fanout}": [
                result["lsm_write"][-1], result["found"]["lsm"], result["missing"]["lsm"]]}
    for k, (name, values) in enumerate(bars.items()):
        x = [i + (k - 0.5) * 0.38 for i in range(3)]
        ax.bar(x, values, width=0.36, color=style.COLORS[k], label=name)
        for xi, value in zip(x, values, strict=True):
            ax.text(xi, value, f"{value:.1f}", ha="center", va="bottom", fontsize=9,
                    in_layout=False)   # inside the axes (25 % headroom): not measured
    ax.set_xticks(range(3), labels)
    ax.set_yticks([])   # every bar carries its value: no y ticks to lay out and draw
    ax.grid(False)
    ax.spines["left"].set_visible(False)
    ax.set_ylim(0, max(max(v) for v in bars.values()) * 1.25)
    style.label(ax, "amplification: B-tree against LSM tree", "",
                "entries, or nodes / runs probed")
    ax.legend(loc="upper right")
    return style.describe(fig, "Grouped bars: entries written per insert and nodes or runs "
                               f"probed per lookup after {n} keys, for a B-tree of order "
                               f"{order} and an LSM tree with memtable {memtable} and "
                               f"fanout {fanout}.")
