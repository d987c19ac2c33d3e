"""One simulated day of redirects through the designed system, at a known scale.

The sample: ``requests`` redirects drawn from Zipf(``alpha``) over ``links`` links
(:func:`sysdesign.core.workloads.zipf_trace`), spread over 24 hours whose rates rise and
fall so that the busiest hour carries ``peak_factor`` times the average, as 01's estimate
assumes (:func:`hour_shares`). Each sampled request stands for ``scale`` real ones (the
day's reads from the estimate over the sample size); rates below are the real ones,
``scale`` times the sample's.

The path of a redirect, each step a course model:

1. the cache (06): LRU, sized with 06's Mattson curve on *yesterday's* trace (another seed)
   to reach ``cache_target``, warmed by yesterday and measured today;
2. on a miss, the link's shard (11, 12): jump hash of the link's hashed number;
3. latency (25): network round trips (01's table) plus the time in system of an M/M/1
   queue at the cache node and at the shard, at the arrival rate each sees in that hour.
   In M/M/1 that time is exponential with rate mu - lambda, so it is drawn as such; a
   shard whose rate reaches mu is overloaded and its requests time out.

A new region (``remote_share`` > 0): that share of the requests comes from users far from
the home region, with the same hourly profile (a simplification: a far region peaks at
another hour, which only lowers the home peak). Without ``regional_reads`` they take the
same path plus one cross-region round trip (01's California-Netherlands packet, 150 ms).
With it, the new region runs a copy of the read path: its own cache (as many slots) and
read replicas of the shards, fed by asynchronous replication (writes still go home), so
each region's cache and shards see only that region's requests.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import lru_cache

import numpy as np
import pandas as pd

from sysdesign.caching import hits_per_request, stack_distances
from sysdesign.core import checks
from sysdesign.core.workloads import zipf_trace
from sysdesign.estimation import LATENCIES_S, URL_SHORTENER, Workload, estimate
from sysdesign.performance import nearest_rank
from sysdesign.sharding import JumpPartitioner

HOURS = 24
PEAK_HOUR = 14
MAX_PEAK_FACTOR = 12.0  # a day shaped by hour_shares cannot be much peakier
RTT_S = LATENCIES_S["Round trip within a datacenter"]
CROSS_REGION_RTT_S = LATENCIES_S["Packet California → Netherlands → California"]


@dataclass(frozen=True)
class Design:
    """The designed redirect path, every choice a parameter."""

    workload: Workload = URL_SHORTENER
    shards: int = 8
    cache_target: float = 0.5  # hit ratio the cache is sized for
    db_service_ms: float = 2.0  # a shard's mean time to read one link (1 / mu)
    cache_service_ms: float = 0.01  # the cache tier's mean time per request (100k/s)
    timeout_ms: float = 1_000.0  # what a request on an overloaded shard costs
    remote_share: float = 0.0  # share of requests from users in a new, far region
    regional_reads: bool = False  # a cache and read replicas in the new region

    def __post_init__(self):
        if not isinstance(self.workload, Workload):
            raise TypeError(f"workload must be a Workload, got {type(self.workload).__name__}")
        checks.number(self.workload.peak_factor, "workload.peak_factor", 1, MAX_PEAK_FACTOR,
                      hint="busiest hour / average hour of the simulated day")
        checks.integer(self.shards, "shards", 1)
        checks.fraction(self.cache_target, "cache_target", lo_open=True, hi_open=True)
        for name in ("db_service_ms", "cache_service_ms", "timeout_ms"):
            checks.number(getattr(self, name), name, 0, lo_open=True)
        checks.fraction(self.remote_share, "remote_share", hi_open=True)
        if not isinstance(self.regional_reads, bool):
            raise TypeError(f"regional_reads must be a bool, got "
                            f"{type(self.regional_reads).__name__}")

    def scaled(self, traffic: float) -> Design:
        """The same design under ``traffic`` times the workload's users."""
        traffic = checks.number(traffic, "traffic", 0, lo_open=True)
        w = self.workload
        return replace(self, workload=replace(w, daily_active_users=w.daily_active_users
                                              * traffic))


