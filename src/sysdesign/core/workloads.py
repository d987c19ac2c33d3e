"""Seeded generators every topic shares: Zipf popularity, key traces and arrival times.

One argument order everywhere: how many (requests, keys), then the shape (alpha, rate),
then ``seed``. Key 0 is the most popular key, key 1 the next, and so on.

>>> zipf_trace(8, 100, 1.0, seed=0).tolist()
[14, 1, 0, 0, 37, 63, 12, 24]
>>> round(top_share(10_000, 0.0), 3)   # uniform: the top 20 % of keys get 20 %
0.2
"""

from __future__ import annotations

import numpy as np

from . import checks


def zipf_probabilities(n_keys, alpha) -> np.ndarray:
    """Request probability of each key under Zipf(α): p(rank k) ∝ 1 / k^α (α = 0: uniform).

    >>> zipf_probabilities(3, 1.0).round(3).tolist()
    [0.545, 0.273, 0.182]
    """
    n_keys = checks.integer(n_keys, "n_keys", 1)
    alpha = checks.number(alpha, "alpha", 0, hint="the Zipf skew")
    weights = np.arange(1, n_keys + 1, dtype=float) ** -alpha
    return weights / weights.sum()


def top_share(n_keys, alpha, top: float = 0.2) -> float:
    """Share of requests that go to the hottest ``top`` fraction of keys under Zipf(α).

    The "80/20 rule" is one point on this curve (α ≈ 1 for a few thousand keys), not a law.

    >>> round(top_share(1_000, 1.0), 3)
    0.785
    """
    top = checks.fraction(top, "top", lo_open=True, hint="the hottest share of keys")
    probabilities = zipf_probabilities(n_keys, alpha)
    hot = max(1, round(top * len(probabilities)))
    return round(float(probabilities[:hot].sum()), 12)


def alpha_for_top_share(share: float = 0.8, n_keys=10_000, top: float = 0.2) -> float:
    """The Zipf skew at which the hottest ``top`` of keys take ``share`` of requests.

    >>> round(alpha_for_top_share(0.8, 1_000), 2)
    1.02
    """
    share = checks.fraction(share, "share")
    lo, hi = 0.0, 10.0
    least, most = top_share(n_keys, lo, top), top_share(n_keys, hi, top)
    if not least <= share <= most:
        raise ValueError(f"share must be reachable for top={top}, n_keys={n_keys}: "
                         f"allowed {least:.3g}..{most:.3g}, got {share}")
    for _ in range(60):  # bisection: the share grows with alpha
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if top_share(n_keys, mid, top) < share else (lo, mid)
    return (lo + hi) / 2


def zipf_trace(n_requests, n_keys, alpha, *, seed=0) -> np.ndarray:
    """Requests drawn independently from Zipf(α) over ``n_keys`` keys."""
    n_requests = checks.integer(n_requests, "n_requests", 1)
    cumulative = np.cumsum(zipf_probabilities(n_keys, alpha))
    draws = np.random.default_rng(seed).random(n_requests) * cumulative[-1]
    # Inverse-CDF sampling; the minimum guards the last bin against rounding.
    return np.minimum(np.searchsorted(cumulative, draws, side="right"), len(cumulative) - 1)


def uniform_trace(n_requests, n_keys, *, seed=0) -> np.ndarray:
    """Requests drawn uniformly from ``n_keys`` keys."""
    n_requests = checks.integer(n_requests, "n_requests", 1)
    n_keys = checks.integer(n_keys, "n_keys", 1)
    return np.random.default_rng(seed).integers(0, n_keys, n_requests)


def poisson_arrivals(rate, duration, *, seed=0) -> np.ndarray:
    """Sorted arrival times (s) of a Poisson process of ``rate`` per second over ``duration`` s.

    >>> times = poisson_arrivals(100.0, 10.0, seed=1)
    >>> len(times), bool(np.all(np.diff(times) >= 0)), bool(times.max() < 10.0)
    (1001, True, True)
    """
    rate = checks.number(rate, "rate", 0, hint="arrivals per second")
    duration = checks.number(duration, "duration", 0, hint="seconds")
    rng = np.random.default_rng(seed)
    count = rng.poisson(rate * duration)
    # Given their number, Poisson arrival times are uniform over the interval.
    return np.sort(rng.uniform(0.0, duration, count))


def bursty_arrivals(rate, duration, *, burst_factor=5.0, burst_share=0.1, period=1.0,
                    seed=0) -> np.ndarray:
    """Arrival times with the same mean ``rate`` but bursts: in a random ``burst_share`` of
    the ``period``-long slots, traffic runs ``burst_factor`` times faster than in the others.

    >>> times = bursty_arrivals(100.0, 100.0, seed=1)
    >>> abs(len(times) / 100.0 - 100) < 5   # the mean rate is kept
    True
    """
    rate = checks.number(rate, "rate", 0, hint="mean arrivals per second")
    duration = checks.number(duration, "duration", 0, hint="seconds")
    burst_factor = checks.number(burst_factor, "burst_factor", 1)
    burst_share = checks.fraction(burst_share, "burst_share")
    period = checks.number(period, "period", 0, lo_open=True, hint="seconds per slot")
    rng = np.random.default_rng(seed)
    slots = max(1, int(np.ceil(duration / period)))
    bursting = rng.random(slots) < burst_share
    # Quiet rate q and burst rate f*q average to ``rate`` over the slots actually drawn.
    quiet = rate * slots / (slots + (burst_factor - 1) * bursting.sum())
    rates = np.where(bursting, burst_factor * quiet, quiet)
    starts = np.arange(slots) * period
    widths = np.minimum(period, duration - starts)
    counts = rng.poisson(rates * widths)
    times = np.repeat(starts, counts) + rng.random(counts.sum()) * np.repeat(widths, counts)
    return np.sort(times)
