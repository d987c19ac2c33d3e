"""Sharding and consistent hashing (notebooks 11 and 12).

Every partitioner maps a key to a shard with ``shard_for(key)`` (one key) and
``assign(keys)`` (a numpy array of shard indices for many keys); the two agree key for key.

Models, one lesson each:

* ``base``: the :class:`Partitioner` interface;
* ``hashing``: 64-bit key hashes (``hash64``: splitmix64 and FNV-1a; ``md5_hash64``);
* ``partitioners``: mod-N, jump, ranges, a directory and a lat/lon grid;
* ``ring``: the consistent-hash ring with virtual nodes (:class:`HashRing`);
* ``rendezvous``: highest-random-weight hashing (:class:`Rendezvous`);
* ``jump``: jump consistent hash, line for line as the paper (``jump_hash``);
* ``metrics``: load per shard, imbalance, keys moved, work per lookup;
* ``workloads``: seeded chat messages with Zipf users, time-ordered writes, geo points;
* ``explorer``: a workload sharded by a chosen key, with its load and query fan-out;
* ``databases``: reference tables, SQL vs NoSQL.

``_fast`` holds the vectorised twins (``hash64_many``, ``mix64_many``, ``jump_hash_many``,
...), each tested equal to its readable original. ``experiments`` holds the scenarios the
notebooks, panels and tests share; ``plots`` the figures; ``widgets`` the panels.
"""

from ._fast import (
                    hash64_array,
                    hash64_many,
                    jump_hash_array,
                    jump_hash_many,
                    mix64_array,
                    mix64_many,
)
from .base import Partitioner
from .databases import nosql_kinds, sql_vs_nosql
from .experiments import explorer_demo
from .explorer import (
                      STRATEGIES,
                      ShardReport,
                      bucket_key,
                      compare_strategies,
                      explore,
)
from .hashing import fnv1a64, hash64, md5_hash64, mix64
from .jump import jump_hash
from .metrics import (
                      SCHEMES,
                      coefficient_of_variation,
                      compare_schemes,
                      ideal_moved_share,
                      imbalance,
                      load_per_shard,
                      lookup_cost,
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
    "SCHEMES", "STRATEGIES", "WORKLOADS", "DirectoryPartitioner", "GeoGridPartitioner",
    "HashRing", "JumpPartitioner", "Messages", "ModuloPartitioner", "Partitioner",
    "RangePartitioner", "Rendezvous", "ShardReport", "bucket_key", "coefficient_of_variation",
    "compare_schemes", "compare_strategies", "explore", "explorer_demo", "fnv1a64",
    "geo_points", "hash64", "hash64_array", "hash64_many", "ideal_moved_share", "imbalance",
    "jump_hash", "jump_hash_array", "jump_hash_many", "load_per_shard", "lookup_cost",
    "md5_hash64", "messages", "mix64", "mix64_array", "mix64_many", "moved_share",
    "moved_share_curve", "nosql_kinds", "ring_balance_curve", "sql_vs_nosql", "time_series",
    "workload", "zipf_activity",
]
