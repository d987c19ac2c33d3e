"""Rate limiting across several gateways: local counters, and one shared counter in SQLite.

Each gateway that counts on its own admits up to ``limit`` per window, so ``N`` of them
admit up to ``N * limit``. A shared counter fixes that only if checking and counting is
one atomic step: read-then-write from two gateways interleaves and loses increments.
Time runs on :class:`~sysdesign.core.events.Simulator`; the counter lives in a real
in-memory SQLite database, one statement per simulated round trip.

>>> run = shared_counter(requests=8, gateways=2, limit=4, atomic=False)
>>> run.admitted > 4
True
>>> shared_counter(requests=8, gateways=2, limit=4, atomic=True).admitted
4
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from ..core import checks
from ..core.events import Simulator
from .limiters import FixedWindow

READ = "SELECT n FROM counters WHERE key = ?"
WRITE = "UPDATE counters SET n = ? WHERE key = ?"
# One statement: count and check together; a refused request changes nothing.
ATOMIC = "UPDATE counters SET n = n + 1 WHERE key = ? AND n < ? RETURNING n"


def local_counters(arrivals, gateways: int, limit: int, window: float) -> int:
    """Requests admitted when ``gateways`` gateways (round robin) each keep their own
    fixed-window counter of ``limit``; ``arrivals`` are times in seconds."""
    gateways = checks.integer(gateways, "gateways", 1)
    now = [0.0]
    counters = [FixedWindow(limit, window, clock=lambda: now[0]) for _ in range(gateways)]
    admitted = 0
    for i, t in enumerate(arrivals):
        now[0] = float(t)
        admitted += counters[i % gateways].allow()
    return admitted


@dataclass
class SharedRun:
    """One run against a shared counter: what was admitted, what the store holds, latency."""

    admitted: int
    stored: int  # the counter's final value in SQLite
    latency_ms: list[float]  # per request, from arrival to decision
    log: list[tuple[float, int, str]]  # (time ms, gateway, what happened)


def shared_counter(*, requests: int = 8, gateways: int = 2, limit: int = 4,
                   atomic: bool = False, rtt_ms: float = 1.0, spacing_ms: float = 0.25
                   ) -> SharedRun:
    """``requests`` arrive ``spacing_ms`` apart, round robin over ``gateways``; each asks a
    shared SQLite counter one network round trip (``rtt_ms``) away.

    Read-modify-write takes two round trips (SELECT, then UPDATE with the value read
    plus one); the atomic form takes one (``UPDATE ... SET n = n + 1 ... RETURNING``).
    """
    requests = checks.integer(requests, "requests", 1)
    gateways = checks.integer(gateways, "gateways", 1)
    limit = checks.integer(limit, "limit", 1)
    rtt = checks.number(rtt_ms, "rtt_ms", 0)
    spacing = checks.number(spacing_ms, "spacing_ms", 0)
    db = sqlite3.connect(":memory:", isolation_level=None)  # autocommit: one statement each
    db.execute("CREATE TABLE counters (key TEXT PRIMARY KEY, n INTEGER NOT NULL)")
    db.execute("INSERT INTO counters VALUES ('client', 0)")
    sim = Simulator()
    admitted, latency, log = [0], [0.0] * requests, []

    def decide(i: int, gateway: int, ok: bool, arrival: float) -> None:
        admitted[0] += ok
        latency[i] = sim.now - arrival
        log.append((sim.now, gateway, "admit" if ok else "refuse"))

    def atomic_step(i, gateway, arrival):
        row = db.execute(ATOMIC, ("client", limit)).fetchone()
        log.append((sim.now, gateway, f"store: n+1 if n<{limit} -> {row[0] if row else 'no'}"))
        sim.schedule(rtt / 2, decide, i, gateway, row is not None, arrival)

    def read(i, gateway, arrival):
        (n,) = db.execute(READ, ("client",)).fetchone()
        log.append((sim.now, gateway, f"store: read n = {n}"))
        sim.schedule(rtt / 2, got, i, gateway, n, arrival)

    def got(i, gateway, n, arrival):
        if n >= limit:
            decide(i, gateway, False, arrival)
        else:
            sim.schedule(rtt / 2, write, i, gateway, n + 1, arrival)

    def write(i, gateway, value, arrival):
        db.execute(WRITE, (value, "client"))
        log.append((sim.now, gateway, f"store: write n = {value}"))
        sim.schedule(rtt / 2, decide, i, gateway, True, arrival)

    for i in range(requests):
        arrival = i * spacing
        sim.at(arrival + rtt / 2, atomic_step if atomic else read, i, i % gateways, arrival)
    sim.run()
    (stored,) = db.execute(READ, ("client",)).fetchone()
    db.close()
    return SharedRun(admitted[0], stored, latency, log)
