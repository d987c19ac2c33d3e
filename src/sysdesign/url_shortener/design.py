"""The URL shortener's design steps, each computed with the course's own models.

Nothing here is a new model: every function composes a topic package.

- codes: :func:`sysdesign.scaling.code_length` and base 62 (notebooks 00, 13);
- resharding: :class:`sysdesign.sharding.ModuloPartitioner` against
  :class:`~sysdesign.sharding.JumpPartitioner` (11, 12);
- availability: :func:`sysdesign.availability.series`, ``parallel``, ``k_of_n`` (08);
- redirects: which repeat clicks a browser answers itself under 301 (a seeded trace from
  :mod:`sysdesign.core.workloads`);
- scrapers: 16's :class:`~sysdesign.rate_limiting.TokenBucket` on one client's arrivals,
  and 25's M/M/1 queue on the shard it lands on.
"""

from __future__ import annotations

import math
from datetime import timedelta

import numpy as np
import pandas as pd

from sysdesign import availability as av
from sysdesign.core import checks
from sysdesign.core.units import significant
from sysdesign.core.workloads import zipf_trace
from sysdesign.estimation import Workload, estimate, hot_share
from sysdesign.ids import SNOWFLAKE
from sysdesign.performance import mm1_time_quantile
from sysdesign.rate_limiting import TokenBucket
from sysdesign.scaling import code_length, expected_collisions, to_base62
from sysdesign.sharding import JumpPartitioner, ModuloPartitioner, moved_share


def code_choices(workload: Workload) -> pd.DataFrame:
    """Three ways to make a short code for every link the workload stores over its retention.

    A counter written in base 62 needs the fewest symbols; a Snowflake ID (64 bits, no
    coordination per ID, only a unique worker number) needs 11; a random code of the
    counter's length collides.
    """
    links = estimate(workload).objects_stored
    shortest = code_length(links)
    snowflake_max = (1 << SNOWFLAKE.used_bits) - 1  # 63 bits: the sign bit stays clear
    return pd.DataFrame({
        "scheme": ["counter (ticket server), base 62", "Snowflake ID, base 62",
                   f"random {shortest}-symbol code"],
        "symbols": [shortest, len(to_base62(snowflake_max)), shortest],
        "colliding pairs expected": [significant(0), significant(0),
                                     significant(expected_collisions(links, shortest))],
    }).set_index("scheme")


def resharding(before: int = 8, after: int = 10, *, links: int = 100_000) -> pd.DataFrame:
    """Share of ``links`` codes that change shard when ``before`` shards become ``after``."""
    before = checks.integer(before, "before", 1)
    after = checks.integer(after, "after", 1)
    keys = np.arange(checks.integer(links, "links", 1), dtype=np.uint64)
    rows = {}
    for name, make in (("mod-N", ModuloPartitioner), ("jump hash", JumpPartitioner)):
        rows[name] = moved_share(make(before).assign(keys), make(after).assign(keys))
    ideal = 1 - min(before, after) / max(before, after)
    return pd.DataFrame({"links moved": rows, "least possible": ideal})


def redirect_availability(*, lb: float = 0.9999, app: float = 0.999, app_servers: int = 4,
                          app_needed: int = 3, db: float = 0.999, replicas: int = 3
                          ) -> pd.DataFrame:
    """Availability of one redirect: load balancer, then ``app_needed`` of ``app_servers``,
    then the link's shard (``replicas`` copies counting the primary; any one can answer a read).

    The cache is not in the chain: when it fails, reads fall through to the shards (which
    must then carry them, see notebook 06).
    """
    app_tier = av.k_of_n(app_needed, app_servers, app)
    shard = av.parallel(*[db] * checks.integer(replicas, "replicas", 1))
    rows = {"load balancer": lb, f"app tier ({app_needed} of {app_servers})": app_tier,
            f"the link's shard ({replicas} copies)": shard,
            "one redirect (all in series)": av.series(lb, app_tier, shard)}
    frame = pd.DataFrame({"availability": rows})
    frame["downtime per 30-day month"] = [
        str(timedelta(seconds=round(av.downtime(a, "month", month_days=30).total_seconds())))
        for a in frame["availability"]]
    return frame


