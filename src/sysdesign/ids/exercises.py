"""The "Try it" exercises of notebook 13 (distributed IDs): answers computed from the models.

Each :class:`~sysdesign.core.exercises.Exercise` holds how to work out the answer (called
only when an answer is judged), how close counts, and a hint for each known wrong answer.
"""

from __future__ import annotations

from ..core.exercises import Exercise
from .collisions import ids_for_collision, time_ordered_collision_probability
from .layout import (
    DISCORD_EPOCH_MS,
    INSTAGRAM_EPOCH_MS,
    MS_PER_YEAR,
    OBJECT_ID,
    TWITTER_EPOCH_MS,
    UUID7,
    decode_snowflake,
)

TWEET_ID = 1541815603606036480  # exercise 13.1's Snowflake
FLEETS = {"10 generators": (10, 100.0), "1,000 generators": (1_000, 1.0)}  # (count, IDs/ms)


def _year(epoch_ms: int) -> int:
    return decode_snowflake(TWEET_ID, epoch_ms=epoch_ms)["datetime"].year


def _riskier_fleet() -> str:
    """Which fleet makes a duplicate UUIDv7 (counter from 0) more likely over a year."""
    ids_in_a_year = 1_000 * MS_PER_YEAR  # 1,000 IDs per ms in all, either way
    chance = {name: time_ordered_collision_probability(ids_in_a_year, count, rate,
                                                       UUID7.random_bits)
              for name, (count, rate) in FLEETS.items()}
    low, high = sorted(chance.values())
    return "the same" if high < 1.1 * low else max(chance, key=chance.get)


EXERCISES = [
    Exercise(
        id="13.1",
        expected=lambda: _year(TWITTER_EPOCH_MS),
        hint="the time is the ID shifted right by 22 bits: milliseconds since Twitter's "
             "epoch, 2010-11-04",
        wrong=lambda: {
            _year(DISCORD_EPOCH_MS): "that year counts from Discord's epoch (2015); this is "
                                     "a Twitter ID, whose epoch is 2010-11-04.",
            _year(0): "that counts the milliseconds from 1970; Snowflake counts them from "
                      "Twitter's own epoch, 2010-11-04.",
            _year(INSTAGRAM_EPOCH_MS): "that uses Instagram's epoch (2011); this is a Twitter "
                                       "ID.",
        },
    ),
    Exercise(
        id="13.2",
        expected=lambda: ids_for_collision(0.01, OBJECT_ID.instance_bits),
        hint="the 5-byte value is drawn once per process, so the birthday bound counts "
             "processes, over 40 random bits",
        wrong=lambda: {
            ids_for_collision(0.01, 96): "that treats all 96 bits of an ObjectId as random; "
                                         "only the 40-bit process value is.",
            ids_for_collision(0.01, 64): "that is the answer for 64 random bits; the process "
                                         "value has 40.",
            ids_for_collision(0.01, 24): "that uses the 24-bit counter; the counter is not "
                                         "random after its start, the 40-bit value is.",
            ids_for_collision(0.5, 40): "that is where the chance reaches 50 %, not 1 %.",
            2**40: "that is how many different 5-byte values exist; a repeat becomes likely "
                   "long before that many draws.",
        },
        tolerance=0.02,
    ),
    Exercise(
        id="13.3",
        expected=_riskier_fleet,
        hint="two UUIDv7s can only be equal if two different generators made them in the "
             "same millisecond with the same counter value: count those pairs for each fleet",
        wrong={
            "10 generators": "each makes about 100 IDs per ms, but there are only 45 pairs "
                             "of generators. With 1,000 generators at 1 per ms, about 630 of "
                             "them use counter 0 in the same millisecond: about 200,000 pairs.",
            "the same": "the same number of IDs, but not the same number of pairs that share "
                        "a millisecond and a counter value; count them.",
        },
        options=("10 generators", "1,000 generators", "the same"),
        decide=True,
    ),
]
