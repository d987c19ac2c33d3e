"""ID layouts: decode published IDs, pack and unpack fields, RFC 9562 bits, limits."""

import math
import uuid
from datetime import datetime, timezone

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sysdesign.ids import (
    DISCORD,
    DISCORD_EPOCH_MS,
    INSTAGRAM,
    LAYOUTS,
    OBJECT_ID,
    SNOWFLAKE,
    TWITTER_EPOCH_MS,
    UUID4,
    UUID7,
    Field,
    IdGenerator,
    Layout,
    ManualClock,
    as_uuid,
    decode_snowflake,
    object_id_hex,
)

NOW_MS = 1_700_000_000_123  # 2023-11-14 22:13:20.123 UTC


DISCORD_EXAMPLE = 175928847299117063


def test_discord_example_decodes_to_the_published_time_and_fields():
    parts = DISCORD.decode(DISCORD_EXAMPLE)
    assert parts["datetime"] == datetime(2016, 4, 30, 11, 18, 25, 796000, tzinfo=timezone.utc)
    # Discord's documented retrieval formulas, applied to the raw ID.
    assert parts["unix_ms"] == (DISCORD_EXAMPLE >> 22) + 1420070400000
    assert parts["worker"] == (DISCORD_EXAMPLE & 0x3E0000) >> 17 == 1
    assert parts["process"] == (DISCORD_EXAMPLE & 0x1F000) >> 12 == 0
    assert parts["increment"] == DISCORD_EXAMPLE & 0xFFF == 7
    # Twitter's reader names the same 5 + 5 bits datacenter and worker.
    twitter = decode_snowflake(DISCORD_EXAMPLE, epoch_ms=DISCORD_EPOCH_MS)
    assert (twitter["datacenter"], twitter["worker"]) == (parts["worker"], parts["process"])


def test_discord_uses_all_64_bits_and_a_counter_that_does_not_reset():
    assert DISCORD.used_bits == DISCORD.total_bits == 64
    assert DISCORD.field("time").bits == 42 and not DISCORD.sequence_resets
    top = DISCORD.compose(time=2**42 - 1, worker=31, process=31, increment=4095)
    assert top == 2**64 - 1  # the largest unsigned 64-bit number: Discord's IDs are unsigned


def test_twitter_epoch_is_the_published_one():
    assert decode_snowflake(0)["unix_ms"] == TWITTER_EPOCH_MS == 1288834974657


def test_mongodb_documented_object_id():
    parts = OBJECT_ID.decode(int("507f1f77bcf86cd799439011", 16))
    assert parts["datetime"] == datetime(2012, 10, 17, 21, 13, 27, tzinfo=timezone.utc)


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 2**41 - 1), st.integers(0, 2**13 - 1), st.integers(0, 1023))
def test_compose_decompose_round_trip(time, shard, sequence):
    id_ = INSTAGRAM.compose(time=time, shard=shard, sequence=sequence)
    assert id_ < 2**64
    assert INSTAGRAM.decompose(id_) == {"time": time, "shard": shard, "sequence": sequence}


def test_shifts_put_each_field_right_below_the_one_before():
    assert [SNOWFLAKE.shift(name) for name in SNOWFLAKE.names] == [22, 12, 0]
    assert SNOWFLAKE.used_bits == 63 and UUID7.used_bits == 128


def test_uuid_versions_and_variants_follow_rfc_9562():
    v7 = IdGenerator(UUID7, ManualClock(NOW_MS, step_ms=1), seed=2)
    v4 = IdGenerator(UUID4, ManualClock(NOW_MS), seed=2)
    for _ in range(50):
        a, b = as_uuid(v7.next_id()), as_uuid(v4.next_id())
        assert (a.version, b.version) == (7, 4)
        assert a.variant == b.variant == uuid.RFC_4122
        assert int(a.hex[:12], 16) >= NOW_MS  # the first 48 bits are Unix milliseconds
        assert a.hex[12] == "7" and b.hex[12] == "4" and a.hex[16] in "89ab"
    python_v4 = uuid.uuid4()
    assert UUID4.decompose(python_v4.int)["version"] == 4  # Python's own v4 fits our layout
    with pytest.raises(ValueError, match="version"):
        UUID7.decode(python_v4.int)


def test_limits_by_hand():
    assert SNOWFLAKE.years_until_overflow() == pytest.approx(2**41 / (365.25 * 86400e3))
    assert SNOWFLAKE.overflow_datetime().year == 2080
    assert SNOWFLAKE.max_ids_per_second() == 4096 * 1000
    assert INSTAGRAM.max_ids_per_second() == 1024 * 1000
    assert OBJECT_ID.overflow_datetime() == datetime(2106, 2, 7, 6, 28, 16, tzinfo=timezone.utc)
    assert [SNOWFLAKE.size_bytes, OBJECT_ID.size_bytes, UUID7.size_bytes] == [8, 12, 16]
    assert (UUID4.random_bits, UUID7.random_bits, OBJECT_ID.random_bits) == (122, 62, 0)
    assert (OBJECT_ID.instance_bits, UUID4.instance_bits) == (40, 0)
    assert [layout.sorts_by_time for layout in LAYOUTS.values()] == [True] * 6 + [False]
    with pytest.raises(ValueError, match="9999"):
        UUID7.overflow_datetime()


