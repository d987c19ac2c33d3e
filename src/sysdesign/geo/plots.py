"""Figures for geohashes and quadtrees: bisection ladders, grids over cities, quadtree cells.

Each figure takes model output (and an optional ``ax=``) and returns a Figure with its alt
text (:func:`sysdesign.core.style.describe`), computed from what it draws; the
``*_view`` functions at the end draw each panel's result from ``experiments``.

Drawing is kept cheap, because panels redraw these: many boxes go in one collection,
many dots in one scatter, and text only where a reader needs it.
"""

from __future__ import annotations

import math

import matplotlib
import numpy as np
from matplotlib.collections import LineCollection, PolyCollection
from matplotlib.colors import BoundaryNorm
from matplotlib.ticker import FixedLocator, MaxNLocator, NullLocator

from sysdesign.core import style
from sysdesign.geo import geohash, raster
from sysdesign.geo.distance import distance_m

LABEL_LIMIT = 64  # write the code inside each cell only when this few are on screen
LABEL_BOX = {"boxstyle": "square,pad=0.15", "facecolor": "white", "edgecolor": "none",
             "alpha": 0.8}  # keeps a cell's code readable over dots and lines
DEPTH_COLOURS = matplotlib.colormaps["viridis"]  # colour-blind safe, dark = shallow
OUTLINE_DEPTH = 6  # quadtree leaves this shallow (>= 5.6° wide) get a visible outline
# One colour and marker per search method, the same in every figure.
METHOD_LOOK = {"brute force": (style.PALETTE["orange"], "o"),
               "geohash": (style.PALETTE["sky"], "s"),
               "quadtree": (style.PALETTE["green"], "^")}


def _map_axes(ax, south, west, north, east, title):
    """Lon/lat axes that look like a map: equal ground distances along both axes."""
    ax.set_xlim(west, east)
    ax.set_ylim(south, north)
    middle = min(abs((south + north) / 2), 80.0)
    ax.set_aspect(1 / math.cos(math.radians(middle)), adjustable="box")
    ax.grid(False)
    # Few ticks: each label costs a text to lay out and draw at every redraw.
    ax.xaxis.set_major_locator(MaxNLocator(4))
    ax.yaxis.set_major_locator(MaxNLocator(5))
    style.label(ax, title, "longitude (°)", "latitude (°)")


def _log_axis(ax, axis):
    """The course's plain-label log axis, without minor ticks (they cost text objects)."""
    style.log_axis(ax, axis)
    (ax.xaxis if axis == "x" else ax.yaxis).set_minor_locator(NullLocator())


def _axes(ax, figsize, *, left=0.75, right=0.2, bottom=0.5, top=0.3):
    """``(fig, ax)`` like :func:`style.new_axes`, with fixed margins (inches) on a new figure.

    Constrained layout measures every text of a figure before drawing it, which made these
    figures take more than twice as long to draw; their labels are known in advance, so
    fixed margins that leave room for them give the same picture in one drawing pass.
    A given ``ax`` belongs to someone else's figure and is left as it is.
    """
    if ax is not None:
        return ax.figure, ax
    fig, ax = style.figure(figsize=figsize)
    _margins(fig, left=left, right=right, bottom=bottom, top=top)
    return fig, ax


def _margins(fig, *, left, right, bottom, top, wspace=None):
    """Switch off constrained layout and leave these margins (inches) around the axes."""
    width, height = fig.get_size_inches()
    fig.set_layout_engine(None)
    fig.subplots_adjust(left=left / width, right=1 - right / width, bottom=bottom / height,
                        top=1 - top / height, wspace=wspace)


def visible_ticks(fig):
    """Fix every axis's major ticks to the ones inside its view, the ones that are drawn.

    Matplotlib makes, places and labels a tick for every location its locator returns,
    in view or not, and each costs more than a text; the locators here return up to four
    outside the view. Call it on a figure of one's own once its limits are final.
    """
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            locs = np.asarray(axis.get_majorticklocs(), dtype=float)
            transform = axis.get_transform()
            low, high = sorted(transform.transform(np.asarray(axis.get_view_interval(),
                                                              dtype=float)))
            slack = (high - low) * 1e-10  # matplotlib's own tolerance for "in view"
            placed = transform.transform(locs) if locs.size else locs
            axis.set_major_locator(FixedLocator(locs[(placed >= low - slack)
                                                     & (placed <= high + slack)]))


def _square_view(south, west, north, east):
    """The box widened (or heightened) to be as wide as it is high on the ground."""
    middle = math.cos(math.radians(min(abs((south + north) / 2), 80.0)))
    ground_width, height = (east - west) * middle, north - south
    if ground_width < height:
        pad = (height / middle - (east - west)) / 2
        west, east = max(-180.0, west - pad), min(180.0, east + pad)
    else:
        pad = (ground_width - height) / 2
        south, north = max(-90.0, south - pad), min(90.0, north + pad)
    return south, west, north, east


def _box_polygons(boxes) -> np.ndarray:
    """Corner arrays (n, 4, 2) of boxes given as (south, west, north, east) rows."""
    south, west, north, east = np.asarray(boxes, dtype=float).reshape(-1, 4).T
    return np.stack([np.c_[west, south], np.c_[east, south], np.c_[east, north],
                     np.c_[west, north]], axis=1)


