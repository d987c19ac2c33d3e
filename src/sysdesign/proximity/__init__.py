"""Design a proximity service (notebook 30, a capstone): the course's models composed.

"Which businesses are within r of me?" designed the interview way, each step on an
existing model:

* :mod:`.design`: the designed system and its simulated day. The estimate (01's
  :func:`~sysdesign.estimation.estimate`), the businesses and searches near real GeoNames
  cities (15's table, searches Zipf-skewed onto big cities), the geohash cells each search
  reads (15), an LRU cache of cells (06) checked against Che's approximation, read
  replicas as M/M/1 queues (25) sized by the 70 % model (01), and the business-update path:
  how long a search shows old data (10's replication lag plus the cache TTL); a new region
  far away (01's cross-continent round trip) served from home or by its own read path.
* :mod:`.geo_index`: the data model's geo index as a real SQLite table, ``(geohash,
  business_id)`` under one primary key, with its query plan.
* :mod:`.experiments`: the notebook's scenarios (requirements, API, precision by radius,
  search methods compared, the cache curve) and every panel's compute function.
* :mod:`.plots` (figures), :mod:`.widgets` (panels: controls -> experiments -> plots) and
  :mod:`.exercises` (the "Try it" answers and hints).

>>> from sysdesign.proximity import replicas_needed
>>> replicas_needed(peak_qps=10_000, hit_ratio=0.5, replica_qps=1_000)
8
"""

from .design import (
    WORKLOAD,
    Day,
    Searches,
    businesses,
    day_of_searches,
    estimate_table,
    measured_vs_estimated,
    region_report,
    replicas_needed,
    simulate_day,
    stale_share,
    time_to_fresh,
)
from .geo_index import GeoIndex

__all__ = ["WORKLOAD", "Day", "GeoIndex", "Searches", "businesses", "day_of_searches",
           "estimate_table", "measured_vs_estimated", "region_report", "replicas_needed",
           "simulate_day", "stale_share", "time_to_fresh"]
