"""HDR-style histogram, fan-out tail probability and hedged requests."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sysdesign.performance import (
    LogLinearHistogram,
    _fast,
    backend_latencies,
    experiments,
    fanout,
    fanout_slow_probability,
    hedged,
    nearest_rank,
)

values = st.lists(st.integers(0, 10**9), min_size=1, max_size=300)


@given(data=values, p=st.floats(0, 100), digits=st.integers(1, 3))
def test_histogram_percentile_within_relative_error_of_exact(data, p, digits):
    h = LogLinearHistogram(digits)
    for v in data:
        h.record(v)
    exact = nearest_rank(data, p)
    got = h.value_at_percentile(p)
    assert exact <= got <= exact * (1 + 10**-digits) + 1  # never below, at most 10^-d above


@given(a=values, b=values)
def test_merging_histograms_equals_recording_everything_in_one(a, b):
    ha, hb, both = LogLinearHistogram(2), LogLinearHistogram(2), LogLinearHistogram(2)
    for v in a:
        ha.record(v)
        both.record(v)
    for v in b:
        hb.record(v)
        both.record(v)
    merged = ha.merge(hb)
    assert merged.count == both.count and merged.counts == both.counts


def test_histogram_is_small_and_exact_for_small_values():
    h = LogLinearHistogram(2)
    for v in range(256):
        assert h.highest_equivalent(v) == v
    for v in range(0, 10**7, 997):
        h.record(v)
    assert h.buckets < 2000  # 10,000 distinct values in a few hundred buckets


def test_nearest_rank_matches_numpy_inverted_cdf():
    data = np.random.default_rng(0).exponential(1, 999)
    for p in (1, 50, 90, 99, 99.9, 100):
        assert nearest_rank(data, p) == np.percentile(data, p, method="inverted_cdf")


def test_tail_at_scale_numbers_of_dean_and_barroso():
    # "The Tail at Scale", CACM 2013: 1 in 100 slow, fan-out 100 -> 63 % of requests slow
    assert fanout_slow_probability(100, 0.01) == pytest.approx(1 - 0.99**100)
    assert round(fanout_slow_probability(100, 0.01), 2) == 0.63
    assert fanout_slow_probability(1, 0.01) == pytest.approx(0.01)


@given(n=st.integers(1, 500), p=st.floats(0, 1))
def test_fanout_probability_is_monotone_in_n(n, p):
    assert fanout_slow_probability(n, p) <= fanout_slow_probability(n + 1, p) + 1e-15


def test_simulated_fanout_agrees_with_the_formula():
    run = fanout(4_000, 100, seed=3)
    assert run["met_slow"] == pytest.approx(fanout_slow_probability(100, 0.01), abs=0.03)


def test_hedging_cuts_the_tail_for_about_five_percent_more_calls():
    plain = fanout(2_000, 100, seed=1)
    hedge = fanout(2_000, 100, hedge_percentile=95, seed=1)
    assert hedge["extra_load"] == pytest.approx(0.05, abs=0.01)
    assert np.percentile(hedge["latency"], 99) < 0.5 * np.percentile(plain["latency"], 99)
    assert np.all(hedge["latency"] <= plain["latency"] + 1e-12)  # same first calls


def test_fanout_median_is_slower_than_one_backends_p99_and_hedging_leaves_double_misses():
    # the notebook's two readings of the fan-out figure: without hedging the request median
    # is above one backend's p99; with hedging a request stays slow only when some backend
    # call and its copy are both slow, about 1 - (1 - p^2)^N of requests
    for seed in (0, 1):
        plain = fanout(2_000, 100, seed=seed)
        assert np.median(plain["latency"]) > np.percentile(backend_latencies(100_000,
                                                                              seed=seed), 99)
        hedge = fanout(2_000, 100, hedge_percentile=95, seed=seed)
        assert (hedge["latency"] > 100).mean() == pytest.approx(1 - (1 - 0.01**2) ** 100,
                                                                abs=0.005)


@given(st.lists(st.tuples(st.floats(0, 100), st.floats(0, 100)), min_size=1, max_size=50),
       st.floats(0, 100))
def test_hedged_is_never_slower_and_counts_what_it_sends(pairs, after):
    first, second = (np.array(x) for x in zip(*pairs, strict=True))
    lat, extra = hedged(first, second, after)
    assert np.all(lat <= first)
    assert extra == pytest.approx((first > after).mean())
    assert np.all(lat[first <= after] == first[first <= after])


def test_averaging_p99s_is_not_the_fleet_p99():
    r = experiments.merged_p99()
    assert r["merged_p99_ms"] == pytest.approx(r["exact_p99_ms"], rel=0.01)
    assert abs(r["mean_of_p99s_ms"] - r["exact_p99_ms"]) > 0.2 * r["exact_p99_ms"]


def test_means_lie_on_a_tailed_distribution():
    s = experiments.means_lie()
    assert s["p50"] < s["mean"] < s["p99"]


def test_bad_input():
    filled = LogLinearHistogram()
    filled.record(1)
    with pytest.raises(ValueError, match="percentile"):
        filled.value_at_percentile(101)  # a histogram with values: the percentile is checked
    with pytest.raises(ValueError, match="empty"):
        LogLinearHistogram().value_at_percentile(50)
    with pytest.raises(ValueError, match="p_slow"):
        fanout_slow_probability(10, 1.5)
    with pytest.raises(ValueError, match="value"):
        LogLinearHistogram().record(-1)
    assert math.isclose(fanout_slow_probability(3, 0), 0)


@settings(max_examples=200, deadline=None)
@given(data=st.lists(st.integers(0, 2**53 - 1) | st.integers(0, 300), max_size=300),
       digits=st.integers(1, 5), dtype=st.sampled_from([np.int64, np.uint64, np.int32]))
def test_fast_histogram_equals_recording_one_by_one(data, digits, dtype):
    # merged_p99() counts buckets with performance/_fast.py; the notebook's cell records
    # each value with LogLinearHistogram.record: the same buckets and counts.
    values = np.array(data, dtype=dtype if max(data, default=0) < 2**31 else np.int64)
    loop = LogLinearHistogram(digits)
    for v in values:
        loop.record(v)
    fast = _fast.histogram(values, digits)
    assert fast.counts == loop.counts and fast.count == loop.count


@pytest.mark.parametrize("values", [[1.5], [-1], np.array([True]), [2**60, 3], [[1, 2]]])
def test_fast_histogram_falls_back_to_the_loop_on_other_input(values):
    loop = LogLinearHistogram(2)
    try:
        for v in values:
            loop.record(v)
    except (TypeError, ValueError) as error:
        with pytest.raises(type(error), match="value"):
            _fast.histogram(values, 2)
    else:
        fast = _fast.histogram(values, 2)
        assert fast.counts == loop.counts and fast.count == loop.count


def test_record_checks_its_input_as_before():
    h = LogLinearHistogram(2)
    h.record(np.int64(5), np.int64(2))  # numpy integers are welcome
    h.record(5)
    assert h.count == 3 and h.counts[h._bucket(5)] == 3
    for bad, kind in ((True, TypeError), (1.5, TypeError), (-1, ValueError)):
        with pytest.raises(kind, match="value must be an integer"):
            h.record(bad)
    for bad, kind in ((0, ValueError), (2.0, TypeError), (False, TypeError)):
        with pytest.raises(kind, match="times must be an integer"):
            h.record(5, bad)
    assert h.count == 3 and h.buckets == 1  # a refused call records nothing
