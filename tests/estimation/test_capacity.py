"""The estimator: the worked example, the cache sized by distinct objects, the 70 % model on
servers and storage, the year length, invariants, and every assumption checked."""

from __future__ import annotations

import math
from dataclasses import fields, replace

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sysdesign.core.units import format_bytes
from sysdesign.estimation import capacity as m
from sysdesign.estimation.skew import expected_distinct, hot_share


def test_url_shortener_worked_example():
    w = m.URL_SHORTENER
    e = m.estimate(w)
    assert math.isclose(e.write_qps, 10e6 / 86_400)
    assert math.isclose(e.read_qps, 100e6 / 86_400)
    assert math.isclose(e.storage_per_day, 5e9)
    assert math.isclose(e.storage_per_year, 5e9 * w.year_days)
    assert math.isclose(e.storage_total, 5e9 * w.year_days * 10 * 3)
    assert e.servers == math.ceil(2 * 110e6 / 86_400 / 700)


def test_the_year_length_is_a_visible_assumption():
    julian, calendar = m.URL_SHORTENER, replace(m.URL_SHORTENER, year_days=365)
    assert julian.year_days == 365.25
    assert "year_days" in julian.table().index
    ratio = m.estimate(julian).storage_per_year / m.estimate(calendar).storage_per_year
    assert math.isclose(ratio, 365.25 / 365)


def test_the_70_percent_model_applies_to_storage_as_to_servers():
    """The notes: total : estimated = 100 : 70, so buy the data divided by 0.7."""
    for utilization in (0.5, 0.7, 1.0):
        e = m.estimate(replace(m.URL_SHORTENER, target_utilization=utilization))
        assert math.isclose(e.storage_provisioned, e.storage_total / utilization)
        peak = e.peak_read_qps + e.peak_write_qps
        assert e.servers == math.ceil(peak / (1_000 * utilization) - 1e-9)
    default = m.estimate(m.URL_SHORTENER)
    assert math.isclose(default.storage_total / default.storage_provisioned, 0.7)


def test_cache_is_sized_by_distinct_hot_objects_not_by_reads():
    w = m.URL_SHORTENER
    e = m.estimate(w)
    reads_per_day = e.read_qps * 86_400
    stored = 10e6 * w.year_days * w.retention_years
    assert math.isclose(e.objects_stored, stored)
    assert math.isclose(e.distinct_reads_per_day,
                        expected_distinct(reads_per_day, stored, w.zipf_alpha))
    assert e.distinct_reads_per_day < reads_per_day  # hot links are read more than once
    assert math.isclose(e.cache_memory, 0.2 * e.distinct_reads_per_day * 500)
    assert math.isclose(e.cache_upper_bound, 0.2 * reads_per_day * 500)
    assert e.cache_memory < e.cache_upper_bound
    assert math.isclose(e.cache_hit_ratio, hot_share(stored, w.zipf_alpha,
                                                     0.2 * e.distinct_reads_per_day))


def test_the_80_20_rule_does_not_deliver_80_percent_at_proxy_skews():
    """Caching a fifth of a day's distinct links catches far less than 80 % of redirects
    at α = 0.8, and more than 80 % only for steep skews."""
    at = {a: m.estimate(replace(m.URL_SHORTENER, zipf_alpha=a)) for a in (0.64, 0.8, 1.0, 1.2)}
    assert at[0.64].cache_hit_ratio < at[0.8].cache_hit_ratio < 0.8
    assert at[1.0].cache_hit_ratio < 0.8 < at[1.2].cache_hit_ratio
    # A steeper skew also means fewer distinct links a day, so a smaller cache.
    assert at[1.2].cache_memory < at[0.8].cache_memory


def test_longer_retention_lowers_the_hit_ratio_below_alpha_one():
    """Exercise 01.4's claim: the same reads spread over a larger catalogue."""
    ten = m.estimate(m.URL_SHORTENER)
    twenty = m.estimate(replace(m.URL_SHORTENER, retention_years=20))
    assert twenty.cache_hit_ratio < ten.cache_hit_ratio


