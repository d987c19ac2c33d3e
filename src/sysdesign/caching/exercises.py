"""The "Try it" exercises of notebook 06 (caching): answers computed from the models.

Each expected answer, and each known wrong answer, comes from the same models the notebook
teaches, so a change to a model cannot leave an exercise behind.
"""

from __future__ import annotations

from sysdesign.core.exercises import Exercise
from sysdesign.core.workloads import zipf_trace

from .mrc import size_for_hit_ratio
from .stampede import expected_stampede_reads

# 06.1: predict a stampede's size
RATE_PER_MS, LOAD_MS = 0.5, 30.0

# 06.2: size a warmed-up cache near its ceiling
SIZING_TRACE = {"n_requests": 100_000, "n_keys": 10_000, "alpha": 1.2, "seed": 3}
SIZING_TARGET, SIZING_WARMUP = 0.93, 50_000


def _slots(warmup: int) -> int:
    trace = zipf_trace(SIZING_TRACE["n_requests"], SIZING_TRACE["n_keys"],
                       SIZING_TRACE["alpha"], seed=SIZING_TRACE["seed"])
    return size_for_hit_ratio(trace, SIZING_TARGET, warmup=warmup)


# 06.3: what closes the cache-aside race?
RACE_FIXES = ("a longer TTL", "a shorter TTL", "a lease on the miss",
              "deleting the key before writing the database")

EXERCISES = [
    Exercise(
        id="06.1",
        expected=lambda: expected_stampede_reads(RATE_PER_MS, LOAD_MS),
        hint="count the request that finds the entry gone, then every request that arrives "
             "while its database read is still running",
        wrong={
            RATE_PER_MS * LOAD_MS: "that counts the requests that arrive during the load; "
                                   "the request that found the miss reads the database too",
            1: "one read per expiry is what coalescing or a lease gives, not an unprotected "
               "cache",
            LOAD_MS: "that is the load time in milliseconds, not a number of reads",
        },
        tolerance=0.03,
        close=0.25,
        decide=True,
    ),
    Exercise(
        id="06.2",
        expected=lambda: _slots(SIZING_WARMUP),
        hint="replay the first half of the trace to fill the cache, count hits over the second "
             "half, and find the smallest size whose hits reach the target",
        wrong=lambda: {
            _slots(0): "that counts from a cold start: every first request misses, so it needs "
                       "more slots than a cache that has been running",
        },
        tolerance=0.02,
        close=0.15,
    ),
    Exercise(
        id="06.3",
        expected="a lease on the miss",
        options=RACE_FIXES,
        hint="the stale value is written by the reader's fill, after the writer's delete: "
             "which change lets the cache tell that fill is out of date?",
        wrong={
            "a shorter TTL": "a shorter TTL shortens how long the stale value is served, but "
                             "the stale fill still lands",
            "a longer TTL": "a longer TTL keeps the stale value for longer",
            "deleting the key before writing the database": "a reader can still miss after "
                                                            "that delete, read the old row before "
                                                            "the write commits, and fill the "
                                                            "cache with it",
        },
        decide=True,
    ),
]
