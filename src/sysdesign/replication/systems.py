"""Where real databases sit in PACELC, and the setting that moves each one.

Classifications follow Abadi (2012), "Consistency Tradeoffs in Modern Distributed
Database System Design", updated where defaults have changed since. They describe
default behaviour; most systems let a request or a deployment choose otherwise.
"""

from __future__ import annotations

import pandas as pd

PACELC_SYSTEMS: list[dict[str, str]] = [
    {"system": "HBase", "if partitioned": "PC", "else": "EC",
     "how it replicates": "each region served by one RegionServer; data in replicated HDFS",
     "setting that moves it": "region replicas + Consistency.TIMELINE reads: a secondary "
                              "answers, possibly stale (towards PA/EL for those reads)"},
    {"system": "Cassandra", "if partitioned": "PA", "else": "EL",
     "how it replicates": "leaderless, N replicas per key, last-writer-wins per cell",
     "setting that moves it": "per-request consistency level: ONE (default) vs QUORUM / "
                              "LOCAL_QUORUM / ALL on reads and writes (R + W > N: PC/EC)"},
    {"system": "DynamoDB", "if partitioned": "PA", "else": "EL",
     "how it replicates": "three replicas per partition in a region, a leader per partition",
     "setting that moves it": "ConsistentRead=True: the leader answers, current but slower "
                              "and unavailable when it cannot be reached (PC/EC reads)"},
    {"system": "Spanner", "if partitioned": "PC", "else": "EC",
     "how it replicates": "Paxos group per split, TrueTime commit timestamps",
     "setting that moves it": "stale reads (exact or bounded staleness): any replica "
                              "recent enough answers, with lower latency (EL for those reads)"},
    {"system": "MongoDB", "if partitioned": "PC", "else": "EC",
     "how it replicates": "replica set: one elected primary, asynchronous oplog to "
                          "secondaries",
     "setting that moves it": "readPreference secondary/nearest (stale, EL); w: 1 acks "
                              "before replication (writes can be rolled back); "
                              "Abadi classed the 2012 defaults PA/EC"},
    {"system": "etcd", "if partitioned": "PC", "else": "EC",
     "how it replicates": "Raft: a leader commits once a majority has the entry",
     "setting that moves it": "serializable reads (--consistency=s): the local member "
                              "answers without asking the leader, possibly stale (EL)"},
]


def pacelc_table() -> pd.DataFrame:
    """The table of systems above, one row per system."""
    return pd.DataFrame(PACELC_SYSTEMS).set_index("system")
