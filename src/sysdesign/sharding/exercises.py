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


POOL = ("cache-a", "cache-b", "cache-c", "cache-d")  # 12.1: jump hash over a named pool
MOVED_SHARES = ("about 25 %", "about 50 %", "about 67 %", "about 75 %")


def _jump_moved_share(keys: int = 100_000) -> float:
    """Share of keys that change server when jump hash's list loses cache-b (bucket 1)."""
    import numpy as np

    from ._fast import hash64_many, jump_hash_many

    hashes = hash64_many(np.arange(keys))
    before = np.array(POOL)[jump_hash_many(hashes, len(POOL))]
    survivors = [name for name in POOL if name != "cache-b"]
    after = np.array(survivors)[jump_hash_many(hashes, len(survivors))]
    return float(np.mean(before != after))


def _jump_moved_option() -> str:
    """The choice of MOVED_SHARES nearest to the measured share."""
    share = _jump_moved_share()
    return min(MOVED_SHARES, key=lambda option: abs(float(option.split()[1]) / 100 - share))


JUMP_STEPS_LIMIT = 10  # 12.3: the fewest buckets whose mean loop count exceeds this


def _buckets_for_jump_steps(limit: float = JUMP_STEPS_LIMIT) -> int:
    """The smallest bucket count whose expected jump-hash loop count H_n exceeds ``limit``."""
    from .jump import expected_jump_steps

    guess = math.ceil(math.exp(limit - 0.5772156649))  # H_n is about ln n + Euler's constant
    while expected_jump_steps(guess - 1) > limit:
        guess -= 1
    while expected_jump_steps(guess) <= limit:
        guess += 1
    return guess


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
        expected=_jump_moved_option,
        options=MOVED_SHARES,
        decide=True,
        hint="jump hash keeps a key's bucket number unless that number is gone; write down "
             "which name each number points to before and after the removal",
        wrong={
            "about 25 %": "that is cache-b's share alone, what a ring would move; but the "
                          "names after cache-b are renumbered too",
            "about 50 %": "cache-b's and cache-c's keys move, but so do most of cache-d's: "
                          "bucket 3 is gone, its keys spread over buckets 0 to 2, and only a "
                          "third land on bucket 2, now cache-d",
            "about 75 %": "that is close to what mod-N moves here; jump keeps all of "
                          "cache-a's keys and a third of cache-d's",
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
        expected=_buckets_for_jump_steps,
        tolerance=0.0,
        close=0.08,
        hint="the mean loop count is the harmonic number H_n = 1 + 1/2 + ... + 1/n; find "
             "the first n at which it passes the limit",
        wrong=lambda: {
            round(math.exp(JUMP_STEPS_LIMIT)): "e^10 solves ln n = 10, which leaves out "
                                               "Euler's constant, about 0.58",
            2 ** JUMP_STEPS_LIMIT: "2^10 would hold if the loop count grew like log2 n, as "
                                   "the ring's binary search does; it grows like ln n",
            _buckets_for_jump_steps() - 1: "at that count H_n is still just below 10: the "
                                           "next bucket takes it over",
        },
    ),
]
