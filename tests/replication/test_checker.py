"""The linearizability checker on hand-written histories, and against brute force."""

import dataclasses
import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sysdesign.replication.linearizability import check_history, check_register, operations


def verdict(steps):
    return check_register(operations(steps))


# ----------------------------------------------------------------- hand-written
def test_empty_history_is_linearizable():
    assert verdict([]).linearizable


def test_read_of_initial_value_is_none():
    assert verdict([("r", None, 0, 1)]).linearizable
    v = verdict([("r", 1, 0, 1)])
    assert not v.linearizable and v.culprit.index == 0


def test_sequential_read_after_write():
    assert verdict([("w", 1, 0, 1), ("r", 1, 2, 3)]).linearizable


def test_stale_read_after_two_writes_is_flagged():
    v = verdict([("w", 1, 0, 1), ("w", 2, 2, 3), ("r", 1, 4, 5)])
    assert not v.linearizable
    assert v.culprit.index == 2 and v.order is None


def test_read_concurrent_with_write_may_see_either_value():
    for seen in (None, 1):
        assert verdict([("w", 1, 0, 10), ("r", seen, 2, 3)]).linearizable


def test_new_then_old_is_not_linearizable():
    # Both reads overlap the write, but once a read saw 1, a later read cannot see None.
    v = verdict([("w", 1, 0, 10), ("r", 1, 1, 2), ("r", None, 3, 4)])
    assert not v.linearizable and v.culprit.index == 2


def test_old_then_new_is_linearizable():
    v = verdict([("w", 1, 0, 10), ("r", None, 1, 2), ("r", 1, 3, 4)])
    assert v.linearizable and list(v.order) == [1, 0, 2]


def test_concurrent_writes_reads_must_agree_on_one_order():
    # Two overlapping writes; two later reads disagreeing on the winner: impossible.
    bad = [("w", 1, 0, 5), ("w", 2, 0, 5), ("r", 1, 6, 7), ("r", 2, 8, 9)]
    v = verdict(bad)
    assert not v.linearizable and v.culprit.index == 3
    # Reads overlapping each other and the writes can see the flip.
    assert verdict([("w", 1, 0, 5), ("w", 2, 0, 5), ("r", 2, 1, 2), ("r", 1, 3, 4)]).linearizable


def test_refused_operations_are_ignored():
    # A refused write's value must never be read: it is left out of the check.
    assert verdict([("w", 1, 0, 1), ("w", 2, 2, 3, False), ("r", 1, 4, 5)]).linearizable
    assert not verdict([("w", 1, 0, 1), ("w", 2, 2, 3, False), ("r", 2, 4, 5)]).linearizable


def test_an_unknown_write_may_take_effect_later_or_never():
    # Timed out at t = 1..2: a read at 5 may see it or not...
    for seen in (None, 1):
        assert verdict([("w", 1, 0, 2, "info"), ("r", seen, 5, 6)]).linearizable
    # ...and a read long after may see it for the first time (it took effect late),
    assert verdict([("w", 1, 0, 2, "info"), ("r", None, 5, 6), ("r", 1, 9, 10)]).linearizable
    # but once seen, it cannot be unseen.
    v = verdict([("w", 1, 0, 2, "info"), ("r", 1, 5, 6), ("r", None, 9, 10)])
    assert not v.linearizable and v.culprit.index == 2
    # Had the client been told "failed", reading its value is a violation.
    assert not verdict([("w", 1, 0, 2, False), ("r", 1, 5, 6)]).linearizable


def test_an_unknown_write_cannot_take_effect_before_it_started():
    assert not verdict([("r", 1, 0, 1), ("w", 1, 2, 3, "info")]).linearizable


def test_touching_intervals_follow_history_order():
    # A zero-length write at t=5 and a read issued at t=5 afterwards: the read must see it.
    assert not verdict([("w", 1, 5, 5), ("r", None, 5, 5)]).linearizable
    assert verdict([("w", 1, 5, 5), ("r", 1, 5, 5)]).linearizable


def test_long_sequential_history_is_quick():
    steps = []
    for i in range(400):
        steps += [("w", i, 2 * i, 2 * i + 1), ("r", i, 2 * i + 1.5, 2 * i + 1.9)]
    v = verdict(steps)
    assert v.linearizable and v.states <= 2 * len(steps)


def test_check_history_splits_keys():
    ops = operations([("w", 1, 0, 1), ("r", 1, 2, 3)], key="a")
    ops += operations([("r", 7, 0, 1)], key="b")
    verdicts = check_history(ops)
    assert verdicts["a"].linearizable and not verdicts["b"].linearizable
    with pytest.raises(ValueError, match="one key"):
        check_register(ops)


@pytest.mark.parametrize("bad", [[("x", 1, 0, 1)], [("w", 1, 2, 1)], [("w", 1, 0)],
                                 [("w", 1, 0, 1, "failed")], [("w", 1, 0, 1, "maybe")],
                                 [("w", 1, 0, float("nan"))], [("r", 1, 0, 1, None)]])
def test_bad_steps_are_rejected(bad):
    # A misspelt outcome must not pass for a success just because a non-empty string is true.
    with pytest.raises(ValueError):
        operations(bad)


def test_outcomes_may_be_spelt_as_jepsen_names_them():
    ops = operations([("w", 1, 0, 1, "ok"), ("w", 2, 2, 3, "fail"), ("w", 3, 4, 5, "info"),
                      ("w", 4, 6, 7, False), ("r", 1, 8, 9)])
    assert [op.outcome for op in ops] == ["ok", "fail", "info", "fail", "ok"]
    assert [op.ok for op in ops] == [True, False, False, False, True]


# ------------------------------------------------------------------ brute force
def brute_force(ops):
    """Try every order of the operations that respects real time (tiny histories only).

    An unknown write is tried both left out and in, with no end (it may happen any time
    after it started)."""
    done = [op for op in ops if op.ok]
    unknown = [dataclasses.replace(op, end=float("inf")) for op in ops
               if op.indeterminate and op.kind == "write"]
    return any(_some_order_works(done + list(chosen))
               for k in range(len(unknown) + 1)
               for chosen in itertools.combinations(unknown, k))


def _some_order_works(ops):
    for order in itertools.permutations(ops):
        position = {op.index: i for i, op in enumerate(order)}
        if any((a.end, a.index) < (b.start, b.index) and position[a.index] > position[b.index]
               for a in ops for b in ops):
            continue
        value, fine = None, True
        for op in order:
            if op.kind == "write":
                value = op.value
            elif op.value != value:
                fine = False
                break
        if fine:
            return True
    return False


step = st.tuples(st.sampled_from(["w", "r"]), st.sampled_from([None, 1, 2]),
                 st.integers(0, 8), st.integers(0, 4), st.sampled_from([True, False, "info"]))


@given(st.lists(step, max_size=6))
def test_checker_agrees_with_brute_force(raw):
    steps = [(kind, value, start, start + length, ok) for kind, value, start, length, ok in raw]
    ops = operations(steps)
    v = check_register(ops)
    assert v.linearizable == brute_force(ops)
    if v.linearizable:
        placed = set(v.order)
        assert {op.index for op in ops if op.ok} <= placed
        assert placed <= {op.index for op in ops if op.ok or op.indeterminate}
    else:
        assert v.culprit.ok and v.culprit.kind == "read"
