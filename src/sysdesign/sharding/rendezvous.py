"""Rendezvous hashing, also called highest random weight (Thaler & Ravishankar 1998).

Every node scores every key with a hash of (key, node); the highest score wins. Removing
a node moves only its own keys (each to its runner-up), adding one takes the ideal
1/(N+1) share, and no ring is stored. The price: a lookup scores all N nodes.

Weighted nodes use the logarithmic method (Schindelhauer & Schomaker 2005): turn the score
into a uniform number u in (0, 1) and rank nodes by ``-weight / ln(u)``. Then -ln(u)/weight
is an exponential draw of rate ``weight``, and the smallest of several exponential draws
comes from node i with probability ``weight_i / sum(weights)``: each node wins its share.

>>> hrw = Rendezvous(["a", "b", "c"])
>>> hrw.node_for("user:42") == hrw.labels(["user:42"])[0]
True
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

import numpy as np

from sysdesign.core import checks

from ._fast import hash64_many, score_many, weighted_score_many
from .base import Partitioner, _as_list, shard_names
from .hashing import hash64, mix64


def unit_interval(score_: int) -> float:
    """A 64-bit score as a number strictly between 0 and 1 (its top 52 bits, plus half a step).

    >>> 0 < unit_interval(0) < unit_interval(2**64 - 1) < 1
    True
    """
    return ((score_ >> 12) + 0.5) / 2**52


def weighted_score(score_: int, weight: float) -> float:
    """A node's weighted score for a key: ``-weight / ln(u)``, larger wins (log method).

    >>> weighted_score(2**63, 2.0) == 2 * weighted_score(2**63, 1.0)
    True
    """
    return -weight / math.log(unit_interval(score_))


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

    ``weights`` (optional, node -> positive number) makes node i win about
    ``weight_i / sum(weights)`` of the keys; without it every node scores alike.
    ``scores`` counts node scores computed (N per key), the cost of a lookup.
    """

    def __init__(self, nodes: Iterable, *, weights: Mapping | None = None):
        self.scores = 0
        if weights is not None and not isinstance(weights, Mapping):
            raise TypeError(f"weights must map node names to positive numbers, got {weights!r}")
        self.weights: dict = {}
        self._set_nodes(list(nodes) if isinstance(nodes, np.ndarray) else nodes, weights or {})

    @property
    def nodes(self) -> list:
        """The nodes, in the order they joined."""
        return list(self.shards)

    def add_node(self, node, weight: float = 1.0) -> None:
        """Add a node: it wins the keys for which it now scores highest."""
        self._set_nodes(self.shards + [node], {**self.weights, node: weight})

    def remove_node(self, node) -> None:
        """Remove a node: each of its keys goes to the node that scored second."""
        if node not in self.shards:
            raise ValueError(f"node {node!r} is unknown; nodes are {self.shards!r}")
        self._set_nodes([n for n in self.shards if n != node],
                        {n: w for n, w in self.weights.items() if n != node})

    @property
    def weighted(self) -> bool:
        """Do the nodes have different weights (so scores go through the log method)?"""
        return len(set(self.weights.values())) > 1

    def _set_nodes(self, nodes, weights: Mapping) -> None:
        self.shards = shard_names(nodes, "nodes")
        unknown = set(weights) - set(self.shards)
        if unknown:
            raise ValueError(f"weights names unknown nodes: {sorted(map(str, unknown))}")
        self.weights = {node: checks.number(weights.get(node, 1.0), "weight", 0, lo_open=True,
                                            hint=f"the weight of node {node!r}")
                        for node in self.shards}
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
        if self.weighted:
            scores = [weighted_score(s, self.weights[node])
                      for s, node in zip(scores, self.shards, strict=True)]
        return scores.index(max(scores))

    def assign(self, keys) -> np.ndarray:
        """Winning node index for every key (the bulk twin of :meth:`shard_for`): a
        (keys x nodes) score matrix, and the highest score of each row."""
        hashes = hash64_many(keys if isinstance(keys, np.ndarray) else _as_list(keys))
        scores = score_many(hashes, np.array(self._seeds, dtype=np.uint64))
        self.scores += scores.size
        if self.weighted:
            weights = np.array([self.weights[node] for node in self.shards])
            scores = weighted_score_many(scores, weights)
        return np.argmax(scores, axis=1).astype(np.int64)
