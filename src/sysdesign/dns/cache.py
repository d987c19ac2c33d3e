"""A DNS cache: every entry lives for its TTL from the moment it was stored, then is gone.

Time is passed in (``now``, in any unit, the same for every call), so a run repeats
exactly. An entry stored at ``t`` with TTL ``ttl`` is served while ``now < t + ttl`` and
never after (RFC 1034 §3.6: the TTL "describes how long a RR can be cached before it should
be discarded"); a TTL of 0 means "use it for this answer only, do not cache" (RFC 1035
§3.2.1). A resolver that serves a cached record hands out the *remaining*
TTL, so a cache further down the line can never keep it longer than the first one.

>>> cache = TTLCache()
>>> cache.put("www.example.com.", "192.0.2.1", ttl=300, now=0)
>>> cache.get("www.example.com.", now=299.9).value, cache.remaining("www.example.com.", 100)
('192.0.2.1', 200.0)
>>> cache.get("www.example.com.", now=300) is None
True
>>> cache.hits, cache.misses, cache.expired
(1, 1, 1)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..core import checks


@dataclass(frozen=True)
class Entry:
    """A cached answer: its value, when it was stored, and when it expires."""

    value: object
    stored: float
    expires: float
    negative: bool = False  # a cached "this name does not exist" (RFC 2308)

    def ttl_left(self, now: float) -> float:
        return self.expires - now


class TTLCache:
    """Keys to :class:`Entry`, each dropped when its TTL runs out. Counts hits and misses.

    ``max_ttl`` caps what is stored (resolvers cap TTLs; BIND's ``max-cache-ttl`` defaults
    to a week); ``negative=False`` refuses negative entries (no negative caching).
    """

    def __init__(self, *, max_ttl: float | None = None, negative: bool = True):
        self.max_ttl = None if max_ttl is None else checks.number(max_ttl, "max_ttl", 0)
        self.negative = bool(negative)
        self._entries: dict[object, Entry] = {}
        self.hits = 0
        self.misses = 0
        self.expired = 0  # misses because an entry had run out (a subset of misses)
        self.stores = 0

    def get(self, key, now: float) -> Entry | None:
        """The live entry for ``key`` (a hit), or None (a miss); an expired entry is dropped."""
        entry = self._entries.get(key)
        if entry is not None and now >= entry.expires:
            del self._entries[key]
            self.expired += 1
            entry = None
        if entry is None:
            self.misses += 1
            return None
        self.hits += 1
        return entry

    def peek(self, key, now: float) -> Entry | None:
        """Like :meth:`get` but counts nothing (for a resolver looking for delegations)."""
        entry = self._entries.get(key)
        return entry if entry is not None and now < entry.expires else None

    def put(self, key, value, ttl: float, now: float, *, negative: bool = False) -> None:
        """Store ``value`` for ``ttl`` from ``now`` (TTL 0, or a refused negative: not stored)."""
        ttl = checks.number(ttl, "ttl", 0, hint="seconds the answer may be cached")
        if self.max_ttl is not None:
            ttl = min(ttl, self.max_ttl)
        if ttl == 0 or (negative and not self.negative):
            return
        self._entries[key] = Entry(value, now, now + ttl, negative)
        self.stores += 1

    def remaining(self, key, now: float) -> float:
        """Seconds (or time units) the entry for ``key`` has left; 0 if none."""
        entry = self.peek(key, now)
        return 0.0 if entry is None else entry.ttl_left(now)

    @property
    def lookups(self) -> int:
        return self.hits + self.misses

    @property
    def hit_ratio(self) -> float:
        return self.hits / self.lookups if self.lookups else 0.0

    def __len__(self) -> int:
        return len(self._entries)


def ttl_hit_ratio(rate: float, ttl: float) -> float:
    """Hit ratio of one name in a TTL cache under Poisson requests at ``rate`` (per second).

    After each miss the answer lives ``ttl`` seconds and catches λT hits on average; the
    next request after it expires misses again. So hits / requests = λT / (1 + λT) (Jung,
    Berger and Balakrishnan, "Modeling TTL-based Internet caches", INFOCOM 2003).

    >>> round(ttl_hit_ratio(0.5, 8), 4)   # a query every 2 s, TTL 8 s: 4 hits per miss
    0.8
    """
    rate = checks.number(rate, "rate", 0, hint="requests per second")
    ttl = checks.number(ttl, "ttl", 0, hint="seconds")
    return rate * ttl / (1 + rate * ttl)


def _popularity(probabilities) -> np.ndarray:
    """The names' request probabilities as an array: non-empty, each >= 0, summing to 1."""
    try:
        p = np.asarray(probabilities, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"probabilities must be a list of numbers, got "
                        f"{probabilities!r}") from None
    if p.ndim != 1 or len(p) == 0:
        raise ValueError(f"probabilities must be a non-empty list of numbers, one per name; "
                         f"got shape {p.shape}")
    if not np.all(np.isfinite(p)) or np.any(p < 0) or abs(p.sum() - 1.0) > 1e-6:
        raise ValueError(f"probabilities must be numbers >= 0 that sum to 1 (each name's "
                         f"share of the requests); got sum {p.sum():g}, min {p.min():g}")
    return p


