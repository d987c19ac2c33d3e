"""The "Try it" exercises of notebook 22 (coordination), computed from the models."""

from __future__ import annotations

from ..core.exercises import Exercise
from . import experiments, gossip, leases


def _duel_winner() -> str:
    chosen = experiments.duel(True).chosen
    return "both" if len(chosen) > 1 else next(iter(chosen))


EXERCISES = [
    Exercise(
        id="22.1",
        expected=_duel_winner,
        hint="look at the promises B receives: do any of them report an accepted value?",
        wrong={"y": "B's promises from acc2 and acc3 report that they accepted x in ballot 1; "
                    "a correct proposer must propose that value, not its own.",
               "both": "that is the bug (B ignoring accepted values); with adoption Paxos "
                       "never chooses two values."},
        options=("x", "y", "both"),
        decide=True,
    ),
    Exercise(
        id="22.2",
        expected=lambda: round(gossip.push_rounds_estimate(1_000_000)),
        hint="add the rounds of the doubling phase (log2 n) and of the end phase (ln n)",
        wrong={20: "that is log2 n alone: the doubling phase; the last few nodes take about "
                   "ln n more rounds to be found.",
               14: "that is ln n alone: add the log2 n rounds of doubling."},
        tolerance=0.03,
    ),
    Exercise(
        id="22.3",
        expected=lambda: leases.stale_writes(leases.lock_run(pause=0, skew=0.2)),
        hint="client 1 writes once a second while its slow clock says the lease holds; count "
             "its writes at or after 10 s, when client 2 gets the lock",
        wrong={0: "client 1 does check its lease, but with its own clock, which runs slow.",
               2: "count the write at exactly 10 s too: client 2 was granted the lock then."},
    ),
]
