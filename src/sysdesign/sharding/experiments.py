"""Scenarios shared by the sharding notebooks (11 and 12), their panels and the tests.

Each panel ``foo_panel`` in ``widgets.py`` runs ``foo`` here with its control values and
draws the result with ``plots.foo_view``:

* :func:`shard_key`: a named chat workload sharded by one key (notebook 11);
* :func:`resharding`: a server joins a cluster of logical shards, one move at a time (11);
* :func:`rebalance`: a node joins or leaves a ring, one virtual node at a time (12);
* :func:`vnodes`: ring balance against virtual nodes per node (12);
* :func:`schemes`: mod-N, ring, rendezvous and jump growing by one shard (12);
* :func:`bounded`: a hot key on a ring, with and without bounded loads (12).

>>> result = rebalance(step=8, change="add a node", num_nodes=4)
>>> set(result["ring"].nodes_for(result["keys"][result["moved"]]))   # all to the newcomer
{'n4'}
"""

from __future__ import annotations

import functools
import math

import numpy as np
import pandas as pd

from sysdesign.core import checks
from sysdesign.core.workloads import zipf_trace

from ._fast import ring_ownership_many
from .bounded import BoundedPlacement, bounded_assign
from .explorer import ShardReport, explore
from .logical import LogicalShards
from .metrics import (
    coefficient_of_variation,
    compare_schemes,
    imbalance,
    moved_share,
    ring_balance_curve,
)
from .partitioners import ModuloPartitioner
from .rendezvous import Rendezvous
from .ring import HashRing
from .routing import AnyNode, ConfigService, SmartClient
from .workloads import Messages, workload

RING_CHANGES = ["add a node", "remove node n0"]
REBALANCE_VNODES = 8  # the rebalance timeline hands over one of 8 virtual nodes per step
VNODE_GRID = [1, 2, 5, 10, 20, 50, 100, 200, 500]  # virtual nodes per node, log-spaced
COMPARE_KEYS = np.arange(20_000)  # the keys the scheme comparison places
RESHARD = dict(num_logical=64, servers=4, step=6)  # the timeline: 64 logical shards on 4
# servers, a fifth joining; the panel opens half way, after 6 of its 12 moves
RESHARD_KEYS = np.arange(20_000)


@functools.lru_cache(maxsize=8)
def cached_workload(name: str, num_messages: int = 50_000, seed: int = 0) -> Messages:
    """A named workload, generated once per setting (it depends on nothing else)."""
    return workload(name, num_messages=num_messages, seed=seed)


def shard_key(workload_name: str, strategy: str, num_shards: int,
              num_messages: int = 50_000, seed: int = 0) -> ShardReport:
    """Build a named workload (``WORKLOADS``) and shard it by one key (``STRATEGIES``).

    >>> shard_key("celebrity (1 user 1000x)", "range(time)", 4, num_messages=2_000).strategy
    'range(time)'
    """
    return explore(cached_workload(workload_name, num_messages, seed), strategy, num_shards)


# --- notebook 11: logical shards, routing ---------------------------------------------------

def resharding(step: int = RESHARD["step"], num_logical: int = RESHARD["num_logical"],
               servers: int = RESHARD["servers"]) -> dict:
    """A server joins ``servers`` servers holding ``num_logical`` logical shards; after
    ``step`` of its moves (0 = none yet), where is everything and how much has moved?

    Returns the shards after ``step`` moves, the moves made and still planned, the share of
    ``RESHARD_KEYS`` moved so far and, for comparison, what mod-N would move.
    """
    shards = LogicalShards(num_logical, servers)
    before = shards.labels(RESHARD_KEYS)
    newcomer = f"s{servers}"
    plan = shards.plan_add(newcomer)
    step = checks.integer(step, "step", 0, len(plan), hint="moves made so far")
    shards.servers = shards.servers + [newcomer]
    for move in plan[:step]:
        shards.move(move.logical, newcomer)
    after = shards.labels(RESHARD_KEYS)
    modulo = (ModuloPartitioner(servers).labels(RESHARD_KEYS),
              ModuloPartitioner(servers + 1).labels(RESHARD_KEYS))
    return {"shards": shards, "done": plan[:step], "plan": plan,
            "moved": moved_share(before, after), "mod-N moved": moved_share(*modulo),
            "ideal": 1 / (servers + 1)}


