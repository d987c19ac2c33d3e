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


def test_exercises():
    answers = {k: e.answer() for k, e in exercises_of("rate_limiting").items()}
    assert answers == {"16.1": 200, "16.2": 16, "16.3": 400}
