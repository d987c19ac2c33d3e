"""Scenarios shared by the notebook, the panels and the tests."""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np
import pandas as pd

from ..core import checks
from . import _fast, loadtest, observability
from .percentiles import LogLinearHistogram, backend_latencies, fanout, fanout_slow_probability
from .queueing import mm1, mmc
from .simulation import QueueRun, simulate, workload

HEDGES = {"off": None, "p90": 90.0, "p95": 95.0, "p99": 99.0}


@lru_cache(maxsize=128)
def _mmc_curve(c: int, mu: float) -> tuple[np.ndarray, np.ndarray]:
    """Mean time in system (ms) of M/M/c on a grid of utilisations (cached: panels redraw)."""
    grid = np.linspace(0.01, 0.98, 98)
    return grid, np.array([mmc(r * c * mu, mu, c).mean_time_in_system * 1000 for r in grid])


@lru_cache(maxsize=256)
def _simulated_point(c: int, mu: float, rho: float, requests: int, seed: int):
    """Mean and p99 latency (ms) of one seeded M/M/c run (cached): the run simulate_mmc
    makes on core.events, computed by its fast path (tested equal)."""
    arrivals, works = workload(rho * c * mu, mu, requests, seed=seed)
    lat = _fast.simulate(arrivals, works, c).latency * 1000
    return float(lat.mean()), float(np.percentile(lat, 99))


def hockey_stick(servers: int = 1, service_ms: float = 10.0, utilization: float = 0.8, *,
                 requests: int = 3_000, seed: int = 0) -> dict:
    """Mean latency against utilisation for M/M/c (closed form), and one simulated run at
    ``utilization`` on core.events, with its mean and p99."""
    c = checks.integer(servers, "servers", 1, 64)
    mu = 1000 / checks.number(service_ms, "service_ms", 0, lo_open=True)
    rho = checks.number(utilization, "utilization", 0, 1, lo_open=True, hi_open=True)
    grid, formula = _mmc_curve(c, mu)
    mean, p99 = _simulated_point(c, mu, rho, checks.integer(requests, "requests", 1),
                                 checks.integer(seed, "seed", 0))
    return {"utilization": grid, "latency_ms": formula, "at": rho,
            "predicted_ms": mmc(rho * c * mu, mu, c).mean_time_in_system * 1000,
            "simulated_ms": mean, "simulated_p99_ms": p99,
            "service_ms": 1000 / mu, "servers": c}


QUEUE_HORIZON = 30  # seconds of the queue you can scrub through


@lru_cache(maxsize=32)
def _timeline_run(rho: float, mu: float, seed) -> QueueRun:
    """One server over ``QUEUE_HORIZON`` s, scraped every 0.1 s (cached: the time slider
    scrubs through the same run). The fast path computes the run simulate() makes on
    core.events (tested equal); its arrays are made read-only, so no caller can change the
    cached run (queue_timeline returns only copies of slices of it)."""
    arrivals, works = workload(rho * mu, mu, int(3 * rho * mu * QUEUE_HORIZON), seed=seed)
    keep = arrivals < QUEUE_HORIZON
    run = _fast.simulate(arrivals[keep], works[keep], 1, scrape_every=0.1)
    for array in (run.arrivals, run.starts, run.ends, run.scrape_times, run.in_system):
        array.setflags(write=False)
    return run


def queue_timeline(at_s: int = QUEUE_HORIZON, utilization: float = 0.9, *,
                   service_ms: float = 100.0, seed: int = 4) -> dict:
    """One server over ``QUEUE_HORIZON`` s, scraped every 0.1 s: requests in the system up
    to ``at_s``, and Little's law on what has happened so far."""
    at = checks.number(at_s, "at_s", 0, QUEUE_HORIZON)
    rho = checks.number(utilization, "utilization", 0, 1, lo_open=True, hi_open=True)
    mu = 1000 / checks.number(service_ms, "service_ms", 0, lo_open=True)
    run = _timeline_run(rho, mu, seed)
    seen = run.scrape_times <= at
    done = run.ends <= at
    return {"t": run.scrape_times[seen], "in_system": run.in_system[seen], "at": at,
            "L_so_far": float(run.in_system[seen].mean()) if seen.any() else 0.0,
            "lambda_so_far": float((run.arrivals <= at).sum() / at) if at else 0.0,
            "W_so_far": float(run.latency[done].mean()) if done.any() else 0.0,
            "done": int(done.sum()), "formula_L": mmc(rho * mu, mu, 1).mean_number_in_system,
            "peak": int(run.in_system.max())}


