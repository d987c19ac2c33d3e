"""Figures carry alt text that matches the model; panels survive their extremes; exercises."""

from sysdesign.event_sourcing import exercises, experiments, plots, widgets


def test_history_figure_says_what_the_model_computed():
    result = experiments.history(60, 10, 45)
    fig = plots.history_view(result)
    assert "reads 45 events from the start but 5 from the snapshot at version 40" in \
        fig.alt_text


def test_history_figure_says_full_replay_when_no_snapshot_is_used():
    labels = [t.get_text() for t in
              plots.history_view(experiments.history(60, 0, 45)).axes[0].get_legend().texts]
    assert "events replayed (no snapshot)" in labels
    labels = [t.get_text() for t in
              plots.history_view(experiments.history(60, 10, 45)).axes[0].get_legend().texts]
    assert "tail replayed after the snapshot" in labels


def test_cqrs_figure_counts_the_stale_reads_it_draws():
    result = experiments.cqrs()
    fig = plots.cqrs_view(result, t=600, read_after_ms=50)
    stale = int(result["writes"]["stale read"].sum())
    assert f"{stale} of the reads made after writing saw stale data" in fig.alt_text


def test_panels_redraw_at_their_extremes():
    history = widgets.history_panel()
    history.controls["snapshot_every"].value = 0
    history.controls["version"].value = history.controls["version"].max
    assert history.result["read with snapshot"] == history.result["read full"] == 60
    cqrs = widgets.cqrs_panel()
    for name in ("poll_ms", "apply_ms", "read_after_ms", "t"):
        control = cqrs.controls[name]
        control.value = control.min
        control.value = control.max
    assert cqrs.redraws == 9


def test_exercise_answers_come_from_the_models():
    answers = {e.id: e.answer() for e in exercises.EXERCISES}
    assert answers == {"19.1": 7, "19.2": "down"}
