"""Quadtree: structure rules, queries against brute force, insertion order, bad input."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sysdesign.geo.distance import haversine
from sysdesign.geo.quadtree import QuadTree, _box_distance

FAST = settings(max_examples=60, deadline=None)
points = st.lists(st.tuples(st.floats(-90, 90), st.floats(-180, 180)), min_size=1,
                  max_size=60)


def random_points(n, seed):
    rng = np.random.default_rng(seed)
    # Half spread over the globe, half crowded into one small region (like cities).
    lats = np.concatenate([rng.uniform(-90, 90, n // 2), rng.normal(48, 1, n - n // 2)])
    lons = np.concatenate([rng.uniform(-180, 180, n // 2), rng.normal(2, 1, n - n // 2)])
    return np.clip(lats, -90, 90), np.clip(lons, -180, 180)


def shape(tree):
    """The tree as nested tuples of sorted leaf contents: compares structure exactly."""
    def walk(node):
        if node.is_leaf:
            return tuple(sorted(node.ids))
        return tuple(walk(child) for child in node.children)
    return walk(tree.root)


def test_leaves_respect_capacity_and_hold_each_point_once():
    lats, lons = random_points(3_000, seed=1)
    tree = QuadTree.from_points(lats, lons, capacity=5)
    ids = [i for leaf in tree.leaves() for i in leaf.ids]
    assert sorted(ids) == list(range(3_000))
    for leaf in tree.leaves():
        assert len(leaf.ids) <= 5 or leaf.depth == tree.max_depth
        for i in leaf.ids:
            assert leaf.south <= lats[i] <= leaf.north and leaf.west <= lons[i] <= leaf.east
    # The counts kept from the split counter agree with a walk of the tree.
    assert tree.node_count == sum(1 for _ in tree.nodes())
    assert tree.leaf_count == sum(1 for _ in tree.leaves())
    assert tree.node_count == 1 + 4 * (tree.node_count - tree.leaf_count)
    assert sum(tree.depth_counts().values()) == tree.leaf_count


def test_dense_regions_get_deeper_leaves():
    lats, lons = random_points(4_000, seed=2)
    tree = QuadTree.from_points(lats, lons, capacity=8)
    near_paris = [leaf.depth for leaf in tree.leaves() if leaf.south > 45 and leaf.north < 51
                  and leaf.west > -1 and leaf.east < 5]
    far = [leaf.depth for leaf in tree.leaves() if leaf.north < -30]
    assert min(near_paris) > max(far)


@FAST
@given(points, st.integers(1, 6), st.randoms(use_true_random=False))
def test_the_tree_does_not_depend_on_insertion_order(pts, capacity, rnd):
    lats, lons = map(list, zip(*pts, strict=True))
    bulk = QuadTree.from_points(lats, lons, capacity=capacity, max_depth=12)
    order = list(range(len(pts)))
    rnd.shuffle(order)
    one_by_one = QuadTree(capacity=capacity, max_depth=12)
    ids = {}
    for i in order:
        ids[one_by_one.insert(lats[i], lons[i])] = i
    relabelled = QuadTree(capacity=capacity, max_depth=12)
    relabelled.root = one_by_one.root
    for leaf in relabelled.leaves():
        leaf.ids = [ids[i] for i in leaf.ids]
    assert shape(relabelled) == shape(bulk)


def test_duplicates_stop_at_max_depth():
    tree = QuadTree(capacity=1, max_depth=6)
    for _ in range(5):
        tree.insert(10.0, 10.0)
    assert tree.depth == 6 and max(len(leaf.ids) for leaf in tree.leaves()) == 5


@pytest.mark.parametrize("box", [(40, -5, 55, 10), (-10, 170, 10, -170), (-90, -180, 90, 180)])
def test_box_query_matches_brute_force(box):
    lats, lons = random_points(2_000, seed=3)
    tree = QuadTree.from_points(lats, lons, capacity=6)
    south, west, north, east = box
    inside_lon = (lons >= west) & (lons <= east) if west <= east else \
        (lons >= west) | (lons <= east)
    expected = np.flatnonzero((lats >= south) & (lats <= north) & inside_lon)
    assert np.array_equal(tree.in_box(*box), expected)
    assert tree.candidates >= expected.size


@FAST
@given(st.floats(-90, 90), st.floats(-180, 180), st.floats(0, 3_000_000))
def test_radius_query_matches_brute_force(lat, lon, radius):
    lats, lons = random_points(600, seed=4)
    tree = QuadTree.from_points(lats, lons, capacity=4)
    expected = np.flatnonzero(haversine(lat, lon, lats, lons) <= radius)
    assert np.array_equal(tree.within(lat, lon, radius), expected)


def test_radius_query_across_the_antimeridian_and_a_pole():
    lats = np.array([0.0, 0.0, 89.9, 89.9, 10.0])
    lons = np.array([179.99, -179.99, 0.0, 180.0, 0.0])
    tree = QuadTree.from_points(lats, lons, capacity=1)
    assert tree.within(0.0, 180.0, 5_000).tolist() == [0, 1]
    assert tree.within(89.95, 90.0, 20_000).tolist() == [2, 3]


@FAST
@given(st.floats(-90, 90), st.floats(-180, 180), st.integers(1, 20))
def test_k_nearest_matches_brute_force(lat, lon, k):
    lats, lons = random_points(500, seed=5)
    tree = QuadTree.from_points(lats, lons, capacity=4)
    distances = haversine(lat, lon, lats, lons)
    found = tree.nearest(lat, lon, k)
    assert len(found) == k
    assert np.allclose([d for _, d in found], np.sort(distances)[:k], rtol=0, atol=1e-6)
    assert all(distances[i] == d for i, d in found)
    assert tree.candidates < 500 or k > 10


@FAST
@given(st.floats(-90, 90), st.floats(-180, 180), st.floats(-90, 90), st.floats(-180, 180),
       st.integers(0, 8))
def test_box_distance_never_exceeds_the_distance_to_any_point_in_the_box(lat, lon, a, b, depth):
    tree = QuadTree.from_points([a], [b], capacity=1)
    node = tree.root
    for _ in range(depth):  # walk down to the node of depth `depth` holding (a, b)
        node.split()
        node = node.child_for(a, b)
    s, w, n, e = node.box
    rng = np.random.default_rng(depth)
    inner_lat = np.append(rng.uniform(s, n, 50), [s, n, a])
    inner_lon = np.append(rng.uniform(w, e, 50), [w, e, b])
    assert _box_distance(lat, lon, node) <= haversine(lat, lon, inner_lat, inner_lon).min() + 1e-6


@pytest.mark.parametrize("call, words", [
    (lambda: QuadTree(capacity=0), "^capacity must be an integer >= 1"),
    (lambda: QuadTree(max_depth=61), "^max_depth must be an integer in 0..60"),
    (lambda: QuadTree().insert(100, 0), "^lat must be a number in -90..90 .a latitude"),
    (lambda: QuadTree().within(0, 0, -5), "^radius_m must be a number >= 0"),
    (lambda: QuadTree().nearest(0, 0, 0), "^k must be an integer >= 1"),
    (lambda: QuadTree().in_box(0, 10, 5, 200), "^east must be a number in -180..180"),
    (lambda: QuadTree.from_points([0, 1], [0], 4), "same shape"),
    (lambda: QuadTree.from_points([0, float("nan")], [0, 0], 4), r"^lats\[1\]"),
])
def test_bad_value_raises_value_error_naming_it(call, words):
    with pytest.raises(ValueError, match=words):
        call()


@pytest.mark.parametrize("call, words", [
    (lambda: QuadTree(capacity=2.5), "^capacity must be an integer"),
    (lambda: QuadTree().insert(0, "east"), "^lon must be a number .* got str 'east'"),
    (lambda: QuadTree().nearest(0, 0, "3"), "^k must be an integer"),
])
def test_bad_type_raises_type_error_naming_it(call, words):
    with pytest.raises(TypeError, match=words):
        call()


# --- deletion and merging ------------------------------------------------------------------

@FAST
@given(points, st.integers(1, 5), st.randoms(use_true_random=False), st.data())
def test_removing_points_leaves_the_tree_built_from_the_rest(pts, capacity, rnd, data):
    lats, lons = map(list, zip(*pts, strict=True))
    tree = QuadTree(capacity=capacity, max_depth=12)
    order = list(range(len(pts)))
    rnd.shuffle(order)
    for i in order:
        tree.insert(lats[i], lons[i])
    gone = data.draw(st.sets(st.integers(0, len(pts) - 1)))
    removal = list(gone)
    rnd.shuffle(removal)
    for point in removal:  # ids are insertion positions
        tree.remove(point)
    kept = [order[i] for i in range(len(pts)) if i not in gone]
    fresh = QuadTree.from_points([lats[i] for i in kept], [lons[i] for i in kept],
                                 capacity=capacity, max_depth=12)
    assert tree.shape() == fresh.shape()
    assert len(tree) == len(kept)
    assert tree.node_count == sum(1 for _ in tree.nodes())  # the counters stay true
    assert tree.leaf_count == sum(1 for _ in tree.leaves())


def test_remove_merges_exactly_when_a_box_fits_in_one_leaf():
    tree = QuadTree(capacity=2)
    ids = [tree.insert(lat, lon) for lat, lon in [(10, 10), (20, 20), (30, 30)]]
    before = tree.leaf_count
    assert before > 1
    # Two points left, capacity 2: the root's box fits in one leaf, so all leaves merge.
    assert tree.remove(ids[2]) == before
    assert tree.leaf_count == 1 and tree.root.is_leaf and sorted(tree.root.ids) == ids[:2]
    assert tree.remove(ids[0]) == 0  # nothing left to merge
    assert len(tree) == 1 and tree.within(20, 20, 1).tolist() == [ids[1]]


def test_queries_after_removals_see_only_the_remaining_points():
    lats, lons = random_points(1_500, seed=6)
    tree = QuadTree.from_points(lats, lons, capacity=4)
    gone = np.random.default_rng(6).choice(1_500, 700, replace=False)
    for point in gone:
        tree.remove(int(point))
    alive = np.setdiff1d(np.arange(1_500), gone)
    near = haversine(48.0, 2.0, lats, lons) <= 300_000
    assert np.array_equal(tree.within(48.0, 2.0, 300_000), alive[near[alive]])
    found = tree.nearest(48.0, 2.0, 3)
    expected = alive[np.argsort(haversine(48.0, 2.0, lats[alive], lons[alive]))[:3]]
    assert [i for i, _ in found] == expected.tolist()


def test_remove_rejects_bad_ids():
    tree = QuadTree()
    with pytest.raises(ValueError, match="holds no points"):
        tree.remove(0)
    tree.insert(1.0, 2.0)
    with pytest.raises(ValueError, match="^point_id must be an integer in 0..0"):
        tree.remove(3)
    with pytest.raises(TypeError, match="^point_id must be an integer"):
        tree.remove("0")
    tree.insert(3.0, 4.0)
    tree.remove(0)
    with pytest.raises(ValueError, match="already removed"):
        tree.remove(0)


def test_bounds_limit_where_points_may_go():
    tree = QuadTree(capacity=1, bounds=(36.0, -10.0, 60.0, 20.0))
    tree.insert(60.0, 20.0)  # the root's north and east edges are inside
    with pytest.raises(ValueError, match="^lat must lie within the tree's bounds"):
        tree.insert(61.0, 0.0)
    with pytest.raises(ValueError, match="^lons must lie within"):
        QuadTree.from_points([40.0], [25.0], bounds=(36.0, -10.0, 60.0, 20.0))
    with pytest.raises(ValueError, match="south < north"):
        QuadTree(bounds=(10.0, 0.0, 10.0, 5.0))
    with pytest.raises(TypeError, match="^bounds must be a tuple"):
        QuadTree(bounds=(0, 0, 1))


def test_leaf_arrays_and_shape_describe_the_leaves():
    lats, lons = random_points(800, seed=7)
    tree = QuadTree.from_points(lats, lons, capacity=5)
    boxes, depths = tree.leaf_arrays()
    leaves = list(tree.leaves())
    assert boxes.shape == (len(leaves), 4) and depths.tolist() == [x.depth for x in leaves]
    assert sum(count for _, count in tree.shape()) == 800
    # Leaves tile the root: their areas (in square degrees) add up to the world's.
    area = ((boxes[:, 2] - boxes[:, 0]) * (boxes[:, 3] - boxes[:, 1])).sum()
    assert area == pytest.approx(180 * 360)


@FAST
@given(points, st.integers(1, 4), st.lists(st.integers(0, 10_000), max_size=30))
def test_kept_leaf_list_follows_every_insert_and_remove(pts, capacity, removals):
    """The leaf list is kept between walks; after any insert or remove it is the fresh one."""
    tree = QuadTree(capacity=capacity, max_depth=12)

    def fresh_leaves():
        return [node for node in tree.nodes() if node.is_leaf]

    for lat, lon in pts:
        tree.insert(lat, lon)
        assert tree._leaf_list() == fresh_leaves()
        assert tree.depth == max(leaf.depth for leaf in fresh_leaves())
    alive = list(range(len(pts)))
    for pick in removals:
        if not alive:
            break
        tree.remove(alive.pop(pick % len(alive)))
        assert tree._leaf_list() == fresh_leaves()
        assert sum(len(leaf.ids) for leaf in tree.leaves()) == len(tree)
        assert tree.leaf_count == len(fresh_leaves())
