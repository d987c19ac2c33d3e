"""The five limiters: the contract, float edges, and hypothesis against brute force.

The references replay the whole history in exact integer milliseconds (or Fractions),
written differently from the models on purpose."""

from __future__ import annotations

import math
import time
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sysdesign.rate_limiting import (
    FixedWindow,
    LeakyBucket,
    SlidingWindowCounter,
    SlidingWindowLog,
    TokenBucket,
    window_index,
)

ALL = [TokenBucket, LeakyBucket, FixedWindow, SlidingWindowLog, SlidingWindowCounter]


class Clock:
    def __init__(self, t=0.0):
        self.t = t

    def __call__(self):
        return self.t


def run(limiter, clock, times):
    out = []
    for t in times:
        clock.t = t
        out.append(limiter.allow())
    return out


# --- references, in exact integer milliseconds ----------------------------------------------

def ref_fixed(ms, limit, wms):
    counts, out = {}, []
    for t in ms:
        k = t // wms
        ok = counts.get(k, 0) < limit
        counts[k] = counts.get(k, 0) + ok
        out.append(ok)
    return out


def ref_log(ms, limit, wms):
    accepted, out = [], []
    for t in ms:
        ok = sum(1 for a in accepted if t - wms < a <= t) < limit
        if ok:
            accepted.append(t)
        out.append(ok)
    return out


def ref_counter(ms, limit, wms):
    accepted, out = [], []
    for t in ms:
        k = t // wms
        prev = sum(1 for a in accepted if a // wms == k - 1)
        cur = sum(1 for a in accepted if a // wms == k)
        elapsed = t - k * wms
        # prev * (1 - elapsed / w) + cur < limit, exactly
        ok = Fraction(prev * (wms - elapsed), wms) + cur < limit
        if ok:
            accepted.append(t)
        out.append(ok)
    return out


def ref_token(ms, rate, capacity):
    tokens, last, out = Fraction(capacity), 0, []
    for t in ms:
        tokens = min(Fraction(capacity), tokens + Fraction(t - last, 1000) * rate)
        last = t
        ok = tokens >= 1
        tokens -= ok
        out.append(ok)
    return out


def ref_leaky(ms, rate, capacity):
    queue, out = [], []  # departure times of queued requests (Fraction seconds)
    for t in ms:
        now = Fraction(t, 1000)
        waiting = [d for d in queue if d > now]
        ok = len(waiting) < capacity
        if ok:
            start = max([now] + queue[-1:])
            queue.append(start + Fraction(1, rate))
        out.append(ok)
    return out


arrivals_ms = st.lists(st.integers(0, 5000), min_size=1, max_size=60).map(sorted)


@settings(max_examples=150, deadline=None)
@given(arrivals_ms, st.integers(1, 6), st.integers(1, 1500))
def test_windows_match_replayed_logs(ms, limit, wms):
    times, window = [t / 1000 for t in ms], wms / 1000
    for cls, ref in ((FixedWindow, ref_fixed), (SlidingWindowLog, ref_log),
                     (SlidingWindowCounter, ref_counter)):
        clock = Clock()
        assert run(cls(limit, window, clock=clock), clock, times) == ref(ms, limit, wms), cls


@settings(max_examples=150, deadline=None)
@given(arrivals_ms, st.integers(1, 40), st.integers(1, 8))
def test_buckets_match_exact_replay(ms, rate, capacity):
    times = [t / 1000 for t in ms]
    clock = Clock()
    token = run(TokenBucket(rate, capacity, clock=clock), clock, times)
    assert token == ref_token(ms, rate, capacity)
    clock = Clock()
    assert run(LeakyBucket(rate, capacity, clock=clock), clock, times) == ref_leaky(
        ms, rate, capacity)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.floats(0, 100, allow_nan=False), min_size=1, max_size=80).map(sorted),
       st.floats(0.1, 50), st.integers(1, 10))
def test_token_meter_equals_leaky_meter(times, rate, capacity):
    """Token bucket (r, b) and leaky bucket as a meter (r, b): the same decisions."""
    c1, c2 = Clock(), Clock()
    assert run(TokenBucket(rate, capacity, clock=c1), c1, times) == run(
        LeakyBucket(rate, capacity, clock=c2), c2, times)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.floats(0, 30, allow_nan=False), min_size=1, max_size=80).map(sorted),
       st.integers(1, 8), st.floats(0.05, 5))
