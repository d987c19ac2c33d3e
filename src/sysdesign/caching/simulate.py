"""Replay a trace of keys through a cache and count hits and misses.

:func:`replay` is the readable path: it feeds the trace to a cache object from
:mod:`.policies` one ``access`` at a time. :func:`simulate` is the one entry point
the notebook uses. For the six built-in policies it runs a tight loop written for
that policy (in :mod:`._fast`: no method call per request, several times faster);
a property test checks, over random traces, capacities and seeds, that for every
policy both give identical counts. Any other :class:`~.policies.Policy` subclass is
replayed through its own ``access`` method.

>>> simulate("lru", [1, 2, 1, 3, 1, 2], capacity=2)
SimulationResult(policy='lru', capacity=2, requests=6, hits=2, misses=4, evictions=2)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from sysdesign.core import checks

from . import _fast
from .policies import LFU, LRU, POLICIES, Policy

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


def simulate(policy, trace, capacity, *, seed=0, warmup=0) -> SimulationResult:
    """Replay ``trace`` through a cache of ``capacity`` slots under ``policy``.

    ``policy`` is a name (``"fifo"``, ``"lifo"``, ``"lru"``, ``"mru"``, ``"lfu"``,
    ``"random"``) or a :class:`Policy` subclass; ``seed`` drives random eviction. With
    ``warmup=w`` the first w requests only fill the cache: the counts cover the rest.

    >>> simulate("lru", [1, 2, 1, 3, 1, 2], capacity=2, warmup=3)
    SimulationResult(policy='lru', capacity=2, requests=3, hits=1, misses=2, evictions=2)
    """
    cls = resolve_policy(policy)
    capacity = checks.integer(capacity, "capacity", 1, hint="slots in the cache")
    keys = as_trace(trace)
    warmup = checks.integer(warmup, "warmup", 0, len(keys) - 1,
                            hint="requests replayed before counting")
    if warmup:
        # The first w requests leave the same cache (and the same random draws) behind
        # whether or not the trace goes on, so the counts after them are a difference.
        whole, start = (simulate(cls, part, capacity, seed=seed) for part in (keys, keys[:warmup]))
        hits = whole.hits - start.hits
        return SimulationResult(cls.name, capacity, len(keys) - warmup, hits,
                                len(keys) - warmup - hits, whole.evictions - start.evictions)
    loop = _fast.LOOPS.get(cls)
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
    cls = resolve_policy(policy)
    if cls in (LRU, LFU):  # their tight loops list the requests that missed
        capacity = checks.integer(capacity, "capacity", 1, hint="slots in the cache")
        keys = as_trace(trace)
        flags = np.ones(len(keys), dtype=bool)
        misses = _fast.lru_miss_times if cls is LRU else _fast.lfu_miss_times
        flags[misses(keys, capacity)] = False
        return flags
    cache = cls(capacity, seed=seed)
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
    cache = resolve_policy(policy)(capacity, seed=seed, record_events=True)
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
