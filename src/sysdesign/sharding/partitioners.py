"""Simple partitioners: modulo hash, jump hash, ranges, a directory and a lat/lon grid.

Each answers the same two questions as the ring in ``ring`` and the rendezvous partitioner
in ``rendezvous``: ``shard_for(key)`` for one key and ``assign(keys)`` for many. The
``assign`` of a hashing partitioner hashes all keys at once with the bulk twins in
``_fast.py``; the tests check that it agrees with ``shard_for`` key for key.

>>> mod = ModuloPartitioner(4)
>>> mod.shard_for("user:42"), mod.assign(["user:42", "user:0"]).tolist()
(1, [1, 2])
>>> RangePartitioner([100, 200]).assign([5, 100, 150, 999]).tolist()
[0, 1, 1, 2]
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Iterable, Mapping

import numpy as np

from sysdesign.core import checks

from ._fast import hash64_many, jump_hash_many
from .base import Partitioner, _as_list, shard_names
from .hashing import hash64
from .jump import MAX_BUCKETS, _jump


class ModuloPartitioner(Partitioner):
    """``hash(key) mod N``: even, stateless, but changing N moves almost every key."""

    def __init__(self, shards):
        self.shards = shard_names(shards)

    def shard_for(self, key) -> int:
        """Hash the key, take the remainder."""
        return hash64(key) % len(self.shards)

    def assign(self, keys) -> np.ndarray:
        """Hash every key, take the remainders."""
        return (hash64_many(keys) % np.uint64(len(self.shards))).astype(np.int64)


class JumpPartitioner(Partitioner):
    """Shards ``0 .. n-1`` chosen by jump hash (see ``jump.py``) of the key's 64-bit hash."""

    def __init__(self, num_shards: int):
        # The shards are just the numbers 0..n-1: jump hash keeps no other state.
        self.shards = range(checks.integer(num_shards, "num_shards", 1, MAX_BUCKETS))

    def shard_for(self, key) -> int:
        """Jump bucket of the key's hash (already a valid 64-bit number: no re-checking)."""
        return _jump(hash64(key), len(self.shards))[0]

    def assign(self, keys) -> np.ndarray:
        """Jump bucket of every key, vectorised."""
        return jump_hash_many(hash64_many(keys), len(self.shards))


class RangePartitioner(Partitioner):
    """Contiguous key ranges: shard i holds keys in [boundaries[i-1], boundaries[i]).

    Keys are numbers (user ids, timestamps); neighbours share a shard, so range scans
    touch few shards, but a growing key (time) sends all new writes to the last shard.
    """

    def __init__(self, boundaries: Iterable[float], shards=None):
        bounds = np.asarray(list(boundaries), dtype=float)
        if bounds.ndim != 1 or not np.all(np.isfinite(bounds)):
            raise ValueError(f"boundaries must be a flat list of finite numbers, got {bounds!r}")
        if np.any(np.diff(bounds) <= 0):
            raise ValueError(f"boundaries must be strictly increasing, got {bounds.tolist()}")
        self.boundaries = bounds
        self.shards = shard_names(len(bounds) + 1 if shards is None else shards)
        if len(self.shards) != len(bounds) + 1:
            raise ValueError(f"{len(bounds)} boundaries make {len(bounds) + 1} shards, "
                             f"got {len(self.shards)} shard names")

    @classmethod
    def even(cls, lo: float, hi: float, num_shards: int) -> RangePartitioner:
        """Split [lo, hi) into ``num_shards`` equal ranges."""
        num_shards = checks.integer(num_shards, "num_shards", 1)
        lo, hi = checks.number(lo, "lo"), checks.number(hi, "hi")
        if not hi > lo:
            raise ValueError(f"hi must be greater than lo (lo={lo:g}), got {hi:g}")
        return cls(np.linspace(lo, hi, num_shards + 1)[1:-1])

    def shard_for(self, key) -> int:
        """Number of boundaries at or below the key."""
        return int(self.assign([key])[0])

    def assign(self, keys) -> np.ndarray:
        """Binary search of every key among the boundaries."""
        values = np.asarray(keys if isinstance(keys, np.ndarray) else _as_list(keys))
        if values.dtype.kind not in "iuf":
            raise TypeError(f"range keys must be numbers, got values of dtype {values.dtype}")
        return np.searchsorted(self.boundaries, values, side="right").astype(np.int64)


