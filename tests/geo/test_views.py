"""Geo figures, experiments and panels: they draw what they claim, from the model's numbers.

(Every panel's controls are driven across their range by tests/course/test_panels.py.)
"""

from __future__ import annotations

import matplotlib.collections as mcoll
import numpy as np
import pytest
from matplotlib.figure import Figure

from sysdesign.geo import QuadTree, cities, experiments, geohash, plots, raster, search, widgets


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
    # A grey background and a kept half per bit, each set in one collection.
    assert [len(c.get_paths()) for c in polygons(ax)] == [10, 10]
    texts = [t.get_text() for t in ax.texts]
    assert "01101 = 13 → 'e'" in texts and "11111 = 31 → 'z'" in texts
    assert "'ez'" in fig.alt_text and "10 halvings" in fig.alt_text


def test_city_grid_lights_the_cell_and_its_neighbours_and_names_them(world):
    lats, lons, pops = world
    fig = plots.city_grid(lats, lons, pops, 4, (48.85, 2.35), name="Paris")
    ax = fig.axes[0]
    lit = polygons(ax)
    assert sorted(len(c.get_paths()) for c in lit) == [1, 8]
    assert "Precision 4" in ax.get_title()
    code = geohash.encode(48.85, 2.35, 4)
    block = {code, *geohash.neighbors(code).values()}
    written = [t.get_text() for t in ax.texts]
    assert set(written) - {"Paris"} == block and len(written) == len(block) + 1
    parents = sorted({c[:-1] for c in block})
    assert f"spans {len(parents)} parent cell" in fig.alt_text


def test_paris_neighbours_above_change_prefix():
    """The notebook's claim: the row above Paris's cell begins u09w, the rest u09t."""
    code = geohash.encode(*experiments.place("Paris"), 5)
    around = geohash.neighbors(code)
    differ = {d for d, cell in around.items() if cell[:4] != code[:4]}
    assert differ == {"nw", "n", "ne"} and code[:4] == "u09t"
    assert {around[d][:4] for d in differ} == {"u09w"}


def test_city_grid_at_the_pole_and_the_date_line(world):
    lats, lons, pops = world
    for centre in [(90.0, 0.0), (-90.0, 180.0), (0.0, 179.99)]:
        for p in (1, 6, 12):
            fig = plots.city_grid(lats, lons, pops, p, centre)
            assert isinstance(fig, Figure) and fig.alt_text


def test_quadtree_figure_paints_every_leaf_by_depth(world):
    lats, lons, _ = world
    tree = QuadTree.from_points(lats, lons, capacity=16)
    fig = plots.quadtree_cells(tree)
    ax = fig.axes[0]
    (image,) = ax.get_images()
    boxes, depths = tree.leaf_arrays()
    painted = raster.paint_boxes(boxes, depths, tree.bounds).astype(int)
    lookup = plots._depth_colours(np.arange(depths.max() + 1), depths.max())
    assert np.array_equal(image.get_array(), lookup[painted])  # each pixel: its depth's colour
    outlines, key = polygons(ax)
    assert len(outlines.get_paths()) == int((depths <= plots.OUTLINE_DEPTH).sum())
    assert len(key.get_paths()) == depths.max() + 1  # one swatch per depth
    assert f"leaf depth 0 to {depths.max()}" in [t.get_text() for t in ax.texts]
    assert f"{tree.leaf_count:,} leaves" in fig.alt_text
    counts = tree.depth_counts()
    commonest = max(counts, key=counts.get)
    share = counts[commonest] / tree.leaf_count
    assert f"the commonest leaf depth is {commonest} ({share:.0%} of the leaves)" in fig.alt_text


