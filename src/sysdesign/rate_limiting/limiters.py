"""Five rate limiters with an injected clock: one ``allow()`` per request.

Every limiter reads the time from ``clock`` (a zero-argument callable returning seconds,
``time.monotonic`` by default). A refused request changes nothing. Floating point:

- windows are ``[k * window, (k + 1) * window)``; a clock reading within ``TOLERANCE``
  (10^-9) *of a window* of a boundary is on it, so ``3 * 0.1`` and ``0.3`` both open
  window 3 of 0.1 s, and a log entry from ``0.1`` s leaves a 0.2 s window at ``0.3`` s;
- the token and leaky buckets count a busy period from its start ``s`` and its ``n``
  requests, and compare ``(t - s) * rate`` with whole numbers, so a refill that is exactly
  whole in decimal (``0.3 * 10``) is not lost to rounding; ``TOLERANCE`` (10^-9 of a token)
  absorbs the last bit of rounding error.

The allowance is absolute in windows or tokens, never relative to the clock reading, so it
is the same at ``t = 0`` and at ``t = 1e9`` (where ``time.monotonic()`` may well be): it can
only merge times less than a nanosecond apart per second of window. It is symmetric (just
before and just after an edge count alike) and it cannot change a decision for a time
more than 10^-9 of a window (or a token) away from an edge.

>>> now = [0.0]
>>> bucket = TokenBucket(rate=1.0, capacity=2, clock=lambda: now[0])
>>> [bucket.allow() for _ in range(3)]
[True, True, False]
>>> now[0] = 1.0
>>> bucket.allow(), bucket.allow()
(True, False)
"""

from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Callable

from ..core import checks

TOLERANCE = 1e-9  # of a window or a token (absolute, never scaled by the clock reading)


def _clock(clock) -> Callable[[], float]:
    if not callable(clock):
        raise TypeError(f"clock must be a zero-argument callable returning seconds, "
                        f"got {type(clock).__name__} {clock!r}")
    return clock


def _positive(value, name: str, hint: str) -> float:
    return checks.number(value, name, 0, lo_open=True, hint=hint)


def _count(value, name: str, hint: str) -> int:
    """A whole number >= 1; a float with no fraction (``5.0``) is taken as that integer."""
    if type(value) is float and value.is_integer():
        value = int(value)
    return checks.integer(value, name, 1, hint=hint)


def _limit(value) -> int:
    return _count(value, "limit", "requests per window")


def window_index(t: float, window: float) -> int:
    """The ``k`` with ``k * window <= t < (k + 1) * window``.

    A time within ``TOLERANCE`` of a window from a boundary, on either side, is on it,
    whether written as the product ``3 * 0.1`` (0.30000000000000004) or as the decimal
    ``0.3`` (just below 3 x 0.1). The allowance does not grow with ``t``:

    >>> window_index(0.3, 0.1), window_index(3 * 0.1, 0.1), window_index(0.29, 0.1)
    (3, 3, 2)
    >>> window_index(1e9 + 0.999, 1.0), window_index(1e9 + 1.0, 1.0)
    (1000000000, 1000000001)
    """
    if not window > 0:  # also NaN; a cheap test, since the limiters call this per request
        raise ValueError(f"window must be a number > 0 (seconds), got {window!r}")
    q = t / window
    k = round(q)
    return k if abs(q - k) <= TOLERANCE else math.floor(q)


class _Busy:
    """A busy period: it began at ``start`` and holds ``n`` requests spaced ``1 / rate``.

    Request ``i`` (1-based) of the period finishes at ``start + i / rate``; the period
    is over once ``(t - start) * rate >= n``. Shared by the token and the leaky bucket.
    """

    __slots__ = ("rate", "start", "n")

    def __init__(self, rate: float):
        self.rate, self.start, self.n = rate, 0.0, 0

    def done(self, t: float) -> float:
        """Requests' worth of time since the period began, plus the rounding allowance."""
        return (t - self.start) * self.rate + TOLERANCE

    def backlog(self, t: float) -> int:
        """How many of the period's requests finish after ``t``."""
        done = self.done(t)
        return 0 if done >= self.n else self.n - max(0, math.floor(done))

    def drained(self, t: float) -> float:
        """How much of the period's work is still to do at ``t``, in requests (>= 0)."""
        return max(0.0, self.n - (t - self.start) * self.rate)

    def add(self, t: float) -> None:
        if self.done(t) >= self.n:  # idle: a new period
            self.start, self.n = t, 0
        self.n += 1


class TokenBucket:
    """Starts with ``capacity`` tokens, refills ``rate`` per second up to ``capacity``;
    a request takes one token, and is refused when less than one is left.

    A refill within ``TOLERANCE`` (10^-9 of a token, either side) of one token counts as one.
    """

    def __init__(self, rate, capacity, *, clock=time.monotonic):
        self.rate = _positive(rate, "rate", "tokens per second")
        self.capacity = _positive(capacity, "capacity", "tokens the bucket holds")
        self.clock = _clock(clock)
        self._busy = _Busy(self.rate)

    def tokens(self, t: float | None = None) -> float:
        """Tokens in the bucket at ``t`` (default: now)."""
        t = self.clock() if t is None else t
        return self.capacity - self._busy.drained(t)

    def allow(self) -> bool:
        t = self.clock()
        # tokens = capacity - n + (t - start) * rate >= 1, written to keep whole numbers whole
        busy = self._busy
        if self.capacity < 1 - TOLERANCE or busy.done(t) < busy.n + 1 - self.capacity:
            return False
        busy.add(t)
        return True

    def state(self) -> dict:
        """What the limiter keeps per client."""
        return {"start": self._busy.start, "n": self._busy.n}


