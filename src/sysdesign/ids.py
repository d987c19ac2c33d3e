"""Distributed IDs: Snowflake, Instagram, MongoDB ObjectId, UUID v4/v7 as bit layouts.

An ID scheme is a :class:`Layout`: named fields from the most significant bit down, each
with a role (time, node, sequence, random, const). One :class:`IdGenerator` fills any
layout from an injected clock and random generator, and :meth:`Layout.decode` takes an
ID apart again.

Discord's published example, a Twitter-layout Snowflake with Discord's epoch:

>>> parts = decode_snowflake(175928847299117063, epoch_ms=DISCORD_EPOCH_MS)
>>> parts["datetime"].isoformat(timespec="milliseconds"), parts["sequence"]
('2016-04-30T11:18:25.796+00:00', 7)
"""

from __future__ import annotations

import math
import operator
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

import numpy as np
import pandas as pd

UNIX_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
TWITTER_EPOCH_MS = 1288834974657  # 2010-11-04 01:42:54.657 UTC
DISCORD_EPOCH_MS = 1420070400000  # 2015-01-01 00:00:00 UTC
INSTAGRAM_EPOCH_MS = 1314220021721  # 2011-08-24 21:07:01.721 UTC
NOTES_EPOCH_MS = 1577836800000  # 2020-01-01 00:00:00 UTC, our choice for the notes' layout
MS_PER_YEAR = 365.25 * 24 * 3600 * 1000  # a Julian year: the assumption behind "years"
MAX_SPINS = 1_000_000  # clock reads while waiting for the next tick before giving up

ROLES = ("time", "node", "sequence", "random", "const")


@dataclass(frozen=True)
class Field:
    """``bits`` bits named ``name``; ``role`` says who fills them; ``value`` for consts."""

    name: str
    bits: int
    role: str
    value: int = 0

    def __post_init__(self):
        if self.role not in ROLES:
            raise ValueError(f"role must be one of {ROLES}, got {self.role!r}")
        if not isinstance(self.bits, int) or self.bits < 1:
            raise ValueError(f"field {self.name!r} needs at least 1 bit, got {self.bits!r}")


@dataclass(frozen=True)
class Layout:
    """An ID's bit layout: fields from the most significant down, in ``total_bits``.

    Bits above the fields stay 0 (Snowflake keeps the sign bit clear). ``tick_ms`` is
    the time field's unit and ``sequence_resets`` says whether the sequence restarts at
    0 on each tick (Snowflake) or keeps counting and wraps (ObjectId's counter).
    """

    name: str
    fields: tuple[Field, ...]
    total_bits: int = 64
    epoch_ms: int = 0
    tick_ms: int = 1
    sequence_resets: bool = True
    _shifts: dict = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        used = sum(f.bits for f in self.fields)
        if used > self.total_bits:
            raise ValueError(f"{self.name}: fields use {used} bits, more than {self.total_bits}")
        names = [f.name for f in self.fields]
        if len(set(names)) != len(names):
            raise ValueError(f"{self.name}: field names must be distinct, got {names}")
        shifts, shift = {}, used
        for f in self.fields:
            shift -= f.bits
            shifts[f.name] = shift
        object.__setattr__(self, "_shifts", shifts)

    def field(self, name: str) -> Field:
        """The field called ``name``."""
        for f in self.fields:
            if f.name == name:
                return f
        raise ValueError(f"{self.name} has no field {name!r}; fields: {self.names}")

    @property
    def names(self) -> list[str]:
        """Field names, most significant first."""
        return [f.name for f in self.fields]

    def shift(self, name: str) -> int:
        """Position of a field's lowest bit."""
        self.field(name)
        return self._shifts[name]

    def role(self, role: str) -> list[Field]:
        """The fields with one role."""
        return [f for f in self.fields if f.role == role]

    def compose(self, **values: int) -> int:
        """Pack field values into one integer (consts are filled in; others are required)."""
        unknown = set(values) - set(self.names)
        if unknown:
            raise ValueError(f"{self.name} has no fields {sorted(unknown)}; fields: {self.names}")
        result = 0
        for f in self.fields:
            value = f.value if f.role == "const" and f.name not in values else values.get(f.name)
            if value is None:
                raise ValueError(f"{self.name}: missing a value for field {f.name!r}")
            value = _field_value(value, f)
            result |= value << self._shifts[f.name]
        return result

    def decompose(self, id_: int) -> dict[str, int]:
        """Split an ID into its raw field values; reject IDs that do not fit the layout."""
        id_ = _whole(id_, "id")
        if not 0 <= id_ < 1 << self.total_bits:
            raise ValueError(f"{id_} does not fit the {self.total_bits}-bit {self.name} layout")
        used = sum(f.bits for f in self.fields)
        if id_ >> used:
            raise ValueError(f"{id_} sets bits above the {used} bits {self.name} uses")
        parts = {f.name: (id_ >> self._shifts[f.name]) & ((1 << f.bits) - 1)
                 for f in self.fields}
        for f in self.role("const"):
            if parts[f.name] != f.value:
                raise ValueError(f"{id_} is not a {self.name}: field {f.name!r} is "
                                 f"{parts[f.name]}, must be {f.value}")
        return parts

    def decode(self, id_: int) -> dict:
        """Field values plus the creation time as Unix ms and as a UTC datetime."""
        parts = self.decompose(id_)
        times = self.role("time")
        if times:
            unix_ms = self.epoch_ms + parts[times[0].name] * self.tick_ms
            parts["unix_ms"] = unix_ms
            parts["datetime"] = UNIX_EPOCH + timedelta(milliseconds=unix_ms)
        return parts

    # --- limits -----------------------------------------------------------------------
    @property
    def size_bytes(self) -> int:
        """Storage size of one ID."""
        return self.total_bits // 8

    @property
    def random_bits(self) -> int:
        """Bits filled at random (what the birthday bound counts)."""
        return sum(f.bits for f in self.role("random"))

    @property
    def sorts_by_time(self) -> bool:
        """True if the time field is the most significant one, so IDs sort by creation time."""
        return bool(self.fields) and self.fields[0].role == "time"

    def years_until_overflow(self) -> float:
        """Years (of 365.25 days) from the epoch until the time field runs out."""
        return self._time_span_ms() / MS_PER_YEAR

    def overflow_datetime(self) -> datetime:
        """The first moment the time field cannot hold (ValueError past the year 9999)."""
        try:
            return UNIX_EPOCH + timedelta(milliseconds=self.epoch_ms + self._time_span_ms())
        except OverflowError:
            raise ValueError(f"{self.name} runs out after the year 9999, in about "
                             f"{self.overflow_year():.0f}") from None

    def overflow_year(self) -> float:
        """The (fractional) calendar year in which the time field runs out."""
        return 1970 + (self.epoch_ms + self._time_span_ms()) / MS_PER_YEAR

    def max_ids_per_second(self) -> float:
        """Most IDs one node can make per second (the sequence space per tick)."""
        sequence = sum(f.bits for f in self.role("sequence"))
        return (1 << sequence) * 1000 / self.tick_ms

    def _time_span_ms(self) -> int:
        times = self.role("time")
        if not times:
            raise ValueError(f"{self.name} has no time field")
        return (1 << times[0].bits) * self.tick_ms


