"""A bitmap index: one bit string per distinct value of a column, one bit per row.

Bit ``r`` of the bitmap for value ``v`` is 1 when row ``r`` holds ``v``. A query that
combines conditions becomes bit operations on whole bitmaps: ``AND`` is ``&``, ``OR`` is
``|``, ``NOT`` flips the bits. The index costs rows x distinct values bits (before
compression), so it pays off for low-cardinality columns: status, country, a flag.
Python's integers are the bit strings here (bit 0 = row 0).

>>> index = BitmapIndex(["red", "blue", "red", "green", "blue"])
>>> index.show(index.eq("red")), index.show(index.eq("red") | index.eq("green"))
('10100', '10110')
>>> index.rows(index.eq("blue") & ~index.eq("red"))
[1, 4]
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np


class BitmapIndex:
    """Bitmaps of one column: ``eq(value)`` gives the rows holding ``value`` as bits."""

    def __init__(self, column: Iterable):
        values = list(column)
        self.length = len(values)
        first = list(dict.fromkeys(values))   # distinct values in order of first appearance
        codes = {value: code for code, value in enumerate(first)}
        coded = np.fromiter(map(codes.__getitem__, values), dtype=np.int64, count=self.length)
        self.bitmaps: dict = {}
        for code, value in enumerate(first):  # bit r of the int = row r (little-endian)
            packed = np.packbits(coded == code, bitorder="little")
            self.bitmaps[value] = int.from_bytes(packed.tobytes(), "little")

    def eq(self, value) -> int:
        """Bitmap of the rows whose value is ``value`` (0 if none)."""
        return self.bitmaps.get(value, 0)

    def isin(self, values: Iterable) -> int:
        """Bitmap of the rows whose value is any of ``values`` (an OR)."""
        bits = 0
        for value in values:
            bits |= self.eq(value)
        return bits

    def rows(self, bits: int) -> list[int]:
        """Row numbers of the 1 bits, ascending (bits past the last row ignored)."""
        bits &= (1 << self.length) - 1
        packed = np.frombuffer(bits.to_bytes((self.length + 7) // 8, "little"), np.uint8)
        return np.flatnonzero(np.unpackbits(packed, bitorder="little")).tolist()

    def count(self, bits: int) -> int:
        """Rows selected by ``bits``."""
        return (bits & ((1 << self.length) - 1)).bit_count()

    def show(self, bits: int) -> str:
        """The bitmap as text, row 0 first."""
        return "".join("1" if bits >> row & 1 else "0" for row in range(self.length))

    @property
    def size_bits(self) -> int:
        """Bits stored, uncompressed: rows x distinct values."""
        return self.length * len(self.bitmaps)
