"""A log-structured merge tree (O'Neil et al., 1996) with size-tiered compaction.

Writes go to an in-memory **memtable**. When it holds ``memtable_size`` entries it is
written out, sorted, as an immutable **sorted run** (an SSTable in LevelDB's and
RocksDB's words). Runs are grouped in tiers: a flushed run is tier 0; when ``fanout``
runs share a tier, **compaction** merges them into one run of the next tier, keeping only
the newest value of each key. A lookup asks the memtable, then the runs from newest to
oldest, and stops at the first hit.

Amplification, as this module counts it (no Bloom filters, no deletes):

- **write amplification** = entries written to storage (flushes plus compaction output)
  per entry inserted. With distinct keys and ``n = memtable_size * fanout**k`` inserts,
  every entry is written once by its flush and once per merge it takes part in: 1 + k.
- **read amplification** = sorted runs probed per lookup (the memtable is in memory and
  free). A key that is absent probes every run; the number of runs is the sum of the
  base-``fanout`` digits of ``n // memtable_size``.

>>> lsm = LSMTree(memtable_size=2, fanout=2)
>>> for key in range(8):
...     lsm.put(key, key * 10)
>>> lsm.entries_written, lsm.write_amplification, [len(run) for run in lsm.runs]
(24, 3.0, [8])
>>> lsm.get(5), lsm.get(99), lsm.runs_probed
(50, None, 2)
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from typing import NamedTuple

from ..core import checks

_MISSING = object()


class Run(NamedTuple):
    """An immutable sorted run: its keys, their values, and its tier."""

    keys: list
    values: list
    tier: int

    def __len__(self) -> int:
        return len(self.keys)

    def find(self, key, default=_MISSING):
        """The value of ``key`` in this run (binary search), or ``default``."""
        i = bisect.bisect_left(self.keys, key)
        return self.values[i] if i < len(self.keys) and self.keys[i] == key else default


class LSMTree:
    """Memtable + sorted runs + size-tiered compaction, with amplification counters."""

    def __init__(self, memtable_size: int = 4, fanout: int = 4):
        self.memtable_size = checks.integer(memtable_size, "memtable_size", 1,
                                            hint="entries held in memory before a flush")
        self.fanout = checks.integer(fanout, "fanout", 2,
                                     hint="runs of one tier merged together")
        self.memtable: dict = {}
        self.runs: list[Run] = []      # newest first
        self.puts = 0                  # entries inserted
        self.entries_written = 0       # entries written to storage: flushes + compactions
        self.flushes = 0
        self.compactions = 0
        self.lookups = 0
        self.runs_probed = 0           # sorted runs searched by get()

    def put(self, key, value) -> None:
        """Insert or replace ``key``; flush the memtable when it is full."""
        self.memtable[key] = value
        self.puts += 1
        if len(self.memtable) >= self.memtable_size:
            self.flush()

    def flush(self) -> None:
        """Write the memtable out as a sorted tier-0 run, then compact."""
        if not self.memtable:
            return
        keys = sorted(self.memtable)
        self.runs.insert(0, Run(keys, [self.memtable[k] for k in keys], 0))
        self.entries_written += len(keys)
        self.flushes += 1
        self.memtable = {}
        self._compact()

    def _compact(self) -> None:
        """While ``fanout`` runs share a tier, merge them into one run of the next tier."""
        while True:
            tiers = [run.tier for run in self.runs]
            full = next((t for t in sorted(set(tiers)) if tiers.count(t) >= self.fanout), None)
            if full is None:
                return
            picked = [i for i, run in enumerate(self.runs) if run.tier == full][:self.fanout]
            merged = merge([self.runs[i] for i in picked], full + 1)
            self.runs[picked[0]:picked[-1] + 1] = [merged]
            self.entries_written += len(merged)
            self.compactions += 1

    def get(self, key, default=None):
        """The newest value of ``key``: memtable first, then runs newest to oldest."""
        self.lookups += 1
        if key in self.memtable:
            return self.memtable[key]
        for run in self.runs:
            self.runs_probed += 1
            value = run.find(key)
            if value is not _MISSING:
                return value
        return default

    def range(self, lo, hi) -> Iterator[tuple]:
        """Yield (key, newest value) for lo <= key <= hi, in ascending key order."""
        newest: dict = {}
        for run in reversed(self.runs):  # oldest first, so newer values overwrite
            start, stop = bisect.bisect_left(run.keys, lo), bisect.bisect_right(run.keys, hi)
            newest.update(zip(run.keys[start:stop], run.values[start:stop], strict=True))
        newest.update((k, v) for k, v in self.memtable.items() if lo <= k <= hi)
        yield from sorted(newest.items(), key=lambda item: item[0])

    def __len__(self) -> int:
        """Distinct keys stored."""
        keys = set(self.memtable)
        for run in self.runs:
            keys.update(run.keys)
        return len(keys)

    @property
    def write_amplification(self) -> float:
        """Entries written to storage per entry inserted."""
        return self.entries_written / self.puts if self.puts else 0.0

    @property
    def read_amplification(self) -> float:
        """Sorted runs probed per lookup, on average over the lookups so far."""
        return self.runs_probed / self.lookups if self.lookups else 0.0


def merge(runs: list[Run], tier: int) -> Run:
    """Merge sorted runs (newest first) into one; the newest value of each key wins.

    >>> merge([Run([2, 3], ["new", "c"], 0), Run([1, 2], ["a", "old"], 0)], 1)
    Run(keys=[1, 2, 3], values=['a', 'new', 'c'], tier=1)
    """
    newest: dict = {}
    for run in reversed(runs):      # oldest first, so a newer value overwrites an older one
        newest.update(zip(run.keys, run.values, strict=True))
    keys = sorted(newest)           # each run is sorted: Timsort merges the runs it finds
    return Run(keys, [newest[key] for key in keys], tier)


def digit_sum(n: int, base: int) -> int:
    """Sum of the base-``base`` digits of n: the runs left after n flushes (tiered).

    >>> digit_sum(6, 2), digit_sum(15, 4)
    (2, 6)
    """
    n = checks.integer(n, "n", 0)
    base = checks.integer(base, "base", 2)
    total = 0
    while n:
        n, digit = divmod(n, base)
        total += digit
    return total
