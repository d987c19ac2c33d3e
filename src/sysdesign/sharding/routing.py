"""Request routing: who knows which server holds a key, and what a stale answer costs.

Three answers are common (DDIA chapter 6, "Request Routing"):

* a **smart client** keeps a copy of the shard map and talks to the right server directly
  (Dynamo's client-driven coordination, Couchbase clients and their vBucket map);
* a **routing tier** does the same in a separate process the client talks to (MongoDB's
  ``mongos``, Vitess's ``vtgate``): one hop more, but clients stay simple;
* **any node** takes the request and forwards it to the owner, because every node learns
  the map by gossip (Cassandra, Riak).

Whoever routes needs an authoritative, versioned map: a coordination service such as
ZooKeeper or etcd (HBase, Kafka before KRaft, Vitess's topology service) or MongoDB's config
servers. Routers cache it. When a logical shard moves, a cached map is stale: the old server
answers "not mine", the router fetches the new map and retries (MongoDB calls the error
``StaleConfig``). Nothing here is timed; the model counts round trips.

>>> from sysdesign.sharding.logical import LogicalShards
>>> config = ConfigService(LogicalShards(8, ["a", "b"]))
>>> client = SmartClient(config)
>>> _ = config.move(0, "b")                # logical shard 0 moves from a to b
>>> trip = client.request(6)               # key 6 lives in logical shard 0
>>> (trip.asked, trip.served_by, trip.round_trips, trip.refreshed)
('a', 'b', 3, True)
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from .logical import LogicalShards, Move


@dataclass(frozen=True)
class ShardMap:
    """A copy of the shard map at some version: logical shard -> server name."""

    version: int
    servers: tuple[str, ...]
    owner: tuple[int, ...]  # logical shard -> index into servers

    def server_for(self, logical: int) -> str:
        """The server this copy of the map names for a logical shard."""
        return self.servers[self.owner[logical]]


class ConfigService:
    """The authoritative, versioned shard map (a ZooKeeper or etcd stand-in).

    Every move bumps ``version``; ``reads`` counts how often routers fetched the map.
    """

    def __init__(self, shards: LogicalShards):
        if not isinstance(shards, LogicalShards):
            raise TypeError(f"shards must be LogicalShards, got {type(shards).__name__}")
        self.shards = shards
        self.version = 1
        self.reads = 0

    def read(self) -> ShardMap:
        """Fetch the current map (one round trip for whoever asks)."""
        self.reads += 1
        return ShardMap(self.version, tuple(self.shards.servers), tuple(self.shards.owner))

    def move(self, logical: int, target) -> Move:
        """Move a logical shard to another server and publish a new map version."""
        move = self.shards.move(logical, target)
        self.version += 1
        return move

    def add_server(self, server) -> list[Move]:
        """Add a server, move its fair share to it, publish one new version per move."""
        moves = self.shards.add_server(server)
        self.version += len(moves)
        return moves

    def holds(self, server: str, logical: int) -> bool:
        """Does ``server`` hold this logical shard now? (Each server knows what it holds.)"""
        return self.shards.servers[self.shards.owner[logical]] == server


@dataclass(frozen=True)
class Trip:
    """One request's journey: which server was asked first, who answered, at what cost."""

    key: object
    logical: int
    asked: str
    served_by: str
    round_trips: int
    refreshed: bool  # the router's map was stale and had to be fetched again


class SmartClient:
    """A router that caches the shard map: a client library, or (``tier=True``) a routing tier.

    A request goes to the server its cached map names. If that server no longer holds the
    shard it says so; the router fetches the map (one round trip) and retries (another).
    A routing tier costs one extra hop on every request: client -> router -> server.
    Counters: ``requests``, ``refreshes``, ``round_trips``.
    """

    def __init__(self, config: ConfigService, *, tier: bool = False):
        if not isinstance(config, ConfigService):
            raise TypeError(f"config must be a ConfigService, got {type(config).__name__}")
        self.config = config
        self.tier = bool(tier)
        self.map = config.read()
        self.requests = self.refreshes = self.round_trips = 0

    def request(self, key) -> Trip:
        """Route one request for ``key``."""
        logical = self.config.shards.logical_for(key)
        asked = self.map.server_for(logical)
        trips = 1 + self.tier
        refreshed = not self.config.holds(asked, logical)
        if refreshed:  # "not mine": fetch the new map, then ask again
            self.map = self.config.read()
            self.refreshes += 1
            trips += 2
        self.requests += 1
        self.round_trips += trips
        return Trip(key, logical, asked, self.map.server_for(logical), trips, refreshed)


class AnyNode:
    """Send each request to a random server; a server that does not hold the key forwards it.

    Every server knows the current map (learned by gossip), so a request takes one round
    trip when it lands on the owner and two otherwise. ``seed`` fixes the random choices.
    """

    def __init__(self, config: ConfigService, *, seed: int = 0):
        if not isinstance(config, ConfigService):
            raise TypeError(f"config must be a ConfigService, got {type(config).__name__}")
        self.config = config
        self.rng = random.Random(seed)
        self.requests = self.round_trips = 0

    def request(self, key) -> Trip:
        """Route one request for ``key`` through a random entry server."""
        logical = self.config.shards.logical_for(key)
        servers = self.config.shards.servers
        asked = servers[self.rng.randrange(len(servers))]
        owner = servers[self.config.shards.owner[logical]]
        trips = 1 if asked == owner else 2  # forwarded one hop inside the cluster
        self.requests += 1
        self.round_trips += trips
        return Trip(key, logical, asked, owner, trips, False)


def mean_round_trips(router, keys) -> float:
    """Average round trips per request over ``keys`` (each sent once, in order)."""
    keys = list(keys)
    if not keys:
        raise ValueError("keys must hold at least one key, got none")
    if not isinstance(router, (SmartClient, AnyNode)):
        raise TypeError(f"router must be a SmartClient or AnyNode, got {type(router).__name__}")
    return sum(router.request(key).round_trips for key in keys) / len(keys)
