"""Retry policies, and N clients contending for one resource (the AWS backoff study).

Sleep before retry ``attempt`` (0 for the first retry), after Brooker (AWS Architecture
Blog, "Exponential Backoff And Jitter", 2015), with ``temp = min(cap, base * 2**attempt)``:

- ``none``: no retry; ``immediate``: sleep 0;
- ``exponential``: ``temp``;
- ``full``: ``uniform(0, temp)``; ``equal``: ``temp / 2 + uniform(0, temp / 2)``;
- ``decorrelated``: ``min(cap, uniform(base, previous_sleep * 3))``, starting from ``base``.

>>> import random
>>> [backoff("exponential", n, base=1, cap=10) for n in range(5)]
[1.0, 2.0, 4.0, 8.0, 10.0]
"""

from __future__ import annotations

import random

from ..core import checks
from ..core.events import Simulator

POLICIES = ("none", "immediate", "exponential", "full", "equal", "decorrelated")


def backoff(policy: str, attempt: int, *, base: float = 1.0, cap: float = 100.0,
            previous: float | None = None, rng: random.Random | None = None) -> float:
    """Seconds to sleep before retry number ``attempt`` (0-based) under ``policy``."""
    checks.choice(policy, "policy", POLICIES)
    attempt = checks.integer(attempt, "attempt", 0)
    base = checks.number(base, "base", 0, lo_open=True)
    cap = checks.number(cap, "cap", base, hint="at least base")
    if previous is not None:
        previous = checks.number(previous, "previous", 0, hint="the previous sleep, seconds")
    rng = rng or random.Random(0)
    if policy == "none":
        raise ValueError("policy 'none' never retries, so it has no sleep")
    if policy == "immediate":
        return 0.0
    temp = min(cap, base * 2.0 ** min(attempt, 1000))
    if policy == "exponential":
        return temp
    if policy == "full":
        return rng.uniform(0, temp)
    if policy == "equal":
        return temp / 2 + rng.uniform(0, temp / 2)
    return min(cap, rng.uniform(base, (base if previous is None else previous) * 3))


def contend(clients: int, policy: str, *, work: float = 1.0, base: float = 1.0,
            cap: float = 100.0, max_attempts: int = 30, seed: int = 0) -> dict:
    """``clients`` clients each need one write that no other write overlaps: an attempt
    takes ``work`` s and fails if another attempt overlaps it (all overlapping attempts
    fail; harsher than Brooker's optimistic-concurrency simulator, where one write of each
    contending round wins).

    All start at t = 0. Returns calls made, clients done, when the last one finished,
    and every attempt as ``(client, start, succeeded)``.
    """
    clients = checks.integer(clients, "clients", 1)
    checks.choice(policy, "policy", POLICIES)
    work = checks.number(work, "work", 0, lo_open=True)
    base = checks.number(base, "base", 0, lo_open=True)
    cap = checks.number(cap, "cap", base, hint="at least base")
    max_attempts = checks.integer(max_attempts, "max_attempts", 1)
    sim = Simulator(seed=seed)
    active: list[dict] = []
    attempts: list[tuple[int, float, bool]] = []
    finished: dict[int, float] = {}
    tries = [0] * clients
    sleeps = [base] * clients

    def start(client: int) -> None:
        mine = {"client": client, "start": sim.now, "clash": False}
        for other in active:
            other["clash"] = mine["clash"] = True
        active.append(mine)
        tries[client] += 1
        sim.schedule(work, end, mine)

    def end(mine: dict) -> None:
        active.remove(mine)
        client = mine["client"]
        attempts.append((client, mine["start"], not mine["clash"]))
        if not mine["clash"]:
            finished[client] = sim.now
        elif policy != "none" and tries[client] < max_attempts:
            sleep = backoff(policy, tries[client] - 1, base=base, cap=cap,
                            previous=sleeps[client], rng=sim.rng)
            sleeps[client] = sleep
            sim.schedule(sleep, start, client)

    for client in range(clients):
        sim.at(0.0, start, client)
    sim.run()
    return {"calls": len(attempts), "done": len(finished),
            "completion": max(finished.values(), default=float("nan")),
            "attempts": sorted(attempts, key=lambda a: a[1])}


def amplification(retries: int, layers: int) -> int:
    """Worst-case calls reaching the bottom layer per user request: (r + 1) ** k.

    >>> amplification(3, 3)
    64
    """
    retries = checks.integer(retries, "retries", 0)
    layers = checks.integer(layers, "layers", 1)
    return (retries + 1) ** layers


class RetryBudget:
    """Allow retries up to ``ratio`` of first attempts (Finagle-style token bucket).

    Each first attempt deposits ``ratio`` tokens (capped at ``cap``); a retry spends one.
    """

    def __init__(self, ratio: float = 0.1, *, cap: float = 10.0):
        self.ratio = checks.number(ratio, "ratio", 0)
        self.cap = checks.number(cap, "cap", 1)
        self.tokens = 0.0
        self.allowed = self.denied = 0

    def deposit(self) -> None:
        """A first attempt was sent."""
        self.tokens = min(self.cap, self.tokens + self.ratio)

    def withdraw(self) -> bool:
        """May we retry now? Spends a token if so."""
        if self.tokens >= 1.0:
            self.tokens -= 1.0
            self.allowed += 1
            return True
        self.denied += 1
        return False
