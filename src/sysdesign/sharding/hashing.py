"""64-bit hashes that place keys on a ring, one key at a time.

Every partitioner hashes keys through here, so a key lands on the same shard whether it
is looked up alone or in a batch of a million (the batch versions, ``hash64_many`` and
friends in ``_fast.py``, are tested equal to these).

>>> hash64(42) == hash64(42) != hash64(43)
True
>>> fnv1a64(b"a") == 0xAF63DC4C8601EC8C   # the published FNV-1a test vector
True
"""

from __future__ import annotations

import hashlib
import operator
from collections.abc import Callable

import numpy as np

MASK64 = (1 << 64) - 1  # keep the low 64 bits: what uint64 arithmetic does by itself
RING_SIZE = 1 << 64  # positions on the ring are 0 .. 2**64 - 1
GOLDEN_GAMMA = 0x9E3779B97F4A7C15  # splitmix64's increment: keeps key 0 away from position 0
MIX1, MIX2 = 0xBF58476D1CE4E5B9, 0x94D049BB133111EB  # splitmix64's two multipliers
FNV_OFFSET, FNV_PRIME = 0xCBF29CE484222325, 0x100000001B3  # 64-bit FNV-1a constants

HashFn = Callable[[object], int]


def mix64(x: int) -> int:
    """Scramble a 64-bit integer so nearby inputs land far apart (splitmix64 finaliser).

    Each step spreads the high bits into the low ones (the xor-shift) and the low bits
    into the high ones (the multiplication), so neighbours end up unrelated: about half
    of the 64 bits differ.

    >>> hex(mix64(0))   # splitmix64's well-known first output for seed 0
    '0xe220a8397b1dcdaf'
    >>> bin(mix64(41) ^ mix64(42)).count("1")   # bits that differ between neighbours
    31
    """
    x = (x + GOLDEN_GAMMA) & MASK64
    x = ((x ^ (x >> 30)) * MIX1) & MASK64
    x = ((x ^ (x >> 27)) * MIX2) & MASK64
    return x ^ (x >> 31)


def fnv1a64(data: bytes) -> int:
    """64-bit FNV-1a of some bytes: for each byte, xor it in, then multiply by the prime.

    >>> hex(fnv1a64(b""))   # nothing hashed: the offset basis itself
    '0xcbf29ce484222325'
    """
    h = FNV_OFFSET
    for byte in data:
        h = ((h ^ byte) * FNV_PRIME) & MASK64
    return h


def hash64(key) -> int:
    """Position of a key on the ring: integers are mixed, text and bytes are FNV-1a then mixed.

    Integers are taken modulo 2**64 (so -1 and 2**64 - 1 hash alike). Text is hashed as
    UTF-8 with trailing NUL bytes ignored (numpy's byte strings drop them, and the bulk
    path must agree), so "a" and "a\\x00" share a position: harmless for placement.

    >>> hash64(-1) == hash64(2**64 - 1), hash64("user:42") == hash64(b"user:42")
    (True, True)
    """
    if isinstance(key, str):
        key = key.encode("utf-8")
    if isinstance(key, (bytes, bytearray, memoryview)):
        return mix64(fnv1a64(bytes(key).rstrip(b"\x00")))
    if isinstance(key, (bool, np.bool_)):
        raise TypeError(f"key must be an int, str or bytes, got the bool {key!r}")
    try:
        return mix64(operator.index(key) & MASK64)
    except TypeError:
        raise TypeError(
            f"key must be an int, str or bytes, got {type(key).__name__} {key!r}"
        ) from None


def md5_hash64(key) -> int:
    """The top 64 bits of MD5(str(key)): orders keys exactly as ``uhashring``'s default ring.

    >>> md5_hash64("node-0") == int(hashlib.md5(b"node-0").hexdigest()[:16], 16)
    True
    """
    return int.from_bytes(hashlib.md5(str(key).encode("utf-8")).digest()[:8], "big")
