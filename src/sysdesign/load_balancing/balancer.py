"""A load balancer in front of servers of unequal speed, simulated on :mod:`core.events`.

Each server works on one request at a time, first come first served, at its own
``speed`` (work units per second); the others wait in its queue. A request's latency is
its wait plus its service time (its work / the server's speed). The balancer sees each
request as it arrives and picks a server with one of :data:`POLICIES`.

>>> run = simulate([0.0, 0.1, 0.2], [1.0, 1.0, 1.0], speeds=[1.0, 2.0])
>>> run.server.tolist(), run.latency.round(2).tolist()
([0, 1, 0], [1.0, 0.5, 1.8])
"""

from __future__ import annotations

import bisect
import hashlib
import random
from collections import deque
from dataclasses import dataclass

import numpy as np

from ..core import checks
from ..core.events import Simulator


class Policy:
    """Base class: ``pick`` a server for a request; hear about starts and finishes."""

    def __init__(self, speeds: list[float], rng: random.Random):
        self.speeds, self.rng = speeds, rng
        self.active = [0] * len(speeds)  # requests at each server, queued or in service

    def pick(self, client: int) -> int:
        raise NotImplementedError

    def finished(self, server: int, latency: float) -> None:
        """A response came back from ``server`` after ``latency`` seconds."""


class RoundRobin(Policy):
    """Servers in turn, whatever their speed or queue."""

    def __init__(self, speeds, rng):
        super().__init__(speeds, rng)
        self.turn = -1

    def pick(self, client):
        self.turn = (self.turn + 1) % len(self.speeds)
        return self.turn


class WeightedRoundRobin(Policy):
    """Servers in turn, each as often as its weight (its speed): nginx's smooth variant."""

    def __init__(self, speeds, rng):
        super().__init__(speeds, rng)
        self.current = [0.0] * len(speeds)
        self.total = sum(speeds)

    def pick(self, client):
        for i, weight in enumerate(self.speeds):
            self.current[i] += weight
        best = max(range(len(self.current)), key=self.current.__getitem__)
        self.current[best] -= self.total
        return best


class Random(Policy):
    """A server drawn uniformly at random."""

    def pick(self, client):
        return self.rng.randrange(len(self.speeds))


class LeastConnections(Policy):
    """The server with the fewest requests in hand; ties are taken in turn, starting after
    the last server picked (as nginx's ``least_conn`` and HAProxy's ``leastconn`` rotate
    among equally loaded servers), so no server is favoured for its number."""

    def __init__(self, speeds, rng):
        super().__init__(speeds, rng)
        self.last = -1

    def pick(self, client):
        n = len(self.active)
        order = [(self.last + 1 + k) % n for k in range(n)]
        self.last = min(order, key=self.active.__getitem__)
        return self.last


class PowerOfTwo(Policy):
    """Two distinct servers drawn at random; the one with fewer requests in hand."""

    def pick(self, client):
        a, b = self.rng.sample(range(len(self.speeds)), 2) if len(self.speeds) > 1 else (0, 0)
        return b if self.active[b] < self.active[a] else a


class LeastResponseTime(Policy):
    """Lowest expected wait: EWMA of each server's latency x (requests in hand + 1).

    The cost is the one Finagle's and Linkerd's "peak EWMA" balancers use, simplified: a
    plain EWMA over responses (weight ``alpha`` on the newest), no jump to a latency above
    the average and no decay with time, every server compared (they compare two random
    ones). An untried server (EWMA 0) is tried first.
    """

    def __init__(self, speeds, rng, alpha: float = 0.3):
        super().__init__(speeds, rng)
        self.alpha = alpha
        self.ewma = [0.0] * len(speeds)

    def pick(self, client):
        return min(range(len(self.speeds)),
                   key=lambda s: (self.ewma[s] * (self.active[s] + 1), self.active[s]))

    def finished(self, server, latency):
        self.ewma[server] += self.alpha * (latency - self.ewma[server])


def ring_point(text: str) -> int:
    """A 64-bit position on the hash ring (BLAKE2b: stable across runs and machines)."""
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "big")


class ConsistentHash(Policy):
    """Sticky: a client's requests always go to the first server clockwise of its hash
    on a ring with ``vnodes`` points per server (see notebook 12)."""

    def __init__(self, speeds, rng, vnodes: int = 100):
        super().__init__(speeds, rng)
        points = sorted((ring_point(f"server-{s}#{v}"), s)
                        for s in range(len(speeds)) for v in range(vnodes))
        self.points = [p for p, _ in points]
        self.owners = [s for _, s in points]

    def pick(self, client):
        at = bisect.bisect(self.points, ring_point(f"client-{client}")) % len(self.points)
        return self.owners[at]


