"""CQRS: a read model (projection) kept in its own SQLite database, fed from the store.

The write side appends events; the read side is a table shaped for the queries
(``balances``: one row per account) plus a *checkpoint*, the position of the last event
it has applied. :meth:`Projection.catch_up` reads the store after the checkpoint and
applies what it finds, updating rows and checkpoint in one transaction, so a crash
never applies an event twice or skips one. Until it runs, the read model lags.

>>> from .account import deposit, open_account
>>> store = EventStore(clock=lambda: 0.0)
>>> _ = open_account(store, "acct-1", "ada"); _ = deposit(store, "acct-1", 300)
>>> view = Projection(store)
>>> view.balance("acct-1"), view.catch_up(), view.balance("acct-1")
(None, 2, 300)
"""

from __future__ import annotations

import sqlite3

from ..core import checks
from .store import EventStore, RecordedEvent
from .upcasting import upcast

READ_SCHEMA = """
CREATE TABLE balances (
    account TEXT PRIMARY KEY,
    owner   TEXT,
    balance INTEGER NOT NULL,   -- cents
    version INTEGER NOT NULL    -- the account stream's version this row reflects
);
CREATE TABLE checkpoint (position INTEGER NOT NULL);
INSERT INTO checkpoint VALUES (0);
"""


class Projection:
    """The ``balances`` read model of an :class:`EventStore`, with its checkpoint."""

    def __init__(self, store: EventStore, path: str = ":memory:"):
        if not isinstance(store, EventStore):
            raise TypeError(f"store must be an EventStore, got {type(store).__name__}")
        self.store = store
        self.db = sqlite3.connect(path, isolation_level=None)
        self.db.executescript(READ_SCHEMA)
        self.applied = 0  # events applied so far

    @property
    def position(self) -> int:
        """The position of the last event applied (the checkpoint)."""
        return self.db.execute("SELECT position FROM checkpoint").fetchone()[0]

    def catch_up(self, limit: int | None = None) -> int:
        """Apply up to ``limit`` events after the checkpoint (all if None); how many."""
        events = self.store.read_all(after_position=self.position, limit=limit)
        for event in events:
            self.apply(event)
        return len(events)

    def apply(self, event: RecordedEvent) -> None:
        """Apply one event and move the checkpoint to it, atomically.

        An event type this read model does not use changes no balance (a projection skips
        what it does not need); the row's version and the checkpoint still move past it."""
        if event.position <= self.position:
            raise ValueError(f"event.position {event.position} is not after the "
                             f"checkpoint {self.position}: already applied")
        event = upcast(event)
        self.db.execute("BEGIN")
        try:
            if event.type == "Opened":
                self.db.execute("INSERT INTO balances VALUES (?, ?, 0, ?)",
                                (event.stream_id, event.data["owner"], event.version))
            elif event.type in ("Deposited", "Withdrawn"):
                sign = 1 if event.type == "Deposited" else -1
                self.db.execute("UPDATE balances SET balance = balance + ?, version = ? "
                                "WHERE account = ?",
                                (sign * event.data["cents"], event.version, event.stream_id))
            else:  # the row reflects this version too (read-your-writes waits on it)
                self.db.execute("UPDATE balances SET version = ? WHERE account = ?",
                                (event.version, event.stream_id))
            self.db.execute("UPDATE checkpoint SET position = ?", (event.position,))
        except BaseException:
            self.db.execute("ROLLBACK")  # neither the row nor the checkpoint moves
            raise
        self.db.execute("COMMIT")
        self.applied += 1

    def balance(self, account: str) -> int | None:
        """The account's balance in cents as the read model sees it (None: not seen yet)."""
        row = self.db.execute("SELECT balance FROM balances WHERE account = ?",
                              (account,)).fetchone()
        return row[0] if row else None

    def version_of(self, account: str) -> int:
        """The account's stream version the read model reflects (0: not seen yet)."""
        row = self.db.execute("SELECT version FROM balances WHERE account = ?",
                              (account,)).fetchone()
        return row[0] if row else 0

    def rows(self) -> list[tuple]:
        """Every row of the read model, by account."""
        return self.db.execute("SELECT * FROM balances ORDER BY account").fetchall()

    def close(self) -> None:
        """Close the read model's connection (the store stays open)."""
        self.db.close()


def rebuild(store: EventStore, *, batch: int = 500) -> Projection:
    """A fresh read model built from the first event to the last: projections are disposable."""
    batch = checks.integer(batch, "batch", 1)
    view = Projection(store)
    while view.catch_up(batch):
        pass
    return view
