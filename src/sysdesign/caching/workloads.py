"""Seeded generators of request traces: which keys a cache is asked for, in order.

Keys are integers. In the skewed workloads key 0 is the most popular, key 1 the
next, and so on, so a plot's x axis can be read as popularity rank. Zipf traffic
comes from :mod:`sysdesign.core.workloads` (every topic shares it); the traces that
defeat one policy or another (loops, a moving hot set, scans), the trace with
temporal locality (the LRU stack model) and the read/write traces of the strategies
are caching's own.

Two kinds of trace matter most for eviction. Zipf draws are *independent*: each
request ignores the ones before it, so how recently a key was used says nothing about
whether it comes next (only how popular it is does). The stack model is the opposite:
what was used recently is what comes back, which is what LRU bets on.

>>> zipf_trace(8, n_keys=100, alpha=1.0, seed=0).tolist()
[14, 1, 0, 0, 37, 63, 12, 24]
>>> loop_trace(7, loop_length=3).tolist()
[0, 1, 2, 0, 1, 2, 0]
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sysdesign.core import checks
from sysdesign.core.workloads import top_share, uniform_trace, zipf_probabilities, zipf_trace

__all__ = [
    "EXTERNAL_WRITE", "READ", "WORKLOADS", "WRITE", "ReadWriteTrace", "loop_trace",
    "read_write_trace", "shifting_hot_set_trace", "stack_depth_probabilities",
    "stack_model_depths", "stack_model_trace", "top_share", "uniform_trace", "workload",
    "zipf_probabilities", "zipf_trace", "zipf_with_scans_trace",
]

READ, WRITE, EXTERNAL_WRITE = 0, 1, 2  # operation codes of a ReadWriteTrace


def loop_trace(n_requests, loop_length) -> np.ndarray:
    """A scan repeated in a loop: 0, 1, ..., loop_length - 1, 0, 1, ..."""
    n_requests = checks.integer(n_requests, "n_requests", 1)
    return np.arange(n_requests) % checks.integer(loop_length, "loop_length", 1)


def shifting_hot_set_trace(n_requests, n_keys, *, hot_keys=50, hot_share=0.9, phases=4,
                           seed=0) -> np.ndarray:
    """A hot set that moves: ``hot_share`` of requests go to ``hot_keys`` keys that
    change in each of ``phases`` equal phases; the rest are uniform over all keys."""
    n_requests = checks.integer(n_requests, "n_requests", 1)
    n_keys = checks.integer(n_keys, "n_keys", 1)
    hot_keys = checks.integer(hot_keys, "hot_keys", 1)
    phases = checks.integer(phases, "phases", 1)
    hot_share = checks.fraction(hot_share, "hot_share")
    if hot_keys * phases > n_keys:
        raise ValueError(f"hot_keys × phases ({hot_keys} × {phases}) must not exceed "
                         f"n_keys ({n_keys}): each phase gets its own hot keys")
    rng = np.random.default_rng(seed)
    phase = np.arange(n_requests) * phases // n_requests
    hot = phase * hot_keys + rng.integers(0, hot_keys, n_requests)
    cold = rng.integers(0, n_keys, n_requests)
    return np.where(rng.random(n_requests) < hot_share, hot, cold)


def zipf_with_scans_trace(n_requests, n_keys, alpha, *, scan_length=500, scan_every=3_000,
                          seed=0) -> np.ndarray:
    """Zipf traffic with a scan starting every ``scan_every`` requests (at requests
    scan_every, 2 × scan_every, ...): ``scan_length`` keys never seen before (a crawler,
    a batch report), interleaved one for one with the regular requests, so a scan spans
    ``2 * scan_length`` requests.

    >>> trace = zipf_with_scans_trace(12, 5, 1.0, scan_length=2, scan_every=6)
    >>> trace[6:10:2].tolist(), bool(trace[:6].max() < 5)   # keys 5, 6 are new
    ([5, 6], True)
    """
    n_requests = checks.integer(n_requests, "n_requests", 1)
    scan_length = checks.integer(scan_length, "scan_length", 1)
    scan_every = checks.integer(scan_every, "scan_every", 2 * scan_length,
                                hint="requests from one scan's start to the next; "
                                     "a scan spans 2 × scan_length requests")
    trace = zipf_trace(n_requests, n_keys, alpha, seed=seed)
    next_new_key = n_keys
    for start in range(scan_every, n_requests, scan_every):
        slots = np.arange(start, min(start + 2 * scan_length, n_requests), 2)
        trace[slots] = np.arange(next_new_key, next_new_key + len(slots))
        next_new_key += len(slots)
    return trace


def stack_depth_probabilities(n_keys, theta) -> np.ndarray:
    """P(depth d) ∝ 1 / d^θ for d = 1..n_keys: how far down the recency stack a request reaches.

    >>> stack_depth_probabilities(3, 0.0).round(3).tolist()
    [0.333, 0.333, 0.333]
    """
    return zipf_probabilities(n_keys, checks.number(theta, "theta", 0, hint="the locality"))


def stack_model_depths(n_requests, n_keys, theta=1.0, *, seed=0) -> np.ndarray:
    """The stack depths (1 = most recent key) the stack model draws, in order."""
    n_requests = checks.integer(n_requests, "n_requests", 1)
    cumulative = np.cumsum(stack_depth_probabilities(n_keys, theta))
    draws = np.random.default_rng(seed).random(n_requests) * cumulative[-1]
    return np.minimum(np.searchsorted(cumulative, draws, side="right"), len(cumulative) - 1) + 1


def stack_model_trace(n_requests, n_keys, theta=1.0, *, seed=0) -> np.ndarray:
    """A trace with temporal locality: the LRU stack model (see B. R. Rau, "Properties and
    applications of the least-recently-used stack model", Stanford CSL-TR-77-139, 1977).

    All keys sit on a stack, key 0 on top. Each request draws a depth d with probability
    ∝ 1 / d^θ (:func:`stack_model_depths`), asks for the key at that depth and moves it to
    the top. Recently used keys are likely to come back; every key is, in the long run,
    equally popular. So an LRU cache of c slots hits exactly the requests drawn at depth
    ≤ c (once a key has been seen), while counting uses (LFU) learns nothing.

    >>> stack_model_depths(8, 4, 1.0, seed=0).tolist()
    [2, 1, 1, 1, 3, 4, 2, 3]
    >>> stack_model_trace(8, 4, 1.0, seed=0).tolist()
    [1, 1, 1, 1, 2, 3, 2, 1]
    """
    depths = stack_model_depths(n_requests, n_keys, theta, seed=seed).tolist()
    stack = list(range(n_keys - 1, -1, -1))  # the top is the end of the list: key 0
    top = len(stack)
    trace = []
    for depth in depths:
        key = stack.pop(top - depth)
        stack.append(key)
        trace.append(key)
    return np.array(trace, dtype=np.int64)


@dataclass(frozen=True)
class ReadWriteTrace:
    """Keys with an operation each: ``READ``, ``WRITE`` or ``EXTERNAL_WRITE`` (another
    service writing the database directly, behind the cache's back)."""

    keys: np.ndarray
    ops: np.ndarray

    def __post_init__(self):
        keys, ops = np.asarray(self.keys), np.asarray(self.ops)
        if keys.ndim != 1 or keys.shape != ops.shape:
            raise ValueError(f"keys and ops must be one-dimensional and of the same length "
                             f"(one operation per key), got shapes {keys.shape} and {ops.shape}")
        object.__setattr__(self, "keys", keys)
        object.__setattr__(self, "ops", ops)

    def __len__(self) -> int:
        return len(self.keys)

    @property
    def read_ratio(self) -> float:
        """Share of operations that are reads."""
        return float(np.mean(self.ops == READ))


def read_write_trace(n_requests, n_keys, *, read_ratio=0.9, alpha=1.0,
                     external_write_share=0.0, seed=0) -> ReadWriteTrace:
    """Zipf(α) keys; each operation is a read with probability ``read_ratio``.

    A share ``external_write_share`` of the writes comes from another writer that
    updates the database directly (the cache does not see those).
    """
    read_ratio = checks.fraction(read_ratio, "read_ratio")
    external_write_share = checks.fraction(external_write_share, "external_write_share")
    keys = zipf_trace(n_requests, n_keys, alpha, seed=seed)
    rng = np.random.default_rng([seed, 1])  # independent of the key stream
    ops = np.where(rng.random(len(keys)) < read_ratio, READ, WRITE)
    external = (ops == WRITE) & (rng.random(len(keys)) < external_write_share)
    ops[external] = EXTERNAL_WRITE
    return ReadWriteTrace(keys, ops)


WORKLOADS = ("zipf", "locality", "uniform", "loop", "shifting", "scans")


def workload(name: str, n_requests, *, n_keys=1_000, alpha=1.0, seed=0) -> np.ndarray:
    """One of :data:`WORKLOADS` by name, with shared parameters (for panels).

    ``alpha`` is the Zipf skew of "zipf" and "scans", and the locality θ of "locality".
    """
    name = checks.choice(name, "name", WORKLOADS)
    if name == "zipf":
        return zipf_trace(n_requests, n_keys, alpha, seed=seed)
    if name == "locality":  # alpha doubles as the stack model's locality θ
        return stack_model_trace(n_requests, n_keys, alpha, seed=seed)
    if name == "uniform":
        return uniform_trace(n_requests, n_keys, seed=seed)
    if name == "loop":
        return loop_trace(n_requests, n_keys)
    if name == "shifting":
        return shifting_hot_set_trace(n_requests, n_keys, hot_keys=max(1, n_keys // 20),
                                      seed=seed)
    # "scans": a scan of half the keys starting every 4 × n_keys requests
    return zipf_with_scans_trace(n_requests, n_keys, alpha, scan_length=max(1, n_keys // 2),
                                 scan_every=4 * n_keys, seed=seed)
