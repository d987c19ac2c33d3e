"""Isolation levels as a small scheduler of interleaved operations over a versioned store.

A *schedule* is a list of operations in the order they arrive: ``r(T, key)``,
``w(T, key, value)``, ``scan(T, prefix)``, ``commit(T)``, ``abort(T)``. :func:`run` plays it
at one isolation level. Four levels are defined by locks, as ANSI's levels are read in
Berenson et al. (1995), Table 2: every level takes long write locks; then

- READ UNCOMMITTED: no read locks (a read sees whatever was written last, committed or not);
- READ COMMITTED: short read locks (a read waits for a writer, then lets go);
- REPEATABLE READ: long locks on the rows read (by reads and scans), short locks on
  predicates (a scan waits for writers of matching rows, then lets the predicate go);
- SERIALIZABLE: long locks on rows and predicates (two-phase locking).

SNAPSHOT takes no locks: a transaction reads the database as of its first operation, and at
commit it aborts if another transaction committed a write to one of its keys since then
(first committer wins). A transaction that must wait queues its later operations; a wait
that closes a cycle in the wait-for graph aborts the transaction that asked (a deadlock).

>>> result = run(ANOMALIES["lost update"].schedule, "READ COMMITTED", {"x": 100})
>>> result.final["x"], sorted(result.committed)
(130, ['T1', 'T2'])
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from ..core import checks
from .waitfor import LockTable

LEVELS = ("READ UNCOMMITTED", "READ COMMITTED", "REPEATABLE READ", "SNAPSHOT", "SERIALIZABLE")
KINDS = ("read", "write", "scan", "commit", "abort")


@dataclass(frozen=True)
class Op:
    """One operation of one transaction; a write's value may be a function of its reads."""

    txn: str
    kind: str
    key: str = ""
    value: object = None

    def __str__(self) -> str:
        if self.kind in ("commit", "abort"):
            return f"{self.txn} {self.kind}"
        if self.kind == "write":
            shown = "f(reads)" if callable(self.value) else repr(self.value)
            return f"{self.txn} write {self.key} = {shown}"
        return f"{self.txn} {self.kind} {self.key}" + ("*" if self.kind == "scan" else "")


def r(txn: str, key: str) -> Op:
    """Read one row."""
    return Op(txn, "read", key)


def w(txn: str, key: str, value) -> Op:
    """Write (or insert) one row; ``value`` may be ``f(reads)`` of the transaction's reads."""
    return Op(txn, "write", key, value)


def scan(txn: str, prefix: str) -> Op:
    """Read every row whose key starts with ``prefix`` (a predicate read)."""
    return Op(txn, "scan", prefix)


def commit(txn: str) -> Op:
    """Commit the transaction."""
    return Op(txn, "commit")


def abort(txn: str) -> Op:
    """Abort (roll back) the transaction."""
    return Op(txn, "abort")


@dataclass
class Result:
    """What a schedule did: each step, every read, who committed, the final state."""

    level: str
    steps: list = field(default_factory=list)  # (op text, outcome)
    reads: list = field(default_factory=list)  # (txn, key, value) in execution order
    committed: list = field(default_factory=list)
    aborted: dict = field(default_factory=dict)  # txn -> reason
    final: dict = field(default_factory=dict)

    def read_values(self, txn: str, key: str) -> list:
        """Every value ``txn`` read for ``key`` (a scan's value is a dict of rows)."""
        return [value for t, k, value in self.reads if t == txn and k == key]


