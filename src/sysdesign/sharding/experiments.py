"""Scenarios shared by the sharding notebooks (11 and 12), their panels and the tests.

Each panel ``foo_panel`` in ``widgets.py`` runs ``foo`` here with its control values and
draws the result with ``plots.foo_view``:

* :func:`shard_key`: a named chat workload sharded by one key (notebook 11);
* :func:`ring`: a hash ring before and after a node joins or leaves (notebook 12);
* :func:`vnodes`: ring balance against virtual nodes per node (notebook 12);
* :func:`schemes`: mod-N, ring, rendezvous and jump growing by one shard (notebook 12).

>>> result = ring(num_nodes=4, vnodes=8, num_keys=200, change="add a node")
>>> set(result["ring"].nodes_for(result["keys"][result["moved"]]))   # all to the newcomer
{'n4'}
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sysdesign.core import checks

from .explorer import ShardReport, explore
from .metrics import compare_schemes, ideal_moved_share, ring_balance_curve
from .ring import HashRing
from .workloads import workload

RING_CHANGES = ["add a node", "remove node n0"]
VNODE_GRID = [1, 2, 5, 10, 20, 50, 100, 200, 500]  # virtual nodes per node, log-spaced
COMPARE_KEYS = np.arange(20_000)  # the keys the scheme comparison places


def shard_key(workload_name: str, strategy: str, num_shards: int,
              num_messages: int = 50_000, seed: int = 0) -> ShardReport:
    """Build a named workload (``WORKLOADS``) and shard it by one key (``STRATEGIES``).

    >>> shard_key("celebrity (1 user 1000x)", "range(time)", 4, num_messages=2_000).strategy
    'range(time)'
    """
    msgs = workload(workload_name, num_messages=num_messages, seed=seed)
    return explore(msgs, strategy, num_shards)


def ring(num_nodes: int = 4, vnodes: int = 8, num_keys: int = 200,
         change: str = "add a node") -> dict:
    """A ring of nodes ``n0 .. n{num_nodes-1}`` before and after one node joins or leaves.

    Returns the ring after the change, the keys (``0 .. num_keys-1``), which of them
    ``moved``, the ``ideal`` share that must move (the newcomer's or the leaver's fair
    share), and every node that took part in join order (``nodes``: for stable colours).
    """
    num_nodes = checks.integer(num_nodes, "num_nodes", 1)
    num_keys = checks.integer(num_keys, "num_keys", 1)
    change = checks.choice(change, "change", RING_CHANGES)
    nodes = [f"n{i}" for i in range(num_nodes + 1)]  # the last one joins, if any does
    hash_ring = HashRing(nodes[:num_nodes], vnodes=vnodes)
    keys = np.arange(num_keys)
    before = hash_ring.nodes_for(keys)
    if change == "add a node":
        hash_ring.add_node(nodes[num_nodes])
        ideal = ideal_moved_share(num_nodes)
    else:
        hash_ring.remove_node("n0")
        ideal = 1 / num_nodes  # the leaver's share
    after = hash_ring.nodes_for(keys)
    return {"ring": hash_ring, "keys": keys, "moved": before != after, "ideal": ideal,
            "nodes": nodes}


def vnodes(num_nodes: int = 10, vnodes: int = 100, trials: int = 3) -> pd.DataFrame:
    """Ring balance (CoV and max/mean of ownership, indexed by vnodes) over ``VNODE_GRID``
    and the chosen ``vnodes``, averaged over ``trials`` rings with different node names."""
    grid = sorted(set(VNODE_GRID) | {checks.integer(vnodes, "vnodes", 1)})
    return ring_balance_curve(num_nodes, grid, trials=trials)


def schemes(num_shards: int = 8, vnodes: int = 100) -> pd.DataFrame:
    """The four schemes growing from ``num_shards`` to one more, on ``COMPARE_KEYS``."""
    return compare_schemes(COMPARE_KEYS, num_shards, vnodes)


# The names these scenarios had before every panel's scenario was named after its panel.
explorer_demo = shard_key
ring_change = ring
vnode_balance = vnodes
