"""The shard-key explorer: shard a workload by a chosen key and measure what it costs.

Three query patterns are priced in shards contacted (fan-out):

* *user's latest 10*: the newest 10 messages of one user (an inbox);
* *last hour*: every message of the last hour (a global feed, an analytics job);
* *near me*: every message posted within +-2 degrees of a user's home (a local feed).

A router can send a query straight to the right shards only when the query names the
shard key; otherwise it must ask every shard (scatter-gather). One assumption matters for
the geo grid: an inbox query carries only the user id, so a router that shards by place
cannot tell which cell the user lives in and asks every shard. If the app sends the user's
location with the query (``user_cell_known=True``), it asks one shard: in this workload a
user writes every message from home.

>>> from sysdesign.sharding.workloads import workload
>>> report = explore(workload("social (Zipf users)", 5_000), "hash(user_id)", 4)
>>> report.fanout_user_latest, report.fanout_last_hour
(1.0, 4.0)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from sysdesign.core import checks

from ._fast import mix64_many
from .base import Partitioner
from .metrics import coefficient_of_variation, imbalance, load_per_shard
from .partitioners import (
    DirectoryPartitioner,
    GeoGridPartitioner,
    ModuloPartitioner,
    RangePartitioner,
)
from .workloads import HOUR, Messages

LATEST = 10  # "a user's latest 10 messages"
NEAR_DEG = 2.0  # "near me": a box of +-2 degrees (+-220 km north-south) around home
GEO_CELL_DEG = 10.0  # the geo grid's cells are 10 x 10 degrees
STRATEGIES = ["hash(user_id)", "range(user_id)", "range(time)", "geo grid",
              "directory(user_id)", "hash(user_id, day)"]


@dataclass(frozen=True)
class ShardReport:
    """Where a workload's rows landed and what the two queries cost."""

    strategy: str
    shard: np.ndarray  # shard index of every message
    rows: np.ndarray  # messages per shard
    users: np.ndarray  # distinct users with at least one message per shard
    recent_rows: np.ndarray  # messages of the last hour per shard (current write load)
    fanout_user_latest: float  # mean shards contacted, over users who wrote anything
    fanout_last_hour: float
    fanout_near_me: float  # mean shards contacted, over the homes of users who wrote

    @property
    def num_shards(self) -> int:
        return len(self.rows)

    @property
    def hot_shard(self) -> int:
        """The shard holding the most rows."""
        return int(np.argmax(self.rows))

    @property
    def imbalance(self) -> float:
        """Busiest shard's rows over the mean."""
        return imbalance(self.rows)

    @property
    def cov(self) -> float:
        """Coefficient of variation of rows per shard."""
        return coefficient_of_variation(self.rows)


