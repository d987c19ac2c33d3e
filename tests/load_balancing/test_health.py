"""Health checks: time to detect a death, against its closed form."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sysdesign.load_balancing import detection_bounds, failover, mean_detection


@given(st.floats(0.0, 20.0), st.floats(0.2, 5.0), st.integers(1, 5), st.floats(0.0, 2.0))
def test_detection_within_interval_times_threshold_plus_timeout(fail_at, interval,
                                                                 threshold, timeout):
    run = failover(fail_at, interval, threshold, timeout, rate=5.0)
    low, high = detection_bounds(interval, threshold, timeout)
    assert low - 1e-9 <= run.detection <= high + 1e-9


def test_mean_over_uniform_deaths_matches_formula():
    interval, threshold, timeout = 2.0, 3, 0.5
    times = [failover(10 + k * interval / 400, interval, threshold, timeout, rate=1.0).detection
             for k in range(400)]
    assert sum(times) / len(times) == pytest.approx(mean_detection(interval, threshold, timeout),
                                                    abs=interval / 400)
    assert mean_detection(interval, threshold, timeout) == 2.5 * 2.0 + 0.5


def test_exact_case():
    run = failover(fail_at=10.2, interval=1.0, threshold=3, timeout=0.5)
    assert run.detected_at == pytest.approx(13.5)  # probes at 11, 12, 13 fail; 13 + 0.5


def test_errors_only_between_death_and_detection():
    run = failover(fail_at=5.05, interval=1.0, threshold=2, timeout=0.25, servers=3, rate=30.0)
    bad = [t for t, _, ok in run.requests if not ok]
    assert bad and min(bad) >= 5.05 and max(bad) < run.detected_at
    # round robin over 3 servers: a third of the requests in the window
    assert len(bad) == pytest.approx(30.0 * run.detection / 3, abs=2)
    after = [s for t, s, _ in run.requests if t >= run.detected_at]
    assert after and 0 not in after


@pytest.mark.parametrize("kwargs, name", [
    ({"interval": 0}, "interval"), ({"threshold": 0}, "threshold"),
    ({"timeout": -1}, "timeout"), ({"servers": 1}, "servers"), ({"fail_at": -2}, "fail_at"),
    ({"horizon": -1.0}, "horizon"), ({"horizon": float("nan")}, "horizon"),
])
def test_bad_arguments(kwargs, name):
    with pytest.raises(ValueError, match=name):
        failover(**kwargs)


def test_horizon_must_be_a_number():
    with pytest.raises(TypeError, match="horizon"):
        failover(horizon="20")


def test_probe_log_and_the_panel_state_over_time():
    from sysdesign.load_balancing import experiments
    run = failover(fail_at=10.2, interval=1.0, threshold=3, timeout=0.5)
    failed = [(sent, known) for sent, ok, known in run.probes if not ok]
    assert failed[:3] == [(11.0, 11.5), (12.0, 12.5), (13.0, 13.5)]
    assert all(ok for sent, ok, _ in run.probes if sent < 10.2)
    # scrubbing: 1.0 s after the death no probe result is known yet; 2.0 s after, one
    states = {after: experiments.failover(1.0, 3, 0.5, after) for after in (1.0, 2.0, 3.2, 3.3)}
    assert [states[a]["failures"] for a in (1.0, 2.0, 3.2)] == [0, 1, 2]
    assert not states[3.2]["down"] and states[3.3]["down"]
    assert states[3.3]["errors"] == run.errors
    assert 18 <= states[2.0]["errors"] <= 22  # the notebook's "about twenty"
