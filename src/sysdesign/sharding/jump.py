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

    The loop runs once per bucket the key stops at on its way (see :func:`jump_hash_steps`).
    """
    return jump_hash_steps(key, num_buckets)[0]


def jump_hash_steps(key: int, num_buckets: int) -> tuple[int, int]:
    """``(bucket, loop iterations)``: :func:`jump_hash` and the work it did for this key.

    A key stops at bucket 0, then at bucket b >= 1 with probability 1/(b+1) (that is the
    chance it jumps into b when b is the newest bucket), so the expected number of
    iterations with n buckets is the harmonic number H_n = 1 + 1/2 + ... + 1/n, about
    ln(n) + 0.58: 2.72 at n = 8 (:func:`expected_jump_steps`).

    >>> jump_hash_steps(0, 1)
    (0, 1)
    """
    key = checks.integer(key, "key", 0, MASK64, hint="an unsigned 64-bit integer")
    num_buckets = checks.integer(num_buckets, "num_buckets", 1, MAX_BUCKETS)
    return _jump(key, num_buckets)


def _jump(key: int, num_buckets: int) -> tuple[int, int]:
    """The loop itself, for arguments already checked (a partitioner's hot path)."""
    b, j, steps = -1, 0, 0
    while j < num_buckets:
        b = j
        key = (key * LCG_MULTIPLIER + 1) & MASK64  # uint64 arithmetic wraps
        j = int((b + 1) * (float(1 << 31) / float((key >> 33) + 1)))  # double, truncated
        steps += 1
    return b, steps


def expected_jump_steps(num_buckets: int) -> float:
    """Expected loop iterations of jump hash with ``num_buckets`` buckets: H_n = sum of 1/k.

    >>> round(expected_jump_steps(8), 4)
    2.7179
    """
    num_buckets = checks.integer(num_buckets, "num_buckets", 1, MAX_BUCKETS)
    return sum(1 / k for k in range(1, num_buckets + 1))
