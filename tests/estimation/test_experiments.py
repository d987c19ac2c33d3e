"""The panels' computations, and the names that must keep working
(tests/course/test_panels.py checks every panel's wiring and drives its controls)."""

from __future__ import annotations

import dataclasses
import math

import pytest

import sysdesign.availability as availability
from sysdesign import estimation as est
from sysdesign.core import units
from sysdesign.estimation import experiments

# Every public name of the old flat module sysdesign/estimation.py.
OLD_NAMES = """SI_PREFIXES BINARY_PREFIXES si_prefix_table powers_of_two_table format_bytes
format_duration LATENCIES_S latency_table YEAR_DAYS MONTH_DAYS PERIOD_DAYS PERIODS
period_length check_availability downtime availability_for nines nines_table series parallel
k_of_n monte_carlo_availability arrangement_availability zipf_top_share ALPHAS
zipf_share_curve alpha_for_top_share SECONDS_PER_DAY Workload Estimate estimate
URL_SHORTENER LATENCIES hot_share expected_distinct thumbnail_page redirect_designs""".split()


@pytest.mark.parametrize("name", OLD_NAMES)
def test_every_old_name_still_imports_from_estimation(name):
    assert hasattr(est, name)
    assert name in est.__all__


def test_reexports_are_the_originals():
    assert est.downtime is availability.downtime
    assert est.arrangement_availability is availability.arrangement_availability
    assert est.format_bytes is units.format_bytes
    assert est.format_duration is units.format_duration


def test_human_scale_is_the_latency_table():
    assert experiments.human_scale("Disk seek", 60.0).equals(
        est.latency_table("Disk seek", 60.0))


def test_estimator_builds_the_workload_from_the_controls():
    values = dataclasses.asdict(est.URL_SHORTENER)
    assert experiments.estimator(**values) == est.estimate(est.URL_SHORTENER)


def test_zipf_panel_marks_the_share_at_alpha():
    curve, share = experiments.zipf(1.0, 10_000, 0.2)
    assert curve.equals(est.zipf_share_curve(10_000, 0.2))
    assert math.isclose(share, est.zipf_top_share(10_000, 1.0, 0.2), rel_tol=1e-9)
    _, huge = experiments.zipf(0.8, 1_000_000_000, 0.2)
    assert math.isclose(huge, est.hot_share(1e9, 0.8, 2e8))


def test_redirect_curve_reads_the_designs_per_skew():
    curve = experiments.redirect_curve(est.URL_SHORTENER, alphas=(0.8, 1.2))
    for _, row in curve.iterrows():
        table = est.redirect_designs(dataclasses.replace(est.URL_SHORTENER,
                                                         zipf_alpha=row["alpha"]))
        assert [row["disks A"], row["disks B"]] == table["disks for peak reads"].tolist()
    assert curve["disks B"].is_monotonic_decreasing

