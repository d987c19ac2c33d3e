"""Faults beyond a clean partition: a slow link, a replica restored from an old backup, a
leader that crashes and is replaced. Each is a few lines on the cluster's public pieces.

>>> from sysdesign.replication import Cluster
>>> c = Cluster(3, "ap", seed=0, latency=5.0, scheme="leader", w=1)  # asynchronous followers
>>> c.write("x", "paid", node=0).ok        # acknowledged by the leader alone
True
>>> c.partition({0}, {1, 2})               # the leader crashes before replicating it
>>> fail_over(c, 1)                        # node 1 is promoted
>>> c.write("x", "refunded", node=1).ok
True
>>> rejoin(c, 0)                           # the old leader returns as a follower
>>> c.values("x"), [v.write_id for v in c.lost_writes("x")]
(['refunded', 'refunded', 'refunded'], [1])
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sysdesign.core import checks

if TYPE_CHECKING:
    from .cluster import Cluster


def slow_link(cluster: Cluster, src: int, dst: int, latency: float, *, start: float,
              stop: float) -> None:
    """Messages from ``src`` to ``dst`` sent between ``start`` and ``stop`` (simulated ms)
    take ``latency`` ms: congestion, or a lost packet that TCP resends later."""
    src, dst = cluster.network.node(src), cluster.network.node(dst)
    latency = checks.number(latency, "latency", 0, hint="ms")
    start = checks.number(start, "start", cluster.now, hint="ms, not in the past")
    stop = checks.number(stop, "stop", start, hint="ms, after start")
    usual = cluster.network.latency[src][dst]
    if start == cluster.now:
        _set_latency(cluster, src, dst, latency)  # from this very moment
    else:
        cluster.sim.at(start, _set_latency, cluster, src, dst, latency)
    cluster.sim.at(stop, _set_latency, cluster, src, dst, usual)


def _set_latency(cluster: Cluster, src: int, dst: int, latency: float) -> None:
    cluster.network.latency[src][dst] = latency


def snapshot(cluster: Cluster, node: int) -> dict:
    """A backup of one replica's store (to restore later)."""
    return dict(cluster.replicas.stores[cluster.network.node(node)])


def restore(cluster: Cluster, node: int, backup: dict) -> None:
    """Replace a replica's store by an older backup: every write since is gone from it."""
    cluster.replicas.stores[cluster.network.node(node)] = dict(backup)


def fail_over(cluster: Cluster, new_leader: int) -> None:
    """Promote ``new_leader``: from now on every node sends its writes there. Writes the old
    leader acknowledged but had not replicated to the new one are not on it."""
    cluster.leader = cluster.network.node(new_leader)
    cluster.events.append((cluster.now, f"fail over to {cluster.leader}"))


def rejoin(cluster: Cluster, node: int) -> None:
    """Heal the network and bring ``node`` back as a follower: it discards what it holds and
    copies the leader's data, so writes only it had are thrown away. (PostgreSQL's
    ``pg_rewind`` does this to an old primary that returns after a failover; discarding the
    old leader's unreplicated writes is the common practice, DDIA chapter 5.)"""
    node = cluster.network.node(node)
    cluster.heal()
    cluster.sim.run()  # messages in flight arrive first
    cluster.replicas.stores[node] = dict(cluster.replicas.stores[cluster.leader])
    cluster.events.append((cluster.now, f"{node} rejoins"))
