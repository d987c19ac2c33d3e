"""Availability: the nines and the downtime they allow, and how parts combine.

- ``budget``: the downtime an availability allows per period, and back (:func:`downtime`,
  :func:`availability_for`), :func:`nines`, :func:`nines_table`; the year's and the month's
  lengths are parameters (``year_days``, ``month_days``), because published tables
  disagree on both.
- ``arrangements``: parts in :func:`series`, in :func:`parallel`, :func:`k_of_n`, and a
  Monte Carlo check of all three (:func:`monte_carlo_availability`).
- ``experiments``: :func:`arrangement_availability` (formula beside simulation) and the
  panels' computations; ``plots`` draws them; ``widgets`` wires the panels.

Notebook 01 (estimation) introduces these; notebook 08 builds on them.

>>> from sysdesign.availability import downtime, parallel, series
>>> str(downtime(0.999, "month", month_days=30)), round(series(parallel(0.99, 0.99), 0.999), 4)
('0:43:12', 0.9989)
"""

from .arrangements import k_of_n, monte_carlo_availability, parallel, series
from .budget import (
    MONTH_DAYS,
    MONTHS,
    PERIOD_DAYS,
    PERIODS,
    TABLE_PERIODS,
    YEAR_DAYS,
    availability_for,
    check_availability,
    downtime,
    downtime_per_period,
    downtime_table,
    month_days_for,
    nines,
    nines_table,
    period_length,
)
from .experiments import arrangement_availability

__all__ = [
    "MONTHS", "MONTH_DAYS", "PERIODS", "PERIOD_DAYS", "TABLE_PERIODS", "YEAR_DAYS",
    "arrangement_availability", "availability_for", "check_availability", "downtime",
    "downtime_per_period", "downtime_table", "k_of_n", "month_days_for",
    "monte_carlo_availability", "nines", "nines_table", "parallel", "period_length", "series",
]
