"""The TTL cache and its closed forms (Jung, Berger and Balakrishnan 2003)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sysdesign.core.workloads import poisson_arrivals, zipf_probabilities, zipf_trace
from sysdesign.dns import experiments
from sysdesign.dns.cache import (
    TTLCache,
    cold_start_hit_ratio,
    ttl_hit_ratio,
    zipf_hit_ratio,
)


def test_an_entry_lives_exactly_its_ttl():
    cache = TTLCache()
    cache.put("a", 1, ttl=10, now=5)
    assert cache.get("a", 14.999).value == 1
    assert cache.get("a", 15) is None
    assert (cache.hits, cache.misses, cache.expired) == (1, 1, 1)


def test_ttl_zero_is_never_cached_and_max_ttl_caps():
    cache = TTLCache(max_ttl=60)
    cache.put("zero", 1, ttl=0, now=0)
    assert cache.get("zero", 0) is None
    cache.put("long", 1, ttl=86_400, now=0)
    assert cache.remaining("long", 0) == 60


def test_negative_entries_only_with_negative_caching():
    on, off = TTLCache(), TTLCache(negative=False)
    for cache in (on, off):
        cache.put("gone", "NXDOMAIN", ttl=300, now=0, negative=True)
    assert on.get("gone", 1).negative and off.get("gone", 1) is None


def test_bad_input_names_the_parameter():
    with pytest.raises(ValueError, match="ttl must be a number >= 0"):
        TTLCache().put("a", 1, ttl=-1, now=0)
    with pytest.raises(TypeError, match="rate must be a number"):
        ttl_hit_ratio("fast", 1)
    with pytest.raises(ValueError, match="ttl must be at least"):
        cold_start_hit_ratio([1.0], 1.0, 0.001, 3600)
    for bad in ([], [-0.5, 1.5], [0.5, 0.6], [[0.5, 0.5]]):
        with pytest.raises(ValueError, match="probabilities must be"):
            zipf_hit_ratio(bad, 1.0, 10.0)
        with pytest.raises(ValueError, match="probabilities must be"):
            cold_start_hit_ratio(bad, 1.0, 10.0, 100.0)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from("abc"), st.floats(0, 50), st.floats(0, 5)),
                max_size=60))
def test_never_served_after_expiry_and_counts_add_up(operations):
    """Invariants: a hit is always before stored + TTL; hits + misses = lookups."""
    cache, now, stored = TTLCache(), 0.0, {}
    for key, ttl, step in operations:
        now += step
        entry = cache.get(key, now)
        if entry is None:
            cache.put(key, now, ttl, now)
            if ttl > 0:
                stored[key] = (now, ttl)
        else:
            born, life = stored[key]
            assert born <= now < born + life and entry.expires == born + life
    assert cache.hits + cache.misses == cache.lookups == len(operations)


@pytest.mark.parametrize("load", [0.2, 1.0, 4.0, 20.0])
def test_one_name_matches_lambda_t_over_one_plus_lambda_t(load):
    run = experiments.single_name(load / 60, 60, duration_s=4000 * (60 + 60 / load), seed=3)
    assert run["measured"] == pytest.approx(load / (1 + load), abs=0.01)
    assert run["λT/(1+λT)"] == pytest.approx(load / (1 + load))


def test_a_wrong_formula_would_be_caught():
    """The naive 'one miss per TTL window' (miss ratio 1/λT) is far from the simulation."""
    run = experiments.single_name(2 / 60, 60, duration_s=4000 * 90, seed=1)
    assert abs(run["measured"] - (1 - 1 / 2)) > 0.1


def _simulate_cold(p, rate, ttl, duration, seed):
    times = poisson_arrivals(rate, duration, seed=seed)
    keys = zipf_trace(max(1, len(times)), len(p), 1.0, seed=seed + 1)[:len(times)]
    cache = TTLCache()
    for t, k in zip(times, keys, strict=True):
        if cache.get(int(k), t) is None:
            cache.put(int(k), 1, ttl, t)
    return cache.hits, cache.lookups


@pytest.mark.parametrize("ttl", [20.0, 300.0, 3600.0])
def test_cold_start_formula_matches_many_seeded_runs(ttl):
    p = zipf_probabilities(50, 1.0)
    hits = lookups = 0
    for seed in range(20):
        h, n = _simulate_cold(p, 1.0, ttl, 600.0, seed * 10)
        hits, lookups = hits + h, lookups + n
    assert hits / lookups == pytest.approx(cold_start_hit_ratio(p, 1.0, ttl, 600.0), abs=0.01)


def test_cold_start_tends_to_the_steady_state_and_stays_below_it():
    p = zipf_probabilities(100, 0.8)
    steady = zipf_hit_ratio(p, 2.0, 30.0)
    short = cold_start_hit_ratio(p, 2.0, 30.0, 300.0)
    long = cold_start_hit_ratio(p, 2.0, 30.0, 6_000.0)
    assert short < long < steady + 1e-9 and long == pytest.approx(steady, abs=0.01)


def test_zipf_formula_is_the_weighted_single_name_formula():
    p = np.array([0.5, 0.3, 0.2])
    expected = sum(q * ttl_hit_ratio(3.0 * q, 10.0) for q in p)
    assert zipf_hit_ratio(p, 3.0, 10.0) == pytest.approx(expected)
