"""Notebook 15's scenarios and the computation behind each of its panels.

The notebook, the panels in :mod:`sysdesign.geo.widgets` and the tests all call these, so
a number in the notebook, a panel's figure and a test's assertion come from one place.
Each panel ``foo_panel`` computes with :func:`foo` here and draws with ``plots.foo_view``.

What does not change between redraws is built once and kept (``functools.lru_cache``):
the cities of each data size, the three searches over them, the quadtrees, the Z-order
curves and the quadtree's insert/delete history. A panel's redraw then only looks up.
"""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd

from sysdesign.core import checks
from sysdesign.geo import cities, geohash, raster, search
from sysdesign.geo.quadtree import QuadTree

# Cities to centre the grid on, by their GeoNames name.
PLACES = ["Paris", "London", "New York City", "Tokyo", "São Paulo", "Lagos", "Mumbai",
          "Sydney", "Reykjavík", "Singapore", "Quito", "Anchorage"]

# Population thresholds offered for "how much data".
DATA_SIZES = {"all (≥ 15,000 people)": 15_000, "≥ 100,000 people": 100_000,
              "≥ 1,000,000 people": 1_000_000}

PROXIMITY_SEED = 15  # the proximity panel's queries: the same ones at every redraw

# The quadtree history: the 24 biggest cities in a box over Europe and the western
# Mediterranean, inserted one by one (most populous first), then the first 12 removed.
HISTORY_BOUNDS = (36.0, -10.0, 60.0, 20.0)  # south, west, north, east (°)
HISTORY_CITIES = 24
HISTORY_CAPACITY = 1  # Samet's PR quadtree: one point per leaf


def place(name: str) -> tuple[float, float]:
    """(lat, lon) of a named city in the data (the most populous of that name)."""
    row = cities.city(name)
    return float(row["lat"]), float(row["lon"])


# The cached builders below are called through plain wrappers that pass their arguments by
# position: lru_cache keys ``f()``, ``f(15_000)`` and ``f(min_population=15_000)`` apart, and
# the notebook, the panels and the tests call them all three ways.

def points(min_population: int = cities.MIN_POPULATION) -> tuple[np.ndarray, np.ndarray]:
    """(lats, lons) of the cities with at least ``min_population`` people (kept, read-only)."""
    return _points(min_population)


def searches(min_population: int = cities.MIN_POPULATION) -> dict[str, search.ProximitySearch]:
    """The three searches over the cities, built once per data size."""
    return _searches(min_population)


def city_tree(capacity: int = 8, min_population: int = cities.MIN_POPULATION) -> QuadTree:
    """A quadtree over the cities, built once per capacity and data size."""
    return _city_tree(capacity, min_population)


@functools.lru_cache(maxsize=8)
def _points(min_population: int) -> tuple[np.ndarray, np.ndarray]:
    frame = cities.cities(min_population)
    lats, lons = frame["lat"].to_numpy().copy(), frame["lon"].to_numpy().copy()
    lats.flags.writeable = lons.flags.writeable = False
    return lats, lons


@functools.lru_cache(maxsize=8)
def _searches(min_population: int) -> dict[str, search.ProximitySearch]:
    return search.build_all(*points(min_population))


@functools.lru_cache(maxsize=16)
def _city_tree(capacity: int, min_population: int) -> QuadTree:
    return QuadTree.from_points(*points(min_population), capacity=capacity)


@functools.lru_cache(maxsize=1)
def boundary_examples() -> dict[str, tuple[tuple[str, float, float], tuple[str, float, float]]]:
    """Pairs of nearby places whose geohashes share little or nothing: (name, lat, lon) each."""
    def named(name, country):
        row = cities.city(name, country)
        return (name, float(row["lat"]), float(row["lon"]))

    return {
        "50 m apart across the Greenwich meridian": (
            ("west of the meridian", 51.4779, -0.00036), ("east of it", 51.4779, 0.00036)),
        "Stratford and Bow, London": (named("Stratford", "GB"), named("Bow", "GB")),
        "Tacloban and Panalanoy, Philippines": (named("Tacloban", "PH"),
                                                named("Panalanoy", "PH")),
        "Florence and Campo di Marte, Italy": (named("Florence", "IT"),
                                               named("Campo di Marte", "IT")),
        "100 m apart across the equator (Ecuador)": (
            ("north of the equator", 0.00045, -78.45), ("south of it", -0.00045, -78.45)),
    }


