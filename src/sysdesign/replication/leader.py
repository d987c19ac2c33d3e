"""Single-leader replication: every write goes through one node, the leader.

The client's node forwards the request to the leader, the leader coordinates it exactly
as a quorum coordinator would (``quorum.py``) with W = ``w`` copies, its own included, and
the answer travels back. w = 1 is asynchronous replication (followers catch up later),
w = N fully synchronous (one unreachable follower stops every write).

Reads go to the leader too when ``leader_reads`` is on (the CP default): the leader holds
every acknowledged write. Otherwise the client's node answers from its own copy, which may
lag behind (the AP default: follower reads).

When the leader cannot be reached, CP refuses. AP accepts the write locally and replicates
it as far as it can: now two nodes take writes, and the system has become multi-leader.

>>> from sysdesign.replication import Cluster
>>> c = Cluster(3, "ap", seed=0, scheme="leader", w=1)
>>> c.partition({0}, {1, 2})                     # the leader, node 0, is cut off
>>> write(c, "x", "taken by node 1", node=1).node
1
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import quorum
from .history import Version
from .messages import hop, replicate

if TYPE_CHECKING:
    from .cluster import Cluster


def write(cluster: Cluster, key, value, node: int) -> Version | None:
    """Write through ``node``: forwarded to the leader, or (AP) accepted locally without it."""
    if not hop(cluster, node, cluster.leader):
        if cluster.mode == "cp":
            return None  # cannot reach the leader: refuse
        return accept_locally(cluster, key, value, node)
    version = quorum.write(cluster, key, value, cluster.leader)
    hop(cluster, cluster.leader, node)  # the answer, "ok" or "refused", goes back
    return version


def accept_locally(cluster: Cluster, key, value, node: int) -> Version:
    """AP without the leader: store at ``node``, send to whoever it reaches, answer at once."""
    version = cluster.new_version(node, cluster.replicas.get(node, key)[0])
    replicate(cluster, node, key, version, value, need=1, deadline=cluster.now)
    return version


def read(cluster: Cluster, key, node: int, after: Version | None = None
         ) -> tuple[Version, object] | None:
    """Read through ``node``: from the leader, or from ``node``'s own copy (follower read)."""
    if not cluster.leader_reads:
        # One answer is enough: the node's own copy, unless it is older than the token.
        return quorum.read(cluster, key, node, after, need=1)
    if not hop(cluster, node, cluster.leader):
        local = cluster.replicas.get(node, key)
        # AP answers from the local copy, unless that breaks the client's token.
        fresh = after is None or local[0] >= after
        return local if cluster.mode == "ap" and fresh else None
    item = quorum.read(cluster, key, cluster.leader, after, need=1)
    hop(cluster, cluster.leader, node)
    return item
