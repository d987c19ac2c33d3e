"""A circuit breaker: closed, open, half-open, on an injected clock.

>>> now = [0.0]
>>> breaker = CircuitBreaker(2, 10.0, clock=lambda: now[0])
>>> def broken():
...     raise ConnectionError("down")
>>> for _ in range(2):
...     try:
...         breaker.call(broken)
...     except ConnectionError:
...         pass
>>> breaker.state
'open'
>>> now[0] = 10.0
>>> breaker.state, breaker.call(lambda: "ok"), breaker.state
('half_open', 'ok', 'closed')
"""

from __future__ import annotations

import time
from collections.abc import Callable

from ..core import checks

STATES = ("closed", "open", "half_open")


class CircuitOpenError(RuntimeError):
    """Raised instead of calling the dependency while the breaker is open."""


class CircuitBreaker:
    """Stop calling a dependency after ``failure_threshold`` failures in a row.

    Open, it fails fast for ``reset_timeout`` seconds (``state`` reads "half_open" from
    exactly ``opened_at + reset_timeout``; a timeout of 0 is allowed and half-opens at
    once). Then the next call is a trial: success closes it (count 0), failure opens it
    again from the moment the failure is seen.

    Not thread-safe and no limit on trials: calls that start while it reads half-open
    *all* go through (as in Fowler's sketch; pybreaker runs every call under one lock,
    Resilience4j admits a set number of trial calls), and whichever finishes last decides
    the state.
    """

    def __init__(self, failure_threshold: int, reset_timeout: float, *,
                 clock: Callable[[], float] = time.monotonic):
        self.failure_threshold = checks.integer(failure_threshold, "failure_threshold", 1,
                                                hint="failures in a row that open the breaker")
        self.reset_timeout = checks.number(reset_timeout, "reset_timeout", 0,
                                           hint="seconds the breaker stays open")
        if not callable(clock):
            raise TypeError(f"clock must be a function returning seconds, got {clock!r}")
        self.clock = clock
        self.failures = 0  # consecutive failures while closed
        self.opened_at: float | None = None  # None while closed
        self.calls = self.successes = self.errors = self.rejected = self.trips = 0

    @property
    def state(self) -> str:
        """'closed', 'open' or 'half_open' (open long enough: the next call is a trial)."""
        if self.opened_at is None:
            return "closed"
        if self.clock() - self.opened_at >= self.reset_timeout:
            return "half_open"
        return "open"

    def call(self, fn: Callable, *args, **kwargs):
        """Call ``fn(*args, **kwargs)`` through the breaker; fn's exceptions propagate.

        A ``fn`` that is not callable is the caller's mistake, not the dependency's: it
        raises ``TypeError`` at once and is not counted as a failure.
        """
        if not callable(fn):
            raise TypeError(f"fn must be a function to call through the breaker, got {fn!r}")
        state = self.state
        if state == "open":
            self.rejected += 1
            raise CircuitOpenError(
                f"circuit open: {self.reset_timeout - (self.clock() - self.opened_at):.3g} s "
                "until a trial call")
        self.calls += 1
        try:
            result = fn(*args, **kwargs)
        except Exception:
            self.errors += 1
            self._failed(state)
            raise
        self.successes += 1
        self.failures = 0
        self.opened_at = None
        return result

    def _failed(self, state: str) -> None:
        if state == "half_open":
            self._open()
            return
        self.failures += 1
        if self.failures >= self.failure_threshold:
            self._open()

    def _open(self) -> None:
        self.opened_at = self.clock()
        self.failures = 0
        self.trips += 1

    def __repr__(self) -> str:
        return (f"CircuitBreaker(failure_threshold={self.failure_threshold}, "
                f"reset_timeout={self.reset_timeout:g}, state={self.state!r})")
