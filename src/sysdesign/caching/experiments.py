"""The caching scenarios the notebook, its panels and the tests share.

Each function runs models and returns their results; the panel ``foo_panel`` in
:mod:`.widgets` calls ``foo(**control values)`` here and draws the result with
``plots.foo_view``. Nothing here draws.

>>> [sum(not s.hit for s in steps) for steps in step("Belady's trace", "fifo", "lru", 3).values()]
[9, 10]
"""

from __future__ import annotations

import numpy as np

from sysdesign.core import checks
from sysdesign.core.workloads import top_share, zipf_trace

from .mrc import hit_ratio_curves, lru_miss_ratio_curve, size_for_hit_ratio
from .simulate import BELADY_TRACE, step_through
from .strategies import StrategyResult, compare_strategies, run_strategy
from .workloads import read_write_trace, workload

N_KEYS = 1_000  # keys in the policy comparison's workloads
SIZES = np.unique(np.geomspace(5, N_KEYS, 8).round().astype(int))  # 5, 11, ... 1,000 slots

STEP_TRACES = {
    "Belady's trace": BELADY_TRACE,
    "loop of 4 keys": (1, 2, 3, 4) * 3,
    "hot key, then a scan": (1, 2, 1, 3, 1, 2, 1, 4, 5, 6, 7, 1, 2),
    "repeats, then new keys": (1, 1, 2, 2, 1, 3, 4, 5, 1, 2, 3, 1),
}

CRASH_OPERATIONS = 2_000  # length of the write-back crash scenario


def policy(workload_name="zipf", alpha=1.0, length=10_000, seed=0) -> dict:
    """Hit-ratio curves of every policy on one generated workload of ``N_KEYS`` keys.

    Returns the cache ``sizes``, the ``curves`` by policy name, and ``hot_share``: the
    share of requests the hottest 20 % of keys get under Zipf(``alpha``) (the 80/20 check).
    """
    trace = workload(workload_name, length, n_keys=N_KEYS, alpha=alpha, seed=seed)
    return {"sizes": SIZES, "curves": hit_ratio_curves(trace, SIZES, seed=seed),
            "n_keys": N_KEYS, "hot_share": top_share(N_KEYS, alpha)}


def step(trace_name="Belady's trace", first="fifo", second="lru", capacity=3) -> dict:
    """Step-by-step replays of one short trace under two policies, by policy name."""
    trace = STEP_TRACES[checks.choice(trace_name, "trace_name", STEP_TRACES)]
    steps = {}
    for name in (first, second):
        label = name if name not in steps else f"{name} "  # the same policy twice is allowed
        steps[label] = step_through(name, trace, capacity)
    return steps


def cache_size(alpha=1.0, n_keys=10_000, target=0.9, length=100_000, seed=0) -> dict:
    """LRU hit-ratio curve of a Zipf trace at 40 sizes, and the size that reaches ``target``.

    ``needed`` is None when no size reaches it: first requests always miss, so the hit
    ratio can never pass ``ceiling``.
    """
    trace = zipf_trace(length, n_keys, alpha, seed=seed)
    sizes = np.unique(np.geomspace(1, n_keys, 40).round().astype(int))
    return {"sizes": sizes, "hit": 1 - lru_miss_ratio_curve(trace, sizes),
            "needed": size_for_hit_ratio(trace, target),
            "ceiling": 1 - len(np.unique(trace)) / length}


def strategy(read_ratio=0.9, flush_interval=100, external_writes=0.0, seed=0
             ) -> dict[str, StrategyResult]:
    """Every strategy combination on one seeded trace: 5,000 operations over 500 keys,
    a 50-slot cache."""
    trace = read_write_trace(5_000, 500, read_ratio=read_ratio, alpha=1.0,
                             external_write_share=external_writes, seed=seed)
    return compare_strategies(trace, capacity=50, flush_interval=flush_interval)


def crash(flush_interval=200, crash_at=1_500, read_ratio=0.7, seed=0) -> StrategyResult:
    """A write-back run of ``CRASH_OPERATIONS`` operations over 300 keys (100-slot cache).

    A crash right after operation ``crash_at`` loses ``result.lost_on_crash(crash_at)``
    writes; the run itself does not depend on when the crash comes.
    """
    checks.integer(crash_at, "crash_at", 0, CRASH_OPERATIONS - 1, hint="an operation number")
    trace = read_write_trace(CRASH_OPERATIONS, 300, read_ratio=read_ratio, seed=seed)
    return run_strategy(trace, write="write-back", capacity=100, flush_interval=flush_interval)
