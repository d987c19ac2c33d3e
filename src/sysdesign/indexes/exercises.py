"""The "Try it" exercises of notebook 14 (indexes): answers computed from the models."""

from __future__ import annotations

import sqlite3

from ..core.exercises import Exercise
from .btree import height_bounds
from .lsm import LSMTree

# 14.2: none of these is in the notebook's tables of plans; the first two ask for the same
# rows (customers 41 and 42, day 5), the OR for more (customer 42 on any day, or day 5)
QUERIES = {
    "customer BETWEEN 41 AND 42 AND day = 5": "customer BETWEEN 41 AND 42 AND day = 5",
    "customer IN (41, 42) AND day = 5": "customer IN (41, 42) AND day = 5",
    "customer = 42 OR day = 5": "customer = 42 OR day = 5",
}
# 14.1: the other direction from the notebook's table of heights (order 5 is not in it)
ORDER_141, LEVELS_141 = 5, 6
# 14.3: not a power of the fanout times the memtable, so 1 + k does not apply as it is
KEYS_143 = 80


def _fewest_keys(order: int = ORDER_141, levels: int = LEVELS_141) -> int:
    """The fewest keys a B-tree of ``order`` needs to be ``levels`` tall (from height_bounds)."""
    n = 0
    while height_bounds(n, order)[1] < levels:
        n += 1
    return n


def _both_columns() -> str:
    """Which WHERE clause SQLite searches by both columns of the index on (customer, day)."""
    db = sqlite3.connect(":memory:")
    try:
        db.execute("CREATE TABLE orders (id INTEGER PRIMARY KEY, customer INTEGER, "
                   "day INTEGER, amount INTEGER)")
        db.execute("CREATE INDEX by_customer_day ON orders(customer, day)")
        plans = {label: db.execute(f"EXPLAIN QUERY PLAN SELECT * FROM orders WHERE {where}")
                 .fetchall()[0][-1] for label, where in QUERIES.items()}
    finally:
        db.close()
    used = {label: plan.partition("(")[2] for label, plan in plans.items()}  # "customer=? AND ..."
    (answer,) = [label for label, columns in used.items()
                 if "customer" in columns and "day" in columns]
    return answer


def _lsm_write_amplification(keys: int = KEYS_143, memtable: int = 4, fanout: int = 4) -> float:
    lsm = LSMTree(memtable, fanout)
    for key in range(keys):
        lsm.put(key, key)
    return lsm.write_amplification


EXERCISES = [
    Exercise(
        id="14.1",
        expected=_fewest_keys,
        hint="the fewest keys make the thinnest tree: a root with one key, every other node "
             "with the fewest children allowed, half of 5 rounded up, and one key fewer",
        wrong={15624: "that is the most keys 6 levels can hold, every node full (5^6 − 1); "
                      "the question asks for the fewest",
               63: "that takes t = 2, half of 5 rounded down; a node of order 5 needs at "
                   "least ⌈5/2⌉ = 3 children",
               1457: "that counts 7 levels (2·3^6 − 1): with heights in edges, as CLRS "
                     "count them, 6 levels are height 5",
               728: "that gives the root 3 children too (3^6 − 1); the root may have just "
                    "one key and 2 children",
               6249: "that takes t = 5; the thinnest nodes have ⌈5/2⌉ = 3 children, not 5"},
    ),
    Exercise(
        id="14.2",
        expected=_both_columns,
        options=tuple(QUERIES),
        decide=True,
        hint="an index on (customer, day) is sorted by customer first, then by day within "
             "one customer: ask where the day 5 entries sit for each clause",
        wrong={"customer BETWEEN 41 AND 42 AND day = 5":
               "a range on customer spans several customers, and day is sorted only within "
               "one: SQLite searches by customer (customer>? AND customer<?) and checks day "
               "on each index entry in that stretch",
               "customer = 42 OR day = 5":
               "with OR, every branch needs an index of its own; day = 5 is not a leftmost "
               "prefix, so SQLite scans the whole table"},
    ),
    Exercise(
        id="14.3",
        expected=_lsm_write_amplification,
        hint="count each entry's writes: once when its memtable is flushed, then once per "
             "merge it has taken part in so far; not every entry has been merged equally "
             "often",
        wrong={3.0: "that is 1 + k for 64 = 4 × 4² keys; the last 16 of the 80 have been "
                    "merged once, not twice",
               1.8: "you counted the merges but not the flush that first wrote each entry",
               1.0: "that is only the flush; compaction writes each entry again",
               2.0: "that counts the tier-0 merges only; the first four tier-1 runs (64 "
                    "keys) were merged again into one run at tier 2"},
    ),
]