def test_no_window_span_exceeds_the_limit(times, limit, window):
    """Sliding log never admits more than limit in (t - window, t]; fixed window never more
    than limit in one window, but up to 2 x limit across an edge."""
    clock = Clock()
    ok = np.array(run(SlidingWindowLog(limit, window, clock=clock), clock, times))
    kept = np.array(times)[ok]
    for t in kept:
        assert ((kept > t - window * (1 - 1e-9)) & (kept <= t)).sum() <= limit
    clock = Clock()
    ok = np.array(run(FixedWindow(limit, window, clock=clock), clock, times))
    ks = [window_index(t, window) for t in np.array(times)[ok]]
    assert max(ks.count(k) for k in set(ks)) <= limit


@settings(max_examples=100, deadline=None)
@given(st.lists(st.floats(0, 30, allow_nan=False), min_size=1, max_size=60).map(sorted),
       st.integers(1, 8), st.floats(0.05, 5))
def test_refused_requests_change_nothing(times, limit, window):
    """Dropping the refused requests from the trace leaves every decision the same."""
    for cls in ALL:
        args = (limit / window, limit) if cls in (TokenBucket, LeakyBucket) else (limit, window)
        clock = Clock()
        ok = run(cls(*args, clock=clock), clock, times)
        accepted = [t for t, a in zip(times, ok, strict=True) if a]
        clock = Clock()
        assert all(run(cls(*args, clock=clock), clock, accepted)), cls


# --- the contract and the float edges -----------------------------------------------------

@pytest.mark.parametrize("cls", ALL)
def test_allow_returns_plain_bool_and_default_clock(cls):
    limiter = cls(1, 1)
    assert limiter.clock is time.monotonic
    assert type(limiter.allow()) is bool
    clock = Clock(np.float64(0.5))
    assert type(cls(1, 1, clock=clock).allow()) is bool


@pytest.mark.parametrize("cls", ALL)
@pytest.mark.parametrize("bad", [0, -1, -0.5])
def test_non_positive_arguments_name_the_parameter(cls, bad):
    first = "rate" if cls in (TokenBucket, LeakyBucket) else "limit"
    second = "capacity" if cls in (TokenBucket, LeakyBucket) else "window"
    with pytest.raises((ValueError, TypeError), match=first):
        cls(bad, 1)
    with pytest.raises((ValueError, TypeError), match=second):
        cls(1, bad)
    with pytest.raises(ValueError, match=first):
        cls(0, 1)
    with pytest.raises(ValueError, match=second):
        cls(1, 0)


@pytest.mark.parametrize("cls", ALL)
def test_wrong_types_raise_type_error(cls):
    with pytest.raises(TypeError, match="clock"):
        cls(1, 1, clock=3.0)
    with pytest.raises(TypeError):
        cls(True, 1)
    with pytest.raises(TypeError):
        cls(1, "2")
    with pytest.raises(ValueError):
        cls(math.nan, 1)


def test_fixed_window_boundaries_are_products_and_decimals():
    for window in (0.1, 0.3, 0.7, 1.1, 60.0):
        for k in range(1, 200, 7):
            for t in (k * window, float(repr(round(k * window, 10)))):
                assert window_index(t, window) == k, (t, window, k)
            assert window_index(k * window - window / 1000, window) == k - 1


def test_fixed_window_opens_exactly_at_the_edge():
    clock = Clock(0.0)
    limiter = FixedWindow(2, 0.1, clock=clock)
    assert [limiter.allow() for _ in range(3)] == [True, True, False]
    clock.t = 0.0999999
    assert limiter.allow() is False
    clock.t = 0.1
    assert [limiter.allow() for _ in range(3)] == [True, True, False]
    clock.t = 3 * 0.1  # 0.30000000000000004
    assert limiter.allow() is True
    clock.t = 0.3
    assert limiter.allow() is True and limiter.allow() is False


def test_token_refill_reaching_exactly_one():
    clock = Clock(0.0)
    bucket = TokenBucket(10, 1, clock=clock)
    decisions = []
    for i in range(50):
        clock.t = i / 10  # 0.1, 0.2, 0.3 ... : (0.3 - 0.2) * 10 is 0.999... in floats
        decisions.append(bucket.allow())
    assert all(decisions)
    clock.t = 4.95
    assert bucket.allow() is False


def test_token_bucket_starts_full_and_caps():
    clock = Clock(0.0)
    bucket = TokenBucket(2, 3, clock=clock)
    assert [bucket.allow() for _ in range(4)] == [True, True, True, False]
    clock.t = 100.0
    assert bucket.tokens() == 3
    assert sum(bucket.allow() for _ in range(10)) == 3
    clock.t = 100.5
    assert bucket.allow() is True and bucket.allow() is False
    assert TokenBucket(1, 0.5, clock=Clock(0.0)).allow() is False  # never holds a token


