"""The "Try it" exercises of notebook 20 (real time): answers computed from the models."""

from __future__ import annotations

from ..core.exercises import Exercise
from . import model
from .fanout import expected_nodes

# 20.1: the other direction from the notebook's latency table: a target, then the interval
TARGET_201, RTT_201 = 1.0, 0.1
# 20.2: messages rarer than the notebook's rates, but well inside the 30 s timeout
RATE_202, RTT_202, TIMEOUT_202 = 0.1, 0.1, 30.0
# 20.3: the other direction from the notebook's fan-out count: nodes wanted, subscribers
NODES_203, WANTED_203 = 10, 9


def _longest_poll_interval() -> float:
    """The longest short-poll interval with a mean latency of TARGET_201 (bisection)."""
    low, high = 1e-9, 100.0
    for _ in range(100):
        mid = (low + high) / 2
        if model.mean_latency("short polling", poll_interval=mid, rtt=RTT_201) <= TARGET_201:
            low = mid
        else:
            high = mid
    return low


def _long_poll_requests() -> str:
    """One message per 10 s, 100 ms round trip, 30 s timeout: long-poll requests per message?"""
    rate = model.requests_per_second("long polling", message_rate=RATE_202, rtt=RTT_202,
                                     timeout=TIMEOUT_202)
    return "fewer than one" if rate / RATE_202 < 1 else "one or more"


def _subscribers_for_nodes() -> int:
    """Fewest random subscribers for which, on average, WANTED_203 of NODES_203 nodes hold one."""
    s = 0
    while expected_nodes(NODES_203, s) < WANTED_203:
        s += 1
    return s


EXERCISES = [
    Exercise(
        id="20.1",
        expected=_longest_poll_interval,
        tolerance=0.005,
        hint="write the mean latency of short polling as a function of the interval, set it "
             "to 1 s and solve for the interval",
        wrong={2.0: "that leaves out the way back: the answer still travels half a round "
                    "trip after the poll reaches the server",
               1.8: "the answer travels back in half a round trip (50 ms), not a whole one",
               0.95: "that is the mean wait for the next poll; the interval is twice the "
                     "mean wait"},
    ),
    Exercise(
        id="20.2",
        expected=_long_poll_requests,
        options=("fewer than one", "one or more"),
        decide=True,
        hint="two effects pull in opposite directions: messages that meet the round-trip gap "
             "share an answer, and a held request that sees no message for 30 s is answered "
             "empty; how likely is each here?",
        wrong={"fewer than one": "batching saves little at this rate (a message lands in the "
                                 "100 ms gap about 1 % of the time), while a wait longer than "
                                 "the 30 s timeout happens about 5 % of the time (e^−3) and "
                                 "costs an empty answer and a new request"},
    ),
    Exercise(
        id="20.3",
        expected=_subscribers_for_nodes,
        hint="a node holds none of s random subscribers with probability (1 − 1/10)^s; find "
             "the smallest s for which the expected nodes holding one reach 9",
        wrong={9: "that is one subscriber per node; placed at random, several land on the "
                  "same node, so 9 subscribers reach only about 6.1 nodes",
               21: "with 21 subscribers about 8.9 nodes hold one, just short of 9: round up",
               10: "10 subscribers at random reach only about 6.5 nodes on average"},
    ),
]
