"""Fast paths for caching: the code that makes the lesson's numbers quick, kept apart.

Nothing here is new behaviour. Each function computes exactly what a readable
counterpart computes, and a test proves it:

* one tight loop per built-in eviction policy, behind :func:`.simulate.simulate`: no
  method call per request, several times faster than replaying the classes of
  :mod:`.policies` through :func:`.simulate.replay`
  (``tests/caching/test_policies.py::test_fast_loops_equal_the_classes``, a hypothesis
  property over random traces, capacities, seeds and every policy); LRU's and LFU's
  loops also list the requests that miss, for :func:`.simulate.hits_per_request`
  (``test_lru_hits_per_request_equal_the_class``,
  ``test_lfu_hits_per_request_from_the_tight_loop_equal_the_class``);
* :func:`strategy_loop`, the replay of a read/write trace behind
  :func:`.strategies.run_strategy`, equal to :func:`.strategies.replay_strategy`, which
  calls the strategy classes
  (``tests/caching/test_strategies.py::test_the_tight_loop_equals_replaying_the_classes``);
* :func:`hits_at_sizes`, the same loops run at many sizes on keys numbered once (and
  Random's victims drawn beforehand by numpy, :func:`seeded_uniforms`), and LIFO's hits
  at every size counted without a loop, behind :func:`.mrc.hit_ratio_curves`
  (``tests/caching/test_mrc.py::test_fast_curves_equal_replaying_the_classes_at_each_size``,
  ``tests/caching/test_policies.py::test_numpy_draws_the_numbers_of_pythons_random``);
* :func:`stack_distances`, the vectorised LRU stack distances behind
  :func:`.mrc.stack_distances`, equal to the literal stack of
  :func:`.mrc.stack_distances_simple`
  (``tests/caching/test_mrc.py::test_vectorised_equals_the_readable_stack``).
"""

from __future__ import annotations

import math
import random
from collections import OrderedDict, defaultdict, deque
from heapq import heappop, heappush, heapreplace

import numpy as np

from .policies import FIFO, LFU, LIFO, LRU, MRU, Random
from .workloads import EXTERNAL_WRITE, READ, WRITE

COLD = 0  # stack distance of a key's first request (same as mrc.COLD)

# ---------------------------------------------------------------------------
# Tight loops, one per built-in policy. Each takes a list of keys, the capacity and
# a seed, and returns (hits, final size); simulate() derives the rest.
#
# Except LRU's, they keep what they know about each key in a *table*: a dictionary that
# answers a default for unseen keys, or, when the keys are dense codes 0..n-1 (see
# dense_codes; hit_ratio_curves runs every size on one such trace), a list, about twice as
# fast to index. The ``*_misses`` functions take the table's size (None: any keys).


def _table(n_codes, fill):
    """Per-key state starting at ``fill``: a list for codes 0..n_codes-1, else a dictionary."""
    if n_codes is not None:
        return [fill] * n_codes
    return defaultdict(int) if fill == 0 else defaultdict(lambda: fill)


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


def lru_miss_times(keys, capacity) -> list[int]:
    """The request numbers at which LRU misses (behind :func:`.simulate.hits_per_request`)."""
    cache = OrderedDict()
    move, pop = cache.move_to_end, cache.popitem
    missed = []
    size = 0
    for now, key in enumerate(keys):
        if key in cache:
            move(key)
            continue
        missed.append(now)
        if size == capacity:
            pop(False)
        else:
            size += 1
        cache[key] = None
    return missed


def fifo_misses(keys, capacity, n_codes=None) -> int:
    # A hit changes nothing and every miss pushes one key in (and, when full, the oldest
    # out), so the cache holds the keys of the last `capacity` misses: a key is inside
    # exactly when fewer than `capacity` misses came after the one that brought it in.
    entered = _table(n_codes, -capacity)  # misses so far when it last came in
    misses = 0
    for key in keys:
        if misses - entered[key] >= capacity:
            misses += 1
            entered[key] = misses
    return misses


def _fill_up(keys, inside, capacity):
    """Replay requests from the iterator ``keys`` until an empty cache is full (nothing
    leaves meanwhile); return (misses, the key that filled it, or None if none did)."""
    misses = 0
    for key in keys:
        if not inside[key]:
            inside[key] = 1
            misses += 1
            if misses == capacity:
                return misses, key
    return misses, None


