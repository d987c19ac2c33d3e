"""The "Try it" exercises of notebook 25 (performance): answers computed from the models."""

from __future__ import annotations

from ..core.exercises import Exercise
from .percentiles import fanout_slow_probability
from .queueing import mm1, mmc


def _mean_latency_ms() -> float:
    """Little's law backwards: 30 requests in flight at 600 requests/s; W in ms."""
    return 30 / 600 * 1000


def _shared_or_separate() -> str:
    """At 300 req/s on four 100/s servers: one shared queue, or a random split into four
    queues of 75 req/s each; lower mean latency?"""
    shared = mmc(300, 100, 4).mean_time_in_system
    separate = mm1(300 / 4, 100).mean_time_in_system
    return "one shared queue" if shared < separate else "four separate queues"


EXERCISES = [
    Exercise(
        id="25.1",
        expected=_mean_latency_ms,
        hint="Little's law: requests in the system = arrival rate x time each one spends "
             "there; solve it for the time, and mind the units",
        wrong={0.05: "that is the latency in seconds; the question asks for milliseconds",
               20: "that divides the rate by the requests in flight; divide the requests "
                   "in flight by the rate",
               18_000: "that multiplies them; L = lambda x W, so W = L / lambda"},
    ),
    Exercise(
        id="25.2",
        expected=_shared_or_separate,
        options=("one shared queue", "four separate queues"),
        decide=True,
        hint="compare each design's mean time in system: a shared queue is M/M/4 at "
             "300/s, a random split is four M/M/1 queues at 75/s each",
        wrong={"four separate queues": "with separate queues a request can wait behind "
                                       "another while a different server sits idle; in "
                                       "one shared queue it waits only if all four are "
                                       "busy"},
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
