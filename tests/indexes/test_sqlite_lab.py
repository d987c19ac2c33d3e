"""Real SQLite: plans, covering indexes, unusable indexes, the write cost, cleanup."""

from __future__ import annotations

import os

import pytest

from sysdesign.indexes import OrdersDB, insert_cost


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
    with OrdersDB(rows=20_000, customers=2_000) as again:
        assert again.query("SELECT sum(customer * day) FROM orders") == \
            db.query("SELECT sum(customer * day) FROM orders")


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
