"""The lost update on real SQLite, and two fixes: a version column, and ``BEGIN IMMEDIATE``.

Every demo works on a temporary file database that :func:`temp_database` deletes
afterwards (with its ``-journal``, ``-wal`` and ``-shm`` files). Connections are opened
with ``isolation_level=None`` (Python's sqlite3 then sends no hidden ``BEGIN``: we write
every transaction ourselves), an explicit ``busy_timeout`` and ``synchronous = OFF`` (no
disk flushes: nothing here depends on surviving a power cut).

>>> interleaved("naive")["final"], interleaved("optimistic")["final"]
(130, 180)
"""

from __future__ import annotations

import contextlib
import os
import random
import sqlite3
import tempfile
import threading
import time
from collections.abc import Iterator

from ..core import checks

METHODS = ("naive", "optimistic", "pessimistic")
START_BALANCE = 100
DEPOSITS = {"A": 50, "B": 30}


@contextlib.contextmanager
def temp_database(journal_mode: str = "DELETE") -> Iterator[str]:
    """A fresh file database with one ``accounts`` table; removed, with its side files, after."""
    checks.choice(journal_mode, "journal_mode", ("DELETE", "WAL"))
    folder = tempfile.mkdtemp(prefix="sysdesign-tx-")
    path = os.path.join(folder, "bank.db")
    try:
        with contextlib.closing(connect(path)) as db:
            db.execute(f"PRAGMA journal_mode={journal_mode}")
            db.execute("CREATE TABLE accounts (id INTEGER PRIMARY KEY, balance INTEGER NOT NULL,"
                       " version INTEGER NOT NULL DEFAULT 0)")
        yield path
    finally:
        for name in os.listdir(folder):
            os.remove(os.path.join(folder, name))
        os.rmdir(folder)


def connect(path: str, busy_timeout_ms: int = 0, synchronous: str = "OFF") -> sqlite3.Connection:
    """A connection in autocommit mode (we write BEGIN ourselves) with a busy timeout.

    ``synchronous`` defaults to OFF: the demos study locks, not surviving a power cut, and
    skipping the disk flushes changes nothing about locking or isolation."""
    checks.integer(busy_timeout_ms, "busy_timeout_ms", 0)
    checks.choice(synchronous, "synchronous", ("OFF", "NORMAL", "FULL"))
    db = sqlite3.connect(path, isolation_level=None, timeout=busy_timeout_ms / 1000,
                         check_same_thread=False)
    db.execute(f"PRAGMA busy_timeout = {busy_timeout_ms}")
    db.execute(f"PRAGMA synchronous = {synchronous}")
    return db


def add_accounts(path: str, count: int, balance: int = START_BALANCE) -> None:
    """Insert accounts 1..count, each with ``balance``."""
    with contextlib.closing(connect(path)) as db:
        db.executemany("INSERT INTO accounts (id, balance) VALUES (?, ?)",
                       [(i, balance) for i in range(1, count + 1)])


def _step(steps: list, who: str, sql: str, outcome) -> None:
    steps.append({"client": who, "SQL": sql, "result": outcome})


def interleaved(method: str = "naive") -> dict:
    """Two clients deposit 50 and 30 into one account of 100, step by step, on two real
    connections: read, read, write, write. Returns the steps and the final balance."""
    checks.choice(method, "method", METHODS)
    with temp_database() as path:
        add_accounts(path, 1)
        a, b = connect(path), connect(path)
        steps: list = []
        try:
            if method == "naive":
                _naive(a, b, steps)
            elif method == "optimistic":
                _optimistic(a, b, steps)
            else:
                _pessimistic(a, b, steps)
            final = a.execute("SELECT balance FROM accounts WHERE id = 1").fetchone()[0]
        finally:
            a.close()
            b.close()
    return {"steps": steps, "final": final, "expected": START_BALANCE + sum(DEPOSITS.values())}


def _naive(a, b, steps):
    read = "SELECT balance FROM accounts WHERE id = 1"
    seen = {}
    for who, db in (("A", a), ("B", b)):
        seen[who] = db.execute(read).fetchone()[0]
        _step(steps, who, read, seen[who])
    for who, db in (("A", a), ("B", b)):
        new = seen[who] + DEPOSITS[who]
        sql = f"UPDATE accounts SET balance = {new} WHERE id = 1"
        _step(steps, who, sql, f"{db.execute(sql).rowcount} row")


def _optimistic(a, b, steps):
    read = "SELECT balance, version FROM accounts WHERE id = 1"
    seen = {}
    for who, db in (("A", a), ("B", b)):
        seen[who] = db.execute(read).fetchone()
        _step(steps, who, read, seen[who])
    pending = ["A", "B"]
    while pending:
        who = pending.pop(0)
        db = a if who == "A" else b
        balance, version = seen[who]
        sql = (f"UPDATE accounts SET balance = {balance + DEPOSITS[who]}, version = "
               f"{version + 1} WHERE id = 1 AND version = {version}")
        changed = db.execute(sql).rowcount
        _step(steps, who, sql, f"{changed} row" + ("" if changed else ": stale, retry"))
        if not changed:
            seen[who] = db.execute(read).fetchone()
            _step(steps, who, read, seen[who])
            pending.append(who)


