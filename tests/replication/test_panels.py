"""The replication panels: the naming rule, every control across its range, and what the
computations promise (tests/course/test_panels.py drives every topic's panels too)."""

import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure

from sysdesign.core.panel import Panel
from sysdesign.replication import experiments, plots, widgets
from tests.course.harness import drive, values_to_try

NAMES = ["cap", "replay", "pacelc", "lag", "convergence", "quorum", "session"]


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
    panel = widgets.cap_panel()
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
        {"nodes a request's node reaches": "{0, 1}", "requests answered": "100 %"},
        {"nodes a request's node reaches": "{0, 1, 2}", "requests answered": "100 %"},
        {"nodes a request's node reaches": "{2}", "requests answered": "0 %"}]


def test_with_one_link_cut_each_node_reaches_only_its_direct_links():
    result = experiments.cap(scheme="leader", cut_0_2=True, cut_1_2=False)
    sides = result["availability"]
    assert sides[(1, 2)] < 1.0  # node 2 reaches node 1, but not leader 0: refused
    assert sides[(0, 1)] == 1.0 and sides[(0, 1, 2)] == 1.0


@pytest.mark.parametrize("name", ["pacelc", "quorum"])
def test_r_and_w_sliders_end_at_n(name):
    panel = getattr(widgets, f"{name}_panel")()
    nodes, r, w = (panel.controls[k] for k in ("nodes", "r", "w"))
    assert (r.max, w.max) == (nodes.value, nodes.value)
    nodes.value = 5
    r.value, w.value = 5, 4
    before = panel.redraws
    nodes.value = 2  # R and W follow, and the panel redraws once, with both clamped
    assert (r.max, w.max, r.value, w.value) == (2, 2, 2, 2)
    assert panel.redraws == before + 1
    values = panel.values()
    assert (values["r"], values["w"]) == (2, 2)


def test_quorum_sizes_above_n_are_an_error():
    with pytest.raises(ValueError, match="r must"):
        experiments.pacelc(nodes=2, r=3, w=1)
    with pytest.raises(ValueError, match="w must"):
        experiments.quorum(nodes=2, r=1, w=3)


def test_quorum_view_rings_the_choice_and_counts_trials():
    result = experiments.quorum(nodes=2, r=2, w=1, trials=10)
    figure = plots.quorum_view(result, nodes=2, r=2, w=1)
    assert figure.axes[0].get_title().startswith("N = 2, R = 2, W = 1:")
    assert "/10" in " ".join(t.get_text() for t in figure.axes[0].texts)


@pytest.mark.parametrize("name, frames", [
    ("replay", lambda: experiments.story_frames("cp")[1]),
    ("convergence", experiments.convergence_frames)])
