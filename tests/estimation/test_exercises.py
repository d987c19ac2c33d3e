"""The "Try it" answers of notebook 01 follow from the models, and their feedback is true."""

from __future__ import annotations

from sysdesign.availability import downtime
from sysdesign.core.exercises import evaluate, exercise


def _minutes(availability, **lengths):
    return downtime(availability, "month", **lengths).total_seconds() / 60


def test_deploys_that_fit_in_a_30_day_month_are_counted_whole():
    """01.1: 0.05 % of a 30-day month is 1,296 s: 28 deploys of 45 s fit (1,260 s), 29 do
    not (1,305 s); 29 would fit only in a month of 30.44 days (1,314.9 s)."""
    answer = exercise("01.1").answer()
    assert answer == 28
    budget = _minutes(0.9995, month_days=30) * 60
    assert 28 * 45 <= budget < 29 * 45 <= _minutes(0.9995) * 60
    feedback = evaluate("01.1", 29)
    assert feedback.status == "wrong" and "30.44 days" in feedback.message
    for attempt in (28.8, 21.6, 57):
        assert evaluate("01.1", attempt).status == "wrong"
