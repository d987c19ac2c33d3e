"""Leaderless quorum replication (Dynamo style): any node coordinates a request.

A write goes to all N replicas and returns after W of them hold it; a read asks all N and
returns the newest of the first R answers. When R + W > N every read set shares a replica
with every write set, so a read that starts after a write has finished meets it. (Reads
that overlap a write are another matter: see ``concurrency.inversion``.)

The two modes differ in what a coordinator does when it cannot reach enough replicas:

* CP writes in two phases. Phase 1 asks W replicas which version they hold; phase 2 stores
  the value stamped *after the newest version seen*. That is phase 1's real job: any write
  acknowledged before this one sits on W replicas, and when two W-sets always overlap
  (W > N/2) phase 1 sees it, so the new write is ordered after it even when clocks lie.
  If phase 1 gets fewer than W answers nothing has been stored: the write fails cleanly.
  If phase 2 gets fewer than W acknowledgements in time, the value may already sit on some
  replicas: the client gets a timeout and cannot know whether the write happened (an
  *indeterminate* write, Jepsen's "info"). A CP read that gets fewer than R answers refuses.
* AP stores the value at once, locally and everywhere it can reach, and answers whatever
  happens; its read answers from whatever replicas replied before the timeout.

A read also repairs replicas that answered with an older version, in one of three ways
(``Cluster(repair=...)``): ``"async"`` sends them the newest version and answers at once;
``"sync"`` waits until they acknowledge it before answering (what makes majority quorum reads
linearizable, as in the ABD algorithm and Cassandra's blocking read repair); ``"none"`` leaves
them behind.

Every function that talks to the network is a generator (see ``messages.py``) returning
``(outcome, result)`` with outcome ``"ok"``, ``"fail"`` or ``"info"``.

The single-leader scheme (``leader.py``) uses these same functions at its leader.

>>> from sysdesign.replication import Cluster
>>> c = Cluster(3, "cp", seed=0)                # N = 3, majority quorums: R = W = 2
>>> c.partition({0, 1}, {2})
>>> c.complete(write(c, "x", "v1", coordinator=0))[0]   # node 0 reaches node 1: two copies
'ok'
>>> c.complete(write(c, "x", "v2", coordinator=2))      # node 2 reaches only itself
('fail', None)
>>> c.values("x")                                # and v2 was stored nowhere
['v1', 'v1', None]
"""

from __future__ import annotations

from collections.abc import Generator
from typing import TYPE_CHECKING

from .history import FAIL, INFO, OK, Version
from .messages import gather, replicate

if TYPE_CHECKING:
    from .cluster import Cluster


def write(cluster: Cluster, key, value, coordinator: int, after: Version | None = None
          ) -> Generator:
    """Write ``value`` under ``key`` coordinated by ``coordinator``: ``(outcome, version)``.

    ``after`` is the client's version token: the write is stamped after it."""
    if cluster.mode == "cp":
        return (yield from two_phase_write(cluster, key, value, coordinator, after))
    return (yield from optimistic_write(cluster, key, value, coordinator, after))


def two_phase_write(cluster: Cluster, key, value, coordinator: int,
                    after: Version | None = None) -> Generator:
    """CP: ask W replicas for their version, then store a version stamped after all of them."""
    # Phase 1: W replicas must answer before anything is stored anywhere.
    seen = yield from gather(cluster, coordinator, key, cluster.w, cluster.now + cluster.timeout)
    if len(seen.replies) < cluster.w:
        return FAIL, None  # nothing was stored: a clean refusal
    latest = max(version for version, _ in seen.replies.values())
    version = cluster.new_version(coordinator, latest, after)
    # Phase 2: store; the network may change meanwhile, so wait only until the timeout.
    acks = yield from replicate(cluster, coordinator, key, version, value, cluster.w,
                                cluster.now + cluster.timeout)
    return (OK if acks >= cluster.w else INFO), version


def optimistic_write(cluster: Cluster, key, value, coordinator: int,
                     after: Version | None = None) -> Generator:
    """AP: store at once and replicate; wait for W acks, but answer "ok" at the timeout."""
    deadline = cluster.now + cluster.timeout
    version = cluster.new_version(coordinator, cluster.replicas.get(coordinator, key)[0], after)
    yield from replicate(cluster, coordinator, key, version, value, cluster.w, deadline)
    return OK, version


def read(cluster: Cluster, key, coordinator: int, after: Version | None = None,
         need: int | None = None) -> Generator:
    """Read ``key`` coordinated by ``coordinator``: ``(outcome, (version, value))``, the
    newest among ``need`` answers (R by default); ``(outcome, None)`` if refused.

    ``after`` is the client's version token: an answer older than it is never returned.
    """
    need = cluster.r if need is None else need
    request = yield from gather(cluster, coordinator, key, need, cluster.now + cluster.timeout,
                                after)
    replies = request.replies
    token_broken = after is not None and not any(v >= after for v, _ in replies.values())
    # CP refuses a read it cannot serve from R replicas; nobody serves a broken token.
    if not request.satisfied and (cluster.mode == "cp" or token_broken):
        return FAIL, None
    newest = max(replies.values(), key=lambda item: item[0])
    behind = [replica for replica, (version, _) in replies.items() if version < newest[0]]
    cluster.counters["read_repairs"] += len(behind) if cluster.repair != "none" else 0
    if cluster.repair == "async":
        repair(cluster, coordinator, key, newest, behind)
    elif cluster.repair == "sync" and behind:
        # Answer only once every replica that answered holds the newest version.
        holders = 1 + sum(replica != coordinator for replica in behind)
        acks = yield from replicate(cluster, coordinator, key, *newest, holders,
                                    cluster.now + cluster.timeout, to=behind)
        if acks < holders and cluster.mode == "cp":
            return FAIL, None
    return OK, newest


def repair(cluster: Cluster, coordinator: int, key, newest: tuple[Version, object],
           behind: list[int]) -> None:
    """Asynchronous read repair: push the newest version to replicas that answered an older
    one, and do not wait for them."""
    for replica in behind:
        cluster.network.send(coordinator, replica, cluster.replicas.on_store, None, key,
                             *newest)
