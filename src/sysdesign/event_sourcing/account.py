"""A bank account as an event-sourced aggregate: state is the fold of its events.

Three event types (in their current schema, see :mod:`.upcasting`): ``Opened{owner}``,
``Deposited{cents, currency}``, ``Withdrawn{cents, currency}``. :func:`apply` is one
step of the fold, :func:`replay` the whole fold. Commands (:func:`deposit`,
:func:`withdraw`) load the account, check the rule (no overdraft), and append with the
version they loaded, so a concurrent writer makes them fail instead of overwrite.

>>> replay([Event("Opened", {"owner": "ada"}),
...         Event("Deposited", {"cents": 700, "currency": "USD"}, 3),
...         Event("Withdrawn", {"cents": 200, "currency": "USD"}, 2)])
{'owner': 'ada', 'balance': 500, 'deposits': 1, 'withdrawals': 1}
"""

from __future__ import annotations

from collections.abc import Iterable

from ..core import checks
from .store import ConcurrencyError, Event, EventStore
from .upcasting import upcast

EMPTY: dict = {"owner": None, "balance": 0, "deposits": 0, "withdrawals": 0}


class Overdraft(ValueError):
    """A withdrawal larger than the balance: the command is refused, nothing is stored."""


def apply(state: dict, event) -> dict:
    """The state after one event (a new dict; ``state`` is not changed)."""
    kind, data = event.type, event.data
    if kind == "Opened":
        return {**state, "owner": data["owner"]}
    if kind == "Deposited":
        return {**state, "balance": state["balance"] + data["cents"],
                "deposits": state["deposits"] + 1}
    if kind == "Withdrawn":
        return {**state, "balance": state["balance"] - data["cents"],
                "withdrawals": state["withdrawals"] + 1}
    raise ValueError(f"event.type must be Opened, Deposited or Withdrawn, got {kind!r}")


def replay(events: Iterable, state: dict | None = None) -> dict:
    """Fold ``events`` (oldest first) over ``state`` (an empty account by default)."""
    state = dict(EMPTY if state is None else state)
    for event in events:
        state = apply(state, event)
    return state


def load(store: EventStore, account: str, *, to_version: int | None = None,
         until: float | None = None, snapshots: bool = False) -> tuple[dict, int, int]:
    """``(state, version, events read)`` of an account, optionally as of a past point.

    ``to_version`` stops at a version, ``until`` at a time (``recorded_at <= until``);
    with ``snapshots=True`` it starts from the newest snapshot at or before
    ``to_version`` and reads only the tail after it (snapshots record no time, so a load
    ``until`` a time always replays from the start).
    """
    if to_version is not None:  # checked here, so an error names this parameter
        to_version = checks.integer(to_version, "to_version", 0)
    version, state = 0, None
    if snapshots and until is None:
        found = store.latest_snapshot(account, at_or_before=to_version)
        if found is not None:
            version, state = found
    tail = store.read(account, after_version=version, to_version=to_version, until=until)
    state = replay((upcast(e) for e in tail), state)
    return state, (tail[-1].version if tail else version), len(tail)


def open_account(store: EventStore, account: str, owner: str) -> int:
    """Open a new account (its stream must not exist yet); the new version."""
    return store.append(account, 0, [Event("Opened", {"owner": owner})])


def deposit(store: EventStore, account: str, cents: int, *, currency: str = "USD",
            retries: int = 3) -> int:
    """Deposit ``cents``; re-read and retry on a concurrency conflict. The new version."""
    cents = checks.integer(cents, "cents", 1, hint="an amount in cents")
    event = Event("Deposited", {"cents": cents, "currency": currency}, 3)
    return _decide_and_append(store, account, lambda state: event, retries)


def withdraw(store: EventStore, account: str, cents: int, *, currency: str = "USD",
             retries: int = 3) -> int:
    """Withdraw ``cents`` unless it would overdraw; retry on conflict. The new version."""
    cents = checks.integer(cents, "cents", 1, hint="an amount in cents")

    def decide(state: dict) -> Event:
        if cents > state["balance"]:
            raise Overdraft(f"cents {cents} exceeds the balance {state['balance']}")
        return Event("Withdrawn", {"cents": cents, "currency": currency}, 2)
    return _decide_and_append(store, account, decide, retries)


def _decide_and_append(store: EventStore, account: str, decide, retries: int) -> int:
    """Load, decide on the loaded state, append with the loaded version; retry on conflict."""
    retries = checks.integer(retries, "retries", 0)
    for attempt in range(retries + 1):
        state, version, _ = load(store, account, snapshots=True)
        if state["owner"] is None:
            raise ValueError(f"account {account!r} is not open")
        try:
            return store.append(account, version, [decide(state)])
        except ConcurrencyError:
            if attempt == retries:
                raise
    raise AssertionError("unreachable")  # pragma: no cover
