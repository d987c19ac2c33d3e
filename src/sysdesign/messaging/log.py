"""A partitioned log, as in Kafka: keys to partitions, offsets, retention, consumer groups.

A topic is a few append-only partitions. A record's key picks its partition with Kafka's
default rule, ``toPositive(murmur2(key bytes)) % partitions``; each partition numbers its
records 0, 1, 2, ... (the offsets). Records are not removed when read: a consumer group
keeps one committed offset per partition, so another group, or the same one after a
seek, reads the same records again (replay). Retention, not reading, deletes records.

>>> log = PartitionedLog(3)
>>> [log.append("user-7", f"click {i}")[0] for i in range(3)]  # same key, same partition
[2, 2, 2]
>>> partition_for("user-7", 3), log.end_offset(2)
(2, 3)
"""

from __future__ import annotations

from dataclasses import dataclass

from ..core import checks

M, R, SEED = 0x5BD1E995, 24, 0x9747B28C  # murmur2's constants, as in Kafka's Utils.murmur2
MASK = 0xFFFFFFFF
ASSIGNORS = ("range", "roundrobin")


def murmur2(data: bytes) -> int:
    """Kafka's 32-bit murmur2 of ``data``, as a signed int (as Java returns it).

    >>> murmur2(b"21"), murmur2(b"abc")
    (-973932308, 479470107)
    """
    if not isinstance(data, (bytes, bytearray)):
        raise TypeError(f"data must be bytes, got {type(data).__name__}")
    length = len(data)
    h = (SEED ^ length) & MASK
    whole = length - length % 4
    for i in range(0, whole, 4):  # four bytes at a time, little-endian
        k = int.from_bytes(data[i:i + 4], "little")
        k = (k * M) & MASK
        k ^= k >> R
        k = (k * M) & MASK
        h = ((h * M) & MASK) ^ k
    tail = data[whole:]
    if len(tail) == 3:
        h ^= tail[2] << 16
    if len(tail) >= 2:
        h ^= tail[1] << 8
    if tail:
        h ^= tail[0]
        h = (h * M) & MASK
    h ^= h >> 13
    h = (h * M) & MASK
    h ^= h >> 15
    return h - (1 << 32) if h >= 1 << 31 else h


def partition_for(key, partitions: int) -> int:
    """The partition Kafka's default partitioner picks for a keyed record.

    ``key`` is bytes or a str (encoded as UTF-8, as Kafka's StringSerializer does).
    """
    partitions = checks.integer(partitions, "partitions", 1)
    if isinstance(key, str):
        key = key.encode("utf-8")
    if not isinstance(key, (bytes, bytearray)):
        raise TypeError(f"key must be str or bytes, got {type(key).__name__}")
    return (murmur2(bytes(key)) & 0x7FFFFFFF) % partitions  # Utils.toPositive


@dataclass(frozen=True)
class Record:
    """One record in one partition: its offset, key, value and append time."""

    partition: int
    offset: int
    key: str
    value: object
    time: float = 0.0


class PartitionedLog:
    """One topic: ``partitions`` append-only lists, with time-based retention.

    ``retention`` (seconds, None = keep forever) deletes records older than that when
    :meth:`enforce_retention` runs; offsets never change, the log just starts later
    (Kafka deletes whole segment files, so it keeps somewhat more than this).
    """

    def __init__(self, partitions: int, *, retention: float | None = None):
        self.partitions = checks.integer(partitions, "partitions", 1)
        self.retention = (None if retention is None else
                          checks.number(retention, "retention", 0, lo_open=True,
                                        hint="seconds, or None to keep forever"))
        self._records: list[list[Record]] = [[] for _ in range(self.partitions)]
        self._start = [0] * self.partitions  # first offset still kept (log start offset)
        self.deleted = 0

    def append(self, key: str, value, time: float = 0.0) -> tuple[int, int]:
        """Append a record; returns ``(partition, offset)``."""
        p = partition_for(key, self.partitions)
        offset = self.end_offset(p)
        self._records[p].append(Record(p, offset, key, value, float(time)))
        return p, offset

    def end_offset(self, partition: int) -> int:
        """The offset the next record of ``partition`` gets (the log end offset)."""
        return self._start[self._partition(partition)] + len(self._records[partition])

    def start_offset(self, partition: int) -> int:
        """The oldest offset still kept in ``partition``."""
        return self._start[self._partition(partition)]

    def read(self, partition: int, offset: int, max_records: int = 1_000_000) -> list[Record]:
        """Records of ``partition`` from ``offset`` on (at most ``max_records``)."""
        p = self._partition(partition)
        offset = checks.integer(offset, "offset", 0)
        if offset < self._start[p]:
            raise ValueError(f"offset {offset} was deleted by retention; the log of "
                             f"partition {p} starts at {self._start[p]}")
        first = offset - self._start[p]
        return self._records[p][first:first + checks.integer(max_records, "max_records", 1)]

    def enforce_retention(self, now: float) -> int:
        """Delete records older than ``retention`` at time ``now``; returns how many."""
        now = checks.number(now, "now", hint="seconds")
        if self.retention is None:
            return 0
        gone = 0
        for p, records in enumerate(self._records):
            keep = next((i for i, r in enumerate(records) if r.time >= now - self.retention),
                        len(records))
            del records[:keep]
            self._start[p] += keep
            gone += keep
        self.deleted += gone
        return gone

    def _partition(self, partition) -> int:
        return checks.integer(partition, "partition", 0, self.partitions - 1)


