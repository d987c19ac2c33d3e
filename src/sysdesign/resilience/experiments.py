"""Scenarios shared by the notebook, the panels and the tests."""

from __future__ import annotations

import math

import numpy as np

from ..core import checks
from ..core.events import Simulator
from .breaker import CircuitBreaker, CircuitOpenError
from .overload import serve
from .retries import POLICIES, contend

OUTAGE = (20.0, 50.0)  # the dependency fails (mostly) in this window, seconds
HORIZON = 80  # seconds of the breaker scenario


def breaker_run(*, failure_threshold: int = 5, reset_timeout: float = 10.0,
                every: float = 0.5, outage: tuple[float, float] = OUTAGE,
                fail_share: float = 0.9, healthy_fail: float = 0.02, seed: int = 1) -> dict:
    """A client calls a dependency through a breaker, on core.events, at random moments
    (a Poisson process, on average every ``every`` s).

    In ``outage`` a call fails with probability ``fail_share``, else ``healthy_fail``.
    Returns each call as ``(time, state before, outcome)`` with outcome ok/failed/rejected,
    and the state sampled each 0.1 s.
    """
    every = checks.number(every, "every", 0, lo_open=True, hint="mean seconds between calls")
    fail_share = checks.fraction(fail_share, "fail_share")
    healthy_fail = checks.fraction(healthy_fail, "healthy_fail")
    if not isinstance(outage, (tuple, list)) or len(outage) != 2:
        raise TypeError(f"outage must be a pair (start, end) in seconds, got {outage!r}")
    outage = (checks.number(outage[0], "outage start", 0),
              checks.number(outage[1], "outage end", outage[0], hint="not before its start"))
    sim = Simulator(seed=seed)
    breaker = CircuitBreaker(failure_threshold, reset_timeout, clock=lambda: sim.now)
    calls: list[tuple[float, str, str]] = []
    states: list[tuple[float, str]] = []

    def dependency():
        lo, hi = outage
        if sim.rng.random() < (fail_share if lo <= sim.now < hi else healthy_fail):
            raise ConnectionError("dependency failed")
        return "ok"

    def tick():
        before = breaker.state
        try:
            breaker.call(dependency)
            outcome = "ok"
        except CircuitOpenError:
            outcome = "rejected"
        except ConnectionError:
            outcome = "failed"
        calls.append((sim.now, before, outcome))
        sim.schedule(sim.rng.expovariate(1 / every), tick)

    def watch():
        states.append((sim.now, breaker.state))
        sim.schedule(0.1, watch)

    sim.at(0.0, tick)
    sim.at(0.0, watch)
    sim.run(until=HORIZON - 1e-9)
    return {"calls": calls, "states": states, "trips": breaker.trips, "outage": outage,
            "dependency_calls": breaker.calls, "rejected": breaker.rejected}


def breaker_timeline(at_s: int = HORIZON, failure_threshold: int = 5,
                     reset_timeout: float = 10.0) -> dict:
    """Panel compute: the breaker run, and what has happened up to ``at_s``."""
    checks.number(at_s, "at_s", 0, HORIZON, hint="seconds into the run")
    run = breaker_run(failure_threshold=failure_threshold, reset_timeout=reset_timeout)
    run["at"] = at_s
    seen = [c for c in run["calls"] if c[0] <= at_s]
    run["now_state"] = next((s for t, s in reversed(run["states"]) if t <= at_s), "closed")
    run["counts"] = {k: sum(c[2] == k for c in seen) for k in ("ok", "failed", "rejected")}
    return run


def retry_policies(clients: int = 20, base: float = 1.0, cap: float = 100.0) -> dict:
    """Panel compute: every policy (except none) with ``clients`` contending clients."""
    return {p: contend(clients, p, base=base, cap=cap) for p in POLICIES if p != "none"}


def overload(queue: str = "unbounded", retries: int = 3, policy: str = "immediate",
             budget: bool = False, spike_s: int = 5) -> dict:
    """Panel compute: the overload scenario with the reader's choices."""
    checks.choice(queue, "queue", ("unbounded", "bounded"))
    spike_s = checks.number(spike_s, "spike_s", 0, hint="seconds the spike lasts")
    return serve(retries=retries, policy=policy, budget=0.1 if budget else None,
                 queue_limit=10 if queue == "bounded" else None,
                 spike=(10.0, 10.0 + spike_s))


def timeout_cutoffs(n: int = 100_000, median_ms: float = 50.0, sigma: float = 1.0,
                    seed: int = 0) -> dict:
    """Heavy-tailed (log-normal) latencies; what share a timeout at the mean, 2x the
    mean, p99 and p99.9 cuts off."""
    n = checks.integer(n, "n", 100)
    median_ms = checks.number(median_ms, "median_ms", 0, lo_open=True)
    sigma = checks.number(sigma, "sigma", 0, hint="spread of log-latency")
    rng = np.random.default_rng(seed)
    ms = rng.lognormal(math.log(median_ms), sigma, n)
    marks = {"mean": ms.mean(), "2 x mean": 2 * ms.mean(),
             "p99": np.percentile(ms, 99), "p99.9": np.percentile(ms, 99.9)}
    return {name: {"timeout_ms": float(v), "cut_off": float((ms > v).mean())}
            for name, v in marks.items()}


def threads_held(rate_per_s: float, latency_s: float) -> float:
    """Little's law: threads busy on a dependency = call rate x time each call holds one.

    >>> threads_held(50, 2.0)
    100.0
    """
    return checks.number(rate_per_s, "rate_per_s", 0) * checks.number(latency_s, "latency_s", 0)
