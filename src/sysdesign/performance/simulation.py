"""A FIFO queue with c servers, simulated on core.events; a gauge scraped as it runs.

Arrival gaps and service times are drawn up front from one seeded numpy generator, so the
same run can be replayed by another engine (the tests replay it in SimPy) and compared
request by request.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

import numpy as np

from ..core import checks
from ..core.events import Simulator

SERVICES = ("exponential", "deterministic")


def workload(arrival_rate, service_rate, requests: int = 10_000, *, seed: int = 0,
             service: str = "exponential") -> tuple[np.ndarray, np.ndarray]:
    """Poisson arrival times and service times (exponential or all equal to 1/mu)."""
    lam = checks.number(arrival_rate, "arrival_rate", 0, lo_open=True)
    mu = checks.number(service_rate, "service_rate", 0, lo_open=True)
    n = checks.integer(requests, "requests", 1)
    checks.choice(service, "service", SERVICES)
    rng = np.random.default_rng(seed)
    arrivals = np.cumsum(rng.exponential(1 / lam, n))
    works = rng.exponential(1 / mu, n) if service == "exponential" else np.full(n, 1 / mu)
    return arrivals, works


@dataclass
class QueueRun:
    """One simulated run: per-request times, and the in-system gauge as scraped."""

    arrivals: np.ndarray
    starts: np.ndarray
    ends: np.ndarray
    servers: int
    scrape_times: np.ndarray
    in_system: np.ndarray  # the gauge "requests in flight" at each scrape
    busy_time: float  # server-seconds spent serving

    @property
    def latency(self) -> np.ndarray:
        return self.ends - self.arrivals

    @property
    def wait(self) -> np.ndarray:
        return self.starts - self.arrivals

    @property
    def throughput(self) -> float:
        """Requests finished per unit of time over the run."""
        return len(self.ends) / self.ends.max()

    @property
    def utilization(self) -> float:
        return self.busy_time / (self.servers * self.ends.max())


def simulate(arrivals, works, servers: int = 1, *, scrape_every: float | None = None) -> QueueRun:
    """Serve requests arriving at ``arrivals`` needing ``works`` of service, FIFO, on
    ``servers`` servers; a scraper reads the number in system every ``scrape_every``."""
    arrivals = np.asarray(arrivals, dtype=float)
    works = np.asarray(works, dtype=float)
    if arrivals.shape != works.shape or arrivals.ndim != 1 or not len(arrivals):
        raise ValueError("arrivals and works must be 1-D arrays of the same, non-zero length")
    if np.any(np.diff(arrivals) < 0) or np.any(works < 0):
        raise ValueError("arrivals must be sorted and works must be >= 0")
    c = checks.integer(servers, "servers", 1)
    n = len(arrivals)
    sim = Simulator(seed=0)
    starts, ends = np.empty(n), np.empty(n)
    waiting: deque[int] = deque()
    state = {"free": c, "in_system": 0}
    scrapes: list[tuple[float, int]] = []

    def start(i: int) -> None:
        state["free"] -= 1
        starts[i] = sim.now
        sim.schedule(float(works[i]), finish, i)

    def arrive(i: int) -> None:
        state["in_system"] += 1
        if state["free"]:
            start(i)
        else:
            waiting.append(i)

    def finish(i: int) -> None:
        ends[i] = sim.now
        state["in_system"] -= 1
        state["free"] += 1
        if waiting:
            start(waiting.popleft())

    def scrape() -> None:
        scrapes.append((sim.now, state["in_system"]))
        if sim.now + scrape_every <= arrivals[-1]:
            sim.schedule(scrape_every, scrape)

    for i, t in enumerate(arrivals.tolist()):
        sim.at(t, arrive, i)
    if scrape_every is not None:
        scrape_every = checks.number(scrape_every, "scrape_every", 0, lo_open=True)
        sim.at(scrape_every, scrape)
    sim.run()
    times, gauge = (np.array(x) for x in zip(*scrapes, strict=True)) if scrapes else (
        np.empty(0), np.empty(0))
    return QueueRun(arrivals, starts, ends, c, times, gauge, float(works.sum()))


def simulate_mmc(arrival_rate, service_rate, servers: int = 1, *, requests: int = 10_000,
                 seed: int = 0, service: str = "exponential",
                 scrape_every: float | None = None) -> QueueRun:
    """An M/M/c (or M/D/c) run of ``requests`` requests."""
    arrivals, works = workload(arrival_rate, service_rate, requests, seed=seed, service=service)
    return simulate(arrivals, works, servers, scrape_every=scrape_every)