def test_rates_follow_the_counter():
    assert UUID4.max_ids_per_second() == math.inf  # no clock, no counter: unlimited
    # A counter restarted at a random 11-bit value leaves 4096 - 2047 numbers for sure.
    assert UUID7.max_ids_per_second() == (2**12 - (2**11 - 1)) * 1000
    # A counter that wraps repeats only after a full turn, wherever it started.
    assert OBJECT_ID.max_ids_per_second() == 2**24
    assert DISCORD.max_ids_per_second() == 4096 * 1000
    no_counter = Layout("t", (Field("time", 20, "time"),), tick_ms=10)
    assert no_counter.max_ids_per_second() == 100  # one per 10 ms tick


def test_instagram_has_two_limits_one_per_integer_type():
    """The 41-bit field wraps after 2^41 ms; as a signed BIGINT the ID turns negative
    after 2^40 ms, because its top time bit is bit 63."""
    epoch = INSTAGRAM.epoch_ms
    runs_out = datetime.fromtimestamp((epoch + 2**41) / 1000, tz=timezone.utc)
    negative = datetime.fromtimestamp((epoch + 2**40) / 1000, tz=timezone.utc)
    assert INSTAGRAM.overflow_datetime() == runs_out and runs_out.year == 2081
    assert int(INSTAGRAM.negative_year()) == negative.year == 2046
    assert INSTAGRAM.years_until_negative() == pytest.approx(INSTAGRAM.years_until_overflow() / 2)
    assert SNOWFLAKE.negative_year() is None  # 63 bits used: the sign bit stays clear
    assert UUID7.negative_year() is None  # not a 64-bit layout
    assert int(DISCORD.negative_year()) == datetime.fromtimestamp(
        (DISCORD_EPOCH_MS + 2**41) / 1000, tz=timezone.utc).year
    node_first = Layout("n", (Field("node", 4, "node"), Field("time", 60, "time")))
    with pytest.raises(ValueError, match="bit 63"):
        node_first.negative_year()


@pytest.mark.parametrize("call, error, names", [
    (lambda: SNOWFLAKE.decode(-1), ValueError, "id_"),
    (lambda: SNOWFLAKE.decode(2**63), ValueError, "63 bits"),  # the sign bit stays clear
    (lambda: SNOWFLAKE.decode(2**64), ValueError, "id_"),
    (lambda: SNOWFLAKE.decode(1.5), TypeError, "id_"),
    (lambda: SNOWFLAKE.compose(time=2**41, machine=0, sequence=0), ValueError, "time"),
    (lambda: SNOWFLAKE.compose(time=1, machine=True, sequence=0), TypeError, "machine"),
    (lambda: SNOWFLAKE.compose(time=1, machine=0), ValueError, "sequence"),
    (lambda: SNOWFLAKE.compose(time=1, machine=0, sequence=0, colour=1), ValueError, "colour"),
    (lambda: SNOWFLAKE.field("colour"), ValueError, "colour"),
    (lambda: Layout("x", (Field("a", 40, "time"), Field("b", 40, "node"))), ValueError,
     "80 bits"),
    (lambda: Layout("x", (Field("a", 4, "time"), Field("a", 4, "node"))), ValueError,
     "distinct"),
    (lambda: Layout("x", (Field("a", 4, "time"),), tick_ms=0), ValueError, "tick_ms"),
    (lambda: Layout("x", (Field("a", 4, "time"),), epoch_ms=1.5), TypeError, "epoch_ms"),
    (lambda: Layout("x", ("time",)), TypeError, "fields"),
    (lambda: Field("a", 0, "time"), ValueError, "bits"),
    (lambda: Field("a", 2.5, "time"), TypeError, "bits"),
    (lambda: Field("a", 3, "colour"), ValueError, "role"),
    (lambda: Field("version", 2, "const", 7), ValueError, "version"),  # 7 needs 3 bits
    (lambda: Layout("x", (Field("a", 4, "time"), Field("b", 4, "time"))), ValueError,
     "one time field"),
    (lambda: Layout("x", (Field("a", 4, "sequence"),), sequence_seed_bits=5), ValueError,
     "sequence_seed_bits"),
    (lambda: Layout("x", (Field("a", 4, "node"),)).years_until_overflow(), ValueError,
     "no time field"),
    (lambda: decode_snowflake(1, epoch_ms="2015"), TypeError, "epoch_ms"),
    (lambda: as_uuid(2**128), ValueError, "id_"),
    (lambda: object_id_hex(2**96), ValueError, "id_"),
    (lambda: object_id_hex("507f"), TypeError, "id_"),
])
def test_bad_input_raises_naming_what_is_wrong(call, error, names):
    with pytest.raises(error, match=names):
        call()


def test_object_id_hex_is_24_digits():
    gen = IdGenerator(OBJECT_ID, ManualClock(NOW_MS), seed=4, process=12345)
    text = object_id_hex(gen.next_id())
    assert len(text) == 24 and int(text[:8], 16) == NOW_MS // 1000
    assert object_id_hex(int("507f1f77bcf86cd799439011", 16)) == "507f1f77bcf86cd799439011"


def test_numpy_integers_are_accepted():
    clock = ManualClock(np.int64(NOW_MS))
    gen = IdGenerator(SNOWFLAKE, clock, machine=np.uint16(7))
    assert SNOWFLAKE.decode(np.uint64(gen.next_id()))["machine"] == 7
    layout = Layout("np", (Field("time", np.int64(20), "time"),), tick_ms=np.int32(10))
    assert type(layout.fields[0].bits) is int and type(layout.tick_ms) is int
