"""Figures carry alt text that matches the model; panels survive their extremes; exercises."""

from sysdesign.event_sourcing import exercises, experiments, plots, widgets


def test_history_figure_says_what_the_model_computed():
    result = experiments.history(60, 10, 45)
    fig = plots.history_view(result)
    assert "reads 45 events from the start but 5 from the snapshot at version 40" in \
        fig.alt_text


def test_history_figure_says_full_replay_when_no_snapshot_is_used():
    fig = plots.history_view(experiments.history(60, 0, 45))
    labels = [t.get_text() for t in fig.axes[0].get_legend().texts]
    assert "events replayed (no snapshot)" in labels
    assert "with no snapshots;" in fig.alt_text and "snapshot at version 0" not in fig.alt_text
    assert "the other load reads the same 45" in fig.alt_text
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
    assert answers == {"19.1": 8, "19.2": "fewer"}


def test_exercise_answers_independently():
    from sysdesign.core.exercises import judge
    from sysdesign.event_sourcing.experiments import cqrs, history

    # 19.1: every 8 events, version 7 (no snapshot yet) and version 15 read 7 events;
    # every 9, version 8 reads 8
    assert history(60, snapshot_every=8, version=7)["read with snapshot"] == 7
    assert history(60, snapshot_every=8, version=15)["read with snapshot"] == 7
    assert history(60, snapshot_every=8, version=16)["read with snapshot"] == 0
    assert history(60, snapshot_every=9, version=8)["read with snapshot"] == 8
    # 19.2: polling every 50 ms, some lags still exceed one polling interval (the queue
    # behind the poll), so a read 50 ms after writing still finds some stale, and fewer
    # than with 100 ms between polls; a read is stale exactly when its lag exceeds 50 ms
    writes = cqrs()["writes"]
    faster = cqrs(poll_ms=50, read_after_ms=50)["writes"]
    assert faster["lag_ms"].max() > 50
    assert (faster["stale read"] == (faster["lag_ms"] > 50)).all()
    assert 0 < faster["stale read"].sum() < writes["stale read"].sum()
    assert faster["stale read"].sum() == 8  # the count the worked solution states
    for item in exercises.EXERCISES:
        for wrong in item.known_wrong():
            assert judge(item, wrong).status == "wrong"
