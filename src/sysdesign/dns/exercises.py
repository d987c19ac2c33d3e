"""The "Try it" exercises of notebook 04 (DNS): answers computed from the models.

Each :class:`~sysdesign.core.exercises.Exercise` holds how to work out the answer (called
only when an answer is judged), how close counts, and a hint for each known wrong answer.
"""

from __future__ import annotations

from ..core.exercises import Exercise
from .cache import ttl_hit_ratio
from .experiments import DAY, HOUR, MIGRATION_RATE
from .migration import old_share

# 04.1: a name queried once every 10 s at a resolver, TTL 60 s.
QUERY_EVERY_S = 10.0
TTL_S = 60.0

# 04.2 and 04.3: a record with a one-day TTL, lowered to 5 minutes one hour before a move.
NEW_TTL_S = 300.0
MOVE_OPTIONS = (
    "lower the TTL now, move in an hour, switch the old server off at the move",
    "lower the TTL now, move in an hour, keep the old server answering for a day",
    "keep the TTL, move in an hour, switch the old server off at the move",
)


def _still_old_after_two_hours() -> float:
    return old_share(2 * HOUR, old_ttl=DAY, new_ttl=NEW_TTL_S, lead=HOUR, rate=MIGRATION_RATE)


EXERCISES = [
    Exercise(
        id="04.1",
        expected=lambda: 1 - ttl_hit_ratio(1 / QUERY_EVERY_S, TTL_S),
        hint="after each miss the answer lives one TTL and catches λT hits; then the next "
             "query misses again. What share of queries are the misses?",
        wrong={
            QUERY_EVERY_S / TTL_S: "that counts one miss per TTL window of 6 queries; but "
                                   "after the answer expires the cache sits idle until the "
                                   "next query, which starts the cycle: 1 miss per 1 + λT "
                                   "queries.",
            ttl_hit_ratio(1 / QUERY_EVERY_S, TTL_S): "that is the hit ratio; the question "
                                                     "asks for the share that misses.",
        },
        tolerance=0.01,
    ),
    Exercise(
        id="04.2",
        expected=_still_old_after_two_hours,
        hint="copies fetched before the TTL was lowered keep their one-day TTL; which of them "
             "still have more than 3 hours left?",
        wrong={
            0.0: "lowering the TTL only changes answers given from now on; the copies already "
                 "cached keep the one-day TTL they were given.",
            1.0: "not all of them: some resolvers were idle, and some copies had less than 3 "
                 "hours left when the TTL was lowered.",
        },
        tolerance=0.03,
    ),
    Exercise(
        id="04.3",
        expected=MOVE_OPTIONS[1],
        hint="an hour is far less than the one-day TTL already in caches: who still "
             "arrives at the old address, and for how long?",
        wrong={
            MOVE_OPTIONS[0]: "resolvers that fetched the record before you lowered the TTL keep "
                             "the old address for up to a day; switching the old server off "
                             "strands their users.",
            MOVE_OPTIONS[2]: "lowering the TTL now costs nothing and makes the *next* change "
                             "fast; and switching the old server off strands everyone still "
                             "holding the old address for up to a day.",
        },
        options=MOVE_OPTIONS,
        decide=True,
    ),
]