def logical_vs_modulo(num_logical: int = 2_000, server_counts=(1, 2, 4, 8, 16, 32),
                      keys=RESHARD_KEYS) -> pd.DataFrame:
    """Share of keys moved when server N+1 joins: fixed logical shards against mod-N."""
    rows = []
    for n in server_counts:
        shards = LogicalShards(num_logical, n)
        before = shards.labels(keys)
        moves = shards.add_server(f"s{n}")
        rows.append({"servers before": n,
                     "logical shards moved": len(moves),
                     "logical: keys moved": moved_share(before, shards.labels(keys)),
                     "mod-N: keys moved": moved_share(ModuloPartitioner(n).labels(keys),
                                                      ModuloPartitioner(n + 1).labels(keys)),
                     "ideal 1/(N+1)": 1 / (n + 1)})
    return pd.DataFrame(rows).set_index("servers before")


def routing_trace(keys=range(6), num_logical: int = 16, servers: int = 3) -> pd.DataFrame:
    """A smart client caches the map, a fourth server joins, then the client sends requests.

    One row per request: its logical shard, the server the cached map named, the server
    that answered, round trips, and whether the client had to refresh its map.
    """
    config = ConfigService(LogicalShards(num_logical, servers))
    client = SmartClient(config)
    config.add_server(f"s{servers}")
    rows = [{"key": trip.key, "logical shard": trip.logical, "asked": trip.asked,
             "answered by": trip.served_by, "round trips": trip.round_trips,
             "map refreshed": trip.refreshed} for trip in map(client.request, keys)]
    return pd.DataFrame(rows).set_index("key")


def routing_costs(num_requests: int = 2_000, num_logical: int = 2_000, servers: int = 8,
                  seed: int = 0) -> pd.DataFrame:
    """Round trips per request for the three ways to route, after a ninth server joined.

    Every router built its map before the join (so smart clients start stale).
    """
    keys = np.random.default_rng(seed).integers(0, 2**62, num_requests).tolist()
    rows = []
    for name, examples, make in [
        ("smart client", "Dynamo clients, Couchbase SDKs",
         lambda c: SmartClient(c)),
        ("routing tier", "MongoDB mongos, Vitess vtgate",
         lambda c: SmartClient(c, tier=True)),
        ("any node forwards", "Cassandra, Riak (gossip)",
         lambda c: AnyNode(c, seed=seed)),
    ]:
        config = ConfigService(LogicalShards(num_logical, servers))
        router = make(config)
        config.add_server(f"s{servers}")
        trips = [router.request(key).round_trips for key in keys]
        rows.append({"routing": name, "examples": examples,
                     "round trips per request": float(np.mean(trips)),
                     "map fetches": config.reads})
    return pd.DataFrame(rows).set_index("routing")


# --- notebook 12: the ring ----------------------------------------------------------------

def rebalance(step: int = REBALANCE_VNODES // 2, change: str = "add a node",
              num_nodes: int = 4, num_keys: int = 200) -> dict:
    """A ring of nodes ``n0 ..`` with 8 virtual nodes each, part way through a change.

    "add a node": node ``n{num_nodes}`` has placed ``step`` of its 8 virtual nodes;
    "remove node n0": ``n0`` has handed over ``step`` of its 8. Returns the ring at that
    step, the keys (``0 .. num_keys-1``), which keys have ``moved`` so far, the share of
    keys that will have moved at the end (``final``), the ``ideal`` share (the newcomer's
    fair share 1/(N+1), or the leaver's 1/N), and every node that takes part (``nodes``,
    for stable colours).
    """
    num_nodes = checks.integer(num_nodes, "num_nodes", 1)
    num_keys = checks.integer(num_keys, "num_keys", 1)
    change = checks.choice(change, "change", RING_CHANGES)
    step = checks.integer(step, "step", 0, REBALANCE_VNODES, hint="virtual nodes handed over")
    if change == "remove node n0" and num_nodes < 2:
        raise ValueError("num_nodes must be >= 2 to remove a node (a ring needs one left)")
    nodes = [f"n{i}" for i in range(num_nodes + 1)]  # the last one joins, if any does
    old = nodes[:num_nodes]
    keys = np.arange(num_keys)
    # vnodes=1 and integer weights give each node exactly ``weight`` points, labelled
    # node-0, node-1, ...: the first k points of a node are its first k virtual nodes.
    before = HashRing(old, vnodes=1, weights=dict.fromkeys(old, REBALANCE_VNODES))
    if change == "add a node":
        weights = {**dict.fromkeys(old, REBALANCE_VNODES), nodes[-1]: step}
        ideal = 1 / (num_nodes + 1)
    else:
        weights = {**dict.fromkeys(old[1:], REBALANCE_VNODES), "n0": REBALANCE_VNODES - step}
        ideal = 1 / num_nodes
    ring = _partial_ring(nodes, weights)
    end = _partial_ring(nodes, {**weights, (nodes[-1] if change == "add a node" else "n0"):
                                REBALANCE_VNODES if change == "add a node" else 0})
    owners = before.nodes_for(keys)
    return {"ring": ring, "keys": keys, "moved": owners != ring.nodes_for(keys),
            "final": float(np.mean(owners != end.nodes_for(keys))), "ideal": ideal,
            "nodes": nodes, "step": step}


