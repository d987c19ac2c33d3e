"""Geohash by hand: halve the world, write down which half, repeat, spell the bits in base 32.

A geohash of precision ``p`` has ``5 * p`` bits. Even-numbered bits (counting from the
first, which is bit 0) halve the longitude range -180..180, odd-numbered bits halve the
latitude range -90..90; a ``1`` means "the upper half". Every 5 bits become one
character of :data:`BASE32`. So longitude gets ``ceil(5p / 2)`` bits and latitude
``floor(5p / 2)``, and each character added shrinks the cell 32-fold.

Edges and poles, exactly:

* A point exactly on a dividing line goes to the northern / eastern side (the test is
  ``value >= midpoint``), so cells are half-open: ``south <= lat < north`` and
  ``west <= lon < east``.
* Latitude +90 (the north pole) has no cell above it, so it falls in the top row, whose
  northern edge is closed; -90 is in the bottom row like any southern edge.
* Longitude +180 is the same meridian as -180: it is encoded as -180, in the westmost
  column (as python-geohash does; pygeohash instead puts it in the eastmost column).
* Anything outside -90..90 / -180..180, NaN, infinities and non-numbers raise ValueError.

>>> encode(42.6, -5.6, precision=5)
'ezs42'
>>> bounds("ezs42")
(42.5830078125, -5.625, 42.626953125, -5.5810546875)
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np
import pandas as pd

from sysdesign.geo import _checks
from sysdesign.geo.distance import EARTH_RADIUS_M, circle_bounds

BASE32 = "0123456789bcdefghjkmnpqrstuvwxyz"  # no a, i, l, o: they look like digits
_VALUE = {char: value for value, char in enumerate(BASE32)}
_MAX_BITS = 30  # per axis at precision 12: 30 longitude + 30 latitude bits
MAX_CELLS = 100_000  # refuse to list more cells than this in one call

# (rows north, columns east) for each compass direction, in clockwise order.
DIRECTIONS = {
    "n": (1, 0), "ne": (1, 1), "e": (0, 1), "se": (-1, 1),
    "s": (-1, 0), "sw": (-1, -1), "w": (0, -1), "nw": (1, -1),
}


def bit_counts(precision: int) -> tuple[int, int]:
    """(latitude bits, longitude bits) in a geohash of this many characters.

    >>> bit_counts(5)
    (12, 13)
    """
    p = _checks.precision(precision)
    return 5 * p // 2, (5 * p + 1) // 2


# --- encoding: bisection, then interleaving -------------------------------------------

def _bisect(value: float, low: float, high: float, nbits: int):
    """Yield ``(low, mid, high, bit)`` for each halving of ``[low, high]`` around ``value``."""
    for _ in range(nbits):
        mid = (low + high) / 2
        bit = int(value >= mid)  # a point on the line goes to the upper half
        yield low, mid, high, bit
        low, high = (mid, high) if bit else (low, mid)


def _cell_number(value: float, low: float, high: float, nbits: int) -> int:
    """Which of the 2**nbits equal slices of [low, high] holds ``value``, by bisection."""
    number = 0
    for *_, bit in _bisect(value, low, high, nbits):
        number = number << 1 | bit
    return number


def _join(row: int, column: int, precision: int) -> str:
    """Interleave a latitude row and a longitude column (longitude first), spell in base 32."""
    code = _interleave(row, column, 5 * precision)
    return "".join(BASE32[code >> 5 * (precision - 1 - k) & 31] for k in range(precision))


def _split(code: str) -> tuple[int, int, int]:
    """The inverse of :func:`_join`: ``(row, column, precision)`` of a geohash."""
    code = check_code(code)
    number = 0
    for char in code:
        number = number << 5 | _VALUE[char]
    # The last bit belongs to longitude when the bit count is odd, to latitude when even.
    if len(code) % 2:
        return _compact(number >> 1), _compact(number), len(code)
    return _compact(number), _compact(number >> 1), len(code)


# Masks that move bits between positions k and 2k, five doublings for up to 32 bits.
_MASKS = ((16, 0x0000FFFF0000FFFF), (8, 0x00FF00FF00FF00FF), (4, 0x0F0F0F0F0F0F0F0F),
          (2, 0x3333333333333333), (1, 0x5555555555555555))

# Undoing runs the steps backwards; after shifting by s, keep the next wider mask.
_UNDO = ((1, 0x3333333333333333), (2, 0x0F0F0F0F0F0F0F0F), (4, 0x00FF00FF00FF00FF),
         (8, 0x0000FFFF0000FFFF), (16, 0xFFFFFFFF))


def _spread(x):
    """Move bit k of a number (int or int64 array) below 2**32 to bit 2k."""
    for shift, mask in _MASKS:
        x = (x | (x << shift)) & mask
    return x


def _compact(x: int) -> int:
    """The inverse of :func:`_spread`: keep the even bits and close the gaps."""
    x &= 0x5555555555555555
    for shift, mask in _UNDO:
        x = (x | (x >> shift)) & mask
    return x


def _interleave(row, column, nbits: int):
    """The nbits-bit code whose even bits (from the top) are the column's, odd the row's."""
    if nbits % 2:  # longitude has one bit more: it owns the lowest bit
        return _spread(column) | _spread(row) << 1
    return _spread(column) << 1 | _spread(row)


def check_code(code) -> str:
    """Return ``code`` if it is a valid geohash (1..12 base-32 characters), else raise."""
    if not isinstance(code, str):
        raise ValueError(f"a geohash must be a string, got {code!r}")
    if not code:
        raise ValueError("a geohash must not be empty: use 1..12 characters")
    if len(code) > _checks.MAX_PRECISION:
        raise ValueError(f"geohash {code!r} is longer than {_checks.MAX_PRECISION} characters")
    bad = sorted({char for char in code if char not in _VALUE})
    if bad:
        raise ValueError(
            f"geohash {code!r} has characters outside the alphabet: {''.join(bad)!r}; "
            f"allowed are {BASE32!r} (lower case; no a, i, l, o)"
        )
    return code


def encode(lat, lon, precision=9) -> str:
    """The geohash of a point, ``precision`` characters long (1..12).

    >>> encode(57.64911, 10.40744, precision=11)
    'u4pruydqqvj'
    """
    lat, lon = _checks.latitude(lat), _checks.longitude(lon)
    p = _checks.precision(precision)
    lat_bits, lon_bits = bit_counts(p)
    row = _cell_number(lat, -90.0, 90.0, lat_bits)
    column = _cell_number(lon, -180.0, 180.0, lon_bits)
    return _join(row, column, p)


def bounds(code: str) -> tuple[float, float, float, float]:
    """The cell of a geohash as ``(south, west, north, east)`` in degrees (exact)."""
    row, column, precision = _split(code)
    height, width = _cell_degrees(precision)
    south, west = -90.0 + row * height, -180.0 + column * width
    return south, west, south + height, west + width


def decode(code: str) -> tuple[float, float]:
    """The centre ``(lat, lon)`` of a geohash's cell.

    >>> decode("ezs42")
    (42.60498046875, -5.60302734375)
    """
    south, west, north, east = bounds(code)
    return (south + north) / 2, (west + east) / 2


def neighbors(code: str) -> dict[str, str]:
    """The (up to) 8 cells around a geohash, keyed "n", "ne", "e", ... "nw".

    Columns wrap across the ±180° meridian; beyond a pole there is no cell, so in the
    top row "n", "ne", "nw" are left out (and "s", "se", "sw" in the bottom row).

    >>> neighbors("ezs42")["n"], neighbors("ezs42")["e"]
    ('ezs48', 'ezs43')
    """
    row, column, precision = _split(code)
    lat_bits, lon_bits = bit_counts(precision)
    around = {}
    for direction, (d_row, d_column) in DIRECTIONS.items():
        if 0 <= row + d_row < 2**lat_bits:
            around[direction] = _join(row + d_row, (column + d_column) % 2**lon_bits, precision)
    return around


# --- the encoding step by step, for the notebook --------------------------------------

class Step(NamedTuple):
    """One bisection decision: bit number, axis, the range halved, and the bit written."""

    bit: int
    axis: str
    low: float
    mid: float
    high: float
    value: float
    decision: int


def steps(lat, lon, precision=5) -> list[Step]:
    """Every bisection decision behind ``encode(lat, lon, precision)``, in bit order."""
    lat, lon = _checks.latitude(lat), _checks.longitude(lon)
    lat_bits, lon_bits = bit_counts(precision)
    lon_steps = [("lon", lon, *s) for s in _bisect(lon, -180.0, 180.0, lon_bits)]
    lat_steps = [("lat", lat, *s) for s in _bisect(lat, -90.0, 90.0, lat_bits)]
    ordered = [None] * (lat_bits + lon_bits)
    ordered[0::2], ordered[1::2] = lon_steps, lat_steps  # longitude takes the even bits
    return [Step(i, axis, low, mid, high, value, bit)
            for i, (axis, value, low, mid, high, bit) in enumerate(ordered)]


def steps_table(lat, lon, precision=2) -> pd.DataFrame:
    """The bisection steps as a table: range halved, decision, bit, and the characters."""
    rows = []
    all_steps = steps(lat, lon, precision)
    code = encode(lat, lon, precision)
    for step in all_steps:
        group = step.bit // 5
        char = ""
        if step.bit % 5 == 4:
            five = "".join(str(s.decision) for s in all_steps[5 * group: 5 * group + 5])
            char = f"{five} = {int(five, 2)} → '{code[group]}'"
        side = "upper" if step.decision else "lower"
        rows.append({
            "bit": step.bit,
            "axis": step.axis,
            "range (°)": f"[{step.low:g}, {step.high:g})",
            "midpoint (°)": step.mid,
            "value (°)": step.value,
            "half": side,
            "bit value": step.decision,
            "character": char,
        })
    return pd.DataFrame(rows).set_index("bit")


# --- cell sizes -------------------------------------------------------------------------

def _cell_degrees(precision: int) -> tuple[float, float]:
    """(height, width) in degrees; precision assumed checked."""
    return 180.0 / 2 ** (5 * precision // 2), 360.0 / 2 ** ((5 * precision + 1) // 2)


def cell_degrees(precision) -> tuple[float, float]:
    """(width, height) of a cell in degrees of longitude and latitude.

    >>> cell_degrees(1)
    (45.0, 45.0)
    """
    height, width = _cell_degrees(_checks.precision(precision))
    return width, height


def cell_size(precision, lat=0.0) -> tuple[float, float]:
    """(width, height) of a cell in metres at latitude ``lat`` (spherical Earth).

    Height is the same everywhere; width shrinks with cos(latitude).

    >>> [round(x) for x in cell_size(5)]
    [4887, 4887]
    """
    lat = _checks.latitude(lat, "lat")
    width_deg, height_deg = cell_degrees(precision)
    metres_per_degree = math.pi * EARTH_RADIUS_M / 180.0
    width = width_deg * metres_per_degree * math.cos(math.radians(lat))
    return max(width, 0.0), height_deg * metres_per_degree


def precision_table(lat=0.0) -> pd.DataFrame:
    """Cell size for every precision, at the equator and at latitude ``lat``."""
    lat = _checks.latitude(lat, "lat")
    rows = []
    for p in range(_checks.MIN_PRECISION, _checks.MAX_PRECISION + 1):
        width_deg, height_deg = cell_degrees(p)
        width_eq, height = cell_size(p)
        rows.append({
            "precision": p,
            "bits (lat+lon)": f"{bit_counts(p)[0]}+{bit_counts(p)[1]}",
            "width × height (°)": f"{width_deg:.3g} × {height_deg:.3g}",
            "height": _metres(height),
            "width at equator": _metres(width_eq),
            f"width at {lat:g}°": _metres(cell_size(p, lat)[0]),
        })
    return pd.DataFrame(rows).set_index("precision")


def _metres(x: float) -> str:
    """A length for people: '4.89 km', '611 m', '3.7 cm'."""
    if x >= 100_000:
        return f"{x / 1000:,.0f} km"
    if x >= 1000:
        return f"{x / 1000:.3g} km"
    if x >= 1:
        return f"{x:.3g} m"
    return f"{x * 100:.2g} cm"


def precision_for_radius(radius_m, lat=0.0) -> int:
    """The finest precision whose cells are at least ``radius_m`` wide and high near ``lat``.

    With cells that big, a circle of that radius spans at most 3 x 3 cells.

    >>> precision_for_radius(2_000)
    5
    """
    return _precision_for_radius(_checks.radius(radius_m), _checks.latitude(lat, "lat"))


def _precision_for_radius(r: float, lat: float) -> int:
    # Width is checked at the poleward edge of the circle, where cells are narrowest.
    edge = min(90.0, abs(lat) + math.degrees(r / EARTH_RADIUS_M))
    shrink = math.cos(math.radians(edge))
    for p in range(_checks.MAX_PRECISION, _checks.MIN_PRECISION - 1, -1):
        height, width = _CELL_METRES[p]
        if height >= r and width * shrink >= r:
            return p
    return _checks.MIN_PRECISION


# (height, width at the equator) in metres of a cell, by precision.
_CELL_METRES = {p: (h * math.pi * EARTH_RADIUS_M / 180.0, w * math.pi * EARTH_RADIUS_M / 180.0)
                for p in range(1, 13) for h, w in [_cell_degrees(p)]}


# --- many cells at once ----------------------------------------------------------------

def _slice_number(value: float, low: float, span: float, nbits: int) -> int:
    """Index of the slice holding ``value`` among 2**nbits slices (same rule as bisection)."""
    count = 1 << nbits
    width = span / count  # a power-of-two fraction of span: the edges below are exact
    number = int((value - low) / width)
    if number >= count:
        number = count - 1
    elif number < 0:
        number = 0
    if value < low + number * width:  # rounding put us one slice too far
        number -= 1
    elif number < count - 1 and value >= low + (number + 1) * width:
        number += 1
    return number


def cells_in_box(south, west, north, east, precision) -> list[str]:
    """All cells of a precision that overlap the box (``west <= east``; no wrapping).

    >>> cells_in_box(42.59, -5.62, 42.61, -5.57, 5)
    ['ezs42', 'ezs43']
    """
    p = _checks.precision(precision)
    south, north = _checks.latitude(south, "south"), _checks.latitude(north, "north")
    west = _checks.number(west, "west")
    east = _checks.number(east, "east")
    if not -180.0 <= west <= east <= 180.0 or south > north:
        raise ValueError(
            f"box needs -90 <= south <= north <= 90 and -180 <= west <= east <= 180, got "
            f"south={south}, west={west}, north={north}, east={east}"
        )
    return _cells_in_box(south, west, north, east, p)


def _box_span(south: float, west: float, north: float, east: float, p: int):
    """The rows and columns of precision-p cells that a box overlaps."""
    lat_bits, lon_bits = 5 * p // 2, (5 * p + 1) // 2
    return (range(_slice_number(south, -90.0, 180.0, lat_bits),
                  _slice_number(north, -90.0, 180.0, lat_bits) + 1),
            range(_slice_number(west, -180.0, 360.0, lon_bits),
                  _slice_number(east, -180.0, 360.0, lon_bits) + 1))


def _cells_in_box(south: float, west: float, north: float, east: float, p: int) -> list[str]:
    rows, columns = _box_span(south, west, north, east, p)
    if len(rows) * len(columns) > MAX_CELLS:
        raise ValueError(
            f"the box holds {len(rows) * len(columns):,} cells at precision {p}; "
            f"at most {MAX_CELLS:,} allowed: choose a coarser precision"
        )
    return [_join(r, c, p) for r in rows for c in columns]


AUTO_CELLS = 9  # automatic precision: at most a cell and its 8 neighbours' worth


def covering_spans(lat: float, lon: float, radius_m: float, precision: int | None = None):
    """``(precision, [(rows, columns), ...])``: the cell ranges covering a circle.

    The cells overlap the circle's bounding boxes (see :func:`cells_covering`); input is
    assumed checked. ``precision=None`` picks the finest one needing at most
    :data:`AUTO_CELLS` cells.
    """
    boxes = circle_bounds(lat, lon, radius_m)
    # Cells at least the radius fit in 3 x 3; one level finer often fits in 9 cells too.
    p = precision or min(_precision_for_radius(radius_m, lat) + 1, _checks.MAX_PRECISION)
    spans = [_box_span(*box, p) for box in boxes]
    while precision is None and p > _checks.MIN_PRECISION and _count(spans) > AUTO_CELLS:
        p -= 1
        spans = [_box_span(*box, p) for box in boxes]
    if _count(spans) > MAX_CELLS:
        raise ValueError(f"a {radius_m:g} m circle needs {_count(spans):,} cells at precision "
                         f"{p}; at most {MAX_CELLS:,} allowed: choose a coarser precision")
    return p, spans


def _count(spans) -> int:
    return sum(len(rows) * len(columns) for rows, columns in spans)


def covering_codes(lat: float, lon: float, radius_m: float, precision: int | None = None):
    """``(precision, sorted 60-bit start codes)`` of the covering cells; input assumed checked.

    A precision-p cell holds exactly the 60-bit codes from its start up to, not
    including, start + 2**(60 - 5p).
    """
    p, spans = covering_spans(lat, lon, radius_m, precision)
    shift, odd = 60 - 5 * p, p % 2  # with an odd bit count longitude owns the lowest bit
    starts: set[int] = set()  # a cell in both halves of a circle split at ±180° counts once
    for rows, columns in spans:
        # Spread each row and column once; a cell's code is one row's bits | one column's.
        row_bits = [_spread_int(r) << odd for r in rows]
        column_bits = [_spread_int(c) << (1 - odd) for c in columns]
        starts.update((rb | cb) << shift for rb in row_bits for cb in column_bits)
    return p, sorted(starts)


def cells_covering(lat, lon, radius_m, precision=None) -> list[str]:
    """The cells to look in so that no point within ``radius_m`` of (lat, lon) is missed.

    The cells are those overlapping the circle's bounding box (split at ±180°; all
    longitudes when the circle holds a pole), so the answer is complete, never
    approximate. ``precision=None`` picks the finest precision needing at most
    :data:`AUTO_CELLS` cells.

    >>> cells_covering(42.6, -5.6, 2_000)
    ['ezs40', 'ezs41', 'ezs42', 'ezs43']
    """
    lat, lon = _checks.latitude(lat), _checks.longitude(lon)
    r = _checks.radius(radius_m)
    if precision is not None:
        precision = _checks.precision(precision)
    p, spans = covering_spans(lat, lon, r, precision)
    return sorted({_join(r_, c, p) for rows, columns in spans for r_ in rows for c in columns})


def common_prefix(a: str, b: str) -> str:
    """The longest shared prefix of two geohashes: the smallest cell holding both.

    >>> common_prefix("u4pruydqqvj", "u4pruyd7")
    'u4pruyd'
    """
    a, b = check_code(a), check_code(b)
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return a[:n]


# --- bulk encoding with numpy -----------------------------------------------------------

def _slice_numbers(values: np.ndarray, low: float, span: float) -> np.ndarray:
    """Vectorised :func:`_slice_number` at 30 bits (int64), exact at the slice edges."""
    count = 2**_MAX_BITS
    width = span / count  # a power-of-two fraction of span: every edge below is exact
    number = ((values - low) * (count / span)).astype(np.int64)  # >= 0: truncation = floor
    np.minimum(number, count - 1, out=number)
    # Rounding can land one slice off next to an edge: compare with the exact edges.
    edge = low + number * width
    number -= values < edge
    number += (values >= edge + width) & (number < count - 1)
    return number


# Lookup tables for speed: 16 bits spread to every other bit of 32, one character as a
# UCS-4 code point, and two characters (10 bits) as one 8-byte word of a numpy str array.
# Codes are int64 (60 bits used) so they index the tables without a conversion.
_SPREAD_16 = _spread(np.arange(1 << 16, dtype=np.int64))
_CHAR = np.array([ord(c) for c in BASE32], dtype=np.uint32)
_CHAR_PAIR = np.array([[ord(BASE32[v >> 5]), ord(BASE32[v & 31])] for v in range(1024)],
                      dtype=np.uint32).view(np.uint64).ravel()


_SPREAD_16_LIST = _SPREAD_16.tolist()


def _spread_int(x: int) -> int:
    """:func:`_spread` for one 30-bit Python int, by table (the query path calls it a lot)."""
    return _SPREAD_16_LIST[x & 0xFFFF] | _SPREAD_16_LIST[x >> 16] << 32


def _spread_array(x: np.ndarray) -> np.ndarray:
    """:func:`_spread` for an int64 array of 30-bit numbers, 16 bits at a time by table."""
    return _SPREAD_16[x & 0xFFFF] | (_SPREAD_16[x >> 16] << 32)


def codes60(lats, lons) -> np.ndarray:
    """Each point's 60-bit geohash as an integer (int64), longitude bit first.

    The first ``5p`` of the 60 bits are the precision-p geohash, so a p-character
    prefix is a contiguous range of these integers, as Redis uses them (with 52 bits)
    for GEO.
    """
    lats, lons = _checks.coordinates(lats, lons)
    rows = _slice_numbers(lats.ravel(), -90.0, 180.0)
    columns = _slice_numbers(lons.ravel(), -180.0, 360.0)
    return ((_spread_array(columns) << 1) | _spread_array(rows)).reshape(lats.shape)


def encode_many(lats, lons, precision=9) -> np.ndarray:
    """Geohashes of many points at once: a numpy array of strings, same as :func:`encode`.

    >>> encode_many([42.6, 57.64911], [-5.6, 10.40744], precision=5).tolist()
    ['ezs42', 'u4pru']
    """
    p = _checks.precision(precision)
    code60 = codes60(lats, lons)
    shape, code = code60.shape, code60.ravel() >> (60 - 5 * p)
    # Look the characters up two at a time (10 bits -> two UCS-4 code points in one
    # 8-byte word), laid out row by row, then view the buffer as numpy strings.
    shifts = np.arange(5 * (p - 2), -1, -10, dtype=np.int64)[: p // 2]
    chars = _CHAR_PAIR[(code[:, None] >> shifts) & 1023].view(np.uint32)
    if p % 2:  # the odd last character
        chars = np.concatenate([chars, _CHAR[code & 31][:, None]], axis=1)
    return chars.view(f"U{p}").reshape(shape)
