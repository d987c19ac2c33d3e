"""Design a URL shortener (notebook 29, a capstone): the course's models composed.

No new model lives here; every step calls the package of the notebook it builds on.

What is where:

- :mod:`.design`: the design steps, each a composition: short codes (base 62 and
  Snowflake, 00 and 13), resharding mod-N against jump hash (11, 12), the availability of
  one redirect (08), 301 against 302 (which clicks a browser answers itself), a scraper
  against a token bucket (16) and the shard's queue it lands on (25).
- :mod:`.day`: the designed redirect path (:class:`Design`) and one simulated day through
  it (:func:`simulate_day`): Zipf traffic (core.workloads) through an LRU cache sized with
  06's Mattson curve, jump-hashed shards (12) and M/M/1 queues (25); :meth:`Day.report`
  sets what was measured beside 01's estimate; a new, far region is a parameter
  (``remote_share``, ``regional_reads``).
- :mod:`.experiments`: the panel's day, :func:`shards_for` (the 70 % model on the shards),
  :func:`meets` (a latency SLO), :func:`regions` (the new region, served from home or
  locally) and :func:`new_link_fresh_ms` (10's lag for a new link there).
- :mod:`.plots` draws them; :mod:`.widgets` wires the panel; :mod:`.exercises` holds
  the "Try it" answers.

>>> from sysdesign.url_shortener import Design, shards_for
>>> shards_for(Design()), shards_for(Design().scaled(2))
(4, 7)
"""

from .day import CROSS_REGION_RTT_S, HOURS, Day, Design, cache_size, hour_shares, simulate_day
from .design import (
    code_choices,
    redirect_availability,
    redirect_status,
    resharding,
    scraper,
    shard_under_scrape,
)
from .experiments import meets, shards_for

__all__ = [
    "CROSS_REGION_RTT_S", "HOURS", "Day", "Design", "cache_size", "code_choices", "hour_shares",
    "meets",
    "redirect_availability", "redirect_status", "resharding", "scraper",
    "shard_under_scrape", "shards_for", "simulate_day",
]
