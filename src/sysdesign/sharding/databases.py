"""Reference tables for the sharding notebook: SQL vs NoSQL, and the kinds of NoSQL store."""

from __future__ import annotations

import pandas as pd

from sysdesign.core.tables import full_text


def sql_vs_nosql() -> pd.DataFrame:
    """Relational and non-relational databases compared on the usual axes."""
    rows = {
        "data model": ("tables of rows with a fixed schema", "keys, documents, columns or graphs; "
                       "schema per record or none"),
        "queries": ("SQL: joins, aggregates, ad-hoc questions",
                    "by key or a few indexed fields; joins done by the application"),
        "transactions": ("ACID across many rows and tables",
                         "often per key or per document; multi-item ACID is limited or costly"),
        "scaling": ("up (bigger server) and read replicas; sharding is manual work",
                    "out: partitioning and replication built in (graph stores excepted)"),
        "consistency": ("strong by default", "often tunable; eventual by default in many"),
        "good for": ("money, orders, anything with relations and invariants",
                     "huge volumes of simple lookups, flexible or nested records"),
        "examples": ("PostgreSQL, MySQL, SQL Server, Oracle",
                     "Redis, DynamoDB, MongoDB, Cassandra, Neo4j"),
    }
    return full_text(pd.DataFrame.from_dict(rows, orient="index", columns=["SQL", "NoSQL"]))


def nosql_kinds() -> pd.DataFrame:
    """The four families of NoSQL store: model, strengths, weaknesses, examples."""
    rows = {
        "key-value": ("opaque value per key", "O(1) get/put, trivial to shard by key",
                      "no queries inside the value", "Redis, Memcached, DynamoDB"),
        "document": ("JSON-like nested documents", "one read fetches a whole aggregate; "
                     "indexes on fields", "joins across documents are awkward",
                     "MongoDB, Couchbase, Firestore"),
        "wide-column": ("rows of sparse columns, sorted by a partition + clustering key",
                        "huge write rates, range scans within a partition",
                        "queries must follow the key design", "Cassandra, HBase, Bigtable"),
        "graph": ("nodes and edges with properties", "many-hop relationship queries",
                  "hard to shard: edges cross partitions", "Neo4j, JanusGraph, Neptune"),
    }
    return full_text(pd.DataFrame.from_dict(
        rows, orient="index", columns=["data model", "strong at", "weak at", "examples"]))
