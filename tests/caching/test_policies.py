"""Eviction policies and simulate(): hand-checked traces, properties, production cross-checks."""

from __future__ import annotations

import random

import cachetools
import libcachesim
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sysdesign.caching import (
    BELADY_TRACE,
    FIFO,
    LFU,
    LIFO,
    LRU,
    MRU,
    POLICIES,
    Policy,
    Random,
    faults,
    hits_per_request,
    replay,
    simulate,
    uniform_trace,
    zipf_trace,
)

ALL = list(POLICIES.values())
traces = st.lists(st.integers(0, 12), min_size=1, max_size=120)
capacities = st.integers(1, 10)


# --- hand-checked behaviour of each policy --------------------------------------------------

@pytest.mark.parametrize("cls, victim", [(FIFO, "a"), (LIFO, "c"), (LRU, "b"), (MRU, "a"),
                                         (LFU, "b")])
def test_each_policy_evicts_the_key_its_rule_names(cls, victim):
    # a b c fill 3 slots; a is used again (and c twice, for LFU); then d forces an eviction.
    cache = cls(3, record_events=True)
    for key in ["a", "b", "c", "c", "a", "d"]:
        cache.access(key)
    assert cache.events[-1].victim == victim
    assert victim not in cache and "d" in cache
    assert (cache.hits, cache.misses, cache.evictions) == (2, 4, 1)


def test_lfu_breaks_ties_by_least_recent_use():
    cache = LFU(2)
    for key in ["a", "b", "b", "a", "c"]:  # a and b both used twice; a more recently
        cache.access(key)
    assert set(cache.contents()) == {"a", "c"}


def test_lfu_forgets_counts_on_eviction():
    cache = LFU(1)
    for key in ["a", "a", "a", "b", "a"]:
        cache.access(key)
    assert (cache.hits, cache.misses) == (2, 3)  # a's count died with its eviction


def test_random_is_reproducible_and_seed_dependent():
    trace = uniform_trace(2_000, 50, seed=3)
    runs = {seed: simulate("random", trace, 10, seed=seed).hits for seed in range(5)}
    assert simulate("random", trace, 10, seed=2).hits == runs[2]
    assert len(set(runs.values())) > 1


def test_contents_lists_next_victim_first():
    for cls in (FIFO, LRU, LIFO, MRU, LFU):
        cache = cls(3, record_events=True)
        for key in [1, 2, 3, 1, 4]:
            cache.access(key)
        before = cache.contents()
        cache.access(99)
        assert cache.events[-1].victim == before[0], cls.__name__


def test_numpy_and_python_integers_are_the_same_key():
    cache = LRU(2)
    cache.access(np.int64(5))
    assert cache.access(5) and cache.access(np.int32(5))


# --- properties -----------------------------------------------------------------------------

@settings(max_examples=100, deadline=None)
@given(trace=traces, capacity=capacities, cls=st.sampled_from(ALL), seed=st.integers(0, 9))
def test_size_never_exceeds_capacity_and_counters_add_up(trace, capacity, cls, seed):
    cache = cls(capacity, seed=seed)
    for key in trace:
        cache.access(key)
        assert len(cache) == len(cache.contents()) <= capacity
    assert cache.hits + cache.misses == len(trace)
    assert cache.misses - cache.evictions == len(cache) == min(len(set(trace)), capacity)


@settings(max_examples=150, deadline=None)
@given(trace=traces, capacity=capacities, cls=st.sampled_from(ALL), seed=st.integers(0, 9))
def test_fast_loops_equal_the_classes(trace, capacity, cls, seed):
    # simulate() runs the tight loops of caching/_fast.py; replay() the classes the
    # learner reads in policies.py. Notebook 06 points here.
    assert simulate(cls.name, trace, capacity, seed=seed) == replay(cls(capacity, seed=seed),
                                                                    trace)


@settings(max_examples=60, deadline=None)
@given(trace=traces, capacity=capacities, cls=st.sampled_from(ALL), seed=st.integers(0, 9))
def test_fast_loops_agree_with_the_classes_request_for_request(trace, capacity, cls, seed):
    cache = cls(capacity, seed=seed)
    for length, key in enumerate(trace, start=1):
        hit = cache.access(key)
        fast = simulate(cls.name, trace[:length], capacity, seed=seed)
        assert (fast.hits, fast.evictions) == (cache.hits, cache.evictions), (length, hit)


