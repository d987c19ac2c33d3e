"""Read and write strategies: an application, an LRU cache and a database (system of record).

Every key has a version number that goes up on each write. The database and the
cache each hold some version of a key; a read is *stale* when it returns a
version older than the latest write. Time is counted in trace operations.

Read strategies (what happens on a read miss):

* ``cache-aside``: the application asks the cache, reads the database itself, then
  puts the value in the cache (three round trips on a miss).
* ``read-through``: the application asks the cache; the cache loads the value from
  the database and returns it (two round trips on a miss).

Write strategies:

* ``write-through``: the cache writes the database synchronously, then keeps the
  new value (cache + database round trips; the cache stays fresh).
* ``write-around``: the application writes the database and deletes the cached copy
  (the usual cache-aside write); the next read of that key misses.
* ``write-back`` (write-behind): the cache keeps the new value, marks it *dirty* and
  acknowledges at once; dirty entries reach the database every ``flush_interval``
  operations or when they are evicted. Until then a crash loses them.

>>> trace = ReadWriteTrace(np.array([7, 7, 7]), np.array([WRITE, READ, READ]))
>>> r = run_strategy(trace, read="read-through", write="write-around", capacity=4)
>>> r.read_hits, r.db_reads, r.db_writes, r.latencies_ms.tolist()
(1, 1, 1, [11.0, 11.0, 1.0])
"""

from __future__ import annotations

import math
import operator
from collections import OrderedDict
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .policies import check_capacity
from .workloads import EXTERNAL_WRITE, READ, WRITE, ReadWriteTrace, _count

READ_STRATEGIES = ("cache-aside", "read-through")
WRITE_STRATEGIES = ("write-through", "write-around", "write-back")

# The combinations the notebook compares, by the name they usually go by.
COMBINATIONS = {
    "cache-aside": ("cache-aside", "write-around"),
    "read/write-through": ("read-through", "write-through"),
    "write-around": ("read-through", "write-around"),
    "write-back": ("read-through", "write-back"),
}


@dataclass
class _Entry:
    version: int
    expires: float  # operation number from which the entry no longer counts
    dirty: bool = False  # write-back: newer than the database


@dataclass
class StrategyResult:
    """What one run of a read/write strategy did."""

    read: str
    write: str
    reads: int = 0
    writes: int = 0  # by this application (external writes not counted)
    read_hits: int = 0
    db_reads: int = 0
    db_writes: int = 0
    stale_reads: int = 0
    latencies_ms: np.ndarray = field(default_factory=lambda: np.zeros(0))
    dirty: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    read_hit: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))  # per op

    @property
    def name(self) -> str:
        return f"{self.read} + {self.write}"

    @property
    def hit_ratio(self) -> float:
        """Share of reads served from the cache."""
        return self.read_hits / self.reads if self.reads else float("nan")

    @property
    def mean_latency_ms(self) -> float:
        return float(self.latencies_ms.mean()) if len(self.latencies_ms) else float("nan")

    @property
    def p99_latency_ms(self) -> float:
        """99th percentile (nearest rank) of the application's request latency."""
        if not len(self.latencies_ms):
            return float("nan")
        return float(np.percentile(self.latencies_ms, 99, method="inverted_cdf"))

    @property
    def max_dirty(self) -> int:
        """Most dirty entries at any moment: the worst a crash could lose."""
        return int(self.dirty.max()) if len(self.dirty) else 0

    def lost_on_crash(self, at) -> int:
        """Writes a crash right after operation ``at`` would lose (dirty entries then)."""
        at = operator.index(at)
        if not 0 <= at < len(self.dirty):
            raise ValueError(f"crash time must be an operation number in 0..{len(self.dirty) - 1}"
                             f", got {at}")
        return int(self.dirty[at])


