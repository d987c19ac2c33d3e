"""Fast paths for indexes: the code that makes the lesson's numbers quick, kept apart.

Nothing here is new behaviour. Each function computes exactly what a readable counterpart
computes, and a test proves it:

* :func:`btree_heights`, the height of a :class:`.btree.BTree` after each of a run of
  inserts, behind :func:`.experiments.height_study`: the same descent and the same split
  rule as ``BTree.insert``, without values, counters or the insert trace, and a loop
  instead of a recursion (``tests/indexes/test_btree.py::
  test_fast_heights_equal_the_btree_class``, a hypothesis property over random keys,
  repeats included, and orders).
"""

from __future__ import annotations

from bisect import bisect_left


def btree_heights(keys, order: int, marks) -> list[int]:
    """Height of ``BTree(order)`` after the i-th insert of ``keys``, for each i in ``marks``.

    A node is a pair of lists ``(keys, children)``; ``children`` is empty in a leaf. An
    overflowing node (``order`` keys) keeps its first ``(order - 1) // 2`` keys, moves the
    next one up and gives the rest to a new right sibling, as ``BTree._split`` does.
    """
    marks = set(marks)
    mid = (order - 1) // 2
    root: tuple[list, list] = ([], [])
    height, out = 1, []
    for count, key in enumerate(keys, start=1):
        node, path = root, []
        while True:
            node_keys, children = node
            i = bisect_left(node_keys, key)
            if i < len(node_keys) and node_keys[i] == key:
                break                          # an existing key: its value is replaced
            if not children:
                node_keys.insert(i, key)
                while len(node_keys) >= order:  # overflow: split, and carry the middle up
                    up = node_keys[mid]
                    right = (node_keys[mid + 1:], children[mid + 1:])
                    del node_keys[mid:], children[mid + 1:]
                    if not path:               # the root split: a new root, one level more
                        root = ([up], [node, right])
                        height += 1
                        break
                    node, i = path.pop()
                    node_keys, children = node
                    node_keys.insert(i, up)
                    children.insert(i + 1, right)
                break
            path.append((node, i))
            node = children[i]
        if count in marks:
            out.append(height)
    return out
