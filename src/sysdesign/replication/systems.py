"""Where real databases sit in PACELC: one row per *configuration*, not per product.

The same database answers differently depending on a per-request or per-deployment setting,
so a row names the setting. "P: C" means that during a partition the configuration refuses
or waits rather than answer from a side that may be stale; "P: A" that it answers anyway.
"E: C" means that without a partition it pays for coordination (a leader, a quorum) on every
request; "E: L" that it answers from one nearby replica. The "linearizable" column says
whether the configuration gives CAP's C at all: refusing during a partition is not enough
(Cassandra at QUORUM refuses on a minority and still is not linearizable).

Sources, checked for each row: Abadi (2012) for the framework and the original labels; the
HBase reference guide (timeline-consistent reads); the Cassandra documentation (consistency
levels, read repair, lightweight transactions) and Kleppmann, DDIA chapter 9 ("Linearizability
and quorums"); Elhemali et al., "Amazon DynamoDB", USENIX ATC 2022 (a Multi-Paxos leader per
partition serves writes and strongly consistent reads) and the DynamoDB developer guide
(read consistency, global tables); the Spanner documentation (timestamp bounds); the MongoDB
manual (default read and write concerns); the etcd API guarantees.
"""

from __future__ import annotations

import pandas as pd

from sysdesign.core.tables import full_text

COLUMNS = ("configuration", "P", "E", "linearizable", "how it works")

PACELC_SYSTEMS: list[dict[str, str]] = [
    {"configuration": "HBase, default (Consistency.STRONG)", "P": "C", "E": "C",
     "linearizable": "yes (per row)",
     "how it works": "one RegionServer serves each region; while it fails over (tens of "
                     "seconds) the region is unavailable"},
    {"configuration": "HBase, region replicas + Consistency.TIMELINE reads", "P": "A",
     "E": "L", "linearizable": "no",
     "how it works": "a secondary replica answers if the primary is slow; Result.isStale() "
                     "tells the client"},
    {"configuration": "Cassandra, ONE (cqlsh's default; drivers use LOCAL_ONE)", "P": "A",
     "E": "L", "linearizable": "no",
     "how it works": "leaderless; one replica answers; last-writer-wins per cell by timestamp"},
    {"configuration": "Cassandra, QUORUM reads and writes", "P": "C", "E": "C",
     "linearizable": "no",
     "how it works": "a minority side refuses; blocking read repair gives monotonic quorum "
                     "reads, but last-writer-wins on clock timestamps breaks concurrent writes "
                     "to one key (DDIA 9)"},
    {"configuration": "Cassandra, lightweight transactions (IF ..., SERIAL)", "P": "C",
     "E": "C", "linearizable": "yes",
     "how it works": "Paxos among the replicas for each conditional update"},
    {"configuration": "DynamoDB, writes", "P": "C", "E": "C", "linearizable": "yes (per item)",
     "how it works": "a Multi-Paxos leader per partition (replicas in several availability "
                     "zones) commits each write on a quorum"},
    {"configuration": "DynamoDB, eventually consistent reads (the default)", "P": "A",
     "E": "L", "linearizable": "no",
     "how it works": "any replica of the partition answers"},
    {"configuration": "DynamoDB, strongly consistent reads (ConsistentRead=true)", "P": "C",
     "E": "C", "linearizable": "yes (per item)",
     "how it works": "only the leader answers; twice the read cost; not offered on global "
                     "secondary indexes"},
    {"configuration": "DynamoDB global tables, MREC (multi-Region eventual consistency, "
                      "the default mode)", "P": "A", "E": "L", "linearizable": "no",
     "how it works": "every Region accepts writes; concurrent updates resolved by last "
                     "writer wins (the other mode, MRSC, needs three Regions or two and a "
                     "witness)"},
    {"configuration": "Spanner, strong reads (the default)", "P": "C", "E": "C",
     "linearizable": "yes (external consistency)",
     "how it works": "a Paxos group per split; the read sees every commit before it started"},
    {"configuration": "Spanner, bounded or exact staleness reads", "P": "A*", "E": "L",
     "linearizable": "no (a consistent snapshot in the past)",
     "how it works": "a nearby replica answers if it is recent enough (*it may have to wait "
                     "or fail if cut off for longer than the bound)"},
    {"configuration": "MongoDB 5.0+, defaults (w: majority, readConcern local, primary)",
     "P": "C", "E": "C", "linearizable": "no",
     "how it works": "writes wait for a majority; a read from the primary can return data "
                     "later rolled back"},
    {"configuration": "MongoDB, readConcern linearizable (+ w: majority writes)", "P": "C",
     "E": "C", "linearizable": "yes (one document)",
     "how it works": "primary only; the read may wait until concurrent writes reach a "
                     "majority, and fails if the primary cannot reach one"},
    {"configuration": "MongoDB, readPreference secondary or nearest", "P": "A", "E": "L",
     "linearizable": "no", "how it works": "a secondary answers, behind by its replication lag"},
    {"configuration": "etcd, default (linearizable reads)", "P": "C", "E": "C",
     "linearizable": "yes",
     "how it works": "Raft: a leader commits on a majority; reads check with a majority"},
    {"configuration": "etcd, serializable reads (--consistency=s)", "P": "A", "E": "L",
     "linearizable": "no", "how it works": "the local member answers from its own copy"},
]


def pacelc_table() -> pd.DataFrame:
    """The configurations above, one per row."""
    # Sentences, not codes: shown whole rather than cut at 50 characters.
    return full_text(pd.DataFrame(PACELC_SYSTEMS, columns=COLUMNS).set_index("configuration"))
