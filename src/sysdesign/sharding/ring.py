"""A consistent-hash ring with virtual nodes (Karger et al. 1997), in the style of Dynamo.

Each node is hashed to ``vnodes`` points on a circle of 2**64 positions; a key belongs to
the first point clockwise from the key's own hash. So each point owns the arc that *ends*
at it: the stretch from the previous point (counter-clockwise) up to the point itself.
Adding a node takes over only the arcs that end at its new points, so about 1/(N+1) of the
keys move instead of almost all. A heavier node gets more points (``weights``), and a key's
replicas go to the next distinct nodes clockwise (:meth:`HashRing.preference_list`).

>>> ring = HashRing(["a", "b", "c"], vnodes=50)
>>> ring.node_for("user:42") in {"a", "b", "c"}
True
>>> before = ring.nodes_for(range(10_000))
>>> ring.add_node("d")
>>> moved = before != ring.nodes_for(range(10_000))
>>> set(ring.nodes_for(range(10_000))[moved])  # keys only ever move to the new node
{'d'}
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping

import numpy as np

from sysdesign.core import checks

from ._fast import clockwise_slot_many, hash64_many, vnode_hash64_many
from .base import Partitioner, _as_list
from .hashing import RING_SIZE, HashFn, hash64


def clockwise_slot(positions: list[int], key_hash: int) -> int:
    """Index of the first point clockwise from ``key_hash`` on a ring of sorted ``positions``.

    A point exactly at the key's hash does not own it (the key is just past it). Past the
    last point the circle closes, and the first point owns the key.

    >>> clockwise_slot([10, 20, 30], 15), clockwise_slot([10, 20, 30], 20)
    (1, 2)
    >>> clockwise_slot([10, 20, 30], 35)   # wraps around to the first point
    0
    """
    slot = bisect.bisect_right(positions, key_hash)  # binary search: log2(points) steps
    return slot if slot < len(positions) else 0


class HashRing(Partitioner):
    """Consistent-hash ring: ``node_for(key)``, ``add_node``, ``remove_node``, bulk ``assign``.

    ``hash_fn`` maps a key (and each virtual node's label ``f"{node}-{i}"``) to 0..2**64-1;
    with :func:`~sysdesign.sharding.hashing.md5_hash64` the ring matches ``uhashring``'s
    default ring, weights included. A node of integer weight w gets ``vnodes * w`` points
    (labels ``node-0 .. node-{vnodes*w - 1}``), so it owns about w times the share.
    Counters: ``lookups`` (keys placed so far) and ``changes`` (nodes added or removed).
    """

    def __init__(self, nodes: Iterable, vnodes: int = 100, *, hash_fn: HashFn = hash64,
                 weights: Mapping | None = None):
        self.vnodes = checks.integer(vnodes, "vnodes", 1, hint="virtual nodes per node")
        if not callable(hash_fn):
            raise TypeError(f"hash_fn must be callable, got {hash_fn!r}")
        self.hash_fn = hash_fn
        if isinstance(nodes, (str, bytes)):
            raise TypeError(f"nodes must be a list of node names, got the string {nodes!r}")
        if weights is not None and not isinstance(weights, Mapping):
            raise TypeError(f"weights must map node names to integer weights, got {weights!r}")
        nodes = list(nodes)
        unknown = set(weights or {}) - set(nodes)
        if unknown:
            raise ValueError(f"weights names nodes that are not on the ring: "
                             f"{sorted(map(str, unknown))}")
        self.weights: dict = {}
        self._points: dict = {}  # node -> its vnode positions, in the order nodes joined
        self._place(nodes, weights or {})
        if not self._points:
            raise ValueError("nodes must hold at least one node, got none")
        self.lookups = 0
        self.changes = 0
        self._rebuild()

    @property
    def nodes(self) -> list:
        """The nodes, in the order they joined."""
        return list(self._points)

    shards = nodes  # the Partitioner interface calls them shards

    def add_node(self, node, weight: int = 1) -> None:
        """Put a new node's ``vnodes * weight`` virtual nodes on the ring."""
        self._place([node], {node: weight})
        self.changes += 1
        self._rebuild()

    def remove_node(self, node) -> None:
        """Take a node off the ring; its keys fall to the next points clockwise."""
        if node not in self._points:
            raise ValueError(f"node {node!r} is not on the ring; nodes are {self.nodes!r}")
        if len(self._points) == 1:
            raise ValueError(f"cannot remove {node!r}: a ring needs at least one node")
        del self._points[node]
        del self.weights[node]
        self.changes += 1
        self._rebuild()

    def node_for(self, key):
        """The node that owns ``key``: the first virtual node clockwise from its hash."""
        return self.nodes[self.shard_for(key)]

    def shard_for(self, key) -> int:
        """Index into ``nodes`` of the node that owns ``key``."""
        self.lookups += 1
        return self._owners[clockwise_slot(self._positions, self.hash_fn(key))]

    def assign(self, keys: Iterable) -> np.ndarray:
        """Node index of every key at once (the bulk twin of :meth:`shard_for`)."""
        hashes = hash64_many(keys if isinstance(keys, np.ndarray) else _as_list(keys),
                             self.hash_fn)
        self.lookups += len(hashes)
        return self._owner_array[clockwise_slot_many(self._position_array, hashes)]

    def nodes_for(self, keys: Iterable) -> np.ndarray:
        """Node of every key, as an object array; equals ``[ring.node_for(k) for k in keys]``."""
        return self._node_array[self.assign(keys)]

    def preference_list(self, key, n: int) -> list:
        """The ``n`` distinct nodes that hold ``key``'s replicas, in order (Dynamo, section 4.3).

        Walk clockwise from the key: the first point's node coordinates the key, and the walk
        goes on, skipping points of nodes already listed, until ``n`` distinct nodes are found.
        """
        n = checks.integer(n, "n", 1, len(self._points), hint="replicas, at most the nodes")
        start = clockwise_slot(self._positions, self.hash_fn(key))
        found: list = []
        for step in range(len(self._positions)):
            node = self.nodes[self._owners[(start + step) % len(self._positions)]]
            if node not in found:  # a second point of a node already listed: skip it
                found.append(node)
                if len(found) == n:
                    break
        return found

    def points(self) -> tuple[np.ndarray, np.ndarray]:
        """Sorted vnode positions (uint64) and the node index owning each."""
        return self._position_array.copy(), self._owner_array.copy()

    def ownership(self) -> np.ndarray:
        """Share of the whole circle each node owns (sums to 1): the load uniform keys give it.

        Each point owns the arc back to the point before it; the first point's arc runs
        back across the top of the circle to the last point.
        """
        share = np.zeros(len(self._points))
        if len(self._position_array) == 1:  # one point alone owns the whole circle
            share[self._owners[0]] = 1.0
            return share
        # uint64 subtraction wraps around modulo 2**64, which is exactly the first
        # point's arc from the last one across the top.
        with np.errstate(over="ignore"):
            arcs = np.diff(self._position_array, prepend=self._position_array[-1:])
        np.add.at(share, self._owner_array, arcs.astype(float) / RING_SIZE)
        return share

    def _place(self, nodes: list, weights: Mapping) -> None:
        """Hash the vnode labels ``f"{node}-{i}"`` of new nodes to their positions."""
        counts = []
        for i, node in enumerate(nodes):
            if node in self._points or node in nodes[:i]:
                raise ValueError(f"node {node!r} is already on the ring")
            weight = checks.integer(weights.get(node, 1), "weight", 1,
                                    hint=f"the weight of node {node!r}")
            counts.append(self.vnodes * weight)
        if self.hash_fn is hash64:  # the same hashes, without making each label's text
            positions = vnode_hash64_many(nodes, counts)
        else:
            labels = [f"{node}-{i}" for node, count in zip(nodes, counts, strict=True)
                      for i in range(count)]
            positions = hash64_many(labels, self.hash_fn)  # all labels in one batch
        ends = np.cumsum([0] + counts)
        for i, node in enumerate(nodes):
            self._points[node] = positions[ends[i]:ends[i + 1]]
            self.weights[node] = counts[i] // self.vnodes

    def _rebuild(self) -> None:
        """Sort every vnode by position: the ring read clockwise from the top."""
        positions = np.concatenate(list(self._points.values()))
        owners = np.repeat(np.arange(len(self._points)), [len(p) for p in self._points.values()])
        # Sort by position, then by node order, so two vnodes on one position (vanishingly
        # rare with 64-bit positions) resolve the same way every time.
        order = np.lexsort((owners, positions))
        self._position_array = positions[order]
        self._owner_array = owners[order].astype(np.int64)
        # The same ring as plain lists, for the one-key lookups of :meth:`shard_for`.
        self._positions = self._position_array.tolist()
        self._owners = self._owner_array.tolist()
        self._node_array = np.empty(len(self._points), dtype=object)
        self._node_array[:] = self.nodes

    def __repr__(self) -> str:
        return f"HashRing({len(self._points)} nodes, vnodes={self.vnodes})"
