"""ID layouts: an ID is a row of named bit fields, most significant first.

Each :class:`Field` has a role that says who fills it: the clock (``time``), the machine
or shard that made the ID (``node``, handed out by someone), a counter (``sequence``), a
random generator for every ID (``random``) or once per process (``instance``, such as
ObjectId's 5-byte value), or nobody, because it is a fixed marker (``const``, such as a
UUID's version). A :class:`Layout` packs field values into one integer and takes an
integer apart again; the standard layouts of Twitter, Discord, Instagram, MongoDB and
RFC 9562 are defined at the bottom.

>>> id_ = SNOWFLAKE.compose(time=1, machine=2, sequence=3)
>>> id_ == (1 << 22) | (2 << 12) | 3
True
>>> SNOWFLAKE.decompose(id_)
{'time': 1, 'machine': 2, 'sequence': 3}
"""

from __future__ import annotations

import dataclasses
import math
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from ..core import checks

UNIX_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
TWITTER_EPOCH_MS = 1288834974657  # 2010-11-04 01:42:54.657 UTC
DISCORD_EPOCH_MS = 1420070400000  # 2015-01-01 00:00:00 UTC
INSTAGRAM_EPOCH_MS = 1314220021721  # 2011-08-24 21:07:01.721 UTC
NOTES_EPOCH_MS = 1577836800000  # 2020-01-01 00:00:00 UTC, our choice for the notes' layout
MS_PER_YEAR = 365.25 * 24 * 3600 * 1000  # a Julian year: the assumption behind "years"

ROLES = ("time", "node", "sequence", "random", "instance", "const")


@dataclass(frozen=True)
class Field:
    """``bits`` bits named ``name``; ``role`` says who fills them; ``value`` for consts."""

    name: str
    bits: int
    role: str
    value: int = 0

    def __post_init__(self):
        checks.choice(self.role, "role", ROLES)
        bits = checks.integer(self.bits, "bits", 1, hint=f"the width of field {self.name!r}")
        object.__setattr__(self, "bits", bits)  # a plain int (the dataclass is frozen)
        if self.role == "const":  # a fixed marker must fit in its own bits
            object.__setattr__(self, "value", self.check(self.value))

    def check(self, value) -> int:
        """``value`` as an int, checked to fit in this field's bits.

        >>> Field("sequence", 12, "sequence").check(4096)
        Traceback (most recent call last):
        ...
        ValueError: sequence must be an integer in 0..4095 (fits in 12 bits), got 4096
        """
        if type(value) is int and 0 <= value >> self.bits < 1:  # the common case, fast
            return value
        return checks.integer(value, self.name, 0, (1 << self.bits) - 1,
                              hint=f"fits in {self.bits} bits")