def hour_shares(peak_factor: float) -> np.ndarray:
    """Share of the day's requests in each hour: busiest at hour 14, quietest at hour 2,
    shaped exp(k cos(...)) with k chosen so that the busiest hour carries ``peak_factor``
    times the average hour (k by bisection; k = 0 is a flat day).

    >>> shares = hour_shares(2.0)
    >>> round(float(shares.sum()), 12), round(float(shares.max()) * 24, 9), int(shares.argmax())
    (1.0, 2.0, 14)
    """
    peak_factor = checks.number(peak_factor, "peak_factor", 1, MAX_PEAK_FACTOR)
    angle = np.cos(2 * np.pi * (np.arange(HOURS) - PEAK_HOUR) / HOURS)

    def shares(k: float) -> np.ndarray:
        weights = np.exp(k * (angle - 1))  # the busiest hour weighs 1: no overflow
        return weights / weights.sum()

    lo, hi = 0.0, 50.0
    for _ in range(100):  # the peak share grows with k
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if shares(mid).max() * HOURS < peak_factor else (lo, mid)
    return shares((lo + hi) / 2)


@dataclass
class Day:
    """A simulated day: one row per sampled request, and the numbers to compare."""

    design: Design
    scale: float  # real requests per sampled one
    cache_slots: int
    hour: np.ndarray
    link: np.ndarray
    hit: np.ndarray
    shard: np.ndarray  # -1 for a cache hit
    latency_s: np.ndarray
    timed_out: np.ndarray
    shard_qps: np.ndarray = field(repr=False)  # real reads/s: a row per hour, a column per shard
    remote: np.ndarray | None = field(default=None, repr=False)  # from the new region?
    remote_shard_qps: np.ndarray | None = field(default=None, repr=False)  # its replicas

    @property
    def busiest_hour(self) -> int:
        """The hour with the most requests in the sample."""
        return int(np.argmax(np.bincount(self.hour, minlength=HOURS)))

    @property
    def shard_peak_qps(self) -> np.ndarray:
        """Real reads per second at each shard in the busiest hour."""
        return self.shard_qps[self.busiest_hour]

    @property
    def hit_ratio(self) -> float:
        return float(self.hit.mean())

    def percentile(self, q: float, region: str | None = None) -> float:
        """The q-th percentile (0-100) of latency, in seconds (nearest rank), of all
        requests or of one ``region`` ("home" or "new")."""
        if region is None:
            return float(nearest_rank(self.latency_s, q))
        region = checks.choice(region, "region", ("home", "new"))
        remote = np.zeros(self.hit.size, bool) if self.remote is None else self.remote
        latency = self.latency_s[remote == (region == "new")]
        if not latency.size:
            raise ValueError(f"region {region!r} has no requests in this day's sample "
                             f"(remote_share {self.design.remote_share:g})")
        return float(nearest_rank(latency, q))

    def hourly_qps(self) -> np.ndarray:
        """Real reads per second in each hour."""
        return np.bincount(self.hour, minlength=HOURS) * self.scale / 3600

    def expected_shard_qps(self) -> float:
        """What the estimate predicts per shard at peak: misses spread evenly."""
        d = self.design
        home = 1 - d.remote_share if d.regional_reads else 1.0
        return estimate(d.workload).peak_read_qps * (1 - d.cache_target) / d.shards * home

    def report(self) -> pd.DataFrame:
        """Measured against estimated, one row per quantity."""
        e = estimate(self.design.workload)
        mu = 1e3 / self.design.db_service_ms
        rows = [
            ("reads/s, day average", e.read_qps, self.hourly_qps().mean()),
            ("reads/s, busiest hour", e.peak_read_qps, self.hourly_qps().max()),
            ("cache hit ratio", self.design.cache_target, self.hit_ratio),
            ("shard reads/s at peak, mean", self.expected_shard_qps(),
             self.shard_peak_qps.mean()),
            ("shard reads/s at peak, busiest", self.expected_shard_qps(),
             self.shard_peak_qps.max()),
            ("busiest shard utilisation", self.expected_shard_qps() / mu,
             self.shard_peak_qps.max() / mu),
            ("latency p50 (ms)", np.nan, self.percentile(50) * 1e3),
            ("latency p99 (ms)", np.nan, self.percentile(99) * 1e3),
            ("requests timed out", 0.0, float(self.timed_out.mean())),
        ]
        if self.design.remote_share > 0:
            remote = np.zeros(self.hit.size, bool) if self.remote is None else self.remote
            sampled = {"home": (~remote).any(), "new": remote.any()}
            rows[-1:-1] = [(f"latency p99, {r} region (ms)", np.nan,
                            self.percentile(99, r) * 1e3 if sampled[r] else np.nan)
                           for r in ("home", "new")]  # nan: no request of its in the sample
        if self.remote_shard_qps is not None:
            rows.insert(-1, ("new-region replica reads/s at peak, busiest",
                             self.expected_shard_qps() * self.design.remote_share
                             / (1 - self.design.remote_share),
                             self.remote_shard_qps[self.busiest_hour].max()))
        return pd.DataFrame(rows, columns=["quantity", "estimate", "measured"]
                            ).set_index("quantity")