def zipf_hit_ratio(probabilities, rate: float, ttl: float) -> float:
    """Hit ratio of a TTL cache over many names: each name k is its own Poisson stream at
    rate λ·p_k, so the total is Σ p_k · λp_kT / (1 + λp_kT)."""
    p = _popularity(probabilities)
    rate = checks.number(rate, "rate", 0, hint="requests per second")
    ttl = checks.number(ttl, "ttl", 0, hint="seconds")
    load = rate * p * ttl
    return float(np.sum(p * load / (1 + load)))


def cold_start_hit_ratio(probabilities, rate: float, ttl: float, duration: float) -> float:
    """Expected hit ratio of a TTL cache that starts *empty* and runs for ``duration`` s.

    For one name with Poisson queries at rate λ, the n-th miss comes at (n − 1)T plus the
    sum of n exponential waits, so it falls inside the run with probability
    P(Poisson(λ(D − (n − 1)T)) >= n). Summing over n gives the expected misses; over all
    names, 1 − misses / queries. As D grows this tends to :func:`zipf_hit_ratio`.

    >>> round(cold_start_hit_ratio([1.0], 0.5, 8, 8), 3)   # one TTL: only the first misses
    0.755
    >>> round(cold_start_hit_ratio([1.0], 0.5, 8, 8_000), 3), round(ttl_hit_ratio(0.5, 8), 3)
    (0.8, 0.8)
    """
    p = _popularity(probabilities)
    rate = checks.number(rate, "rate", 0, lo_open=True, hint="requests per second")
    ttl = checks.number(ttl, "ttl", 0, lo_open=True, hint="seconds")
    duration = checks.number(duration, "duration", 0, lo_open=True, hint="seconds")
    misses = int(np.ceil(duration / ttl))  # at most one miss per TTL
    if misses > 5_000:
        raise ValueError(f"ttl must be at least duration / 5000 = {duration / 5000:g} s "
                         f"for this exact sum, got {ttl:g}")
    n = np.arange(1, misses + 1)
    j = np.arange(misses)
    log_factorial = np.concatenate(([0.0], np.cumsum(np.log(np.arange(1, misses)))))
    below_n = j[None, :] < n[:, None]  # the Poisson CDF at n - 1 sums j = 0..n-1
    expected_misses = 0.0
    chunk = max(1, 2_000_000 // (misses * misses))  # names per numpy pass, memory bounded
    for first in range(0, len(p), chunk):
        mu = rate * p[first:first + chunk, None] * (duration - (n - 1) * ttl)[None, :]
        with np.errstate(divide="ignore", invalid="ignore"):
            log_pmf = (j[None, None, :] * np.log(mu[:, :, None]) - mu[:, :, None]
                       - log_factorial[None, None, :])
        below = np.where(below_n[None], np.exp(np.nan_to_num(log_pmf, nan=0.0)), 0.0)
        expected_misses += float(np.clip(1.0 - below.sum(axis=2), 0.0, 1.0).sum())
    return 1.0 - expected_misses / (rate * duration)
