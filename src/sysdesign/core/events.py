"""A small deterministic discrete-event engine: a simulated clock, scheduled actions, and a
network of nodes with latency, jitter, loss and partitions.

Nothing sleeps and nothing runs in a thread. :class:`Simulator` keeps a queue of actions
ordered by the simulated time at which they happen and runs them one by one, moving its
clock to each action's time. :class:`Network` turns "send a message from node a to node b"
into an action scheduled after the link's delay, unless the link is cut. One seed fixes
every random draw, so a run repeats exactly.

>>> sim = Simulator(seed=0)
>>> log = []
>>> _ = sim.schedule(5.0, log.append, "five")
>>> _ = sim.schedule(1.0, log.append, "one")
>>> sim.run()
2
>>> log, sim.now
(['one', 'five'], 5.0)

Time is a plain number; the course uses milliseconds for networks and seconds for
traffic, and every model says which.
"""

from __future__ import annotations

import itertools
import math
import random
from collections import Counter
from collections.abc import Callable, Iterable
from heapq import heappop, heappush

from . import checks

MAX_EVENTS = 10_000_000  # a run that needs more than this is a bug (a loop that never ends)


class Event:
    """An action scheduled at ``time``; :meth:`cancel` it before it runs to drop it."""

    __slots__ = ("time", "action", "args", "cancelled")

    def __init__(self, time: float, action: Callable, args: tuple):
        self.time, self.action, self.args = time, action, args
        self.cancelled = False

    def cancel(self) -> None:
        """Do not run this action after all (a timer that is no longer needed)."""
        self.cancelled = True

    def __repr__(self) -> str:
        name = getattr(self.action, "__name__", repr(self.action))
        return f"Event(t={self.time:g}, {name}{'' if not self.cancelled else ', cancelled'})"


class Simulator:
    """A simulated clock and a queue of actions in time order (ties: first scheduled first)."""

    def __init__(self, *, seed=0, start: float = 0.0):
        self.now = checks.number(start, "start")
        self.seed = seed
        self.rng = random.Random(seed)
        self.processed = 0  # actions run so far
        self._queue: list[tuple[float, int, Event]] = []
        self._order = itertools.count()

    def at(self, time, action: Callable, *args) -> Event:
        """Run ``action(*args)`` at simulated ``time`` (not before now)."""
        # The common case (a finite float, not in the past) skips the full check: a big
        # simulation schedules millions of actions, and the check would be a third of it.
        if type(time) is not float or not self.now <= time < math.inf:
            time = checks.number(time, "time")
            if time < self.now:
                raise ValueError(f"time must not be in the past (now = {self.now:g}), "
                                 f"got {time:g}")
        return self._push(time, action, args)

    def _push(self, time: float, action: Callable, args: tuple) -> Event:
        """Queue an action at a time already known to be valid (the engine's own path)."""
        event = Event(time, action, args)
        heappush(self._queue, (time, next(self._order), event))
        return event

    def schedule(self, delay, action: Callable, *args) -> Event:
        """Run ``action(*args)`` ``delay`` time units from now."""
        if type(delay) is not float or not 0.0 <= delay < math.inf:  # as in at()
            delay = checks.number(delay, "delay", 0)
        return self._push(self.now + delay, action, args)

    def next_time(self) -> float:
        """When the next pending action runs (infinity if none is pending)."""
        while self._queue and self._queue[0][2].cancelled:
            heappop(self._queue)
        return self._queue[0][0] if self._queue else math.inf

    def step(self) -> bool:
        """Run the next pending action; False if there was none."""
        if self.next_time() == math.inf:
            return False
        time, _, event = heappop(self._queue)
        self.now = max(self.now, time)
        self.processed += 1
        if self.processed > MAX_EVENTS:
            raise RuntimeError(f"more than {MAX_EVENTS:,} events: the simulation does not end")
        event.action(*event.args)
        return True

    def run(self, until: float = math.inf) -> int:
        """Run every action due at or before ``until``; the clock ends at ``until`` if finite.

        Returns how many actions ran.
        """
        until = checks.number(until, "until", finite=False)
        start = self.processed
        queue = self._queue
        while queue:  # step() by step(), written out: this loop is the engine's hot path
            time, _, event = queue[0]
            if event.cancelled:
                heappop(queue)
                continue
            if time > until:
                break
            heappop(queue)
            if time > self.now:
                self.now = time
            self.processed += 1
            if self.processed > MAX_EVENTS:
                raise RuntimeError(f"more than {MAX_EVENTS:,} events: the simulation does not end")
            event.action(*event.args)
        if math.isfinite(until):
            self.now = max(self.now, until)
        return self.processed - start

    def run_until(self, done: Callable[[], bool], deadline: float = math.inf) -> bool:
        """Run actions until ``done()`` holds or the next one is past ``deadline``.

        Returns ``done()``. When it gives up at a finite deadline the clock moves to it:
        a caller that waited that long has seen the time pass.
        """
        while not done():
            due = self.next_time()
            if due == math.inf or due > deadline:
                if math.isfinite(deadline):
                    self.now = max(self.now, deadline)
                return done()
            self.step()
        return True

    def advance(self, duration) -> None:
        """Let ``duration`` time units pass, running whatever falls due meanwhile."""
        self.run(self.now + checks.number(duration, "duration", 0))

    def __len__(self) -> int:
        """Pending actions (cancelled ones excluded)."""
        return sum(not event.cancelled for _, _, event in self._queue)