@dataclass(frozen=True)
class Layout:
    """An ID's bit layout: fields from the most significant down, in ``total_bits``.

    Bits above the fields stay 0 (Snowflake keeps the sign bit clear). ``tick_ms`` is
    the time field's unit. ``sequence_resets`` says whether the counter restarts on each
    tick and waits for the next one when it runs out (Twitter's Snowflake, UUIDv7), or
    counts every ID its generator makes and wraps (Discord's increment, Instagram's
    sequence mod 1024, ObjectId's counter). ``sequence_seed_bits`` of the counter start at
    a random value (on each tick if it resets, once if it does not); the bits above them
    start at 0, a guard against running out within the tick (RFC 9562 §6.2).
    """

    name: str
    fields: tuple[Field, ...]
    total_bits: int = 64
    epoch_ms: int = 0
    tick_ms: int = 1
    sequence_resets: bool = True
    sequence_seed_bits: int = 0
    # Where each field's lowest bit sits, worked out once (see __post_init__).
    _shifts: dict = dataclasses.field(init=False, repr=False, compare=False)

    def __post_init__(self):
        # Keep checked plain ints (object.__setattr__ because the dataclass is frozen).
        total_bits = checks.integer(self.total_bits, "total_bits", 1)
        epoch_ms = checks.integer(self.epoch_ms, "epoch_ms", hint="Unix ms of time 0")
        tick_ms = checks.integer(self.tick_ms, "tick_ms", 1, hint="ms per step of the time")
        object.__setattr__(self, "total_bits", total_bits)
        object.__setattr__(self, "epoch_ms", epoch_ms)
        object.__setattr__(self, "tick_ms", tick_ms)
        object.__setattr__(self, "fields", tuple(self.fields))
        if not all(isinstance(f, Field) for f in self.fields):
            raise TypeError(f"fields must be Field objects, got {self.fields!r}")
        used = self.used_bits
        if used > self.total_bits:
            raise ValueError(f"{self.name}: fields use {used} bits, more than {self.total_bits}")
        names = [f.name for f in self.fields]
        if len(set(names)) != len(names):
            raise ValueError(f"{self.name}: field names must be distinct, got {names}")
        if len(self.role("time")) > 1 or len(self.role("sequence")) > 1:
            raise ValueError(f"{self.name}: at most one time field and one sequence field")
        counter = sum(f.bits for f in self.role("sequence"))
        seed = checks.integer(self.sequence_seed_bits, "sequence_seed_bits", 0, counter,
                              hint="random low bits of the counter, at most its width")
        object.__setattr__(self, "sequence_seed_bits", seed)
        # The first field sits right below the unused top bits, each next one below it.
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

    @property
    def used_bits(self) -> int:
        """Bits the fields take; the ``total_bits - used_bits`` above them stay 0."""
        return sum(f.bits for f in self.fields)

    # --- packing and unpacking -------------------------------------------------------
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
            result |= f.check(value) << self._shifts[f.name]
        return result

    def decompose(self, id_: int) -> dict[str, int]:
        """Split an ID into its raw field values; reject IDs that do not fit the layout."""
        id_ = checks.integer(id_, "id_", 0, (1 << self.total_bits) - 1,
                             hint=f"a {self.total_bits}-bit {self.name} ID")
        if id_ >> self.used_bits:
            raise ValueError(f"{id_} sets bits above the {self.used_bits} bits {self.name} uses")
        # Shift the field down to bit 0, then keep only its own bits.
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
        """Bits drawn at random for every ID (what the birthday bound counts)."""
        return sum(f.bits for f in self.role("random"))

    @property
    def instance_bits(self) -> int:
        """Bits drawn at random once per generator (a process), such as ObjectId's 40."""
        return sum(f.bits for f in self.role("instance"))

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

    def years_until_negative(self) -> float | None:
        """Years from the epoch until the ID sets bit 63, turning negative in a signed
        64-bit integer (a SQL ``BIGINT``); None if it never does (63 bits or fewer used,
        or not a 64-bit layout)."""
        span = self._negative_span_ms()
        return None if span is None else span / MS_PER_YEAR

    def negative_year(self) -> float | None:
        """The (fractional) calendar year in which the ID turns negative as a signed
        64-bit integer, or None if it never does."""
        span = self._negative_span_ms()
        return None if span is None else 1970 + (self.epoch_ms + span) / MS_PER_YEAR

    def _negative_span_ms(self) -> int | None:
        if self.total_bits != 64 or self.used_bits < 64:
            return None
        if not self.sorts_by_time:
            raise ValueError(f"{self.name}: bit 63 belongs to {self.fields[0].name!r}, not "
                             "to the time, so the sign does not follow the clock")
        # The sign bit is the time field's top bit: set once half its span has passed.
        return (1 << (self.fields[0].bits - 1)) * self.tick_ms

    def max_ids_per_second(self) -> float:
        """IDs one generator can make per second without repeating or waiting.

        Per tick that is the counter's space; a counter that restarts each tick at a
        random value loses what that start may use up (it can start as high as
        2^seed - 1), while one that wraps repeats only after a full turn, wherever it
        started. One per tick without a counter; unlimited (``math.inf``) for a layout
        with neither a clock nor a counter.
        """
        sequences = self.role("sequence")
        if not sequences and not self.role("time"):
            return math.inf
        room = 1 << sequences[0].bits if sequences else 1
        if self.sequence_resets:
            room -= (1 << self.sequence_seed_bits) - 1
        return room * 1000 / self.tick_ms

    def _time_span_ms(self) -> int:
        """How many ms the time field can count: 2^bits ticks."""
        times = self.role("time")
        if not times:
            raise ValueError(f"{self.name} has no time field")
        return (1 << times[0].bits) * self.tick_ms


# --- the standard layouts --------------------------------------------------------------

# Twitter's Snowflake (2010): sign bit 0 | 41-bit ms | 10-bit machine | 12-bit sequence
# that restarts every ms and, used up, waits for the next one. Twitter's code splits the
# machine into a 5-bit datacenter and a 5-bit worker.
SNOWFLAKE = Layout("Snowflake", (Field("time", 41, "time"), Field("machine", 10, "node"),
                                 Field("sequence", 12, "sequence")),
                   epoch_ms=TWITTER_EPOCH_MS)
