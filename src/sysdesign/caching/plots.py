"""Figures for the caching notebook: each takes model output and returns a Figure.

Every figure ends with :func:`sysdesign.core.style.describe`: its alt text, computed from
the data drawn, says what it shows and its takeaway. The ``*_view(result, **values)``
functions at the end draw the panels of :mod:`.widgets`: ``result`` is what the matching
function of :mod:`.experiments` returned, ``values`` the panel's control values.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from matplotlib.collections import PathCollection
from matplotlib.colors import to_rgb
from matplotlib.font_manager import FontProperties
from matplotlib.patches import Rectangle
from matplotlib.path import Path
from matplotlib.textpath import TextPath
from matplotlib.ticker import MaxNLocator, NullLocator
from matplotlib.transforms import Affine2D, ScaledTranslation, Transform

from sysdesign.core import style

from .policies import display_name
from .races import CACHE, DATABASE, LANES, LATER, READER, WRITER, RaceResult
from .simulate import Step
from .stampede import StampedeResult
from .strategies import StrategyResult, strategy_table

HIT, MISS = style.GOOD, style.BAD
POLICY_ORDER = ["lru", "fifo", "lfu", "random", "mru", "lifo"]
POLICY_COLORS = dict(zip(POLICY_ORDER, style.COLORS, strict=False))
POLICY_STYLES = {"random": {"linestyle": "--", "marker": "x", "markersize": 5}}


def fixed_layout(fig, *, left=0.75, right=0.2, bottom=0.55, top=0.4, wspace=None,
                 hspace=None):
    """Place the axes with fixed margins (in inches) instead of constrained layout.

    Constrained layout draws a figure twice (once to measure every label); each figure
    here has a known shape, so fixed margins draw it once, in about half the time.
    """
    width, height = fig.get_size_inches()
    fig.set_layout_engine(None)
    fig.subplots_adjust(left=left / width, right=1 - right / width, bottom=bottom / height,
                        top=1 - top / height, wspace=wspace, hspace=hspace)
    return fig


def _names(items) -> str:
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _spread(values, gap: float) -> list[float]:
    """Positions for labels at ``values``, pushed apart to at least ``gap``, order kept."""
    order = np.argsort(values)
    placed = np.array(values, dtype=float)[order]
    for i in range(1, len(placed)):
        placed[i] = max(placed[i], placed[i - 1] + gap)
    shift = max(0.0, placed[-1] - max(values)) / 2 if len(placed) else 0.0
    result = np.empty_like(placed)
    result[order] = placed - shift
    return result.tolist()


def _label_lines(ax, x, ends: dict[str, float], colors: dict[str, str], *, gap=0.05,
                 side="right"):
    """Name each line at its end, in its colour (cheaper to draw than a legend box)."""
    names = list(ends)
    # Plain text shifted 4 points off the line's end: an annotation would draw the same
    # in twice the time (it prepares an arrow it never draws).
    nudge = ScaledTranslation((4 if side == "right" else -4) / 72, 0,
                              ax.figure.dpi_scale_trans)
    for name, y in zip(names, _spread([ends[n] for n in names], gap), strict=True):
        ax.text(x, y, f" {name} " if side == "right" else f"{name} ",
                transform=ax.transData + nudge, ha="left" if side == "right" else "right",
                va="center", fontsize=8, color=colors.get(name), clip_on=False)


# --- where caches live --------------------------------------------------------------------

# (layer, what it caches, network the user's request crosses to reach it, work at the
# layer in ms). The work is time spent inside the data centre behind the web tier.
CACHE_LAYERS = [
    ("Client", "browser cache,\napp memory", "none", 0.0),
    ("CDN edge", "static files,\nwhole pages", "edge", 0.0),
    ("Web server", "reverse-proxy\nresponses", "origin", 0.5),
    ("Application", "objects, sessions\n(Redis, Memcached)", "origin", 2.0),
    ("Database", "buffer pool:\nhot pages, indexes", "origin", 5.0),
]


def layer_latencies(edge_rtt_ms: float = 20.0, origin_rtt_ms: float = 80.0) -> list[tuple]:
    """(layer, ms the user waits for a hit there, ms of it spent inside the data centre)."""
    network = {"none": 0.0, "edge": edge_rtt_ms, "origin": origin_rtt_ms}
    return [(layer, network[path] + work, work) for layer, _, path, work in CACHE_LAYERS]


@style.styled()
def where_caches_live(*, edge_rtt_ms: float = 20.0, origin_rtt_ms: float = 80.0, ax=None):
    """The request path from client to database, with what a hit at each layer costs the
    user (network round trip included) and how much of that is inside the data centre."""
    own = ax is None
    fig, ax = style.new_axes(ax, figsize=(style.WIDE[0], 3.4))
    if own:
        fixed_layout(fig, left=0.05, right=0.05, bottom=0.05, top=0.35)
    width, gap = 1.6, 0.45
    right = len(CACHE_LAYERS) * (width + gap) - gap
    # Limits first: with them fixed, adding each artist skips rescaling the axes.
    ax.set_xlim(-1.6, right + 0.1)
    ax.set_ylim(0, 2.1)
    costs = layer_latencies(edge_rtt_ms, origin_rtt_ms)
    ax.text(-0.15, 0.57, "a hit: user waits\n(in the data centre)", ha="right", va="center",
            fontsize=8)
    for i, ((layer, cached, path, _), (_, user_ms, inside_ms)) in enumerate(
            zip(CACHE_LAYERS, costs, strict=True)):
        x = i * (width + gap)
        ax.add_patch(Rectangle((x, 1.0), width, 1.0, facecolor=style.COLORS[i], alpha=0.25,
                               edgecolor=style.COLORS[i]))
        ax.text(x + width / 2, 1.7, layer, ha="center", va="center", weight="bold")
        ax.text(x + width / 2, 1.3, cached, ha="center", va="center", fontsize=8)
        inside = "" if path != "origin" else f"\n({inside_ms:g} ms)"
        ax.text(x + width / 2, 0.57, f"≈ {user_ms:g} ms{inside}", ha="center", va="center",
                fontsize=9)
    # The path, as one line with arrowheads between the boxes.
    starts = [i * (width + gap) - gap + 0.05 for i in range(1, len(CACHE_LAYERS))]
    ax.hlines([1.5] * len(starts), starts, [start + gap - 0.15 for start in starts],
              color="#444444", linewidth=1)
    ax.plot([start + gap - 0.12 for start in starts], [1.5] * len(starts), ">",
            color="#444444", markersize=6, linestyle="none")
    ax.text(right / 2, 0.08, f"assumed round trips: CDN edge {edge_rtt_ms:g} ms, origin "
            f"{origin_rtt_ms:g} ms", ha="center", fontsize=8, color=style.GOOD)
    ax.axis("off")
    ax.set_title("Where caches live: every layer a request passes can answer it")
    text = "; ".join(f"{layer} {user:g} ms" for layer, user, _ in costs)
    return style.describe(fig, f"Five boxes along a request's path, client to database, each "
                               f"with what it caches and what a hit there costs the user: "
                               f"{text}. A CDN hit is slower than a browser hit but far faster "
                               f"than any hit in the origin data centre, where the time spent "
                               f"inside ({costs[2][2]:g} to {costs[4][2]:g} ms) is small next "
                               f"to the {origin_rtt_ms:g} ms round trip.")


# --- eviction step by step ----------------------------------------------------------------

def _slot_layout(steps: list[Step], capacity: int) -> list[list]:
    """Give each cached key a fixed slot: a new key takes the slot its victim left."""
    slots: list = [None] * capacity
    layout = []
    for step in steps:
        if step.victim is not None:
            slots[slots.index(step.victim)] = None
        if step.key not in slots:
            slots[slots.index(None)] = step.key
        layout.append(list(slots))
    return layout


# How each kind of label in a step grid looks: (colour, marker size in points).
LABEL_STYLES = {"request": ("white", 8.0), "arriving": ("black", 7.5), "kept": ("black", 7.5),
                "evicted": (style.NEUTRAL, 7.0)}


@lru_cache(maxsize=256)
def _glyphs(text: str, bold: bool) -> Path:
    """``text`` as a path centred on (0, 0), to stamp as a marker."""
    path = TextPath((0, 0), text, size=1, prop=FontProperties(
        family="DejaVu Sans", weight="bold" if bold else "normal"))
    (x0, y0), (x1, y1) = _extents(path)
    return Path(path.vertices - [(x0 + x1) / 2, (y0 + y1) / 2], path.codes)


def _extents(path: Path) -> np.ndarray:
    """[[xmin, ymin], [xmax, ymax]] of a path of lines and quadratic curves (a glyph's
    outline), as ``path.get_extents()`` gives them, for all its curves at once.

    ``get_extents`` solves for the extreme points of one curve at a time, which made
    outlining a label cost more than drawing it. The extremes are the ends of the
    segments and, per axis, a curve's turning point where its derivative
    2((1 - t)(P1 - P0) + t(P2 - P1)) is zero inside 0 <= t <= 1.
    """
    codes, vertices = path.codes, path.vertices
    if codes is None or not np.isin(codes, [Path.MOVETO, Path.LINETO, Path.CURVE3,
                                            Path.CLOSEPOLY]).all():
        return path.get_extents().get_points()
    curves = np.flatnonzero(codes == Path.CURVE3)  # in pairs: control point, end point
    control, end = curves[0::2], curves[1::2]
    p0, p1, p2 = vertices[control - 1], vertices[control], vertices[end]
    points = [vertices[np.isin(codes, [Path.MOVETO, Path.LINETO])], p2]
    c1, c2 = -2 * p0 + 2 * p1, p0 + -2 * p1 + p2  # the curve is p0 + c1·t + c2·t²
    with np.errstate(divide="ignore", invalid="ignore"):
        turning = -c1 / (2 * c2)
    for axis in (0, 1):
        inside = (turning[:, axis] >= 0) & (turning[:, axis] <= 1)
        t = turning[inside, axis][:, None]
        points.append((1 - t) ** 2 * p0[inside] + 2 * ((1 - t) * t) * p1[inside]
                      + t ** 2 * p2[inside])
    xys = np.concatenate(points)
    return np.array([xys.min(axis=0), xys.max(axis=0)])


def _stamp(ax, stamps) -> None:
    """Draw labels as glyph shapes: ``stamps`` are (text, bold, size in points, colour,
    (x, y) in data), each centred at (x, y) and as big as a marker of that size.

    One path collection draws them all: a text artist per label, or even one marker line
    per distinct label, would cost several times as much to build and draw.
    """
    paths, offsets, colours = [], [], []
    for text, bold, size, colour, place in stamps:
        glyph = _glyphs(text, bold)
        scale = 0.5 * size / np.max(np.abs(glyph.vertices))  # as a marker is scaled
        paths.append(Path(glyph.vertices * scale, glyph.codes))
        offsets.append(place)
        colours.append(colour)
    points = Affine2D().scale(1 / 72) + ax.figure.dpi_scale_trans  # paths in points
    ax.add_collection(PathCollection(paths, offsets=offsets,
                                     offset_transform=_PixelCentres(ax),
                                     transform=points, facecolors=colours, linewidths=0,
                                     edgecolors="none", clip_on=False, zorder=2),
                      autolim=False)


class _PixelCentres(Transform):
    """Data positions of ``ax`` to the display pixel where Agg stamps a marker there, so
    the stamped labels get exactly the pixels a line of markers would give them."""

    input_dims = output_dims = 2

    def __init__(self, ax):
        super().__init__()
        self.ax = ax

    def transform_non_affine(self, values):
        # As Agg's draw_markers does it, operation for operation: the data affine with
        # the y axis flipped (Agg counts rows from the top, in whole pixels), shifted half
        # a pixel, then cut to the pixel.
        height = int(self.ax.figure.bbox.height)
        (sx, shx, tx), (shy, sy, ty), _ = self.ax.transData.get_affine().get_matrix()
        x, y = np.asarray(self.ax.transData.transform_non_affine(values), dtype=float).T
        column = np.floor(x * sx + y * shx + (tx + 0.5))
        row = np.floor(x * -shy + y * -sy + (-ty + (height + 0.5)))
        return np.column_stack([column + 0.5, height - row - 0.5])


def _count(n: int, one: str, many: str | None = None) -> str:
    """``n`` and the noun, singular or plural: "1 hit", "3 hits", "1 miss", "2 misses"."""
    return f"{n} {one if n == 1 else (many or one + 's')}"


def _pale(colour: str):
    """A colour mixed 65% with white, for cells behind black text."""
    return tuple(0.35 * c + 0.65 for c in to_rgb(colour))


@style.styled()
def step_grid(steps: list[Step], capacity: int, *, policy: str = "", upto: int | None = None,
              numbered: bool = True, ax=None):
    """Cache slots after every request: hits green, misses red, the arriving key in bold.

    ``upto`` (a request number, 1-based) shows only the requests so far, to step through.
    """
    own = ax is None
    fig, ax = style.new_axes(ax, figsize=(style.WIDE[0], 0.42 * capacity + 1.6))
    if own:
        fixed_layout(fig, left=0.75, bottom=0.6, top=0.35)
    shown = len(steps) if upto is None else max(0, min(upto, len(steps)))
    layout = _slot_layout(steps, capacity)
    empty, pale_hit, pale_miss = (to_rgb("#f2f2f2"), _pale(HIT), _pale(MISS))
    # Row 0 is the request; rows 1.. are the slots. One image draws every cell.
    cells = np.ones((capacity + 1, len(steps), 3))
    cells[:, :] = to_rgb("#fbfbfb")
    # Every label is stamped as a marker: one artist per distinct label and style draws
    # all its copies (a hundred separate texts would cost ten times as much to draw).
    labels: dict[tuple, list] = {}
    for t, (step, slots) in enumerate(zip(steps[:shown], layout[:shown], strict=True)):
        cells[0, t] = to_rgb(HIT if step.hit else MISS)
        labels.setdefault((str(step.key), "request"), []).append((t, 0))
        for row, key in enumerate(slots, start=1):
            arriving = key == step.key
            cells[row, t] = (pale_hit if step.hit else pale_miss) if arriving else empty
            if key is not None:
                labels.setdefault((str(key), "arriving" if arriving else "kept"),
                                  []).append((t, row))
        if step.victim is not None:
            labels.setdefault((f"−{step.victim}", "evicted"), []).append(
                (t, capacity + 0.75))
    ax.imshow(cells, aspect="auto", interpolation="nearest")
    stamps = [(text, kind != "kept", LABEL_STYLES[kind][1] * (1.6 if len(text) > 1 else 1.0),
               LABEL_STYLES[kind][0], place)
              for (text, kind), places in labels.items() for place in places]
    if numbered:  # request numbers under the grid, stamped like the cells' labels
        stamps += [(str(t + 1), False, 7.0 * (1.6 if t >= 9 else 1), style.PALETTE["black"],
                    (t, capacity + 1.45)) for t in range(len(steps))]
    _stamp(ax, stamps)
    # White lines separate the cells (two line collections: cheaper than minor-tick grids).
    ax.vlines(np.arange(len(steps) + 1) - 0.5, -0.5, capacity + 0.5, color="white",
              linewidth=3)
    ax.hlines(np.arange(capacity + 2) - 0.5, -0.5, len(steps) - 0.5, color="white", linewidth=3)
    ax.grid(visible=False)
    hits = sum(step.hit for step in steps[:shown])
    ax.set_ylim(capacity + 1.1, -0.5)
    ax.set_xlim(-0.5, len(steps) - 0.5)
    ax.set_yticks(range(capacity + 1), ["request"] + [f"slot {r + 1}" for r in range(capacity)])
    ax.set_xticks([])
    ax.tick_params(which="both", length=0)
    for side in ("left", "bottom"):
        ax.spines[side].set_visible(False)
    so_far = "" if shown == len(steps) else f" after {shown} of {len(steps)} requests"
    style.label(ax, f"{display_name(policy)}: {_count(hits, 'hit')}, "
                    f"{_count(shown - hits, 'miss', 'misses')} with "
                    f"{_count(capacity, 'slot')}{so_far} (green hit, red miss, −k evicted)",
                "request number" if numbered else "", "")
    ax.xaxis.labelpad = 16  # room for the stamped request numbers above the label
    return style.describe(fig, f"Grid of a {capacity}-slot {display_name(policy)} cache after each "
                               f"of {shown} requests: {_count(hits, 'hit')} and "
                               f"{_count(shown - hits, 'miss', 'misses')}, "
                               f"the evicted key noted under each column.")


@style.styled()
def step_grids(steps_by_policy: dict[str, list[Step]], capacity: int, *,
               upto: int | None = None):
    """Two or more policies on the same trace, one step grid each, stacked."""
    n = len(steps_by_policy)
    row = 0.42 * capacity + 1.0  # inches per grid: its cells, then room for its title
    fig, axes = style.figure(n, 1, figsize=(style.WIDE[0], n * row + 0.6))
    fixed_layout(fig, left=0.75, bottom=0.6, top=0.35, hspace=0.55 / (0.42 * capacity + 0.45))
    for i, (ax, (policy, steps)) in enumerate(zip(np.atleast_1d(axes), steps_by_policy.items(),
                                                  strict=True)):
        step_grid(steps, capacity, policy=policy, upto=upto, numbered=i == n - 1, ax=ax)
    shown = {p: steps[:upto] if upto is not None else steps
             for p, steps in steps_by_policy.items()}
    misses = "; ".join(f"{display_name(p)} {sum(not s.hit for s in steps)} misses"
                       for p, steps in shown.items())
    length = len(next(iter(shown.values())))
    return style.describe(fig, f"Step-by-step grids of {n} policies with {capacity} slots on "
                               f"the same {length} requests: {misses}. Each column shows the "
                               f"request, the slots after it and the key evicted.")


# --- hit ratio against cache size -----------------------------------------------------------

@style.styled()
def hit_ratio_curves(sizes, curves: dict[str, np.ndarray], *, target: float | None = None,
                     ceiling: float | None = None, title: str = "Hit ratio vs cache size",
                     ax=None):
    """Hit ratio of each policy against cache size (log x), each line named at its left
    end; optionally a target and the compulsory-miss ceiling no cache can pass."""
    own = ax is None
    fig, ax = style.new_axes(ax)
    if own:
        fixed_layout(fig, left=0.7)
    sizes = np.asarray(sizes)
    style.log_axis(ax, "x")
    # Limits first: with them fixed, adding each artist skips rescaling the axes.
    ax.set_xlim(sizes[0] / 1.9, sizes[-1] * 1.15)
    ax.set_ylim(0, 1)
    for name, ratios in curves.items():
        extra = POLICY_STYLES.get(name, {"marker": "o", "markersize": 3})
        ax.plot(sizes, ratios, color=POLICY_COLORS.get(name), linewidth=1.6, **extra)
    if target is not None:
        ax.axhline(target, color=style.NEUTRAL, linestyle="--", linewidth=1)
        ax.text(sizes[-1], target, f"target {target:.0%} ", va="bottom", ha="right",
                color=style.NEUTRAL, fontsize=8)
    if ceiling is not None:
        ax.axhline(ceiling, color=style.BAD, linestyle=":", linewidth=1.2)
        ax.text(sizes[-1], ceiling, f"ceiling {ceiling:.1%}: first requests ", va="top",
                ha="right", color=style.BAD, fontsize=8)
    ax.xaxis.set_minor_locator(NullLocator())  # no minor ticks: each tick costs a draw
    style.label(ax, title, "cache size (slots, log scale)", "hit ratio")
    style.percent_axis(ax)
    _label_lines(ax, sizes[0] / 1.15, {display_name(n): float(v[0]) for n, v in curves.items()},
                 {display_name(n): POLICY_COLORS.get(n) for n in curves}, side="left")
    middle = len(sizes) // 2
    ranked = sorted(curves, key=lambda n: -float(curves[n][middle]))
    order = ", ".join(f"{display_name(n)} {curves[n][middle]:.0%}" for n in ranked)
    ceiling_text = f" No cache can pass the {ceiling:.1%} ceiling." if ceiling else ""
    names = _names([display_name(n) for n in curves])
    return style.describe(fig, f"Hit ratio against cache size ({sizes[0]:,} to {sizes[-1]:,} "
                               f"slots, log scale) for {names}. "
                               f"At {sizes[middle]:,} slots the order is {order}."
                               f"{ceiling_text}")


@style.styled()
def sizing(result: dict, *, target: float, title: str = ""):
    """LRU hit ratio from a cold start and after a warm-up, each with its ceiling (no cache
    beats first requests), and the size each needs for the target."""
    fig, ax = style.new_axes(ax=None)
    fixed_layout(fig, left=0.7, right=0.3)
    sizes = result["sizes"]
    style.log_axis(ax, "x")
    # Limits first: with them fixed, adding each artist skips rescaling the axes.
    ax.set_xlim(sizes[0], sizes[-1] * 1.6)
    ax.set_ylim(0, 1.02)
    lines = (("cold", "cold start", style.PALETTE["sky"]),
             ("warm", "warmed up", style.PALETTE["blue"]))
    ax.axhline(target, color=style.NEUTRAL, linestyle="--", linewidth=1)
    notes = []
    for key, name, colour in lines:
        ceiling, needed = result[f"{key}_ceiling"], result[f"{key}_needed"]
        ax.plot(sizes, result[key], color=colour, linewidth=1.8)
        ax.axhline(ceiling, color=colour, linestyle=":", linewidth=1.2)
        if needed:
            ax.plot([needed, needed], [0, target], color=colour, linewidth=1)
        notes.append((f"{name}: ceiling {ceiling:.1%}, {target:.0%} at "
                      + (f"{needed:,} slots" if needed else "no size"), colour))
    for i, (note, colour) in enumerate(notes):
        ax.text(0.02, 0.76 - 0.07 * i, note, transform=ax.transAxes, fontsize=9, color=colour)
    ax.text(0.02, target - 0.015, f"target {target:.0%}; dotted: ceilings", fontsize=8,
            color=style.NEUTRAL, va="top", transform=ax.get_yaxis_transform())
    ax.xaxis.set_minor_locator(NullLocator())
    needed = result["needed"]
    style.label(ax, title or (f"LRU: {target:.0%} hits needs {needed:,} slots once warm"
                              if needed else f"LRU: {target:.0%} hits is out of reach"),
                "cache size (slots, log scale)", "hit ratio")
    style.percent_axis(ax)
    verdict = (f"the warmed-up cache reaches {target:.0%} at {needed:,} slots" if needed else
               f"even the warmed-up cache cannot reach {target:.0%}")
    cold = result["cold_needed"]
    cold_text = (f", the cold-start count at {cold:,}, just under its ceiling" if cold else
                 ", the cold-start count never")
    return style.describe(fig, f"LRU hit ratio against cache size, counted from a cold start "
                               f"and after a warm-up, with dotted ceilings at "
                               f"{result['cold_ceiling']:.1%} and {result['warm_ceiling']:.1%}: "
                               f"first requests miss at any size, so each curve flattens under "
                               f"its ceiling; {verdict}{cold_text}.")


@style.styled()
def hit_ratio_over_time(flags_by_policy: dict[str, np.ndarray], *, window: int = 500,
                        title: str = "Hit ratio over time", marks=(), ax=None):
    """Moving hit ratio (over ``window`` requests) of each policy along the trace; ``marks``
    are request numbers to draw as thin vertical lines (scans, shifts)."""
    own = ax is None
    fig, ax = style.new_axes(ax)
    if own:
        fixed_layout(fig, left=0.7, right=0.3)
    length = max(len(flags) for flags in flags_by_policy.values())
    # Limits first: with them fixed, adding each artist skips rescaling the axes.
    ax.set_xlim(0, length * 1.1)
    ax.set_ylim(0, 1)
    ends, means = {}, {}
    for name, flags in flags_by_policy.items():
        w = max(1, min(window, len(flags)))
        moving = np.convolve(flags.astype(float), np.ones(w) / w, mode="valid")
        ax.plot(np.arange(w, len(flags) + 1), moving, color=POLICY_COLORS.get(name))
        ends[display_name(name)], means[display_name(name)] = float(moving[-1]), float(flags.mean())
    for mark in marks:
        ax.axvline(mark, color=style.NEUTRAL, linewidth=0.8, linestyle=":")
    style.label(ax, title, f"request number (moving window of {window:,} requests)",
                "hit ratio")
    style.percent_axis(ax)
    style.thousands_axis(ax, axis="x")
    _label_lines(ax, length, ends, {display_name(n): POLICY_COLORS.get(n) for n in flags_by_policy})
    overall = ", ".join(f"{name} {share:.0%}" for name, share in means.items())
    return style.describe(fig, f"{title}. Moving hit ratio over {length:,} requests "
                               f"(window {window:,}); over the whole trace: {overall}.")


@style.styled()
def faults_vs_capacity(capacities, faults_by_policy: dict[str, list[int]], *, ax=None):
    """Page faults (misses) against the number of slots: Belady's anomaly shows as a rise,
    marked in the colour of the policy that rises."""
    own = ax is None
    fig, ax = style.new_axes(ax)
    if own:
        fixed_layout(fig, left=0.65)
    rises = []
    for name, counts in faults_by_policy.items():
        colour = POLICY_COLORS.get(name)
        ax.plot(capacities, counts, marker="o", color=colour)
        for c, f, prev in zip(capacities[1:], counts[1:], counts[:-1], strict=True):
            if f > prev:
                rises.append(f"{display_name(name)} from {prev} to {f} misses at {c} slots")
                ax.annotate(f"{display_name(name)}: more slots,\nmore faults", (c, f),
                            xytext=(12, 8), textcoords="offset points", color=colour,
                            fontsize=8, weight="bold",
                            arrowprops={"arrowstyle": "->", "color": colour})
    # Name each line where the lines first part, above the higher, below the lower.
    table = np.array(list(faults_by_policy.values()), dtype=float)
    apart = np.flatnonzero(table.max(axis=0) > table.min(axis=0))
    at = int(apart[0]) if len(apart) else 0
    for name, counts in faults_by_policy.items():
        higher = counts[at] == table[:, at].max()
        ax.annotate(display_name(name), (capacities[at], counts[at]),
                    xytext=(0, 9 if higher else -9),
                    textcoords="offset points", ha="center", va="bottom" if higher else "top",
                    color=POLICY_COLORS.get(name), fontsize=9, weight="bold")
    ax.set_xticks(list(capacities))
    style.label(ax, "Belady's anomaly: FIFO vs LRU on 1,2,3,4,1,2,5,1,2,3,4,5",
                "cache size (slots)", "faults (misses)")
    anomaly = "; ".join(rises) if rises else "no policy faults more with more slots"
    names = _names([display_name(n) for n in faults_by_policy])
    return style.describe(fig, f"Misses against cache size for {names} on Belady's "
                               f"12-request trace: {anomaly}; the other line only falls.")


# --- read and write strategies -------------------------------------------------------------

def count_axis(ax, top: float) -> None:
    """Whole-number ticks with separators, fitted to 0..top (0..1 when everything is 0)."""
    ax.set_ylim(0, max(1.0, top) * 1.35)
    ax.yaxis.set_major_locator(MaxNLocator(nbins=4, integer=True, steps=[1, 2, 5, 10]))
    style.thousands_axis(ax)


STRATEGY_COLORS = [style.PALETTE["sky"], style.PALETTE["orange"], style.PALETTE["green"],
                   style.PALETTE["purple"]]


@style.styled()
def strategy_comparison(results: dict[str, StrategyResult], *, title: str = ""):
    """Latency, database load, stale reads and writes at risk for each strategy, as bars
    scaled to the largest value of each measure (named under its group)."""
    fig, ax = style.figure(figsize=(style.WIDE[0], 3.6))
    fixed_layout(fig, left=0.7, right=0.15, bottom=0.6, top=0.7)
    names = list(results)
    measures = {
        "mean latency": ([r.mean_latency_ms for r in results.values()], "{:.1f} ms"),
        "DB reads": ([r.db_reads for r in results.values()], "{:,}"),
        "DB writes": ([r.db_writes for r in results.values()], "{:,}"),
        "stale reads": ([r.stale_reads for r in results.values()], "{:,}"),
        "writes at risk": ([r.max_at_risk for r in results.values()], "{:,}"),
    }
    width = 0.8 / len(names)
    groups = np.arange(len(measures))
    for i, (name, colour) in enumerate(zip(names, STRATEGY_COLORS, strict=False)):
        heights = [values[i] / max(values) if max(values) else 0.0
                   for values, _ in measures.values()]
        ax.bar(groups + (i - (len(names) - 1) / 2) * width, heights, width, color=colour,
               label=name)
    ax.set_xticks(groups, [f"{measure}\n(largest {fmt.format(max(values))})"
                           for measure, (values, fmt) in measures.items()], fontsize=9)
    ax.set_ylim(0, 1.05)
    ax.set_yticks([0, 0.5, 1])
    style.percent_axis(ax)
    ax.grid(axis="x", visible=False)
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=len(names), fontsize=9)
    style.label(ax, "", "", "share of the largest")
    fig.suptitle(title or "Read/write strategies compared (the table gives every number)",
                 fontsize=11, weight="bold", y=0.99)
    stale = ", ".join(f"{n} {r.stale_reads:,}" for n, r in results.items())
    risk = ", ".join(f"{n} {r.max_at_risk:,}" for n, r in results.items() if r.max_at_risk)
    fastest = min(results, key=lambda n: results[n].mean_latency_ms)
    return style.describe(fig, f"Grouped bars comparing {_names(names)} on mean latency "
                               f"(fastest: {fastest}, {results[fastest].mean_latency_ms:.1f} ms), "
                               f"database reads and writes, stale reads ({stale}) and "
                               f"acknowledged writes at risk in a crash ({risk or 'none'}), "
                               f"each scaled to its largest value.")


@style.styled()
def at_risk_over_time(result: StrategyResult, *, crash_at: int | None = None, ax=None):
    """Write-back's acknowledged writes not yet in the database, and the dirty keys holding
    them, over time: what a crash at each moment would lose."""
    own = ax is None
    fig, ax = style.new_axes(ax)
    if own:
        fixed_layout(fig, left=0.6, right=0.25)
    t = np.arange(len(result.at_risk))
    top = max(1, result.max_at_risk)
    # Limits first: with them fixed, adding each artist skips rescaling the axes.
    ax.set_xlim(0, len(t))
    count_axis(ax, top)
    ax.fill_between(t, result.at_risk, step="post", color=style.BAD, alpha=0.3, linewidth=0)
    ax.step(t, result.at_risk, where="post", color=style.BAD, linewidth=1)
    ax.step(t, result.dirty_keys, where="post", color=style.PALETTE["blue"], linewidth=1)
    ax.text(0.01, 0.97, "acknowledged writes not yet in the database", color=style.BAD,
            transform=ax.transAxes, va="top", fontsize=9)
    ax.text(0.01, 0.90, "dirty keys holding them", color=style.PALETTE["blue"],
            transform=ax.transAxes, va="top", fontsize=9)
    lost = ""
    if crash_at is not None:
        lost = result.lost_on_crash(crash_at)
        keys = int(result.dirty_keys[crash_at])
        ax.axvline(crash_at, color=style.PALETTE["black"], linestyle="--", linewidth=1)
        right_half = crash_at > len(result.at_risk) / 2  # put the text where it fits
        ax.annotate(f"crash here: {lost} writes lost\n(the latest values of {keys} keys)",
                    (crash_at, lost), xytext=(-8 if right_half else 8, 14),
                    textcoords="offset points", ha="right" if right_half else "left",
                    fontsize=9, arrowprops={"arrowstyle": "->"},
                    bbox={"fc": "white", "ec": "none", "alpha": 0.85, "pad": 1})
        lost = f" A crash after operation {crash_at:,} loses {lost} writes in {keys} keys."
    style.label(ax, "Write-back: what a crash would lose, moment by moment",
                "operation number", "count")
    style.thousands_axis(ax, axis="x")
    return style.describe(fig, f"Saw-tooth of write-back's acknowledged writes waiting for "
                               f"a flush (red) and the dirty keys holding them (blue) over "
                               f"{len(t):,} operations, peaking at {result.max_at_risk} writes; "
                               f"each flush drops both to zero.{lost}")


# --- time: the cache-aside race and the stampede ---------------------------------------------

RACE_LANES = {LATER: 4, READER: 3, CACHE: 2, DATABASE: 1, WRITER: 0}  # y of each lane
RACE_SPLIT_MS, RACE_SQUEEZE = 15.0, 4.0  # after 15 ms the time axis runs 4 times faster


def _race_x(ms):
    """Time on the race figure's axis: the race itself (the first 15 ms) gets room."""
    ms = np.asarray(ms, dtype=float)
    return np.where(ms <= RACE_SPLIT_MS, ms, RACE_SPLIT_MS + (ms - RACE_SPLIT_MS) / RACE_SQUEEZE)


