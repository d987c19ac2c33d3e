"""Panels for notebook 15: encoding, the Z-order curve, cell sizes, the grid over cities,
the boundary problem, a quadtree's inserts and deletes, quadtree capacity, and proximity
search compared.

Wiring only: each panel ``foo_panel`` is its controls, ``experiments.foo`` and
``plots.foo_view``.
"""

from __future__ import annotations

from sysdesign.core.panel import Panel, checkbox, choice, log_slider, slider, timeline
from sysdesign.geo import experiments, plots


def encoding_panel():
    """Watch a point become bits and characters: one halving of lon or lat per bit."""
    controls = {
        "lat": slider("latitude (°)", 42.6, -90.0, 90.0, 0.1),
        "lon": slider("longitude (°)", -5.6, -180.0, 180.0, 0.1),
        "precision": slider("precision (characters)", 3, 1, 12),
    }
    return Panel(controls, experiments.encoding, plots.encoding_view,
                 title="Geohash encoding, step by step")


def zorder_panel():
    """Step along the sorted geohash cells and watch the Z-order curve being drawn."""
    controls = {
        "step": timeline("position in sorted order", 32, 31),
        "finer": checkbox("show the precision-2 curve too", False),
    }
    return Panel(controls, experiments.zorder, plots.zorder_view,
                 title="The sort order of geohashes: a Z-order curve")


def precision_panel():
    """Cell width and height for every precision, at the equator and at your latitude."""
    controls = {"lat": slider("your latitude (°)", 52.0, 0.0, 90.0, 1.0)}
    return Panel(controls, experiments.precision, plots.precision_view,
                 title="How big is a geohash cell?")


def grid_panel():
    """The geohash grid over real cities at any precision, one cell and its neighbours lit."""
    controls = {
        "city": choice("centre on", experiments.PLACES, "Paris"),
        "precision": slider("precision (characters)", 5, 1, 12),
    }
    return Panel(controls, experiments.grid, plots.grid_view,
                 title="Geohash cells over cities")


def boundary_panel():
    """Close neighbours with (almost) no common prefix, and the 3 x 3 block that finds them."""
    controls = {
        "pair": choice("places", list(experiments.boundary_examples()),
                       "Stratford and Bow, London"),
        "precision": slider("precision (characters)", 5, 1, 12),
    }
    return Panel(controls, experiments.boundary, plots.boundary_view,
                 title="The boundary problem")


HISTORY_STEP = 32  # the panel opens on a big merge: Budapest leaves, ten leaves become one


def quadtree_history_panel():
    """Insert 24 cities one by one, then remove 12: watch boxes split and merge."""
    steps = len(experiments.history())
    controls = {"step": timeline("step (inserts, then deletes)", steps,
                                 min(HISTORY_STEP, steps - 1))}
    return Panel(controls, experiments.quadtree_history, plots.quadtree_history_view,
                 title="A quadtree splits on insert and merges on delete")


def quadtree_panel():
    """A quadtree over the cities: raise the capacity and watch the leaves merge."""
    controls = {
        # Below 4 the world's cities need 20,000+ leaves: slow to draw, no new lesson.
        "capacity": slider("leaf capacity (points)", 8, 4, 128),
        "data": choice("cities", experiments.DATA_SIZES, 15_000),
    }
    return Panel(controls, experiments.quadtree, plots.quadtree_view,
                 title="Quadtree over world cities")


def proximity_panel():
    """Brute force, geohash and quadtree on the same queries: same answers, different work."""
    controls = {
        "radius_km": log_slider("radius (km)", 10.0, 0.1, 1000.0),
        "data": choice("cities", experiments.DATA_SIZES, 15_000),
        "queries": slider("queries", 20, 10, 200, 10),
        "timed": checkbox("also time it (varies run to run)"),
    }
    return Panel(controls, experiments.proximity, plots.proximity_view,
                 title="What is within r of me? Three ways")
