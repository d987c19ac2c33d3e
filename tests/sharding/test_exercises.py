"""The "Try it" answers of notebooks 11 and 12 follow from closed forms, not constants."""

import math

from sysdesign.core.exercises import evaluate, exercise
from sysdesign.sharding import expected_cov


def test_logical_shard_moves_are_the_floor_share():
    assert exercise("11.2").answer() == 4096 // 17


def test_fewest_virtual_nodes_from_the_exact_expression():
    # (N-1)/(Nv+1) < 0.1^2 with N = 10  <=>  10 v + 1 > 900  <=>  v > 89.9
    answer = exercise("12.2").answer()
    assert answer == math.floor((9 / 0.01 - 1) / 10) + 1 == 90
    assert expected_cov(10, answer) < 0.1 <= expected_cov(10, answer - 1)
    assert evaluate("12.2", 100).status == "wrong"  # 1/sqrt(100) is exactly 0.1


def test_jump_iterations_at_a_thousand_buckets_is_the_harmonic_number():
    assert exercise("12.3").answer() == sum(1 / k for k in range(1, 1001))
    assert evaluate("12.3", round(math.log(1000) + 0.5772, 2)).status == "correct"
