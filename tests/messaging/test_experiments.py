"""The notebook's scenarios: what its prose says about them holds."""

from sysdesign.messaging import experiments, plots
from sysdesign.messaging.exercises import EXERCISES


def test_ordering_holds_per_key_not_globally():
    r = experiments.ordering()
    assert r["per_key_in_order"] and not r["global_in_order"]
    one = experiments.ordering(partitions=1, consumers=1)
    assert one["global_in_order"]


def test_replay_and_retention_numbers():
    r = experiments.replay()
    assert (r["billing_read"], r["audit_read"], r["replayed"]) == (100, 100, 10)
    # Derived: one record a second for 100 s, retention 60 s at t = 100 s -> the 40
    # records older than t = 40 go, and the log then starts at offset 40.
    assert r["deleted"] == r["log_start"] == 100 - 60
    assert experiments.replay(retention=25.0)["deleted"] == 100 - 25


def test_default_work_queue_shows_a_crash_redelivery_and_a_dead_letter():
    r = experiments.work_queue()
    outcomes = {j[4] for j in r["jobs"]}
    assert {"crashed", "dead-lettered", "requeued", "acked"} <= outcomes
    assert not r["in_order"] and r["dead"] == [9]
    assert r["end"] <= 7.0  # the time slider's last position shows the whole run


def test_default_crash_schedule_has_a_duplicate_and_a_loss():
    assert experiments.crash_step(semantics="at-least-once")["duplicates"] == 1
    assert experiments.crash_step(semantics="at-most-once")["lost"] == 1
    assert experiments.crash_step(semantics="idempotent")["duplicates"] == 0


def test_views_draw_with_alt_text():
    for fig in (plots.flows_view(experiments.flows()),
                plots.crash_tally_view(experiments.crash_tally(schedules=10))):
        assert fig.alt_text


def test_exercise_answers():
    answers = {e.id: e.answer() for e in EXERCISES}
    assert answers == {"18.1": "exactly once", "18.2": 150.0, "18.3": 3}


def test_exercise_answers_independently():
    from sysdesign.core.exercises import judge
    from sysdesign.messaging.delivery import run

    # 18.1: commit, then process; the crash after processing 7 restarts from offset 8,
    # message 7 ran once, and nothing else ran twice
    r = run(10, "at-most-once", {(7, "process")})
    (crash,) = [row for row in r["trace"] if row["action"] == "crash"]
    assert crash["event"] == "restart from offset 8"
    assert r["processed"] == r["applied"] == [1] * 10
    # 18.2 second by second: 900 behind, +12 produced, -18 finished
    lag, seconds = 900, 0
    while lag > 0:
        lag, seconds = lag + 12 - 6 * 3, seconds + 1
    assert seconds == 150
    # 18.3 by hand, range assignor: c1 [0,1] c2 [2,3] c3 [4] c4 [5] -> c1 [0,1] c2 [2]
    # c3 [3] c4 [4] c5 [5]: partitions 3, 4 and 5 change owner
    owners_before = {0: "c1", 1: "c1", 2: "c2", 3: "c2", 4: "c3", 5: "c4"}
    owners_after = {0: "c1", 1: "c1", 2: "c2", 3: "c3", 4: "c4", 5: "c5"}
    assert sum(owners_before[p] != owners_after[p] for p in range(6)) == 3
    for item in EXERCISES:
        for wrong in item.known_wrong():
            assert judge(item, wrong).status == "wrong"


def test_a_bound_moves_the_excess_but_adds_no_capacity():
    block = experiments.lag(bound=20, policy="block")
    drop = experiments.lag(bound=20, policy="drop")
    assert block["lag"].max() == drop["lag"].max() == 20
    assert block["finished"] == drop["finished"]
    assert block["rejected"] == 0 < drop["rejected"] and drop["waiting"].max() == 0 < \
        block["waiting"][-1]


def test_work_queue_counters_as_the_notebook_reads_them():
    c = experiments.work_queue()["counters"]
    assert c["delivered"] == c["published"] + c["redelivered"]
    assert (c["acked"], c["dead_lettered"]) == (11, 1)
    jobs9 = [j[4] for j in experiments.work_queue()["jobs"] if j[3] == 9]
    assert jobs9 == ["requeued", "requeued", "dead-lettered"]


def test_lag_alt_text_describes_the_figure_drawn():
    # The default figure has no bound: its alt text must not describe one.
    default = plots.lag_view(experiments.lag()).alt_text
    assert "bound" not in default and "(λ − c·μ)·t" in default
    drop = plots.lag_view(experiments.lag(bound=20, policy="drop"))
    assert "bound of 20" in drop.alt_text and "rejected" in drop.alt_text


def test_tally_legend_does_not_call_at_least_once_repeats_effect_free():
    # At least once, every repeated piece of work applied its effect again, so the grey
    # bar (drawn for every semantics) must not be labelled as having no effect.
    result = experiments.crash_tally(schedules=10)
    assert result["at-least-once"]["reprocessed"] == result["at-least-once"]["duplicates"] > 0
    fig = plots.crash_tally_view(result)
    labels = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert "work repeated" in labels and not any("no effect" in label for label in labels)