def _grid_edges(precision, south, west, north, east):
    """The meridians and parallels of precision-p cells across a box, clipped to the world."""
    width, height = geohash.cell_degrees(precision)
    lon_edges = np.arange(math.floor((west + 180) / width), math.ceil((east + 180) / width) + 1)
    lat_edges = np.arange(math.floor((south + 90) / height),
                          math.ceil((north + 90) / height) + 1)
    return (np.clip(lon_edges * width - 180, -180, 180),
            np.clip(lat_edges * height - 90, -90, 90))


def _draw_grid(ax, precision, south, west, north, east, *, labels=True, only=None):
    """Geohash cell edges at one precision across the visible box, each code in its corner.

    The code sits in the cell's top-left corner on a white box, so dots and markers near
    the centre never hide it; ``only`` limits the codes written to those cells. Returns
    the number of codes written.
    """
    lon_edges, lat_edges = _grid_edges(precision, south, west, north, east)
    segments = [[(x, lat_edges[0]), (x, lat_edges[-1])] for x in lon_edges]
    segments += [[(lon_edges[0], y), (lon_edges[-1], y)] for y in lat_edges]
    ax.add_collection(LineCollection(segments, colors=style.NEUTRAL, linewidths=0.7,
                                     zorder=1), autolim=False)
    cells = [(a, b, c, d) for a, b in zip(lon_edges[:-1], lon_edges[1:], strict=True)
             for c, d in zip(lat_edges[:-1], lat_edges[1:], strict=True)
             if b > a and d > c]
    if not labels or len(cells) > LABEL_LIMIT:
        return 0
    written = 0
    for cell_west, cell_east, cell_south, cell_north in cells:
        # The visible part of the cell: its corner, nudged inwards a little.
        left, top = max(cell_west, west), min(cell_north, north)
        right, bottom = min(cell_east, east), max(cell_south, south)
        if (right - left) < 0.6 * (cell_east - cell_west) or \
                (top - bottom) < 0.6 * (cell_north - cell_south):
            continue  # a cell mostly off screen: its code would be cut or crowd a neighbour's
        code = geohash.encode((cell_south + cell_north) / 2, (cell_west + cell_east) / 2,
                              precision)
        if only is not None and code not in only:
            continue
        ax.text(left + (east - west) * 0.008, top - (north - south) * 0.01, code,
                ha="left", va="top", fontsize=7.5, color="#333333", zorder=6, bbox=LABEL_BOX)
        written += 1
    return written


def _block_around(ax, code, span):
    """Draw a cell (orange), its neighbours (blue) and the grid ``span`` cells around it.

    Returns the neighbours (by direction) and the view box, as wide as it is high on the
    ground; only the 3 x 3 block's codes are written.
    """
    south, west, north, east = geohash.bounds(code)
    width, height = east - west, north - south
    view = _square_view(max(-90.0, south - span * height), max(-180.0, west - span * width),
                        min(90.0, north + span * height), min(180.0, east + span * width))
    around = geohash.neighbors(code)
    ax.add_collection(PolyCollection(_box_polygons([geohash.bounds(c) for c in around.values()]),
                                     facecolors=style.PALETTE["sky"], alpha=0.35, zorder=0),
                      autolim=False)
    ax.add_collection(PolyCollection(_box_polygons([(south, west, north, east)]),
                                     facecolors=style.PALETTE["orange"], alpha=0.45, zorder=0),
                      autolim=False)
    _draw_grid(ax, len(code), *view, only=[code, *around.values()])
    return around, view


@style.styled()
def bisection(lat, lon, precision, *, ax=None):
    """Each bisection step, zoomed to its own interval: which half holds the point."""
    all_steps = geohash.steps(lat, lon, precision)
    rows = len(all_steps)
    own = ax is None
    if own:
        fig, ax = style.figure(figsize=(style.FIGSIZE[0], max(3.0, 0.9 + 0.22 * rows)))
    else:
        fig = ax.figure
    colours = {"lon": style.PALETTE["blue"], "lat": style.PALETTE["orange"]}
    y = -np.arange(rows)
    # One collection for the grey backgrounds and one for the kept halves: cheap to draw.
    ax.add_collection(PolyCollection(_box_polygons(np.c_[y - 0.35, np.zeros(rows), y + 0.35,
                                                         np.ones(rows)]),
                                     facecolors="#EEEEEE", zorder=1), autolim=False)
    kept = np.array([0.5 if s.decision else 0.0 for s in all_steps])
    ax.add_collection(PolyCollection(_box_polygons(np.c_[y - 0.35, kept, y + 0.35, kept + 0.5]),
                                     facecolors=[colours[s.axis] for s in all_steps],
                                     alpha=0.55, zorder=2), autolim=False)
    where = [min((s.value - s.low) / (s.high - s.low), 1.0) for s in all_steps]
    ax.plot(where, y, "o", color=style.PALETTE["black"], ms=4, zorder=3)
    if rows <= 30:  # the range each row halves (the bits are spelled at the right)
        for step, row in zip(all_steps, y, strict=True):
            ax.text(-0.03, row, f"{step.axis} [{step.low:.6g}, {step.high:.6g})",
                    va="center", ha="right", fontsize=7)
    code = geohash.encode(lat, lon, precision)
    for group, char in enumerate(code):  # every 5 bits make one character
        five = "".join(str(s.decision) for s in all_steps[5 * group: 5 * group + 5])
        ax.text(1.03, -5 * group - 2, f"{five} = {int(five, 2)} → '{char}'",
                va="center", fontsize=8, color=style.BAD)
        if group:
            ax.axhline(-5 * group + 0.5, color=style.BAD, lw=0.6, alpha=0.6)
    ax.axvline(0.5, color=style.NEUTRAL, lw=0.8, ls="--", zorder=0)
    ax.set_xlim(0, 1.3)  # room on the right for the characters, inside the axes
    ax.set_ylim(-rows + 0.5, 0.5)
    ax.set_yticks([])
    ax.grid(False)
    style.label(ax, f"({lat:g}°, {lon:g}°) → '{code}': one halving per bit",
                "where the point sits in the range being halved (0 = low end, 1 = high end)", "")
    ax.set_xticks([0, 0.5, 1])
    if own:  # room on the left for the widest range label (about 0.053 in per character)
        widest = max((len(t.get_text()) for t in ax.texts[:rows]), default=0) if rows <= 30 else 0
        _margins(fig, left=0.15 + 0.053 * widest, right=0.04, bottom=0.5, top=0.27)
    first = "".join(str(s.decision) for s in all_steps[:5])
    return style.describe(fig, (
        f"Ladder of {rows} halvings for the point ({lat:g}°, {lon:g}°), alternating longitude "
        f"(blue) and latitude (orange); each row colours the half of the current range that "
        f"holds the point, which is the half kept. The "
        f"bits read {first}… and spell the geohash '{code}', five bits per character."))


