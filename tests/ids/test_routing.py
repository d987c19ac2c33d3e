"""Routing by the shard inside an ID, and Instagram's ID arithmetic run by SQLite."""

import pytest

from sysdesign.ids import INSTAGRAM, INSTAGRAM_EPOCH_MS, ShardedStore, instagram_sql_id
from sysdesign.ids.experiments import routing_reads


def test_the_posts_example_user_lands_on_shard_1341():
    store = ShardedStore(physical=4, logical=2000)
    photo = store.insert(user_id=31341, caption="sunset")
    assert INSTAGRAM.decode(photo)["shard"] == 31341 % 2000 == 1341
    assert store.get(photo) == (photo, 31341, "sunset") and store.queries == 1


def test_logical_shards_map_to_databases_in_ranges():
    store = ShardedStore(physical=4, logical=2000)
    databases = [store.database_of(shard) for shard in range(2000)]
    assert databases == sorted(databases) and set(databases) == {0, 1, 2, 3}
    assert [databases.count(d) for d in range(4)] == [500] * 4


def test_routed_reads_ask_one_database_scattered_reads_more():
    table = routing_reads(photos=400, reads=50, physical=4)
    routed, scattered = table["queries"].tolist()
    assert routed == 50
    assert 50 < scattered <= 4 * 50


@pytest.mark.parametrize("physical", [2, 4])
def test_scattered_reads_ask_half_the_databases_and_a_half_on_average(physical):
    # Users spread evenly over the logical shards, and those evenly over the databases, so
    # a row sits in database d (1-based) with chance 1/P: asking in turn costs (P + 1) / 2.
    table = routing_reads(photos=2_000, reads=2_000, physical=physical)
    per_read = table["queries per read"].iloc[1]
    assert abs(per_read - (physical + 1) / 2) < 0.1


@pytest.mark.parametrize("ms", [1, 12_345_678, 2**40 - 1])
def test_sql_arithmetic_matches_the_layout_while_the_sign_bit_is_clear(ms):
    id_ = instagram_sql_id(INSTAGRAM_EPOCH_MS + ms, 1341, 5001)
    assert id_ == INSTAGRAM.compose(time=ms, shard=1341, sequence=5001 % 1024)


def test_signed_64_bit_arithmetic_turns_negative_then_loses_the_time():
    """SQLite's integers, like PostgreSQL's bigint, are signed 64-bit: the ID goes
    negative when the time reaches 2^40 ms and loses its top time bits at 2^41 ms."""
    assert instagram_sql_id(INSTAGRAM_EPOCH_MS + 2**40 - 1, 0, 0) > 0
    assert instagram_sql_id(INSTAGRAM_EPOCH_MS + 2**40, 0, 0) == -(2**63)
    assert instagram_sql_id(INSTAGRAM_EPOCH_MS + 2**41, 0, 0) == 0
    assert instagram_sql_id(INSTAGRAM_EPOCH_MS + 2**41 + 5, 7, 0) == (5 << 23) | (7 << 10)


@pytest.mark.parametrize("call, error, names", [
    (lambda: ShardedStore(physical=0), ValueError, "physical"),
    (lambda: ShardedStore(physical=4, logical=2), ValueError, "logical"),
    (lambda: ShardedStore().shard_of(-1), ValueError, "user_id"),
    (lambda: ShardedStore().database_of(5000), ValueError, "shard"),
    (lambda: instagram_sql_id(1.5, 1, 1), TypeError, "now_ms"),
    (lambda: instagram_sql_id(1, 9000, 1), ValueError, "shard"),
    (lambda: instagram_sql_id(2**63, 1, 1), ValueError, "now_ms"),  # no SQLite INTEGER
    (lambda: instagram_sql_id(1, 1, 2**63), ValueError, "sequence"),
    (lambda: instagram_sql_id(1, 1, 1, epoch_ms="2011"), TypeError, "epoch_ms"),
])
def test_bad_input_raises_naming_what_is_wrong(call, error, names):
    with pytest.raises(error, match=names):
        call()


def test_a_read_for_a_missing_id_asks_every_database():
    store = ShardedStore(physical=4, logical=2000)
    store.insert(user_id=1, caption="x")
    store.queries = 0
    assert store.find(12345) is None and store.queries == 4
