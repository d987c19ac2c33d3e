""""What is within r metres of me?" answered three ways behind one interface.

Each method picks *candidates* its own way, then one shared step keeps the candidates
whose great-circle distance is at most the radius, so all three return exactly the
same ids; they differ only in how much work they do:

* brute force: every point is a candidate;
* geohash: the cells from :func:`geohash.cells_covering`, each a range scan over the
  points sorted by geohash string (what a B-tree index on a text column does);
* quadtree: the points in the leaves the circle's bounding box reaches.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
import pandas as pd

from sysdesign.core import checks
from sysdesign.geo import coordinates, geohash
from sysdesign.geo._fast import codes60, covering_codes
from sysdesign.geo.distance import EARTH_RADIUS_M, distances_from, haversine
from sysdesign.geo.quadtree import QuadTree


@dataclass(frozen=True)
class Found:
    """The answer to one radius query and the work it took."""

    ids: np.ndarray  # ids of the points within the radius, ascending
    candidates: int  # points whose distance was computed
    probes: int  # index lookups: geohash cells scanned or quadtree nodes visited


class ProximitySearch:
    """Holds the points and does the final distance check; subclasses pick the candidates."""

    name = "base"

    def __init__(self, lats, lons):
        self.lats, self.lons = (a.ravel() for a in coordinates.points(lats, lons))

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
            near = np.flatnonzero(distances_from(lat, lon, self.lats, self.lons) <= radius_m)
            return Found(near, self.lats.size, probes)
        ids = np.sort(ids)
        near = ids[distances_from(lat, lon, self.lats[ids], self.lons[ids]) <= radius_m]
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

    def candidates(self, lat, lon, radius_m):
        p, starts = covering_codes(lat, lon, radius_m, self.precision)
        cells = len(starts)
        size = 1 << (60 - 5 * p)
        edges = np.array(starts + [s + size for s in starts], dtype=np.int64)
        bounds = np.searchsorted(self.codes, edges).tolist()
        runs = [self.order[a:b] for a, b in zip(bounds[:cells], bounds[cells:], strict=True)
                if b > a]
        ids = np.concatenate(runs) if runs else np.empty(0, dtype=np.int64)
        return ids, cells


class QuadtreeSearch(ProximitySearch):
    """A region quadtree over the points; a query descends only into boxes the circle reaches.

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


def queries_near(lats, lons, n, *, seed=0, spread_m=20_000.0):
    """``n`` query points: random cities moved up to ``spread_m`` metres in a random direction."""
    n = checks.integer(n, "n", 1, hint="queries")
    lats, lons = (a.ravel() for a in coordinates.points(lats, lons))
    rng = np.random.default_rng(seed)
    pick = rng.integers(0, lats.size, n)
    angle = rng.uniform(0, 2 * np.pi, n)
    step = rng.uniform(0, spread_m, n) / EARTH_RADIUS_M  # radians of arc
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
    differ from brute force's (they never should). Pass ``searches`` (from
    :func:`build_all`) to reuse built indexes.
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
    for name, ids in answers.items():
        same = all(np.array_equal(a, b) for a, b in zip(ids, answers["brute force"],
                                                        strict=True))
        assert same, f"{name} returned different points from brute force"
    table = pd.DataFrame(rows).set_index("method")
    table["same as brute force"] = True
    table.attrs["queries"] = len(query_lats)
    return table


def sweep(lats, lons, radii, *, queries=50, seed=0, capacity=32, timed=False,
          searches=None) -> pd.DataFrame:
    """:func:`compare` at several radii on the same seeded queries, per query, in long form."""
    searches = searches or build_all(lats, lons, capacity=capacity)
    q_lat, q_lon = queries_near(lats, lons, queries, seed=seed)
    frames = []
    for radius in radii:
        table = compare(lats, lons, q_lat, q_lon, radius, timed=timed, searches=searches)
        per_query = table.drop(columns="same as brute force") / queries
        if timed:
            per_query["µs per query"] *= queries  # already per query
        per_query.columns = [c.replace("points found", "found per query")
                             .replace("candidates examined", "candidates per query")
                             .replace("index probes", "probes per query")
                             for c in per_query.columns]
        frames.append(per_query.reset_index().assign(radius_m=float(radius)))
    result = pd.concat(frames, ignore_index=True)
    result["points"] = len(searches["brute force"])
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
