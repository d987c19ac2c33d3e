import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sysdesign.transactions import (
    ALLOWED,
    ANOMALIES,
    LEVELS,
    anomaly_matrix,
    commit,
    r,
    run,
    scan,
    w,
)


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("anomaly", list(ANOMALIES))
def test_each_anomaly_appears_exactly_at_the_levels_that_allow_it(anomaly, level):
    case = ANOMALIES[anomaly]
    assert case.happened(run(case.schedule, level, case.initial)) == (anomaly in ALLOWED[level])


def test_matrix_matches_berenson_table():
    matrix = anomaly_matrix()
    assert matrix["write skew"]["SNAPSHOT"] and not matrix["write skew"]["REPEATABLE READ"]
    assert matrix["phantom"]["REPEATABLE READ"] and not matrix["phantom"]["SNAPSHOT"]
    assert not any(matrix[a]["SERIALIZABLE"] for a in matrix)


def test_lost_update_at_repeatable_read_is_a_deadlock_with_one_victim():
    case = ANOMALIES["lost update"]
    result = run(case.schedule, "REPEATABLE READ", case.initial)
    assert result.committed == ["T1"] and "deadlock" in result.aborted["T2"]
    assert result.final == {"x": 150}


def test_snapshot_aborts_the_second_committer():
    case = ANOMALIES["lost update"]
    result = run(case.schedule, "SNAPSHOT", case.initial)
    assert result.committed == ["T1"] and "first committer" in result.aborted["T2"]


def test_read_skew_at_read_committed_totals_125():
    """The notebook's numbers: T1 reads x = 50 before T2's transfer and y = 75 after it."""
    case = ANOMALIES["read skew"]
    result = run(case.schedule, "READ COMMITTED", case.initial)
    assert result.read_values("T1", "x") == [50] and result.read_values("T1", "y") == [75]
    assert sorted(result.committed) == ["T1", "T2"] and result.final == {"x": 25, "y": 75}


def test_writing_the_rows_read_turns_write_skew_into_a_conflict_snapshot_sees():
    """Exercise 21.1: each doctor also writes the other's row back unchanged, so both write
    both rows and first committer wins aborts the second; the plain schedule commits both."""
    def off(me, other):
        return lambda seen: 0 if seen[me] + seen[other] >= 2 else seen[me]

    reads = [r("T1", "alice"), r("T1", "bob"), r("T2", "alice"), r("T2", "bob")]
    schedule = reads + [w("T1", "bob", lambda seen: seen["bob"]),
                        w("T1", "alice", off("alice", "bob")),
                        w("T2", "alice", lambda seen: seen["alice"]),
                        w("T2", "bob", off("bob", "alice")), commit("T1"), commit("T2")]
    result = run(schedule, "SNAPSHOT", {"alice": 1, "bob": 1})
    assert result.committed == ["T1"] and "first committer" in result.aborted["T2"]
    assert result.final == {"alice": 0, "bob": 1}
    plain = run(ANOMALIES["write skew"].schedule, "SNAPSHOT", {"alice": 1, "bob": 1})
    assert plain.committed == ["T1", "T2"] and plain.final == {"alice": 0, "bob": 0}


def test_bad_input():
    with pytest.raises(ValueError, match="level"):
        run([], "CHAOS", {})
    with pytest.raises(TypeError, match="schedule"):
        run(["T1 read x"], "SNAPSHOT", {})
    with pytest.raises(TypeError, match="initial"):
        run([r("T1", "x"), commit("T1")], "SNAPSHOT", [("x", 1)])


def _total(seen):
    return sum(sum(v.values()) if isinstance(v, dict) else (v or 0) for v in seen.values())


