"""The caching scenarios the notebook, its panels and the tests share.

Each function runs models and returns their results; the panel ``foo_panel`` in
:mod:`.widgets` calls ``foo(**control values)`` here and draws the result with
``plots.foo_view``. Nothing here draws. Generated traces and their stack distances are
kept (``functools.lru_cache``): they depend only on the workload's own parameters, so a
panel that moves another control reuses them.

>>> [sum(not s.hit for s in steps) for steps in step("Belady's trace", "fifo", "lru", 3).values()]
[9, 10]
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from sysdesign.core import checks
from sysdesign.core.workloads import top_share, zipf_probabilities, zipf_trace

from . import races, theory
from . import stampede as stampedes
from .mrc import COLD, hit_ratio_curves
from .mrc import stack_distances as _stack_distances
from .policies import display_name
from .querycache import compare_invalidation
from .simulate import BELADY_TRACE, simulate, step_through
from .strategies import StrategyResult, compare_strategies, run_strategy
from .workloads import read_write_trace, workload

N_KEYS = 1_000  # keys in the policy comparison's workloads
# The policy panel's workloads: each one's shape is set by the α slider (Zipf skew, the
# stack model's locality θ, the skew of the traffic around the scans); α = 0 is uniform.
POLICY_WORKLOADS = ("zipf", "locality", "scans")
SIZES = np.unique(np.geomspace(5, N_KEYS, 8).round().astype(int))  # 5, 11, ... 1,000 slots

STEP_TRACES = {
    "Belady's trace": BELADY_TRACE,
    "loop of 4 keys": (1, 2, 3, 4) * 3,
    "hot key, then a scan": (1, 2, 1, 3, 1, 2, 1, 4, 5, 6, 7, 1),
    "repeats, then new keys": (1, 1, 2, 2, 1, 3, 4, 5, 1, 2, 3, 1),
}
STEPS = 12  # every step trace is 12 requests long: the step panel's time slider
assert all(len(trace) == STEPS for trace in STEP_TRACES.values())

SIZING_REQUESTS = 100_000  # the sizing scenario's trace length
WARMUP_SHARE = 0.5  # sizing counts hits after the first half of the trace

STRATEGY_OPERATIONS, STRATEGY_KEYS, STRATEGY_SLOTS = 5_000, 500, 50
EXTERNAL_WRITES = 0.1  # share of writes made by another service, behind the cache
TTLS = (None, 400, 100, 25, 10)  # operations; None: no expiry
CRASH_OPERATIONS = 2_000  # length of the write-back crash scenario
RACE_HORIZON_MS = 70  # the race scenario's length; its time slider has one step per ms
STAMPEDE_MS, STAMPEDE_STEP_MS = 400, 10  # the stampede scenario's length and time-slider step


@lru_cache(maxsize=16)
def cached_workload(name: str, length: int, n_keys: int, alpha: float, seed: int) -> np.ndarray:
    """A generated trace (read-only), kept for panels that redraw with the same workload."""
    trace = workload(name, length, n_keys=n_keys, alpha=alpha, seed=seed)
    trace.setflags(write=False)
    return trace


@lru_cache(maxsize=8)
def cached_stack_distances(alpha: float, n_keys: int, length: int, seed: int) -> np.ndarray:
    """The stack distances of a Zipf trace (the index behind every LRU size), kept."""
    distances = _stack_distances(cached_workload("zipf", length, n_keys, alpha, seed))
    distances.setflags(write=False)
    return distances


def policy(workload_name="zipf", alpha=1.0, length=10_000, seed=0) -> dict:
    """Hit-ratio curves of every policy on one generated workload of ``N_KEYS`` keys.

    Returns the cache ``sizes``, the ``curves`` by policy name, and ``hot_share``: the
    share of requests the hottest 20 % of keys get under Zipf(``alpha``) (the 80/20 check).
    """
    trace = cached_workload(workload_name, length, N_KEYS, alpha, seed)
    return {"sizes": SIZES, "curves": hit_ratio_curves(trace, SIZES, seed=seed),
            "n_keys": N_KEYS, "hot_share": top_share(N_KEYS, alpha)}


def theory_table(capacities=(10, 100), *, n_keys=N_KEYS, alpha=1.0, n_requests=40_000,
              warmup=8_000, seed=1) -> pd.DataFrame:
    """Long-run hit ratios on independent Zipf draws, simulated after a warm-up, beside
    what theory predicts: FIFO = Random exactly, Che's approximation for LRU."""
    trace = zipf_trace(n_requests, n_keys, alpha, seed=seed)
    p = zipf_probabilities(n_keys, alpha)
    rows = {}
    exact = theory.fifo_random_hit_ratio(p, capacities)
    che = theory.che_lru_hit_ratio(p, capacities)
    for i, capacity in enumerate(capacities):
        rows[f"{capacity:,} slots"] = {
            **{f"{display_name(name)} simulated": simulate(name, trace, capacity, seed=seed,
                                                     warmup=warmup).hit_ratio
               for name in ("fifo", "random", "lru")},
            "FIFO = Random, theory": exact[i], "LRU, Che's approximation": che[i]}
    return pd.DataFrame.from_dict(rows, orient="index").round(3)


