"""Indexes: a B-tree by hand, hash and bitmap indexes, an LSM tree, and real SQLite plans.

What is where (the notebook is ``14_indexes``):

- :mod:`.btree`: :class:`BTree`, a classic B-tree of order m (each key stored once, in
  whichever node holds it) that records an insert trace with its splits;
  :func:`height_bounds`, the least and greatest height for n keys.
- :mod:`.hash_index`: :class:`HashIndex`, point lookups in one bucket, ranges read all.
- :mod:`.bitmap`: :class:`BitmapIndex`, one bit string per value; AND/OR are ``&``/``|``.
- :mod:`.lsm`: :class:`LSMTree`, memtable, sorted runs and size-tiered compaction, with
  write and read amplification counters.
- :mod:`.sqlite_lab`: :class:`OrdersDB`, a million generated rows in a temporary SQLite
  file, its query plans and timings; :func:`insert_cost`, what each index adds to a write.
- :mod:`.experiments`: the scenarios the notebook, the panels and the tests share.
- :mod:`.plots` draws them; :mod:`.widgets` wires the panels (import those two yourself).

>>> tree = BTree(4)
>>> for key in range(1, 11):
...     tree.insert(key, key * key)
>>> len(tree), tree.height, tree.get(7), list(tree.range(3, 5))
(10, 3, 49, [(3, 9), (4, 16), (5, 25)])
"""

from . import experiments
from .bitmap import BitmapIndex
from .btree import BTree, InsertStep, Split, height_bounds
from .hash_index import HashIndex, stable_hash
from .lsm import LSMTree, Run, digit_sum, merge
from .sqlite_lab import OrdersDB, insert_cost, sqlite_version

__all__ = [
    "BTree", "BitmapIndex", "HashIndex", "InsertStep", "LSMTree", "OrdersDB", "Run", "Split",
    "digit_sum", "experiments", "height_bounds", "insert_cost", "merge", "sqlite_version",
    "stable_hash",
]
