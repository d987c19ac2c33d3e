"""The "Try it" exercises of notebook 06 (caching): answers computed from the models.

Each expected answer, and each known wrong answer, comes from the same models the notebook
teaches, so a change to a model cannot leave an exercise behind.
"""

from __future__ import annotations

from sysdesign.core.exercises import Exercise
from sysdesign.core.workloads import zipf_trace

from .mrc import size_for_hit_ratio
from .races import cache_aside_race
from .stampede import expected_stampede_reads

# 06.1: the longest load an unprotected key can afford, for a budget of reads per expiry
RATE_PER_MS, READ_BUDGET = 0.5, 26


def _longest_load_ms() -> float:
    """The load time at which one expiry starts exactly READ_BUDGET reads (linear in it)."""
    base = expected_stampede_reads(RATE_PER_MS, 0.0)
    per_ms = expected_stampede_reads(RATE_PER_MS, 1.0) - base
    return (READ_BUDGET - base) / per_ms

# 06.2: size a warmed-up cache near its ceiling
SIZING_TRACE = {"n_requests": 100_000, "n_keys": 10_000, "alpha": 1.2, "seed": 3}
SIZING_TARGET, SIZING_WARMUP = 0.93, 50_000


def _slots(warmup: int) -> int:
    trace = zipf_trace(SIZING_TRACE["n_requests"], SIZING_TRACE["n_keys"],
                       SIZING_TRACE["alpha"], seed=SIZING_TRACE["seed"])
    return size_for_hit_ratio(trace, SIZING_TARGET, warmup=warmup)


# 06.3: with writer B just after the race window, which change brings the stale reads back?
RACE_FIXES = ("a longer TTL", "a shorter TTL", "a lease on the miss",
              "deleting the key before writing the database")
LATE_WRITE_MS = 10.0  # just after race_window(), (1, 9) ms at the default timings
FIX_ARGUMENTS = {"a longer TTL": {"ttl_ms": 80.0}, "a shorter TTL": {"ttl_ms": 10.0},
                 "a lease on the miss": {"lease": True},
                 "deleting the key before writing the database": {"delete_first": True}}


def _change_that_races() -> str:
    """The one change under which the late writer's run serves stale reads."""
    racing = [fix for fix in RACE_FIXES
              if cache_aside_race(write_at_ms=LATE_WRITE_MS, **FIX_ARGUMENTS[fix]).stale_reads]
    if len(racing) != 1:
        raise ValueError(f"exactly one change should race, got {racing}")
    return racing[0]

EXERCISES = [
    Exercise(
        id="06.1",
        expected=_longest_load_ms,
        hint="one expiry costs the request that finds the entry gone, plus every request "
             "that arrives while its database read runs; find the load time at which that "
             "count reaches the budget",
        wrong={
            READ_BUDGET / RATE_PER_MS: "that lets the requests arriving during the load use "
                                       "the whole budget; the request that found the miss "
                                       "reads the database too, one read more",
            READ_BUDGET * RATE_PER_MS: "that multiplies the budget by the rate; divide the "
                                       "reads by the rate to get milliseconds",
            (READ_BUDGET + 1) / RATE_PER_MS: "that adds the first read instead of taking it "
                                             "out of the budget",
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
        expected=_change_that_races,
        options=RACE_FIXES,
        hint="list when A's fill reaches the cache, when B's delete does, and when B's write "
             "commits: a stale value stays only if the delete comes before the fill and the "
             "commit after A's read",
        wrong={
            "a shorter TTL": "with B at 10 ms A's fill lands before B's delete, which removes "
                             "it: no stale value is stored, so a TTL has nothing to cut short",
            "a longer TTL": "with B at 10 ms the delete removes A's fill, so no stale value is "
                            "stored for a longer TTL to keep",
            "a lease on the miss": "a lease only refuses fills; it cannot make a stale one "
                                   "land where none did",
        },
        decide=True,
    ),
]
