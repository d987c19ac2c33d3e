"""SRM check against scipy's chi-square; Bonferroni and Holm against statsmodels; novelty."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import chisquare
from statsmodels.stats.multitest import multipletests

from sysdesign.ab_testing import (
    bonferroni,
    family_error_rate,
    holm,
    many_metrics,
    novelty_lift,
    srm_check,
)
from sysdesign.ab_testing import experiments as ex
from sysdesign.ab_testing.exercises import EXERCISES


@given(st.integers(0, 10**6), st.integers(0, 10**6), st.floats(0.05, 0.95))
@settings(max_examples=100, deadline=None)
def test_srm_equals_scipy_chisquare(a, b, share):
    if a + b == 0:
        return
    r = srm_check(a, b, expected_share_a=share)
    total = a + b
    stat, p = chisquare([a, b], f_exp=[total * share, total * (1 - share)])
    assert r["statistic"] == pytest.approx(stat, rel=1e-9, abs=1e-12)
    assert r["p_value"] == pytest.approx(p, rel=1e-7, abs=1e-300)


def test_srm_known_values_and_bad_input():
    assert srm_check(50_000, 49_000)["p_value"] < 0.01
    assert srm_check(50_000, 49_800)["p_value"] > 0.3
    with pytest.raises(ValueError, match="users_a"):
        srm_check(-1, 5)
    with pytest.raises(ValueError, match="expected_share_a"):
        srm_check(5, 5, expected_share_a=1.0)


@given(st.lists(st.floats(0, 1), min_size=1, max_size=30), st.floats(0.001, 0.2))
@settings(max_examples=100, deadline=None)
def test_corrections_equal_statsmodels(p, alpha):
    # statsmodels rejects at p <= alpha/m; ours at p < alpha/m: avoid the exact ties.
    p = [x for x in p if all(abs(x * k - alpha) > 1e-12 for k in range(1, 31))] or [0.5]
    for ours, method in ((bonferroni, "bonferroni"), (holm, "holm")):
        expected, *_ = multipletests(p, alpha=alpha, method=method)
        assert ours(p, alpha=alpha).tolist() == expected.tolist(), method
    assert np.all(holm(p, alpha=alpha) >= bonferroni(p, alpha=alpha))


def test_many_metrics_matches_closed_form():
    r = many_metrics(metrics=10, experiments=20_000)
    assert r["uncorrected"] == pytest.approx(family_error_rate(10), abs=0.015)
    assert r["bonferroni"] == pytest.approx(1 - (1 - 0.005) ** 10, abs=0.006)
    assert family_error_rate(1) == pytest.approx(0.05)


def test_novelty_running_estimate_stays_above_the_lasting_lift():
    lift = novelty_lift(28, lasting=0.005, novelty=0.02, half_life_days=3)
    assert lift[0] == pytest.approx(0.025) and lift[3] == pytest.approx(0.005 + 0.01)
    run = ex.novelty()
    assert np.all(run["running"] > run["lasting"]) and np.all(np.diff(run["running"]) < 0)


def test_exercise_answers():
    answers = {e.id: e.expected() for e in EXERCISES}
    assert answers == {"27.1": 31_234, "27.2": "mismatch", "27.3": "always-valid"}


def test_novelty_figure_draws_both_curves_with_alt_text():
    from sysdesign.ab_testing import plots

    fig = plots.novelty_view(ex.novelty())
    lines = fig.axes[0].get_lines()
    assert len(lines) == 3 and "lasting lift" in fig.alt_text


@pytest.mark.parametrize("bad", [[], [0.2, 1.5], [-0.01], [float("nan")], [[0.1, 0.2]]])
def test_corrections_reject_bad_p_values_naming_them(bad):
    for correction in (bonferroni, holm):
        with pytest.raises(ValueError, match="p_values"):
            correction(bad)


@pytest.mark.parametrize("name", ["lasting", "novelty"])
@pytest.mark.parametrize("bad", [float("nan"), float("inf")])
def test_novelty_lift_rejects_nan_and_inf_naming_the_parameter(name, bad):
    with pytest.raises(ValueError, match=name):
        novelty_lift(28, **{name: bad})
    with pytest.raises(TypeError, match=name):
        novelty_lift(28, **{name: "0.01"})
    # Negative values are allowed: a harmful change, or change aversion that wears off.
    assert novelty_lift(3, lasting=-0.001, novelty=-0.01)[0] == pytest.approx(-0.011)


def test_fixed_horizon_scenario_rejects_nan_users():
    with pytest.raises(ValueError, match="users"):
        ex.fixed_horizon(users=float("nan"), experiments=10)