def lifo_misses(keys, capacity, n_codes=None) -> int:
    # Once full, only the newest arrival ever leaves: remember just that one.
    inside = _table(n_codes, 0)
    keys = iter(keys)
    misses, newest = _fill_up(keys, inside, capacity)
    for key in keys:
        if not inside[key]:
            inside[newest] = 0
            inside[key] = 1
            newest = key
            misses += 1
    return misses


def mru_misses(keys, capacity, n_codes=None) -> int:
    # Every request, hit or miss, makes its key the most recently used one, so the
    # victim of a miss is always the previous request's key.
    inside = _table(n_codes, 0)
    keys = iter(keys)
    misses, previous = _fill_up(keys, inside, capacity)
    for key in keys:
        if not inside[key]:
            inside[previous] = 0
            inside[key] = 1
            misses += 1
        previous = key
    return misses


def lfu_miss_times(keys, capacity, n_codes=None) -> list[int]:
    """The request numbers at which LFU misses (the loop behind LFU's counts and flags).

    ``keys`` is a list (a queue or heap entry names its key by the request that wrote it).
    """
    # A cached key's state packs (uses, time of last use) into one integer, uses in the
    # high bits: the smallest state is LFU's victim, fewest uses, then least recently
    # used (the LFU class's buckets give the same order). Keys used once so far are
    # the first victims, oldest arrival first: a queue of arrivals holds them. A heap
    # holds one entry per key used more than once; a hit updates only the state, so an
    # entry can be older, and smaller, than its key's state: an old entry reaching the
    # top is replaced by the current state, and a current one at the top is the victim.
    shift = len(keys).bit_length()  # times 0..len-1 fit below bit `shift`
    low, one, two = (1 << shift) - 1, 1 << shift, 2 << shift
    state = _table(n_codes, 0)  # 0: not cached
    arrivals: deque[int] = deque()  # request numbers of arrivals, oldest first
    arrive, leave = arrivals.append, arrivals.popleft
    heap: list[int] = []
    missed = []
    size = 0
    for now, key in enumerate(keys):
        uses = state[key]
        if uses:
            state[key] = later = (uses | low) + 1 + now  # one more use, the latest now
            if uses < two:  # its second use: from the queue (left stale there) to the heap
                heappush(heap, later)
            continue
        missed.append(now)
        if size < capacity:
            size += 1
        else:
            while arrivals:  # the oldest arrival still used once, if any
                then = leave()
                victim = keys[then]
                if state[victim] == one + then:
                    break
            else:  # every key was used more than once: the heap's least
                while True:
                    top = heap[0]
                    victim = keys[top & low]
                    current = state[victim]
                    if current == top:
                        heappop(heap)
                        break
                    heapreplace(heap, current)
            state[victim] = 0
        state[key] = one + now
        arrive(now)
    return missed


def random_misses(keys, capacity, seed, n_codes=None, uniforms=None) -> int:
    """Random's misses; ``uniforms``, if given, are the numbers random.Random(seed).random()
    would return, drawn beforehand (see :func:`seeded_uniforms`), enough for every eviction.
    """
    inside = _table(n_codes, 0)
    slots = []
    misses, keys = 0, iter(keys)
    for key in keys:  # filling up: nothing leaves
        if not inside[key]:
            inside[key] = 1
            slots.append(key)
            misses += 1
            if misses == capacity:
                break
    # As Random._evict: a uniform slot's key leaves, the last key moves into its slot and
    # the new key goes last.
    if uniforms is not None:  # the victims' slots, all computed at once
        victim = iter((uniforms * capacity).astype(np.int64).tolist()).__next__
        for key in keys:
            if not inside[key]:
                index = victim()
                inside[slots[index]] = 0
                slots[index] = slots[-1]
                slots[-1] = key
                inside[key] = 1
                misses += 1
        return misses
    uniform = random.Random(seed).random
    for key in keys:
        if not inside[key]:
            index = int(uniform() * capacity)
            inside[slots[index]] = 0
            slots[index] = slots[-1]
            slots[-1] = key
            inside[key] = 1
            misses += 1
    return misses


def seeded_uniforms(seed, count: int) -> np.ndarray:
    """The first ``count`` numbers random.Random(seed).random() returns, drawn by numpy.

    Both run the same Mersenne Twister and make a double from two of its words the same
    way, so numpy started from Python's state draws the very same numbers (a test checks).
    """
    words = random.Random(seed).getstate()[1]
    generator = np.random.RandomState()
    generator.set_state(("MT19937", np.array(words[:-1], dtype=np.uint32), words[-1]))
    return generator.random_sample(count)