@st.composite
def interleavings(draw):
    txns = []
    for t in range(draw(st.integers(2, 3))):
        name = f"T{t + 1}"
        ops = []
        for _ in range(draw(st.integers(1, 3))):
            kind = draw(st.sampled_from(["read", "write", "scan"]))
            key = draw(st.sampled_from(["k1", "k2", "k3"]))
            if kind == "read":
                ops.append(r(name, key))
            elif kind == "scan":
                ops.append(scan(name, "k"))
            else:
                ops.append(w(name, key, lambda seen, t=t: _total(seen) + 10 * (t + 1)))
        txns.append([*ops, commit(name)])
    order = draw(st.permutations([i for i, ops in enumerate(txns) for _ in ops]))
    cursors = [0] * len(txns)
    schedule = []
    for i in order:
        schedule.append(txns[i][cursors[i]])
        cursors[i] += 1
    return txns, schedule


INITIAL = {"k1": 1, "k2": 2}


def _reads(result, txn):
    return [(k, v) for t, k, v in result.reads if t == txn]


@settings(max_examples=150, deadline=None)
@given(interleavings())
def test_serializable_histories_equal_some_serial_order(case):
    txns, schedule = case
    result = run(schedule, "SERIALIZABLE", INITIAL)
    names = [ops[0].txn for ops in txns]
    assert set(result.committed) | set(result.aborted) == set(names)
    committed = [ops for ops in txns if ops[0].txn in result.committed]
    for order in itertools.permutations(committed):
        serial = run([op for ops in order for op in ops], "SERIALIZABLE", INITIAL)
        if serial.final == result.final and all(
                _reads(serial, ops[0].txn) == _reads(result, ops[0].txn) for ops in committed):
            return
    pytest.fail(f"not serializable: {[str(op) for op in schedule]} -> {result.steps}")


@settings(max_examples=100, deadline=None)
@given(interleavings(), st.sampled_from(["REPEATABLE READ", "SNAPSHOT", "SERIALIZABLE"]))
def test_repeatable_levels_never_read_two_values_of_a_row(case, level):
    _, schedule = case
    result = run(schedule, level, INITIAL)
    for txn in result.committed:
        own_writes = {op.key for op in schedule if op.txn == txn and op.kind == "write"}
        for key in ("k1", "k2", "k3"):
            if key not in own_writes:
                assert len({repr(v) for v in result.read_values(txn, key)}) <= 1


@settings(max_examples=100, deadline=None)
@given(interleavings(), st.sampled_from(LEVELS))
def test_every_transaction_ends_and_only_conflicts_abort(case, level):
    txns, schedule = case
    result = run(schedule, level, INITIAL)
    assert sorted(result.committed + list(result.aborted)) == sorted(o[0].txn for o in txns)
    allowed = "first committer wins" if level == "SNAPSHOT" else "deadlock"
    assert all(reason.startswith(allowed) for reason in result.aborted.values())


@settings(max_examples=150, deadline=None)
@given(interleavings(), st.sampled_from(["REPEATABLE READ", "SNAPSHOT", "SERIALIZABLE"]))
def test_repeatable_levels_keep_the_rows_a_scan_returned(case, level):
    """Berenson's locking REPEATABLE READ holds long read locks on every row it read, also
    through a scan: only new rows (phantoms) may appear in a later scan, never changed ones."""
    _, schedule = case
    result = run(schedule, level, INITIAL)
    for txn in result.committed:
        own_writes = {op.key for op in schedule if op.txn == txn and op.kind == "write"}
        scans = result.read_values(txn, "k")
        for first, later in itertools.combinations(scans, 2):
            for key in set(first) & set(later) - own_writes:
                assert first[key] == later[key], (key, result.steps)


def test_repeatable_read_scan_locks_the_rows_it_returned():
    schedule = [scan("T1", "k"), w("T2", "k1", 9), commit("T2"), scan("T1", "k"), commit("T1")]
    result = run(schedule, "REPEATABLE READ", INITIAL)
    assert result.read_values("T1", "k") == [INITIAL, INITIAL]
    assert result.final["k1"] == 9  # T2 waited for T1, then wrote