@style.styled()
def zorder(curve, step=None, *, finer=None, ax=None):
    """The precision-1 cells joined in the order of their codes: the Z-order curve.

    ``curve`` is :func:`geohash.z_curve` (1) as (row, column) pairs; the line runs up to
    ``step`` (all of it by default). ``finer`` (the precision-2 curve) is drawn faintly
    behind it. The cells 'g' and 'u', side by side but far apart in the order, are marked.
    """
    fig, ax = _axes(ax, (8.0, 4.6), left=0.65, right=0.17, bottom=0.5, top=0.27)
    curve = np.asarray(curve)
    step = len(curve) - 1 if step is None else int(step)
    width, height = geohash.cell_degrees(1)
    centres = np.c_[-180 + (curve[:, 1] + 0.5) * width, -90 + (curve[:, 0] + 0.5) * height]
    lon_edges, lat_edges = _grid_edges(1, -90, -180, 90, 180)
    segments = [[(x, -90), (x, 90)] for x in lon_edges] + [[(-180, y), (180, y)]
                                                            for y in lat_edges]
    ax.add_collection(LineCollection(segments, colors=style.NEUTRAL, linewidths=0.7), autolim=False)
    if finer is not None:
        fine = np.asarray(finer)
        w2, h2 = geohash.cell_degrees(2)
        ax.plot(-180 + (fine[:, 1] + 0.5) * w2, -90 + (fine[:, 0] + 0.5) * h2, "-",
                color=style.PALETTE["sky"], lw=0.5, zorder=1)
    ax.plot(centres[: step + 1, 0], centres[: step + 1, 1], "-", color=style.PALETTE["blue"],
            lw=1.6, zorder=2)
    if step < len(curve) - 1:  # the cell reached so far
        ax.plot(*centres[step], "o", color=style.BAD, ms=9, zorder=3)
    for position, (x, y) in enumerate(centres):
        ax.text(x - width * 0.42, y + height * 0.42, f"{geohash.BASE32[position]} {position}",
                ha="left", va="top", fontsize=8, zorder=4,
                color="#000000" if position <= step else "#999999")
    seam = None
    if step == len(curve) - 1:  # the whole curve: mark a seam of the big Z
        a, b = geohash.BASE32.index("g"), geohash.BASE32.index("u")
        seam = b - a
        ax.annotate("", xy=centres[b], xytext=centres[a], zorder=5,
                    arrowprops={"arrowstyle": "<->", "color": style.BAD, "lw": 1.8})
        ax.text(0, centres[a][1] - height * 0.25,
                f"g and u touch, yet sit {seam} apart in sorted order",
                ha="center", va="top", fontsize=8.5, color=style.BAD, zorder=6, bbox=LABEL_BOX)
    ax.set_xlim(-180, 180)
    ax.set_ylim(-90, 90)
    ax.set_xticks(range(-180, 181, 90))
    ax.set_yticks(range(-90, 91, 45))
    ax.grid(False)
    title = ("Sorting geohashes walks a Z-order curve" if seam is not None else
             f"Step {step} of {len(curve) - 1}: cell '{geohash.BASE32[step]}'")
    style.label(ax, title, "longitude (°)", "latitude (°)")
    text = (f"The 32 geohash cells of precision 1, each labelled with its character and its "
            f"position in sorted order, joined by a line in that order up to position {step}: "
            f"the line draws Zs inside Zs.")
    if seam is not None:
        text += (f" Cells g and u share an edge at 0° longitude but are {seam} positions "
                 f"apart, so nearby places there fall far apart in a sorted index.")
    return style.describe(fig, text)


