"""The "Try it" exercises of notebook 18 (messaging): answers computed from the models."""

from __future__ import annotations

from ..core.exercises import Exercise
from .delivery import run
from .log import assign, moved

OUTCOMES = ("lost", "duplicated", "exactly once")


def _crash_after_processing() -> str:
    """Commit-then-process consumer crashes after processing message 7, before message 8.

    Not the notebook's worked crash (at least once, after processing), nor its doctests.
    """
    r = run(10, "at-most-once", {(7, "process")})
    return "lost" if r["lost"] else "duplicated" if r["duplicates"] else "exactly once"


# 18.2: the other direction from the notebook's lag example: a backlog, then more consumers
BACKLOG_182, PRODUCE_182, CONSUME_182, CONSUMERS_182 = 900, 12.0, 3.0, 6


def _catch_up_seconds(backlog: float = BACKLOG_182, consumers: int = CONSUMERS_182,
                      produce: float = PRODUCE_182) -> float:
    """Seconds until the backlog is gone: it shrinks by c·μ − λ a second."""
    if consumers * CONSUME_182 <= produce:
        raise ValueError("consumers must finish more than is produced, or the lag only grows")
    return backlog / (consumers * CONSUME_182 - produce)


def _moved_when_a_fifth_joins() -> int:
    """6 partitions, range assignor, group c1..c4 grows to c1..c5: partitions that move."""
    before = assign(6, [f"c{i}" for i in range(1, 5)])
    after = assign(6, [f"c{i}" for i in range(1, 6)])
    return len(moved(before, after))


EXERCISES = [
    Exercise(
        id="18.1",
        expected=_crash_after_processing,
        options=OUTCOMES,
        decide=True,
        hint="list the three steps in this consumer's order, and see which had happened "
             "before the crash and where the restart begins",
        wrong={"lost": "a loss needs a crash between the commit and the processing; here "
                       "message 7 had been committed and processed before the crash",
               "duplicated": "the offset was committed before processing, so the restarted "
                             "consumer begins at message 8 and never sees message 7 again"},
    ),
    Exercise(
        id="18.2",
        expected=_catch_up_seconds,
        hint="the producer keeps writing while the group catches up: the backlog shrinks by "
             "what all the consumers finish minus what is produced, every second",
        wrong={50.0: "that is 900 / 18: it forgets that 12 new messages arrive every second",
               75.0: "that is 900 / 12, as if only the producer's rate mattered; the "
                     "consumers remove 18 a second while it adds 12",
               300.0: "that divides by 3, the rate at which the old group of three fell "
                      "behind; after scaling, the group finishes 18 a second"},
    ),
    Exercise(
        id="18.3",
        expected=_moved_when_a_fifth_joins,
        hint="write down the range assignor's runs for four and for five consumers, sorted "
             "by name, and compare the owner of each partition",
        wrong={1: "that was the join from 3 to 4 consumers shown above; from 4 to 5, compare "
                  "the owner of every partition before and after",
               6: "the eager protocol revokes all 6 during the rebalance, but only the "
                  "partitions whose owner differs afterwards change owner",
               0: "the new consumer gets a partition, so at least one changes owner"},
    ),
]
