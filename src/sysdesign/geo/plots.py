"""Figures for geohashes and quadtrees: bisection ladders, grids over cities, quadtree cells.

Each figure takes model output (and an optional ``ax=``) and returns a Figure; the
``*_view`` functions at the end draw each panel's result from ``experiments``.
"""

from __future__ import annotations

import math

import matplotlib.ticker as mticker
import numpy as np
from matplotlib.collections import LineCollection, PolyCollection
from matplotlib.patches import Patch

from sysdesign.core import style, units
from sysdesign.geo import geohash
from sysdesign.geo.distance import distance_m

LABEL_LIMIT = 64  # write the code inside each cell only when this few are on screen


def _map_axes(ax, south, west, north, east, title):
    """Lon/lat axes that look like a map: equal ground distances along both axes."""
    ax.set_xlim(west, east)
    ax.set_ylim(south, north)
    middle = min(abs((south + north) / 2), 80.0)
    ax.set_aspect(1 / math.cos(math.radians(middle)), adjustable="box")
    ax.grid(False)
    style.label(ax, title, "longitude (°)", "latitude (°)")


def _box_polygons(boxes) -> np.ndarray:
    """Corner arrays (n, 4, 2) of boxes given as (south, west, north, east) rows."""
    south, west, north, east = np.asarray(boxes, dtype=float).reshape(-1, 4).T
    return np.stack([np.c_[west, south], np.c_[east, south], np.c_[east, north],
                     np.c_[west, north]], axis=1)


def _draw_grid(ax, precision, south, west, north, east, *, labels=True):
    """Geohash cell edges (and codes) at one precision across the visible box."""
    width, height = geohash.cell_degrees(precision)
    lon_edges = np.arange(math.floor((west + 180) / width), math.ceil((east + 180) / width) + 1)
    lat_edges = np.arange(math.floor((south + 90) / height),
                          math.ceil((north + 90) / height) + 1)
    lon_edges = np.clip(lon_edges * width - 180, -180, 180)
    lat_edges = np.clip(lat_edges * height - 90, -90, 90)
    segments = [[(x, lat_edges[0]), (x, lat_edges[-1])] for x in lon_edges]
    segments += [[(lon_edges[0], y), (lon_edges[-1], y)] for y in lat_edges]
    ax.add_collection(LineCollection(segments, colors=style.NEUTRAL, linewidths=0.7,
                                     zorder=1), autolim=False)
    centres = [((a + b) / 2, (c + d) / 2) for a, b in zip(lon_edges[:-1], lon_edges[1:],
                                                          strict=True)
               for c, d in zip(lat_edges[:-1], lat_edges[1:], strict=True)]
    if labels and len(centres) <= LABEL_LIMIT:
        for x, y in centres:
            if west <= x <= east and south <= y <= north:
                ax.text(x, y, geohash.encode(y, x, precision), ha="center", va="center",
                        fontsize=8, color="#555555", zorder=2)


@style.styled()
def bisection(lat, lon, precision, *, ax=None):
    """Each bisection step, zoomed to its own interval: which half holds the point."""
    all_steps = geohash.steps(lat, lon, precision)
    rows = len(all_steps)
    if ax is None:
        fig, ax = style.figure(figsize=(style.FIGSIZE[0], max(3.0, 0.9 + 0.22 * rows)))
    else:
        fig = ax.figure
    colours = {"lon": style.PALETTE["blue"], "lat": style.PALETTE["orange"]}
    for step in all_steps:
        y = -step.bit
        chosen = (0.5, 1.0) if step.decision else (0.0, 0.5)
        ax.barh(y, 1.0, left=0.0, height=0.7, color="#EEEEEE", zorder=1)
        ax.barh(y, 0.5, left=chosen[0], height=0.7, color=colours[step.axis], alpha=0.55,
                zorder=2)
        where = (step.value - step.low) / (step.high - step.low)
        ax.plot([min(where, 1.0)], [y], "o", color=style.PALETTE["black"], ms=4, zorder=3)
        ax.text(1.03, y, f"{step.decision}", va="center", fontsize=9, fontweight="bold")
        if rows <= 30:
            ax.text(-0.03, y, f"{step.axis} [{step.low:.6g}, {step.high:.6g})", va="center",
                    ha="right", fontsize=7)
        if step.bit % 5 == 4:  # every 5 bits make one character
            five = "".join(str(s.decision) for s in all_steps[step.bit - 4: step.bit + 1])
            ax.text(1.09, y + 2, f"{five} → '{geohash.BASE32[int(five, 2)]}'", va="center",
                    fontsize=8, color=style.BAD)
            ax.axhline(y - 0.5, color=style.BAD, lw=0.6, alpha=0.6)
    ax.axvline(0.5, color=style.NEUTRAL, lw=0.8, ls="--", zorder=0)
    ax.set_xlim(0, 1.08)
    ax.set_ylim(-rows + 0.5, 0.5)
    ax.set_yticks([])
    ax.grid(False)
    code = geohash.encode(lat, lon, precision)
    style.label(ax, f"({lat:g}°, {lon:g}°) → '{code}': one halving per bit",
                "where the point sits in the range being halved (0 = low end, 1 = high end)",
                "")
    ax.legend(handles=[Patch(color=colours["lon"], alpha=0.55, label="longitude: half kept"),
                       Patch(color=colours["lat"], alpha=0.55, label="latitude: half kept")],
              loc="lower left", bbox_to_anchor=(1.01, 0.0), fontsize=8)
    return fig