@lru_cache(maxsize=16)
def _yesterday(requests: int, links: int, alpha: float, seed: int) -> np.ndarray:
    """Yesterday's trace, twice ``requests`` long (made once, shared, read-only)."""
    trace = zipf_trace(2 * requests, links, alpha, seed=seed + 1)
    trace.flags.writeable = False
    return trace


def cache_size(design: Design, *, requests: int, links: int, alpha: float, seed: int) -> int:
    """LRU slots that reach ``design.cache_target`` on yesterday's trace (06's Mattson curve).

    Yesterday warms the cache over its first half and is measured over its second: the
    number :func:`sysdesign.caching.size_for_hit_ratio` gives with ``warmup=requests``.
    (Remembered: the notebook sizes the cache, then runs the day with it.)
    """
    return _cache_slots(design.cache_target, requests, links, alpha, seed)


@lru_cache(maxsize=64)
def _cache_slots(cache_target: float, requests: int, links: int, alpha: float,
                 seed: int) -> int:
    """:func:`cache_size`, remembered by what it depends on: the target and the traces.

    Keyed by these five values (positional, so the keyword order of a call cannot make
    two keys for one size), not by the whole design: more traffic, other shards or a new
    region size the cache alike. Pure, and an int is immutable. The Mattson curve is read
    from the shared pass of :func:`_distances` (a test checks it against
    ``size_for_hit_ratio(yesterday, cache_target, warmup=requests)``).
    """
    measured = _distances(requests, links, alpha, seed)[requests:2 * requests]
    hits_within = np.cumsum(np.bincount(measured)[1:])  # hits of a cache of 1, 2, ... slots
    enough = np.flatnonzero(hits_within >= cache_target * requests)
    if not len(enough):
        raise ValueError(f"cache_target {cache_target} is above what any cache reaches "
                         f"on this trace; allowed: lower targets or fewer links")
    return int(enough[0]) + 1


@lru_cache(maxsize=16)
def _distances(requests: int, links: int, alpha: float, seed: int) -> np.ndarray:
    """LRU stack distances (06) of yesterday's trace followed by today's, in one pass
    (read-only; 0 for a key's first request).

    A request's distance depends only on the requests before it, so the first
    ``2 * requests`` are yesterday's own distances (for :func:`cache_size`), and today's
    are those of the day's cache, which yesterday's second half warms, for every key
    requested since that half began (:func:`_hits_today`). One pass over three
    ``requests`` instead of two over four.
    """
    trace = np.concatenate([_yesterday(requests, links, alpha, seed),
                            _today(requests, links, alpha, seed)])
    distances = stack_distances(trace)
    distances.flags.writeable = False
    return distances


@lru_cache(maxsize=16)
def _hits_today(requests: int, links: int, alpha: float, seed: int, slots: int) -> np.ndarray:
    """Which of today's requests hit an LRU cache of ``slots`` warmed by yesterday's
    second half: ``hits_per_request("lru", warm + today, slots)[requests:]`` (a test
    checks it), read from the shared pass of :func:`_distances`.

    Read-only; callers copy. Pure: a new region served from home, more traffic, other
    shards or disks leave the cache's requests, and so its hits, alone.
    """
    window = np.concatenate([_yesterday(requests, links, alpha, seed)[requests:],
                             _today(requests, links, alpha, seed)])
    # A key's first request in the window misses the day's cache, which starts empty,
    # whatever the distance back to its request in yesterday's first half.
    first = np.zeros(window.size, bool)
    first[np.unique(window, return_index=True)[1]] = True
    distances = _distances(requests, links, alpha, seed)[2 * requests:]
    hit = ~first[requests:] & (distances <= slots)
    hit.flags.writeable = False
    return hit


