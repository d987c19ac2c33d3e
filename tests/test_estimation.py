"""Estimation helpers: published values, inverses, invariants and input errors."""

from __future__ import annotations

import math
from datetime import timedelta

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sysdesign import estimation as est

fractions = st.floats(0.0, 1.0, allow_nan=False)


@pytest.mark.parametrize(("availability", "period", "month_days", "expected"), [
    (0.99, "year", est.MONTH_DAYS, timedelta(days=3.6525)),
    (0.999, "year", est.MONTH_DAYS, timedelta(hours=8.766)),
    (0.9999, "year", est.MONTH_DAYS, timedelta(minutes=52.596)),
    (0.999, "month", 30, timedelta(minutes=43.2)),
    (0.999, "month", est.YEAR_DAYS / 12, timedelta(minutes=43.83)),
    (0.9, "month", 30, timedelta(hours=72)),
    (0.999, "week", est.MONTH_DAYS, timedelta(minutes=10.08)),
    (0.9999, "day", est.MONTH_DAYS, timedelta(seconds=8.64)),
])
def test_downtime_matches_published_tables(availability, period, month_days, expected):
    got = est.downtime(availability, period, month_days=month_days)
    assert abs(got - expected) < timedelta(seconds=1)


@given(fractions, st.sampled_from(est.PERIODS), st.floats(28, 31))
def test_availability_for_inverts_downtime(a, period, month_days):
    allowed = est.downtime(a, period, month_days=month_days)
    back = est.availability_for(allowed, period, month_days=month_days)
    assert math.isclose(back, a, abs_tol=1e-6)  # timedelta keeps microseconds only


@given(fractions, fractions)
def test_downtime_falls_as_availability_rises(a, b):
    lo, hi = sorted((a, b))
    assert est.downtime(hi) <= est.downtime(lo)


@given(st.lists(fractions, min_size=1, max_size=6))
def test_series_never_beats_weakest_and_parallel_never_below_strongest(parts):
    assert est.series(*parts) <= min(parts) + 1e-12
    assert est.parallel(*parts) >= max(parts) - 1e-12


@given(st.integers(1, 8), fractions)
def test_k_of_n_reduces_to_series_and_parallel(n, a):
    assert math.isclose(est.k_of_n(n, n, a), est.series(*[a] * n), abs_tol=1e-12)
    assert math.isclose(est.k_of_n(1, n, a), est.parallel(*[a] * n), abs_tol=1e-12)


@pytest.mark.parametrize(("k", "n", "a"), [(3, 3, 0.99), (1, 3, 0.9), (2, 3, 0.95), (3, 5, 0.9)])
def test_monte_carlo_agrees_with_formula_within_sampling_error(k, n, a):
    trials = 200_000
    exact = est.k_of_n(k, n, a)
    simulated = est.monte_carlo_availability([a] * n, k, trials=trials, seed=1)
    sigma = math.sqrt(exact * (1 - exact) / trials)
    assert abs(simulated - exact) <= 4 * sigma + 1e-9


def test_monte_carlo_is_seeded():
    runs = {est.monte_carlo_availability([0.9, 0.8], 1, trials=1000, seed=7) for _ in range(3)}
    assert len(runs) == 1


def test_nines():
    assert [est.nines(c) for c in (1, 2, 3, 5)] == [0.9, 0.99, 0.999, 0.99999]
    table = est.nines_table(month_days=30)
    assert list(table["availability"]) == ["90%", "99%", "99.9%", "99.99%", "99.999%",
                                           "99.9999%"]
    assert table.loc[2, "per month"] == "43.2 minutes"


def test_powers_of_two_and_formatting():
    table = est.powers_of_two_table()
    assert table.loc[0, "exact bytes"] == "1,024"
    assert table.loc[3, "binary is larger by"] == "10.0%"
    assert est.format_bytes(1e12) == "1 TB"
    assert est.format_bytes(2**40, binary=True) == "1 TiB"
    assert est.format_bytes(1e12, binary=True) == "931 GiB"
    assert est.format_duration(timedelta(hours=8.766)) == "8.77 hours"
    assert est.format_duration(1.0) == "1 s"
    assert est.format_duration(5e-10) == "0.5 ns"


def test_human_scale_keeps_ratios():
    table = est.latency_table("Main memory reference", 1.0)
    row = table.set_index("operation").loc["L1 cache reference", "human seconds"]
    assert math.isclose(row, 0.005)


def test_url_shortener_worked_example():
    e = est.estimate(est.URL_SHORTENER)
    assert math.isclose(e.write_qps, 10e6 / 86_400)
    assert math.isclose(e.read_qps, 100e6 / 86_400)
    assert math.isclose(e.storage_per_day, 5e9)
    assert math.isclose(e.cache_memory, 0.2 * 100e6 * 500)
    assert e.servers == math.ceil(2 * 110e6 / 86_400 / 700)


@given(st.floats(1, 1e9), st.floats(0.01, 100), st.floats(0.01, 100), st.floats(1, 10),
       st.floats(1, 1e6))
def test_estimate_invariants(dau, per_user, ratio, peak, server_qps):
    w = est.Workload(daily_active_users=dau, requests_per_user=per_user, read_write_ratio=ratio,
                     peak_factor=peak, server_qps=server_qps)
    e = est.estimate(w)
    assert math.isclose((e.read_qps + e.write_qps) * 86_400, dau * per_user, rel_tol=1e-9)
    assert math.isclose(e.read_qps, ratio * e.write_qps, rel_tol=1e-9)
    assert e.peak_read_qps >= e.read_qps
    assert e.servers * server_qps * 0.7 >= (e.peak_read_qps + e.peak_write_qps) * (1 - 1e-9)


def test_zipf_share():
    assert est.zipf_top_share(0.0) == 0.2
    shares = [est.zipf_top_share(a) for a in np.linspace(0, 2, 9)]
    assert shares == sorted(shares)
    alpha = est.alpha_for_top_share(0.8)
    assert math.isclose(est.zipf_top_share(alpha), 0.8, abs_tol=1e-9)


@pytest.mark.parametrize(("call", "message"), [
    (lambda: est.downtime(99.9), "percentage: did you mean 0.999"),
    (lambda: est.downtime(-0.1), "between 0 and 1"),
    (lambda: est.downtime(0.999, "fortnight"), "unknown period 'fortnight'"),
    (lambda: est.downtime(0.999, "month", month_days=40), "month_days"),
    (lambda: est.Workload(-1, 1, 1), "daily_active_users cannot be negative"),
    (lambda: est.Workload(1, 1, 1, server_qps=0), "server_qps must be > 0"),
    (lambda: est.Workload(1, 1, 1, peak_factor=0.5), "peak_factor"),
    (lambda: est.k_of_n(4, 3, 0.9), "k must be between 1 and n=3"),
    (lambda: est.latency_table("teleport"), "unknown reference"),
    (lambda: est.availability_for(timedelta(days=2), "day"), "between 0 and one day"),
    (lambda: est.format_bytes(-1), "cannot be negative"),
])
def test_bad_input_raises_clear_value_error(call, message):
    with pytest.raises(ValueError, match=message):
        call()


@pytest.mark.parametrize("call", [
    lambda: est.downtime("0.999"),
    lambda: est.estimate({"daily_active_users": 1}),
    lambda: est.k_of_n(2.5, 3, 0.9),
    lambda: est.availability_for(60, "hour"),
])
def test_wrong_types_raise_type_error(call):
    with pytest.raises(TypeError):
        call()
