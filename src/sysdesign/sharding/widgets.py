"""Interactive panels for the sharding and consistent-hashing notebooks: wiring only.

Each ``foo_panel`` runs ``experiments.foo`` with its control values and draws the result
with ``plots.foo_view``.
"""

from __future__ import annotations

from sysdesign.core.panel import Panel, choice, log_slider, slider, timeline

from . import experiments, plots
from .explorer import STRATEGIES
from .logical import LogicalShards
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


def resharding_panel() -> Panel:
    """Scrub through a server joining a cluster of logical shards, one move at a time."""
    settings = experiments.RESHARD
    moves = len(LogicalShards(settings["num_logical"], settings["servers"]).plan_add("new"))
    controls = {"step": timeline("logical shards moved", moves + 1,
                                 value=experiments.RESHARD["step"])}
    return Panel(controls, experiments.resharding, plots.resharding_view,
                 title=f"A fifth server joins {settings['servers']} servers holding "
                       f"{settings['num_logical']} logical shards")


def rebalance_panel() -> Panel:
    """Scrub through a node joining or leaving a ring, one virtual node at a time."""
    controls = {
        "step": timeline("virtual nodes handed over", experiments.REBALANCE_VNODES + 1,
                         value=experiments.REBALANCE_VNODES // 2),
        "change": choice("change", experiments.RING_CHANGES, "add a node"),
        "num_nodes": slider("nodes before", 4, 2, 8),
    }
    return Panel(controls, experiments.rebalance, plots.rebalance_view,
                 title="Consistent hashing: who moves, step by step? (8 virtual nodes a node)")


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


def bounded_panel() -> Panel:
    """A hot key on a ring: move the load bound and the skew of the requests."""
    controls = {
        "epsilon": log_slider("epsilon (allowed excess)", 0.25, 0.02, 2.0),
        "alpha": slider("Zipf skew of keys", 1.0, 0.0, 1.5, 0.05),
    }
    return Panel(controls, experiments.bounded, plots.bounded_view,
                 title="Consistent hashing with bounded loads")
