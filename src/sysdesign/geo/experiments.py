"""Notebook 15's scenarios and the computation behind each of its panels.

The notebook, the panels in :mod:`sysdesign.geo.widgets` and the tests all call these, so
a number in the notebook, a panel's figure and a test's assertion come from one place.
Each panel ``foo_panel`` computes with :func:`foo` here and draws with ``plots.foo_view``.
"""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd

from sysdesign.geo import cities, geohash, search
from sysdesign.geo.quadtree import QuadTree

# Cities to centre the grid on, by their GeoNames name.
PLACES = ["Paris", "London", "New York City", "Tokyo", "São Paulo", "Lagos", "Mumbai",
          "Sydney", "Reykjavík", "Singapore", "Quito", "Anchorage"]

# Population thresholds offered for "how much data".
DATA_SIZES = {"all (≥ 15,000 people)": 15_000, "≥ 100,000 people": 100_000,
              "≥ 1,000,000 people": 1_000_000}

PROXIMITY_SEED = 15  # the proximity panel's queries: the same ones at every redraw


def place(name: str) -> tuple[float, float]:
    """(lat, lon) of a named city in the data (the most populous of that name)."""
    row = cities.city(name)
    return float(row["lat"]), float(row["lon"])


def _points(min_population: int) -> tuple[np.ndarray, np.ndarray]:
    frame = cities.cities(min_population)
    return frame["lat"].to_numpy(), frame["lon"].to_numpy()


@functools.lru_cache(maxsize=8)
def _searches(min_population: int) -> dict[str, search.ProximitySearch]:
    """The three searches over the cities, built once per data size."""
    return search.build_all(*_points(min_population))


@functools.lru_cache(maxsize=16)
def _tree(min_population: int, capacity: int) -> tuple[QuadTree, dict[str, int]]:
    """A quadtree over the cities and its shape, built once per data size and capacity."""
    tree = QuadTree.from_points(*_points(min_population), capacity=capacity)
    return tree, {"nodes": tree.node_count, "leaves": tree.leaf_count, "depth": tree.depth}


@functools.lru_cache(maxsize=1)
def boundary_examples() -> dict[str, tuple[tuple[str, float, float], tuple[str, float, float]]]:
    """Pairs of nearby places whose geohashes share little or nothing: (name, lat, lon) each."""
    def named(name, country):
        row = cities.city(name, country)
        return (name, float(row["lat"]), float(row["lon"]))

    return {
        "50 m apart across the Greenwich meridian": (
            ("A (25 m west)", 51.4779, -0.00036), ("B (25 m east)", 51.4779, 0.00036)),
        "Stratford and Bow, London": (named("Stratford", "GB"), named("Bow", "GB")),
        "Tacloban and Panalanoy, Philippines": (named("Tacloban", "PH"),
                                                named("Panalanoy", "PH")),
        "Florence and Campo di Marte, Italy": (named("Florence", "IT"),
                                               named("Campo di Marte", "IT")),
        "100 m apart across the equator (Ecuador)": (
            ("A (50 m north)", 0.00045, -78.45), ("B (50 m south)", -0.00045, -78.45)),
    }


# --- the panels' computations --------------------------------------------------------------

def encoding(lat, lon, precision) -> pd.DataFrame:
    """Every halving behind the geohash of (lat, lon): the table beside the bisection figure."""
    return geohash.steps_table(lat, lon, precision)


def precision(lat) -> pd.DataFrame:
    """Cell sizes for every precision, at the equator and at latitude ``lat``."""
    return geohash.precision_table(lat)


def grid(city, precision) -> dict:
    """The centre city's cell at a precision, its neighbours, and every city to draw."""
    centre = place(city)
    code = geohash.encode(*centre, precision)
    return {"centre": centre, "code": code, "neighbours": geohash.neighbors(code),
            "frame": cities.cities()}


def boundary(pair, precision) -> dict:
    """Two nearby places from :func:`boundary_examples` and their shared geohash prefix."""
    points = boundary_examples()[pair]
    codes = [geohash.encode(lat, lon, 12) for _, lat, lon in points]
    return {"points": points, "shared": geohash.common_prefix(*codes)}


def quadtree(capacity, data) -> dict:
    """A quadtree over the cities of at least ``data`` people, and its shape."""
    tree, shape = _tree(data, capacity)
    return {"tree": tree, **shape}


def proximity(radius_km, data, queries, timed) -> dict:
    """Brute force, geohash and quadtree on the same seeded queries near cities.

    ``table`` is :func:`search.compare`'s (totals over the queries); ``per_query`` shows
    the same work divided by the number of queries.
    """
    lats, lons = _points(data)
    q_lat, q_lon = search.queries_near(lats, lons, queries, seed=PROXIMITY_SEED)
    table = search.compare(lats, lons, q_lat, q_lon, radius_km * 1000, timed=timed,
                           searches=_searches(data))
    per_query = table.copy()
    for column in ("points found", "candidates examined", "index probes"):
        per_query[column + " per query"] = np.round(per_query.pop(column) / queries, 2)
    return {"table": table, "per_query": per_query}
