"""Health checks and failover: how long a dead server keeps receiving traffic.

A checker probes each server every ``interval`` seconds. A probe of a live server answers
at once; a probe of a dead one fails when its ``timeout`` runs out. After ``threshold``
failures in a row the balancer marks the server down and stops sending it requests.
A server dying at a uniformly random moment is marked down after

    (threshold - 1) x interval + timeout  <=  detection  <  threshold x interval + timeout,

on average (threshold - 1/2) x interval + timeout. Probes here leave on a fixed clock; a
balancer that waits ``interval`` after each probe *ends* (HAProxy) adds every failed probe's
timeout: up to threshold x (interval + timeout).

>>> run = failover(fail_at=10.2, interval=1.0, threshold=3, timeout=0.5)
>>> round(run.detected_at - 10.2, 3), detection_bounds(1.0, 3, 0.5)
(3.3, (2.5, 3.5))

The first failing probe left at 11 s (0.8 s after the death), the third at 13 s, and it
timed out at 13.5 s: 3.3 s in all.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from ..core import checks
from ..core.events import Simulator


def _check(interval, threshold, timeout):
    interval = checks.number(interval, "interval", 0, lo_open=True, hint="seconds between probes")
    threshold = checks.integer(threshold, "threshold", 1, hint="failed probes in a row")
    timeout = checks.number(timeout, "timeout", 0, hint="seconds a probe waits")
    return interval, threshold, timeout


def detection_bounds(interval, threshold, timeout) -> tuple[float, float]:
    """The shortest and (just under) the longest time from death to being marked down."""
    interval, threshold, timeout = _check(interval, threshold, timeout)
    return (threshold - 1) * interval + timeout, threshold * interval + timeout


def mean_detection(interval, threshold, timeout) -> float:
    """The mean time to detect a death at a uniformly random moment."""
    interval, threshold, timeout = _check(interval, threshold, timeout)
    return (threshold - 0.5) * interval + timeout


@dataclass
class Failover:
    """What happened: when the server died and was marked down, and every request."""

    fail_at: float
    detected_at: float
    requests: list[tuple[float, int, bool]] = field(default_factory=list)  # (t, server, ok)
    probes: list[tuple[float, bool, float]] = field(default_factory=list)  # (sent, ok, known)

    @property
    def detection(self) -> float:
        return self.detected_at - self.fail_at

    @property
    def errors(self) -> int:
        return sum(not ok for _, _, ok in self.requests)


def failover(fail_at=10.2, interval=1.0, threshold=3, timeout=0.5, *, servers: int = 3,
             rate: float = 30.0, horizon: float | None = None, seed=0) -> Failover:
    """Server 0 of ``servers`` dies at ``fail_at`` s; requests arrive every 1/``rate`` s
    and go round robin to the servers marked up. Simulated on :mod:`core.events` until
    ``horizon`` s (default: 2 s after the latest possible detection); a server not yet
    marked down by then keeps ``detected_at`` infinite."""
    interval, threshold, timeout = _check(interval, threshold, timeout)
    fail_at = checks.number(fail_at, "fail_at", 0)
    servers = checks.integer(servers, "servers", 2)
    rate = checks.number(rate, "rate", 0, lo_open=True, hint="requests per second")
    if horizon is not None:
        horizon = checks.number(horizon, "horizon", 0, hint="seconds simulated")
    end = horizon if horizon is not None else fail_at + threshold * interval + timeout + 2.0
    sim = Simulator(seed=seed)
    run = Failover(fail_at, math.inf)
    up = [True] * servers
    failures = [0]
    turn = [0]

    def probe() -> None:
        if sim.now >= fail_at:  # dead: the probe fails when its timeout runs out
            sim.at(sim.now + timeout, probe_failed)
            run.probes.append((sim.now, False, sim.now + timeout))
        else:
            failures[0] = 0
            run.probes.append((sim.now, True, sim.now))
        if sim.now + interval <= end:
            sim.at(sim.now + interval, probe)

    def probe_failed() -> None:
        failures[0] += 1
        if failures[0] == threshold and up[0]:
            up[0] = False
            run.detected_at = sim.now

    def request(k: int) -> None:
        healthy = [s for s in range(servers) if up[s]]
        s = healthy[turn[0] % len(healthy)]
        turn[0] += 1
        run.requests.append((sim.now, s, not (s == 0 and sim.now >= fail_at)))
        if (k + 1) / rate <= end:
            sim.at((k + 1) / rate, request, k + 1)

    sim.at(0.0, probe)
    sim.at(0.0, request, 0)
    sim.run()
    return run
