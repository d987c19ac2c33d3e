"""How good is a partitioning? Load per shard, imbalance, keys moved, work per lookup.

>>> load = load_per_shard([0, 0, 1, 2], 3)
>>> load.tolist(), imbalance(load), round(coefficient_of_variation(load), 3)
([2.0, 1.0, 1.0], 1.5, 0.354)
>>> moved_share(["a", "b", "c"], ["a", "b", "d"])
0.3333333333333333
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd

from sysdesign.core import checks

from .base import Partitioner
from .partitioners import JumpPartitioner, ModuloPartitioner
from .rendezvous import Rendezvous
from .ring import HashRing


def load_per_shard(assignment, num_shards: int, weights=None) -> np.ndarray:
    """Keys (or, with ``weights``, requests) on each shard ``0 .. num_shards - 1``."""
    num_shards = checks.integer(num_shards, "num_shards", 1)
    assignment = np.asarray(assignment, dtype=np.int64)
    if assignment.size and (assignment.min() < 0 or assignment.max() >= num_shards):
        raise ValueError(f"assignment must hold shard indices in 0..{num_shards - 1}, got "
                         f"{assignment.min()}..{assignment.max()}")
    return np.bincount(assignment, weights=weights, minlength=num_shards).astype(float)


def imbalance(load) -> float:
    """Busiest shard over the average shard (1.0 is perfect; 2.0 means twice its share)."""
    load = _nonempty(load)
    return float(load.max() / load.mean()) if load.mean() > 0 else 1.0


def coefficient_of_variation(load) -> float:
    """Standard deviation of the loads over their mean (0 is perfect)."""
    load = _nonempty(load)
    return float(load.std() / load.mean()) if load.mean() > 0 else 0.0


def moved_share(before: Sequence, after: Sequence) -> float:
    """Share of keys whose shard name differs between two assignments of the same keys."""
    before, after = np.asarray(before, dtype=object), np.asarray(after, dtype=object)
    if before.shape != after.shape or before.size == 0:
        raise ValueError(f"before and after must be equally long and not empty, got "
                         f"{before.size} and {after.size} keys")
    return float(np.mean(before != after))


def ideal_moved_share(num_shards: int) -> float:
    """The least any scheme can move when shard N+1 joins N shards: 1 / (N + 1)."""
    return 1 / (checks.integer(num_shards, "num_shards", 1) + 1)


# Builders for each scheme, keyed by the name the notebooks show. ``vnodes`` only
# matters for the ring.
SCHEMES: dict[str, Callable[..., Partitioner]] = {
    "mod-N": lambda n, vnodes: ModuloPartitioner(n),
    "ring": lambda n, vnodes: HashRing([f"s{i}" for i in range(n)], vnodes=vnodes),
    "rendezvous": lambda n, vnodes: Rendezvous([f"s{i}" for i in range(n)]),
    "jump": lambda n, vnodes: JumpPartitioner(n),
}


def lookup_cost(scheme: str, num_shards: int, vnodes: int = 100) -> float:
    """Work per lookup: hash mixes / comparisons / LCG steps (counted, not timed).

    mod-N: 1 hash; ring: 1 hash + log2(N * vnodes) comparisons of a binary search;
    rendezvous: N scores; jump: 1 hash + about ln(N) + 1 jumps (expected value).
    """
    n = checks.integer(num_shards, "num_shards", 1)
    vnodes = checks.integer(vnodes, "vnodes", 1)
    costs = {
        "mod-N": 1.0,
        "ring": 1 + math.log2(n * vnodes),
        "rendezvous": float(n),
        # Expected jumps: 1 + sum over k of 1/k for the buckets passed (harmonic number).
        "jump": 1 + sum(1 / k for k in range(1, n)) + 1,
    }
    return costs[checks.choice(scheme, "scheme", sorted(costs))]


def compare_schemes(keys, num_shards: int, vnodes: int = 100) -> pd.DataFrame:
    """Grow each scheme from N to N+1 shards: share moved, imbalance, lookup cost, memory."""
    n = checks.integer(num_shards, "num_shards", 1)
    rows = []
    for name, build in SCHEMES.items():
        before, after = build(n, vnodes), build(n + 1, vnodes)
        load = load_per_shard(before.assign(keys), n)
        rows.append({
            "scheme": name,
            "moved share": moved_share(before.labels(keys), after.labels(keys)),
            "ideal 1/(N+1)": ideal_moved_share(n),
            "max/mean load": imbalance(load),
            "CoV of load": coefficient_of_variation(load),
            "work per lookup": lookup_cost(name, n, vnodes),
            "entries stored": n * vnodes if name == "ring" else (n if name == "rendezvous" else 0),
        })
    return pd.DataFrame(rows).set_index("scheme")


def moved_share_curve(keys, scheme: str, shard_counts, vnodes: int = 100) -> np.ndarray:
    """Share of keys moved when growing from N to N+1, for each N in ``shard_counts``."""
    build = SCHEMES[checks.choice(scheme, "scheme", SCHEMES)]
    return np.array([
        moved_share(build(n, vnodes).labels(keys), build(n + 1, vnodes).labels(keys))
        for n in shard_counts
    ])


def ring_balance_curve(num_nodes: int, vnode_counts, trials: int = 1) -> pd.DataFrame:
    """Exact share of the circle per node, as CoV and max/mean, per vnode count.

    With ``trials`` > 1 the numbers are averaged over rings with different node names,
    which smooths out the luck of any one ring.
    """
    n = checks.integer(num_nodes, "num_nodes", 1)
    trials = checks.integer(trials, "trials", 1)
    rows = []
    for v in vnode_counts:
        shares = [HashRing([f"node{i}" if t == 0 else f"node{t}-{i}" for i in range(n)],
                           vnodes=v).ownership() for t in range(trials)]
        rows.append({"vnodes": int(v),
                     "CoV": float(np.mean([coefficient_of_variation(s) for s in shares])),
                     "max/mean": float(np.mean([imbalance(s) for s in shares]))})
    return pd.DataFrame(rows).set_index("vnodes")


def _nonempty(load) -> np.ndarray:
    load = np.asarray(load, dtype=float)
    if load.size == 0:
        raise ValueError("load must hold the load of at least one shard, got none")
    if np.any(load < 0):
        raise ValueError(f"load must not be negative, got {load.min()}")
    return load
