"""The 80/20 rule under Zipf: one argument order, shared with core.workloads; the large-
catalogue sums checked against exact sums, a closed-form limit and a simulation; and the
claims the notebook makes about Breslau et al.'s skews."""

from __future__ import annotations

import math

import numpy as np
import pytest

from sysdesign import estimation as est
from sysdesign.core import workloads
from sysdesign.estimation import skew


def test_zipf_helpers_are_the_core_ones():
    assert est.zipf_top_share is workloads.top_share
    assert est.alpha_for_top_share is workloads.alpha_for_top_share


def test_zipf_share():
    assert est.zipf_top_share(10_000, 0.0) == 0.2
    shares = [est.zipf_top_share(10_000, a) for a in np.linspace(0, 2, 9)]
    assert shares == sorted(shares)
    alpha = est.alpha_for_top_share(0.8)
    assert math.isclose(est.zipf_top_share(10_000, alpha), 0.8, abs_tol=1e-9)


def test_share_matches_a_direct_sum():
    n_keys, alpha = 1_000, 1.2
    weights = [1 / rank**alpha for rank in range(1, n_keys + 1)]
    direct = sum(weights[:200]) / sum(weights)
    assert math.isclose(est.zipf_top_share(n_keys, alpha, 0.2), direct, rel_tol=1e-9)
    assert math.isclose(est.hot_share(n_keys, alpha, 200), direct, rel_tol=1e-9)


@pytest.mark.parametrize("n_keys", [10_001, 200_000, 2_000_000])
@pytest.mark.parametrize("alpha", [0.0, 0.5, 0.8, 1.0, 1.5])
def test_large_catalogue_sums_agree_with_exact_sums(n_keys, alpha):
    p = workloads.zipf_probabilities(n_keys, alpha)
    for top in (0.01, 0.2, 0.5):
        hot = max(1, round(top * n_keys))
        assert abs(est.hot_share(n_keys, alpha, hot) - p[:hot].sum()) < 1e-6
    for reads in (n_keys / 10, n_keys, 10 * n_keys):
        exact = -np.expm1(reads * np.log1p(-p)).sum()
        assert math.isclose(est.expected_distinct(reads, n_keys, alpha), exact, rel_tol=1e-6)


def test_hot_share_tends_to_the_closed_form_limit():
    """For α < 1 the top fraction f of n keys gets f^(1-α) of requests as n grows."""
    for alpha in (0.5, 0.64, 0.8):
        assert math.isclose(est.hot_share(1e15, alpha, 2e14), 0.2 ** (1 - alpha), abs_tol=2e-3)


def test_expected_distinct_matches_a_simulation():
    n_keys, reads, alpha = 5_000, 20_000, 0.8
    counts = [len(np.unique(workloads.zipf_trace(reads, n_keys, alpha, seed=s)))
              for s in range(20)]
    expected = est.expected_distinct(reads, n_keys, alpha)
    spread = np.std(counts) / math.sqrt(len(counts))
    assert abs(np.mean(counts) - expected) < 4 * spread + 1


def test_expected_distinct_edges():
    assert est.expected_distinct(0, 1e9, 0.8) == 0
    assert math.isclose(est.expected_distinct(1, 1e9, 0.8), 1.0, rel_tol=1e-6)
    assert est.expected_distinct(1e12, 100, 0.8) == pytest.approx(100)
    assert est.hot_share(100, 1.0, 500) == 1.0


def test_breslau_skews_give_far_less_than_80_percent():
    """The notebook's claim: at α = 0.64-0.83 (Breslau et al. 1999, web proxies) the top 20 %
    of keys get roughly 55-70 % of requests (10,000 keys), and 80/20 needs a steeper skew."""
    low, high = (est.zipf_top_share(10_000, a) for a in est.BRESLAU_ALPHAS)
    assert 0.5 < low < high < 0.75
    for n_keys in (100, 10_000, 1_000_000):
        assert est.alpha_for_top_share(0.8, n_keys) > max(est.BRESLAU_ALPHAS)
    # The old text's "α = 1 gives about 84 %" holds only for α = 1, outside the band.
    assert est.zipf_top_share(10_000, 1.0) > 0.8


def test_more_keys_at_the_same_skew_concentrate_requests():
    for alpha in (0.64, 0.8, 1.0):
        shares = [est.hot_share(n, alpha, 0.2 * n) for n in (100, 10_000, 1e6, 1e9)]
        assert shares == sorted(shares)


def test_zipf_share_curve():
    curve = est.zipf_share_curve(1_000, 0.2)
    assert list(curve["alpha"]) == list(est.ALPHAS)
    expected = [est.zipf_top_share(1_000, a, 0.2) for a in est.ALPHAS]
    assert np.allclose(curve["share"], expected, rtol=1e-9)
    assert curve["share"].is_monotonic_increasing


def test_the_old_argument_order_fails_loudly():
    # Before, zipf_top_share(alpha, n_keys, top); now n_keys comes first, as in core.
    with pytest.raises(TypeError, match="n_keys must be an integer"):
        est.zipf_top_share(1.0, 10_000)
    with pytest.raises(TypeError):
        est.zipf_top_share(1.0)


@pytest.mark.parametrize(("call", "message"), [
    (lambda: est.zipf_top_share(0, 1.0), "n_keys must be an integer >= 1"),
    (lambda: est.zipf_top_share(100, -1.0), "alpha must be a number >= 0"),
    (lambda: est.zipf_top_share(100, 1.0, 0), "top must be a fraction"),
    (lambda: est.alpha_for_top_share(0.1), "share must be reachable"),
    (lambda: est.hot_share(0.5, 1.0, 1), "n_keys must be a number >= 1"),
    (lambda: est.hot_share(100, 1.0, -1), "hot_keys must be a number >= 0"),
    (lambda: est.expected_distinct(-1, 100, 1.0), "n_requests must be a number >= 0"),
    (lambda: skew.zipf_share_curve(100, 2.0), "top must be a fraction"),
])
def test_bad_input_raises_clear_value_error(call, message):
    with pytest.raises(ValueError, match=message):
        call()
