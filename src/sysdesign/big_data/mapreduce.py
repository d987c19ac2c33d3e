"""MapReduce on one machine: split, map, combine, partition (shuffle), reduce.

The contract is Dean and Ghemawat's (OSDI 2004): the user writes ``mapper(record)``,
which yields ``(key, value)`` pairs, and ``reducer(key, values)``, which returns one
value; an optional ``combiner`` runs the same kind of function on each mapper's output
before it crosses the network. Everything else (splitting the input, routing each key
to a reducer, grouping and sorting by key) is the framework's job, written out here.

>>> job = map_reduce(["a b a", "b c"], lambda line: ((w, 1) for w in line.split()),
...                  lambda word, counts: sum(counts), mappers=2, reducers=2)
>>> dict(sorted(job.output.items())), job.shuffled
({'a': 2, 'b': 2, 'c': 1}, 5)
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ..core import checks


def partition(key, reducers: int) -> int:
    """The reducer a key goes to: CRC-32 of ``repr(key)``, modulo ``reducers``.

    Hadoop's default ``HashPartitioner`` computes ``(key.hashCode() & MAX_INT) %
    reducers``; Python's ``hash()`` of a string is salted per process, so it would send
    a key to a different reducer on each run. CRC-32 is stable everywhere.

    >>> partition("the", 4), partition("the", 4) == zlib.crc32(b"'the'") % 4
    (3, True)
    """
    reducers = checks.integer(reducers, "reducers", 1, hint="reduce tasks")
    return zlib.crc32(repr(key).encode("utf-8")) % reducers


def split(records: list, mappers: int) -> list[list]:
    """Cut ``records`` into ``mappers`` contiguous input splits, sizes differing by <= 1.

    >>> [len(s) for s in split(list(range(10)), 4)]
    [3, 3, 2, 2]
    """
    mappers = checks.integer(mappers, "mappers", 1, hint="map tasks")
    size, extra = divmod(len(records), mappers)
    splits, start = [], 0
    for i in range(mappers):
        end = start + size + (1 if i < extra else 0)
        splits.append(records[start:end])
        start = end
    return splits


@dataclass(frozen=True)
class MapReduceResult:
    """What a job produced and what it cost.

    - ``output``: key -> reduced value (keys in reducer order, sorted within a reducer
      where the keys can be sorted, as Hadoop sorts each reducer's input);
    - ``shuffled``: pairs sent from mappers to reducers (after any combiner);
    - ``reducer_loads``: how many pairs each reducer received (a list, one per reducer);
    - ``emitted``: pairs the mappers yielded before any combiner;
    - ``map_outputs``: per mapper, the pairs it sent (the shuffle, pair by pair).
    """

    output: dict
    shuffled: int
    reducer_loads: list[int]
    emitted: int
    map_outputs: tuple[tuple[tuple, ...], ...]

    @property
    def straggler_ratio(self) -> float:
        """Busiest reducer's load over the mean load (1.0 = perfectly even)."""
        mean = sum(self.reducer_loads) / len(self.reducer_loads)
        return max(self.reducer_loads) / mean if mean else 1.0


def _group(pairs: Iterable[tuple]) -> dict:
    """Values by key, keys in first-seen order."""
    groups: dict = {}
    for key, value in pairs:
        groups.setdefault(key, []).append(value)
    return groups


def _sorted_keys(keys: list) -> list:
    try:
        return sorted(keys)
    except TypeError:  # keys of mixed types: keep the order they arrived in
        return keys


def _pairs_of(mapper: Callable, record) -> list[tuple]:
    pairs = []
    for pair in mapper(record):
        if not (isinstance(pair, (tuple, list)) and len(pair) == 2):
            raise TypeError(f"mapper must yield (key, value) pairs, got {pair!r}")
        pairs.append(tuple(pair))
    return pairs


def _check_function(value, name: str, signature: str) -> None:
    if not callable(value):
        raise TypeError(f"{name} must be a function {signature}, got "
                        f"{type(value).__name__} {value!r}")


def map_reduce(records, mapper, reducer, *, mappers=4, reducers=4,
               combiner=None) -> MapReduceResult:
    """Run a MapReduce job: ``mappers`` map tasks, ``reducers`` reduce tasks."""
    _check_function(mapper, "mapper", "mapper(record) yielding (key, value) pairs")
    _check_function(reducer, "reducer", "reducer(key, values) returning one value")
    if combiner is not None:
        _check_function(combiner, "combiner", "combiner(key, values) returning one value")
    mappers = checks.integer(mappers, "mappers", 1, hint="map tasks")
    reducers = checks.integer(reducers, "reducers", 1, hint="reduce tasks")
    if isinstance(records, (str, bytes)) or not isinstance(records, Iterable):
        raise TypeError(f"records must be an iterable of records (a list of lines, say), "
                        f"got {type(records).__name__}")
    records = list(records)

    # Map phase: each task reads one contiguous split; the combiner (if any) folds its
    # output key by key before anything leaves the task.
    emitted, map_outputs = 0, []
    for chunk in split(records, mappers):
        pairs = [pair for record in chunk for pair in _pairs_of(mapper, record)]
        emitted += len(pairs)
        if combiner is not None:
            pairs = [(key, combiner(key, values)) for key, values in _group(pairs).items()]
        map_outputs.append(tuple(pairs))

    # Shuffle: every pair travels to the reducer its key hashes to.
    inboxes: list[list[tuple]] = [[] for _ in range(reducers)]
    route: dict = {}  # key -> reducer, hashed once per distinct key
    for pairs in map_outputs:
        for key, value in pairs:
            if key not in route:
                route[key] = partition(key, reducers)
            inboxes[route[key]].append((key, value))

    # Reduce phase: each reducer groups its pairs by key, sorts the keys, reduces each.
    output = {}
    for inbox in inboxes:
        groups = _group(inbox)
        for key in _sorted_keys(list(groups)):
            output[key] = reducer(key, groups[key])
    loads = [len(inbox) for inbox in inboxes]
    return MapReduceResult(output, sum(loads), loads, emitted, tuple(map_outputs))


# --- the classic job ----------------------------------------------------------------------

def words(line: str):
    """Word count's mapper: ``(word, 1)`` for each word of a line, lower-cased."""
    for word in line.lower().split():
        yield word, 1


def total(_key, counts) -> int:
    """Word count's reducer (and combiner): the sum of the counts."""
    return sum(counts)


def word_count(lines, *, mappers=4, reducers=4, combine=False) -> MapReduceResult:
    """Count words with :func:`map_reduce`; ``combine=True`` sums on each mapper first."""
    return map_reduce(lines, words, total, mappers=mappers, reducers=reducers,
                      combiner=total if combine else None)
