"""The "Try it" exercises of notebook 25 (performance): answers computed from the models."""

from __future__ import annotations

from ..core.exercises import Exercise
from .percentiles import fanout_slow_probability
from .queueing import mm1, mmc


def _in_flight() -> float:
    """Little's law: 200 requests/s, each in the system 50 ms on average."""
    return 200 * 0.050


def _faster_choice() -> str:
    """At 300 req/s: one server at 400/s or four at 100/s each; lower mean latency?"""
    one = mm1(300, 400).mean_time_in_system
    four = mmc(300, 100, 4).mean_time_in_system
    return "one fast server" if one < four else "four slow servers"


EXERCISES = [
    Exercise(
        id="25.1",
        expected=_in_flight,
        hint="Little's law: requests in the system = arrival rate x time each one spends "
             "there; mind the units",
        wrong={10_000: "50 ms is 0.05 s, not 50 s",
               4: "that divides the rate by the latency; multiply them"},
    ),
    Exercise(
        id="25.2",
        expected=_faster_choice,
        options=("one fast server", "four slow servers"),
        decide=True,
        hint="compare each design's mean time in system: waiting plus service",
        wrong={"four slow servers": "four servers make requests wait less in the queue, but "
                                    "each request then takes 10 ms of service instead of "
                                    "2.5 ms: the total is larger"},
    ),
    Exercise(
        id="25.3",
        expected=lambda: fanout_slow_probability(200, 0.001),
        tolerance=0.005,
        close=0.05,
        hint="the request is fast only if all 200 backends are fast",
        wrong={0.2: "that adds the 200 chances of 0.1 %; the request is fast only if every "
                    "backend is, so multiply the chances of being fast",
               0.001: "that is one backend's chance; the request waits for all 200"},
    ),
]
