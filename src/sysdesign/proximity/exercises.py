"""The "Try it" exercises of notebook 30 (proximity service): answers computed from the design.

Each :class:`~sysdesign.core.exercises.Exercise` works its answer out from the models
(called only when an answer is judged), with a targeted hint for each known wrong answer.
"""

from __future__ import annotations

from ..core.exercises import Exercise
from ..estimation import estimate
from . import design

STRICT_SLO_MS = 4.0  # exercise 30.3's stricter objective
MAX_REPLICAS = 60  # the most replicas exercise 30.3 may buy


def _search_hit_ratio() -> float:
    return float(design.simulate_day().cache_hit.mean())


def _peak() -> float:
    return estimate(design.WORKLOAD).peak_read_qps


def _replicas(traffic=10, hit=None, target=design.TARGET_UTILIZATION) -> int:
    hit = _search_hit_ratio() if hit is None else hit
    return design.replicas_needed(traffic * _peak(), hit, design.REPLICA_QPS, target)


def _bound() -> str:
    """Which one sets how long searches show old data at the defaults: TTL or lag?"""
    ttl_only = design.time_to_fresh(60.0, 0.0, 0.0)
    lag_only = design.time_to_fresh(0.001, 5.0, 5.0)
    return "cache TTL" if ttl_only > lag_only else "replication lag"


def _strict_slo_met() -> str:
    """Can replicas alone (up to MAX_REPLICAS) bring p99 under STRICT_SLO_MS at 1x traffic?"""
    met = any(design.simulate_day(1.0, n, design.CACHE_CELLS, STRICT_SLO_MS).meets_slo
              for n in range(1, MAX_REPLICAS + 1))
    return "yes" if met else "no"


def _new_region_from_home_met() -> str:
    """Serving the new region from home, can replicas at home (up to MAX_REPLICAS) meet the
    SLO there?"""
    met = any(design.region_report(replicas=n).loc["new", "meets SLO"]
              for n in range(1, MAX_REPLICAS + 1))
    return "yes" if met else "no"


EXERCISES = [
    Exercise(
        id="30.1",
        expected=lambda: _replicas(10),
        hint="only searches the cache cannot serve reach a replica; size the replicas so "
             "those, at the peak of 10x traffic, fill 70 % of them",
        wrong=lambda: {
            _replicas(10, hit=0.0): "that sends every search to a replica; the cache serves "
                                    "some of them.",
            _replicas(10, target=1.0): "that runs the replicas at 100 % at peak; the 70 % "
                                       "model leaves headroom.",
            _replicas(1): "that is today's traffic; the question is about 10x.",
            _replicas(10, hit=float(design.simulate_day().lookup_hit_ratio)):
                "that uses the cell-lookup hit ratio; a search goes to a replica if any of "
                "its cells misses, so use the share of searches the cache serves whole.",
        },
        tolerance=0.0,
    ),
    Exercise(
        id="30.2",
        expected=_bound,
        hint="compare how long each one keeps old data alive: a cache entry lives for its "
             "TTL, a replica lags by milliseconds",
        wrong={"replication lag": "the replicas catch up within milliseconds; a cached cell "
                                  "keeps the old list until its entry expires, up to a TTL."},
        options=("cache TTL", "replication lag"),
        decide=True,
    ),
    Exercise(
        id="30.3",
        expected=_strict_slo_met,
        hint="a replica answers in 1/μ on average even when idle; what does that add to "
             "the slowest 1 % of searches?",
        wrong={"yes": "more replicas shorten the queue, not the query itself: an idle replica "
                      "still takes Exp(μ), so the misses' tail stays above the SLO. Cache "
                      "more cells or make the query faster."},
        options=("yes", "no"),
        decide=True,
    ),
    Exercise(
        id="30.4",
        expected=_new_region_from_home_met,
        hint="compare the cross-region round trip with the p99 objective: what does every "
             "search from the new region pay before any replica is involved?",
        wrong={"yes": "replicas at home shorten the home queue; every search from the new "
                      "region still crosses the ocean and back (150 ms), more than the "
                      "100 ms SLO. Give the new region its own read path: a cell cache and "
                      "read replicas there."},
        options=("yes", "no"),
        decide=True,
    ),
]