@style.styled()
def cell_sizes(lat=0.0, *, ax=None):
    """Cell width and height (m, log scale) per precision, at the equator and at ``lat``."""
    fig, ax = style.new_axes(ax)
    precisions = np.arange(1, 13)
    sizes = np.array([geohash.cell_size(p) for p in precisions])
    at_lat = np.array([geohash.cell_size(p, lat)[0] for p in precisions])
    ax.plot(precisions, sizes[:, 1], "o-", label="height (everywhere)")
    ax.plot(precisions, sizes[:, 0], "s--", label="width at the equator")
    ax.plot(precisions, np.maximum(at_lat, 1e-3), "^-", label=f"width at {lat:g}°")
    ax.set_yscale("log")
    ax.set_xticks(precisions)
    for y, text in [(1000, "1 km"), (1, "1 m"), (0.01, "1 cm")]:
        ax.axhline(y, color=style.NEUTRAL, lw=0.6, ls=":")
        ax.text(12.4, y, text, va="center", fontsize=8, color="#555555")
    ax.legend()
    style.label(ax, "Each character shrinks the cell 32-fold", "precision (characters)",
                "cell size (m, log scale)")
    return fig


@style.styled()
def city_grid(lats, lons, populations, precision, centre, *, names=None, span=2, ax=None):
    """Cities (lon/lat scatter) under the geohash grid, the centre's cell and its neighbours lit.

    ``span`` cells are shown on each side of the centre's cell; ``names`` (optional,
    aligned with lats) labels the biggest cities in view.
    """
    fig, ax = style.new_axes(ax, figsize=(7.0, 5.0))
    code = geohash.encode(*centre, precision)
    south, west, north, east = geohash.bounds(code)
    width, height = east - west, north - south
    view = (max(-90.0, south - span * height), max(-180.0, west - span * width),
            min(90.0, north + span * height), min(180.0, east + span * width))
    around = geohash.neighbors(code)
    ax.add_collection(PolyCollection(_box_polygons([geohash.bounds(c) for c in around.values()]),
                                     facecolors=style.PALETTE["sky"], alpha=0.35, zorder=0,
                                     label="its 8 neighbours"), autolim=False)
    ax.add_collection(PolyCollection(_box_polygons([(south, west, north, east)]),
                                     facecolors=style.PALETTE["orange"], alpha=0.45, zorder=0,
                                     label=f"cell '{code}'"), autolim=False)
    _draw_grid(ax, precision, *view)
    lats, lons = np.asarray(lats), np.asarray(lons)
    populations = np.asarray(populations, dtype=float)
    seen = ((lats >= view[0]) & (lats <= view[2]) & (lons >= view[1]) & (lons <= view[3]))
    sizes = 2 + 60 * np.sqrt(populations[seen] / max(populations.max(), 1))
    ax.scatter(lons[seen], lats[seen], s=sizes, color=style.PALETTE["blue"], alpha=0.6,
               linewidths=0, zorder=3, label=f"cities ({seen.sum():,} in view)")
    if names is not None:
        names = np.asarray(names)
        for i in np.flatnonzero(seen)[np.argsort(-populations[seen])][:4]:
            ax.annotate(names[i], (lons[i], lats[i]), fontsize=8, xytext=(3, 3),
                        textcoords="offset points", zorder=4)
    ax.plot([centre[1]], [centre[0]], "*", color=style.BAD, ms=12, zorder=5,
            label=f"({centre[0]:.4g}°, {centre[1]:.4g}°)")
    cell_w, cell_h = geohash.cell_size(precision, centre[0])
    _map_axes(ax, *view, f"Precision {precision}: cells {_km(cell_w)} × {_km(cell_h)}")
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8)
    return fig


