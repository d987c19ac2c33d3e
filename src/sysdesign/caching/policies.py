"""Cache eviction policies: one small base class, one hook per policy.

The base class :class:`Policy` does the bookkeeping every cache shares: its
capacity, the hit / miss / eviction counters and (optionally) a log of evictions.
A policy only says three things: what to remember on a hit, what to remember on
an insert, and which key to throw out when the cache is full.

>>> cache = LRU(2)
>>> [cache.access(key) for key in "abacb"]   # c evicts b, the least recently used
[False, False, True, False, False]
>>> cache.hits, cache.misses, cache.evictions, cache.contents()
(1, 4, 2, ['c', 'b'])
"""

from __future__ import annotations

import random
from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass

from sysdesign.core import checks


@dataclass(frozen=True)
class Eviction:
    """One eviction: at request number ``step`` key ``victim`` left to make room for ``key``."""

    step: int
    victim: Hashable
    key: Hashable


class Policy:
    """A fixed-size cache of keys; subclasses choose which key to evict.

    ``access(key)`` looks a key up, counts a hit or a miss, and on a miss admits the
    key, evicting one key first when the cache is full. Subclasses implement
    ``_on_hit``, ``_on_insert``, ``_evict`` (remove and return a victim) and
    ``contents`` (keys in the policy's own order), plus ``__contains__``.
    """

    name = "policy"

    def __init__(self, capacity, *, seed=0, record_events: bool = False):
        self.capacity = checks.integer(capacity, "capacity", 1, hint="slots in the cache")
        self.seed = seed
        self.hits = 0
        self.misses = 0
        self.evictions = 0
        self.size = 0
        self.events: list[Eviction] | None = [] if record_events else None

    def access(self, key) -> bool:
        """Look ``key`` up; return True on a hit. A miss admits the key."""
        if key in self:
            self.hits += 1
            self._on_hit(key)
            return True
        self.misses += 1
        if self.size == self.capacity:
            victim = self._evict()
            self.evictions += 1
            if self.events is not None:
                self.events.append(Eviction(self.hits + self.misses - 1, victim, key))
        else:
            self.size += 1
        self._on_insert(key)
        return False

    @property
    def requests(self) -> int:
        """Requests seen so far (hits + misses)."""
        return self.hits + self.misses

    def __len__(self) -> int:
        return self.size

    def __repr__(self) -> str:
        return (f"{type(self).__name__}(capacity={self.capacity}, size={self.size}, "
                f"hits={self.hits}, misses={self.misses}, evictions={self.evictions})")

    # The hooks a policy fills in.
    def __contains__(self, key) -> bool:
        raise NotImplementedError

    def contents(self) -> list:
        """Keys in the cache, in the order the policy keeps them (next victim first)."""
        raise NotImplementedError

    def _on_hit(self, key) -> None:
        raise NotImplementedError

    def _on_insert(self, key) -> None:
        raise NotImplementedError

    def _evict(self):
        raise NotImplementedError


class _Ordered(Policy):
    """Shared storage for the policies that keep keys in one ordered list."""

    def __init__(self, capacity, *, seed=0, record_events: bool = False):
        super().__init__(capacity, seed=seed, record_events=record_events)
        self._order: OrderedDict = OrderedDict()  # oldest (or least recent) first

    def __contains__(self, key) -> bool:
        return key in self._order

    def contents(self) -> list:
        return list(self._order)

    def _on_insert(self, key) -> None:
        self._order[key] = None

    def _on_hit(self, key) -> None:
        pass  # insertion-order policies ignore hits


class FIFO(_Ordered):
    """First in, first out: evict the key that entered the cache earliest."""

    name = "fifo"

    def _evict(self):
        return self._order.popitem(last=False)[0]


class LIFO(_Ordered):
    """Last in, first out: evict the key that entered the cache most recently."""

    name = "lifo"

    def contents(self) -> list:
        return list(reversed(self._order))

    def _evict(self):
        return self._order.popitem(last=True)[0]


class LRU(_Ordered):
    """Least recently used: a hit moves the key to the back; evict from the front."""

    name = "lru"

    def _on_hit(self, key) -> None:
        self._order.move_to_end(key)

    def _evict(self):
        return self._order.popitem(last=False)[0]


class MRU(_Ordered):
    """Most recently used: evict the key touched last (good only for loops)."""

    name = "mru"

    def contents(self) -> list:
        return list(reversed(self._order))

    def _on_hit(self, key) -> None:
        self._order.move_to_end(key)

    def _evict(self):
        return self._order.popitem(last=True)[0]


class LFU(Policy):
    """Least frequently used; ties go to the least recently used of the rarest keys.

    Counts start at 1 when a key is admitted and are forgotten on eviction (the
    in-cache LFU that cachetools and libCacheSim implement). O(1) per request: one
    insertion-ordered bucket of keys per count, plus the smallest count in use.
    """

    name = "lfu"

    def __init__(self, capacity, *, seed=0, record_events: bool = False):
        super().__init__(capacity, seed=seed, record_events=record_events)
        self._count: dict = {}  # key -> uses since admission
        self._buckets: dict[int, OrderedDict] = {}  # count -> keys, least recent first
        self._min_count = 0

    def __contains__(self, key) -> bool:
        return key in self._count

    def contents(self) -> list:
        return [key for count in sorted(self._buckets) for key in self._buckets[count]]

    def _on_hit(self, key) -> None:
        count = self._count[key]
        bucket = self._buckets[count]
        del bucket[key]
        if not bucket:
            del self._buckets[count]
            if self._min_count == count:
                self._min_count = count + 1
        self._count[key] = count + 1
        self._buckets.setdefault(count + 1, OrderedDict())[key] = None

    def _on_insert(self, key) -> None:
        self._count[key] = 1
        self._buckets.setdefault(1, OrderedDict())[key] = None
        self._min_count = 1

    def _evict(self):
        bucket = self._buckets[self._min_count]
        victim, _ = bucket.popitem(last=False)
        if not bucket:
            del self._buckets[self._min_count]  # _on_insert resets the minimum to 1
        del self._count[victim]
        return victim


class Random(Policy):
    """Random replacement: evict a key chosen uniformly at random (seeded).

    Keys sit in a list; the victim's slot is refilled by the last key, so eviction
    is O(1). The same ``seed`` always evicts the same keys.
    """

    name = "random"

    def __init__(self, capacity, *, seed=0, record_events: bool = False):
        super().__init__(capacity, seed=seed, record_events=record_events)
        self._rng = random.Random(seed)
        self._keys: list = []
        self._slot: dict = {}  # key -> index in _keys

    def __contains__(self, key) -> bool:
        return key in self._slot

    def contents(self) -> list:
        return list(self._keys)

    def _on_hit(self, key) -> None:
        pass

    def _on_insert(self, key) -> None:
        self._slot[key] = len(self._keys)
        self._keys.append(key)

    def _evict(self):
        index = int(self._rng.random() * len(self._keys))  # uniform over 0..size-1
        victim = self._keys[index]
        last = self._keys.pop()
        if index < len(self._keys):  # move the last key into the victim's slot
            self._keys[index] = last
            self._slot[last] = index
        del self._slot[victim]
        return victim


POLICIES: dict[str, type[Policy]] = {
    cls.name: cls for cls in (FIFO, LIFO, LRU, MRU, LFU, Random)
}


def display_name(name: str) -> str:
    """How a policy is written in figures and tables: acronyms in capitals, "Random" not.

    >>> display_name("lru"), display_name("random")
    ('LRU', 'Random')
    """
    name = name.strip()
    return "Random" if name == "random" else name.upper()