class LeakyBucket:
    """A queue of at most ``capacity`` waiting requests, served one every ``1 / rate`` s.

    A queued request occupies the outlet for ``1 / rate`` seconds and departs at the end
    of its slot: departure = max(arrival, previous departure) + 1 / rate, so departures
    are at least ``1 / rate`` apart. A request is *waiting* at ``t`` while its departure is
    later than ``t``; ``allow()`` queues the request iff fewer than ``capacity`` are
    waiting. Departures are computed lazily from the clock. As a meter (queue or refuse,
    ignore the delay) it decides exactly like ``TokenBucket(rate, capacity)``: this is the
    GCRA of ITU-T I.371 with increment ``1 / rate`` and limit ``(capacity - 1) / rate``
    (the last departure is its theoretical arrival time). A departure within
    ``TOLERANCE`` (10^-9 of a service slot, either side) of ``t`` counts as done.
    """

    def __init__(self, rate, capacity, *, clock=time.monotonic):
        self.rate = _positive(rate, "rate", "requests served per second")
        self.capacity = _count(capacity, "capacity", "queue slots")
        self.clock = _clock(clock)
        self._busy = _Busy(self.rate)
        # scheduled departures of the last ``capacity`` queued requests (every request still
        # waiting is among them): what a shaper needs to send them on; bounded, so a
        # long-lived limiter does not grow
        self.departures: deque[float] = deque(maxlen=self.capacity)

    def waiting(self, t: float | None = None) -> int:
        """Requests still in the queue at ``t`` (default: now)."""
        return self._busy.backlog(self.clock() if t is None else t)

    def allow(self) -> bool:
        t = self.clock()
        busy = self._busy
        if busy.backlog(t) >= self.capacity:
            return False
        busy.add(t)
        self.departures.append(busy.start + busy.n / self.rate)
        return True

    def state(self) -> dict:
        """What the limiter needs per client to decide (``departures``, at most
        ``capacity`` numbers, is for sending the queued requests on)."""
        return {"start": self._busy.start, "n": self._busy.n}


class FixedWindow:
    """At most ``limit`` accepted requests per window ``[k * window, (k + 1) * window)``.

    A time within ``TOLERANCE`` (10^-9 of a window, either side) of an edge is on the edge.
    """

    def __init__(self, limit, window, *, clock=time.monotonic):
        self.limit = _limit(limit)
        self.window = _positive(window, "window", "seconds")
        self.clock = _clock(clock)
        self.index, self.count = None, 0

    def allow(self) -> bool:
        k = window_index(self.clock(), self.window)
        if k != self.index:
            if self.index is not None and k < self.index:  # the clock went back: keep counting
                k = self.index
            else:
                self.index, self.count = k, 0
        if self.count >= self.limit:
            return False
        self.count += 1
        return True

    def state(self) -> dict:
        return {"window": self.index, "count": self.count}


class SlidingWindowLog:
    """At most ``limit`` accepted requests with timestamps in ``(t - window, t]``.

    An entry whose age is within ``TOLERANCE`` (10^-9 of a window, either side) of
    ``window`` has left: ages are ``t - entry``, never compared relative to ``t``.
    """

    def __init__(self, limit, window, *, clock=time.monotonic):
        self.limit = _limit(limit)
        self.window = _positive(window, "window", "seconds")
        self.clock = _clock(clock)
        self.log: deque[float] = deque()

    def allow(self) -> bool:
        t = self.clock()
        log = self.log
        leaves = self.window * (1 - TOLERANCE)
        while log and t - log[0] >= leaves:
            log.popleft()  # out of (t - window, t]
        if len(log) >= self.limit:
            return False
        log.append(t)
        return True

    def state(self) -> dict:
        return {"log": list(self.log)}


class SlidingWindowCounter:
    """Estimate = previous window's count x (1 - elapsed / window) + this window's count;
    a request is allowed iff the estimate is below ``limit``.

    Windows as in ``FixedWindow``; an estimate within ``TOLERANCE`` (10^-9 of a request,
    either side) of ``limit`` counts as reaching it.
    """

    def __init__(self, limit, window, *, clock=time.monotonic):
        self.limit = _limit(limit)
        self.window = _positive(window, "window", "seconds")
        self.clock = _clock(clock)
        self.index, self.count, self.previous = None, 0, 0

    def _roll(self, k: int) -> None:
        if self.index is None or k > self.index:
            self.previous = self.count if self.index == k - 1 else 0
            self.index, self.count = k, 0

    def estimate(self, t: float | None = None) -> float:
        """The weighted count at ``t`` (default: now)."""
        t = self.clock() if t is None else t
        k = window_index(t, self.window)
        self._roll(k)
        elapsed = t - self.index * self.window
        return self.previous * (self.window - elapsed) / self.window + self.count

    def allow(self) -> bool:
        t = self.clock()
        k = window_index(t, self.window)
        self._roll(k)
        elapsed = t - self.index * self.window
        # previous * (1 - elapsed/window) + count < limit, multiplied through by window
        weighted = self.previous * (self.window - elapsed) + self.count * self.window
        if weighted >= (self.limit - TOLERANCE) * self.window:
            return False
        self.count += 1
        return True

    def state(self) -> dict:
        return {"window": self.index, "previous": self.previous, "count": self.count}


KINDS = {"token bucket": TokenBucket, "leaky bucket": LeakyBucket,
         "fixed window": FixedWindow, "sliding log": SlidingWindowLog,
         "sliding counter": SlidingWindowCounter}