def test_leaky_bucket_queue_and_departures():
    clock = Clock(0.0)
    bucket = LeakyBucket(1, 3, clock=clock)
    assert [bucket.allow() for _ in range(4)] == [True, True, True, False]
    assert list(bucket.departures) == [1.0, 2.0, 3.0]
    assert bucket.waiting() == 3
    clock.t = 1.0  # the first has left
    assert bucket.waiting() == 2 and bucket.allow() is True and bucket.allow() is False
    assert bucket.departures[-1] == 4.0
    clock.t = 10.0
    assert bucket.waiting() == 0 and bucket.allow() is True
    assert bucket.departures[-1] == 11.0
    assert np.diff(bucket.departures).min() >= 1.0


def test_leaky_bucket_memory_is_bounded_by_its_capacity():
    """A long-lived limiter keeps only the last ``capacity`` departures: every request
    still waiting, and nothing that grows with the requests it has ever queued."""
    clock = Clock(0.0)
    bucket = LeakyBucket(10, 4, clock=clock)
    for i in range(10_000):
        clock.t = i * 0.05
        bucket.allow()
    assert len(bucket.departures) == 4 and bucket.waiting() <= 4
    assert list(bucket.departures)[-bucket.waiting():] == [
        d for d in bucket.departures if d > clock.t]


def test_sliding_log_edge_is_open_on_the_left():
    clock = Clock(0.1)
    log = SlidingWindowLog(1, 0.2, clock=clock)
    assert log.allow() is True
    clock.t = 0.29999
    assert log.allow() is False
    clock.t = 0.3  # 0.1 + 0.2 is 0.30000000000000004: still the edge
    assert log.allow() is True


def test_sliding_counter_weights_the_previous_window():
    clock = Clock(0.0)
    limiter = SlidingWindowCounter(4, 1.0, clock=clock)
    for t in (0.1, 0.2, 0.3, 0.4):
        clock.t = t
        assert limiter.allow()
    clock.t = 1.0  # estimate 4 x 1 = 4: refused
    assert limiter.allow() is False
    clock.t = 1.5  # 4 x 0.5 = 2: room for 2
    assert [limiter.allow() for _ in range(3)] == [True, True, False]
    clock.t = 3.0  # the last accepted window (1) is two back: counts 0
    assert limiter.estimate() == 0 and limiter.allow() is True
    fresh = SlidingWindowCounter(4, 1.0, clock=clock)
    clock.t = 0.5
    assert all(fresh.allow() for _ in range(4))
    clock.t = 1.25  # 4 x 0.75 = 3 < 4: allowed; then 3 + 1 = 4, not below 4: refused
    assert fresh.allow() is True and fresh.estimate() == 4 and fresh.allow() is False
    clock.t = 1.5  # 4 x 0.5 + 1 = 3: allowed once more
    assert fresh.allow() is True and fresh.allow() is False


def test_whole_floats_count_as_integers():
    clock = Clock(0.0)
    assert FixedWindow(2.0, 1, clock=clock).limit == 2
    assert LeakyBucket(1, 3.0, clock=clock).capacity == 3
    with pytest.raises(ValueError, match="limit"):
        SlidingWindowLog(2.5, 1)
    with pytest.raises(ValueError, match="capacity"):
        LeakyBucket(1, 0.5)


# --- the 10^-9 allowance: absolute, symmetric, harmless at large clock readings -------------

@pytest.mark.parametrize("base", [0.0, 1e6, 1e9, 2.0**30])
def test_window_edges_at_large_clock_readings(base):
    """time.monotonic() may read 1e5..1e9 s: a millisecond either side of an edge is
    still on its own side (a relative 1e-9 would be a full second at 1e9 s)."""
    k0 = window_index(base, 1.0)
    assert window_index(base + 0.999, 1.0) == k0
    assert window_index(base + 1.0, 1.0) == k0 + 1
    assert window_index(base + 1.001, 1.0) == k0 + 1
    assert window_index(base - 0.001, 1.0) == k0 - 1
    clock = Clock(base + 0.5)
    fixed = FixedWindow(1, 1.0, clock=clock)
    assert fixed.allow() is True
    clock.t = base + 0.999  # same window, 1 ms before its end
    assert fixed.allow() is False
    clock.t = base + 1.0
    assert fixed.allow() is True


