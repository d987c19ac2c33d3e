"""A/B testing: sample size, z-tests and intervals, peeking, sequential tests, pitfalls.

What is where (the notebook is ``27_ab_testing``):

- :mod:`.stats`: :func:`sample_size` (users per group), :func:`power_at`, :func:`z_test`
  (pooled two-proportion z-test) and :func:`lift_interval` (Wald interval), on the
  stdlib's ``statistics.NormalDist``.
- :mod:`.simulate`: many experiments at once with numpy: :func:`daily_counts`,
  :func:`z_scores`, :func:`peeking` (naive, fixed, O'Brien-Fleming, mSPRT),
  :func:`msprt_statistic`, :func:`always_valid_p`, :func:`obrien_fleming_bounds`.
- :mod:`.pitfalls`: :func:`srm_check` (chi-square), :func:`bonferroni`, :func:`holm`,
  :func:`family_error_rate`, :func:`many_metrics`, :func:`novelty_lift`.
- :mod:`.experiments`: the scenarios the notebook, the panels and the tests share.
- :mod:`.plots` draws them; :mod:`.widgets` wires the panels (import those two yourself).

>>> sample_size(0.10, 0.01)
14751
"""

from .pitfalls import bonferroni, family_error_rate, holm, many_metrics, novelty_lift, srm_check
from .simulate import (
    always_valid_p,
    daily_counts,
    experiments_at_fixed_horizon,
    msprt_statistic,
    obrien_fleming_bounds,
    peeking,
    two_sided_p,
    z_scores,
)
from .stats import lift_interval, power_at, sample_size, z_test

__all__ = ["always_valid_p", "bonferroni", "daily_counts", "experiments_at_fixed_horizon",
           "family_error_rate", "holm", "lift_interval", "many_metrics", "msprt_statistic",
           "novelty_lift", "obrien_fleming_bounds", "peeking", "power_at", "sample_size",
           "srm_check", "two_sided_p", "z_scores", "z_test"]
