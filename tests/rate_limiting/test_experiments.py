"""Scenarios, headers, figures and exercises of notebook 16."""

from __future__ import annotations

import numpy as np
import pytest

from sysdesign.core.exercises import exercises_of
from sysdesign.rate_limiting import FixedWindow, experiments, plots, respond
from sysdesign.rate_limiting.experiments import max_in_any_window


def test_boundary_burst_lets_twice_the_limit_through_a_fixed_window():
    times = experiments.boundary_burst(5, 1.0)
    decisions = experiments.all_kinds(times)
    assert decisions["fixed window"].all()
    assert max_in_any_window(times[decisions["fixed window"]], 1.0) == 10
    assert decisions["sliding log"].sum() == 5
    assert decisions["token bucket"].sum() == decisions["leaky bucket"].sum() == 5
    assert decisions["sliding counter"].sum() == 6  # the estimate admits one over the edge


def test_bursty_trace_summary():
    arrivals = experiments.bursty_trace()
    rows = {r["limiter"]: r for r in experiments.summary(arrivals, experiments.all_kinds(arrivals))}
    assert rows["sliding log"]["most in any 1-window span"] <= 5
    assert rows["fixed window"]["most in any 1-window span"] > 5
    assert rows["token bucket"]["allowed"] == rows["leaky bucket"]["allowed"]
    assert np.array_equal(experiments.bursty_trace(), arrivals)  # seeded


def test_memory_only_the_log_grows():
    small = {r["limiter"]: r["numbers stored"] for r in experiments.memory(5)}
    large = {r["limiter"]: r["numbers stored"] for r in experiments.memory(50)}
    assert large["sliding log"] == 50 and small["sliding log"] == 5
    assert all(small[k] == large[k] <= 3 for k in small if k != "sliding log")


def test_shaper_spaces_departures():
    shaping = experiments.meter_and_shaper(experiments.bursty_trace(), 5.0, 5)
    assert np.array_equal(shaping.token, shaping.leaky)
    assert np.diff(shaping.departures).min() >= 0.2 - 1e-12
    assert experiments.gaps(shaping.arrivals[shaping.leaky])["smallest gap (s)"] < 0.2


def test_respond_headers():
    now = [119.25]
    limiter = FixedWindow(1, 60, clock=lambda: now[0])
    status, headers = respond(limiter, "api")
    assert status == 200 and headers["RateLimit"] == '"api";r=0;t=1'
    assert headers["RateLimit-Policy"] == '"api";q=1;w=60' and "Retry-After" not in headers
    now[0] = 120.0
    assert respond(limiter)[0] == 200
    status, headers = respond(limiter)
    assert status == 429 and headers["Retry-After"] == "60"
    with pytest.raises(TypeError, match="limiter"):
        respond("x")


def test_respond_window_parameter_is_a_whole_number_of_seconds():
    """The draft's w is an Integer of seconds: 1e6 s must not print as 1e+06, and a
    sub-second window has no w at all (the parameter is optional)."""
    now = [5.0]
    status, headers = respond(FixedWindow(3, 1_000_000, clock=lambda: now[0]), "big")
    assert headers["RateLimit-Policy"] == '"big";q=3;w=1000000'
    assert headers["RateLimit"] == '"big";r=2;t=999995'
    status, headers = respond(FixedWindow(3, 0.5, clock=lambda: now[0]), "fast")
    assert headers["RateLimit-Policy"] == '"fast";q=3'
    assert headers["RateLimit"] == '"fast";r=2;t=1'


@pytest.mark.parametrize("kind", list(experiments.KINDS))
def test_step_through_and_views(kind):
    view = experiments.step(10, kind)
    assert len(view.arrivals) == len(view.level) == 11
    fig, table = plots.step_view(view)
    assert fig.alt_text and len(table) == 5


def test_compare_and_figures():
    fig, table = plots.compare_view(experiments.compare("sliding log", 5, 5, 5.0))
    assert "sliding log" in table.index and fig.alt_text
    shaping = experiments.meter_and_shaper(experiments.bursty_trace())
    assert "0.20 s apart" in plots.shaping(shaping).alt_text
    with pytest.raises(ValueError, match="kind"):
        experiments.make("bucket")


