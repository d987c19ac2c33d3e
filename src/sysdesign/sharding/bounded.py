"""Consistent hashing with bounded loads (Mirrokni, Thorup & Zadimoghaddam, SODA 2018).

Plain consistent hashing sends every request for a key to the key's node, so one hot key
can swamp one server while its neighbours idle. With bounded loads each server accepts at
most ``ceil((1 + epsilon) * average load)`` requests; a request that finds its node full
walks on clockwise to the next node with room. The walk keeps what locality it can (the
overflow of a key always lands on the same successors, so their caches warm up) while no
server carries more than 1 + epsilon times the average.

This is the online form HAProxy (``hash-balance-factor``) and Envoy (``hash_balance_factor``)
implement: the average counts the requests placed so far, this one included.

>>> from sysdesign.sharding.ring import HashRing
>>> ring = HashRing(["a", "b", "c"], vnodes=20)
>>> placed = bounded_assign(ring, ["hot"] * 30, epsilon=0.25)
>>> int(placed.loads.max()), capacity(30, 3, 0.25)  # the busiest node stays at the cap
(13, 13)
>>> int(placed.forwarded)                          # requests served away from home
17
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from sysdesign.core import checks

from ._fast import clockwise_slot_many, hash64_many
from .base import _as_list
from .ring import HashRing


def capacity(placed: int, num_nodes: int, epsilon: float) -> int:
    """The most requests one node may hold when ``placed`` are in the system: the ceiling of
    (1 + epsilon) times the average, ``ceil((1 + epsilon) * placed / num_nodes)``.

    >>> capacity(1000, 8, 0.25)
    157
    """
    placed = checks.integer(placed, "placed", 0)
    num_nodes = checks.integer(num_nodes, "num_nodes", 1)
    epsilon = checks.number(epsilon, "epsilon", 0, lo_open=True, finite=False)
    if math.isinf(epsilon):
        return placed  # no bound: plain consistent hashing
    # A tiny slack absorbs float rounding (1.25 * 1000 / 8 must be 156.25, not 156.2500001).
    return math.ceil((1 + epsilon) * placed / num_nodes - 1e-9)


def _capacities(count: int, num_nodes: int, epsilon: float) -> list[int]:
    """``capacity(t, num_nodes, epsilon)`` for t = 1 .. ``count``, the same formula with its
    arguments checked once instead of once per request (the tests check every value)."""
    capacity(count, num_nodes, epsilon)  # the checks, once
    if math.isinf(epsilon):
        return list(range(1, count + 1))
    scale = 1 + epsilon
    return [math.ceil(scale * placed / num_nodes - 1e-9) for placed in range(1, count + 1)]


@dataclass(frozen=True)
class BoundedPlacement:
    """Where each request went: its home node (plain consistent hashing) and its server."""

    nodes: list  # node names, in ring order of joining
    home: np.ndarray  # node index each request's key hashes to
    server: np.ndarray  # node index that served it
    loads: np.ndarray  # requests per node at the end
    epsilon: float

    @property
    def forwarded(self) -> int:
        """Requests served by a node other than their key's home (a cache miss there)."""
        return int(np.count_nonzero(self.home != self.server))

    @property
    def home_loads(self) -> np.ndarray:
        """Requests per node under plain consistent hashing (no bound)."""
        return np.bincount(self.home, minlength=len(self.nodes))


def bounded_assign(ring: HashRing, requests: Iterable, epsilon: float) -> BoundedPlacement:
    """Place ``requests`` (keys, one per request, in arrival order) with bounded loads.

    Request t may go to a node holding fewer than ``capacity(t, N, epsilon)`` requests
    (the t requests so far, itself included); it walks clockwise from its key's position,
    point by point, to the first such node. ``epsilon=math.inf`` is plain consistent hashing.
    """
    if not isinstance(ring, HashRing):
        raise TypeError(f"ring must be a HashRing, got {type(ring).__name__}")
    epsilon = checks.number(epsilon, "epsilon", 0, lo_open=True, finite=False,
                            hint="allowed load above the average, e.g. 0.25 for 25 %")
    keys = _as_list(requests)
    positions, owners = ring.points()
    # Each request's home point, found as usual (all at once: it depends only on the key).
    slots = clockwise_slot_many(positions, hash64_many(keys, ring.hash_fn)).tolist()
    owners = owners.tolist()
    loads = [0] * len(ring.nodes)
    home, server = [], []
    # The cap for the t-th request is capacity(t, N, epsilon), computed for all t at once.
    caps = _capacities(len(slots), len(loads), epsilon)
    # The walk goes one request at a time: where a request fits depends on those before it.
    for slot, cap in zip(slots, caps, strict=True):
        home.append(owners[slot])
        while loads[owners[slot]] >= cap:  # full: try the next point clockwise
            slot = (slot + 1) % len(owners)
        loads[owners[slot]] += 1
        server.append(owners[slot])
    return BoundedPlacement(nodes=ring.nodes, home=np.array(home, dtype=np.int64),
                            server=np.array(server, dtype=np.int64),
                            loads=np.array(loads, dtype=np.int64), epsilon=epsilon)
