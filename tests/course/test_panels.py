"""Drive every widget panel of every topic across the whole range of each control.

Panels are discovered, not listed (``sysdesign.core.panel.find_panels``). A panel passes
when it follows the one naming rule (``foo_panel`` = ``experiments.foo`` drawn by
``plots.foo_view``), every control has a visible label, and each control, set to its
minimum, its maximum and values between, redraws without an exception and leaves
something to show.
"""

from __future__ import annotations

import pytest

from sysdesign.core.panel import Panel, find_panels, slider

from .harness import drive

FACTORIES = [pytest.param(factory, id=name) for name, factory in find_panels()]


def test_panels_are_found():
    assert len(FACTORIES) >= 20


@pytest.mark.parametrize("factory", FACTORIES)
def test_panel_follows_the_rules_and_survives_every_control(factory):
    panel = factory()
    assert isinstance(panel, Panel), f"{factory.__name__} must return a sysdesign Panel"
    topic = factory.__module__.rsplit(".", 1)[0]
    name = factory.__name__.removesuffix("_panel")
    assert (panel.compute.__module__, panel.compute.__name__) == (
        f"{topic}.experiments", name), "compute must be experiments.<name> of foo_panel"
    assert (panel.draw.__module__, panel.draw.__name__) == (f"{topic}.plots", f"{name}_view"), (
        "draw must be plots.<name>_view")
    for key, control in panel.controls.items():
        assert control.description.strip(), f"control {key!r} has no visible label"
    assert panel.output.outputs, "the panel shows nothing at its defaults"
    drive(panel)


def test_harness_catches_a_panel_that_does_not_redraw():
    panel = Panel({"n": slider("n", 1, 1, 3)}, compute=lambda n: n, draw=lambda r, **_: str(r))
    panel.controls["n"].unobserve_all()
    with pytest.raises(AssertionError, match="did not redraw"):
        drive(panel)


def test_harness_lets_model_errors_through():
    def model(n):
        if n == 3:
            raise ValueError("boom")
        return n

    panel = Panel({"n": slider("n", 1, 1, 3)}, compute=model, draw=lambda r, **_: str(r))
    with pytest.raises(ValueError, match="boom"):
        drive(panel)
