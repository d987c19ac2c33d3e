"""Metrics, workloads and the shard-key explorer."""

import bisect
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sysdesign.sharding import (
    STRATEGIES,
    WORKLOADS,
    bisect_steps,
    coefficient_of_variation,
    compare_schemes,
    expected_cov,
    explore,
    ideal_moved_share,
    imbalance,
    load_per_shard,
    lookup_work,
    messages,
    moved_share,
    moved_share_curve,
    ring_balance_curve,
    workload,
    zipf_activity,
)
from sysdesign.sharding.explorer import bucket_key, compare_strategies

KEYS = np.arange(30_000)


def test_load_and_imbalance_by_hand():
    load = load_per_shard([0, 0, 0, 1], 2)
    assert load.tolist() == [3, 1]
    assert imbalance(load) == 1.5 and coefficient_of_variation(load) == pytest.approx(0.5)
    assert load_per_shard([0, 1], 3, weights=[2.0, 5.0]).tolist() == [2, 5, 0]
    assert imbalance([4, 4]) == 1 and coefficient_of_variation([4, 4]) == 0


def test_moved_share_and_ideal():
    assert moved_share([1, 2, 3, 4], [1, 2, 3, 5]) == 0.25
    assert ideal_moved_share(3) == 0.25
    with pytest.raises(ValueError):
        moved_share([1], [1, 2])


def test_compare_schemes_matches_theory():
    table = compare_schemes(KEYS, 9, vnodes=100)
    # mod-N keeps a key only when h mod N == h mod (N+1): it moves N/(N+1) of them.
    assert table.loc["mod-N", "moved share"] == pytest.approx(9 / 10, abs=0.02)
    for scheme in ("ring", "rendezvous", "jump"):
        assert table.loc[scheme, "moved share"] == pytest.approx(0.1, rel=0.15)
    assert table.loc["jump", "CoV of load"] < table.loc["ring", "CoV of load"]
    # Counted work, each in its own unit: hashes, binary-search comparisons, jump iterations.
    assert table.loc["rendezvous", "hashes per lookup"] == 1 + 9  # the key, then 9 scores
    assert table.loc["mod-N", "hashes per lookup"] == 1
    assert table.loc["ring", "numbers stored"] == 9 * 100
    assert table.loc["jump", "numbers stored"] == table.loc["mod-N", "numbers stored"] == 0


def test_lookup_work_counts_binary_search_steps_and_jump_iterations():
    keys = range(4_000)
    ring = lookup_work("ring", keys, 8, vnodes=100)
    # A binary search over m = 800 sorted points takes floor(log2 m) or that plus one steps.
    assert math.floor(math.log2(800)) <= ring["comparisons per lookup"] <= math.log2(800) + 1
    jump = lookup_work("jump", keys, 8)
    # A key stops at bucket b with probability 1/(b+1): H_8 = 2.7179 iterations on average.
    assert jump["jump iterations per lookup"] == pytest.approx(sum(1 / k for k in range(1, 9)),
                                                               rel=0.02)
    assert lookup_work("jump", keys, 1)["jump iterations per lookup"] == 1  # H_1 = 1, exactly
    with pytest.raises(ValueError):
        lookup_work("ring", [], 8)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 2**64 - 1), min_size=1, max_size=300, unique=True),
       st.integers(0, 2**64 - 1))
def test_bisect_steps_is_bisect_right_counted(points, key_hash):
    positions = sorted(points)
    steps = bisect_steps(positions, key_hash)
    assert 1 <= steps <= math.ceil(math.log2(len(positions) + 1))
    # The same loop as bisect_right: re-run it to the position and compare.
    assert bisect.bisect_right(positions, key_hash) == _bisect_position(positions, key_hash)


def _bisect_position(positions, key_hash):
    lo, hi = 0, len(positions)
    while lo < hi:
        mid = (lo + hi) // 2
        lo, hi = (lo, mid) if key_hash < positions[mid] else (mid + 1, hi)
    return lo


def test_expected_cov_is_the_exact_mean_square_over_random_rings():
    """E[CoV^2] = (N-1)/(Nv+1) for N nodes with v uniform points each: checked against
    100,000 rings of uniform random points (numpy) and 300 hashed rings (HashRing)."""
    rng = np.random.default_rng(11)
    for n, v in [(10, 1), (10, 10), (4, 25), (10, 90)]:
        cuts = np.sort(rng.random((100_000, n * v - 1)), axis=1)
        arcs = np.diff(cuts, axis=1, prepend=0.0, append=1.0)
        shares = arcs.reshape(100_000, n, v).sum(axis=2)
        cov_squared = (shares.std(axis=1) / shares.mean(axis=1)) ** 2
        assert cov_squared.mean() == pytest.approx(expected_cov(n, v) ** 2, rel=0.02)
    hashed = ring_balance_curve(10, [10], trials=300)
    assert hashed.loc[10, "CoV"] == pytest.approx(expected_cov(10, 10), rel=0.05)
    assert hashed.loc[10, "theory"] == expected_cov(10, 10)