def redirect_status(*, clients: int = 500, clicks: int = 20_000, links: int = 5_000,
                    alpha: float = 0.8, seed: int = 0) -> pd.DataFrame:
    """301 against 302: ``clicks`` by ``clients`` browsers on Zipf-popular links.

    A 301 is heuristically cacheable (RFC 9110 §15.4.2, RFC 9111 §4.2.2), so a browser
    that has followed a link once may answer its next clicks itself: the server sees, and
    can count, only each browser's first click on each link. A 302 is not heuristically
    cacheable (RFC 9110 §15.1), so without ``Cache-Control``/``Expires`` no cache may store
    it (RFC 9111 §3): every click reaches the server. Browsers keep their cache all day
    here (an upper bound).
    """
    clicks = checks.integer(clicks, "clicks", 1)
    who = np.random.default_rng(seed).integers(0, checks.integer(clients, "clients", 1),
                                               clicks)
    what = zipf_trace(clicks, links, alpha, seed=seed + 1)
    first = np.unique(who.astype(np.int64) * links + what).size
    return pd.DataFrame({
        "requests reaching the server": {"301 Moved Permanently": first,
                                         "302 Found": clicks},
        "clicks counted": {"301 Moved Permanently": first, "302 Found": clicks},
        "clicks made": {"301 Moved Permanently": clicks, "302 Found": clicks},
    })


def scraper(*, rps: float = 2_000.0, seconds: float = 10.0, limit_rate: float = 10.0,
            burst: float = 20.0, limited: bool = True) -> int:
    """Requests a scraper sending ``rps`` evenly for ``seconds`` gets past a token bucket
    (``limit_rate`` per second, ``burst`` tokens) on its client (its IP address, for
    redirects); all if not ``limited``."""
    rps = checks.number(rps, "rps", 0, lo_open=True)
    n = int(rps * checks.number(seconds, "seconds", 0, lo_open=True))
    if not limited:
        return n
    now = [0.0]
    bucket = TokenBucket(limit_rate, burst, clock=lambda: now[0])
    admitted = 0
    for i in range(n):
        now[0] = i / rps
        admitted += bucket.allow()
    return admitted


def shard_under_scrape(base_rate: float, extra_rate: float, service_rate: float,
                       q: float = 0.99) -> float | None:
    """The q-quantile (s) of a shard's response time (M/M/1, notebook 25) once a scraper
    adds ``extra_rate`` misses/s to ``base_rate``; None when the shard is overloaded."""
    lam = checks.number(base_rate, "base_rate", 0) + checks.number(extra_rate, "extra_rate", 0)
    service_rate = checks.number(service_rate, "service_rate", 0, lo_open=True)
    if lam >= service_rate:
        return None
    return mm1_time_quantile(lam, service_rate, q)


def links_for_hit_ratio(workload: Workload, target: float) -> float:
    """How many of the hottest links an ideal cache must hold for ``target`` of the reads,
    by 01's skew model (Zipf over every link stored; bisection on a log scale).

    >>> from sysdesign.estimation import URL_SHORTENER, estimate, hot_share
    >>> e = estimate(URL_SHORTENER)
    >>> n = links_for_hit_ratio(URL_SHORTENER, 0.5)
    >>> round(hot_share(e.objects_stored, URL_SHORTENER.zipf_alpha, n), 6)
    0.5
    """
    target = checks.fraction(target, "target", lo_open=True, hi_open=True)
    stored = estimate(workload).objects_stored
    lo, hi = 0.0, math.log(stored)
    for _ in range(100):
        mid = (lo + hi) / 2
        share = hot_share(stored, workload.zipf_alpha, math.exp(mid))
        lo, hi = (mid, hi) if share < target else (lo, mid)
    return math.exp(hi)
