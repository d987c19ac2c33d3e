"""A consistent-hash ring with virtual nodes (Karger et al. 1997), in the style of Dynamo.

Each node is hashed to ``vnodes`` points on a circle of 2**64 positions; a key belongs to
the first point clockwise from the key's own hash. Adding a node takes over only the arcs
just before its new points, so about 1/(N+1) of the keys move instead of almost all.

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
from collections.abc import Iterable

import numpy as np

from .base import Partitioner, _as_list, count
from .hashing import RING_SIZE, HashFn, hash64, hash64_array


class HashRing(Partitioner):
    """Consistent-hash ring: ``node_for(key)``, ``add_node``, ``remove_node``, bulk ``assign``.

    ``hash_fn`` maps a key (and each virtual node's label ``f"{node}-{i}"``) to 0..2**64-1;
    with :func:`~sysdesign.sharding.hashing.md5_hash64` the ring matches ``uhashring``.
    Counters: ``lookups`` (keys placed so far) and ``changes`` (nodes added or removed).
    """

    def __init__(self, nodes: Iterable, vnodes: int = 100, *, hash_fn: HashFn = hash64):
        self.vnodes = count(vnodes, "vnodes (virtual nodes per node)")
        if not callable(hash_fn):
            raise TypeError(f"hash_fn must be callable, got {hash_fn!r}")
        self.hash_fn = hash_fn
        if isinstance(nodes, (str, bytes)):
            raise TypeError(f"nodes must be a list of node names, got the string {nodes!r}")
        self._points: dict = {}  # node -> its vnode positions
        self._place(list(nodes))
        if not self._points:
            raise ValueError("a HashRing needs at least one node, got none")
        self.lookups = 0
        self.changes = 0
        self._rebuild()

    @property
    def nodes(self) -> list:
        """The nodes, in the order they joined."""
        return list(self._points)

    shards = nodes  # the Partitioner interface calls them shards

    def add_node(self, node) -> None:
        """Put a new node's virtual nodes on the ring."""
        self._place([node])
        self.changes += 1
        self._rebuild()

    def remove_node(self, node) -> None:
        """Take a node off the ring; its keys fall to the next points clockwise."""
        if node not in self._points:
            raise ValueError(f"node {node!r} is not on the ring; nodes are {self.nodes!r}")
        if len(self._points) == 1:
            raise ValueError(f"cannot remove {node!r}: a ring needs at least one node")
        del self._points[node]
        self.changes += 1
        self._rebuild()

    def node_for(self, key):
        """The node that owns ``key``: the first virtual node clockwise from its hash."""
        return self._owner_nodes[self.shard_for(key)]

    def shard_for(self, key) -> int:
        """Index into ``nodes`` of the node that owns ``key``."""
        self.lookups += 1
        slot = bisect.bisect_right(self._position_list, self.hash_fn(key))
        return int(self._owners[slot % len(self._position_list)])

    def assign(self, keys: Iterable) -> np.ndarray:
        """Node index of every key at once: hash all keys, then one binary search in numpy."""
        hashes = hash64_array(keys if isinstance(keys, np.ndarray) else _as_list(keys),
                              self.hash_fn)
        self.lookups += len(hashes)
        slots = np.searchsorted(self._positions, hashes, side="right")
        slots[slots == len(self._positions)] = 0  # past the last point: wrap to the first
        return self._owners[slots]

    def nodes_for(self, keys: Iterable) -> np.ndarray:
        """Node of every key, as an object array; equals ``[ring.node_for(k) for k in keys]``."""
        return self._owner_nodes[self.assign(keys)]

    def points(self) -> tuple[np.ndarray, np.ndarray]:
        """Sorted vnode positions (uint64) and the node index owning each."""
        return self._positions.copy(), self._owners.copy()

    def ownership(self) -> np.ndarray:
        """Share of the whole circle each node owns (sums to 1): the load uniform keys give it."""
        share = np.zeros(len(self._points))
        if len(self._positions) == 1:
            share[self._owners[0]] = 1.0
            return share
        # Each point owns the arc back to the previous point; uint64 subtraction wraps
        # around the circle, which is exactly the first point's arc from the last one.
        with np.errstate(over="ignore"):
            arcs = np.diff(self._positions, prepend=self._positions[-1:])
        np.add.at(share, self._owners, arcs.astype(float) / RING_SIZE)
        return share

    def _place(self, nodes: list) -> None:
        """Hash every vnode label ``f"{node}-{i}"`` of new nodes in one batch."""
        for i, node in enumerate(nodes):
            if node in self._points or node in nodes[:i]:
                raise ValueError(f"node {node!r} is already on the ring")
        labels = [f"{node}-{i}" for node in nodes for i in range(self.vnodes)]
        positions = hash64_array(labels, self.hash_fn)
        for i, node in enumerate(nodes):
            self._points[node] = positions[i * self.vnodes:(i + 1) * self.vnodes]

    def _rebuild(self) -> None:
        positions = np.concatenate(list(self._points.values()))
        owners = np.repeat(np.arange(len(self._points)), [len(p) for p in self._points.values()])
        # Sort by position, then node order, so two vnodes on one position resolve the
        # same way every time; with 64-bit positions that is vanishingly rare anyway.
        order = np.lexsort((owners, positions))
        self._positions = positions[order]
        self._owners = owners[order].astype(np.int64)
        self._position_list = self._positions.tolist()  # bisect on a list: fast for one key
        self._owner_nodes = np.empty(len(self._points), dtype=object)
        self._owner_nodes[:] = self.nodes

    def __repr__(self) -> str:
        return f"HashRing({len(self._points)} nodes, vnodes={self.vnodes})"
