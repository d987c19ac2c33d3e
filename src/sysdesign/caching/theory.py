"""What theory predicts for caches fed independent requests (the independent reference model).

Under the *independent reference model* (IRM) each request picks key i with a fixed
probability p_i, whatever came before: :func:`sysdesign.core.workloads.zipf_trace` draws
exactly such traces. Then the long-run hit ratio of a policy depends only on the p_i and
the capacity, and for some policies it has a formula:

* **FIFO and Random** have the *same* long-run hit ratio (Gelenbe, 1973). In both, the
  chance that the cache holds exactly the set S of keys is proportional to the product of
  their p_i (King, 1971, derived it for FIFO; the tests check both Markov chains), so the
  hit ratio is a ratio of two sums over all sets of c keys. :func:`fifo_random_hit_ratio`
  adds them up exactly in one pass over the keys (as Fagin and Price, 1978, do for FIFO),
  for every capacity at once.
* **LRU** has no such short formula; Che's approximation (Che, Tung and Wang, 2002) is
  close for caches of more than a few slots: a key stays for a "characteristic time" T
  after its last use, so it is in the cache with probability 1 − e^(−p_i T), with T chosen
  so that the cache holds c keys on average (:func:`che_lru_hit_ratio`).
* The best a policy that does not see the future can do is keep the c most popular keys
  (:func:`top_keys_hit_ratio`); LFU estimates exactly that.

Nothing in an independent trace rewards recency: a key used a moment ago is no likelier
to come next than it always was. That is why FIFO (which ignores use) is as good as
Random, and why LRU gains only a little over them.

>>> p = [0.5, 0.3, 0.2]
>>> round(float(fifo_random_hit_ratio(p, [2])[0]), 4)  # by hand: (.15·.8 + .1·.7 + .06·.5) / .31
0.7097
"""

from __future__ import annotations

import math

import numpy as np

from sysdesign.core import checks


def _probabilities(probabilities) -> np.ndarray:
    p = np.asarray(probabilities, dtype=float)
    if p.ndim != 1 or not len(p) or np.any(p < 0) or not np.isclose(p.sum(), 1.0):
        raise ValueError("probabilities must be a non-empty list of request probabilities "
                         f"that are >= 0 and sum to 1, got {probabilities!r:.80}")
    return p[p > 0]


def _capacities(capacities, n_keys: int) -> np.ndarray:
    values = [checks.integer(c, "capacities", 1, hint="cache slots")
              for c in np.atleast_1d(np.asarray(capacities, dtype=object))]
    if not values:
        raise ValueError("capacities must list at least one cache size")
    return np.minimum(np.array(values, dtype=np.int64), n_keys)


def fifo_random_hit_ratio(probabilities, capacities) -> np.ndarray:
    """Exact long-run hit ratio of FIFO (and of Random) under independent requests.

    With the cache holding set S with probability ∝ ∏_{i∈S} p_i, the hit ratio is
    B_c / A_c with A_c = Σ_{|S|=c} ∏_S p and B_c = Σ_{|S|=c} ∏_S p · Σ_S p. Adding the keys
    one at a time, A_k += p·A_{k−1} and B_k += p·(B_{k−1} + p·A_{k−1}) for every size k
    at once; logarithms keep the tiny products from underflowing.
    """
    p = _probabilities(probabilities)
    sizes = _capacities(capacities, len(p))
    top = int(sizes.max())
    log_a = np.full(top + 1, -np.inf)
    log_b = np.full(top + 1, -np.inf)
    log_a[0] = 0.0  # the empty set: product 1, sum 0
    for log_p in np.log(p):
        # Update sizes top..1 from the previous row (right-hand sides use the old values).
        old_a, old_b = log_a[:-1], log_b[:-1]
        log_b[1:] = np.logaddexp(log_b[1:], log_p + np.logaddexp(old_b, log_p + old_a))
        log_a[1:] = np.logaddexp(log_a[1:], log_p + old_a)
    return np.exp(log_b[sizes] - log_a[sizes])


def che_characteristic_time(probabilities, capacity) -> float:
    """T such that Σ_i (1 − e^(−p_i T)) = capacity: how long LRU keeps an unused key (in
    requests)."""
    p = _probabilities(probabilities)
    capacity = checks.integer(capacity, "capacity", 1, hint="cache slots")
    if capacity >= len(p):
        return math.inf
    lo, hi = 0.0, 1.0
    while np.sum(-np.expm1(-p * hi)) < capacity:
        hi *= 2
    for _ in range(100):  # bisection: the occupancy grows with T
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if np.sum(-np.expm1(-p * mid)) < capacity else (lo, mid)
    return (lo + hi) / 2


def che_lru_hit_ratio(probabilities, capacities) -> np.ndarray:
    """Che's approximation of LRU's long-run hit ratio under independent requests."""
    p = _probabilities(probabilities)
    ratios = []
    for capacity in _capacities(capacities, len(p)):
        t = che_characteristic_time(p, int(capacity))
        ratios.append(1.0 if math.isinf(t) else float(np.sum(p * -np.expm1(-p * t))))
    return np.array(ratios)


def top_keys_hit_ratio(probabilities, capacities) -> np.ndarray:
    """Hit ratio of a cache that always holds the ``c`` most popular keys (the IRM optimum
    for a policy that cannot see the future; LFU estimates it)."""
    p = np.sort(_probabilities(probabilities))[::-1]
    return np.cumsum(p)[_capacities(capacities, len(p)) - 1]
