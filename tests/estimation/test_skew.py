"""The 80/20 rule under Zipf: one argument order, shared with core.workloads."""

from __future__ import annotations

import math

import numpy as np
import pytest

from sysdesign import estimation as est
from sysdesign.core import workloads


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


def test_more_keys_at_the_same_skew_spread_requests_thinner():
    assert est.zipf_top_share(100, 1.0) < est.zipf_top_share(100_000, 1.0)


def test_zipf_share_curve():
    curve = est.zipf_share_curve(1_000, 0.2)
    assert list(curve["alpha"]) == list(est.ALPHAS)
    assert list(curve["share"]) == [est.zipf_top_share(1_000, a, 0.2) for a in est.ALPHAS]
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
])
def test_bad_input_raises_clear_value_error(call, message):
    with pytest.raises(ValueError, match=message):
        call()
