"""A replicated key-value store you can partition: the ``Cluster`` and its replicas.

The cluster is built from separate pieces, each a short read:

* the engine is the course's :mod:`sysdesign.core.events`: a :class:`~sysdesign.core.events.
  Simulator` (a simulated clock in milliseconds and a queue of actions; no threads, no
  sleeping, one seed fixes every run) and a :class:`~sysdesign.core.events.Network` between
  the nodes (latency, jitter, loss with retransmission, cuts);
* :class:`Replicas` (this module): one store per node, and what a replica does when a
  message reaches it;
* the replication schemes, which decide who coordinates a request and how many replicas it
  waits for: ``quorum.py`` (leaderless, Dynamo style) and ``leader.py`` (single leader),
  both built on the request/reply helpers of ``messages.py``;
* ``anti_entropy.py``: the background rounds of :meth:`Cluster.settle` that make replicas
  agree again after a partition heals.

Clients are synchronous: ``write`` and ``read`` run the simulation until the request is
answered, so the network only changes (``partition``/``heal``/``cut``) between requests,
while background messages (replication, read repair) may still be in flight.

Two knobs carry the lesson:

* ``mode="cp"``: a coordinator that cannot reach the replicas it needs (W for a write, R for
  a read) refuses. A write first asks W replicas for their version and stores nothing
  unless they all answered, so a refused write leaves no trace.
* ``mode="ap"``: every request is answered from whatever replicas answer before the timeout;
  concurrent writes are resolved by last-writer-wins on timestamps taken from each node's
  (possibly skewed) clock.

Replication schemes: ``"quorum"`` (leaderless: any node coordinates, waits for R or W replies
out of N) and ``"leader"`` (writes go through one leader, which waits for ``w`` copies
including its own: w=1 is asynchronous replication, w=N fully synchronous).

Last-writer-wins needs distinct timestamps: two writes stamped in the same instant (possible
when requests take no time) tie, and the higher node id wins, whatever the real order was.
Skewed clocks (``skew=``) make later writes lose more often.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable

from sysdesign.core import checks
from sysdesign.core.events import Network, Simulator

from . import anti_entropy, leader, quorum
from .history import NO_VERSION, Operation, Result, Version

MODES = ("cp", "ap")
SCHEMES = ("quorum", "leader")
TICK = 1e-3  # the smallest step a CP write adds to a timestamp to order it after another


class Replicas:
    """One key-value store per node: ``key -> (version, value)``.

    A replica keeps the higher of two versions (last writer, by timestamp, wins). The two
    ``on_`` methods are what a replica does when a message reaches it: they run at node
    ``node`` and answer the ``coordinator`` that sent the message, over the network.
    """

    def __init__(self, n: int, network: Network):
        self.stores: list[dict[object, tuple[Version, object]]] = [{} for _ in range(n)]
        self.network = network

    def get(self, node: int, key) -> tuple[Version, object]:
        """What ``node`` holds for ``key``: ``(NO_VERSION, None)`` if nothing."""
        return self.stores[node].get(key, (NO_VERSION, None))

    def apply(self, node: int, key, version: Version, value) -> None:
        """Store ``value`` at ``node`` unless the node already holds a newer version."""
        if version > self.get(node, key)[0]:
            self.stores[node][key] = (version, value)

    def on_query(self, node: int, coordinator: int, request, key) -> None:
        """A coordinator asks which version of ``key`` this replica holds: tell it."""
        self.network.send(node, coordinator, request.reply, self.get(node, key))

    def on_store(self, node: int, coordinator: int, request, key, version, value) -> None:
        """Store a version; acknowledge it if the sender waits (``request`` is not None)."""
        self.apply(node, key, version, value)
        if request is not None:
            self.network.send(node, coordinator, request.reply, (version, value))


class Cluster:
    """N replicas of a key-value store, a network between them, and a simulated clock.

    >>> c = Cluster(nodes=3, mode="cp", seed=0)
    >>> c.write("x", 1, node=0).ok
    True
    >>> c.partition({0, 1}, {2})
    >>> c.write("x", 2, node=2).ok      # node 2 cannot reach a majority: refused
    False
    >>> c.read("x", node=0).value       # the majority side still serves
    1
    >>> c.heal()
    >>> rounds = c.settle()
    >>> c.values("x")
    [1, 1, 1]
    """

    def __init__(self, nodes: int = 3, mode: str = "cp", seed: int = 0, *,
                 scheme: str = "quorum", r: int | None = None, w: int | None = None,
                 leader: int = 0, leader_reads: bool | None = None,
                 latency: float | Iterable[Iterable[float]] = 5.0, jitter: float = 0.0,
                 loss: float = 0.0, rto: float | None = None, timeout: float | None = None,
                 skew: float = 0.0):
        self.n = checks.integer(nodes, "nodes", 1)
        self.mode = checks.choice(mode, "mode", MODES)
        self.scheme = checks.choice(scheme, "scheme", SCHEMES)
        # CP needs overlapping majorities; AP answers from one replica unless told otherwise.
        default = self.n // 2 + 1 if mode == "cp" else 1
        self.r = checks.integer(default if r is None else r, "r", 1, self.n)
        self.w = checks.integer(default if w is None else w, "w", 1, self.n)
        self.leader = checks.integer(leader, "leader", 0, self.n - 1)
        self.leader_reads = (mode == "cp") if leader_reads is None else bool(leader_reads)
        self.seed = seed
        self.sim = Simulator(seed=seed)
        # Retransmit=True: a lost message is sent again after the rto (TCP), so loss delays.
        self.network = Network(self.sim, self.n, latency=latency, jitter=jitter, loss=loss,
                               retransmit=True, rto=rto)
        slowest = max(max(row) for row in self.network.latency)
        self.timeout = (checks.number(timeout, "timeout", 0, lo_open=True, hint="ms")
                        if timeout is not None else 10 * (slowest + self.jitter) + 10.0)
        self.skew = checks.number(skew, "skew", 0, hint="ms")
        # Each node's clock runs at the true rate but off by a fixed offset. These are the
        # simulation's first random draws; message delays come after, from the same rng.
        self.clock_offset = [self.sim.rng.uniform(-self.skew, self.skew) for _ in range(self.n)]
        self.replicas = Replicas(self.n, self.network)
        self._write_ids = itertools.count(1)
        # write id -> the version its coordinator had seen (its causal parent).
        self._parents: dict[int, Version] = {}
        self._acknowledged: dict[object, list[Version]] = {}
        self.history: list[Operation] = []
        # One log of network changes (cut, heal, settle) and one set of counters, shared
        # with the network, which counts messages, drops and retransmissions itself.
        self.events: list[tuple[float, str]] = self.network.events
        self.counters = self.network.counters

    # ------------------------------------------------------- clock and network
    @property
    def now(self) -> float:
        """The simulated time, in ms."""
        return self.sim.now

    @property
    def latency(self) -> list[list[float]]:
        """One-way latency between each pair of nodes (ms), as the network holds it."""
        return self.network.latency

    @property
    def jitter(self) -> float:
        """Mean of the exponential extra delay of each message (ms)."""
        return self.network.jitter

    @property
    def loss(self) -> float:
        """Chance that one attempt to deliver a message is lost (and retransmitted)."""
        return self.network.loss

    @property
    def rto(self) -> float:
        """How long a sender waits before retransmitting a lost message (ms)."""
        return self.network.rto

    def advance(self, ms: float) -> None:
        """Let ``ms`` of simulated time pass, delivering whatever arrives meanwhile."""
        ms = checks.number(ms, "ms", 0, hint="simulated milliseconds")
        self.sim.run(self.now + ms)

    def partition(self, *groups: Iterable[int]) -> None:
        """Cut every link between the given groups, which must split the nodes exactly."""
        self.network.partition(*groups)

    def cut(self, a: int, b: int) -> None:
        """Cut the single link between nodes a and b (both directions)."""
        self.network.cut(a, b)

    def heal(self) -> None:
        """Restore every link. Replicas stay different until messages or settle() fix them."""
        self.network.heal()

    def connected(self, a: int, b: int) -> bool:
        """True if the link between nodes a and b is up."""
        return self.network.connected(a, b)

    def cut_links(self) -> list[tuple[int, int]]:
        """The links currently cut, as sorted (a, b) pairs."""
        return self.network.cut_links()

    def groups(self) -> list[list[int]]:
        """The connected groups of nodes under the current cuts, smallest node first."""
        return self.network.groups()

    # ----------------------------------------------------------------- clients
    def write(self, key, value, node: int = 0, *, client=None) -> Result:
        """Write ``value`` under ``key`` through ``node``; ``.ok`` is False if refused."""
        node = self.network.node(node)
        start, side = self.now, self.network.side(node)
        version = self._protocol().write(self, key, value, node)
        return self._record(client, node, "write", key, value, version, start, side)

    def read(self, key, node: int = 0, *, client=None, after: Version | None = None) -> Result:
        """Read ``key`` through ``node``; ``.value`` is the value returned (None if refused).

        ``after`` is a version token: the answer must be at least that new. A node that
        is behind asks the other replicas, and refuses if none has it in time.
        """
        node = self.network.node(node)
        start, side = self.now, self.network.side(node)
        item = self._protocol().read(self, key, node, after)
        version, value = item if item is not None else (None, None)
        return self._record(client, node, "read", key, value, version, start, side)

    def _protocol(self):
        """The module whose ``write`` and ``read`` carry out this cluster's scheme."""
        return leader if self.scheme == "leader" else quorum

    def _record(self, client, node, kind, key, value, version, start, side) -> Result:
        """Append the request to the history as the client saw it, and count it."""
        ok = version is not None
        op = Operation(len(self.history), node if client is None else client, node, kind,
                       key, value, ok, start, self.now, version, side)
        self.history.append(op)
        self.counters[f"{kind}s_{'ok' if ok else 'refused'}"] += 1
        if ok and kind == "write":
            self._acknowledged.setdefault(key, []).append(version)
        return Result(ok, value, op.latency, version, op)

    def new_version(self, node: int, seen: Version) -> Version:
        """A version for a write coordinated by ``node`` that had seen version ``seen``.

        The timestamp is the node's own clock. A CP write also orders itself after every
        version it saw, so it never loses to an older write; AP trusts the clock alone.
        """
        stamp = self.now + self.clock_offset[node]
        if self.mode == "cp":
            stamp = max(stamp, seen.stamp + TICK)
        version = Version(stamp, node, next(self._write_ids))
        self._parents[version.write_id] = seen  # for lost_writes: what this write replaced
        return version

    def settle(self, max_rounds: int = 100) -> int:
        """Deliver everything in flight, then run anti-entropy rounds until replicas agree.

        Each round every node sends what it holds newer than a peer to every node it can
        reach. Returns the number of rounds that changed something (replicas on different
        sides of a cut stay different).
        """
        return anti_entropy.settle(self, max_rounds)

    # ------------------------------------------------------------- inspection
    def values(self, key) -> list:
        """The value each node stores for ``key`` (None where it has none)."""
        return [self.replicas.get(node, key)[1] for node in range(self.n)]

    def versions(self, key) -> list[Version]:
        """The version each node stores for ``key``."""
        return [self.replicas.get(node, key)[0] for node in range(self.n)]

    def keys(self) -> list:
        """Every key any node stores, sorted by its text."""
        return sorted({k for store in self.replicas.stores for k in store}, key=repr)

    def lost_writes(self, key=None) -> list[Version]:
        """Acknowledged writes no replica still holds, neither directly nor as an ancestor.

        A write that was overwritten by a later write that had seen it is not lost; one
        discarded because a concurrent write had a higher timestamp is.
        """
        keys = self._acknowledged if key is None else [key]
        lost = []
        for k in keys:
            alive = set()
            for version in self.versions(k):
                # Walk back through the writes each surviving version replaced.
                while version != NO_VERSION and version.write_id not in alive:
                    alive.add(version.write_id)
                    version = self._parents[version.write_id]
            lost += [v for v in self._acknowledged.get(k, []) if v.write_id not in alive]
        return lost
