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

Clients come two ways. ``write`` and ``read`` are synchronous: they run the simulation
until the request is answered. ``start_write`` and ``start_read`` only start one and return
it in flight; start several, then ``finish`` them, and their operations overlap in time as
concurrent clients' do (``processes.py``). The network can change mid-request too: schedule
a cut or a heal on the simulator, ``cluster.sim.at(t, cluster.cut, 0, 1)``.

Nodes reach each other only over direct links: a message is never relayed through a third
node, so with the link 0-2 cut, node 0 cannot reach node 2 even though both reach node 1.

Two knobs carry the lesson:

* ``mode="cp"``: a coordinator that cannot reach the replicas it needs (W for a write, R for
  a read) refuses. A write first asks W replicas for their version (phase 1), then stores
  a version stamped after all of them (phase 2). A write refused in phase 1 leaves no trace;
  one that times out in phase 2 may have been stored on some replicas: its client gets
  "info" (outcome unknown), as Jepsen calls it.
* ``mode="ap"``: every request is answered from whatever replicas answer before the timeout;
  concurrent writes are resolved by last-writer-wins on timestamps taken from each node's
  (possibly skewed) clock.

Replication schemes: ``"quorum"`` (leaderless: any node coordinates, waits for R or W replies
out of N) and ``"leader"`` (writes go through one leader, which waits for ``w`` copies
including its own: w=1 is asynchronous replication, w=N fully synchronous).

Last-writer-wins needs distinct timestamps: two writes stamped in the same instant (possible
when requests take no time) tie, and the higher node id wins, whatever the real order was.
Skewed clocks (``skew=``, or exact ``offsets=``) make later writes lose: in AP mode a write
made g ms after another on a node whose clock is more than g ms behind loses to it.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable

from sysdesign.core import checks
from sysdesign.core.events import Network, Simulator

from . import anti_entropy, leader, quorum
from .history import NO_VERSION, OK, Operation, Result, Version
from .processes import Process

