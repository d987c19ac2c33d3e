"""The transactional outbox on real SQLite, against a dual write.

A *dual write* commits the order, then publishes its event to a broker: a crash in between
loses the event. The *outbox* inserts the event into an ``outbox`` table in the same
transaction as the order; a relay publishes unsent rows and then marks them sent. A crash
between publishing and marking sends the event again (at least once), so the consumer
drops events whose id it has seen.

>>> outbox_run("dual write", crash="after commit")["events lost"]
1
>>> outbox_run("outbox", crash="after publish")["events lost"]
0
"""

from __future__ import annotations

import contextlib

from ..core import checks
from .sqlite_locks import connect, temp_database

PATTERNS = ("dual write", "outbox")
CRASHES = ("none", "after commit", "after publish")


def outbox_run(pattern: str, crash: str = "none", orders: int = 3) -> dict:
    """Place ``orders`` orders; the first crashes the writer (or relay) at ``crash``."""
    checks.choice(pattern, "pattern", PATTERNS)
    checks.choice(crash, "crash", CRASHES)
    orders = checks.integer(orders, "orders", 1, 100)
    broker: list[int] = []
    with temp_database() as path:
        writer = connect(path)
        try:
            writer.execute("CREATE TABLE orders (id INTEGER PRIMARY KEY)")
            writer.execute("CREATE TABLE outbox (id INTEGER PRIMARY KEY, sent INTEGER DEFAULT 0)")
            for order in range(1, orders + 1):
                crashing = order == 1 and crash == "after commit"
                writer.execute("BEGIN")
                writer.execute("INSERT INTO orders (id) VALUES (?)", (order,))
                if pattern == "outbox":
                    writer.execute("INSERT INTO outbox (id) VALUES (?)", (order,))
                writer.execute("COMMIT")
                if crashing:  # the writer dies here and restarts: only committed rows remain
                    writer.close()
                    writer = connect(path)
                elif pattern == "dual write":
                    broker.append(order)
            stored = writer.execute("SELECT COUNT(*) FROM orders").fetchone()[0]
        finally:
            writer.close()
        if pattern == "outbox":
            # the relay, its own process; if it crashes once, it restarts and runs again
            for attempt in (1, 2) if crash == "after publish" else (1,):
                with contextlib.closing(connect(path)) as relay:
                    for (event,) in relay.execute("SELECT id FROM outbox WHERE sent = 0 "
                                                  "ORDER BY id").fetchall():
                        broker.append(event)
                        if attempt == 1 and event == 1 and crash == "after publish":
                            break  # published, but the relay died before marking it sent
                        relay.execute("UPDATE outbox SET sent = 1 WHERE id = ?", (event,))
    seen = set(broker)  # the consumer de-duplicates by event id
    return {"pattern": pattern, "crash": crash, "orders stored": stored,
            "events published": len(broker), "duplicates": len(broker) - len(seen),
            "events lost": stored - len(seen), "consumer saw each once": len(seen) == stored}