def test_every_default_figure_keeps_its_texts_inside_the_image():
    """Fixed margins replace constrained layout: no title, label or code may be cut off."""
    for make in (widgets.encoding_panel, widgets.zorder_panel, widgets.precision_panel,
                 widgets.grid_panel, widgets.boundary_panel, widgets.quadtree_history_panel,
                 widgets.quadtree_panel, widgets.proximity_panel):
        panel = make()
        views = panel.view if isinstance(panel.view, (list, tuple)) else [panel.view]
        figures = [v for v in views if isinstance(v, Figure)]
        assert figures, make.__name__
        for fig in figures:
            renderer = fig.canvas.get_renderer()
            width, height = fig.canvas.get_width_height()
            for ax in fig.axes:  # the axes with every text it draws: ticks, titles, notes
                box = ax.get_tightbbox(renderer)
                assert -1 <= box.x0 and box.x1 <= width + 1, (make.__name__, box)
                assert -1 <= box.y0 and box.y1 <= height + 1, (make.__name__, box)


def test_search_figures_plot_the_sweep(world):
    lats, lons, _ = world
    sweep = search.sweep(lats, lons, [1_000, 50_000], queries=10, seed=1)
    fig = plots.search_work(sweep)
    lines = fig.axes[0].get_lines()
    assert list(lines[0].get_ydata()) == [lats.size, lats.size]  # brute force: every point
    assert {t.get_text() for t in fig.axes[0].texts} >= {"brute force", "geohash", "quadtree"}
    assert not fig.axes[0].yaxis.get_minorticklocs().size  # no costly minor ticks
    table = search.compare(lats, lons, *search.queries_near(lats, lons, 10, seed=1), 50_000)
    bars_fig = plots.search_bars(table, 50_000)
    dots = [line.get_ydata()[0] for line in bars_fig.axes[0].get_lines()
            if line.get_linestyle() == "None"]  # dots, not bars: a log axis has no zero
    assert not bars_fig.axes[0].patches
    assert dots == list(table["candidates examined"] / 10)
    assert "brute force" in bars_fig.alt_text


def test_boundary_figure_reports_the_shared_prefix():
    fig = plots.boundary([("W", 51.4779, -0.00036), ("E", 51.4779, 0.00036)], 6)
    title = fig.axes[0].get_title()
    assert "no shared prefix at all" in title and "no prefix at all" in fig.alt_text
    assert "E is in the 3×3 block around W's cell" in title
    near = plots.boundary([("A", 48.85, 2.35), ("B", 48.851, 2.351)], 6)  # same cell
    shared = geohash.common_prefix(geohash.encode(48.85, 2.35, 12),
                                   geohash.encode(48.851, 2.351, 12))
    assert f"shared prefix '{shared}' ({len(shared)} characters)" in near.axes[0].get_title()
    named = {t.get_text() for t in fig.axes[0].texts}
    assert f"● W: {geohash.encode(51.4779, -0.00036, 9)}" in named
    far = plots.boundary([("A", 0.0, 0.0), ("B", 0.0, 1.0)], 6)  # 111 km: far outside
    assert "B is not in the 3×3 block" in far.axes[0].get_title()
    assert "cells this small miss it" in far.alt_text


def test_world_grid_writes_each_cell_with_its_count(world):
    lats, lons, _ = world
    codes = geohash.encode_many(lats, lons, 1)
    counts = {c: int((codes == c).sum()) for c in geohash.BASE32}
    fig = plots.world_grid(lats, lons, counts)
    texts = {t.get_text() for t in fig.axes[0].texts}
    assert texts == {f"{c}: {n:,}" for c, n in counts.items()}  # "8: 47", not "8 47"
    empty = sum(n == 0 for n in counts.values())
    assert f"{empty} cells hold none" in fig.alt_text


def test_cell_sizes_figure():
    fig = plots.cell_sizes(60)
    assert isinstance(fig, Figure) and "0.50 times" in fig.alt_text


