"""The scenarios the rate-limiting notebook, its panels and its tests share."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..core import checks
from ..core.workloads import bursty_arrivals
from .limiters import (
    KINDS,
    TOLERANCE,
    LeakyBucket,
    SlidingWindowCounter,
    SlidingWindowLog,
    TokenBucket,
    window_index,
)

LIMIT, WINDOW = 5, 1.0  # the notebook's policy: 5 requests per second


def bursty_trace(rate: float = 6.0, duration: float = 6.0, *, burst_factor: float = 5.0,
                 seed: int = 3) -> np.ndarray:
    """A seeded bursty arrival trace (seconds), rounded to the millisecond."""
    times = bursty_arrivals(rate, duration, burst_factor=burst_factor, burst_share=0.2,
                            period=1.0, seed=seed)
    return np.round(times, 3)


def make(kind: str, limit: int = LIMIT, window: float = WINDOW, *, burst: float | None = None,
         clock=None):
    """A limiter of ``kind`` for ``limit`` requests per ``window``; the buckets get rate
    ``limit / window`` and capacity ``burst`` (default ``limit``). ``clock`` defaults to
    the limiters' own default, ``time.monotonic``.

    >>> make("leaky bucket", burst=3).capacity
    3
    """
    checks.choice(kind, "kind", KINDS)
    burst = limit if burst is None else burst
    kwargs = {} if clock is None else {"clock": clock}
    if kind in ("token bucket", "leaky bucket"):
        window = checks.number(window, "window", 0, lo_open=True, hint="seconds")
        # the leaky bucket checks its own capacity: a whole number of queue slots
        return KINDS[kind](limit / window, burst, **kwargs)
    return KINDS[kind](limit, window, **kwargs)


def decide(kind: str, arrivals, limit: int = LIMIT, window: float = WINDOW, *,
           burst: float | None = None) -> np.ndarray:
    """Allowed (True) or refused for each arrival, by a fresh limiter of ``kind``."""
    now = [0.0]
    limiter = make(kind, limit, window, burst=burst, clock=lambda: now[0])
    out = np.zeros(len(arrivals), dtype=bool)
    for i, t in enumerate(arrivals):
        now[0] = float(t)
        out[i] = limiter.allow()
    return out


def all_kinds(arrivals, limit: int = LIMIT, window: float = WINDOW, *,
              burst: float | None = None) -> dict[str, np.ndarray]:
    """The decisions of every kind on the same arrivals."""
    return {kind: decide(kind, arrivals, limit, window, burst=burst) for kind in KINDS}


def max_in_any_window(times, window: float) -> int:
    """The most of ``times`` that fall in any interval ``(t - window, t]``."""
    window = checks.number(window, "window", 0, lo_open=True, hint="seconds")
    times = np.sort(np.asarray(times, dtype=float))
    if len(times) == 0:
        return 0
    starts = np.searchsorted(times, times - window, side="right")
    return int((np.arange(len(times)) - starts + 1).max())


def summary(arrivals, decisions: dict[str, np.ndarray], window: float = WINDOW) -> list[dict]:
    """Per kind: requests allowed, refused, and the most allowed in any window-long span."""
    return [{"limiter": kind, "allowed": int(ok.sum()), "refused": int((~ok).sum()),
             "most in any 1-window span": max_in_any_window(np.asarray(arrivals)[ok], window)}
            for kind, ok in decisions.items()]


def boundary_burst(limit: int = LIMIT, window: float = WINDOW, gap: float = 0.01
                   ) -> np.ndarray:
    """``limit`` requests just before the edge at ``window`` and ``limit`` just after."""
    before = window - gap * np.arange(limit, 0, -1) / limit
    after = window + gap * np.arange(limit) / limit
    return np.round(np.concatenate([before + window, after + window]), 6)  # edge at 2*window


def memory(limit: int = LIMIT) -> list[dict]:
    """What each limiter stores per client, after a full window of ``limit`` requests."""
    now = [0.0]
    rows = []
    for kind in KINDS:
        limiter = make(kind, limit, clock=lambda: now[0])
        for i in range(limit):
            now[0] = 0.5 + i * 0.4 / limit
            limiter.allow()
        state = limiter.state()
        numbers = sum(len(v) if isinstance(v, list) else 1 for v in state.values())
        rows.append({"limiter": kind, "state kept": ", ".join(state), "numbers stored": numbers,
                     "grows with": "limit" if kind == "sliding log" else "nothing (O(1))"})
    return rows


@dataclass
class Shaping:
    """A token bucket and a leaky bucket on the same arrivals."""

    arrivals: np.ndarray
    token: np.ndarray  # allowed by the token bucket
    leaky: np.ndarray  # queued by the leaky bucket
    departures: np.ndarray  # when each queued request leaves the leaky bucket


def meter_and_shaper(arrivals, rate: float = 5.0, capacity: int = 5) -> Shaping:
    """Token bucket (rate, capacity) decisions next to a leaky bucket's, and its departures."""
    now = [0.0]
    token = TokenBucket(rate, capacity, clock=lambda: now[0])
    leaky = LeakyBucket(rate, capacity, clock=lambda: now[0])
    t_ok, l_ok, departures = [], [], []
    for t in arrivals:
        now[0] = float(t)
        t_ok.append(token.allow())
        l_ok.append(leaky.allow())
        if l_ok[-1]:
            departures.append(leaky.departures[-1])  # the limiter keeps only the last few
    return Shaping(np.asarray(arrivals, dtype=float), np.array(t_ok), np.array(l_ok),
                   np.array(departures))


