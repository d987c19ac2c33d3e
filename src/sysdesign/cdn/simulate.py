"""A CDN in time: users in several regions, one edge per region, an optional shield, an origin.

Runs on :class:`sysdesign.core.events.Simulator` (time in seconds, seeded). Each region's
users send Poisson requests over a Zipf catalogue; the origin updates objects at random
(content churn). Two ways to fill the edges:

* **pull**: an edge fetches an object on a miss and keeps it for the TTL. The edges and
  the shield are :class:`sysdesign.dns.cache.TTLCache` instances (the same "keep it for
  its TTL, then drop it" cache as a DNS resolver). An edge that fetches from the shield
  keeps the copy only for what is *left* of the shield's TTL (that is what the ``Age``
  header does), so no copy is ever served more than one TTL after the origin made it.
* **push**: the owner uploads the ``pushed`` most popular objects to every edge up front
  and re-uploads each one when it changes (an assumption: the owner pushes every change at
  once, arriving one way-trip later; a real push is as fresh as the owner's last push,
  with no TTL); the edge holds nothing else, so a request for any other object goes to
  the origin.

Counters (hits, misses, origin fetches, pushes, stale copies served) are on the result.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..core import checks, workloads
from ..core.events import Simulator
from ..dns.cache import TTLCache

MODES = ("pull", "push")


@dataclass(frozen=True)
class Served:
    """One request: when, from which region, which object, which tier answered, its latency."""

    time: float
    region: int
    key: int
    tier: str  # "edge", "shield" or "origin"
    latency_ms: float
    age: float  # seconds since the origin made the copy served
    stale: bool  # the origin already had a newer version


@dataclass
class CdnRun:
    """Counters of one run; per-region arrays are indexed like ``regions``."""

    mode: str
    regions: tuple
    duration: float
    requests: int = 0
    hits: int = 0  # answered by the edge
    misses: int = 0  # not answered by the edge
    shield_hits: int = 0
    origin_fetches: int = 0  # requests that reached the origin
    pushes: int = 0  # uploads from the owner to edges (push mode)
    updates: int = 0  # content changes at the origin
    stale_served: int = 0
    max_age_served: float = 0.0  # seconds since the origin made the copy (pull: <= TTL)
    max_out_of_date: float = 0.0  # seconds since the origin replaced a stale copy served
    cached_seconds: float = 0.0  # object-seconds held at the edges
    region_requests: np.ndarray = field(default=None)
    region_hits: np.ndarray = field(default=None)
    region_latency_ms: np.ndarray = field(default=None)  # summed
    trace: list = field(default_factory=list)

    @property
    def hit_ratio(self) -> float:
        return self.hits / self.requests if self.requests else 0.0

    @property
    def origin_load(self) -> float:
        """Transfers the origin makes per second: fetches plus pushed uploads."""
        return (self.origin_fetches + self.pushes) / self.duration

    @property
    def stale_share(self) -> float:
        return self.stale_served / self.requests if self.requests else 0.0

    @property
    def storage(self) -> float:
        """Objects held at the edges, averaged over the run (all edges together)."""
        return self.cached_seconds / self.duration

    def mean_latency_ms(self) -> np.ndarray:
        """Mean latency per region in ms."""
        return self.region_latency_ms / np.maximum(self.region_requests, 1)


def simulate(*, mode: str = "pull", rtts: dict, n_objects: int = 200, alpha: float = 0.9,
             rate: float = 2.0, ttl: float = 60.0, churn_per_hour: float = 1.0,
             duration: float = 600.0, shield: bool = False, shield_rtt_ms: float = 2.0,
             pushed: int | None = None, record: bool = False, seed: int = 0) -> CdnRun:
    """Run a CDN for ``duration`` seconds and return its counters.

    ``rtts`` maps each region to (user → edge RTT, edge → origin RTT) in ms; the shield
    sits next to the origin (``shield_rtt_ms`` between them), so an edge reaches it in
    about the edge → origin RTT. ``rate`` is requests per second per region,
    ``churn_per_hour`` updates per object per hour, ``pushed`` how many of the most
    popular objects a push CDN uploads (default: all).
    """
    mode = checks.choice(mode, "mode", MODES)
    if not isinstance(rtts, dict) or not rtts:
        raise TypeError("rtts must be a non-empty dict region -> (user-edge ms, edge-origin ms)")
    n_objects = checks.integer(n_objects, "n_objects", 1)
    alpha = checks.number(alpha, "alpha", 0, hint="Zipf skew")
    rate = checks.number(rate, "rate", 0, lo_open=True, hint="requests per second per region")
    ttl = checks.number(ttl, "ttl", 0, lo_open=True, hint="seconds")
    churn = checks.number(churn_per_hour, "churn_per_hour", 0, hint="updates per object per hour")
    duration = checks.number(duration, "duration", 0, lo_open=True, hint="seconds")
    shield_rtt_ms = checks.number(shield_rtt_ms, "shield_rtt_ms", 0)
    pushed = n_objects if pushed is None else checks.integer(pushed, "pushed", 0, n_objects)

    regions = tuple(rtts)
    for region, pair in rtts.items():
        if not isinstance(pair, (tuple, list)) or len(pair) != 2:
            raise TypeError(f"rtts[{region!r}] must be a pair (user-edge ms, edge-origin ms), "
                            f"got {pair!r}")
        checks.number(pair[0], f"rtts[{region!r}][0]", 0, hint="user → edge RTT, ms")
        checks.number(pair[1], f"rtts[{region!r}][1]", 0, hint="edge → origin RTT, ms")
    access = [float(rtts[r][0]) for r in regions]
    to_origin = [float(rtts[r][1]) for r in regions]
    sim = Simulator(seed=seed)
    run = CdnRun(mode, regions, duration)
    asked, answered, waited = [0] * len(regions), [0] * len(regions), [0.0] * len(regions)
    version = [0] * n_objects
    changed_at = [[] for _ in range(n_objects)]  # times of each object's updates
    edges = [TTLCache() for _ in regions]
    shield_cache = TTLCache()
    pushed_copies = [{key: (0, 0.0) for key in range(pushed)} for _ in regions]
    if mode == "push":
        run.pushes = pushed * len(regions)
        run.cached_seconds = pushed * len(regions) * duration

    def fetch(region: int, key: int, now: float) -> tuple:
        """A miss at an edge: ask the shield (if any) or the origin; returns copy, ttl, tier."""
        if shield:
            entry = shield_cache.get(key, now)
            if entry is not None:
                run.shield_hits += 1
                return entry.value, entry.expires - now, "shield"
        run.origin_fetches += 1
        copy = (version[key], now)
        if shield:
            shield_cache.put(key, copy, ttl, now)
        return copy, ttl, "origin"

    def request(region: int, key: int) -> None:
        now = sim.now
        latency = access[region]
        if mode == "push":
            copy = pushed_copies[region].get(key)
            tier = "edge"
            if copy is None:
                run.origin_fetches += 1
                copy, tier = (version[key], now), "origin"
                latency += to_origin[region]
        else:
            entry = edges[region].get(key, now)
            if entry is not None:
                copy, tier = entry.value, "edge"
            else:
                copy, left, tier = fetch(region, key, now)
                edges[region].put(key, copy, left, now)
                run.cached_seconds += min(left, duration - now)
                latency += to_origin[region] + (shield_rtt_ms if tier == "origin" and shield
                                                else 0.0)
        hit = tier == "edge"
        age = now - copy[1]
        stale = copy[0] != version[key]
        run.requests += 1
        run.hits += hit
        run.misses += not hit
        run.stale_served += stale
        if stale:
            run.max_out_of_date = max(run.max_out_of_date, now - changed_at[key][copy[0]])
        run.max_age_served = max(run.max_age_served, age)
        asked[region] += 1
        answered[region] += hit
        waited[region] += latency
        if record:
            run.trace.append(Served(now, region, key, tier, latency, age, stale))

    def install(region: int, key: int, copy: tuple) -> None:
        if copy[0] > pushed_copies[region][key][0]:
            pushed_copies[region][key] = copy

    def update(key: int) -> None:
        version[key] += 1
        changed_at[key].append(sim.now)
        run.updates += 1
        if mode == "push" and key < pushed:
            for region in range(len(regions)):  # upload, arriving one way-trip later
                run.pushes += 1
                sim.schedule(to_origin[region] / 2000, install, region, key,
                             (version[key], sim.now))

    rng = np.random.default_rng(seed)
    for region in range(len(regions)):
        times = workloads.poisson_arrivals(rate, duration, seed=int(rng.integers(2**31)))
        keys = workloads.zipf_trace(max(len(times), 1), n_objects, alpha,
                                    seed=int(rng.integers(2**31)))
        for time, key in zip(times.tolist(), keys.tolist(), strict=False):
            sim.at(time, request, region, key)
    if churn > 0:
        times = workloads.poisson_arrivals(churn * n_objects / 3600, duration,
                                           seed=int(rng.integers(2**31)))
        keys = rng.integers(0, n_objects, len(times))
        for time, key in zip(times.tolist(), keys.tolist(), strict=False):
            sim.at(time, update, key)
    sim.run(duration)
    run.region_requests, run.region_hits = np.array(asked), np.array(answered)
    run.region_latency_ms = np.array(waited)
    return run