def cell_counts(precision: int = 1, min_population: int = cities.MIN_POPULATION) -> pd.Series:
    """How many cities fall in each geohash cell of a precision (cells with none included)."""
    index = searches(min_population)["geohash"]
    codes = geohash.all_codes(precision)
    return pd.Series([index.ids_in(code).size for code in codes], index=codes, name="cities")


def privacy(lat, lon, precisions=range(3, 7)) -> pd.DataFrame:
    """:func:`geohash.privacy_table` plus the crowd each truncated cell hides you in.

    The crowd is counted from the data: the towns of 15,000 people or more inside the
    cell, and how many people live in them (a lower bound on who else is there).
    """
    table = geohash.privacy_table(lat, lon, precisions)
    index = searches()["geohash"]
    population = cities.cities()["population"].to_numpy()
    inside = [index.ids_in(code) for code in table["shared code"]]
    table["towns ≥ 15k in the cell"] = [ids.size for ids in inside]
    table["people in them"] = [f"{population[ids].sum():,}" for ids in inside]
    return table


def city_raster(width: int = 128, height: int = 64,
                min_population: int = cities.MIN_POPULATION) -> np.ndarray:
    """A world map of ``height`` x ``width`` pixels: 1 where a pixel holds a city, else 0.

    Row 0 is the northern edge (as images are stored), column 0 the -180° meridian.
    """
    width = checks.integer(width, "width", 1, 4096)
    height = checks.integer(height, "height", 1, 4096)
    lats, lons = points(min_population)
    counts, _, _ = np.histogram2d(lats, lons, bins=(height, width),
                                  range=((-90, 90), (-180, 180)))
    return (counts[::-1] > 0).astype(np.float64)


def image_blocks(tolerance: float = 0.0) -> dict:
    """The region quadtree's leaf blocks over :func:`city_raster`, and the compression."""
    image = city_raster()
    leaves = raster.blocks(image, tolerance)
    return {"image": image, "blocks": leaves, "pixels": image.size, "leaves": len(leaves)}


# --- the quadtree's history: inserts that split, deletes that merge -----------------------

