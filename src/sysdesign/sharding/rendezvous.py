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

from ._fast import hash64_many, score_many
from .base import Partitioner, _as_list, shard_names
from .hashing import hash64, mix64


def score(key_hash: int, node_seed: int) -> int:
    """A node's random weight for a key: the two hashes combined, then mixed.

    Mixing after the xor makes the scores of one key on different nodes look independent,
    so each node is equally likely to win any key.

    >>> score(hash64("user:42"), hash64("a")) != score(hash64("user:42"), hash64("b"))
    True
    """
    return mix64(key_hash ^ node_seed)


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
        self.shards = shard_names(nodes, "nodes")
        # Each node's seed: the hash of its name, combined with a key's hash to score it.
        self._seeds = [hash64(str(node)) for node in self.shards]

    def node_for(self, key):
        """The node with the highest score for ``key``."""
        return self.shards[self.shard_for(key)]

    def shard_for(self, key) -> int:
        """Index of the node with the highest score for ``key`` (the first one on a tie)."""
        key_hash = hash64(key)
        scores = [score(key_hash, seed) for seed in self._seeds]
        self.scores += len(scores)
        return scores.index(max(scores))

    def assign(self, keys) -> np.ndarray:
        """Winning node index for every key (the bulk twin of :meth:`shard_for`): a
        (keys x nodes) score matrix, and the highest score of each row."""
        hashes = hash64_many(keys if isinstance(keys, np.ndarray) else _as_list(keys))
        scores = score_many(hashes, np.array(self._seeds, dtype=np.uint64))
        self.scores += scores.size
        return np.argmax(scores, axis=1).astype(np.int64)
