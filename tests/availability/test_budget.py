"""The nines: published downtime tables, the inverse, invariants and input errors."""

from __future__ import annotations

import math
from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sysdesign.availability import budget as m
from sysdesign.core.units import format_duration

fractions = st.floats(0.0, 1.0, allow_nan=False)


@pytest.mark.parametrize(("availability", "period", "month_days", "expected"), [
    (0.99, "year", m.MONTH_DAYS, timedelta(days=3.6525)),
    (0.999, "year", m.MONTH_DAYS, timedelta(hours=8.766)),
    (0.9999, "year", m.MONTH_DAYS, timedelta(minutes=52.596)),
    (0.999, "month", 30, timedelta(minutes=43.2)),
    (0.999, "month", m.YEAR_DAYS / 12, timedelta(minutes=43.83)),
    (0.9, "month", 30, timedelta(hours=72)),
    (0.999, "week", m.MONTH_DAYS, timedelta(minutes=10.08)),
    (0.9999, "day", m.MONTH_DAYS, timedelta(seconds=8.64)),
])
def test_downtime_matches_published_tables(availability, period, month_days, expected):
    got = m.downtime(availability, period, month_days=month_days)
    assert abs(got - expected) < timedelta(seconds=1)


@given(fractions, st.sampled_from(m.PERIODS), st.floats(28, 31))
def test_availability_for_inverts_downtime(a, period, month_days):
    allowed = m.downtime(a, period, month_days=month_days)
    back = m.availability_for(allowed, period, month_days=month_days)
    assert math.isclose(back, a, abs_tol=1e-6)  # timedelta keeps microseconds only


@given(fractions, fractions)
def test_downtime_falls_as_availability_rises(a, b):
    lo, hi = sorted((a, b))
    assert m.downtime(hi) <= m.downtime(lo)


def test_the_year_length_is_a_parameter_and_the_month_follows_it():
    """The notes' time table uses 365 days; their nines table (8.77 hours at 99.9 %) uses
    365.25. Both are one parameter away."""
    assert m.period_length("year", year_days=365) == timedelta(days=365)
    assert m.period_length("quarter", year_days=365) * 4 == timedelta(days=365)
    assert m.period_length("month", year_days=365) * 12 == timedelta(days=365)
    assert m.period_length("month", year_days=365, month_days=30) == timedelta(days=30)
    assert format_duration(m.downtime(0.999)) == "8.77 hours"
    assert format_duration(m.downtime(0.999, year_days=365)) == "8.76 hours"
    assert m.period_length("year").total_seconds() == 365.25 * 86_400
    table = m.nines_table(year_days=365)
    assert table.loc[0, "per year"] == "36.5 days" and table.loc[2, "per year"] == "8.76 hours"


def test_month_conventions_by_name():
    assert m.month_days_for("30") == 30.0 and m.month_days_for("twelfth") is None
    with pytest.raises(ValueError, match="month must be one of"):
        m.month_days_for("31")


def test_the_notes_nines_table_mixes_month_lengths():
    """72 hours (90 %) and 4.32 minutes (99.99 %) a month assume 30 days; 43.8 minutes
    (99.9 %) assumes a twelfth of a year."""
    thirty = m.nines_table(month_days=30).set_index("availability")["per month"]
    twelfth = m.nines_table().set_index("availability")["per month"]
    assert thirty["90%"] == "3 days"  # 72 hours
    assert thirty["99.99%"] == "4.32 minutes"
    assert twelfth["99.9%"] == "43.8 minutes" and thirty["99.9%"] == "43.2 minutes"


def test_period_lengths():
    assert m.period_length("year") == timedelta(days=365.25)
    assert m.period_length("quarter") * 4 == m.period_length("year")
    assert m.period_length("month") * 12 == m.period_length("year")
    assert m.period_length("month", month_days=30) == timedelta(days=30)
    assert m.period_length("day", month_days=99) == timedelta(days=1)  # only months use it


def test_nines():
    assert [m.nines(c) for c in (1, 2, 3, 5)] == [0.9, 0.99, 0.999, 0.99999]
    assert m.nines(0) == 0.0
    table = m.nines_table(month_days=30)
    assert list(table["availability"]) == ["90%", "99%", "99.9%", "99.99%", "99.999%",
                                           "99.9999%"]
    assert table.loc[2, "per month"] == "43.2 minutes"


@given(st.floats(0, 1), st.floats(28, 31))
def test_downtime_per_period_agrees_with_downtime(a, month_days):
    seconds = m.downtime_per_period(a, m.PERIODS, month_days=month_days)
    assert list(seconds.index) == m.PERIODS
    for period, value in seconds.items():
        assert value == m.downtime(a, period, month_days=month_days).total_seconds()


def test_each_nine_divides_downtime_by_ten():
    per_year = [m.downtime_per_period(m.nines(c))["year"] for c in range(1, 7)]
    for more, fewer in zip(per_year[1:], per_year, strict=False):
        assert math.isclose(more * 10, fewer, rel_tol=1e-6)


def test_check_availability_is_the_fraction_rule():
    assert m.check_availability(0.5) == 0.5
    with pytest.raises(ValueError, match="share must be a fraction"):
        m.check_availability(2.0, "share")


@pytest.mark.parametrize(("call", "message"), [
    (lambda: m.downtime(99.9), "percentage: did you mean 0.999"),
    (lambda: m.downtime(-0.1), r"availability must be a fraction in \[0, 1\]"),
    (lambda: m.downtime(0.999, "fortnight"), "period must be one of 'year'.*got 'fortnight'"),
    (lambda: m.downtime(0.999, "month", month_days=40), "month_days must be a number in 28..31"),
    (lambda: m.availability_for(timedelta(days=2), "day"), "allowed must be between 0 and one day"),
    (lambda: m.availability_for(timedelta(days=-1)), "allowed must be between 0 and one year"),
    (lambda: m.nines(-1), "count must be a number >= 0"),
    (lambda: m.nines(float("nan")), "count must be a finite number"),
    (lambda: m.downtime(0.999, year_days=400), "year_days must be a number in 360..366"),
])
def test_bad_input_raises_clear_value_error(call, message):
    with pytest.raises(ValueError, match=message):
        call()


@pytest.mark.parametrize("call", [
    lambda: m.downtime("0.999"),
    lambda: m.downtime(True),
    lambda: m.availability_for(60, "hour"),
    lambda: m.period_length("month", month_days="30"),
    lambda: m.nines("3"),
])
def test_wrong_types_raise_type_error(call):
    with pytest.raises(TypeError):
        call()