def _km(metres: float) -> str:
    return units.si(metres, "m")


@style.styled()
def world_grid(lats, lons, precision=1, *, ax=None):
    """Every city as a dot, with the whole-world geohash grid at precision 1 or 2."""
    fig, ax = style.new_axes(ax, figsize=(9.0, 5.0))
    ax.scatter(lons, lats, s=0.4, color=style.PALETTE["blue"], alpha=0.5, linewidths=0,
               zorder=3)
    _draw_grid(ax, precision, -90.0, -180.0, 90.0, 180.0)
    ax.set_xlim(-180, 180)
    ax.set_ylim(-90, 90)
    ax.set_xticks(range(-180, 181, 45))
    ax.set_yticks(range(-90, 91, 45))
    ax.grid(False)
    style.label(ax, f"{len(lats):,} cities and the {32 ** precision:,} geohash cells of "
                f"precision {precision}", "longitude (°)", "latitude (°)")
    return fig


@style.styled()
def boundary(points, precision, *, ax=None):
    """Two nearby points, the cells around the first, and each point's geohash.

    ``points`` is two ``(name, lat, lon)`` triples.
    """
    fig, ax = style.new_axes(ax, figsize=(7.0, 5.0))
    (name_a, lat_a, lon_a), (name_b, lat_b, lon_b) = points
    code_a = geohash.encode(lat_a, lon_a, precision)
    code_b = geohash.encode(lat_b, lon_b, precision)
    south, west, north, east = geohash.bounds(code_a)
    around = geohash.neighbors(code_a)
    ax.add_collection(PolyCollection(_box_polygons([geohash.bounds(c) for c in around.values()]),
                                     facecolors=style.PALETTE["sky"], alpha=0.3, zorder=0,
                                     label=f"neighbours of '{code_a}'"), autolim=False)
    ax.add_collection(PolyCollection(_box_polygons([(south, west, north, east)]),
                                     facecolors=style.PALETTE["orange"], alpha=0.4, zorder=0,
                                     label=f"cell '{code_a}'"), autolim=False)
    width, height = east - west, north - south
    view = (max(-90.0, south - 1.3 * height), max(-180.0, west - 1.3 * width),
            min(90.0, north + 1.3 * height), min(180.0, east + 1.3 * width))
    _draw_grid(ax, precision, *view)
    ax.plot([lon_a, lon_b], [lat_a, lat_b], "-", color=style.NEUTRAL, lw=1, zorder=2)
    for (name, lat, lon), colour in [(points[0], style.GOOD), (points[1], style.BAD)]:
        ax.plot([lon], [lat], "o", color=colour, ms=8, zorder=4,
                label=f"{name}: {geohash.encode(lat, lon, 9)}")
    shared = geohash.common_prefix(geohash.encode(lat_a, lon_a, 12),
                                   geohash.encode(lat_b, lon_b, 12))
    gap = distance_m(lat_a, lon_a, lat_b, lon_b)
    found = "is" if code_b in around.values() or code_b == code_a else "is not"
    _map_axes(ax, *view, f"{_km(gap)} apart, shared prefix '{shared}' "
              f"({len(shared)} chars); B {found} in A's 3×3 block")
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8)
    return fig


@style.styled()
def quadtree_cells(tree, *, title=None, ax=None):
    """The leaves of a quadtree as rectangles over its points, and how deep the leaves go."""
    if ax is None:
        fig, (ax, bars) = style.figure(1, 2, figsize=(10.0, 4.2),
                                       gridspec_kw={"width_ratios": [3, 1]})
    else:
        fig, bars = ax.figure, None
    lats, lons = tree.coordinates()
    boxes = _box_polygons([leaf.box for leaf in tree.leaves()])
    ax.add_collection(PolyCollection(boxes, facecolors="none", edgecolors=style.NEUTRAL,
                                     linewidths=0.4, zorder=1), autolim=False)
    ax.scatter(lons, lats, s=0.5, color=style.PALETTE["blue"], alpha=0.6, linewidths=0,
               zorder=2)
    ax.set_xlim(-180, 180)
    ax.set_ylim(-90, 90)
    ax.set_xticks(range(-180, 181, 60))
    ax.set_yticks(range(-90, 91, 30))
    ax.grid(False)
    style.label(ax, title or f"Quadtree, capacity {tree.capacity}: {tree.leaf_count:,} leaves "
                f"for {len(tree):,} points", "longitude (°)", "latitude (°)")
    if bars is not None:
        depths = tree.depth_counts()
        bars.barh(list(depths), list(depths.values()), color=style.PALETTE["green"])
        bars.invert_yaxis()
        style.label(bars, "Leaves per depth", "leaves", "depth (levels below the root)")
    return fig


