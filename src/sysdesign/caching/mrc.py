"""LRU miss-ratio curves for every cache size from one pass (Mattson et al., 1970).

LRU has the *inclusion property*: at every moment, the keys a cache of c slots
holds are the c most recently used keys, so they are also in every bigger cache.
Picture all keys on one stack, most recent on top. A request for a key found at
depth d (1 = top) is a hit in every LRU cache with at least d slots and a miss in
every smaller one. So one pass that records each request's *stack distance*
gives the hit count of every cache size at once.

:func:`stack_distances_simple` is that stack, literally (easy to read, slow);
:func:`stack_distances` computes the same numbers with vectorised numpy.

>>> stack_distances_simple("abcab")
[0, 0, 0, 3, 3]
>>> lru_miss_ratio_curve("abcab", [1, 2, 3]).tolist()
[1.0, 1.0, 0.6]
"""

from __future__ import annotations

import operator

import numpy as np

from .policies import POLICIES
from .simulate import as_trace, simulate

COLD = 0  # stack distance of a key's first request: a miss at every cache size


def stack_distances_simple(trace) -> list[int]:
    """LRU stack distance of each request, by moving keys on a Python list (O(n·keys))."""
    stack: list = []  # most recently used key first
    distances = []
    for key in as_trace(trace):
        try:
            depth = stack.index(key) + 1
        except ValueError:
            distances.append(COLD)
        else:
            del stack[depth - 1]
            distances.append(depth)
        stack.insert(0, key)
    return distances


def stack_distances(trace) -> np.ndarray:
    """LRU stack distance of each request (``COLD`` = 0 for first requests), vectorised.

    For a request at time b whose key was last requested at time a, the distance
    is 1 + the number of distinct keys requested strictly between a and b. Every
    time j in (a, b) holds some key; it is a *repeat* inside the window if that
    key is requested again before b. Repeats are exactly the reuse intervals
    (j, next_j) nested inside (a, b), so::

        distance = (b - a) - #{reuse intervals (a', b') with a < a' and b' < b}

    Ordering the intervals by start, the count is "how many later intervals end
    earlier": a per-element inversion count, done by a bottom-up merge sort in
    log2(n) vectorised passes.
    """
    codes = _key_codes(trace)
    n = len(codes)
    # Group equal keys (stable, so in time order): neighbours in a group are
    # consecutive requests of one key, i.e. the reuse intervals (a, b).
    order = np.argsort(codes, kind="stable")
    same = codes[order[1:]] == codes[order[:-1]]
    next_request = np.full(n, -1, dtype=np.int64)
    next_request[order[:-1][same]] = order[1:][same]
    starts = np.flatnonzero(next_request >= 0)  # in time order
    ends = next_request[starts]
    distances = np.full(n, COLD, dtype=np.int64)
    distances[ends] = (ends - starts) - _later_smaller_counts(ends)
    return distances


def lru_miss_ratio_curve(trace, sizes) -> np.ndarray:
    """LRU miss ratio at each cache size in ``sizes`` (aligned with it), from one pass."""
    sizes = _check_sizes(sizes)
    distances = stack_distances(trace)
    requests = len(distances)
    histogram = np.bincount(distances)  # histogram[d] = requests at distance d
    hits_within = np.cumsum(histogram) - histogram[COLD]  # hits of a cache of d slots
    hits = hits_within[np.minimum(sizes, len(histogram) - 1)]
    return (requests - hits) / requests


def hit_ratio_curves(trace, sizes, policies=tuple(POLICIES), *, seed=0) -> dict[str, np.ndarray]:
    """Hit ratio at each size for each policy name; LRU comes from one stack-distance pass."""
    keys = trace if isinstance(trace, np.ndarray) else as_trace(trace)
    curves = {}
    for name in policies:
        if name == "lru":
            curves[name] = 1.0 - lru_miss_ratio_curve(keys, sizes)
        else:
            curves[name] = np.array([simulate(name, keys, s, seed=seed).hit_ratio
                                     for s in _check_sizes(sizes)])
    return curves