def littles_law(arrival_rate: float = 80.0, service_rate: float = 100.0, servers: int = 1, *,
                requests: int = 20_000, scrape_every: float = 0.05, seed: int = 1) -> dict:
    """Measure L (a gauge scraped every ``scrape_every`` s), lambda (count / time) and W
    (mean of per-request latencies) on one run, and compare L with lambda x W."""
    # The run simulate_mmc would make on core.events, computed by the fast path that the
    # tests prove identical (20,000 requests are 45,000 events: a fifteenth of the time).
    arrivals, works = workload(arrival_rate, service_rate, requests, seed=seed)
    run = _fast.simulate(arrivals, works, servers, scrape_every=scrape_every)
    lam = float(len(run.arrivals) / run.arrivals[-1])
    w = float(run.latency.mean())
    return {"L_gauge": float(run.in_system.mean()), "lambda": lam, "W": w,
            "lambda_x_W": lam * w, "formula_L": mmc(arrival_rate, service_rate,
                                                     servers).mean_number_in_system}


def fast_vs_slow(servers: int = 4, service_rate: float = 100.0,
                 loads=(0.1, 0.5, 0.8, 0.95)) -> pd.DataFrame:
    """One server ``servers`` times as fast vs ``servers`` slow ones, same total capacity."""
    c = checks.integer(servers, "servers", 2, 64)
    rows = []
    for rho in loads:
        lam = rho * c * service_rate
        fast, slow = mm1(lam, c * service_rate), mmc(lam, service_rate, c)
        rows.append({"utilization": rho,
                     "one fast: W (ms)": round(fast.mean_time_in_system * 1000, 2),
                     f"{c} slow: W (ms)": round(slow.mean_time_in_system * 1000, 2),
                     "one fast: Wq (ms)": round(fast.mean_wait * 1000, 2),
                     f"{c} slow: Wq (ms)": round(slow.mean_wait * 1000, 2)})
    return pd.DataFrame(rows).set_index("utilization")


def slo_throughput(servers: int, service_rate: float, slo: float) -> float:
    """The highest arrival rate whose mean time in system stays within ``slo`` (bisection);
    0 if even an idle server is slower than the SLO."""
    c = checks.integer(servers, "servers", 1)
    service_rate = checks.number(service_rate, "service_rate", 0, lo_open=True)
    slo = checks.number(slo, "slo", 0, lo_open=True)
    if 1 / service_rate > slo:
        return 0.0
    lo, hi = 0.0, c * service_rate * (1 - 1e-12)
    for _ in range(60):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if mmc(mid, service_rate, c).mean_time_in_system <= slo else (lo, mid)
    return lo


def scaling(server_counts=(1, 2, 4, 8), service_ms: float = 10.0,
            slo_ms: float = 30.0) -> dict:
    """Latency against throughput as load grows, for several server counts (M/M/c)."""
    mu = 1000 / checks.number(service_ms, "service_ms", 0, lo_open=True)
    curves = {}
    for c in server_counts:
        rates = np.linspace(0, 0.97, 60) * c * mu
        curves[c] = (rates, np.array([mmc(r, mu, c).mean_time_in_system * 1000
                                      for r in rates]))
    table = pd.DataFrame({
        "servers": list(server_counts),
        "latency at low load (ms)": [round(curves[c][1][0], 2) for c in server_counts],
        # floor, not round: the rate shown must itself keep the mean within the SLO
        f"max req/s with mean <= {slo_ms:g} ms": [math.floor(slo_throughput(c, mu,
                                                                            slo_ms / 1000))
                                                  for c in server_counts],
    }).set_index("servers")
    return {"curves": curves, "table": table, "slo_ms": slo_ms, "service_ms": 1000 / mu}


def means_lie(size: int = 100_000, seed: int = 0) -> pd.Series:
    """Mean vs percentiles of one backend's latencies (ms)."""
    lat = backend_latencies(size, seed=seed)
    pct = np.percentile(lat, [50, 90, 99, 99.9])
    return pd.Series({"mean": lat.mean(), "p50": pct[0], "p90": pct[1], "p99": pct[2],
                      "p99.9": pct[3], "max": lat.max()}).round(1)


def merged_p99(seed: int = 0) -> dict:
    """Two servers, one with 10 % slow answers: the mean of their p99s vs the true p99 of
    all requests (merged histograms, in microseconds)."""
    a = backend_latencies(50_000, p_slow=0.0, seed=seed)
    b = backend_latencies(50_000, p_slow=0.1, seed=seed + 1)
    # Each histogram is the one h.record(v) for every latency (in us) makes, as the
    # notebook's cell above does; the fast path counts the buckets with numpy (tested equal).
    hist = {name: _fast.histogram(np.round(lat * 1000).astype(int), 2)
            for name, lat in (("a", a), ("b", b))}
    mean_of_p99 = (hist["a"].value_at_percentile(99) + hist["b"].value_at_percentile(99)) / 2
    merged = LogLinearHistogram(2).merge(hist["a"]).merge(hist["b"])
    return {"p99_a_ms": hist["a"].value_at_percentile(99) / 1000,
            "p99_b_ms": hist["b"].value_at_percentile(99) / 1000,
            "mean_of_p99s_ms": mean_of_p99 / 1000,
            "merged_p99_ms": merged.value_at_percentile(99) / 1000,
            "exact_p99_ms": float(np.percentile(np.concatenate([a, b]), 99)),
            "buckets": merged.buckets, "values": merged.count}


