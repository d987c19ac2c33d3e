"""The "Try it" answers of notebook 01 follow from the models, and their feedback is true."""

from __future__ import annotations

from sysdesign.availability import downtime
from sysdesign.core.exercises import evaluate, exercise


def _minutes(availability, **lengths):
    return downtime(availability, "month", **lengths).total_seconds() / 60


def test_a_rounded_answer_is_close_not_mistaken_for_the_other_month():
    """01.1: 0.05 % of a 30-day month is 21.6 minutes; rounded to 22 it must be called
    close, not "that is for a month of 30.44 days" (which is 21.9 minutes)."""
    answer = exercise("01.1").answer()
    assert answer == _minutes(0.9995, month_days=30)
    twelfth = _minutes(0.9995)
    rounded = round(answer)
    # The rounded answer sits nearer the other month's value than the tolerance used to allow.
    assert abs(rounded - twelfth) < abs(rounded - answer)
    assert evaluate("01.1", rounded).status == "close"
    assert evaluate("01.1", round(answer, 1)).status == "correct"
    for attempt in (twelfth, round(twelfth, 1), round(twelfth, 2)):
        feedback = evaluate("01.1", attempt)
        assert feedback.status == "wrong" and "30.44 days" in feedback.message
