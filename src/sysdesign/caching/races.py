"""The cache-aside race, message by message, on the course's event engine.

Cache-aside reads are three steps (ask the cache, read the database, fill the cache) and
writes are two (write the database, delete the cached copy). Nothing stops another
client's steps from landing between them. The classic bad interleaving:

1. reader A misses in the cache and reads the row from the database: version 1;
2. writer B updates the row to version 2 and deletes the key from the cache (there is
   nothing to delete yet);
3. A's fill arrives and stores version 1.

The cache now holds an old version that no write will ever remove: every reader gets it
until the TTL ends. Facebook's memcache calls this a *stale set* and closes it with a
*lease* (Nishtala et al., NSDI 2013): a miss hands the client a token, a delete of the
key invalidates the token, and a fill with an invalid token is refused. While a token is
out, other clients that miss are told to wait and ask again (``retry_ms`` later) instead
of all reading the database: the same lease also tames stampedes (:mod:`.stampede`).

Time is in milliseconds; every message takes ``hop_ms`` one way
(:class:`sysdesign.core.events.Network`), and the database takes ``db_read_ms`` to
answer A's query and ``db_write_ms`` to commit B's update. An entry stored at t is used
while now < t + ``ttl_ms`` (``cachetools.TTLCache`` semantics).

>>> race = cache_aside_race()
>>> race.stale_set, race.stale_reads, race.stale_window
(True, 4, (13.0, 53.0))
>>> leased = cache_aside_race(lease=True)
>>> leased.stale_set, leased.stale_reads, leased.refused_sets
(False, 0, 1)
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from sysdesign.core import checks
from sysdesign.core.events import Network, Simulator

READER, WRITER, LATER, CACHE, DATABASE = range(5)
WAIT = -1  # the lease answer "someone else is loading this key: ask again shortly"
LANES = ("reader A", "writer B", "later readers", "cache", "database")
KEY = "user:42"


@dataclass(frozen=True)
class Message:
    """One message: sent at ``sent`` from lane ``src``, delivered at ``arrived`` to ``dst``."""

    sent: float
    arrived: float
    src: int
    dst: int
    label: str


@dataclass(frozen=True)
class Read:
    """A later reader's request: when it was answered, the version, and from where."""

    time: float
    version: int
    from_cache: bool


@dataclass
class RaceResult:
    """What happened: every message, the versions the cache and database held over time,
    and what the later readers got."""

    ttl_ms: float
    lease: bool
    horizon_ms: float
    messages: list[Message] = field(default_factory=list)
    cache_versions: list[tuple[float, int | None]] = field(default_factory=list)
    db_versions: list[tuple[float, int]] = field(default_factory=list)
    reads: list[Read] = field(default_factory=list)
    refused: list[float] = field(default_factory=list)  # when the cache refused a fill
    # What the cache did, in order: (time, "get", version or None or WAIT),
    # (time, "set", version, stored?), (time, "delete").
    cache_log: list[tuple] = field(default_factory=list)

    @property
    def refused_sets(self) -> int:
        """Fills the cache refused because their lease had been invalidated."""
        return len(self.refused)

    @property
    def invalidated_at(self) -> float | None:
        """When writer B's DELETE reached the cache (None if it had not by the horizon)."""
        return next((m.arrived for m in self.messages if m.label == "DELETE"), None)

    @property
    def stale_reads(self) -> int:
        """Later reads that returned an older version than the database then held."""
        return sum(read.version < self.db_version_at(read.time) for read in self.reads)

    @property
    def stale_window(self) -> tuple[float, float] | None:
        """When the cache held a stale version *after* the writer's delete (the stale set),
        and until when: the next change of the cache, its expiry. None if it never did.

        A version stored after the delete may turn stale only later, when the write commits
        after the fill (as when the writer deletes before it writes): the window then starts
        at that commit. A version replaced at the moment it turns stale never was stale.
        """
        deleted = self.invalidated_at
        if deleted is None:
            return None
        for (time, version), (later, _) in zip(self.cache_versions,
                                               self.cache_versions[1:] + [(math.inf, None)],
                                               strict=True):
            if time < deleted or version is None:
                continue
            newer = [t for t, v in self.db_versions if v > version and t < later]
            if newer and max(time, min(newer)) < later:
                return max(time, min(newer)), later
        return None

    @property
    def stale_set(self) -> bool:
        """Did a fill store an old version after the write had deleted the key?"""
        return self.stale_window is not None

    def db_version_at(self, time: float) -> int:
        return max(v for t, v in self.db_versions if t <= time)

    def cache_version_at(self, time: float) -> int | None:
        changes = [v for t, v in self.cache_versions if t <= time]
        return changes[-1] if changes else None


