"""The estimator: the worked example, invariants, and every assumption checked."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sysdesign.estimation import capacity as m


def test_url_shortener_worked_example():
    e = m.estimate(m.URL_SHORTENER)
    assert math.isclose(e.write_qps, 10e6 / 86_400)
    assert math.isclose(e.read_qps, 100e6 / 86_400)
    assert math.isclose(e.storage_per_day, 5e9)
    assert math.isclose(e.storage_per_year, 5e9 * 365.25)
    assert math.isclose(e.storage_total, 5e9 * 365.25 * 10 * 3)
    assert math.isclose(e.cache_memory, 0.2 * 100e6 * 500)
    assert e.servers == math.ceil(2 * 110e6 / 86_400 / 700)


def test_table_shows_every_field_with_units():
    table = m.estimate(m.URL_SHORTENER).table()
    assert len(table) == 11
    shown = table["estimate"]
    assert shown["average read QPS"] == "1,157 req/s"
    assert shown["new data per day (1 copy)"] == "5 GB"
    assert shown["bandwidth in"] == "57.9 kB/s"
    assert shown["cache memory (80/20 rule)"] == "10 GB"
    assert shown["servers at target utilisation"] == "4"


@given(st.floats(1, 1e9), st.floats(0.01, 100), st.floats(0.01, 100), st.floats(1, 10),
       st.floats(1, 1e6))
def test_estimate_invariants(dau, per_user, ratio, peak, server_qps):
    w = m.Workload(daily_active_users=dau, requests_per_user=per_user, read_write_ratio=ratio,
                   peak_factor=peak, server_qps=server_qps)
    e = m.estimate(w)
    assert math.isclose((e.read_qps + e.write_qps) * 86_400, dau * per_user, rel_tol=1e-9)
    assert math.isclose(e.read_qps, ratio * e.write_qps, rel_tol=1e-9)
    assert e.peak_read_qps >= e.read_qps
    assert e.servers * server_qps * 0.7 >= (e.peak_read_qps + e.peak_write_qps) * (1 - 1e-9)


def test_an_idle_service_still_needs_one_server():
    assert m.estimate(m.Workload(0, 0, 1)).servers == 1


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"daily_active_users": -1}, "daily_active_users must be a number >= 0"),
    ({"retention_years": -1}, "retention_years must be a number >= 0"),
    ({"server_qps": 0}, "server_qps must be a number > 0"),
    ({"peak_factor": 0.5}, "peak_factor must be a number >= 1"),
    ({"replication_factor": 0}, "replication_factor must be an integer >= 1"),
    ({"cache_share": 20}, "cache_share must be a fraction"),
    ({"target_utilization": 0}, "target_utilization must be a fraction in \\(0, 1\\]"),
    ({"target_utilization": 70}, "percentage"),
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