@settings(max_examples=100, deadline=None)
@given(trace=traces, capacity=capacities)
def test_lru_hit_ratio_never_falls_as_capacity_grows(trace, capacity):
    assert simulate("lru", trace, capacity + 1).hits >= simulate("lru", trace, capacity).hits


@settings(max_examples=100, deadline=None)
@given(trace=traces, capacity=capacities)
def test_lru_inclusion_property(trace, capacity):
    small, big = LRU(capacity), LRU(capacity + 1)
    for key in trace:
        small.access(key)
        big.access(key)
        assert set(small.contents()) <= set(big.contents())


def test_fast_loops_equal_the_classes_on_long_skewed_traces():
    trace = zipf_trace(20_000, 2_000, 0.8, seed=1)
    for cls in ALL:
        for capacity in (1, 64, 500):
            assert simulate(cls, trace, capacity, seed=4) == replay(cls(capacity, seed=4), trace)


# --- Belady's anomaly -----------------------------------------------------------------------

def test_belady_anomaly_fifo_faults_more_with_more_slots():
    assert faults("fifo", BELADY_TRACE, [3, 4]) == [9, 10]


def test_lru_has_no_belady_anomaly_on_the_classic_trace():
    lru = faults("lru", BELADY_TRACE, range(1, 6))
    assert lru == sorted(lru, reverse=True) and lru[2] == 10 and lru[3] == 8


# --- cross-checks against production libraries ----------------------------------------------

def _cachetools_hits(cache, trace) -> int:
    hits = 0
    for key in trace.tolist():
        try:
            cache[key]
            hits += 1
        except KeyError:
            cache[key] = None
    return hits


def _libcachesim_hits(cache, trace) -> int:
    hits = 0
    for time, key in enumerate(trace.tolist()):
        hits += cache.get(libcachesim.Request(obj_size=1, obj_id=key, clock_time=time))
    return hits


CROSS = [("lru", cachetools.LRUCache, libcachesim.LRU),
         ("fifo", cachetools.FIFOCache, libcachesim.FIFO),
         ("lfu", cachetools.LFUCache, libcachesim.LFU)]


@pytest.mark.parametrize("name, ct_cls, lcs_cls", CROSS, ids=[c[0] for c in CROSS])
@pytest.mark.parametrize("seed", [0, 1])
def test_hit_counts_equal_cachetools_and_libcachesim(name, ct_cls, lcs_cls, seed):
    for trace in (zipf_trace(4_000, 400, 0.9, seed=seed), uniform_trace(4_000, 120, seed=seed)):
        for capacity in (1, 10, 60, 200):
            ours = simulate(name, trace, capacity).hits
            assert ours == _cachetools_hits(ct_cls(capacity), trace)
            assert ours == _libcachesim_hits(lcs_cls(cache_size=capacity), trace)


def test_random_matches_the_analytic_hit_ratio_on_uniform_traffic():
    # Independent uniform requests over N keys: any policy that does not look at
    # keys holds a random c of them, so the steady-state hit ratio is c / N.
    trace = uniform_trace(60_000, 200, seed=5)
    for policy in ("random", "fifo", "lru"):
        assert simulate(policy, trace, 50).hit_ratio == pytest.approx(0.25, abs=0.01)


# --- input validation and the remaining API -------------------------------------------------

def test_simulate_accepts_numpy_integer_capacity_and_any_hashable_keys():
    result = simulate("lru", ["x", ("t", 1), "x", 3.5], np.int64(2))
    assert (result.hits, result.misses, result.capacity) == (1, 3, 2)
    assert result.hit_ratio == 0.25 and result.miss_ratio == 0.75


def test_bad_input_is_explained():
    with pytest.raises(ValueError, match="allowed: fifo, lifo, lru, mru, lfu, random"):
        simulate("arc", [1], 2)
    with pytest.raises(ValueError, match="capacity"):
        simulate("lru", [1], 0)
    with pytest.raises(TypeError, match="capacity"):
        simulate("lru", [1], 2.5)
    with pytest.raises(TypeError, match="policy"):
        simulate(42, [1], 2)
    with pytest.raises(ValueError, match="empty"):
        simulate("lru", [], 2)
    with pytest.raises(TypeError, match="trace"):
        simulate("lru", 5, 2)
    with pytest.raises(TypeError, match="Policy"):
        replay("lru", [1])


def test_a_user_defined_policy_class_runs_through_its_methods():
    class Oldest(FIFO):
        name = "oldest"

    trace = zipf_trace(3_000, 200, 1.0, seed=2)
    assert simulate(Oldest, trace, 20).hits == simulate("fifo", trace, 20).hits
    assert simulate(Oldest, trace, 20).policy == "oldest"
    assert issubclass(Oldest, Policy) and Random.name == "random"


