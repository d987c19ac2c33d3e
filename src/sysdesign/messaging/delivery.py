"""Delivery semantics: a consumer that crashes between receiving, processing and committing.

A consumer reads messages 0..n-1 of one partition. For each message it does three things,
in an order fixed by the semantics, and may crash *after* any of them; it then restarts
and reads again from the last committed offset:

- ``at-most-once``: receive, **commit**, process. A crash after the commit loses the
  message: the offset says it was done, the work never happened.
- ``at-least-once``: receive, process, **commit**. A crash after processing repeats the
  message: the work happened, the offset does not say so.
- ``idempotent``: as at-least-once, but the effect is written together with the message's
  id, and a message whose id is already there is skipped: repeated, but applied once.
- ``atomic``: receive, then process *and* commit in one transaction (the offset is stored
  with the result, in the same database): there is no point between them to crash at.

A crash schedule is the set of points ``(message, after-step)`` at which the consumer
dies; each point crashes once, so every run ends. :func:`run` returns the counts and the
whole trace, step by step.

>>> r = run(4, "at-least-once", crashes={(1, "process")})
>>> r["applied"], r["lost"], r["duplicates"]
([1, 2, 1, 1], 0, 1)
>>> run(4, "at-most-once", crashes={(1, "commit")})["applied"]
[1, 0, 1, 1]
"""

from __future__ import annotations

import random

from ..core import checks

STEPS = {  # what the consumer does for each message, in order
    "at-most-once": ("receive", "commit", "process"),
    "at-least-once": ("receive", "process", "commit"),
    "idempotent": ("receive", "process", "commit"),
    "atomic": ("receive", "process+commit"),
}
SEMANTICS = tuple(STEPS)


def crash_points(messages: int, semantics: str) -> list[tuple[int, str]]:
    """Every point a consumer can crash at: after each step of each message."""
    messages = checks.integer(messages, "messages", 1)
    checks.choice(semantics, "semantics", SEMANTICS)
    return [(m, step) for m in range(messages) for step in STEPS[semantics]]


def random_schedule(messages: int, semantics: str, crash_rate: float, seed: int) -> set:
    """A seeded crash schedule: each point crashes with probability ``crash_rate``."""
    crash_rate = checks.fraction(crash_rate, "crash_rate")
    rng = random.Random(seed)
    return {point for point in crash_points(messages, semantics) if rng.random() < crash_rate}


def run(messages: int, semantics: str, crashes=frozenset(), *, trace: bool = True) -> dict:
    """Consume ``messages`` messages under ``semantics``, crashing at ``crashes``.

    Returns per message how often the work ran (``processed``) and how often its effect
    was applied (``applied``), ``lost`` (messages applied 0 times), ``duplicates``
    (applications beyond the first), ``crashes`` and the ``trace``: one row per step with
    the committed offset and the store after it (``trace=False`` skips it, for speed).
    """
    messages = checks.integer(messages, "messages", 1)
    checks.choice(semantics, "semantics", SEMANTICS)
    points = set(crash_points(messages, semantics))
    pending = set(crashes)
    if not pending <= points:
        raise ValueError(f"crashes must be (message, step) points with steps "
                         f"{STEPS[semantics]} and messages 0..{messages - 1}; "
                         f"got {sorted(pending - points)}")
    committed = 0          # the offset the consumer restarts from
    applied = [0] * messages  # the effect in the external store, per message
    processed = [0] * messages
    seen: set[int] = set()  # ids stored with the effects (idempotent consumer)
    steps: list[dict] = []
    crashed = 0
    keep = trace

    def note(m, step, event):
        if keep:
            steps.append({"step": len(steps), "message": m, "action": step, "event": event,
                          "committed": committed, "applied": sum(applied)})

    position = committed
    while position < messages:
        m = position
        restart = False
        for step in STEPS[semantics]:
            event = ""
            if step == "commit":
                committed = m + 1
            elif step in ("process", "process+commit"):
                processed[m] += 1
                if semantics == "idempotent" and m in seen:
                    event = "duplicate skipped"
                else:
                    applied[m] += 1
                    seen.add(m)
                if step == "process+commit":
                    committed = m + 1
            note(m, step, event)
            if (m, step) in pending:
                pending.discard((m, step))
                crashed += 1
                note(m, "crash", f"restart from offset {committed}")
                restart = True
                break
        position = committed if restart else m + 1
    return {"semantics": semantics, "applied": applied, "processed": processed,
            "lost": sum(a == 0 for a in applied),
            "duplicates": sum(max(a - 1, 0) for a in applied),
            "reprocessed": sum(max(p - 1, 0) for p in processed),
            "crashes": crashed, "trace": steps}


def tally(messages: int = 20, schedules: int = 200, crash_rate: float = 0.05,
          seed: int = 0) -> dict[str, dict[str, int]]:
    """Totals over ``schedules`` seeded crash schedules, for each semantics."""
    schedules = checks.integer(schedules, "schedules", 1)
    totals = {}
    for semantics in SEMANTICS:
        t = {"crashes": 0, "lost": 0, "duplicates": 0, "reprocessed": 0, "runs with a loss": 0,
             "runs with a duplicate": 0}
        for k in range(schedules):
            r = run(messages, semantics,
                    random_schedule(messages, semantics, crash_rate, seed * 100_003 + k),
                    trace=False)
            for name in ("crashes", "lost", "duplicates", "reprocessed"):
                t[name] += r[name]
            t["runs with a loss"] += r["lost"] > 0
            t["runs with a duplicate"] += r["duplicates"] > 0
        totals[semantics] = t
    return totals