def _field_value(value, f: Field) -> int:
    value = _whole(value, f.name)
    if not 0 <= value < 1 << f.bits:
        raise ValueError(f"{f.name}={value} does not fit in {f.bits} bits "
                         f"(allowed 0..{(1 << f.bits) - 1})")
    return value


def _whole(value, name: str) -> int:
    if isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be an integer, got {value!r}")
    try:
        return operator.index(value)
    except TypeError:
        raise TypeError(f"{name} must be an integer, got {type(value).__name__}: {value!r}"
                        ) from None


def _f(name, bits, role, value=0):
    return Field(name, bits, role, value)


# Twitter's Snowflake (2010): sign bit 0 | 41-bit ms | 10-bit machine | 12-bit sequence.
# Twitter splits the machine into 5-bit datacenter and 5-bit worker; Discord into 5-bit
# worker and 5-bit process. Only the epoch differs between them.
SNOWFLAKE = Layout("Snowflake", (_f("time", 41, "time"), _f("machine", 10, "node"),
                                 _f("sequence", 12, "sequence")), epoch_ms=TWITTER_EPOCH_MS)
# Instagram (2012): 41-bit ms | 13-bit logical shard | 10-bit (auto-increment mod 1024).
INSTAGRAM = Layout("Instagram", (_f("time", 41, "time"), _f("shard", 13, "node"),
                                 _f("sequence", 10, "sequence")), epoch_ms=INSTAGRAM_EPOCH_MS)
# The notes' timestamp | shard | type | sequence in 64 bits (sizes are our choice).
NOTES = Layout("timestamp|shard|type|seq",
               (_f("time", 41, "time"), _f("shard", 10, "node"), _f("type", 4, "node"),
                _f("sequence", 8, "sequence")), epoch_ms=NOTES_EPOCH_MS)
# MongoDB ObjectId: 4-byte seconds | 5-byte per-process random | 3-byte counter.
# (Drivers before 2018 used 3-byte machine + 2-byte process id in place of the 5 bytes.)
OBJECT_ID = Layout("ObjectId", (_f("time", 32, "time"), _f("process", 40, "node"),
                                _f("counter", 24, "sequence")),
                   total_bits=96, tick_ms=1000, sequence_resets=False)