def size_for_hit_ratio(trace, target: float):
    """Smallest LRU cache (slots) whose hit ratio on ``trace`` reaches ``target``, or None.

    >>> size_for_hit_ratio("abab" * 5, 0.9)
    2
    """
    target = float(target)
    if not 0.0 < target <= 1.0:
        raise ValueError(f"target must be a hit ratio in (0, 1], got {target}")
    distances = stack_distances(trace)
    hits_within = np.cumsum(np.bincount(distances)[1:])  # hits of a cache of 1, 2, ... slots
    enough = np.flatnonzero(hits_within >= target * len(distances))
    return int(enough[0]) + 1 if len(enough) else None


def _key_codes(trace) -> np.ndarray:
    """The trace as a numpy array of sortable codes (equal keys, equal codes)."""
    if isinstance(trace, np.ndarray) and trace.ndim == 1 and trace.dtype.kind in "iub":
        if len(trace) == 0:
            as_trace(trace)  # raises the usual empty-trace error
        return trace
    codes: dict = {}
    return np.fromiter((codes.setdefault(key, len(codes)) for key in as_trace(trace)),
                       dtype=np.int64)


def _check_sizes(sizes) -> np.ndarray:
    try:
        values = [operator.index(s) for s in np.atleast_1d(np.asarray(sizes, dtype=object))]
    except TypeError:
        raise TypeError(f"sizes must be integers >= 1 (cache slots), got {sizes!r}") from None
    if not values or min(values) < 1:
        raise ValueError(f"sizes must be a non-empty list of integers >= 1, got {sizes!r}")
    return np.array(values, dtype=np.int64)


def _later_smaller_counts(values: np.ndarray) -> np.ndarray:
    """For each element of distinct ``values``: how many later elements are smaller.

    A bottom-up merge sort on numpy arrays. Runs of ``_BASE`` elements are counted
    by comparing all pairs and then sorted. After that, each pass merges pairs of
    sorted runs (left, right): a binary search tells each left element how many
    right elements are smaller, which is both its count's increase and, added to
    its rank, its place in the merged run; the right elements fill the other places
    in order.
    """
    m = len(values)
    # Pad to a power of two (at least _BASE) with values larger than any real one,
    # in increasing order: they add nothing to the real counts and make every run
    # full, so runs are rows of a reshaped array.
    size = max(_BASE, 1 << (m - 1).bit_length()) if m > 1 else _BASE
    span = int(values.max()) + 1 if m else 1
    vals = np.concatenate([values.astype(np.int64), span + np.arange(size - m)])
    # Base case: all pairs inside each run of _BASE elements.
    rows = vals.reshape(-1, _BASE)
    later = np.triu(np.ones((_BASE, _BASE), dtype=bool), k=1)
    counts = ((rows[:, :, None] > rows[:, None, :]) & later).sum(axis=2).ravel()  # by index
    order = np.argsort(rows, axis=1)
    owner = (order + np.arange(0, size, _BASE)[:, None]).ravel()  # original index per slot
    vals = np.take_along_axis(rows, order, axis=1).ravel()
    span = int(vals[-1]) + 1
    width = _BASE
    while width < size:
        pairs = vals.reshape(-1, 2, width)
        offsets = (np.arange(len(pairs)) * span)[:, None]
        left_keys = (pairs[:, 0, :] + offsets).ravel()  # sorted: by pair, then value
        right_keys = (pairs[:, 1, :] + offsets).ravel()
        base = np.repeat(np.arange(len(pairs)) * width, width)  # right keys before each pair
        right_smaller = np.searchsorted(right_keys, left_keys) - base
        left_slots = np.arange(size).reshape(-1, 2, width)[:, 0, :].ravel()
        counts[owner[left_slots]] += right_smaller
        # Where every element lands in the merged run of 2·width.
        left_target = 2 * base + np.tile(np.arange(width), len(pairs)) + right_smaller
        taken = np.zeros(size, dtype=bool)
        taken[left_target] = True
        right_target = np.flatnonzero(~taken)
        merged_vals = np.empty_like(vals)
        merged_owner = np.empty_like(owner)
        merged_vals[left_target] = pairs[:, 0, :].ravel()
        merged_vals[right_target] = pairs[:, 1, :].ravel()
        owners = owner.reshape(-1, 2, width)
        merged_owner[left_target] = owners[:, 0, :].ravel()
        merged_owner[right_target] = owners[:, 1, :].ravel()
        vals, owner = merged_vals, merged_owner
        width *= 2
    return counts[:m]


_BASE = 32  # run length counted by brute force before merging starts
