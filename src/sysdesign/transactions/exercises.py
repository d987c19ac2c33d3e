"""The "Try it" exercises of notebook 21 (transactions and locking), computed from the models."""

from __future__ import annotations

from ..core.exercises import Exercise
from .isolation import commit, r, run, w
from .saga import run_saga
from .twophase import two_phase_commit


def _write_skew_writing_both_rows() -> str:
    """The doctors at SNAPSHOT, each also writing the other's row back unchanged: is one
    doctor still on call ("yes", the database stopped them) or none ("no")?"""
    def off(me: str, other: str):
        return lambda seen: 0 if seen[me] + seen[other] >= 2 else seen[me]

    schedule = [r("T1", "alice"), r("T1", "bob"), r("T2", "alice"), r("T2", "bob"),
                w("T1", "bob", lambda seen: seen["bob"]), w("T1", "alice", off("alice", "bob")),
                w("T2", "alice", lambda seen: seen["alice"]), w("T2", "bob", off("bob", "alice")),
                commit("T1"), commit("T2")]
    result = run(schedule, "SNAPSHOT", {"alice": 1, "bob": 1})
    return "yes" if result.final["alice"] + result.final["bob"] > 0 else "no"


def _local_commits(fail_at: int) -> int:
    """Local transactions that commit: the steps before the failure and their compensations."""
    return sum(row["event"].endswith(" commits") or row["event"].startswith("compensate")
               for row in run_saga(fail_at))


def _blocked_after_decision() -> int:
    return max(row["blocked"] for row in two_phase_commit(4, crash="after first decision sent"))


EXERCISES = [
    Exercise(
        id="21.1",
        expected=_write_skew_writing_both_rows,
        hint="list the rows each transaction writes now, then ask what first committer wins "
             "compares at commit",
        wrong={"no": "each transaction now writes alice and bob, so both wrote a row the other "
                     "committed first: first committer wins aborts the second."},
        options=("yes", "no"),
        decide=True,
    ),
    Exercise(
        id="21.2",
        expected=lambda: _local_commits(4),
        hint="a compensation is not a rollback: it is a new local transaction of its own",
        wrong={3: "count both kinds: the steps that committed before the failure, and the "
                  "compensations, each a local transaction that commits too.",
               7: "the fourth step failed and rolled back its own local transaction: it "
                  "never committed.",
               4: "step 4 rolled back, and each of the three steps before it is undone by a "
                  "compensation that also commits."},
    ),
    Exercise(
        id="21.3",
        expected=_blocked_after_decision,
        hint="which participants have already been told the decision, and what may a "
             "participant that voted yes do on its own?",
        wrong={4: "the first participant already received commit and released its locks.",
               0: "a prepared participant may not decide alone, even though the coordinator "
                  "logged commit: it does not know that."},
    ),
]