def bucket_key(user_id, timestamp, bucket_s: float) -> np.ndarray:
    """One integer per (user, time bucket): the notes' time-bounded key for a mail system.

    The user id is mixed first, so user 7's day 1 and user 6's day 0 never collide.

    >>> keys = bucket_key([7, 7, 7], [0.0, 3599.0, 3600.0], 3600.0)
    >>> bool(keys[0] == keys[1]), bool(keys[1] == keys[2])   # same hour, next hour
    (True, False)
    """
    bucket_s = checks.number(bucket_s, "bucket_s", 0, lo_open=True, hint="seconds per bucket")
    timestamp = np.asarray(timestamp, dtype=float)
    if np.any(timestamp < 0) or not np.all(np.isfinite(timestamp)):
        raise ValueError("timestamp must hold finite times >= 0 (seconds)")
    bucket = (timestamp // bucket_s).astype(np.uint64)
    return mix64_many(np.asarray(user_id).astype(np.uint64)) ^ bucket


def explore(msgs: Messages, strategy: str, num_shards: int, bucket_hours: float = 24.0, *,
            user_cell_known: bool = False, near_deg: float = NEAR_DEG) -> ShardReport:
    """Shard ``msgs`` with ``strategy`` over ``num_shards`` shards; loads and fan-outs.

    ``bucket_hours`` is the time bucket of the ``hash(user_id, day)`` key (24 h: a day).
    ``user_cell_known`` says whether an inbox query carries the user's location (it only
    matters for the geo grid); ``near_deg`` is the half-width of the "near me" box.
    """
    num_shards = checks.integer(num_shards, "num_shards", 1, 4096)
    strategy = checks.choice(strategy, "strategy", STRATEGIES)
    bucket_hours = checks.number(bucket_hours, "bucket_hours", 0, lo_open=True,
                                 hint="hours per time bucket")
    near_deg = checks.number(near_deg, "near_deg", 0, 45, hint="degrees")
    shard = _shard(msgs, strategy, num_shards, bucket_hours * HOUR)
    recent = msgs.timestamp >= msgs.duration_s - HOUR
    users = np.zeros(num_shards)
    pairs = np.unique(shard * msgs.num_users + msgs.user_id)
    np.add.at(users, pairs // msgs.num_users, 1)
    return ShardReport(
        strategy=strategy, shard=shard,
        rows=load_per_shard(shard, num_shards),
        users=users,
        recent_rows=load_per_shard(shard[recent], num_shards),
        fanout_user_latest=_fanout_user_latest(msgs, strategy, shard, num_shards,
                                                bucket_hours * HOUR, bool(user_cell_known)),
        fanout_last_hour=_fanout_last_hour(msgs, strategy, shard, num_shards),
        fanout_near_me=_fanout_near_me(msgs, strategy, num_shards, near_deg),
    )


def partitioner(msgs: Messages, strategy: str, num_shards: int) -> Partitioner:
    """The partitioner behind a strategy (its key is chosen by :func:`explore`)."""
    strategy = checks.choice(strategy, "strategy", STRATEGIES)
    if strategy in ("hash(user_id)", "hash(user_id, day)"):
        return ModuloPartitioner(num_shards)
    if strategy == "range(user_id)":
        return RangePartitioner.even(0, msgs.num_users, num_shards)
    if strategy == "range(time)":
        return RangePartitioner.even(0, msgs.duration_s, num_shards)
    if strategy == "geo grid":
        return GeoGridPartitioner(num_shards, cell_degrees=GEO_CELL_DEG)
    # "directory(user_id)": place users by their traffic, heaviest first.
    traffic = np.bincount(msgs.user_id, minlength=msgs.num_users)
    return DirectoryPartitioner.balanced(range(msgs.num_users), traffic, num_shards)


def _shard(msgs: Messages, strategy: str, num_shards: int, bucket_s: float) -> np.ndarray:
    part = partitioner(msgs, strategy, num_shards)
    if strategy == "range(time)":
        return part.assign(msgs.timestamp)
    if strategy == "geo grid":
        return part.assign(msgs.points)
    if strategy == "hash(user_id, day)":
        return part.assign(bucket_key(msgs.user_id, msgs.timestamp, bucket_s))
    if strategy == "directory(user_id)":
        # One table read per user, then fan the answer out to that user's messages.
        per_user = part.assign(range(msgs.num_users))
        return per_user[msgs.user_id]
    return part.assign(msgs.user_id)


def _fanout_user_latest(msgs: Messages, strategy: str, shard: np.ndarray, n: int,
                        bucket_s: float, user_cell_known: bool = False) -> float:
    """Mean shards visited to fetch a user's newest ``LATEST`` messages."""
    if strategy in ("hash(user_id)", "range(user_id)", "directory(user_id)"):
        return 1.0  # the key is in the query: go straight to the user's shard
    if strategy == "geo grid":
        if not user_cell_known:
            return float(n)  # the query does not say where the user is: ask everyone
        # The query names the user's cell: ask the shards that hold that user's rows.
        pairs = np.unique(msgs.user_id * n + shard)
        return float(len(pairs) / len(np.unique(msgs.user_id)))
    # Time-keyed layouts: walk back from now until the user's 10th-newest message is
    # reached; a user with fewer than 10 messages makes the walk go back to the start.
    order = np.lexsort((-msgs.timestamp, msgs.user_id))
    users = msgs.user_id[order]
    starts = np.flatnonzero(np.r_[True, users[1:] != users[:-1]])
    sizes = np.diff(np.r_[starts, len(users)])
    enough = sizes >= LATEST
    tenth = np.where(enough, starts + LATEST - 1, starts + sizes - 1)  # oldest one needed
    oldest_time = np.where(enough, msgs.timestamp[order][tenth], 0.0)
    if strategy == "range(time)":
        # Time ranges: shards from the newest (n - 1) down to the one holding that message.
        oldest_shard = np.where(enough, shard[order][tenth], 0)
        return float(np.mean(n - oldest_shard))
    # (user, time bucket) keys: one shard per bucket walked, duplicates counted once.
    last_bucket = int(msgs.duration_s // bucket_s)
    first_bucket = (oldest_time // bucket_s).astype(np.int64)
    buckets = np.arange(last_bucket + 1)
    grid = _bucket_shards(users[starts], buckets, bucket_s, n)  # (users, buckets)
    grid = np.where(buckets[None, :] >= first_bucket[:, None], grid, -1)
    grid.sort(axis=1)
    distinct = (np.diff(grid, axis=1) != 0) & (grid[:, 1:] >= 0)
    return float(np.mean(distinct.sum(axis=1) + (grid[:, 0] >= 0)))


def _bucket_shards(user_ids, buckets, bucket_s: float, n: int) -> np.ndarray:
    """Shard of every (user, bucket) pair; mid-bucket times avoid rounding at the edges."""
    keys = bucket_key(user_ids[:, None], (buckets[None, :] + 0.5) * bucket_s, bucket_s)
    return ModuloPartitioner(n).assign(keys.ravel()).reshape(keys.shape)


def _fanout_last_hour(msgs: Messages, strategy: str, shard: np.ndarray, n: int) -> float:
    """Shards contacted for every message of the last hour."""
    if strategy != "range(time)":
        return float(n)  # the time is not the shard key: scatter-gather to all shards
    recent = msgs.timestamp >= msgs.duration_s - HOUR
    return float(len(np.unique(shard[recent]))) if recent.any() else 1.0


def _fanout_near_me(msgs: Messages, strategy: str, n: int, near_deg: float) -> float:
    """Mean shards asked for every message within +-``near_deg`` of a user's home."""
    if strategy != "geo grid":
        return float(n)  # place is not in the shard key: every shard may hold nearby rows
    grid = GeoGridPartitioner(n, cell_degrees=GEO_CELL_DEG)
    _, first = np.unique(msgs.user_id, return_index=True)  # each user's home, once
    homes = msgs.points[first]
    if 2 * near_deg >= GEO_CELL_DEG:  # a box wider than a cell: list its cells one by one
        counts = [len(set(grid.cell_shards(grid.cells_near(lat, lon, near_deg)).tolist()))
                  for lat, lon in homes.tolist()]
        return float(np.mean(counts))
    # A box narrower than a cell touches at most 2 x 2 cells: those of its four corners.
    corners = [np.column_stack([np.clip(homes[:, 0] + dlat, -90, 90),
                                (homes[:, 1] + dlon + 180) % 360 - 180])
               for dlat in (-near_deg, near_deg) for dlon in (-near_deg, near_deg)]
    shards = np.column_stack([grid.assign(corner) for corner in corners])
    shards.sort(axis=1)
    return float(np.mean(1 + np.count_nonzero(np.diff(shards, axis=1), axis=1)))


def compare_strategies(msgs: Messages, num_shards: int, strategies=None, *,
                       user_cell_known: bool = False) -> pd.DataFrame:
    """Every strategy on one workload: balance of rows and of new writes, and fan-out."""
    rows = []
    for strategy in strategies or STRATEGIES:
        report = explore(msgs, strategy, num_shards, user_cell_known=user_cell_known)
        rows.append({
            "shard key": strategy,
            "max/mean rows": report.imbalance,
            "max/mean last-hour writes": imbalance(report.recent_rows),
            "shards: user's latest 10": report.fanout_user_latest,
            "shards: last hour": report.fanout_last_hour,
            f"shards: near me (±{NEAR_DEG:g}°)": report.fanout_near_me,
        })
    return pd.DataFrame(rows).set_index("shard key")
