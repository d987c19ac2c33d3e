"""The "Try it" exercises of notebook 16 (rate limiting): answers computed from the models."""

from __future__ import annotations

import numpy as np

from ..core.exercises import Exercise
from .distributed import local_counters
from .experiments import decide, max_in_any_window


def _boundary_most() -> int:
    """Most requests a fixed window of 100 per 60 s lets through in any 60 s span."""
    limit, window = 100, 60.0
    before = 59.0 + np.arange(limit) / 1000  # 100 requests in [59 s, 59.1 s)
    after = 60.0 + np.arange(limit) / 1000   # 100 more in [60 s, 60.1 s)
    times = np.concatenate([before, after])
    ok = decide("fixed window", times, limit, window)
    return max_in_any_window(times[ok], window)


def _bucket_total() -> int:
    """Token bucket, 2 tokens/s, capacity 10: 25 requests at 0 s, 25 more at 3 s."""
    times = np.array([0.0] * 25 + [3.0] * 25)
    return int(decide("token bucket", times, 2, 1.0, burst=10).sum())


def _gateways() -> int:
    """Four gateways, each counting 100 per minute alone: 1,000 requests in one minute."""
    return local_counters(np.linspace(0.0, 59.0, 1000), gateways=4, limit=100, window=60.0)


EXERCISES = [
    Exercise(
        id="16.1",
        expected=_boundary_most,
        hint="the window resets at each minute edge, whatever came just before it",
        wrong={
            100: "within one window, yes; but a span of 60 s can straddle a window edge: 100 "
                 "in the last second of one window and 100 in the first second of the next.",
            101: "the edge resets the count to zero, so the whole limit is available again.",
        },
        decide=True,
    ),
    Exercise(
        id="16.2",
        expected=_bucket_total,
        hint="the bucket starts full (10 tokens) and gains 2 tokens per second, never more "
             "than 10",
        wrong={
            20: "after 3 s the bucket has refilled 2 x 3 = 6 tokens, not a full 10.",
            10: "the bucket refills while the client waits: 6 more tokens by 3 s.",
            50: "a token bucket refuses requests once it is empty; it does not queue them.",
            12: "count the refill: 2 tokens per second for 3 seconds.",
        },
    ),
    Exercise(
        id="16.3",
        expected=_gateways,
        hint="each gateway counts only the requests it sees; round robin gives each 250",
        wrong={
            100: "that is what one shared counter would admit; each of the 4 gateways admits "
                 "its own 100.",
            1000: "each gateway still stops at 100 per minute.",
            250: "that is what each gateway receives; each admits at most 100 of them.",
        },
    ),
]
