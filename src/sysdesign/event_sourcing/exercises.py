"""The "Try it" exercises of notebook 19 (event sourcing and CQRS), computed from the models."""

from __future__ import annotations

from ..core.exercises import Exercise
from .experiments import cqrs, history


def _read_with_snapshots() -> int:
    return history(60, snapshot_every=10, version=57)["read with snapshot"]


def _stale_share_direction() -> str:
    slow = cqrs(poll_ms=100.0)["writes"]["stale read"].mean()
    fast = cqrs(poll_ms=20.0)["writes"]["stale read"].mean()
    return "down" if fast < slow else "up"


EXERCISES = [
    Exercise(
        id="19.1",
        expected=_read_with_snapshots,
        hint="find the newest snapshot at or before version 57, then count the events "
             "after it up to 57",
        wrong={57: "that is a full replay from version 1: the snapshot saves reading the "
                   "events before it.",
               50: "that is the snapshot's version: the snapshot holds the state there, "
                   "you read only the events after it.",
               60: "you loaded the newest version; the question asks for version 57."},
    ),
    Exercise(
        id="19.2",
        expected=_stale_share_direction,
        hint="a write becomes visible at the first poll after it, plus the time to apply "
             "what is queued; the client reads 50 ms after writing",
        wrong={"up": "polling more often shortens the wait until the next poll, so more "
                     "writes are visible by the time the client reads."},
        options=("up", "down", "same"),
        decide=True,
    ),
]
