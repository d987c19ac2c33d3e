"""Single-decree Paxos: safety over many seeded runs, liveness without loss, the bug."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sysdesign.coordination import experiments, paxos


def test_one_proposer_no_loss_chooses_its_value_in_twelve_messages():
    result = paxos.run({"A": "x"})
    assert result.chosen == {"x"}
    assert result.messages == 12  # 3 prepare, 3 promise, 3 accept, 3 accepted
    assert [m.kind for m in result.log[:3]] == ["prepare"] * 3


@settings(max_examples=150, deadline=None)
@given(seed=st.integers(0, 10**6), loss=st.floats(0, 0.3), proposers=st.integers(1, 4),
       acceptors=st.sampled_from([3, 5]))
def test_never_two_values(seed, loss, proposers, acceptors):
    assert _safe(seed, loss, proposers, acceptors)


def _chosen_from_log(result, acceptors) -> set:
    """The values chosen, recomputed from the message log alone (not the model's tally).

    Each acceptor announces accepted(b, v) when it accepts; a value is chosen when a
    majority of distinct acceptors announced the same ballot. Also checks the acceptor
    rules message by message: promises rise strictly, and an acceptor never accepts a
    ballot below one it has promised.
    """
    promised: dict[str, int] = {}
    voters: dict[int, set] = {}
    values: dict[int, set] = {}
    for m in result.log:  # in the order the messages were sent
        if m.kind == "promise":
            assert m.ballot > promised.get(m.src, 0), m
            promised[m.src] = m.ballot
        elif m.kind == "accepted":
            assert m.ballot >= promised.get(m.src, 0), m
            promised[m.src] = m.ballot
            voters.setdefault(m.ballot, set()).add(m.src)
            values.setdefault(m.ballot, set()).add(m.value)
    assert all(len(v) == 1 for v in values.values())  # one value per ballot
    return {next(iter(values[b])) for b, who in voters.items() if len(who) > acceptors // 2}


def _safe(seed, loss, proposers, acceptors, adopt=True) -> bool:
    """The safety property the test above checks, for one run."""
    proposals = {f"P{i}": f"v{i}" for i in range(proposers)}
    result = paxos.run(proposals, acceptors=acceptors, loss=loss, seed=seed, adopt=adopt)
    chosen = _chosen_from_log(result, acceptors)
    assert result.chosen == chosen  # the contract's .chosen, checked against the log
    assert result.messages == len(result.log)  # .messages counts every message sent
    return len(chosen) <= 1 and chosen <= set(proposals.values())


def test_the_safety_check_catches_the_bug_within_the_same_ranges():
    # the property test can fail: with the bug, runs drawn from its own ranges break it
    unsafe = [(s, p, a) for s in range(30) for p in (2, 4) for a in (3, 5)
              if not _safe(s, 0.3 * (s % 3) / 2, p, a, adopt=False)]
    assert len(unsafe) >= 5
    assert all(_safe(s, 0.3 * (s % 3) / 2, p, a) for s, p, a in unsafe)


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 10**6), proposers=st.integers(1, 4), acceptors=st.sampled_from([3, 5]))
def test_without_loss_exactly_one_value_is_chosen(seed, proposers, acceptors):
    proposals = {f"P{i}": f"v{i}" for i in range(proposers)}
    assert len(paxos.run(proposals, acceptors=acceptors, seed=seed).chosen) == 1


def test_runs_end_and_an_unlucky_run_chooses_nothing():
    result = paxos.run({"A": "x"}, loss=0.9, seed=0, max_attempts=3)
    assert result.chosen == set()
    assert result.attempts["A"] == 3


def test_bug_chooses_two_values_in_the_duel_and_adoption_fixes_it():
    assert experiments.duel(False).chosen == {"x", "y"}
    assert experiments.duel(True).chosen == {"x"}
    ballots = [b for _, b, _ in experiments.duel(False).choices]
    assert ballots == [1, 2]  # two ballots, each won by a majority


def test_bug_is_not_rare_with_duelling_proposers():
    runs = [paxos.run({"A": "x", "B": "y", "C": "z"}, loss=0.2, seed=s, adopt=False)
            for s in range(40)]
    assert sum(len(r.chosen) > 1 for r in runs) >= 5


def test_back_off_cuts_wasted_attempts():
    table = experiments.duelling(seeds=20)
    assert table.loc[0.0, "mean attempts"] > table.loc[30.0, "mean attempts"]
    assert table["two values chosen"].sum() == 0


def test_step_through_counts_chosen_values_by_time():
    first = experiments.paxos(0, True)
    assert first["chosen"] == [] and len(first["shown"]) == 1
    last = experiments.paxos(experiments.STEPS - 1, False)
    assert sorted(last["chosen"]) == ["x", "y"]


@pytest.mark.parametrize("kwargs, name", [
    ({"acceptors": 0}, "acceptors"), ({"loss": 1.0}, "loss"), ({"loss": -0.1}, "loss"),
    ({"backoff": -1}, "backoff"), ({"max_attempts": 0}, "max_attempts"),
])
def test_bad_input_names_the_parameter(kwargs, name):
    with pytest.raises(ValueError, match=name):
        paxos.run({"A": "x"}, **kwargs)


def test_proposals_must_be_a_non_empty_dict():
    with pytest.raises(ValueError, match="proposals"):
        paxos.run({})


def test_starts_must_name_known_proposers():
    with pytest.raises(ValueError, match="starts"):
        paxos.run({"A": "x"}, starts={"B": 3.0})  # a typo must not be ignored
    with pytest.raises(TypeError, match="starts"):
        paxos.run({"A": "x"}, starts=5)


def test_livelock_without_back_off_pre_empts_ballot_after_ballot():
    stuck, ballots = experiments.livelock(backoff=0)
    calm, _ = experiments.livelock(backoff=30)
    # every ballot from 1 to 8 sent its accept, yet the first majority was ballot 9
    assert (ballots.loc[1:8, "accept ms"] != "").all()
    assert stuck.choices[0][1] == 9 and calm.choices[0][1] == 2
    assert stuck.chosen == calm.chosen == {"y"}  # B's value, adopted by A in ballot 9
    assert sum(stuck.attempts.values()) > 3 * sum(calm.attempts.values())
    assert stuck.messages > 3 * calm.messages


def test_exercise_early_duel_timing_as_the_notebook_states_it():
    # exercise 22.1: B starting at 5 ms gets its prepare(2) to every acceptor (at about
    # 10 to 11 ms) before A's accept(1) leaves (about 14 ms); every acceptor refuses A's
    # accept, and B's own y is chosen without A retrying
    from sysdesign.coordination.exercises import EARLY_B

    result = paxos.run(experiments.DUEL, seed=experiments.DUEL_SEED, starts=EARLY_B)
    prepares = [m.arrival for m in result.log if m.kind == "prepare" and m.src == "B"]
    accept_sent = min(m.time for m in result.log if m.kind == "accept" and m.src == "A")
    assert 10 <= min(prepares) and max(prepares) <= 11.1 and max(prepares) < accept_sent
    assert 13.5 <= accept_sent <= 14.5
    nacks = {m.src for m in result.log if m.kind == "nack" and m.dst == "A"}
    assert nacks == {"acc1", "acc2", "acc3"}
    assert result.chosen == {"y"} and result.attempts == {"A": 1, "B": 1}


def test_the_panel_default_is_as_the_notebook_describes_it():
    # "stopped at message 15, when acc2 and acc3 have accepted x (chosen), and B's prepare
    # is already on its way": B's prepares left before, and reach acc2 and acc3 after
    # they accepted x
    state = experiments.paxos(14, True)
    assert len(state["shown"]) == 15 and state["chosen"] == ["x"]
    accepted_x = {m.src: m.time for m in state["shown"] if m.kind == "accepted"}
    assert set(accepted_x) >= {"acc2", "acc3"}
    prepares = {m.dst: m for m in state["shown"] if m.kind == "prepare" and m.src == "B"}
    assert len(prepares) == 3
    assert all(prepares[a].arrival > accepted_x[a] for a in ("acc2", "acc3"))