# RFC 9562 UUIDs. Version 7 here uses rand_a as a per-ms counter (RFC 9562 §6.2, method 1).
UUID7 = Layout("UUIDv7", (_f("time", 48, "time"), _f("version", 4, "const", 7),
                          _f("counter", 12, "sequence"), _f("variant", 2, "const", 0b10),
                          _f("rand_b", 62, "random")), total_bits=128)
UUID4 = Layout("UUIDv4", (_f("random_a", 48, "random"), _f("version", 4, "const", 4),
                          _f("random_b", 12, "random"), _f("variant", 2, "const", 0b10),
                          _f("random_c", 62, "random")), total_bits=128)
LAYOUTS = {layout.name: layout for layout in (SNOWFLAKE, INSTAGRAM, NOTES, OBJECT_ID,
                                              UUID7, UUID4)}


class ManualClock:
    """A clock you move by hand: ``clock()`` returns Unix ms; ``step_ms`` per read.

    A non-zero ``step_ms`` lets a generator that waits for the next millisecond see time
    pass, as a real clock would, without sleeping.
    """

    def __init__(self, start_ms: int, step_ms: int = 0):
        self.now_ms = _whole(start_ms, "start_ms")
        self.step_ms = _whole(step_ms, "step_ms")
        self.reads = 0

    def __call__(self) -> int:
        now = self.now_ms
        self.now_ms += self.step_ms
        self.reads += 1
        return now

    def advance(self, ms: int) -> None:
        """Move the clock forward (or, to test a generator, backward) by ``ms``."""
        self.now_ms += _whole(ms, "ms")


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
        self.node = {name: _field_value(value, layout.field(name)) for name, value in node.items()}
        self.rng = np.random.default_rng(seed)
        self._sequence_field = (layout.role("sequence") or [None])[0]
        self._time_field = layout.role("time")[0] if layout.role("time") else None
        self.last_tick = -1
        self.sequence = 0 if layout.sequence_resets else self._random(self._sequence_field)
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
        elif self._sequence_field is not None:
            self.sequence = (self.sequence + 1) % (1 << self._sequence_field.bits)
        if self._sequence_field is not None:
            values[self._sequence_field.name] = self.sequence
        for f in self.layout.role("random"):
            values[f.name] = self._random(f)
        self.generated += 1
        return self.layout.compose(**values)

    def _advance_sequence(self, tick: int) -> int:
        if self._sequence_field is None:
            return tick
        space = 1 << self._sequence_field.bits
        if not self.layout.sequence_resets:
            self.sequence = (self.sequence + 1) % space if self.generated else self.sequence
            return tick
        if tick > self.last_tick:
            self.sequence = 0
            return tick
        if self.sequence + 1 < space:
            self.sequence += 1
            return tick
        for _ in range(MAX_SPINS):  # all sequence numbers of this tick used: wait
            self.waits += 1
            tick = self._tick()
            if tick > self.last_tick:
                self.sequence = 0
                return tick
        raise RuntimeError(f"sequence exhausted and the clock did not advance after "
                           f"{MAX_SPINS} reads")

    def _tick(self) -> int:
        now = self.clock()
        if isinstance(now, (bool, np.bool_)) or not isinstance(now, (int, float, np.number)):
            raise TypeError(f"clock must return Unix ms as a number, got {now!r}")
        tick = math.floor((now - self.layout.epoch_ms) / self.layout.tick_ms)
        limit = 1 << self._time_field.bits
        if not 0 <= tick < limit:
            raise ValueError(f"time {now} ms is outside what {self.layout.name} can hold "
                             f"(from its epoch to the year {self.layout.overflow_year():.0f})")
        return tick

    def _random(self, f: Field) -> int:
        raw = int.from_bytes(self.rng.bytes((f.bits + 7) // 8), "big")
        return raw >> ((8 - f.bits % 8) % 8)


def decode_snowflake(id_: int, epoch_ms: int = TWITTER_EPOCH_MS) -> dict:
    """Fields of a Twitter-layout Snowflake: time, machine (and its 5+5 bit halves), sequence."""
    layout = SNOWFLAKE if epoch_ms == TWITTER_EPOCH_MS else Layout(
        SNOWFLAKE.name, SNOWFLAKE.fields, epoch_ms=_whole(epoch_ms, "epoch_ms"))
    parts = layout.decode(id_)
    parts["datacenter"], parts["worker"] = parts["machine"] >> 5, parts["machine"] & 0b11111
    return parts


def as_uuid(id_: int) -> uuid.UUID:
    """A 128-bit integer as Python's ``uuid.UUID``."""
    return uuid.UUID(int=_whole(id_, "id"))


def object_id_hex(id_: int) -> str:
    """An ObjectId integer as MongoDB's 24 hex digits."""
    OBJECT_ID.decompose(id_)
    return f"{id_:024x}"


def collision_probability(n, random_bits: int) -> float | np.ndarray:
    """Chance that ``n`` random IDs of ``random_bits`` bits hold a duplicate (birthday bound).

    p = 1 - exp(-n(n-1) / 2^(b+1)), accurate when n is far below 2^b.

    >>> round(float(collision_probability(2**61, 122)), 3)  # 2.3 quintillion UUIDv4s
    0.393
    """
    random_bits = _whole(random_bits, "random_bits")
    if random_bits < 1:
        raise ValueError(f"random_bits must be at least 1, got {random_bits}")
    n = np.asarray(n, dtype=float)
    if np.any(n < 0):
        raise ValueError("the number of IDs n must not be negative")
    pairs = n * np.maximum(n - 1, 0) / 2
    p = -np.expm1(-pairs / 2.0 ** random_bits)
    return float(p) if p.ndim == 0 else p


def ids_for_collision(probability: float, random_bits: int) -> float:
    """How many random IDs give a duplicate with this probability (the inverse bound)."""
    if not 0 < probability < 1:
        raise ValueError(f"probability must be strictly between 0 and 1, got {probability}")
    random_bits = _whole(random_bits, "random_bits")
    return math.sqrt(2 * 2.0 ** random_bits * -math.log1p(-probability))


def schemes_table() -> pd.DataFrame:
    """The ID schemes side by side: size, sortability, limits, coordination."""
    coordination = {"Snowflake": "machine id per worker", "Instagram": "shard id per DB shard",
                    "timestamp|shard|type|seq": "shard id per shard", "ObjectId": "none (random)",
                    "UUIDv7": "none (random)", "UUIDv4": "none (random)"}
    rows = []
    for layout in LAYOUTS.values():
        has_time = bool(layout.role("time"))
        rows.append({
            "scheme": layout.name, "bytes": layout.size_bytes,
            "sorts by time": layout.sorts_by_time,
            "time unit": f"{layout.tick_ms} ms" if has_time else "-",
            "runs out (year)": int(layout.overflow_year()) if has_time else "never",
            "IDs/s per node": layout.max_ids_per_second() if layout.role("sequence") else None,
            "random bits": layout.random_bits,
            "coordination": coordination[layout.name],
        })
    return pd.DataFrame(rows).set_index("scheme")


def simulate_machines(num_machines: int = 4, ids_per_machine: int = 50, duration_ms: int = 20,
                      skew_ms: float = 0.0, layout: Layout = SNOWFLAKE,
                      start_ms: int = 1_700_000_000_000, seed: int = 0) -> pd.DataFrame:
    """IDs made on several machines at random true times; machine m's clock is m*skew late.

    Returns one row per ID in ID order: true time (ms), machine, id, decoded time and
    ``disorder (ms)``: how much earlier it was made than an ID sorted before it (0 if
    none was). Without skew disorder stays under one tick; skew makes it grow.
    """
    num_machines = _positive(num_machines, "num_machines", 1 << 10)
    ids_per_machine = _positive(ids_per_machine, "ids_per_machine", 100_000)
    duration_ms = _positive(duration_ms, "duration_ms", 10**9)
    if not math.isfinite(skew_ms) or abs(skew_ms) > 10**6:
        raise ValueError(f"skew_ms must be a finite number of ms within ±1e6, got {skew_ms}")
    node = layout.role("node")
    if len(node) != 1:
        raise ValueError(f"layout needs exactly one node field, {layout.name} has {len(node)}")
    rng = np.random.default_rng(seed)
    events = sorted((start_ms + t, m) for m in range(num_machines)
                    for t in rng.uniform(0, duration_ms, ids_per_machine))
    now = {"ms": 0.0}
    gens = [IdGenerator(layout, (lambda m=m: now["ms"] - m * skew_ms), seed=seed,
                        **{node[0].name: m}) for m in range(num_machines)]
    rows = []
    for true_ms, machine in events:
        now["ms"] = true_ms
        id_ = gens[machine].next_id()
        rows.append((true_ms - start_ms, machine, id_, layout.decode(id_)["unix_ms"] - start_ms))
    frame = pd.DataFrame(rows, columns=["true time (ms)", "machine", "id", "id time (ms)"])
    frame = frame.sort_values("id", kind="stable").reset_index(drop=True)
    true = frame["true time (ms)"]
    frame["disorder (ms)"] = true.cummax() - true
    return frame


def _positive(value, name: str, maximum: int) -> int:
    value = _whole(value, name)
    if not 1 <= value <= maximum:
        raise ValueError(f"{name} must be between 1 and {maximum}, got {value}")
    return value
