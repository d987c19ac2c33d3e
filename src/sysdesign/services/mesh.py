"""A service-mesh sidecar: per-try timeout, retries, telemetry; and who owns what plane.

An attempt fails when the upstream errors (probability ``p_error``) or answers later
than ``timeout_ms`` (its latency is log-normal, median ``median_ms``, shape ``sigma``).
The sidecar retries up to ``retries`` times and counts every attempt (its telemetry).

>>> round(success_rate(p_error=0.1, retries=2, timeout_ms=math.inf), 4)
0.999
"""

from __future__ import annotations

import math
from statistics import NormalDist

import numpy as np

from ..core import checks

# What each plane owns (Istio / Envoy vocabulary; "management plane" varies by vendor).
PLANES = {
    "data plane": "the sidecar proxies (Envoy) next to every instance: carry each request, "
                  "apply retries, timeouts, mTLS, load balancing, emit metrics and traces",
    "control plane": "istiod: turns config into proxy config and pushes it (xDS), "
                     "issues the workload certificates for mTLS, serves discovery",
    "management plane": "what operators touch: the mesh's config API and GitOps repo, "
                        "dashboards, policy, multi-cluster consoles (the term varies)",
}


def _args(p_error, retries, timeout_ms, median_ms, sigma):
    return (checks.fraction(p_error, "p_error"),
            checks.integer(retries, "retries", 0, 10),
            checks.number(timeout_ms, "timeout_ms", 0, lo_open=True, finite=False),
            checks.number(median_ms, "median_ms", 0, lo_open=True),
            checks.number(sigma, "sigma", 0, lo_open=True))


def attempt_success(p_error=0.1, timeout_ms=100.0, median_ms=20.0, sigma=1.0) -> float:
    """Probability that one attempt succeeds within the per-try timeout."""
    p_error, _, timeout_ms, median_ms, sigma = _args(p_error, 0, timeout_ms, median_ms, sigma)
    in_time = 1.0 if math.isinf(timeout_ms) else NormalDist().cdf(
        math.log(timeout_ms / median_ms) / sigma)
    return (1 - p_error) * in_time


def success_rate(p_error=0.1, retries=2, timeout_ms=100.0, median_ms=20.0, sigma=1.0) -> float:
    """Closed form: 1 - (1 - q)^(retries + 1), q = one attempt's success."""
    q = attempt_success(p_error, timeout_ms, median_ms, sigma)
    return 1 - (1 - q) ** (checks.integer(retries, "retries", 0, 10) + 1)


def sidecar(*, p_error=0.1, retries=2, timeout_ms=100.0, median_ms=20.0, sigma=1.0,
            requests=20_000, seed=3) -> dict:
    """Simulate ``requests`` calls through the sidecar; return its telemetry."""
    p_error, retries, timeout_ms, median_ms, sigma = _args(p_error, retries, timeout_ms,
                                                           median_ms, sigma)
    requests = checks.integer(requests, "requests", 1, hint="calls to simulate")
    tries = retries + 1
    # try k of every request comes from its own stream (seed, k): with one seed, the first
    # tries are the same whatever `retries` is (common random numbers), so a table over
    # retries shows their effect, not sampling noise
    streams = [np.random.default_rng([seed, k]) for k in range(tries)]
    errors = np.column_stack([g.random(requests) < p_error for g in streams])
    latency = median_ms * np.exp(sigma * np.column_stack(
        [g.standard_normal(requests) for g in streams]))
    late = latency > timeout_ms
    ok = ~errors & ~late
    first_ok = np.where(ok.any(axis=1), ok.argmax(axis=1), tries)  # index of the winning try
    attempts = np.minimum(first_ok + 1, tries)
    # time spent: each failed try costs its latency (error) or the timeout (late)
    spent = np.where(late, timeout_ms, latency)
    took = np.where(np.arange(tries) < attempts[:, None], spent, 0.0).sum(axis=1)
    succeeded = first_ok < tries
    return {"requests": requests, "succeeded": int(succeeded.sum()),
            "attempts": int(attempts.sum()), "p50_ms": float(np.percentile(took, 50)),
            "p99_ms": float(np.percentile(took, 99)),
            "success_rate": float(succeeded.mean())}
