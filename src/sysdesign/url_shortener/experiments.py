"""The scenarios notebook 29, its panel and the tests share."""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np
import pandas as pd

from sysdesign.core import checks
from sysdesign.core.units import format_bytes, percent, significant
from sysdesign.core.workloads import zipf_probabilities
from sysdesign.estimation import estimate

from .day import CROSS_REGION_RTT_S, Day, Design, cache_size, simulate_day
from .design import links_for_hit_ratio, scraper, shard_under_scrape

PANEL_REQUESTS, PANEL_LINKS = 40_000, 20_000  # the panel's smaller sample (fast redraws)
NOTEBOOK_REQUESTS, NOTEBOOK_LINKS = 100_000, 50_000
DEFAULT = Design()  # the design the notebook builds
REMOTE_SHARE = 0.3  # "a new region": 30 % of the requests come from far away (an assumption)
REGIONS = {  # the panel's and the notebook's new-region choices
    "none": {},
    "served from home": {"remote_share": REMOTE_SHARE},
    "regional read path": {"remote_share": REMOTE_SHARE, "regional_reads": True},
}
REPLICATION_JITTER_MS = 5.0  # 10's default random part of a replication delay (an assumption)


def shards_for(design: Design, *, utilization: float = 0.7) -> int:
    """Fewest shards whose busiest-hour misses fill at most ``utilization`` of each shard,
    by the estimate (misses spread evenly): the 70 % model of notebook 01 on 25's queue."""
    utilization = checks.fraction(utilization, "utilization", lo_open=True)
    misses = estimate(design.workload).peak_read_qps * (1 - design.cache_target)
    per_shard = utilization * 1e3 / design.db_service_ms
    return max(1, math.ceil(misses / per_shard - 1e-9))


def day(traffic: float = 1.0, shards: int = 8, cache_target: float = 0.5,
        db_service_ms: float = 2.0, hour: int = 14, region: str = "none") -> Day:
    """The panel's day: the default design with one requirement or choice changed.

    ``hour`` only chooses what the panel draws: scrubbing it reuses the same day.
    """
    checks.integer(hour, "hour", 0, 23)
    checks.choice(region, "region", tuple(REGIONS))
    shards = checks.integer(shards, "shards", 1)  # int() would turn 2.5 into 2 silently
    return _day(float(traffic), shards, float(cache_target), float(db_service_ms), region)


@lru_cache(maxsize=32)
def _day(traffic: float, shards: int, cache_target: float, db_service_ms: float,
         region: str = "none") -> Day:
    design = Design(shards=shards, cache_target=cache_target, db_service_ms=db_service_ms,
                    **REGIONS[region]).scaled(traffic)
    return simulate_day(design, requests=PANEL_REQUESTS, links=PANEL_LINKS)


def regions() -> pd.DataFrame:
    """The panel's day (40,000 requests) for each new-region choice: p99 by region, hit
    ratio, the busiest home shard's utilisation."""
    rows = {}
    for name in REGIONS:
        result = day(region=name)
        mu = 1e3 / result.design.db_service_ms
        rows[name] = {
            "p99 home (ms)": round(result.percentile(99, "home") * 1e3, 1),
            "p99 new region (ms)": (round(result.percentile(99, "new") * 1e3, 1)
                                    if result.remote.any() else "—"),
            "hit ratio": round(result.hit_ratio, 3),
            "busiest home shard at peak": percent(result.shard_peak_qps.max() / mu),
        }
    return pd.DataFrame(rows).T


def new_link_fresh_ms(within: float = 0.01, jitter_ms: float = REPLICATION_JITTER_MS) -> float:
    """Milliseconds after a link is created until a read at the new region's replica finds
    it with probability 1 - ``within``: 10's lag model, a one-way cross-region delay
    (half the 150 ms round trip) plus Exp(``jitter_ms``), so L + J ln(1/within).

    >>> round(new_link_fresh_ms(), 1)
    98.0
    """
    within = checks.fraction(within, "within", lo_open=True, hi_open=True)
    jitter_ms = checks.number(jitter_ms, "jitter_ms", 0)
    return CROSS_REGION_RTT_S / 2 * 1e3 + jitter_ms * math.log(1 / within)


def meets(result: Day, *, p99_ms: float) -> bool:
    """Does the day meet a p99 latency SLO with no timeouts?"""
    p99_ms = checks.number(p99_ms, "p99_ms", 0, lo_open=True)
    return bool(result.percentile(99) * 1e3 <= p99_ms and not result.timed_out.any())


def cache_sizing(design: Design = DEFAULT, *, requests: int = NOTEBOOK_REQUESTS,
                 links: int = NOTEBOOK_LINKS, seed: int = 0) -> pd.DataFrame:
    """The cache for ``design.cache_target``: at full scale by 01's skew model (an ideal
    cache), and in the day's sample by 06's Mattson curve (LRU) beside the ideal cache."""
    w = design.workload
    full = links_for_hit_ratio(w, design.cache_target)
    alpha = w.zipf_alpha
    lru = cache_size(design, requests=requests, links=links, seed=seed, alpha=alpha)
    # The ideal cache's hit ratio at every size from 1 to ``links`` slots: 06's
    # top_keys_hit_ratio, the running sum of the probabilities from the most popular down
    # (computed here in one cumsum, without checking 50,000 sizes one by one; a test
    # checks they are equal).
    ideal_curve = np.cumsum(np.sort(zipf_probabilities(links, alpha))[::-1])
    ideal = int(np.searchsorted(ideal_curve, design.cache_target) + 1)
    return pd.DataFrame({
        "links cached": [significant(full, 3), f"{ideal:,}", f"{lru:,}"],
        "of the links": [percent(full / estimate(w).objects_stored, 1),
                         percent(ideal / links, 1), percent(lru / links, 1)],
        f"memory ({format_bytes(w.object_size_bytes)} a link)": [
            format_bytes(full * w.object_size_bytes), "", ""],
    }, index=["full scale, ideal cache (01)", "sample, ideal cache (06)",
              "sample, LRU sized on yesterday (06)"])


def scraping(design: Design = DEFAULT, *, rps: float = 4_000.0, seconds: float = 10.0,
             limit_rate: float = 10.0, burst: float = 20.0) -> pd.DataFrame:
    """A scraper walks random codes at ``rps`` during the busiest hour: every request
    misses the cache and lands on a shard. Without and with a token bucket on its IP address."""
    mu = 1e3 / design.db_service_ms
    base = estimate(design.workload).peak_read_qps * (1 - design.cache_target) / design.shards
    rows = {}
    for name, limited in (("no limiter", False),
                          (f"token bucket {limit_rate:g}/s, burst {burst:g}", True)):
        admitted = scraper(rps=rps, seconds=seconds, limit_rate=limit_rate, burst=burst,
                           limited=limited)
        extra = admitted / seconds / design.shards
        p99 = shard_under_scrape(base, extra, mu)
        rows[name] = {"scraper requests admitted": admitted,
                      "reads/s per shard": round(base + extra),
                      "shard utilisation": percent((base + extra) / mu),
                      "shard p99 (ms)": "overloaded" if p99 is None else f"{p99 * 1e3:.1f}"}
    return pd.DataFrame(rows).T
