"""The fast twins in geo/_fast.py give exactly the readable geohash.py's answers.

Each pair: bulk ``encode_many`` vs ``encode``; slices by arithmetic vs slices by halving;
60-bit codes vs the interleaved bits; box spans and covering codes vs the readable
covering.
"""

from __future__ import annotations

import math

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from sysdesign.geo import _fast, geohash

FAST = settings(max_examples=150, deadline=None)
lats = st.floats(-90, 90, allow_nan=False)
lons = st.floats(-180, 180, allow_nan=False)
precisions = st.integers(1, 12)


def random_points(n, seed):
    rng = np.random.default_rng(seed)
    return rng.uniform(-90, 90, n), rng.uniform(-180, 180, n)


def edge_points(precision_of_cells=12, n_cells=300, seed=8):
    """Points on, just below and just above the south-west corners of random cells."""
    codes = _fast.encode_many(*random_points(n_cells, seed), precision_of_cells)
    lats, lons = [], []
    for code in codes:
        south, west, _, _ = geohash.bounds(code)
        for lat in (south, math.nextafter(south, -91), math.nextafter(south, 91)):
            for lon in (west, math.nextafter(west, -181), math.nextafter(west, 181)):
                lats.append(max(-90.0, lat))
                lons.append(max(-180.0, lon))
    return np.array(lats), np.array(lons)


def spell(code60: int, p: int) -> str:
    """The first p characters of a 60-bit code."""
    return "".join(geohash.BASE32[code60 >> (60 - 5 * (k + 1)) & 31] for k in range(p))


# --- encode_many == encode ------------------------------------------------------------------

@FAST
@given(st.lists(st.tuples(lats, lons), min_size=1, max_size=30), precisions)
def test_encode_many_equals_encode(points, p):
    lat_list, lon_list = zip(*points, strict=True)
    assert _fast.encode_many(lat_list, lon_list, p).tolist() == [
        geohash.encode(a, b, p) for a, b in points]


def test_encode_many_equals_encode_on_random_points_at_every_precision():
    lats_, lons_ = random_points(2_000, seed=2)
    for p in range(1, 13):
        assert [geohash.encode(a, b, p) for a, b in zip(lats_, lons_, strict=True)] == \
            _fast.encode_many(lats_, lons_, p).tolist()


def test_encode_many_equals_encode_next_to_every_kind_of_edge():
    lats_, lons_ = edge_points()
    rng = np.random.default_rng(7)
    for p in rng.choice(np.arange(1, 13), 6, replace=False).tolist() + [12]:
        expected = [geohash.encode(a, b, p) for a, b in zip(lats_, lons_, strict=True)]
        assert _fast.encode_many(lats_, lons_, p).tolist() == expected


def test_encode_many_keeps_the_shape_and_is_the_one_exported():
    grid = _fast.encode_many(np.zeros((2, 3)), np.zeros((2, 3)), 4)
    assert grid.shape == (2, 3) and grid[1, 2] == geohash.encode(0, 0, 4)
    from sysdesign.geo import encode_many

    assert encode_many is geohash.encode_many is _fast.encode_many
    assert geohash.codes60 is _fast.codes60 and geohash.covering_codes is _fast.covering_codes


# --- slices: arithmetic == halving ------------------------------------------------------------

@FAST
@given(st.floats(0, 1), st.integers(1, 30), st.sampled_from([(-90.0, 90.0), (-180.0, 180.0)]))
def test_slice_by_arithmetic_equals_slice_by_halving(share, nbits, axis):
    low, high = axis
    slice_number = int(share * 2**nbits)
    edge = low + min(slice_number, 2**nbits - 1) * (high - low) / 2**nbits
    for value in (low + share * (high - low), edge, math.nextafter(edge, low),
                  math.nextafter(edge, high)):
        value = min(max(value, low), high)
        expected = geohash._cell_number(value, low, high, nbits)
        assert _fast._slice_number(value, low, high - low, nbits) == expected
        if nbits == 30:
            assert _fast._slice_numbers(np.array([value]), low, high - low)[0] == expected


