"""LRU miss-ratio curves for every cache size from one pass (Mattson et al., 1970).

LRU has the *inclusion property*: at every moment, the keys a cache of c slots
holds are the c most recently used keys, so they are also in every bigger cache.
Picture all keys on one stack, most recent on top. A request for a key found at
depth d (1 = top) is a hit in every LRU cache with at least d slots and a miss in
every smaller one. So one pass that records each request's *stack distance*
gives the hit count of every cache size at once.

:func:`stack_distances_simple` is that stack, literally. :func:`stack_distances`
returns the same numbers, computed with numpy (the machinery is in :mod:`._fast`; a
property test checks the two agree), fast enough for millions of requests.

>>> stack_distances_simple("abcab")
[0, 0, 0, 3, 3]
>>> lru_miss_ratio_curve("abcab", [1, 2, 3]).tolist()
[1.0, 1.0, 0.6]

First requests miss at every size (*compulsory* misses), so no cache can beat
:func:`hit_ratio_ceiling`. A cache that runs for days has seen its keys before, so a
short trace that starts with an empty cache undersells it: ``warmup=w`` replays the first
w requests only to fill the cache and counts hits over the rest, as cache simulators do.

>>> hit_ratio_ceiling("abcab"), hit_ratio_ceiling("abcab", warmup=3)
(0.4, 1.0)
"""

from __future__ import annotations

import numpy as np

from sysdesign.core import checks

from . import _fast
from .policies import LRU, POLICIES
from .simulate import as_trace, resolve_policy, simulate

COLD = 0  # stack distance of a key's first request: a miss at every cache size


def stack_distances_simple(trace) -> list[int]:
    """LRU stack distance of each request, by moving keys on a Python list (O(n·keys)).

    >>> stack_distances_simple("abcba")   # b finds c above it (2); a finds b and c (3)
    [0, 0, 0, 2, 3]
    """
    stack: list = []  # most recently used key first
    distances = []
    for key in as_trace(trace):
        try:
            depth = stack.index(key) + 1
        except ValueError:
            distances.append(COLD)  # never seen: a miss at every size
        else:
            del stack[depth - 1]
            distances.append(depth)
        stack.insert(0, key)  # the requested key is now the most recently used
    return distances


def stack_distances(trace) -> np.ndarray:
    """LRU stack distance of each request (``COLD`` = 0 for first requests), vectorised.

    The same numbers as :func:`stack_distances_simple`, as a numpy array. Instead of
    moving keys on a stack it counts, for each reuse of a key, the distinct keys
    requested since its previous use (see :func:`sysdesign.caching._fast.stack_distances`).

    >>> stack_distances("abcba").tolist()
    [0, 0, 0, 2, 3]
    """
    if not (isinstance(trace, np.ndarray) and trace.ndim == 1 and len(trace)):
        trace = as_trace(trace)  # checked; a non-empty 1-D array is used as it is
    return _fast.stack_distances(trace)


def _measured(distances: np.ndarray, warmup) -> np.ndarray:
    """The stack distances of the requests after the warm-up (computed over the whole
    trace, so a key used during the warm-up is not a first request afterwards)."""
    warmup = checks.integer(warmup, "warmup", 0, len(distances) - 1,
                            hint="requests replayed before counting")
    return distances[warmup:]


def hit_ratio_ceiling(trace, *, warmup=0) -> float:
    """The best hit ratio any cache can reach: every request that is not a key's first."""
    measured = _measured(stack_distances(trace), warmup)
    return float(np.mean(measured != COLD))


def lru_miss_ratio_curve(trace, sizes, *, warmup=0) -> np.ndarray:
    """LRU miss ratio at each cache size in ``sizes`` (aligned with it), from one pass.

    With ``warmup=w`` the first w requests only fill the cache; the ratio counts the rest.
    """
    sizes = _check_sizes(sizes)
    distances = _measured(stack_distances(trace), warmup)
    requests = len(distances)
    histogram = np.bincount(distances)  # histogram[d] = requests at distance d
    hits_within = np.cumsum(histogram) - histogram[COLD]  # hits of a cache of d slots
    # A cache bigger than the deepest distance hits as often as the deepest one.
    hits = hits_within[np.minimum(sizes, len(histogram) - 1)]
    return (requests - hits) / requests


def hit_ratio_curves(trace, sizes, policies=tuple(POLICIES), *, seed=0) -> dict[str, np.ndarray]:
    """Hit ratio at each size for each policy name; LRU comes from one stack-distance pass.

    The other built-in policies run the tight loops of :mod:`._fast` on the trace's keys
    numbered once (LIFO's hits at every size are even counted without a loop); the
    numbers are those of :func:`.simulate.simulate` at each size (a test checks it).
    """
    keys = (trace if isinstance(trace, np.ndarray) and trace.ndim == 1 and len(trace)
            else as_trace(trace))  # checked; a non-empty 1-D array is used as it is
    sizes = _check_sizes(sizes)
    codes = _fast.dense_codes(keys)
    # A cache with room for every distinct key never evicts: under any policy exactly the
    # first request of each key misses, so those sizes need no simulation.
    distinct = int(codes.max()) + 1
    small = sizes[sizes < distinct]
    curves = {}
    for name in policies:
        if name == "lru":
            curves[name] = 1.0 - lru_miss_ratio_curve(keys, sizes)
            continue
        cls = resolve_policy(name)
        if cls in _fast.LOOPS and cls is not LRU:  # no inclusion property: each size
            hits = iter(_fast.hits_at_sizes(cls, codes, small, seed))
            curves[name] = np.array([1.0 - distinct / len(keys) if s >= distinct
                                     else next(hits) / len(keys) for s in sizes])
        else:  # a class of the learner's, or "LRU" spelt otherwise: simulate each size
            curves[name] = np.array([
                1.0 - distinct / len(keys) if s >= distinct
                else simulate(name, keys, s, seed=seed).hit_ratio for s in sizes])
    return curves


def size_for_hit_ratio(trace, target: float, *, warmup=0):
    """Smallest LRU cache (slots) whose hit ratio on ``trace`` reaches ``target``, or None
    when no size does (the target is above :func:`hit_ratio_ceiling`).

    >>> size_for_hit_ratio("abab" * 5, 0.9), size_for_hit_ratio("abab", 0.9)
    (2, None)
    """
    target = checks.fraction(target, "target", lo_open=True, hint="a hit ratio")
    distances = _measured(stack_distances(trace), warmup)
    hits_within = np.cumsum(np.bincount(distances)[1:])  # hits of a cache of 1, 2, ... slots
    enough = np.flatnonzero(hits_within >= target * len(distances))
    return int(enough[0]) + 1 if len(enough) else None


def _check_sizes(sizes) -> np.ndarray:
    """``sizes`` as a non-empty array of cache sizes (integers >= 1)."""
    values = [checks.integer(s, "sizes", 1, hint="cache slots")
              for s in np.atleast_1d(np.asarray(sizes, dtype=object))]
    if not values:
        raise ValueError(f"sizes must be a non-empty list of integers >= 1, got {sizes!r}")
    return np.array(values, dtype=np.int64)
