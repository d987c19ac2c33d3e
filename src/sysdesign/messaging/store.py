"""The consumer of :mod:`.delivery` writing its effects to a real SQLite database.

The effect of processing message *m* is a row in ``effects``. A crash is an exception at
that point: whatever the open transaction held is rolled back, as when a process dies.

- ``at-least-once``: commit the effect, then the offset (kept by the "broker", a dict).
- ``idempotent``: the same, but ``effects.message`` is a primary key and the insert is
  ``INSERT OR IGNORE``: a repeated message finds its row and adds nothing.
- ``atomic``: the offset lives in the same database, and one transaction writes the
  effect and moves the offset; on restart the consumer reads its offset from there. Here
  the crash at ``"process+commit"`` comes *before* COMMIT (the model's comes after it):
  the rollback undoes both, the harder case, and the effects still come out the same.

>>> sqlite_run(4, "atomic", {(1, "process+commit")})
[1, 1, 1, 1]
"""

from __future__ import annotations

import sqlite3

from ..core import checks
from .delivery import STEPS, crash_points

MODES = ("at-least-once", "idempotent", "atomic")


class Crash(Exception):
    """The consumer process dies here."""


def sqlite_run(messages: int, semantics: str, crashes=frozenset()) -> list[int]:
    """Consume ``messages`` messages into SQLite; returns the effect rows per message."""
    messages = checks.integer(messages, "messages", 1)
    checks.choice(semantics, "semantics", MODES)
    pending = set(crashes)
    if not pending <= set(crash_points(messages, semantics)):
        raise ValueError(f"crashes must be (message, step) points with steps "
                         f"{STEPS[semantics]}")
    db = sqlite3.connect(":memory:", isolation_level=None)  # explicit BEGIN/COMMIT
    key = "PRIMARY KEY" if semantics == "idempotent" else ""
    db.execute(f"CREATE TABLE effects (message INTEGER {key})")
    db.execute("CREATE TABLE offsets (topic TEXT PRIMARY KEY, next INTEGER)")
    db.execute("INSERT INTO offsets VALUES ('orders', 0)")
    broker = {"orders": 0}

    def crash_after(m, step):
        if (m, step) in pending:
            pending.discard((m, step))
            raise Crash

    def position() -> int:
        if semantics == "atomic":
            return db.execute("SELECT next FROM offsets WHERE topic = 'orders'").fetchone()[0]
        return broker["orders"]

    while (m := position()) < messages:
        try:
            crash_after(m, "receive")
            db.execute("BEGIN")
            verb = "INSERT OR IGNORE" if semantics == "idempotent" else "INSERT"
            db.execute(f"{verb} INTO effects VALUES (?)", (m,))
            if semantics == "atomic":
                db.execute("UPDATE offsets SET next = ? WHERE topic = 'orders'", (m + 1,))
                crash_after(m, "process+commit")  # dies before COMMIT: all rolled back
                db.execute("COMMIT")
                continue
            db.execute("COMMIT")
            crash_after(m, "process")
            broker["orders"] = m + 1
            crash_after(m, "commit")
        except Crash:
            if db.in_transaction:
                db.execute("ROLLBACK")
    counts = dict(db.execute("SELECT message, COUNT(*) FROM effects GROUP BY message"))
    db.close()
    return [counts.get(m, 0) for m in range(messages)]