class _Engine:
    def __init__(self, level: str, initial: Mapping[str, object]):
        self.level = level
        self.versions = {k: [(0, v)] for k, v in initial.items()}  # key -> [(ts, value)]
        self.clock = 0
        self.start: dict[str, int] = {}
        self.buffer: dict[str, dict[str, object]] = {}  # txn -> uncommitted writes
        self.seen: dict[str, dict[str, object]] = {}  # txn -> its reads
        self.predicates: dict[str, set[str]] = {}  # prefix -> txns holding a long lock
        self.locks = LockTable()
        self.result = Result(level)

    # -- visibility ------------------------------------------------------------------
    def committed_value(self, key: str, as_of: int | None = None):
        for ts, value in reversed(self.versions.get(key, [])):
            if as_of is None or ts <= as_of:
                return value
        return None

    def visible(self, txn: str, key: str):
        if key in self.buffer[txn]:
            return self.buffer[txn][key]
        if self.level == "READ UNCOMMITTED":
            for writes in self.buffer.values():
                if key in writes:
                    return writes[key]
        if self.level == "SNAPSHOT":
            return self.committed_value(key, self.start[txn])
        return self.committed_value(key)

    def keys(self, txn: str, prefix: str) -> list[str]:
        known = set(self.versions) | {k for b in self.buffer.values() for k in b}
        return sorted(k for k in known
                      if k.startswith(prefix) and self.visible(txn, k) is not None)

    # -- locking ---------------------------------------------------------------------
    def blockers(self, op: Op) -> list[str]:
        if self.level == "SNAPSHOT" or self.level == "READ UNCOMMITTED" and op.kind != "write":
            return []
        if op.kind == "read":
            return self.locks.blockers(op.txn, op.key, "S")
        if op.kind == "write":
            found = set(self.locks.blockers(op.txn, op.key, "X"))
            for prefix, holders in self.predicates.items():
                if op.key.startswith(prefix):
                    found |= holders - {op.txn}
            return sorted(found)
        if op.kind == "scan":
            return sorted({t for row, held in self.locks.holders.items()
                           if row.startswith(op.key)
                           for t, mode in held.items() if mode == "X" and t != op.txn})
        return []

    def take_locks(self, op: Op) -> None:
        long_reads = self.level in ("REPEATABLE READ", "SERIALIZABLE")
        if op.kind == "write" and self.level != "SNAPSHOT":
            self.locks.acquire(op.txn, op.key, "X")
        elif op.kind == "read" and long_reads:
            self.locks.acquire(op.txn, op.key, "S")
        elif op.kind == "scan" and long_reads:
            if self.level == "SERIALIZABLE":  # a long predicate lock: no phantoms
                self.predicates.setdefault(op.key, set()).add(op.txn)
            for key in self.keys(op.txn, op.key):  # long locks on the rows the scan read
                self.locks.acquire(op.txn, key, "S")

    # -- execution -------------------------------------------------------------------
    def try_op(self, op: Op) -> str:
        """Execute ``op``: 'ok', 'waits for ...', or 'aborted: ...'."""
        txn = op.txn
        if txn not in self.start:
            self.start[txn] = self.clock
            self.buffer[txn], self.seen[txn] = {}, {}
        blocking = self.blockers(op)
        if blocking:
            for holder in blocking:
                self.locks.graph.add_wait(txn, holder)
            cycle = self.locks.graph.find_cycle()
            if cycle is not None and txn in cycle:
                self.finish(txn, "deadlock: " + " -> ".join([*cycle, cycle[0]]))
                return "aborted (deadlock victim)"
            return "waits for " + ", ".join(blocking)
        self.locks.graph.clear_waits(txn)
        self.take_locks(op)
        if op.kind == "read":
            value = self.visible(txn, op.key)
            self.seen[txn][op.key] = value
            self.result.reads.append((txn, op.key, value))
            return f"ok: {op.key} = {value!r}"
        if op.kind == "scan":
            rows = {k: self.visible(txn, k) for k in self.keys(txn, op.key)}
            self.seen[txn][op.key] = rows
            self.result.reads.append((txn, op.key, rows))
            return f"ok: {len(rows)} rows"
        if op.kind == "write":
            value = op.value(dict(self.seen[txn])) if callable(op.value) else op.value
            self.buffer[txn][op.key] = value
            return f"ok: {op.key} := {value!r}"
        if op.kind == "commit":
            if self.level == "SNAPSHOT":
                for key in self.buffer[txn]:
                    if self.versions.get(key, [(0, None)])[-1][0] > self.start[txn]:
                        self.finish(txn, f"first committer wins on {key}")
                        return "aborted (first committer wins)"
            self.clock += 1
            for key, value in self.buffer[txn].items():
                self.versions.setdefault(key, []).append((self.clock, value))
            self.finish(txn, None)
            return "committed"
        self.finish(txn, "aborted by the transaction")
        return "aborted"

    def finish(self, txn: str, reason: str | None) -> None:
        if reason is None:
            self.result.committed.append(txn)
        else:
            self.result.aborted[txn] = reason
        self.buffer[txn] = {}
        self.locks.release_all(txn)
        for holders in self.predicates.values():
            holders.discard(txn)


def run(schedule: list[Op], level: str, initial: Mapping[str, object]) -> Result:
    """Play ``schedule`` at isolation ``level`` from the committed state ``initial``."""
    checks.choice(level, "level", LEVELS)
    if not isinstance(schedule, list | tuple) or not all(isinstance(o, Op) for o in schedule):
        raise TypeError("schedule must be a list of Op (use r, w, scan, commit, abort)")
    for op in schedule:
        checks.choice(op.kind, "kind", KINDS)
    if not isinstance(initial, Mapping):
        raise TypeError("initial must be a mapping of key to committed value, got "
                        f"{type(initial).__name__} {initial!r}")
    engine = _Engine(level, initial)
    queued: dict[str, list[Op]] = {}  # a waiting transaction's operations, in order
    done: set[str] = set()

    def attempt(op: Op) -> bool:
        outcome = engine.try_op(op)
        engine.result.steps.append((str(op), outcome))
        if outcome.startswith("waits"):
            return False
        if not outcome.startswith("ok"):
            done.add(op.txn)
        return True

    def resume() -> None:
        progress = True
        while progress:
            progress = False
            for txn in list(queued):
                if txn in done:
                    queued.pop(txn)
                    continue
                if engine.blockers(queued[txn][0]):
                    continue
                while queued.get(txn) and txn not in done:
                    if not attempt(queued[txn][0]):
                        break
                    queued[txn].pop(0)
                    progress = True
                if not queued.get(txn) or txn in done:
                    queued.pop(txn, None)

    for op in schedule:
        if op.txn in done:
            engine.result.steps.append((str(op), "skipped (transaction ended)"))
        elif op.txn in queued:
            queued[op.txn].append(op)
            engine.result.steps.append((str(op), "queued (transaction waits)"))
        elif not attempt(op):
            queued[op.txn] = [op]
        if op.txn in done or op.kind in ("commit", "abort"):
            resume()
    for txn in list(queued):
        if txn not in done:
            engine.finish(txn, "never finished")
    engine.result.final = {k: v for k in sorted(engine.versions)
                           if (v := engine.committed_value(k)) is not None}
    return engine.result


