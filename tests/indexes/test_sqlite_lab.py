"""Real SQLite: plans, covering indexes, unusable indexes, the write cost, cleanup."""

from __future__ import annotations

import os
import sqlite3

import pytest

from sysdesign.indexes import OrdersDB, insert_cost
from sysdesign.indexes.sqlite_lab import BATCH_SQL


@pytest.fixture(scope="module")
def db():
    with OrdersDB(rows=20_000, customers=2_000) as orders:
        yield orders


def test_rows_are_generated_deterministically_inside_sqlite(db):
    assert db.query("SELECT count(*), count(DISTINCT customer) FROM orders") == [(20_000, 2_000)]
    assert db.query("SELECT min(day), max(day) FROM orders") == [(0, 364)]
    # ids 1..rows once each, every row the hash of its id (as the module docstring says)
    assert db.query("SELECT count(DISTINCT id), min(id), max(id) FROM orders") == \
        [(20_000, 1, 20_000)]
    assert db.query("SELECT * FROM orders WHERE id IN (1, 12345) ORDER BY id") == [
        (i, i * 2654435761 % 2**32 % 2_000, i * 97 % 1_000_003 % 365, i * 7919 % 100_003 % 10_000)
        for i in (1, 12345)]
    # every row, not two: the ids come from SQLite's rowids, the hashes from the count i
    assert db.query(_MISMATCHES, {"customers": 2_000}) == [(0,)]
    with OrdersDB(rows=20_000, customers=2_000) as again:
        assert again.query("SELECT sum(customer * day) FROM orders") == \
            db.query("SELECT sum(customer * day) FROM orders")


# rows whose customer, day or amount is not the hash of the row's own id
_MISMATCHES = ("SELECT count(*) FROM orders WHERE customer != id * 2654435761 % 4294967296 "
               "% :customers OR day != id * 97 % 1000003 % 365 "
               "OR amount != id * 7919 % 100003 % 10000")


@pytest.mark.parametrize("rows", [1, 2, 3, 10, 99, 100, 101, 4_097])
def test_ids_run_from_1_to_rows_and_every_row_is_the_hash_of_its_id(rows):
    # squares, one over and one under a square: the count stops at rows, in order
    # and customers 0..customers-1, each with the email of its id
    customers = rows + 6
    with OrdersDB(rows=rows, customers=customers) as small:
        assert small.query("SELECT count(*), min(id), max(id) FROM orders") == [(rows, 1, rows)]
        assert small.query(_MISMATCHES, {"customers": customers}) == [(0,)]
        assert small.query("SELECT count(*), min(id), max(id), "
                           "sum(email != 'user' || id || '@example.com') FROM customers") == \
            [(customers, 0, customers - 1, 0)]


def test_plans_with_and_without_indexes(db):
    query = "SELECT * FROM orders WHERE customer = ?"
    assert db.plan(query, (42,)).startswith("SCAN") and not db.uses_index(query, (42,))
    db.create_index("by_customer_day", "orders", "customer, day")
    assert "USING INDEX by_customer_day (customer=?)" in db.plan(query, (42,))
    both = "SELECT * FROM orders WHERE customer = 42 AND day BETWEEN 10 AND 20"
    assert "(customer=? AND day>? AND day<?)" in db.plan(both)
    assert db.plan("SELECT * FROM orders WHERE day = 5") == "SCAN orders"
    assert "USING COVERING INDEX" in db.plan("SELECT day FROM orders WHERE customer = 42")
    assert db.plan("SELECT * FROM orders WHERE customer + 0 = 42") == "SCAN orders"
    # the index search returns exactly the rows the scan finds
    scanned = sorted(db.query("SELECT * FROM orders WHERE customer + 0 = 42"))
    assert scanned and sorted(db.query(query, (42,))) == scanned


def test_like_needs_a_prefix_and_a_matching_collation(db):
    db.create_index("by_email", "customers", "email")
    assert db.plan("SELECT * FROM customers WHERE email LIKE '%7@example.com'").startswith("SCAN")
    # LIKE is case-insensitive by default and the index uses BINARY: not used
    assert db.plan("SELECT * FROM customers WHERE email LIKE 'user42@%'").startswith("SCAN")
    assert "USING COVERING INDEX by_email" in db.plan(
        "SELECT * FROM customers WHERE email GLOB 'user42@*'")


def test_temporary_file_is_removed():
    with OrdersDB(rows=10, customers=3) as small:
        path = small.path
        assert os.path.exists(path)
    assert not os.path.exists(os.path.dirname(path))
    with pytest.raises(RuntimeError, match="closed"):
        small.query("SELECT 1")


def test_every_index_adds_a_btree_and_pages():
    costs = [insert_cost(k, rows=3_000) for k in range(3)]
    # counted by SQLite's dbstat, not by the argument: the table plus each index
    assert [c["btrees_per_row"] for c in costs] == [1, 2, 3]
    assert costs[0]["pages"] < costs[1]["pages"] < costs[2]["pages"]


def test_bad_names_are_refused(db):
    with pytest.raises(ValueError, match="name"):
        db.create_index("x; DROP TABLE orders", "orders", "day")
    with pytest.raises(TypeError, match="table"):
        db.create_index("by_day", None, "day")
    with pytest.raises(ValueError, match="rows"):
        OrdersDB(rows=0)


def test_like_prefix_uses_an_index_when_case_rules_agree():
    # the notebook's claim: a NOCASE index, or case-sensitive LIKE, lets LIKE 'x%' search
    with OrdersDB(rows=10, customers=500) as small:
        small.query("CREATE INDEX email_nocase ON customers(email COLLATE NOCASE)")
        like = "SELECT * FROM customers WHERE email LIKE 'user42@%'"
        assert small.plan(like).startswith("SEARCH customers USING COVERING INDEX email_nocase")
        small.query("DROP INDEX email_nocase")
        small.query("CREATE INDEX email_binary ON customers(email)")
        assert small.plan(like).startswith("SCAN")
        small.query("PRAGMA case_sensitive_like = ON")
        assert small.plan(like).startswith("SEARCH customers USING COVERING INDEX email_binary")
        small.query("CREATE INDEX by_customer ON orders(customer)")
        assert small.plan("SELECT * FROM orders WHERE customer = 4").startswith("SEARCH")
        assert small.plan("SELECT * FROM orders WHERE +customer = 4") == "SCAN orders"


def test_an_index_on_the_expression_itself_is_used():
    with OrdersDB(rows=200, customers=50) as small:
        small.create_index("by_abs", "orders", "abs(customer)")
        assert "USING INDEX by_abs" in small.plan("SELECT * FROM orders WHERE abs(customer) = 4")


def test_insert_cost_batches_insert_the_hashes_of_0_to_rows():
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER, b INTEGER, c INTEGER, "
               "d INTEGER)")
    for first, stop in [(0, 3), (3, 4), (4, 250)]:
        db.execute(BATCH_SQL, {"first": first, "stop": stop})
    assert db.execute("SELECT * FROM t ORDER BY id").fetchall() == [
        (i, i * 2654435761 % 2**32 % 1000, i * 97 % 1009, i * 7919 % 10007, i % 13)
        for i in range(250)]
    db.close()
