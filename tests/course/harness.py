"""The panel harness: which values to set each control to, and how to drive a panel.

Used by tests/course/test_panels.py for every panel of every topic (found by
``sysdesign.core.panel.find_panels``); topic tests import it for their own checks.
"""

from __future__ import annotations

import json

import ipywidgets as w
import numpy as np


def values_to_try(control) -> list:
    """Minimum, maximum and a few values between, for every supported control type."""
    if isinstance(control, (w.Dropdown, w.ToggleButtons, w.RadioButtons, w.SelectionSlider)):
        return [value for _label, value in _labelled(control.options)]
    if isinstance(control, w.Checkbox):
        return [not control.value, control.value]
    if isinstance(control, w.FloatLogSlider):
        exponents = np.linspace(control.min, control.max, 5)
        return [float(control.base**e) for e in exponents]
    if isinstance(control, w.IntRangeSlider):
        lo, hi = control.min, control.max
        mid = (lo + hi) // 2
        return [(lo, lo), (lo, hi), (mid, mid), (hi, hi), (lo, mid)]
    if isinstance(control, (w.IntSlider, w.BoundedIntText)):
        lo, hi = control.min, control.max
        return sorted({lo, hi, *(int(v) for v in np.linspace(lo, hi, 5))})
    if isinstance(control, (w.FloatSlider, w.BoundedFloatText)):
        return [float(v) for v in np.linspace(control.min, control.max, 5)]
    raise TypeError(f"the harness cannot drive a {type(control).__name__}; "
                    "use a bounded control (see tests/course/harness.py)")


def _labelled(options):
    if isinstance(options, dict):
        return list(options.items())
    return [opt if isinstance(opt, tuple) else (opt, opt) for opt in options]


def drive(panel) -> int:
    """Set every control to each of its values in turn (others at their defaults).

    Asserts that each change redraws and leaves a JSON-safe view; returns the number of
    redraws made.
    """
    defaults = panel.values()
    moves = 0
    for name, control in panel.controls.items():
        for value in values_to_try(control):
            before = panel.redraws
            changed = control.value != value
            control.value = value
            if changed:
                moves += 1
                assert panel.redraws == before + 1, f"{name}={value!r} did not redraw"
            assert panel.output.outputs, f"{name}={value!r} left the panel empty"
            # What the browser receives must be plain JSON: bytes arrive as a broken image.
            json.dumps(panel.output.outputs)
        control.value = defaults[name]  # back to default before the next control
    return moves
