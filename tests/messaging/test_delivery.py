"""Crash schedules: derived counts of losses and duplicates for each delivery semantics."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sysdesign.messaging import SEMANTICS, crash_points, random_schedule, run, tally


def schedules(semantics):
    """A hypothesis strategy: any subset of the crash points of 1..12 messages."""
    return st.integers(1, 12).flatmap(lambda n: st.tuples(
        st.just(n), st.sets(st.sampled_from(crash_points(n, semantics)))))


@given(schedules("at-least-once"))
def test_at_least_once_never_loses(case):
    n, crashes = case
    r = run(n, "at-least-once", crashes)
    assert r["lost"] == 0
    # Derived: each crash after processing (before the commit) repeats exactly one message.
    assert r["duplicates"] == sum(step == "process" for _, step in crashes)
    # ... and every repeat of the work applied its effect again (unlike idempotent).
    assert r["reprocessed"] == r["duplicates"]


@given(schedules("at-most-once"))
def test_at_most_once_never_duplicates(case):
    n, crashes = case
    r = run(n, "at-most-once", crashes)
    assert r["duplicates"] == 0
    # Derived: each crash after the commit (before processing) loses exactly one message.
    assert r["lost"] == sum(step == "commit" for _, step in crashes)


@pytest.mark.parametrize("semantics", ["idempotent", "atomic"])
@given(data=st.data())
def test_idempotent_and_atomic_neither_lose_nor_duplicate(semantics, data):
    n, crashes = data.draw(schedules(semantics))
    r = run(n, semantics, crashes)
    assert r["lost"] == r["duplicates"] == 0
    assert r["applied"] == [1] * n
    if semantics == "atomic":
        assert r["reprocessed"] == 0  # no point between the effect and the offset
    else:  # the work is repeated, the effect is not
        assert r["reprocessed"] == sum(step == "process" for _, step in crashes)


@settings(max_examples=50)
@given(st.integers(0, 10_000), st.floats(0, 0.5), st.sampled_from(SEMANTICS))
def test_seeded_schedules_repeat_and_every_reachable_crash_happens(seed, rate, semantics):
    a = random_schedule(8, semantics, rate, seed)
    assert a == random_schedule(8, semantics, rate, seed)
    # At most once, a crash after the commit skips that message's processing, and so
    # any crash planned after it; every other point is reached.
    unreachable = sum((m, "commit") in a for m, step in a if step == "process"
                      and semantics == "at-most-once")
    assert run(8, semantics, a)["crashes"] == len(a) - unreachable


def test_tally_totals_follow_from_the_schedules():
    totals = tally(messages=10, schedules=50, crash_rate=0.1, seed=2)
    assert totals["at-least-once"]["lost"] == totals["at-most-once"]["duplicates"] == 0
    assert totals["at-least-once"]["duplicates"] > 0 and totals["at-most-once"]["lost"] > 0
    for s in ("idempotent", "atomic"):
        assert totals[s]["lost"] == totals[s]["duplicates"] == 0


def test_the_trace_steps_through_one_schedule():
    r = run(3, "at-least-once", {(1, "process")})
    actions = [(t["message"], t["action"]) for t in r["trace"]]
    assert actions[3:8] == [(1, "receive"), (1, "process"), (1, "crash"), (1, "receive"),
                            (1, "process")]
    crash = r["trace"][5]
    assert crash["committed"] == 1 and crash["event"] == "restart from offset 1"


@pytest.mark.parametrize(("call", "error", "text"), [
    (lambda: run(0, "atomic"), ValueError, "messages"),
    (lambda: run(3, "exactly-once"), ValueError, "semantics"),
    (lambda: run(3, "atomic", {(0, "commit")}), ValueError, "crashes"),
    (lambda: random_schedule(3, "atomic", 5, 0), ValueError, "crash_rate"),
    (lambda: crash_points(0, "atomic"), ValueError, "messages"),
    (lambda: random_schedule(2.5, "atomic", 0.1, 0), ValueError, "messages"),
])
def test_bad_input_names_the_parameter(call, error, text):
    with pytest.raises(error, match=text):
        call()


@settings(max_examples=40, deadline=None)
@given(data=st.data(), semantics=st.sampled_from(["at-least-once", "idempotent", "atomic"]))
def test_real_sqlite_transactions_give_the_models_counts(data, semantics):
    # Cross-check: the same schedule against real SQLite, where a crash rolls back the
    # open transaction (for "atomic" the crash comes *before* COMMIT, the harder case).
    from sysdesign.messaging import sqlite_run
    n, crashes = data.draw(schedules(semantics))
    assert sqlite_run(n, semantics, crashes) == run(n, semantics, crashes)["applied"]
