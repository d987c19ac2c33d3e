"""Benchmark: bulk HashRing assignment vs uhashring lookups, jump hash, and the lookup table.

Run: .venv/bin/python benchmarks/bench_sharding.py [--write]
Prints keys per second of each, their ratio (target: ours >= 2x uhashring), and checks that
the bulk assignment (the fast twins in ``sharding/_fast.py``) equals the readable one-key
``node_for`` on the same keys. Then it measures lookup time and router state of mod-N, ring,
rendezvous and jump at 8, 64 and 512 nodes (``sharding.measured``), the table notebook 12
plots; ``--write`` stores it, with this machine and today's date, in
``src/sysdesign/sharding/lookup_benchmark.json``. Panel redraw times are in ``run_all.py``.
"""

from __future__ import annotations

import sys

import numpy as np
import pandas as pd
from benchtools import best_of
from uhashring import HashRing as UHashRing

from sysdesign.sharding import HashRing, jump_hash_many, md5_hash64, measured

NUM_KEYS = 1_000_000
NODES = [f"node{i}" for i in range(16)]
VNODES = 160  # uhashring's default
SCALAR_KEYS = 100_000  # the readable one-key path is timed on fewer keys


def ring_benchmark():
    int_keys = np.arange(NUM_KEYS)
    str_keys = [f"user:{i}" for i in range(NUM_KEYS)]
    theirs = UHashRing(nodes=NODES, vnodes=VNODES)
    ours = HashRing(NODES, vnodes=VNODES)
    ours_md5 = HashRing(NODES, vnodes=VNODES, hash_fn=md5_hash64)

    t_theirs, their_nodes = best_of(2, lambda: [theirs.get_node(k) for k in str_keys])
    rows = [
        ("ours, bulk, int keys (numpy hash)", best_of(3, lambda: ours.nodes_for(int_keys))),
        ("ours, bulk, str keys (FNV-1a in numpy)", best_of(3, lambda: ours.nodes_for(str_keys))),
        ("ours, bulk, str keys, uhashring's MD5 ring", best_of(3, lambda: ours_md5.nodes_for(
            str_keys))),
    ]
    t_scalar, _ = best_of(2, lambda: [ours.node_for(k) for k in str_keys[:SCALAR_KEYS]])
    t_scalar *= NUM_KEYS / SCALAR_KEYS  # scaled up to all keys, to compare per key
    print(f"{NUM_KEYS:,} keys, {len(NODES)} nodes x {VNODES} vnodes (best of 2-3 runs)")
    print(f"  {'uhashring get_node in a loop (str keys)':45s} {t_theirs:7.3f} s "
          f"{NUM_KEYS / t_theirs:12,.0f} keys/s   1.0x")
    print(f"  {'ours, node_for in a loop (str keys, readable)':45s} {t_scalar:7.3f} s "
          f"{NUM_KEYS / t_scalar:12,.0f} keys/s {t_theirs / t_scalar:5.1f}x")
    for name, (seconds, _result) in rows:
        print(f"  {name:45s} {seconds:7.3f} s {NUM_KEYS / seconds:12,.0f} keys/s "
              f"{t_theirs / seconds:5.1f}x")

    # Correctness alongside speed: bulk == scalar, and the MD5 ring == uhashring.
    sample = np.random.default_rng(0).choice(NUM_KEYS, 20_000, replace=False)
    bulk_int = rows[0][1][1]
    assert all(bulk_int[i] == ours.node_for(int(i)) for i in sample), "bulk != node_for"
    bulk_str = rows[1][1][1]
    assert all(bulk_str[i] == ours.node_for(str_keys[i]) for i in sample), "bulk != node_for"
    assert rows[2][1][1].tolist() == their_nodes, "MD5 ring differs from uhashring"
    print("  checks: bulk == node_for on 20,000 sampled keys (int and str);"
          " MD5 ring == uhashring on all keys")

    t_jump, _ = best_of(3, lambda: jump_hash_many(int_keys.astype(np.uint64), len(NODES)))
    print(f"  {'jump_hash_many, int keys':45s} {t_jump:7.3f} s {NUM_KEYS / t_jump:12,.0f} keys/s "
          f"{t_theirs / t_jump:5.1f}x")


def lookup_table(write: bool = False) -> None:
    """Lookup time and state per scheme and node count (the table notebook 12 plots)."""
    table = measured.measure_lookups((8, 64, 512), vnodes=100, budget=400_000, repeats=3)
    with pd.option_context("display.width", 120, "display.max_columns", 10):
        print(table.round(1).to_string(index=False))
    if write:
        print("written to", measured.write_benchmark(table))


if __name__ == "__main__":
    ring_benchmark()
    print()
    lookup_table(write="--write" in sys.argv)
