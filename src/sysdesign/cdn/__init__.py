"""Content delivery networks: edges near users, a shield, an origin, and HTTP caching rules.

What is where:

- ``geography.py``: sites, great-circle distances, the fibre floor and assumed RTTs.
- ``simulate.py``: pull and push CDNs in time on ``core.events`` (edges and shield are
  ``dns.cache.TTLCache``), with churn, staleness, storage and latency per region.
- ``headers.py``: ``Cache-Control`` parsing, freshness lifetime and current age
  (RFC 9111 §4.2), stale-while-revalidate and stale-if-error (RFC 5861), weak and strong
  ``ETag`` comparison, ``If-None-Match`` → 304.
- ``origin.py``: a real origin on 127.0.0.1 that answers conditional GETs (200 or 304).
- ``tiers.py``: closed forms for TTL caches and the origin load a shield saves.
- ``experiments.py``: scenarios for the notebook, panels and tests; ``plots.py`` draws
  them; ``widgets.py`` wires panels; ``exercises.py`` holds notebook 07's answers.
"""

from .geography import (
                        ACCESS_MS,
                        FIBRE_KM_PER_S,
                        ORIGIN,
                        REGIONS,
                        SITES,
                        STRETCH,
                        fibre_floor_ms,
                        great_circle_km,
                        region_rtts,
                        rtt_ms,
)
from .headers import (
                        current_age,
                        decide,
                        freshness_lifetime,
                        http_date,
                        if_none_match,
                        parse_cache_control,
                        revalidate,
                        strong_match,
)
from .simulate import CdnRun, Served, simulate
from .tiers import edge_hit_ratio, origin_rate

__all__ = [
    "ACCESS_MS", "FIBRE_KM_PER_S", "ORIGIN", "REGIONS", "SITES", "STRETCH", "CdnRun",
    "Served", "current_age", "decide", "edge_hit_ratio", "fibre_floor_ms",
    "freshness_lifetime", "great_circle_km", "http_date", "if_none_match", "origin_rate",
    "parse_cache_control", "region_rtts", "revalidate", "rtt_ms", "simulate",
    "strong_match",
]
