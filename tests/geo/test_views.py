"""Geo figures, experiments and panels: they draw what they claim, from the model's numbers.

(Every panel's controls are driven across their range by tests/course/test_panels.py.)
"""

from __future__ import annotations

import matplotlib.collections as mcoll
import numpy as np
import pytest
from matplotlib.figure import Figure

from sysdesign.geo import QuadTree, cities, experiments, geohash, plots, search, widgets


@pytest.fixture(scope="module")
def world():
    frame = cities.cities(100_000)
    return frame["lat"].to_numpy(), frame["lon"].to_numpy(), frame["population"].to_numpy()


def polygons(ax):
    return [c for c in ax.collections if isinstance(c, mcoll.PolyCollection)
            and not isinstance(c, mcoll.PathCollection)]


def test_bisection_draws_one_row_per_bit_and_names_the_code():
    fig = plots.bisection(42.6, -5.6, 2)
    ax = fig.axes[0]
    assert "'ez'" in ax.get_title()
    assert len(ax.patches) == 2 * 10  # a background bar and a kept half per bit


def test_city_grid_lights_the_cell_and_its_neighbours(world):
    lats, lons, pops = world
    fig = plots.city_grid(lats, lons, pops, 4, (48.85, 2.35))
    lit = polygons(fig.axes[0])
    assert sorted(len(c.get_paths()) for c in lit) == [1, 8]
    assert "Precision 4" in fig.axes[0].get_title()


def test_city_grid_at_the_pole_and_the_date_line(world):
    lats, lons, pops = world
    for centre in [(90.0, 0.0), (-90.0, 180.0), (0.0, 179.99)]:
        for p in (1, 6, 12):
            assert isinstance(plots.city_grid(lats, lons, pops, p, centre), Figure)


def test_quadtree_figure_draws_every_leaf(world):
    lats, lons, _ = world
    tree = QuadTree.from_points(lats, lons, capacity=16)
    fig = plots.quadtree_cells(tree)
    (leaves,) = polygons(fig.axes[0])
    assert len(leaves.get_paths()) == tree.leaf_count
    bars = fig.axes[1].patches
    assert sum(bar.get_width() for bar in bars) == tree.leaf_count


def test_search_figures_plot_the_sweep(world):
    lats, lons, _ = world
    sweep = search.sweep(lats, lons, [1_000, 50_000], queries=10, seed=1)
    fig = plots.search_work(sweep)
    lines = {line.get_label(): line for line in fig.axes[0].get_lines()}
    assert list(lines["brute force"].get_ydata()) == [lats.size, lats.size]
    table = search.compare(lats, lons, *search.queries_near(lats, lons, 10, seed=1), 50_000)
    bars = plots.search_bars(table, 50_000).axes[0].patches
    assert [b.get_height() for b in bars] == list(table["candidates examined"] / 10)


def test_boundary_figure_reports_the_shared_prefix():
    fig = plots.boundary([("A", 51.4779, -0.00036), ("B", 51.4779, 0.00036)], 6)
    assert "shared prefix '' (0 chars)" in fig.axes[0].get_title()
    assert "is in A's 3×3 block" in fig.axes[0].get_title()


def test_cell_sizes_and_world_grid():
    assert isinstance(plots.cell_sizes(60), Figure)
    fig = plots.world_grid([0.0, 10.0], [0.0, 20.0], precision=1)
    assert "32 geohash cells" in fig.axes[0].get_title()
    assert {t.get_text() for t in fig.axes[0].texts} == set(geohash.BASE32)


def test_panels_compute_the_model_results():
    grid = widgets.grid_panel()
    assert grid.result["code"] == geohash.encode(*experiments.place("Paris"), 5)
    assert set(grid.result["neighbours"]) == set(geohash.DIRECTIONS)
    proximity = widgets.proximity_panel()
    table = proximity.view[1]
    assert table["same as brute force"].all() and len(table) == 3
    boundary = widgets.boundary_panel()
    assert boundary.result["shared"] == ""
    encoding = widgets.encoding_panel()
    assert len(encoding.view[1]) == 15  # precision 3: 15 bits


def test_experiments_give_the_panels_the_model_numbers():
    table = experiments.encoding(42.6, -5.6, 2)
    assert table.equals(geohash.steps_table(42.6, -5.6, 2))
    assert experiments.precision(52.0).equals(geohash.precision_table(52.0))
    shape = experiments.quadtree(64, 1_000_000)
    assert shape["leaves"] == shape["tree"].leaf_count and shape["tree"].capacity == 64
    result = experiments.proximity(5.0, 1_000_000, 10, False)
    table, per_query = result["table"], result["per_query"]
    assert table.attrs["queries"] == 10 and table["same as brute force"].all()
    assert list(per_query["candidates examined per query"]) == list(
        (table["candidates examined"] / 10).round(2))
    boundary = experiments.boundary("Stratford and Bow, London", 5)
    assert [name for name, _, _ in boundary["points"]] == ["Stratford", "Bow"]


def test_views_draw_the_results_with_the_control_values():
    fig, table = plots.encoding_view(experiments.encoding(42.6, -5.6, 2), lat=42.6, lon=-5.6,
                                     precision=2)
    assert "'ez'" in fig.axes[0].get_title() and len(table) == 10
    fig = plots.boundary_view(experiments.boundary("Stratford and Bow, London", 2),
                              pair="Stratford and Bow, London", precision=2)
    assert "shared prefix '' (0 chars)" in fig.axes[0].get_title()
    fig = plots.grid_view(experiments.grid("Tokyo", 4), city="Tokyo", precision=4)
    assert "Precision 4" in fig.axes[0].get_title()


def test_every_boundary_example_is_close():
    for a, b in experiments.boundary_examples().values():
        gap = search.haversine(a[1], a[2], b[1], b[2])
        assert gap < 3_000 and len(geohash.common_prefix(geohash.encode(*a[1:], 12),
                                                         geohash.encode(*b[1:], 12))) <= 1


def test_places_exist():
    assert all(np.isfinite(experiments.place(name)).all() for name in experiments.PLACES)
    assert len(set(experiments.PLACES)) == len(experiments.PLACES)
