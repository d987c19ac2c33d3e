"""The "Try it" answers of notebooks 11 and 12 follow from closed forms, not constants."""

import math

import numpy as np

from sysdesign.core.exercises import evaluate, exercise
from sysdesign.sharding import expected_cov, explore, workload


def test_logical_shard_moves_are_the_floor_share():
    assert exercise("11.2").answer() == 4096 // 17


def test_fewest_virtual_nodes_from_the_exact_expression():
    # (N-1)/(Nv+1) < 0.1^2 with N = 10  <=>  10 v + 1 > 900  <=>  v > 89.9
    answer = exercise("12.2").answer()
    assert answer == math.floor((9 / 0.01 - 1) / 10) + 1 == 90
    assert expected_cov(10, answer) < 0.1 <= expected_cov(10, answer - 1)
    assert evaluate("12.2", 100).status == "wrong"  # 1/sqrt(100) is exactly 0.1


def test_jump_hash_over_a_named_list_moves_two_thirds_when_the_second_name_goes():
    # Ex 12.1: bucket 0 stays, buckets 1 and 2 are renamed, bucket 3's keys spread over
    # 0..2 and a third land back on cache-d: 1/4 + 1/4 + 1/4 * 2/3 = 2/3.
    from sysdesign.sharding.exercises import _jump_moved_share

    assert abs(_jump_moved_share() - 2 / 3) < 0.01
    assert exercise("12.1").answer() == "about 67 %"
    for wrong in ("about 25 %", "about 50 %", "about 75 %"):
        assert evaluate("12.1", wrong).status == "wrong"


def test_fewest_buckets_for_ten_jump_iterations_is_where_the_harmonic_number_passes_ten():
    # H_n > 10 first at n = 12,367 (OEIS A002387); ln n + Euler's constant finds it too.
    answer = exercise("12.3").answer()
    assert answer == 12_367
    assert sum(1 / k for k in range(1, answer)) <= 10 < sum(1 / k for k in range(1, answer + 1))
    assert math.ceil(math.exp(10 - 0.5772156649)) == answer
    for wrong in (answer - 1, 22_026, 1024):
        assert evaluate("12.3", wrong).status == "wrong"


def test_a_day_bucket_is_one_key_so_its_share_floors_the_busiest_shard():
    # Ex 11.3: the celebrity's busiest day is one key of hash(user_id, day); no shard count
    # can put less than that on the busiest shard, and that floor is above 10 %.
    msgs = workload("celebrity (1 user 1000x)", 20_000)
    days = (msgs.timestamp[msgs.user_id == 0] // (24 * 3600)).astype(int)
    floor = np.bincount(days).max() / len(msgs)
    assert 0.10 < floor < 0.13  # about a third of the messages, over three days
    for n in (8, 64, 512, 4096):
        assert explore(msgs, "hash(user_id, day)", n).rows.max() / len(msgs) >= floor
    assert exercise("11.3").answer() is False
    assert evaluate("11.3", True).status == "wrong"
    # Hourly buckets cut the celebrity into 72 small keys: then enough shards do help.
    hourly = explore(msgs, "hash(user_id, day)", 512, bucket_hours=1.0)
    assert hourly.rows.max() / len(msgs) < 0.10
