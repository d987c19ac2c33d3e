"""Numbers for people: bytes, durations and SI prefixes, usable by models (no matplotlib).

>>> format_bytes(1_500_000), format_bytes(1_572_864, binary=True)
('1.5 MB', '1.5 MiB')
>>> format_duration(0.0005), si(12_500, "B")
('500 µs', '12.5 kB')
"""

from __future__ import annotations

import math
from datetime import timedelta

from . import checks

DECIMAL_BYTE_UNITS = ["B", "kB", "MB", "GB", "TB", "PB", "EB"]
BINARY_BYTE_UNITS = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"]
JULIAN_YEAR_S = 365.25 * 86_400  # the year that averages leap years in

DURATION_UNITS = [  # (name, seconds), largest first
    ("years", JULIAN_YEAR_S), ("days", 86_400.0), ("hours", 3_600.0), ("minutes", 60.0),
    ("s", 1.0), ("ms", 1e-3), ("µs", 1e-6), ("ns", 1e-9),
]
SI_PREFIXES = {-4: "p", -3: "n", -2: "µ", -1: "m", 0: "", 1: "k", 2: "M", 3: "G", 4: "T",
               5: "P", 6: "E"}


def significant(value: float, digits: int = 3) -> str:
    """``digits`` significant digits, but whole numbers with separators once they are large.

    >>> significant(3.14159), significant(123_456.7), significant(999.7)
    ('3.14', '123,457', '1,000')
    """
    text = f"{value:.{digits}g}"
    # Large numbers (and those that round up to 10**digits) read better with separators
    # than in scientific notation.
    return f"{value:,.0f}" if "e+" in text or abs(value) >= 10**digits else text


def format_bytes(n, *, binary: bool = False, digits: int = 3) -> str:
    """A byte count in decimal units (kB = 1000 B) or binary ones (KiB = 1024 B).

    >>> format_bytes(999), format_bytes(2e12)
    ('999 B', '2 TB')
    """
    n = checks.number(n, "n", 0, hint="a byte count")
    base = 1024 if binary else 1000
    units = BINARY_BYTE_UNITS if binary else DECIMAL_BYTE_UNITS
    index = 0
    while n >= base and index < len(units) - 1:
        n /= base
        index += 1
    return f"{significant(n, digits)} {units[index]}"


def format_duration(seconds, digits: int = 3) -> str:
    """A duration in the largest unit that keeps the number at least 1 (years of 365.25 days).

    >>> format_duration(31_557_600), format_duration(timedelta(minutes=90))
    ('1 year', '1.5 hours')
    """
    if isinstance(seconds, timedelta):
        seconds = seconds.total_seconds()
    seconds = checks.number(seconds, "seconds", 0, hint="a duration")
    if seconds == 0:
        return "0 s"
    # The largest unit that fits; float rounding forgiven (0.999999999 s is 1 s).
    unit, size = next(((u, s) for u, s in DURATION_UNITS if seconds >= s * (1 - 1e-9)),
                      DURATION_UNITS[-1])
    text = significant(seconds / size, digits)
    if unit in ("years", "days", "hours", "minutes") and text == "1":
        unit = unit[:-1]
    return f"{text} {unit}"


def si(value, unit: str = "", digits: int = 3) -> str:
    """A number with an SI prefix: ``si(0.00042, "s") == '420 µs'``.

    >>> si(0.00042, "s"), si(0), si(2_000_000, "req/s")
    ('420 µs', '0', '2 Mreq/s')
    """
    value = checks.number(value, "value", finite=False)
    if value == 0 or not math.isfinite(value):
        return f"{value:g}{' ' + unit if unit else ''}"
    exponent = int(math.floor(math.log10(abs(value)) / 3))
    exponent = max(min(exponent, max(SI_PREFIXES)), min(SI_PREFIXES))
    text = f"{value / 1000**exponent:.{digits}g}"
    suffix = SI_PREFIXES[exponent] + unit
    return f"{text} {suffix}" if suffix else text


def percent(share, digits: int = 0) -> str:
    """A share 0..1 as a percentage: ``percent(0.915, 1) == '91.5 %'``.

    >>> percent(0.915, 1)
    '91.5 %'
    """
    share = checks.number(share, "share")
    return f"{share * 100:.{digits}f} %"
