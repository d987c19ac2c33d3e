"""Leaderless quorum replication (Dynamo style): any node coordinates a request.

A write goes to all N replicas and returns after W of them hold it; a read asks all N and
returns the newest of the first R answers. When R + W > N every read set shares a replica
with every write set, so a read always meets the latest write.

The two modes differ in what a coordinator does when it cannot reach enough replicas:

* CP writes in two phases. First it asks W replicas for their version and stores nothing
  unless all W answered, so a refused write leaves no trace. Then it stores the value,
  stamped after every version it saw. A CP read that gets fewer than R answers refuses.
* AP stores the value at once, locally and everywhere it can reach, and answers whatever
  happens; its read answers from whatever replicas replied before the timeout.

A read also repairs: replicas that answered with an older version are sent the newest.

The single-leader scheme (``leader.py``) uses these same functions at its leader.

>>> from sysdesign.replication import Cluster
>>> c = Cluster(3, "cp", seed=0)                # N = 3, majority quorums: R = W = 2
>>> c.partition({0, 1}, {2})
>>> write(c, "x", "v1", coordinator=0).write_id  # node 0 reaches node 1: two copies
1
>>> write(c, "x", "v2", coordinator=2) is None   # node 2 reaches only itself: refused
True
>>> c.values("x")                                # and v2 was stored nowhere
['v1', 'v1', None]
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from .history import Version
from .messages import gather, replicate

if TYPE_CHECKING:
    from .cluster import Cluster


def write(cluster: Cluster, key, value, coordinator: int) -> Version | None:
    """Write ``value`` under ``key`` coordinated by ``coordinator``: its version, or None
    if refused."""
    if cluster.mode == "cp":
        return two_phase_write(cluster, key, value, coordinator)
    return optimistic_write(cluster, key, value, coordinator)


def two_phase_write(cluster: Cluster, key, value, coordinator: int) -> Version | None:
    """CP: ask W replicas first; store only if they all answered, after what they hold."""
    deadline = cluster.now + cluster.timeout
    # Phase 1: W replicas must answer before anything is stored anywhere.
    seen = gather(cluster, coordinator, key, cluster.w, deadline)
    if len(seen.replies) < cluster.w:
        return None
    latest = max(version for version, _ in seen.replies.values())
    version = cluster.new_version(coordinator, latest)
    # Phase 2: the links cannot change during a request, so the W acks will come.
    replicate(cluster, coordinator, key, version, value, cluster.w, math.inf)
    return version


def optimistic_write(cluster: Cluster, key, value, coordinator: int) -> Version:
    """AP: store at once and replicate; wait for W acks, but answer "ok" at the timeout."""
    deadline = cluster.now + cluster.timeout
    version = cluster.new_version(coordinator, cluster.replicas.get(coordinator, key)[0])
    replicate(cluster, coordinator, key, version, value, cluster.w, deadline)
    return version


def read(cluster: Cluster, key, coordinator: int, after: Version | None = None,
         need: int | None = None) -> tuple[Version, object] | None:
    """Read ``key`` coordinated by ``coordinator``: the newest ``(version, value)`` among
    ``need`` answers (R by default), or None if refused.

    ``after`` is the client's version token: an answer older than it is never returned.
    """
    need = cluster.r if need is None else need
    request = gather(cluster, coordinator, key, need, cluster.now + cluster.timeout, after)
    replies = request.replies
    token_broken = after is not None and not any(v >= after for v, _ in replies.values())
    # CP refuses a read it cannot serve from R replicas; nobody serves a broken token.
    if not request.satisfied and (cluster.mode == "cp" or token_broken):
        return None
    newest = max(replies.values(), key=lambda item: item[0])
    repair(cluster, coordinator, key, newest, replies)
    return newest


def repair(cluster: Cluster, coordinator: int, key, newest: tuple[Version, object],
           replies: dict[int, tuple[Version, object]]) -> None:
    """Read repair: push the newest version to replicas that answered with an older one."""
    for replica, (version, _) in replies.items():
        if version < newest[0]:
            cluster.counters["read_repairs"] += 1
            cluster.network.send(coordinator, replica, cluster.replicas.on_store, None, key,
                                 *newest)
