"""Downtime budgets and the nines: how much downtime an availability allows per year,
month, week or day.

Availability is a fraction of time (0.999, not 99.9). Downtime is what is left:
``(1 - availability) × the length of the period``. A nines table hides two assumptions,
the length of a year and the length of a month, so both are parameters here:
``year_days`` (365.25 averages leap years in; many tables use 365) and ``month_days``
(by default a twelfth of the year; some tables use 30).

>>> str(downtime(0.999, "month", month_days=30))
'0:43:12'
>>> str(downtime(0.999, "year", year_days=365)), str(downtime(0.999, "year"))
('8:45:36', '8:45:57.600000')
>>> nines(3)
0.999
"""

from __future__ import annotations

from datetime import timedelta

import pandas as pd

from sysdesign.core import checks
from sysdesign.core.units import format_duration

YEAR_DAYS = 365.25  # a Julian year: averages leap years in
# Published nines tables disagree on the month: some use 30 days, some a
# twelfth of the year (30.44 days). We default to the twelfth, so that twelve
# months make a year, and let the caller choose.
MONTH_DAYS = YEAR_DAYS / 12
PERIOD_DAYS = {"year": YEAR_DAYS, "quarter": YEAR_DAYS / 4, "week": 7.0, "day": 1.0}
PERIODS = ["year", "quarter", "month", "week", "day"]
TABLE_PERIODS = ("year", "month", "week", "day")  # the columns of a nines table
MONTHS = {"twelfth": None, "30": 30.0}  # the two month lengths published tables use


def month_days_for(month: str) -> float | None:
    """``month_days`` for a named convention: "twelfth" (of the year) or "30" (days).

    >>> month_days_for("30"), month_days_for("twelfth")
    (30.0, None)
    """
    return MONTHS[checks.choice(month, "month", MONTHS)]


def period_length(period: str, *, month_days: float | None = None,
                  year_days: float = YEAR_DAYS) -> timedelta:
    """The length of a named period: a year lasts ``year_days`` days, a quarter a fourth
    of it, and a month ``month_days`` days (``None``: a twelfth of the year).

    >>> period_length("week"), period_length("month", month_days=30)
    (datetime.timedelta(days=7), datetime.timedelta(days=30))
    >>> period_length("month", year_days=365)
    datetime.timedelta(days=30, seconds=36000)
    """
    period = checks.choice(period, "period", PERIODS)
    year_days = checks.number(year_days, "year_days", 360, 366, hint="days in a year")
    if period == "month":
        if month_days is None:
            return timedelta(days=year_days / 12)
        return timedelta(days=checks.number(month_days, "month_days", 28, 31,
                                            hint="days in a month"))
    days = {"year": year_days, "quarter": year_days / 4}.get(period, PERIOD_DAYS[period])
    return timedelta(days=days)


def check_availability(availability: float, name: str = "availability") -> float:
    """Return ``availability`` as a float, or raise if it is not a fraction in 0..1.

    (The same rule as :func:`sysdesign.core.checks.fraction`, which spots percentages.)
    """
    return checks.fraction(availability, name)


def downtime(availability: float, period: str = "year", *,
             month_days: float | None = None, year_days: float = YEAR_DAYS) -> timedelta:
    """Downtime allowed in one period at a given availability (a fraction, not a percent).

    >>> downtime(0.999, "year")
    datetime.timedelta(seconds=31557, microseconds=600000)
    >>> str(downtime(0.999, "month", month_days=30))
    '0:43:12'
    """
    availability = check_availability(availability)
    return (1.0 - availability) * period_length(period, month_days=month_days,
                                                year_days=year_days)


def availability_for(allowed: timedelta, period: str = "year", *,
                     month_days: float | None = None, year_days: float = YEAR_DAYS) -> float:
    """The availability that permits exactly ``allowed`` downtime per period (inverse of downtime).

    >>> round(availability_for(timedelta(minutes=43, seconds=12), "month", month_days=30), 6)
    0.999
    """
    if not isinstance(allowed, timedelta):
        raise TypeError(f"allowed must be a datetime.timedelta, got {type(allowed).__name__}")
    length = period_length(period, month_days=month_days, year_days=year_days)
    if not timedelta(0) <= allowed <= length:
        raise ValueError(f"allowed must be between 0 and one {period} ({length}), "
                         f"got {allowed}")
    return 1.0 - allowed / length


def nines(count: float) -> float:
    """Availability with ``count`` nines: nines(3) == 0.999 (fractional counts allowed).

    >>> nines(3), nines(3.5)
    (0.999, 0.999683772234)
    """
    count = checks.number(count, "count", 0, hint="how many nines")
    # Rounded so that nines(3) prints as 0.999, not 0.9990000000000001.
    return round(1.0 - 10.0 ** -count, 12)


def downtime_per_period(availability: float, periods=TABLE_PERIODS, *,
                        month_days: float | None = None,
                        year_days: float = YEAR_DAYS) -> pd.Series:
    """Seconds of downtime allowed in each of ``periods`` at one availability.

    >>> downtime_per_period(0.999, month_days=30).round(1).to_dict()
    {'year': 31557.6, 'month': 2592.0, 'week': 604.8, 'day': 86.4}
    """
    return pd.Series({period: downtime(availability, period, month_days=month_days,
                                       year_days=year_days).total_seconds()
                      for period in periods}, name="downtime (s)")


def downtime_table(availability: float, periods=TABLE_PERIODS, *,
                   month_days: float | None = None, year_days: float = YEAR_DAYS
                   ) -> pd.DataFrame:
    """Each period's length and the downtime ``availability`` allows in it, for reading.

    >>> downtime_table(0.999, month_days=30).loc["month"].tolist()
    ['30 days', '43.2 minutes']
    """
    seconds = downtime_per_period(availability, periods, month_days=month_days,
                                  year_days=year_days)
    days = [period_length(p, month_days=month_days, year_days=year_days) / timedelta(days=1)
            for p in periods]
    return pd.DataFrame({"length": [_days(d) for d in days],
                         "downtime allowed": [format_duration(s) for s in seconds]},
                        index=pd.Index(list(periods), name="period"))


def _days(days: float) -> str:
    """'365.25 days', '30.44 days', '1 day': a period's length to two decimals."""
    text = f"{days:,.2f}".rstrip("0").rstrip(".")
    return f"{text} day" + ("" if text == "1" else "s")


def nines_table(levels=(1, 2, 3, 4, 5, 6), *, month_days: float | None = None,
                year_days: float = YEAR_DAYS) -> pd.DataFrame:
    """Downtime per year, month, week and day for each number of nines."""
    rows = []
    for count in levels:
        availability = nines(count)
        seconds = downtime_per_period(availability, month_days=month_days,
                                      year_days=year_days)
        # 99.9 % has three nines and one decimal: show count - 2 decimals.
        rows.append([f"{availability:.{max(count - 2, 0)}%}"]
                    + [format_duration(s) for s in seconds])
    return pd.DataFrame(rows, columns=["availability", "per year", "per month",
                                       "per week", "per day"])