@FAST
@given(lats, lons, lats, lons, precisions)
def test_box_span_equals_the_readable_box_span(a, b, c, d, p):
    box = (min(a, c), min(b, d), max(a, c), max(b, d))
    assert _fast.box_span(*box, p) == geohash._box_span(*box, p)


# --- 60-bit codes == interleaved bits -------------------------------------------------------

@FAST
@given(st.integers(0, 2**30 - 1), st.integers(0, 2**30 - 1))
def test_spreading_interleaves_like_the_readable_bits(row, column):
    bits = geohash._interleave(row, column, 12)
    assert (_fast._spread_int(column) << 1 | _fast._spread_int(row)) == int(bits, 2)
    assert _fast._spread(column) == _fast._spread_int(column)
    spread = _fast._spread_array(np.array([row, column], dtype=np.int64)).tolist()
    assert spread == [_fast._spread_int(row), _fast._spread_int(column)]


def test_60_bit_codes_spell_the_12_character_geohash():
    p_lats, p_lons = random_points(500, seed=9)
    codes = _fast.codes60(p_lats, p_lons)
    assert [spell(int(c), 12) for c in codes] == [
        geohash.encode(a, b, 12) for a, b in zip(p_lats, p_lons, strict=True)]


# --- covering codes == the readable covering cells --------------------------------------------

@FAST
@given(lats, lons, st.floats(0, 2_000_000))
def test_covering_codes_are_the_covering_cells_as_integers(lat, lon, radius):
    p, starts = _fast.covering_codes(lat, lon, radius)
    assert sorted(spell(s, p) for s in starts) == geohash.cells_covering(lat, lon, radius)
    assert p == geohash.covering_spans(lat, lon, radius)[0]


@FAST
@given(st.floats(-80, 80), lons, st.floats(0, 50_000), st.integers(1, 4))
def test_covering_codes_at_a_fixed_precision(lat, lon, radius, p):
    found, starts = _fast.covering_codes(lat, lon, radius, p)
    assert found == p
    assert sorted(spell(s, p) for s in starts) == geohash.cells_covering(lat, lon, radius, p)


@FAST
@given(st.lists(st.tuples(lats, lons, st.floats(0, 2_000_000)), min_size=1, max_size=12))
def test_covering_codes_many_equals_covering_codes_circle_by_circle(circles):
    c_lats, c_lons, radii = (np.array(column) for column in zip(*circles, strict=True))
    precisions, codes, starts = _fast.covering_codes_many(c_lats, c_lons, radii)
    assert starts[0] == 0 and starts[-1] == codes.size
    for i, (lat, lon, radius) in enumerate(circles):
        p, expected = _fast.covering_codes(lat, lon, radius)
        assert precisions[i] == p
        assert codes[starts[i]:starts[i + 1]].tolist() == expected


def test_covering_codes_many_at_poles_the_date_line_and_cell_edges():
    # Circles across ±180°, around both poles, centred on cell corners, and every radius
    # from zero to a hemisphere: each against the readable one-circle version.
    c_lats, c_lons = edge_points(precision_of_cells=5, n_cells=20)
    c_lats = np.concatenate([c_lats, [90.0, -90.0, 89.99, -89.99, 0.0, 0.0, 45.0, -45.0]])
    c_lons = np.concatenate([c_lons, [0.0, 0.0, 179.9, -179.9, 180.0 - 1e-9, -180.0,
                                      179.99, -179.99]])
    rng = np.random.default_rng(11)
    radii = rng.choice([0.0, 1.0, 999.0, 1_000.0, 5_000.0, 20_000.0, 150_000.0,
                        2_000_000.0, 10_000_000.0], c_lats.size)
    precisions, codes, starts = _fast.covering_codes_many(c_lats, c_lons, radii)
    for i, (lat, lon, radius) in enumerate(zip(c_lats.tolist(), c_lons.tolist(),
                                               radii.tolist(), strict=True)):
        p, expected = _fast.covering_codes(lat, lon, radius)
        assert (precisions[i], codes[starts[i]:starts[i + 1]].tolist()) == (p, expected)


