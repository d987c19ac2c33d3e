"""Caching: eviction policies, workloads, hit-ratio curves and read/write strategies.

What each module teaches (open them beside notebook 06):

* :mod:`.policies`: FIFO, LIFO, LRU, MRU, LFU and random replacement, one small base
  class and one hook per policy (LRU in a few lines).
* :mod:`.simulate`: replay a trace through a cache (``replay``, the readable path, and
  ``simulate``, the same counts fast), step through it, count faults (Belady's anomaly).
* :mod:`.mrc`: the Mattson stack algorithm: stack distances give the LRU hit ratio of
  every cache size from one pass, and the size that reaches a target.
* :mod:`.strategies`: cache-aside, read-through, write-through, write-around and
  write-back as small strategy objects over one cache + database model.
* :mod:`.workloads`: traces: Zipf and uniform (from ``sysdesign.core.workloads``), loops,
  a moving hot set, scans, read/write mixes.
* :mod:`.experiments` (the scenarios of the notebook and its panels), :mod:`.plots`
  (figures), :mod:`.widgets` (panel wiring) and :mod:`._fast` (the tight loops and the
  vectorised stack distances, each tested equal to its readable twin).

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
    CacheAside,
    CachedDatabase,
    ReadStrategy,
    ReadThrough,
    StrategyResult,
    WriteAround,
    WriteBack,
    WriteStrategy,
    WriteThrough,
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
    "CacheAside", "CachedDatabase", "Eviction", "Policy", "Random", "ReadStrategy",
    "ReadThrough", "ReadWriteTrace", "SimulationResult", "Step", "StrategyResult",
    "WriteAround", "WriteBack", "WriteStrategy", "WriteThrough", "compare_strategies",
    "faults", "hit_ratio_curves", "hits_per_request", "loop_trace", "lru_miss_ratio_curve",
    "read_write_trace", "replay", "run_strategy", "shifting_hot_set_trace", "simulate",
    "size_for_hit_ratio", "stack_distances", "stack_distances_simple", "step_through",
    "strategy_table", "top_share", "uniform_trace", "workload", "zipf_probabilities",
    "zipf_trace", "zipf_with_scans_trace",
]
