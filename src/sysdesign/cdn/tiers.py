"""Closed forms for TTL caches in tiers, for Poisson requests (reusing ``dns.cache``).

One object requested at rate λ from a TTL cache misses once per *cycle*: a TTL of hits
then a wait for the next request, mean T + 1/λ. So it reaches the next tier at rate
λ / (1 + λT), and hits a fraction λT / (1 + λT) (``dns.cache.ttl_hit_ratio``).

* Without a shield, each of E edges sees λ and misses independently: the origin gets
  E · λ / (1 + λT).
* With a shield whose remaining TTL the edges inherit (the ``Age`` header), every copy
  expires with the shield's, so the first request from *any* region after expiry is the
  shield's miss: the origin gets Eλ / (1 + EλT), at most 1/T.

>>> round(origin_rate(1.0, 60, edges=5), 4)               # no shield: 5 edges miss
0.082
>>> round(origin_rate(1.0, 60, edges=5, shield=True), 4)  # the fleet misses once a TTL
0.0166
"""

from __future__ import annotations

import numpy as np

from ..core import checks
from ..dns.cache import zipf_hit_ratio


def origin_rate(rate: float, ttl: float, *, edges: int = 1, shield: bool = False) -> float:
    """Requests per second one object sends to the origin (``rate`` per edge, per second)."""
    rate = checks.number(rate, "rate", 0, hint="requests per second per edge")
    ttl = checks.number(ttl, "ttl", 0, hint="seconds")
    edges = checks.integer(edges, "edges", 1)
    if shield:
        total = edges * rate
        return total / (1 + total * ttl)
    return edges * rate / (1 + rate * ttl)


def catalogue_origin_rate(probabilities, rate: float, ttl: float, *, edges: int = 1,
                          shield: bool = False) -> float:
    """Origin requests per second for a catalogue: each object k has rate ``rate`` · p_k."""
    p = np.asarray(probabilities, dtype=float)
    return float(sum(origin_rate(rate * pk, ttl, edges=edges, shield=shield) for pk in p))


def edge_hit_ratio(probabilities, rate: float, ttl: float) -> float:
    """Hit ratio of one pull edge without a shield: ``dns.cache.zipf_hit_ratio``."""
    return zipf_hit_ratio(probabilities, rate, ttl)
