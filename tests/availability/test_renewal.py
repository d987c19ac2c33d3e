"""MTBF/MTTR simulation: the alternating-renewal cross-check against the closed form
MTBF / (MTBF + MTTR), within a band derived from the process, and the zone formulas."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sysdesign.availability import k_of_n, renewal


@pytest.mark.parametrize(("mtbf", "mttr"), [(99.0, 1.0), (10.0, 10.0), (1_000.0, 4.0)])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_one_part_matches_mtbf_over_mtbf_plus_mttr_within_derived_band(mtbf, mttr, seed):
    horizon = 4_000 * (mtbf + mttr)
    exact = renewal.steady_state(mtbf, mttr)
    simulated = renewal.simulate(mtbf, mttr, horizon=horizon, seed=seed)
    # 2 A (1 - A) / ((λ + μ) T): the variance of a two-state chain's time average.
    assert abs(simulated - exact) <= 4.5 * renewal.standard_error(mtbf, mttr, horizon)


def test_derived_band_is_the_real_spread_of_the_estimate():
    mtbf, mttr, horizon = 9.0, 1.0, 2_000.0
    runs = np.array([renewal.simulate(mtbf, mttr, horizon=horizon, seed=s)
                     for s in range(400)])
    predicted = renewal.standard_error(mtbf, mttr, horizon)
    assert abs(runs.mean() - 0.9) < 4 * predicted / math.sqrt(runs.size)
    assert 0.8 * predicted < runs.std() < 1.2 * predicted  # the band is neither loose nor tight


@pytest.mark.parametrize(("n", "k", "zones"), [(3, 2, "none"), (3, 1, "none"), (5, 3, "none"),
                                                (3, 2, "shared"), (3, 2, "each"),
                                                (2, 2, "each")])
def test_k_of_n_and_zone_formulas_match_simulation(n, k, zones):
    mtbf, mttr, zone_mtbf, zone_mttr = 20.0, 2.0, 200.0, 5.0
    formula = renewal.correlated(mtbf, mttr, n, k, zone_mtbf, zone_mttr)[
        {"none": "independent", "shared": "one shared zone", "each": "one zone each"}[zones]]
    runs = np.array([renewal.simulate(mtbf, mttr, n, k, horizon=40_000, zones=zones,
                                      zone_mtbf=zone_mtbf, zone_mttr=zone_mttr, seed=s)
                     for s in range(12)])
    band = 4 * runs.std(ddof=1) / math.sqrt(runs.size)
    assert abs(runs.mean() - formula) <= band + 1e-4


def test_a_shared_zone_caps_availability_at_the_zone():
    values = renewal.correlated(1_000, 4, 5, 1, 2_000, 8)
    zone = renewal.steady_state(2_000, 8)
    assert values["one shared zone"] < zone < values["independent"]
    assert values["one shared zone"] < values["one zone each"] < values["independent"]


@given(st.floats(0.1, 1e4), st.floats(0.0, 1e3), st.integers(1, 6), st.data())
def test_correlated_forms_are_ordered(mtbf, mttr, n, data):
    k = data.draw(st.integers(1, n))
    values = renewal.correlated(mtbf, mttr, n, k, 50.0, 1.0)
    assert values["independent"] == pytest.approx(k_of_n(k, n, renewal.steady_state(mtbf, mttr)))
    assert values["one shared zone"] <= values["independent"] + 1e-12
    assert values["one zone each"] <= values["independent"] + 1e-12


@settings(max_examples=30, deadline=None)
@given(st.floats(1.0, 100.0), st.floats(0.1, 50.0), st.integers(1, 4), st.data(),
       st.sampled_from(renewal.ZONES))
def test_simulated_share_is_a_fraction_and_more_quorum_means_less(mtbf, mttr, n, data, zones):
    k = data.draw(st.integers(1, n))
    kwargs = {"horizon": 500.0, "zones": zones, "zone_mtbf": 50.0, "seed": 3}
    share = renewal.simulate(mtbf, mttr, n, k, **kwargs)
    assert 0.0 <= share <= 1.0
    if k < n:  # same seed, same histories: needing more parts up can only lose time
        assert renewal.simulate(mtbf, mttr, n, k + 1, **kwargs) <= share + 1e-12


def test_simulation_is_seeded():
    assert renewal.simulate(10, 1, 3, 2, horizon=1e4, seed=5) == renewal.simulate(
        10, 1, 3, 2, horizon=1e4, seed=5)


def test_no_repair_time_means_always_up():
    assert renewal.steady_state(10, 0) == 1.0
    assert renewal.simulate(10, 0, 2, 2, horizon=1e3) == 1.0


@pytest.mark.parametrize(("call", "error", "message"), [
    (lambda: renewal.steady_state(0, 1), ValueError, "mtbf"),
    (lambda: renewal.steady_state(1, -1), ValueError, "mttr"),
    (lambda: renewal.simulate(1, 1, 3, 4), ValueError, "k must be an integer"),
    (lambda: renewal.simulate(1, 1, zones="rack"), ValueError, "zones must be one of"),
    (lambda: renewal.simulate(1, 1, horizon=0), ValueError, "horizon"),
    (lambda: renewal.simulate(1, 1, 2.5), TypeError, "n must be an integer"),
])
def test_bad_input_names_the_parameter(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_a_service_of_tiers_matches_the_product_of_its_tiers():
    from sysdesign.availability import series
    tiers = [(30.0, 1.0, 2, 1), (20.0, 2.0, 4, 3), (40.0, 4.0, 2, 1)]
    formula = series(*(k_of_n(k, n, renewal.steady_state(mtbf, mttr))
                       for mtbf, mttr, n, k in tiers))
    runs = np.array([renewal.simulate_tiers(tiers, horizon=40_000, seed=s) for s in range(12)])
    band = 4 * runs.std(ddof=1) / math.sqrt(runs.size)
    assert abs(runs.mean() - formula) <= band + 1e-4
    # one tier alone is the k-of-n simulation of that tier
    assert renewal.simulate_tiers([(20.0, 2.0, 4, 3)], horizon=5_000, seed=2) == pytest.approx(
        renewal.simulate(20.0, 2.0, 4, 3, horizon=5_000, seed=2))


@pytest.mark.parametrize(("tiers", "message"), [
    ([], "tiers must hold at least one"), ([(10, 1, 2)], "tiers must hold"),
    ([(10, 1, 2, 3)], "k must be an integer in 0..2")])
def test_bad_tiers_are_named(tiers, message):
    with pytest.raises(ValueError, match=message):
        renewal.simulate_tiers(tiers)