MODES = ("cp", "ap")
SCHEMES = ("quorum", "leader")
REPAIRS = ("async", "sync", "none")  # what a read does about replicas it found behind
COUNTER = {("write", "ok"): "writes_ok", ("write", "fail"): "writes_refused",
           ("write", "info"): "writes_unknown", ("read", "ok"): "reads_ok",
           ("read", "fail"): "reads_refused", ("read", "info"): "reads_unknown"}
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
                 skew: float = 0.0, offsets: Iterable[float] | None = None,
                 repair: str = "async", retransmit: bool = True):
        self.n = checks.integer(nodes, "nodes", 1)
        self.mode = checks.choice(mode, "mode", MODES)
        self.scheme = checks.choice(scheme, "scheme", SCHEMES)
        # CP needs overlapping majorities; AP answers from one replica unless told otherwise.
        default = self.n // 2 + 1 if mode == "cp" else 1
        self.r = checks.integer(default if r is None else r, "r", 1, self.n)
        self.w = checks.integer(default if w is None else w, "w", 1, self.n)
        self.leader = checks.integer(leader, "leader", 0, self.n - 1)
        self.leader_reads = (mode == "cp") if leader_reads is None else bool(leader_reads)
        self.repair = checks.choice(repair, "repair", REPAIRS)
        self.seed = seed
        self.sim = Simulator(seed=seed)
        # retransmit=True: a lost message is sent again after the rto (TCP), so loss only
        # delays; False: datagrams, a lost message is gone (best effort).
        self.network = Network(self.sim, self.n, latency=latency, jitter=jitter, loss=loss,
                               retransmit=retransmit, rto=rto)
        slowest = max(max(row) for row in self.network.latency)
        self.timeout = (checks.number(timeout, "timeout", 0, lo_open=True, hint="ms")
                        if timeout is not None else 10 * (slowest + self.jitter) + 10.0)
        self.skew = checks.number(skew, "skew", 0, hint="ms")
        # Each node's clock runs at the true rate but off by a fixed offset, drawn uniformly
        # from -skew..+skew. These are the simulation's first random draws; message delays
        # come after, from the same rng. Exact offsets replace the draws.
        if offsets is None:
            self.clock_offset = [self.sim.rng.uniform(-self.skew, self.skew)
                                 for _ in range(self.n)]
        else:
            self.clock_offset = [checks.number(x, "offsets", hint="ms") for x in offsets]
            if len(self.clock_offset) != self.n:
                raise ValueError(f"offsets must give one clock offset (ms) per node, "
                                 f"{self.n} in all, got {len(self.clock_offset)}")
        self.replicas = Replicas(self.n, self.network)
        self._write_ids = itertools.count(1)
        self._moments = itertools.count()  # orders invocations and answers at the same instant
        self._sides: tuple[int, dict] = (-1, {})  # side of each node, per network change
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
    def write(self, key, value, node: int = 0, *, client=None,
              after: Version | None = None) -> Result:
        """Write ``value`` under ``key`` through ``node``; ``.ok`` is False if refused.

        ``after`` is a version token: the write is ordered after it (a session's writes
        and reads so far), whatever the clocks say.
        """
        return self.finish(self.start_write(key, value, node, client=client, after=after))[0]

    def read(self, key, node: int = 0, *, client=None, after: Version | None = None) -> Result:
        """Read ``key`` through ``node``; ``.value`` is the value returned (None if refused).

        ``after`` is a version token: the answer must be at least that new. A node that
        is behind asks the other replicas, and refuses if none has it in time.
        """
        return self.finish(self.start_read(key, node, client=client, after=after))[0]

    def start_write(self, key, value, node: int = 0, *, client=None,
                    after: Version | None = None, then=None) -> Process:
        """Start a write and return it in flight; :meth:`finish` waits for it.

        ``then(result)`` is called when the answer comes (a client's next step)."""
        return self._start("write", key, value, node, client, after, then)

    def start_read(self, key, node: int = 0, *, client=None,
                   after: Version | None = None, then=None) -> Process:
        """Start a read and return it in flight; :meth:`finish` waits for it."""
        return self._start("read", key, None, node, client, after, then)

    def _start(self, kind, key, value, node, client, after, then) -> Process:
        on_done = None if then is None else (lambda process: then(process.result))
        return Process(self.sim, self._request(kind, key, value, node, client, after), on_done)

    def finish(self, *requests: Process) -> list[Result]:
        """Run the simulation until every request given has been answered; their Results."""
        self.sim.run_until(lambda: all(request.done for request in requests))
        if not all(request.done for request in requests):
            raise RuntimeError("a request never finished: it waits for something that "
                               "cannot come and has no deadline")
        return [request.result for request in requests]

    def complete(self, routine):
        """Run one coordinator routine (a generator from ``messages``, ``quorum`` or
        ``leader``) to its end, the simulation running meanwhile; return what it returns."""
        return self.finish(Process(self.sim, routine))[0]

    def _request(self, kind, key, value, node, client, after):
        """One client request from start to answer (a routine), recorded when it ends."""
        if not (type(node) is int and 0 <= node < self.n):  # the common case, checked fast
            node = self.network.node(node)
        start, side, invoked = self.now, self._side(node), next(self._moments)
        protocol = leader if self.scheme == "leader" else quorum
        if kind == "write":
            outcome, version = yield from protocol.write(self, key, value, node, after)
        else:
            outcome, item = yield from protocol.read(self, key, node, after)
            version, value = item if item is not None else (None, None)
        return self._record(client, node, kind, key, value, version, start, side, outcome,
                            invoked)

    def _side(self, node: int) -> tuple[int, ...]:
        """The nodes ``node`` has a working direct link to (itself included): the only ones
        it can reach, since nothing is relayed. Kept until the network next changes."""
        changes, sides = self._sides
        if changes != len(self.network.events):
            sides = {}
            self._sides = (len(self.network.events), sides)
        if node not in sides:
            sides[node] = tuple(j for j in range(self.n) if self.network.connected(node, j))
        return sides[node]

    def _record(self, client, node, kind, key, value, version, start, side, outcome,
                invoked) -> Result:
        """Append the request to the history as the client saw it, and count it."""
        ok = outcome == OK
        op = Operation(len(self.history), node if client is None else client, node, kind,
                       key, value, ok, start, self.now, version, side, outcome, invoked,
                       next(self._moments))
        self.history.append(op)
        self.counters[COUNTER[kind, outcome]] += 1
        if ok and kind == "write":
            self._acknowledged.setdefault(key, []).append(version)
        return Result(ok, value, op.latency, version, op)

    def new_version(self, node: int, seen: Version, after: Version | None = None) -> Version:
        """A version for a write coordinated by ``node`` that had seen version ``seen``.

        The timestamp is the node's own clock. A CP write also orders itself after every
        version it saw, so it never loses to an older write; AP trusts the clock alone,
        except that a client's token ``after`` (what its session has seen) always counts.
        """
        stamp = self.now + self.clock_offset[node]
        if self.mode == "cp":
            stamp = max(stamp, seen.stamp + TICK)
        if after is not None:
            stamp = max(stamp, after.stamp + TICK)
            seen = max(seen, after)
        version = Version(stamp, node, next(self._write_ids))
        self._parents[version.write_id] = seen  # for lost_writes: what this write replaced
        return version

    def settle(self, max_rounds: int = 100, on_round=None) -> int:
        """Deliver everything in flight, then run anti-entropy rounds until replicas agree.

        Each round every node sends what it holds newer than a peer to every node it can
        reach. Returns the number of rounds that changed something (replicas on different
        sides of a cut stay different). ``on_round(cluster)`` is called after each of them.
        """
        return anti_entropy.settle(self, max_rounds, on_round)

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
