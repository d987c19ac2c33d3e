"""An event store in real SQLite: one append-only table, optimistic concurrency per stream.

Every event belongs to a *stream* (one aggregate, e.g. one bank account) and has a
*version* there (1, 2, 3, ...) and a *position* in the whole store (the global order).
:meth:`EventStore.append` takes the version the writer last saw (``expected_version``)
and refuses with :class:`ConcurrencyError` when the stream has moved on since. The table
enforces the rest: ``UNIQUE(stream_id, version)`` and triggers that abort any ``UPDATE``
or ``DELETE``.

>>> store = EventStore(clock=lambda: 0.0)
>>> store.append("acct-1", 0, [Event("Opened", {"owner": "ada"})])
1
>>> try:
...     store.append("acct-1", 0, [Event("Opened", {"owner": "bob"})])
... except ConcurrencyError as error:
...     print(error)
stream 'acct-1' is at version 1, the writer expected 0
>>> [e.type for e in store.read("acct-1")]
['Opened']
>>> store.close()
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from ..core import checks

SCHEMA = """
CREATE TABLE IF NOT EXISTS events (
    position    INTEGER PRIMARY KEY AUTOINCREMENT,  -- global order, never reused
    stream_id   TEXT    NOT NULL,
    version     INTEGER NOT NULL CHECK (version >= 1),
    type        TEXT    NOT NULL,
    schema      INTEGER NOT NULL DEFAULT 1,          -- the event's schema version
    data        TEXT    NOT NULL,                    -- JSON
    recorded_at REAL    NOT NULL,
    UNIQUE (stream_id, version)
);
CREATE TRIGGER IF NOT EXISTS events_no_update BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'events are append-only: UPDATE refused'); END;
CREATE TRIGGER IF NOT EXISTS events_no_delete BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'events are append-only: DELETE refused'); END;
CREATE TABLE IF NOT EXISTS snapshots (
    stream_id TEXT    NOT NULL,
    version   INTEGER NOT NULL,
    state     TEXT    NOT NULL,                      -- JSON of the folded state
    PRIMARY KEY (stream_id, version)
);
"""


class ConcurrencyError(Exception):
    """The stream is not at the version the writer expected: someone appended first.

    EventStoreDB calls this ``WrongExpectedVersion``. The writer should re-read the
    stream, decide again on the new state, and retry.
    """

    def __init__(self, stream: str, expected: int, actual: int):
        self.stream, self.expected, self.actual = stream, expected, actual
        super().__init__(f"stream {stream!r} is at version {actual}, "
                         f"the writer expected {expected}")


WrongExpectedVersion = ConcurrencyError  # EventStoreDB's name for it


@dataclass(frozen=True)
class Event:
    """An event to append: its type, its data (JSON-able dict) and its schema version."""

    type: str
    data: dict = field(default_factory=dict)
    schema: int = 1


@dataclass(frozen=True)
class RecordedEvent:
    """An event as stored: where it sits (stream, version, position) and when."""

    stream_id: str
    version: int
    position: int
    type: str
    schema: int
    data: dict
    recorded_at: float


def _as_event(item, index: int) -> Event:
    """Accept an Event, a ``(type, data)`` pair or a ``{"type", "data"}`` dict."""
    if isinstance(item, Event):
        event = item
    elif isinstance(item, tuple) and len(item) == 2:
        event = Event(item[0], item[1])
    elif isinstance(item, dict) and "type" in item:
        event = Event(item["type"], item.get("data", {}), item.get("schema", 1))
    else:
        raise TypeError(f"events[{index}] must be an Event, a (type, data) pair or a dict "
                        f"with 'type' and 'data', got {type(item).__name__} {item!r}")
    if not isinstance(event.type, str) or not event.type:
        raise ValueError(f"events[{index}].type must be a non-empty string, got {event.type!r}")
    if not isinstance(event.data, dict):
        raise TypeError(f"events[{index}].data must be a dict, got {type(event.data).__name__}")
    checks.integer(event.schema, f"events[{index}].schema", 1)
    return event


class EventStore:
    """Streams of events in one SQLite database (``":memory:"`` or a file path).

    ``clock()`` gives each append's ``recorded_at`` (pass a simulated clock for
    reproducible runs). Several stores may open the same file: each is its own
    connection, and SQLite serialises their appends.
    """

    def __init__(self, path: str = ":memory:", *, clock: Callable[[], float] = time.time):
        if not isinstance(path, str):
            raise TypeError(f"path must be a file path or ':memory:', got {type(path).__name__}")
        if not callable(clock):
            raise TypeError(f"clock must be a function returning the time, got {clock!r}")
        self.clock = clock
        self.path = path
        # isolation_level=None: no hidden BEGIN, we say BEGIN IMMEDIATE ourselves.
        self.db = sqlite3.connect(path, isolation_level=None, timeout=5.0)
        self.db.executescript(SCHEMA)
        self.appends = 0      # successful append calls
        self.conflicts = 0    # appends refused with ConcurrencyError
        self.events_read = 0  # rows read back by read()/read_all()

    # --- writing ---------------------------------------------------------------------

    def version(self, stream: str) -> int:
        """The stream's current version: the number of events in it (0 if it is new)."""
        row = self.db.execute("SELECT MAX(version) FROM events WHERE stream_id = ?",
                              (self._stream(stream),)).fetchone()
        return row[0] or 0

    def append(self, stream: str, expected_version: int | None, events: Iterable) -> int:
        """Append ``events`` to ``stream`` if it is at ``expected_version``; its new version.

        ``expected_version`` is the version the writer read (0: the stream must not exist
        yet); ``None`` appends whatever the version (no check). Raises
        :class:`ConcurrencyError` when the stream is elsewhere. All or none are stored.
        """
        stream = self._stream(stream)
        if expected_version is not None:
            expected_version = checks.integer(expected_version, "expected_version", 0,
                                              hint="the stream version the writer read, "
                                                   "0 for a new stream, or None for any")
        if isinstance(events, (str, bytes, dict, Event)):
            raise TypeError(f"events must be a list of events, got {type(events).__name__}")
        batch = [_as_event(item, i) for i, item in enumerate(events)]
        if not batch:
            raise ValueError("events must hold at least one event, got none")
        self.db.execute("BEGIN IMMEDIATE")  # take the write lock before reading the version
        try:
            # The time is read under the lock: a writer that waited for it is not stamped
            # earlier than the events committed while it waited.
            now = float(self.clock())
            current = self.version(stream)
            if expected_version is not None and current != expected_version:
                raise ConcurrencyError(stream, expected_version, current)
            self.db.executemany(
                "INSERT INTO events (stream_id, version, type, schema, data, recorded_at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                [(stream, current + i, e.type, e.schema, json.dumps(e.data, sort_keys=True),
                  now) for i, e in enumerate(batch, start=1)])
        except ConcurrencyError:
            self.db.execute("ROLLBACK")
            self.conflicts += 1
            raise
        except sqlite3.IntegrityError:  # UNIQUE(stream_id, version): the last guard
            self.db.execute("ROLLBACK")
            self.conflicts += 1
            raise ConcurrencyError(stream, expected_version, self.version(stream)) from None
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")
        self.appends += 1
        return current + len(batch)

    # --- reading ---------------------------------------------------------------------

    def read(self, stream: str, *, after_version: int = 0, to_version: int | None = None,
             until: float | None = None) -> list[RecordedEvent]:
        """The stream's events with ``after_version < version <= to_version`` and
        ``recorded_at <= until``, oldest first."""
        stream = self._stream(stream)
        after_version = checks.integer(after_version, "after_version", 0)
        sql = ("SELECT stream_id, version, position, type, schema, data, recorded_at "
               "FROM events WHERE stream_id = ? AND version > ?")
        args: list = [stream, after_version]
        if to_version is not None:
            sql += " AND version <= ?"
            args.append(checks.integer(to_version, "to_version", 0))
        if until is not None:
            sql += " AND recorded_at <= ?"
            args.append(checks.number(until, "until"))
        return self._fetch(sql + " ORDER BY version", args)

    def read_all(self, *, after_position: int = 0, limit: int | None = None
                 ) -> list[RecordedEvent]:
        """Every stream's events after ``after_position``, in global order (for projections)."""
        after_position = checks.integer(after_position, "after_position", 0)
        sql = ("SELECT stream_id, version, position, type, schema, data, recorded_at "
               "FROM events WHERE position > ? ORDER BY position")
        args: list = [after_position]
        if limit is not None:
            sql += " LIMIT ?"
            args.append(checks.integer(limit, "limit", 1))
        return self._fetch(sql, args)

    def head(self) -> int:
        """The position of the newest event in the store (0 if empty)."""
        return self.db.execute("SELECT COALESCE(MAX(position), 0) FROM events").fetchone()[0]

    def raw_rows(self) -> list[tuple]:
        """Every stored row exactly as SQLite holds it (to show nothing was rewritten)."""
        return self.db.execute("SELECT * FROM events ORDER BY position").fetchall()

    def _fetch(self, sql: str, args) -> list[RecordedEvent]:
        rows = self.db.execute(sql, args).fetchall()
        self.events_read += len(rows)
        return [RecordedEvent(s, v, p, t, sc, json.loads(d), at)
                for s, v, p, t, sc, d, at in rows]

    # --- snapshots -------------------------------------------------------------------

    def save_snapshot(self, stream: str, version: int, state: dict) -> None:
        """Store ``state``, the fold of the stream's first ``version`` events."""
        stream = self._stream(stream)
        version = checks.integer(version, "version", 1)
        if version > self.version(stream):
            raise ValueError(f"version must be at most the stream's version "
                             f"{self.version(stream)}, got {version}")
        self.db.execute("INSERT OR REPLACE INTO snapshots VALUES (?, ?, ?)",
                        (stream, version, json.dumps(state, sort_keys=True)))

    def latest_snapshot(self, stream: str, *, at_or_before: int | None = None
                        ) -> tuple[int, dict] | None:
        """``(version, state)`` of the newest snapshot at or before a version, or None."""
        stream = self._stream(stream)
        bound = (checks.integer(at_or_before, "at_or_before", 0)
                 if at_or_before is not None else 2 ** 62)
        row = self.db.execute(
            "SELECT version, state FROM snapshots WHERE stream_id = ? AND version <= ? "
            "ORDER BY version DESC LIMIT 1", (stream, bound)).fetchone()
        return (row[0], json.loads(row[1])) if row else None

    # --- housekeeping ----------------------------------------------------------------

    @property
    def connection(self) -> sqlite3.Connection:
        """The store's SQLite connection (to try SQL behind its back, as the tests do)."""
        return self.db

    @staticmethod
    def _stream(stream) -> str:
        if not isinstance(stream, str):
            raise TypeError(f"stream must be a string (a stream id), got {stream!r}")
        if not stream:
            raise ValueError("stream must be a non-empty stream id, got ''")
        return stream

    def close(self) -> None:
        """Close the SQLite connection."""
        self.db.close()

    def __enter__(self) -> EventStore:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"EventStore({self.path!r}, head={self.head()})"