def test_zorder_figure_follows_the_sorted_codes():
    curve = geohash.z_curve(1)
    fig = plots.zorder(curve)
    ax = fig.axes[0]
    path = ax.get_lines()[0]
    for code, x, y in zip(geohash.BASE32, path.get_xdata(), path.get_ydata(), strict=True):
        south, west, north, east = geohash.bounds(code)
        assert (west + east) / 2 == x and (south + north) / 2 == y
    labels = [t.get_text() for t in ax.texts]
    assert [f"{c} {i}" for i, c in enumerate(geohash.BASE32)] == labels[:32]
    gap = geohash.BASE32.index("u") - geohash.BASE32.index("g")
    assert f"{gap} apart" in labels[-1] and f"{gap} positions apart" in fig.alt_text
    partial = plots.zorder(curve, 5, finer=geohash.z_curve(2))
    assert len(partial.axes[0].get_lines()[0].get_xdata()) == 1024  # the finer curve
    assert len(partial.axes[0].get_lines()[1].get_xdata()) == 6  # cells 0..5 so far


def test_history_figure_shows_what_each_step_changed():
    history = experiments.history()
    for step in (1, 2, 21, 32):
        before, after = history[step - 1], history[step]
        fig = plots.quadtree_step(after, before)
        ax = fig.axes[0]
        drawn = {tuple(map(tuple, path.vertices[:4])) for c in polygons(ax)
                 for path in c.get_paths()}
        assert len(drawn) == len(set(before["leaves"]) | set(after["leaves"]))
        assert after["event"] in ax.get_title()
        made = len(set(after["leaves"]) - set(before["leaves"]))
        assert f"made {made} lea" in fig.alt_text
    assert "merge into one" in plots.quadtree_step(history[32], history[31]).axes[0].get_title()
    assert plots.quadtree_step(history[0]).alt_text  # the empty tree, no step before


def test_image_blocks_figure_draws_every_block():
    picture = experiments.image_blocks()
    fig = plots.image_blocks(picture["image"], picture["blocks"])
    (blocks,) = polygons(fig.axes[0])
    assert len(blocks.get_paths()) == picture["leaves"] < picture["pixels"]
    assert f"{picture['leaves']:,} uniform blocks" in fig.alt_text


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
    zorder = widgets.zorder_panel()
    assert zorder.result["code"] == geohash.BASE32[zorder.controls["step"].value]
    assert zorder.controls["step"].max == 31  # one step per precision-1 cell, no dead values
    history = widgets.quadtree_history_panel()
    assert history.controls["step"].max == len(experiments.history()) - 1
    opening = experiments.history()[history.controls["step"].value]["event"]
    assert opening.startswith("remove Budapest") and "10 leaves merge" in opening
    still = history.snapshot()
    assert still.png.startswith(b"\x89PNG") and still.alt_text == history.view.alt_text


def test_cached_data_is_shared_however_it_is_asked_for():
    """The notebook, the panels and the tests ask for the same data in different ways."""
    size = cities.MIN_POPULATION
    assert experiments.points() is experiments.points(size)
    assert experiments.points() is experiments.points(min_population=size)
    assert experiments.searches() is experiments.searches(size)
    assert experiments.city_tree(capacity=8) is experiments.city_tree(8, size)
    assert experiments.quadtree(8, size)["tree"] is experiments.city_tree()


