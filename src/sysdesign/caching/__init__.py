"""Caching: eviction policies, workloads, hit-ratio curves and read/write strategies.

What each module teaches (open them beside notebook 06):

* :mod:`.policies`: FIFO, LIFO, LRU, MRU, LFU and random replacement, one small base
  class and one hook per policy (LRU in a few lines).
* :mod:`.simulate`: replay a trace through a cache (``replay``, the readable path, and
  ``simulate``, the same counts fast), step through it, count faults (Belady's anomaly).
* :mod:`.mrc`: the Mattson stack algorithm: stack distances give the LRU hit ratio of
  every cache size from one pass, the compulsory-miss ceiling, and the size that reaches
  a target on a warmed-up cache.
* :mod:`.theory`: what the independent reference model predicts (FIFO = Random exactly,
  Che's approximation for LRU), to check the simulations against.
* :mod:`.strategies`: cache-aside, read-through, invalidation, write-around,
  write-through and write-back as small strategy objects over one cache (LRU + TTL) +
  database model.
* :mod:`.races` and :mod:`.stampede`: the same cache with time and concurrency, on the
  course's event engine: the cache-aside race and its lease fix; a stampede and its cures
  (coalescing, probabilistic early expiration, refresh-ahead).
* :mod:`.querycache`: query-level against object-level caching over real SQLite, and
  what each must invalidate when a row changes.
* :mod:`.workloads`: traces: Zipf and uniform (from ``sysdesign.core.workloads``), the
  LRU stack model (temporal locality), loops, a moving hot set, scans, read/write mixes.
* :mod:`.experiments` (the scenarios of the notebook and its panels), :mod:`.plots`
  (figures), :mod:`.widgets` (panel wiring) and :mod:`._fast` (the tight loops and the
  vectorised stack distances, each tested equal to its readable twin).

>>> from sysdesign.caching import simulate, zipf_trace
>>> simulate("lru", zipf_trace(10_000, n_keys=1_000, alpha=1.0), capacity=100).hit_ratio
0.574
"""

from .mrc import (
    COLD,
    hit_ratio_ceiling,
    hit_ratio_curves,
    lru_miss_ratio_curve,
    size_for_hit_ratio,
    stack_distances,
    stack_distances_simple,
)
from .policies import FIFO, LFU, LIFO, LRU, MRU, POLICIES, Eviction, Policy, Random
from .races import cache_aside_race, race_window
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
from .stampede import MODES, expected_stampede_reads
from .strategies import (
    COMBINATIONS,
    READ_STRATEGIES,
    WRITE_STRATEGIES,
    CacheAside,
    CachedDatabase,
    Invalidate,
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
from .theory import che_lru_hit_ratio, fifo_random_hit_ratio, top_keys_hit_ratio
from .workloads import (
    EXTERNAL_WRITE,
    READ,
    WORKLOADS,
    WRITE,
    ReadWriteTrace,
    loop_trace,
    read_write_trace,
    shifting_hot_set_trace,
    stack_depth_probabilities,
    stack_model_depths,
    stack_model_trace,
    top_share,
    uniform_trace,
    workload,
    zipf_probabilities,
    zipf_trace,
    zipf_with_scans_trace,
)

__all__ = [
    "BELADY_TRACE", "COLD", "COMBINATIONS", "EXTERNAL_WRITE", "FIFO", "LFU", "LIFO", "LRU",
    "MODES", "MRU", "POLICIES", "READ", "READ_STRATEGIES", "WORKLOADS", "WRITE",
    "WRITE_STRATEGIES", "CacheAside", "CachedDatabase", "Eviction", "Invalidate", "Policy",
    "Random", "ReadStrategy", "ReadThrough", "ReadWriteTrace", "SimulationResult", "Step",
    "StrategyResult", "WriteAround", "WriteBack", "WriteStrategy", "WriteThrough",
    "cache_aside_race", "che_lru_hit_ratio", "compare_strategies", "expected_stampede_reads",
    "faults", "fifo_random_hit_ratio", "hit_ratio_ceiling", "hit_ratio_curves",
    "hits_per_request", "loop_trace", "lru_miss_ratio_curve", "race_window", "read_write_trace",
    "replay", "run_strategy",
    "shifting_hot_set_trace", "simulate", "size_for_hit_ratio", "stack_depth_probabilities",
    "stack_distances", "stack_distances_simple", "stack_model_depths", "stack_model_trace",
    "step_through", "strategy_table", "top_keys_hit_ratio", "top_share",
    "uniform_trace", "workload", "zipf_probabilities", "zipf_trace", "zipf_with_scans_trace",
]
