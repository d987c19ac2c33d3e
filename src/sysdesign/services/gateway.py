"""An API gateway as a pipeline of stages: authenticate, rate-limit, route, cache, aggregate.

Each stage either passes a request on or answers it (a rejection, or a cache hit), and
adds its latency. Authentication checks a real HMAC-SHA256 signature (``hmac``); rate
limiting reuses notebook 16's :class:`~sysdesign.rate_limiting.TokenBucket`, one per
client, on the simulated clock. The stage costs are modelling assumptions (``COSTS_MS``);
the backends' latencies are seeded log-normal draws, and an aggregated request waits for
the slowest of its fan-out calls.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import math
import os
import random
from collections import Counter

import numpy as np

from ..core import checks
from ..rate_limiting import TokenBucket

STAGES = ("auth", "rate_limit", "route", "cache", "aggregate")
COSTS_MS = {"auth": 0.3, "rate_limit": 0.1, "route": 0.05, "cache": 0.2}  # assumed
ROUTES = {"/products/": "catalog", "/orders/": "orders", "/home": "aggregate"}
KEY = os.urandom(32)  # the gateway's signing key: made at import, never stored


def sign(client: str, key: bytes = KEY) -> str:
    """A token: the client's name and its HMAC-SHA256 under the gateway's key."""
    if not isinstance(client, str):
        raise TypeError(f"client must be a str (the client's name), "
                        f"got {type(client).__name__} {client!r}")
    return client + "." + hmac.new(key, client.encode(), hashlib.sha256).hexdigest()


def authenticate(token: str, key: bytes = KEY) -> str | None:
    """The client named by a valid token, else None (constant-time comparison).

    Any string is an answer, not an error: a token with characters outside ASCII is
    rejected like any other forgery (``compare_digest`` refuses such ``str`` arguments,
    so the comparison is on bytes).

    >>> authenticate(sign("alice")), authenticate("alice.00"), authenticate("alice.é")
    ('alice', None, None)
    """
    if not isinstance(token, str):
        raise TypeError(f"token must be a str ('name.mac'), got {type(token).__name__}")
    client, _, mac = token.rpartition(".")
    good = hmac.new(key, client.encode("utf-8", "surrogatepass"), hashlib.sha256).digest()
    return client if client and hmac.compare_digest(
        mac.encode("utf-8", "surrogatepass"), good.hex().encode()) else None


def route(path: str) -> str | None:
    """The backend for ``path``: the longest matching prefix in ``ROUTES``, or None."""
    if not isinstance(path, str):
        raise TypeError(f"path must be a str, got {type(path).__name__} {path!r}")
    matches = [p for p in ROUTES if path.startswith(p)]
    return ROUTES[max(matches, key=len)] if matches else None


@functools.lru_cache(maxsize=8)
def workload(*, requests: int = 2000, seconds: float = 10.0, clients: int = 20,
             noisy_share: float = 0.3, bad_tokens: float = 0.05, unknown: float = 0.05,
             seed: int = 7) -> tuple[tuple[float, str, str], ...]:
    """Seeded ``(time, token, path)`` requests: one noisy client, some forged tokens,
    some unknown paths; product pages follow a Zipf-like popularity."""
    requests = checks.integer(requests, "requests", 1, 100_000)
    rng = random.Random(seed)
    weights = [1 / (k + 1) for k in range(50)]
    out = []
    for _ in range(requests):
        t = rng.uniform(0, seconds)
        who = "c0" if rng.random() < noisy_share else f"c{rng.randrange(1, clients)}"
        token = sign(who) if rng.random() >= bad_tokens else who + ".forged"
        r = rng.random()
        if r < unknown:
            path = "/admin"
        elif r < unknown + 0.15:
            path = "/home"
        elif r < unknown + 0.3:
            path = f"/orders/{rng.randrange(1000)}"
        else:
            path = f"/products/{rng.choices(range(50), weights)[0]}"
        out.append((t, token, path))
    return tuple(sorted(out))


def run(*, rate: float = 10.0, burst: float = 20.0, cache_ttl: float = 5.0, fanout: int = 3,
        backend_ms: float = 20.0, seed: int = 7, **workload_args) -> dict:
    """Push the seeded workload through the pipeline; per stage: entered, rejected,
    answered (cache hits and backend answers) and the latency each request spent there."""
    rate = checks.number(rate, "rate", 0, lo_open=True, hint="requests per second per client")
    burst = checks.number(burst, "burst", 1, hint="token bucket capacity")
    cache_ttl = checks.number(cache_ttl, "cache_ttl", 0, hint="seconds; 0 turns caching off")
    fanout = checks.integer(fanout, "fanout", 1, 20, hint="backend calls per /home page")
    backend_ms = checks.number(backend_ms, "backend_ms", 0, lo_open=True)
    rng = np.random.default_rng(seed)
    now = [0.0]
    buckets: dict[str, TokenBucket] = {}
    cache: dict[str, float] = {}  # path -> time its response was stored
    stats = {s: {"entered": 0, "rejected": 0, "answered": 0, "ms": []} for s in STAGES}
    totals, limited = [], Counter()  # limited: rate-limit rejections per client
    requests = workload(seed=seed, **workload_args)
    # one row of log-normal shapes per request, drawn up front; a request to one backend
    # waits for its first draw, an aggregated one for the slowest of its fanout draws
    shapes = np.exp(0.5 * rng.standard_normal((len(requests), fanout)))
    one_call = (backend_ms * shapes[:, 0]).tolist()
    slowest = (backend_ms * shapes.max(axis=1)).tolist()
    # The workload repeats a few dozen tokens and paths: check each distinct token's HMAC
    # and match each distinct path once per run, not once per request. Both are pure
    # functions of their argument, so every request gets the same answer as before.
    clients: dict[str, str | None] = {}
    backends: dict[str, str | None] = {}
    for i, (t, token, path) in enumerate(requests):
        now[0] = t
        spent = 0.0
        for stage in STAGES:
            st = stats[stage]
            st["entered"] += 1
            cost = COSTS_MS.get(stage, 0.0)
            outcome = "pass"
            if stage == "auth":
                if token not in clients:
                    clients[token] = authenticate(token)
                client = clients[token]
                outcome = "rejected" if client is None else "pass"
            elif stage == "rate_limit":
                if client not in buckets:
                    buckets[client] = TokenBucket(rate, burst, clock=lambda: now[0])
                bucket = buckets[client]
                outcome = "pass" if bucket.allow() else "rejected"
                limited[client] += outcome == "rejected"
            elif stage == "route":
                if path not in backends:
                    backends[path] = route(path)
                backend = backends[path]
                outcome = "rejected" if backend is None else "pass"
            elif stage == "cache":
                stored = cache.get(path)
                fresh = path.startswith("/products/") and stored is not None \
                    and t - stored < cache_ttl
                outcome = "answered" if fresh else "pass"
            else:
                cost = slowest[i] if backend == "aggregate" else one_call[i]
                outcome = "answered"
                if path.startswith("/products/") and cache_ttl > 0:
                    cache[path] = t
            st["ms"].append(cost)
            spent += cost
            if outcome != "pass":
                st[outcome] += 1
                break
        totals.append(spent)
    return {"stages": stats, "total_ms": np.array(totals), "requests": len(totals),
            "limited": dict(limited)}


def table(result: dict):
    """Per stage: requests in, rejected, answered there, mean and p99 latency (ms)."""
    import pandas as pd

    rows = []
    for stage, st in result["stages"].items():
        ms = np.array(st["ms"]) if st["ms"] else np.zeros(1)
        rows.append({"stage": stage, "entered": st["entered"], "rejected": st["rejected"],
                     "answered": st["answered"], "mean ms": round(float(ms.mean()), 2),
                     "p99 ms": round(float(np.percentile(ms, 99)), 2)})
    return pd.DataFrame(rows).set_index("stage")


def expected_max_lognormal(median: float, sigma: float, n: int) -> float:
    """E[max of n log-normal draws] by numerical integration (the tests' closed form)."""
    from statistics import NormalDist

    z = NormalDist()
    xs = np.linspace(-8, 8, 4001)
    cdf = np.array([z.cdf(x) for x in xs]) ** n
    pdf = np.gradient(cdf, xs)
    return float(np.trapezoid(median * np.exp(sigma * xs) * pdf, xs)) if math.isfinite(
        median) else math.nan
