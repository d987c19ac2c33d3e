"""The replication panels: the naming rule, every control across its range, and what the
computations promise (tests/course/test_panels.py drives every topic's panels too)."""

import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure

from sysdesign.core.panel import Panel
from sysdesign.replication import experiments, plots, widgets
from tests.course.harness import drive, values_to_try

NAMES = ["cap", "modes", "pacelc", "lag", "quorum", "session"]


def test_every_panel_is_found():
    assert sorted(n for n in dir(widgets) if n.endswith("_panel")) == sorted(
        f"{name}_panel" for name in NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_panel_is_experiment_and_view(name):
    panel = getattr(widgets, f"{name}_panel")()
    assert isinstance(panel, Panel) and panel.redraws == 1
    assert panel.compute is getattr(experiments, name)
    assert panel.draw is getattr(plots, f"{name}_view")
    assert all(control.description.strip() for control in panel.controls.values())


def _extremes(panel, end: int) -> dict:
    """Every control at once at the first (end=0) or last (end=-1) value the harness tries:
    a slider's minimum or maximum, a list's first or last option."""
    return {key: values_to_try(control)[end] for key, control in panel.controls.items()}


@pytest.mark.parametrize("name", NAMES)
def test_panel_draws_with_every_control_at_an_extreme(name):
    # tests/course/test_panels.py moves one control at a time through its whole range;
    # here every control sits at its minimum together, then at its maximum.
    panel = getattr(widgets, f"{name}_panel")()
    for end in (0, -1):
        values = _extremes(panel, end)
        view = panel.draw(panel.compute(**values), **values)
        views = view if isinstance(view, list) else [view]
        assert views and all(isinstance(v, (Figure, pd.DataFrame)) for v in views)
        assert all(v.axes for v in views if isinstance(v, Figure)), values


def test_a_panel_redraws_through_its_widgets():
    panel = widgets.modes_panel()
    assert drive(panel) > 0
    assert "image/png" in panel.output.outputs[0]["data"]


def test_cap_panel_marks_the_culprit_only_when_not_linearizable():
    panel = widgets.cap_panel()
    assert panel.result["verdict"].linearizable  # CP by default
    panel.controls["mode"].value = "ap"
    verdict = panel.result["verdict"]
    assert not verdict.linearizable and verdict.culprit.kind == "read"


def test_cap_view_tables_availability_per_side():
    result = experiments.cap()  # CP, node 2 cut off
    _figure, table = plots.cap_view(result)
    assert table.to_dict("records") == [
        {"nodes reachable together": "{0, 1}", "requests answered": "100%"},
        {"nodes reachable together": "{0, 1, 2}", "requests answered": "100%"},
        {"nodes reachable together": "{2}", "requests answered": "0%"}]


def test_pacelc_caps_quorums_at_n():
    rows = experiments.pacelc(nodes=2, r=7, w=7)
    assert max(row["R"] for row in rows) == 2 and max(row["W"] for row in rows) == 2


def test_quorum_view_rings_the_choice_capped_at_n():
    rates = experiments.quorum(nodes=2, trials=10)
    figure = plots.quorum_view(rates, nodes=2, r=7, w=1)
    assert figure.axes[0].get_title().startswith("N = 2, R = 2, W = 1:")


def test_lag_curve_covers_the_tail():
    curve = experiments.lag(latency=5.0, jitter=2.0)
    assert curve["analytic"][0] == 1.0 and curve["analytic"][-1] < 0.1
    assert np.all(np.diff(curve["analytic"]) <= 0)