@style.styled()
def race_timeline(result: RaceResult, *, at_ms: float | None = None, title: str = ""):
    """A sequence diagram of the cache-aside race: messages between the lanes up to
    ``at_ms``, the versions the cache and the database hold, the later reads."""
    fig, ax = style.figure(figsize=(style.WIDE[0], 3.9))
    fixed_layout(fig, left=1.05, right=0.15, bottom=0.55, top=0.35)
    now = result.horizon_ms if at_ms is None else min(at_ms, result.horizon_ms)
    lanes = RACE_LANES
    # Limits first: with them fixed, adding each artist skips rescaling the axes.
    ax.set_ylim(-0.6, len(lanes) - 0.4)
    ax.set_xlim(0, float(_race_x(result.horizon_ms)))
    for y in lanes.values():
        ax.axhline(y, color="#dddddd", linewidth=1, zorder=0)
    # The versions held, as bands on the cache and database lanes.
    db_bands = [(max(t, 0.0), v) for t, v in result.db_versions]
    for band_lane, changes in ((CACHE, result.cache_versions), (DATABASE, db_bands)):
        points = [(t, v) for t, v in changes if t <= now]
        if not points:  # nothing stored yet
            continue
        for (start, version), (end, _) in zip(points, points[1:] + [(now, None)], strict=True):
            if version is None or end <= start:
                continue
            stale = version < result.db_version_at(min(end, now) - 1e-9)
            left, right = _race_x([start, end])
            ax.broken_barh([(left, right - left)], (lanes[band_lane] - 0.2, 0.4),
                           facecolors=style.BAD if stale else style.GOOD, alpha=0.35)
            ax.text((left + right) / 2, lanes[band_lane], f"v{version}" + (" stale" if stale
                                                                           else ""),
                    ha="center", va="center", fontsize=8)
    shown = [m for m in result.messages if m.sent <= now]
    if shown:
        sent = np.array([m.sent for m in shown])
        arrived = np.array([m.arrived for m in shown])
        y0 = np.array([lanes[m.src] for m in shown], dtype=float)
        y1 = np.array([lanes[m.dst] for m in shown], dtype=float)
        # A message still in flight is drawn as far as it has got.
        part = np.clip((now - sent) / np.maximum(arrived - sent, 1e-9), 0.0, 1.0)
        end_ms = sent + (arrived - sent) * part
        x0, x1 = _race_x(sent), _race_x(end_ms)
        y1 = y0 + (y1 - y0) * part
        later = np.array([LATER in (m.src, m.dst) for m in shown])
        for mask, colour in ((~later, "#333333"), (later, "#aaaaaa")):
            if mask.any():
                ax.quiver(x0[mask], y0[mask], (x1 - x0)[mask], (y1 - y0)[mask], angles="xy",
                          scale_units="xy", scale=1, color=colour, width=0.0025,
                          headwidth=4, headlength=5)
        for m in shown:
            if LATER not in (m.src, m.dst) and m.arrived <= now:
                ax.text(float(_race_x((m.sent + m.arrived) / 2)),
                        (lanes[m.src] + lanes[m.dst]) / 2, m.label, fontsize=7, ha="center",
                        va="center", bbox={"boxstyle": "round,pad=0.1", "fc": "white",
                                           "ec": "none"})
    for refused in (t for t in result.refused if t <= now):
        ax.annotate("refused: its lease\nwas invalidated", (float(_race_x(refused)), lanes[CACHE]),
                    xytext=(6, -16), textcoords="offset points", fontsize=7, color=style.BAD,
                    va="top", arrowprops={"arrowstyle": "-", "color": style.BAD})
    reads = [r for r in result.reads if r.time <= now]
    for stale, colour, marker in ((True, style.BAD, "x"), (False, style.GOOD, "o")):
        group = [r.time for r in reads if (r.version < result.db_version_at(r.time)) == stale]
        if group:
            ax.plot(_race_x(group), [lanes[LATER]] * len(group), marker, color=colour,
                    markersize=7, linestyle="none")
    ax.axvline(float(_race_x(now)), color=style.PALETTE["blue"], linewidth=1)
    ax.set_yticks(list(lanes.values()), [LANES[lane] for lane in lanes])
    ticks = [t for t in (0, 5, 10, 15, 30, 45, 60, 70) if t <= result.horizon_ms]
    ax.set_xticks(_race_x(ticks), [str(t) for t in ticks])
    ax.grid(axis="y", visible=False)
    window = result.stale_window
    if not title:
        title = ("Cache-aside race: a stale value stays until the TTL ends" if window
                 else "No stale set: the cache ends up with the latest version")
        if result.lease:
            title = (f"With a lease: {result.refused_sets} stale fill refused, "
                     f"{result.stale_reads} stale reads")
    style.label(ax, title, f"time (ms; after {RACE_SPLIT_MS:g} ms the axis runs "
                           f"{RACE_SQUEEZE:g}× faster); shown up to {now:g} ms", "")
    story = (f"reader A's fill of an old version lands after writer B's delete and is served "
             f"stale from {window[0]:g} to {window[1]:g} ms ({result.stale_reads} stale "
             f"reads), until the {result.ttl_ms:g} ms TTL ends" if window else
             f"no stale value survives the write ({result.stale_reads} stale reads; "
             f"{result.refused_sets} fill refused by the lease)")
    return style.describe(fig, f"Sequence diagram over {result.horizon_ms:g} ms of the later "
                               f"readers, reader A, the cache, the database and writer B, shown "
                               f"up to {now:g} ms: {story}.")


