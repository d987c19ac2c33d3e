"""Scenarios for the indexes notebook and the compute function of each panel.

The notebook, the panels in :mod:`sysdesign.indexes.widgets` and the tests all call these,
so a number printed in the notebook is one a test checks. Panel computes are named after
their panel (``btree_growth`` for ``btree_growth_panel``).
"""

from __future__ import annotations

import functools

import numpy as np

from ..core import checks
from . import _fast
from .btree import BTree, InsertStep, height_bounds
from .lsm import LSMTree

PATTERNS = ("random", "ascending")


def insert_keys(count: int, pattern: str = "random", seed: int = 0) -> list[int]:
    """``count`` distinct keys 1..count, shuffled (seeded) or ascending."""
    count = checks.integer(count, "count", 0, 1_000_000)
    checks.choice(pattern, "pattern", PATTERNS)
    keys = np.arange(1, count + 1)
    if pattern == "random":
        keys = np.random.default_rng(seed).permutation(keys)
    return [int(k) for k in keys]


def build(order: int, keys: list) -> BTree:
    """A B-tree of ``order`` with ``keys`` inserted in order (value = key)."""
    tree = BTree(order)
    for key in keys:
        tree.insert(key, key)
    return tree


def btree_growth(step: int = 8, order: int = 3, pattern: str = "random",
                 keys: int = 24, seed: int = 0) -> dict:
    """The tree after the first ``step`` inserts of ``keys`` keys, and what that insert did."""
    keys_ = insert_keys(keys, pattern, seed)
    step = checks.integer(step, "step", 0, keys)
    tree = build(order, keys_[:step])
    last: InsertStep | None = tree.trace[-1] if tree.trace else None
    return {"levels": tree.levels(), "step": last, "inserted": keys_[:step],
            "height": tree.height, "splits": tree.splits, "nodes": tree.node_count()}


def growth_frames(steps=(2, 3, 5, 8, 15, 18), order: int = 3, keys: int = 24,
                  seed: int = 0) -> list[dict]:
    """:func:`btree_growth` at a few steps, for the static picture of a tree growing."""
    return [btree_growth(step, order, "random", keys, seed) for step in steps]


@functools.lru_cache(maxsize=8)
def height_study(orders=(3, 4, 8, 32), n: int = 4000, seed: int = 0) -> dict:
    """Height after each insert of ``n`` shuffled keys, per order, with the closed-form
    bounds of :func:`height_bounds`."""
    keys = insert_keys(n, "random", seed)
    counts = np.unique(np.geomspace(1, n, 200).astype(int))   # checkpoints, log-spaced
    out = {"n": counts}
    for order in orders:
        # BTree's own inserts, without values, counters or trace (_fast.btree_heights; a
        # test proves the heights equal inserting into BTree(order) and reading .height)
        heights = np.array(_fast.btree_heights(keys, order, counts.tolist()))
        bounds = np.array([height_bounds(int(c), order) for c in counts])
        out[order] = {"height": heights, "lowest": bounds[:, 0], "highest": bounds[:, 1]}
    return out


def amplification(n: int = 3000, order: int = 16, memtable: int = 64, fanout: int = 4,
                  seed: int = 0) -> dict:
    """Insert ``n`` shuffled keys into a B-tree and an LSM tree; amplification along the way.

    B-tree write amplification counts a node written as ``order - 1`` entries (a page is
    written whole) and assumes each insert writes its pages at once (no buffer pool). Read
    amplification: nodes visited per lookup (B-tree), sorted runs probed (LSM, no Bloom
    filter), for keys that exist and for keys that do not.
    """
    n = checks.integer(n, "n", 1, 100_000)
    keys = insert_keys(n, "random", seed)
    tree, lsm = BTree(order), LSMTree(memtable, fanout)
    every = max(1, n // 30)
    marks, bw, lw, bh, lr = [], [], [], [], []
    for i, key in enumerate(keys, start=1):
        tree.insert(key, key)
        lsm.put(key, key)
        if i % every == 0 or i == n:
            marks.append(i)
            bw.append(tree.nodes_written * tree.max_keys / i)
            lw.append(lsm.write_amplification)
            bh.append(tree.height)
            lr.append(len(lsm.runs))
    probes = np.random.default_rng(seed + 1).choice(keys, size=min(n, 500), replace=False)
    found = {"btree": float(np.mean([tree.depth_of(int(k)) for k in probes])),
             "lsm": _mean_probes(lsm, probes)}
    missing = {"btree": float(tree.height),
               "lsm": _mean_probes(lsm, [n + 1 + i for i in range(len(probes))])}
    return {"n": np.array(marks), "btree_write": np.array(bw), "lsm_write": np.array(lw),
            "btree_read": np.array(bh), "lsm_read": np.array(lr),
            "found": found, "missing": missing, "tree": tree, "lsm": lsm}


def _mean_probes(lsm: LSMTree, keys) -> float:
    """Average runs probed by ``lsm.get`` over ``keys`` (counters restored after)."""
    before = lsm.lookups, lsm.runs_probed
    for key in keys:
        lsm.get(int(key))
    mean = (lsm.runs_probed - before[1]) / (lsm.lookups - before[0])
    lsm.lookups, lsm.runs_probed = before
    return float(mean)


def bitmap_columns(rows: int = 10_000, seed: int = 0) -> dict:
    """Two low-cardinality columns (status, country) of ``rows`` seeded orders."""
    rows = checks.integer(rows, "rows", 1, 1_000_000)
    rng = np.random.default_rng(seed)
    status = rng.choice(["shipped", "pending", "cancelled", "refunded"], size=rows,
                        p=[0.8, 0.1, 0.06, 0.04])
    country = rng.choice(["DE", "FR", "KR", "US", "BR"], size=rows)
    return {"status": status.tolist(), "country": country.tolist()}
