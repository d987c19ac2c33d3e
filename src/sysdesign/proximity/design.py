"""The designed proximity service as a pipeline of the course's models, and its simulated day.

A search ``(lat, lon, radius)`` flows: load balancer -> stateless location service ->
a cache of geohash cells (key: one cell, value: the ids of the businesses in it) -> for
the cells the cache lacks, one query to a read replica. Each step is an existing model:

* the cells a search needs: :func:`sysdesign.geo.geohash.cells_covering` (notebook 15);
* the cache: LRU from :mod:`sysdesign.caching` (notebook 06), replayed on the day's cells;
* a replica: an M/M/1 queue from :mod:`sysdesign.performance` (notebook 25), whose time in
  system is exponential with rate mu - lambda; reads spread at random over the replicas;
* the estimate: :func:`sysdesign.estimation.estimate` (notebook 01);
* staleness after a business update: replica lag from
  :func:`sysdesign.replication.stale_probability` (notebook 10) plus the cache's TTL.

The day is *sampled*: ``searches`` requests stand for the estimate's whole day, each one
for ``scale`` real searches. Loads are scaled back up; the cache is replayed on the sample
(see :func:`simulate_day`).
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from sysdesign.caching import che_lru_hit_ratio, stack_distances
from sysdesign.core import checks
from sysdesign.core.units import format_bytes
from sysdesign.core.workloads import zipf_trace
from sysdesign.estimation import LATENCIES_S, SECONDS_PER_DAY, Workload, estimate
from sysdesign.geo import cities as geo_cities
from sysdesign.geo._fast import covering_codes, covering_codes_many
from sysdesign.geo.distance import EARTH_RADIUS_M
from sysdesign.performance import mm1
from sysdesign.replication import stale_probability

# --- requirements and estimate ------------------------------------------------------------

BUSINESSES = 200_000_000  # businesses in the catalogue (Xu's figure for the exercise)
BUSINESS_ROW_BYTES = 1_000  # one business: name, address, hours, category, lat, lon
SEARCHES_PER_USER = 5  # nearby searches per daily user per day
WORKLOAD = Workload(
    daily_active_users=100_000_000,
    requests_per_user=SEARCHES_PER_USER * 1.001,  # + 1 business update per 1,000 searches
    read_write_ratio=1_000,
    peak_factor=2.0,
    object_size_bytes=BUSINESS_ROW_BYTES,
    server_qps=1_000,  # one location-service server, at 100 % load
)
RADII_M = (1_000, 2_000, 5_000, 20_000)  # the radii the app offers
RADIUS_SHARES = (0.4, 0.3, 0.2, 0.1)  # how often each is chosen

# --- the designed system's defaults ---------------------------------------------------------

REPLICAS = 4  # read replicas of the business / geo-index database
REPLICA_QPS = 2_000.0  # searches one replica answers per second at 100 % load (mu)
CACHE_CELLS = 2_000  # cells the cache holds (in the sampled day: see simulate_day)
SLO_MS = 100.0  # p99 latency objective of a search
TIMEOUT_MS = 1_000.0  # a search that would take longer fails
SERVICE_MS = 2.0  # load balancer + location service, per search
CACHE_MS = 1.0  # one round trip to the cache (all cells in one multi-get)
TARGET_UTILIZATION = 0.7  # the 70 % capacity model of notebook 01
SEARCHES = 12_000  # sampled searches standing for the whole day
ALPHA = 1.2  # Zipf skew of search popularity over cities, ranked by population
SPREAD_M = 2_000.0  # a search starts within this distance of its city's centre
# a second region far from the first: one round trip between them (notebook 01's table)
CROSS_REGION_RTT_MS = LATENCIES_S["Packet California → Netherlands → California"] * 1_000
NEW_REGION_TRAFFIC = 0.5  # the new region's searches, as a multiple of the estimate


def replicas_needed(peak_qps, hit_ratio, replica_qps=REPLICA_QPS,
                    target_utilization=TARGET_UTILIZATION) -> int:
    """Replicas so the searches the cache misses fill ``target_utilization`` of them at peak.

    >>> replicas_needed(10_000, 0.5, 1_000, 0.7)
    8
    """
    peak_qps = checks.number(peak_qps, "peak_qps", 0, hint="searches per second")
    hit_ratio = checks.fraction(hit_ratio, "hit_ratio")
    replica_qps = checks.number(replica_qps, "replica_qps", 0, lo_open=True,
                                hint="searches per second one replica answers")
    target = checks.fraction(target_utilization, "target_utilization", lo_open=True)
    return max(1, math.ceil(peak_qps * (1 - hit_ratio) / (replica_qps * target) - 1e-9))


def estimate_table(workload: Workload = WORKLOAD) -> pd.DataFrame:
    """The numbers of the design, from notebook 01's estimator plus the catalogue's size."""
    e = estimate(workload)
    rows = e.table().loc[["average read QPS", "peak read QPS", "average write QPS",
                          "peak write QPS", "servers (peak fills the target share)"]]
    rows = rows.rename(index={"average read QPS": "average search QPS",
                              "peak read QPS": "peak search QPS",
                              "average write QPS": "average business updates/s",
                              "peak write QPS": "peak business updates/s",
                              "servers (peak fills the target share)":
                              "location-service servers (70 % at peak)"})
    catalogue = pd.DataFrame({"estimate": [f"{BUSINESSES:,}", format_bytes(
        BUSINESSES * BUSINESS_ROW_BYTES)]}, index=["businesses", "business table (1 copy)"])
    return pd.concat([rows, catalogue]).rename_axis("quantity")


# --- the workload: where businesses are and where people search -----------------------------

def _scatter(lats, lons, spread_m, rng):
    """Points uniform over discs of radius ``spread_m`` around (lats, lons)."""
    angle = rng.uniform(0, 2 * np.pi, lats.size)
    step = spread_m * np.sqrt(rng.uniform(0, 1, lats.size)) / EARTH_RADIUS_M
    q_lat = np.clip(lats + np.degrees(step * np.cos(angle)), -89.9, 89.9)
    scale = np.cos(np.radians(q_lat))
    q_lon = (lons + np.degrees(step * np.sin(angle)) / scale + 180) % 360 - 180
    return q_lat, q_lon


@functools.lru_cache(maxsize=4)
def cities_by_population() -> pd.DataFrame:
    """GeoNames cities (notebook 15's table), most populous first: rank 0 is the hottest area."""
    return (geo_cities.cities().sort_values(["population", "geonameid"], ascending=False)
            .reset_index(drop=True))


def businesses(n=20_000, *, seed=0) -> pd.DataFrame:
    """``n`` businesses near real cities, a city's share proportional to its population."""
    n = checks.integer(n, "n", 1, hint="businesses")
    table = cities_by_population()
    rng = np.random.default_rng(seed)
    weights = table["population"].to_numpy(float)
    pick = rng.choice(len(table), n, p=weights / weights.sum())
    lat, lon = _scatter(table["lat"].to_numpy()[pick], table["lon"].to_numpy()[pick],
                        SPREAD_M, rng)
    return pd.DataFrame({"lat": lat, "lon": lon, "city": table["name"].to_numpy()[pick]})


@dataclass(frozen=True)
class Searches:
    """A sampled day of searches: when, where, how far, and the cache keys each needs."""

    time_s: np.ndarray  # seconds since midnight, sorted
    lat: np.ndarray
    lon: np.ndarray
    radius_m: np.ndarray
    city: np.ndarray  # popularity rank of the city searched near (0 = most searched)
    cells: np.ndarray  # the cache keys (one id per geohash cell), all searches concatenated
    starts: np.ndarray  # searches[i]'s cells are cells[starts[i]:starts[i + 1]]

    def __len__(self) -> int:
        return self.time_s.size


def arrival_times(n, peak_factor=2.0, *, seed=0) -> np.ndarray:
    """``n`` sorted times over one day, with a daily cycle whose peak is ``peak_factor`` x the
    mean (rate ∝ 1 + (f - 1)·sin, lowest at 03:00 and highest at 15:00)."""
    n = checks.integer(n, "n", 1)
    f = checks.number(peak_factor, "peak_factor", 1, 2, hint="peak / mean rate")
    rng = np.random.default_rng(seed)
    times = []
    while sum(t.size for t in times) < n:  # thinning: keep a draw with prob rate / max rate
        t = rng.uniform(0, SECONDS_PER_DAY, 2 * n)
        rate = 1 + (f - 1) * np.sin(2 * np.pi * (t / SECONDS_PER_DAY - 0.375))
        times.append(t[rng.uniform(0, f, t.size) < rate])
    return np.sort(np.concatenate(times)[:n])


def _sample_day(searches=SEARCHES, alpha=ALPHA, *, seed=0) -> Searches:
    """:func:`day_of_searches`, sampled afresh on every call."""
    searches = checks.integer(searches, "searches", 1, 1_000_000)
    alpha = checks.number(alpha, "alpha", 0, 3, hint="the Zipf skew")
    table = cities_by_population()
    rng = np.random.default_rng(seed)
    rank = zipf_trace(searches, len(table), alpha, seed=seed + 1)
    lat, lon = _scatter(table["lat"].to_numpy()[rank], table["lon"].to_numpy()[rank],
                        SPREAD_M, rng)
    radius = rng.choice(np.array(RADII_M, float), searches, p=RADIUS_SHARES)
    cells, starts = _cache_keys(lat, lon, radius)
    return Searches(arrival_times(searches, WORKLOAD.peak_factor, seed=seed + 2), lat, lon,
                    radius, rank, cells, starts)


def _cache_keys_simple(lat, lon, radius) -> tuple[np.ndarray, np.ndarray]:
    """Each search's covering cells as dense integer cache keys, one search at a time.

    A cell is (precision, 60-bit start code); its key is the number of distinct cells seen
    before its first lookup. Returns the keys of all searches concatenated, and where each
    search's keys start (search i: ``cells[starts[i]:starts[i + 1]]``, in code order).
    """
    keys: dict[tuple[int, int], int] = {}
    cells, starts = [], [0]
    for la, lo, r in zip(lat.tolist(), lon.tolist(), radius.tolist(), strict=True):
        p, codes = covering_codes(la, lo, r, None)
        cells.extend(keys.setdefault((p, c), len(keys)) for c in codes)
        starts.append(len(cells))
    return np.array(cells), np.array(starts)


def _cache_keys(lat, lon, radius) -> tuple[np.ndarray, np.ndarray]:
    """:func:`_cache_keys_simple` for all searches at once (about 10 times faster).

    The cells come from ``covering_codes_many``; a cell's key is the rank of its first
    lookup among the distinct cells' first lookups, which is the order in which the
    readable loop hands out keys. ``tests/proximity/test_design.py`` holds the two equal.
    """
    precisions, codes, starts = covering_codes_many(lat, lon, radius)
    sizes = np.diff(starts)
    # One number per cell: the 60-bit code (below 2**60) and the precision in 4 more bits.
    cell = (codes.astype(np.uint64) << np.uint64(4)) | np.repeat(precisions, sizes).astype(
        np.uint64)
    _, first, inverse = np.unique(cell, return_index=True, return_inverse=True)
    rank = np.empty(first.size, dtype=np.int64)
    rank[np.argsort(first)] = np.arange(first.size)
    return rank[inverse], starts


@functools.lru_cache(maxsize=8)
def _kept_day(searches, alpha, seed) -> Searches:
    return _sample_day(searches, alpha, seed=seed)


def day_of_searches(searches=SEARCHES, alpha=ALPHA, *, seed=0) -> Searches:
    """A sampled day: Zipf(``alpha``)-popular cities, radii from :data:`RADII_M`, and each
    search's covering geohash cells (notebook 15) as dense integer cache keys."""
    # Kept, one sample per (searches, alpha, seed) however it is asked for: the notebook
    # calls day_of_searches() and the simulation day_of_searches(searches, seed=seed),
    # which a cache keyed on the call's own arguments would sample twice. The arrays are
    # shared by every caller, as they always were.
    return _kept_day(checks.integer(searches, "searches", 1, 1_000_000),
                     checks.number(alpha, "alpha", 0, 3, hint="the Zipf skew"), seed)


day_of_searches.__wrapped__ = _sample_day  # the uncached sampler, as functools.wraps names it


# --- the simulated day --------------------------------------------------------------------

@dataclass(frozen=True)
class Day:
    """What one simulated day measured, with loads scaled to the real day."""

    scale: float  # real searches per sampled one
    latency_ms: np.ndarray  # per sampled search (TIMEOUT_MS where it timed out)
    cache_hit: np.ndarray  # per search: every cell came from the cache
    lookup_hit_ratio: float  # share of cell lookups the cache answered
    predicted_hit_ratio: float  # Che's approximation (notebook 06) for the same cells
    replica: np.ndarray  # replica that answered each search (-1: the cache did)
    replica_share: np.ndarray  # share of replica reads each replica took
    hourly_qps: np.ndarray  # searches/s in each hour (real scale)
    hourly_replica_qps: np.ndarray  # (24,) searches/s reaching each replica, real scale
    replica_utilization: np.ndarray  # (24,) each replica's lambda / mu in each hour
    timed_out: int  # sampled searches that hit the timeout (replica overloaded)
    slo_ms: float
    remote: np.ndarray | None = None  # per search: from the far region (pays the round trip)

    def percentile(self, q, region=None) -> float:
        """The q-th percentile of search latency, in ms (nearest rank, as 25 does), over all
        searches or one ``region`` ("home": the home region's users, "new": the far one's)."""
        latency = self.latency_ms
        if region is not None:
            region = checks.choice(region, "region", ("home", "new"))
            remote = np.zeros(latency.size, bool) if self.remote is None else self.remote
            latency = latency[remote if region == "new" else ~remote]
            if latency.size == 0:
                raise ValueError(f"region {region!r} has no searches on this day (set "
                                 f"remote_share of simulate_day to give it some)")
        return float(np.percentile(latency, q, method="inverted_cdf"))

    @property
    def meets_slo(self) -> bool:
        """p99 within the SLO in every region that has searches, and no timeouts."""
        regions = ["home"] if self.remote is None or not self.remote.any() else (
            ["new"] if self.remote.all() else ["home", "new"])
        return self.timed_out == 0 and all(self.percentile(99, r) <= self.slo_ms
                                           for r in regions)


def _check_design(traffic, replicas, cache_cells, slo_ms, replica_qps):
    return (checks.number(traffic, "traffic", 0, 1_000, lo_open=True,
                          hint="multiple of the estimated traffic"),
            checks.integer(replicas, "replicas", 1, 1_000),
            checks.integer(cache_cells, "cache_cells", 1, hint="cells the cache holds"),
            checks.number(slo_ms, "slo_ms", 0, lo_open=True, hint="p99 objective in ms"),
            checks.number(replica_qps, "replica_qps", 0, lo_open=True,
                          hint="searches per second one replica answers"))


@functools.lru_cache(maxsize=4)
def _stack_distances(searches, seed):
    """LRU stack distances of the day's cell lookups (notebook 06), computed once."""
    return stack_distances(day_of_searches(searches, seed=seed).cells)


@functools.lru_cache(maxsize=32)
def _cache(searches, seed, cache_cells):
    """LRU over the day's cell lookups: per lookup, per search (all cells hit), Che's
    prediction for the same popularity. Kept: it does not depend on traffic or replicas."""
    day = day_of_searches(searches, seed=seed)
    distances = _stack_distances(searches, seed)
    lookup_hits = (distances > 0) & (distances <= cache_cells)  # what LRU hits (Mattson)
    cache_hit = np.logical_and.reduceat(lookup_hits, day.starts[:-1])
    popularity = np.bincount(day.cells) / day.cells.size
    predicted = float(che_lru_hit_ratio(popularity, [min(cache_cells, popularity.size)])[0])
    return lookup_hits, cache_hit, predicted


def simulate_day(traffic=1.0, replicas=REPLICAS, cache_cells=CACHE_CELLS, slo_ms=SLO_MS, *,
                 replica_qps=REPLICA_QPS, remote_share=0.0, rtt_ms=CROSS_REGION_RTT_MS,
                 searches=SEARCHES, seed=0) -> Day:
    """Run one sampled day through the design and measure it.

    ``traffic`` multiplies the estimated daily searches (10 means 10x). The cache (LRU,
    ``cache_cells`` cells) is replayed on the sample's cell lookups, so its hit ratio is
    that of a cache of that many cells under the day's popularity; it does not change with
    ``traffic``. Each sampled search stands for ``scale`` real ones: replica loads are the
    sample's counts per hour x scale, split evenly over the replicas (reads go to a random
    replica; ``replica_share`` counts the sample's picks). A miss waits as in M/M/1 at that
    hour's load (exponential time in system, mean 1 / (mu - lambda)); at or above mu the
    replicas are overloaded and the search times out.

    ``remote_share`` of the searches (drawn at random) come from users in a far region
    served by this one: each pays one cross-region round trip, ``rtt_ms``, on top.
    """
    traffic, replicas, cache_cells, slo_ms, replica_qps = _check_design(
        traffic, replicas, cache_cells, slo_ms, replica_qps)
    day = day_of_searches(searches, seed=seed)
    n = len(day)
    scale = traffic * WORKLOAD.daily_active_users * SEARCHES_PER_USER / n
    lookup_hits, cache_hit, predicted = _cache(searches, seed, cache_cells)
    rng = np.random.default_rng(seed + 3)
    replica = np.where(cache_hit, -1, rng.integers(0, replicas, n))
    hour = np.minimum((day.time_s // 3_600).astype(int), 23)
    hourly = np.bincount(hour, minlength=24) * scale / 3_600
    misses = replica >= 0
    # A random split of a Poisson stream gives each replica rate lambda / replicas; the
    # sample is too small to measure each replica's hour on its own, so use the split.
    per_replica = np.bincount(hour[misses], minlength=24) * scale / 3_600 / replicas
    mean_s = np.array([mm1(lam, replica_qps).mean_time_in_system if lam < replica_qps
                       else np.inf for lam in per_replica])  # M/M/1: W = 1 / (mu - lambda)
    # M/M/1's time in system is exponential: draw it with that mean, in ms.
    wait_ms = rng.exponential(1.0, n) * 1_000 * mean_s[hour]
    latency = np.where(misses, SERVICE_MS + CACHE_MS + wait_ms, SERVICE_MS + CACHE_MS)
    timed_out = misses & (latency > TIMEOUT_MS)
    latency = np.where(timed_out, TIMEOUT_MS, latency)
    remote_share = checks.fraction(remote_share, "remote_share",
                                   hint="share of searches from the far region")
    rtt_ms = checks.number(rtt_ms, "rtt_ms", 0, hint="cross-region round trip in ms")
    remote = np.random.default_rng(seed + 4).uniform(0, 1, n) < remote_share
    latency = latency + np.where(remote, rtt_ms, 0.0)  # the far users' round trip
    reads = np.bincount(replica[misses], minlength=replicas)
    return Day(scale, latency, cache_hit, float(lookup_hits.mean()), predicted, replica,
               reads / max(1, reads.sum()), hourly, per_replica, per_replica / replica_qps,
               int(timed_out.sum()), slo_ms, remote)


def measured_vs_estimated(day: Day, traffic=1.0) -> pd.DataFrame:
    """The day's measurements beside what the estimate and the models predicted.

    ``traffic`` must be the multiple ``day`` was simulated at (a mismatch raises
    ValueError rather than set one day beside another day's estimate); the replicas'
    capacity is the one the day ran with.
    """
    if not isinstance(day, Day):
        raise TypeError(f"day must be a Day from simulate_day, got {type(day).__name__}")
    traffic = checks.number(traffic, "traffic", 0, lo_open=True,
                            hint="multiple of the estimated traffic")
    ran = day.scale * day.latency_ms.size / (WORKLOAD.daily_active_users * SEARCHES_PER_USER)
    if not math.isclose(traffic, ran, rel_tol=1e-9):
        raise ValueError(f"traffic must be the multiple the day ran at, {ran:g}; got {traffic:g}")
    busy = day.replica_utilization > 0  # lambda / mu in each hour: mu = lambda / utilisation
    replica_qps = (float(day.hourly_replica_qps[busy][0] / day.replica_utilization[busy][0])
                   if busy.any() else REPLICA_QPS)
    searches_per_s = traffic * WORKLOAD.daily_active_users * SEARCHES_PER_USER / SECONDS_PER_DAY
    replicas = day.replica_share.size
    rows = [
        ("average search QPS", searches_per_s, day.hourly_qps.mean(), "req/s"),
        ("peak search QPS (busiest hour)", searches_per_s * WORKLOAD.peak_factor,
         day.hourly_qps.max(), "req/s"),
        ("cache hit ratio (cell lookups)", day.predicted_hit_ratio, day.lookup_hit_ratio, ""),
        ("busiest replica's share of reads", 1 / replicas, day.replica_share.max(), ""),
        ("replica utilisation, busiest hour", searches_per_s * WORKLOAD.peak_factor
         * (1 - day.cache_hit.mean()) / replicas / replica_qps,
         day.replica_utilization.max(), ""),
        ("p99 search latency (ms)", day.slo_ms, day.percentile(99), "ms (SLO)"),
    ]
    frame = pd.DataFrame(rows, columns=["quantity", "estimate", "measured", "unit"])
    return frame.set_index("quantity")


def region_report(new_traffic=NEW_REGION_TRAFFIC, regional=False, replicas=REPLICAS,
                  new_replicas=None, cache_cells=CACHE_CELLS, slo_ms=SLO_MS, *, ttl_s=60.0,
                  lag_ms=5.0, rtt_ms=CROSS_REGION_RTT_MS) -> pd.DataFrame:
    """A new region far from home, per region: the same simulated day, p50/p99, load,
    and how long an update takes to show there.

    ``regional=False``: the home region serves everyone; one day at traffic 1 +
    ``new_traffic`` in which the new region's searches pay ``rtt_ms``. ``regional=True``:
    the new region gets its own read path (a cell cache of ``cache_cells`` and
    ``new_replicas`` replicas, by default sized by the 70 % rule), fed by asynchronous
    replication from the home primary across the ocean (lag: ``lag_ms`` + half the round
    trip); each region runs its own day. Writes always go to the home primary.
    """
    new_traffic = checks.number(new_traffic, "new_traffic", 0, 1_000, lo_open=True,
                                hint="multiple of the estimated traffic")
    rtt_ms = checks.number(rtt_ms, "rtt_ms", 0, hint="cross-region round trip in ms")
    lag_ms = checks.number(lag_ms, "lag_ms", 0, hint="replication delay in ms")
    home_fresh = time_to_fresh(ttl_s, lag_ms)
    if not regional:
        day = simulate_day(1 + new_traffic, replicas, cache_cells, slo_ms,
                           remote_share=new_traffic / (1 + new_traffic), rtt_ms=rtt_ms)
        days = {"home": (day, "home"), "new": (day, "new")}
        fresh = {"home": home_fresh, "new": home_fresh}
    else:
        if new_replicas is None:
            hit = float(simulate_day(new_traffic, 1, cache_cells).cache_hit.mean())
            new_replicas = replicas_needed(new_traffic * estimate(WORKLOAD).peak_read_qps, hit)
        days = {"home": (simulate_day(1.0, replicas, cache_cells, slo_ms), "home"),
                "new": (simulate_day(new_traffic, new_replicas, cache_cells, slo_ms), "home")}
        fresh = {"home": home_fresh, "new": time_to_fresh(ttl_s, lag_ms + rtt_ms / 2)}
    rows = []
    for name, (day, region) in days.items():
        p99 = day.percentile(99, region)
        rows.append({"region": name, "p50 (ms)": day.percentile(50, region), "p99 (ms)": p99,
                     "meets SLO": bool(p99 <= slo_ms and day.timed_out == 0),
                     "searches served by the cache": float(day.cache_hit.mean()),
                     "replicas serving": day.replica_share.size,
                     "busiest replica, busiest hour": float(day.replica_utilization.max()),
                     "update shows after (s)": fresh[name]})
    return pd.DataFrame(rows).set_index("region")


# --- the business-update path ---------------------------------------------------------------

def stale_share(t_s, ttl_s=60.0, lag_ms=5.0, jitter_ms=5.0):
    """Chance a search of a hot cell still shows a business's old data ``t_s`` seconds after
    the update reached the primary.

    The cell is always cached (it is hot), its entry loaded at a uniformly random moment of
    the TTL before the update, so it expires at e ~ U(0, ttl). Until then it is stale. From
    then on it is reloaded from a replica at e, e + ttl, e + 2 ttl, ...; the replica gets
    the update after a delay d = ``lag_ms`` + Exp(``jitter_ms``) (notebook 10's model), and a
    reload before d brings the old data back for another TTL. At t >= e the entry in use was
    loaded at r = t - ((t - e) mod ttl), so P(stale at t) = P(e > t) + E[P(d > r); e <= t].
    With t = k ttl + m (0 <= m < ttl), r = e + k ttl for e <= m and e + (k - 1) ttl above.
    """
    ttl = checks.number(ttl_s, "ttl_s", 0, lo_open=True, hint="seconds an entry lives")
    lag = checks.number(lag_ms, "lag_ms", 0, hint="replication delay in ms")
    jitter = checks.number(jitter_ms, "jitter_ms", 0, hint="ms")
    t = np.atleast_1d(np.asarray(t_s, dtype=float))
    if not np.all(np.isfinite(t)) or np.any(t < 0):
        raise ValueError("t_s must be a finite number of seconds, at least 0, after the update")
    grid = np.linspace(0, 1, 201)
    k, m = np.divmod(t, ttl)
    k, m = k[:, None], m[:, None]

    # where P(d > x) bends: just before the lag and along the exponential tail (seconds)
    bends = np.concatenate([[lag - 1e-6], lag + jitter * np.linspace(0, 12, 97)]) / 1_000

    def reloads(lo, hi, shift):  # ∫ P(d > e + shift) de over lo < e <= hi, / ttl
        e = np.broadcast_to(lo + (hi - lo) * grid, (t.size, grid.size))
        e = np.sort(np.concatenate([e, np.clip(bends - shift, lo, hi)], axis=1), axis=1)
        stale = stale_probability((e + shift) * 1_000, latency=lag, jitter=jitter)
        return np.trapezoid(stale, e, axis=1) / ttl

    out = np.clip(1 - t / ttl, 0, 1) + reloads(0.0, m, k * ttl)  # last reloaded k TTLs after e
    out += np.where(k[:, 0] >= 1, reloads(m, ttl, (k - 1) * ttl), 0.0)
    return out if np.ndim(t_s) else float(out[0])


def time_to_fresh(ttl_s=60.0, lag_ms=5.0, jitter_ms=5.0, within=0.01) -> float:
    """Seconds after an update until fewer than ``within`` of hot-cell searches are stale."""
    # A pure function of four numbers returning a float (immutable), which the notebook
    # asks for several times with the same numbers (the update panel, each region
    # report): kept, keyed on the numbers as floats (5 and 5.0 give the same answer).
    args = (ttl_s, lag_ms, jitter_ms, within)
    if all(type(v) is float or type(v) is int for v in args):
        return _kept_fresh(*(float(v) for v in args))
    return _time_to_fresh(*args)


@functools.lru_cache(maxsize=64)
def _kept_fresh(ttl_s, lag_ms, jitter_ms, within) -> float:
    return _time_to_fresh(ttl_s, lag_ms, jitter_ms, within)


def _time_to_fresh(ttl_s, lag_ms, jitter_ms, within) -> float:
    within = checks.fraction(within, "within", lo_open=True, hi_open=True)
    ttl = checks.number(ttl_s, "ttl_s", 0, lo_open=True)
    lag_ms = checks.number(lag_ms, "lag_ms", 0, hint="replication delay in ms")
    jitter_ms = checks.number(jitter_ms, "jitter_ms", 0, hint="ms")
    lo, hi = 0.0, 2 * ttl + (lag_ms + 50 * jitter_ms) / 1_000
    for _ in range(40):  # brackets to 2**-40 of the span: far below a millisecond
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if stale_share(mid, ttl, lag_ms, jitter_ms) >= within else (lo, mid)
    return hi