def _hits_and_size(misses: int, keys, capacity: int):
    # Nothing leaves but to make room, so the cache ends with min(capacity, misses) keys.
    return len(keys) - misses, min(capacity, misses)


def fifo_loop(keys, capacity, _seed):
    return _hits_and_size(fifo_misses(keys, capacity), keys, capacity)


def lifo_loop(keys, capacity, _seed):
    return _hits_and_size(lifo_misses(keys, capacity), keys, capacity)


def mru_loop(keys, capacity, _seed):
    return _hits_and_size(mru_misses(keys, capacity), keys, capacity)


def lfu_loop(keys, capacity, _seed):
    return _hits_and_size(len(lfu_miss_times(keys, capacity)), keys, capacity)


def random_loop(keys, capacity, seed):
    return _hits_and_size(random_misses(keys, capacity, seed), keys, capacity)


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
# Many cache sizes on one trace (hit_ratio_curves): the keys become dense codes once,
# so every loop indexes lists; LIFO needs no loop at all.


def dense_codes(trace) -> np.ndarray:
    """Each request's key numbered 0, 1, ... in order of its key's first request."""
    if isinstance(trace, np.ndarray) and trace.dtype.kind in "iub":
        _, first, inverse = np.unique(trace, return_index=True, return_inverse=True)
        rank = np.empty(len(first), dtype=np.int64)
        rank[np.argsort(first)] = np.arange(len(first))
        return rank[inverse.ravel()]
    codes: dict = {}
    return np.fromiter((codes.setdefault(key, len(codes)) for key in trace), dtype=np.int64)


def lifo_hits_at_sizes(codes: np.ndarray, sizes) -> list[int]:
    """LIFO's hits at each capacity in ``sizes``, vectorised (``codes`` from dense_codes).

    LIFO fills up with the first c distinct keys; from then on a miss evicts the newest
    arrival, so the first c - 1 keys (codes below c - 1) stay for good and one slot holds
    the key of the latest miss. A request for one of those c - 1 keys hits unless it is
    the key's first. Any other request hits exactly when the previous request outside
    the c - 1 keys was for the same key: in between, only hits on the permanent keys.
    """
    hits = []
    for capacity in sizes:
        permanent = codes < capacity - 1
        floating = codes[~permanent]
        hits.append(int(np.count_nonzero(permanent)) - min(capacity - 1, int(codes.max()) + 1)
                    + int(np.count_nonzero(floating[1:] == floating[:-1])))
    return hits


def hits_at_sizes(cls, codes: np.ndarray, sizes, seed) -> list[int]:
    """Hits of built-in policy ``cls`` (not LRU) at each capacity in ``sizes``."""
    if cls is LIFO:
        return lifo_hits_at_sizes(codes, sizes)
    keys, n_codes = codes.tolist(), int(codes.max()) + 1
    if cls is Random:  # fewer evictions than requests: one draw each is enough
        uniforms = seeded_uniforms(seed, len(keys))
        return [len(keys) - random_misses(keys, int(c), seed, n_codes, uniforms)
                for c in sizes]
    if cls is LFU:
        return [len(keys) - len(lfu_miss_times(keys, int(c), n_codes)) for c in sizes]
    misses = {FIFO: fifo_misses, MRU: mru_misses}[cls]
    return [len(keys) - misses(keys, int(c), n_codes) for c in sizes]


# ---------------------------------------------------------------------------
# Read/write strategies: the whole replay of .strategies in one loop.