def test_expected_cov_closed_form_and_its_large_n_limit():
    assert expected_cov(10, 100) == pytest.approx(math.sqrt(9 / 1001))
    assert expected_cov(1, 5) == 0  # one node owns everything
    # For large N the exact value approaches 1/sqrt(v) from below.
    assert expected_cov(10_000, 100) == pytest.approx(0.1, rel=1e-3) and expected_cov(
        10_000, 100) < 0.1
    assert expected_cov(10, [1, 100]).tolist() == [expected_cov(10, 1), expected_cov(10, 100)]
    with pytest.raises(ValueError):
        expected_cov(10, 0)


def test_moved_share_curve_and_balance_curve():
    curve = moved_share_curve(KEYS[:5_000], "mod-N", [1, 2, 4])
    assert curve == pytest.approx([1 / 2, 2 / 3, 4 / 5], abs=0.03)
    balance = ring_balance_curve(10, [1, 10, 100, 1000])
    assert balance["CoV"].is_monotonic_decreasing and balance["theory"].is_monotonic_decreasing
    with pytest.raises(ValueError):
        moved_share_curve(KEYS, "modulo", [2])


def test_zipf_activity_and_the_celebrity():
    flat = zipf_activity(1_000, s=0.0)
    assert np.allclose(flat, 1 / 1_000)
    celeb = zipf_activity(1_000, s=0.0, hot_user_factor=1_000)
    assert celeb[0] / celeb[1] == pytest.approx(1_000)
    with pytest.raises(ValueError, match="^s must"):
        zipf_activity(10, s=-1)
    with pytest.raises(TypeError, match="^hot_user_factor must"):
        zipf_activity(10, hot_user_factor="big")


def shuffled_zipf_by_hand(num_users, s, hot_user_factor, seed):
    """The formula zipf_activity used before it built on core.workloads (rank k weighs 1/k**s)."""
    weights = 1.0 / np.arange(1, num_users + 1) ** s
    weights = weights[np.random.default_rng(seed).permutation(num_users)]
    weights[0] = hot_user_factor * np.delete(weights, 0).mean()
    return weights / weights.sum()


@pytest.mark.parametrize("s, factor", [(0.0, 1.0), (1.0, 1.0), (1.0, 1000.0), (2.5, 30.0)])
def test_zipf_activity_keeps_its_numbers_and_messages_keep_their_users(s, factor):
    activity = zipf_activity(2_000, s, factor, seed=4)
    assert activity == pytest.approx(shuffled_zipf_by_hand(2_000, s, factor, 4), rel=1e-12)
    # messages() draws users from the activity: the same users as with the old formula.
    msgs = messages(num_users=2_000, num_messages=20_000, zipf_s=s, hot_user_factor=factor,
                    seed=4)
    by_hand = np.random.default_rng(4).choice(2_000, size=20_000,
                                              p=shuffled_zipf_by_hand(2_000, s, factor, 4))
    assert np.array_equal(msgs.user_id, by_hand)


def test_messages_are_seeded_sorted_and_in_range():
    a, b = messages(num_messages=2_000, seed=3), messages(num_messages=2_000, seed=3)
    assert np.array_equal(a.user_id, b.user_id) and np.array_equal(a.lat, b.lat)
    assert np.all(np.diff(a.timestamp) >= 0) and a.timestamp.max() < a.duration_s
    assert np.all(np.abs(a.lat) <= 90) and np.all(np.abs(a.lon) <= 180)
    with pytest.raises(ValueError):
        workload("nope")


@pytest.mark.parametrize("name", list(WORKLOADS))
@pytest.mark.parametrize("strategy", STRATEGIES)
def test_explorer_accounts_for_every_row(name, strategy):
    msgs = workload(name, num_messages=3_000)
    report = explore(msgs, strategy, 6)
    assert report.rows.sum() == len(msgs)
    distinct_users = len(np.unique(msgs.user_id))
    if strategy in ("hash(user_id)", "range(user_id)", "directory(user_id)"):
        assert report.users.sum() == distinct_users  # each user lives on exactly one shard
    else:
        assert report.users.sum() >= distinct_users
    assert 1 <= report.fanout_user_latest <= 6 and 1 <= report.fanout_last_hour <= 6
    assert 1 <= report.fanout_near_me <= 6
    assert report.rows[report.hot_shard] == report.rows.max()