def _pessimistic(a, b, steps):
    read = "SELECT balance FROM accounts WHERE id = 1"
    a.execute("BEGIN IMMEDIATE")
    _step(steps, "A", "BEGIN IMMEDIATE", "write lock taken")
    try:
        b.execute("BEGIN IMMEDIATE")
        _step(steps, "B", "BEGIN IMMEDIATE", "lock taken")  # pragma: no cover
    except sqlite3.OperationalError as error:
        _step(steps, "B", "BEGIN IMMEDIATE", f"{error} (busy_timeout 0: B must wait)")
    for who, db in (("A", a), ("B", b)):
        balance = db.execute(read).fetchone()[0]
        _step(steps, who, read, balance)
        sql = f"UPDATE accounts SET balance = {balance + DEPOSITS[who]} WHERE id = 1"
        _step(steps, who, sql, f"{db.execute(sql).rowcount} row")
        db.execute("COMMIT")
        _step(steps, who, "COMMIT", "lock released")
        if who == "A":
            b.execute("BEGIN IMMEDIATE")
            _step(steps, "B", "BEGIN IMMEDIATE", "write lock taken")


def _worker(path, method, hot_rows, ops, seed, counts, lock):
    rng = random.Random(seed)
    db = connect(path, busy_timeout_ms=5_000)
    retries = 0
    try:
        for _ in range(ops):
            row = rng.randint(1, hot_rows)
            if method == "pessimistic":
                db.execute("BEGIN IMMEDIATE")
                (balance,) = db.execute("SELECT balance FROM accounts WHERE id = ?",
                                        (row,)).fetchone()
                time.sleep(0)  # the application thinks: other threads may run now
                db.execute("UPDATE accounts SET balance = ? WHERE id = ?", (balance + 1, row))
                db.execute("COMMIT")
                continue
            while True:
                balance, version = db.execute(
                    "SELECT balance, version FROM accounts WHERE id = ?", (row,)).fetchone()
                time.sleep(0)
                if method == "naive":
                    db.execute("UPDATE accounts SET balance = ? WHERE id = ?", (balance + 1, row))
                    break
                if db.execute("UPDATE accounts SET balance = ?, version = ? WHERE id = ? "
                              "AND version = ?", (balance + 1, version + 1, row,
                                                  version)).rowcount:
                    break
                retries += 1
    finally:
        db.close()
    with lock:
        counts["retries"] += retries


def contention_run(method: str, hot_rows: int, threads: int = 4, ops: int = 25,
                   seed: int = 0, journal_mode: str = "WAL") -> dict:
    """``threads`` threads each add 1 to a random one of ``hot_rows`` rows, ``ops`` times.

    Returns retries, whether the total is right, lost updates, and the wall time."""
    checks.choice(method, "method", METHODS)
    hot_rows = checks.integer(hot_rows, "hot_rows", 1)
    threads = checks.integer(threads, "threads", 1, 32)
    ops = checks.integer(ops, "ops", 1, 10_000)
    counts, lock = {"retries": 0}, threading.Lock()
    with temp_database(journal_mode) as path:
        add_accounts(path, hot_rows, balance=0)
        pool = [threading.Thread(target=_worker, args=(path, method, hot_rows, ops,
                                                       seed * 1000 + i, counts, lock))
                for i in range(threads)]
        began = time.perf_counter()
        for thread in pool:
            thread.start()
        for thread in pool:
            thread.join()
        elapsed = time.perf_counter() - began
        with contextlib.closing(connect(path)) as db:
            total = db.execute("SELECT SUM(balance) FROM accounts").fetchone()[0]
    return {"method": method, "hot rows": hot_rows, "updates": threads * ops,
            "lost updates": threads * ops - total, "correct": total == threads * ops,
            "retries": counts["retries"], "seconds": elapsed,
            "updates/s": threads * ops / elapsed}


def lockstep(method: str, clients: int = 4, hot_rows: int = 1) -> dict:
    """``clients`` real connections each add 1 to row ``i % hot_rows + 1``, in lock step:
    every round, each unfinished client reads (its *work*), then each tries to write.

    Optimistic: a stale version check fails and the client works again next round.
    Pessimistic: only the client holding ``BEGIN IMMEDIATE`` works; the others wait a round
    (SQLite's one write lock serializes them even on different rows). Deterministic.

    >>> [lockstep(m, 4, 1)["work done"] for m in ("optimistic", "pessimistic")]
    [10, 4]
    """
    checks.choice(method, "method", ("optimistic", "pessimistic"))
    clients = checks.integer(clients, "clients", 1, 16)
    hot_rows = checks.integer(hot_rows, "hot_rows", 1)
    with temp_database() as path:
        add_accounts(path, hot_rows, balance=0)
        dbs = [connect(path) for _ in range(clients)]
        work = rounds = 0
        pending = list(range(clients))
        try:
            while pending:
                rounds += 1
                if method == "pessimistic":
                    holders = []
                    for i in pending:
                        try:
                            dbs[i].execute("BEGIN IMMEDIATE")
                            holders.append(i)
                        except sqlite3.OperationalError:
                            pass  # the write lock is taken: wait for the next round
                    seen = {i: dbs[i].execute("SELECT balance, version FROM accounts "
                                              "WHERE id = ?", (i % hot_rows + 1,)).fetchone()
                            for i in holders}
                else:
                    holders = list(pending)
                    seen = {i: dbs[i].execute("SELECT balance, version FROM accounts "
                                              "WHERE id = ?", (i % hot_rows + 1,)).fetchone()
                            for i in holders}
                work += len(holders)
                for i in holders:
                    balance, version = seen[i]
                    if dbs[i].execute("UPDATE accounts SET balance = ?, version = ? "
                                      "WHERE id = ? AND version = ?",
                                      (balance + 1, version + 1, i % hot_rows + 1,
                                       version)).rowcount:
                        pending.remove(i)
                    if method == "pessimistic":
                        dbs[i].execute("COMMIT")
            total = dbs[0].execute("SELECT SUM(balance) FROM accounts").fetchone()[0]
        finally:
            for db in dbs:
                db.close()
    return {"method": method, "hot rows": hot_rows, "updates": clients, "work done": work,
            "rounds": rounds, "correct": total == clients}
