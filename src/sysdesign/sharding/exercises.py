"""The "Try it" answers of notebooks 11 (sharding) and 12 (consistent hashing).

Each expected value is computed from the model when it is judged, so a notebook never shows
it; the worked solutions sit in the notebooks, and ``tests/course/test_exercises.py`` runs
them against these definitions.
"""

from __future__ import annotations

import math

from sysdesign.core.exercises import Exercise


def _logical_moves() -> int:
    from .logical import LogicalShards

    return len(LogicalShards(4096, 16).plan_add("s16"))


def _fewest_vnodes() -> int:
    from .metrics import expected_cov

    return next(v for v in range(1, 10_000) if expected_cov(10, v) < 0.1)


def _day_buckets_can_go_below(share: float = 0.10) -> bool:
    """Can enough shards bring hash(user_id, day)'s busiest shard below ``share`` of all rows?

    Only if the largest single key, the celebrity's busiest day, is below it: a hash spreads
    keys, never one key, so that day lands whole on one shard whatever the number of shards.
    """
    import numpy as np

    from .workloads import HOT_USER, workload

    msgs = workload("celebrity (1 user 1000x)", 20_000)
    days = (msgs.timestamp[msgs.user_id == HOT_USER] // (24 * 3600)).astype(int)
    return bool(np.bincount(days).max() / len(msgs) < share)


def _jump_steps() -> float:
    from .jump import expected_jump_steps

    return expected_jump_steps(1000)


EXERCISES = [
    Exercise(
        id="11.1",
        expected="order_id",
        options=("order_id", "line_item_id", "product_id"),
        decide=True,
        hint="pick the key that every row written by one order shares",
        wrong={
            "line_item_id": "each line item would hash to its own shard, so one order's insert "
                            "would span several databases and lose its single transaction",
            "product_id": "an order's items are different products, spread over different "
                          "shards: the insert would need a distributed transaction",
        },
    ),
    Exercise(
        id="11.2",
        expected=_logical_moves,
        tolerance=0.0,
        close=0.05,
        hint="after the join 17 servers share the 4,096 logical shards; the newcomer needs "
             "its share and no move more",
        wrong={
            256: "that is what each server holds before the join, not what the newcomer needs",
            241: "that also evens the counts out, but one move is wasted: round the other way",
            3855: "that is about how many keys' worth mod-N would re-home (16/17 of them), not "
                  "how many logical shards move",
        },
    ),
    Exercise(
        id="11.3",
        expected=_day_buckets_can_go_below,
        options=(True, False),
        decide=True,
        hint="a hash spreads keys, never a single key: how big is the celebrity's biggest "
             "(user, day) key, as a share of all rows?",
        wrong={True: "each (user, day) pair is still one key: the celebrity writes about a "
                     "third of the messages over three days, so each of its days, about 11 % "
                     "of all rows, lands whole on one shard whatever the number of shards"},
    ),
    Exercise(
        id="12.1",
        expected="ring",
        options=("mod-N", "jump", "ring"),
        decide=True,
        hint="the pool loses and gains named servers anywhere in the list, not only at its end",
        wrong={
            "jump": "jump hash can only add or remove the last numbered bucket: losing a server "
                    "in the middle renumbers every server after it",
            "mod-N": "mod-N moves almost every key whenever the pool changes size",
        },
    ),
    Exercise(
        id="12.2",
        expected=_fewest_vnodes,
        tolerance=0.0,
        close=0.15,
        hint="use the exact expression for the root-mean-square CoV with N = 10, not the "
             "large-N approximation",
        wrong={
            100: "1/sqrt(100) is exactly 0.1, not below it, and 1/sqrt(v) is only the large-N "
                 "approximation of the exact expression",
            50: "at 50 virtual nodes the spread is still well above 0.1",
        },
    ),
    Exercise(
        id="12.3",
        expected=_jump_steps,
        tolerance=0.01,
        close=0.08,
        hint="a key stops at bucket b with probability 1/(b+1); add those chances up",
        wrong={
            round(math.log(1000), 2): "ln(1000) leaves out Euler's constant, about 0.58",
            round(math.log2(1000), 2): "log2(1000) is the ring's binary search, not jump hash",
        },
    ),
]
