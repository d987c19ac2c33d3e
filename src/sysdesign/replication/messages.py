"""How a coordinator talks to the replicas: forward a request, ask, store, wait for answers.

Every helper here sends messages on the cluster's network and then *waits* for enough
answers or for its deadline. Waiting is a ``yield``: each helper is a generator, and
``yield from`` marks every place where a coordinator waits for the network. While one
request waits, the simulation runs on and other requests make progress (``processes.py``
resumes each one when its answers have come), so clients can overlap in time.

The replication schemes (``quorum.py``, ``leader.py``) are written with three steps:

* :func:`hop`: carry a request from one node to another (a client's node to the leader, or
  an answer back to the client's node);
* :func:`gather`: ask every replica which version of a key it holds;
* :func:`replicate`: store a version everywhere and wait for enough acknowledgements.

A reply that arrives after its coordinator stopped waiting is ignored, as a real
coordinator ignores a late answer to a request that already timed out.

>>> from sysdesign.replication import Cluster
>>> c = Cluster(3, seed=0, latency=5.0)          # timeout: 10 x 5 ms + 10 ms = 60 ms
>>> c.complete(hop(c, 0, 1)), c.now
(True, 5.0)
>>> c.cut(0, 1)
>>> c.complete(hop(c, 0, 1)), c.now              # no way through: gives up at the timeout
(False, 65.0)
"""

from __future__ import annotations

from collections.abc import Callable, Generator
from typing import TYPE_CHECKING

from .history import NO_VERSION, Version
from .processes import Wait

if TYPE_CHECKING:
    from .cluster import Cluster


class Request:
    """A request in progress at its coordinator: the replies collected so far.

    ``replies`` maps a replica to the ``(version, value)`` it answered. ``done`` is set when
    the coordinator stops waiting; ``satisfied`` says whether it had what it waited for.
    """

    __slots__ = ("replies", "done", "satisfied", "wait")

    def __init__(self):
        self.replies: dict[int, tuple[Version, object]] = {}
        self.done = False
        self.satisfied = False
        self.wait: Wait | None = None  # the coordinator's wait, told of each new reply

    def reply(self, coordinator: int, replica: int, item: tuple[Version, object]) -> None:
        """A replica's answer reaches the coordinator (too late once it stopped waiting)."""
        if not self.done:
            self.replies[replica] = item
            if self.wait is not None:
                self.wait.poke()

    def arrived(self, node: int, _sender: int) -> None:
        """A forwarded request reached ``node``: that is all a :func:`hop` waits for."""
        self.reply(node, node, (NO_VERSION, None))


def wait_for(request: Request, condition: Callable[[], bool], deadline: float) -> Generator:
    """Pause the coordinator until ``condition()`` holds or the clock reaches ``deadline``.

    Returns whether the condition holds; either way the request stops collecting replies.
    """
    request.wait = Wait(condition, deadline)
    yield request.wait
    request.done = True
    request.satisfied = condition()
    return request.satisfied


def hop(cluster: Cluster, src: int, dst: int) -> Generator:
    """Carry a request from src to dst; False (after the timeout) if it cannot get there."""
    if src == dst:
        return True
    request = Request()
    cluster.network.send(src, dst, request.arrived)
    return (yield from wait_for(request, lambda: bool(request.replies),
                                cluster.now + cluster.timeout))


def gather(cluster: Cluster, coordinator: int, key, need: int, deadline: float,
           after: Version | None = None) -> Generator:
    """Ask the replicas for their version of ``key``; wait for ``need`` answers.

    The coordinator's own copy counts as the first answer. With a version token ``after``,
    it also waits until one answer is at least that new. Returns the :class:`Request`.
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
    yield from wait_for(request, enough, deadline)
    return request


def replicate(cluster: Cluster, coordinator: int, key, version: Version, value, need: int,
              deadline: float, to: list[int] | None = None) -> Generator:
    """Store locally, send to every other replica (or to those in ``to``), and wait for
    ``need`` acknowledgements, the coordinator's own included; return how many came."""
    cluster.replicas.apply(coordinator, key, version, value)
    request = Request()
    request.replies[coordinator] = (version, value)
    for node in range(cluster.n) if to is None else to:
        if node != coordinator:
            cluster.network.send(coordinator, node, cluster.replicas.on_store, request, key,
                                 version, value)
    yield from wait_for(request, lambda: len(request.replies) >= need, deadline)
    return len(request.replies)
