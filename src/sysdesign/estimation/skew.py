"""The 80/20 rule as one point on a curve: how Zipf skew concentrates requests.

When the key of rank i is requested in proportion to 1 / i^α (a Zipf law), the share
of requests that reach the hottest 20 % of keys depends on α and on the number of keys.
The Zipf helpers for a few thousand keys live in :mod:`sysdesign.core.workloads`, shared
by every topic, with one argument order: how many keys, then the skew α, then the hot share.

>>> zipf_top_share(10_000, 0.0)   # no skew: the top 20 % of keys get 20 %
0.2
>>> round(alpha_for_top_share(0.8, n_keys=10_000), 2)
0.95

Real catalogues hold billions of objects, too many for an array of probabilities. The
functions below (:func:`hot_share`, :func:`expected_distinct`) add up the ranks one by one
for the hottest :data:`EXACT_RANKS` keys and, beyond that, integrate the smooth tail over
log-spaced bins. Up to a few million keys, where exact sums are still cheap, they agree with
them to better than one part in a million; tests check that, and check them against a simulation.

>>> round(hot_share(36.5e9, 0.8, 0.2 * 36.5e9), 3)   # the top 20 % of 36.5 billion links
0.723
>>> round(expected_distinct(1_000, 1_000, 0.0))       # 1,000 uniform draws of 1,000 keys
632
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np
import pandas as pd

from sysdesign.core import checks
from sysdesign.core.workloads import alpha_for_top_share, top_share

# The name this lesson uses for core.workloads.top_share(n_keys, alpha, top=0.2).
zipf_top_share = top_share

ALPHAS = tuple(float(a) for a in np.linspace(0, 2, 41))  # skews from uniform to steep
# Breslau, Cao, Fan, Phillips & Shenker (INFOCOM 1999) fitted Zipf-like popularity to
# web proxy traces: "the value of α varies from trace to trace, ranging from 0.64 to 0.83".
BRESLAU_ALPHAS = (0.64, 0.83)
EXACT_RANKS = 10_000  # ranks added one by one; the rest of the tail is integrated
TAIL_BINS = 2_000  # log-spaced bins for that integral

__all__ = ["ALPHAS", "BRESLAU_ALPHAS", "alpha_for_top_share", "expected_distinct",
           "hot_share", "zipf_share_curve", "zipf_top_share"]


def _rank_sum(term, n_keys: float) -> float:
    """Σ term(k) over ranks k = 1 .. n_keys, for any number of keys.

    Ranks up to EXACT_RANKS are added one by one. Beyond, the sum over whole ranks is the
    integral of the smooth ``term`` from m + ½ to n + ½ (the midpoint rule), taken over
    log-spaced bins because the terms change by orders of magnitude along the tail.
    """
    exact = int(min(math.floor(n_keys), EXACT_RANKS))
    total = float(term(np.arange(1, exact + 1, dtype=float)).sum()) if exact else 0.0
    if n_keys > EXACT_RANKS:
        edges = np.geomspace(EXACT_RANKS + 0.5, n_keys + 0.5, TAIL_BINS + 1)
        middles = np.sqrt(edges[:-1] * edges[1:])
        total += float((term(middles) * np.diff(edges)).sum())
    return total


@lru_cache(maxsize=4096)
def _normaliser(n_keys: float, alpha: float) -> float:
    """H(n, α) = Σ 1 / k^α over the n ranks: what turns weights into probabilities."""
    return _rank_sum(lambda k: k ** -alpha, n_keys)


def _check(n_keys, alpha) -> tuple[float, float]:
    n_keys = checks.number(n_keys, "n_keys", 1, hint="how many distinct keys exist")
    alpha = checks.number(alpha, "alpha", 0, hint="the Zipf skew")
    return n_keys, alpha


def hot_share(n_keys, alpha, hot_keys) -> float:
    """Share of requests that go to the ``hot_keys`` most popular of ``n_keys`` keys.

    >>> round(hot_share(1_000, 1.0, 200), 3) == round(zipf_top_share(1_000, 1.0), 3)
    True
    """
    n_keys, alpha = _check(n_keys, alpha)
    hot_keys = checks.number(hot_keys, "hot_keys", 0, hint="how many of the hottest keys")
    if hot_keys >= n_keys:
        return 1.0
    return _normaliser(float(math.floor(hot_keys) if hot_keys <= EXACT_RANKS else hot_keys),
                       alpha) / _normaliser(n_keys, alpha)


@lru_cache(maxsize=1024)
def _distinct(n_requests: float, n_keys: float, alpha: float) -> float:
    scale = _normaliser(n_keys, alpha)
    # Key k is requested at least once in n independent draws with probability
    # 1 - (1 - p_k)^n, where p_k = k^-α / H; log1p and expm1 keep tiny p_k exact
    # (and a key with p_k = 1, the only key, gives log1p(-1) = -inf: certainly requested).
    with np.errstate(divide="ignore"):
        return _rank_sum(lambda k: -np.expm1(n_requests * np.log1p(-(k ** -alpha) / scale)),
                         n_keys)


def expected_distinct(n_requests, n_keys, alpha) -> float:
    """How many different keys ``n_requests`` independent Zipf(α) draws touch, on average.

    A cache holds each object once, however often it is read: this is the number of
    objects a day's reads actually need, smaller than the number of reads.

    >>> round(expected_distinct(100e6, 36.5e9, 0.8) / 1e6)   # millions of links a day
    86
    """
    n_requests = checks.number(n_requests, "n_requests", 0, hint="how many requests")
    n_keys, alpha = _check(n_keys, alpha)
    if n_requests == 0:
        return 0.0
    return min(_distinct(n_requests, n_keys, alpha), n_requests, n_keys)


def zipf_share_curve(n_keys: int = 10_000, top: float = 0.2,
                     alphas=ALPHAS) -> pd.DataFrame:
    """The share of requests to the hottest ``top`` of keys for a range of skews (alpha, share).

    >>> zipf_share_curve(1_000, 0.2, alphas=[0.0, 1.0]).round(3).values.tolist()
    [[0.0, 0.2], [1.0, 0.785]]
    """
    n_keys = checks.number(n_keys, "n_keys", 1)
    top = checks.fraction(top, "top", lo_open=True, hint="the hottest share of keys")
    hot = max(1, round(top * n_keys))
    return pd.DataFrame({"alpha": [float(a) for a in alphas],
                         "share": [hot_share(n_keys, a, hot) for a in alphas]})
