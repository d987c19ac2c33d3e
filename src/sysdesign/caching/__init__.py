"""Caching: eviction policies, workloads, hit-ratio curves and read/write strategies.

>>> from sysdesign.caching import simulate, zipf_trace
>>> simulate("lru", zipf_trace(10_000, n_keys=1_000, alpha=1.0), capacity=100).hit_ratio
0.574
"""

from .mrc import (
    COLD,
    hit_ratio_curves,
    lru_miss_ratio_curve,
    size_for_hit_ratio,
    stack_distances,
    stack_distances_simple,
)
from .policies import FIFO, LFU, LIFO, LRU, MRU, POLICIES, Eviction, Policy, Random
from .simulate import (
    BELADY_TRACE,
    SimulationResult,
    Step,
    faults,
    hits_per_request,
    replay,
    simulate,
    step_through,
)
from .strategies import (
    COMBINATIONS,
    READ_STRATEGIES,
    WRITE_STRATEGIES,
    StrategyResult,
    compare_strategies,
    run_strategy,
    strategy_table,
)
from .workloads import (
    EXTERNAL_WRITE,
    READ,
    WORKLOADS,
    WRITE,
    ReadWriteTrace,
    loop_trace,
    read_write_trace,
    shifting_hot_set_trace,
    top_share,
    uniform_trace,
    workload,
    zipf_probabilities,
    zipf_trace,
    zipf_with_scans_trace,
)

__all__ = [
    "BELADY_TRACE", "COLD", "COMBINATIONS", "EXTERNAL_WRITE", "FIFO", "LFU", "LIFO", "LRU",
    "MRU", "POLICIES", "READ", "READ_STRATEGIES", "WORKLOADS", "WRITE", "WRITE_STRATEGIES",
    "Eviction", "Policy", "Random", "ReadWriteTrace", "SimulationResult", "Step",
    "StrategyResult", "compare_strategies", "faults", "hit_ratio_curves", "hits_per_request",
    "loop_trace", "lru_miss_ratio_curve", "read_write_trace", "replay", "run_strategy",
    "shifting_hot_set_trace", "simulate", "size_for_hit_ratio", "stack_distances",
    "stack_distances_simple", "step_through", "strategy_table", "top_share", "uniform_trace",
    "workload", "zipf_probabilities", "zipf_trace", "zipf_with_scans_trace",
]