@functools.lru_cache(maxsize=1)
def history() -> list[dict]:
    """Snapshots of a small quadtree after each insert and each delete, step 0 = empty.

    Each snapshot: ``leaves`` (boxes), ``present`` (ids held), ``changed`` (the id
    inserted or removed), ``event`` (a sentence), ``nodes`` and ``depth``.
    """
    south, west, north, east = HISTORY_BOUNDS
    frame = cities.cities(500_000)
    inside = frame[frame["lat"].between(south, north) & frame["lon"].between(west, east)]
    chosen = inside.nlargest(HISTORY_CITIES, "population").reset_index(drop=True)
    tree = QuadTree(capacity=HISTORY_CAPACITY, bounds=HISTORY_BOUNDS)
    names = chosen["name"].tolist()
    snapshots = [_snapshot(tree, None, "an empty tree: one leaf, the whole box")]
    for name, lat, lon in zip(names, chosen["lat"], chosen["lon"], strict=True):
        before = tree.splits
        point = tree.insert(lat, lon)
        split = tree.splits - before
        what = (f"split {split} box{'es' if split > 1 else ''}" if split else "no split")
        snapshots.append(_snapshot(tree, point, f"insert {name}: {what}"))
    for point in range(HISTORY_CITIES // 2):
        merged = tree.remove(point)
        what = f"{merged} leaves merge into one" if merged else "no merge"
        snapshots.append(_snapshot(tree, point, f"remove {names[point]}: {what}"))
    for step, snap in enumerate(snapshots):
        snap.update(step=step, names=names, bounds=HISTORY_BOUNDS,
                    lats=chosen["lat"].to_numpy(), lons=chosen["lon"].to_numpy())
    return snapshots


def _snapshot(tree: QuadTree, changed, event: str) -> dict:
    present = sorted(i for leaf in tree.leaves() for i in leaf.ids)
    return {"leaves": [leaf.box for leaf in tree.leaves()], "present": present,
            "changed": changed, "event": event, "nodes": tree.node_count,
            "depth": tree.depth, "splits": tree.splits, "merges": tree.merges}


# --- the panels' computations --------------------------------------------------------------

def encoding(lat, lon, precision) -> pd.DataFrame:
    """Every halving behind the geohash of (lat, lon): the table beside the bisection figure."""
    return geohash.steps_table(lat, lon, precision)


def precision(lat) -> pd.DataFrame:
    """Cell sizes for every precision, at the equator and at latitude ``lat``."""
    return geohash.precision_table(lat)


@functools.lru_cache(maxsize=4)
def _curve(precision: int) -> np.ndarray:
    return np.array(geohash.z_curve(precision), dtype=np.int64)


def zorder(step, finer) -> dict:
    """The precision-1 cells in sorted order up to ``step``, and the finer curve if asked."""
    step = checks.integer(step, "step", 0, 31, hint="position in the sorted order of 32 cells")
    return {"curve": _curve(1), "step": step, "code": geohash.BASE32[step],
            "finer": _curve(2) if finer else None}


def grid(city, precision) -> dict:
    """The centre city's cell at a precision, its neighbours, and every city to draw."""
    centre = place(city)
    code = geohash.encode(*centre, precision)
    return {"centre": centre, "code": code, "neighbours": geohash.neighbors(code),
            "frame": cities.cities()}


def boundary(pair, precision) -> dict:
    """Two nearby places from :func:`boundary_examples` and their shared geohash prefix."""
    pair_points = boundary_examples()[pair]
    codes = [geohash.encode(lat, lon, 12) for _, lat, lon in pair_points]
    return {"points": pair_points, "shared": geohash.common_prefix(*codes)}


@functools.lru_cache(maxsize=16)
def _tree_shape(capacity: int, data: int) -> dict:
    tree = city_tree(capacity, data)
    boxes, depths = tree.leaf_arrays()
    return {"tree": tree, "boxes": boxes, "depths": depths, "points": len(tree),
            "image": raster.paint_boxes(boxes, depths, tree.bounds),
            "nodes": tree.node_count, "leaves": tree.leaf_count,
            "depth": int(depths.max())}  # (tree.depth would walk the tree again)


def quadtree(capacity, data) -> dict:
    """A quadtree over the cities of at least ``data`` people: its leaves and its shape."""
    return dict(_tree_shape(capacity, data))


def quadtree_history(step) -> dict:
    """The small quadtree after ``step`` inserts and deletes (see :func:`history`), with
    the snapshot just before it (``before``, None at step 0)."""
    snapshots = history()
    step = checks.integer(step, "step", 0, len(snapshots) - 1)
    return {**snapshots[step], "steps": len(snapshots) - 1,
            "before": snapshots[step - 1] if step else None}


def history_log() -> pd.DataFrame:
    """Every step of :func:`history` as a table: what happened, nodes and depth after it."""
    rows = [{"step": s["step"], "event": s["event"], "cities": len(s["present"]),
             "nodes": s["nodes"], "depth": s["depth"]} for s in history()]
    return pd.DataFrame(rows).set_index("step")


def proximity(radius_km, data, queries, timed) -> dict:
    """Brute force, geohash and quadtree on the same seeded queries near cities.

    ``table`` is :func:`search.compare`'s (totals over the queries); ``per_query`` shows
    the same work divided by the number of queries.
    """
    lats, lons = points(data)
    q_lat, q_lon = search.queries_near(lats, lons, queries, seed=PROXIMITY_SEED)
    table = search.compare(lats, lons, q_lat, q_lon, radius_km * 1000, timed=timed,
                           searches=searches(data))
    per_query = table.copy()
    for column in ("points found", "candidates examined", "index probes"):
        per_query[column + " per query"] = np.round(per_query.pop(column) / queries, 2)
    return {"table": table, "per_query": per_query}
