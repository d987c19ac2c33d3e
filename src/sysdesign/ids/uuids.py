"""UUID versions 1 and 6: the same 60-bit clock, stored in two different orders.

A version 1 UUID (RFC 9562 §5.1) counts 100-nanosecond intervals since 1582-10-15, the
Gregorian reform, in 60 bits. It stores them *low bits first*: ``time_low`` (the 32 bits
that change fastest) opens the UUID, then ``time_mid`` (16 bits), then the version and
``time_high`` (12 bits). Compared as bytes or as text, v1 UUIDs therefore sort by
``time_low``, which wraps every 2^32 × 100 ns ≈ 7.2 minutes: they do not sort by time.
Version 6 (§5.6) stores the same clock *high bits first* and does.

Python's :mod:`uuid` module builds both from their fields, so this module only does the
clock arithmetic; the tests check it against the RFC's test vectors and ``uuid.uuid1``.

>>> u = uuid1(1_645_557_742_000_000_000, clock_seq=0x33C8, node=0x9F6BDECED846)
>>> str(u).upper()           # RFC 9562 Appendix A.1
'C232AB00-9414-11EC-B3C8-9F6BDECED846'
>>> str(uuid6(1_645_557_742_000_000_000, clock_seq=0x33C8, node=0x9F6BDECED846)).upper()
'1EC9414C-232A-6B00-B3C8-9F6BDECED846'
"""

from __future__ import annotations

import uuid

from ..core import checks

GREGORIAN_OFFSET = 0x01B21DD213814000  # 100-ns intervals from 1582-10-15 to 1970-01-01
TIME_LOW_WRAP_S = 2**32 * 100e-9  # seconds after which time_low repeats: ~429.5 s


def gregorian_ticks(unix_ns: int) -> int:
    """A Unix time in nanoseconds as the 60-bit v1/v6 clock: 100-ns ticks since 1582-10-15.

    >>> hex(gregorian_ticks(1_645_557_742_000_000_000))
    '0x1ec9414c232ab00'
    """
    unix_ns = checks.integer(unix_ns, "unix_ns", hint="nanoseconds since 1970")
    ticks = unix_ns // 100 + GREGORIAN_OFFSET
    if not 0 <= ticks < 1 << 60:
        raise ValueError(f"unix_ns must fall between 1582 and 5236, got {unix_ns}")
    return ticks


def _clock_seq_and_node(clock_seq, node) -> tuple[int, int]:
    clock_seq = checks.integer(clock_seq, "clock_seq", 0, (1 << 14) - 1, hint="14 bits")
    node = checks.integer(node, "node", 0, (1 << 48) - 1, hint="48 bits")
    return clock_seq, node


def uuid1(unix_ns: int, *, clock_seq: int, node: int) -> uuid.UUID:
    """The version 1 UUID for this time: time_low | time_mid | version 1 | time_high | ..."""
    ticks = gregorian_ticks(unix_ns)
    clock_seq, node = _clock_seq_and_node(clock_seq, node)
    return uuid.UUID(fields=(ticks & 0xFFFFFFFF,              # time_low: the lowest 32 bits
                             (ticks >> 32) & 0xFFFF,          # time_mid
                             (ticks >> 48) | 0x1000,          # version 1, time_high
                             0x80 | clock_seq >> 8, clock_seq & 0xFF, node))


def uuid6(unix_ns: int, *, clock_seq: int, node: int) -> uuid.UUID:
    """The version 6 UUID for this time: the same clock, its highest 48 bits first."""
    ticks = gregorian_ticks(unix_ns)
    clock_seq, node = _clock_seq_and_node(clock_seq, node)
    value = ((ticks >> 12) << 80 | 0x6 << 76 | (ticks & 0xFFF) << 64
             | 0b10 << 62 | clock_seq << 48 | node)
    return uuid.UUID(int=value)


def uuid6_ticks(u: uuid.UUID) -> int:
    """The 60-bit clock of a version 6 UUID (Python's ``UUID.time`` reads v1 order only)."""
    if not isinstance(u, uuid.UUID) or u.version != 6:
        raise ValueError(f"u must be a version 6 uuid.UUID, got {u!r}")
    return (u.int >> 80) << 12 | (u.int >> 64) & 0xFFF