@lru_cache(maxsize=64)
def _fanout_run(requests: int, backends: int, p_slow: float, hedge_percentile, seed: int):
    """One seeded fan-out run (cached: a panel redraws the same settings often)."""
    return fanout(requests, backends, p_slow=p_slow, hedge_percentile=hedge_percentile,
                  seed=seed)


def fanout_tail(backends: int = 100, p_slow: float = 0.01, hedge: str = "off", *,
                requests: int = 1_000, seed: int = 0) -> dict:
    """Fan-out to ``backends``, each slow with ``p_slow``; with and without hedging."""
    checks.choice(hedge, "hedge", HEDGES)
    p_slow = checks.fraction(p_slow, "p_slow")
    plain = _fanout_run(requests, backends, p_slow, None, seed)
    run = {"plain": plain, "formula": fanout_slow_probability(backends, p_slow),
           "p_slow": p_slow,
           "curve_n": np.arange(1, 201), "curve_p": 1 - (1 - p_slow) ** np.arange(1, 201)}
    if HEDGES[hedge] is not None:
        run["hedged"] = _fanout_run(requests, backends, p_slow, HEDGES[hedge], seed)
    return run


def load_step(seed: int = 117) -> QueueRun:
    """One server (mu = 100/s): 4 s at 50/s, then 4 s at 110/s (more than it can serve),
    for RED/USE. The default seed's draw is close to those rates (48.5/s and 110.0/s)."""
    a1, w1 = workload(50, 100, 400, seed=seed)
    a2, w2 = workload(110, 100, 800, seed=seed + 1)
    first, second = a1 < 4.0, a2 < 4.0
    return simulate(np.concatenate([a1[first], 4.0 + a2[second]]),
                    np.concatenate([w1[first], w2[second]]), 1)


def trace_one(request_id: int = 7, seed: int = 0):
    """A request's path as log lines, OpenTelemetry spans and a waterfall table."""
    records = observability.request_path(request_id, seed=seed)
    spans = observability.otel_spans(records, seed=seed)
    return {"records": records, "logs": observability.log_lines(records), "spans": spans,
            "waterfall": observability.waterfall(spans)}


# --- the real load test (measured, not seeded in time) ------------------------------------
RAMP = (0.25, 0.5, 0.75, 0.9, 2.0)  # offered load as a share of capacity


def load_ramp(workers: int = 4, service_ms: float = 10.0, shares=RAMP,
              seconds_per_step: float = 0.08) -> pd.DataFrame:
    """Ramp an open-loop client against the real server; measured vs M/M/c per step."""
    workers = checks.integer(workers, "workers", 1, 64)
    service_ms = checks.number(service_ms, "service_ms", 0.1, 1000)
    mu = 1000 / service_ms
    rates = [s * workers * mu for s in shares]
    steps = loadtest.ramp(rates, workers=workers, service_ms=service_ms,
                          seconds_per_step=seconds_per_step)
    frame = pd.DataFrame(steps)
    frame["utilization"] = shares
    frame["M/M/c mean_ms"] = [mmc(r, mu, workers).mean_time_in_system * 1000
                              if r < workers * mu else np.inf for r in rates]
    return frame.set_index("utilization")


def ramp_knee(frame: pd.DataFrame, factor: float = 3.0) -> float | None:
    """The first load (share of capacity) whose median latency is over ``factor`` times the
    lowest median before it: where the ramp bends up (the median shrugs off one hiccup)."""
    rate = loadtest.knee(frame.to_dict("records"), factor=factor, metric="p50_ms")
    return None if rate is None else float(frame.index[list(frame["rate"]).index(rate)])


def omission(workers: int = 4, service_ms: float = 10.0, users: int = 2,
             duration_s: float = 0.4, stall: tuple[float, float] = (0.1, 0.2)) -> dict:
    """The same server stalls once; a closed-loop and an open-loop client measure it."""
    with loadtest.serving(workers, service_ms) as server:
        closed = loadtest.closed_loop(server.port, users, duration_s, stall=stall, server=server)
        rate = len(closed) / duration_s
        opened = loadtest.open_loop(server.port, rate, len(closed), stall=stall, server=server,
                                    spacing="even")
    return {"closed": closed, "open": opened, "rate": rate, "stall_ms": stall[1] * 1000}
