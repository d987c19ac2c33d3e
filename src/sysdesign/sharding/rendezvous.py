"""Rendezvous hashing, also called highest random weight (Thaler & Ravishankar 1998).

Every node scores every key with a hash of (key, node); the highest score wins. Removing
a node moves only its own keys (each to its runner-up), adding one takes the ideal
1/(N+1) share, and no ring is stored. The price: a lookup scores all N nodes.

>>> hrw = Rendezvous(["a", "b", "c"])
>>> hrw.node_for("user:42") == hrw.labels(["user:42"])[0]
True
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from .base import Partitioner, _as_list, shard_names
from .hashing import hash64, hash64_array, mix64, mix64_array


class Rendezvous(Partitioner):
    """Highest-random-weight partitioner: ``node_for``, ``add_node``, ``remove_node``, ``assign``.

    ``scores`` counts node scores computed (N per key), the cost of a lookup.
    """

    def __init__(self, nodes: Iterable):
        self.scores = 0
        self._set_nodes(list(nodes) if isinstance(nodes, np.ndarray) else nodes)

    @property
    def nodes(self) -> list:
        """The nodes, in the order they joined."""
        return list(self.shards)

    def add_node(self, node) -> None:
        """Add a node: it wins the keys for which it now scores highest."""
        self._set_nodes(self.shards + [node])

    def remove_node(self, node) -> None:
        """Remove a node: each of its keys goes to the node that scored second."""
        if node not in self.shards:
            raise ValueError(f"node {node!r} is unknown; nodes are {self.shards!r}")
        self._set_nodes([n for n in self.shards if n != node])

    def _set_nodes(self, nodes) -> None:
        self.shards = shard_names(nodes)
        # Each node's seed: its name's hash, mixed with the key's hash to score it.
        self._seeds = np.array([hash64(str(node)) for node in self.shards], dtype=np.uint64)

    def node_for(self, key):
        """The node with the highest score for ``key``."""
        return self.shards[self.shard_for(key)]

    def shard_for(self, key) -> int:
        """Index of the node with the highest score for ``key``."""
        key_hash = hash64(key)
        scores = [mix64(key_hash ^ int(seed)) for seed in self._seeds]
        self.scores += len(scores)
        return max(range(len(scores)), key=scores.__getitem__)

    def assign(self, keys) -> np.ndarray:
        """Winning node index for every key: an (keys x nodes) score matrix, argmax per row."""
        hashes = hash64_array(keys if isinstance(keys, np.ndarray) else _as_list(keys))
        scores = mix64_array(hashes[:, None] ^ self._seeds[None, :])
        self.scores += scores.size
        return np.argmax(scores, axis=1).astype(np.int64)