# --- the quadtree, level by level == box by box -------------------------------------------------

def _nodes(tree):
    """Every node's box, depth, count, ids (None for inner nodes) and number of children."""
    return [(n.box, n.depth, n.count, n.ids, None if n.children is None else len(n.children))
            for n in tree.nodes()]


def _both_builds(p_lats, p_lons, capacity, max_depth=20, bounds=(-90.0, -180.0, 90.0, 180.0)):
    """The tree from_points builds (the fast fill) and the readable recursive _fill's."""
    from sysdesign.geo.quadtree import QuadTree

    fast = QuadTree.from_points(p_lats, p_lons, capacity=capacity, max_depth=max_depth,
                                bounds=bounds)
    readable = QuadTree(capacity, max_depth, bounds)
    p_lats, p_lons = (np.asarray(a, dtype=float).ravel() for a in (p_lats, p_lons))
    p_lons = np.where(p_lons == 180.0, -180.0, p_lons)
    readable._lats, readable._lons = p_lats.tolist(), p_lons.tolist()
    readable._fill(readable.root, np.arange(p_lats.size), p_lats, p_lons)
    return fast, readable


@FAST
@given(st.lists(st.tuples(lats, lons), min_size=0, max_size=200), st.integers(1, 9),
       st.integers(0, 12))
def test_fill_quadtree_builds_the_readable_tree(points, capacity, max_depth):
    p_lats, p_lons = (list(c) for c in zip(*points, strict=True)) if points else ([], [])
    fast, readable = _both_builds(p_lats, p_lons, capacity, max_depth)
    assert _nodes(fast) == _nodes(readable)
    assert (fast.splits, fast.node_count, fast.leaf_count) == (
        readable.splits, readable.node_count, readable.leaf_count)


def test_fill_quadtree_on_cities_edges_duplicates_and_other_bounds():
    from sysdesign.geo import experiments

    c_lats, c_lons = experiments.points()
    for capacity in (1, 8, 32, 512):
        assert _nodes(_both_builds(c_lats, c_lons, capacity)[0]) == _nodes(
            _both_builds(c_lats, c_lons, capacity)[1])
    # Points on cell edges (midlines at every depth), a pile of duplicates that goes down
    # to max_depth, and boxes that are not the whole world (halved here, not by codes60).
    e_lats, e_lons = edge_points(precision_of_cells=8, n_cells=150)
    d_lats = np.concatenate([e_lats, np.full(40, 12.5), [90.0, -90.0, 0.0]])
    d_lons = np.concatenate([e_lons, np.full(40, -7.25), [180.0, -180.0, 0.0]])
    for capacity, max_depth in [(1, 20), (3, 30), (2, 31), (4, 45)]:
        fast, readable = _both_builds(d_lats, d_lons, capacity, max_depth)
        assert _nodes(fast) == _nodes(readable) and fast.splits == readable.splits
    inside = (e_lats >= 36) & (e_lats <= 60) & (e_lons >= -10) & (e_lons <= 20)
    rng = np.random.default_rng(3)
    b_lats = np.concatenate([e_lats[inside], rng.uniform(36, 60, 300), [36.0, 60.0, 48.0]])
    b_lons = np.concatenate([e_lons[inside], rng.uniform(-10, 20, 300), [-10.0, 20.0, 5.0]])
    for capacity in (1, 4):
        fast, readable = _both_builds(b_lats, b_lons, capacity, 25, (36.0, -10.0, 60.0, 20.0))
        assert _nodes(fast) == _nodes(readable) and fast.splits == readable.splits


def test_quadtree_keys_are_the_geohash_bits_over_the_world():
    p_lats, p_lons = edge_points(precision_of_cells=6, n_cells=100)
    world = (-90.0, -180.0, 90.0, 180.0)
    # The halving loop (used for other bounds) and the codes60 path give the same paths.
    for levels in (1, 7, 20, 30):
        assert np.array_equal(_fast.quadtree_keys(p_lats, p_lons, world, levels),
                              _fast._halved_keys(p_lats, p_lons, world, levels))