@dataclass(frozen=True)
class Anomaly:
    """A named anomaly: its schedule, starting state, and how to spot it in a result."""

    name: str
    schedule: list
    initial: dict
    happened: Callable[[Result], bool]
    story: str


def _both_on_call_off(result: Result) -> bool:
    return result.final.get("alice", 0) + result.final.get("bob", 0) == 0


def _go_off_call(me: str, other: str):
    return lambda seen: 0 if seen[me] + seen[other] >= 2 else seen[me]


ANOMALIES = {a.name: a for a in (
    Anomaly("dirty read",
            [w("T1", "x", 0), r("T2", "x"), commit("T2"), abort("T1")], {"x": 100},
            lambda res: 0 in res.read_values("T2", "x"),
            "T2 reads x = 0, written by T1, which then aborts: a value never committed"),
    Anomaly("non-repeatable read",
            [r("T1", "x"), w("T2", "x", 50), commit("T2"), r("T1", "x"), commit("T1")],
            {"x": 100},
            lambda res: len(set(res.read_values("T1", "x"))) > 1,
            "T1 reads x twice and gets two values: T2 changed it in between"),
    Anomaly("read skew",
            [r("T1", "x"), w("T2", "x", 25), w("T2", "y", 75), commit("T2"), r("T1", "y"),
             commit("T1")], {"x": 50, "y": 50},
            lambda res: sum(v for t, k, v in res.reads if t == "T1" and k in ("x", "y")) != 100,
            "x + y = 100 always; T1 reads x before and y after T2 moved 25 between them"),
    Anomaly("phantom",
            [scan("T1", "emp:"), w("T2", "emp:carol", 1), commit("T2"), scan("T1", "emp:"),
             commit("T1")], {"emp:alice": 1, "emp:bob": 1},
            lambda res: len({len(v) for v in res.read_values("T1", "emp:")}) > 1,
            "T1 counts the rows matching a predicate twice: T2 inserted one in between"),
    Anomaly("lost update",
            [r("T1", "x"), r("T2", "x"), w("T1", "x", lambda s: s["x"] + 50), commit("T1"),
             w("T2", "x", lambda s: s["x"] + 30), commit("T2")], {"x": 100},
            lambda res: len(res.committed) == 2 and res.final["x"] != 180,
            "both add to x = 100 and commit; T2 overwrites T1's +50 with its own +30"),
    Anomaly("write skew",
            [r("T1", "alice"), r("T1", "bob"), r("T2", "alice"), r("T2", "bob"),
             w("T1", "alice", _go_off_call("alice", "bob")),
             w("T2", "bob", _go_off_call("bob", "alice")), commit("T1"), commit("T2")],
            {"alice": 1, "bob": 1}, _both_on_call_off,
            "two doctors on call each see the other on call and go off: nobody is on call"),
)}

# Which anomalies each level allows, after Berenson et al. (1995), Table 4 (locking levels)
# and section 4.2 (snapshot isolation): P1 dirty read, P2 non-repeatable read, A5A read
# skew, P3 phantom (as the anomaly A3; under the broad P3 Berenson rates snapshot
# "sometimes possible"), P4 lost update, A5B write skew. Dirty writes (P0) are prevented at
# every level here: every level holds write locks (or, at SNAPSHOT, first committer wins).
ALLOWED = {
    "READ UNCOMMITTED": {"dirty read", "non-repeatable read", "read skew", "phantom",
                         "lost update", "write skew"},
    "READ COMMITTED": {"non-repeatable read", "read skew", "phantom", "lost update",
                       "write skew"},
    "REPEATABLE READ": {"phantom"},
    "SNAPSHOT": {"write skew"},
    "SERIALIZABLE": set(),
}


def anomaly_matrix() -> dict[str, dict[str, bool]]:
    """For each anomaly and level: did the anomaly happen when its schedule ran?"""
    return {name: {level: a.happened(run(a.schedule, level, a.initial)) for level in LEVELS}
            for name, a in ANOMALIES.items()}
