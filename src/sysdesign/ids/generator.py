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
import random
from collections.abc import Callable

from ..core import checks
from .layout import Layout

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

    ``node`` fields (machine, shard, worker, process) are fixed per generator and given as
    keyword arguments; ``instance`` fields (ObjectId's process value) may be given too,
    otherwise they are drawn once from the seeded random generator.

    The counter follows the layout. A counter that resets (Twitter's Snowflake, UUIDv7)
    starts each tick at 0, or at a random value of ``sequence_seed_bits`` bits; used up
    within one tick, the generator waits, reading the clock until the next tick (counted
    in ``waits``), and raises ``RuntimeError`` if the clock never moves. A counter that
    does not reset (Discord, Instagram, ObjectId) adds 1 per ID and wraps. A clock running
    backwards (an NTP step) gives ``ValueError``: the generator refuses to make IDs that
    could repeat or sort out of order.
    """

    def __init__(self, layout: Layout, clock: Callable[[], float], *, seed: int = 0,
                 **fields: int):
        if not isinstance(layout, Layout):
            raise TypeError(f"layout must be a Layout, got {layout!r}")
        if not callable(clock):
            raise TypeError(f"clock must be a callable returning Unix ms, got {clock!r}")
        needed = {f.name for f in layout.role("node")}
        optional = {f.name for f in layout.role("instance")}
        if not needed <= set(fields) <= needed | optional:
            raise ValueError(f"{layout.name} needs node fields {sorted(needed)}"
                             + (f" (and may take {sorted(optional)})" if optional else "")
                             + f", got {sorted(fields)}")
        self.layout, self.clock = layout, clock
        self.node = {name: layout.field(name).check(value) for name, value in fields.items()}
        # A seeded pseudo-random generator keeps runs repeatable; real IDs need a
        # cryptographically secure one (RFC 9562 §6.9).
        self.rng = random.Random(seed)
        for f in layout.role("instance"):  # drawn once: this generator's own random value
            self.node.setdefault(f.name, self._random(f.bits))
        self._time_field = (layout.role("time") or [None])[0]
        self._sequence_field = (layout.role("sequence") or [None])[0]
        self.last_tick = -1  # the tick of the previous ID (none yet)
        self.sequence = 0
        self.generated = 0
        self.waits = 0

    def next_id(self) -> int:
        """The next ID; for a time-first layout whose counter resets, strictly greater than
        the previous one."""
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
            self._count_on()
        if self._sequence_field is not None:
            values[self._sequence_field.name] = self.sequence
        for f in self.layout.role("random"):
            values[f.name] = self._random(f.bits)
        self.generated += 1
        return self.layout.compose(**values)

    def _advance_sequence(self, tick: int) -> int:
        """Set ``self.sequence`` for the next ID and return the tick that ID gets."""
        if self._sequence_field is None:
            return tick
        if not self.layout.sequence_resets:  # one counter for the generator's whole life
            self._count_on()
            return tick
        if tick > self.last_tick:  # a new tick: start the counter again
            self.sequence = self._start()
            return tick
        if self.sequence + 1 < self._sequence_space():  # same tick, numbers left
            self.sequence += 1
            return tick
        return self._wait_for_next_tick()

    def _count_on(self) -> None:
        """A counter that never resets: its (seeded) start first, then +1, wrapping."""
        self.sequence = (self._start() if not self.generated
                         else (self.sequence + 1) % self._sequence_space())

    def _start(self) -> int:
        """Where the counter starts: 0, or random in its ``sequence_seed_bits`` low bits."""
        seed_bits = self.layout.sequence_seed_bits
        return self._random(seed_bits) if seed_bits else 0

    def _wait_for_next_tick(self) -> int:
        """Every sequence number of this tick is used: read the clock until it moves on."""
        for _ in range(MAX_SPINS):
            self.waits += 1
            tick = self._tick()
            if tick > self.last_tick:
                self.sequence = self._start()
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

    def _random(self, bits: int) -> int:
        """``bits`` random bits."""
        return self.rng.getrandbits(bits)