@style.styled()
def cell_sizes(lat=0.0, *, ax=None):
    """Cell width and height (m, log scale) per precision, at the equator and at ``lat``."""
    fig, ax = _axes(ax, style.FIGSIZE, left=1.0, right=0.06, bottom=0.5, top=0.27)
    precisions = np.arange(1, 13)
    sizes = np.array([geohash.cell_size(p) for p in precisions])
    at_lat = np.array([geohash.cell_size(p, lat)[0] for p in precisions])
    ax.plot(precisions, sizes[:, 1], "o-", label="height (everywhere)")
    ax.plot(precisions, sizes[:, 0], "s--", label="width at the equator")
    ax.plot(precisions, np.maximum(at_lat, 1e-3), "^-", label=f"width at {lat:g}°")
    _log_axis(ax, "y")
    ax.set_yticks([1e-2, 1, 1e2, 1e4, 1e6])
    ax.set_yticklabels(["1 cm", "1 m", "100 m", "10 km", "1,000 km"])
    ax.set_xticks(precisions)
    ax.legend()
    style.label(ax, "Each character cuts a cell into 32 smaller ones",
                "precision (characters)", "cell size (log scale)")
    return style.describe(fig, (
        f"Cell height and width against geohash precision 1 to 12 on a log scale: the height "
        f"falls from {_km(sizes[0, 1])} at one character to {_km(sizes[-1, 1])} at twelve, "
        f"each side shrinking 4-fold or 8-fold per character in turn (the area 32-fold); "
        f"at {lat:g}° the width is {math.cos(math.radians(lat)):.2f} times the width at the "
        f"equator."))


def _km(metres: float) -> str:
    """A length as the tables print it: '4.89 km', '611 m', '1.9 cm'."""
    return geohash.length_text(metres)


@style.styled()
def city_grid(lats, lons, populations, precision, centre, *, name=None, span=2, ax=None):
    """Cities (lon/lat scatter) under the geohash grid, the centre's cell and its neighbours lit.

    ``span`` cells are shown on each side of the centre's cell; ``name`` names the centre.
    """
    own = ax is None
    fig, ax = _axes(ax, (7.0, 5.2), left=0.8, right=0.8, bottom=0.5, top=0.5)
    code = geohash.encode(*centre, precision)
    around, view = _block_around(ax, code, span)
    lats, lons = np.asarray(lats), np.asarray(lons)
    populations = np.asarray(populations, dtype=float)
    seen = ((lats >= view[0]) & (lats <= view[2]) & (lons >= view[1]) & (lons <= view[3]))
    sizes = 3 + 60 * np.sqrt(populations[seen] / max(populations.max(), 1))
    ax.scatter(lons[seen], lats[seen], s=sizes, color=style.PALETTE["blue"], alpha=0.6,
               linewidths=0, zorder=3)
    where = name or f"({centre[0]:.4g}°, {centre[1]:.4g}°)"
    ax.plot([centre[1]], [centre[0]], "*", color=style.BAD, ms=12, zorder=5)
    ax.annotate(where, (centre[1], centre[0]), xytext=(6, -10), textcoords="offset points",
                fontsize=8.5, color=style.BAD, fontweight="bold", zorder=7)
    cell_w, cell_h = geohash.cell_size(precision, centre[0])
    # Neighbours that wrap across the ±180° meridian lie outside this map: say so.
    wrapped = sum(1 for c in around.values()
                  if geohash.bounds(c)[1] >= view[3] or geohash.bounds(c)[3] <= view[1])
    off_map = f" ({wrapped} across ±180°, off this map)" if wrapped else ""
    if wrapped:  # in the map's corner: the title has no room for it
        ax.text(0.02, 0.02, f"{wrapped} more neighbours across ±180°, off this map",
                transform=ax.transAxes, fontsize=8, ha="left", va="bottom", zorder=7,
                bbox=LABEL_BOX)
    _map_axes(ax, *view, f"Precision {precision}: cells {_km(cell_w)} × {_km(cell_h)}; "
              f"{seen.sum():,} cities in view\norange: the cell of {name or 'the star'}, "
              f"blue: its {len(around)} neighbours")
    prefixes = sorted({c[:-1] for c in around.values()} | {code[:-1]})
    covered = ("no single shorter prefix covers it" if len(prefixes) > 1
               else "one shorter prefix covers it")
    parents = (f" The 3 by 3 block spans {len(prefixes)} parent cell"
               f"{'s' if len(prefixes) > 1 else ''} ({', '.join(repr(p) for p in prefixes)}), "
               f"so {covered}." if precision > 1 else "")  # precision 1 has no parent
    if own:
        visible_ticks(fig)
    return style.describe(fig, (
        f"Map of the geohash grid at precision {precision} around {where} with "
        f"{seen.sum():,} cities as dots: its cell '{code}' is orange and its {len(around)} "
        f"neighbours blue{off_map}.{parents}"))