def _partial_ring(nodes: list, points: dict) -> HashRing:
    """A ring where each node has only its first ``points[node]`` virtual nodes (0: absent).

    With vnodes=1, a node of integer weight w gets exactly the points node-0 .. node-(w-1).
    """
    present = [node for node in nodes if points.get(node, 0) > 0]
    return HashRing(present, vnodes=1, weights={node: points[node] for node in present})


@functools.lru_cache(maxsize=64)
def _balance_grid(num_nodes: int, trials: int) -> pd.DataFrame:
    """Ring balance over ``VNODE_GRID``: the same for every chosen count, so computed once."""
    return ring_balance_curve(num_nodes, VNODE_GRID, trials=trials)


def vnodes(num_nodes: int = 10, vnodes: int = 100, trials: int = 20) -> pd.DataFrame:
    """Ring balance (CoV and max/mean of ownership, indexed by vnodes) over ``VNODE_GRID``
    and the chosen ``vnodes``, averaged over ``trials`` rings with different node names."""
    vnodes = checks.integer(vnodes, "vnodes", 1)
    grid = _balance_grid(checks.integer(num_nodes, "num_nodes", 1),
                         checks.integer(trials, "trials", 1))
    if vnodes in grid.index:
        return grid.copy()
    return pd.concat([grid, ring_balance_curve(num_nodes, [vnodes], trials=trials)]).sort_index()


def schemes(num_shards: int = 8, vnodes: int = 100) -> pd.DataFrame:
    """The four schemes growing from ``num_shards`` to one more, on ``COMPARE_KEYS``."""
    num_shards = checks.integer(num_shards, "num_shards", 1)
    vnodes = checks.integer(vnodes, "vnodes", 1, hint="virtual nodes per node")
    return _schemes(num_shards, vnodes).copy()  # a copy: the caller may change it


@functools.lru_cache(maxsize=32)
def _schemes(num_shards: int, vnodes: int) -> pd.DataFrame:
    """:func:`schemes`, computed once per setting: it depends on its two numbers only, so
    the notebook's table and the panel that opens on the same setting share one run."""
    return compare_schemes(COMPARE_KEYS, num_shards, vnodes, work_keys=500)


def preference_lists(keys=("user:1", "user:2", "user:3", "user:4"), num_nodes: int = 6,
                     replicas: int = 3, vnodes: int = 50, fail: str = "n2") -> pd.DataFrame:
    """Each key's preference list (its replicas, coordinator first) before and after a node
    fails, on a ring of ``num_nodes`` nodes."""
    ring = HashRing([f"n{i}" for i in range(num_nodes)], vnodes=vnodes)
    before = {key: ring.preference_list(key, replicas) for key in keys}
    ring.remove_node(checks.choice(fail, "fail", ring.nodes))
    after = {key: ring.preference_list(key, replicas) for key in keys}
    return pd.DataFrame({"replicas": [", ".join(before[k]) for k in keys],
                         f"after {fail} fails": [", ".join(after[k]) for k in keys],
                         "replicas kept": [len(set(before[k]) & set(after[k])) for k in keys]},
                        index=pd.Index(list(keys), name="key"))


