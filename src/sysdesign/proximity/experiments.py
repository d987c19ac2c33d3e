"""The notebook's scenarios and every panel's compute function, shared with the tests."""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd

from sysdesign.core import checks
from sysdesign.core.tables import full_text
from sysdesign.geo import geohash
from sysdesign.geo.search import build_all, compare

from . import design

CAPACITIES = (100, 500, 2_000, 8_000)  # cache sizes for the hit-ratio curve


def requirements() -> pd.DataFrame:
    """The requirements the design answers, functional and not."""
    rows = [
        ("functional", "search businesses within a radius of a point (1, 2, 5 or 20 km)"),
        ("functional", "business owners add, change and delete their business"),
        ("functional", "show one business's details"),
        ("non-functional", "searches fast: p99 under the SLO; reads far outnumber writes"),
        ("non-functional", "an update may take minutes to show in searches"),
        ("non-functional", "highly available; locations are private data (no tracking)"),
    ]
    return full_text(pd.DataFrame(rows, columns=["kind", "requirement"]))


def api() -> pd.DataFrame:
    """The service's endpoints."""
    rows = [
        ("GET", "/v1/search/nearby?latitude=&longitude=&radius=", "businesses near a point"),
        ("GET", "/v1/businesses/{id}", "one business's details"),
        ("POST", "/v1/businesses", "add a business"),
        ("PUT", "/v1/businesses/{id}", "change a business"),
        ("DELETE", "/v1/businesses/{id}", "remove a business"),
    ]
    return full_text(pd.DataFrame(rows, columns=["method", "path", "does"]))


@functools.lru_cache(maxsize=2)
def catalogue(n=10_000, seed=0) -> pd.DataFrame:
    """The sampled businesses the deep dives search."""
    return design.businesses(n, seed=seed)


def precision_table(lat=40.7128, lon=-74.0060) -> pd.DataFrame:
    """For each radius the app offers: the geohash precision and cells one search reads."""
    rows = []
    for radius in design.RADII_M:
        cells = geohash.cells_covering(lat, lon, radius)
        width, height = geohash.cell_size(len(cells[0]), lat)
        rows.append((f"{radius / 1000:g} km", len(cells[0]), f"{width / 1000:.1f} x "
                     f"{height / 1000:.1f} km", len(cells)))
    return pd.DataFrame(rows, columns=["radius", "precision", "cell (w x h)", "cells read"]
                        ).set_index("radius")


def search_methods(queries=100, radius_m=5_000, *, seed=0) -> pd.DataFrame:
    """Geohash, quadtree and brute force (notebook 15) on the same sampled searches."""
    queries = checks.integer(queries, "queries", 1, 10_000)
    shop = catalogue()
    day = design.day_of_searches()
    lat, lon = day.lat[:queries], day.lon[:queries]
    searches = build_all(shop["lat"].to_numpy(), shop["lon"].to_numpy())
    return compare(shop["lat"].to_numpy(), shop["lon"].to_numpy(), lat, lon, radius_m,
                   searches=searches)


def cache_curve(capacities=CAPACITIES) -> pd.DataFrame:
    """Measured LRU hit ratio of the cell cache beside Che's prediction (notebook 06)."""
    day = design.day_of_searches()
    rows = []
    for capacity in capacities:
        lookups, per_search, predicted = design._cache(design.SEARCHES, 0, int(capacity))
        rows.append((int(capacity), float(lookups.mean()), predicted,
                     float(per_search.mean())))
    frame = pd.DataFrame(rows, columns=["cells cached", "measured", "Che (06)",
                                        "searches served by the cache"])
    frame.attrs["ceiling"] = 1 - np.unique(day.cells).size / day.cells.size
    return frame.set_index("cells cached")


NEW_REGION = ("none", "served from home")  # the design panel's new-region options


def day(traffic=1.0, replicas=design.REPLICAS, cache_cells=design.CACHE_CELLS,
        slo_ms=design.SLO_MS, new_region="none") -> design.Day:
    """The design panel: one simulated day under the chosen requirement and design.

    ``new_region="served from home"`` adds a far region with :data:`design.NEW_REGION_TRAFFIC`
    x ``traffic`` more searches, each paying the cross-region round trip."""
    new_region = checks.choice(new_region, "new_region", NEW_REGION)
    if new_region == "none":
        return design.simulate_day(traffic, replicas, int(cache_cells), slo_ms)
    share = design.NEW_REGION_TRAFFIC / (1 + design.NEW_REGION_TRAFFIC)
    return design.simulate_day(traffic * (1 + design.NEW_REGION_TRAFFIC), replicas,
                               int(cache_cells), slo_ms, remote_share=share)


def update(t_s=30.0, ttl_s=60.0, lag_ms=5.0) -> dict:
    """The update panel: share of hot-cell searches still stale, over time and at ``t_s``."""
    t_s = checks.number(t_s, "t_s", 0, hint="seconds after the update")
    ttl_s = checks.number(ttl_s, "ttl_s", 0, lo_open=True, hint="seconds")
    lag_ms = checks.number(lag_ms, "lag_ms", 0, hint="replication delay in ms")
    horizon = 2 * ttl_s + lag_ms / 1_000 * 4
    times = np.linspace(0, horizon, 241)
    return {"times": times, "stale": design.stale_share(times, ttl_s, lag_ms),
            "t": t_s, "now": design.stale_share(t_s, ttl_s, lag_ms),
            "fresh_after": design.time_to_fresh(ttl_s, lag_ms), "ttl": ttl_s, "lag_ms": lag_ms}