class DirectoryPartitioner(Partitioner):
    """A lookup table key -> shard: any placement you like, at the cost of storing it.

    Keys not in the table fall back to ``hash mod N``. ``lookups`` counts table reads.
    """

    def __init__(self, directory: Mapping, shards):
        self.shards = shard_names(shards)
        self.directory = dict(directory)
        bad = {s for s in self.directory.values() if not 0 <= s < len(self.shards)}
        if bad:
            raise ValueError(f"directory points at shards {sorted(bad)}, "
                             f"allowed 0..{len(self.shards) - 1}")
        self.lookups = 0

    @classmethod
    def balanced(cls, keys, weights, shards) -> DirectoryPartitioner:
        """Place keys heaviest first, each on the least-loaded shard so far (greedy LPT)."""
        names = shard_names(shards)
        keys, weights = _as_list(keys), np.asarray(weights, dtype=float)
        if len(keys) != len(weights):
            raise ValueError(f"got {len(keys)} keys but {len(weights)} weights")
        heap = [(0.0, shard) for shard in range(len(names))]  # (load so far, shard)
        directory = {}
        for i in np.argsort(-weights, kind="stable").tolist():
            load, shard = heapq.heappop(heap)
            directory[keys[i]] = shard
            heapq.heappush(heap, (load + float(weights[i]), shard))
        return cls(directory, names)

    def move(self, key, shard: int) -> None:
        """Move one key (say a celebrity) to another shard: only the table changes."""
        shard = checks.integer(shard, "shard", 0, len(self.shards) - 1)
        self.directory[key] = shard

    def shard_for(self, key) -> int:
        """Read the table; unknown keys fall back to hash mod N."""
        self.lookups += 1
        shard = self.directory.get(key)
        return hash64(key) % len(self.shards) if shard is None else shard


class GeoGridPartitioner(Partitioner):
    """Cut the map into square cells of ``cell_degrees``; each cell's hash picks its shard.

    Points close together share a cell, hence a shard (cheap "near me" queries), but a
    dense city makes its cell's shard hot. Keys are ``(lat, lon)`` pairs.
    """

    def __init__(self, shards, cell_degrees: float = 10.0):
        self.shards = shard_names(shards)
        self.cell_degrees = checks.number(cell_degrees, "cell_degrees", 0, 180, lo_open=True,
                                          hint="the side of a grid cell in degrees")
        self.columns = math.ceil(360 / self.cell_degrees)

    def cells(self, points) -> np.ndarray:
        """Cell number of each (lat, lon) point, row by row from the south-west corner."""
        points = np.asarray(points, dtype=float).reshape(-1, 2)
        lat, lon = points[:, 0], points[:, 1]
        if np.any(np.abs(lat) > 90) or np.any(np.abs(lon) > 180) or not np.all(np.isfinite(points)):
            raise ValueError("points must be (lat, lon) with lat in [-90, 90], lon in [-180, 180]")
        rows = np.minimum((lat + 90) // self.cell_degrees, math.ceil(180 / self.cell_degrees) - 1)
        cols = np.minimum((lon + 180) // self.cell_degrees, self.columns - 1)
        return (rows * self.columns + cols).astype(np.int64)

    def shard_for(self, key) -> int:
        """Shard of one (lat, lon) point."""
        return int(self.assign([key])[0])

    def assign(self, keys) -> np.ndarray:
        """Shard of every (lat, lon) point: hash of its cell, mod N."""
        return self.cell_shards(self.cells(keys))

    def cell_shards(self, cells) -> np.ndarray:
        """Shard of each cell number: its hash, mod N."""
        cells = np.asarray(cells, dtype=np.int64)
        return (hash64_many(cells) % np.uint64(len(self.shards))).astype(np.int64)

    def cells_near(self, lat: float, lon: float, radius_deg: float) -> list[int]:
        """Every cell a box of +-``radius_deg`` around (lat, lon) touches (wrapping in
        longitude, clipped at the poles): the cells a "near me" query must read."""
        lat = checks.number(lat, "lat", -90, 90)
        lon = checks.number(lon, "lon", -180, 180)
        radius_deg = checks.number(radius_deg, "radius_deg", 0, 90)
        rows = math.ceil(180 / self.cell_degrees)
        low = max(0, int((lat - radius_deg + 90) // self.cell_degrees))
        high = min(rows - 1, int((lat + radius_deg + 90) // self.cell_degrees))
        first = int((lon - radius_deg + 180) // self.cell_degrees)
        last = int((lon + radius_deg + 180) // self.cell_degrees)
        columns = {col % self.columns for col in range(first, last + 1)}
        return sorted(row * self.columns + col for row in range(low, high + 1)
                      for col in columns)
