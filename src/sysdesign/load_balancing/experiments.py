"""Scenarios shared by the notebook, the panels and the tests."""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from ..core import checks
from ..core.tables import full_text
from . import balls, health
from ._fast import max_load_fast
from .balancer import POLICIES, Run, simulate
from .workload import requests

SPEEDS = {  # work units per second of each server
    "4 equal": (1.0, 1.0, 1.0, 1.0),
    "1 fast, 3 slow": (2.5, 0.5, 0.5, 0.5),
    "2 fast, 2 slow": (1.5, 1.5, 0.5, 0.5),
}
LOADS = (0.2, 0.4, 0.6, 0.7, 0.8, 0.9, 0.95)
PANEL_REQUESTS = 800  # per run: the curve and the bars use the same number


def run(load: float = 0.8, speeds: str = "1 fast, 3 slow", policy: str = "round robin",
        arrivals: str = "poisson", n: int = PANEL_REQUESTS, seed=0) -> Run:
    """One run at offered ``load`` (arrival rate x mean work / total speed)."""
    load = checks.number(load, "load", 0, 1, lo_open=True, hi_open=True)
    checks.choice(speeds, "speeds", SPEEDS)
    rate = load * sum(SPEEDS[speeds])  # mean work is 1 unit
    times, works, who = requests(n, rate, arrivals=arrivals, seed=seed)
    return simulate(times, works, SPEEDS[speeds], policy, clients=who, seed=seed)


def compare(load: float = 0.8, speeds: str = "1 fast, 3 slow", arrivals: str = "poisson",
            n: int = 2000) -> pd.DataFrame:
    """Every policy on the same requests: latency percentiles and busiest server."""
    rows = []
    for policy in POLICIES:
        r = run(load, speeds, policy, arrivals, n)
        rows.append({"policy": policy, "p50 (s)": round(r.percentile(50), 2),
                     "p99 (s)": round(r.percentile(99), 2),
                     "busiest server (%)": round(100 * r.utilisation().max()),
                     "idlest server (%)": round(100 * r.utilisation().min())})
    return full_text(pd.DataFrame(rows).set_index("policy"))


@lru_cache(maxsize=64)
def _curve(speeds: str, policy: str, arrivals: str) -> tuple:
    runs = [run(load, speeds, policy, arrivals) for load in LOADS]
    return tuple((r.percentile(50), r.percentile(99)) for r in runs)


def policy(load: float = 0.8, speeds: str = "1 fast, 3 slow", policy: str = "round robin",
           arrivals: str = "poisson") -> dict:
    """The policy panel: p50/p99 against load for the policy, and utilisation at ``load``."""
    r = run(load, speeds, policy, arrivals)
    curve = np.array(_curve(speeds, policy, arrivals))
    return {"loads": LOADS, "p50": curve[:, 0], "p99": curve[:, 1],
            "utilisation": r.utilisation(), "speeds": SPEEDS[speeds],
            "at_load": (r.percentile(50), r.percentile(99))}


def panel_points(load: float = 0.8, speeds: str = "1 fast, 3 slow",
                 policies=("round robin", "least connections", "least response time")
                 ) -> pd.DataFrame:
    """The policy panel's runs at one load (its black dots), Poisson and bursty arrivals."""
    rows = []
    for name in policies:
        row = {"policy": name}
        for arrivals in ("poisson", "bursty"):
            r = run(load, speeds, name, arrivals)
            row[f"p50 {arrivals} (s)"] = round(r.percentile(50), 2)
            row[f"p99 {arrivals} (s)"] = round(r.percentile(99), 2)
        rows.append(row)
    return full_text(pd.DataFrame(rows).set_index("policy"))


STEP_REQUESTS = 16


def steps(step: int = STEP_REQUESTS, policy: str = "round robin",
          speeds: str = "1 fast, 3 slow") -> dict:
    """The first requests of a run at load 0.9, shown up to request number ``step``."""
    step = checks.integer(step, "step", 0, STEP_REQUESTS)
    r = run(0.9, speeds, policy, "poisson", STEP_REQUESTS, seed=3)
    return {"run": r, "shown": step}