def gaps(times) -> dict[str, float]:
    """The smallest and the median gap between consecutive times (seconds)."""
    times = np.sort(np.asarray(times, dtype=float))
    if times.ndim != 1 or len(times) < 2:
        raise ValueError(f"gaps needs at least two times, got {len(times)}")
    d = np.diff(times)
    return {"smallest gap (s)": round(float(d.min()), 4),
            "median gap (s)": round(float(np.median(d)), 4)}


# --- panels -------------------------------------------------------------------------------

@dataclass
class StepView:
    """A limiter stepped through the trace, up to request ``step``."""

    kind: str
    arrivals: np.ndarray
    allowed: np.ndarray
    level: list[float]  # tokens left / queue length / count in window, after each request
    level_name: str
    limit: int
    step: int
    curve_t: np.ndarray  # the same state over time, between and across requests
    curve_v: np.ndarray


STEP_TRACE = bursty_trace()[:24]  # the notebook's trace up to its second burst
STEP_GRID = 0.005  # seconds between samples of the state curve (about a pixel wide)


def level_at(limiter, t: float) -> float:
    """The state ``limiter`` decides on, read at ``t`` without changing it: tokens left,
    requests queued, the count in ``t``'s window, log entries in ``(t - window, t]``, or
    the sliding counter's weighted estimate."""
    if isinstance(limiter, TokenBucket):
        return limiter.tokens(t)
    if isinstance(limiter, LeakyBucket):
        return limiter.waiting(t)
    if isinstance(limiter, SlidingWindowLog):
        leaves = limiter.window * (1 - TOLERANCE)
        return sum(1 for entry in limiter.log if t - entry < leaves)
    k = window_index(t, limiter.window)
    if isinstance(limiter, SlidingWindowCounter):
        if limiter.index is None or k > limiter.index + 1:
            previous, count = 0, 0
        elif k == limiter.index + 1:
            previous, count = limiter.count, 0
        else:
            previous, count = limiter.previous, limiter.count
        elapsed = t - k * limiter.window
        return previous * (limiter.window - elapsed) / limiter.window + count
    return limiter.count if k == limiter.index else 0  # fixed window


def step(step: int = 12, kind: str = "token bucket") -> StepView:
    """Run ``kind`` over the first ``step + 1`` requests of the step trace; the curve
    samples the state every ``STEP_GRID`` s and just before and after each request."""
    step = checks.integer(step, "step", 0, len(STEP_TRACE) - 1, hint="index of a request")
    arrivals = STEP_TRACE[: step + 1]
    now = [0.0]
    limiter = make(kind, clock=lambda: now[0])
    grid = np.arange(0.0, float(arrivals[-1]) + 0.2, STEP_GRID)
    allowed, level, curve_t, curve_v = [], [], [], []
    g = 0
    for t in arrivals:
        t = float(t)
        while g < len(grid) and grid[g] < t:  # the state between requests
            curve_t.append(grid[g])
            curve_v.append(level_at(limiter, grid[g]))
            g += 1
        curve_t.append(t)
        curve_v.append(level_at(limiter, t))  # just before the request
        now[0] = t
        allowed.append(limiter.allow())
        level.append(level_at(limiter, t))  # just after it
        curve_t.append(t)
        curve_v.append(level[-1])
    for x in grid[g:]:
        curve_t.append(x)
        curve_v.append(level_at(limiter, x))
    names = {"token bucket": "tokens left", "leaky bucket": "requests queued",
             "fixed window": "count this window", "sliding log": "entries in the log",
             "sliding counter": "weighted estimate"}
    return StepView(kind, arrivals, np.array(allowed), level, names[kind], LIMIT, step,
                    np.array(curve_t), np.array(curve_v, dtype=float))


@dataclass
class Compare:
    arrivals: np.ndarray
    decisions: dict[str, np.ndarray]
    kind: str
    limit: int
    burst: int


def compare(kind: str = "fixed window", limit: int = 5, burst: int = 5,
            burst_factor: float = 5.0) -> Compare:
    """One limiter against the others on a bursty trace (panel model)."""
    checks.choice(kind, "kind", KINDS)
    arrivals = bursty_trace(duration=6.0, burst_factor=burst_factor)
    return Compare(arrivals, all_kinds(arrivals, limit, WINDOW, burst=burst), kind, limit, burst)
