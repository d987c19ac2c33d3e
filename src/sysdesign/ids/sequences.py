"""Unique numbers from databases, on real SQLite: per-shard counters, offset and step, and
Flickr's ticket servers.

Every shard counting 1, 2, 3 on its own repeats numbers across shards (the notes'
``mail_id``, "duplicated on every shard"). Two classic fixes keep database counters unique:

- **offset and step** (MySQL's ``auto_increment_offset`` and ``auto_increment_increment``):
  shard k of N hands out k, k + N, k + 2N, ... MySQL takes the smallest value of that
  series above the largest one in the column; SQLite has no such setting, so
  :class:`CountingShard` asks SQLite for exactly that value in its INSERT.
- **ticket servers** (Flickr, 2010): a table of one row per sequence. ``REPLACE INTO``
  deletes the row and inserts it again, so the row gets a new key, which is the ticket.
  Flickr ran two such servers, one handing out odd and one even numbers.

>>> shards = [CountingShard(offset=k, step=3) for k in (1, 2, 3)]
>>> [shard.insert("alice") for shard in shards for _ in range(2)]
[1, 4, 2, 5, 3, 6]
"""

from __future__ import annotations

import sqlite3

from ..core import checks

# The smallest value of offset, offset + step, offset + 2*step, ... above the table's
# largest id (MySQL's rule for auto_increment_offset/auto_increment_increment).
NEXT_IN_SERIES = ("SELECT CASE WHEN MAX(id) IS NULL THEN :offset "
                  "ELSE :offset + ((MAX(id) - :offset) / :step + 1) * :step END FROM {table}")


class _Counter:
    """One in-memory SQLite database that hands out offset, offset + step, ..."""

    def __init__(self, offset: int, step: int, schema: str):
        self.step = checks.integer(step, "step", 1, hint="how many databases share a series")
        self.offset = checks.integer(offset, "offset", 1, self.step,
                                     hint="this database's first number, 1..step")
        self.db = sqlite3.connect(":memory:")
        self.db.execute(schema)
        self.handed_out = 0

    def _params(self, **more) -> dict:
        return {"offset": self.offset, "step": self.step, **more}


class CountingShard(_Counter):
    """A shard whose ``mail`` table numbers its rows: 1, 2, 3 (step 1), or k, k+N, ..."""

    def __init__(self, offset: int = 1, step: int = 1):
        super().__init__(offset, step, "CREATE TABLE mail (id INTEGER PRIMARY KEY, "
                                       "receiver TEXT NOT NULL)")

    def insert(self, receiver: str) -> int:
        """Store one mail and return the id SQLite gave it."""
        cursor = self.db.execute(
            f"INSERT INTO mail (id, receiver) VALUES (({NEXT_IN_SERIES.format(table='mail')}),"
            " :receiver)", self._params(receiver=receiver))
        self.handed_out += 1
        return cursor.lastrowid

    def rows(self) -> int:
        """How many mails this shard holds."""
        return self.db.execute("SELECT COUNT(*) FROM mail").fetchone()[0]


class TicketServer(_Counter):
    """Flickr's ticket server: ``REPLACE INTO tickets64 (stub) VALUES ('a')`` and read the
    new row's id. The table never holds more than one row per stub."""

    def __init__(self, offset: int = 1, step: int = 1):
        super().__init__(offset, step, "CREATE TABLE tickets64 (id INTEGER PRIMARY KEY, "
                                       "stub TEXT NOT NULL UNIQUE)")

    def ticket(self, stub: str = "a") -> int:
        """The next ticket: REPLACE deletes the old row for ``stub`` and inserts a new one."""
        cursor = self.db.execute(
            f"REPLACE INTO tickets64 (id, stub) VALUES "
            f"(({NEXT_IN_SERIES.format(table='tickets64')}), :stub)", self._params(stub=stub))
        self.handed_out += 1
        return cursor.lastrowid

    def rows(self) -> int:
        """Rows in the tickets table (one per stub, however many tickets were issued)."""
        return self.db.execute("SELECT COUNT(*) FROM tickets64").fetchone()[0]
