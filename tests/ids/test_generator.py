"""Making IDs: sequence per tick, waiting, clocks going backwards, order."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sysdesign.ids import (
    DISCORD,
    INSTAGRAM,
    NOTES,
    OBJECT_ID,
    SNOWFLAKE,
    UUID4,
    UUID7,
    Field,
    IdGenerator,
    Layout,
    ManualClock,
)

NOW_MS = 1_700_000_000_123  # 2023-11-14 22:13:20.123 UTC


@pytest.mark.parametrize("layout, node", [
    (SNOWFLAKE, {"machine": 1023}), (INSTAGRAM, {"shard": 1341}),
    (NOTES, {"shard": 5, "type": 3}), (OBJECT_ID, {"process": 2**40 - 1}),
    (DISCORD, {"worker": 31, "process": 0}),
])
def test_generate_then_decode_gives_the_injected_fields(layout, node):
    clock = ManualClock(NOW_MS)
    gen = IdGenerator(layout, clock, seed=1, **node)
    first, second = gen.next_id(), gen.next_id()
    for id_ in (first, second):
        parts = layout.decode(id_)
        assert {k: parts[k] for k in node} == node
        assert parts["unix_ms"] == NOW_MS - (NOW_MS - layout.epoch_ms) % layout.tick_ms
    seq = layout.role("sequence")[0].name
    step = (layout.decode(second)[seq] - layout.decode(first)[seq]) % (1 << 24)
    assert step == 1
    if layout.sequence_resets and not layout.sequence_seed_bits:
        assert layout.decode(first)[seq] == 0


def test_sequence_resets_each_millisecond_and_waits_when_exhausted():
    clock = ManualClock(NOW_MS)
    gen = IdGenerator(SNOWFLAKE, clock, machine=3)
    ids = [gen.next_id() for _ in range(4096)]
    assert [SNOWFLAKE.decode(i)["sequence"] for i in ids] == list(range(4096))
    clock.step_ms = 1  # from now on time moves as the generator reads the clock
    overflow = gen.next_id()
    assert gen.waits >= 1
    assert SNOWFLAKE.decode(overflow)["sequence"] == 0
    assert SNOWFLAKE.decode(overflow)["unix_ms"] > NOW_MS


@pytest.mark.parametrize("layout, node", [(INSTAGRAM, {"shard": 3}),
                                          (DISCORD, {"worker": 1, "process": 2})])
def test_per_generator_counters_do_not_reset_and_wrap(layout, node):
    """Instagram's sequence mod 1024 and Discord's per-process increment count every ID."""
    clock = ManualClock(NOW_MS)
    gen = IdGenerator(layout, clock, **node)
    seq = layout.role("sequence")[0]
    first = [layout.decode(gen.next_id())[seq.name] for _ in range(3)]
    clock.advance(5)  # a new millisecond does not restart the counter
    later = layout.decode(gen.next_id())[seq.name]
    assert first == [0, 1, 2] and later == 3
    for _ in range(2**seq.bits - 4):
        gen.next_id()
    wrapped = gen.next_id()  # a full turn in one millisecond: the number repeats
    assert layout.decode(wrapped)[seq.name] == 0 and gen.waits == 0


def test_uuid7_counter_starts_each_millisecond_at_a_random_11_bit_value():
    clock = ManualClock(NOW_MS)
    gen = IdGenerator(UUID7, clock, seed=3)
    starts = []
    for _ in range(200):
        counters = [UUID7.decode(gen.next_id())["counter"] for _ in range(3)]
        assert counters == [counters[0], counters[0] + 1, counters[0] + 2]
        starts.append(counters[0])
        clock.advance(1)
    assert max(starts) < 2**11 and len(set(starts)) > 150  # random, guard bit clear


def test_object_id_process_value_is_drawn_once_per_generator():
    a = IdGenerator(OBJECT_ID, ManualClock(NOW_MS), seed=1)
    b = IdGenerator(OBJECT_ID, ManualClock(NOW_MS), seed=2)
    values_a = {OBJECT_ID.decode(a.next_id())["process"] for _ in range(5)}
    values_b = {OBJECT_ID.decode(b.next_id())["process"] for _ in range(5)}
    assert len(values_a) == len(values_b) == 1 and values_a != values_b


def test_frozen_clock_with_exhausted_sequence_raises(monkeypatch):
    monkeypatch.setattr("sysdesign.ids.generator.MAX_SPINS", 10)
    gen = IdGenerator(Layout("tiny", (Field("time", 20, "time"), Field("seq", 1, "sequence"))),
                      ManualClock(5))
    gen.next_id(), gen.next_id()
    with pytest.raises(RuntimeError, match="did not advance"):
        gen.next_id()
    assert gen.waits == 10


def test_clock_running_backwards_is_refused():
    clock = ManualClock(NOW_MS)
    gen = IdGenerator(SNOWFLAKE, clock, machine=1)
    gen.next_id()
    clock.advance(-5)
    with pytest.raises(ValueError, match="backwards"):
        gen.next_id()


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 3), min_size=2, max_size=300), st.integers(0, 1023))
def test_ids_from_one_generator_strictly_increase(steps, machine):
    clock = ManualClock(NOW_MS)
    gen = IdGenerator(SNOWFLAKE, clock, machine=machine)
    ids = []
    for step in steps:
        clock.advance(step)
        ids.append(gen.next_id())
    assert all(a < b for a, b in zip(ids, ids[1:], strict=False))


def test_uuid7_sorts_by_time_and_v4_does_not():
    v7 = IdGenerator(UUID7, ManualClock(NOW_MS, step_ms=1), seed=0)
    v4 = IdGenerator(UUID4, ManualClock(NOW_MS), seed=0)
    sevens = [v7.next_id() for _ in range(200)]
    fours = [v4.next_id() for _ in range(200)]
    assert sevens == sorted(sevens) and fours != sorted(fours)


def test_same_seed_same_ids():
    def make():
        gen = IdGenerator(UUID4, ManualClock(NOW_MS), seed=7)
        return [gen.next_id() for _ in range(5)]

    assert make() == make()


@pytest.mark.parametrize("call, error, names", [
    (lambda: IdGenerator(SNOWFLAKE, ManualClock(NOW_MS)), ValueError, "machine"),
    (lambda: IdGenerator(SNOWFLAKE, ManualClock(NOW_MS), machine=1, colour=2), ValueError,
     "colour"),
    (lambda: IdGenerator(SNOWFLAKE, ManualClock(NOW_MS), machine=1024), ValueError, "machine"),
    (lambda: IdGenerator(SNOWFLAKE, 5, machine=1), TypeError, "clock"),
    (lambda: IdGenerator("Snowflake", ManualClock(NOW_MS), machine=1), TypeError, "layout"),
    (lambda: IdGenerator(SNOWFLAKE, ManualClock(0), machine=1).next_id(), ValueError,
     "outside"),
    (lambda: IdGenerator(SNOWFLAKE, lambda: "now", machine=1).next_id(), TypeError, "clock"),
    (lambda: ManualClock(1.5), TypeError, "start_ms"),
    (lambda: ManualClock(0, step_ms="1"), TypeError, "step_ms"),
    (lambda: ManualClock(0).advance(0.5), TypeError, "ms"),
])
def test_bad_input_raises_naming_what_is_wrong(call, error, names):
    with pytest.raises(error, match=names):
        call()


def test_object_id_counter_wraps_to_zero_as_the_spec_requires():
    """BSON ObjectID spec test plan: the counter overflows from 0xFFFFFF to 0x000000."""
    gen = IdGenerator(OBJECT_ID, ManualClock(NOW_MS), seed=0, process=1)
    gen.next_id()
    gen.sequence = 2**24 - 1  # as if the counter had reached its top
    assert OBJECT_ID.decode(gen.next_id())["counter"] == 0 and gen.waits == 0
