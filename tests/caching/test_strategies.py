"""Read/write strategies: results derived by hand on small traces, invariants, and the TTL
cache cross-checked against cachetools.TTLCache."""

from __future__ import annotations

import cachetools
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sysdesign.caching import (
    COMBINATIONS,
    EXTERNAL_WRITE,
    READ,
    READ_STRATEGIES,
    WRITE,
    WRITE_STRATEGIES,
    CacheAside,
    CachedDatabase,
    Invalidate,
    ReadStrategy,
    ReadThrough,
    ReadWriteTrace,
    WriteAround,
    WriteBack,
    WriteStrategy,
    WriteThrough,
    compare_strategies,
    read_write_trace,
    run_strategy,
    strategy_table,
)
from sysdesign.caching.strategies import replay_strategy


def ops(*pairs):
    keys, codes = zip(*pairs, strict=True)
    return ReadWriteTrace(np.array(keys), np.array(codes))


R, W, X = READ, WRITE, EXTERNAL_WRITE

small_traces = st.lists(st.tuples(st.integers(0, 6), st.sampled_from([R, R, W])),
                        min_size=1, max_size=80).map(lambda p: ops(*p))
mixed_traces = st.lists(st.tuples(st.integers(0, 6), st.sampled_from([R, R, W, X])),
                        min_size=1, max_size=80).map(lambda p: ops(*p))


def test_latencies_by_hand():
    trace = ops((1, R), (1, R), (1, W), (1, R))
    # A miss costs a cache and a database round trip whoever loads it; a hit one trip.
    aside = run_strategy(trace, read="cache-aside", write="invalidate", capacity=2)
    assert aside.latencies_ms.tolist() == [11.0, 1.0, 11.0, 11.0]  # write: DB + delete
    around = run_strategy(trace, read="cache-aside", write="write-around", capacity=2)
    assert around.latencies_ms.tolist() == [11.0, 1.0, 10.0, 1.0]  # write: DB only
    assert around.stale_reads == 1 and around.stale.tolist() == [False, False, False, True]
    through = run_strategy(trace, read="read-through", write="write-through", capacity=2)
    assert through.latencies_ms.tolist() == [11.0, 1.0, 11.0, 1.0]
    back = run_strategy(trace, read="read-through", write="write-back", capacity=2)
    assert back.latencies_ms.tolist() == [11.0, 1.0, 1.0, 1.0]
    assert (back.db_reads, back.db_writes, back.at_risk.tolist()) == (1, 0, [0, 0, 1, 1])
    assert back.lost_on_crash(3) == 1 and back.max_at_risk == 1
    assert through.mean_latency_ms == 6.0 and through.p99_latency_ms == 11.0


@settings(max_examples=60, deadline=None)
@given(trace=mixed_traces, capacity=st.integers(1, 8), ttl=st.sampled_from([None, 1, 3, 10]))
def test_cache_aside_and_read_through_cost_the_same(trace, capacity, ttl):
    # Same trips on a miss (one to the cache, one to the database): the two read
    # strategies differ in who owns the loading code, not in any number.
    for write in WRITE_STRATEGIES:
        aside, through = (run_strategy(trace, read=read, write=write, capacity=capacity, ttl=ttl)
                          for read in READ_STRATEGIES)
        assert aside.latencies_ms.tolist() == through.latencies_ms.tolist()
        assert (aside.read_hit.tolist(), aside.stale_reads, aside.db_reads, aside.db_writes) == (
            through.read_hit.tolist(), through.stale_reads, through.db_reads, through.db_writes)


def test_write_back_counts_acknowledged_writes_not_keys():
    trace = ops((1, W), (1, W), (1, W), (2, W), (3, R))
    back = run_strategy(trace, write="write-back", capacity=4, flush_interval=100)
    # Three writes to key 1 and one to key 2 were acknowledged: a crash loses all four,
    # though only two keys are dirty.
    assert back.at_risk.tolist() == [1, 2, 3, 4, 4]
    assert back.dirty_keys.tolist() == [1, 1, 1, 2, 2]
    assert back.lost_on_crash(4) == 4 and back.db_writes == 0


def test_write_back_coalesces_writes_and_flushes_on_schedule_and_eviction():
    trace = ops((1, W), (1, W), (1, W), (2, W), (3, W), (4, R))
    back = run_strategy(trace, write="write-back", capacity=2, flush_interval=3)
    # The flush after op 3 writes key 1 once (three writes coalesced); key 3
    # evicts clean key 1; key 4's read evicts dirty key 2 (written back); the
    # flush after op 6 writes key 3.
    assert back.at_risk.tolist() == [1, 2, 0, 1, 2, 0]
    assert back.db_writes == 3 and back.writes == 5