def balls_table(ns=(100, 1_000, 10_000, 100_000), seeds: int = 3) -> pd.DataFrame:
    """Mean fullest bin (n balls into n bins) over seeds, against the closed forms."""
    rows = []
    for n in ns:
        one = np.mean([max_load_fast(n, n, 1, seed=s) for s in range(seeds)])
        two = np.mean([max_load_fast(n, n, 2, seed=s) for s in range(seeds)])
        rows.append({"n": f"{n:,}", "1 choice": round(float(one), 2),
                     "ln n / ln ln n": round(balls.one_choice_estimate(n), 2),
                     "2 choices": round(float(two), 2),
                     "ln ln n / ln 2": round(balls.two_choice_estimate(n), 2)})
    return full_text(pd.DataFrame(rows).set_index("n"))


def detection_table(interval: float = 1.0, threshold: int = 3, timeout: float = 0.5,
                    deaths: int = 40) -> pd.DataFrame:
    """Simulated detection times for deaths spread over one interval, against the formula."""
    times = [health.failover(10.0 + k * interval / deaths, interval, threshold, timeout)
             .detection for k in range(deaths)]
    low, high = health.detection_bounds(interval, threshold, timeout)
    return full_text(pd.DataFrame({
        "simulated": [min(times), float(np.mean(times)), max(times)],
        "formula": [low, health.mean_detection(interval, threshold, timeout), high],
    }, index=["shortest (s)", "mean (s)", "longest (s)"]).round(3))


def detection_grid(settings=((0.5, 3), (1.0, 3), (2.0, 3), (1.0, 1), (1.0, 5)),
                   timeout: float = 0.5, deaths: int = 20, rate: float = 30.0) -> pd.DataFrame:
    """Time to detect a death, and requests lost, for several (interval, threshold) pairs."""
    rows = []
    for interval, threshold in settings:
        runs = [health.failover(10.0 + k * interval / deaths, interval, threshold, timeout,
                                rate=rate) for k in range(deaths)]
        rows.append({
            "interval (s)": interval, "threshold": threshold,
            "probes/s": round(1 / interval, 2),
            "mean (s)": round(float(np.mean([r.detection for r in runs])), 2),
            "formula mean (s)": round(health.mean_detection(interval, threshold, timeout), 2),
            "longest (s)": round(max(r.detection for r in runs), 2),
            "formula bound (s)": round(health.detection_bounds(interval, threshold, timeout)[1],
                                       2),
            "failed requests": round(float(np.mean([r.errors for r in runs])), 1),
        })
    return full_text(pd.DataFrame(rows).set_index(["interval (s)", "threshold"]))


FAIL_AT = 10.2  # when server 0 dies in the failover panel (s)


def failover(interval: float = 1.0, threshold: int = 3, timeout: float = 0.5,
             after: float = 12.0) -> dict:
    """The failover panel: server 0 dies at :data:`FAIL_AT`; what happened up to ``after``
    seconds later (probes sent, requests sent, and whether it is marked down yet)."""
    after = checks.number(after, "after", 0, hint="seconds after the death")
    run = health.failover(FAIL_AT, interval, threshold, timeout)
    now = FAIL_AT + after
    failures = 0  # failed probes in a row known by ``now``
    for _sent, ok, known in run.probes:
        if known <= now:
            failures = 0 if ok else failures + 1
    return {"run": run, "now": now, "failures": min(failures, threshold),
            "down": run.detected_at <= now,
            "errors": sum(not ok for t, _, ok in run.requests if t <= now)}


def sessions_lost(servers: int = 4, sessions: int = 1000, store: str = "in the server") -> int:
    """Logged-in sessions lost when one of ``servers`` dies: sticky in-memory sessions
    lose that server's share; a shared session store loses none."""
    servers = checks.integer(servers, "servers", 1)
    sessions = checks.integer(sessions, "sessions", 0)
    checks.choice(store, "store", ("in the server", "shared store"))
    if store == "shared store":
        return 0
    ring = POLICIES["consistent hash"]([1.0] * servers, None)
    return [ring.pick(c) for c in range(sessions)].count(0)


def scale_out(rate: float = 3.5, servers=(4, 5, 6, 8), n: int = 2000) -> pd.DataFrame:
    """A stateless tier behind least connections: the same traffic over more equal servers."""
    rate = checks.number(rate, "rate", 0, lo_open=True, hint="requests per second")
    times, works, _ = requests(n, rate, seed=7)
    rows = []
    for count in servers:
        r = simulate(times, works, [1.0] * count, "least connections")
        rows.append({"servers": count, "load": round(rate / count, 2),
                     "p50 (s)": round(r.percentile(50), 2),
                     "p99 (s)": round(r.percentile(99), 2)})
    return full_text(pd.DataFrame(rows).set_index("servers"))
