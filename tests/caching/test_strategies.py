"""Read/write strategies: results derived by hand on small traces, plus invariants."""

from __future__ import annotations

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


def ops(*pairs):
    keys, codes = zip(*pairs, strict=True)
    return ReadWriteTrace(np.array(keys), np.array(codes))


R, W, X = READ, WRITE, EXTERNAL_WRITE

small_traces = st.lists(st.tuples(st.integers(0, 6), st.sampled_from([R, R, W])),
                        min_size=1, max_size=80).map(lambda p: ops(*p))


def test_latencies_by_hand():
    trace = ops((1, R), (1, R), (1, W), (1, R))
    aside = run_strategy(trace, read="cache-aside", write="write-around", capacity=2)
    # miss: ask cache + read DB + fill cache; hit; write DB + delete; miss again.
    assert aside.latencies_ms.tolist() == [12.0, 1.0, 11.0, 12.0]
    through = run_strategy(trace, read="read-through", write="write-through", capacity=2)
    assert through.latencies_ms.tolist() == [11.0, 1.0, 11.0, 1.0]
    back = run_strategy(trace, read="read-through", write="write-back", capacity=2)
    assert back.latencies_ms.tolist() == [11.0, 1.0, 1.0, 1.0]
    assert (back.db_reads, back.db_writes, back.dirty.tolist()) == (1, 0, [0, 0, 1, 1])
    assert back.lost_on_crash(3) == 1 and back.max_dirty == 1
    assert through.mean_latency_ms == 6.0 and through.p99_latency_ms == 11.0


def test_write_back_coalesces_writes_and_flushes_on_schedule_and_eviction():
    trace = ops((1, W), (1, W), (1, W), (2, W), (3, W), (4, R))
    back = run_strategy(trace, write="write-back", capacity=2, flush_interval=3)
    # The flush after op 3 writes key 1 once (three writes coalesced); key 3
    # evicts clean key 1; key 4's read evicts dirty key 2 (written back); the
    # flush after op 6 writes key 3.
    assert back.dirty.tolist() == [1, 1, 0, 1, 2, 0]
    assert back.db_writes == 3 and back.writes == 5


@settings(max_examples=80, deadline=None)
@given(trace=small_traces, capacity=st.integers(1, 8), read=st.sampled_from(["cache-aside",
                                                                              "read-through"]))
def test_single_writer_never_reads_stale_data(trace, capacity, read):
    for write in ("write-through", "write-around", "write-back"):
        result = run_strategy(trace, read=read, write=write, capacity=capacity, flush_interval=5)
        assert result.stale_reads == 0
        assert result.reads + result.writes == len(trace)
        assert result.read_hits + result.db_reads == result.reads
        assert result.db_writes <= result.writes


@settings(max_examples=80, deadline=None)
@given(trace=small_traces, capacity=st.integers(1, 8))
def test_write_around_first_read_after_a_write_always_misses(trace, capacity):
    result = run_strategy(trace, write="write-around", capacity=capacity)
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
    assert run_strategy(trace, write="write-back", flush_interval=1, capacity=20).max_dirty == 0
    slow = run_strategy(trace, write="write-back", flush_interval=500, capacity=20)
    assert slow.max_dirty > 0 and slow.dirty.max() <= 20


def test_a_second_writer_makes_stale_reads_and_a_ttl_bounds_them():
    trace = ops((1, R), (1, X), (1, R), (1, R))
    result = run_strategy(trace, write="write-through", capacity=4)
    assert result.stale_reads == 2  # the cache never hears about the external write
    assert run_strategy(trace, write="write-through", capacity=4, ttl=1).stale_reads == 0
    mixed = read_write_trace(5_000, 100, read_ratio=0.8, external_write_share=0.5, seed=0)
    forever = run_strategy(mixed, capacity=50).stale_reads
    assert forever > run_strategy(mixed, capacity=50, ttl=50).stale_reads > 0


def test_compare_and_table():
    trace = read_write_trace(3_000, 200, read_ratio=0.9, seed=0)
    results = compare_strategies(trace, capacity=50, flush_interval=100)
    assert list(results) == list(COMBINATIONS)
    table = strategy_table(results)
    assert list(table.index) == list(COMBINATIONS) and "p99 latency (ms)" in table
    assert results["write-back"].mean_latency_ms < results["read/write-through"].mean_latency_ms
    assert results["write-back"].db_writes < results["write-around"].db_writes
    assert results["cache-aside"].hit_ratio == results["write-around"].hit_ratio


