"""Fast twins of :mod:`sysdesign.geo.geohash`: bulk encoding and the search's hot path.

Not the lesson (read ``geohash.py`` for that): every function here returns exactly what
a readable one there returns, and ``tests/geo/test_fast.py`` checks each pair, with
hypothesis where it fits:

* :func:`encode_many` (a million points at once) equals :func:`geohash.encode` per point;
* :func:`codes60` is the 12-character geohash as one 60-bit integer;
* :func:`box_span` equals ``geohash._box_span`` (which halves 30 times per corner);
* :func:`covering_codes` equals :func:`geohash.cells_covering`, as 60-bit start codes.

Three tricks make them fast:

1. *A slice by arithmetic.* ``(value - low) / width`` finds the slice in one division
   instead of up to 30 halvings. Rounding can put it one slice off next to an edge, so
   the answer is corrected against the exact edges (``width`` is a power-of-two fraction
   of the range, so every edge is an exact float), which makes it the halving's answer.
2. *Interleaving by table.* Moving bit k of a number to bit 2k ("spreading") is looked
   up 16 bits at a time; a geohash's bits are then ``spread(column) << 1 | spread(row)``.
3. *Characters by table.* Two characters (10 bits) are looked up at once as two UCS-4
   code points in one 8-byte word, and the buffer is viewed as numpy strings.
"""

from __future__ import annotations

import numpy as np

from sysdesign.geo import coordinates, geohash

_MAX_BITS = 30  # per axis at precision 12: 30 longitude + 30 latitude bits

# Masks that move bits between positions k and 2k, five doublings for up to 32 bits.
_MASKS = ((16, 0x0000FFFF0000FFFF), (8, 0x00FF00FF00FF00FF), (4, 0x0F0F0F0F0F0F0F0F),
          (2, 0x3333333333333333), (1, 0x5555555555555555))


def _spread(x):
    """Move bit k of a number (int or int64 array) below 2**32 to bit 2k."""
    for shift, mask in _MASKS:
        x = (x | (x << shift)) & mask
    return x


# Lookup tables: 16 bits spread to every other bit of 32, one character as a UCS-4 code
# point, and two characters (10 bits) as one 8-byte word of a numpy str array. Codes are
# int64 (60 bits used) so they index the tables without a conversion.
_SPREAD_16 = _spread(np.arange(1 << 16, dtype=np.int64))
_SPREAD_16_LIST = _SPREAD_16.tolist()
_CHAR = np.array([ord(c) for c in geohash.BASE32], dtype=np.uint32)
_CHAR_PAIR = np.array([[ord(geohash.BASE32[v >> 5]), ord(geohash.BASE32[v & 31])]
                       for v in range(1024)], dtype=np.uint32).view(np.uint64).ravel()


def _spread_int(x: int) -> int:
    """:func:`_spread` for one 30-bit Python int, by table (the query path calls it a lot)."""
    return _SPREAD_16_LIST[x & 0xFFFF] | _SPREAD_16_LIST[x >> 16] << 32


def _spread_array(x: np.ndarray) -> np.ndarray:
    """:func:`_spread` for an int64 array of 30-bit numbers, 16 bits at a time by table."""
    return _SPREAD_16[x & 0xFFFF] | (_SPREAD_16[x >> 16] << 32)


# --- slices by arithmetic -----------------------------------------------------------------

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


def box_span(south: float, west: float, north: float, east: float, p: int):
    """``geohash._box_span`` by arithmetic: the rows and columns a box overlaps."""
    lat_bits, lon_bits = 5 * p // 2, (5 * p + 1) // 2
    return (range(_slice_number(south, -90.0, 180.0, lat_bits),
                  _slice_number(north, -90.0, 180.0, lat_bits) + 1),
            range(_slice_number(west, -180.0, 360.0, lon_bits),
                  _slice_number(east, -180.0, 360.0, lon_bits) + 1))


def covering_codes(lat: float, lon: float, radius_m: float, precision: int | None = None):
    """``(precision, sorted 60-bit start codes)`` of the covering cells; input assumed checked.

    The cells are those of :func:`geohash.cells_covering`. A precision-p cell holds exactly
    the 60-bit codes from its start up to, not including, start + 2**(60 - 5p).
    """
    p, spans = geohash._covering_spans(lat, lon, radius_m, precision, box_span)
    shift, odd = 60 - 5 * p, p % 2  # with an odd bit count longitude owns the lowest bit
    starts: set[int] = set()  # a cell in both halves of a circle split at ±180° counts once
    for rows, columns in spans:
        # Spread each row and column once; a cell's code is one row's bits | one column's.
        row_bits = [_spread_int(r) << odd for r in rows]
        column_bits = [_spread_int(c) << (1 - odd) for c in columns]
        starts.update((rb | cb) << shift for rb in row_bits for cb in column_bits)
    return p, sorted(starts)


# --- many points at once --------------------------------------------------------------------

def codes60(lats, lons) -> np.ndarray:
    """Each point's 60-bit geohash as an integer (int64), longitude bit first.

    The first ``5p`` of the 60 bits are the precision-p geohash, so a p-character
    prefix is a contiguous range of these integers, as Redis uses them (with 52 bits)
    for GEO.
    """
    lats, lons = coordinates.points(lats, lons)
    rows = _slice_numbers(lats.ravel(), -90.0, 180.0)
    columns = _slice_numbers(lons.ravel(), -180.0, 360.0)
    return ((_spread_array(columns) << 1) | _spread_array(rows)).reshape(lats.shape)


def encode_many(lats, lons, precision=9) -> np.ndarray:
    """Geohashes of many points at once: a numpy array of strings, same as ``encode``.

    >>> encode_many([42.6, 57.64911], [-5.6, 10.40744], precision=5).tolist()
    ['ezs42', 'u4pru']
    """
    p = geohash.check_precision(precision)
    code60 = codes60(lats, lons)
    shape, code = code60.shape, code60.ravel() >> (60 - 5 * p)
    # Look the characters up two at a time (10 bits -> two UCS-4 code points in one
    # 8-byte word), laid out row by row, then view the buffer as numpy strings.
    shifts = np.arange(5 * (p - 2), -1, -10, dtype=np.int64)[: p // 2]
    chars = _CHAR_PAIR[(code[:, None] >> shifts) & 1023].view(np.uint32)
    if p % 2:  # the odd last character
        chars = np.concatenate([chars, _CHAR[code & 31][:, None]], axis=1)
    return chars.view(f"U{p}").reshape(shape)
