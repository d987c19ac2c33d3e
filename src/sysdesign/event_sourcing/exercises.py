"""The "Try it" exercises of notebook 19 (event sourcing and CQRS), computed from the models."""

from __future__ import annotations

from ..core.exercises import Exercise
from .account import load
from .experiments import account_history, cqrs

# 19.1: the other direction from the notebook's snapshot examples: a bound on the events
# any load may read, and the snapshot interval that meets it
EVENTS_191, MOST_READ_191 = 60, 7
# 19.2: the projector polls twice as often (every 50 ms, the notebook waits 100), so the
# client's read 50 ms after writing comes one whole polling interval later. Not reading
# later at 100 ms: the notebook prints that lags run above 100 ms, which would give it away.
POLL_192 = 50.0


def _worst_load(snapshot_every: int, events: int = EVENTS_191) -> int:
    """The most events any version's load reads, with a snapshot every ``snapshot_every``."""
    with account_history(events, snapshot_every=snapshot_every) as store:
        return max(load(store, "acct-1", to_version=version, snapshots=True)[2]
                   for version in range(events + 1))


def _largest_interval(most: int = MOST_READ_191) -> int:
    """The largest snapshot interval whose worst load reads at most ``most`` events.

    An interval of k > most + 1 fails on the load of version k − 1 (k − 1 events, no
    snapshot before it), so the search stops there.
    """
    fits = [k for k in range(1, min(EVENTS_191, most + 2) + 1) if _worst_load(k) <= most]
    return max(fits)


def _stale_at_one_interval() -> str:
    before = int(cqrs()["writes"]["stale read"].sum())
    after = int(cqrs(poll_ms=POLL_192, read_after_ms=50.0)["writes"]["stale read"].sum())
    return "none" if after == 0 else "fewer" if after < before else "same"


EXERCISES = [
    Exercise(
        id="19.1",
        expected=_largest_interval,
        hint="with a snapshot every k events, which version's load reads the most events, "
             "and how many does it read?",
        wrong={7: "with a snapshot every 7 events the longest load reads 6; a load at a "
                  "snapshot's own version reads none, so the worst reads one fewer than "
                  "the interval.",
               10: "that is the panel's interval: loading version 59 then reads 9 events.",
               6: "a snapshot every 6 events makes the longest load read only 5; you can "
                  "space them further apart."},
    ),
    Exercise(
        id="19.2",
        expected=_stale_at_one_interval,
        hint="a write is visible after the wait for the next poll plus the time to apply the "
             "events queued before it; compare that with 50 ms",
        wrong={"none": "the projector waits 50 ms after applying its batch, so a write "
                       "that lands while a batch is applied waits longer than 50 ms for "
                       "the next poll, and then the events queued before it are applied "
                       "first: some writes take longer than 50 ms to show.",
               "same": "polling twice as often shortens the wait for the next poll: many "
                       "writes that took longer than 50 ms to show now show sooner."},
        options=("none", "fewer", "same"),
        decide=True,
    ),
]
