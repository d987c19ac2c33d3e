"""The "Try it" exercises of notebook 16 (rate limiting): answers computed from the models."""

from __future__ import annotations

import numpy as np

from ..core.exercises import Exercise
from .distributed import local_counters
from .experiments import decide, max_in_any_window


def _boundary_most() -> int:
    """Most requests a fixed window of 100 per 60 s lets through in any 120 s span."""
    limit, window = 100, 60.0
    ms = np.arange(limit) / 1000
    # 100 at the end of window 0, 100 at the start of window 1, 100 at the start of window 2
    times = np.concatenate([59.0 + ms, 60.0 + ms, 120.0 + ms])
    ok = decide("fixed window", times, limit, window)
    return max_in_any_window(times[ok], 2 * window)


def _bucket_total() -> int:
    """Token bucket, 2 tokens/s, capacity 10: 25 requests at 0 s, 25 more at 3 s."""
    times = np.array([0.0] * 25 + [3.0] * 25)
    return int(decide("token bucket", times, 2, 1.0, burst=10).sum())


def _gateways() -> int:
    """Four gateways, each counting 100 per minute alone: 300 requests in one minute."""
    return local_counters(np.linspace(0.0, 59.0, 300), gateways=4, limit=100, window=60.0)


EXERCISES = [
    Exercise(
        id="16.1",
        expected=_boundary_most,
        hint="count the window edges a 120 s span can straddle, and what each window it "
             "touches can let through",
        wrong={
            200: "that is the most in a 60 s span; a 120 s span can straddle two window edges.",
            201: "a steady stream gives that; pack each window's 100 requests next to the "
                 "edges the span straddles.",
            400: "a 120 s span cannot hold two whole boundary bursts: the window in the middle "
                 "gives its 100 only once.",
            100: "the limit holds inside each window, but a span of 120 s overlaps more than "
                 "one window.",
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
        hint="each gateway counts only the requests it sees: how many does round robin send "
             "to each, and is that over its own limit?",
        wrong={
            100: "that is what one shared counter would admit; each gateway sees only 75 "
                 "requests, below its own limit of 100.",
            400: "4 x 100 is the most four gateways could admit; this client sends fewer than "
                 "that.",
            75: "that is what each gateway receives; there are four of them.",
        },
    ),
]