def test_experiments_give_the_panels_the_model_numbers():
    table = experiments.encoding(42.6, -5.6, 2)
    assert table.equals(geohash.steps_table(42.6, -5.6, 2))
    assert experiments.precision(52.0).equals(geohash.precision_table(52.0))
    shape = experiments.quadtree(64, 1_000_000)
    tree = shape["tree"]
    assert shape["leaves"] == tree.leaf_count and tree.capacity == 64
    assert np.array_equal(shape["image"], raster.paint_boxes(*tree.leaf_arrays(), tree.bounds))
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
    assert "no shared prefix at all" in fig.axes[0].get_title()
    fig = plots.grid_view(experiments.grid("Tokyo", 4), city="Tokyo", precision=4)
    assert "Precision 4" in fig.axes[0].get_title() and "Tokyo" in fig.alt_text
    fig = plots.zorder_view(experiments.zorder(7, False), step=7, finer=False)
    assert "Step 7 of 31: cell '7'" == fig.axes[0].get_title()
    fig = plots.quadtree_history_view(experiments.quadtree_history(3), step=3)
    assert fig.axes[0].get_title().startswith("Step 3: insert Madrid")
    assert "(was 5)" in fig.axes[0].get_xlabel()
    assert plots.quadtree_history_view(experiments.quadtree_history(0), step=0).alt_text
    fig = plots.quadtree_view(experiments.quadtree(32, 100_000), capacity=32, data=100_000)
    assert "capacity 32" in fig.axes[0].get_title()


def test_every_boundary_example_is_close():
    for a, b in experiments.boundary_examples().values():
        gap = search.haversine(a[1], a[2], b[1], b[2])
        assert gap < 3_000 and len(geohash.common_prefix(geohash.encode(*a[1:], 12),
                                                         geohash.encode(*b[1:], 12))) <= 1


def test_places_exist():
    assert all(np.isfinite(experiments.place(name)).all() for name in experiments.PLACES)
    assert len(set(experiments.PLACES)) == len(experiments.PLACES)


# --- the notebook's scenarios --------------------------------------------------------------

def test_cell_counts_add_up_to_every_city():
    counts = experiments.cell_counts(1)
    lats, lons = experiments.points()
    codes = geohash.encode_many(lats, lons, 1)
    assert list(counts.index) == list(geohash.BASE32) and counts.sum() == lats.size
    assert all(counts[c] == int((codes == c).sum()) for c in geohash.BASE32)


def test_privacy_counts_the_towns_in_each_truncated_cell():
    frame = cities.cities()
    codes = geohash.encode_many(frame["lat"], frame["lon"], 12)
    table = experiments.privacy(48.8584, 2.2945)
    for code, towns, people in zip(table["shared code"], table["towns ≥ 15k in the cell"],
                                   table["people in them"], strict=True):
        inside = np.char.startswith(codes.astype(str), code)
        assert towns == inside.sum()
        assert people == f"{frame['population'][inside].sum():,}"
    assert table["towns ≥ 15k in the cell"].is_monotonic_decreasing  # finer cell, fewer towns


def test_history_inserts_then_deletes_and_keeps_the_node_count_rule():
    history = experiments.history()
    assert len(history) == 1 + experiments.HISTORY_CITIES + experiments.HISTORY_CITIES // 2
    assert history[0]["present"] == [] and history[0]["nodes"] == 1
    for before, after in zip(history, history[1:], strict=False):
        added = set(after["present"]) - set(before["present"])
        gone = set(before["present"]) - set(after["present"])
        assert len(added) + len(gone) == 1 and after["changed"] in added | gone
        assert after["nodes"] == 1 + 4 * (after["splits"] - after["merges"])
        if "merge into one" in after["event"]:
            assert after["nodes"] < before["nodes"]
    last = history[-1]
    tree = QuadTree.from_points(last["lats"][last["present"]], last["lons"][last["present"]],
                                capacity=experiments.HISTORY_CAPACITY,
                                bounds=experiments.HISTORY_BOUNDS)
    assert sorted(last["leaves"]) == sorted(leaf.box for leaf in tree.leaves())


def test_history_log_tells_the_story_the_notebook_tells():
    log = experiments.history_log()
    assert log.loc[21, "event"] == "insert Pest: split 3 boxes"  # Pest, 3 km from Budapest
    budapest, pest = (cities.city(name, "HU") for name in ("Budapest", "Pest"))
    assert search.haversine(budapest["lat"], budapest["lon"], pest["lat"], pest["lon"]) < 3_500
    assert log.loc[32, "event"] == "remove Budapest: 10 leaves merge into one"
    assert list(log["nodes"]) == [s["nodes"] for s in experiments.history()]


