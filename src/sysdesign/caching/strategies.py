"""Read and write strategies: an application, an LRU cache with a TTL, and a database.

Every key has a version number that goes up on each write. The database and the cache
each hold some version of a key; a read is *stale* when it returns a version older than
the latest write. Time is counted in trace operations (one operation per tick), and a
cached entry is used for ``ttl`` operations after it was stored.

:class:`CachedDatabase` does the bookkeeping every strategy shares (the LRU cache and its
expiry, the database, versions, round-trip counts). A strategy is a small object with one
hook, as the eviction policies in :mod:`.policies` are.

Read strategies (who loads a value the cache does not have):

* :class:`CacheAside`: the application asks the cache; on a miss *the application* reads
  the database and puts the value in the cache.
* :class:`ReadThrough`: the application asks the cache; on a miss *the cache's loader*
  reads the database, keeps the value and returns it.

Both make the same trips on a miss: one to the cache and one to the database (the
cache-aside fill is one more message, sent after the value is in hand and not waited
for). So they cost the same; the difference is who owns the loading code: every service
that reads (cache-aside), or the cache, configured once (read-through), which is also
what lets a read-through cache merge concurrent misses of one key (see
:mod:`.stampede`).

Write strategies (what a write of a new version does):

* :class:`Invalidate` (cache-aside's write): write the database, then delete the cached
  copy; the next read misses and loads the new version.
* :class:`WriteAround`: write the database only; the cache is not touched. A copy cached
  before the write stays there, stale, until its TTL ends or it is evicted.
* :class:`WriteThrough`: the cache writes the database synchronously, then keeps the new
  value; reads after a write hit fresh data.
* :class:`WriteBack` (write-behind): the cache keeps the new value, marks it *dirty* and
  acknowledges at once; dirty entries reach the database every ``flush_interval``
  operations, or when they are evicted or expire. Until then a crash loses every
  acknowledged write they hold (several, if a key was written several times).

>>> trace = ReadWriteTrace(np.array([7, 7, 7, 7]), np.array([READ, WRITE, READ, READ]))
>>> r = run_strategy(trace, read="cache-aside", write="write-around", capacity=4)
>>> r.read_hits, r.stale_reads, r.db_reads, r.db_writes, r.latencies_ms.tolist()
(2, 2, 1, 1, [11.0, 10.0, 1.0, 1.0])
"""

from __future__ import annotations

import math
from collections import OrderedDict
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from sysdesign.core import checks

from . import _fast
from .workloads import EXTERNAL_WRITE, READ, WRITE, ReadWriteTrace


@dataclass
class _Entry:
    version: int
    expires: float  # the operation from which the entry no longer counts
    pending: int = 0  # write-back: acknowledged writes not yet in the database