def run_strategy(trace: ReadWriteTrace, *, read: str = "read-through",
                 write: str = "write-through", capacity=100, cache_ms: float = 1.0,
                 db_ms: float = 10.0, flush_interval=100, ttl=None) -> StrategyResult:
    """Replay a read/write trace through a cache + database with the given strategies.

    ``cache_ms`` and ``db_ms`` are the cost of one round trip to each; ``ttl``
    (operations, or None for no expiry) bounds how long a cached value is used.
    """
    if read not in READ_STRATEGIES:
        raise ValueError(f"unknown read strategy {read!r}; allowed: {', '.join(READ_STRATEGIES)}")
    if write not in WRITE_STRATEGIES:
        raise ValueError(
            f"unknown write strategy {write!r}; allowed: {', '.join(WRITE_STRATEGIES)}")
    if not isinstance(trace, ReadWriteTrace):
        raise TypeError(f"trace must be a ReadWriteTrace (see read_write_trace), "
                        f"got {type(trace).__name__}")
    capacity = check_capacity(capacity)
    flush_interval = _count("flush_interval", flush_interval)
    ttl = math.inf if ttl is None else _count("ttl", ttl)
    for name, value in (("cache_ms", cache_ms), ("db_ms", db_ms)):
        if not (isinstance(value, (int, float)) and value >= 0):
            raise ValueError(f"{name} must be a latency in ms >= 0, got {value!r}")

    result = StrategyResult(read, write)
    latest: dict = {}  # key -> newest version written anywhere
    database: dict = {}  # key -> version the database holds
    cache: OrderedDict = OrderedDict()  # key -> _Entry, least recently used first
    latencies = []
    dirty_count = 0
    dirty_series = np.zeros(len(trace), dtype=np.int64)
    read_hit = np.zeros(len(trace), dtype=bool)

    def write_back(key, entry):
        nonlocal dirty_count
        if entry.dirty:
            database[key] = entry.version
            entry.dirty = False
            dirty_count -= 1
            result.db_writes += 1

    def store(key, version, now, dirty=False):
        """Put a value in the cache, evicting the least recently used entry if full."""
        nonlocal dirty_count
        if key in cache:
            old = cache.pop(key)
            dirty_count -= old.dirty
        elif len(cache) == capacity:
            victim, entry = cache.popitem(last=False)
            write_back(victim, entry)  # a dirty victim must reach the database first
        cache[key] = _Entry(version, now + ttl, dirty)
        dirty_count += dirty

    for now, (key, op) in enumerate(zip(trace.keys.tolist(), trace.ops.tolist(), strict=True)):
        entry = cache.get(key)
        if entry is not None and entry.expires <= now:  # expired: drop it
            write_back(key, entry)
            del cache[key]
            entry = None
        if op == READ:
            result.reads += 1
            if entry is not None:
                result.read_hits += 1
                read_hit[now] = True
                cache.move_to_end(key)
                version, cost = entry.version, cache_ms
            else:
                result.db_reads += 1
                version = database.get(key, 0)
                store(key, version, now)
                # cache-aside: ask cache, read DB, put in cache; read-through: the cache loads
                cost = (2 if read == "cache-aside" else 1) * cache_ms + db_ms
            result.stale_reads += version < latest.get(key, 0)
            latencies.append(cost)
        elif op == WRITE:
            result.writes += 1
            version = latest[key] = latest.get(key, 0) + 1
            if write == "write-through":
                database[key] = version
                result.db_writes += 1
                store(key, version, now)
                cost = cache_ms + db_ms
            elif write == "write-around":
                database[key] = version
                result.db_writes += 1
                if entry is not None:
                    del cache[key]
                    dirty_count -= entry.dirty
                cost = db_ms + cache_ms  # write the database, delete the cached copy
            else:  # write-back
                store(key, version, now, dirty=True)
                cost = cache_ms
            latencies.append(cost)
        elif op == EXTERNAL_WRITE:  # another service updates the database directly
            version = latest[key] = latest.get(key, 0) + 1
            database[key] = version
        else:
            raise ValueError(f"unknown operation code {op} at position {now}; allowed: "
                             f"READ={READ}, WRITE={WRITE}, EXTERNAL_WRITE={EXTERNAL_WRITE}")
        if write == "write-back" and (now + 1) % flush_interval == 0:
            for cached_key, cached in cache.items():
                write_back(cached_key, cached)
        dirty_series[now] = dirty_count

    result.latencies_ms = np.array(latencies, dtype=float)
    result.dirty = dirty_series
    result.read_hit = read_hit
    return result


def compare_strategies(trace: ReadWriteTrace, **options) -> dict[str, StrategyResult]:
    """Run every combination in :data:`COMBINATIONS` on the same trace."""
    return {name: run_strategy(trace, read=read, write=write, **options)
            for name, (read, write) in COMBINATIONS.items()}


def strategy_table(results: dict[str, StrategyResult]) -> pd.DataFrame:
    """One row per strategy: hit ratio, latency, database load, staleness, data at risk."""
    rows = {
        name: {
            "hit ratio": r.hit_ratio,
            "mean latency (ms)": r.mean_latency_ms,
            "p99 latency (ms)": r.p99_latency_ms,
            "DB reads": r.db_reads,
            "DB writes": r.db_writes,
            "stale reads": r.stale_reads,
            "max dirty (lost on crash)": r.max_dirty,
        }
        for name, r in results.items()
    }
    return pd.DataFrame.from_dict(rows, orient="index").round(3)
