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


def test_snapshot_shows_the_panels_own_figure_without_drawing_it_again():
    from sysdesign.core import style

    drawn = []

    def draw(result, **_values):
        fig, ax = style.figure()
        ax.plot([0, result], [0, 1])
        drawn.append(fig)
        return style.describe(fig, f"A line from 0 to {result}, the panel's default.")

    panel = Panel({"n": slider("n", 2, 1, 3)}, lambda n: n, draw)
    png, meta = panel.snapshot()._repr_png_()
    assert len(drawn) == 1, "a snapshot reuses the PNG the panel made"
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert png == style.png_bytes(drawn[0], memo=panel.layouts)
    assert meta == {"alt": "A line from 0 to 2, the panel's default."}
    assert repr(panel.snapshot()) == "[figure: A line from 0 to 2, the panel's default.]"


def test_a_snapshot_needs_a_figure():
    panel = Panel({"n": slider("n", 1, 1, 3)}, lambda n: n, lambda result, **_: "a table")
    with pytest.raises(ValueError, match="panel must show a figure"):
        panel.snapshot()
    from sysdesign.core.panel import Snapshot

    with pytest.raises(TypeError, match="panel must be a sysdesign Panel, got str"):
        Snapshot("a panel")


def test_a_snapshot_shows_figures_or_everything(monkeypatch):
    from sysdesign.core import panel as panel_module
    from sysdesign.core import style

    def draw(result, **_values):
        fig, ax = style.figure()
        ax.plot([0, 1], [0, result])
        return [style.describe(fig, "A rising line, the panel's default."), f"table {result}"]

    panel = Panel({"n": slider("n", 2, 1, 3)}, lambda n: n, draw)
    shown = []
    monkeypatch.setattr(panel_module, "display",
                        lambda data, raw, metadata: shown.append((sorted(data), metadata)))
    panel.snapshot()._ipython_display_()
    assert shown == [(["image/png", "text/plain"],
                      {"image/png": {"alt": "A rising line, the panel's default."}})]
    shown.clear()
    panel.snapshot(tables=True)._ipython_display_()
    assert [mimes for mimes, _ in shown] == [["image/png", "text/plain"], ["text/plain"]]


def test_a_timeline_can_step_by_more_than_one():
    clock = timeline("time (ms)", 41, 400, step=10)
    assert (clock.min, clock.max, clock.step, clock.value) == (0, 400, 10, 400)
    assert (clock.play.max, clock.play.step, clock.play.value) == (400, 10, 400)
    with pytest.raises(ValueError, match="value must be a multiple of step 10"):
        timeline("time (ms)", 41, 15, step=10)
    with pytest.raises(ValueError, match="value must be an integer in 0..400"):
        timeline("time (ms)", 41, 410, step=10)
    with pytest.raises(ValueError, match="steps must be an integer >= 1"):
        timeline("time (ms)", 0)
