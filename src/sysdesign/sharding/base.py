"""The one interface every partitioner shares: a key goes in, a shard index comes out."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

from sysdesign.core import checks


class Partitioner:
    """Map keys to shards ``0 .. num_shards - 1``; ``shards`` holds the shards' names.

    Subclasses implement :meth:`shard_for` and usually a faster :meth:`assign`; both
    must agree key for key (the tests check this for every partitioner).
    """

    shards: list

    @property
    def num_shards(self) -> int:
        """How many shards there are."""
        return len(self.shards)

    def shard_for(self, key) -> int:
        """Index (into ``shards``) of the shard that holds ``key``."""
        raise NotImplementedError

    def assign(self, keys: Iterable) -> np.ndarray:
        """Shard index of every key, as an int64 array (a plain loop unless overridden)."""
        return np.fromiter((self.shard_for(key) for key in _as_list(keys)), dtype=np.int64)

    def labels(self, keys: Iterable) -> np.ndarray:
        """Shard *names* of many keys: comparable across partitioners with different shards."""
        return np.asarray(self.shards, dtype=object)[self.assign(keys)]

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.num_shards} shards)"


def _as_list(keys) -> list:
    """Keys as a plain list (a numpy array becomes Python ints or strings)."""
    return keys.tolist() if isinstance(keys, np.ndarray) else list(keys)


def shard_names(shards: Sequence | int, name: str = "shards") -> list:
    """A list of distinct shard names from a count (``s0``, ``s1`` ...) or a sequence.

    ``name`` is the caller's parameter, for the error messages.

    >>> shard_names(3), shard_names(["eu", "us"])
    (['s0', 's1', 's2'], ['eu', 'us'])
    """
    if isinstance(shards, (int, np.integer)) and not isinstance(shards, bool):
        return [f"s{i}" for i in range(checks.integer(shards, name, 1))]
    if isinstance(shards, (str, bytes)):
        raise TypeError(f"{name} must be a count or a list of names, got the string {shards!r}")
    names = list(shards)
    if not names:
        raise ValueError(f"{name} must hold at least one name, got none")
    if len(set(names)) != len(names):
        raise ValueError(f"{name} must be distinct names, got {names!r}")
    return names
