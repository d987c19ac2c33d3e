"""Back-of-the-envelope estimation: the numbers behind notebook 01.

Each module is one lesson, written to be read:

- ``sizes``: SI prefixes and powers of two (:func:`si_prefix_table`,
  :func:`powers_of_two_table`);
- ``latency``: the latency numbers and the same numbers on a human scale
  (:data:`LATENCIES_S`, :func:`latency_table`);
- ``skew``: the 80/20 rule as one point of the Zipf curve (:func:`zipf_top_share`,
  :func:`zipf_share_curve`, :func:`alpha_for_top_share`);
- ``capacity``: the estimator (:class:`Workload`, :func:`estimate`, :class:`Estimate`,
  the worked example :data:`URL_SHORTENER`);
- ``experiments``: what the panels compute; ``plots`` draws it; ``widgets`` wires the
  panels.

Availability (the nines, downtime, series, parallel, k-of-n) has its own package,
:mod:`sysdesign.availability`; its names are importable from here too, as are
:func:`format_bytes` and :func:`format_duration` from :mod:`sysdesign.core.units`.

>>> from sysdesign import estimation as est
>>> est.format_bytes(est.estimate(est.URL_SHORTENER).storage_per_day), est.nines(3)
('5 GB', 0.999)
"""

from sysdesign.availability import (
    MONTH_DAYS,
    PERIOD_DAYS,
    PERIODS,
    YEAR_DAYS,
    arrangement_availability,
    availability_for,
    check_availability,
    downtime,
    k_of_n,
    monte_carlo_availability,
    nines,
    nines_table,
    parallel,
    period_length,
    series,
)
from sysdesign.core.units import format_bytes, format_duration

from .capacity import SECONDS_PER_DAY, URL_SHORTENER, Estimate, Workload, estimate
from .latency import LATENCIES_S, latency_table
from .sizes import BINARY_PREFIXES, SI_PREFIXES, powers_of_two_table, si_prefix_table
from .skew import ALPHAS, alpha_for_top_share, zipf_share_curve, zipf_top_share

__all__ = [
    # sizes, latency, skew, capacity
    "ALPHAS", "BINARY_PREFIXES", "LATENCIES_S", "SECONDS_PER_DAY", "SI_PREFIXES",
    "URL_SHORTENER", "Estimate", "Workload", "alpha_for_top_share", "estimate",
    "format_bytes", "format_duration", "latency_table", "powers_of_two_table",
    "si_prefix_table", "zipf_share_curve", "zipf_top_share",
    # re-exported from sysdesign.availability
    "MONTH_DAYS", "PERIODS", "PERIOD_DAYS", "YEAR_DAYS", "arrangement_availability",
    "availability_for", "check_availability", "downtime", "k_of_n",
    "monte_carlo_availability", "nines", "nines_table", "parallel", "period_length",
    "series",
]
