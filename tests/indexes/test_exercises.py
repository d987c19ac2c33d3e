"""The "Try it" answers of notebook 14, checked by hand and against SQLite with data."""

import random
import sqlite3

from sysdesign.indexes import exercises as ex
from sysdesign.indexes import height_bounds


def test_141_fewest_keys_for_six_levels_of_order_five():
    # the thinnest tree: a root with 1 key and 2 children, then nodes of 2 keys, 3 children
    nodes_below_root = sum(2 * 3 ** (level - 2) for level in range(2, 7))
    assert ex._fewest_keys() == 1 + 2 * nodes_below_root == 2 * 3 ** 5 - 1 == 485
    assert height_bounds(484, 5)[1] == 5 and height_bounds(485, 5)[1] == 6


def test_142_plans_hold_on_a_filled_and_analyzed_table():
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE orders (id INTEGER PRIMARY KEY, customer INTEGER, day INTEGER, "
               "amount INTEGER)")
    db.execute("CREATE INDEX by_customer_day ON orders(customer, day)")
    rng = random.Random(3)
    db.executemany("INSERT INTO orders(customer, day, amount) VALUES (?, ?, 1)",
                   [(rng.randrange(10_000), rng.randrange(365)) for _ in range(20_000)]
                   + [(41, 5), (42, 5), (41, 6)])
    db.execute("ANALYZE")
    plans = {label: db.execute(f"EXPLAIN QUERY PLAN SELECT * FROM orders WHERE {where}")
             .fetchall()[0][-1] for label, where in ex.QUERIES.items()}
    rows = {label: sorted(db.execute(f"SELECT id FROM orders WHERE {where}").fetchall())
            for label, where in ex.QUERIES.items()}
    db.close()
    # as the question says: BETWEEN and IN ask for the same rows, the OR for more
    between, in_list, either = rows.values()
    assert len(in_list) >= 2 and between == in_list and set(in_list) < set(either)
    assert plans["customer IN (41, 42) AND day = 5"].endswith("(customer=? AND day=?)")
    assert plans["customer BETWEEN 41 AND 42 AND day = 5"].endswith(
        "(customer>? AND customer<?)")
    assert plans["customer = 42 OR day = 5"] == "SCAN orders"
    assert ex._both_columns() == "customer IN (41, 42) AND day = 5"


def test_143_write_amplification_of_80_keys_by_hand():
    # 20 flushes of 4; 5 tier-0 merges into runs of 16; one tier-1 merge of the first 4 (64)
    assert ex._lsm_write_amplification() == (80 + 5 * 16 + 64) / 80 == 2.8
