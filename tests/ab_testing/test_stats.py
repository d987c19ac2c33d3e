"""sample_size, power, z-test, interval: closed forms checked against statsmodels and scipy."""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats as sps
from statsmodels.stats.power import NormalIndPower
from statsmodels.stats.proportion import (
    confint_proportions_2indep,
    power_proportions_2indep,
    proportion_effectsize,
    proportions_ztest,
)

from sysdesign.ab_testing import lift_interval, power_at, sample_size, z_test

CASES = [(0.10, 0.02), (0.10, 0.01), (0.05, 0.005), (0.5, 0.05), (0.01, 0.002),
         (0.3, 0.1), (0.9, 0.05), (0.02, 0.01), (0.001, 0.0005)]


def sm_power(baseline, mde, n, alpha=0.05):
    return power_proportions_2indep(mde, baseline, n, alpha=alpha, return_results=False)


def test_known_value_and_plain_int():
    n = sample_size(0.10, 0.02)
    assert n == 3841 and type(n) is int


@pytest.mark.parametrize(("baseline", "mde"), CASES)
@pytest.mark.parametrize(("alpha", "power"), [(0.05, 0.8), (0.01, 0.9), (0.05, 0.95)])
def test_statsmodels_power_crosses_the_target_exactly_at_n(baseline, mde, alpha, power):
    n = sample_size(baseline, mde, alpha=alpha, power=power)
    assert sm_power(baseline, mde, n, alpha) >= power
    assert sm_power(baseline, mde, n - 1, alpha) < power


@pytest.mark.parametrize(("baseline", "mde"), CASES)
@pytest.mark.parametrize(("alpha", "power"), [(0.05, 0.8), (0.1, 0.5), (0.2, 0.6)])
def test_formula_is_the_near_tail_of_statsmodels_power(baseline, mde, alpha, power):
    # statsmodels' two-sided power adds the far tail (rejecting with the wrong sign),
    # which the textbook formula ignores; with weak settings it is large enough to move
    # n by one. Its one-sided power at alpha/2 is exactly the formula's.
    n = sample_size(baseline, mde, alpha=alpha, power=power)
    one_tail = dict(alpha=alpha / 2, alternative="larger", return_results=False)
    assert power_proportions_2indep(mde, baseline, n, **one_tail) >= power
    assert power_proportions_2indep(mde, baseline, n - 1, **one_tail) < power
    assert sm_power(baseline, mde, n, alpha) >= power


@pytest.mark.parametrize(("baseline", "mde"), CASES)
def test_cohens_h_formula_agrees_closely(baseline, mde):
    # NormalIndPower works on the arcsine scale, whose variance does not depend on p:
    # a different approximation of the same test, so n differs a little.
    h = proportion_effectsize(baseline + mde, baseline)
    n_h = NormalIndPower().solve_power(effect_size=h, alpha=0.05, power=0.8, ratio=1)
    # Within 0.5 % for lifts small relative to the baseline, away from 1; about 1 % for a
    # 50 % relative lift on a small baseline (0.02 -> 0.03) and 3 % near 1 (0.9 -> 0.95).
    large = baseline + mde > 0.9 or mde / baseline >= 0.5
    tolerance = 0.03 if baseline + mde > 0.9 else 0.011 if large else 0.005
    assert sample_size(baseline, mde) == pytest.approx(n_h, rel=tolerance)
    assert sample_size(baseline, mde) >= n_h  # the arcsine approximation asks for fewer here


@given(st.floats(0.01, 0.9), st.floats(0.001, 0.09))
@settings(max_examples=60, deadline=None)
def test_power_at_matches_statsmodels_up_to_the_far_tail(baseline, mde):
    n = sample_size(baseline, mde)
    far_tail = sm_power(baseline, mde, n) - power_at(baseline, mde, n)
    assert 0 <= far_tail < 1e-3


@given(st.floats(0.01, 0.8), st.floats(0.002, 0.1), st.floats(0.01, 0.2),
       st.floats(0.5, 0.95))
@settings(max_examples=80, deadline=None)
def test_properties_monotone_and_minimal(baseline, mde, alpha, power):
    n = sample_size(baseline, mde, alpha=alpha, power=power)
    assert n >= 1
    assert power_at(baseline, mde, n, alpha=alpha) >= power - 1e-9
    if n > 1:
        assert power_at(baseline, mde, n - 1, alpha=alpha) < power
    assert sample_size(baseline, mde / 2, alpha=alpha, power=power) >= n
    assert sample_size(baseline, mde, alpha=alpha / 2, power=power) >= n