class _Cache:
    """The cache node: one key's value with an expiry, and (optionally) leases."""

    def __init__(self, result: RaceResult, sim: Simulator, ttl_ms: float, lease: bool):
        self.result, self.sim, self.ttl, self.lease = result, sim, ttl_ms, lease
        self.version: int | None = None
        self.expires = -math.inf
        self.token: int | None = None  # the one valid lease for the key
        self.tokens_issued = 0

    def get(self) -> tuple[int | None, int | None]:
        """(the cached version, or None on a miss; a lease token, or WAIT if another client
        holds the lease)."""
        now = self.sim.now
        if self.version is not None and now < self.expires:
            answer = self.version, None
        else:
            if self.version is not None:  # expired at self.expires: forget it
                self._store(None, self.expires)
            if not self.lease:
                answer = None, None
            elif self.token is not None:
                answer = None, WAIT  # someone is already loading this key
            else:
                self.tokens_issued += 1
                self.token = self.tokens_issued
                answer = None, self.token
        self.result.cache_log.append((now, "get", WAIT if answer[1] == WAIT else answer[0]))
        return answer

    def set(self, version: int, token: int | None) -> bool:
        stored = not self.lease or token == self.token
        self.result.cache_log.append((self.sim.now, "set", version, stored))
        if not stored:
            self.result.refused.append(self.sim.now)
            return False
        self.token = None
        self._store(version, self.sim.now)
        self.expires = self.sim.now + self.ttl
        return True

    def delete(self) -> None:
        self.result.cache_log.append((self.sim.now, "delete"))
        self.token = None  # a delete invalidates any outstanding lease
        if self.version is not None:
            self._store(None, self.sim.now)

    def _store(self, version: int | None, time: float) -> None:
        self.version = version
        self.result.cache_versions.append((time, version))


