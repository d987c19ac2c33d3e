"""Many fixed logical shards on a few servers: resharding by moving whole shards.

A key goes through two steps. The first never changes: ``logical = hash(key) mod L``, with
L fixed for the life of the system (Instagram: "several thousand" logical shards, each a
PostgreSQL schema; Dynamo's strategy 3: Q equal partitions; Redis Cluster: 16,384 hash
slots; Couchbase: 1,024 vBuckets). The second is a small table, logical shard -> server,
that changes whenever servers come and go. Adding a server moves whole logical shards to
it, just enough of them to even the counts out, so about 1/(S+1) of the data moves; no key
is ever re-hashed into a different logical shard.

>>> shards = LogicalShards(12, ["a", "b", "c"])
>>> shards.counts()
{'a': 4, 'b': 4, 'c': 4}
>>> moves = shards.add_server("d")            # d steals 3 logical shards, one from each
>>> len(moves), shards.counts()
(3, {'a': 3, 'b': 3, 'c': 3, 'd': 3})
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from sysdesign.core import checks

from ._fast import hash64_many
from .base import Partitioner, _as_list, shard_names
from .hashing import hash64


@dataclass(frozen=True)
class Move:
    """One logical shard copied from one server to another."""

    logical: int
    source: str
    target: str


class LogicalShards(Partitioner):
    """``num_logical`` fixed logical shards spread over named servers by a table.

    ``owner[i]`` is the index (into ``servers``) of the server holding logical shard i;
    shards start round robin (shard i on server i mod S). ``moves`` counts logical shards
    moved so far. ``shard_for``/``assign`` return server indices, like every partitioner.
    """

    def __init__(self, num_logical: int, servers):
        self.num_logical = checks.integer(num_logical, "num_logical", 1,
                                          hint="fixed logical shards (partitions)")
        self.servers = shard_names(servers, "servers")
        if len(self.servers) > self.num_logical:
            raise ValueError(f"servers must be at most num_logical={self.num_logical} (a server "
                             f"with no logical shard holds nothing), got {len(self.servers)}")
        self.owner = [i % len(self.servers) for i in range(self.num_logical)]
        self.moves = 0

    @property
    def shards(self) -> list:
        """The servers (the Partitioner interface calls them shards)."""
        return self.servers

    def logical_for(self, key) -> int:
        """The logical shard of a key: its hash modulo L. This never changes."""
        return hash64(key) % self.num_logical

    def logical_many(self, keys: Iterable) -> np.ndarray:
        """Logical shard of every key (the bulk twin of :meth:`logical_for`)."""
        keys = keys if isinstance(keys, np.ndarray) else _as_list(keys)
        return (hash64_many(keys) % np.uint64(self.num_logical)).astype(np.int64)

    def shard_for(self, key) -> int:
        """Server index of a key: look its logical shard up in the table."""
        return self.owner[self.logical_for(key)]

    def assign(self, keys: Iterable) -> np.ndarray:
        """Server index of every key."""
        return np.asarray(self.owner, dtype=np.int64)[self.logical_many(keys)]

    def counts(self) -> dict:
        """Logical shards per server, by server name."""
        tally = np.bincount(self.owner, minlength=len(self.servers))
        return {name: int(count) for name, count in zip(self.servers, tally, strict=True)}

    def move(self, logical: int, target) -> Move:
        """Move one logical shard to the server named ``target`` (its rows are copied)."""
        logical = checks.integer(logical, "logical", 0, self.num_logical - 1)
        target = checks.choice(target, "target", self.servers)
        move = Move(logical, self.servers[self.owner[logical]], target)
        self.owner[logical] = self.servers.index(target)
        self.moves += 1
        return move

    def plan_add(self, server) -> list[Move]:
        """The moves that give a new server its fair share, without making them.

        The newcomer takes floor(L / (S+1)) logical shards, each from the server that holds
        the most at that moment (its highest-numbered shard), so the counts end up within
        one of each other and nothing else moves.
        """
        if server in self.servers:
            raise ValueError(f"server {server!r} is already in the cluster")
        if len(self.servers) + 1 > self.num_logical:
            raise ValueError(f"cannot add {server!r}: {self.num_logical} logical shards leave "
                             f"nothing for server {len(self.servers) + 1}")
        # Each server's logical shards, lowest first: a donor gives away its last one.
        held = [[] for _ in self.servers]
        for logical, server_index in enumerate(self.owner):
            held[server_index].append(logical)
        moves = []
        for _ in range(self.num_logical // (len(self.servers) + 1)):
            donor = max(range(len(held)), key=lambda i: len(held[i]))  # the fullest server
            moves.append(Move(held[donor].pop(), self.servers[donor], server))
        return moves

    def add_server(self, server) -> list[Move]:
        """Add a server and move its fair share of logical shards to it; return the moves."""
        moves = self.plan_add(server)
        self.servers = self.servers + [server]
        for move in moves:
            self.move(move.logical, server)
        return moves

    def remove_server(self, server) -> list[Move]:
        """Hand a leaving server's logical shards, one by one, to the emptiest server."""
        server = checks.choice(server, "server", self.servers)
        if len(self.servers) == 1:
            raise ValueError(f"cannot remove {server!r}: the cluster needs a server")
        leaving = self.servers.index(server)
        moves = []
        for logical in [i for i, s in enumerate(self.owner) if s == leaving]:
            counts = np.bincount(self.owner, minlength=len(self.servers))
            counts[leaving] = np.iinfo(np.int64).max  # never back to the leaver
            moves.append(self.move(logical, self.servers[int(np.argmin(counts))]))
        del self.servers[leaving]
        self.owner = [s - (s > leaving) for s in self.owner]  # renumber the servers after it
        return moves

    def __repr__(self) -> str:
        return f"LogicalShards({self.num_logical} logical shards on {len(self.servers)} servers)"
