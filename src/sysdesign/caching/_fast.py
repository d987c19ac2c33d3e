"""Fast paths for caching: the code that makes the lesson's numbers quick, kept apart.

Nothing here is new behaviour. Each function computes exactly what a readable
counterpart computes, and a test proves it:

* one tight loop per built-in eviction policy, behind :func:`.simulate.simulate`: no
  method call per request, several times faster than replaying the classes of
  :mod:`.policies` through :func:`.simulate.replay`
  (``tests/caching/test_policies.py::test_fast_loops_equal_the_classes``, a hypothesis
  property over random traces, capacities, seeds and every policy);
* :func:`stack_distances`, the vectorised LRU stack distances behind
  :func:`.mrc.stack_distances`, equal to the literal stack of
  :func:`.mrc.stack_distances_simple`
  (``tests/caching/test_mrc.py::test_vectorised_equals_the_readable_stack``).
"""

from __future__ import annotations

import random
from collections import OrderedDict, deque

import numpy as np

from .policies import FIFO, LFU, LIFO, LRU, MRU, Random

COLD = 0  # stack distance of a key's first request (same as mrc.COLD)

# ---------------------------------------------------------------------------
# Tight loops, one per built-in policy. Each takes a list of keys, the capacity and
# a seed, and returns (hits, final size); simulate() derives the rest.


def lru_loop(keys, capacity, _seed):
    # The hot path the benchmark measures: an ordered dictionary, oldest use first.
    cache = OrderedDict()
    move, pop = cache.move_to_end, cache.popitem
    hits = size = 0
    for key in keys:
        if key in cache:
            move(key)
            hits += 1
        elif size == capacity:
            pop(False)
            cache[key] = None
        else:
            size += 1
            cache[key] = None
    return hits, size


def fifo_loop(keys, capacity, _seed):
    # A hit changes nothing, so a set answers "inside?" and a queue keeps arrival order.
    cache, order = set(), deque()
    add, push, oldest = cache.add, order.append, order.popleft
    hits = 0
    for key in keys:
        if key in cache:
            hits += 1
            continue
        if len(order) == capacity:
            cache.remove(oldest())
        add(key)
        push(key)
    return hits, len(order)


def lifo_loop(keys, capacity, _seed):
    # Once full, only the newest arrival ever leaves: remember just that one.
    cache = set()
    add, discard = cache.add, cache.discard
    hits, newest = 0, None
    for key in keys:
        if key in cache:
            hits += 1
            continue
        if len(cache) == capacity:
            discard(newest)
        add(key)
        newest = key
    return hits, len(cache)


def mru_loop(keys, capacity, _seed):
    # Every request, hit or miss, makes its key the most recently used one, so the
    # victim of a miss is always the previous request's key.
    cache = set()
    add, remove = cache.add, cache.remove
    hits, previous = 0, None
    for key in keys:
        if key in cache:
            hits += 1
        else:
            if len(cache) == capacity:
                remove(previous)
            add(key)
        previous = key
    return hits, len(cache)


def lfu_loop(keys, capacity, _seed):
    count = {}
    buckets = {}
    min_count = 0
    hits = 0
    for key in keys:
        c = count.get(key)
        if c is not None:
            hits += 1
            bucket = buckets[c]
            del bucket[key]
            if not bucket:
                del buckets[c]
                if min_count == c:
                    min_count = c + 1
            count[key] = c + 1
            nxt = buckets.get(c + 1)
            if nxt is None:
                buckets[c + 1] = nxt = OrderedDict()
            nxt[key] = None
            continue
        if len(count) == capacity:
            bucket = buckets[min_count]
            victim = bucket.popitem(False)[0]
            if not bucket:
                del buckets[min_count]
            del count[victim]
        count[key] = 1
        ones = buckets.get(1)
        if ones is None:
            buckets[1] = ones = OrderedDict()
        ones[key] = None
        min_count = 1
    return hits, len(count)


