"""The "Try it" exercises of notebook 21 (transactions and locking), computed from the models."""

from __future__ import annotations

from ..core.exercises import Exercise
from .isolation import ANOMALIES, LEVELS, run
from .saga import run_saga
from .twophase import two_phase_commit


def _weakest_level_without(anomaly: str) -> str:
    """The weakest level (in LEVELS order) at which the anomaly's schedule does not show it."""
    case = ANOMALIES[anomaly]
    for level in LEVELS:
        if not case.happened(run(case.schedule, level, case.initial)):
            return level
    raise AssertionError(anomaly)  # pragma: no cover


def _compensations(fail_at: int) -> int:
    return sum(row["event"].startswith("compensate") for row in run_saga(fail_at))


def _blocked_after_decision() -> int:
    return max(row["blocked"] for row in two_phase_commit(4, crash="after first decision sent"))


EXERCISES = [
    Exercise(
        id="21.1",
        expected=lambda: "no" if ANOMALIES["write skew"].happened(
            run(ANOMALIES["write skew"].schedule, "SNAPSHOT",
                ANOMALIES["write skew"].initial)) else "yes",
        hint="under snapshot isolation each doctor reads a snapshot and writes a different "
             "row: does first-committer-wins see a conflict?",
        wrong={"yes": "first committer wins only compares the rows both transactions "
                      "wrote; T1 wrote alice and T2 wrote bob, so both commit."},
        options=("yes", "no"),
        decide=True,
    ),
    Exercise(
        id="21.2",
        expected=lambda: _compensations(4),
        hint="the failing step's own local transaction rolls back; only the steps that "
             "committed before it need a compensation",
        wrong={4: "the fourth step failed and rolled back its own local transaction: it "
                  "has nothing to compensate.",
               0: "three steps committed before the failure; each must be undone."},
    ),
    Exercise(
        id="21.3",
        expected=_blocked_after_decision,
        hint="the decision is logged and the first participant has it; the others voted yes "
             "and wait",
        wrong={4: "the first participant already received commit and released its locks.",
               0: "a prepared participant may not decide alone, even though the coordinator "
                  "logged commit: it does not know that."},
    ),
]
