import pytest

from sysdesign.transactions import (
    CRASH_POINTS,
    is_consistent,
    is_safe,
    outbox_run,
    run_saga,
    two_phase_commit,
)
from sysdesign.transactions.saga import INITIAL, STEPS


@pytest.mark.parametrize("recover", [True, False])
@pytest.mark.parametrize("no_vote", [None, 1, 2, 3])
@pytest.mark.parametrize("crash", CRASH_POINTS)
def test_two_phase_commit_is_safe_at_every_crash_point(crash, no_vote, recover):
    trace = two_phase_commit(3, crash=crash, no_vote=no_vote, recover=recover)
    assert is_safe(trace)
    final = trace[-1]
    outcomes = {final[p] for p in ("P1", "P2", "P3")}
    if recover:
        assert len(outcomes) == 1  # everyone ends the same way
        assert outcomes == ({"committed"} if no_vote is None and crash in (
            "none", "after decision logged", "after first decision sent") else {"aborted"})


@pytest.mark.parametrize("no_vote", [None, 1, 2, 3])
@pytest.mark.parametrize("crash", [c for c in CRASH_POINTS if c != "none"])
def test_the_coordinator_crashes_where_asked_whoever_votes_no(crash, no_vote):
    """Every crash point is reached: when P1 votes no, the first decision goes to P2."""
    trace = two_phase_commit(3, crash=crash, no_vote=no_vote, recover=False)
    crashes = [row["step"] for row in trace if row["event"].startswith("coordinator crashes")]
    assert len(crashes) == 1 and trace[-1]["coordinator"] == "down"
    if crash == "after first decision sent":
        sent = [row for row in trace[:crashes[0]] if " acknowledges " in row["event"]]
        assert len(sent) == 1


def test_is_safe_catches_a_split_outcome():
    assert not is_safe([{"P1": "committed", "P2": "aborted"}])


@pytest.mark.parametrize("crash,blocked", [("after votes", 3), ("after decision logged", 3),
                                           ("after first decision sent", 2),
                                           ("after first prepare", 1), ("before prepare", 0)])
def test_prepared_participants_block_while_the_coordinator_is_down(crash, blocked):
    trace = two_phase_commit(3, crash=crash, recover=False)
    assert trace[-1]["blocked"] == blocked == trace[-1]["locks held"]


def test_messages_without_failures():
    assert two_phase_commit(5)[-1]["messages"] == 4 * 5


@pytest.mark.parametrize("fail_at", [None, *range(1, len(STEPS) + 1)])
def test_saga_ends_consistent_at_every_failure_step(fail_at):
    trace = run_saga(fail_at)
    assert is_consistent(trace[-1])
    compensations = sum(row["event"].startswith("compensate") for row in trace)
    assert compensations == (0 if fail_at is None else fail_at - 1)
    if fail_at is not None:
        assert {k: trace[-1][k] for k in INITIAL} == {**INITIAL, "order": "cancelled"}


def test_saga_states_in_between_are_visible_and_not_consistent():
    assert not all(is_consistent(row) for row in run_saga(3)[1:-1])


@pytest.mark.parametrize("fail_at", [None, *range(1, len(STEPS) + 1)])
def test_saga_shows_partial_work_exactly_when_a_step_committed_before_the_end(fail_at):
    trace = run_saga(fail_at)
    assert is_consistent(trace[0])  # nothing done yet is consistent
    partial = any(row["event"].endswith("commits") for row in trace) and len(trace) > 2
    assert all(is_consistent(row) for row in trace) == (not partial)
    assert all(is_consistent(row) for row in trace) == (fail_at == 1)


def test_is_consistent_rejects_half_done_states():
    assert not is_consistent({**INITIAL, "stock": INITIAL["stock"] - 1})
    assert not is_consistent({**INITIAL, "order": "confirmed"})


def test_outbox_never_loses_an_event_and_dual_write_can():
    for crash in ("none", "after commit", "after publish"):
        assert outbox_run("outbox", crash)["events lost"] == 0
    assert outbox_run("dual write", "after commit")["events lost"] == 1
    assert outbox_run("outbox", "after publish")["duplicates"] == 1


def test_bad_input():
    with pytest.raises(ValueError, match="crash"):
        two_phase_commit(3, crash="later")
    with pytest.raises(ValueError, match="fail_at"):
        run_saga(9)
    with pytest.raises(ValueError, match="pattern"):
        outbox_run("two-phase")
