"""A replicated key-value store as a discrete-event simulation you can partition.

Everything happens on a simulated clock (milliseconds): messages between nodes are
events in a priority queue, delivered after the link's latency (plus optional
jitter and retransmissions after loss), or dropped if the link is cut when they
arrive. There are no threads and no sleeping; a seed fixes every run.

Clients are synchronous: ``write`` and ``read`` run the event loop until the
request is answered, so the network only changes (``partition``/``heal``/``cut``)
between requests, while background messages (replication, read repair) may still
be in flight.

Two knobs carry the lesson:

* ``mode="cp"``: a coordinator that cannot reach the replicas it needs (W for a
  write, R for a read) refuses. A write first asks W replicas for their version
  and stores nothing unless they all answered, so a refused write leaves no trace.
* ``mode="ap"``: every request is answered from whatever replicas answer before
  the timeout; concurrent writes are resolved by last-writer-wins on timestamps
  taken from each node's (possibly skewed) clock.

Replication schemes: ``"quorum"`` (leaderless, Dynamo style: any node coordinates,
waits for R or W replies out of N) and ``"leader"`` (writes go through one leader,
which waits for ``w`` copies including its own: w=1 is asynchronous replication,
w=N fully synchronous).

Last-writer-wins needs distinct timestamps: two writes stamped in the same instant
(possible when requests take no time) tie, and the higher node id wins, whatever
the real order was. Skewed clocks (``skew=``) make later writes lose more often.
"""

from __future__ import annotations

import heapq
import itertools
import math
import random
from collections import Counter
from collections.abc import Callable, Iterable

from sysdesign.checks import integer

from .history import NO_VERSION, Operation, Result, Version

MODES = ("cp", "ap")
SCHEMES = ("quorum", "leader")
TICK = 1e-3  # the smallest step a CP write adds to a timestamp to order it after another


class _Request:
    """A request in progress at its coordinator: the replies collected so far."""

    __slots__ = ("replies", "done", "satisfied")

    def __init__(self):
        self.replies: dict[int, tuple[Version, object]] = {}
        self.done = False
        self.satisfied = False


def _as_count(value, name: str, lo: int, hi: int | None = None) -> int:
    return integer(value, name, lo, hi)


def _as_probability(value, name: str) -> float:
    try:
        if isinstance(value, (bool, str)):
            raise TypeError
        number = float(value)
    except TypeError:
        raise TypeError(f"{name} must be a probability, got {value!r}") from None
    if not 0 <= number < 1:
        raise ValueError(f"{name} must be a probability in [0, 1), got {value!r}")
    return number