def test_step_curve_shows_the_state_between_requests():
    """The step figure's line: the fixed window's count falls to 0 at the edge at 1 s, the
    sliding counter's estimate is continuous there and then slides down, tokens refill up to
    the capacity, and just after each request the line holds the marked level."""
    fixed = experiments.step(23, "fixed window")
    t, v = fixed.curve_t, fixed.curve_v
    assert v[(t > 0.3) & (t < 1.0)].min() == 5 and v[(t >= 1.0) & (t < 1.658)].max() == 0
    counter = experiments.step(23, "sliding counter")
    t, v = counter.curve_t, counter.curve_v
    before, after = v[t < 1.0][-1], v[t >= 1.0][0]
    assert before == 5 and abs(after - 5) < 0.03  # continuous across the edge
    between = v[(t >= 1.0) & (t < 1.658)]
    assert np.all(np.diff(between) < 0) and between[-1] < 2  # slides down, no jump to 0
    for kind in experiments.KINDS:
        view = experiments.step(23, kind)
        after_each = [view.curve_v[np.flatnonzero(view.curve_t == a)[-1]] for a in view.arrivals]
        assert np.allclose(after_each, view.level), kind
        assert np.all(np.diff(view.curve_t) >= 0)
    tokens = experiments.step(23, "token bucket")
    assert tokens.curve_v.max() <= 5 and tokens.curve_v.min() >= 0
    assert np.any(np.diff(tokens.curve_v[tokens.curve_t < 0.6]) > 0)  # refills between requests


def test_exercises():
    answers = {k: e.answer() for k, e in exercises_of("rate_limiting").items()}
    assert answers == {"16.1": 300, "16.2": 16, "16.3": 300}


def test_fixed_window_spans_of_two_windows():
    """16.1's claims: a 120 s span holds at most 3 x the limit of a 60 s fixed window (on
    random traces), reached only by packing requests next to the edges; a steady stream
    gets 201 (the hint for that answer says so), and a 60 s span at most 200."""
    rng = np.random.default_rng(0)
    for _ in range(30):
        times = np.sort(rng.uniform(0, 300, rng.integers(50, 600)))
        ok = experiments.decide("fixed window", times, 100, 60.0)
        assert max_in_any_window(times[ok], 120.0) <= 300
        assert max_in_any_window(times[ok], 60.0) <= 200
    steady = np.arange(0, 240, 0.01)
    ok = experiments.decide("fixed window", steady, 100, 60.0)
    assert max_in_any_window(steady[ok], 120.0) == 201


def test_helpers_reject_bad_input_clearly():
    """make() works with its default clock; bad windows, steps, kinds and too few times
    raise a ValueError or TypeError that names the problem."""
    for kind in experiments.KINDS:
        assert type(experiments.make(kind).allow()) is bool  # time.monotonic by default
    with pytest.raises(TypeError, match="capacity"):
        experiments.decide("leaky bucket", [0.0], burst=2.5)  # no silent truncation to 2
    assert experiments.decide("leaky bucket", [0.0] * 4, burst=3.0).sum() == 3
    for bad in (0, -1.0, float("nan")):
        with pytest.raises(ValueError, match="window"):
            max_in_any_window([0.0, 0.5], bad)
        with pytest.raises(ValueError, match="window"):
            experiments.window_index(1.0, bad)
    for few in ([], [1.0]):
        with pytest.raises(ValueError, match="two times"):
            experiments.gaps(few)
    for bad in (-1, len(experiments.STEP_TRACE)):
        with pytest.raises(ValueError, match="step"):
            experiments.step(bad)
    with pytest.raises(ValueError, match="kind"):
        experiments.compare("bucket")


def test_sliding_counter_can_admit_twice_the_limit_in_a_window_long_span():
    """The notebook's claim: the estimate assumes the previous window was spread evenly, so
    a previous window packed at its end lets almost a full limit more through."""
    times = np.array([1.99, 1.992, 1.994, 1.996, 1.998] + [2.95] * 10)
    ok = experiments.decide("sliding counter", times)
    assert ok.sum() == 10 and max_in_any_window(times[ok], 1.0) == 10
    assert max_in_any_window(times[experiments.decide("sliding log", times)], 1.0) == 5
