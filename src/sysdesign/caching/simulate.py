"""Replay a trace of keys through a cache and count hits and misses.

:func:`simulate` is the one entry point. For the six built-in policies it runs a
tight loop written for that policy (no method call per request), which is several
times faster than going through the classes in :mod:`.policies`; the tests check
that both give identical counts. Any other :class:`~.policies.Policy` subclass is
replayed through its ``access`` method by :func:`replay`.

>>> simulate("lru", [1, 2, 1, 3, 1, 2], capacity=2)
SimulationResult(policy='lru', capacity=2, requests=6, hits=2, misses=4, evictions=2)
"""

from __future__ import annotations

import random
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from .policies import FIFO, LFU, LIFO, LRU, MRU, POLICIES, Policy, Random, check_capacity

# The classic trace for Belady's anomaly (Belady, Nelson & Shedler, 1969):
# FIFO faults 9 times with 3 slots and 10 times with 4.
BELADY_TRACE = (1, 2, 3, 4, 1, 2, 5, 1, 2, 3, 4, 5)


@dataclass(frozen=True)
class SimulationResult:
    """Counts from replaying one trace through one cache."""

    policy: str
    capacity: int
    requests: int
    hits: int
    misses: int
    evictions: int

    @property
    def hit_ratio(self) -> float:
        """Share of requests served from the cache."""
        return self.hits / self.requests

    @property
    def miss_ratio(self) -> float:
        """Share of requests that went past the cache."""
        return self.misses / self.requests


def as_trace(trace) -> list:
    """Return the trace as a list of hashable keys (numpy arrays become Python ints).

    A string is a trace of one-character keys: ``"abca"`` is a, b, c, a.
    """
    if isinstance(trace, np.ndarray):
        if trace.ndim != 1:
            raise ValueError(f"trace must be one-dimensional, got shape {trace.shape}")
        keys = trace.tolist()  # Python ints hash faster than numpy scalars
    elif not isinstance(trace, Iterable):
        raise TypeError(f"trace must be a sequence of hashable keys, got {type(trace).__name__}")
    else:
        keys = list(trace)
    if not keys:
        raise ValueError("trace is empty: it needs at least one request")
    return keys


def resolve_policy(policy) -> type[Policy]:
    """Return the policy class for a name like ``"lru"`` or a Policy subclass."""
    if isinstance(policy, str):
        try:
            return POLICIES[policy.lower()]
        except KeyError:
            raise ValueError(
                f"unknown policy {policy!r}; allowed: {', '.join(POLICIES)} or a Policy subclass"
            ) from None
    if isinstance(policy, type) and issubclass(policy, Policy):
        return policy
    raise TypeError(
        f"policy must be one of {', '.join(POLICIES)} or a Policy subclass, got {policy!r}"
    )


def simulate(policy, trace, capacity, *, seed=0) -> SimulationResult:
    """Replay ``trace`` through a cache of ``capacity`` slots under ``policy``.

    ``policy`` is a name (``"fifo"``, ``"lifo"``, ``"lru"``, ``"mru"``, ``"lfu"``,
    ``"random"``) or a :class:`Policy` subclass; ``seed`` drives random eviction.
    """
    cls = resolve_policy(policy)
    capacity = check_capacity(capacity)
    keys = as_trace(trace)
    loop = _FAST_LOOPS.get(cls)
    if loop is None:
        return replay(cls(capacity, seed=seed), keys)
    hits, size = loop(keys, capacity, seed)
    misses = len(keys) - hits
    # Nothing leaves the cache except by eviction, so every miss past the
    # final size pushed one key out.
    return SimulationResult(cls.name, capacity, len(keys), hits, misses, misses - size)


def replay(cache: Policy, trace) -> SimulationResult:
    """Feed ``trace`` to a cache object one ``access`` at a time (the readable path)."""
    if not isinstance(cache, Policy):
        raise TypeError(f"cache must be a Policy instance, got {type(cache).__name__}")
    access = cache.access
    for key in as_trace(trace):
        access(key)
    return SimulationResult(cache.name, cache.capacity, cache.requests, cache.hits,
                            cache.misses, cache.evictions)


def hits_per_request(policy, trace, capacity, *, seed=0) -> np.ndarray:
    """A boolean array: was request i a hit? (for hit ratio over time)."""
    cache = resolve_policy(policy)(check_capacity(capacity), seed=seed)
    return np.fromiter((cache.access(key) for key in as_trace(trace)), dtype=bool)


@dataclass(frozen=True)
class Step:
    """One request in a step-by-step replay: the key, hit or miss, what got evicted."""

    key: object
    hit: bool
    contents: tuple  # keys in the cache after the request, next victim first
    victim: object = None


def step_through(policy, trace, capacity, *, seed=0) -> list[Step]:
    """Replay a (short) trace and record the cache after every request."""
    cache = resolve_policy(policy)(check_capacity(capacity), seed=seed, record_events=True)
    steps = []
    for key in as_trace(trace):
        evictions = cache.evictions
        hit = cache.access(key)
        victim = cache.events[-1].victim if cache.evictions > evictions else None
        steps.append(Step(key, hit, tuple(cache.contents()), victim))
    return steps


def faults(policy, trace, capacities, *, seed=0) -> list[int]:
    """Misses ("page faults") of ``policy`` on ``trace`` at each capacity."""
    return [simulate(policy, trace, c, seed=seed).misses for c in capacities]


# ---------------------------------------------------------------------------
# Tight loops, one per built-in policy. Each returns (hits, final size) and must
# match its class in policies.py request for request (see the tests).


def _ordered_loop(keys, capacity, *, touch: bool, evict_newest: bool):
    cache = OrderedDict()
    move, pop = cache.move_to_end, cache.popitem
    hits = size = 0
    for key in keys:
        if key in cache:
            hits += 1
            if touch:
                move(key)
            continue
        if size == capacity:
            pop(evict_newest)  # popitem(last=True) drops the newest key
        else:
            size += 1
        cache[key] = None
    return hits, size


def _lru_loop(keys, capacity, _seed):
    # Spelled out (not via _ordered_loop) because this is the hot path the
    # benchmark measures: no flag tests inside the loop.
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


def _fifo_loop(keys, capacity, _seed):
    return _ordered_loop(keys, capacity, touch=False, evict_newest=False)


def _lifo_loop(keys, capacity, _seed):
    return _ordered_loop(keys, capacity, touch=False, evict_newest=True)


def _mru_loop(keys, capacity, _seed):
    return _ordered_loop(keys, capacity, touch=True, evict_newest=True)


def _lfu_loop(keys, capacity, _seed):
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


def _random_loop(keys, capacity, seed):
    randrange = random.Random(seed).randrange
    slots = []
    slot = {}
    hits = 0
    for key in keys:
        if key in slot:
            hits += 1
            continue
        if len(slots) == capacity:
            index = randrange(capacity)
            victim = slots[index]
            last = slots.pop()
            if index < capacity - 1:
                slots[index] = last
                slot[last] = index
            del slot[victim]
        slot[key] = len(slots)
        slots.append(key)
    return hits, len(slots)


_FAST_LOOPS = {
    FIFO: _fifo_loop,
    LIFO: _lifo_loop,
    LRU: _lru_loop,
    MRU: _mru_loop,
    LFU: _lfu_loop,
    Random: _random_loop,
}