def test_timeline_panels_scrub_every_frame(name, frames):
    panel = getattr(widgets, f"{name}_panel")()
    step = panel.controls["step"]
    assert (step.min, step.max) == (0, len(frames()) - 1) and step.play.max == step.max
    for value in (0, step.max // 2, step.max):
        step.value = value
        assert panel.result["step"] == value
    assert panel.view.alt_text.startswith(("Step", "Frame"))


def test_replay_frames_follow_the_story():
    cluster, frames = experiments.story_frames("cp")
    assert [f["requests"] for f in frames] == sorted(f["requests"] for f in frames)
    assert frames[-1]["requests"] == len(cluster.history)
    assert frames[-1]["values"] == tuple(cluster.values("x"))
    cut = next(i for i, f in enumerate(frames) if f["cuts"])
    assert frames[cut]["what"].startswith("cut link")


def test_convergence_frames_end_with_replicas_agreeing():
    frames = experiments.convergence_frames()
    assert frames[-1]["stale"] == 0 and frames[-1]["what"] == "replicas agree"
    during = [f["stale"] for f in frames if "cut off" in f["what"]]
    after = [f for f in frames if "healed" in f["what"]]
    assert max(during) > 0 and after[-1]["stale"] > 0  # the heal alone does not repair
    assert all(f["fresh"][2].tolist().count(1) < 6 for f in frames if "cut off" in f["what"])


def test_lag_curve_covers_the_tail():
    curve = experiments.lag(latency=5.0, jitter=2.0)
    assert curve["analytic"][0] == 1.0 and curve["analytic"][-1] < 0.1
    assert np.all(np.diff(curve["analytic"]) <= 0)


@pytest.mark.parametrize("name", NAMES)
def test_every_panel_figure_is_painted_in_one_pass(name, monkeypatch):
    # Figures are placed by hand (plots._place): no layout engine at all, not even
    # matplotlib's placeholder, whose presence makes savefig run a measuring pass first.
    panel = getattr(widgets, f"{name}_panel")()
    views = panel.view if isinstance(panel.view, list) else [panel.view]
    figures = [view for view in views if isinstance(view, Figure)]
    assert figures and all(fig.get_layout_engine() is None for fig in figures)
    passes = []
    original = Figure.draw
    monkeypatch.setattr(Figure, "draw",
                        lambda self, renderer: (passes.append(self), original(self, renderer)))
    panel.refresh()
    assert len(passes) == len(figures)


def _request_labels(ax) -> list[str]:
    """The request labels of a swimlane axes ("R v1", "W v2", "▲ R v2"), not the key."""
    import re

    return [t.get_text() for t in ax.texts if re.fullmatch(r"(▲ )?[RW] \S+", t.get_text())]


def test_every_request_of_both_cap_stories_is_labelled():
    # The AP story fits in a fifth of the shared time axis: with one label row per lane,
    # 5 of its 13 requests (all three partition-time writes among them) had no label.
    cp = experiments.cap_scenario("cp", heal=False)
    ap = experiments.cap_scenario("ap", heal=False)
    culprit = experiments.check_history(ap.history)["x"].culprit
    figure = plots.cap_pair(cp, ap, culprit=culprit)
    lanes = {"cp": figure.axes[1], "ap": figure.axes[3]}
    for cluster, ax in ((cp, lanes["cp"]), (ap, lanes["ap"])):
        assert len(_request_labels(ax)) == len(cluster.history)
    marked = [t for t in _request_labels(lanes["ap"]) if t.startswith("▲")]
    assert marked == [f"▲ R {culprit.value}"]
    # The alt text gives each story its own length, not the shared axis's (374 ms for both).
    assert "13 requests on 3 nodes over 374 ms" in figure.alt_text.split("AP mode")[0]
    assert "13 requests on 3 nodes over 64 ms" in figure.alt_text.split("AP mode")[1]


def test_the_replay_title_is_not_cut_short():
    cluster, frames = experiments.story_frames("cp")
    figure = plots.replay_picture(cluster, frames, step=8)
    title = figure.axes[1].get_title(loc="left")
    assert not title.endswith("…") and "..." not in title
    assert title == "step 9 of 20: " + frames[8]["what"].split(", t = ")[0]


def test_the_convergence_timeline_is_labelled_in_simulated_ms():
    # The x-axis counts frames; its ticks must name the time (the prose says "cut off from 20
    # to 60 ms"), so each tick sits on the frame recorded at that time.
    frames = experiments.convergence_frames()
    figure = plots.convergence_picture(frames, step=40)
    line = figure.axes[1]
    ticks = dict(zip((t.get_text() for t in line.get_xticklabels()), line.get_xticks(),
                     strict=True))
    for text, position in ticks.items():
        frame = frames[int(position)]
        if text.startswith("round"):
            assert frame["what"] == "anti-entropy round 1"
        else:
            assert frame["time"] == float(text) and frame["what"].startswith("t = ")
    cut = [i for i, f in enumerate(frames) if "cut off" in f["what"]]
    assert frames[cut[0]]["time"] == 20 and frames[cut[-1] + 1]["time"] == 60
    assert {"20", "40", "60", "80"} <= set(ticks)