class Network:
    """``nodes`` nodes, 0..nodes-1, joined pairwise by links you can cut and heal.

    A message takes the link's ``latency`` plus an exponential ``jitter`` of that mean.
    Each attempt is lost with probability ``loss``: with ``retransmit=True`` (a reliable
    transport such as TCP) the sender tries again after ``rto``, so loss only adds delay;
    with ``retransmit=False`` (datagrams) the message is gone. A message is dropped when
    its link is cut at sending or when it arrives. ``counters`` counts messages, drops,
    losses and retransmissions; ``events`` logs every cut and heal with its time.

    >>> sim = Simulator(seed=1)
    >>> net = Network(sim, 3, latency=5.0)
    >>> got = []
    >>> net.send(0, 1, lambda node, sender, text: got.append((sim.now, node, sender, text)), "hi")
    True
    >>> net.partition({0}, {1, 2})
    >>> net.send(0, 2, print, "lost")
    False
    >>> sim.run(), got, net.groups()
    (1, [], [[0], [1, 2]])

    The first message was on the wire when the cut came, so it was dropped on arrival.
    """

    def __init__(self, sim: Simulator, nodes: int, *,
                 latency: float | Iterable[Iterable[float]] = 5.0, jitter: float = 0.0,
                 loss: float = 0.0, retransmit: bool = True, rto: float | None = None):
        if not isinstance(sim, Simulator):
            raise TypeError(f"sim must be a Simulator, got {type(sim).__name__}")
        self.sim = sim
        self.n = checks.integer(nodes, "nodes", 1)
        self.latency = self._latency_matrix(latency)
        self.jitter = checks.number(jitter, "jitter", 0, hint="mean extra delay")
        self.loss = checks.number(loss, "loss", 0, 1, hi_open=True, hint="a probability")
        self.retransmit = bool(retransmit)
        slowest = max(max(row) for row in self.latency)
        self.rto = (checks.number(rto, "rto", 0, lo_open=True, hint="retransmission timeout")
                    if rto is not None else 2 * slowest + 1.0)
        self.counters: Counter = Counter()
        self.events: list[tuple[float, str]] = []
        self._cut: set[frozenset[int]] = set()
        self._up = [[True] * self.n for _ in range(self.n)]  # asked for every message
        self._groups: list[list[int]] | None = None

    def _latency_matrix(self, latency) -> list[list[float]]:
        if isinstance(latency, (int, float, bool)):
            base = checks.number(latency, "latency", 0)
            return [[0.0 if i == j else base for j in range(self.n)] for i in range(self.n)]
        rows = [[checks.number(x, "latency", 0) for x in row] for row in latency]
        if len(rows) != self.n or any(len(row) != self.n for row in rows):
            raise ValueError(f"latency must be a number or an {self.n}x{self.n} matrix")
        return rows

    def node(self, node) -> int:
        """``node`` checked to be one of this network's nodes."""
        return checks.integer(node, "node", 0, self.n - 1)

    # --- sending -----------------------------------------------------------------------
    def delay(self, src: int, dst: int) -> float | None:
        """One message's trip time from src to dst, or None if it is lost for good."""
        delay = self.latency[src][dst]
        if self.jitter:
            delay += self.sim.rng.expovariate(1.0 / self.jitter)
        while self.loss and self.sim.rng.random() < self.loss:
            if not self.retransmit:
                return None
            delay += self.rto  # lost: the sender retransmits after its timeout
            self.counters["retransmissions"] += 1
        return delay

    def send(self, src: int, dst: int, action: Callable, *args) -> bool:
        """Send a message: on arrival, ``action(dst, src, *args)`` runs at node dst.

        Returns False if the message cannot leave (link cut) or is lost for good.
        """
        self.counters["messages"] += 1
        if not self._up[src][dst]:
            self.counters["dropped"] += 1
            return False
        delay = 0.0 if src == dst else self.delay(src, dst)
        if delay is None:
            self.counters["lost"] += 1
            return False
        # The delay was computed (and so checked) here: skip schedule()'s argument checks.
        self.sim._push(self.sim.now + delay, self._deliver, (src, dst, action, args))
        return True

    def _deliver(self, src: int, dst: int, action: Callable, args: tuple) -> None:
        if not self._up[src][dst]:  # the link was cut while the message was on its way
            self.counters["dropped"] += 1
            return
        self.counters["delivered"] += 1
        action(dst, src, *args)

    # --- cutting and healing -----------------------------------------------------------
    def connected(self, a: int, b: int) -> bool:
        """True if the link between nodes a and b is up (a node always reaches itself)."""
        return self._up[a][b]

    def partition(self, *groups: Iterable[int]) -> None:
        """Cut every link between the given groups, which must split the nodes exactly."""
        sets = [{self.node(i) for i in group} for group in groups]
        seen = [i for group in sets for i in group]
        if len(sets) < 2 or any(not g for g in sets) or sorted(seen) != list(range(self.n)):
            raise ValueError(f"partition needs two or more non-empty, disjoint groups covering "
                             f"nodes 0..{self.n - 1} exactly, got {[sorted(g) for g in sets]}")
        for g, h in itertools.combinations(sets, 2):
            self._cut.update(frozenset((a, b)) for a in g for b in h)
        self._changed(" | ".join("{" + ",".join(map(str, sorted(g))) + "}" for g in sets))

    def cut(self, a: int, b: int) -> None:
        """Cut the single link between nodes a and b (both directions)."""
        a, b = self.node(a), self.node(b)
        if a == b:
            raise ValueError(f"cannot cut a node from itself (node {a})")
        self._cut.add(frozenset((a, b)))
        self._changed(f"cut {min(a, b)}-{max(a, b)}")

    def heal(self) -> None:
        """Restore every link."""
        if self._cut:
            self._cut.clear()
            self._changed("heal")

    def _changed(self, description: str) -> None:
        self._up = [[a == b or frozenset((a, b)) not in self._cut for b in range(self.n)]
                    for a in range(self.n)]
        self._groups = None
        self.events.append((self.sim.now, description))

    def cut_links(self) -> list[tuple[int, int]]:
        """The links currently cut, as sorted (a, b) pairs."""
        return sorted(tuple(sorted(pair)) for pair in self._cut)

    def groups(self) -> list[list[int]]:
        """Groups of nodes that reach each other over working links, smallest node first."""
        if self._groups is None:
            unseen, found = set(range(self.n)), []
            while unseen:
                group, frontier = set(), [min(unseen)]
                while frontier:
                    a = frontier.pop()
                    if a not in group:
                        group.add(a)
                        frontier += [b for b in range(self.n) if self._up[a][b] and b not in group]
                unseen -= group
                found.append(sorted(group))
            self._groups = found
        return [list(g) for g in self._groups]

    def side(self, node: int) -> tuple[int, ...]:
        """The group of nodes ``node`` can reach (directly or through others)."""
        return next(tuple(g) for g in self.groups() if node in g)

    def reachable(self, node: int) -> int:
        """How many nodes ``node`` has a working direct link to, itself included."""
        return sum(self._up[node])
