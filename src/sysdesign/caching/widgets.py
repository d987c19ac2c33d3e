"""Interactive panels for the caching notebook: wiring only.

Each ``foo_panel`` joins its controls to ``experiments.foo`` (the model run) and
``plots.foo_view`` (the figure). Every value a control offers changes what is drawn.

A notebook shows each panel's defaults above it with ``panel.snapshot(tables=True)``: the
static copy a reader on GitHub sees, without drawing the same figure a second time.
"""

from __future__ import annotations

from sysdesign.core.panel import Panel, checkbox, choice, slider, timeline

from . import experiments, plots
from .policies import POLICIES
from .stampede import MODES


def policy_panel():
    """Hit ratio vs cache size for each policy on a chosen workload."""
    controls = {
        "workload_name": choice("workload", list(experiments.POLICY_WORKLOADS), "zipf"),
        "alpha": slider("skew α (locality θ)", 1.0, 0.0, 2.0, 0.1),
        "length": slider("trace length (requests)", 10_000, 2_000, 40_000, 2_000),
    }
    return Panel(controls, experiments.policy, plots.policy_view,
                 title="Eviction policies: hit ratio vs cache size (1,000 keys)")


def step_panel():
    """Cache contents after each request of a short trace, two policies side by side."""
    names = list(POLICIES)
    controls = {
        "trace_name": choice("trace", list(experiments.STEP_TRACES), "Belady's trace"),
        "first": choice("policy A", names, "fifo"),
        "second": choice("policy B", names, "lru"),
        "capacity": slider("cache size (slots)", 3, 1, 5),
        "request": timeline("up to request", experiments.STEPS, experiments.STEPS - 1),
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
                 title="Sizing an LRU cache from one stack-distance pass "
                       "(100,000 requests, the first half warms the cache)")


def strategy_panel():
    """Strategies compared on latency, database load, staleness and data at risk."""
    controls = {
        "read_ratio": slider("read ratio", 0.9, 0.0, 1.0, 0.05),
        "flush_interval": slider("write-back flush every (operations)", 100, 1, 1_000, 1),
        "external_writes": slider("share of writes by another service",
                                  experiments.EXTERNAL_WRITES, 0.0, 0.5, 0.05),
        "ttl": choice("TTL (operations)", {"none": 0, **{f"{t:,}": t for t in
                                                        experiments.TTLS if t}}, 0),
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
                 title="Write-back: a crash loses every acknowledged write not yet flushed")


def race_panel():
    """Scrub through the cache-aside race; move the writer, the TTL, switch on leases."""
    controls = {
        "write_at_ms": slider("writer B starts at (ms)", 4.0, 0.0, 12.0, 0.5),
        "ttl_ms": slider("TTL (ms)", 40.0, 10.0, 60.0, 5.0),
        "lease": checkbox("leases (memcache)", False),
        "at_ms": timeline("time (ms)", experiments.RACE_HORIZON_MS + 1,
                          experiments.RACE_HORIZON_MS, interval_ms=250),
    }
    return Panel(controls, experiments.race, plots.race_view,
                 title="The cache-aside race: a read miss and a write interleave")


def stampede_panel():
    """A hot key expires: compare no protection with coalescing, early expiration and
    refresh-ahead."""
    end, every = experiments.STAMPEDE_MS, experiments.STAMPEDE_STEP_MS
    controls = {
        "rate_per_ms": slider("requests per ms", 2.0, 0.2, 5.0, 0.2),
        "load_ms": slider("database load time (ms)", 20.0, 5.0, 50.0, 5.0),
        "ttl_ms": slider("TTL (ms)", 100.0, 50.0, 200.0, 10.0),
        # 0, 10, ... 400 ms, starting at the end: the whole story, then scrub back.
        "at_ms": timeline("time (ms)", end // every + 1, end, step=every, interval_ms=250),
    }
    return Panel(controls, experiments.stampede, plots.stampede_view,
                 title=f"Cache stampede: {', '.join(MODES)}")
