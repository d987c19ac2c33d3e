"""Bounded loads: no node above the cap; plain hashing when unbounded; the same placement
as walking each key's preference list by hand."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sysdesign.sharding import HashRing, bounded_assign, capacity


def by_preference_list(ring, keys, epsilon):
    """The rule again, from the other end: try the key's nodes in preference-list order."""
    loads = dict.fromkeys(ring.nodes, 0)
    served = []
    for placed, key in enumerate(keys, start=1):
        cap = capacity(placed, len(loads), epsilon)
        node = next(n for n in ring.preference_list(key, len(ring.nodes)) if loads[n] < cap)
        loads[node] += 1
        served.append(node)
    return served


@settings(max_examples=30, deadline=None)
@given(st.lists(st.integers(0, 30), min_size=1, max_size=300),
       st.sampled_from([0.01, 0.1, 0.25, 1.0, 3.0]), st.integers(1, 6))
def test_never_above_the_cap_and_the_same_as_walking_preference_lists(keys, epsilon, nodes):
    ring = HashRing([f"n{i}" for i in range(nodes)], vnodes=10)
    placed = bounded_assign(ring, keys, epsilon)
    assert placed.loads.sum() == len(keys)
    assert placed.loads.max() <= capacity(len(keys), nodes, epsilon)
    assert [ring.nodes[i] for i in placed.server] == by_preference_list(ring, keys, epsilon)
    assert placed.home.tolist() == ring.assign(keys).tolist()


def test_unbounded_is_plain_consistent_hashing():
    ring = HashRing(["a", "b", "c"], vnodes=20)
    keys = [f"k{i % 7}" for i in range(500)]
    placed = bounded_assign(ring, keys, math.inf)
    assert placed.forwarded == 0 and np.array_equal(placed.loads, placed.home_loads)


def test_capacity_is_the_ceiling_of_one_plus_epsilon_times_the_average():
    assert capacity(1000, 8, 0.25) == math.ceil(1.25 * 1000 / 8) == 157
    assert capacity(8, 4, 0.5) == 3  # exactly 3.0: no rounding up to 4
    assert capacity(10, 3, math.inf) == 10
    with pytest.raises(ValueError):
        capacity(10, 3, 0)
    with pytest.raises(TypeError):
        bounded_assign("ring", [1], 0.5)


@given(st.integers(0, 400), st.integers(1, 12),
       st.sampled_from([0.01, 0.05, 0.1, 0.25, 1 / 3, 0.5, 1.0, 2.5, math.inf]))
def test_the_caps_of_a_run_are_capacity_at_each_request(count, nodes, epsilon):
    from sysdesign.sharding.bounded import _capacities

    assert _capacities(count, nodes, epsilon) == [capacity(t, nodes, epsilon)
                                                  for t in range(1, count + 1)]
