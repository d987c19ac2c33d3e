"""The "Try it" exercises of notebook 18 (messaging): answers computed from the models."""

from __future__ import annotations

from ..core.exercises import Exercise
from .delivery import run
from .lag import lag_closed_form
from .log import assign

OUTCOMES = ("lost", "duplicated", "exactly once")


def _crash_after_processing() -> str:
    """Process-then-commit consumer crashes after processing message 7, before committing."""
    r = run(10, "at-least-once", {(7, "process")})
    return "lost" if r["lost"] else "duplicated" if r["duplicates"] else "exactly once"


def _lag_after_a_minute() -> float:
    """Producer 12/s, three consumers at 3/s each, fixed rates: lag after 60 s."""
    return float(lag_closed_form(60.0, 12.0, 3.0, 3))


def _idle_consumers() -> int:
    """6 partitions, 8 consumers in the group: how many get no partition."""
    return sum(not ps for ps in assign(6, [f"c{i}" for i in range(8)]).values())


EXERCISES = [
    Exercise(
        id="18.1",
        expected=_crash_after_processing,
        options=OUTCOMES,
        decide=True,
        hint="after the restart, the consumer reads from the last committed offset: which "
             "message is that?",
        wrong={"lost": "the offset was not committed, so the consumer reads message 7 "
                       "again; a loss needs the commit to come before the work",
               "exactly once": "the effect of the first processing stays in the store, and "
                               "the restarted consumer processes message 7 again"},
    ),
    Exercise(
        id="18.2",
        expected=_lag_after_a_minute,
        hint="the lag grows by what is produced minus what all the consumers finish, "
             "every second",
        wrong={720.0: "that is everything produced; the consumers finish 9 a second",
               540.0: "that counts one consumer; the group has three",
               3.0: "that is the growth per second; multiply by the 60 s"},
    ),
    Exercise(
        id="18.3",
        expected=_idle_consumers,
        hint="within one group, a partition is read by one consumer at a time",
        wrong={0: "a partition has one owner in the group, so two consumers cannot share "
                  "one; some consumers get nothing",
               8: "six of the eight consumers do get a partition each"},
    ),
]
