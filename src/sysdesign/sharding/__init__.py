"""Sharding: partitioners with one interface, consistent hashing, metrics and workloads.

Every partitioner maps a key to a shard with ``shard_for(key)`` (one key) and
``assign(keys)`` (a numpy array of shard indices for many keys).
"""

from .base import Partitioner
from .databases import nosql_kinds, sql_vs_nosql
from .explorer import (
                      STRATEGIES,
                      ShardReport,
                      bucket_key,
                      compare_strategies,
                      explore,
                      explorer_demo,
)
from .hashing import hash64, hash64_array, md5_hash64
from .jump import JumpPartitioner, jump_hash, jump_hash_array
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
    "compare_schemes", "compare_strategies", "explore", "explorer_demo", "geo_points",
    "hash64", "hash64_array", "ideal_moved_share", "imbalance", "jump_hash",
    "jump_hash_array", "load_per_shard", "lookup_cost", "md5_hash64", "messages",
    "moved_share", "moved_share_curve", "nosql_kinds", "ring_balance_curve", "sql_vs_nosql",
    "time_series", "workload", "zipf_activity",
]