@style.styled()
def world_grid(lats, lons, counts, *, ax=None):
    """Every city as a dot over the 32 precision-1 cells, each cell shaded by its count.

    ``counts`` maps each of the 32 characters to the number of cities in its cell.
    """
    fig, ax = _axes(ax, (9.0, 5.0), left=0.65, right=0.17, bottom=0.5, top=0.27)
    codes = list(geohash.BASE32)
    boxes = [geohash.bounds(c) for c in codes]
    values = np.array([counts[c] for c in codes], dtype=float)
    shades = matplotlib.colormaps["Blues"](0.05 + 0.45 * np.log1p(values) / np.log1p(values.max()))
    ax.add_collection(PolyCollection(_box_polygons(boxes), facecolors=shades,
                                     edgecolors=style.NEUTRAL, linewidths=0.7, zorder=0),
                      autolim=False)
    ax.scatter(lons, lats, s=0.3, color="#333333", alpha=0.5, linewidths=0, zorder=2)
    for code, (_south, west, north, _east), value in zip(codes, boxes, values, strict=True):
        ax.text(west + 1.5, north - 2, f"{code}: {value:,.0f}", ha="left", va="top",
                fontsize=8.5, zorder=4, bbox=LABEL_BOX,
                fontweight="bold" if value >= 1000 else "normal")
    ax.set_xlim(-180, 180)
    ax.set_ylim(-90, 90)
    ax.set_xticks(range(-180, 181, 90))
    ax.set_yticks(range(-90, 91, 45))
    ax.grid(False)
    empty = [c for c, v in zip(codes, values, strict=True) if v == 0]
    top = max(zip(values, codes, strict=True))
    style.label(ax, f"{len(lats):,} cities in the 32 geohash cells of precision 1 "
                "(character: number of cities)", "longitude (°)", "latitude (°)")
    return style.describe(fig, (
        f"World map of {len(lats):,} cities under the 32 precision-1 geohash cells, each "
        f"labelled with its character and city count: '{top[1]}' holds {top[0]:,.0f} while "
        f"{len(empty)} cells hold none, so cells as shards would be very uneven."))


@style.styled()
def boundary(points, precision, *, ax=None):
    """Two nearby points, the cells around the first, and each point's geohash.

    ``points`` is two ``(name, lat, lon)`` triples.
    """
    own = ax is None
    fig, ax = _axes(ax, (7.0, 5.2), left=0.8, right=0.8, bottom=0.5, top=0.5)
    (name_a, lat_a, lon_a), (name_b, lat_b, lon_b) = points
    code_a = geohash.encode(lat_a, lon_a, precision)
    code_b = geohash.encode(lat_b, lon_b, precision)
    around, view = _block_around(ax, code_a, 1.3)
    ax.plot([lon_a, lon_b], [lat_a, lat_b], "-", color=style.NEUTRAL, lw=1, zorder=2)
    # The points are named in the margin below the 3 x 3 block, by colour and marker: next
    # to the points the names would cover the cells' codes.
    for (name, lat, lon), colour, marker, side in [(points[0], style.GOOD, "o", 0.02),
                                                   (points[1], style.BAD, "s", 0.98)]:
        ax.plot([lon], [lat], marker, color=colour, ms=8, zorder=4)
        ax.text(side, 0.015, f"{'●' if marker == 'o' else '■'} {name}: "
                f"{geohash.encode(lat, lon, 9)}", transform=ax.transAxes, fontsize=8,
                ha="left" if side < 0.5 else "right", va="bottom", color=colour,
                fontweight="bold", zorder=7)
    shared = geohash.common_prefix(geohash.encode(lat_a, lon_a, 12),
                                   geohash.encode(lat_b, lon_b, 12))
    gap = distance_m(lat_a, lon_a, lat_b, lon_b)
    inside = code_b in around.values() or code_b == code_a
    found = "is" if inside else "is not"
    prefix = (f"shared prefix '{shared}' ({len(shared)} characters)" if shared else
              "no shared prefix at all")
    _map_axes(ax, *view, f"{_km(gap)} apart, {prefix}:\n"
              f"{name_b} {found} in the 3×3 block around {name_a}'s cell")
    outcome = "so searching that block finds it" if inside else "so cells this small miss it"
    if own:
        visible_ticks(fig)
    return style.describe(fig, (
        f"Map at geohash precision {precision}: {name_a} (green) and {name_b} (red) are "
        f"{_km(gap)} apart but their geohashes share "
        f"{f'only the prefix {shared!r}' if shared else 'no prefix at all'}. {name_b} "
        f"{found} in the 3 × 3 block of cells around {name_a}'s cell "
        f"'{code_a}', {outcome}."))


def _depth_colours(depths, top):
    """Colours for leaf depths 0..top from the depth colour map (one colour per level)."""
    return DEPTH_COLOURS(_depth_norm(top)(np.asarray(depths)))


def _depth_norm(top: int) -> BoundaryNorm:
    return BoundaryNorm(np.arange(-0.5, top + 1.5), DEPTH_COLOURS.N)


@style.styled()
def quadtree_cells(tree, *, title=None, ax=None):
    """The leaves of a quadtree filled by depth (see :func:`quadtree_map`)."""
    boxes, depths = tree.leaf_arrays()
    return quadtree_map(boxes, depths, tree.bounds, points=len(tree), capacity=tree.capacity,
                        title=title, ax=ax)


