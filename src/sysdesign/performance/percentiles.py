"""Latency percentiles: an HDR-style histogram, the tail at scale, hedged requests.

:class:`LogLinearHistogram` keeps counts in buckets whose width grows with the value, as
HdrHistogram does: every recorded value is known to within a fixed *relative* error, in
memory set by the range and the precision, not by the number of values (here only the
buckets in use are kept). Two histograms merge by adding counts, which is how
per-server latencies combine into a fleet percentile (averaging per-server p99s does not).

>>> h = LogLinearHistogram(significant_digits=2)
>>> for us in (1, 5, 100, 12_345):
...     h.record(us)
>>> h.count, h.value_at_percentile(50), h.value_at_percentile(100)
(4, 5, 12351)
"""

from __future__ import annotations

import math
from collections import Counter

import numpy as np

from ..core import checks


class LogLinearHistogram:
    """Integer values (say microseconds) in log-linear buckets: relative error < 10^-d."""

    def __init__(self, significant_digits: int = 2):
        digits = checks.integer(significant_digits, "significant_digits", 1, 5)
        # Enough linear sub-buckets that a bucket is under 10^-d of the values in it.
        self.sub_bits = math.ceil(math.log2(2 * 10**digits))
        self.significant_digits = digits
        self.counts: Counter = Counter()
        self.count = 0

    def _bucket(self, value: int) -> tuple[int, int]:
        shift = max(0, value.bit_length() - self.sub_bits)
        return shift, value >> shift

    def record(self, value, times: int = 1) -> None:
        """Count ``value`` (an integer >= 0) ``times`` times."""
        # Plain valid ints skip the full checks (a notebook records thousands of values,
        # and the checks were most of the cost); anything else goes through them as before.
        if type(value) is not int or value < 0:
            value = checks.integer(value, "value", 0)
        whole = times if type(times) is int and times >= 1 else checks.integer(times, "times", 1)
        shift = value.bit_length() - self.sub_bits  # as _bucket(), written out
        if shift < 0:
            shift = 0
        self.counts[(shift, value >> shift)] += whole
        self.count += times

    def highest_equivalent(self, value: int) -> int:
        """The largest value sharing ``value``'s bucket (what percentiles report)."""
        shift, top = self._bucket(checks.integer(value, "value", 0))
        return ((top + 1) << shift) - 1

    def value_at_percentile(self, percentile) -> int:
        """The smallest bucket's top value with at least ``percentile`` % of counts at or below."""
        p = checks.number(percentile, "percentile", 0, 100)
        if not self.count:
            raise ValueError("the histogram is empty: record values first")
        rank = max(1, math.ceil(p / 100 * self.count))
        seen = 0
        for shift, top in sorted(self.counts, key=lambda b: (b[1] << b[0])):
            seen += self.counts[(shift, top)]
            if seen >= rank:
                return ((top + 1) << shift) - 1
        raise AssertionError("unreachable: counts add up to count")

    def merge(self, other: LogLinearHistogram) -> LogLinearHistogram:
        """Add another histogram's counts (same precision) to this one; returns self."""
        if not isinstance(other, LogLinearHistogram) or other.sub_bits != self.sub_bits:
            raise ValueError("other must be a LogLinearHistogram of the same significant_digits")
        self.counts.update(other.counts)
        self.count += other.count
        return self

    @property
    def buckets(self) -> int:
        """Buckets in use (the memory it takes)."""
        return len(self.counts)


def nearest_rank(values, percentile) -> float:
    """The exact percentile by nearest rank: the smallest value with p % at or below it."""
    data = np.sort(np.asarray(values, dtype=float))
    if not len(data):
        raise ValueError("values must not be empty")
    p = checks.number(percentile, "percentile", 0, 100)
    return float(data[max(1, math.ceil(p / 100 * len(data))) - 1])


def fanout_slow_probability(backends, p_slow=0.01) -> float:
    """Chance a request that waits for all ``backends`` meets at least one slow answer.

    >>> round(fanout_slow_probability(100, 0.01), 3)  # Dean and Barroso's 1 - 0.99^100
    0.634
    """
    n = checks.integer(backends, "backends", 1)
    p = checks.fraction(p_slow, "p_slow")
    return 1 - (1 - p) ** n


def backend_latencies(size, *, p_slow: float = 0.01, fast_ms: float = 10.0,
                      slow_ms: float = 200.0, seed: int = 0) -> np.ndarray:
    """Latencies (ms) of one backend: log-normal around ``fast_ms`` (sigma 0.25), and with
    probability ``p_slow`` a hiccup around ``slow_ms`` (a GC pause, a queue, a retry)."""
    shape = tuple(np.atleast_1d(size).tolist())
    p = checks.fraction(p_slow, "p_slow")
    rng = np.random.default_rng(seed)
    fast = fast_ms * rng.lognormal(0.0, 0.25, shape)
    slow = slow_ms * rng.lognormal(0.0, 0.25, shape)
    return np.where(rng.random(shape) < p, slow, fast)


def hedged(first: np.ndarray, second: np.ndarray, hedge_after: float) -> tuple[np.ndarray, float]:
    """Hedge: if ``first`` is not back by ``hedge_after``, send ``second`` to another
    replica and take whichever answers first. Returns the latencies and the share of
    extra requests sent (the cost)."""
    first, second = np.asarray(first, float), np.asarray(second, float)
    if first.shape != second.shape:
        raise ValueError("first and second must have the same shape")
    after = checks.number(hedge_after, "hedge_after", 0, finite=False)
    sent = first > after
    return np.where(sent, np.minimum(first, after + second), first), float(sent.mean())


def fanout(requests: int = 2_000, backends: int = 100, *, hedge_percentile: float | None = None,
           p_slow: float = 0.01, seed: int = 0) -> dict:
    """Each request asks ``backends`` backends and waits for the slowest answer.

    With ``hedge_percentile`` (say 95), each backend call not back by that percentile of
    one backend's latency is sent again to a replica. Returns the request latencies (ms),
    the share of requests that met a slow backend (a call over 100 ms, which lies between
    the fast and the slow mode of :func:`backend_latencies`), and the extra load of hedging.
    """
    n = checks.integer(requests, "requests", 1)
    b = checks.integer(backends, "backends", 1)
    calls = backend_latencies((n, b), p_slow=p_slow, seed=seed)
    extra = 0.0
    if hedge_percentile is not None:
        q = checks.number(hedge_percentile, "hedge_percentile", 0, 100, lo_open=True)
        reference = backend_latencies(20_000, p_slow=p_slow, seed=seed + 1)
        replicas = backend_latencies((n, b), p_slow=p_slow, seed=seed + 2)
        calls, extra = hedged(calls, replicas, float(np.percentile(reference, q)))
    slowest = calls.max(axis=1)
    return {"latency": slowest, "met_slow": float((calls > 100.0).any(axis=1).mean()),
            "extra_load": extra, "backends": b}
