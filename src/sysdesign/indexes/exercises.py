"""The "Try it" exercises of notebook 14 (indexes): answers computed from the models."""

from __future__ import annotations

import sqlite3

from ..core.exercises import Exercise
from .btree import height_bounds
from .lsm import LSMTree

QUERIES = {
    "day = 5": "day = 5",
    "customer = 42 AND day > 300": "customer = 42 AND day > 300",
    "customer + 0 = 42": "customer + 0 = 42",
}


def _searchable() -> str:
    """Which WHERE clause SQLite answers by searching the index on (customer, day)."""
    db = sqlite3.connect(":memory:")
    try:
        db.execute("CREATE TABLE orders (id INTEGER PRIMARY KEY, customer INTEGER, "
                   "day INTEGER, amount INTEGER)")
        db.execute("CREATE INDEX by_customer_day ON orders(customer, day)")
        found = [label for label, where in QUERIES.items()
                 if db.execute(f"EXPLAIN QUERY PLAN SELECT * FROM orders WHERE {where}")
                 .fetchall()[0][-1].startswith("SEARCH")]
    finally:
        db.close()
    (answer,) = found
    return answer


def _lsm_write_amplification(keys: int = 64, memtable: int = 4, fanout: int = 4) -> float:
    lsm = LSMTree(memtable, fanout)
    for key in range(keys):
        lsm.put(key, key)
    return lsm.write_amplification


EXERCISES = [
    Exercise(
        id="14.1",
        expected=lambda: height_bounds(1000, 4)[1],
        hint="the tallest tree is the thinnest one: a root with one key, every other node "
             "with the fewest children allowed: half of 4, rounded up",
        wrong={5: "that is the least height, with every node full (4 children each); the "
                  "question asks for the greatest",
               8: "that counts edges, as CLRS does; count levels (a lone leaf is 1)",
               10: "that is log2(1000) rounded up; the root needs only 2 children, so the "
                   "bound is 1 + log2((1000 + 1) / 2) = 9.97, rounded down"},
    ),
    Exercise(
        id="14.2",
        expected=_searchable,
        options=tuple(QUERIES),
        decide=True,
        hint="an index on (customer, day) is sorted by customer first, like a phone book "
             "sorted by surname then first name",
        wrong={"day = 5": "the index is sorted by customer first; rows with day 5 are "
                          "scattered over every customer, so SQLite scans",
               "customer + 0 = 42": "the index holds customer, not customer + 0: an "
                                    "expression on the column hides it from this index "
                                    "(only an index on that very expression could serve "
                                    "it)"},
    ),
    Exercise(
        id="14.3",
        expected=_lsm_write_amplification,
        hint="count each entry's writes: once when its memtable is flushed, then once per "
             "merge it takes part in",
        wrong={2.0: "you counted the merges but not the flush that first wrote each entry",
               1.0: "that is only the flush; compaction writes each entry again",
               4.0: "64 entries make 16 runs of 4; merges of 4 runs happen at two tiers "
                    "(16 -> 4 -> 1), not three"},
    ),
]