class CachedDatabase:
    """An LRU cache of ``capacity`` entries in front of a database, and their counters.

    ``cache_ms`` and ``db_ms`` are the cost of one round trip to each; an entry is used
    for ``ttl`` operations after it was stored (None: for ever), as in ``cachetools.TTLCache``:
    valid while now < stored + ttl, and expired entries are dropped before a live one is
    evicted. Write-back flushes dirty entries every ``flush_interval`` operations.
    ``dirty_keys`` counts the cached entries newer than the database and ``at_risk`` the
    acknowledged writes they hold: what a crash would lose.
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
        self._by_expiry: OrderedDict = OrderedDict()  # key -> expiry, soonest first
        self.database: dict = {}  # key -> version the database holds
        self.latest: dict = {}  # key -> newest version written anywhere
        self.dirty_keys = self.at_risk = 0
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
    def get(self, key, now: int):
        """The live cached entry of ``key`` (now the most recently used), or None."""
        entry = self.cache.get(key)
        if entry is None:
            return None
        if entry.expires <= now:  # expired: as good as absent
            self._drop(key)
            return None
        self.cache.move_to_end(key)
        return entry

    def put(self, key, version: int, now: int, *, pending: int = 0) -> None:
        """Cache a version of ``key``; ``pending`` acknowledged writes ride on it (write-back)."""
        if key in self.cache:
            pending += self._forget(key).pending  # the new version carries the old writes
        expires = now + self.ttl
        if expires != math.inf:  # entries expire: drop the expired ones first
            self.purge(now)
            self._by_expiry[key] = expires
        if len(self.cache) == self.capacity:
            self._drop(next(iter(self.cache)))  # evict the least recently used entry
        self.cache[key] = _Entry(version, expires, pending)
        if pending:
            self.dirty_keys += 1
            self.at_risk += pending

    def load(self, key, now: int) -> int:
        """A read-through cache's own loader (configured once): read the database, keep
        the value, return it."""
        version = self.read_database(key)
        self.put(key, version, now)
        return version

    def delete(self, key) -> None:
        """Drop the cached copy of ``key`` (if any); a dirty one is written back first."""
        if key in self.cache:
            self._drop(key)

    def purge(self, now: int) -> None:
        """Drop every expired entry (soonest expiry first), writing dirty ones back."""
        while self._by_expiry and next(iter(self._by_expiry.values())) <= now:
            self._drop(next(iter(self._by_expiry)))

    def flush(self) -> None:
        """Write every dirty entry to the database (they stay cached, now clean)."""
        for key, entry in self.cache.items():
            self._write_back(key, entry)

    def _drop(self, key) -> None:
        self._write_back(key, self.cache[key])  # a dirty entry must reach the database first
        self._forget(key)

    def _forget(self, key) -> _Entry:
        self._by_expiry.pop(key, None)
        entry = self.cache.pop(key)
        if entry.pending:
            self.dirty_keys -= 1
            self.at_risk -= entry.pending
        return entry

    def _write_back(self, key, entry: _Entry) -> None:
        if entry.pending:
            self.write_database(key, entry.version)
            self.dirty_keys -= 1
            self.at_risk -= entry.pending
            entry.pending = 0


# --- read strategies: who loads a missing value? --------------------------------------------

class ReadStrategy:
    """Serves a read: a hit answers from the cache (one round trip); a miss is loaded by
    :meth:`load`, which a subclass writes, and costs a cache and a database round trip."""

    name = "read strategy"

    def read(self, store: CachedDatabase, key, now: int) -> tuple[int, float, bool]:
        """Read ``key``: (the version returned, latency in ms, was it a hit?)."""
        entry = store.get(key, now)
        if entry is not None:
            return entry.version, store.cache_ms, True
        return self.load(store, key, now), store.cache_ms + store.db_ms, False

    def load(self, store: CachedDatabase, key, now: int) -> int:
        raise NotImplementedError


class CacheAside(ReadStrategy):
    """The application reads the database itself, then puts the value in the cache."""

    name = "cache-aside"

    def load(self, store, key, now):
        version = store.read_database(key)  # application code talks to the database...
        store.put(key, version, now)  # ...and fills the cache (not waited for)
        return version


class ReadThrough(ReadStrategy):
    """The cache's loader reads the database; the application only ever asks the cache."""

    name = "read-through"

    def load(self, store, key, now):
        return store.load(key, now)  # the cache runs the loader it was configured with


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


class Invalidate(WriteStrategy):
    """Cache-aside's write: write the database, then delete the cached copy."""

    name = "invalidate"

    def write(self, store, key, version, now):
        store.write_database(key, version)
        store.delete(key)
        return store.db_ms + store.cache_ms


class WriteAround(WriteStrategy):
    """Write the database only; a cached copy of the key stays, now stale."""

    name = "write-around"

    def write(self, store, key, version, now):
        store.write_database(key, version)
        return store.db_ms


class WriteThrough(WriteStrategy):
    """The cache writes the database, then keeps the new value: reads after a write hit."""

    name = "write-through"

    def write(self, store, key, version, now):
        store.write_database(key, version)
        store.put(key, version, now)
        return store.cache_ms + store.db_ms


class WriteBack(WriteStrategy):
    """Keep the new value in the cache only (dirty) and acknowledge at once; the
    database gets it at the next flush, or when the entry is evicted or expires."""

    name = "write-back"

    def write(self, store, key, version, now):
        store.put(key, version, now, pending=1)
        return store.cache_ms

    def after_operation(self, store, now):
        if (now + 1) % store.flush_interval == 0:
            store.flush()


READERS: dict[str, type[ReadStrategy]] = {cls.name: cls for cls in (CacheAside, ReadThrough)}
WRITERS: dict[str, type[WriteStrategy]] = {
    cls.name: cls for cls in (Invalidate, WriteAround, WriteThrough, WriteBack)}
READ_STRATEGIES = tuple(READERS)  # ("cache-aside", "read-through")
WRITE_STRATEGIES = tuple(WRITERS)  # ("invalidate", "write-around", "write-through", "write-back")

# The combinations the notebook compares, by the name they usually go by.
COMBINATIONS = {
    "cache-aside": ("cache-aside", "invalidate"),
    "write-around": ("cache-aside", "write-around"),
    "read/write-through": ("read-through", "write-through"),
    "write-back": ("read-through", "write-back"),
}


@dataclass
class StrategyResult:
    """What one run of a read/write strategy did, with per-operation arrays."""

    read: str
    write: str
    reads: int = 0
    writes: int = 0  # by this application (external writes not counted)
    read_hits: int = 0
    db_reads: int = 0
    db_writes: int = 0
    stale_reads: int = 0
    latencies_ms: np.ndarray = field(default_factory=lambda: np.zeros(0))
    at_risk: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    dirty_keys: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    read_hit: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))  # per op
    stale: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))  # per op

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
    def max_at_risk(self) -> int:
        """Most acknowledged writes not yet in the database at any moment: the worst crash."""
        return int(self.at_risk.max()) if len(self.at_risk) else 0

    def lost_on_crash(self, at) -> int:
        """Acknowledged writes a crash right after operation ``at`` would lose."""
        at = checks.integer(at, "at", 0, len(self.at_risk) - 1,
                            hint="the crash time, an operation number")
        return int(self.at_risk[at])


