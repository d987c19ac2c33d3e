"""Weaker guarantees than linearizability, checked on a history: stale reads and sessions.

* A read is **stale** if it returned a value that had already been overwritten
  before the read began: some successful write started after the returned write
  ended and itself ended before the read started (or, for a read of None, any
  write had ended before it started).
Session guarantees (Terry et al., 1994) promise one client a view consistent with itself:

* **Read-your-writes**: a client's read returns its own latest write or something newer.
* **Monotonic reads**: a client never reads something older than what it read before.
* **Monotonic writes**: a client's write is ordered after its own earlier writes (here, of
  the same key: under last-writer-wins a violation means the later write silently loses).
* **Writes-follow-reads**: a write is ordered after whatever its client read before it.

and one more across keys (DDIA chapter 5; Terry 2013):

* **Consistent prefix reads**: once a client has seen a write, it sees every write that had
  finished before that one began (no answer before its question).

"Newer" for the session checks is the system's own order of versions.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable

from .cluster import Cluster
from .history import NO_VERSION, Operation, Result, Version


def stale_reads(history: Iterable[Operation]) -> list[Operation]:
    """Successful reads that returned a value overwritten before they started."""
    history = list(history)
    writes: dict = {}
    for op in history:
        if op.ok and op.kind == "write":
            writes.setdefault(op.key, []).append(op)
    by_version = {op.version: op for ops in writes.values() for op in ops}
    # Per key: writes by end time, and the latest start among writes ended so far.
    tables = {}
    for key, ops in writes.items():
        ops = sorted(ops, key=lambda o: o.ends)
        latest_start, best = [], (float("-inf"), -1)
        for o in ops:
            best = max(best, o.begins)
            latest_start.append(best)
        tables[key] = ([o.ends for o in ops], latest_start)
    stale = []
    for op in history:
        if not (op.ok and op.kind == "read") or op.key not in tables:
            continue
        ends, latest_start = tables[op.key]
        ended = bisect.bisect_left(ends, op.begins)  # writes ended before the read
        if ended == 0:
            continue
        if op.version == NO_VERSION or op.version is None:
            stale.append(op)
            continue
        source = by_version.get(op.version)
        if source is not None and latest_start[ended - 1] > source.ends:
            stale.append(op)
    return stale


def read_your_writes_violations(history: Iterable[Operation]) -> list[Operation]:
    """Reads that returned something older than the same client's last successful write."""
    return _session_violations(history, count_writes=True)


def monotonic_read_violations(history: Iterable[Operation]) -> list[Operation]:
    """Reads that returned something older than an earlier read by the same client."""
    return _session_violations(history, count_writes=False)


def monotonic_write_violations(history: Iterable[Operation]) -> list[Operation]:
    """Writes ordered before an earlier write of the same key by the same client."""
    return _ordered_after(history, after_kind="write")


def writes_follow_reads_violations(history: Iterable[Operation]) -> list[Operation]:
    """Writes ordered before a version of the same key that their client had read."""
    return _ordered_after(history, after_kind="read")


def _ordered_after(history, *, after_kind: str) -> list[Operation]:
    """Writes whose version is not above the newest version of their key that the same
    client earlier wrote (after_kind="write") or read (after_kind="read")."""
    floor: dict = {}
    bad = []
    for op in sorted(history, key=lambda o: o.ends):
        if not op.ok:
            continue
        slot = (op.client, op.key)
        if op.kind == "write" and op.version <= floor.get(slot, NO_VERSION):
            bad.append(op)
        if op.kind == after_kind:
            floor[slot] = max(floor.get(slot, NO_VERSION), op.version)
    return bad


def consistent_prefix_violations(history: Iterable[Operation]) -> list[Operation]:
    """Reads that miss a write which had finished before a write their client already saw
    began (the client saw an answer, then read an older state of the question)."""
    history = list(history)
    writes = {op.version: op for op in history if op.ok and op.kind == "write"}
    finished: dict = {}  # key -> its writes as (end, version), in order of end
    for op in sorted(writes.values(), key=lambda o: o.ends):
        finished.setdefault(op.key, []).append((op.ends, op.version))
    horizon: dict = {}  # client -> the latest start among the writes it has seen
    bad = []
    for op in sorted(history, key=lambda o: o.ends):
        if not (op.ok and op.kind == "read"):
            continue
        before = [version for end, version in finished.get(op.key, ())
                  if end < horizon.get(op.client, (float("-inf"), -1))]
        if before and op.version < max(before):
            bad.append(op)
        source = writes.get(op.version)
        if source is not None:
            horizon[op.client] = max(horizon.get(op.client, (float("-inf"), -1)),
                                     source.begins)
    return bad


def _session_violations(history, *, count_writes: bool) -> list[Operation]:
    floor: dict = {}  # (client, key) -> the newest version the client may not go below
    bad = []
    for op in sorted(history, key=lambda o: o.ends):
        if not op.ok:
            continue
        slot = (op.client, op.key)
        if op.kind == "read":
            if op.version < floor.get(slot, NO_VERSION):
                bad.append(op)
            elif not count_writes:
                floor[slot] = op.version
        elif count_writes:
            floor[slot] = max(floor.get(slot, NO_VERSION), op.version)
    return bad


class Session:
    """A client that remembers what it has seen, to get session guarantees from replicas.

    ``sticky=True`` sends every request to the client's home node (sticky sessions);
    otherwise requests rotate over the nodes. ``tokens=True`` passes the newest version the
    client has written or read as a token: no replica answers a read with anything older,
    and a write is stamped after it (monotonic writes, writes-follow-reads).
    """

    def __init__(self, cluster: Cluster, client, *, home: int = 0, sticky: bool = False,
                 tokens: bool = False):
        self.cluster, self.client = cluster, client
        self.home = cluster.network.node(home)
        self.sticky, self.tokens = bool(sticky), bool(tokens)
        self.seen: dict = {}  # key -> newest version this client has written or read
        self._turn = self.home

    def _next_node(self) -> int:
        if self.sticky:
            return self.home
        node, self._turn = self._turn, (self._turn + 1) % self.cluster.n
        return node

    def _remember(self, key, result: Result) -> Result:
        if result.ok:
            self.seen[key] = max(self.seen.get(key, NO_VERSION), result.version)
        return result

    def write(self, key, value) -> Result:
        """Write through the session's next node (after the token, if tokens are on)."""
        token: Version | None = self.seen.get(key) if self.tokens else None
        result = self.cluster.write(key, value, node=self._next_node(), client=self.client,
                                    after=token)
        return self._remember(key, result)

    def read(self, key) -> Result:
        """Read through the session's next node (with the token, if tokens are on)."""
        token: Version | None = self.seen.get(key) if self.tokens else None
        result = self.cluster.read(key, node=self._next_node(), client=self.client, after=token)
        return self._remember(key, result)
