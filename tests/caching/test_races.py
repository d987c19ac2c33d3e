"""The cache-aside race on the event engine: when it happens (derived from the message
timings), how long the stale value lasts (the TTL), what a lease changes, and the cache's
expiry cross-checked against cachetools.TTLCache."""

from __future__ import annotations

import cachetools
import pytest

from sysdesign.caching import cache_aside_race, race_window
from sysdesign.caching.races import CACHE, LANES, LATER, WAIT


def test_the_default_race_stores_a_stale_value_that_lives_until_the_ttl():
    race = cache_aside_race(write_at_ms=4.0, ttl_ms=40.0)
    fill = next(m for m in race.messages if m.label == "SET v1")
    assert race.invalidated_at < fill.arrived  # the delete came first, so it deleted nothing
    assert race.stale_window == (fill.arrived, fill.arrived + 40.0)
    stale = [r for r in race.reads if fill.arrived <= r.time < fill.arrived + 40.0]
    assert race.stale_reads == len(stale) > 0 and all(r.version == 1 for r in stale)
    assert race.reads[-1].version == 2  # after the TTL a reader loads the new version


@pytest.mark.parametrize("hop_ms, db_read_ms, db_write_ms", [(1.0, 8.0, 1.0), (0.5, 5.0, 2.0),
                                                             (2.0, 3.0, 0.5)])
def test_the_race_happens_exactly_inside_the_window_the_timings_give(hop_ms, db_read_ms,
                                                                    db_write_ms):
    earliest, latest = race_window(hop_ms=hop_ms, db_read_ms=db_read_ms, db_write_ms=db_write_ms)
    assert latest > earliest
    for write_at in [earliest + (latest - earliest) * f for f in (0.1, 0.5, 0.9)]:
        race = cache_aside_race(write_at_ms=write_at, hop_ms=hop_ms, db_read_ms=db_read_ms,
                                db_write_ms=db_write_ms, horizon_ms=60.0)
        assert race.stale_set, write_at
    for write_at in [latest + 0.5, latest + 3.0] + ([earliest - 0.5] if earliest >= 0.5 else []):
        race = cache_aside_race(write_at_ms=write_at, hop_ms=hop_ms, db_read_ms=db_read_ms,
                                db_write_ms=db_write_ms, horizon_ms=60.0)
        assert not race.stale_set, write_at


@pytest.mark.parametrize("ttl_ms", [10.0, 25.0, 40.0])
def test_a_shorter_ttl_shortens_the_stale_window_but_does_not_close_it(ttl_ms):
    race = cache_aside_race(ttl_ms=ttl_ms)
    start, end = race.stale_window
    assert end - start == ttl_ms


def test_deleting_before_the_write_does_not_close_the_race():
    # Notebook 06, exercise 06.3: the reader misses after the early delete, reads the old
    # row before the write commits, and fills the cache with it.
    for write_at in (0.0, 2.0, 4.0, 8.0):
        race = cache_aside_race(write_at_ms=write_at, delete_first=True)
        assert race.stale_reads > 0, write_at
        assert cache_aside_race(write_at_ms=write_at, delete_first=True, lease=True
                                ).stale_reads == 0


def test_just_after_the_window_only_deleting_first_brings_stale_reads_back():
    # Notebook 06, exercise 06.3: B at 10 ms is after race_window(); the delete removes A's
    # fill. Deleting first reaches the cache before that fill while the commit still follows
    # A's read, for any start up to 12 ms; the TTLs and a lease have no stale fill to act on.
    late = race_window()[1] + 1.0
    assert late == 10.0 and cache_aside_race(write_at_ms=late).stale_reads == 0
    for fix in ({"ttl_ms": 80.0}, {"ttl_ms": 10.0}, {"lease": True}):
        assert cache_aside_race(write_at_ms=late, **fix).stale_reads == 0, fix
    for write_at in (0.0, 5.0, 10.0, 11.0, 12.0):
        assert cache_aside_race(write_at_ms=write_at, delete_first=True).stale_reads == 4
    assert cache_aside_race(write_at_ms=12.5, delete_first=True).stale_reads == 0


def test_deleting_first_reports_the_stale_window_from_the_commit():
    # The fill of version 1 lands (13 ms) after the early delete (11 ms) and before the write
    # commits (14 ms): the cached copy is stale from the commit until the TTL ends.
    race = cache_aside_race(write_at_ms=10.0, delete_first=True)
    commit = race.db_versions[-1][0]
    fill = next(m for m in race.messages if m.label == "SET v1")
    assert race.invalidated_at < fill.arrived < commit == 14.0
    assert race.stale_set and race.stale_window == (commit, fill.arrived + 40.0)
    assert race.stale_reads == sum(commit <= r.time < fill.arrived + 40.0 for r in race.reads)


def test_a_lease_refuses_the_stale_fill_and_makes_other_missers_wait():
    race = cache_aside_race(lease=True)
    assert not race.stale_set and race.stale_reads == 0 and race.refused_sets == 1
    assert all(r.version == 2 for r in race.reads)
    # While one later reader holds the lease, another is told to wait, not sent to the DB.
    assert any(m.label == "wait" for m in race.messages)
    selects = [m for m in race.messages if m.label == "SELECT" and m.src == LATER]
    assert len(selects) == 1


def test_the_cache_expires_entries_as_cachetools_ttlcache_does():
    for lease in (False, True):
        for ttl in (10.0, 25.0, 40.0):
            race = cache_aside_race(ttl_ms=ttl, lease=lease)
            clock = [0.0]
            peer = cachetools.TTLCache(maxsize=1, ttl=ttl, timer=lambda clock=clock: clock[0])
            for time, op, *args in race.cache_log:
                clock[0] = time
                if op == "get":
                    answer = args[0]
                    assert peer.get("key") == (None if answer == WAIT else answer), (time, op)
                elif op == "set" and args[1]:  # a fill the lease did not refuse
                    peer["key"] = args[0]
                elif op == "delete":
                    peer.pop("key", None)
            assert sum(op == "get" for _, op, *_ in race.cache_log) >= 6


def test_bad_input_is_explained():
    with pytest.raises(ValueError, match="ttl_ms"):
        cache_aside_race(ttl_ms=0)
    with pytest.raises(ValueError, match="write_at_ms"):
        cache_aside_race(write_at_ms=-1)
    with pytest.raises(TypeError, match="hop_ms"):
        cache_aside_race(hop_ms="1 ms")
    assert LANES[CACHE] == "cache"
