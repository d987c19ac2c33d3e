"""The real load test: loopback only, bounded, shut down; plus the knee finder."""

import socket

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sysdesign.performance import experiments, loadtest


def test_server_listens_on_loopback_and_is_shut_down():
    with loadtest.serving(workers=2, service_ms=2.0) as server:
        assert server.server_address[0] == "127.0.0.1"
        port = server.port
        loadtest.get(port)
        lat = loadtest.open_loop(port, 200, 20)
        assert np.isfinite(lat).all() and (lat > 0).all()
    with pytest.raises(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.5):
        pass


def test_closed_loop_counts_one_stall_once_per_user():
    with loadtest.serving(workers=2, service_ms=2.0) as server:
        lat = loadtest.closed_loop(server.port, 2, 0.5, stall=(0.1, 0.15), server=server)
    assert 2 <= (lat > 100).sum() <= 4  # each user saw the stall once (a request may straddle)


def test_knee_is_the_first_step_far_above_the_base():
    steps = [{"rate": r, "p99_ms": p} for r, p in [(10, 5), (20, 6), (30, 16), (40, 50)]]
    assert loadtest.knee(steps) == 30
    assert loadtest.knee(steps[:2]) is None
    # a slow (warming-up) first step does not hide a later knee: the base is the lowest so far
    warm = [{"rate": r, "p99_ms": p} for r, p in [(10, 30), (20, 6), (30, 8), (40, 25)]]
    assert loadtest.knee(warm) == 40
    with pytest.raises(ValueError, match="steps"):
        loadtest.knee([])
    with pytest.raises(ValueError, match="factor"):
        loadtest.knee(steps, factor=0)


def test_bounded_inputs():
    with pytest.raises(ValueError, match="requests"):
        loadtest.open_loop(1, 10, 10_000)
    with pytest.raises(ValueError, match="spacing"):
        loadtest.open_loop(1, 10, 10, spacing="uniform")
    with pytest.raises(ValueError, match="workers"):
        with loadtest.serving(workers=0):
            pass


def test_ramp_knee_reads_the_share_of_capacity():
    frame = pd.DataFrame({"rate": [80.0, 160.0, 600.0], "p50_ms": [15.0, 17.0, 60.0]},
                         index=pd.Index([0.2, 0.4, 1.5], name="utilization"))
    assert experiments.ramp_knee(frame) == 1.5
    assert experiments.ramp_knee(frame.iloc[:2]) is None


def test_a_short_ramp_runs_end_to_end_without_errors():
    frame = experiments.load_ramp(workers=2, service_ms=2.0, shares=(0.2, 0.5),
                                  seconds_per_step=0.1)
    assert list(frame.index) == [0.2, 0.5]
    assert (frame["errors"] == 0).all() and np.isfinite(frame["mean_ms"]).all()
    assert (frame["mean_ms"] >= 2.0 * 0.5).all()  # at least part of a service time


def test_a_stall_needs_the_server():
    with pytest.raises(ValueError, match="server"):
        loadtest.open_loop(1, 10, 5, stall=(0.1, 0.1))
    with pytest.raises(ValueError, match="server"):
        loadtest.closed_loop(1, 1, 0.1, stall=(0.1, 0.1))


def test_open_loop_sees_a_stall_that_a_closed_loop_hides():
    """Coordinated omission: the closed loop records one stalled request per user; the
    open loop, at the same average rate, records every request due during the stall."""
    stall = (0.1, 0.3)
    with loadtest.serving(workers=4, service_ms=2.0) as server:
        closed = loadtest.closed_loop(server.port, 2, 0.6, stall=stall, server=server)
        rate = len(closed) / 0.6
        opened = loadtest.open_loop(server.port, rate, min(len(closed), 2000), stall=stall,
                                    server=server)
    assert (closed > 150).sum() <= 4  # about one per user
    assert (opened > 150).sum() >= 3 * max(2, (closed > 150).sum())


@given(rate=st.floats(1, 2500), n=st.integers(1, 500), seed=st.integers(0, 2**32 - 1))
def test_poisson_send_times_fill_exactly_the_window(rate, n, seed):
    due = loadtest.send_times(rate, n, seed=seed)
    assert len(due) == n and (np.diff(due) >= 0).all()
    assert (due >= 0).all() and (due < n / rate).all()
    # Common random numbers: one seed is one arrival pattern, squeezed to any rate.
    np.testing.assert_allclose(loadtest.send_times(2 * rate, n, seed=seed), due / 2)


def test_poisson_send_times_are_uniform_over_the_window_given_their_count():
    """The order-statistics property of a Poisson process: given n arrivals in a window,
    their times are n independent uniform draws, sorted. KS test over many seeds."""
    from scipy import stats

    times = np.concatenate([loadtest.send_times(50.0, 5, seed=s) / 0.1 for s in range(2000)])
    assert stats.kstest(times, "uniform").pvalue > 1e-3
    gaps = np.diff(loadtest.send_times(1000.0, 5000, seed=1))  # exponential, mean 1/rate
    assert np.mean(gaps) == pytest.approx(1e-3, rel=0.05)
    assert np.std(gaps) == pytest.approx(1e-3, rel=0.1)  # an exponential's sd is its mean


def test_send_times_reject_bad_input():
    with pytest.raises(ValueError, match="rate"):
        loadtest.send_times(0, 5)
    with pytest.raises(ValueError, match="spacing"):
        loadtest.send_times(10, 5, spacing="burst")
    assert loadtest.send_times(10, 3, spacing="even").tolist() == pytest.approx([0, 0.1, 0.2])


def test_reseeding_the_server_replays_its_service_times():
    with loadtest.serving(workers=1, service_ms=1.0, seed=3) as server:
        first = [server.rng.random() for _ in range(5)]
        server.reseed(3)
        assert [server.rng.random() for _ in range(5)] == first