# Discord (docs, "Snowflakes"): 42-bit ms (all 64 bits used: Discord's IDs are unsigned) |
# 5-bit internal worker | 5-bit internal process | 12-bit increment, "incremented for
# every ID generated on that process": a per-process counter, not reset each ms.
DISCORD = Layout("Discord", (Field("time", 42, "time"), Field("worker", 5, "node"),
                             Field("process", 5, "node"), Field("increment", 12, "sequence")),
                 epoch_ms=DISCORD_EPOCH_MS, sequence_resets=False)
# Instagram (2011): 41-bit ms | 13-bit logical shard | the shard's own auto-increment
# sequence mod 1024 (it never resets; it wraps). All 64 bits are used.
INSTAGRAM = Layout("Instagram", (Field("time", 41, "time"), Field("shard", 13, "node"),
                                 Field("sequence", 10, "sequence")),
                   epoch_ms=INSTAGRAM_EPOCH_MS, sequence_resets=False)
# The notes' timestamp | shard | type | sequence in 64 bits (sizes are our choice).
NOTES = Layout("timestamp|shard|type|seq",
               (Field("time", 41, "time"), Field("shard", 10, "node"),
                Field("type", 4, "node"), Field("sequence", 8, "sequence")),
               epoch_ms=NOTES_EPOCH_MS)
# MongoDB ObjectId (BSON ObjectID spec): 4-byte unsigned seconds | 5-byte random value
# drawn once per process | 3-byte counter started at a random value, +1 per ID, wrapping.
# (Drivers before 2018 used 3 bytes of machine and 2 of process id for the middle 5.)
OBJECT_ID = Layout("ObjectId", (Field("time", 32, "time"), Field("process", 40, "instance"),
                                Field("counter", 24, "sequence")),
                   total_bits=96, tick_ms=1000, sequence_resets=False, sequence_seed_bits=24)
# RFC 9562 UUIDs. Version 7 here uses rand_a as a 12-bit counter (§6.2, method 1), seeded
# with 11 random bits at each new ms; its top bit starts at 0 as the rollover guard.
UUID7 = Layout("UUIDv7", (Field("time", 48, "time"), Field("version", 4, "const", 7),
                          Field("counter", 12, "sequence"),
                          Field("variant", 2, "const", 0b10), Field("rand_b", 62, "random")),
               total_bits=128, sequence_seed_bits=11)
UUID4 = Layout("UUIDv4", (Field("random_a", 48, "random"), Field("version", 4, "const", 4),
                          Field("random_b", 12, "random"),
                          Field("variant", 2, "const", 0b10), Field("random_c", 62, "random")),
               total_bits=128)
LAYOUTS = {layout.name: layout for layout in (SNOWFLAKE, DISCORD, INSTAGRAM, NOTES, OBJECT_ID,
                                              UUID7, UUID4)}


# --- reading real IDs ------------------------------------------------------------------

def decode_snowflake(id_: int, epoch_ms: int = TWITTER_EPOCH_MS) -> dict:
    """Fields of a Twitter-layout Snowflake: time, machine (and its 5+5 bit halves), sequence.

    >>> decode_snowflake(1 << 22)["unix_ms"] - TWITTER_EPOCH_MS   # time field 1 = 1 ms in
    1
    """
    layout = SNOWFLAKE if epoch_ms == TWITTER_EPOCH_MS else dataclasses.replace(
        SNOWFLAKE, epoch_ms=epoch_ms)
    parts = layout.decode(id_)
    # Twitter's 10 machine bits are a 5-bit datacenter (high) and a 5-bit worker (low).
    parts["datacenter"], parts["worker"] = parts["machine"] >> 5, parts["machine"] & 0b11111
    return parts


def as_uuid(id_: int) -> uuid.UUID:
    """A 128-bit integer as Python's ``uuid.UUID``.

    >>> as_uuid(1)
    UUID('00000000-0000-0000-0000-000000000001')
    """
    return uuid.UUID(int=checks.integer(id_, "id_", 0, (1 << 128) - 1, hint="a 128-bit UUID"))


def object_id_hex(id_: int) -> str:
    """An ObjectId integer as MongoDB's 24 hex digits."""
    id_ = checks.integer(id_, "id_")
    OBJECT_ID.decompose(id_)
    return f"{id_:024x}"