def run_strategy(trace: ReadWriteTrace, *, read: str = "read-through",
                 write: str = "write-through", capacity=100, cache_ms: float = 1.0,
                 db_ms: float = 10.0, flush_interval=100, ttl=None) -> StrategyResult:
    """Replay a read/write trace through a cache + database with the given strategies.

    ``cache_ms`` and ``db_ms`` are the cost of one round trip to each; ``ttl``
    (operations, or None for no expiry) bounds how long a cached value is used.

    The replay runs one tight loop (:func:`sysdesign.caching._fast.strategy_loop`); it
    gives exactly what :func:`replay_strategy` gives by calling the classes above, which
    a test checks on random traces for every combination, TTL and flush interval.
    """
    reader, writer, store = _setup(trace, read, write, capacity, cache_ms, db_ms,
                                   flush_interval, ttl)
    lists = _fast.strategy_loop(trace.keys.tolist(), trace.ops.tolist(), writer.name,
                                store.capacity, store.cache_ms, store.db_ms,
                                store.flush_interval, store.ttl)
    return _result(trace, reader, writer, *lists)


def replay_strategy(trace: ReadWriteTrace, *, read: str = "read-through",
                    write: str = "write-through", capacity=100, cache_ms: float = 1.0,
                    db_ms: float = 10.0, flush_interval=100, ttl=None) -> StrategyResult:
    """:func:`run_strategy` done by the classes: each operation calls the read strategy's
    ``read`` or the write strategy's ``write`` on a :class:`CachedDatabase` (the readable
    path; slower)."""
    reader, writer, store = _setup(trace, read, write, capacity, cache_ms, db_ms,
                                   flush_interval, ttl)
    latencies, hits, stale, at_risk, dirty = [], [], [], [], []
    read, write, after, latest = reader.read, writer.write, writer.after_operation, store.latest
    for now, (key, op) in enumerate(zip(trace.keys.tolist(), trace.ops.tolist(), strict=True)):
        if op == READ:
            version, ms, hit = read(store, key, now)
            hits.append(hit)
            stale.append(version < latest.get(key, 0))  # older than the latest write
            latencies.append(ms)
        elif op == WRITE:
            latencies.append(write(store, key, store.new_version(key), now))
            hits.append(False)
            stale.append(False)
        elif op == EXTERNAL_WRITE:  # another service updates the database directly
            store.database[key] = store.new_version(key)
            hits.append(False)
            stale.append(False)
        else:
            raise ValueError(f"unknown operation code {op} at position {now}; allowed: "
                             f"READ={READ}, WRITE={WRITE}, EXTERNAL_WRITE={EXTERNAL_WRITE}")
        after(store, now)
        at_risk.append(store.at_risk)
        dirty.append(store.dirty_keys)
    return _result(trace, reader, writer, latencies, hits, stale, at_risk, dirty,
                   store.db_reads, store.db_writes)


def _setup(trace, read, write, capacity, cache_ms, db_ms, flush_interval, ttl):
    """The strategies and an empty store, every argument checked."""
    reader = READERS[checks.choice(read, "read", READ_STRATEGIES)]()
    writer = WRITERS[checks.choice(write, "write", WRITE_STRATEGIES)]()
    if not isinstance(trace, ReadWriteTrace):
        raise TypeError(f"trace must be a ReadWriteTrace (see read_write_trace), "
                        f"got {type(trace).__name__}")
    store = CachedDatabase(capacity, cache_ms=cache_ms, db_ms=db_ms,
                           flush_interval=flush_interval, ttl=ttl)
    return reader, writer, store


def _result(trace, reader, writer, latencies, hits, stale, at_risk, dirty, db_reads,
            db_writes) -> StrategyResult:
    """A StrategyResult from a replay's per-operation lists and database counts."""
    result = StrategyResult(reader.name, writer.name, read_hit=np.array(hits, dtype=bool),
                            stale=np.array(stale, dtype=bool),
                            at_risk=np.array(at_risk, dtype=np.int64),
                            dirty_keys=np.array(dirty, dtype=np.int64))
    result.reads = int(np.sum(trace.ops == READ))
    result.writes = int(np.sum(trace.ops == WRITE))
    result.read_hits = int(result.read_hit.sum())
    result.stale_reads = int(result.stale.sum())
    result.db_reads, result.db_writes = db_reads, db_writes
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
            "writes at risk (max)": r.max_at_risk,
        }
        for name, r in results.items()
    }
    return pd.DataFrame.from_dict(rows, orient="index").round(3)
