"""Multi-leader replication: one leader per datacentre, and what happens when two of them
accept conflicting writes.

Each datacentre has a leader and followers. A client writes to its own datacentre's leader,
which answers at once and replicates in the background: to its followers, and to the other
datacentres' leaders, which pass the write on to their own followers. Writes made in two
datacentres within one cross-datacentre delay of each other do not see each other: they
*conflict*.

Every stored value carries a **version vector** (one counter per leader), so a replica can
tell "this write came after that one" (one vector is at least the other in every entry)
from "these two were concurrent" (neither is). What to do with concurrent versions is the
``resolve`` policy:

* ``"lww"``: last writer wins; keep the one with the higher timestamp, drop the other
  (Cassandra's and DynamoDB global tables' choice: simple, silently loses a write);
* ``"siblings"``: keep both and let the application merge them on its next read (Riak,
  Dynamo's shopping cart);
* ``"merge"``: merge them at once with a rule that gives the same result in any order,
  here a set union (a CRDT-style merge: an add-only set).

>>> ml = MultiLeader(resolve="lww")
>>> ml.write(0, "cart", {"book"}); ml.write(1, "cart", {"lamp"})
>>> ml.settle(); ml.read(3, "cart"), len(ml.conflicts), len(ml.lost)
([['lamp']], 1, 1)
>>> ml = MultiLeader(resolve="merge")
>>> ml.write(0, "cart", {"book"}); ml.write(1, "cart", {"lamp"})
>>> ml.settle(); ml.read(3, "cart")
[['book', 'lamp']]
"""

from __future__ import annotations

import itertools
from typing import NamedTuple

from sysdesign.core import checks
from sysdesign.core.events import Network, Simulator

RESOLVE = ("lww", "siblings", "merge")


class Stored(NamedTuple):
    """One version of a value: its version vector, timestamp, origin leader and value."""

    vector: tuple[int, ...]
    stamp: float
    origin: int
    value: frozenset


def descends(a: tuple[int, ...], b: tuple[int, ...]) -> bool:
    """True if vector ``a`` has seen everything ``b`` has (a >= b in every entry)."""
    return all(x >= y for x, y in zip(a, b, strict=True))


class MultiLeader:
    """``datacentres`` datacentres of ``1 + followers`` nodes each; node ids run datacentre by
    datacentre, the leader first (datacentre d's leader is node ``d * (1 + followers)``).
    Links inside a datacentre take ``local_ms``, between datacentres ``remote_ms``."""

    def __init__(self, datacentres: int = 2, followers: int = 1, *, local_ms: float = 1.0,
                 remote_ms: float = 40.0, resolve: str = "lww", seed: int = 0):
        self.dcs = checks.integer(datacentres, "datacentres", 1)
        self.size = 1 + checks.integer(followers, "followers", 0)
        self.resolve = checks.choice(resolve, "resolve", RESOLVE)
        local_ms = checks.number(local_ms, "local_ms", 0, hint="ms")
        remote_ms = checks.number(remote_ms, "remote_ms", 0, hint="ms")
        n = self.dcs * self.size
        latency = [[0.0 if a == b else local_ms if self.dc(a) == self.dc(b) else remote_ms
                    for b in range(n)] for a in range(n)]
        self.sim = Simulator(seed=seed)
        self.network = Network(self.sim, n, latency=latency)
        self.stores: list[dict[object, list[Stored]]] = [{} for _ in range(n)]
        self.conflicts: set[frozenset] = set()  # each set of concurrent versions met
        self.lost: list[Stored] = []  # acknowledged writes dropped by last-writer-wins
        self._ticks = itertools.count()

    def dc(self, node: int) -> int:
        """The datacentre a node is in."""
        return node // self.size

    def leader(self, dc: int) -> int:
        """The node that leads datacentre ``dc``."""
        return checks.integer(dc, "dc", 0, self.dcs - 1) * self.size

    # ----------------------------------------------------------------------- clients
    def write(self, dc: int, key, value) -> None:
        """A client in datacentre ``dc`` writes ``value`` (a set) through its leader, which
        acknowledges at once and replicates in the background."""
        leader = self.leader(dc)
        current = self.stores[leader].get(key, [])
        vector = [max((s.vector[i] for s in current), default=0) for i in range(self.dcs)]
        vector[dc] += 1  # the new version has seen every version this leader holds
        stored = Stored(tuple(vector), self.sim.now + next(self._ticks) * 1e-6, dc,
                        frozenset(value))
        self._store(leader, key, stored)
        self._fan_out(leader, key, stored, remote=True)

    def read(self, node: int, key) -> list[list]:
        """The values ``node`` holds for ``key`` (each a sorted list): one, or several
        siblings in conflict."""
        return sorted(sorted(s.value) for s in self.stores[self.network.node(node)].get(key, []))

    def settle(self) -> None:
        """Let every replication message arrive."""
        self.sim.run()

    # ---------------------------------------------------------------------- replication
    def _fan_out(self, leader: int, key, stored: Stored, *, remote: bool) -> None:
        """Send a version to this leader's followers and (if ``remote``) the other leaders."""
        targets = [leader + i for i in range(1, self.size)]
        if remote:
            targets += [self.leader(d) for d in range(self.dcs) if d != self.dc(leader)]
        for node in targets:
            self.network.send(leader, node, self._receive, key, stored)

    def _receive(self, node: int, sender: int, key, stored: Stored) -> None:
        self._store(node, key, stored)
        if node % self.size == 0 and self.dc(sender) != self.dc(node):
            self._fan_out(node, key, stored, remote=False)  # a leader passes it on locally

    def _store(self, node: int, key, new: Stored) -> None:
        """Keep the versions not superseded; resolve what is concurrent by the policy."""
        held = self.stores[node].get(key, [])
        if any(descends(s.vector, new.vector) for s in held):
            return  # already seen (or superseded)
        rest = [s for s in held if not descends(new.vector, s.vector)]
        if rest:
            self.conflicts.add(frozenset(s.vector for s in rest + [new]))
        if not rest or self.resolve == "siblings":
            kept = rest + [new]
        elif self.resolve == "lww":
            winner = max(rest + [new], key=lambda s: (s.stamp, s.origin))
            known = {(s.origin, s.stamp) for s in self.lost}  # a write: origin and stamp
            self.lost += [s for s in rest + [new] if (s.origin, s.stamp) not in known
                          and (s.origin, s.stamp) != (winner.origin, winner.stamp)]
            kept = [Stored(_merge_vectors(rest + [new]), winner.stamp, winner.origin,
                           winner.value)]
        else:  # merge: a set union, the same whatever the order of arrival
            both = rest + [new]
            union = frozenset().union(*(s.value for s in both))
            kept = [Stored(_merge_vectors(both), max(s.stamp for s in both),
                           max(s.origin for s in both), union)]
        self.stores[node][key] = kept


def _merge_vectors(versions: list[Stored]) -> tuple[int, ...]:
    """The entry-wise maximum: a version that has seen all of these."""
    return tuple(max(entries) for entries in zip(*(s.vector for s in versions), strict=True))