@settings(max_examples=80, deadline=None)
@given(trace=small_traces, capacity=st.integers(1, 8), read=st.sampled_from(READ_STRATEGIES))
def test_a_single_writer_reads_stale_data_only_with_write_around(trace, capacity, read):
    for write in ("invalidate", "write-through", "write-back"):
        result = run_strategy(trace, read=read, write=write, capacity=capacity, flush_interval=5)
        assert result.stale_reads == 0
        assert result.reads + result.writes == len(trace)
        assert result.read_hits + result.db_reads == result.reads
        assert result.db_writes <= result.writes
    # Write-around leaves a copy cached before the write in place: every read of a key
    # that still holds a copy older than the key's last write is stale.
    around = run_strategy(trace, read=read, write="write-around", capacity=capacity)
    assert around.stale_reads == sum(around.stale & around.read_hit)
    assert not np.any(around.stale & ~around.read_hit)  # the database is always current


def test_write_around_staleness_lasts_until_the_ttl_or_an_eviction():
    trace = ops((1, R), (1, W), (1, R), (1, R), (1, R), (1, R))
    assert run_strategy(trace, write="write-around", capacity=4).stale_reads == 4
    # With a TTL of 3 operations the entry stored at op 0 serves ops 1 and 2, then expires.
    assert run_strategy(trace, write="write-around", capacity=4, ttl=3).stale_reads == 1
    # An eviction does the same: key 2 pushes key 1 out of a one-slot cache.
    evicted = ops((1, R), (1, W), (2, R), (1, R))
    assert run_strategy(evicted, write="write-around", capacity=1).stale_reads == 0


@settings(max_examples=80, deadline=None)
@given(trace=small_traces, capacity=st.integers(1, 8))
def test_invalidate_first_read_after_a_write_always_misses(trace, capacity):
    result = run_strategy(trace, read="cache-aside", write="invalidate", capacity=capacity)
    last_op = {}
    for i, (key, op) in enumerate(zip(trace.keys.tolist(), trace.ops.tolist(), strict=True)):
        if op == READ and last_op.get(key) == WRITE:
            assert not result.read_hit[i]
        last_op[key] = op


@settings(max_examples=80, deadline=None)
@given(trace=small_traces)
def test_write_through_with_room_for_every_key_hits_every_read_after_a_write(trace):
    result = run_strategy(trace, write="write-through", capacity=7)
    written = set()
    for i, (key, op) in enumerate(zip(trace.keys.tolist(), trace.ops.tolist(), strict=True)):
        if op == READ and key in written:
            assert result.read_hit[i]
        written.add(key)


def test_write_back_with_flush_every_operation_never_holds_dirty_data():
    trace = read_write_trace(2_000, 50, read_ratio=0.5, seed=2)
    assert run_strategy(trace, write="write-back", flush_interval=1, capacity=20).max_at_risk == 0
    slow = run_strategy(trace, write="write-back", flush_interval=500, capacity=20)
    assert slow.max_at_risk > slow.dirty_keys.max() > 0 and slow.dirty_keys.max() <= 20


def test_a_second_writer_makes_stale_reads_and_a_ttl_bounds_them():
    trace = ops((1, R), (1, X), (1, R), (1, R))
    result = run_strategy(trace, write="write-through", capacity=4)
    assert result.stale_reads == 2  # the cache never hears about the external write
    assert run_strategy(trace, write="write-through", capacity=4, ttl=1).stale_reads == 0
    mixed = read_write_trace(5_000, 100, read_ratio=0.8, external_write_share=0.5, seed=0)
    forever = run_strategy(mixed, capacity=50).stale_reads
    assert forever > run_strategy(mixed, capacity=50, ttl=50).stale_reads > 0


def test_write_back_behind_another_writers_back_loses_its_update():
    # The other service writes version 2 to the database; write-back then flushes the
    # older dirty version 1 over it: the newer write is lost, and reads go stale.
    trace = ops((1, W), (1, X), (2, W), (1, R))
    back = run_strategy(trace, write="write-back", capacity=1, flush_interval=100)
    assert back.stale_reads == 1 and back.db_reads == 1


# --- the TTL cache, cross-checked against cachetools -------------------------------------------

