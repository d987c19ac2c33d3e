"""Anti-entropy: background rounds that make the replicas agree again.

After a partition heals, replicas that missed writes stay behind until something sends
them the newer versions. Read repair fixes only the keys that are read; anti-entropy fixes
everything. In each round every node compares what it holds with each peer and sends the
peer every version newer than the peer's. Replicas keep the higher version
(last-writer-wins), so the rounds converge: once a round changes nothing, every pair of
nodes that can reach each other holds the same data.

Real systems compare Merkle trees of their data instead of whole stores (Dynamo,
Cassandra), so a round costs little when the replicas already agree; the outcome is the same.

>>> from sysdesign.replication import Cluster
>>> c = Cluster(3, "ap", seed=0)
>>> c.partition({0}, {1, 2})
>>> c.write("x", "a", node=0).ok                 # AP: accepted, though nobody else has it
True
>>> c.heal()
>>> c.values("x")
['a', None, None]
>>> settle(c), c.values("x")                     # one round that changed something
(1, ['a', 'a', 'a'])
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sysdesign.core import checks

if TYPE_CHECKING:
    from .cluster import Cluster


def settle(cluster: Cluster, max_rounds: int = 100, on_round=None) -> int:
    """Deliver everything in flight, then run rounds until a round changes nothing.

    Returns the number of rounds that changed something (replicas on different sides of a
    cut stay different: their messages are dropped). ``on_round(cluster)``, if given, is
    called after each round that changed something (to watch convergence).
    """
    max_rounds = checks.integer(max_rounds, "max_rounds", 0)
    stores = cluster.replicas.stores
    cluster.sim.run()  # every message already on the wire arrives first
    cluster.events.append((cluster.now, "settle"))
    for rounds in range(max_rounds):
        before = [dict(store) for store in stores]
        push_newer(cluster, before)
        cluster.sim.run()
        if stores == before:
            return rounds
        cluster.counters["anti_entropy_rounds"] += 1
        if on_round is not None:
            on_round(cluster)
    return max_rounds


def push_newer(cluster: Cluster, snapshot: list[dict]) -> None:
    """One round: each node sends each peer the versions it holds that are newer."""
    replicas = cluster.replicas
    for src in range(cluster.n):
        for dst in range(cluster.n):
            if src == dst:
                continue
            for key, (version, value) in snapshot[src].items():
                if version > replicas.get(dst, key)[0]:
                    cluster.network.send(src, dst, replicas.on_store, None, key, version,
                                         value)
