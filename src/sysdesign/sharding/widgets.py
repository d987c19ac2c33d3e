"""Interactive panels for the sharding and consistent-hashing notebooks."""

from __future__ import annotations

import numpy as np

from sysdesign.widgets import Panel, choice, slider

from . import plots
from .explorer import STRATEGIES, explorer_demo
from .metrics import compare_schemes, ideal_moved_share, ring_balance_curve
from .ring import HashRing
from .workloads import WORKLOADS

VNODE_GRID = [1, 2, 5, 10, 20, 50, 100, 200, 500]
COMPARE_KEYS = np.arange(20_000)
RING_CHANGES = ["add a node", "remove node n0"]


def shard_key_panel() -> Panel:
    """Pick a workload and a shard key: load per shard, the hot shard and query fan-out."""
    controls = {
        "workload_name": choice("workload", list(WORKLOADS), "celebrity (1 user 1000x)"),
        "strategy": choice("shard key", STRATEGIES, "hash(user_id)"),
        "num_shards": slider("shards", 8, 2, 32),
    }
    return Panel(controls, compute=explorer_demo,
                 draw=lambda report: [plots.shard_loads(report), plots.report_table(report)],
                 title="Shard-key explorer")


def ring_change(num_nodes: int = 4, vnodes: int = 8, num_keys: int = 200,
                change: str = "add a node") -> dict:
    """A ring before and after one node joins or leaves, and which keys moved."""
    if change not in RING_CHANGES:
        raise ValueError(f"change must be one of {RING_CHANGES}, got {change!r}")
    ring = HashRing([f"n{i}" for i in range(num_nodes)], vnodes=vnodes)
    keys = np.arange(num_keys)
    before = ring.nodes_for(keys)
    if change == "add a node":
        ring.add_node(f"n{num_nodes}")
        ideal = ideal_moved_share(num_nodes)
    else:
        ring.remove_node("n0")
        ideal = 1 / num_nodes
    after = ring.nodes_for(keys)
    return {"ring": ring, "keys": keys, "moved": before != after, "ideal": ideal,
            "change": change, "nodes": [f"n{i}" for i in range(num_nodes + 1)]}


def ring_change_figure(result: dict):
    """The ring after the change, moved keys circled, with the moved share in the title."""
    moved = result["moved"]
    title = (f"{result['change']}: {moved.sum()} of {len(moved)} keys moved "
             f"({moved.mean():.0%}; ideal {result['ideal']:.0%})")
    return plots.ring_diagram(result["ring"], result["keys"], moved=moved, title=title,
                              colour_order=result["nodes"])


def ring_panel() -> Panel:
    """Add or remove a node and see exactly which keys move."""
    controls = {
        "num_nodes": slider("nodes", 4, 2, 8),
        "vnodes": slider("virtual nodes per node", 8, 1, 40),
        "num_keys": slider("keys", 200, 20, 400, 20),
        "change": choice("change", RING_CHANGES, "add a node"),
    }
    return Panel(controls, compute=ring_change, draw=ring_change_figure,
                 title="Consistent hashing: who moves?")


def vnode_balance(num_nodes: int = 10, vnodes: int = 100, trials: int = 3):
    """Ring balance over the standard vnode grid plus the chosen count, averaged over rings."""
    grid = sorted(set(VNODE_GRID) | {vnodes})
    return ring_balance_curve(num_nodes, grid, trials=trials), vnodes


def vnodes_panel() -> Panel:
    """Virtual nodes against imbalance: move the count and the number of nodes."""
    controls = {
        "num_nodes": slider("nodes", 10, 2, 32),
        "vnodes": slider("virtual nodes per node", 100, 1, 500),
    }
    return Panel(controls, compute=vnode_balance,
                 draw=lambda r: [plots.balance_curve(r[0], marker=r[1]),
                                 r[0].loc[[r[1]]].round(3)],
                 title="Virtual nodes vs imbalance")


def schemes_panel() -> Panel:
    """mod-N, ring, rendezvous and jump: keys moved, balance and lookup work for N -> N+1."""
    controls = {
        "num_shards": slider("shards N", 8, 1, 64),
        "vnodes": slider("ring virtual nodes", 100, 1, 300),
    }
    return Panel(controls,
                 compute=lambda num_shards, vnodes: compare_schemes(COMPARE_KEYS, num_shards,
                                                                    vnodes),
                 draw=lambda table: [plots.scheme_comparison(table), table.round(3)],
                 title="Four ways to pick a shard")


