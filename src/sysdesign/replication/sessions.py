"""Weaker guarantees than linearizability, checked on a history: stale reads and sessions.

* A read is **stale** if it returned a value that had already been overwritten
  before the read began: some successful write started after the returned write
  ended and itself ended before the read started (or, for a read of None, any
  write had ended before it started).
* **Read-your-writes**: a client's read returns its own latest write or something newer.
* **Monotonic reads**: a client never reads something older than what it read before.

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
        ops = sorted(ops, key=lambda o: (o.end, o.index))
        latest_start, best = [], (float("-inf"), -1)
        for o in ops:
            best = max(best, (o.start, o.index))
            latest_start.append(best)
        tables[key] = ([(o.end, o.index) for o in ops], latest_start)
    stale = []
    for op in history:
        if not (op.ok and op.kind == "read") or op.key not in tables:
            continue
        ends, latest_start = tables[op.key]
        ended = bisect.bisect_left(ends, (op.start, op.index))  # writes ended before the read
        if ended == 0:
            continue
        if op.version == NO_VERSION or op.version is None:
            stale.append(op)
            continue
        source = by_version.get(op.version)
        if source is not None and latest_start[ended - 1] > (source.end, source.index):
            stale.append(op)
    return stale


def read_your_writes_violations(history: Iterable[Operation]) -> list[Operation]:
    """Reads that returned something older than the same client's last successful write."""
    return _session_violations(history, count_writes=True)


def monotonic_read_violations(history: Iterable[Operation]) -> list[Operation]:
    """Reads that returned something older than an earlier read by the same client."""
    return _session_violations(history, count_writes=False)


def _session_violations(history, *, count_writes: bool) -> list[Operation]:
    floor: dict = {}  # (client, key) -> the newest version the client may not go below
    bad = []
    for op in sorted(history, key=lambda o: (o.end, o.index)):
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
    client has written or read as a token, so no replica answers with anything older.
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
        """Write through the session's next node."""
        result = self.cluster.write(key, value, node=self._next_node(), client=self.client)
        return self._remember(key, result)

    def read(self, key) -> Result:
        """Read through the session's next node (with the token, if tokens are on)."""
        token: Version | None = self.seen.get(key) if self.tokens else None
        result = self.cluster.read(key, node=self._next_node(), client=self.client, after=token)
        return self._remember(key, result)