@style.styled()
def quadtree_map(boxes, depths, bounds, *, points, capacity, image=None, title=None, ax=None):
    """A quadtree's leaves (boxes and depths) as a map coloured by depth, with a colour key.

    Dense regions get many small, deep leaves: filling each leaf with its depth's colour
    keeps them readable where outlines alone would merge into a grey mass. The leaves are
    drawn as one image (``image``, from :func:`raster.paint_boxes`; made here if not
    given), which is far cheaper than thousands of rectangles and the same at screen size.
    """
    fig, ax = _axes(ax, (8.0, 4.4), left=0.65, right=0.17, bottom=0.5, top=0.27)
    depths = np.asarray(depths)
    top = int(depths.max())
    south, west, north, east = bounds
    if image is None:
        image = raster.paint_boxes(boxes, depths, bounds)
    # Colour by table lookup (depth -> RGBA) instead of a norm: one step for the image.
    lookup = _depth_colours(np.arange(top + 1), top)
    ax.imshow(lookup[np.asarray(image, dtype=np.int64)], extent=(west, east, south, north),
              interpolation="nearest", aspect="auto", origin="upper")
    # Outline the leaves big enough to see (a few pixels across), so neighbouring boxes of
    # the same depth stay apart; smaller ones show as colour alone.
    big = np.asarray(boxes)[depths <= OUTLINE_DEPTH]
    ax.add_collection(PolyCollection(_box_polygons(big), facecolors="none",
                                     edgecolors="white", linewidths=0.5, zorder=2),
                      autolim=False)
    _depth_key(ax, top, bounds)
    ax.set_xlim(west, east)
    ax.set_ylim(south, north)
    ax.set_xticks(np.linspace(west, east, 5))
    ax.set_yticks(np.linspace(south, north, 5))
    ax.grid(False)
    style.label(ax, title or f"Quadtree, capacity {capacity}: {len(depths):,} leaves "
                f"for {points:,} points, coloured by depth", "longitude (°)", "latitude (°)")
    levels, counts = np.unique(depths, return_counts=True)
    busiest = int(levels[np.argmax(counts)])
    share = counts.max() / counts.sum()
    return style.describe(fig, (
        f"World map of a quadtree's {len(depths):,} leaves over {points:,} points "
        f"(capacity {capacity}), each leaf coloured by its depth, from 0 (dark) to {top} "
        f"(yellow): small deep leaves crowd where cities are dense and the oceans stay in big "
        f"shallow ones; the commonest leaf depth is {busiest} ({share:.0%} of the leaves)."))


def _depth_key(ax, top, bounds):
    """A row of colour swatches, depth 0 to ``top``, in the map's empty south-west corner."""
    south, west, north, east = bounds
    width, height = (east - west) * 0.022, (north - south) * 0.045
    left, bottom = west + (east - west) * 0.02, south + (north - south) * 0.04
    swatches = [(bottom, left + d * width, bottom + height, left + (d + 1) * width)
                for d in range(top + 1)]
    ax.add_collection(PolyCollection(_box_polygons(swatches),
                                     facecolors=_depth_colours(np.arange(top + 1), top),
                                     edgecolors="white", linewidths=0.5, zorder=3),
                      autolim=False)
    ax.text(left, bottom + height * 1.3, f"leaf depth 0 to {top}", fontsize=8,
            color="white", va="bottom", zorder=3)


@style.styled()
def quadtree_step(snapshot, before=None, *, ax=None):
    """A small quadtree after one insert or delete, with what that step changed.

    ``snapshot`` and ``before`` are dicts from :func:`sysdesign.geo.experiments.history`.
    Leaves are blue boxes; leaves the step created are drawn thicker in green, leaves it
    removed (split or merged away) dashed in grey; the city inserted or removed is ringed.
    """
    fig, ax = _axes(ax, (5.6, 5.0), left=0.6, right=0.6, bottom=0.7, top=0.5)
    south, west, north, east = snapshot["bounds"]
    after = set(snapshot["leaves"])
    earlier = set(before["leaves"]) if before else after
    added, gone = sorted(after - earlier), sorted(earlier - after)
    kept = sorted(after & earlier)
    for boxes, style_kw in [
            (gone, {"edgecolors": style.NEUTRAL, "linestyles": "--", "linewidths": 0.9}),
            (kept, {"edgecolors": style.PALETTE["blue"], "linewidths": 0.8}),
            (added, {"edgecolors": style.GOOD, "linewidths": 2.0})]:
        if boxes:
            ax.add_collection(PolyCollection(_box_polygons(boxes), facecolors="none",
                                             zorder=1, **style_kw), autolim=False)
    present = np.array(snapshot["present"], dtype=int)
    lats, lons = snapshot["lats"], snapshot["lons"]
    ax.plot(lons[present], lats[present], "o", color="#333333", ms=3.5, zorder=2)
    changed = snapshot["changed"]
    if changed is not None:
        inserted = changed in snapshot["present"]
        colour = style.GOOD if inserted else style.BAD
        ax.plot([lons[changed]], [lats[changed]], "o", ms=11, mfc="none", mec=colour, mew=2,
                zorder=3)
        ax.annotate(snapshot["names"][changed], (lons[changed], lats[changed]),
                    xytext=(7, 7), textcoords="offset points", fontsize=9, color=colour,
                    fontweight="bold", zorder=4)
    pad = 0.02 * (east - west)  # so the boxes' outer edges are not cut by the frame
    _map_axes(ax, south - pad, west - pad, north + pad, east + pad,
              f"Step {snapshot['step']}: {snapshot['event']}\n"
              "(leaves it made: green; leaves it removed: dashed)")
    ax.set_xticks([-10, 0, 10, 20])
    ax.set_yticks([40, 50, 60])
    was = f" (was {before['nodes']})" if before else ""
    ax.set_xlabel(f"longitude (°)\n{len(present)} cities, {snapshot['nodes']} nodes{was}, "
                  f"depth {snapshot['depth']}")

    def leaves(n):
        return f"{n} leaf" if n == 1 else f"{n} leaves"

    return style.describe(fig, (
        f"A capacity-1 quadtree over big European cities after step {snapshot['step']}, "
        f"'{snapshot['event']}': {leaves(len(after))} as boxes and {len(present)} cities as "
        f"dots; the step made {leaves(len(added))} (green) and removed {leaves(len(gone))} "
        f"(dashed): inserts split boxes where cities crowd, deletes merge them back."))


