"""Geohash by hand: halve the world, write down which half, repeat, spell the bits in base 32.

A geohash of precision ``p`` has ``5 * p`` bits. Even-numbered bits (counting from the
first, which is bit 0) halve the longitude range -180..180, odd-numbered bits halve the
latitude range -90..90; a ``1`` means "the upper half". Every 5 bits become one
character of :data:`BASE32`. So longitude gets ``ceil(5p / 2)`` bits and latitude
``floor(5p / 2)``, and each character added divides the cell into 32.

Edges and poles, exactly:

* A point exactly on a dividing line goes to the northern / eastern side (the test is
  ``value >= midpoint``), so cells are half-open: ``south <= lat < north`` and
  ``west <= lon < east``.
* Latitude +90 (the north pole) has no cell above it, so it falls in the top row, whose
  northern edge is closed; -90 is in the bottom row like any southern edge.
* Longitude +180 is the same meridian as -180: it is encoded as -180, in the westmost
  column (as python-geohash does; pygeohash instead puts it in the eastmost column).
* Anything outside -90..90 / -180..180, NaN and infinities raise ValueError; a value
  that is not a number at all raises TypeError. Both name the parameter.

>>> encode(42.6, -5.6, precision=5)
'ezs42'
>>> bounds("ezs42")
(42.5830078125, -5.625, 42.626953125, -5.5810546875)

This module is the readable version, one halving at a time. The same answers, computed
for a million points at once or for the proximity search's hot path, are in
:mod:`sysdesign.geo._fast` (``encode_many``, ``codes60``, ``covering_codes``, importable
from here too); the tests check that the two agree.
"""

from __future__ import annotations

import itertools
import math
from typing import NamedTuple

import numpy as np
import pandas as pd

from sysdesign.core import checks
from sysdesign.core.units import significant
from sysdesign.geo import coordinates
from sysdesign.geo.distance import EARTH_RADIUS_M, circle_bounds, haversine

BASE32 = "0123456789bcdefghjkmnpqrstuvwxyz"  # no a, i, l, o: they look like digits
_VALUE = {char: value for value, char in enumerate(BASE32)}
MIN_PRECISION, MAX_PRECISION = 1, 12  # characters; 12 characters are 60 bits
MAX_CELLS = 100_000  # refuse to list more cells than this in one call
AUTO_CELLS = 9  # automatic precision: at most a cell and its 8 neighbours' worth

# (rows north, columns east) for each compass direction, in clockwise order.
DIRECTIONS = {
    "n": (1, 0), "ne": (1, 1), "e": (0, 1), "se": (-1, 1),
    "s": (-1, 0), "sw": (-1, -1), "w": (0, -1), "nw": (1, -1),
}


def check_precision(value, name: str = "precision") -> int:
    """A geohash precision: a whole number of characters, 1..12."""
    return checks.integer(value, name, MIN_PRECISION, MAX_PRECISION,
                          hint="characters of geohash")


def check_code(code, name: str = "code") -> str:
    """Return ``code`` if it is a valid geohash (1..12 base-32 characters), else raise."""
    if not isinstance(code, str):
        raise TypeError(f"{name} must be a string (a geohash), got "
                        f"{type(code).__name__} {code!r}")
    if not code:
        raise ValueError(f"{name} must not be empty: a geohash has 1..12 characters")
    if len(code) > MAX_PRECISION:
        raise ValueError(f"{name}: geohash {code!r} is longer than {MAX_PRECISION} characters")
    bad = sorted({char for char in code if char not in _VALUE})
    if bad:
        raise ValueError(
            f"{name}: geohash {code!r} has characters outside the alphabet: {''.join(bad)!r}; "
            f"allowed are {BASE32!r} (lower case; no a, i, l, o)"
        )
    return code


def bit_counts(precision: int) -> tuple[int, int]:
    """(latitude bits, longitude bits) in a geohash of this many characters.

    >>> bit_counts(5)
    (12, 13)
    """
    p = check_precision(precision)
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
    """Which of the 2**nbits equal slices of [low, high] holds ``value``, by bisection.

    The bits written while halving, read as a binary number, count the slices from the
    low end: a latitude's row, counted from the south, or a longitude's column from the west.

    >>> _cell_number(-5.6, -180.0, 180.0, 3)   # bits 0, 1, 1: the fourth of 8 columns
    3
    """
    number = 0
    for *_, bit in _bisect(value, low, high, nbits):
        number = number * 2 + bit
    return number