def cache_aside_race(*, write_at_ms=4.0, ttl_ms=40.0, lease: bool = False,
                     delete_first: bool = False, hop_ms=1.0, db_read_ms=8.0, db_write_ms=1.0,
                     reads_from_ms=15.0, read_every_ms=10.0, retry_ms=2.0,
                     horizon_ms=70.0) -> RaceResult:
    """Reader A misses at 0 ms; writer B starts at ``write_at_ms``; later readers read every
    ``read_every_ms`` from ``reads_from_ms`` until ``horizon_ms``. All of them use
    cache-aside: get, on a miss read the database and fill the cache; B writes the
    database, then deletes the key (``delete_first=True``: deletes, then writes). With
    ``lease=True`` the cache hands out lease tokens.
    """
    write_at_ms = checks.number(write_at_ms, "write_at_ms", 0, hint="ms")
    ttl_ms = checks.number(ttl_ms, "ttl_ms", 0, lo_open=True, hint="ms an entry is used")
    hop_ms = checks.number(hop_ms, "hop_ms", 0, hint="one-way message delay, ms")
    db_read_ms = checks.number(db_read_ms, "db_read_ms", 0, hint="ms")
    db_write_ms = checks.number(db_write_ms, "db_write_ms", 0, hint="ms")
    read_every_ms = checks.number(read_every_ms, "read_every_ms", 0, lo_open=True, hint="ms")
    retry_ms = checks.number(retry_ms, "retry_ms", 0, lo_open=True, hint="ms")
    horizon_ms = checks.number(horizon_ms, "horizon_ms", 0, lo_open=True, hint="ms")
    result = RaceResult(ttl_ms, bool(lease), horizon_ms, db_versions=[(-math.inf, 1)])
    sim = Simulator(seed=0)
    net = Network(sim, len(LANES), latency=hop_ms)
    cache = _Cache(result, sim, ttl_ms, bool(lease))
    database = {"version": 1}

    def send(src, dst, label, action, *args):
        sent = sim.now

        def deliver(node, sender, *payload):
            result.messages.append(Message(sent, sim.now, src, dst, label))
            action(*payload)

        net.send(src, dst, deliver, *args)

    def database_replies(client, label, delay, version_of, then):
        """The database answers after ``delay`` ms of work with ``version_of()``."""
        def answer():
            version = version_of()
            sim.schedule(delay, send, DATABASE, client, label(version), then, version)
        return answer

    # --- the cache-aside client: get, on a miss read the database and fill the cache -----
    def cache_aside_read(client, on_done):
        def got(version, token):
            if version is not None:
                on_done(version, True)
                return
            if token == WAIT:
                sim.schedule(retry_ms, send, client, CACHE, "GET", ask)
                return
            read = database_replies(client, lambda v: f"v{v}", db_read_ms,
                                    lambda: database["version"], filled(token))
            send(client, DATABASE, "SELECT", read)

        def filled(token):
            def fill(version):
                send(client, CACHE, f"SET v{version}", cache.set, version, token)
                on_done(version, False)
            return fill

        def ask():
            version, token = cache.get()
            reply = ("wait" if token == WAIT else "miss") if version is None else f"hit v{version}"
            send(CACHE, client, reply, got, version, token)

        send(client, CACHE, "GET", ask)

    # --- writer B: write the database, then delete the cached copy -------------------------
    def write():
        def commit():
            database["version"] += 1
            result.db_versions.append((sim.now, database["version"]))
            return database["version"]

        def then_delete(_version=None):
            send(WRITER, CACHE, "DELETE", cache.delete)

        def update():
            after = (lambda _version: None) if delete_first else then_delete
            sim.schedule(db_write_ms, lambda: send(DATABASE, WRITER, "ok", after, commit()))

        def then_update():
            send(WRITER, DATABASE, "UPDATE v2", update)

        if delete_first:  # the variant that deletes first: the reader can still race it
            send(WRITER, CACHE, "DELETE", lambda: (cache.delete(), send(
                CACHE, WRITER, "deleted", then_update)))
        else:
            then_update()

    sim.at(0.0, cache_aside_read, READER, lambda version, hit: None)
    sim.at(write_at_ms, write)
    time = reads_from_ms
    while time < horizon_ms:
        sim.at(time, cache_aside_read, LATER,
               lambda version, hit: result.reads.append(Read(sim.now, version, hit)))
        time += read_every_ms
    sim.run(until=horizon_ms)
    if cache.version is not None and cache.expires <= horizon_ms:
        cache._store(None, cache.expires)  # expiry is lazy in the cache; record it in time
    result.cache_versions.sort(key=lambda change: change[0])
    result.messages.sort(key=lambda m: m.arrived)
    return result


def race_window(*, hop_ms=1.0, db_read_ms=8.0, db_write_ms=1.0) -> tuple[float, float]:
    """The writer start times (ms) between which the stale set happens, from the timings.

    A's query reaches the database after 3 hops (GET, miss, SELECT) and A's fill reaches
    the cache after 5 hops and ``db_read_ms``. B's update commits at write_at + 1 hop +
    ``db_write_ms`` and B's delete reaches the cache 2 hops later. The race needs the
    commit after A's read and the delete before A's fill.
    """
    earliest = 3 * hop_ms - hop_ms - db_write_ms
    latest = 5 * hop_ms + db_read_ms - 3 * hop_ms - db_write_ms
    return max(0.0, earliest), latest