@pytest.mark.parametrize("base", [1e6, 1e9])
def test_sliding_log_and_counter_at_large_clock_readings(base):
    clock = Clock(base)
    log = SlidingWindowLog(1, 1.0, clock=clock)
    assert log.allow() is True
    for t in (base + 0.5, base + 0.75, base + 0.999):  # still inside (t - 1, t]
        clock.t = t
        assert log.allow() is False, t
    clock.t = base + 1.0
    assert log.allow() is True
    clock = Clock(base)
    counter = SlidingWindowCounter(2, 1.0, clock=clock)
    assert counter.allow() and counter.allow() and not counter.allow()
    clock.t = base + 1.25  # 2 x 0.75 = 1.5 < 2: one more, then 2.5
    assert counter.allow() is True and counter.allow() is False


@pytest.mark.parametrize("base", [0.0, 1e6, 1e9])
@pytest.mark.parametrize("cls", [TokenBucket, LeakyBucket])
def test_buckets_at_large_clock_readings(base, cls):
    clock = Clock(base)
    bucket = cls(1.0, 2, clock=clock)
    assert [bucket.allow() for _ in range(3)] == [True, True, False]
    for t in (base + 0.5, base + 0.999):
        clock.t = t
        assert bucket.allow() is False, t
    clock.t = base + 1.0
    assert bucket.allow() is True and bucket.allow() is False


@pytest.mark.parametrize("cls", [TokenBucket, LeakyBucket])
def test_bucket_allowance_does_not_grow_with_a_long_busy_period(cls):
    """Under steady overload the busy period never ends; its request count n grows without
    bound. The allowance must stay 10^-9 of a token, not 10^-9 x n (that would be 10
    free tokens at n = 10^10)."""
    clock = Clock(0.0)
    bucket = cls(1000.0, 1, clock=clock)
    assert bucket.allow() is True
    bucket._busy.n = 10**10  # a busy period of 10^10 requests since t = 0 (white box)
    clock.t = 10**10 / 1000 - 0.005  # 5 requests' worth of time before it ends
    assert bucket.allow() is False
    clock.t = 10**10 / 1000
    assert bucket.allow() is True


@pytest.mark.parametrize("offset", [1e-10, 1e-9 / 2])
def test_allowance_is_symmetric_and_tiny(offset):
    """Within 10^-9 of a window before or after an edge counts as the edge; 10^-7 does not."""
    for window in (0.1, 1.0, 60.0):
        k = 7
        edge = k * window
        assert window_index(edge + offset * window, window) == k
        assert window_index(edge - offset * window, window) == k
        assert window_index(edge - 1e-7 * window, window) == k - 1
        assert window_index(edge + 1e-7 * window, window) == k
    clock = Clock(1.0)
    for age, leaves in ((1 - 1e-10, True), (1 + 1e-10, True), (1 - 1e-7, False)):
        fresh = SlidingWindowLog(1, 1.0, clock=clock)
        clock.t = 1.0
        fresh.allow()
        clock.t = 1.0 + age
        assert fresh.allow() is leaves, age


@settings(max_examples=60, deadline=None)
@given(st.sampled_from([2**20, 2**30]),
       st.lists(st.integers(0, 64 * 20), min_size=1, max_size=50).map(sorted),
       st.integers(1, 6), st.integers(1, 128), st.integers(1, 40), st.integers(1, 8))
def test_exact_replay_at_large_clock_readings(base, ticks, limit, w, rate, capacity):
    """Clock readings near 10^6 and 10^9 s, in exact 1/64 s steps: every limiter decides
    exactly as the integer references (a relative tolerance would merge whole seconds)."""
    abs_ticks = [base * 64 + x for x in ticks]
    times, window = [t / 64 for t in abs_ticks], w / 64
    for cls, ref in ((FixedWindow, ref_fixed), (SlidingWindowLog, ref_log),
                     (SlidingWindowCounter, ref_counter)):
        clock = Clock()
        assert run(cls(limit, window, clock=clock), clock, times) == ref(
            abs_ticks, limit, w), cls
    scaled = Fraction(rate * 1000, 64)  # the references count time in thousandths
    rel = list(ticks)  # buckets only see differences: start the reference at 0
    clock = Clock()
    assert run(TokenBucket(rate, capacity, clock=clock), clock, times) == ref_token(
        rel, scaled, capacity)
    clock = Clock()
    assert run(LeakyBucket(rate, capacity, clock=clock), clock, times) == ref_leaky(
        rel, scaled, capacity)
