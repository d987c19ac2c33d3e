"""The Panel pattern: controls -> compute -> draw, redraws, timings, discovery."""

import ipywidgets as w
import pytest

from sysdesign.core.panel import (
    STATIC_NOTE,
    Panel,
    checkbox,
    choice,
    find_panels,
    log_slider,
    slider,
    timeline,
    toggle,
)


def test_draw_receives_the_result_and_the_control_values():
    seen = []

    def compute(n, word):
        return n * 2

    def draw(result, **values):
        seen.append((result, values))
        return f"{values['word']}={result}"

    panel = Panel({"n": slider("n", 1, 1, 3), "word": choice("word", ["a", "b"], "a")},
                  compute, draw, title="demo")
    panel.controls["n"].value = 3
    assert seen == [(2, {"n": 1, "word": "a"}), (6, {"n": 3, "word": "a"})]
    assert panel.redraws == 2 and panel.result == 6 and panel.view == "a=6"
    assert set(panel.timings) == {"model", "draw"}
    assert panel.output.outputs[0]["data"]["text/plain"] == "'a=6'"
    assert repr(panel) == STATIC_NOTE and len(STATIC_NOTE) < 110


def test_panel_needs_controls_and_functions():
    with pytest.raises(ValueError, match="at least one control"):
        Panel({}, lambda: 1, lambda r: r)
    with pytest.raises(TypeError, match="compute and draw must be functions"):
        Panel({"n": slider("n", 1, 1, 3)}, 1, print)


def test_control_helpers_make_the_right_widgets():
    assert isinstance(slider("a", 1, 0, 5), w.IntSlider)
    assert isinstance(slider("a", 1.0, 0.0, 5.0), w.FloatSlider)
    assert log_slider("a", 10.0, 1.0, 1000.0).value == pytest.approx(10.0)
    assert toggle("mode", {"CP": "cp", "AP": "ap"}, "cp").value == "cp"
    assert checkbox("heal").value is False
    scrub = timeline("step", 10, 0)
    assert (scrub.min, scrub.max) == (0, 9) and isinstance(scrub.play, w.Play)
    panel = Panel({"step": scrub}, lambda step: step, lambda result, **_: str(result))
    scrub.value = 4
    assert panel.result == 4


def test_find_panels_finds_every_topic_panel():
    found = dict(find_panels())
    assert found, "no panels found"
    for name, factory in found.items():
        topic, function = name.split(".")
        assert function.endswith("_panel") and factory.__module__ == f"sysdesign.{topic}.widgets"
