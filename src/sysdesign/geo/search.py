""""What is within r metres of me?" answered three ways behind one interface.

Each method picks *candidates* its own way, then one shared step keeps the candidates
whose great-circle distance is at most the radius, so all three return exactly the
same ids; they differ only in how much work they do:

* brute force: every point is a candidate;
* geohash: the cells from :func:`geohash.cells_covering`, read as range scans over the
  points sorted by geohash (what a B-tree index on a text column does); cells that sit
  next to each other in sorted order merge into one scan;
* quadtree: the points in the leaves the circle's bounding box reaches.

Work is counted two ways. *Candidates* are the points whose distance was computed: the
same unit for all three methods. *Index probes* are each index's own steps, and they are
not comparable across methods: for the geohash search, one probe is one range scan (two
binary searches in the sorted codes, about 2 log2(n) comparisons); for the quadtree, one
probe is one tree node visited (a box-overlap test). Brute force has no index: 0 probes.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
import pandas as pd

from sysdesign.core import checks
from sysdesign.geo import coordinates, geohash
from sysdesign.geo._fast import codes60, covering_codes
from sysdesign.geo.distance import EARTH_RADIUS_M, distances_prepared, haversine, prepare
from sysdesign.geo.quadtree import QuadTree


@dataclass(frozen=True)
class Found:
    """The answer to one radius query and the work it took."""

    ids: np.ndarray  # ids of the points within the radius, ascending
    candidates: int  # points whose distance was computed
    probes: int  # index steps: geohash range scans, or quadtree nodes visited (see above)


class ProximitySearch:
    """Holds the points and does the final distance check; subclasses pick the candidates."""

    name = "base"

    def __init__(self, lats, lons):
        self.lats, self.lons = (a.ravel() for a in coordinates.points(lats, lons))
        self._terms = prepare(self.lats, self.lons)  # the haversine's per-point terms

    def __len__(self) -> int:
        return self.lats.size

    def candidates(self, lat: float, lon: float, radius_m: float) -> tuple[np.ndarray | None, int]:
        """(ids worth checking, or None for all; probes). The one hook subclasses override."""
        raise NotImplementedError

    def within(self, lat, lon, radius_m) -> Found:
        """The points within ``radius_m`` metres of (lat, lon), and the work done."""
        lat, lon = coordinates.latitude(lat), coordinates.longitude(lon)
        radius_m = coordinates.radius(radius_m)
        ids, probes = self.candidates(lat, lon, radius_m)
        if ids is None:
            near = np.flatnonzero(distances_prepared(lat, lon, *self._terms) <= radius_m)
            return Found(near, self.lats.size, probes)
        ids = np.sort(ids)
        terms = (term[ids] for term in self._terms)
        near = ids[distances_prepared(lat, lon, *terms) <= radius_m]
        return Found(near, ids.size, probes)


class BruteForce(ProximitySearch):
    """Check the distance to every point."""

    name = "brute force"

    def candidates(self, lat, lon, radius_m):
        return None, 0


class GeohashSearch(ProximitySearch):
    """Points sorted by geohash; a query scans the ranges of the covering cells.

    Each point's geohash is kept as its 60-bit integer (12 characters' worth), as Redis
    keeps 52-bit ones in a sorted set: a p-character prefix is then a contiguous range
    of integers, exactly as it is a contiguous range of sorted strings in a database
    index, and one binary search finds each end. The integers come from the fast twins
    in ``_fast.py`` (``codes60``, ``covering_codes``), which the tests hold equal to
    ``geohash.encode`` and ``geohash.cells_covering``.
    """

    name = "geohash"

    def __init__(self, lats, lons, precision=None):
        super().__init__(lats, lons)
        self.precision = None if precision is None else geohash.check_precision(precision)
        codes = codes60(self.lats, self.lons)
        self.order = np.argsort(codes, kind="stable")
        self.codes = codes[self.order]  # the sorted "index column"

    def ids_in(self, code: str) -> np.ndarray:
        """Ids of the points in the cell ``code``, ascending: one range scan of the index."""
        start, end = geohash.code_range(code)
        low, high = np.searchsorted(self.codes, [start, end])
        return np.sort(self.order[low:high])

    def candidates(self, lat, lon, radius_m):
        p, starts = covering_codes(lat, lon, radius_m, self.precision)
        ranges = scan_ranges(starts, 1 << (60 - 5 * p))
        edges = np.array([a for a, _ in ranges] + [b for _, b in ranges], dtype=np.int64)
        bounds = np.searchsorted(self.codes, edges).tolist()
        scans = len(ranges)
        runs = [self.order[a:b] for a, b in zip(bounds[:scans], bounds[scans:], strict=True)
                if b > a]
        ids = np.concatenate(runs) if runs else np.empty(0, dtype=np.int64)
        return ids, scans


def scan_ranges(starts: list[int], size: int) -> list[tuple[int, int]]:
    """Half-open code ranges [start, end) for sorted cell starts, neighbours in order merged.

    Cells whose codes follow each other in sorted order form one range scan; the Z-order
    curve decides how many scans a 3 x 3 block needs.

    >>> scan_ranges([0, 4, 8, 20], 4)
    [(0, 12), (20, 24)]
    """
    ranges: list[list[int]] = []
    for start in starts:
        if ranges and ranges[-1][1] == start:
            ranges[-1][1] = start + size
        else:
            ranges.append([start, start + size])
    return [(a, b) for a, b in ranges]


class QuadtreeSearch(ProximitySearch):
    """A bucket PR quadtree over the points: a query opens only boxes the circle reaches.

    Leaves of up to 32 points by default: fewer boxes to visit per query, and checking a
    few more points is one vectorised distance computation.
    """

    name = "quadtree"

    def __init__(self, lats, lons, capacity=32):
        super().__init__(lats, lons)
        self.tree = QuadTree.from_points(self.lats, self.lons, capacity=capacity)

    def candidates(self, lat, lon, radius_m):
        ids = self.tree.candidates_within(lat, lon, radius_m)
        return ids, self.tree.nodes_visited


METHODS = {cls.name: cls for cls in (BruteForce, GeohashSearch, QuadtreeSearch)}


QUERY_SPREAD_M = 1_000.0  # queries start within 1 km of a city: a user in town


def queries_near(lats, lons, n, *, seed=0, spread_m=QUERY_SPREAD_M):
    """``n`` query points, each uniformly within ``spread_m`` metres of a random city.

    Every city is equally likely; the point is then placed uniformly over the disc of
    radius ``spread_m`` around it (a user somewhere in town; the disc is laid out flat,
    which is exact enough for a kilometre), so small searches find something, as real
    ones near people do.
    """
    n = checks.integer(n, "n", 1, hint="queries")
    spread_m = coordinates.radius(spread_m, "spread_m")
    lats, lons = (a.ravel() for a in coordinates.points(lats, lons))
    if lats.size == 0:
        raise ValueError("lats and lons must hold at least one city to start queries near")
    rng = np.random.default_rng(seed)
    pick = rng.integers(0, lats.size, n)
    angle = rng.uniform(0, 2 * np.pi, n)
    # sqrt makes the points uniform over the disc's area, not bunched at its centre.
    step = spread_m * np.sqrt(rng.uniform(0, 1, n)) / EARTH_RADIUS_M  # radians of arc
    q_lat = np.clip(lats[pick] + np.degrees(step * np.cos(angle)), -90, 90)
    scale = np.maximum(np.cos(np.radians(q_lat)), 1e-6)
    q_lon = (lons[pick] + np.degrees(step * np.sin(angle)) / scale + 180) % 360 - 180
    return q_lat, q_lon


def build_all(lats, lons, *, capacity=32) -> dict[str, ProximitySearch]:
    """One search of each kind over the same points, keyed by method name."""
    return {"brute force": BruteForce(lats, lons), "geohash": GeohashSearch(lats, lons),
            "quadtree": QuadtreeSearch(lats, lons, capacity=capacity)}


def compare(lats, lons, query_lats, query_lons, radius_m, *, capacity=32, timed=False,
            searches=None) -> pd.DataFrame:
    """Run every method on the same queries: points found, work done, optionally time.

    Returns a DataFrame indexed by method; raises AssertionError if any method's ids
    differ from brute force's (they never should), or, when ``searches`` leaves brute
    force out, from the first method's. Pass ``searches`` (from :func:`build_all`) to
    reuse built indexes.
    """
    radius_m = coordinates.radius(radius_m)
    searches = searches or build_all(lats, lons, capacity=capacity)
    rows, answers = [], {}
    for name, method in searches.items():
        start = time.perf_counter()
        found = [method.within(a, b, radius_m)
                 for a, b in zip(query_lats, query_lons, strict=True)]
        elapsed = time.perf_counter() - start
        answers[name] = [f.ids for f in found]
        row = {
            "method": name,
            "points found": sum(f.ids.size for f in found),
            "candidates examined": sum(f.candidates for f in found),
            "index probes": sum(f.probes for f in found),
        }
        if timed:
            row["µs per query"] = elapsed / max(len(found), 1) * 1e6
        rows.append(row)
    reference = "brute force" if "brute force" in answers else next(iter(answers))
    for name, ids in answers.items():
        same = all(np.array_equal(a, b) for a, b in zip(ids, answers[reference],
                                                        strict=True))
        assert same, f"{name} returned different points from {reference}"
    table = pd.DataFrame(rows).set_index("method")
    table[f"same as {reference}"] = True
    table.attrs["queries"] = len(query_lats)
    return table


def sweep(lats, lons, radii, *, queries=50, seed=0, spread_m=QUERY_SPREAD_M, capacity=32,
          timed=False, searches=None, methods=None) -> pd.DataFrame:
    """:func:`compare` at several radii on the same seeded queries, per query, in long form.

    ``methods`` picks which searches run (all by default). Brute force's work needs no
    measuring (every point, every time: the ``points`` column), so leaving it out saves
    the most time.
    """
    searches = searches or build_all(lats, lons, capacity=capacity)
    methods = list(searches) if methods is None else list(methods)
    for method in methods:
        checks.choice(method, "methods", list(searches))
    chosen = {name: searches[name] for name in methods}
    q_lat, q_lon = queries_near(lats, lons, queries, seed=seed, spread_m=spread_m)
    frames = []
    for radius in radii:
        table = compare(lats, lons, q_lat, q_lon, radius, timed=timed, searches=chosen)
        per_query = table.drop(columns=[c for c in table if c.startswith("same as")]) / queries
        if timed:
            per_query["µs per query"] *= queries  # already per query
        per_query.columns = [c.replace("points found", "found per query")
                             .replace("candidates examined", "candidates per query")
                             .replace("index probes", "probes per query")
                             for c in per_query.columns]
        frames.append(per_query.reset_index().assign(radius_m=float(radius)))
    result = pd.concat(frames, ignore_index=True)
    result["points"] = len(next(iter(searches.values())))
    return result


def boundary_pairs(lats, lons, radius_m=3_000.0, *, max_shared=2, precision=9):
    """Pairs of points closer than ``radius_m`` whose geohashes share at most ``max_shared``
    leading characters: the boundary problem in real data.

    Returns a DataFrame (i, j, distance_m, shared prefix, code_i, code_j), closest pairs
    with the shortest shared prefix first.
    """
    radius_m = coordinates.radius(radius_m)
    max_shared = checks.integer(max_shared, "max_shared", 0, 12, hint="characters")
    index = GeohashSearch(lats, lons)
    codes = geohash.encode_many(index.lats, index.lons, geohash.check_precision(precision))
    # Two points in different cells of precision max_shared + 1 are each no farther from
    # their own cell's edge than from each other: only points near an edge can pair up.
    width, height = geohash.cell_degrees(min(max_shared + 1, 12))
    to_lat_edge = np.minimum((index.lats + 90) % height, height - (index.lats + 90) % height)
    to_lon_edge = np.minimum((index.lons + 180) % width, width - (index.lons + 180) % width)
    metres = np.radians(np.minimum(
        to_lat_edge, to_lon_edge * np.cos(np.radians(index.lats)))) * EARTH_RADIUS_M
    rows = []
    for i in np.flatnonzero(metres <= radius_m * 1.01 + 1).tolist():
        for j in index.within(index.lats[i], index.lons[i], radius_m).ids.tolist():
            shared = geohash.common_prefix(codes[i], codes[j])
            if len(shared) <= max_shared:
                distance = float(haversine(index.lats[i], index.lons[i],
                                           index.lats[j], index.lons[j]))
                rows.append((i, j, distance, shared, codes[i], codes[j]))
    frame = pd.DataFrame(rows, columns=["i", "j", "distance_m", "shared prefix", "code_i",
                                        "code_j"])
    frame = frame[frame["i"] < frame["j"]]  # each pair once (both ends are near an edge)
    frame["shared"] = frame["shared prefix"].str.len()
    return (frame.sort_values(["shared", "distance_m", "i"], ignore_index=True)
            .drop(columns="shared"))
