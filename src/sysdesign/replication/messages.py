"""How a coordinator talks to the replicas: forward a request, ask, store, wait for answers.

Every helper here sends messages on the cluster's network and then runs the simulation
until enough answers have arrived or the deadline has passed. The replication schemes
(``quorum.py``, ``leader.py``) are written with these three steps:

* :func:`hop`: carry a request from one node to another (a client's node to the leader, or
  an answer back to the client's node);
* :func:`gather`: ask every replica which version of a key it holds;
* :func:`replicate`: store a version everywhere and wait for enough acknowledgements.

A reply that arrives after its coordinator stopped waiting is ignored, as a real
coordinator ignores a late answer to a request that already timed out.

>>> from sysdesign.replication import Cluster
>>> c = Cluster(3, seed=0, latency=5.0)          # timeout: 10 x 5 ms + 10 ms = 60 ms
>>> hop(c, 0, 1), c.now
(True, 5.0)
>>> c.cut(0, 1)
>>> hop(c, 0, 1), c.now                          # no way through: gives up at the timeout
(False, 65.0)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .history import NO_VERSION, Version

if TYPE_CHECKING:
    from .cluster import Cluster


class Request:
    """A request in progress at its coordinator: the replies collected so far.

    ``replies`` maps a replica to the ``(version, value)`` it answered. ``done`` is set when
    the coordinator stops waiting; ``satisfied`` says whether it had what it waited for.
    """

    __slots__ = ("replies", "done", "satisfied")

    def __init__(self):
        self.replies: dict[int, tuple[Version, object]] = {}
        self.done = False
        self.satisfied = False

    def reply(self, coordinator: int, replica: int, item: tuple[Version, object]) -> None:
        """A replica's answer reaches the coordinator (too late once it stopped waiting)."""
        if not self.done:
            self.replies[replica] = item

    def arrived(self, node: int, _sender: int) -> None:
        """A forwarded request reached ``node``: that is all a :func:`hop` waits for."""
        self.replies[node] = (NO_VERSION, None)


def hop(cluster: Cluster, src: int, dst: int) -> bool:
    """Carry a request from src to dst; False (after the timeout) if it cannot get there."""
    if src == dst:
        return True
    request = Request()
    cluster.network.send(src, dst, request.arrived)
    return cluster.sim.run_until(lambda: bool(request.replies), cluster.now + cluster.timeout)


def gather(cluster: Cluster, coordinator: int, key, need: int, deadline: float,
           after: Version | None = None) -> Request:
    """Ask the replicas for their version of ``key``; wait for ``need`` answers.

    The coordinator's own copy counts as the first answer. With a version token ``after``,
    it also waits until one answer is at least that new.
    """
    request = Request()
    request.replies[coordinator] = cluster.replicas.get(coordinator, key)

    def enough() -> bool:
        return len(request.replies) >= need and (
            after is None or any(v >= after for v, _ in request.replies.values()))

    if not enough():  # the local copy will not do: ask every other replica
        for node in range(cluster.n):
            if node != coordinator:
                cluster.network.send(coordinator, node, cluster.replicas.on_query, request, key)
    cluster.sim.run_until(enough, deadline)
    request.done = True
    request.satisfied = enough()
    return request


def replicate(cluster: Cluster, coordinator: int, key, version: Version, value, need: int,
              deadline: float) -> int:
    """Store locally, send to every other replica, wait for ``need`` acks; return the acks."""
    cluster.replicas.apply(coordinator, key, version, value)
    request = Request()
    request.replies[coordinator] = (version, value)
    for node in range(cluster.n):
        if node != coordinator:
            cluster.network.send(coordinator, node, cluster.replicas.on_store, request, key,
                                 version, value)
    cluster.sim.run_until(lambda: len(request.replies) >= need, deadline)
    request.done = True
    return len(request.replies)
