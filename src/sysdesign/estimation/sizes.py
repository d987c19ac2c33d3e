"""Sizes and spans: SI prefixes (steps of 1,000), powers of two (steps of 1,024), and the
length of a year, a day, an hour in the units estimates use.

Storage vendors and networks count in powers of ten; memory and many file systems in
powers of two. The names look alike ("kB" and "KiB"), and the gap between them grows
with every step, which is what :func:`powers_of_two_table` shows.

To print a byte count use :func:`sysdesign.core.units.format_bytes` (also importable
as ``sysdesign.estimation.format_bytes``):

>>> from sysdesign.core.units import format_bytes
>>> format_bytes(1e12), format_bytes(1e12, binary=True)
('1 TB', '931 GiB')
"""

from __future__ import annotations

import pandas as pd

from sysdesign.availability.budget import YEAR_DAYS
from sysdesign.core import checks

SI_PREFIXES = [  # (power of ten, symbol, prefix, short-scale name)
    (3, "k", "kilo", "thousand"),
    (6, "M", "mega", "million"),
    (9, "G", "giga", "billion"),
    (12, "T", "tera", "trillion"),
    (15, "P", "peta", "quadrillion"),
    (18, "E", "exa", "quintillion"),
    (21, "Z", "zetta", "sextillion"),
    (24, "Y", "yotta", "septillion"),
]
BINARY_PREFIXES = ["Ki", "Mi", "Gi", "Ti", "Pi", "Ei"]  # 2^10, 2^20, ... 2^60


def si_prefix_table() -> pd.DataFrame:
    """SI prefixes from kilo to yotta, with their short-scale English names.

    >>> si_prefix_table().loc[2, ["value", "symbol", "short scale"]].tolist()
    ['10^9', 'G', 'billion']
    """
    return pd.DataFrame(
        [(f"10^{power}", symbol, f"{prefix}-", words)
         for power, symbol, prefix, words in SI_PREFIXES],
        columns=["value", "symbol", "prefix", "short scale"],
    )


def powers_of_two_table() -> pd.DataFrame:
    """2^10 .. 2^60: exact value, the power of ten it approximates, and how far apart they are.

    >>> powers_of_two_table().loc[0, ["exact bytes", "binary is larger by"]].tolist()
    ['1,024', '2.4%']
    """
    rows = []
    for step, binary in enumerate(BINARY_PREFIXES, start=1):
        exact = 2 ** (10 * step)
        decimal = 10 ** (3 * step)
        symbol = SI_PREFIXES[step - 1][1]
        rows.append((f"2^{10 * step}", f"{exact:,}", f"1 {binary}B",
                     f"1 {symbol}B = 10^{3 * step}", f"{(exact / decimal - 1):.1%}"))
    return pd.DataFrame(rows, columns=["power", "exact bytes", "binary unit",
                                       "decimal unit", "binary is larger by"])


def time_table(year_days: float = YEAR_DAYS) -> pd.DataFrame:
    """A year, a day, an hour and a minute in days, hours, minutes and seconds; the year
    lasts ``year_days`` days (365.25 counts a leap day every four years; the study notes
    use 365).

    >>> time_table(365).loc["1 year", "seconds"]
    '31,536,000'
    """
    year_days = checks.number(year_days, "year_days", 360, 366, hint="days in a year")
    spans = {"1 year": year_days * 86_400, "1 day": 86_400, "1 hour": 3_600, "1 minute": 60}
    units = {"days": 86_400, "hours": 3_600, "minutes": 60, "seconds": 1}
    rows = {name: [_amount(seconds / size) if seconds >= size else ""
                   for size in units.values()] for name, seconds in spans.items()}
    return pd.DataFrame.from_dict(rows, orient="index", columns=list(units))


def _amount(value: float) -> str:
    """Whole numbers with separators (8,766), others with two decimals (365.25)."""
    return f"{value:,.0f}" if value == round(value) else f"{value:,.2f}"
