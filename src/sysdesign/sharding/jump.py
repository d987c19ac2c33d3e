"""Jump consistent hash (Lamping & Veach 2014, "A Fast, Minimal Memory, Consistent Hash").

No ring and no table: a key "jumps" forward through bucket numbers, driven by a 64-bit
linear congruential generator seeded with the key, and the last jump below
``num_buckets`` is its bucket. Growing from n to n+1 buckets moves exactly the keys
that land in the new bucket, about 1/(n+1) of them. Buckets can only be added or removed
at the end, so it suits numbered shards, not named servers that fail at random.

:class:`~sysdesign.sharding.partitioners.JumpPartitioner` shards keys with it, and
``jump_hash_many`` in ``_fast.py`` runs it for a whole array of keys at once.

>>> jump_hash(0, 1), jump_hash(123456789, 10)
(0, 7)
"""

from __future__ import annotations

from sysdesign.core import checks

from .hashing import MASK64

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

    Each jump goes further on average (from b to about 2b), so a key needs only about
    ln(num_buckets) jumps.
    """
    key = checks.integer(key, "key", 0, MASK64, hint="an unsigned 64-bit integer")
    num_buckets = checks.integer(num_buckets, "num_buckets", 1, MAX_BUCKETS)
    b, j = -1, 0
    while j < num_buckets:
        b = j
        key = (key * LCG_MULTIPLIER + 1) & MASK64  # uint64 arithmetic wraps
        j = int((b + 1) * (float(1 << 31) / float((key >> 33) + 1)))  # double, truncated
    return b
