"""Fast twins of :mod:`sysdesign.geo.geohash`: bulk encoding and the search's hot path.

Not the lesson (read ``geohash.py`` for that): every function here returns exactly what
a readable one there returns, and ``tests/geo/test_fast.py`` checks each pair, with
hypothesis where it fits:

* :func:`encode_many` (a million points at once) equals :func:`geohash.encode` per point;
* :func:`codes60` is the 12-character geohash as one 60-bit integer;
* :func:`box_span` equals ``geohash._box_span`` (which halves 30 times per corner);
* :func:`covering_codes` equals :func:`geohash.cells_covering`, as 60-bit start codes,
  and :func:`covering_codes_many` equals :func:`covering_codes` circle by circle;
* :func:`fill_quadtree` (behind ``QuadTree.from_points``) builds exactly the tree of the
  readable recursive ``QuadTree._fill``: same boxes, counts, ids and split count.

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

import gc

import numpy as np

from sysdesign.geo import coordinates, geohash
from sysdesign.geo.distance import circle_bounds

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


def covering_codes_many(lats, lons, radii):
    """:func:`covering_codes` (automatic precision) for many circles at once.

    Returns ``(precisions, codes, starts)``: circle ``i`` is covered by the cells whose
    sorted 60-bit start codes are ``codes[starts[i]:starts[i + 1]]``, at precision
    ``precisions[i]``. Input is assumed checked (as for :func:`covering_codes`).

    Each circle's bounding boxes and first precision come from the same Python code as
    :func:`covering_codes` (``circle_bounds``, ``_precision_for_radius``), so they are
    the same floats; the rest is numpy: every box corner's 30-bit slice once (the
    slice at fewer bits is its prefix, as halving fewer times gives), coarser precisions
    while a circle needs more than ``AUTO_CELLS`` cells, then every cell's code.
    """
    lats, lons, radii = (np.asarray(a, dtype=np.float64).ravel() for a in (lats, lons, radii))
    owners, boxes, precisions = [], [], []
    for i, (lat, lon, radius) in enumerate(zip(lats.tolist(), lons.tolist(), radii.tolist(),
                                               strict=True)):
        for box in circle_bounds(lat, lon, radius):
            owners.append(i)
            boxes.append(box)
        precisions.append(min(geohash._precision_for_radius(radius, lat) + 1,
                              geohash.MAX_PRECISION))
    owner = np.array(owners, dtype=np.int64)
    south, west, north, east = np.array(boxes, dtype=np.float64).reshape(-1, 4).T
    rows = (_slice_numbers(south, -90.0, 180.0), _slice_numbers(north, -90.0, 180.0))
    columns = (_slice_numbers(west, -180.0, 360.0), _slice_numbers(east, -180.0, 360.0))
    p = np.array(precisions, dtype=np.int64)

    def span(p_box):  # each box's first row and column and how many, at its precision
        lat_shift, lon_shift = _MAX_BITS - 5 * p_box // 2, _MAX_BITS - (5 * p_box + 1) // 2
        row0, col0 = rows[0] >> lat_shift, columns[0] >> lon_shift
        return row0, col0, (rows[1] >> lat_shift) - row0 + 1, (columns[1] >> lon_shift) - col0 + 1

    while True:
        _, _, n_rows, n_cols = span(p[owner])
        cells = np.bincount(owner, n_rows * n_cols, minlength=lats.size)
        coarser = (cells > geohash.AUTO_CELLS) & (p > geohash.MIN_PRECISION)
        if not coarser.any():
            break
        p[coarser] -= 1
    if (cells > geohash.MAX_CELLS).any():  # the readable function raises the error
        i = int(np.flatnonzero(cells > geohash.MAX_CELLS)[0])
        covering_codes(float(lats[i]), float(lons[i]), float(radii[i]), None)
    p_box = p[owner]
    row0, col0, n_rows, n_cols = span(p_box)
    per_box = n_rows * n_cols
    box = np.repeat(np.arange(owner.size), per_box)
    k = np.arange(box.size) - np.repeat(np.cumsum(per_box) - per_box, per_box)
    row, col = row0[box] + k // n_cols[box], col0[box] + k % n_cols[box]
    odd, shift = p_box[box] % 2, 60 - 5 * p_box[box]
    codes = ((_spread_array(row) << odd) | (_spread_array(col) << (1 - odd))) << shift
    # Sorted per circle, each cell once (a cell in both halves of a circle split at ±180°).
    circle = owner[box]
    order = np.lexsort((codes, circle))
    codes, circle = codes[order], circle[order]
    keep = np.ones(codes.size, dtype=bool)
    keep[1:] = (codes[1:] != codes[:-1]) | (circle[1:] != circle[:-1])
    codes, circle = codes[keep], circle[keep]
    starts = np.concatenate([[0], np.cumsum(np.bincount(circle, minlength=lats.size))])
    return p, codes, starts


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


# --- a quadtree built from sorted paths ---------------------------------------------------

_KEY_LEVELS = 30  # a point's path down the tree, 2 bits a level: 60 bits, as in codes60
_CHILD_DIGIT = (1, 3, 0, 2)  # NW, NE, SW, SE as path digits (east bit, then north bit)
_WORLD = (-90.0, -180.0, 90.0, 180.0)


def quadtree_keys(lats: np.ndarray, lons: np.ndarray, bounds, levels: int) -> np.ndarray:
    """Each point's path from the root down ``levels`` (<= 30) levels, 2 bits a level.

    A level's digit is ``2 * east + north``: the box is halved exactly as ``Node.split``
    halves it (``(south + north) / 2``, the same floats), and a point on a midline goes
    north / east, as ``Node.child_for`` sends it. Over the whole world those halvings are
    the geohash's, so the path is the first ``2 * levels`` bits of :func:`codes60`;
    other bounds are halved here, one level at a time.
    """
    if tuple(bounds) == _WORLD:
        return codes60(lats, lons) >> (2 * (_MAX_BITS - levels))
    return _halved_keys(lats, lons, bounds, levels)


def _halved_keys(lats, lons, bounds, levels) -> np.ndarray:
    """:func:`quadtree_keys` by halving the box ``levels`` times, for any bounds."""
    south, west, north, east = bounds
    lat_lo, lat_hi = np.full(lats.size, float(south)), np.full(lats.size, float(north))
    lon_lo, lon_hi = np.full(lats.size, float(west)), np.full(lats.size, float(east))
    keys = np.zeros(lats.size, dtype=np.int64)
    for _ in range(levels):
        mid_lat, mid_lon = (lat_lo + lat_hi) / 2, (lon_lo + lon_hi) / 2
        up, right = lats >= mid_lat, lons >= mid_lon
        lat_lo, lat_hi = np.where(up, mid_lat, lat_lo), np.where(up, lat_hi, mid_lat)
        lon_lo, lon_hi = np.where(right, mid_lon, lon_lo), np.where(right, lon_hi, mid_lon)
        keys = keys * 4 + right * 2 + up
    return keys


def fill_quadtree(tree, lats: np.ndarray, lons: np.ndarray) -> None:
    """Put points 0..n-1 into an empty ``tree``: the tree ``tree._fill`` builds, faster.

    ``QuadTree._fill`` (the readable version) recurses box by box, masking each box's
    points four ways. Here every point's path down the tree is computed at once
    (:func:`quadtree_keys`) and the points sorted by it, so the points of any box are one
    run of the sorted array; one ``searchsorted`` per depth finds where every child's run
    starts, and Python only walks the boxes to make the nodes. ``tests/geo/test_fast.py``
    checks that every node (box, depth, count, ids) and the split count equal
    ``_fill``'s.
    """
    capacity, max_depth = tree.capacity, tree.max_depth
    root = tree.root
    root.count = lats.size
    if lats.size <= capacity or root.depth >= max_depth:
        root.ids = list(range(lats.size))
        return
    if max_depth > _KEY_LEVELS:  # paths too long for an int64: the readable build
        tree._fill(root, np.arange(lats.size), lats, lons)
        return
    # The build only adds objects that stay alive (nodes and their id lists, tens of
    # thousands), so the garbage collector's rounds during it would find nothing to free:
    # they are put off until it is done (about a third of the build's time).
    collecting = gc.isenabled()
    gc.disable()
    try:
        _fill_levels(tree, lats, lons)
    finally:
        if collecting:
            gc.enable()


def _fill_levels(tree, lats, lons) -> None:
    """The body of :func:`fill_quadtree` once the root must split."""
    capacity, max_depth, root = tree.capacity, tree.max_depth, tree.root
    levels = max_depth
    keys = quadtree_keys(lats, lons, tree.bounds, levels)
    order = np.argsort(keys)  # the points of any box are now one run of the sorted keys
    keys = keys[order]
    digits = np.array(_CHILD_DIGIT, dtype=np.int64)
    root.split()
    root.ids = None
    splits = 1
    leaves = []  # (node, start, count) of every non-empty leaf: its run in `order`
    splitting = [root]  # the boxes of this depth that split
    prefixes = np.zeros(1, dtype=np.int64)  # their paths so far
    while splitting:
        depth = splitting[0].depth + 1  # the children's depth (one depth per round)
        shift = 2 * (levels - depth)
        child_paths = 4 * prefixes[:, None] + digits  # (boxes, 4) in NW, NE, SW, SE order
        starts = np.searchsorted(keys, child_paths << shift)
        counts = np.searchsorted(keys, (child_paths + 1) << shift) - starts
        splits_here = (counts > capacity) & (depth < max_depth)
        next_splitting: list = []
        children = (c for parent in splitting for c in parent.children)
        for node, start, count, splits_now in zip(
                children, starts.ravel().tolist(), counts.ravel().tolist(),
                splits_here.ravel().tolist(), strict=True):
            node.count = count
            if splits_now:
                node.split()
                node.ids = None
                next_splitting.append(node)
            elif count:
                leaves.append((node, start, count))
        splits += len(next_splitting)
        prefixes = child_paths[splits_here]
        splitting = next_splitting
    # Each leaf's ids ascending, as _fill leaves them: sort by (leaf, id) in one go. The
    # leaves' runs cover 0..n-1, so numbering the runs and sorting run * n + id keeps
    # every run in place and sorts the ids inside it.
    run = np.zeros(lats.size, dtype=np.int64)
    run[[start for _, start, _ in leaves]] = 1  # where each run begins
    ids = (np.sort(np.cumsum(run) * lats.size + order) % lats.size).tolist()
    for node, start, count in leaves:
        node.ids = ids[start:start + count]
    tree.splits += splits