def test_explorer_lessons():
    msgs = workload("celebrity (1 user 1000x)", num_messages=20_000)
    by_user = explore(msgs, "hash(user_id)", 8)
    by_time = explore(msgs, "range(time)", 8)
    by_day = explore(msgs, "hash(user_id, day)", 8)
    # The celebrity's shard melts under a user key; a time range spreads rows evenly ...
    assert by_user.imbalance > 2.5 and by_time.imbalance < 1.05
    # ... but every new write goes to the newest range, and inboxes need many shards.
    assert np.count_nonzero(by_time.recent_rows) == 1
    assert by_time.fanout_last_hour == 1 and by_user.fanout_last_hour == 8
    assert by_user.fanout_user_latest == 1 < by_day.fanout_user_latest < by_time.fanout_user_latest
    # Bucketing the key by day spreads the celebrity over days.
    assert by_day.imbalance < by_user.imbalance


def test_geo_grid_assumption_and_near_me_queries():
    msgs = workload("social (Zipf users)", num_messages=5_000)
    grid = explore(msgs, "geo grid", 8)
    # An inbox query names only the user: a place-sharded store must ask every shard ...
    assert grid.fanout_user_latest == 8
    # ... unless the query carries the user's cell: every message of a user is sent from
    # home in this workload, so one shard holds them all.
    assert explore(msgs, "geo grid", 8, user_cell_known=True).fanout_user_latest == 1
    # "Near me" is what the grid is for: a 4-degree box touches at most 4 of the 10-degree
    # cells (2 x 2), so at most 4 shards; every other key asks all 8.
    assert 1 <= grid.fanout_near_me <= 4
    assert explore(msgs, "hash(user_id)", 8).fanout_near_me == 8
    table = compare_strategies(msgs, 8)
    assert table["shards: near me (±2°)"].idxmin() == "geo grid"


def test_cells_near_wraps_around_the_date_line_and_stops_at_the_poles():
    from sysdesign.sharding import GeoGridPartitioner

    grid = GeoGridPartitioner(4, cell_degrees=10)
    east = grid.cells_near(5.0, 179.0, 2.0)  # one row of cells, two columns across 180
    assert grid.cells([(5.0, 179.5)])[0] in east and grid.cells([(5.0, -179.5)])[0] in east
    assert len(east) == 2
    assert len(grid.cells_near(0.0, 179.0, 2.0)) == 4  # on the equator: two rows as well
    assert len(grid.cells_near(89.5, 5.0, 2.0)) == 1  # the top row, no row beyond it
    assert grid.cells_near(5.0, 5.0, 0.0) == grid.cells([(5.0, 5.0)]).tolist()
    with pytest.raises(ValueError):
        grid.cells_near(0.0, 0.0, -1.0)


def test_bucket_key_keeps_a_user_within_a_bucket_together():
    keys = bucket_key([7, 7, 7], [0.0, 3599.0, 3600.0], 3600.0)
    assert keys[0] == keys[1] != keys[2]
    for bad_bucket in (0.0, -3600.0):  # a zero bucket divided by zero and kept going
        with pytest.raises(ValueError, match="^bucket_s"):
            bucket_key([7], [0.0], bad_bucket)
    with pytest.raises(ValueError, match="^timestamp"):
        bucket_key([7], [-1.0], 3600.0)


def test_explore_rejects_bad_input():
    msgs = messages(num_messages=100)
    with pytest.raises(ValueError):
        explore(msgs, "random", 4)
    with pytest.raises(ValueError):
        explore(msgs, "hash(user_id)", 0)


def test_time_series_and_geo_points():
    from sysdesign.sharding import geo_points, time_series

    times = time_series(1_000, 3600.0, seed=2)
    assert np.all(np.diff(times) >= 0) and 0 <= times[0] and times[-1] < 3600
    points = geo_points(5_000, seed=2)
    assert points.shape == (5_000, 2)
    assert np.all(np.abs(points[:, 0]) <= 90) and np.all(np.abs(points[:, 1]) <= 180)
    # Points cluster around cities: many share a 10-degree cell, most cells stay empty.
    cells = np.unique(np.floor(points / 10), axis=0)
    assert len(cells) < 100
    with pytest.raises(ValueError):
        time_series(0, 10.0)
    with pytest.raises(TypeError):
        geo_points(10, spread_deg="wide")


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 50), st.floats(0.1, 4.9), st.integers(1, 12))
def test_near_me_corner_shortcut_equals_listing_every_cell(seed, near_deg, shards):
    """For boxes narrower than a cell the explorer reads the cells of the four corners;
    that must equal listing every cell the box touches (``cells_near``)."""
    from sysdesign.sharding import GeoGridPartitioner
    from sysdesign.sharding.explorer import _fanout_near_me

    msgs = messages(num_users=60, num_messages=300, seed=seed)
    grid = GeoGridPartitioner(shards, cell_degrees=10)
    _, first = np.unique(msgs.user_id, return_index=True)
    by_cells = np.mean([len(set(grid.cell_shards(grid.cells_near(lat, lon, near_deg))
                                .tolist())) for lat, lon in msgs.points[first].tolist()])
    assert _fanout_near_me(msgs, "geo grid", shards, near_deg) == pytest.approx(by_cells)