def strategy_loop(keys: list, ops: list, write: str, capacity: int, cache_ms, db_ms,
                  flush_interval: int, ttl):
    """Replay a read/write trace as :func:`.strategies.run_strategy` does with the classes.

    ``write`` is a write strategy's name; the read strategies make the same trips, so
    they need no argument. ``ttl`` is math.inf for entries that never expire.
    Returns the per-operation arrays (latencies of reads and writes, read hits, stale
    reads, acknowledged writes at risk, dirty keys) and the database reads and writes.
    """
    cache: OrderedDict = OrderedDict()  # key -> [version, expires, pending], LRU first
    by_expiry: OrderedDict = OrderedDict()  # key -> expiry, soonest first
    expiring = ttl != math.inf
    database: dict = {}
    latest: dict = {}
    get_latest, get_database = latest.get, database.get
    dirty = at_risk = db_reads = db_writes = 0
    n = len(ops)
    hits, stale = bytearray(n), bytearray(n)  # 1 at the reads that hit / read stale data
    risks, dirties = [], []  # per operation, kept by write-back only (others stay clean)
    write_ms = {"invalidate": db_ms + cache_ms, "write-around": db_ms,
                "write-through": cache_ms + db_ms, "write-back": cache_ms}[write]
    hit_ms, miss_ms = cache_ms, cache_ms + db_ms
    write_back, invalidate = write == "write-back", write == "invalidate"
    write_through = write == "write-through"
    for now, (key, op) in enumerate(zip(keys, ops, strict=True)):
        fill = False  # does this operation cache `version` of `key`?
        if op == READ:
            entry = cache.get(key)
            if entry is not None and entry[1] <= now:  # expired: as good as absent
                del cache[key]
                by_expiry.pop(key, None)
                if entry[2]:  # a dirty entry reaches the database first
                    db_writes += 1
                    database[key] = entry[0]
                    dirty -= 1
                    at_risk -= entry[2]
                entry = None
            if entry is not None:
                cache.move_to_end(key)
                version = entry[0]
                hits[now] = 1
            else:  # both read strategies: read the database, then cache the value
                db_reads += 1
                version = get_database(key, 0)
                fill, pending = True, 0
            if version < get_latest(key, 0):
                stale[now] = 1
        elif op == WRITE:
            version = latest[key] = get_latest(key, 0) + 1
            if write_back:
                fill, pending = True, 1
            else:
                db_writes += 1
                database[key] = version
                if write_through:
                    fill, pending = True, 0
                elif invalidate and key in cache:  # clean here: just forget it
                    del cache[key]
                    by_expiry.pop(key, None)
        elif op == EXTERNAL_WRITE:  # another service updates the database directly
            latest[key] = database[key] = get_latest(key, 0) + 1
        else:
            raise ValueError(f"unknown operation code {op} at position {now}; allowed: "
                             f"READ={READ}, WRITE={WRITE}, EXTERNAL_WRITE={EXTERNAL_WRITE}")
        if fill:  # CachedDatabase.put: cache `version`, carrying `pending` acknowledged writes
            old = cache.pop(key, None)
            if old is not None:
                by_expiry.pop(key, None)
                if old[2]:
                    dirty -= 1
                    at_risk -= old[2]
                    pending += old[2]
            if expiring:  # entries expire: drop the expired ones first
                while by_expiry:
                    first = next(iter(by_expiry))
                    if by_expiry[first] > now:
                        break
                    del by_expiry[first]
                    gone = cache.pop(first)
                    if gone[2]:
                        db_writes += 1
                        database[first] = gone[0]
                        dirty -= 1
                        at_risk -= gone[2]
                by_expiry[key] = now + ttl
            if len(cache) == capacity:  # evict the least recently used entry
                victim, gone = cache.popitem(False)
                by_expiry.pop(victim, None)
                if gone[2]:
                    db_writes += 1
                    database[victim] = gone[0]
                    dirty -= 1
                    at_risk -= gone[2]
            cache[key] = [version, now + ttl, pending]
            if pending:
                dirty += 1
                at_risk += pending
        if write_back:
            if (now + 1) % flush_interval == 0:  # write every dirty entry
                for name, entry in cache.items():
                    if entry[2]:
                        db_writes += 1
                        database[name] = entry[0]
                        dirty -= 1
                        at_risk -= entry[2]
                        entry[2] = 0
            risks.append(at_risk)
            dirties.append(dirty)
    ops = np.asarray(ops)
    hit = np.frombuffer(hits, dtype=bool)
    # A read costs a hit's or a miss's trips, a write its strategy's; others write unseen.
    latencies = np.where(ops == READ, np.where(hit, hit_ms, miss_ms), write_ms)
    latencies = latencies[ops != EXTERNAL_WRITE]
    if not write_back:
        risks = dirties = np.zeros(n, dtype=np.int64)
    return (latencies.astype(float), hit, np.frombuffer(stale, dtype=bool), risks, dirties,
            db_reads, db_writes)


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
    # consecutive requests of one key, i.e. the reuse intervals (a, b). Codes that fit
    # in 16 bits sort the same as uint16, which numpy sorts stably by radix, in one pass.
    small = codes.dtype.kind in "iu" and n and 0 <= codes.min() and codes.max() < 1 << 16
    order = np.argsort(codes.astype(np.uint16) if small else codes, kind="stable")
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