def _as_ms(value, name: str, *, positive: bool = False) -> float:
    try:
        if isinstance(value, (bool, str)):
            raise TypeError
        number = float(value)
    except TypeError:
        raise TypeError(f"{name} must be a number of ms, got {value!r}") from None
    if not math.isfinite(number) or number < 0 or (positive and number == 0):
        kind = "> 0" if positive else ">= 0"
        raise ValueError(f"{name} must be a finite number {kind} (ms), got {value!r}")
    return number


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
        self.n = _as_count(nodes, "nodes", 1)
        if mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}, got {mode!r}")
        if scheme not in SCHEMES:
            raise ValueError(f"scheme must be one of {SCHEMES}, got {scheme!r}")
        self.mode, self.scheme = mode, scheme
        majority = self.n // 2 + 1
        default = majority if mode == "cp" else 1
        self.r = _as_count(default if r is None else r, "r", 1, self.n)
        self.w = _as_count(default if w is None else w, "w", 1, self.n)
        self.leader = _as_count(leader, "leader", 0, self.n - 1)
        self.leader_reads = (mode == "cp") if leader_reads is None else bool(leader_reads)
        self.latency = self._latency_matrix(latency)
        self.jitter = _as_ms(jitter, "jitter")
        self.loss = _as_probability(loss, "loss")
        slowest = max(max(row) for row in self.latency)
        self.rto = _as_ms(rto, "rto", positive=True) if rto is not None else 2 * slowest + 1.0
        self.timeout = (_as_ms(timeout, "timeout", positive=True) if timeout is not None
                        else 10 * (slowest + self.jitter) + 10.0)
        self.skew = _as_ms(skew, "skew")
        self.seed = seed
        self._rng = random.Random(seed)
        # Each node's clock runs at the true rate but off by a fixed offset.
        self.clock_offset = [self._rng.uniform(-self.skew, self.skew) for _ in range(self.n)]
        self.now = 0.0
        self._stores: list[dict[object, tuple[Version, object]]] = [{} for _ in range(self.n)]
        self._queue: list = []
        self._seq = itertools.count()
        self._write_ids = itertools.count(1)
        self._cut: set[frozenset[int]] = set()
        # _up[a][b]: is the link a-b up? (a matrix: this is asked for every message)
        self._up = [[True] * self.n for _ in range(self.n)]
        self._groups: list[list[int]] | None = None
        # write id -> the version its coordinator had seen (its causal parent).
        self._parents: dict[int, Version] = {}
        self._acknowledged: dict[object, list[Version]] = {}
        self.history: list[Operation] = []
        self.events: list[tuple[float, str]] = []  # network changes, for timelines
        self.counters: Counter = Counter()

    # ------------------------------------------------------------------ network
    def _latency_matrix(self, latency) -> list[list[float]]:
        if isinstance(latency, (int, float)) and not isinstance(latency, bool):
            base = _as_ms(latency, "latency")
            return [[0.0 if i == j else base for j in range(self.n)] for i in range(self.n)]
        rows = [[_as_ms(x, "latency") for x in row] for row in latency]
        if len(rows) != self.n or any(len(row) != self.n for row in rows):
            raise ValueError(f"latency must be a number or an {self.n}x{self.n} matrix")
        return rows

    def _node(self, node) -> int:
        return _as_count(node, "node", 0, self.n - 1)

    def connected(self, a: int, b: int) -> bool:
        """True if the link between nodes a and b is up."""
        return self._up[a][b]

    def partition(self, *groups: Iterable[int]) -> None:
        """Cut every link between the given groups, which must split the nodes exactly."""
        sets = [{self._node(i) for i in group} for group in groups]
        seen = [i for group in sets for i in group]
        if len(sets) < 2 or any(not g for g in sets) or sorted(seen) != list(range(self.n)):
            raise ValueError(f"partition needs two or more non-empty, disjoint groups covering "
                             f"nodes 0..{self.n - 1} exactly, got {[sorted(g) for g in sets]}")
        for g, h in itertools.combinations(sets, 2):
            self._cut.update(frozenset((a, b)) for a in g for b in h)
        self._network_changed()
        self.events.append((self.now, " | ".join(
            "{" + ",".join(map(str, sorted(g))) + "}" for g in sets)))

    def cut(self, a: int, b: int) -> None:
        """Cut the single link between nodes a and b (both directions)."""
        a, b = self._node(a), self._node(b)
        if a == b:
            raise ValueError(f"cannot cut a node from itself (node {a})")
        self._cut.add(frozenset((a, b)))
        self._network_changed()
        self.events.append((self.now, f"cut {min(a, b)}-{max(a, b)}"))

    def heal(self) -> None:
        """Restore every link. Replicas stay different until messages or settle() fix them."""
        if self._cut:
            self.events.append((self.now, "heal"))
        self._cut.clear()
        self._network_changed()

    def _network_changed(self) -> None:
        self._up = [[a == b or frozenset((a, b)) not in self._cut for b in range(self.n)]
                    for a in range(self.n)]
        self._groups = None

    def cut_links(self) -> list[tuple[int, int]]:
        """The links currently cut, as sorted (a, b) pairs."""
        return sorted(tuple(sorted(pair)) for pair in self._cut)

    def groups(self) -> list[list[int]]:
        """The connected groups of nodes under the current cuts, smallest node first."""
        if self._groups is not None:
            return [list(g) for g in self._groups]
        unseen, out = set(range(self.n)), []
        while unseen:
            start = min(unseen)
            group, frontier = {start}, [start]
            while frontier:
                a = frontier.pop()
                for b in range(self.n):
                    if b not in group and self.connected(a, b):
                        group.add(b)
                        frontier.append(b)
            unseen -= group
            out.append(sorted(group))
        self._groups = out
        return [list(g) for g in out]

    def _side(self, node: int) -> tuple[int, ...]:
        if not self._cut:
            return tuple(range(self.n))
        if self._groups is None:
            self.groups()
        return next(tuple(g) for g in self._groups if node in g)

    def _delay(self, src: int, dst: int) -> float:
        delay = self.latency[src][dst]
        if self.jitter:
            delay += self._rng.expovariate(1.0 / self.jitter)
        while self.loss and self._rng.random() < self.loss:
            delay += self.rto  # lost: the sender retransmits after its timeout
            self.counters["retransmissions"] += 1
        return delay

    def _send(self, src: int, dst: int, handler: Callable, *args) -> None:
        """Put a message on the wire; it is dropped if the link is cut at either end of its trip."""
        self.counters["messages"] += 1
        if not self._up[src][dst]:
            self.counters["dropped"] += 1
            return
        at = self.now if src == dst else self.now + self._delay(src, dst)
        heapq.heappush(self._queue, (at, next(self._seq), src, dst, handler, args))

    def _step(self) -> None:
        at, _, src, dst, handler, args = heapq.heappop(self._queue)
        if at > self.now:
            self.now = at
        if not self._up[src][dst]:
            self.counters["dropped"] += 1
            return
        handler(dst, src, *args)

    def _run_until(self, satisfied: Callable[[], bool], deadline: float) -> bool:
        """Deliver messages in time order until ``satisfied()`` or the deadline passes."""
        while not satisfied():
            if not self._queue or self._queue[0][0] > deadline:
                self.now = max(self.now, deadline) if math.isfinite(deadline) else self.now
                return satisfied()
            self._step()
        return True

    def advance(self, ms: float) -> None:
        """Let ``ms`` of simulated time pass, delivering whatever arrives meanwhile."""
        ms = _as_ms(ms, "ms")
        target = self.now + ms
        self._run_until(lambda: False, target)
        self.now = target

    # ---------------------------------------------------------------- replicas
    def _local(self, node: int, key) -> tuple[Version, object]:
        return self._stores[node].get(key, (NO_VERSION, None))

    def _apply(self, node: int, key, version: Version, value) -> None:
        """Keep the higher version: last writer (by timestamp) wins."""
        if version > self._local(node, key)[0]:
            self._stores[node][key] = (version, value)

    def _on_query(self, node, coordinator, request, key):
        self._send(node, coordinator, self._on_reply, request, self._local(node, key))

    def _on_store(self, node, coordinator, request, key, version, value):
        self._apply(node, key, version, value)
        if request is not None:
            self._send(node, coordinator, self._on_reply, request, (version, value))

    def _on_reply(self, coordinator, replica, request, item):
        if not request.done:
            request.replies[replica] = item

    def _on_arrive(self, node, sender, request):
        request.replies[node] = (NO_VERSION, None)

    def _hop(self, src: int, dst: int) -> bool:
        """Carry a request from src to dst; False (after the timeout) if it cannot get there."""
        if src == dst:
            return True
        request = _Request()
        self._send(src, dst, self._on_arrive, request)
        return self._run_until(lambda: bool(request.replies), self.now + self.timeout)

    def _gather(self, coordinator: int, key, need: int, deadline: float,
                after: Version | None = None) -> _Request:
        """Ask replicas for their version of ``key``; wait for ``need`` replies (and, with a
        token ``after``, for one at least that new)."""
        request = _Request()
        request.replies[coordinator] = self._local(coordinator, key)

        def enough() -> bool:
            return len(request.replies) >= need and (
                after is None or any(v >= after for v, _ in request.replies.values()))

        if not enough():
            for node in range(self.n):
                if node != coordinator:
                    self._send(coordinator, node, self._on_query, request, key)
        self._run_until(enough, deadline)
        request.done = True
        request.satisfied = enough()
        return request

    def _replicate(self, coordinator: int, key, version: Version, value, need: int,
                   deadline: float) -> int:
        """Store locally, send to every other replica, wait for ``need`` acks; return acks."""
        self._apply(coordinator, key, version, value)
        request = _Request()
        request.replies[coordinator] = (version, value)
        for node in range(self.n):
            if node != coordinator:
                self._send(coordinator, node, self._on_store, request, key, version, value)
        self._run_until(lambda: len(request.replies) >= need, deadline)
        request.done = True
        return len(request.replies)

    def _reachable(self, node: int) -> int:
        return sum(self.connected(node, other) for other in range(self.n))

    # ----------------------------------------------------------------- clients
    def write(self, key, value, node: int = 0, *, client=None) -> Result:
        """Write ``value`` under ``key`` through ``node``; ``.ok`` is False if refused."""
        node = self._node(node)
        start, side = self.now, self._side(node)
        version = self._write(key, value, node)
        return self._record(client, node, "write", key, value, version, start, side)

    def read(self, key, node: int = 0, *, client=None, after: Version | None = None) -> Result:
        """Read ``key`` through ``node``; ``.value`` is the value returned (None if refused).

        ``after`` is a version token: the answer must be at least that new. A node that
        is behind asks the other replicas, and refuses if none has it in time.
        """
        node = self._node(node)
        start, side = self.now, self._side(node)
        item = self._read(key, node, after)
        version, value = item if item is not None else (None, None)
        return self._record(client, node, "read", key, value, version, start, side)

    def _record(self, client, node, kind, key, value, version, start, side) -> Result:
        ok = version is not None
        op = Operation(len(self.history), node if client is None else client, node, kind,
                       key, value, ok, start, self.now, version, side)
        self.history.append(op)
        self.counters[f"{kind}s_{'ok' if ok else 'refused'}"] += 1
        if ok and kind == "write":
            self._acknowledged.setdefault(key, []).append(version)
        return Result(ok, value, op.latency, version, op)

    def _stamp(self, node: int, seen: Version) -> float:
        clock = self.now + self.clock_offset[node]
        # CP writes order themselves after every version they saw; AP trusts the clock.
        return max(clock, seen.stamp + TICK) if self.mode == "cp" else clock

    def _new_version(self, node: int, seen: Version) -> Version:
        version = Version(self._stamp(node, seen), node, next(self._write_ids))
        self._parents[version.write_id] = seen
        return version

    def _write(self, key, value, node: int) -> Version | None:
        coordinator = node
        if self.scheme == "leader" and not self._hop(node, self.leader):
            if self.mode == "cp":
                return None  # cannot reach the leader: refuse
            # AP: accept locally and replicate when possible (now two nodes take writes).
            version = self._new_version(node, self._local(node, key)[0])
            self._replicate(node, key, version, value, need=1, deadline=self.now)
            return version
        if self.scheme == "leader":
            coordinator = self.leader
        deadline = self.now + self.timeout
        if self.mode == "cp":
            # Phase 1: W replicas must answer before anything is stored anywhere.
            seen = self._gather(coordinator, key, self.w, deadline)
            if len(seen.replies) < self.w:
                self._hop(coordinator, node)
                return None
            latest = max(v for v, _ in seen.replies.values())
            version = self._new_version(coordinator, latest)
            # Phase 2: the links cannot change during a request, so the W acks will come.
            self._replicate(coordinator, key, version, value, self.w, math.inf)
        else:
            version = self._new_version(coordinator, self._local(coordinator, key)[0])
            self._replicate(coordinator, key, version, value, self.w, deadline)
        self._hop(coordinator, node)
        return version

    def _read(self, key, node: int, after: Version | None):
        coordinator, need = node, self.r
        if self.scheme == "leader":
            need = 1
            if self.leader_reads:
                if not self._hop(node, self.leader):
                    local = self._local(node, key)
                    # AP answers from the local copy, unless that breaks the client's token.
                    fresh = after is None or local[0] >= after
                    return local if self.mode == "ap" and fresh else None
                coordinator = self.leader
        request = self._gather(coordinator, key, need, self.now + self.timeout, after)
        replies = request.replies
        # CP refuses a read it cannot serve from R replicas; nobody serves a broken token.
        if not request.satisfied and (self.mode == "cp" or after is not None and not any(
                v >= after for v, _ in replies.values())):
            self._hop(coordinator, node)
            return None
        best = max(replies.values(), key=lambda item: item[0])
        self._repair(coordinator, key, best, replies)
        self._hop(coordinator, node)
        return best

    def _repair(self, coordinator, key, best, replies) -> None:
        """Read repair: push the newest version to replicas that answered with an older one."""
        for replica, (version, _) in replies.items():
            if version < best[0]:
                self.counters["read_repairs"] += 1
                self._send(coordinator, replica, self._on_store, None, key, *best)

    # ------------------------------------------------------------ convergence
    def settle(self, max_rounds: int = 100) -> int:
        """Deliver everything in flight, then run anti-entropy rounds until replicas agree.

        Each round every node sends what it holds newer than a peer to every node it can
        reach. Returns the number of rounds that changed something (replicas on different
        sides of a cut stay different).
        """
        self._run_until(lambda: False, math.inf)
        self.events.append((self.now, "settle"))
        for rounds in range(max_rounds):
            before = [dict(store) for store in self._stores]
            for src in range(self.n):
                for dst in range(self.n):
                    if src != dst:
                        for key, (version, value) in before[src].items():
                            if version > self._local(dst, key)[0]:
                                self._send(src, dst, self._on_store, None, key, version, value)
            self._run_until(lambda: False, math.inf)
            if self._stores == before:
                return rounds
            self.counters["anti_entropy_rounds"] += 1
        return max_rounds

    # ------------------------------------------------------------- inspection
    def values(self, key) -> list:
        """The value each node stores for ``key`` (None where it has none)."""
        return [self._local(node, key)[1] for node in range(self.n)]

    def versions(self, key) -> list[Version]:
        """The version each node stores for ``key``."""
        return [self._local(node, key)[0] for node in range(self.n)]

    def keys(self) -> list:
        """Every key any node stores, sorted by its text."""
        return sorted({k for store in self._stores for k in store}, key=repr)

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
                while version != NO_VERSION and version.write_id not in alive:
                    alive.add(version.write_id)
                    version = self._parents[version.write_id]
            lost += [v for v in self._acknowledged.get(k, []) if v.write_id not in alive]
        return lost
