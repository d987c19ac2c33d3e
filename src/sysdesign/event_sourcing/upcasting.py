"""Schema evolution: old events are read in today's shape by a chain of upcasters.

Stored events are never rewritten. When a reader meets an event of an older schema it
passes the data through one small function per step (v1 -> v2 -> v3) until it reaches
the current schema. Here ``Deposited`` changed twice:

- schema 1 stored ``{"amount": 12.5}``: dollars as a float (rounding trouble);
- schema 2 stored ``{"cents": 1250}``: whole cents;
- schema 3 stores ``{"cents": 1250, "currency": "USD"}``: every amount names its currency.

>>> upcast(RecordedEvent("a", 2, 2, "Deposited", 1, {"amount": 12.5}, 0.0)).data
{'cents': 1250, 'currency': 'USD'}
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from decimal import ROUND_HALF_EVEN, Decimal

from .store import RecordedEvent

CURRENT_SCHEMA: dict[str, int] = {"Opened": 1, "Deposited": 3, "Withdrawn": 2}


def _deposited_1_to_2(data: dict) -> dict:
    """Dollars as a float -> whole cents, from the decimal the JSON holds (``1.005`` -> 100,
    half a cent to even), not from the binary product ``1.005 * 100 = 100.49999...``."""
    exact = Decimal(repr(data["amount"])) * 100
    return {"cents": int(exact.quantize(Decimal(1), rounding=ROUND_HALF_EVEN))}


def _add_default_currency(data: dict) -> dict:
    """Before multi-currency accounts every amount was in US dollars."""
    return {**data, "currency": "USD"}


# (event type, schema it reads) -> function returning the data of schema + 1
UPCASTERS: dict[tuple[str, int], Callable[[dict], dict]] = {
    ("Deposited", 1): _deposited_1_to_2,
    ("Deposited", 2): _add_default_currency,
    ("Withdrawn", 1): _add_default_currency,
}


def upcast(event: RecordedEvent, upcasters: Mapping = UPCASTERS,
           current: Mapping[str, int] = CURRENT_SCHEMA) -> RecordedEvent:
    """``event`` in its type's current schema; a new object, the stored row is untouched."""
    if not isinstance(event, RecordedEvent):
        raise TypeError(f"event must be a RecordedEvent, got {type(event).__name__}")
    target = current.get(event.type, event.schema)
    if event.schema > target:
        raise ValueError(f"event.schema {event.schema} of {event.type!r} is newer than the "
                         f"current schema {target}: this reader is out of date")
    data, schema = event.data, event.schema
    while schema < target:
        step = upcasters.get((event.type, schema))
        if step is None:
            raise ValueError(f"no upcaster for {event.type!r} schema {schema} -> {schema + 1}")
        data, schema = step(data), schema + 1
    return event if schema == event.schema else replace(event, schema=schema, data=data)


def upcast_all(events, upcasters: Mapping = UPCASTERS,
               current: Mapping[str, int] = CURRENT_SCHEMA) -> list[RecordedEvent]:
    """Every event of ``events`` in its current schema."""
    return [upcast(e, upcasters, current) for e in events]