@style.styled()
def image_blocks(image, leaves, *, ax=None):
    """A region quadtree over an image: each leaf block drawn in its value, edges grey."""
    own = ax is None
    fig, ax = _axes(ax, (9.0, 4.9), left=0.55, right=0.06, bottom=0.47, top=0.25)
    leaves = np.asarray(leaves)
    rows, cols = image.shape
    # Pixel blocks as boxes in image coordinates (x = column, y = row downwards).
    boxes = np.c_[leaves[:, 0], leaves[:, 1], leaves[:, 0] + leaves[:, 2],
                  leaves[:, 1] + leaves[:, 3]]
    colours = np.where(leaves[:, 4:5] > 0.5, matplotlib.colors.to_rgba_array(
        style.PALETTE["blue"]), matplotlib.colors.to_rgba_array("white"))
    ax.add_collection(PolyCollection(_box_polygons(boxes), facecolors=colours,
                                     edgecolors=style.NEUTRAL, linewidths=0.4, zorder=1),
                      autolim=False)
    ax.set_xlim(0, cols)
    ax.set_ylim(rows, 0)
    # Ticks a power of two apart (32 pixels on the 128 x 64 map), where the blocks' edges
    # fall: about four along the longer side, since each tick costs more than a text (and
    # none on the right edge, where its label would be cut off).
    step = 2 ** max(0, int(math.log2(max(rows, cols) / 4)))
    ax.set_xticks(range(0, cols, step))
    ax.set_yticks(range(0, rows + 1, step))
    ax.set_aspect("equal")
    ax.grid(False)
    ratio = image.size / len(leaves)
    # The biggest leaf, width by height: blocks split at midlines keep the image's aspect.
    big = leaves[np.argmax(leaves[:, 2] * leaves[:, 3])]
    biggest = f"{int(big[3])} by {int(big[2])} pixels"
    style.label(ax, f"{len(leaves):,} blocks instead of {image.size:,} pixels "
                f"({ratio:.1f}× fewer, lossless)", "column (pixel)", "row (pixel)")
    if own:
        visible_ticks(fig)
    return style.describe(fig, (
        f"A {cols} by {rows} pixel world map, blue where a pixel holds a city, stored as a "
        f"region quadtree: {len(leaves):,} uniform blocks instead of {image.size:,} pixels, "
        f"{ratio:.1f} times fewer. Empty oceans are a few big blocks (the biggest "
        f"{biggest}); the blocks shrink to single pixels along the edges of inhabited land."))


@style.styled()
def search_work(sweep, *, ax=None):
    """Candidates examined per query against radius, one line per method (log-log).

    ``sweep`` is a DataFrame with columns radius_m, method and candidates per query
    (as made by :func:`sysdesign.geo.search.sweep`); with a "µs per query" column a
    second panel shows time.
    """
    timed = "µs per query" in sweep
    own = ax is None
    if own:
        fig, axes = style.figure(1, 2 if timed else 1, figsize=style.WIDE if timed
                                 else style.FIGSIZE)
        axes = np.atleast_1d(axes)
        # Room for the line-end labels right of the first axes and the y labels of both.
        _margins(fig, left=0.85, right=0.65 if not timed else 0.06, bottom=0.5, top=0.27,
                 wspace=0.39 if timed else None)
    else:
        fig, axes = ax.figure, np.array([ax])
    radii_km = sweep["radius_m"].unique() / 1000
    found = sweep.groupby("radius_m", sort=False)["found per query"].first()
    n = int(sweep["points"].iloc[0])
    work = {method: rows["candidates per query"].to_numpy()
            for method, rows in sweep.groupby("method", sort=False)}
    if "brute force" not in work:  # not run: its work is every point, every time
        work = {"brute force": np.full(len(radii_km), float(n)), **work}
    for method, values in work.items():
        colour, marker = METHOD_LOOK.get(method, (style.NEUTRAL, "o"))
        axes[0].plot(radii_km, values, marker=marker, color=colour)
        axes[0].annotate(method, (radii_km[-1], values[-1]), xytext=(6, 0),
                         textcoords="offset points", va="center", fontsize=9, color=colour)
    if timed and len(axes) > 1:
        for method, rows in sweep.groupby("method", sort=False):
            colour, marker = METHOD_LOOK.get(method, (style.NEUTRAL, "o"))
            axes[1].plot(rows["radius_m"] / 1000, rows["µs per query"], marker=marker,
                         color=colour, label=method)
    axes[0].plot(radii_km, np.maximum(found.to_numpy(), 1e-2), color=style.NEUTRAL, ls=":")
    axes[0].annotate("points within\nthe radius", (radii_km[-1], found.iloc[-1]),
                     xytext=(6, -4), textcoords="offset points", va="top", fontsize=8,
                     color="#555555")
    for a in axes:
        _log_axis(a, "x")
        _log_axis(a, "y")
    if timed and len(axes) > 1:
        axes[1].legend()
    style.label(axes[0], f"Work per query over {n:,} cities", "radius (km, log scale)",
                "distances computed per query")
    if timed and len(axes) > 1:
        style.label(axes[1], "Time per query (this machine)", "radius (km, log scale)",
                    "µs per query (log scale)")
    small = {m: w[0] for m, w in work.items()}
    # How far above the true count each index ends, at the largest radius.
    over = {m: w[-1] / max(found.iloc[-1], 1e-9) for m, w in work.items()}
    if own:
        visible_ticks(fig)
    return style.describe(fig, (
        f"Distances computed per query against search radius, {radii_km[0]:g} to "
        f"{radii_km[-1]:,g} km, log-log, over {n:,} cities: brute force stays at {n:,}; at "
        f"{radii_km[0]:g} km the geohash search computes {small.get('geohash', 0):.2g} and "
        f"the quadtree {small.get('quadtree', 0):.2g}. Both rise with the number of points "
        f"actually within the radius; at {radii_km[-1]:,g} km the geohash search computes "
        f"{over.get('geohash', 0):.1f} times that number and the quadtree "
        f"{over.get('quadtree', 0):.1f} times."))