def test_hits_per_request_matches_the_counts():
    trace = zipf_trace(2_000, 100, 1.0, seed=0)
    flags = hits_per_request("lfu", trace, 10)
    assert flags.dtype == bool and flags.sum() == simulate("lfu", trace, 10).hits


@settings(max_examples=60, deadline=None)
@given(trace=traces, capacity=capacities)
def test_lru_hits_per_request_equal_the_class(trace, capacity):
    cache = LRU(capacity)
    assert hits_per_request("lru", trace, capacity).tolist() == [cache.access(k) for k in trace]


# --- what the notebook's policy figures say -----------------------------------------------------

def test_lifo_freezes_its_first_keys():
    # Once full, LIFO only ever evicts the key that came in last, so the first
    # capacity - 1 distinct keys stay for good.
    trace = zipf_trace(5_000, 300, 1.0, seed=6)
    cache = LIFO(20)
    for key in trace.tolist():
        cache.access(key)
    first = list(dict.fromkeys(trace.tolist()))[:19]
    assert set(first) <= set(cache.contents())


def test_independent_draws_fifo_equals_random_and_lifo_beats_lru_at_most_sizes():
    from sysdesign.caching import experiments

    result = experiments.policy()  # the figure the notebook draws, Zipf α = 1.0
    curves, sizes = result["curves"], result["sizes"]
    # FIFO and Random coincide (Gelenbe, 1973): within two points at every size.
    assert np.max(np.abs(curves["fifo"] - curves["random"])) < 0.02
    # No recency in the trace: LIFO's frozen early (mostly popular) keys beat LRU's
    # churning set at more sizes than not; LFU, which counts popularity, leads; MRU trails.
    assert np.sum(curves["lifo"] > curves["lru"]) > len(sizes) / 2
    assert np.all(curves["lfu"][:-1] >= np.max([curves[p][:-1] for p in curves], axis=0))
    assert np.all(curves["mru"][:-1] <= np.min([curves[p][:-1] for p in curves], axis=0))


def test_with_temporal_locality_recency_wins_and_counting_loses():
    from sysdesign.caching import experiments

    result = experiments.policy("locality")
    curves, sizes = result["curves"], result["sizes"]
    middle = slice(1, -1)  # the smallest and the all-keys sizes aside
    assert np.all(curves["lru"][middle] >= curves["fifo"][middle])
    assert np.all(curves["fifo"][middle] > curves["random"][middle])
    up_to_a_hundred = sizes <= 110
    for loser in ("lfu", "lifo", "mru"):
        assert np.all(curves["random"][middle] > curves[loser][middle] + 0.05), loser
        # Notebook 06: "up to a hundred slots they hit less than half as often as LRU".
        assert np.all(curves[loser][up_to_a_hundred] < curves["lru"][up_to_a_hundred] / 2)


@settings(max_examples=60, deadline=None)
@given(trace=traces, capacity=capacities, cls=st.sampled_from(ALL), seed=st.integers(0, 9),
       data=st.data())
def test_warmup_counts_only_the_requests_after_it(trace, capacity, cls, seed, data):
    warmup = data.draw(st.integers(0, len(trace) - 1))
    cache = cls(capacity, seed=seed)
    for key in trace[:warmup]:
        cache.access(key)
    hits = sum(cache.access(key) for key in trace[warmup:])
    result = simulate(cls.name, trace, capacity, seed=seed, warmup=warmup)
    assert (result.requests, result.hits) == (len(trace) - warmup, hits)


@settings(max_examples=100, deadline=None)
@given(trace=traces, capacity=capacities)
def test_lfu_hits_per_request_from_the_tight_loop_equal_the_class(trace, capacity):
    cache = LFU(capacity)
    assert hits_per_request("lfu", trace, capacity).tolist() == [cache.access(k) for k in trace]


@pytest.mark.parametrize("seed", [0, 1, 7, 2**31, 12_345_678_901_234])
def test_numpy_draws_the_numbers_of_pythons_random(seed):
    # hit_ratio_curves draws Random's victims beforehand with numpy (_fast.seeded_uniforms).
    from sysdesign.caching import _fast

    rng = random.Random(seed)
    assert _fast.seeded_uniforms(seed, 3_000).tolist() == [rng.random() for _ in range(3_000)]
