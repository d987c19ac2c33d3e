"""Sharding and consistent hashing (notebooks 11 and 12).

Every partitioner maps a key to a shard with ``shard_for(key)`` (one key) and
``assign(keys)`` (a numpy array of shard indices for many keys); the two agree key for key.

Models, one lesson each:

* ``base``: the :class:`Partitioner` interface;
* ``hashing``: 64-bit key hashes (``hash64``: splitmix64 and FNV-1a; ``md5_hash64``);
* ``partitioners``: mod-N, jump, ranges, a directory and a lat/lon grid;
* ``logical``: many fixed logical shards on few servers, moved whole (:class:`LogicalShards`);
* ``routing``: who knows where a key lives: smart clients, a routing tier, any node;
* ``indexes``: secondary indexes, local (by document) and global (by term);
* ``schemas``: a blog normalised, denormalised and embedded, in real SQLite;
* ``bank``: accounts over SQLite shards, ACID inside a shard and not across;
* ``ring``: the consistent-hash ring with virtual nodes, weights and preference lists;
* ``rendezvous``: highest-random-weight hashing, weighted too (:class:`Rendezvous`);
* ``jump``: jump consistent hash, line for line as the paper (``jump_hash``);
* ``bounded``: consistent hashing with bounded loads, for hot keys;
* ``metrics``: load per shard, imbalance, keys moved, counted lookup work;
* ``measured``: lookup time and memory per scheme, measured by the benchmark and shipped;
* ``workloads``: seeded chat messages with Zipf users, time-ordered writes, geo points;
* ``explorer``: a workload sharded by a chosen key, with its load and query fan-out;
* ``databases``: reference tables, SQL vs NoSQL.

``_fast`` holds the vectorised twins (``hash64_many``, ``mix64_many``, ``jump_hash_many``,
...), each tested equal to its readable original. ``experiments`` holds the scenarios the
notebooks, panels and tests share; ``plots`` the figures; ``widgets`` the panels;
``exercises`` the "Try it" answers of both notebooks.
"""

from ._fast import (
                    hash64_array,
                    hash64_many,
                    jump_hash_array,
                    jump_hash_many,
                    mix64_array,
                    mix64_many,
)
from .bank import ShardedBank
from .base import Partitioner
from .bounded import bounded_assign, capacity
from .databases import nosql_kinds, sql_vs_nosql
from .explorer import (
                      STRATEGIES,
                      ShardReport,
                      bucket_key,
                      compare_strategies,
                      explore,
)
from .hashing import fnv1a64, hash64, md5_hash64, mix64
from .indexes import GlobalIndex, LocalIndex, index_costs
from .jump import expected_jump_steps, jump_hash, jump_hash_steps
from .logical import LogicalShards
from .metrics import (
                      SCHEMES,
                      bisect_steps,
                      coefficient_of_variation,
                      compare_schemes,
                      expected_cov,
                      ideal_moved_share,
                      imbalance,
                      load_per_shard,
                      lookup_work,
                      moved_share,
                      moved_share_curve,
                      ring_balance_curve,
)
from .partitioners import (
                      DirectoryPartitioner,
                      GeoGridPartitioner,
                      JumpPartitioner,
                      ModuloPartitioner,
                      RangePartitioner,
)
from .rendezvous import Rendezvous
from .ring import HashRing
from .routing import AnyNode, ConfigService, SmartClient
from .workloads import (
                      WORKLOADS,
                      Messages,
                      geo_points,
                      messages,
                      time_series,
                      workload,
                      zipf_activity,
)

__all__ = [
    "SCHEMES", "STRATEGIES", "WORKLOADS", "AnyNode", "ConfigService", "DirectoryPartitioner",
    "GeoGridPartitioner", "GlobalIndex", "HashRing", "JumpPartitioner", "LocalIndex",
    "LogicalShards", "Messages", "ModuloPartitioner", "Partitioner", "RangePartitioner",
    "Rendezvous", "ShardReport", "ShardedBank", "SmartClient", "bisect_steps",
    "bounded_assign", "bucket_key", "capacity", "coefficient_of_variation", "compare_schemes",
    "compare_strategies", "expected_cov", "expected_jump_steps", "explore", "fnv1a64",
    "geo_points", "hash64", "hash64_array", "hash64_many", "ideal_moved_share", "imbalance",
    "index_costs", "jump_hash", "jump_hash_array", "jump_hash_many", "jump_hash_steps",
    "load_per_shard", "lookup_work", "md5_hash64", "messages", "mix64", "mix64_array",
    "mix64_many", "moved_share", "moved_share_curve", "nosql_kinds", "ring_balance_curve",
    "sql_vs_nosql", "time_series", "workload", "zipf_activity",
]
