"""Panels for notebook 15: encoding, cell sizes, the grid over cities, the boundary
problem, quadtree capacity, and proximity search compared."""

from __future__ import annotations

import functools

import ipywidgets as w
import numpy as np

from sysdesign.geo import cities, geohash, plots, search
from sysdesign.geo.quadtree import QuadTree
from sysdesign.widgets import Panel, choice, log_slider, slider

# Cities to centre the grid on: (latitude, longitude) of the GeoNames entry.
PLACES = ["Paris", "London", "New York City", "Tokyo", "São Paulo", "Lagos", "Mumbai",
          "Sydney", "Reykjavík", "Singapore", "Quito", "Anchorage"]

# Population thresholds offered for "how much data".
DATA_SIZES = {"all (≥ 15,000 people)": 15_000, "≥ 100,000 people": 100_000,
              "≥ 1,000,000 people": 1_000_000}


def place(name: str) -> tuple[float, float]:
    """(lat, lon) of a named city in the data."""
    row = cities.city(name)
    return float(row["lat"]), float(row["lon"])


def _points(min_population: int):
    frame = cities.cities(min_population)
    return frame["lat"].to_numpy(), frame["lon"].to_numpy()


@functools.lru_cache(maxsize=8)
def _searches(min_population: int):
    return search.build_all(*_points(min_population))


@functools.lru_cache(maxsize=16)
def _tree(min_population: int, capacity: int) -> tuple[QuadTree, dict[str, int]]:
    tree = QuadTree.from_points(*_points(min_population), capacity=capacity)
    return tree, {"nodes": tree.node_count, "leaves": tree.leaf_count, "depth": tree.depth}


# --- encoding step by step --------------------------------------------------------------

def _encoding(lat, lon, precision):
    return {"lat": lat, "lon": lon, "precision": precision,
            "table": geohash.steps_table(lat, lon, precision)}


def _encoding_view(result):
    fig = plots.bisection(result["lat"], result["lon"], result["precision"])
    return [fig, result["table"]]


def encoding_panel():
    """Watch a point become bits and characters: one halving of lon or lat per bit."""
    controls = {
        "lat": slider("latitude (°)", 42.6, -90.0, 90.0, 0.1),
        "lon": slider("longitude (°)", -5.6, -180.0, 180.0, 0.1),
        "precision": slider("precision (characters)", 3, 1, 12),
    }
    return Panel(controls, compute=_encoding, draw=_encoding_view,
                 title="Geohash encoding, step by step")


# --- cell size per precision ------------------------------------------------------------

def _sizes(lat):
    return {"lat": lat, "table": geohash.precision_table(lat)}


def _sizes_view(result):
    return [plots.cell_sizes(result["lat"]), result["table"]]


def precision_panel():
    """Cell width and height for every precision, at the equator and at your latitude."""
    controls = {"lat": slider("your latitude (°)", 52.0, 0.0, 90.0, 1.0)}
    return Panel(controls, compute=_sizes, draw=_sizes_view,
                 title="How big is a geohash cell?")


# --- the grid over real cities ----------------------------------------------------------

def _grid(city, precision):
    centre = place(city)
    code = geohash.encode(*centre, precision)
    return {"centre": centre, "precision": precision, "code": code,
            "neighbours": geohash.neighbors(code), "frame": cities.cities()}


def _grid_view(result):
    frame = result["frame"]
    return plots.city_grid(frame["lat"], frame["lon"], frame["population"],
                           result["precision"], result["centre"], names=frame["name"])


def grid_panel():
    """The geohash grid over real cities at any precision, one cell and its neighbours lit."""
    controls = {
        "city": choice("centre on", PLACES, "Paris"),
        "precision": slider("precision (characters)", 5, 1, 12),
    }
    return Panel(controls, compute=_grid, draw=_grid_view, title="Geohash cells over cities")


# --- the boundary problem ---------------------------------------------------------------

@functools.lru_cache(maxsize=1)
def boundary_examples() -> dict[str, tuple[tuple[str, float, float], tuple[str, float, float]]]:
    """Pairs of nearby places whose geohashes share little or nothing."""
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


def _boundary(pair, precision):
    points = boundary_examples()[pair]
    codes = [geohash.encode(lat, lon, 12) for _, lat, lon in points]
    return {"points": points, "precision": precision,
            "shared": geohash.common_prefix(*codes)}


def _boundary_view(result):
    return plots.boundary(result["points"], result["precision"])


def boundary_panel():
    """Close neighbours with (almost) no common prefix, and the 3 x 3 block that finds them."""
    controls = {
        "pair": choice("places", list(boundary_examples()),
                       "50 m apart across the Greenwich meridian"),
        "precision": slider("precision (characters)", 6, 1, 12),
    }
    return Panel(controls, compute=_boundary, draw=_boundary_view,
                 title="The boundary problem")


# --- the quadtree -----------------------------------------------------------------------

def _quadtree(capacity, data):
    tree, counts = _tree(data, capacity)
    return {"tree": tree, **counts}


def _quadtree_view(result):
    return plots.quadtree_cells(result["tree"])


def quadtree_panel():
    """A quadtree over the cities: raise the capacity and watch the leaves merge."""
    controls = {
        # Below 4 the world's cities need 20,000+ leaves: slow to draw, no new lesson.
        "capacity": slider("leaf capacity (points)", 8, 4, 128),
        "data": choice("cities", DATA_SIZES, 15_000),
    }
    return Panel(controls, compute=_quadtree, draw=_quadtree_view,
                 title="Quadtree over world cities")


# --- proximity search compared ----------------------------------------------------------

def _proximity(radius_km, data, queries, timed):
    searches = _searches(data)
    lats, lons = _points(data)
    q_lat, q_lon = search.queries_near(lats, lons, queries, seed=15)
    table = search.compare(lats, lons, q_lat, q_lon, radius_km * 1000, timed=timed,
                           searches=searches)
    return {"table": table, "radius_m": radius_km * 1000}


def _proximity_view(result):
    table = result["table"]
    shown = table.copy()
    queries = table.attrs["queries"]
    for column in ("points found", "candidates examined", "index probes"):
        shown[column + " per query"] = np.round(shown.pop(column) / queries, 2)
    return [plots.search_bars(table, result["radius_m"]), shown]


def proximity_panel():
    """Brute force, geohash and quadtree on the same queries: same answers, different work."""
    controls = {
        "radius_km": log_slider("radius (km)", 10.0, 0.1, 1000.0),
        "data": choice("cities", DATA_SIZES, 15_000),
        "queries": slider("queries", 40, 10, 200, 10),
        "timed": w.Checkbox(value=False, description="also time it (varies run to run)"),
    }
    return Panel(controls, compute=_proximity, draw=_proximity_view,
                 title="What is within r of me? Three ways")
