"""Interactive panels for the caching notebook: wiring only.

Each ``foo_panel`` joins its controls to ``experiments.foo`` (the model run) and
``plots.foo_view`` (the figure).
"""

from __future__ import annotations

from sysdesign.core.panel import Panel, choice, slider

from . import experiments, plots
from .policies import POLICIES
from .workloads import WORKLOADS


def policy_panel():
    """Hit ratio vs cache size for each policy on a chosen workload."""
    controls = {
        "workload_name": choice("workload", list(WORKLOADS), "zipf"),
        "alpha": slider("Zipf skew α", 1.0, 0.0, 2.0, 0.1),
        "length": slider("trace length (requests)", 10_000, 2_000, 40_000, 2_000),
    }
    return Panel(controls, experiments.policy, plots.policy_view,
                 title="Eviction policies: hit ratio vs cache size")


def step_panel():
    """Cache contents after each request of a short trace, two policies side by side."""
    names = list(POLICIES)
    controls = {
        "trace_name": choice("trace", list(experiments.STEP_TRACES), "Belady's trace"),
        "first": choice("policy A", names, "fifo"),
        "second": choice("policy B", names, "lru"),
        "capacity": slider("cache size (slots)", 3, 1, 5),
    }
    return Panel(controls, experiments.step, plots.step_view, title="Step through a trace")


def cache_size_panel():
    """How big must an LRU cache be for a target hit ratio?"""
    controls = {
        "alpha": slider("Zipf skew α", 1.0, 0.4, 2.0, 0.1),
        "n_keys": choice("keys in the data set", [1_000, 10_000], 10_000),
        "target": slider("target hit ratio", 0.9, 0.5, 0.99, 0.01),
    }
    return Panel(controls, experiments.cache_size, plots.cache_size_view,
                 title="Sizing an LRU cache from one stack-distance pass (100,000 requests)")


def strategy_panel():
    """Strategies compared on latency, database load, staleness and data at risk."""
    controls = {
        "read_ratio": slider("read ratio", 0.9, 0.0, 1.0, 0.05),
        "flush_interval": slider("write-back flush every (operations)", 100, 1, 1_000, 1),
        "external_writes": slider("share of writes by another service", 0.0, 0.0, 0.5, 0.05),
    }
    return Panel(controls, experiments.strategy, plots.strategy_view,
                 title="Read/write strategies on 5,000 operations (cache 1 ms, database 10 ms)")


def crash_panel():
    """Move the crash and the flush interval: how much acknowledged data is lost?"""
    controls = {
        "flush_interval": slider("flush every (operations)", 200, 1, 1_000, 1),
        "crash_at": slider("crash after operation", 1_500, 0,
                           experiments.CRASH_OPERATIONS - 1, 1),
        "read_ratio": slider("read ratio", 0.7, 0.0, 1.0, 0.05),
    }
    return Panel(controls, experiments.crash, plots.crash_view,
                 title="Write-back: a crash loses every dirty entry")
