"""Geohash and proximity-search benchmark: ours vs the peer libraries, side by side.

Run: .venv/bin/python benchmarks/bench_geo.py [--points 1000000] [--queries 1000]

1. Bulk encoding: ``encode_many`` (numpy, in ``geo/_fast.py``) against python-geohash's
   and pygeohash's C ``encode`` called in a Python loop, on the same seeded points; and
   the readable ``geohash.encode`` (one halving at a time) on a slice of them.
2. Radius search over all 33,961 cities for seeded queries near cities (each within 1 km
   of a random city): geohash and quadtree against a vectorised numpy brute force whose
   per-point haversine terms are computed once, as the indexes' are, checking the answers
   are identical.

(Panel redraw times are measured for every topic by ``benchmarks/run_all.py``.)

Every time is the best of a few repeats of time.perf_counter (wall clock). On a shared
machine the CPU time of this process (time.process_time) is printed too: other
programs' load inflates wall time but hardly the CPU time, so its ratios are steadier.
"""

from __future__ import annotations

import argparse

import geohash as python_geohash
import numpy as np
import pygeohash
from benchtools import best_wall_and_cpu

from sysdesign.geo import cities, geohash, search


def bench_encoding(n: int, precision: int, repeats: int) -> None:
    rng = np.random.default_rng(2026)
    lats, lons = rng.uniform(-90, 90, n), rng.uniform(-180, 180, n)
    lat_list, lon_list = lats.tolist(), lons.tolist()
    ours_t, ours = best_wall_and_cpu(repeats, lambda: geohash.encode_many(lats, lons, precision))
    pgh_t, pgh = best_wall_and_cpu(repeats, lambda: [python_geohash.encode(a, b, precision)
                                           for a, b in zip(lat_list, lon_list, strict=True)])
    pyg_t, pyg = best_wall_and_cpu(repeats, lambda: [pygeohash.encode(a, b, precision)
                                           for a, b in zip(lat_list, lon_list, strict=True)])
    readable_n = min(n, 20_000)  # one halving at a time: a slice is enough to time it
    readable_t, readable = best_wall_and_cpu(repeats, lambda: [
        geohash.encode(a, b, precision)
        for a, b in zip(lat_list[:readable_n], lon_list[:readable_n], strict=True)])
    same = ours.tolist() == pgh == pyg and readable == pgh[:readable_n]
    print(f"\n1. Encoding {n:,} random points at precision {precision} (best of {repeats})")
    print(f"   {'method':<38}{'wall s':>8}{'points/s':>12}{'ours is':>9}"
          f"{'CPU s':>8}{'ours is':>9}")
    # Ratios are per point, so the readable encoder's shorter run compares fairly.
    per_point = ours_t[0] / n, ours_t[1] / n
    for name, (wall, cpu), count in [
            ("sysdesign encode_many (numpy)", ours_t, n),
            ("python-geohash encode, Python loop", pgh_t, n),
            ("pygeohash encode, Python loop", pyg_t, n),
            (f"sysdesign encode, readable ({readable_n:,})", readable_t, readable_n)]:
        print(f"   {name:<38}{wall:>8.3f}{count / wall:>12,.0f}"
              f"{wall / count / per_point[0]:>8.1f}x{cpu:>8.3f}{cpu / count / per_point[1]:>8.1f}x")
    print(f"   identical codes from all four: {same}")


def time_queries(searches, radius, q_lat, q_lon, repeats, batch=100):
    """Per method, (wall, CPU) seconds for all the queries.

    Each time is the sum over batches of ``batch`` queries of that batch's best of
    ``repeats`` runs, and the methods take turns within every repeat, so a burst of load
    from other programs spoils one short run of each method alike, not one whole method.
    """
    totals = {name: [0.0, 0.0] for name in searches}
    for start in range(0, len(q_lat), batch):
        lats, lons = q_lat[start:start + batch], q_lon[start:start + batch]
        best = {name: [float("inf"), float("inf")] for name in searches}
        for _ in range(repeats):
            for name, method in searches.items():
                (wall, cpu), _ = best_wall_and_cpu(1, lambda m=method, lats=lats, lons=lons: [
                    m.within(a, b, radius) for a, b in zip(lats, lons, strict=True)])
                best[name] = [min(best[name][0], wall), min(best[name][1], cpu)]
        for name in searches:
            totals[name] = [totals[name][0] + best[name][0], totals[name][1] + best[name][1]]
    return {name: tuple(total) for name, total in totals.items()}


def bench_search(queries: int, radii: list[float], repeats: int) -> None:
    frame = cities.cities()
    lats, lons = frame["lat"].to_numpy(), frame["lon"].to_numpy()
    q_lat, q_lon = (q.tolist() for q in search.queries_near(lats, lons, queries, seed=2026))
    print(f"\n2. Radius search over {len(frame):,} cities, {queries:,} queries near random "
          f"cities (per batch of 100 queries, best of {repeats}, methods taking turns)")
    build = {}
    searches = {}
    for name, cls in search.METHODS.items():
        build[name], searches[name] = best_wall_and_cpu(1, lambda cls=cls: cls(lats, lons))
    print("   build: " + ", ".join(f"{name} {t[0] * 1e3:.0f} ms" for name, t in build.items()))
    print(f"   {'radius':>8} {'method':<12}{'wall ms':>9}{'µs/query':>10}{'speed-up':>9}"
          f"{'CPU ms':>8}{'speed-up':>9}{'candidates/q':>14}  same ids")
    for radius in radii:
        times = time_queries(searches, radius, q_lat, q_lon, repeats)
        answers = {name: [method.within(a, b, radius) for a, b in zip(q_lat, q_lon, strict=True)]
                   for name, method in searches.items()}
        brute_wall, brute_cpu = times["brute force"]
        for name, found in answers.items():
            same = all(np.array_equal(a.ids, b.ids)
                       for a, b in zip(found, answers["brute force"], strict=True))
            candidates = sum(f.candidates for f in found) / queries
            wall, cpu = times[name]
            print(f"   {radius / 1000:>6g}km {name:<12}{wall * 1e3:>9.1f}"
                  f"{wall / queries * 1e6:>10.1f}{brute_wall / wall:>8.1f}x"
                  f"{cpu * 1e3:>8.0f}{brute_cpu / cpu:>8.1f}x{candidates:>14,.1f}  {same}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=1_000_000)
    parser.add_argument("--precision", type=int, default=12)
    parser.add_argument("--queries", type=int, default=1_000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    bench_encoding(args.points, args.precision, args.repeats)
    bench_search(args.queries, [2_000, 20_000, 100_000], args.repeats)


if __name__ == "__main__":
    main()