@style.styled()
def stampede_timeline(results: dict[str, StampedeResult], *, at_ms: float | None = None):
    """Database reads of the hot key in flight over time, one row per mode, on one axes;
    with ``at_ms``, only what has happened by then (the panel's time slider)."""
    n = len(results)
    fig, ax = style.figure(figsize=(style.WIDE[0], 0.9 * n + 1.1))
    fixed_layout(fig, left=1.25, right=0.15, bottom=0.55, top=0.35)
    first = next(iter(results.values()))
    end = first.duration_ms
    now = end if at_ms is None else min(float(at_ms), end)
    times = np.linspace(0, end, 801)
    times = times[times <= now]
    peak = max(r.peak_loads for r in results.values())
    row = peak * 1.6 + 1  # each mode gets a band of this height, its own baseline at the bottom
    # Limits first: with them fixed, adding each artist skips rescaling the axes.
    ax.set_ylim(-0.05 * row, n * row)
    ax.set_xlim(0, end)
    notes = []
    for i, (mode, run) in enumerate(results.items()):
        base = (n - 1 - i) * row
        flight = run.loads_in_flight(times)
        ax.fill_between(times, base, base + flight, step="post", linewidth=0, alpha=0.6,
                        color=style.BAD if mode == "no protection" else style.PALETTE["blue"])
        ax.axhline(base, color="#bbbbbb", linewidth=0.8)
        expiries = [t for t in run.expiries if t <= now]
        if expiries:
            ax.vlines(expiries, base, base + row * 0.9, color=style.NEUTRAL, linestyle=":",
                      linewidth=1)
        so_far = run.until(now)
        reads = f"{so_far['reads']} read{'' if so_far['reads'] == 1 else 's'}"
        text = (f"{reads}, {so_far['peak']} at most; "
                f"{so_far['waited']} of {so_far['requests']} waited")
        if now >= end:
            text += f"; mean {run.mean_latency_ms:.1f} ms"
        ax.text(end * 0.01, base + row * 0.72, text, fontsize=8, va="center")
        notes.append(f"{mode} {reads}, peak {so_far['peak']}, "
                     f"{so_far['waited']} waited")
    if now < end:
        ax.axvline(now, color=style.PALETTE["black"], linewidth=1)
    ax.set_yticks([(n - 1 - i) * row for i in range(n)], list(results))
    ax.grid(axis="y", visible=False)
    shown = "" if now >= end else f", up to {now:g} ms"
    style.label(ax, f"DB reads in flight as a hot key expires (TTL {first.ttl_ms:g} ms, "
                    f"load {first.load_ms:g} ms{shown})", "time (ms); dotted: an expiry", "")
    worst = max(results, key=lambda m: results[m].peak_loads)
    calm = [m for m, r in results.items() if r.peak_loads <= 1]
    return style.describe(fig, f"{n} stacked timelines of the database reads of one hot key in "
                               f"flight over {end:g} ms{shown}: {'; '.join(notes)}. "
                               f"Over the whole run {worst} reaches "
                               f"{results[worst].peak_loads} reads at once; "
                               f"{_names(calm) if calm else 'no mode'} never run"
                               f"{'s' if len(calm) == 1 else ''} more than one.")


