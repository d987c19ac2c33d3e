"""Every replication panel redraws across the whole range of every control."""

import ipywidgets as w
import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure

from sysdesign.replication import widgets
from sysdesign.widgets import Panel

FACTORIES = [getattr(widgets, name) for name in dir(widgets) if name.endswith("_panel")]


def settings_of(control):
    """Minimum, maximum and values between (every option for choices, both for checkboxes)."""
    if isinstance(control, w.Checkbox):
        return [not control.value, control.value]
    if isinstance(control, (w.Dropdown, w.ToggleButtons, w.RadioButtons)):
        return [value for _, value in control._options_full]
    if isinstance(control, (w.IntSlider, w.FloatSlider)):
        lo, hi = control.min, control.max
        middle = (lo + hi) / 2
        return [lo, hi, round(middle) if isinstance(control, w.IntSlider) else middle]
    raise AssertionError(f"unexpected control {type(control).__name__}")


def test_every_factory_is_found():
    assert {f.__name__ for f in FACTORIES} == {
        "cap_panel", "modes_panel", "pacelc_panel", "lag_panel", "quorum_panel",
        "session_panel"}


@pytest.mark.parametrize("factory", FACTORIES, ids=lambda f: f.__name__)
def test_panel_survives_every_control_setting(factory):
    # Model and figure at every setting; rendering to PNG (the slow part, the same code for
    # every figure) is exercised by the full redraws below.
    panel = factory()
    assert isinstance(panel, Panel) and panel.redraws == 1
    for name, control in panel.controls.items():
        for value in settings_of(control):
            view = panel.draw(panel.compute(**{**panel.values(), name: value}))
            views = view if isinstance(view, list) else [view]
            assert views and all(isinstance(v, (Figure, pd.DataFrame)) for v in views)
            assert all(v.axes for v in views if isinstance(v, Figure)), (name, value)
    # And a real redraw through the widget, PNG included.
    name, control = next(iter(panel.controls.items()))
    control.value = next(v for v in settings_of(control) if v != control.value)
    assert panel.redraws == 2, name
    views = panel.view if isinstance(panel.view, list) else [panel.view]
    assert len(panel.output.outputs) == len(views)
    assert "image/png" in panel.output.outputs[0]["data"]


def test_cap_panel_marks_the_culprit_only_when_not_linearizable():
    panel = widgets.cap_panel()
    assert panel.result["verdict"].linearizable  # CP by default
    panel.controls["mode"].value = "ap"
    verdict = panel.result["verdict"]
    assert not verdict.linearizable and verdict.culprit.kind == "read"


def test_pacelc_caps_quorums_at_n():
    rows = widgets.pacelc_run(nodes=2, r=7, w=7)
    assert max(row["R"] for row in rows) == 2 and max(row["W"] for row in rows) == 2


def test_lag_curve_covers_the_tail():
    curve = widgets.lag_run(latency=5.0, jitter=2.0)
    assert curve["analytic"][0] == 1.0 and curve["analytic"][-1] < 0.1
    assert np.all(np.diff(curve["analytic"]) <= 0)
