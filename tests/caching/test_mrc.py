"""LRU miss-ratio curves from stack distances: equal to simulating every size."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sysdesign.caching import (
    COLD,
    _fast,
    hit_ratio_ceiling,
    lru_miss_ratio_curve,
    simulate,
    size_for_hit_ratio,
    stack_distances,
    stack_distances_simple,
    zipf_trace,
)

traces = st.lists(st.integers(0, 40), min_size=1, max_size=300)


def test_stack_distance_by_hand():
    # a b c b a: b's reuse has c above it (distance 2); a's has b, c above it (3).
    assert stack_distances_simple("abcba") == [COLD, COLD, COLD, 2, 3]
    assert stack_distances("abcba").tolist() == [0, 0, 0, 2, 3]
    assert stack_distances("aaa").tolist() == [0, 1, 1]


@settings(max_examples=200, deadline=None)
@given(trace=traces)
def test_vectorised_equals_the_readable_stack(trace):
    assert stack_distances(trace).tolist() == stack_distances_simple(trace)
    assert stack_distances(np.array(trace)).tolist() == stack_distances_simple(trace)


@settings(max_examples=100, deadline=None)
@given(values=st.lists(st.integers(0, 10_000), min_size=0, max_size=300, unique=True))
def test_later_smaller_counts_is_a_per_element_inversion_count(values):
    brute = [sum(later < v for later in values[i + 1:]) for i, v in enumerate(values)]
    assert _fast.later_smaller_counts(np.array(values, dtype=np.int64)).tolist() == brute


@settings(max_examples=100, deadline=None)
@given(trace=traces, sizes=st.lists(st.integers(1, 50), min_size=1, max_size=8))
def test_curve_equals_per_size_simulation_exactly(trace, sizes):
    curve = lru_miss_ratio_curve(trace, sizes)
    assert curve.tolist() == [simulate("lru", trace, s).miss_ratio for s in sizes]


def test_curve_on_a_long_zipf_trace_and_across_run_boundaries():
    trace = zipf_trace(30_000, 3_000, 1.0, seed=7)  # not a power of two long
    sizes = [1, 3, 31, 32, 33, 100, 1_000, 2_999, 5_000]
    assert lru_miss_ratio_curve(trace, np.array(sizes)).tolist() == [
        simulate("lru", trace, s).miss_ratio for s in sizes]


def test_curve_keeps_the_order_of_sizes_and_never_rises():
    trace = zipf_trace(5_000, 500, 0.8, seed=1)
    curve = lru_miss_ratio_curve(trace, [200, 10, 50])
    assert curve[1] > curve[2] > curve[0]
    full = lru_miss_ratio_curve(trace, range(1, 600))
    assert np.all(np.diff(full) <= 0)
    assert full[-1] == len(np.unique(trace)) / len(trace)  # only cold misses remain


def test_string_and_mixed_keys_work():
    trace = ["x", 1, "x", (2, 3), 1]
    assert stack_distances(trace).tolist() == stack_distances_simple(trace) == [0, 0, 2, 0, 3]


def test_bad_sizes_are_explained():
    with pytest.raises(ValueError, match="sizes"):
        lru_miss_ratio_curve([1, 2], [0, 3])
    with pytest.raises(ValueError, match="sizes"):
        lru_miss_ratio_curve([1, 2], [])
    with pytest.raises(TypeError, match="sizes"):
        lru_miss_ratio_curve([1, 2], [1.5])
    with pytest.raises(ValueError, match="empty"):
        lru_miss_ratio_curve(np.array([], dtype=int), [1])


# --- compulsory misses and warm-up ------------------------------------------------------------

def test_ceiling_is_one_minus_first_requests_and_no_size_passes_it():
    trace = zipf_trace(20_000, 3_000, 1.0, seed=5)
    distinct = len(np.unique(trace))
    assert hit_ratio_ceiling(trace) == 1 - distinct / len(trace)
    assert 1 - lru_miss_ratio_curve(trace, [10**6])[0] == pytest.approx(hit_ratio_ceiling(trace))
    assert size_for_hit_ratio(trace, hit_ratio_ceiling(trace) + 0.001) is None


@settings(max_examples=60, deadline=None)
@given(trace=traces, sizes=st.lists(st.integers(1, 50), min_size=1, max_size=5),
       data=st.data())
def test_warm_curve_equals_simulation_after_the_warmup(trace, sizes, data):
    warmup = data.draw(st.integers(0, len(trace) - 1))
    curve = lru_miss_ratio_curve(trace, sizes, warmup=warmup)
    assert curve.tolist() == [simulate("lru", trace, s, warmup=warmup).miss_ratio
                              for s in sizes]


def test_the_notebooks_sizing_target_sits_under_the_cold_ceiling():
    # 100,000 Zipf(1.0) requests over 10,000 keys touch only part of the keys: the
    # first request of each one misses, so a cold count cannot pass 1 - distinct/N.
    trace = zipf_trace(100_000, 10_000, 1.0, seed=3)
    cold_ceiling = 1 - len(np.unique(trace)) / len(trace)
    warm_ceiling = hit_ratio_ceiling(trace, warmup=50_000)
    assert 0.9 < cold_ceiling < 0.92 < warm_ceiling  # 90 % sits just under the cold one
    cold, warm = size_for_hit_ratio(trace, 0.9), size_for_hit_ratio(trace, 0.9, warmup=50_000)
    assert warm < cold < len(np.unique(trace))
    # Once warm, a cache sized for 90 % gets what theory predicts for the steady state.
    from sysdesign.caching import che_lru_hit_ratio, zipf_probabilities

    steady = che_lru_hit_ratio(zipf_probabilities(10_000, 1.0), [warm])[0]
    assert steady == pytest.approx(0.9, abs=0.01)


def test_warmup_must_leave_requests_to_count():
    with pytest.raises(ValueError, match="warmup"):
        lru_miss_ratio_curve([1, 2, 3], [1], warmup=3)
    with pytest.raises(ValueError, match="warmup"):
        simulate("fifo", [1, 2, 3], 1, warmup=-1)


@settings(max_examples=40, deadline=None)
@given(trace=st.lists(st.integers(0, 15), min_size=1, max_size=150),
       sizes=st.lists(st.integers(1, 20), min_size=1, max_size=5))
def test_every_policys_curve_equals_simulating_each_size(trace, sizes):
    # hit_ratio_curves skips sizes with room for every distinct key (nothing is evicted,
    # only first requests miss); the answer must be what a simulation gives.
    from sysdesign.caching import POLICIES, hit_ratio_curves, simulate

    curves = hit_ratio_curves(trace, sizes, seed=3)
    for name in POLICIES:
        assert curves[name].tolist() == pytest.approx(
            [simulate(name, trace, s, seed=3).hit_ratio for s in sizes]), name


@settings(max_examples=150, deadline=None)
@given(trace=st.lists(st.integers(-3, 25), min_size=1, max_size=200),
       sizes=st.lists(st.integers(1, 30), min_size=1, max_size=6), seed=st.integers(0, 9),
       as_array=st.booleans())
def test_fast_curves_equal_replaying_the_classes_at_each_size(trace, sizes, seed, as_array):
    # The curves run _fast.hits_at_sizes on dense codes (numpy's or a dictionary's
    # numbering; LIFO vectorised, no loop): every size must give the readable class's count.
    from sysdesign.caching import POLICIES, hit_ratio_curves, replay

    curves = hit_ratio_curves(np.array(trace) if as_array else trace, sizes, seed=seed)
    for name, cls in POLICIES.items():
        expected = [replay(cls(s, seed=seed), trace).hits for s in sizes]
        assert np.rint(curves[name] * len(trace)).astype(int).tolist() == expected, name


@settings(max_examples=100, deadline=None)
@given(trace=st.lists(st.one_of(st.integers(-5, 30), st.sampled_from("abc")), min_size=1,
                      max_size=100))
def test_dense_codes_number_keys_in_order_of_first_request(trace):
    codes = _fast.dense_codes(trace).tolist()
    first = list(dict.fromkeys(trace))
    assert codes == [first.index(key) for key in trace]
    if all(isinstance(key, int) for key in trace):
        assert _fast.dense_codes(np.array(trace)).tolist() == codes


@pytest.mark.parametrize("m", [15, 16, 17, 33, 511, 513, 1_000, 4_095, 4_097])
def test_later_smaller_counts_across_padding_boundaries(m):
    # Each merge pass pads the runs only to a whole number of pairs: sizes around powers
    # of two exercise every way the padding can fall.
    import bisect

    values = np.random.default_rng(m).permutation(3 * m)[:m]
    seen: list = []
    expected = []
    for v in values[::-1].tolist():  # count the smaller values already seen from the right
        expected.append(bisect.bisect_left(seen, v))
        bisect.insort(seen, v)
    assert _fast.later_smaller_counts(values).tolist() == expected[::-1]
