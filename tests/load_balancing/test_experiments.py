"""Scenarios, figures, panels and exercises of notebook 05."""

import pytest

from sysdesign.core import style
from sysdesign.core.exercises import evaluate
from sysdesign.load_balancing import experiments, plots, widgets


def test_compare_table():
    table = experiments.compare(n=1000)
    assert len(table) == 7
    assert table.loc["least connections", "p99 (s)"] < table.loc["round robin", "p99 (s)"]
    assert (table["busiest server (%)"] <= 100).all()


def test_balls_table_orders():
    table = experiments.balls_table(ns=(1000,), seeds=2)
    assert table["1 choice"].iloc[0] > table["2 choices"].iloc[0]


def test_detection_table_matches_formula():
    table = experiments.detection_table(deaths=20)
    assert table.loc["shortest (s)", "simulated"] == pytest.approx(2.5)
    assert table.loc["longest (s)", "simulated"] <= 3.5


def test_sessions_lost():
    lost = experiments.sessions_lost(4, 1000)
    assert 100 < lost < 450
    assert experiments.sessions_lost(4, 1000, "shared store") == 0
    with pytest.raises(ValueError, match="store"):
        experiments.sessions_lost(store="disk")


def test_views_have_alt_text():
    for fig in (plots.policy_view(experiments.policy(), 0.8, "4 equal", "random", "poisson"),
                plots.steps_view(experiments.steps(0), 0, "random", "4 equal"),
                plots.steps_view(experiments.steps(), 16, "random", "4 equal")):
        assert style.png_bytes(fig) and fig.alt_text


def test_panels_build():
    for factory in (widgets.policy_panel, widgets.steps_panel):
        assert factory().redraws >= 1


def test_exercise_answers():
    assert evaluate("05.1", "least connections").status == "correct"
    assert evaluate("05.1", "round robin").status != "correct"
    assert evaluate("05.2", 7.0).status == "correct"
    assert evaluate("05.2", 6.0).status != "correct"


def test_detection_grid_follows_interval_times_threshold():
    table = experiments.detection_grid(settings=((0.5, 3), (1.0, 3), (1.0, 1)), deaths=10)
    for (interval, _threshold), row in table.iterrows():
        assert row["mean (s)"] == pytest.approx(row["formula mean (s)"], abs=0.06 * interval)
        assert row["longest (s)"] <= row["formula bound (s)"]
        # round robin over 3 servers at 30 requests/s: a third fail while undetected
        assert row["failed requests"] == pytest.approx(10 * row["mean (s)"], abs=1.5)
    means = table["mean (s)"].tolist()
    assert means[0] < means[1] and means[2] < means[1]


def test_panel_points_back_the_prose():
    table = experiments.panel_points()
    rr, lc, lrt = (table.loc[p] for p in ("round robin", "least connections",
                                          "least response time"))
    for smart in (lc, lrt):
        assert 7 < rr["p99 poisson (s)"] / smart["p99 poisson (s)"] < 15  # "about tenfold"
        assert 2.5 < smart["p99 bursty (s)"] / smart["p99 poisson (s)"] < 4  # "about 3x"
    for policy in ("least connections", "least response time"):  # "every bar below 90%"
        assert experiments.policy(policy=policy)["utilisation"].max() < 0.9
    assert experiments.policy()["utilisation"][1:].min() > 0.85  # round robin: 87% to 99%


def test_steps_back_the_prose():
    import numpy as np
    rr = experiments.steps(policy="round robin")["run"]
    assert np.flatnonzero(rr.server == 1).tolist() == [1, 5, 9, 13]
    lc = experiments.steps(policy="least connections")["run"]
    assert np.sum(lc.server == 0) > 4  # the fast server takes more than its turn