def assign(partitions: int, consumers, assignor: str = "range") -> dict[str, list[int]]:
    """Share one topic's partitions among a group's consumers, as Kafka's assignors do.

    ``range``: consumers sorted by name, each gets a contiguous run, the first
    ``partitions % n`` one extra. ``roundrobin``: partition i goes to consumer i mod n.
    Consumers beyond the number of partitions get none (they sit idle).

    >>> assign(5, ["c1", "c2"])
    {'c1': [0, 1, 2], 'c2': [3, 4]}
    >>> assign(5, ["c1", "c2"], "roundrobin")
    {'c1': [0, 2, 4], 'c2': [1, 3]}
    """
    partitions = checks.integer(partitions, "partitions", 1)
    checks.choice(assignor, "assignor", ASSIGNORS)
    if isinstance(consumers, (str, bytes)) or not hasattr(consumers, "__iter__"):
        raise TypeError(f"consumers must be a list of names (str), got {consumers!r}")
    members = list(consumers)
    if not all(isinstance(c, str) for c in members):
        raise TypeError(f"consumers must be a list of names (str), got {members!r}")
    members.sort()
    if not members or len(set(members)) != len(members):
        raise ValueError(f"consumers must be one or more distinct names, got {members!r}")
    n = len(members)
    if assignor == "roundrobin":
        return {c: list(range(i, partitions, n)) for i, c in enumerate(members)}
    share, extra = divmod(partitions, n)
    result, start = {}, 0
    for i, c in enumerate(members):
        size = share + (i < extra)
        result[c] = list(range(start, start + size))
        start += size
    return result


def moved(before: dict[str, list[int]], after: dict[str, list[int]]) -> list[int]:
    """Partitions whose owner changed between two assignments (new owner or none)."""
    owner_before = {p: c for c, ps in before.items() for p in ps}
    owner_after = {p: c for c, ps in after.items() for p in ps}
    return sorted(p for p in owner_before.keys() | owner_after.keys()
                  if owner_before.get(p) != owner_after.get(p))


class ConsumerGroup:
    """A group reading one log: a committed offset per partition, shared by its members.

    A new group starts at the log's start (Kafka's ``auto.offset.reset=earliest``; its
    default is ``latest``, which skips what is already there).
    """

    def __init__(self, log: PartitionedLog, consumers, assignor: str = "range"):
        if not isinstance(log, PartitionedLog):
            raise TypeError(f"log must be a PartitionedLog, got {type(log).__name__}")
        self.log, self.assignor = log, assignor
        self.committed = {p: log.start_offset(p) for p in range(log.partitions)}
        self.assignment = assign(log.partitions, consumers, assignor)
        self.rebalances = 0

    def rebalance(self, consumers) -> list[int]:
        """New members (one joined, one left): reassign; returns the partitions that moved."""
        after = assign(self.log.partitions, consumers, self.assignor)
        changed = moved(self.assignment, after)
        self.assignment = after
        self.rebalances += 1
        return changed

    def poll(self, consumer: str, max_records: int = 1) -> list[Record]:
        """The next records for ``consumer`` from each of its partitions, committed at once."""
        if consumer not in self.assignment:
            raise ValueError(f"consumer must be a member ({sorted(self.assignment)}), "
                             f"got {consumer!r}")
        got = []
        for p in self.assignment[consumer]:
            start = max(self.committed[p], self.log.start_offset(p))
            records = self.log.read(p, start, max_records)
            got += records
            self.committed[p] = start + len(records)
        return got

    def seek(self, partition: int, offset: int) -> None:
        """Move the group's position in ``partition`` (back: replay; forward: skip)."""
        p = self.log._partition(partition)
        self.committed[p] = checks.integer(offset, "offset", self.log.start_offset(p),
                                           self.log.end_offset(p))

    def lag(self) -> dict[int, int]:
        """Per partition: records appended that the group has not consumed yet."""
        return {p: self.log.end_offset(p) - max(c, self.log.start_offset(p))
                for p, c in self.committed.items()}