def dynamo_strategies(num_nodes: int = 30, tokens=(1, 2, 4, 8, 16, 32, 64, 128),
                      partitions=(32, 64, 128, 256, 512, 1024, 2048, 4096),
                      trials: int = 5) -> pd.DataFrame:
    """Dynamo's strategies 1 and 3 (paper section 6.2) at equal membership metadata.

    Strategy 1: T random tokens per node; the map holds S x T token positions. Strategy 3:
    Q equal partitions, Q/S per node; the map holds Q partition owners. Efficiency is the
    paper's: average load over the busiest node's load (1 is perfect), here for uniform keys,
    strategy 1 averaged over ``trials`` rings.
    """
    rows = []
    for t in tokens:
        # Row r is HashRing([f"r{r}-node{i}" ...], vnodes=t).ownership(), all rings at once.
        shares = ring_ownership_many([[f"r{r}-node{i}" for i in range(num_nodes)]
                                      for r in range(trials)], t)
        rows.append({"strategy": "1: T random tokens per node", "metadata entries":
                     num_nodes * t, "efficiency": float(np.mean([1 / imbalance(s)
                                                                 for s in shares]))})
    for q in partitions:
        if q < num_nodes:
            continue
        counts = np.array(list(LogicalShards(q, num_nodes).counts().values()))
        rows.append({"strategy": "3: Q equal partitions, Q/S per node",
                     "metadata entries": q, "efficiency": 1 / imbalance(counts)})
    return pd.DataFrame(rows)


def weighted_shares(weights=None, num_keys: int = 100_000, vnodes: int = 100) -> pd.DataFrame:
    """Share of keys each node gets when nodes have different weights: ring and rendezvous."""
    weights = weights or {"small": 1, "medium": 2, "large": 4}
    keys = np.arange(num_keys)
    ring = HashRing(list(weights), vnodes=vnodes, weights=weights)
    hrw = Rendezvous(list(weights), weights=weights)
    total = sum(weights.values())
    return pd.DataFrame({
        "weight": list(weights.values()),
        "fair share": [w / total for w in weights.values()],
        "ring share": np.bincount(ring.assign(keys), minlength=len(weights)) / num_keys,
        "rendezvous share": np.bincount(hrw.assign(keys), minlength=len(weights)) / num_keys,
    }, index=pd.Index(list(weights), name="node"))


@functools.lru_cache(maxsize=16)
def hot_requests(num_requests: int = 4_000, num_keys: int = 1_000, alpha: float = 1.0,
                 seed: int = 0) -> tuple[str, ...]:
    """Request keys drawn from Zipf(alpha) over ``num_keys`` keys (key "k0" the hottest)."""
    ranks = zipf_trace(num_requests, num_keys, alpha, seed=seed)
    return tuple(f"k{rank}" for rank in ranks.tolist())


def bounded(epsilon: float = 0.25, alpha: float = 1.0, num_nodes: int = 8,
            num_requests: int = 4_000) -> BoundedPlacement:
    """Zipf-distributed requests on a ring of ``num_nodes`` (100 vnodes each), placed with
    bounded loads of ``1 + epsilon`` times the average (``math.inf``: plain hashing)."""
    ring = HashRing([f"n{i}" for i in range(num_nodes)], vnodes=100)
    return bounded_assign(ring, hot_requests(num_requests, alpha=alpha), epsilon)


def bounded_curve(epsilons=(0.05, 0.25, 0.5, 1.0), alpha: float = 1.0,
                  num_nodes: int = 8) -> pd.DataFrame:
    """The price of the bound: busiest node over the average, and requests served away from
    their key's home node, for each epsilon (and plain consistent hashing)."""
    rows = []
    for epsilon in (*epsilons, math.inf):
        placed = bounded(epsilon, alpha, num_nodes)
        rows.append({"epsilon": epsilon, "max/mean load": imbalance(placed.loads),
                     "CoV of load": coefficient_of_variation(placed.loads),
                     "served away from home": placed.forwarded / len(placed.home)})
    return pd.DataFrame(rows).set_index("epsilon")
