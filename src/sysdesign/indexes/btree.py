"""A classic B-tree (Bayer and McCreight, 1972), in the "order m" convention of Knuth.

``BTree(order=m)``: a node has at most ``m`` children, so at most ``m - 1`` keys; every
internal node but the root has at least ``ceil(m / 2)`` children; all leaves sit at the
same depth. Each key is stored once, with its value, in whichever node holds it (a B+
tree, which most databases use, keeps every value in linked leaves instead).

An insert walks down to a leaf and adds the key there. A node that overflows (``m`` keys)
splits: its middle key moves up into the parent, and the keys on either side become two
nodes. A split of the root makes a new root: that is the only way the tree grows taller,
so every leaf stays at the same depth.

>>> tree = BTree(3)
>>> for key in [10, 20, 30, 40, 50]:
...     tree.insert(key, str(key))
>>> tree.levels(), tree.height, len(tree)
([[(20, 40)], [(10,), (30,), (50,)]], 2, 5)
>>> [step.splits[0].promoted for step in tree.trace if step.splits]
[20, 40]
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Iterator
from typing import NamedTuple

from ..core import checks

_MISSING = object()


class Node:
    """One node: sorted keys, their values, and (internal nodes only) len(keys) + 1 children."""

    __slots__ = ("keys", "values", "children")

    def __init__(self, keys=None, values=None, children=None):
        self.keys: list = keys or []
        self.values: list = values or []
        self.children: list[Node] = children or []

    @property
    def leaf(self) -> bool:
        """A leaf has no children."""
        return not self.children


class Split(NamedTuple):
    """One split during an insert: the full node's keys, the key moved up, the node's depth
    (1 = the root), and whether it made a new root."""

    keys: tuple
    promoted: object
    depth: int
    new_root: bool


class InsertStep(NamedTuple):
    """What one insert did: the key, whether it replaced a value, the splits, the height."""

    key: object
    replaced: bool
    splits: tuple[Split, ...]
    height: int


class BTree:
    """A B-tree of order ``order`` (most children per node, at least 3)."""

    def __init__(self, order: int):
        self.order = checks.integer(order, "order", 3,
                                    hint="the most children a node may have")
        self.root = Node()
        self.height = 1          # a lone leaf has height 1
        self._size = 0
        self.trace: list[InsertStep] = []   # one step per insert, in order
        self.splits = 0          # nodes split so far
        self.nodes_written = 0   # nodes changed by inserts (the leaf, and each split's 3)
        self.nodes_read = 0      # nodes visited by get()

    @property
    def max_keys(self) -> int:
        """Keys a node may hold: order - 1."""
        return self.order - 1

    @property
    def min_children(self) -> int:
        """Children every internal node but the root has at least: ceil(order / 2)."""
        return math.ceil(self.order / 2)

    def __len__(self) -> int:
        return self._size

    def get(self, key, default=None):
        """The value stored for ``key``, or ``default``."""
        node = self.root
        while True:
            self.nodes_read += 1
            i = bisect.bisect_left(node.keys, key)
            if i < len(node.keys) and node.keys[i] == key:
                return node.values[i]
            if node.leaf:
                return default
            node = node.children[i]

    def depth_of(self, key) -> int | None:
        """Nodes visited to find ``key`` (1 = found in the root), or None if absent."""
        node, depth = self.root, 1
        while True:
            i = bisect.bisect_left(node.keys, key)
            if i < len(node.keys) and node.keys[i] == key:
                return depth
            if node.leaf:
                return None
            node, depth = node.children[i], depth + 1

    def insert(self, key, value) -> None:
        """Store ``value`` under ``key``, replacing the value of an existing key."""
        splits: list[Split] = []
        self._replaced = False
        grown = self._insert(self.root, key, value, 1, splits)
        if grown is not None:  # the root split: a new root with one key, two children
            middle_key, middle_value, right = grown
            self.root = Node([middle_key], [middle_value], [self.root, right])
            self.height += 1
            self.nodes_written += 1
            splits[-1] = splits[-1]._replace(new_root=True)
        if not self._replaced:
            self._size += 1
        self.splits += len(splits)
        self.trace.append(InsertStep(key, self._replaced, tuple(splits), self.height))

    def _insert(self, node: Node, key, value, depth: int, splits: list):
        """Insert below ``node``; return (key, value, right node) if ``node`` split."""
        i = bisect.bisect_left(node.keys, key)
        if i < len(node.keys) and node.keys[i] == key:
            node.values[i] = value          # each key is stored once: replace in place
            self._replaced = True
            self.nodes_written += 1
            return None
        if node.leaf:
            node.keys.insert(i, key)
            node.values.insert(i, value)
            self.nodes_written += 1
        else:
            grown = self._insert(node.children[i], key, value, depth + 1, splits)
            if grown is None:
                return None
            middle_key, middle_value, right = grown  # the child split: take its middle key
            node.keys.insert(i, middle_key)
            node.values.insert(i, middle_value)
            node.children.insert(i + 1, right)
            self.nodes_written += 1
        if len(node.keys) <= self.max_keys:
            return None
        return self._split(node, depth, splits)

    def _split(self, node: Node, depth: int, splits: list):
        """Split an overflowing node (order keys) around its middle key."""
        mid = (self.order - 1) // 2   # left keeps mid keys, right keeps order - 1 - mid
        splits.append(Split(tuple(node.keys), node.keys[mid], depth, False))
        right = Node(node.keys[mid + 1:], node.values[mid + 1:], node.children[mid + 1:])
        middle = node.keys[mid], node.values[mid]
        del node.keys[mid:], node.values[mid:], node.children[mid + 1:]
        self.nodes_written += 1  # the new right node (the left one was counted already)
        return (*middle, right)

    def range(self, lo, hi) -> Iterator[tuple]:
        """Yield (key, value) for lo <= key <= hi, in ascending key order."""
        yield from self._range(self.root, lo, hi)

    def _range(self, node: Node, lo, hi):
        start = bisect.bisect_left(node.keys, lo)
        for i in range(start, len(node.keys) + 1):
            if not node.leaf:
                yield from self._range(node.children[i], lo, hi)
            if i == len(node.keys) or node.keys[i] > hi:
                return
            yield node.keys[i], node.values[i]

    def items(self) -> Iterator[tuple]:
        """Every (key, value), in ascending key order."""
        stack: list[tuple[Node, int]] = [(self.root, 0)]
        while stack:
            node, i = stack.pop()
            if node.leaf:
                yield from zip(node.keys, node.values, strict=True)
                continue
            if i < len(node.children):
                stack.append((node, i + 1))
                if i > 0:
                    yield node.keys[i - 1], node.values[i - 1]
                stack.append((node.children[i], 0))

    def shape(self, node: Node | None = None) -> tuple:
        """The tree's keys as nested tuples: (keys, (child shapes...))."""
        node = self.root if node is None else node
        return tuple(node.keys), tuple(self.shape(child) for child in node.children)

    def levels(self) -> list[list[tuple]]:
        """The nodes' keys level by level, from the root down, left to right."""
        out, level = [], [self.root]
        while level:
            out.append([tuple(node.keys) for node in level])
            level = [child for node in level for child in node.children]
        return out

    def node_count(self) -> int:
        """Nodes in the tree."""
        return sum(len(level) for level in self.levels())


def height_bounds(n: int, order: int) -> tuple[int, int]:
    """The least and the greatest height a B-tree of ``order`` holding ``n`` keys can have.

    Most keys at height h: every node full, n <= order**h - 1, so h >= log_order(n + 1).
    Fewest keys at height h: a root with 1 key, every other node with t - 1 keys and
    t = ceil(order / 2) children, n >= 2 * t**(h - 1) - 1, so h <= 1 + log_t((n + 1) / 2).
    (CLRS counts height in edges, so their bound, h <= log_t((n + 1) / 2), is one less.)

    >>> height_bounds(1000, 4), height_bounds(0, 3)
    ((5, 9), (1, 1))
    """
    n = checks.integer(n, "n", 0, hint="keys in the tree")
    order = checks.integer(order, "order", 3, hint="the most children a node may have")
    t = math.ceil(order / 2)
    lowest = 1
    while order ** lowest - 1 < n:
        lowest += 1
    highest = 1
    while 2 * t ** highest - 1 <= n:   # height highest + 1 needs n >= 2 t^highest - 1
        highest += 1
    return lowest, highest
