"""Jump consistent hash (Lamping & Veach 2014, "A Fast, Minimal Memory, Consistent Hash").

No ring and no table: a key "jumps" forward through bucket numbers, driven by a 64-bit
linear congruential generator seeded with the key, and the last jump below
``num_buckets`` is its bucket. Growing from n to n+1 buckets moves exactly the keys
that land in the new bucket, about 1/(n+1) of them. Buckets can only be added or removed
at the end, so it suits numbered shards, not named servers that fail at random.

>>> jump_hash(0, 1), jump_hash(123456789, 10)
(0, 7)
"""

from __future__ import annotations

import operator

import numpy as np

from .base import Partitioner, count
from .hashing import MASK64, hash64, hash64_array

LCG_MULTIPLIER = 2862933555777941757  # the paper's 64-bit LCG: key = key * M + 1
MAX_BUCKETS = (1 << 31) - 1  # the reference code takes an int32 bucket count


def jump_hash(key: int, num_buckets: int) -> int:
    """Bucket 0..num_buckets-1 for a 64-bit ``key``, exactly as the paper's C++ code.

    The reference, line for line (``b``: current bucket, ``j``: next jump)::

        int32_t JumpConsistentHash(uint64_t key, int32_t num_buckets) {
            int64_t b = -1, j = 0;
            while (j < num_buckets) {
                b = j;
                key = key * 2862933555777941757ULL + 1;
                j = (b + 1) * (double(1LL << 31) / double((key >> 33) + 1));
            }
            return b;
        }
    """
    if isinstance(key, (bool, np.bool_)):
        raise TypeError(f"key must be an integer in 0..2**64-1, got {key!r}")
    try:
        key = operator.index(key)
    except TypeError:
        raise TypeError(
            f"key must be an integer in 0..2**64-1, got {type(key).__name__}: {key!r}"
        ) from None
    if not 0 <= key <= MASK64:
        raise ValueError(f"key must be an unsigned 64-bit integer (0..2**64-1), got {key}")
    num_buckets = count(num_buckets, "num_buckets", 1, MAX_BUCKETS)
    b, j = -1, 0
    while j < num_buckets:
        b = j
        key = (key * LCG_MULTIPLIER + 1) & MASK64  # uint64 arithmetic wraps
        j = int((b + 1) * (float(1 << 31) / float((key >> 33) + 1)))  # double, truncated
    return b


def jump_hash_array(keys, num_buckets: int) -> np.ndarray:
    """:func:`jump_hash` for a whole uint64 array: every key jumps in step until all are done."""
    num_buckets = count(num_buckets, "num_buckets", 1, MAX_BUCKETS)
    state = np.array(keys, dtype=np.uint64)  # a copy: we advance it in place
    bucket = np.full(state.shape, -1, dtype=np.int64)
    jump = np.zeros(state.shape, dtype=np.int64)
    active = np.arange(state.size)
    while active.size:
        bucket[active] = jump[active]
        state[active] = state[active] * np.uint64(LCG_MULTIPLIER) + np.uint64(1)
        # Same operation order as the C code, so float rounding agrees bit for bit.
        ratio = float(1 << 31) / ((state[active] >> np.uint64(33)).astype(np.float64) + 1.0)
        jump[active] = ((bucket[active] + 1).astype(np.float64) * ratio).astype(np.int64)
        active = active[jump[active] < num_buckets]
    return bucket


class JumpPartitioner(Partitioner):
    """Shards ``0 .. n-1`` chosen by jump hash of the key's 64-bit hash."""

    def __init__(self, num_shards: int):
        self.shards = list(range(count(num_shards, "num_shards", 1, MAX_BUCKETS)))

    def shard_for(self, key) -> int:
        """Jump bucket of the key's hash."""
        return jump_hash(hash64(key), len(self.shards))

    def assign(self, keys) -> np.ndarray:
        """Jump bucket of every key, vectorised."""
        return jump_hash_array(hash64_array(keys), len(self.shards))
