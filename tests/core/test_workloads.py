"""Shared generators: Zipf against its closed form, arrivals against Poisson statistics."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sysdesign.core import workloads


@given(st.integers(1, 2_000), st.floats(0, 3))
def test_zipf_probabilities_sum_to_one_and_never_increase(n_keys, alpha):
    p = workloads.zipf_probabilities(n_keys, alpha)
    assert p.sum() == pytest.approx(1.0)
    assert np.all(np.diff(p) <= 1e-15)


def test_zipf_closed_form_for_alpha_one():
    # p(k) = 1 / (k H_n): the harmonic number normalises 1/k.
    n = 100
    harmonic = sum(1 / k for k in range(1, n + 1))
    expected = [1 / (k * harmonic) for k in range(1, n + 1)]
    assert workloads.zipf_probabilities(n, 1.0) == pytest.approx(expected)


@given(st.floats(0, 2.5), st.floats(0, 2.5))
def test_top_share_grows_with_skew(a, b):
    lo, hi = sorted((a, b))
    assert workloads.top_share(1_000, lo) <= workloads.top_share(1_000, hi) + 1e-12


def test_top_share_uniform_is_the_share_of_keys():
    assert workloads.top_share(10_000, 0.0, 0.2) == pytest.approx(0.2)
    assert workloads.top_share(10, 5.0, 0.01) > 0  # at least one key is hot


def test_alpha_for_top_share_inverts_top_share():
    alpha = workloads.alpha_for_top_share(0.8, 10_000)
    assert workloads.top_share(10_000, alpha) == pytest.approx(0.8, abs=1e-9)
    with pytest.raises(ValueError, match="share must be reachable"):
        workloads.alpha_for_top_share(0.1, 10_000)


def test_zipf_trace_matches_its_distribution():
    trace = workloads.zipf_trace(200_000, 50, 1.0, seed=3)
    observed = np.bincount(trace, minlength=50) / len(trace)
    expected = workloads.zipf_probabilities(50, 1.0)
    assert np.abs(observed - expected).max() < 0.005
    assert np.array_equal(trace, workloads.zipf_trace(200_000, 50, 1.0, seed=3))


def test_arrivals_have_the_poisson_rate_and_spread():
    times = workloads.poisson_arrivals(50.0, 2_000.0, seed=0)
    assert len(times) == pytest.approx(100_000, rel=0.01)
    gaps = np.diff(times)
    assert gaps.mean() == pytest.approx(1 / 50, rel=0.02)
    assert gaps.std() / gaps.mean() == pytest.approx(1.0, abs=0.03)  # exponential: CV = 1


def test_bursty_arrivals_keep_the_mean_but_burst():
    times = workloads.bursty_arrivals(50.0, 2_000.0, burst_factor=8, burst_share=0.1, seed=0)
    per_second = np.bincount(times.astype(int), minlength=2_000)
    assert per_second.mean() == pytest.approx(50, rel=0.03)
    assert per_second.var() > 5 * per_second.mean()  # far burstier than Poisson (var = mean)


@pytest.mark.parametrize(("call", "error"), [
    (lambda: workloads.zipf_trace(0, 10, 1.0), ValueError),
    (lambda: workloads.zipf_probabilities(10, -1), ValueError),
    (lambda: workloads.zipf_probabilities("10", 1), TypeError),
    (lambda: workloads.top_share(10, 1.0, 0), ValueError),
    (lambda: workloads.poisson_arrivals(-1, 1), ValueError),
])
def test_bad_arguments(call, error):
    with pytest.raises(error):
        call()
