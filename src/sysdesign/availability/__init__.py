"""Availability: the nines and the downtime they allow, and how parts combine.

- ``budget``: the downtime an availability allows per period, and back (:func:`downtime`,
  :func:`availability_for`), :func:`nines`, :func:`nines_table`; the year's and the month's
  lengths are parameters (``year_days``, ``month_days``), because published tables
  disagree on both.
- ``arrangements``: parts in :func:`series`, in :func:`parallel`, :func:`k_of_n`, and a
  Monte Carlo check of all three (:func:`monte_carlo_availability`).
- ``renewal``: parts that fail and get repaired (MTBF, MTTR): :func:`steady_state`,
  :func:`simulate` (k of n, with shared or separate zones), :func:`correlated`,
  :func:`simulate_tiers` (a service of tiers in series).
- ``failover``: active-passive and active-active timelines (:func:`timeline`,
  :func:`detection_time`) and the writes asynchronous replication loses
  (:func:`lost_writes`).
- ``dr``: the four disaster-recovery strategies with RTO, RPO and standing cost
  (:func:`dr_strategies`).
- ``slo``: error budgets, :func:`burn_rate`, the SRE workbook's multiwindow alerts
  (:data:`WORKBOOK_ALERTS`) and a simulated month (:func:`simulate_month`).
- ``experiments``: :func:`arrangement_availability` (formula beside simulation) and the
  panels' computations; ``plots`` draws them; ``widgets`` wires the panels;
  ``exercises`` holds notebook 08's answers.

Notebook 01 (estimation) introduces the nines and the arrangements; notebook 08 builds on
them.

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
from .dr import strategies as dr_strategies
from .experiments import arrangement_availability
from .failover import MODES, Timeline, detection_time, lost_writes, timeline
from .renewal import (
    ZONES,
    correlated,
    simulate,
    simulate_tiers,
    standard_error,
    steady_state,
)
from .slo import (
    NAIVE_ALERT,
    WORKBOOK_ALERTS,
    Alert,
    Incident,
    Month,
    budget_spent,
    burn_for,
    burn_rate,
    simulate_month,
)

__all__ = [
    "MODES", "NAIVE_ALERT", "WORKBOOK_ALERTS", "ZONES", "Alert", "Incident", "Month",
    "Timeline", "budget_spent", "burn_for", "burn_rate", "correlated", "detection_time",
    "dr_strategies", "lost_writes", "simulate", "simulate_month", "simulate_tiers",
    "standard_error",
    "steady_state", "timeline",
    "MONTHS", "MONTH_DAYS", "PERIODS", "PERIOD_DAYS", "TABLE_PERIODS", "YEAR_DAYS",
    "arrangement_availability", "availability_for", "check_availability", "downtime",
    "downtime_per_period", "downtime_table", "k_of_n", "month_days_for",
    "monte_carlo_availability", "nines", "nines_table", "parallel", "period_length", "series",
]
