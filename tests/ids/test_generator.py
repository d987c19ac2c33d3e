"""Making IDs: sequence per tick, waiting, clocks going backwards, order."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sysdesign.ids import (
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
    if layout.sequence_resets:
        assert layout.decode(first)[seq] == 0


def test_sequence_resets_each_millisecond_and_waits_when_exhausted():
    clock = ManualClock(NOW_MS)
    gen = IdGenerator(INSTAGRAM, clock, shard=3)
    ids = [gen.next_id() for _ in range(1024)]
    assert [INSTAGRAM.decode(i)["sequence"] for i in ids] == list(range(1024))
    clock.step_ms = 1  # from now on time moves as the generator reads the clock
    overflow = gen.next_id()
    assert gen.waits >= 1
    assert INSTAGRAM.decode(overflow)["sequence"] == 0
    assert INSTAGRAM.decode(overflow)["unix_ms"] > NOW_MS


def test_object_id_counter_wraps_instead_of_waiting():
    gen = IdGenerator(OBJECT_ID, ManualClock(NOW_MS), seed=0, process=1)
    gen.sequence = 2**24 - 1  # the last counter value: the next ID wraps to 0
    first, second = gen.next_id(), gen.next_id()
    assert OBJECT_ID.decode(first)["counter"] == 2**24 - 1  # the first keeps its start
    assert OBJECT_ID.decode(second)["counter"] == 0 and gen.waits == 0


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
