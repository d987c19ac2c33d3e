"""Cross-checks against the ``limits`` library (MemoryStorage, time under our control).

limits reads the time with ``time.time()`` in ``limits.storage.memory`` (and in
``limits.strategies``); both are patched to a fake clock. Where the semantics differ the
difference is tested too:

- moving window ~ sliding log, except at the exact edge: limits counts an entry as long as
  ``atime >= now - expiry`` (window ``[t - w, t]``), ours ``(t - w, t]``;
- sliding-window counter: limits' weighted count is ``previous * previous_ttl / expiry +
  current`` with ``previous_ttl = (1 - frac((now - expiry) / expiry)) * expiry`` and
  refuses when ``floor(weighted) + 1 > limit``, i.e. allows iff ``weighted < limit``, with
  windows aligned to multiples of ``expiry`` from 0: the same rule as ours;
- limits names windows with ``int()``, which truncates toward zero: in the first window
  (``t < expiry``) its "previous" window is the current one, so the tests start at 1024 s;
- fixed window: limits starts a window at the first hit (the counter expires ``expiry``
  after it), ours at multiples of the window, so they agree only when each window's
  first request arrives at its start.
"""

from __future__ import annotations

import types

import limits.storage.memory
import limits.strategies
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from limits import RateLimitItemPerSecond
from limits.storage import MemoryStorage

from sysdesign.rate_limiting import FixedWindow, SlidingWindowCounter, SlidingWindowLog

SETTINGS = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])


class Clock:
    t = 0.0

    def __call__(self):
        return self.t


@pytest.fixture
def fake_time(monkeypatch):
    clock = Clock()
    fake = types.SimpleNamespace(time=clock, monotonic=clock, sleep=lambda _s: None)
    monkeypatch.setattr(limits.storage.memory, "time", fake)
    monkeypatch.setattr(limits.strategies, "time", fake)
    return clock


def both(strategy_cls, ours_cls, clock, times, limit, window):
    storage = MemoryStorage()
    theirs = strategy_cls(storage)
    item = RateLimitItemPerSecond(limit, window)
    ours = ours_cls(limit, window, clock=clock)
    a, b = [], []
    for t in times:
        clock.t = t
        a.append(theirs.hit(item, "client"))
        b.append(ours.allow())
    storage.reset()
    return a, b


# Binary fractions, so the arithmetic is exact, from 1024 s on: limits names the previous
# window int((t - expiry) / expiry), which truncates to window 0 (the current one) while
# t < expiry; with real time.time() readings that never happens.
grid = st.lists(st.integers(1, 64 * 8), min_size=1, max_size=50).map(
    lambda xs: [1024 + x / 64 for x in sorted(xs)])


@SETTINGS
@given(grid, st.integers(1, 6), st.integers(1, 3))
def test_moving_window_is_the_sliding_log_off_the_edge(fake_time, times, limit, window):
    assume(all(abs((b - a) - window) > 1e-9 for a in times for b in times))
    theirs, ours = both(limits.strategies.MovingWindowRateLimiter, SlidingWindowLog,
                        fake_time, times, limit, window)
    assert theirs == ours


def test_moving_window_differs_exactly_at_the_edge(fake_time):
    theirs, ours = both(limits.strategies.MovingWindowRateLimiter, SlidingWindowLog,
                        fake_time, [1.0, 2.0], 1, 1)
    assert ours == [True, True] and theirs == [True, False]


@SETTINGS
@given(grid, st.integers(1, 6), st.integers(1, 3))
def test_sliding_window_counter_matches(fake_time, times, limit, window):
    theirs, ours = both(limits.strategies.SlidingWindowCounterRateLimiter,
                        SlidingWindowCounter, fake_time, times, limit, window)
    assert theirs == ours


@SETTINGS
@given(st.lists(st.integers(0, 7), min_size=1, max_size=8, unique=True),
       st.lists(st.integers(1, 63), max_size=30), st.integers(1, 5))
def test_fixed_window_matches_when_each_window_opens_at_its_start(fake_time, windows, offsets,
                                                                 limit):
    starts = [1024 + k for k in sorted(windows)]
    times = sorted([float(k) for k in starts]
                   + [k + o / 64 for k in starts for o in offsets[:4]])
    theirs, ours = both(limits.strategies.FixedWindowRateLimiter, FixedWindow, fake_time,
                        times, limit, 1)
    assert theirs == ours


def test_fixed_window_differs_when_the_first_hit_is_late(fake_time):
    # limits' window opens at 0.5 s and lasts to 1.5 s; ours is [0, 1) then [1, 2)
    theirs, ours = both(limits.strategies.FixedWindowRateLimiter, FixedWindow, fake_time,
                        [0.5, 1.2], 1, 1)
    assert ours == [True, True] and theirs == [True, False]
