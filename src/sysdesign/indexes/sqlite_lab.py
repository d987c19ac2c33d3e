"""Real SQLite: a table of about a million orders in a temporary file, built in seconds.

:class:`OrdersDB` makes ``orders(id, customer, day, amount)`` and
``customers(id, email)`` inside SQLite itself: a recursive common table expression numbers
``i = 1..rows`` (as a square of a count to about sqrt(rows)) and a fixed multiplicative
hash of ``i`` (Knuth's 2654435761) spreads the values, so every build holds the same rows
on every machine, and no row crosses from Python. The file lives in a
:func:`tempfile.TemporaryDirectory` that the ``with`` block removes, so nothing stays in
the repository or in /tmp.

``EXPLAIN QUERY PLAN`` text (``SCAN``, ``SEARCH ... USING INDEX``) depends only on the
SQLite version, printed by :func:`sqlite_version`; timings depend on the machine.
"""

from __future__ import annotations

import math
import os
import sqlite3
import tempfile
import time

from ..core import checks

HASH = 2654435761   # Knuth's multiplicative hash constant, about 2**32 / golden ratio
CUSTOMERS = 100_000
DAYS = 365

# i = 1..rows as a square of a shorter recursive count 0..side-1 (side = ceil(sqrt(rows))):
# the same rows as counting to `rows` directly, made in a fraction of the time. Two more
# details cut the build's work by about two fifths (tests/indexes/test_sqlite_lab.py checks
# every row against the hash of its id):
# - CROSS JOIN keeps `a` in the outer loop (SQLite never reorders a CROSS JOIN) and each copy
#   of d is read in the order it was counted, so i comes out ascending: LIMIT stops it at
#   `rows` (instead of testing every pair) and OFFSET 0 keeps c a subquery whose i is
#   computed once per row (not pasted into each of the three hashes below);
# - the id is left NULL, so SQLite appends each row under the next rowid, 1, 2, 3, ...:
#   the same i, and cheaper than checking each given id against the table.
ORDERS_SQL = f"""
INSERT INTO orders
WITH RECURSIVE d(j) AS (SELECT 0 UNION ALL SELECT j + 1 FROM d WHERE j < :side - 1),
c(i) AS (SELECT a.j * :side + b.j + 1 FROM d AS a CROSS JOIN d AS b LIMIT :rows OFFSET 0)
SELECT NULL, (i * {HASH} % 4294967296) % :customers, (i * 97 % 1000003) % {DAYS},
       (i * 7919 % 100003) % 10000
FROM c
"""
# customers 0..customers-1, counted the same way (a square of a count to cside)
CUSTOMERS_SQL = """
INSERT INTO customers
WITH RECURSIVE d(j) AS (SELECT 0 UNION ALL SELECT j + 1 FROM d WHERE j < :cside - 1),
c(i) AS (SELECT a.j * :cside + b.j FROM d AS a CROSS JOIN d AS b LIMIT :customers OFFSET 0)
SELECT i, 'user' || i || '@example.com' FROM c
"""


def sqlite_version() -> str:
    """The SQLite library Python runs (plans are worded by it)."""
    return sqlite3.sqlite_version


