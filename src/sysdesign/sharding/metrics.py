"""How good is a partitioning? Load per shard, imbalance, keys moved, counted lookup work.

>>> load = load_per_shard([0, 0, 1, 2], 3)
>>> load.tolist(), imbalance(load), round(coefficient_of_variation(load), 3)
([2.0, 1.0, 1.0], 1.5, 0.354)
>>> moved_share(["a", "b", "c"], ["a", "b", "d"])
0.3333333333333333
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd

from sysdesign.core import checks

from ._fast import hash64_many, jump_hash_many, ring_ownership_many
from .base import Partitioner
from .hashing import hash64
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


def bisect_steps(positions: Sequence[int], key_hash: int) -> int:
    """Comparisons a binary search makes to find ``key_hash``'s place among sorted positions.

    The same loop as ``bisect.bisect_right``, counting its steps: about log2(len(positions)).

    >>> bisect_steps(list(range(1000)), 500)   # log2(1000) is 9.97
    10
    """
    lo, hi, steps = 0, len(positions), 0
    while lo < hi:
        mid = (lo + hi) // 2
        steps += 1
        if key_hash < positions[mid]:
            hi = mid
        else:
            lo = mid + 1
    return steps


def lookup_work(scheme: str, keys, num_shards: int, vnodes: int = 100) -> dict[str, float]:
    """What one lookup does, counted (not timed) and averaged over ``keys``.

    Three different units, kept apart: 64-bit hashes computed (rendezvous scores one per
    node), comparisons of the ring's binary search, and iterations of jump hash's loop.
    """
    n = checks.integer(num_shards, "num_shards", 1)
    partitioner = SCHEMES[checks.choice(scheme, "scheme", SCHEMES)](n, vnodes)
    keys = list(keys)
    if not keys:
        raise ValueError("keys must hold at least one key, got none")
    hashes, comparisons, iterations = 1.0, 0.0, 0.0
    if scheme == "ring":
        positions = partitioner.points()[0].tolist()
        comparisons = float(np.mean([bisect_steps(positions, hash64(k)) for k in keys]))
    elif scheme == "rendezvous":
        hashes = 1.0 + n  # the key's hash, then one score per node
    elif scheme == "jump":
        iterations = float(np.mean(jump_hash_many(hash64_many(keys), n, steps=True)[1]))
    return {"hashes per lookup": hashes, "comparisons per lookup": comparisons,
            "jump iterations per lookup": iterations}


def state_entries(scheme: str, num_shards: int, vnodes: int = 100) -> int:
    """Numbers the router must keep besides the node names: ring points, or nothing."""
    n = checks.integer(num_shards, "num_shards", 1)
    scheme = checks.choice(scheme, "scheme", SCHEMES)
    return {"mod-N": 0, "ring": n * vnodes, "rendezvous": n, "jump": 0}[scheme]


def compare_schemes(keys, num_shards: int, vnodes: int = 100, work_keys: int = 2_000
                    ) -> pd.DataFrame:
    """Grow each scheme from N to N+1 shards: share moved, imbalance, counted lookup work
    (over the first ``work_keys`` keys) and the numbers the router stores."""
    n = checks.integer(num_shards, "num_shards", 1)
    sample = list(keys[:work_keys]) if isinstance(keys, np.ndarray) else list(keys)[:work_keys]
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
            **lookup_work(name, sample, n, vnodes),
            "numbers stored": state_entries(name, n, vnodes),
        })
    return pd.DataFrame(rows).set_index("scheme")


def moved_share_curve(keys, scheme: str, shard_counts, vnodes: int = 100) -> np.ndarray:
    """Share of keys moved when growing from N to N+1, for each N in ``shard_counts``."""
    build = SCHEMES[checks.choice(scheme, "scheme", SCHEMES)]
    return np.array([
        moved_share(build(n, vnodes).labels(keys), build(n + 1, vnodes).labels(keys))
        for n in shard_counts
    ])


def expected_cov(num_nodes: int, vnodes) -> float | np.ndarray:
    """Root-mean-square CoV of ring ownership for N nodes with v random points each:
    sqrt((N - 1) / (N v + 1)), exactly.

    The N v points cut the circle into N v arcs whose lengths are uniformly spread over the
    simplex (Dirichlet(1, ..., 1)); a node's share, the sum of v of them, is a Beta(v, (N-1)v)
    variable with mean 1/N and variance (N - 1) / (N^2 (N v + 1)). The shares sum to 1, so
    their mean is exactly 1/N and E[CoV^2] = N^2 Var = (N - 1) / (N v + 1). For large N this
    is close to 1/sqrt(v), but a little below it: at N = 10, 1/sqrt(100) is exactly 0.1,
    while sqrt(9 / 1001) = 0.0948.

    >>> round(expected_cov(10, 100), 4), round(expected_cov(10, 90), 4)
    (0.0948, 0.0999)
    """
    n = checks.integer(num_nodes, "num_nodes", 1)
    v = np.asarray(vnodes, dtype=float)
    if np.any(v < 1):
        raise ValueError(f"vnodes must be >= 1, got {vnodes!r}")
    result = np.sqrt((n - 1) / (n * v + 1))
    return float(result) if result.ndim == 0 else result


def ring_balance_curve(num_nodes: int, vnode_counts, trials: int = 1) -> pd.DataFrame:
    """Exact share of the circle per node, as CoV and max/mean, per vnode count.

    With ``trials`` > 1 the numbers are averaged over rings with different node names,
    which smooths out the luck of any one ring: "CoV" is the root mean square over the
    rings (comparable with :func:`expected_cov`, the "theory" column), "max/mean" the mean
    of the busiest node's share over its fair share.
    """
    n = checks.integer(num_nodes, "num_nodes", 1)
    trials = checks.integer(trials, "trials", 1)
    names = [[f"node{i}" if t == 0 else f"node{t}-{i}" for i in range(n)] for t in range(trials)]
    rows = []
    for v in vnode_counts:
        # Row t is HashRing(names[t], vnodes=v).ownership(), all rings at once (tested equal).
        shares = list(ring_ownership_many(names, v))
        rows.append({"vnodes": int(v),
                     "CoV": float(np.sqrt(np.mean([coefficient_of_variation(s) ** 2
                                                   for s in shares]))),
                     "theory": expected_cov(n, int(v)),
                     "max/mean": float(np.mean([imbalance(s) for s in shares]))})
    return pd.DataFrame(rows).set_index("vnodes")


def _nonempty(load) -> np.ndarray:
    load = np.asarray(load, dtype=float)
    if load.size == 0:
        raise ValueError("load must hold the load of at least one shard, got none")
    if np.any(load < 0):
        raise ValueError(f"load must not be negative, got {load.min()}")
    return load