def _interleave(row: int, column: int, precision: int) -> str:
    """The 5p bits of a cell: longitude's and latitude's bits taking turns, longitude first.

    >>> _interleave(0b10, 0b011, 1)   # column bits 0 1 1, row bits 1 0
    '01101'
    """
    lat_bits, lon_bits = bit_counts(precision)
    column_bits = format(column, f"0{lon_bits}b")
    row_bits = format(row, f"0{lat_bits}b")
    return "".join(column_bits[i // 2] if i % 2 == 0 else row_bits[i // 2]
                   for i in range(lat_bits + lon_bits))


def _spell(bits: str) -> str:
    """Every 5 bits as one base-32 character: '01101' is 13, which is 'e'."""
    return "".join(BASE32[int(bits[i:i + 5], 2)] for i in range(0, len(bits), 5))


def _cell_code(row: int, column: int, precision: int) -> str:
    """The geohash of the cell in this row (from the south) and column (from the west)."""
    return _spell(_interleave(row, column, precision))


def _row_column(code: str) -> tuple[int, int, int]:
    """The inverse of :func:`_cell_code`: ``(row, column, precision)`` of a geohash."""
    code = check_code(code)
    bits = "".join(format(_VALUE[char], "05b") for char in code)
    # Longitude took the even-numbered bits, latitude the odd-numbered ones.
    return int(bits[1::2], 2), int(bits[0::2], 2), len(code)


def encode(lat, lon, precision=9) -> str:
    """The geohash of a point, ``precision`` characters long (1..12).

    >>> encode(57.64911, 10.40744, precision=11)
    'u4pruydqqvj'
    """
    lat, lon = coordinates.latitude(lat), coordinates.longitude(lon)
    p = check_precision(precision)
    lat_bits, lon_bits = bit_counts(p)
    row = _cell_number(lat, -90.0, 90.0, lat_bits)  # which row, counted from the south
    column = _cell_number(lon, -180.0, 180.0, lon_bits)  # which column, from the west
    return _cell_code(row, column, p)


def bounds(code: str) -> tuple[float, float, float, float]:
    """The cell of a geohash as ``(south, west, north, east)`` in degrees (exact)."""
    row, column, precision = _row_column(code)
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
    row, column, precision = _row_column(code)
    lat_bits, lon_bits = bit_counts(precision)
    around = {}
    for direction, (d_row, d_column) in DIRECTIONS.items():
        if 0 <= row + d_row < 2**lat_bits:
            around[direction] = _cell_code(row + d_row, (column + d_column) % 2**lon_bits,
                                           precision)
    return around


def code_range(code: str, bits: int = 60) -> tuple[int, int]:
    """The half-open range of ``bits``-bit integer codes inside a cell: [start, end).

    A geohash's 5p bits are the leading bits of every longer code inside its cell, so a
    cell is one contiguous run of integers (or of sorted strings): a prefix is a range.

    >>> code_range("s", bits=10)   # 's' is 24 = 11000: codes 1100000000..1100011111
    (768, 800)
    """
    code = check_code(code)
    bits = checks.integer(bits, "bits", 5 * len(code), 62, hint="length of the integer codes")
    start = 0
    for char in code:
        start = start * 32 + _VALUE[char]
    shift = bits - 5 * len(code)
    return start << shift, (start + 1) << shift


def common_prefix(a: str, b: str) -> str:
    """The longest shared prefix of two geohashes: the smallest cell holding both.

    >>> common_prefix("u4pruydqqvj", "u4pruyd7")
    'u4pruyd'
    """
    a, b = check_code(a, "a"), check_code(b, "b")
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return a[:n]


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
    lat, lon = coordinates.latitude(lat), coordinates.longitude(lon)
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
    height, width = _cell_degrees(check_precision(precision))
    return width, height


def cell_size(precision, lat=0.0) -> tuple[float, float]:
    """(width, height) of a cell in metres at latitude ``lat`` (spherical Earth).

    Height is the same everywhere; width shrinks with cos(latitude).

    >>> [round(x) for x in cell_size(5)]
    [4887, 4887]
    """
    lat = coordinates.latitude(lat, "lat")
    width_deg, height_deg = cell_degrees(precision)
    metres_per_degree = math.pi * EARTH_RADIUS_M / 180.0
    width = width_deg * metres_per_degree * math.cos(math.radians(lat))
    return max(width, 0.0), height_deg * metres_per_degree


def precision_table(lat=0.0) -> pd.DataFrame:
    """Cell size for every precision, at the equator and at latitude ``lat``."""
    lat = coordinates.latitude(lat, "lat")
    rows = []
    for p in range(MIN_PRECISION, MAX_PRECISION + 1):
        width_deg, height_deg = cell_degrees(p)
        width_eq, height = cell_size(p)
        rows.append({
            "precision": p,
            "bits (lat+lon)": f"{bit_counts(p)[0]}+{bit_counts(p)[1]}",
            "width × height (°)": f"{width_deg:.3g} × {height_deg:.3g}",
            "height": length_text(height),
            "width at equator": length_text(width_eq),
            f"width at {lat:g}°": length_text(cell_size(p, lat)[0]),
        })
    return pd.DataFrame(rows).set_index("precision")


def length_text(x: float) -> str:
    """A length in metres for people, three significant digits: '4.89 km', '611 m', '3.7 cm'.

    >>> length_text(4_887.5), length_text(610.9), length_text(0.0186)
    ('4.89 km', '611 m', '1.9 cm')
    """
    if x >= 1000:
        return f"{significant(x / 1000)} km"
    if x >= 1:
        return f"{significant(x)} m"
    return f"{significant(x * 100, 2)} cm"


def privacy_table(lat, lon, precisions=range(1, 10)) -> pd.DataFrame:
    """What a truncated geohash reveals about a point: the cell, its size, the guess error.

    Sharing only the first p characters says "somewhere in this cell". For each precision:
    the code, the cell's width and height at the point's latitude, and how far a guess at
    the cell's centre can be from the truth: at worst (a point in a corner) and for this
    point.
    """
    lat, lon = coordinates.latitude(lat), coordinates.longitude(lon)
    full = encode(lat, lon, MAX_PRECISION)
    rows = []
    for p in precisions:
        p = check_precision(p)
        code = full[:p]
        south, west, north, east = bounds(code)
        c_lat, c_lon = (south + north) / 2, (west + east) / 2
        corners = [(south, west), (south, east), (north, west), (north, east)]
        worst = max(float(haversine(c_lat, c_lon, a, b)) for a, b in corners)
        width, height = cell_size(p, lat)
        rows.append({"precision": p, "shared code": code,
                     "cell (width × height)": f"{length_text(width)} × {length_text(height)}",
                     "worst guess error": length_text(worst),
                     "this point's error": length_text(float(haversine(c_lat, c_lon, lat,
                                                                       lon)))})
    return pd.DataFrame(rows).set_index("precision")


def precision_hiding(lat, min_size_m) -> int:
    """The longest geohash whose cell is at least ``min_size_m`` wide and high at ``lat``.

    Widths are taken at ``lat`` itself, as :func:`cell_size` gives them (a cell's
    poleward edge is slightly narrower than that).

    >>> precision_hiding(0.0, 2_000), precision_hiding(70.0, 2_000)
    (5, 4)
    """
    lat = coordinates.latitude(lat)
    min_size_m = checks.number(min_size_m, "min_size_m", 0, lo_open=True, hint="metres")
    fitting = [p for p in range(MIN_PRECISION, MAX_PRECISION + 1)
               if min(cell_size(p, lat)) >= min_size_m]
    if not fitting:
        raise ValueError(f"min_size_m: no geohash cell is {min_size_m:g} m on each side at "
                         f"latitude {lat:g}")
    return max(fitting)


def precision_for_radius(radius_m, lat=0.0) -> int:
    """The finest precision whose cells are at least ``radius_m`` wide and high near ``lat``.

    With cells that big, a circle of that radius spans at most 3 x 3 cells.

    >>> precision_for_radius(2_000)
    5
    """
    return _precision_for_radius(coordinates.radius(radius_m),
                                 coordinates.latitude(lat, "lat"))


# (height, width at the equator) in metres of a cell, by precision: computed once, because
# the proximity search asks for a precision on every query.
_CELL_METRES = {p: (h * math.pi * EARTH_RADIUS_M / 180.0, w * math.pi * EARTH_RADIUS_M / 180.0)
                for p in range(MIN_PRECISION, MAX_PRECISION + 1)
                for h, w in [_cell_degrees(p)]}


def _precision_for_radius(r: float, lat: float) -> int:
    # Width is checked at the poleward edge of the circle, where cells are narrowest.
    edge = min(90.0, abs(lat) + math.degrees(r / EARTH_RADIUS_M))
    shrink = math.cos(math.radians(edge))
    for p in range(MAX_PRECISION, MIN_PRECISION - 1, -1):
        height, width = _CELL_METRES[p]
        if height >= r and width * shrink >= r:
            return p
    return MIN_PRECISION


# --- sort order: the Z-order curve ----------------------------------------------------------

def all_codes(precision) -> list[str]:
    """Every code of a precision (1..3), in sorted order: 32, 1,024 or 32,768 of them.

    >>> all_codes(1)[:12]
    ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'b', 'c']
    """
    p = checks.integer(precision, "precision", 1, 3, hint="characters: 32**p cells are listed")
    # BASE32 lists its characters in ascending order, so the product comes out sorted.
    return ["".join(chars) for chars in itertools.product(BASE32, repeat=p)]


def z_curve(precision) -> list[tuple[int, int]]:
    """(row from the south, column from the west) of every cell, in the order of their codes.

    Sorting geohashes sorts cells along a Z-order (Morton) curve: every four consecutive
    cells form a 2 x 2 block, visited SW, SE, NW, NE (a Z) when the last bit is a
    longitude bit (odd precisions) or SW, NW, SE, NE (an N) when it is a latitude bit
    (even precisions), and bigger blocks repeat the pattern. Limited to precision 1..3
    (32, 1,024 or 32,768 cells).

    >>> z_curve(1)[:4]   # '0', '1', '2', '3': a Z drawn from the bottom-left corner
    [(0, 0), (0, 1), (1, 0), (1, 1)]
    """
    return [_row_column(code)[:2] for code in all_codes(precision)]


def order_gaps(precision, *, wrap=True) -> pd.DataFrame:
    """Every pair of side-by-side cells and how far apart their codes sit in sorted order.

    Pairs share an edge: east-west pairs (and, with ``wrap``, the pair across the ±180°
    meridian) and north-south pairs. ``gap`` is the difference of their positions in the
    sorted list of all cells of that precision (precision 1..3).

    >>> gaps = order_gaps(1)
    >>> gaps.loc[(gaps.cell_a == "g") & (gaps.cell_b == "u"), "gap"].item()
    11
    """
    curve = z_curve(precision)
    p = int(precision)
    lat_bits, lon_bits = bit_counts(p)
    rank = np.empty((2**lat_bits, 2**lon_bits), dtype=np.int64)
    for position, (row, column) in enumerate(curve):
        rank[row, column] = position
    pairs = [(rank[:, :-1], rank[:, 1:], "east-west"), (rank[:-1, :], rank[1:, :], "north-south")]
    if wrap:
        pairs.append((rank[:, -1:], rank[:, :1], "across ±180°"))
    frame = pd.concat([pd.DataFrame({"a": a.ravel(), "b": b.ravel(), "direction": kind})
                       for a, b, kind in pairs], ignore_index=True)
    codes = all_codes(p)
    return pd.DataFrame({"cell_a": [codes[i] for i in frame["a"]],
                         "cell_b": [codes[i] for i in frame["b"]],
                         "direction": frame["direction"],
                         "gap": (frame["a"] - frame["b"]).abs()})


# Bands of "positions apart in sorted order" for gap_table, each inclusive.
GAP_BANDS = [(1, 1), (2, 3), (4, 31), (32, 255), (256, 1_023), (1_024, 32_767)]


def gap_table(precision, *, wrap=True) -> pd.DataFrame:
    """How many side-by-side cell pairs sit how far apart in sorted order, in bands."""
    frame = order_gaps(precision, wrap=wrap)
    cells = 32 ** int(precision)
    rows = []
    for low, high in GAP_BANDS:
        if low >= cells:
            break
        pairs = int(frame["gap"].between(low, high).sum())
        label = f"{low}" if low == high else f"{low:,}-{min(high, cells - 1):,}"
        rows.append({"positions apart": label, "pairs": pairs,
                     "share": round(pairs / len(frame), 3)})
    return pd.DataFrame(rows).set_index("positions apart")


# --- the cells over a box and over a circle --------------------------------------------

def _box_span(south: float, west: float, north: float, east: float, p: int):
    """The rows and columns of precision-p cells that a box overlaps (input checked).

    The corners are placed by the same halving that :func:`encode` uses.
    """
    lat_bits, lon_bits = bit_counts(p)
    rows = range(_cell_number(south, -90.0, 90.0, lat_bits),
                 _cell_number(north, -90.0, 90.0, lat_bits) + 1)
    columns = range(_cell_number(west, -180.0, 180.0, lon_bits),
                    _cell_number(east, -180.0, 180.0, lon_bits) + 1)
    return rows, columns


def cells_in_box(south, west, north, east, precision) -> list[str]:
    """All cells of a precision that overlap the box (``west <= east``; no wrapping).

    >>> cells_in_box(42.59, -5.62, 42.61, -5.57, 5)
    ['ezs42', 'ezs43']
    """
    p = check_precision(precision)
    south = coordinates.latitude(south, "south")
    north = coordinates.latitude(north, "north")
    west = coordinates.longitude(west, "west", wrap=False)
    east = coordinates.longitude(east, "east", wrap=False)
    if south > north or west > east:
        raise ValueError(f"the box needs south <= north and west <= east (it cannot wrap), "
                         f"got south={south}, west={west}, north={north}, east={east}")
    rows, columns = _box_span(south, west, north, east, p)
    if len(rows) * len(columns) > MAX_CELLS:
        raise ValueError(
            f"the box holds {len(rows) * len(columns):,} cells at precision {p}; "
            f"at most {MAX_CELLS:,} allowed: choose a coarser precision"
        )
    return [_cell_code(row, column, p) for row in rows for column in columns]


def covering_spans(lat: float, lon: float, radius_m: float, precision: int | None = None):
    """``(precision, [(rows, columns), ...])``: the cell ranges covering a circle.

    The cells overlap the circle's bounding boxes (see :func:`cells_covering`); input is
    assumed checked. ``precision=None`` picks the finest one needing at most
    :data:`AUTO_CELLS` cells.
    """
    return _covering_spans(lat, lon, radius_m, precision, _box_span)


def _covering_spans(lat, lon, radius_m, precision, box_span):
    """:func:`covering_spans`, placing box corners with ``box_span`` (the fast path has its own)."""
    boxes = circle_bounds(lat, lon, radius_m)
    # Cells at least the radius fit in 3 x 3; one level finer often fits in 9 cells too.
    p = precision or min(_precision_for_radius(radius_m, lat) + 1, MAX_PRECISION)
    spans = [box_span(*box, p) for box in boxes]
    while precision is None and p > MIN_PRECISION and _count(spans) > AUTO_CELLS:
        p -= 1
        spans = [box_span(*box, p) for box in boxes]
    if _count(spans) > MAX_CELLS:
        raise ValueError(f"a {radius_m:g} m circle needs {_count(spans):,} cells at precision "
                         f"{p}; at most {MAX_CELLS:,} allowed: choose a coarser precision")
    return p, spans


def _count(spans) -> int:
    return sum(len(rows) * len(columns) for rows, columns in spans)


def cells_covering(lat, lon, radius_m, precision=None) -> list[str]:
    """The cells to look in so that no point within ``radius_m`` of (lat, lon) is missed.

    The cells are those overlapping the circle's bounding box (split at ±180°; all
    longitudes when the circle holds a pole), so the answer is complete, never
    approximate. ``precision=None`` picks the finest precision needing at most
    :data:`AUTO_CELLS` cells.

    >>> cells_covering(42.6, -5.6, 2_000)
    ['ezs40', 'ezs41', 'ezs42', 'ezs43']
    """
    lat, lon = coordinates.latitude(lat), coordinates.longitude(lon)
    radius_m = coordinates.radius(radius_m)
    if precision is not None:
        precision = check_precision(precision)
    p, spans = covering_spans(lat, lon, radius_m, precision)
    # A cell in both halves of a circle split at ±180° is listed once.
    return sorted({_cell_code(row, column, p)
                   for rows, columns in spans for row in rows for column in columns})


# --- the fast twins ---------------------------------------------------------------------
# Bulk encoding and the search's integer codes live in _fast.py (same answers, tested
# equal to the functions above); they are importable from here, as they always were.
from sysdesign.geo._fast import codes60, covering_codes, encode_many  # noqa: E402, F401
