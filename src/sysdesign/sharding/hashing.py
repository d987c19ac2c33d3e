"""64-bit hashes that place keys on a ring: one scalar form and one numpy form that agree.

Every partitioner hashes keys through here, so a key lands on the same shard whether it
is looked up alone or in a batch of a million.

>>> hash64(42) == int(hash64_array(np.array([42]))[0])
True
>>> hash64("user:42") == int(hash64_array(["user:42"])[0])
True
"""

from __future__ import annotations

import hashlib
import operator
from collections.abc import Callable, Iterable

import numpy as np

MASK64 = (1 << 64) - 1
RING_SIZE = 1 << 64  # positions on the ring are 0 .. 2**64 - 1
GOLDEN_GAMMA = 0x9E3779B97F4A7C15  # splitmix64's increment: keeps key 0 away from position 0
_MIX1, _MIX2 = 0xBF58476D1CE4E5B9, 0x94D049BB133111EB
FNV_OFFSET, FNV_PRIME = 0xCBF29CE484222325, 0x100000001B3  # 64-bit FNV-1a constants

HashFn = Callable[[object], int]


def mix64(x: int) -> int:
    """Scramble a 64-bit integer so nearby inputs land far apart (splitmix64 finaliser)."""
    x = (x + GOLDEN_GAMMA) & MASK64
    x = ((x ^ (x >> 30)) * _MIX1) & MASK64
    x = ((x ^ (x >> 27)) * _MIX2) & MASK64
    return x ^ (x >> 31)


def mix64_array(x: np.ndarray) -> np.ndarray:
    """:func:`mix64` on a whole uint64 array (numpy wraps multiplication modulo 2**64)."""
    x = np.asarray(x, dtype=np.uint64) + np.uint64(GOLDEN_GAMMA)
    x = (x ^ (x >> np.uint64(30))) * np.uint64(_MIX1)
    x = (x ^ (x >> np.uint64(27))) * np.uint64(_MIX2)
    return x ^ (x >> np.uint64(31))


def hash64(key) -> int:
    """Position of a key on the ring: integers are mixed, text and bytes are FNV-1a then mixed.

    Integers are taken modulo 2**64 (so -1 and 2**64 - 1 hash alike). Text is hashed as
    UTF-8 with trailing NUL bytes ignored (numpy's byte strings drop them, and the bulk
    path must agree), so "a" and "a\\x00" share a position: harmless for placement.
    """
    if isinstance(key, str):
        key = key.encode("utf-8")
    if isinstance(key, (bytes, bytearray, memoryview)):
        h = FNV_OFFSET
        for byte in bytes(key).rstrip(b"\x00"):
            h = ((h ^ byte) * FNV_PRIME) & MASK64
        return mix64(h)
    if isinstance(key, (bool, np.bool_)):
        raise TypeError(f"a key must be an int, str or bytes, got the bool {key!r}")
    try:
        return mix64(operator.index(key) & MASK64)
    except TypeError:
        raise TypeError(
            f"a key must be an int, str or bytes, got {type(key).__name__}: {key!r}"
        ) from None


def md5_hash64(key) -> int:
    """The top 64 bits of MD5(str(key)): orders keys exactly as ``uhashring``'s default ring."""
    return int.from_bytes(hashlib.md5(str(key).encode("utf-8")).digest()[:8], "big")


def hash64_array(keys: Iterable, hash_fn: HashFn = hash64) -> np.ndarray:
    """Ring positions of many keys as a uint64 array; ints and text are hashed without a loop."""
    if not isinstance(keys, np.ndarray):
        keys = keys if isinstance(keys, list) else list(keys)
    if hash_fn is hash64:
        array = keys if isinstance(keys, np.ndarray) else _as_array(keys)
        if array is not None and array.dtype.kind == "U":
            array = _as_array(array.tolist())
        if array is not None and array.dtype == bool:
            raise TypeError("keys must be ints, str or bytes, got a bool array")
        if array is not None and array.dtype.kind in "iu":
            # Same value as the scalar path: reduce modulo 2**64, then mix.
            return mix64_array(array.astype(np.uint64, copy=False))
        if array is not None and array.dtype.kind == "S":
            return _fnv1a_array(array)
    items = keys.tolist() if isinstance(keys, np.ndarray) else keys
    return np.fromiter((hash_fn(key) for key in items), dtype=np.uint64, count=len(items))


def _as_array(keys: list) -> np.ndarray | None:
    """A list of all-int, all-str or all-bytes keys as a numpy array; None for anything else."""
    kinds = set(map(type, keys))  # np.array would quietly turn [1, "a"] into strings
    if kinds == {int}:
        array = np.asarray(keys)
        # Python ints beyond int64/uint64 come back as floats or objects: loop instead.
        return array if array.dtype.kind in "iu" else None
    if kinds == {bytes}:
        return np.array(keys, dtype="S")
    if kinds == {str}:
        try:
            return np.array(keys, dtype="S")  # fast path: pure ASCII
        except UnicodeEncodeError:
            return np.array([key.encode("utf-8") for key in keys], dtype="S")
    return None


def _fnv1a_array(text: np.ndarray) -> np.ndarray:
    """FNV-1a of every byte string, one column of bytes at a time, then :func:`mix64_array`."""
    width = text.dtype.itemsize
    lengths = np.char.str_len(text)
    columns = np.ascontiguousarray(text).view(np.uint8).reshape(len(text), width)
    h = np.full(len(text), FNV_OFFSET, dtype=np.uint64)
    prime = np.uint64(FNV_PRIME)
    for c in range(width):
        step = (h ^ columns[:, c]) * prime
        h = np.where(lengths > c, step, h)  # strings shorter than c are finished
    return mix64_array(h)
