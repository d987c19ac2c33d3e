"""Fixed logical shards on few servers: placement never changes, only whole shards move."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sysdesign.sharding import LogicalShards, ModuloPartitioner, moved_share
from sysdesign.sharding.hashing import hash64

KEYS = np.arange(40_000)


def test_starts_round_robin_and_assigns_through_the_table():
    shards = LogicalShards(10, ["a", "b", "c"])
    assert shards.owner == [0, 1, 2, 0, 1, 2, 0, 1, 2, 0]
    assert shards.counts() == {"a": 4, "b": 3, "c": 3}
    keys = list(range(500)) + [f"user:{i}" for i in range(200)]
    assert shards.assign(keys).tolist() == [shards.shard_for(k) for k in keys]
    assert [shards.logical_for(k) for k in keys] == [hash64(k) % 10 for k in keys]


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 3_000), st.integers(1, 40))
def test_a_new_server_takes_its_floor_share_and_the_counts_even_out(num_logical, servers):
    if servers >= num_logical:
        return
    shards = LogicalShards(num_logical, servers)
    before = list(shards.owner)
    moves = shards.add_server("new")
    assert len(moves) == num_logical // (servers + 1) == shards.moves
    counts = list(shards.counts().values())
    assert max(counts) - min(counts) <= 1
    changed = [i for i, (a, b) in enumerate(zip(before, shards.owner, strict=True)) if a != b]
    assert sorted(changed) == sorted(m.logical for m in moves)  # nothing else moved
    assert all(shards.servers[shards.owner[m.logical]] == "new" for m in moves)


def test_keys_never_change_logical_shard_and_move_about_one_in_n_plus_one():
    shards = LogicalShards(2_000, 8)
    logical = shards.logical_many(KEYS)
    before = shards.labels(KEYS)
    shards.add_server("s8")
    assert np.array_equal(shards.logical_many(KEYS), logical)
    assert moved_share(before, shards.labels(KEYS)) == pytest.approx(1 / 9, abs=0.01)
    # Against mod-N over the servers themselves, which re-homes 8 keys in 9.
    mod = moved_share(ModuloPartitioner(8).labels(KEYS), ModuloPartitioner(9).labels(KEYS))
    assert mod == pytest.approx(8 / 9, abs=0.01)


def test_the_exercise_numbers_follow_from_the_rule():
    # 4,096 shards on 16 servers, a 17th joins: it takes floor(4096 / 17) = 240.
    shards = LogicalShards(4_096, 16)
    assert len(shards.plan_add("s16")) == 4_096 // 17 == 240
    assert shards.moves == 0  # planning moves nothing


def test_a_server_that_would_get_no_logical_shard_is_refused():
    # The constructor refuses a server with nothing to hold; adding one must too.
    shards = LogicalShards(3, 3)
    with pytest.raises(ValueError, match="nothing for server 4"):
        shards.add_server("s3")
    assert shards.servers == ["s0", "s1", "s2"] and shards.moves == 0


def test_removing_a_server_hands_its_shards_to_the_emptiest():
    shards = LogicalShards(12, ["a", "b", "c", "d"])
    before = shards.labels(KEYS)
    moves = shards.remove_server("b")
    assert len(moves) == 3 and {m.source for m in moves} == {"b"}
    assert shards.counts() == {"a": 4, "c": 4, "d": 4}
    after = shards.labels(KEYS)
    assert np.array_equal(before != after, before == "b")


@pytest.mark.parametrize("bad, error", [
    (dict(num_logical=0, servers=2), ValueError), (dict(num_logical=4, servers=5), ValueError),
    (dict(num_logical=2.0, servers=1), TypeError), (dict(num_logical=4, servers=[]), ValueError),
])
def test_rejects_bad_setups(bad, error):
    with pytest.raises(error):
        LogicalShards(**bad)


def test_rejects_bad_changes():
    shards = LogicalShards(4, ["a"])
    with pytest.raises(ValueError, match="already"):
        shards.add_server("a")
    with pytest.raises(ValueError, match="needs a server"):
        shards.remove_server("a")
    with pytest.raises(ValueError, match="^target"):
        shards.move(0, "zzz")
    with pytest.raises(ValueError, match="^logical"):
        shards.move(4, "a")
