"""Event sourcing and CQRS: an append-only event store in real SQLite, replay, snapshots,
upcasting, and a read model fed asynchronously.

What is where (the notebook is ``19_event_sourcing_cqrs``):

- :mod:`.store`: :class:`EventStore`, one append-only SQLite table (triggers refuse
  ``UPDATE``/``DELETE``, ``UNIQUE(stream_id, version)``) with optimistic concurrency:
  ``append(stream, expected_version, events)`` raises :class:`ConcurrencyError` when the
  stream moved on; snapshots in a second table.
- :mod:`.account`: a bank account as an aggregate: ``apply`` (one step), ``replay`` (the
  fold), ``load`` (at a version or time, with or without snapshots) and commands that
  retry on conflict.
- :mod:`.upcasting`: old event schemas read as the current one by a chain of upcasters.
- :mod:`.projection`: the CQRS read model with its checkpoint, and ``rebuild``.
- :mod:`.experiments`: the scenarios the notebook, the panels and the tests share.
- :mod:`.plots` draws them; :mod:`.widgets` wires the panels (import those two yourself).

>>> with EventStore(clock=lambda: 0.0) as store:
...     _ = open_account(store, "acct-1", "ada")
...     _ = deposit(store, "acct-1", 700)
...     load(store, "acct-1")[0]["balance"]
700
"""

from .account import (
    EMPTY,
    Overdraft,
    apply,
    deposit,
    load,
    open_account,
    replay,
    withdraw,
)
from .projection import Projection, rebuild
from .store import ConcurrencyError, Event, EventStore, RecordedEvent, WrongExpectedVersion
from .upcasting import CURRENT_SCHEMA, UPCASTERS, upcast, upcast_all

__all__ = [
    "CURRENT_SCHEMA", "EMPTY", "UPCASTERS", "ConcurrencyError", "Event", "EventStore",
    "Overdraft", "Projection", "RecordedEvent", "WrongExpectedVersion", "apply", "deposit",
    "load", "open_account", "rebuild", "replay", "upcast", "upcast_all", "withdraw",
]