# --- panel views: draw(result, **control values) ------------------------------------------

def policy_view(result: dict, *, workload_name: str, alpha: float, **_):
    """The policy panel: hit-ratio curves, titled with the workload (and its 80/20 share)."""
    if workload_name in ("zipf", "scans"):
        name = "Zipf" if workload_name == "zipf" else "Zipf with scans"
        title = (f"{name}, α = {alpha:.1f}: hottest 20% of keys take "
                 f"{result['hot_share']:.0%} of requests")
    elif workload_name == "locality":
        title = f"Stack model, θ = {alpha:.1f}: recently used keys come back"
    else:
        title = f"{workload_name} workload over {result['n_keys']:,} keys"
    return hit_ratio_curves(result["sizes"], result["curves"], title=title)


def step_view(result: dict[str, list[Step]], *, capacity: int, request: int, **_):
    """The step panel: one step grid per policy, up to the chosen request."""
    return step_grids(result, capacity, upto=request + 1)


def cache_size_view(result: dict, *, alpha: float, n_keys: int, target: float, **_):
    """The sizing panel: cold and warm LRU curves, their ceilings and the size needed."""
    needed = result["needed"]
    verdict = (f"{needed:,} slots once warm" if needed
               else f"is out of reach (ceiling {result['warm_ceiling']:.1%})")
    return sizing(result, target=target, title=f"α = {alpha:.1f}, {n_keys:,} keys: "
                                               f"{target:.0%} hits needs {verdict}")


def strategy_view(result: dict[str, StrategyResult], **_):
    """The strategy panel: the four-part comparison figure and its table."""
    return [strategy_comparison(result), strategy_table(result)]


def crash_view(result: StrategyResult, *, crash_at: int, **_):
    """The crash panel: writes at risk over time and what a crash at ``crash_at`` loses."""
    return at_risk_over_time(result, crash_at=crash_at)


def race_view(result: RaceResult, *, at_ms: float, **_):
    """The race panel: the sequence diagram up to the chosen moment."""
    return race_timeline(result, at_ms=at_ms)


def stampede_view(result: dict[str, StampedeResult], *, at_ms: float, **_):
    """The stampede panel: one timeline row per cure, up to the chosen moment."""
    return stampede_timeline(result, at_ms=at_ms)


__all__ = [
    "CACHE_LAYERS", "at_risk_over_time", "cache_size_view", "count_axis", "crash_view",
    "faults_vs_capacity", "fixed_layout", "hit_ratio_curves", "hit_ratio_over_time",
    "layer_latencies", "policy_view", "race_timeline", "race_view", "sizing",
    "stampede_timeline", "stampede_view", "step_grid", "step_grids", "step_view",
    "strategy_comparison", "strategy_view", "where_caches_live",
]
