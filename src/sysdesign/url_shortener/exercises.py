"""The "Try it" exercises of notebook 29: answers computed from the models."""

from __future__ import annotations

import math

from ..core.exercises import Exercise
from .day import Design, simulate_day
from .design import redirect_status
from .experiments import NOTEBOOK_LINKS, NOTEBOOK_REQUESTS, day, meets, shards_for

TEN_X = Design().scaled(10)
SLO_P99_MS = 6.0  # exercise 29.3's stricter latency objective
CHANGES = {  # exercise 29.3: one change each to the default design
    "16 shards": Design(shards=16),
    "cache sized for 80 %": Design(cache_target=0.8),
    "shard reads in 1 ms": Design(db_service_ms=1.0),
}


def _shards_without(**changes) -> int:
    from dataclasses import replace

    return shards_for(replace(TEN_X, **changes))


def _status_for_analytics() -> str:
    """The status whose server counts every click made."""
    table = redirect_status()
    counts_all = table["clicks counted"] == table["clicks made"]
    return counts_all[counts_all].index[0].split()[0]


def _change_meeting_slo() -> str:
    passing = [name for name, design in CHANGES.items()
               if meets(simulate_day(design, requests=NOTEBOOK_REQUESTS, links=NOTEBOOK_LINKS),
                        p99_ms=SLO_P99_MS)]
    if len(passing) != 1:
        raise RuntimeError(f"exercise 29.3 needs exactly one passing change, got {passing}")
    return passing[0]


SLO_REGION_P99_MS = 20.0  # exercise 29.4: the design's objective, in the new region
REGION_CHANGES = {  # exercise 29.4: one change each, 30 % of users in the new region
    "32 shards at home": {"shards": 32, "region": "served from home"},
    "cache sized for 80 %": {"cache_target": 0.8, "region": "served from home"},
    "regional read path": {"region": "regional read path"},
}


def _change_meeting_region_slo() -> str:
    passing = [name for name, changes in REGION_CHANGES.items()
               if day(**changes).percentile(99, "new") * 1e3 <= SLO_REGION_P99_MS]
    if len(passing) != 1:
        raise RuntimeError(f"exercise 29.4 needs exactly one passing change, got {passing}")
    return passing[0]


def _wrong_shards() -> dict:
    return {
        shards_for(Design()): "that is the answer for today's traffic; the requirement is "
                              "10 times the users.",
        _shards_without(cache_target=1e-9): "that sends every read to the shards; the cache "
                                            "still serves half of them.",
        shards_for(TEN_X, utilization=1.0): "that fills every shard to 100 % at peak; plan "
                                             "for 70 % (the capacity model of 01), or the "
                                             "queue's wait explodes.",
        math.ceil(shards_for(TEN_X) / TEN_X.workload.peak_factor): "that sizes for the day's "
                                                                   "average; size for the "
                                                                   "busiest hour.",
    }


EXERCISES = [
    Exercise(
        id="29.1",
        expected=lambda: shards_for(TEN_X),
        hint="peak reads at 10× traffic, times the share the cache misses, over 70 % of what "
             "one shard serves (1 / 2 ms)",
        wrong=_wrong_shards,
        tolerance=0.0,
        close=0.0,
    ),
    Exercise(
        id="29.2",
        expected=_status_for_analytics,
        hint="a browser may answer a cached redirect itself, and then the server never hears "
             "of the click",
        wrong={"301": "a 301 is cacheable by default: a browser that followed it once "
                      "goes straight to the target next time, and the click is never counted."},
        options=("301", "302"),
        decide=True,
    ),
    Exercise(
        id="29.3",
        expected=_change_meeting_slo,
        hint="at 30 % utilisation a shard's queue is short: what dominates a miss's time?",
        wrong={
            "16 shards": "halving each shard's load shortens a queue that was short already; "
                         "p99 stays near 10 ms.",
            "cache sized for 80 %": "fewer misses, but p99 still lands on a miss (1 in 5 "
                                    "requests), and a miss is as slow as before.",
        },
        options=tuple(CHANGES),
        decide=True,
    ),
    Exercise(
        id="29.4",
        expected=_change_meeting_region_slo,
        hint="every request from the new region first crosses the ocean and back: what "
             "does that cost, next to 20 ms?",
        wrong={
            "32 shards at home": "the shards were not the problem: the 150 ms round trip "
                                 "to the home region is paid before any shard is reached.",
            "cache sized for 80 %": "a hit in the home region's cache is still 150 ms away "
                                    "from the new region's users.",
        },
        options=tuple(REGION_CHANGES),
        decide=True,
    ),
]