def cachetools_hits(trace: ReadWriteTrace, write: str, capacity: int, ttl: int) -> list[bool]:
    """The same application on cachetools.TTLCache (an LRU with a TTL), clocked by the
    operation number: was each read a hit?"""
    clock = [0]
    cache = cachetools.TTLCache(maxsize=capacity, ttl=ttl, timer=lambda: clock[0])
    hits = []
    for now, (key, op) in enumerate(zip(trace.keys.tolist(), trace.ops.tolist(), strict=True)):
        clock[0] = now
        if op == READ:
            try:
                cache[key]
                hits.append(True)
            except KeyError:
                cache[key] = "loaded"
                hits.append(False)
        elif op == WRITE and write == "write-through":
            cache[key] = "written"
        elif op == WRITE and write == "invalidate":
            cache.pop(key, None)
    return hits


@settings(max_examples=120, deadline=None)
@given(trace=mixed_traces, capacity=st.integers(1, 6), ttl=st.integers(1, 12),
       write=st.sampled_from(["write-through", "invalidate", "write-around"]))
def test_hits_and_expiry_equal_cachetools_ttlcache(trace, capacity, ttl, write):
    ours = run_strategy(trace, read="cache-aside", write=write, capacity=capacity, ttl=ttl)
    assert ours.read_hit[trace.ops == READ].tolist() == cachetools_hits(trace, write, capacity,
                                                                        ttl)


def test_an_entry_lives_exactly_ttl_operations():
    store = CachedDatabase(4, ttl=5)
    store.put("a", 1, 10)
    assert store.get("a", 14) is not None  # 14 < 10 + 5
    assert store.get("a", 15) is None  # expired at 15, as cachetools counts


def test_expired_entries_make_room_before_a_live_one_is_evicted():
    store = CachedDatabase(2, ttl=3)
    store.put("old", 1, 0)
    store.put("live", 1, 2)
    store.get("old", 2)  # "old" is now the most recently used, but expires at 3
    store.put("new", 1, 4)
    assert list(store.cache) == ["live", "new"]


# --- what the notebook prints and says -------------------------------------------------------

def test_compare_and_table():
    trace = read_write_trace(3_000, 200, read_ratio=0.9, external_write_share=0.1, seed=0)
    results = compare_strategies(trace, capacity=50, flush_interval=100)
    assert list(results) == list(COMBINATIONS)
    table = strategy_table(results)
    assert list(table.index) == list(COMBINATIONS) and "writes at risk (max)" in table
    assert results["write-back"].mean_latency_ms < results["read/write-through"].mean_latency_ms
    assert results["write-back"].db_writes < results["write-around"].db_writes
    # Only write-back holds acknowledged writes outside the database.
    assert [r.max_at_risk > 0 for r in results.values()] == [False, False, False, True]
    # Write-around serves its own writes stale, far more than the other writer causes.
    assert results["write-around"].stale_reads > 5 * results["cache-aside"].stale_reads > 0


def test_synchronous_strategies_write_the_database_once_per_write():
    # The notebook's read-heavy vs write-heavy table: every strategy but write-back writes
    # the database once per application write; write-back merges repeated writes.
    for read_ratio in (0.95, 0.2):
        trace = read_write_trace(5_000, 500, read_ratio=read_ratio, seed=0)
        results = compare_strategies(trace, capacity=50)
        writes = int(np.sum(trace.ops == WRITE))
        for name, result in results.items():
            if name == "write-back":
                assert result.db_writes < writes
            else:
                assert result.db_writes == writes
    heavy = compare_strategies(read_write_trace(5_000, 500, read_ratio=0.2, seed=0), capacity=50)
    assert heavy["write-back"].mean_latency_ms < 0.25 * heavy["cache-aside"].mean_latency_ms


def test_bad_input_is_explained():
    trace = ops((1, R))
    with pytest.raises(ValueError, match="read must be one of 'cache-aside', 'read-through'"):
        run_strategy(trace, read="refresh-ahead")
    with pytest.raises(ValueError, match="write must be one of 'invalidate'"):
        run_strategy(trace, write="write-behind")
    with pytest.raises(TypeError, match="ReadWriteTrace"):
        run_strategy([1, 2])
    with pytest.raises(ValueError, match="capacity"):
        run_strategy(trace, capacity=0)
    with pytest.raises(ValueError, match="flush_interval"):
        run_strategy(trace, write="write-back", flush_interval=0)
    with pytest.raises(TypeError, match="ttl"):
        run_strategy(trace, ttl=2.5)
    with pytest.raises(ValueError, match="db_ms"):
        run_strategy(trace, db_ms=-1)
    with pytest.raises(TypeError, match="cache_ms"):
        run_strategy(trace, cache_ms="1 ms")
    with pytest.raises(ValueError, match="operation code"):
        run_strategy(ops((1, 7)))
    with pytest.raises(ValueError, match="same length"):
        ReadWriteTrace(np.array([1, 2, 3]), np.array([R, R]))
    listed = ReadWriteTrace([1, 1], [R, R])  # lists become arrays
    assert run_strategy(listed).reads == 2 and listed.read_ratio == 1.0
    with pytest.raises(ValueError, match="crash time"):
        run_strategy(trace).lost_on_crash(5)
    with pytest.raises(TypeError, match="at must be an integer"):
        run_strategy(trace).lost_on_crash(0.5)