@lru_cache(maxsize=16)
def _today(requests: int, links: int, alpha: float, seed: int) -> np.ndarray:
    """Today's trace (made once, shared, read-only; a different seed from yesterday's)."""
    trace = zipf_trace(requests, links, alpha, seed=seed + 2)
    trace.flags.writeable = False
    return trace


def simulate_day(design: Design = Design(), *, requests: int = 100_000, links: int = 50_000,
                 alpha: float | None = None, seed: int = 0) -> Day:
    """Run one day of ``requests`` sampled redirects through ``design`` (see the module)."""
    requests = checks.integer(requests, "requests", 1_000)
    links = checks.integer(links, "links", 10)
    alpha = design.workload.zipf_alpha if alpha is None else checks.number(alpha, "alpha", 0)
    rng = np.random.default_rng(seed)
    e = estimate(design.workload)
    scale = e.read_qps * 86_400 / requests
    slots = cache_size(design, requests=requests, links=links, alpha=alpha, seed=seed)
    # Today, after yesterday's second half has warmed the cache (same seed as cache_size).
    warm = _yesterday(requests, links, alpha, seed)[requests:]
    today = _today(requests, links, alpha, seed).copy()  # the Day's own, writable
    hit = (np.zeros(requests, bool) if design.regional_reads  # each site's cache, below
           else _hits_today(requests, links, alpha, seed, slots).copy())
    hour = np.sort(rng.choice(HOURS, size=requests, p=hour_shares(design.workload.peak_factor)))
    # Who is in the new region, yesterday then today (its own generator: a day without a
    # new region draws exactly what it drew before).
    remote = np.random.default_rng([seed, 29]).random(2 * requests) < design.remote_share
    sites = ([(~remote[:requests], ~remote[requests:]), (remote[:requests], remote[requests:])]
             if design.regional_reads else [(np.ones(requests, bool), np.ones(requests, bool))])
    shard = np.full(requests, -1)
    latency, timed_out = np.empty(requests), np.zeros(requests, bool)
    shard_rate = np.zeros((len(sites), HOURS, design.shards))
    for site, (warm_rows, rows) in enumerate(sites):  # each site: its own cache and shards
        if not rows.any():  # a region with no request in today's sample: nothing to serve
            continue
        if design.regional_reads:
            hit[rows] = hits_per_request("lru", np.concatenate([warm[warm_rows], today[rows]]),
                                         slots)[warm_rows.sum():]
        site_hour, misses = hour[rows], ~hit[rows]
        site_shard = np.where(hit[rows], -1, JumpPartitioner(design.shards).assign(today[rows]))
        shard[rows] = site_shard
        # Real arrival rates: at the cache node per hour, at each shard per hour.
        cache_rate = np.bincount(site_hour, minlength=HOURS) * scale / 3600
        np.add.at(shard_rate[site], (site_hour[misses], site_shard[misses]), scale / 3600)
        site_latency, site_timed_out = _serve(rng, cache_rate[site_hour],
                                              design.cache_service_ms, design)
        miss_latency, miss_timed_out = _serve(
            rng, shard_rate[site][site_hour[misses], site_shard[misses]],
            design.db_service_ms, design)
        site_latency[misses] += miss_latency
        site_timed_out[misses] |= miss_timed_out
        latency[rows], timed_out[rows] = site_latency, site_timed_out
    today_remote = remote[requests:]
    if not design.regional_reads:  # the new region's users cross the ocean and back
        latency[today_remote] += CROSS_REGION_RTT_S
    return Day(design, scale, slots, hour, today, hit, shard, latency, timed_out, shard_rate[0],
               today_remote, shard_rate[1] if design.regional_reads else None)


def _serve(rng, arrival_rate: np.ndarray, service_ms: float, design: Design):
    """Latency (s) of requests at a server seeing ``arrival_rate`` each: a round trip plus
    M/M/1's time in system, exponential with rate mu - lambda (25); at or past mu the
    server is overloaded and the request waits ``design.timeout_ms``, then fails."""
    mu = 1e3 / service_ms
    # A rate summed from sampled requests can land a rounding error below mu when it is
    # mu: that is overloaded too, not a finite queue with a wait of 1 / (mu - lambda) ~ 1e13 s.
    over = arrival_rate >= mu * (1 - 1e-9)
    wait = rng.exponential(1 / (mu - np.where(over, 0.0, arrival_rate)))
    return RTT_S + np.where(over, design.timeout_ms / 1e3, wait), over