_BASE = 16  # run length counted by brute force before merging starts


def later_smaller_counts(values: np.ndarray) -> np.ndarray:
    """For each element of distinct ``values`` (integers >= 0): how many later elements
    are smaller.

    A bottom-up merge sort on numpy arrays. Runs of ``_BASE`` elements are counted
    by comparing all pairs and then sorted (:func:`_count_in_runs`). After that, each
    pass merges pairs of sorted runs (:func:`_merge_runs`); every element's count
    travels with it. At the end the values are in order, so a table from value to
    position puts each count back in its element's place.
    """
    m = len(values)
    # Pad with values larger than any real one, in increasing order: they add nothing to
    # the real counts and make every run full, so runs are rows of a reshaped array.
    # Each pass pads only to a whole number of pairs of runs (the last passes reach the
    # next power of two).
    size = max(_BASE, 1 << (m - 1).bit_length()) if m > 1 else _BASE  # at most
    top = int(values.max()) + 1 if m else 1
    span = top + size - m  # above every value, padding included
    vals, counts = _count_in_runs(_padded(values.astype(np.int64), _BASE, top))
    width = _BASE
    while width < len(vals):
        vals = _padded(vals, 2 * width, top)
        counts = np.concatenate([counts, np.zeros(len(vals) - len(counts), dtype=np.int64)])
        vals, counts = _merge_runs(vals, counts, width, span)
        width *= 2
    place = np.empty(top, dtype=np.int64)
    place[values] = np.arange(m)
    result = np.empty(m, dtype=np.int64)
    result[place[vals[:m]]] = counts[:m]  # vals[:m]: the real values, in order
    return result


def _padded(vals: np.ndarray, multiple: int, top: int) -> np.ndarray:
    """``vals`` padded to a multiple of ``multiple`` elements with top, top + 1, ...
    continuing whatever padding it has (everything from ``top`` up is padding)."""
    missing = -len(vals) % multiple
    if not missing:
        return vals
    start = max(top, int(vals[-1]) + 1) if len(vals) else top
    return np.concatenate([vals, start + np.arange(missing)])


def _count_in_runs(vals: np.ndarray):
    """Base case: all pairs inside each run of ``_BASE`` elements, then each run sorted.

    Returns the values sorted within runs and each one's count beside it.
    """
    rows = vals.reshape(-1, _BASE)
    later = np.triu(np.ones((_BASE, _BASE), dtype=bool), k=1)
    counts = ((rows[:, :, None] > rows[:, None, :]) & later).sum(axis=2)
    order = np.argsort(rows, axis=1)
    return (np.take_along_axis(rows, order, axis=1).ravel(),
            np.take_along_axis(counts, order, axis=1).ravel())


def _merge_runs(vals: np.ndarray, counts: np.ndarray, width: int, span: int):
    """Merge neighbouring sorted runs of ``width`` (left, right), adding to ``counts``.

    A binary search tells each left element how many right elements are smaller:
    that is both its count's increase and, added to its rank, its place in the
    merged run; the right elements fill the other places in order.
    """
    size = len(vals)
    pairs = vals.reshape(-1, 2, width)
    n_pairs = len(pairs)
    offsets = (np.arange(n_pairs) * span)[:, None]  # keys sorted: by pair, then value
    right_keys = (pairs[:, 1, :] + offsets).ravel()
    right_smaller = (np.searchsorted(right_keys, (pairs[:, 0, :] + offsets).ravel())
                     .reshape(n_pairs, width) - (np.arange(n_pairs) * width)[:, None])
    pair_counts = counts.reshape(-1, 2, width)
    pair_counts[:, 0, :] += right_smaller
    # Where every element lands in the merged run of 2·width.
    left_target = (right_smaller + np.arange(width)
                   + (np.arange(n_pairs) * 2 * width)[:, None]).ravel()
    taken = np.zeros(size, dtype=bool)
    taken[left_target] = True
    right_target = np.flatnonzero(~taken)
    merged_vals = np.empty_like(vals)
    merged_counts = np.empty_like(counts)
    merged_vals[left_target] = pairs[:, 0, :].ravel()
    merged_vals[right_target] = pairs[:, 1, :].ravel()
    merged_counts[left_target] = pair_counts[:, 0, :].ravel()
    merged_counts[right_target] = pair_counts[:, 1, :].ravel()
    return merged_vals, merged_counts