@style.styled()
def search_work(sweep, *, ax=None):
    """Candidates examined per query against radius, one line per method (log-log).

    ``sweep`` is a DataFrame with columns radius_m, method and candidates per query
    (as made by :func:`sysdesign.geo.search.sweep`); with a "µs per query" column a
    second panel shows time.
    """
    timed = "µs per query" in sweep
    if ax is None:
        fig, axes = style.figure(1, 2 if timed else 1, figsize=style.WIDE if timed
                                 else style.FIGSIZE)
        axes = np.atleast_1d(axes)
    else:
        fig, axes = ax.figure, np.array([ax])
    markers = {"brute force": "o", "geohash": "s", "quadtree": "^"}
    for method, rows in sweep.groupby("method", sort=False):
        axes[0].plot(rows["radius_m"] / 1000, rows["candidates per query"],
                     marker=markers.get(method, "o"), label=method)
        if timed and len(axes) > 1:
            axes[1].plot(rows["radius_m"] / 1000, rows["µs per query"],
                         marker=markers.get(method, "o"), label=method)
    axes[0].plot(sweep["radius_m"].unique() / 1000,
                 sweep.groupby("radius_m", sort=False)["found per query"].first(),
                 color=style.NEUTRAL, ls=":", label="points actually within the radius")
    for a in axes:
        a.set_xscale("log")
        a.set_yscale("log")
        a.xaxis.set_major_formatter(mticker.FuncFormatter(lambda v, _: f"{v:g}"))
        a.legend()
    n = int(sweep["points"].iloc[0])
    style.label(axes[0], f"Work per query over {n:,} cities", "radius (km, log scale)",
                "distances computed per query")
    if timed and len(axes) > 1:
        style.label(axes[1], "Time per query (this machine)", "radius (km, log scale)",
                    "µs per query (log scale)")
    return fig


@style.styled()
def search_bars(table, radius_m, *, ax=None):
    """Distances computed per query by each method (log scale), from a compare() table."""
    fig, ax = style.new_axes(ax)
    queries = table.attrs.get("queries", 1)
    per_query = table["candidates examined"] / queries
    colours = [style.PALETTE["orange"], style.PALETTE["sky"], style.PALETTE["green"]]
    bars = ax.bar(table.index, per_query, color=colours[: len(table)])
    for bar, value in zip(bars, per_query, strict=True):
        ax.text(bar.get_x() + bar.get_width() / 2, value, f"{value:,.1f}", ha="center",
                va="bottom", fontsize=9)
    found = table["points found"].iloc[0] / queries
    ax.axhline(max(found, 1e-2), color=style.NEUTRAL, ls=":",
               label=f"points within the radius: {found:,.2f} per query")
    ax.set_yscale("log")
    ax.legend(loc="upper right")
    style.label(ax, f"Radius {units.si(radius_m, 'm')}: same answers, different work",
                "method", "distances computed per query (log scale)")
    return fig


# --- the panels' views: draw(result, **control values) ------------------------------------

def encoding_view(result, lat, lon, precision):
    """The bisection ladder of (lat, lon) and the table of its steps."""
    return [bisection(lat, lon, precision), result]


def precision_view(result, lat):
    """Cell sizes against precision, and the table of them."""
    return [cell_sizes(lat), result]


def grid_view(result, city, precision):
    """The geohash grid over the cities around the chosen one."""
    frame = result["frame"]
    return city_grid(frame["lat"], frame["lon"], frame["population"], precision,
                     result["centre"], names=frame["name"])


def boundary_view(result, pair, precision):
    """The two places of the pair, the first one's cell and its neighbours."""
    return boundary(result["points"], precision)


def quadtree_view(result, capacity, data):
    """The quadtree's leaves over the cities."""
    return quadtree_cells(result["tree"])


def proximity_view(result, radius_km, data, queries, timed):
    """Distances computed per query by each method, and the per-query table."""
    return [search_bars(result["table"], radius_km * 1000), result["per_query"]]
