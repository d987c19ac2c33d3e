"""Secondary indexes on a sharded table: local (by document) or global (by term).

Rows are sharded by their own id, which spreads them evenly, but the common query asks by
another column: "the latest 10 messages of user u". A secondary index on ``user_id`` answers
it, and a sharded database can partition that index in two ways (DDIA chapter 6):

* **local** (document-partitioned): each shard indexes only its own rows. A write touches
  one shard; a query cannot know which shards hold user u's rows, so it asks all of them
  and merges (scatter/gather). MongoDB, Cassandra, Elasticsearch and DynamoDB's *local*
  secondary indexes work this way.
* **global** (term-partitioned): the index is itself sharded, by the indexed value. All of
  user u's entries live on one index shard, so a query asks that one shard (and then fetches
  the rows, unless the index stores them: a *covering* index). A write now touches the row's
  shard and the index shard of its user, usually two servers; DynamoDB's *global* secondary
  indexes are updated asynchronously, so a read of the index may lag the table.

>>> local, glob = LocalIndex(4), GlobalIndex(4)
>>> for message, user in enumerate([7, 7, 9]):
...     _ = local.write(message, user, float(message)), glob.write(message, user, float(message))
>>> local.latest(7)[1], glob.latest(7, covering=True)[1]      # shards asked per query
(4, 1)
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np
import pandas as pd

from sysdesign.core import checks

from .hashing import hash64
from .workloads import Messages

LATEST = 10  # "a user's latest 10 messages"


def row_shard(message_id: int, num_shards: int) -> int:
    """The shard that stores a message row: the hash of its own id."""
    return hash64(message_id) % num_shards


def term_shard(user_id: int, num_shards: int) -> int:
    """The shard that holds a user's entries in a global index: the hash of the term.

    (Salted, so that user 5's index entries and message 5's row are placed independently.)
    """
    return hash64(f"user:{user_id}") % num_shards


class LocalIndex:
    """One index per shard, covering that shard's rows only.

    ``shards[s][user]`` lists (timestamp, message id) of user's messages stored on shard s.
    """

    def __init__(self, num_shards: int):
        self.num_shards = checks.integer(num_shards, "num_shards", 1)
        self.shards = [defaultdict(list) for _ in range(self.num_shards)]
        self.index_writes = np.zeros(self.num_shards, dtype=np.int64)

    def write(self, message_id: int, user_id: int, timestamp: float) -> set[int]:
        """Store a row and its index entry; returns the shards touched (always one)."""
        shard = row_shard(message_id, self.num_shards)
        self.shards[shard][user_id].append((timestamp, message_id))
        self.index_writes[shard] += 1
        return {shard}

    def latest(self, user_id: int, k: int = LATEST) -> tuple[list[int], int]:
        """User's newest ``k`` message ids and the shards asked: all of them (scatter/gather)."""
        gathered = []
        for index in self.shards:  # the router cannot tell which shards hold this user
            gathered.extend(index.get(user_id, [])[-k:])
        newest = sorted(gathered, reverse=True)[:k]
        return [message for _, message in newest], self.num_shards


class GlobalIndex:
    """One index for the whole table, itself sharded by the indexed value (the user id).

    ``shards[s][user]`` lists (timestamp, message id) of *all* of user's messages, on the
    index shard ``term_shard(user)``; ``rows`` remembers each message's row shard.
    """

    def __init__(self, num_shards: int):
        self.num_shards = checks.integer(num_shards, "num_shards", 1)
        self.shards = [defaultdict(list) for _ in range(self.num_shards)]
        self.rows: dict[int, int] = {}
        self.index_writes = np.zeros(self.num_shards, dtype=np.int64)

    def write(self, message_id: int, user_id: int, timestamp: float) -> set[int]:
        """Store a row on its shard and its entry on the user's index shard; returns both."""
        shard = row_shard(message_id, self.num_shards)
        index_shard = term_shard(user_id, self.num_shards)
        self.rows[message_id] = shard
        self.shards[index_shard][user_id].append((timestamp, message_id))
        self.index_writes[index_shard] += 1
        return {shard, index_shard}

    def latest(self, user_id: int, k: int = LATEST, *, covering: bool = False
               ) -> tuple[list[int], int]:
        """User's newest ``k`` message ids and the shards asked: the user's index shard, plus
        the row shards of the results unless the index is ``covering`` (stores the rows)."""
        index_shard = term_shard(user_id, self.num_shards)
        newest = self.shards[index_shard].get(user_id, [])[-k:]
        messages = [message for _, message in reversed(newest)]
        asked = {index_shard} if covering else {index_shard} | {self.rows[m] for m in messages}
        return messages, len(asked)


def index_costs(msgs: Messages, num_shards: int, k: int = LATEST) -> pd.DataFrame:
    """Write every message through a local and a global index; price one "latest k" query
    per user who wrote anything, and each write.

    Columns: shards asked per query (mean), shards touched per write (mean), and the
    busiest shard's share of index writes (1/N is perfectly even).
    """
    num_shards = checks.integer(num_shards, "num_shards", 1)
    k = checks.integer(k, "k", 1)
    local, glob = LocalIndex(num_shards), GlobalIndex(num_shards)
    local_touched = global_touched = 0
    for message, (user, when) in enumerate(zip(msgs.user_id.tolist(), msgs.timestamp.tolist(),
                                              strict=True)):
        local_touched += len(local.write(message, user, when))
        global_touched += len(glob.write(message, user, when))
    users = np.unique(msgs.user_id).tolist()
    rows = []
    for name, query, touched, writes in [
        ("local (by document)", lambda u: local.latest(u, k)[1], local_touched,
         local.index_writes),
        ("global (by term)", lambda u: glob.latest(u, k)[1], global_touched, glob.index_writes),
        ("global, covering", lambda u: glob.latest(u, k, covering=True)[1], global_touched,
         glob.index_writes),
    ]:
        rows.append({"index": name,
                     "shards per query": float(np.mean([query(u) for u in users])),
                     "shards per write": touched / len(msgs),
                     "busiest shard's share of index writes": float(writes.max() / writes.sum())})
    return pd.DataFrame(rows).set_index("index")