def test_image_blocks_compress_the_city_map_losslessly():
    picture = experiments.image_blocks()
    image = picture["image"]
    assert image.shape == (64, 128) and image.sum() > 0
    assert np.array_equal(raster.paint(picture["blocks"], image.shape), image)
    assert picture["leaves"] < picture["pixels"] / 4  # the notebook: about 5 times fewer


def test_image_blocks_keep_the_maps_aspect_and_the_alt_text_names_the_biggest():
    """The notebook: blocks are not squares here; each is twice as wide as tall, like the map."""
    picture = experiments.image_blocks()
    blocks, (rows, cols) = picture["blocks"], picture["image"].shape
    tall = blocks[blocks[:, 2] > 1]  # below 2 pixels high a block can only split one way
    assert np.all(tall[:, 3] * rows == tall[:, 2] * cols)
    big = blocks[np.argmax(blocks[:, 2] * blocks[:, 3])]
    fig = plots.image_blocks(picture["image"], blocks)
    assert f"the biggest {int(big[3])} by {int(big[2])} pixels" in fig.alt_text


def test_stratford_sits_exactly_on_the_meridian_in_the_data():
    """The notebook's caveat: GeoNames rounds Stratford onto 0°, so it lands in the east cell."""
    stratford, bow = cities.city("Stratford", "GB"), cities.city("Bow", "GB")
    assert stratford["lon"] == 0.0 and bow["lon"] < 0
    assert geohash.encode(stratford["lat"], stratford["lon"], 1) == "u"
    # The real town centre (51°32'32" N, 0°00'06" W, Wikipedia) is in Bow's precision-5 cell.
    assert geohash.encode(51.5422, -0.0017, 5) == geohash.encode(bow["lat"], bow["lon"], 5)
    blackheath, greenwich = cities.city("Blackheath", "GB"), cities.city("Greenwich", "GB")
    assert greenwich["lon"] < 0 < blackheath["lon"]  # a pair that straddles it for real


def test_search_work_alt_text_gives_each_index_its_distance_from_the_true_count():
    lats, lons = experiments.points(1_000_000)
    work = search.sweep(lats, lons, [20_000, 2_000_000], queries=10, seed=3,
                        searches=experiments.searches(1_000_000),
                        methods=["geohash", "quadtree"])
    fig = plots.search_work(work)
    last = work[work["radius_m"] == 2_000_000].set_index("method")
    found = last["found per query"].iloc[0]
    for method in ("geohash", "quadtree"):
        ratio = last.loc[method, "candidates per query"] / found
        assert f"{ratio:.1f} times" in fig.alt_text
    assert "approach" not in fig.alt_text


def test_city_grid_says_when_neighbours_wrap_off_the_map():
    """Anchorage's precision-1 cell 'b': 'w' is 'z' and 'sw' is 'x', across ±180°."""
    fig = plots.grid_view(experiments.grid("Anchorage", 1), city="Anchorage", precision=1)
    around = geohash.neighbors("b")
    wrapped = [c for c in around.values() if geohash.bounds(c)[1] > 0]  # east of 0°
    assert sorted(wrapped) == ["x", "z"]
    assert f"neighbours blue ({len(wrapped)} across ±180°, off this map)" in fig.alt_text
    notes = [t.get_text() for t in fig.axes[0].texts if "off this map" in t.get_text()]
    assert notes == [f"{len(wrapped)} more neighbours across ±180°, off this map"]
    paris = plots.grid_view(experiments.grid("Paris", 5), city="Paris", precision=5)
    assert "off this map" not in paris.alt_text
    assert "parent cell" not in fig.alt_text  # precision 1 has no shorter prefix
    assert "spans 2 parent cells ('u09t', 'u09w')" in paris.alt_text
