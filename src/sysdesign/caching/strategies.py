"""Read and write strategies: an application, an LRU cache and a database (system of record).

Every key has a version number that goes up on each write. The database and the
cache each hold some version of a key; a read is *stale* when it returns a
version older than the latest write. Time is counted in trace operations.

:class:`CachedDatabase` does the bookkeeping every strategy shares (the LRU cache,
the database, versions, round-trip counts). A strategy is a small object with one
hook, as the eviction policies in :mod:`.policies` are.

Read strategies (what a read miss costs):

* :class:`CacheAside`: the application asks the cache, reads the database itself, then
  puts the value in the cache (three round trips on a miss).
* :class:`ReadThrough`: the application asks the cache; the cache loads the value from
  the database and returns it (two round trips on a miss).

Write strategies (what a write does):

* :class:`WriteThrough`: the cache writes the database synchronously, then keeps the
  new value (cache + database round trips; the cache stays fresh).
* :class:`WriteAround`: the application writes the database and deletes the cached copy
  (the usual cache-aside write); the next read of that key misses.
* :class:`WriteBack` (write-behind): the cache keeps the new value, marks it *dirty* and
  acknowledges at once; dirty entries reach the database every ``flush_interval``
  operations or when they are evicted. Until then a crash loses them.

>>> trace = ReadWriteTrace(np.array([7, 7, 7]), np.array([WRITE, READ, READ]))
>>> r = run_strategy(trace, read="read-through", write="write-around", capacity=4)
>>> r.read_hits, r.db_reads, r.db_writes, r.latencies_ms.tolist()
(1, 1, 1, [11.0, 11.0, 1.0])
"""

from __future__ import annotations

import math
from collections import OrderedDict
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from sysdesign.core import checks

from .workloads import EXTERNAL_WRITE, READ, WRITE, ReadWriteTrace


@dataclass
class _Entry:
    version: int
    expires: float  # operation number from which the entry no longer counts
    dirty: bool = False  # write-back: newer than the database


class CachedDatabase:
    """An LRU cache of ``capacity`` entries in front of a database, and their counters.

    ``cache_ms`` and ``db_ms`` are the cost of one round trip to each; an entry is used
    for ``ttl`` operations after it was stored (None: for ever); write-back flushes dirty
    entries every ``flush_interval`` operations. ``dirty`` counts the cached entries
    newer than the database: the writes a crash would lose.
    """

    def __init__(self, capacity, *, cache_ms: float = 1.0, db_ms: float = 10.0,
                 flush_interval=100, ttl=None):
        self.capacity = checks.integer(capacity, "capacity", 1, hint="slots in the cache")
        self.cache_ms = checks.number(cache_ms, "cache_ms", 0, hint="ms per cache round trip")
        self.db_ms = checks.number(db_ms, "db_ms", 0, hint="ms per database round trip")
        self.flush_interval = checks.integer(flush_interval, "flush_interval", 1,
                                             hint="operations between write-back flushes")
        # None: entries never expire
        self.ttl = math.inf if ttl is None else checks.integer(ttl, "ttl", 1, hint="operations")
        self.cache: OrderedDict = OrderedDict()  # key -> _Entry, least recently used first
        self.database: dict = {}  # key -> version the database holds
        self.latest: dict = {}  # key -> newest version written anywhere
        self.dirty = 0
        self.db_reads = self.db_writes = 0

    # --- the database ------------------------------------------------------------------
    def new_version(self, key) -> int:
        """A write happens somewhere: the key's next version number."""
        self.latest[key] = self.latest.get(key, 0) + 1
        return self.latest[key]

    def is_stale(self, key, version: int) -> bool:
        """Is ``version`` older than the latest write of ``key``?"""
        return version < self.latest.get(key, 0)

    def read_database(self, key) -> int:
        self.db_reads += 1
        return self.database.get(key, 0)

    def write_database(self, key, version: int) -> None:
        self.db_writes += 1
        self.database[key] = version

    # --- the cache -----------------------------------------------------------------------
    def get(self, key):
        """The cached entry of ``key`` (now the most recently used), or None."""
        entry = self.cache.get(key)
        if entry is not None:
            self.cache.move_to_end(key)
        return entry

    def put(self, key, version: int, now: int, *, dirty: bool = False) -> None:
        """Cache a version of ``key``, evicting the least recently used entry if full."""
        if key in self.cache:
            self.dirty -= self.cache.pop(key).dirty  # the new version replaces it
        elif len(self.cache) == self.capacity:
            victim, entry = self.cache.popitem(last=False)
            self._write_back(victim, entry)  # a dirty victim must reach the database first
        self.cache[key] = _Entry(version, now + self.ttl, dirty)
        self.dirty += dirty

    def delete(self, key) -> None:
        """Drop the cached copy of ``key`` (if any) without writing it anywhere."""
        entry = self.cache.pop(key, None)
        if entry is not None:
            self.dirty -= entry.dirty

    def expire(self, key, now: int) -> None:
        """Drop ``key``'s entry if its ttl has run out (writing it back if dirty)."""
        entry = self.cache.get(key)
        if entry is not None and entry.expires <= now:
            self._write_back(key, entry)
            del self.cache[key]

    def flush(self) -> None:
        """Write every dirty entry to the database (they stay cached, now clean)."""
        for key, entry in self.cache.items():
            self._write_back(key, entry)

    def _write_back(self, key, entry: _Entry) -> None:
        if entry.dirty:
            self.write_database(key, entry.version)
            entry.dirty = False
            self.dirty -= 1


# --- read strategies: a hit costs one cache round trip; what does a miss cost? ------------

