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


def _status_every_click_reaches() -> str:
    """The status under which every click made reaches the server (and is counted)."""
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


SLO_REGION_P99_MS = 20.0  # the design's objective, in the new region
GROWTH_TRAFFIC = 3.0  # exercise 29.4: traffic grows 3x with the regional read path in place
GROWTH_P99_MS = 15.0  # exercise 29.4: the objective each region is held to
REGION_OUTCOMES = ("home", "new region", "both", "neither")  # 29.4: which breaks it


def _region_breaking_objective() -> str:
    """At GROWTH_TRAFFIC with the regional read path, which region's p99 exceeds
    GROWTH_P99_MS?"""
    grown = day(traffic=GROWTH_TRAFFIC, region="regional read path")
    over = {name: grown.percentile(99, name) * 1e3 > GROWTH_P99_MS
            for name in ("home", "new")}
    if over["home"] and over["new"]:
        return "both"
    return "home" if over["home"] else "new region" if over["new"] else "neither"


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
        expected=_status_every_click_reaches,
        hint="a browser may answer a cached redirect itself, and then the server never hears "
             "of the click: which target does that browser send its user to?",
        wrong={"301": "a 301 is cacheable by default: a browser that followed it once "
                      "goes straight to the old target next time, without asking the "
                      "server, so it never learns of the change."},
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
                                    "requests), and a miss is barely faster: its read "
                                    "still takes 2 ms; p99 about 7.7 ms.",
        },
        options=tuple(CHANGES),
        decide=True,
    ),
    Exercise(
        id="29.4",
        expected=_region_breaking_objective,
        hint="each region's misses queue at its own shards: what share of the misses does "
             "each region's set of 8 shards carry, and what does tripling it do to a queue?",
        wrong={
            "neither": "at 1x both regions sit near 10 ms, but a queue's wait grows "
                       "faster than its load: at 3x the home shards, carrying 70 % of "
                       "the misses, are about 74 % busy at peak, and the home p99 passes "
                       "15 ms.",
            "new region": "the new region's replicas carry only its 30 % of the misses: "
                          "at 3x they are still lightly loaded. The home shards carry "
                          "70 %.",
            "both": "the new region's replicas carry only its 30 % of the misses: how busy "
                    "are they at 3x, next to the home shards carrying 70 %?",
        },
        options=REGION_OUTCOMES,
        decide=True,
    ),
]