POLICIES: dict[str, type[Policy]] = {
    "round robin": RoundRobin,
    "weighted round robin": WeightedRoundRobin,
    "least connections": LeastConnections,
    "random": Random,
    "power of two": PowerOfTwo,
    "least response time": LeastResponseTime,
    "consistent hash": ConsistentHash,
}


@dataclass
class Run:
    """One simulated run: per request its arrival, server, start and finish (seconds)."""

    arrival: np.ndarray
    server: np.ndarray
    start: np.ndarray
    finish: np.ndarray
    speeds: list[float]
    events: int  # actions the event engine ran

    @property
    def latency(self) -> np.ndarray:
        """Wait plus service, per request (s)."""
        return self.finish - self.arrival

    def percentile(self, q: float) -> float:
        """The ``q``-th percentile of latency (s)."""
        return float(np.percentile(self.latency, q)) if len(self.latency) else 0.0

    def busy(self) -> np.ndarray:
        """Seconds each server spent serving."""
        return np.bincount(self.server, weights=self.finish - self.start,
                           minlength=len(self.speeds))

    def utilisation(self) -> np.ndarray:
        """Share of the run (first arrival to last finish) each server was busy."""
        span = float(self.finish.max() - self.arrival.min()) if len(self.arrival) else 0.0
        return self.busy() / span if span > 0 else np.zeros(len(self.speeds))


def simulate(arrivals, works, speeds, policy: str = "round robin", *, clients=None,
             seed=0) -> Run:
    """Route each request (arriving at ``arrivals[i]`` s with ``works[i]`` units of work)
    to a server by ``policy`` and simulate the FIFO queues on :class:`core.events.Simulator`.
    ``clients[i]`` names the request's client (for consistent hashing; default: its index)."""
    arrivals = np.asarray(arrivals, dtype=float)
    works = np.asarray(works, dtype=float)
    if arrivals.ndim != 1 or works.shape != arrivals.shape:
        raise ValueError(f"arrivals and works must be 1-d and the same length, got "
                         f"{arrivals.shape} and {works.shape}")
    if len(arrivals) and (np.any(np.diff(arrivals) < 0) or arrivals[0] < 0):
        raise ValueError("arrivals must be non-negative and sorted")
    if not (np.all(np.isfinite(arrivals)) and np.all(np.isfinite(works))):
        raise ValueError("arrivals and works must be finite numbers (no NaN or infinity)")
    if np.any(works < 0):
        raise ValueError("works must be non-negative")
    if isinstance(speeds, (str, bytes)) or not np.iterable(speeds):
        raise TypeError(f"speeds must be a list of numbers, one per server, got "
                        f"{type(speeds).__name__} {speeds!r}")
    speeds = [checks.number(s, "speeds", 0, lo_open=True) for s in speeds]
    if not speeds:
        raise ValueError("speeds must name at least one server")
    checks.choice(policy, "policy", POLICIES)
    n = len(arrivals)
    clients = list(range(n)) if clients is None else list(clients)
    if len(clients) != n:
        raise ValueError(f"clients must have one entry per request ({n}), got {len(clients)}")
    sim = Simulator(seed=seed)
    balancer = POLICIES[policy](speeds, random.Random(seed))
    arrive_at, work = arrivals.tolist(), works.tolist()
    server, start, finish = [0] * n, [0.0] * n, [0.0] * n
    queues = [deque() for _ in speeds]
    busy = [False] * len(speeds)

    def begin(s: int) -> None:
        i = queues[s].popleft()
        busy[s], start[i] = True, sim.now
        sim.at(sim.now + work[i] / speeds[s], done, s, i)

    def done(s: int, i: int) -> None:
        finish[i], busy[s] = sim.now, False
        balancer.active[s] -= 1
        balancer.finished(s, sim.now - arrive_at[i])
        if queues[s]:
            begin(s)

    def arrive(i: int) -> None:
        s = server[i] = balancer.pick(clients[i])
        balancer.active[s] += 1
        queues[s].append(i)
        if not busy[s]:
            begin(s)
        if i + 1 < n:
            sim.at(arrive_at[i + 1], arrive, i + 1)

    if n:
        sim.at(arrive_at[0], arrive, 0)
    sim.run()
    return Run(arrivals, np.array(server, dtype=np.int64), np.array(start),
               np.array(finish), speeds, sim.processed)
