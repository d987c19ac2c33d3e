"""The "Try it" exercises of notebook 22 (coordination), computed from the models."""

from __future__ import annotations

from ..core.exercises import Exercise
from . import experiments, gossip, leases, paxos

EARLY_B = {"B": 5.0}  # exercise 22.1: B starts at 5 ms instead of 14


def _early_duel_winner() -> str:
    chosen = paxos.run(experiments.DUEL, seed=experiments.DUEL_SEED, starts=EARLY_B).chosen
    return "both" if len(chosen) > 1 else next(iter(chosen))


EXERCISES = [
    Exercise(
        id="22.1",
        expected=_early_duel_winner,
        hint="when B's prepare for ballot 2 arrives, has any acceptor accepted anything? And "
             "what does an acceptor that promised ballot 2 do with A's accept for ballot 1?",
        wrong={"x": "A proposed first, but its accept(1) reaches acceptors that have already "
                    "promised ballot 2, so they refuse it. B's promises report nothing "
                    "accepted, so B proposes its own y, and a majority accepts it.",
               "both": "with the rule in place Paxos never chooses two values; only the bug "
                       "(ignoring accepted values) can."},
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
        expected=lambda: leases.stale_writes(leases.lock_run(pause=0, skew=0.3)),
        hint="find the real time at which client 1's slow clock reads 10 s, then count its "
             "whole-second writes from 10 s up to that time",
        wrong={0: "client 1 does check its lease, but with its own clock, which runs slow.",
               4: "count the write at exactly 10 s too: client 2 was granted the lock then.",
               3: "that is the 20% clock of the table above; at 30% slow the clock reads 10 s "
                  "only after 10 / 0.7 real seconds."},
    ),
]