@pytest.mark.parametrize(("kwargs", "name"), [
    ({"baseline": 0.0, "mde": 0.01}, "baseline"), ({"baseline": 1.0, "mde": 0.01}, "baseline"),
    ({"baseline": 0.1, "mde": 0.0}, "mde"), ({"baseline": 0.1, "mde": -0.01}, "mde"),
    ({"baseline": 0.95, "mde": 0.05}, "mde"),
    ({"baseline": 0.1, "mde": 0.01, "power": 1.0}, "power"),
    ({"baseline": 0.1, "mde": 0.01, "power": 0.0}, "power"),
    ({"baseline": 0.1, "mde": 0.01, "alpha": 1.0}, "alpha"),
])
def test_bad_input_names_the_parameter(kwargs, name):
    with pytest.raises(ValueError, match=name):
        sample_size(**kwargs)


@pytest.mark.parametrize("name", ["baseline", "mde", "alpha", "power"])
@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_nan_and_inf_are_value_errors_naming_the_parameter(name, bad):
    kwargs = {"baseline": 0.1, "mde": 0.01, name: bad}
    with pytest.raises(ValueError, match=name):
        sample_size(**kwargs)


@pytest.mark.parametrize("name", ["baseline", "mde", "alpha", "power"])
def test_bools_and_strings_are_type_errors_naming_the_parameter(name):
    for bad in (True, "0.1"):
        with pytest.raises(TypeError, match=name):
            sample_size(**{"baseline": 0.1, "mde": 0.01, name: bad})


def test_keyword_only_and_numpy_inputs_give_a_plain_int():
    import numpy as np

    with pytest.raises(TypeError):
        sample_size(0.1, 0.01, 0.05)  # alpha and power are keyword-only
    n = sample_size(np.float64(0.1), np.float32(0.02))
    assert type(n) is int and n == sample_size(0.1, float(np.float32(0.02)))
    with pytest.raises(ValueError, match="alpha"):
        power_at(0.1, 0.02, 100, alpha=0.0)


@given(st.integers(1, 5000), st.integers(1, 5000), st.data())
@settings(max_examples=100, deadline=None)
def test_z_test_equals_statsmodels_and_scipy(na, nb, data):
    xa = data.draw(st.integers(0, na))
    xb = data.draw(st.integers(0, nb))
    r = z_test(xa, na, xb, nb)
    pooled = (xa + xb) / (na + nb)
    if 0 < pooled < 1:
        z, p = proportions_ztest([xb, xa], [nb, na])
        assert r["z"] == pytest.approx(z, rel=1e-9, abs=1e-12)
        assert r["p_value"] == pytest.approx(p, rel=1e-9, abs=1e-15)
        assert r["p_value"] == pytest.approx(2 * sps.norm.sf(abs(r["z"])), rel=1e-9, abs=1e-15)
    else:
        assert r["z"] == 0 and r["p_value"] == 1


def test_interval_equals_statsmodels_wald():
    low, high = lift_interval(100, 1000, 130, 1000)
    sm_low, sm_high = confint_proportions_2indep(130, 1000, 100, 1000, method="wald")
    assert (low, high) == pytest.approx((sm_low, sm_high), rel=1e-9)
    assert low < 0.03 < high and math.isclose(low + high, 0.06)


@given(st.integers(2, 5000), st.integers(2, 5000), st.data())
@settings(max_examples=60, deadline=None)
def test_interval_equals_statsmodels_wald_for_unequal_groups(na, nb, data):
    # Unequal group sizes: a standard error that swapped n_A and n_B would fail here.
    xa = data.draw(st.integers(1, na - 1))
    xb = data.draw(st.integers(1, nb - 1))
    level = data.draw(st.sampled_from([0.8, 0.9, 0.95, 0.99]))
    low, high = lift_interval(xa, na, xb, nb, confidence=level)
    sm_low, sm_high = confint_proportions_2indep(xb, nb, xa, na, method="wald",
                                                 alpha=1 - level)
    assert low == pytest.approx(sm_low, rel=1e-9, abs=1e-12)
    assert high == pytest.approx(sm_high, rel=1e-9, abs=1e-12)
