"""Error budgets, burn rates, the workbook's alert table and the simulated month."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sysdesign.availability import dr, exercises, slo


def test_the_workbook_table_has_exactly_its_three_rows():
    # Table 5-8 of "Alerting on SLOs": (long window h, short window min, burn, action).
    assert [(a.long_minutes // 60, a.short_minutes, a.burn, a.severity)
            for a in slo.WORKBOOK_ALERTS] == [(1, 5, 14.4, "page"), (6, 30, 6.0, "page"),
                                              (72, 360, 1.0, "ticket")]


@pytest.mark.parametrize(("alert", "share", "hours"), [
    (slo.WORKBOOK_ALERTS[0], 0.02, 1), (slo.WORKBOOK_ALERTS[1], 0.05, 6),
    (slo.WORKBOOK_ALERTS[2], 0.10, 72)])
def test_workbook_burn_rates_spend_the_stated_share_of_a_30_day_budget(alert, share, hours):
    assert alert.long_minutes == hours * 60
    assert alert.burn == pytest.approx(slo.burn_for(share, hours=hours))
    assert slo.budget_spent(alert.burn, hours=hours) == pytest.approx(share)
    assert alert.short_minutes == alert.long_minutes // 12  # the workbook's 1/12 rule


@given(st.floats(0, 1), st.floats(0.5, 0.99999))
def test_burn_rate_one_spends_exactly_the_budget(error_ratio, target):
    burn = slo.burn_rate(error_ratio, target)
    assert burn * (1 - target) == pytest.approx(error_ratio)
    assert slo.budget_spent(burn, hours=30 * 24) == pytest.approx(burn)


def test_rolling_ratio_matches_a_direct_sum():
    month = slo.simulate_month(days=2, seed=4)
    for window in (5, 60):
        ratio = month.ratio(window)
        for minute in (0, 3, 100, 2_000):
            lo = max(minute + 1 - window, 0)
            clean_before = (window - (minute + 1 - lo)) * month.requests[0]
            expected = month.errors[lo:minute + 1].sum() / (
                month.requests[lo:minute + 1].sum() + clean_before)
            assert ratio[minute] == pytest.approx(expected)


def test_month_is_seeded_and_spends_what_its_incidents_spend():
    a, b = slo.simulate_month(seed=1), slo.simulate_month(seed=1)
    assert np.array_equal(a.errors, b.errors)
    clean = slo.simulate_month(baseline=0.0, seed=1)
    expected = sum(i.error_ratio * i.minutes for i in clean.incidents) / (1 - clean.slo)
    spent = (1 - clean.budget_left()[-1]) * clean.requests.size
    assert spent == pytest.approx(expected, rel=0.03)  # binomial noise on ~10^4 failures


def test_workbook_alerts_catch_the_big_incidents_without_false_pages():
    month = slo.simulate_month(seed=0)
    assert [i.start for i in month.incidents] == sorted(i.start for i in month.incidents)
    report = slo.alert_report(month)
    assert [c for c in report.columns if c.startswith("incident")] == [
        "incident 1", "incident 2", "incident 4"]  # outage, deploy, leak: the blips are not
    fast, slow, ticket, naive = report.index
    assert report.loc[fast, "incident 1"] <= 5  # the hard outage pages within minutes
    assert report.loc[slow, "incident 2"] is not pd_na() and report.loc[slow, "incident 2"] > 60
    assert report.loc[ticket, "incident 4"] is not pd_na()  # the slow leak gets a ticket
    assert report.loc[[fast, slow, ticket], "false"].sum() == 0
    assert report.loc[naive, "false"] > 0
    assert report.loc[naive, "firings"] > 10 * report.loc[[fast, slow], "firings"].sum()


def test_naive_false_pages_split_between_blips_and_noise():
    # The notebook says: of the naive rule's 6 false pages, 3 came from the blips and 3 from
    # background noise alone (no incident at all).
    report = slo.alert_report(slo.simulate_month(seed=0))
    naive = report.loc[slo.NAIVE_ALERT.name]
    assert (naive["false"], naive["of them on no incident"]) == (6, 3)
    assert report.loc[[a.name for a in slo.WORKBOOK_ALERTS], "of them on no incident"].sum() == 0


def test_the_naive_rule_flaps_through_the_leak():
    # The notebook: the naive rule fired over ninety times, "flapping through the leak".
    month = slo.simulate_month(seed=0)
    fired = slo.episodes(month.firing(slo.NAIVE_ALERT))
    leak = month.incidents[3]
    during = [s for s, e in fired if e > leak.start and s < leak.start + leak.minutes]
    assert len(fired) > 90
    assert len(during) > 0.8 * len(fired)


def pd_na():
    import pandas as pd
    return pd.NA


def test_a_burn_below_every_threshold_fires_nothing():
    assert exercises.first_alert(slo.Incident(100, 120, 0.005)) == exercises.NO_ALERT
    assert exercises.first_alert(slo.Incident(100, 120, 0.05)) == "2 % of budget in 1 h"


def test_episodes_round_trip():
    firing = np.array([1, 1, 0, 0, 1, 0, 1, 1, 1], bool)
    rebuilt = np.zeros_like(firing)
    for start, end in slo.episodes(firing):
        rebuilt[start:end] = True
    assert np.array_equal(rebuilt, firing)


def test_dr_strategies_trade_cost_for_recovery_time():
    plan = dr.strategies()
    assert plan["RTO (min)"].is_monotonic_decreasing
    assert plan["standing cost"].is_monotonic_increasing
    assert plan.loc["backup and restore", "RPO (min)"] == 24 * 60
    assert plan.loc["backup and restore", "RTO (min)"] == 30 + 2_000 / 500 * 60 + 5
    # The notebook: the RPOs do not separate the three strategies that replicate; each loses
    # the replication lag (1 s), while backup and restore loses up to a backup interval.
    replicated = ["pilot light", "warm standby", "multi-site active/active"]
    assert (plan.loc[replicated, "RPO (min)"] == 1 / 60).all()
    assert dr.strategies(replication_lag_s=30).loc[replicated, "RPO (min)"].tolist() == [0.5] * 3


@pytest.mark.parametrize(("call", "message"), [
    (lambda: slo.burn_rate(0.1, 1.0), "slo"),
    (lambda: slo.burn_rate(2, 0.99), "error_ratio"),
    (lambda: slo.simulate_month(days=0), "days"),
    (lambda: dr.strategies(restore_gb_per_hour=0), "restore_gb_per_hour"),
])
def test_bad_input_names_the_parameter(call, message):
    with pytest.raises(ValueError, match=message):
        call()


@pytest.mark.parametrize(("incident", "error", "message"), [
    (slo.Incident(-5, 10, 0.1), ValueError, "incident start must be an integer >= 0"),
    (slo.Incident(5.5, 10, 0.1), TypeError, "incident start must be an integer"),
    (slo.Incident(5, 0, 0.1), ValueError, "incident minutes must be an integer >= 1"),
    (slo.Incident(5, 10, -0.1), ValueError, "incident error_ratio must be a fraction"),
    (slo.Incident(5, 10, 20), ValueError, "did you mean 0.2"),
    ((5, 10, 0.1), TypeError, "incidents must hold Incident"),
])
def test_bad_incidents_are_named(incident, error, message):
    with pytest.raises(error, match=message):
        slo.simulate_month(incidents=(incident,))


def test_a_window_must_be_a_positive_number_of_minutes():
    month = slo.simulate_month(days=1)
    for window in (0, -3):
        with pytest.raises(ValueError, match=r"window must be an integer >= 1"):
            month.ratio(window)


def test_alert_table_reads_back_the_workbook_shares():
    table = slo.alert_table()
    assert table["budget spent"].tolist() == ["2%", "5%", "10%"]
    assert table.loc["2 % of budget in 1 h", "error ratio"] == "1.44%"


def test_the_short_window_stops_the_alert_soon_after_the_errors_stop():
    # The notebook: the short window (1/12 of the long one) makes the alert reset soon after
    # recovery. A 25-minute outage at 20 % errors keeps the 1-hour ratio above 1.44 % for
    # about 55 minutes after it ends; with both windows the page ends within 5 minutes.
    outage = slo.Incident(2 * 1440, 25, 0.20)
    month = slo.simulate_month(baseline=0.0, incidents=(outage,), days=3, seed=0)
    end = outage.start + outage.minutes
    fast = slo.WORKBOOK_ALERTS[0]
    (start, stop), = slo.episodes(month.firing(fast))
    assert outage.start < start < end and end <= stop <= end + fast.short_minutes
    long_only = month.ratio(fast.long_minutes) > fast.burn * (1 - month.slo)
    (_, long_stop), = slo.episodes(long_only)
    assert long_stop - end > 45
