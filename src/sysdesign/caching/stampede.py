"""A cache stampede and its cures, on the course's event engine.

One hot key, read by many clients (Poisson arrivals, ``rate_per_ms`` a millisecond),
cached with a TTL. Loading it from the database takes ``load_ms``. When the entry
expires, every request that arrives before the first reload finishes also misses, and
each one starts its own database read: about 1 + rate × load time reads per expiry
(Vattani, Chierichetti and Lowenstein, VLDB 2015, call this a *cache stampede*). The
cures compared here:

* ``coalescing`` (single flight): the first miss loads; later misses of the same key wait
  for that load instead of starting their own (a read-through cache that owns its loader,
  Go's singleflight, memcache leases). One read per expiry, but the waiters wait.
* ``early expiration`` (probabilistic early recomputation, the paper's XFetch): a request
  that finds the entry still valid recomputes it anyway if
  now − ``load_ms`` · β · ln(U) ≥ expiry, with U uniform in (0, 1]. Close to the expiry
  one request is very likely to reload early, while everyone else still hits.
* ``refresh-ahead`` (Caffeine's ``refreshAfterWrite``, Coherence's refresh-ahead factor):
  the first request after ``refresh_at`` × TTL of an entry's life is answered from the
  cache and starts one background reload. A key read often never expires.

Time is in milliseconds. A hit costs ``cache_ms``; a request that loads or waits for a
load gets its answer when the load ends.

>>> runs = {mode: stampede(mode) for mode in MODES}   # 400 ms, expiries at about 100 ms
>>> [(run.db_reads, run.peak_loads) for run in runs.values()]   # in the order of MODES
[(117, 45), (3, 1), (18, 5), (5, 1)]
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from sysdesign.core import checks
from sysdesign.core.events import Simulator
from sysdesign.core.workloads import poisson_arrivals

MODES = ("no protection", "coalescing", "early expiration", "refresh-ahead")
HIT, MISS, WAIT = 0, 1, 2  # how a request was served


@dataclass
class StampedeResult:
    """Every request (arrival, latency, how it was served) and every database load."""

    mode: str
    ttl_ms: float
    load_ms: float
    duration_ms: float
    arrivals: np.ndarray = field(default_factory=lambda: np.zeros(0))
    latencies_ms: np.ndarray = field(default_factory=lambda: np.zeros(0))
    served: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    loads: list[tuple[float, float]] = field(default_factory=list)  # (start, end) in ms
    expiries: list[float] = field(default_factory=list)  # when the entry ran out unrenewed

    @property
    def db_reads(self) -> int:
        return len(self.loads)

    @property
    def requests(self) -> int:
        return len(self.arrivals)

    @property
    def waited(self) -> int:
        """Requests that were not answered from the cache (they loaded or waited)."""
        return int(np.sum(self.served != HIT))

    @property
    def mean_latency_ms(self) -> float:
        return float(self.latencies_ms.mean()) if len(self.latencies_ms) else float("nan")

    @property
    def peak_loads(self) -> int:
        """The most database reads of the key in flight at once."""
        return self._peak(math.inf)

    def _peak(self, now_ms: float) -> int:
        edges = sorted([(start, 1) for start, _ in self.loads if start <= now_ms] +
                       [(end, -1) for _, end in self.loads if end <= now_ms])
        return int(max(np.cumsum([step for _, step in edges]), default=0))

    def until(self, now_ms: float) -> dict[str, int]:
        """What has happened by ``now_ms``: database reads started, the most in flight at
        once, requests arrived and, of those, requests not answered from the cache (each
        one's fate is decided when it arrives)."""
        arrived = self.arrivals <= now_ms
        return {"reads": sum(start <= now_ms for start, _ in self.loads),
                "peak": self._peak(now_ms), "requests": int(arrived.sum()),
                "waited": int(np.sum(self.served[arrived] != HIT))}

    def loads_in_flight(self, times) -> np.ndarray:
        """How many database reads of the key are running at each of ``times``."""
        times = np.asarray(times, dtype=float)
        starts = np.sort([start for start, _ in self.loads])
        ends = np.sort([end for _, end in self.loads])
        return (np.searchsorted(starts, times, side="right")
                - np.searchsorted(ends, times, side="right"))


def stampede(mode="no protection", *, rate_per_ms=2.0, ttl_ms=100.0, load_ms=20.0,
             duration_ms=400.0, cache_ms=1.0, beta=1.0, refresh_at=0.5,
             seed=0) -> StampedeResult:
    """Serve ``duration_ms`` of requests for one hot key, cached for ``ttl_ms``, under a
    stampede ``mode`` (one of :data:`MODES`). The entry is fresh at time 0."""
    mode = checks.choice(mode, "mode", MODES)
    rate_per_ms = checks.number(rate_per_ms, "rate_per_ms", 0, lo_open=True,
                                hint="requests per ms")
    ttl_ms = checks.number(ttl_ms, "ttl_ms", 0, lo_open=True, hint="ms")
    load_ms = checks.number(load_ms, "load_ms", 0, lo_open=True, hint="ms per database read")
    duration_ms = checks.number(duration_ms, "duration_ms", 0, lo_open=True, hint="ms")
    cache_ms = checks.number(cache_ms, "cache_ms", 0, hint="ms per cache hit")
    beta = checks.number(beta, "beta", 0, lo_open=True, hint="XFetch's eagerness")
    refresh_at = checks.fraction(refresh_at, "refresh_at", lo_open=True, hi_open=True,
                                 hint="share of the TTL after which a read refreshes")
    arrivals = poisson_arrivals(rate_per_ms, duration_ms, seed=seed)
    result = StampedeResult(mode, ttl_ms, load_ms, duration_ms, arrivals,
                            np.zeros(len(arrivals)), np.zeros(len(arrivals), dtype=np.int64))
    sim = Simulator(seed=seed)
    entry = {"stored": 0.0, "expires": ttl_ms}
    loading: dict[str, list[int] | None] = {"waiters": None}  # requests waiting on a load

    def answer(request: int, how: int) -> None:
        result.served[request] = how
        result.latencies_ms[request] = sim.now - arrivals[request] + cache_ms

    def load(owner: int | None, *, shared: bool) -> None:
        """Read the database for request ``owner`` (None: in the background); when done,
        store the value and answer the owner and, if the load is ``shared``, its waiters."""
        start = sim.now
        waiters: list[int] = []
        if shared:
            loading["waiters"] = waiters

        def done():
            result.loads.append((start, sim.now))
            entry["stored"], entry["expires"] = sim.now, sim.now + ttl_ms
            if shared:
                loading["waiters"] = None
            if owner is not None:
                answer(owner, MISS)
            for request in waiters:
                answer(request, WAIT)

        sim.schedule(load_ms, done)

    def arrive(request: int) -> None:
        now = sim.now
        if now < entry["expires"]:  # the entry is still valid
            if mode == "early expiration" and (
                    now - load_ms * beta * math.log(1.0 - sim.rng.random()) >= entry["expires"]):
                load(request, shared=False)  # this request recomputes early and waits
                return
            if (mode == "refresh-ahead" and loading["waiters"] is None
                    and now >= entry["stored"] + refresh_at * ttl_ms):
                load(None, shared=True)  # background reload: nobody waits for it
            answer(request, HIT)
            return
        if not result.expiries or result.expiries[-1] < entry["expires"]:
            result.expiries.append(entry["expires"])
        if mode in ("coalescing", "refresh-ahead") and loading["waiters"] is not None:
            loading["waiters"].append(request)  # a load is running: wait for it
            return
        load(request, shared=mode in ("coalescing", "refresh-ahead"))

    for request, time in enumerate(arrivals.tolist()):
        sim.at(time, arrive, request)
    sim.run()
    return result


def expected_stampede_reads(rate_per_ms, load_ms) -> float:
    """Database reads one expiry causes with no protection: the first miss, plus every
    request arriving while its load runs (rate × load time of them, on average)."""
    return 1.0 + checks.number(rate_per_ms, "rate_per_ms", 0) * checks.number(load_ms,
                                                                              "load_ms", 0)
