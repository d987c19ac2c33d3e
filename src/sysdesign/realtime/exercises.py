"""The "Try it" exercises of notebook 20 (real time): answers computed from the models."""

from __future__ import annotations

from ..core.exercises import Exercise
from . import model
from .fanout import messages_per_publish


def _short_poll_latency() -> float:
    """Short polling every 2 s over a 100 ms round trip: mean latency in seconds."""
    return model.mean_latency("short polling", poll_interval=2.0, rtt=0.1)


def _long_poll_batches() -> str:
    """At 20 messages/s and a 200 ms round trip: long-poll requests per message?"""
    rate = model.requests_per_second("long polling", message_rate=20.0, rtt=0.2, timeout=30.0)
    per_message = rate / 20.0
    return "fewer than one" if per_message < 1 else "one or more"


def _fanout_messages() -> float:
    """10 nodes, 5 subscribers placed at random, topic routing: messages per publish."""
    return messages_per_publish(nodes=10, subscribers=5, routing="topic")


EXERCISES = [
    Exercise(
        id="20.1",
        expected=_short_poll_latency,
        tolerance=0.005,
        hint="a message waits for the next poll to reach the server (on average half the "
             "interval), then for the answer to travel back",
        wrong={2.1: "a message waits on average half the interval for the next poll, not a "
                    "whole one",
               1.1: "the answer only travels back: half a round trip, not a whole one",
               1.0: "the answer still has to travel back to the client: add half a round trip",
               1050: "the answer is in seconds"},
    ),
    Exercise(
        id="20.2",
        expected=_long_poll_batches,
        options=("fewer than one", "one or more"),
        decide=True,
        hint="after each answer the client needs a round trip before its next request is "
             "held at the server again; what happens to messages published meanwhile?",
        wrong={"one or more": "messages published while the next request is on its way are "
                              "not lost or sent one by one: they wait and leave together in "
                              "the next answer"},
    ),
    Exercise(
        id="20.3",
        expected=_fanout_messages,
        tolerance=0.01,
        close=0.1,
        hint="count the message to the broker, the copies to nodes holding at least one "
             "subscriber (a node is missed by all 5 with probability 0.9 to the 5th), and "
             "one per subscriber",
        wrong={16: "that sends a copy to every one of the 10 nodes: topic routing skips "
                   "nodes without a subscriber",
               11: "the 5 subscribers are placed at random, so some nodes hold two of them: "
                   "expect fewer than 5 nodes to need a copy"},
    ),
]
