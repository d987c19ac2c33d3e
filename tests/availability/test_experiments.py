"""The arrangement comparison and what the panels compute
(tests/course/test_panels.py checks every panel's wiring and drives its controls)."""

from __future__ import annotations

import math

import pytest

from sysdesign.availability import experiments
from sysdesign.availability.arrangements import k_of_n
from sysdesign.availability.budget import downtime, nines
from sysdesign.core.units import format_duration


def test_arrangement_availability_sets_formula_beside_simulation():
    rows = experiments.arrangement_availability(0.99, 3, trials=200_000)
    assert list(rows.index) == ["series", "parallel", "2 of 3"]
    assert list(rows["formula"]) == [k_of_n(3, 3, 0.99), k_of_n(1, 3, 0.99),
                                     k_of_n(2, 3, 0.99)]
    assert (rows["trials"] == 200_000).all()
    for exact, simulated in zip(rows["formula"], rows["simulated"], strict=True):
        assert abs(simulated - exact) <= 4 * math.sqrt(exact * (1 - exact) / 200_000) + 1e-9


def test_downtime_panel_computes_the_downtime_table():
    table = experiments.downtime(3.0, 365.25, "30")
    assert list(table.index) == ["year", "month", "week", "day"]
    assert table.loc["month", "downtime allowed"] == format_duration(
        downtime(nines(3), "month", month_days=30))
    assert table.loc["month", "length"] == "30 days"
    calendar = experiments.downtime(3.0, 365.0, "twelfth")
    assert calendar.loc["year", "downtime allowed"] == format_duration(
        downtime(nines(3), year_days=365)) == "8.76 hours"
    assert calendar.loc["month", "length"] == f"{365 / 12:.2f} days"


def test_availability_panel_computes_the_arrangements():
    assert experiments.availability(0.99, 3, 1_000).equals(
        experiments.arrangement_availability(0.99, 3, 1_000))



def test_the_panel_reaches_the_notebooks_static_check():
    """Notebook 01 says the panel starts with fewer trials than the static figure and that
    sliding them to 200,000 gives that figure: the slider must reach it, from the same parts."""
    from sysdesign.availability.widgets import availability_panel

    panel = availability_panel()
    trials = panel.controls["trials"]
    static = experiments.arrangement_availability(0.99, 3, trials=200_000)  # the notebook's
    assert trials.value < trials.max == int(static["trials"].iloc[0])
    assert (panel.controls["availability"].value, panel.controls["n"].value) == (0.99, 3)
    assert experiments.availability(0.99, 3, trials.max).equals(static)


def test_architecture_multiplies_its_tiers_and_simulates_the_service():
    tiers = {"lb": (5_000, 1, 2, 1), "app": (1_000, 4, 4, 3), "db": (2_000, 8, 2, 1)}
    table = experiments.architecture(tiers, years=1_000)
    service = table.loc["service (in series)"]
    assert service["formula"] == pytest.approx(math.prod(table["formula"].iloc[:-1]))
    # 1,000 years hold about 400 app-tier outages: a few percent of noise on the downtime
    assert (1 - service["simulated"]) == pytest.approx(1 - service["formula"], rel=0.15)
