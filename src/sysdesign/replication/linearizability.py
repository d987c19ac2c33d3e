"""Is a register's history linearizable? A Wing & Gong search with memoisation.

A history is linearizable if every successful operation can be given a single
instant between its start and its end such that, in that order, every read
returns the value of the write just before it (or the initial value, None).
Refused operations are left out: the model guarantees they had no effect.

Operations that touch at the same instant are ordered by when the model saw them
(``Operation.begins`` and ``.ends``): a write that returns at t = 5 ms comes before a
read issued at t = 5 ms after it, and a read issued at t = 0 after a write was issued at
t = 0 overlaps that write.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sysdesign.core import checks

from .history import FAIL, OK, OUTCOMES, Operation

INITIAL = None  # a register nobody has written holds None


@dataclass(frozen=True)
class Verdict:
    """The checker's answer: linearizable or not, an order that works, or the culprit."""

    linearizable: bool
    order: tuple[int, ...] | None  # history indices in a valid linearization order
    culprit: Operation | None  # the read that no order can explain (when not linearizable)
    states: int  # search states explored: the work done

    def __bool__(self) -> bool:
        return self.linearizable


def operations(steps: Iterable[Sequence], key="x") -> list[Operation]:
    """Build a hand-written history from ``(kind, value, start, end)`` tuples.

    ``kind`` is "w"/"write" or "r"/"read"; a fifth item, False (or "fail"), marks a refused
    operation, "info" one whose outcome is unknown, True (or "ok", the default) one that
    succeeded. Anything else raises ValueError, as do times that are not finite numbers.

    >>> [op.kind for op in operations([("w", 1, 0, 2), ("r", 1, 3, 4)])]
    ['write', 'read']
    """
    kinds = {"w": "write", "write": "write", "r": "read", "read": "read"}
    out = []
    for i, step in enumerate(steps):
        if len(step) not in (4, 5) or step[0] not in kinds:
            raise ValueError(f"step {i} must be (kind, value, start, end[, ok]) with kind in "
                             f"{sorted(kinds)}, got {step!r}")
        kind, value, start, end = step[:4]
        start = checks.number(start, f"step {i}'s start", hint="ms")
        end = checks.number(end, f"step {i}'s end", hint="ms")
        if end < start:
            raise ValueError(f"step {i} ends (t={end}) before it starts (t={start})")
        outcome = step[4] if len(step) == 5 else True
        # A string other than these (say "failed") must not pass for a success by truthiness.
        if outcome is True or outcome is False:
            outcome = OK if outcome else FAIL
        if not isinstance(outcome, str) or outcome not in OUTCOMES:
            raise ValueError(f"step {i}'s fifth item must be True, False or one of "
                             f"{OUTCOMES}, got {outcome!r}")
        ok = outcome == OK
        out.append(Operation(i, "hand", 0, kinds[kind], key, value, ok, float(start),
                             float(end), outcome=outcome))
    return out


def check_register(history: Iterable[Operation]) -> Verdict:
    """Decide whether one register's history is linearizable (refused operations ignored).

    >>> check_register(operations([("w", 1, 0, 2), ("r", 1, 1, 3)])).linearizable
    True
    >>> v = check_register(operations([("w", 1, 0, 1), ("w", 2, 2, 3), ("r", 1, 4, 5)]))
    >>> v.linearizable, v.culprit.index
    (False, 2)
    >>> check_register(operations([("w", 1, 0, 1, "info"), ("r", 1, 4, 5)])).linearizable
    True
    """
    ops = [op for op in history if op.ok or (op.indeterminate and op.kind == "write")]
    keys = {op.key for op in ops}
    if len(keys) > 1:
        names = sorted(keys, key=repr)
        raise ValueError(f"check_register takes one key's history, got keys {names}; "
                         "use check_history for several")
    ops.sort(key=lambda op: op.begins)
    starts = [op.begins for op in ops]
    # An unknown write may take effect at any time after it started: it never ends.
    ends = [(float("inf"), op.returned) if op.indeterminate else op.ends for op in ops]
    # The search is over once every operation that surely happened is placed.
    full = sum(1 << i for i, op in enumerate(ops) if not op.indeterminate)
    seen: set = set()
    deepest, deepest_state = -1, (0, INITIAL)
    # Each stack entry: the set of operations placed (a bitmask), the register's value,
    # how many are placed, and the path so far as a linked list (index, parent).
    stack = [(0, INITIAL, 0, None)]
    while stack:
        done, value, depth, path = stack.pop()
        if done & full == full:
            return Verdict(True, _unwind(path, ops), None, len(seen))
        state = (done, _hashable(value))
        if state in seen:
            continue
        seen.add(state)
        if depth > deepest:
            deepest, deepest_state = depth, (done, value)
        for i in reversed(_candidates(done, starts, ends)):
            op = ops[i]
            if op.kind == "write":
                stack.append((done | 1 << i, op.value, depth + 1, (i, path)))
            elif op.value == value:
                stack.append((done | 1 << i, value, depth + 1, (i, path)))
    return Verdict(False, None, _culprit(ops, starts, ends, *deepest_state), len(seen))


def _candidates(done: int, starts, ends) -> list[int]:
    """Pending operations that may take effect next: none of the others ended before them.

    Operations are sorted by start, so scan from the first pending one and stop at the first
    that starts after the earliest end seen so far: later ones start later still.
    """
    first = ((~done) & (done + 1)).bit_length() - 1  # the lowest pending operation
    out, earliest_end = [], None
    for i in range(first, len(starts)):
        if done >> i & 1:
            continue
        if earliest_end is not None and starts[i] > earliest_end:
            break
        out.append(i)
        if earliest_end is None or ends[i] < earliest_end:
            earliest_end = ends[i]
    # An early candidate may have been admitted before a later-scanned op lowered the bound.
    return [i for i in out if starts[i] <= earliest_end]


def _unwind(path, ops) -> tuple[int, ...]:
    order = []
    while path is not None:
        i, path = path
        order.append(ops[i].index)
    return tuple(reversed(order))


def _culprit(ops, starts, ends, done, value) -> Operation:
    """At the furthest point the search reached, the earliest-ending read that fits nowhere."""
    candidates = _candidates(done, starts, ends)
    stuck = [i for i in candidates if ops[i].kind == "read" and ops[i].value != value]
    return ops[min(stuck or [i for i in candidates if not ops[i].indeterminate] or candidates,
                   key=lambda i: ends[i])]


def _hashable(value):
    try:
        hash(value)
        return value
    except TypeError:
        return repr(value)


def check_history(history: Iterable[Operation]) -> dict:
    """Check every key separately (linearizability is compositional); key -> Verdict."""
    by_key: dict = {}
    for op in history:
        by_key.setdefault(op.key, []).append(op)
    return {key: check_register(ops) for key, ops in by_key.items()}