class OrdersDB:
    """A temporary SQLite file with ``rows`` orders; use it in a ``with`` block."""

    def __init__(self, rows: int = 1_000_000, customers: int = CUSTOMERS):
        self.rows = checks.integer(rows, "rows", 1, 10_000_000)
        self.customers = checks.integer(customers, "customers", 1, 10_000_000)
        self._dir: tempfile.TemporaryDirectory | None = None
        self.db: sqlite3.Connection | None = None
        self.build_seconds = float("nan")   # measured: varies from machine to machine

    def __enter__(self) -> OrdersDB:
        return self.open()

    def open(self) -> OrdersDB:
        """Make the temporary file and fill it (``with OrdersDB() as db`` calls this)."""
        self._dir = tempfile.TemporaryDirectory(prefix="sysdesign-indexes-")
        try:
            self.path = os.path.join(self._dir.name, "orders.db")
            self.db = sqlite3.connect(self.path, isolation_level=None)
            self.db.execute("PRAGMA journal_mode = OFF")   # a throwaway file: no rollback
            self.db.execute("PRAGMA synchronous = OFF")
            start = time.perf_counter()
            self.db.execute("CREATE TABLE orders (id INTEGER PRIMARY KEY, customer INTEGER, "
                            "day INTEGER, amount INTEGER)")
            self.db.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, email TEXT)")
            params = {"rows": self.rows, "customers": self.customers,
                      "side": math.isqrt(self.rows - 1) + 1,
                      "cside": math.isqrt(self.customers - 1) + 1}
            self.db.execute(ORDERS_SQL, params)
            self.db.execute(CUSTOMERS_SQL, params)
            self.build_seconds = time.perf_counter() - start
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection and delete the temporary directory."""
        if self.db is not None:
            self.db.close()
            self.db = None
        if self._dir is not None:
            self._dir.cleanup()
            self._dir = None

    def _live(self) -> sqlite3.Connection:
        if self.db is None:
            raise RuntimeError("OrdersDB is closed: use it inside a `with` block")
        return self.db

    def query(self, sql: str, params=()) -> list[tuple]:
        """Run ``sql`` and return its rows."""
        return self._live().execute(sql, params).fetchall()

    def plan(self, sql: str, params=()) -> str:
        """SQLite's ``EXPLAIN QUERY PLAN`` for ``sql``, one step per line."""
        steps = self._live().execute("EXPLAIN QUERY PLAN " + sql, params).fetchall()
        return "\n".join(step[-1] for step in steps)

    def uses_index(self, sql: str, params=()) -> bool:
        """Does the plan search a B-tree by key, rather than scan the table?"""
        return any(line.startswith("SEARCH") for line in self.plan(sql, params).splitlines())

    def timed(self, sql: str, params=(), repeat: int = 3) -> float:
        """Best wall time of ``repeat`` runs of ``sql``, in seconds (a real measurement)."""
        repeat = checks.integer(repeat, "repeat", 1, 100)
        best = float("inf")
        for _ in range(repeat):
            start = time.perf_counter()
            self._live().execute(sql, params).fetchall()
            best = min(best, time.perf_counter() - start)
        return best

    def create_index(self, name: str, table: str, columns: str) -> float:
        """``CREATE INDEX name ON table(columns)``; returns the seconds it took."""
        for value, label in ((name, "name"), (table, "table")):
            if not isinstance(value, str):
                raise TypeError(f"{label} must be a str (a plain SQL identifier), "
                                f"got {type(value).__name__} {value!r}")
            if not value.isidentifier():
                raise ValueError(f"{label} must be a plain SQL identifier, got {value!r}")
        start = time.perf_counter()
        self._live().execute(f"CREATE INDEX {name} ON {table}({columns})")
        return time.perf_counter() - start

    def pages(self, name: str) -> int:
        """Pages the table or index ``name`` occupies (SQLite's ``dbstat`` table)."""
        (count,), = self.query("SELECT count(*) FROM dbstat WHERE name = ?", (name,))
        if not count:
            raise ValueError(f"name must be a table or index in the database, got {name!r}")
        return count


# rows first..stop-1 of insert_cost's table, made inside SQLite: the time is SQLite's B-tree
# work, not Python binding each row's values (the same for every index count, so it would
# only blur the difference the indexes make)
BATCH_SQL = f"""
INSERT INTO t
WITH RECURSIVE c(i) AS (SELECT :first UNION ALL SELECT i + 1 FROM c WHERE i < :stop - 1)
SELECT i, i * {HASH} % 4294967296 % 1000, i * 97 % 1009, i * 7919 % 10007, i % 13 FROM c
"""


def insert_cost(indexes: int, rows: int = 20_000, batch: int = 1_000) -> dict:
    """Insert ``rows`` rows into a table carrying ``indexes`` secondary indexes.

    Rows ``i = 0..rows-1`` (columns ``a`` to ``d`` hashes of ``i``) go in ``batch`` per
    transaction, each batch one ``INSERT ... SELECT``. Returns the B-trees written per row
    (those that end up holding one entry for every row, counted from SQLite's ``dbstat``:
    the table and each index), the file's pages at the end, and the seconds it took (a real
    measurement). An in-memory database: the cost shown is the B-tree work, not the disk's.
    """
    indexes = checks.integer(indexes, "indexes", 0, 4)
    rows = checks.integer(rows, "rows", 1, 1_000_000)
    batch = checks.integer(batch, "batch", 1, rows)
    db = sqlite3.connect(":memory:", isolation_level=None)
    try:
        db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER, b INTEGER, "
                   "c INTEGER, d INTEGER)")
        for column in "abcd"[:indexes]:
            db.execute(f"CREATE INDEX t_{column} ON t({column})")
        start = time.perf_counter()
        for first in range(0, rows, batch):
            db.execute("BEGIN")
            db.execute(BATCH_SQL, {"first": first, "stop": min(rows, first + batch)})
            db.execute("COMMIT")
        seconds = time.perf_counter() - start
        (pages,), = db.execute("PRAGMA page_count").fetchall()
        # entries per B-tree, from SQLite's own page census: a table keeps its rows in its
        # leaves (interior cells only steer); an index stores each entry once, on any level
        entries = db.execute("SELECT sum(CASE WHEN pagetype = 'leaf' OR name != 't' "
                             "THEN ncell ELSE 0 END) FROM dbstat "
                             "WHERE name != 'sqlite_schema' GROUP BY name").fetchall()
    finally:
        db.close()
    btrees = sum(1 for (count,) in entries if count == rows)   # B-trees holding every row
    return {"indexes": indexes, "btrees_per_row": btrees, "pages": pages, "seconds": seconds}
