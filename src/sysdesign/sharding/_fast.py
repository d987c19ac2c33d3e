"""Bulk twins of the readable hashing functions: the same answers for a million keys at once.

Each ``<name>_many`` here computes exactly what ``<name>`` in a readable module computes,
for a whole numpy array in a few vectorised steps instead of a Python loop; the tests
check every pair key for key. Read the readable versions first:

=======================  ===================================================
fast twin (this module)  readable original
=======================  ===================================================
``mix64_many``           :func:`sysdesign.sharding.hashing.mix64`
``fnv1a64_many``         :func:`sysdesign.sharding.hashing.fnv1a64`
``hash64_many``          :func:`sysdesign.sharding.hashing.hash64`
``jump_hash_many``       :func:`sysdesign.sharding.jump.jump_hash_steps`
``clockwise_slot_many``  :func:`sysdesign.sharding.ring.clockwise_slot`
``score_many``           :func:`sysdesign.sharding.rendezvous.score`
``weighted_score_many``  :func:`sysdesign.sharding.rendezvous.weighted_score`
=======================  ===================================================

``hash64_array``, ``mix64_array`` and ``jump_hash_array`` are the names these had before
the ``_many`` rule; they stay as aliases.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from sysdesign.core import checks

from .hashing import (
    FNV_OFFSET,
    FNV_PRIME,
    GOLDEN_GAMMA,
    MASK64,
    MIX1,
    MIX2,
    RING_SIZE,
    HashFn,
    fnv1a64,
    hash64,
)
from .jump import LCG_MULTIPLIER, MAX_BUCKETS


def mix64_many(x) -> np.ndarray:
    """:func:`~sysdesign.sharding.hashing.mix64` of a whole uint64 array (numpy's uint64
    arithmetic wraps modulo 2**64, which is what the readable version's masks do)."""
    x = np.asarray(x, dtype=np.uint64) + np.uint64(GOLDEN_GAMMA)
    x = (x ^ (x >> np.uint64(30))) * np.uint64(MIX1)
    x = (x ^ (x >> np.uint64(27))) * np.uint64(MIX2)
    return x ^ (x >> np.uint64(31))


def fnv1a64_many(text: np.ndarray) -> np.ndarray:
    """FNV-1a of every byte string of a numpy ``S`` array, one column of bytes at a time.

    A numpy byte string has no trailing NUL bytes (numpy pads with them and strips them),
    so this equals :func:`~sysdesign.sharding.hashing.fnv1a64` of each string without them.
    """
    text = np.asarray(text)
    return _fnv1a64_from(np.full(len(text), FNV_OFFSET, dtype=np.uint64), text)


def _fnv1a64_from(h: np.ndarray, text: np.ndarray) -> np.ndarray:
    """Carry on FNV-1a from the states ``h`` over the bytes of each string of ``text``.

    FNV-1a reads its input one byte at a time, so the hash of ``prefix + suffix`` is the
    hash of ``suffix`` started from the state the prefix left."""
    width = text.dtype.itemsize
    lengths = np.char.str_len(text)
    columns = np.ascontiguousarray(text).view(np.uint8).reshape(len(text), width)
    prime = np.uint64(FNV_PRIME)
    for c in range(width):
        step = (h ^ columns[:, c]) * prime
        h = np.where(lengths > c, step, h)  # strings shorter than c are finished
    return h


def hash64_many(keys: Iterable, hash_fn: HashFn = hash64) -> np.ndarray:
    """``hash_fn`` of many keys as a uint64 array; with :func:`hash64`, ints and text are
    hashed without a Python loop (any other key, or any other ``hash_fn``, loops)."""
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
            return mix64_many(array.astype(np.uint64, copy=False))
        if array is not None and array.dtype.kind == "S":
            return mix64_many(fnv1a64_many(array))
    items = keys.tolist() if isinstance(keys, np.ndarray) else keys
    return np.fromiter((hash_fn(key) for key in items), dtype=np.uint64, count=len(items))


def vnode_hash64_many(nodes: list, counts: list[int]) -> np.ndarray:
    """``hash64(f"{node}-{i}")`` for ``i`` in ``range(count)``, node after node: the positions
    of a ring's virtual nodes, as :meth:`~sysdesign.sharding.ring.HashRing` labels them.

    Built without making the labels: each node's text ``f"{node}-"`` is hashed once, and the
    numbers ``"0"``, ``"1"``, ... carry FNV-1a on from there (the same bytes in the same
    order, so the same hash; a label ends in a digit, so hash64 strips no NUL from it).
    """
    counts = [int(count) for count in counts]
    if len(counts) != len(nodes):
        raise ValueError(f"counts must give one count per node, got {len(counts)} for "
                         f"{len(nodes)} nodes")
    if not counts or max(counts) <= 0:
        return np.zeros(0, dtype=np.uint64)
    starts = np.array([fnv1a64(f"{node}-".encode()) for node in nodes], dtype=np.uint64)
    top = max(counts)
    numbers = np.arange(top).astype(f"S{len(str(top - 1))}")  # b"0", b"1", ... as str(i)
    ends = np.cumsum(counts)
    index = np.arange(ends[-1]) - np.repeat(ends - counts, counts)  # 0..count-1, per node
    return mix64_many(_fnv1a64_from(np.repeat(starts, counts), numbers[index]))


def ring_ownership_many(rings: list, vnodes: int) -> np.ndarray:
    """``HashRing(nodes, vnodes).ownership()`` for each list of ``nodes`` in ``rings`` (all of
    one length, default hash), as one (rings x nodes) array: every ring's points hashed,
    sorted and measured in a few numpy steps instead of one ring object at a time.

    The same steps as the readable version, row by row: points sorted by position, then
    node; each point owns the arc back to the one before it; each node's arcs are added in
    ring order, so the sums agree to the bit.
    """
    rings = [list(nodes) for nodes in rings]
    vnodes = checks.integer(vnodes, "vnodes", 1, hint="virtual nodes per node")
    n = len(rings[0]) if rings else 0
    if not n or any(len(nodes) != n for nodes in rings):
        raise ValueError("rings must be lists of nodes, all of one length and not empty")
    if any(len(set(nodes)) != n for nodes in rings):
        raise ValueError("a ring must not name one node twice")
    points = n * vnodes
    if points == 1:  # one point alone owns the whole circle
        return np.ones((len(rings), 1))
    positions = vnode_hash64_many([node for nodes in rings for node in nodes],
                                  [vnodes] * (len(rings) * n)).reshape(len(rings), points)
    # A stable sort by position is the ring's sort by (position, node): the points come in
    # node order, so points on one position stay in node order.
    order = np.argsort(positions, axis=-1, kind="stable")
    positions = np.take_along_axis(positions, order, axis=-1)
    owners = order // vnodes  # the point's place before sorting tells its node
    with np.errstate(over="ignore"):  # uint64 wraps: the first arc runs across the top
        arcs = np.diff(positions, axis=-1, prepend=positions[:, -1:])
    cells = (np.arange(len(rings))[:, None] * n + owners).ravel()  # (ring, node) -> one index
    # bincount adds the weights one by one in ring order, as np.add.at does in the ring.
    return np.bincount(cells, weights=(arcs.astype(float) / RING_SIZE).ravel(),
                       minlength=len(rings) * n).reshape(len(rings), n)


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


def _uint64_keys(keys) -> np.ndarray:
    """Keys as a fresh uint64 array, refusing what ``jump_hash`` refuses: numbers that are
    not integers (a cast would truncate 1.5 to 1) and integers outside 0 .. 2**64 - 1 (a
    cast would wrap -1 to 2**64 - 1)."""
    if not isinstance(keys, np.ndarray) or keys.dtype.kind == "O":
        # Python ints, checked one by one: numpy would turn [2**64 - 1, 5] into floats.
        items = keys.ravel().tolist() if isinstance(keys, np.ndarray) else list(keys)
        if not all(isinstance(k, (int, np.integer)) and not isinstance(k, (bool, np.bool_))
                   for k in items):
            raise TypeError("keys must be unsigned 64-bit integers, got "
                            f"{sorted({type(k).__name__ for k in items})}")
        if not all(0 <= k <= MASK64 for k in items):
            raise ValueError("keys must be integers in 0..2**64 - 1 (unsigned 64-bit)")
        return np.array(items, dtype=np.uint64)
    values = keys
    if values.size == 0:
        return np.zeros(values.shape, dtype=np.uint64)
    if values.dtype.kind not in "iu":
        raise TypeError(f"keys must be unsigned 64-bit integers, got values of dtype "
                        f"{values.dtype}")
    if values.dtype.kind == "i" and values.min() < 0:
        raise ValueError(f"keys must be integers in 0..2**64 - 1 (unsigned 64-bit), got "
                         f"{values.min()}")
    return values.astype(np.uint64)


def jump_hash_many(keys, num_buckets, *, steps: bool = False):
    """:func:`~sysdesign.sharding.jump.jump_hash` of a whole uint64 array: every key jumps
    in step, and a key drops out of the loop once its next jump lands past the last bucket.

    With ``steps=True`` returns ``(buckets, iterations)``, the twin of
    :func:`~sysdesign.sharding.jump.jump_hash_steps`."""
    num_buckets = checks.integer(num_buckets, "num_buckets", 1, MAX_BUCKETS)
    state = _uint64_keys(keys)  # a copy: we advance it in place
    bucket = np.full(state.shape, -1, dtype=np.int64)
    jump = np.zeros(state.shape, dtype=np.int64)
    iterations = np.zeros(state.shape, dtype=np.int64)
    active = np.arange(state.size)
    while active.size:
        bucket[active] = jump[active]
        iterations[active] += 1
        state[active] = state[active] * np.uint64(LCG_MULTIPLIER) + np.uint64(1)
        # Same operation order as the C code, so float rounding agrees bit for bit.
        ratio = float(1 << 31) / ((state[active] >> np.uint64(33)).astype(np.float64) + 1.0)
        jump[active] = ((bucket[active] + 1).astype(np.float64) * ratio).astype(np.int64)
        active = active[jump[active] < num_buckets]
    return (bucket, iterations) if steps else bucket


def clockwise_slot_many(positions: np.ndarray, hashes: np.ndarray) -> np.ndarray:
    """:func:`~sysdesign.sharding.ring.clockwise_slot` of many hashes: one binary search
    in numpy over the sorted uint64 ``positions``, wrapping past the last point to 0."""
    slots = np.searchsorted(positions, hashes, side="right")
    slots[slots == len(positions)] = 0
    return slots


def score_many(key_hashes: np.ndarray, node_seeds: np.ndarray) -> np.ndarray:
    """:func:`~sysdesign.sharding.rendezvous.score` of every (key, node) pair: a
    (keys x nodes) uint64 matrix."""
    key_hashes = np.asarray(key_hashes, dtype=np.uint64)
    node_seeds = np.asarray(node_seeds, dtype=np.uint64)
    return mix64_many(key_hashes[:, None] ^ node_seeds[None, :])


def weighted_score_many(scores: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """:func:`~sysdesign.sharding.rendezvous.weighted_score` of a (keys x nodes) score matrix,
    one weight per node (column): ``-weight / ln(u)`` with u from each score's top 52 bits."""
    unit = ((np.asarray(scores, dtype=np.uint64) >> np.uint64(12)).astype(np.float64) + 0.5)
    return -np.asarray(weights, dtype=float)[None, :] / np.log(unit / 2.0**52)


# The names from before the ``_many`` rule, kept so that existing code keeps working.
hash64_array = hash64_many
mix64_array = mix64_many
jump_hash_array = jump_hash_many
