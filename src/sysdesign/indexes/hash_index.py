"""A hash index: buckets of (key, row) pairs, found by a hash of the key.

A point lookup hashes the key and reads one bucket, whatever the table's size. The hash
scatters neighbouring keys over unrelated buckets, so a range query (``lo <= key <= hi``)
learns nothing from it and must read every bucket. The hash is CRC-32 of the key's text,
so runs are the same in every process (Python's own ``hash`` of a string is salted).

>>> index = HashIndex(buckets=4)
>>> for row, city in enumerate(["Oslo", "Lima", "Oslo", "Pune"]):
...     index.add(city, row)
>>> index.get("Oslo"), index.entries_read
([0, 2], 2)
>>> index.range("L", "P"), index.entries_read
([1, 0, 2], 6)
"""

from __future__ import annotations

import zlib

from ..core import checks


def stable_hash(key) -> int:
    """CRC-32 of ``str(key)``: the same number in every run."""
    return zlib.crc32(str(key).encode("utf-8"))


class HashIndex:
    """A non-unique hash index with ``buckets`` chains and a counter of entries read."""

    def __init__(self, buckets: int = 64):
        self.buckets = checks.integer(buckets, "buckets", 1, hint="hash buckets")
        self.table: list[list[tuple]] = [[] for _ in range(self.buckets)]
        self.entries_read = 0

    def bucket_of(self, key) -> int:
        """The bucket ``key`` hashes to."""
        return stable_hash(key) % self.buckets

    def add(self, key, row) -> None:
        """Index ``row`` under ``key`` (a key may have many rows)."""
        self.table[self.bucket_of(key)].append((key, row))

    def get(self, key) -> list:
        """Rows with exactly this key: one bucket read."""
        chain = self.table[self.bucket_of(key)]
        self.entries_read += len(chain)
        return [row for k, row in chain if k == key]

    def range(self, lo, hi) -> list:
        """Rows with lo <= key <= hi: every bucket read, rows in key order."""
        found = []
        for chain in self.table:
            self.entries_read += len(chain)
            found.extend((k, row) for k, row in chain if lo <= k <= hi)
        return [row for _k, row in sorted(found, key=lambda pair: pair[0])]

    def __len__(self) -> int:
        return sum(len(chain) for chain in self.table)
