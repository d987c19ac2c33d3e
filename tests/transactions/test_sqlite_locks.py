import contextlib
import os
import sqlite3
import sys
import tempfile
import time

import pytest

from sysdesign.transactions import (
    connect,
    contention_run,
    interleaved,
    lockstep,
    outbox_run,
    temp_database,
)


def _leftovers():
    return {n for n in os.listdir(tempfile.gettempdir()) if n.startswith("sysdesign-tx-")}


def test_lost_update_and_its_fixes_on_real_sqlite():
    before = _leftovers()
    assert interleaved("naive")["final"] == 130
    assert interleaved("optimistic")["final"] == 180
    pessimistic = interleaved("pessimistic")
    assert pessimistic["final"] == pessimistic["expected"] == 180
    assert "database is locked" in pessimistic["steps"][1]["result"]
    contention_run("optimistic", 2, threads=2, ops=5)
    outbox_run("outbox", "after publish")
    assert _leftovers() == before


def test_temp_database_is_removed_even_after_an_error():
    with pytest.raises(RuntimeError), temp_database("WAL") as path:
        connect(path).execute("INSERT INTO accounts (id, balance) VALUES (1, 1)")
        folder = os.path.dirname(path)
        raise RuntimeError
    assert not os.path.exists(folder)


def test_connection_settings():
    with temp_database() as path:
        db = connect(path, busy_timeout_ms=250)
        assert db.isolation_level is None
        assert db.execute("PRAGMA busy_timeout").fetchone()[0] == 250
        # SQLite is serializable: a second writer cannot start while one holds the lock
        db.execute("BEGIN IMMEDIATE")
        other = connect(path)
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")
        db.execute("COMMIT")
        db.close()
        other.close()


@pytest.mark.parametrize("method", ["optimistic", "pessimistic"])
@pytest.mark.parametrize("hot_rows", [1, 8])
def test_both_fixes_lose_nothing_under_threads(method, hot_rows):
    run = contention_run(method, hot_rows, threads=3, ops=10)
    assert run["correct"] and run["lost updates"] == 0
    if method == "pessimistic":
        assert run["retries"] == 0


def test_bad_input():
    with pytest.raises(ValueError, match="method"):
        interleaved("hope")
    with pytest.raises(ValueError, match="hot_rows"):
        contention_run("optimistic", 0)


@pytest.mark.parametrize("clients,hot_rows", [(1, 1), (3, 1), (4, 1), (4, 2), (5, 2), (4, 4),
                                              (3, 8)])
def test_lockstep_matches_the_closed_form(clients, hot_rows):
    """Optimistic: a row shared by g clients costs g + (g-1) + ... + 1 = g(g+1)/2 attempts
    and g rounds. Pessimistic on SQLite: one attempt each, one client per round."""
    groups = [len(range(r, clients, hot_rows)) for r in range(min(clients, hot_rows))]
    optimistic = lockstep("optimistic", clients, hot_rows)
    assert optimistic["work done"] == sum(g * (g + 1) // 2 for g in groups)
    assert optimistic["rounds"] == max(groups)
    pessimistic = lockstep("pessimistic", clients, hot_rows)
    assert pessimistic["work done"] == pessimistic["rounds"] == clients
    assert optimistic["correct"] and pessimistic["correct"]


@pytest.mark.parametrize(("journal_mode", "other_committed", "error"), [
    ("DELETE", False, "SQLITE_BUSY"),
    ("WAL", False, "SQLITE_BUSY"),
    ("WAL", True, "SQLITE_BUSY_SNAPSHOT"),
])
def test_a_deferred_reader_cannot_upgrade_and_does_not_wait(journal_mode, other_committed,
                                                              error):
    """The notebook's claim: a plain BEGIN that read, then writes while another connection is
    writing (or, in WAL mode, has committed), fails at once despite its busy timeout. In
    rollback-journal mode the other writer cannot commit while this one reads: waiting
    would deadlock. BEGIN IMMEDIATE, by contrast, does wait for its busy timeout."""
    with temp_database(journal_mode) as path:
        with contextlib.closing(connect(path)) as db:
            db.execute("INSERT INTO accounts (id, balance) VALUES (1, 100)")
        reader, writer = connect(path, busy_timeout_ms=2_000), connect(path)
        try:
            reader.execute("BEGIN")
            reader.execute("SELECT balance FROM accounts WHERE id = 1").fetchone()
            writer.execute("BEGIN IMMEDIATE")
            writer.execute("UPDATE accounts SET balance = 150 WHERE id = 1")
            if other_committed:
                writer.execute("COMMIT")
            began = time.perf_counter()
            with pytest.raises(sqlite3.OperationalError, match="locked") as caught:
                reader.execute("UPDATE accounts SET balance = 130 WHERE id = 1")
            assert time.perf_counter() - began < 1.0  # far less than the 2 s busy timeout
            if sys.version_info >= (3, 11):  # sqlite_errorname is new in Python 3.11
                assert caught.value.sqlite_errorname == error
            reader.execute("ROLLBACK")
            if not other_committed:
                waiter = connect(path, busy_timeout_ms=150)
                began = time.perf_counter()
                with pytest.raises(sqlite3.OperationalError, match="locked"):
                    waiter.execute("BEGIN IMMEDIATE")
                assert time.perf_counter() - began >= 0.1  # the busy handler waited
                waiter.close()
                writer.execute("COMMIT")
        finally:
            reader.close()
            writer.close()