def random_loop(keys, capacity, seed):
    uniform = random.Random(seed).random
    slots = []
    slot = {}
    hits = 0
    for key in keys:
        if key in slot:
            hits += 1
            continue
        if len(slots) == capacity:
            index = int(uniform() * capacity)  # as Random._evict draws it
            victim = slots[index]
            last = slots.pop()
            if index < capacity - 1:
                slots[index] = last
                slot[last] = index
            del slot[victim]
        slot[key] = len(slots)
        slots.append(key)
    return hits, len(slots)


# Keyed by the exact class: a subclass (even one keeping the name) is replayed
# through its own methods instead.
LOOPS = {
    FIFO: fifo_loop,
    LIFO: lifo_loop,
    LRU: lru_loop,
    MRU: mru_loop,
    LFU: lfu_loop,
    Random: random_loop,
}


# ---------------------------------------------------------------------------
# Stack distances with numpy.


def stack_distances(trace) -> np.ndarray:
    """LRU stack distance of each request (``COLD`` = 0 for first requests), vectorised.

    ``trace`` is a non-empty one-dimensional array or list of hashable keys.

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
    codes = key_codes(trace)
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
    distances[ends] = (ends - starts) - later_smaller_counts(ends)
    return distances


def key_codes(trace) -> np.ndarray:
    """The trace as a numpy array of sortable codes (equal keys, equal codes)."""
    if isinstance(trace, np.ndarray) and trace.dtype.kind in "iub":
        return trace
    codes: dict = {}
    return np.fromiter((codes.setdefault(key, len(codes)) for key in trace), dtype=np.int64)


_BASE = 32  # run length counted by brute force before merging starts


def later_smaller_counts(values: np.ndarray) -> np.ndarray:
    """For each element of distinct ``values``: how many later elements are smaller.

    A bottom-up merge sort on numpy arrays. Runs of ``_BASE`` elements are counted
    by comparing all pairs and then sorted (:func:`_count_in_runs`). After that, each
    pass merges pairs of sorted runs (:func:`_merge_runs`).
    """
    m = len(values)
    # Pad to a power of two (at least _BASE) with values larger than any real one,
    # in increasing order: they add nothing to the real counts and make every run
    # full, so runs are rows of a reshaped array.
    size = max(_BASE, 1 << (m - 1).bit_length()) if m > 1 else _BASE
    span = int(values.max()) + 1 if m else 1
    vals = np.concatenate([values.astype(np.int64), span + np.arange(size - m)])
    counts, vals, owner = _count_in_runs(vals)
    width = _BASE
    while width < size:
        vals, owner = _merge_runs(vals, owner, counts, width)
        width *= 2
    return counts[:m]


def _count_in_runs(vals: np.ndarray):
    """Base case: all pairs inside each run of ``_BASE`` elements, then each run sorted.

    Returns (counts by original index, values sorted within runs, original index of
    each slot).
    """
    size = len(vals)
    rows = vals.reshape(-1, _BASE)
    later = np.triu(np.ones((_BASE, _BASE), dtype=bool), k=1)
    counts = ((rows[:, :, None] > rows[:, None, :]) & later).sum(axis=2).ravel()
    order = np.argsort(rows, axis=1)
    owner = (order + np.arange(0, size, _BASE)[:, None]).ravel()
    return counts, np.take_along_axis(rows, order, axis=1).ravel(), owner


def _merge_runs(vals: np.ndarray, owner: np.ndarray, counts: np.ndarray, width: int):
    """Merge neighbouring sorted runs of ``width`` (left, right), adding to ``counts``.

    A binary search tells each left element how many right elements are smaller:
    that is both its count's increase and, added to its rank, its place in the
    merged run; the right elements fill the other places in order.
    """
    size = len(vals)
    span = int(vals.max()) + 1
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
    return merged_vals, merged_owner
