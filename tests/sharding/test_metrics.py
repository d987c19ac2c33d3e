"""Metrics, workloads and the shard-key explorer."""

import numpy as np
import pytest

from sysdesign.sharding import (
    STRATEGIES,
    WORKLOADS,
    coefficient_of_variation,
    compare_schemes,
    explore,
    ideal_moved_share,
    imbalance,
    load_per_shard,
    lookup_cost,
    messages,
    moved_share,
    moved_share_curve,
    ring_balance_curve,
    workload,
    zipf_activity,
)
from sysdesign.sharding.explorer import bucket_key

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
    assert lookup_cost("rendezvous", 9) == 9 and lookup_cost("mod-N", 9) == 1
    assert lookup_cost("jump", 1) == 2  # one hash, one LCG step


def test_moved_share_curve_and_balance_curve():
    curve = moved_share_curve(KEYS[:5_000], "mod-N", [1, 2, 4])
    assert curve == pytest.approx([1 / 2, 2 / 3, 4 / 5], abs=0.03)
    balance = ring_balance_curve(10, [1, 10, 100, 1000])
    assert balance["CoV"].is_monotonic_decreasing
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


def test_bucket_key_keeps_a_user_within_a_bucket_together():
    keys = bucket_key([7, 7, 7], [0.0, 3599.0, 3600.0], 3600.0)
    assert keys[0] == keys[1] != keys[2]


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