@style.styled()
def search_bars(table, radius_m, *, ax=None):
    """Distances computed per query by each method (log scale), from a compare() table.

    Dots, not bars: on a log axis a bar's length depends on where the axis happens to
    start, so it would not show the ratio between methods; a dot's height does.
    """
    own = ax is None
    fig, ax = _axes(ax, style.FIGSIZE, left=0.85, right=0.06, bottom=0.5, top=0.27)
    queries = table.attrs.get("queries", 1)
    per_query = table["candidates examined"] / queries
    positions = np.arange(len(per_query))
    for x, (method, value) in zip(positions, per_query.items(), strict=True):
        colour, marker = METHOD_LOOK.get(method, (style.NEUTRAL, "o"))
        ax.plot([x], [value], marker=marker, ms=11, color=colour, ls="none")
        text = f"{value:,.1f}" if value >= 1 else f"{value:.2g}"  # 0.05, not "0.1"
        ax.annotate(text, (x, value), xytext=(10, 0), textcoords="offset points",
                    ha="left", va="center", fontsize=9)
    found = table["points found"].iloc[0] / queries
    ax.axhline(max(found, 1e-2), color=style.NEUTRAL, ls=":")
    _log_axis(ax, "y")
    ax.set_xticks(positions, list(per_query.index))
    ax.set_xlim(-0.5, len(per_query) - 0.5)
    # Keep the dotted line and every dot (with its label) in view.
    low, high = min(max(found, 1e-2), per_query.min()), max(per_query.max(), found)
    ax.set_ylim(low / 2, high * 2)
    style.label(ax, f"Radius {_km(radius_m)}, {queries} queries: same answers, "
                "different work",
                f"method (dotted line: points within the radius, {found:,.2f} per query)",
                "distances per query (log scale)")
    listed = ", ".join(f"{m} {v:,.1f}" for m, v in per_query.items())
    if own:
        visible_ticks(fig)
    return style.describe(fig, (
        f"Dot plot on a log scale of distances computed per query within "
        f"{_km(radius_m)}: {listed}; all three find the same {found:,.2f} points "
        f"per query."))


# --- the panels' views: draw(result, **control values) ------------------------------------

def encoding_view(result, lat, lon, precision):
    """The bisection ladder of (lat, lon) and the table of its steps."""
    return [bisection(lat, lon, precision), result]


def precision_view(result, lat):
    """Cell sizes against precision, and the table of them."""
    return [cell_sizes(lat), result]


def zorder_view(result, step, finer):
    """The Z-order curve through the precision-1 cells, drawn up to ``step``."""
    return zorder(result["curve"], result["step"], finer=result["finer"])


def grid_view(result, city, precision):
    """The geohash grid over the cities around the chosen one."""
    frame = result["frame"]
    return city_grid(frame["lat"], frame["lon"], frame["population"], precision,
                     result["centre"], name=city)


def boundary_view(result, pair, precision):
    """The two places of the pair, the first one's cell and its neighbours."""
    return boundary(result["points"], precision)


def quadtree_view(result, capacity, data):
    """The quadtree's leaves over the cities."""
    return quadtree_map(result["boxes"], result["depths"], result["tree"].bounds,
                        points=result["points"], capacity=capacity, image=result["image"])


def quadtree_history_view(result, step):
    """The small quadtree after step ``step``, with what that step changed."""
    return quadtree_step(result, result["before"])


def proximity_view(result, radius_km, data, queries, timed):
    """Distances computed per query by each method, and the per-query table."""
    return [search_bars(result["table"], radius_km * 1000), result["per_query"]]
