"""Single-leader replication: every write goes through one node, the leader.

The client's node forwards the request to the leader. The leader stamps the write after the
newest version it holds (every write passes through it, so it needs no phase 1), stores it,
sends it to every follower and answers once ``w`` copies exist, its own included: one round
trip, as a Raft leader commits an entry once a majority has appended it. w = 1 is
asynchronous replication (followers catch up later), w = N fully synchronous (one
unreachable follower stops every write). If fewer than ``w`` acknowledgements come in time,
a CP leader answers "unknown" (the write sits on the leader and maybe on some followers).
Unlike Raft, our leader applies a write as soon as it sends it, and it never changes unless
you call ``faults.fail_over``: there are no elections.

Reads go to the leader too when ``leader_reads`` is on (the CP default): the leader holds
every write. (A real leader must first check that it is still the leader, with a lease or a
round of heartbeats to a majority, Raft section 8; ours always is.) Otherwise the client's
node answers from its own copy, which may lag behind (the AP default: follower reads).

When the leader cannot be reached, CP refuses. AP accepts the write locally and replicates
it as far as it can: now two nodes take writes, and the system has become multi-leader.

>>> from sysdesign.replication import Cluster
>>> c = Cluster(3, "ap", seed=0, scheme="leader", w=1)
>>> c.partition({0}, {1, 2})                     # the leader, node 0, is cut off
>>> c.complete(write(c, "x", "taken by node 1", node=1))[1].node
1
"""

from __future__ import annotations

from collections.abc import Generator
from typing import TYPE_CHECKING

from . import quorum
from .history import FAIL, INFO, OK, Version
from .messages import hop, replicate

if TYPE_CHECKING:
    from .cluster import Cluster


def write(cluster: Cluster, key, value, node: int, after: Version | None = None
          ) -> Generator:
    """Write through ``node``: forwarded to the leader, or (AP) accepted locally without it.

    Returns ``(outcome, version)``; "info" when the leader's answer cannot come back."""
    if not (yield from hop(cluster, node, cluster.leader)):
        if cluster.mode == "cp":
            return FAIL, None  # cannot reach the leader: refuse
        return (yield from accept_locally(cluster, key, value, node, after))
    outcome, version = yield from commit(cluster, key, value, after)
    if not (yield from hop(cluster, cluster.leader, node)):
        return INFO, version  # the answer, "ok" or not, never reached the client's node
    return outcome, version


def commit(cluster: Cluster, key, value, after: Version | None = None) -> Generator:
    """At the leader: stamp, store, send to every follower, wait for ``w`` copies."""
    leader = cluster.leader
    version = cluster.new_version(leader, cluster.replicas.get(leader, key)[0], after)
    acks = yield from replicate(cluster, leader, key, version, value, cluster.w,
                                cluster.now + cluster.timeout)
    if acks >= cluster.w or cluster.mode == "ap":
        return OK, version
    return INFO, version


def accept_locally(cluster: Cluster, key, value, node: int, after: Version | None = None
                   ) -> Generator:
    """AP without the leader: store at ``node``, send to whoever it reaches, answer at once."""
    version = cluster.new_version(node, cluster.replicas.get(node, key)[0], after)
    yield from replicate(cluster, node, key, version, value, need=1, deadline=cluster.now)
    return OK, version


def read(cluster: Cluster, key, node: int, after: Version | None = None) -> Generator:
    """Read through ``node``: from the leader, or from ``node``'s own copy (follower read).

    Returns ``(outcome, (version, value))``, or ``(outcome, None)`` when refused."""
    if not cluster.leader_reads:
        # One answer is enough: the node's own copy, unless it is older than the token.
        return (yield from quorum.read(cluster, key, node, after, need=1))
    if not (yield from hop(cluster, node, cluster.leader)):
        local = cluster.replicas.get(node, key)
        # AP answers from the local copy, unless that breaks the client's token.
        fresh = after is None or local[0] >= after
        return (OK, local) if cluster.mode == "ap" and fresh else (FAIL, None)
    outcome, item = yield from quorum.read(cluster, key, cluster.leader, after, need=1)
    if not (yield from hop(cluster, cluster.leader, node)):
        return FAIL, None  # the answer never reached the client's node
    return outcome, item
