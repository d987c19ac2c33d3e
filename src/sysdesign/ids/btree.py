"""Where inserts land in a real SQLite B-tree: random keys against time-ordered keys.

A table whose primary key is a B-tree (SQLite's ``WITHOUT ROWID`` tables, InnoDB's
clustered index) keeps rows in key order. Keys that grow with time (UUIDv7, Snowflake)
all land on the right-most leaf, so a burst of inserts rewrites a handful of pages; random
keys (UUIDv4) land on any leaf, so the same burst rewrites pages all over the tree, and
each of them must reach the disk at commit. :func:`insert_locality` counts exactly that:
the pages whose bytes changed during each committed batch, by comparing SQLite's own
image of the database (``Connection.serialize()``) before and after the batch; it counts
the leaf pages in that image by their page-type byte, and reads their fill at the end
from SQLite's ``dbstat`` table. Counts, not times, so every
run gives the same numbers.

>>> later, random = (insert_locality(k, rows=1_000, batch=100) for k in ("UUIDv7", "UUIDv4"))
>>> [int(x) for x in (later.leaves[-1], later.pages_written[-1], random.pages_written[-1])]
[33, 8, 35]
"""

from __future__ import annotations

import functools
import sqlite3
import time
from typing import NamedTuple

import numpy as np

from ..core import checks
from .generator import IdGenerator, ManualClock
from .layout import SNOWFLAKE, UUID4, UUID7

KEYS = {"UUIDv4": (UUID4, "BLOB"), "UUIDv7": (UUID7, "BLOB"), "Snowflake": (SNOWFLAKE, "INTEGER")}
PAGE_SIZE = 4096  # SQLite's default page size, in bytes
INDEX_LEAF = 0x0A  # the page-type byte of a leaf page of an index B-tree


class InsertRun(NamedTuple):
    """One run: per committed batch, rows so far, pages written and leaf pages; totals."""

    key: str
    rows: np.ndarray            # rows in the table after each batch
    pages_written: np.ndarray   # pages whose bytes changed during each batch
    leaves: np.ndarray          # leaf pages of the table's B-tree after each batch
    leaf_fill: float            # share of the leaf pages' bytes holding rows, at the end
    pages: int                  # pages in the database file, at the end
    seconds: float              # wall time (varies from run to run: never print it as a fact)


def _keys(key: str, rows: int, seed: int) -> list:
    """``rows`` keys in creation order: one ID per millisecond from one generator."""
    layout, column = KEYS[key]
    clock = ManualClock(1_700_000_000_000, step_ms=1)
    node = {"machine": 1} if layout is SNOWFLAKE else {}
    generator = IdGenerator(layout, clock, seed=seed, **node)
    ids = [generator.next_id() for _ in range(rows)]
    return ids if column == "INTEGER" else [i.to_bytes(16, "big") for i in ids]


@functools.lru_cache(maxsize=16)
def insert_locality(key: str = "UUIDv4", rows: int = 6_000, batch: int = 100,
                    payload: int = 100, seed: int = 0) -> InsertRun:
    """Insert ``rows`` rows keyed by ``key`` IDs in creation order, ``batch`` per
    transaction, into a ``WITHOUT ROWID`` table in SQLite, counting pages per commit."""
    checks.choice(key, "key", KEYS)
    rows = checks.integer(rows, "rows", 1, 200_000)
    batch = checks.integer(batch, "batch", 1, rows)
    payload = checks.integer(payload, "payload", 0, 2_000, hint="bytes per row besides the key")
    keys, body = _keys(key, rows, seed), bytes(payload)
    db = sqlite3.connect(":memory:", isolation_level=None)
    db.execute(f"PRAGMA page_size = {PAGE_SIZE}")
    db.execute(f"CREATE TABLE t (id {KEYS[key][1]} PRIMARY KEY, body BLOB) WITHOUT ROWID")
    before = np.zeros((0, PAGE_SIZE), np.uint8)
    done, written, leaves = [], [], []
    start = time.perf_counter()
    for first in range(0, rows, batch):
        db.execute("BEGIN")
        db.executemany("INSERT INTO t VALUES (?, ?)",
                       [(key_, body) for key_ in keys[first:first + batch]])
        db.execute("COMMIT")
        after = np.frombuffer(db.serialize(), np.uint8).reshape(-1, PAGE_SIZE)
        common = min(len(before), len(after))
        changed = (after[:common] != before[:common]).any(axis=1).sum()
        written.append(int(changed) + len(after) - common)  # new pages count as written
        # A page's first byte says what it is (SQLite's file format): 0x0A is a leaf of an
        # index B-tree, which a WITHOUT ROWID table is. Page 1 starts with the file header.
        leaves.append(int((after[1:, 0] == INDEX_LEAF).sum()))
        done.append(min(first + batch, rows))
        before = after
    seconds = time.perf_counter() - start
    used, size, counted = db.execute("SELECT SUM(pgsize - unused), SUM(pgsize), COUNT(*) "
                                     "FROM dbstat WHERE name = 't' AND pagetype = 'leaf'"
                                     ).fetchone()
    if counted != leaves[-1]:  # the two ways of counting leaves must agree
        raise RuntimeError(f"dbstat counts {counted} leaves, the page bytes {leaves[-1]}")
    pages = db.execute("PRAGMA page_count").fetchone()[0]
    db.close()
    return InsertRun(key, np.array(done), np.array(written), np.array(leaves),
                     used / size, pages, seconds)


def random_leaves_touched(leaves, batch: int) -> np.ndarray:
    """Distinct leaves ``batch`` random keys hit when the tree has ``leaves`` equal leaves:
    L(1 - (1 - 1/L)^b), the balls-in-bins expectation (a lower bound on pages written)."""
    batch = checks.integer(batch, "batch", 0, hint="random keys inserted")
    leaves = np.asarray(leaves, dtype=float)
    if not np.all(leaves >= 1):  # also catches NaN
        raise ValueError(f"leaves must be numbers >= 1 (leaf pages in the tree), got {leaves}")
    return leaves * (1 - (1 - 1 / leaves) ** batch)
