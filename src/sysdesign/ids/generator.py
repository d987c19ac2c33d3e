"""Making IDs: one generator for every layout, driven by a clock you pass in.

An :class:`IdGenerator` reads the time from ``clock()`` (Unix milliseconds), keeps the
sequence number for the current tick, fills its machine or shard number and draws any
random bits from a seeded generator. :class:`ManualClock` is a clock you move by hand,
so every run repeats exactly and no test sleeps.

>>> from sysdesign.ids.layout import SNOWFLAKE
>>> clock = ManualClock(1_700_000_000_000)
>>> gen = IdGenerator(SNOWFLAKE, clock, machine=42)
>>> [SNOWFLAKE.decode(gen.next_id())["sequence"] for _ in range(3)]
[0, 1, 2]
>>> clock.advance(1)
>>> SNOWFLAKE.decode(gen.next_id())["sequence"]   # a new millisecond: count from 0
0
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from ..core import checks
from .layout import Field, Layout

MAX_SPINS = 1_000_000  # clock reads while waiting for the next tick before giving up


class ManualClock:
    """A clock you move by hand: ``clock()`` returns Unix ms; ``step_ms`` per read.

    A non-zero ``step_ms`` lets a generator that waits for the next millisecond see time
    pass, as a real clock would, without sleeping.
    """

    def __init__(self, start_ms: int, step_ms: int = 0):
        self.now_ms = checks.integer(start_ms, "start_ms", hint="Unix ms")
        self.step_ms = checks.integer(step_ms, "step_ms", hint="ms added at each read")
        self.reads = 0

    def __call__(self) -> int:
        now = self.now_ms
        self.now_ms += self.step_ms
        self.reads += 1
        return now

    def advance(self, ms: int) -> None:
        """Move the clock forward (or, to test a generator, backward) by ``ms``."""
        self.now_ms += checks.integer(ms, "ms")


class IdGenerator:
    """Make IDs of any :class:`Layout` from an injected clock (Unix ms) and random seed.

    ``node`` fields (machine, shard, type, process) are fixed per generator and given as
    keyword arguments. Sequence exhausted within one tick: the generator waits, reading
    the clock until the next tick (as Twitter's Snowflake does; counted in ``waits``) and
    raises ``RuntimeError`` if the clock never moves. Clock running backwards (an NTP step):
    ``ValueError``, refusing to make IDs that could repeat or sort out of order. Layouts
    whose sequence does not reset (ObjectId) wrap their counter instead of waiting.
    """

    def __init__(self, layout: Layout, clock: Callable[[], float], *, seed: int = 0,
                 **node: int):
        if not isinstance(layout, Layout):
            raise TypeError(f"layout must be a Layout, got {layout!r}")
        if not callable(clock):
            raise TypeError(f"clock must be a callable returning Unix ms, got {clock!r}")
        needed = {f.name for f in layout.role("node")}
        if set(node) != needed:
            raise ValueError(f"{layout.name} needs node fields {sorted(needed)}, "
                             f"got {sorted(node)}")
        self.layout, self.clock = layout, clock
        self.node = {name: layout.field(name).check(value) for name, value in node.items()}
        self.rng = np.random.default_rng(seed)
        self._time_field = (layout.role("time") or [None])[0]
        self._sequence_field = (layout.role("sequence") or [None])[0]
        self.last_tick = -1  # the tick of the previous ID (none yet)
        # A counter that never resets (ObjectId's) starts at a random value.
        self.sequence = (self._random(self._sequence_field)
                         if self._sequence_field and not layout.sequence_resets else 0)
        self.generated = 0
        self.waits = 0

    def next_id(self) -> int:
        """The next ID; strictly greater than the previous one for time-first layouts."""
        values = dict(self.node)
        if self._time_field is not None:
            tick = self._tick()
            if tick < self.last_tick:
                raise ValueError(
                    f"clock moved backwards: tick {tick} < last tick {self.last_tick}; "
                    f"refusing to generate {self.layout.name} IDs until it catches up")
            tick = self._advance_sequence(tick)
            self.last_tick = tick
            values[self._time_field.name] = tick
        elif self._sequence_field is not None:  # no clock: a plain wrapping counter
            self.sequence = (self.sequence + 1) % self._sequence_space()
        if self._sequence_field is not None:
            values[self._sequence_field.name] = self.sequence
        for f in self.layout.role("random"):
            values[f.name] = self._random(f)
        self.generated += 1
        return self.layout.compose(**values)

    def _advance_sequence(self, tick: int) -> int:
        """Set ``self.sequence`` for the next ID and return the tick that ID gets."""
        if self._sequence_field is None:
            return tick
        if not self.layout.sequence_resets:
            # ObjectId: the first ID keeps the random start, each later one adds 1 and
            # the counter wraps at the top, whatever the clock says.
            if self.generated:
                self.sequence = (self.sequence + 1) % self._sequence_space()
            return tick
        if tick > self.last_tick:  # a new tick: count from 0 again
            self.sequence = 0
            return tick
        if self.sequence + 1 < self._sequence_space():  # same tick, numbers left
            self.sequence += 1
            return tick
        return self._wait_for_next_tick()

    def _wait_for_next_tick(self) -> int:
        """Every sequence number of this tick is used: read the clock until it moves on."""
        for _ in range(MAX_SPINS):
            self.waits += 1
            tick = self._tick()
            if tick > self.last_tick:
                self.sequence = 0
                return tick
        raise RuntimeError(f"sequence exhausted and the clock did not advance after "
                           f"{MAX_SPINS} reads")

    def _sequence_space(self) -> int:
        """How many sequence numbers one tick has."""
        return 1 << self._sequence_field.bits

    def _tick(self) -> int:
        """Read the clock: whole ticks since the layout's epoch."""
        now = self.clock()
        checks.number(now, "clock()", hint="the clock must return Unix ms")
        tick = math.floor((now - self.layout.epoch_ms) / self.layout.tick_ms)
        if not 0 <= tick < 1 << self._time_field.bits:
            raise ValueError(f"time {now} ms is outside what {self.layout.name} can hold "
                             f"(from its epoch to the year {self.layout.overflow_year():.0f})")
        return tick

    def _random(self, f: Field) -> int:
        """``f.bits`` random bits: whole random bytes, the surplus low bits shifted off."""
        raw = int.from_bytes(self.rng.bytes((f.bits + 7) // 8), "big")
        return raw >> ((8 - f.bits % 8) % 8)