def step(trace_name="Belady's trace", first="fifo", second="lru", capacity=3,
         request=STEPS - 1) -> dict:
    """Step-by-step replays of one short trace under two policies, by policy name.

    ``request`` is where the panel's time slider stands; the replay is the same at
    every request (the view shows the steps up to it).
    """
    trace = STEP_TRACES[checks.choice(trace_name, "trace_name", STEP_TRACES)]
    checks.integer(request, "request", 0, STEPS - 1, hint="a request number, from 0")
    steps = {}
    for name in (first, second):
        label = name if name not in steps else f"{name} "  # the same policy twice is allowed
        steps[label] = step_through(name, trace, capacity)
    return steps


def cache_size(alpha=1.0, n_keys=10_000, target=0.9, length=SIZING_REQUESTS, seed=0) -> dict:
    """LRU hit-ratio curves of a Zipf trace at 40 sizes, from a cold start and after a
    warm-up of the first ``WARMUP_SHARE`` of the trace, with each one's ceiling (first
    requests miss at every size) and the size the warm cache needs for ``target``
    (None when even the warm ceiling is below it)."""
    target = checks.fraction(target, "target", lo_open=True, hint="a hit ratio")
    distances = cached_stack_distances(alpha, n_keys, length, seed)
    sizes = np.unique(np.geomspace(1, n_keys, 40).round().astype(int))
    warmup = int(length * WARMUP_SHARE)
    curves = {}
    for name, measured in (("cold", distances), ("warm", distances[warmup:])):
        hits = np.cumsum(np.bincount(measured, minlength=n_keys + 1)[1:])  # at 1, 2, ... slots
        curves[name] = hits[sizes - 1] / len(measured)
        curves[f"{name}_ceiling"] = float(np.mean(measured != COLD))
        reach = np.flatnonzero(hits >= target * len(measured))
        curves[f"{name}_needed"] = int(reach[0]) + 1 if len(reach) else None
    return {"sizes": sizes, **curves, "needed": curves["warm_needed"], "warmup": warmup}


def strategy(read_ratio=0.9, flush_interval=100, external_writes=EXTERNAL_WRITES, ttl=None,
             seed=0) -> dict[str, StrategyResult]:
    """Every strategy combination on one seeded trace: 5,000 operations over 500 keys,
    a 50-slot cache; ``external_writes`` of the writes come from another service.
    ``ttl`` is in operations (None or 0: entries never expire)."""
    ttl = ttl or None
    trace = read_write_trace(STRATEGY_OPERATIONS, STRATEGY_KEYS, read_ratio=read_ratio,
                             alpha=1.0, external_write_share=external_writes, seed=seed)
    return compare_strategies(trace, capacity=STRATEGY_SLOTS, flush_interval=flush_interval,
                              ttl=ttl)


def ttl_sweep(ttls=TTLS, *, read="cache-aside", write="invalidate",
              external_writes=EXTERNAL_WRITES, seed=0) -> list[StrategyResult]:
    """One strategy on the strategy scenario's trace at each TTL (operations)."""
    trace = read_write_trace(STRATEGY_OPERATIONS, STRATEGY_KEYS, read_ratio=0.9, alpha=1.0,
                             external_write_share=external_writes, seed=seed)
    return [run_strategy(trace, read=read, write=write, capacity=STRATEGY_SLOTS, ttl=ttl)
            for ttl in ttls]


def crash(flush_interval=200, crash_at=1_500, read_ratio=0.7, seed=0) -> StrategyResult:
    """A write-back run of ``CRASH_OPERATIONS`` operations over 300 keys (100-slot cache).

    A crash right after operation ``crash_at`` loses ``result.lost_on_crash(crash_at)``
    acknowledged writes; the run itself does not depend on when the crash comes.
    """
    checks.integer(crash_at, "crash_at", 0, CRASH_OPERATIONS - 1, hint="an operation number")
    trace = read_write_trace(CRASH_OPERATIONS, 300, read_ratio=read_ratio, seed=seed)
    return run_strategy(trace, write="write-back", capacity=100, flush_interval=flush_interval)


def race(write_at_ms=4.0, ttl_ms=40.0, lease=False, at_ms=RACE_HORIZON_MS):
    """The cache-aside race (:func:`.races.cache_aside_race`); ``at_ms`` is where the panel's
    time slider stands (the run is the same at every moment)."""
    checks.number(at_ms, "at_ms", 0, RACE_HORIZON_MS, hint="ms")
    return races.cache_aside_race(write_at_ms=write_at_ms, ttl_ms=ttl_ms, lease=lease,
                                  horizon_ms=RACE_HORIZON_MS)


def stampede(rate_per_ms=2.0, load_ms=20.0, ttl_ms=100.0, seed=0, at_ms=STAMPEDE_MS) -> dict:
    """The same hot key and the same arrivals under every stampede mode, over
    ``STAMPEDE_MS``; ``at_ms`` is where the panel's time slider stands (the runs are the
    same at every moment)."""
    checks.number(at_ms, "at_ms", 0, STAMPEDE_MS, hint="ms")
    return {mode: stampedes.stampede(mode, rate_per_ms=rate_per_ms, load_ms=load_ms,
                                     ttl_ms=ttl_ms, duration_ms=STAMPEDE_MS, seed=seed)
            for mode in stampedes.MODES}


def query_or_object(rename_user=7) -> pd.DataFrame:
    """Query-level against object-level caching of a SQLite blog, after one user is renamed."""
    return compare_invalidation(rename_user)