class ReadStrategy:
    """Serves a read. The base class does what every read strategy shares: a hit
    answers from the cache; a miss reads the database and caches what it got. A
    subclass says what the miss costs, in :meth:`miss_ms`."""

    name = "read strategy"

    def read(self, store: CachedDatabase, key, now: int) -> tuple[int, float, bool]:
        """Read ``key``: (the version returned, latency in ms, was it a hit?)."""
        entry = store.get(key)
        if entry is not None:
            return entry.version, store.cache_ms, True
        version = store.read_database(key)
        store.put(key, version, now)
        return version, self.miss_ms(store), False

    def miss_ms(self, store: CachedDatabase) -> float:
        raise NotImplementedError


class CacheAside(ReadStrategy):
    """The application asks the cache, reads the database, then fills the cache itself."""

    name = "cache-aside"

    def miss_ms(self, store):
        return 2 * store.cache_ms + store.db_ms  # ask the cache, read the DB, put in cache


class ReadThrough(ReadStrategy):
    """The application asks the cache; on a miss the cache loads from the database."""

    name = "read-through"

    def miss_ms(self, store):
        return store.cache_ms + store.db_ms  # one trip to the cache, which reads the DB


# --- write strategies: where does a new version go, and what does the writer wait for? ----

class WriteStrategy:
    """Handles a write of a new version; returns the latency the application sees (ms).

    :meth:`after_operation` runs after every operation of the trace, for strategies
    that act on a schedule.
    """

    name = "write strategy"

    def write(self, store: CachedDatabase, key, version: int, now: int) -> float:
        raise NotImplementedError

    def after_operation(self, store: CachedDatabase, now: int) -> None:
        pass


class WriteThrough(WriteStrategy):
    """Write the database, then cache the new value: reads after a write hit fresh data."""

    name = "write-through"

    def write(self, store, key, version, now):
        store.write_database(key, version)
        store.put(key, version, now)
        return store.cache_ms + store.db_ms


class WriteAround(WriteStrategy):
    """Write the database and delete the cached copy: the next read misses."""

    name = "write-around"

    def write(self, store, key, version, now):
        store.write_database(key, version)
        store.delete(key)
        return store.db_ms + store.cache_ms  # write the database, delete the cached copy


class WriteBack(WriteStrategy):
    """Keep the new value in the cache only (dirty) and acknowledge at once; the
    database gets it at the next flush, or when the entry is evicted."""

    name = "write-back"

    def write(self, store, key, version, now):
        store.put(key, version, now, dirty=True)
        return store.cache_ms

    def after_operation(self, store, now):
        if (now + 1) % store.flush_interval == 0:
            store.flush()


READERS: dict[str, type[ReadStrategy]] = {cls.name: cls for cls in (CacheAside, ReadThrough)}
WRITERS: dict[str, type[WriteStrategy]] = {
    cls.name: cls for cls in (WriteThrough, WriteAround, WriteBack)}
READ_STRATEGIES = tuple(READERS)  # ("cache-aside", "read-through")
WRITE_STRATEGIES = tuple(WRITERS)  # ("write-through", "write-around", "write-back")

# The combinations the notebook compares, by the name they usually go by.
COMBINATIONS = {
    "cache-aside": ("cache-aside", "write-around"),
    "read/write-through": ("read-through", "write-through"),
    "write-around": ("read-through", "write-around"),
    "write-back": ("read-through", "write-back"),
}


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
        at = checks.integer(at, "at", 0, len(self.dirty) - 1,
                            hint="the crash time, an operation number")
        return int(self.dirty[at])


def run_strategy(trace: ReadWriteTrace, *, read: str = "read-through",
                 write: str = "write-through", capacity=100, cache_ms: float = 1.0,
                 db_ms: float = 10.0, flush_interval=100, ttl=None) -> StrategyResult:
    """Replay a read/write trace through a cache + database with the given strategies.

    ``cache_ms`` and ``db_ms`` are the cost of one round trip to each; ``ttl``
    (operations, or None for no expiry) bounds how long a cached value is used.
    """
    reader = READERS[checks.choice(read, "read", READ_STRATEGIES)]()
    writer = WRITERS[checks.choice(write, "write", WRITE_STRATEGIES)]()
    if not isinstance(trace, ReadWriteTrace):
        raise TypeError(f"trace must be a ReadWriteTrace (see read_write_trace), "
                        f"got {type(trace).__name__}")
    store = CachedDatabase(capacity, cache_ms=cache_ms, db_ms=db_ms,
                           flush_interval=flush_interval, ttl=ttl)
    result = StrategyResult(read, write, dirty=np.zeros(len(trace), dtype=np.int64),
                            read_hit=np.zeros(len(trace), dtype=bool))
    latencies = []
    for now, (key, op) in enumerate(zip(trace.keys.tolist(), trace.ops.tolist(), strict=True)):
        store.expire(key, now)
        if op == READ:
            version, ms, hit = reader.read(store, key, now)
            result.reads += 1
            result.read_hits += hit
            result.read_hit[now] = hit
            result.stale_reads += store.is_stale(key, version)
            latencies.append(ms)
        elif op == WRITE:
            result.writes += 1
            latencies.append(writer.write(store, key, store.new_version(key), now))
        elif op == EXTERNAL_WRITE:  # another service updates the database directly
            store.database[key] = store.new_version(key)
        else:
            raise ValueError(f"unknown operation code {op} at position {now}; allowed: "
                             f"READ={READ}, WRITE={WRITE}, EXTERNAL_WRITE={EXTERNAL_WRITE}")
        writer.after_operation(store, now)
        result.dirty[now] = store.dirty
    result.db_reads, result.db_writes = store.db_reads, store.db_writes
    result.latencies_ms = np.array(latencies, dtype=float)
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
