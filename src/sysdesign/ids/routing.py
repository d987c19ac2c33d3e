"""Routing by ID, Instagram's way, on real SQLite databases.

Instagram (2011) split its data into a few thousand *logical* shards, spread over far
fewer physical databases, and made every ID inside the database that stores it, in SQL:
``((now_ms - epoch) << 23) | (shard_id << 10) | (nextval(seq) % 1024)``. The shard is in
the ID, so whoever holds an ID knows which database to ask, with no directory to look up
(:meth:`ShardedStore.get`). A random ID (UUIDv4) carries no shard: finding its row means
asking every database, or keeping a directory from ID to shard (:meth:`ShardedStore.find`).

>>> store = ShardedStore(physical=4, logical=2000)
>>> photo = store.insert(user_id=31341, caption="sunset")
>>> INSTAGRAM.decode(photo)["shard"]            # 31341 % 2000, Instagram's own example
1341
>>> store.get(photo)[1:], store.queries
((31341, 'sunset'), 1)
"""

from __future__ import annotations

import sqlite3

from ..core import checks
from .generator import IdGenerator, ManualClock
from .layout import INSTAGRAM, INSTAGRAM_EPOCH_MS

# Instagram's next_id(), the PL/pgSQL body, as one SQL expression (SQLite's integers, like
# PostgreSQL's bigint, are signed 64-bit and their << does not check for overflow).
INSTAGRAM_SQL = "SELECT ((:now_ms - :epoch) << 23) | (:shard << 10) | (:sequence % 1024)"


def instagram_sql_id(now_ms: int, shard: int, sequence: int, *,
                     epoch_ms: int = INSTAGRAM_EPOCH_MS) -> int:
    """The ID Instagram's SQL makes at ``now_ms``, computed by SQLite's own arithmetic.

    >>> instagram_sql_id(INSTAGRAM_EPOCH_MS + 1, 1341, 5001) == (1 << 23) | (1341 << 10) | 905
    True
    """
    signed = {"lo": -(1 << 63), "hi": (1 << 63) - 1}  # what a SQLite INTEGER can hold
    values = {"now_ms": checks.integer(now_ms, "now_ms", **signed, hint="Unix ms"),
              "epoch": checks.integer(epoch_ms, "epoch_ms", **signed, hint="Unix ms"),
              "shard": checks.integer(shard, "shard", 0, 8191),
              "sequence": checks.integer(sequence, "sequence", 0, signed["hi"])}
    with sqlite3.connect(":memory:") as db:
        return db.execute(INSTAGRAM_SQL, values).fetchone()[0]


class ShardedStore:
    """``logical`` shards on ``physical`` SQLite databases; photo IDs carry the logical
    shard (the user's, ``user_id % logical``), so a read by ID asks exactly one database.

    Logical shards map to databases in contiguous ranges, as a map kept in code would.
    ``queries`` counts the SELECTs sent, so routed and scattered reads can be compared.
    """

    def __init__(self, physical: int = 4, logical: int = 2000, *,
                 start_ms: int = 1_700_000_000_000):
        self.physical = checks.integer(physical, "physical", 1, 64, hint="databases")
        self.logical = checks.integer(logical, "logical", self.physical, 1 << 13,
                                      hint="logical shards: at least one per database")
        self.clock = ManualClock(start_ms)
        self.databases = [sqlite3.connect(":memory:") for _ in range(self.physical)]
        for db in self.databases:
            db.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY, user_id INTEGER, "
                       "caption TEXT)")
        self._generators: dict[int, IdGenerator] = {}  # one sequence per logical shard
        self.queries = 0

    def shard_of(self, user_id: int) -> int:
        """The logical shard that holds a user's photos."""
        return checks.integer(user_id, "user_id", 0) % self.logical

    def database_of(self, shard: int) -> int:
        """The physical database that holds a logical shard."""
        return checks.integer(shard, "shard", 0, self.logical - 1) * self.physical // self.logical

    def insert(self, user_id: int, caption: str) -> int:
        """Store a photo in its user's shard, with an ID made for that shard; return it."""
        shard = self.shard_of(user_id)
        if shard not in self._generators:
            self._generators[shard] = IdGenerator(INSTAGRAM, self.clock, shard=shard)
        photo_id = self._generators[shard].next_id()
        self.databases[self.database_of(shard)].execute(
            "INSERT INTO photos VALUES (?, ?, ?)", (photo_id, user_id, caption))
        self.clock.advance(1)
        return photo_id

    def get(self, photo_id: int):
        """Read a photo by ID: the shard in the ID names the one database to ask."""
        shard = INSTAGRAM.decode(photo_id)["shard"]
        return self._select(self.databases[self.database_of(shard)], photo_id)

    def find(self, photo_id: int):
        """Read a photo without using the shard in its ID, as a random ID forces: ask
        every database until one has it."""
        for db in self.databases:
            row = self._select(db, photo_id)
            if row is not None:
                return row
        return None

    def _select(self, db, photo_id: int):
        self.queries += 1
        return db.execute("SELECT id, user_id, caption FROM photos WHERE id = ?",
                          (photo_id,)).fetchone()