# --- the strategy objects -------------------------------------------------------------------

def test_the_names_are_the_strategy_classes():
    assert READ_STRATEGIES == ("cache-aside", "read-through")
    assert WRITE_STRATEGIES == ("invalidate", "write-around", "write-through", "write-back")
    assert [c.name for c in (CacheAside, ReadThrough)] == list(READ_STRATEGIES)
    assert [c.name for c in (Invalidate, WriteAround, WriteThrough, WriteBack)] == list(
        WRITE_STRATEGIES)
    assert all(issubclass(c, ReadStrategy) for c in (CacheAside, ReadThrough))
    assert all(issubclass(c, WriteStrategy)
               for c in (Invalidate, WriteAround, WriteThrough, WriteBack))


def test_each_strategy_hook_by_hand():
    store = CachedDatabase(2, cache_ms=1.0, db_ms=10.0, flush_interval=3)
    # a read miss costs a cache and a database trip, whoever loads; a hit one trip
    assert CacheAside().read(store, "a", 0) == (0, 11.0, False)
    assert ReadThrough().read(store, "a", 1) == (0, 1.0, True)
    assert (store.db_reads, list(store.cache)) == (1, ["a"])
    # write-back: cached and dirty, the database untouched until the flush after op 2
    assert WriteBack().write(store, "a", store.new_version("a"), 1) == 1.0
    assert (store.at_risk, store.database, store.is_stale("a", 0)) == (1, {}, True)
    WriteBack().after_operation(store, 1)
    assert store.at_risk == 1
    WriteBack().after_operation(store, 2)
    assert (store.at_risk, store.database, store.db_writes) == (0, {"a": 1}, 1)
    # write-around leaves the cached copy alone; invalidate drops it; write-through replaces it
    assert WriteAround().write(store, "a", store.new_version("a"), 3) == 10.0
    assert store.cache["a"].version == 1 and store.database["a"] == 2
    assert Invalidate().write(store, "a", store.new_version("a"), 3) == 11.0
    assert "a" not in store.cache and store.database["a"] == 3
    assert WriteThrough().write(store, "a", store.new_version("a"), 4) == 11.0
    assert store.cache["a"].version == store.database["a"] == 4


def test_an_evicted_dirty_entry_is_written_back_first():
    store = CachedDatabase(1)
    store.put("a", 1, 0, pending=2)
    store.put("b", 1, 1)
    assert (store.database, store.db_writes, store.at_risk, list(store.cache)) == (
        {"a": 1}, 1, 0, ["b"])


def _fields(result):
    return {name: value.tolist() if isinstance(value, np.ndarray) else value
            for name, value in vars(result).items()}


@settings(max_examples=300, deadline=None)
@given(trace=mixed_traces, capacity=st.integers(1, 8), ttl=st.sampled_from([None, 1, 2, 3, 10]),
       flush_interval=st.sampled_from([1, 2, 3, 7, 100]),
       combination=st.sampled_from([(r, w) for r in READ_STRATEGIES for w in WRITE_STRATEGIES]),
       costs=st.sampled_from([(1.0, 10.0), (0.3, 7)]))
def test_the_tight_loop_equals_replaying_the_classes(trace, capacity, ttl, flush_interval,
                                                     combination, costs):
    # run_strategy replays with _fast.strategy_loop; replay_strategy calls the classes.
    read, write = combination
    options = {"read": read, "write": write, "capacity": capacity, "ttl": ttl,
               "flush_interval": flush_interval, "cache_ms": costs[0], "db_ms": costs[1]}
    assert _fields(run_strategy(trace, **options)) == _fields(replay_strategy(trace, **options))


def test_the_tight_loop_equals_the_classes_on_the_notebooks_traces():
    for seed, external in ((0, 0.1), (1, 0.0)):
        trace = read_write_trace(3_000, 300, read_ratio=0.7, external_write_share=external,
                                 seed=seed)
        for read, write in COMBINATIONS.values():
            for ttl in (None, 25):
                options = {"read": read, "write": write, "capacity": 50, "ttl": ttl,
                           "flush_interval": 100}
                assert _fields(run_strategy(trace, **options)) == _fields(
                    replay_strategy(trace, **options)), (read, write, ttl)
