"""Interactive panels for the sharding and consistent-hashing notebooks: wiring only.

Each ``foo_panel`` runs ``experiments.foo`` with its control values and draws the result
with ``plots.foo_view``.
"""

from __future__ import annotations

from sysdesign.core.panel import Panel, choice, slider

from . import experiments, plots
from .explorer import STRATEGIES
from .workloads import WORKLOADS


def shard_key_panel() -> Panel:
    """Pick a workload and a shard key: load per shard, the hot shard and query fan-out."""
    controls = {
        "workload_name": choice("workload", list(WORKLOADS), "celebrity (1 user 1000x)"),
        "strategy": choice("shard key", STRATEGIES, "hash(user_id)"),
        "num_shards": slider("shards", 8, 2, 32),
    }
    return Panel(controls, experiments.shard_key, plots.shard_key_view,
                 title="Shard-key explorer")


def ring_panel() -> Panel:
    """Add or remove a node and see exactly which keys move."""
    controls = {
        "num_nodes": slider("nodes", 4, 2, 8),
        "vnodes": slider("virtual nodes per node", 8, 1, 40),
        "num_keys": slider("keys", 200, 20, 400, 20),
        "change": choice("change", experiments.RING_CHANGES, "add a node"),
    }
    return Panel(controls, experiments.ring, plots.ring_view,
                 title="Consistent hashing: who moves?")


def vnodes_panel() -> Panel:
    """Virtual nodes against imbalance: move the count and the number of nodes."""
    controls = {
        "num_nodes": slider("nodes", 10, 2, 32),
        "vnodes": slider("virtual nodes per node", 100, 1, 500),
    }
    return Panel(controls, experiments.vnodes, plots.vnodes_view,
                 title="Virtual nodes vs imbalance")


def schemes_panel() -> Panel:
    """mod-N, ring, rendezvous and jump: keys moved, balance and lookup work for N -> N+1."""
    controls = {
        "num_shards": slider("shards N", 8, 1, 64),
        "vnodes": slider("ring virtual nodes", 100, 1, 300),
    }
    return Panel(controls, experiments.schemes, plots.schemes_view,
                 title="Four ways to pick a shard")
