"""A saga: local transactions in a row, each with a compensation that undoes it.

If step k fails (its own local transaction rolls back), the saga runs the compensations of
steps k-1 .. 1 in reverse. Nothing is locked across steps, so others can see the states in
between (a saga gives up isolation).

>>> trace = run_saga(fail_at=3)
>>> [row["event"] for row in trace][-2:]
['compensate 1: release stock', 'saga aborted: every completed step undone']
>>> is_consistent(trace[-1])
True
"""

from __future__ import annotations

from ..core import checks

INITIAL = {"stock": 10, "balance": 100, "courier": "free", "order": "pending"}
STEPS = (  # (action, compensation)
    ("reserve stock", "release stock"),
    ("charge card", "refund card"),
    ("book courier", "cancel courier"),
    ("confirm order", None),
)
PRICE = 30


def _apply(state: dict, name: str) -> None:
    effects = {
        "reserve stock": ("stock", -1), "release stock": ("stock", +1),
        "charge card": ("balance", -PRICE), "refund card": ("balance", +PRICE),
    }
    if name in effects:
        key, delta = effects[name]
        state[key] += delta
    elif name == "book courier":
        state["courier"] = "booked"
    elif name == "cancel courier":
        state["courier"] = "free"
    elif name == "confirm order":
        state["order"] = "confirmed"


def run_saga(fail_at: int | None = None) -> list[dict]:
    """Run the order saga; step ``fail_at`` (1-based) fails, or none if None."""
    if fail_at is not None:
        checks.integer(fail_at, "fail_at", 1, len(STEPS), hint="a step number, or None")
    state = dict(INITIAL)
    trace = [{"step": 0, "event": "start", **state}]

    def snap(event: str) -> None:
        trace.append({"step": len(trace), "event": event, **state})

    for k, (action, _) in enumerate(STEPS, start=1):
        if k == fail_at:
            snap(f"{action} fails and rolls back its own local transaction")
            for j in range(k - 1, 0, -1):
                _apply(state, STEPS[j - 1][1])
                snap(f"compensate {j}: {STEPS[j - 1][1]}")
            state["order"] = "cancelled"
            snap("saga aborted: every completed step undone")
            return trace
        _apply(state, action)
        snap(f"{action} commits")
    snap("saga committed")
    return trace


def is_consistent(row: dict) -> bool:
    """All steps done (confirmed, charged, booked, one item out) or none (nothing reserved,
    charged or booked; the order still pending or cancelled).

    >>> is_consistent(INITIAL), is_consistent({**INITIAL, "stock": 9})
    (True, False)
    """
    done = {"stock": INITIAL["stock"] - 1, "balance": INITIAL["balance"] - PRICE,
            "courier": "booked", "order": "confirmed"}
    untouched = [{**INITIAL, "order": order} for order in ("pending", "cancelled")]
    now = {k: row[k] for k in INITIAL}
    return now == done or now in untouched
