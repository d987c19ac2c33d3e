"""Row locks and deadlocks: a lock table and its wait-for graph.

A transaction that asks for a lock another holds in a conflicting mode waits; the edge
``waiter -> holder`` goes into the wait-for graph. A cycle in that graph is a deadlock:
nobody on it can ever move, so the database aborts one of them (the *victim*).

>>> locks = LockTable()
>>> locks.acquire("T1", "row 1", "X"), locks.acquire("T2", "row 2", "X")
(True, True)
>>> locks.acquire("T1", "row 2", "X"), locks.acquire("T2", "row 1", "X")
(False, False)
>>> locks.graph.find_cycle()
['T1', 'T2']
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable

MODES = ("S", "X")


class WaitForGraph:
    """Who waits for whom: edges ``waiter -> holder``."""

    def __init__(self, edges: Iterable[tuple[Hashable, Hashable]] = ()):
        self.edges: dict[Hashable, set[Hashable]] = {}
        for waiter, holder in edges:
            self.add_wait(waiter, holder)

    def add_wait(self, waiter: Hashable, holder: Hashable) -> None:
        """Record that ``waiter`` waits for a lock ``holder`` holds."""
        if waiter == holder:
            raise ValueError(f"waiter and holder must differ, got {waiter!r} twice")
        self.edges.setdefault(waiter, set()).add(holder)
        self.edges.setdefault(holder, set())

    def remove(self, txn: Hashable) -> None:
        """Forget a transaction that committed or aborted (it waits for nobody now)."""
        self.edges.pop(txn, None)
        for holders in self.edges.values():
            holders.discard(txn)

    def clear_waits(self, txn: Hashable) -> None:
        """``txn`` got its lock: it waits for nobody."""
        if txn in self.edges:
            self.edges[txn] = set()

    def find_cycle(self) -> list | None:
        """One cycle as a list of transactions (``[a, b]`` means a waits for b waits for
        a), or None. Depth-first search with three colours, nodes in sorted order."""
        white, grey, black = 0, 1, 2
        colour = {node: white for node in self.edges}
        stack: list = []

        def visit(node) -> list | None:
            colour[node] = grey
            stack.append(node)
            for nxt in sorted(self.edges[node], key=repr):
                if colour[nxt] == grey:
                    return stack[stack.index(nxt):]
                if colour[nxt] == white and (found := visit(nxt)) is not None:
                    return found
            stack.pop()
            colour[node] = black
            return None

        for node in sorted(self.edges, key=repr):
            if colour[node] == white and (found := visit(node)) is not None:
                return list(found)
        return None


class LockTable:
    """Shared (S) and exclusive (X) row locks held to the end of the transaction."""

    def __init__(self):
        self.holders: dict[Hashable, dict[Hashable, str]] = {}  # row -> {txn: mode}
        self.graph = WaitForGraph()

    def blockers(self, txn: Hashable, row: Hashable, mode: str) -> list:
        """The other transactions whose locks on ``row`` conflict with ``mode``."""
        if mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}, got {mode!r}")
        held = self.holders.get(row, {})
        return sorted((t for t, m in held.items()
                       if t != txn and (mode == "X" or m == "X")), key=repr)

    def acquire(self, txn: Hashable, row: Hashable, mode: str) -> bool:
        """Grant the lock (True), or record the wait in the graph (False)."""
        blocking = self.blockers(txn, row, mode)
        if blocking:
            for holder in blocking:
                self.graph.add_wait(txn, holder)
            return False
        held = self.holders.setdefault(row, {})
        if held.get(txn) != "X":
            held[txn] = mode
        self.graph.clear_waits(txn)
        self.graph.edges.setdefault(txn, set())
        return True

    def release_all(self, txn: Hashable) -> None:
        """Commit or abort: drop every lock ``txn`` holds and its node in the graph."""
        for held in self.holders.values():
            held.pop(txn, None)
        self.graph.remove(txn)
