"""Back-of-the-envelope estimation: the numbers behind notebook 01.

Each module is one lesson, written to be read:

- ``sizes``: SI prefixes and powers of two (:func:`si_prefix_table`,
  :func:`powers_of_two_table`);
- ``latency``: the latency numbers with their sources and years, and the same numbers on
  a human scale (:data:`LATENCIES`, :func:`latency_table`, :func:`latency_ratio`);
- ``skew``: the 80/20 rule as one point of the Zipf curve (:func:`zipf_top_share`,
  :func:`zipf_share_curve`, :func:`alpha_for_top_share`), and the same for catalogues of
  billions of objects (:func:`hot_share`, :func:`expected_distinct`);
- ``capacity``: the estimator (:class:`Workload`, :func:`estimate`, :class:`Estimate`,
  the worked example :data:`URL_SHORTENER`), with the 80/20 rule sizing the cache by
  distinct objects and the 70 % model applied to servers and storage;
- ``decisions``: comparing designs with the numbers, in Jeff Dean's style
  (:func:`thumbnail_page`, :func:`redirect_designs`);
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
from .decisions import disks_needed, redirect_designs, redirect_table, thumbnail_page
from .latency import (
    LATENCIES,
    LATENCIES_S,
    LATENCY_SOURCES,
    SOURCES,
    latency_ratio,
    latency_table,
    orders_of_magnitude,
)
from .sizes import (
    BINARY_PREFIXES,
    SI_PREFIXES,
    powers_of_two_table,
    si_prefix_table,
    time_table,
)
from .skew import (
    ALPHAS,
    BRESLAU_ALPHAS,
    alpha_for_top_share,
    expected_distinct,
    hot_share,
    zipf_share_curve,
    zipf_top_share,
)

__all__ = [
    # sizes, latency, skew, capacity, decisions
    "ALPHAS", "BINARY_PREFIXES", "BRESLAU_ALPHAS", "LATENCIES", "LATENCIES_S",
    "LATENCY_SOURCES", "SECONDS_PER_DAY", "SI_PREFIXES", "SOURCES", "URL_SHORTENER",
    "Estimate", "Workload", "alpha_for_top_share", "disks_needed", "estimate",
    "expected_distinct", "format_bytes", "format_duration", "hot_share", "latency_ratio",
    "latency_table", "orders_of_magnitude", "powers_of_two_table", "redirect_designs",
    "redirect_table", "si_prefix_table", "thumbnail_page", "time_table", "zipf_share_curve",
    "zipf_top_share",
    # re-exported from sysdesign.availability
    "MONTH_DAYS", "PERIODS", "PERIOD_DAYS", "YEAR_DAYS", "arrangement_availability",
    "availability_for", "check_availability", "downtime", "k_of_n",
    "monte_carlo_availability", "nines", "nines_table", "parallel", "period_length",
    "series",
]
