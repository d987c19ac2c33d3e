"""Every fast path in sharding/_fast.py gives exactly what its readable original gives."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import sysdesign.sharding as sh
from sysdesign.sharding import _fast
from sysdesign.sharding.hashing import fnv1a64, hash64, mix64
from sysdesign.sharding.jump import jump_hash, jump_hash_steps
from sysdesign.sharding.rendezvous import score, weighted_score
from sysdesign.sharding.ring import clockwise_slot

UINT64 = st.integers(0, 2**64 - 1)


@given(st.lists(UINT64, max_size=30))
def test_mix64_many_equals_mix64(values):
    assert _fast.mix64_many(np.array(values, dtype=np.uint64)).tolist() == [
        mix64(v) for v in values]


@given(st.lists(st.binary(max_size=16), min_size=1, max_size=20))
def test_fnv1a64_many_equals_fnv1a64_without_trailing_nuls(texts):
    # numpy byte strings drop trailing NUL bytes; hash64 drops them too, for this reason
    expected = [fnv1a64(text.rstrip(b"\x00")) for text in texts]
    assert _fast.fnv1a64_many(np.array(texts, dtype="S")).tolist() == expected


@given(st.lists(st.one_of(st.integers(-2**70, 2**70), st.text(max_size=12),
                          st.binary(max_size=12)), max_size=20),
       st.sampled_from(["list", "array"]))
def test_hash64_many_equals_hash64_for_any_keys(keys, container):
    """The vectorised paths (ints, ASCII and UTF-8 text, bytes) agree with hash64 exactly."""
    if container == "array":
        kinds = {type(k) for k in keys}
        if len(kinds) != 1 or kinds == {int} and not all(-2**63 <= k < 2**63 for k in keys):
            return
        keys_in = np.array(keys)
    else:
        keys_in = keys
    assert _fast.hash64_many(keys_in).tolist() == [hash64(k) for k in keys]


def test_hash64_many_takes_numpy_ints_and_any_hash_fn():
    values = np.array([-3, 0, 5, 2**62], dtype=np.int64)
    assert _fast.hash64_many(values).tolist() == [hash64(int(v)) for v in values]
    assert hash64(np.uint32(9)) == hash64(9)
    keys = ["a", "b", 7]  # mixed kinds and another hash function: the plain loop
    assert _fast.hash64_many(keys, sh.md5_hash64).tolist() == [sh.md5_hash64(k) for k in keys]
    with pytest.raises(TypeError):
        _fast.hash64_many(np.array([True, False]))


@given(st.lists(UINT64, max_size=20), st.integers(1, 5_000))
def test_jump_hash_many_equals_jump_hash(keys, buckets):
    assert _fast.jump_hash_many(np.array(keys, dtype=np.uint64), buckets).tolist() == [
        jump_hash(k, buckets) for k in keys]


@given(st.lists(UINT64, max_size=20), st.integers(1, 5_000))
def test_jump_hash_many_takes_a_plain_list_of_ints_too(keys, buckets):
    assert _fast.jump_hash_many(keys, buckets).tolist() == [jump_hash(k, buckets) for k in keys]


@pytest.mark.parametrize("keys, error", [
    (np.array([-1]), ValueError), ([3, -1], ValueError), ([2**64], ValueError),
    (np.array([1.5]), TypeError), ([1.5], TypeError), ([True], TypeError),
    (np.array([True]), TypeError), (["a"], TypeError),
])
def test_jump_hash_many_refuses_what_jump_hash_refuses(keys, error):
    # A cast would truncate 1.5 to 1 and wrap -1 to 2**64 - 1, answering for another key.
    with pytest.raises(error):
        _fast.jump_hash_many(keys, 8)


@given(st.lists(UINT64, max_size=20), st.integers(1, 5_000))
def test_jump_hash_many_counts_the_same_steps_as_jump_hash_steps(keys, buckets):
    buckets_many, steps = _fast.jump_hash_many(np.array(keys, dtype=np.uint64), buckets,
                                               steps=True)
    assert list(zip(buckets_many.tolist(), steps.tolist(), strict=True)) == [
        jump_hash_steps(k, buckets) for k in keys]


@given(st.lists(UINT64, min_size=1, max_size=10), st.lists(st.floats(0.01, 100), min_size=1,
                                                           max_size=5))
def test_weighted_score_many_equals_weighted_score(scores, weights):
    matrix = np.array([[s] * len(weights) for s in scores], dtype=np.uint64)
    bulk = _fast.weighted_score_many(matrix, np.array(weights))
    expected = [[weighted_score(s, w) for w in weights] for s in scores]
    assert np.allclose(bulk, expected, rtol=1e-12)
    assert np.all(np.isfinite(bulk)) and np.all(bulk > 0)


@given(st.lists(UINT64, min_size=1, max_size=30, unique=True), st.lists(UINT64, max_size=30))
def test_clockwise_slot_many_equals_clockwise_slot(points, hashes):
    positions = sorted(points)
    bulk = _fast.clockwise_slot_many(np.array(positions, dtype=np.uint64),
                                     np.array(hashes, dtype=np.uint64))
    assert bulk.tolist() == [clockwise_slot(positions, h) for h in hashes]


def test_clockwise_slot_at_the_edges():
    positions = [10, 20, 30]
    for h, slot in [(0, 0), (9, 0), (10, 1), (29, 2), (30, 0), (2**64 - 1, 0)]:
        assert clockwise_slot(positions, h) == slot
        assert _fast.clockwise_slot_many(np.array(positions, dtype=np.uint64),
                                         np.array([h], dtype=np.uint64)).tolist() == [slot]


@given(st.lists(UINT64, max_size=10), st.lists(UINT64, min_size=1, max_size=6))
def test_score_many_equals_score(key_hashes, seeds):
    matrix = _fast.score_many(np.array(key_hashes, dtype=np.uint64),
                              np.array(seeds, dtype=np.uint64))
    assert matrix.shape == (len(key_hashes), len(seeds))
    assert matrix.tolist() == [[score(k, s) for s in seeds] for k in key_hashes]


def test_the_names_before_the_many_rule_still_work():
    assert sh.hash64_array is sh.hash64_many is _fast.hash64_many
    assert sh.jump_hash_array is sh.jump_hash_many is _fast.jump_hash_many
    assert sh.mix64_array is sh.mix64_many is _fast.mix64_many
    assert sh.hash64_array(["user:1"]).tolist() == [hash64("user:1")]


NODE_NAMES = st.one_of(st.text(max_size=8), st.integers(-10**6, 10**6))


@given(st.lists(st.tuples(NODE_NAMES, st.integers(0, 120)), max_size=6))
def test_vnode_hash64_many_equals_hashing_each_label(nodes_and_counts):
    nodes = [node for node, _ in nodes_and_counts]
    counts = [count for _, count in nodes_and_counts]
    expected = [hash64(f"{node}-{i}") for node, count in nodes_and_counts for i in range(count)]
    assert _fast.vnode_hash64_many(nodes, counts).tolist() == expected


def test_vnode_hash64_many_places_the_ring_as_its_labels_do():
    # Counts past 10, 100 and 1,000 change the number of digits in the labels.
    nodes, counts = ["a", "ü-€", 7, ("x", 1)], [1, 11, 101, 1_001]
    labels = [f"{n}-{i}" for n, c in zip(nodes, counts, strict=True) for i in range(c)]
    expected = _fast.hash64_many(labels)
    assert _fast.vnode_hash64_many(nodes, counts).tolist() == expected.tolist()
    with pytest.raises(ValueError):
        _fast.vnode_hash64_many(["a", "b"], [3])


@given(st.integers(1, 6), st.integers(1, 40), st.integers(1, 4), st.text(max_size=3))
def test_ring_ownership_many_equals_each_rings_ownership_to_the_bit(n, vnodes, rings, tag):
    names = [[f"{tag}r{r}-n{i}" for i in range(n)] for r in range(rings)]
    expected = np.array([sh.HashRing(nodes, vnodes=vnodes).ownership() for nodes in names])
    assert np.array_equal(_fast.ring_ownership_many(names, vnodes), expected)


def test_ring_ownership_many_checks_its_rings():
    assert _fast.ring_ownership_many([["only"]], 1).tolist() == [[1.0]]
    for rings in ([], [["a", "b"], ["c"]], [["a", "a"]]):
        with pytest.raises(ValueError):
            _fast.ring_ownership_many(rings, 3)
    with pytest.raises(ValueError):
        _fast.ring_ownership_many([["a"]], 0)
