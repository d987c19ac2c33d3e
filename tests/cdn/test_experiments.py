"""Scenarios, figures and exercises of notebook 07."""

import pytest

from sysdesign.cdn import experiments, plots, simulate
from sysdesign.cdn.exercises import EXERCISES
from sysdesign.core.exercises import evaluate


def test_pull_push_summary_and_figure():
    result = experiments.pull_push()
    table = result.summary()
    assert table.loc["hit ratio", "push"] == 1.0
    assert table.loc["uploads to edges / s", "pull"] == 0
    assert table.loc["origin fetches / s", "push"] == 0  # everything pushed: no misses
    assert experiments.pull_push() is result  # remembered per setting
    assert table.loc["hit ratio", "pull"] < 1.0
    assert table.loc["objects stored (all edges)", "push"] == 1000
    assert table.loc["objects stored (all edges)", "pull"] < 1000
    stale = table.loc["stale responses (share)"]
    assert stale["pull"] > stale["push"]
    latency = result.latency()
    assert (latency["pull"] > latency["push"]).all()
    fig, frame = plots.pull_push_view(result)
    assert len(fig.alt_text.split()) > 10 and frame.equals(table)
    assert "every region waits about the edge RTT" in fig.alt_text
    partial = experiments.pull_push(pushed_share=0.1)  # push misses the long tail
    alt = plots.pull_push(partial).alt_text
    assert "every region waits" not in alt and "the rest go to the origin" in alt


def test_longer_ttl_more_hits_more_staleness():
    short, long = experiments.pull_push(ttl_s=10), experiments.pull_push(ttl_s=600)
    assert long.pull.hit_ratio > short.pull.hit_ratio
    assert long.pull.stale_share > short.pull.stale_share
    assert long.pull.storage > short.pull.storage


def test_shield_savings_and_its_figure():
    frame = experiments.shield_savings(edges=(1, 4))
    assert (frame["shield: simulated"] <= frame["no shield: simulated"]).all()
    assert frame.loc[1, "shield: closed form"] == frame.loc[1, "no shield: closed form"]
    assert "closed-form" in plots.shield_savings(frame).alt_text


def test_request_path_steps():
    steps = experiments.path_steps()
    last = experiments.request_path(step=steps - 1)
    assert sum(last.tally().values()) == steps
    without = experiments.request_path(step=steps - 1, shield=False)
    assert without.tally()["shield"] == 0
    assert without.tally()["origin"] >= last.tally()["origin"]
    assert "Timeline" in plots.request_path_view(last).alt_text
    with pytest.raises(ValueError, match="step"):
        experiments.request_path(step=steps)


def test_uncacheable_and_invalidation_tables():
    frame = experiments.uncacheable()
    assert frame["edge hit ratio"].is_monotonic_decreasing
    assert frame["mean latency, Frankfurt (ms)"].is_monotonic_increasing
    # "faster than the cacheable share": fewer cacheable requests per TTL hit less often too
    hits = frame["edge hit ratio"]
    assert hits[0.5] < 0.5 * hits[0.0] - 0.03 and hits[0.9] < 0.5 * 0.1 * hits[0.0]


def test_uncacheable_hit_ratio_matches_a_simulated_edge():
    # Half the requests personalised: the edge sees cacheable requests at 0.5/s only.
    # Simulate those (long run, one edge) and count every request, personalised ones as misses.
    share = 0.5
    run = simulate(rtts={"Frankfurt": (10.0, 98.0)}, n_objects=experiments.N_OBJECTS,
                   alpha=0.9, rate=1.0 * (1 - share), ttl=60.0, churn_per_hour=0,
                   duration=40_000.0, seed=4)
    table = experiments.uncacheable(shares=(share,), rate=1.0, ttl_s=60.0, alpha=0.9)
    assert table.loc[share, "edge hit ratio"] == pytest.approx((1 - share) * run.hit_ratio,
                                                               abs=0.01)
    table = experiments.invalidation(ttl_s=3600, purge_s=5, html_ttl_s=60)
    assert table["old version from the CDN, up to (s)"].tolist() == [3600, 5, 60]
    # a purge does not reach browsers: they keep the file for its max-age
    assert table["in a browser that cached it (s)"].tolist() == [3600, 3600, 60]


def test_exercise_answers_and_hints():
    answers = {"07.1": 0.75, "07.2": 215.0, "07.3": "popular"}
    for item in EXERCISES:
        assert evaluate(item.id, answers[item.id]).status == "correct"
        for wrong in item.known_wrong():
            assert evaluate(item.id, wrong).status != "correct"


def test_exercise_072_stale_moment_by_hand_and_by_decide():
    """07.2: Date 09:59:35, 29 s before arrival at 10:00:04, so the apparent age (29 s) beats
    Age + delay (10 + 4 s); s-maxage=240 then runs out at 4 + 240 − 29 = 215 s."""
    from sysdesign.cdn import exercises
    from sysdesign.cdn.headers import current_age, decide

    assert exercises._stale_at() == 4 + 240 - 29 == 215
    times = dict(exercises.TIMES_072)
    for now, action in ((214.5, "serve"), (215.0, "revalidate"), (215.5, "revalidate")):
        age = current_age(age=exercises.AGE_072, now=now, **times)
        assert decide(exercises.HEADERS_072, age=age).action == action


def test_header_decisions_table():
    frame = experiments.header_decisions({"no-store": [0], "max-age=10": [5, 20]})
    assert frame["edge does"].tolist() == ["do not store", "serve", "revalidate"]
    down = experiments.header_decisions({"max-age=10, stale-if-error=60": [20, (20, "down")]})
    assert down["origin"].tolist() == ["up", "down"]
    assert down["edge does"].tolist() == ["revalidate", "serve stale (origin error)"]


def test_numbers_quoted_in_the_notebook_prose():
    from sysdesign.cdn import exercises

    assert round(exercises._shield_factor(1.0), 1) == 7.9  # 07.3's solution
    assert round(exercises._shield_factor(1 / 600), 1) == 1.6
    table = experiments.rtt_table()
    far = table.loc[["Singapore", "Sydney"]]
    assert (far["km to origin"] > 15_000).all()
    assert ((far["fibre floor (ms)"] - 155).abs() < 2.5).all()  # "about 155 ms"
    assert (far["fibre floor (ms)"] > 150).all() and (far["assumed RTT to origin (ms)"] > 230).all()
    assert (table["assumed RTT to origin (ms)"] > 100).sum() == 3  # "three of the five"
    defaults = experiments.pull_push().summary()  # "push uploads more than pull fetches"
    assert defaults.loc["uploads to edges / s", "push"] > defaults.loc["origin fetches / s",
                                                                       "pull"]
    assert defaults.loc["longest out of date (s)", "pull"] < 60  # under the TTL
    # "which asks more of the origin depends on the churn": past the first upload (1000
    # objects over 300 s), changes alone outnumber pull's fetches at high churn, not at low
    first_upload = 1000 / 300
    for churn, push_more in ((2.0, False), (30.0, True)):
        run = experiments.pull_push(churn_per_hour=churn)
        later = run.push.pushes / run.push.duration - first_upload
        assert (later > run.pull.origin_fetches / run.pull.duration) is push_more
    assert defaults.loc["stale responses (share)", "push"] == 0  # "none here"
    tally = {s: experiments.request_path(step=experiments.path_steps() - 1, shield=s).tally()
             for s in (True, False)}
    assert tally[True]["origin"] < tally[False]["origin"]
