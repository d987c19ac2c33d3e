"""The availability figures: dots on log axes (no bars), readable time and percentage
ticks, the rule-of-three bound when a simulation saw no failure, alt text from the data."""

from __future__ import annotations

from matplotlib.patches import Rectangle

from sysdesign.availability import experiments, plots


def test_time_axis_labels_named_durations_and_draws_decades_without_minor_ticks():
    from sysdesign.core import style

    fig, ax = style.figure()
    shown = plots.time_axis(ax, 0.5, 2e5)
    assert shown == [1.0, 60.0, 3_600.0, 86_400.0]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["1 s", "1 minute", "1 hour",
                                                           "1 day"]
    assert not ax.xaxis.get_minor_locator()()  # the decades are one collection instead
    assert len(ax.collections[-1].get_segments()) == 6  # 1, 10, ..., 100,000 s


def test_downtime_view_is_the_table_the_panel_computed():
    table = experiments.downtime(3.0, 365.0, "30")
    assert plots.downtime_view(table, nines=3.0, year_days=365.0, month="30") is table
    assert table.loc["year", "length"] == "365 days"


def test_availability_check_shows_a_bound_when_no_failure_was_seen():
    rows = experiments.arrangement_availability(0.99, 3, trials=200_000)
    assert rows.loc["parallel", "simulated"] == 1.0  # three 1 % parts: one in a million
    fig = plots.availability_check_chart(rows)
    ax = fig.axes[0]
    assert not [p for p in ax.patches if isinstance(p, Rectangle)]
    bound = [line for line in ax.lines if line.get_marker() == "<"]
    assert bound and bound[0].get_xdata()[0] == 3 / 200_000
    assert "no failure in 200,000 trials" in fig.alt_text
    assert "within two standard errors of the formula" in fig.alt_text


def test_availability_check_without_zero_failures_draws_no_bound():
    rows = experiments.arrangement_availability(0.9, 3, trials=20_000)
    fig = plots.availability_check_chart(rows)
    assert "no failure" not in fig.alt_text