def test_table_shows_every_field_with_units():
    e = m.estimate(m.URL_SHORTENER)
    table = e.table()
    assert len(table) == len(fields(m.Estimate))
    shown = table["estimate"]
    assert shown["average read QPS"] == "1,157 req/s"
    assert shown["new data per day (1 copy)"] == "5 GB"
    assert shown["bandwidth in"] == "57.9 kB/s"
    assert shown["cache memory (hottest share of them)"] == format_bytes(e.cache_memory)
    assert shown["cache upper bound (share × a day's reads)"] == "10 GB"
    assert shown["storage to buy (data fills the target share)"] == format_bytes(
        e.storage_total / 0.7)
    assert shown["servers (peak fills the target share)"] == "4"


def test_assumption_table_lists_every_field():
    table = m.URL_SHORTENER.table()
    assert list(table.index) == [f.name for f in fields(m.Workload)]
    assert table.loc["target_utilization", "value"] == "70 %"
    assert table.loc["object_size_bytes", "value"] == "500 B"
    # pandas cuts a cell at display.max_colwidth characters, in the HTML GitHub shows too
    limit = pd.get_option("display.max_colwidth")
    assert table.map(len).max().max() <= limit
    assert m.estimate(m.URL_SHORTENER).table().map(len).max().max() <= limit


@settings(deadline=None)
@given(st.floats(1, 1e9), st.floats(0.01, 100), st.floats(0.01, 100), st.floats(1, 10),
       st.floats(1, 1e6), st.floats(0, 2))
def test_estimate_invariants(dau, per_user, ratio, peak, server_qps, alpha):
    w = m.Workload(daily_active_users=dau, requests_per_user=per_user, read_write_ratio=ratio,
                   peak_factor=peak, server_qps=server_qps, zipf_alpha=alpha)
    e = m.estimate(w)
    assert math.isclose((e.read_qps + e.write_qps) * 86_400, dau * per_user, rel_tol=1e-9)
    assert math.isclose(e.read_qps, ratio * e.write_qps, rel_tol=1e-9)
    assert e.peak_read_qps >= e.read_qps
    assert e.servers * server_qps * 0.7 >= (e.peak_read_qps + e.peak_write_qps) * (1 - 1e-9)
    assert 0 <= e.cache_memory <= e.cache_upper_bound * (1 + 1e-9)
    assert 0 <= e.cache_hit_ratio <= 1
    assert e.distinct_reads_per_day <= min(e.read_qps * 86_400, e.objects_stored) * (1 + 1e-9)


def test_an_idle_service_still_needs_one_server_and_caches_nothing():
    e = m.estimate(m.Workload(0, 0, 1))
    assert e.servers == 1
    assert e.cache_memory == e.cache_hit_ratio == e.distinct_reads_per_day == 0


def test_no_retention_means_nothing_to_cache():
    e = m.estimate(replace(m.URL_SHORTENER, retention_years=0))
    assert e.storage_total == e.objects_stored == e.cache_memory == 0


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"daily_active_users": -1}, "daily_active_users must be a number >= 0"),
    ({"retention_years": -1}, "retention_years must be a number >= 0"),
    ({"server_qps": 0}, "server_qps must be a number > 0"),
    ({"peak_factor": 0.5}, "peak_factor must be a number >= 1"),
    ({"replication_factor": 0}, "replication_factor must be an integer >= 1"),
    ({"cache_share": 20}, "cache_share must be a fraction"),
    ({"zipf_alpha": -0.5}, "zipf_alpha must be a number >= 0"),
    ({"target_utilization": 0}, "target_utilization must be a fraction in \\(0, 1\\]"),
    ({"target_utilization": 70}, "percentage"),
    ({"year_days": 12}, "year_days must be a number in 360..366"),
])
def test_bad_assumptions_raise_clear_value_error(kwargs, message):
    base = {"daily_active_users": 1, "requests_per_user": 1, "read_write_ratio": 1}
    with pytest.raises(ValueError, match=message):
        m.Workload(**{**base, **kwargs})


@pytest.mark.parametrize("call", [
    lambda: m.estimate({"daily_active_users": 1}),
    lambda: m.Workload("100", 1, 1),
    lambda: m.Workload(1, 1, 1, replication_factor=2.5),
])
def test_wrong_types_raise_type_error(call):
    with pytest.raises(TypeError):
        call()
