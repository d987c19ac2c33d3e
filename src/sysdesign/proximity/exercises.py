"""The "Try it" exercises of notebook 30 (proximity service): answers computed from the design.

Each :class:`~sysdesign.core.exercises.Exercise` works its answer out from the models
(called only when an answer is judged), with a targeted hint for each known wrong answer.
"""

from __future__ import annotations

from ..core.exercises import Exercise
from ..estimation import estimate
from . import design

STRICT_SLO_MS = 5.5  # exercise 30.3's stricter objective
MAX_REPLICAS = 60  # the most replicas exercises 30.3 and 30.4 may buy
BUDGET_REPLICAS = 20  # exercise 30.1: the replicas the budget allows at 10x traffic
UPDATE_TTL_S, UPDATE_LAG_MS = 30.0, 20_000.0  # exercise 30.2: TTL, and a replica 20 s behind
NEAR_RTT_MS = 92.0  # exercise 30.4: round trip to a nearer new region


def _search_hit_ratio() -> float:
    return float(design.simulate_day().cache_hit.mean())


def _peak() -> float:
    return estimate(design.WORKLOAD).peak_read_qps


def _replicas(traffic=10, hit=None, target=design.TARGET_UTILIZATION) -> int:
    hit = _search_hit_ratio() if hit is None else hit
    return design.replicas_needed(traffic * _peak(), hit, design.REPLICA_QPS, target)


def _hit_needed(traffic=10, replicas=BUDGET_REPLICAS, target=design.TARGET_UTILIZATION,
                peak=None) -> float:
    """The least share of searches the cache must serve whole so ``replicas`` suffice."""
    peak = traffic * _peak() if peak is None else peak
    return 1 - replicas * target * design.REPLICA_QPS / peak


def _bound(ttl_s=UPDATE_TTL_S, lag_ms=UPDATE_LAG_MS) -> str:
    """Which one keeps old data in searches longer after an update: the TTL or the lag?"""
    ttl_only = design.time_to_fresh(ttl_s, 0.0, 0.0)
    lag_only = design.time_to_fresh(0.001, lag_ms, 5.0)
    return "cache TTL" if ttl_only > lag_only else "replication lag"


def _strict_slo_met() -> str:
    """Can replicas alone (up to MAX_REPLICAS) bring p99 under STRICT_SLO_MS at 1x traffic?"""
    met = any(design.simulate_day(1.0, n, design.CACHE_CELLS, STRICT_SLO_MS).meets_slo
              for n in range(1, MAX_REPLICAS + 1))
    return "yes" if met else "no"


def _new_region_from_home_met(rtt_ms=NEAR_RTT_MS) -> str:
    """Serving a new region ``rtt_ms`` away from home, can replicas at home (up to
    MAX_REPLICAS) meet the SLO there?"""
    met = any(design.region_report(replicas=n, rtt_ms=rtt_ms).loc["new", "meets SLO"]
              for n in range(1, MAX_REPLICAS + 1))
    return "yes" if met else "no"


EXERCISES = [
    Exercise(
        id="30.1",
        expected=lambda: round(_hit_needed(), 4),
        hint="at 10x the peak, the searches the cache does not serve whole must fit in 70 % "
             "of what the budget's replicas answer; solve for the share the cache serves",
        wrong=lambda: {
            round(_hit_needed(target=1.0), 4): "that fills the replicas to 100 % at peak; "
                                               "the 70 % model leaves headroom.",
            round(_hit_needed(peak=10 * _peak() / design.WORKLOAD.peak_factor), 4):
                "that sizes for the day's average; size for the busiest hour (twice it).",
            round(_search_hit_ratio(), 4): "that is the share the cache serves today; with "
                                           "it, 10x traffic needs "
                                           f"{_replicas(10)} replicas, not "
                                           f"{BUDGET_REPLICAS}.",
            round(100 * _hit_needed(), 2): "answer as a fraction between 0 and 1, not a "
                                           "percentage.",
        },
        tolerance=0.005,
    ),
    Exercise(
        id="30.2",
        expected=_bound,
        hint="a reload during the lag picks up the old list from the replica and keeps it "
             "for a whole TTL: add up what each one contributes, and compare",
        wrong={"replication lag": "the lag adds its 20 s (a reload before the replica "
                                  "catches up keeps the old list for another TTL), but "
                                  "the TTL adds 30 s: about 50 s in all, most of it the "
                                  "TTL."},
        options=("cache TTL", "replication lag"),
        decide=True,
    ),
    Exercise(
        id="30.3",
        expected=_strict_slo_met,
        hint="with many replicas the queue is gone: what do the service, the cache and one "
             "exponential query (mean 1/μ) add up to for the slowest 1 % of searches, next "
             "to 5.5 ms?",
        wrong={"no": "more replicas cannot shorten the query, but here the query is short "
                     "enough: with the queue gone, the p99 falls to about 4.8 ms (6 replicas "
                     "already meet 5.5 ms)."},
        options=("yes", "no"),
        decide=True,
    ),
    Exercise(
        id="30.4",
        expected=_new_region_from_home_met,
        hint="subtract the round trip from the 100 ms objective: how low can the home "
             "region's own p99 go once its replicas stop queueing?",
        wrong={"no": "92 ms leaves 8 ms for the home region's own latency; at 4 replicas "
                     "its p99 is a little over that, but with 5 or more it falls below "
                     "7 ms, and the new region's p99 below 99 ms."},
        options=("yes", "no"),
        decide=True,
    ),
]