def test_bad_input_is_explained():
    trace = ops((1, R))
    with pytest.raises(ValueError, match="read must be one of 'cache-aside', 'read-through'"):
        run_strategy(trace, read="refresh-ahead")
    with pytest.raises(ValueError, match="write must be one of 'write-through'"):
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
    with pytest.raises(ValueError, match="crash time"):
        run_strategy(trace).lost_on_crash(5)
    with pytest.raises(TypeError, match="at must be an integer"):
        run_strategy(trace).lost_on_crash(0.5)


# --- the strategy objects -------------------------------------------------------------------

def test_the_names_are_the_strategy_classes():
    assert READ_STRATEGIES == ("cache-aside", "read-through")
    assert WRITE_STRATEGIES == ("write-through", "write-around", "write-back")
    assert [c.name for c in (CacheAside, ReadThrough)] == list(READ_STRATEGIES)
    assert [c.name for c in (WriteThrough, WriteAround, WriteBack)] == list(WRITE_STRATEGIES)
    assert all(issubclass(c, ReadStrategy) for c in (CacheAside, ReadThrough))
    assert all(issubclass(c, WriteStrategy) for c in (WriteThrough, WriteAround, WriteBack))


def test_each_strategy_hook_by_hand():
    store = CachedDatabase(2, cache_ms=1.0, db_ms=10.0, flush_interval=3)
    # a read miss costs three trips with cache-aside, two with read-through; a hit one
    assert CacheAside().read(store, "a", 0) == (0, 12.0, False)
    assert ReadThrough().read(store, "a", 1) == (0, 1.0, True)
    assert (store.db_reads, list(store.cache)) == (1, ["a"])
    # write-back: cached and dirty, the database untouched until the flush after op 2
    assert WriteBack().write(store, "a", store.new_version("a"), 1) == 1.0
    assert (store.dirty, store.database, store.is_stale("a", 0)) == (1, {}, True)
    WriteBack().after_operation(store, 1)
    assert store.dirty == 1
    WriteBack().after_operation(store, 2)
    assert (store.dirty, store.database, store.db_writes) == (0, {"a": 1}, 1)
    # write-around drops the cached copy; write-through replaces it
    assert WriteAround().write(store, "a", store.new_version("a"), 3) == 11.0
    assert "a" not in store.cache and store.database["a"] == 2
    assert WriteThrough().write(store, "a", store.new_version("a"), 4) == 11.0
    assert store.cache["a"].version == store.database["a"] == 3


def test_an_evicted_dirty_entry_is_written_back_first():
    store = CachedDatabase(1)
    store.put("a", 1, 0, dirty=True)
    store.put("b", 1, 1)
    assert (store.database, store.db_writes, store.dirty, list(store.cache)) == (
        {"a": 1}, 1, 0, ["b"])


def test_the_notebook_tables_numbers():
    # Derived here, printed by notebook 06 (its prose cites 3,942 and 2,430 DB writes).
    rows = {}
    for read_ratio in (0.9, 0.2):
        trace = read_write_trace(5_000, 500, read_ratio=read_ratio, alpha=1.0, seed=0)
        table = strategy_table(compare_strategies(trace, capacity=50, flush_interval=100))
        rows[read_ratio] = table.to_dict("split")["data"]
    assert rows[0.9] == [[0.506, 6.864, 12.0, 2239, 469, 0, 0],
                         [0.534, 6.158, 11.0, 2110, 469, 0, 0],
                         [0.506, 6.416, 11.0, 2239, 469, 0, 0],
                         [0.534, 5.22, 11.0, 2110, 418, 0, 13]]
    assert rows[0.2] == [[0.181, 10.789, 12.0, 866, 3942, 0, 0],
                         [0.543, 9.852, 11.0, 484, 3942, 0, 0],
                         [0.181, 10.616, 11.0, 866, 3942, 0, 0],
                         [0.543, 1.968, 11.0, 484, 2430, 0, 47]]
    back = run_strategy(read_write_trace(2_000, 300, read_ratio=0.7, seed=0),
                        write="write-back", capacity=100, flush_interval=200)
    assert (back.lost_on_crash(1_500), back.max_dirty) == (22, 43)
