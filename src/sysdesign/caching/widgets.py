"""Interactive panels for the caching notebook: controls -> model -> figure."""

from __future__ import annotations

import numpy as np

from sysdesign.widgets import Panel, choice, slider

from . import plots
from .mrc import hit_ratio_curves, lru_miss_ratio_curve, size_for_hit_ratio
from .policies import POLICIES
from .simulate import BELADY_TRACE, step_through
from .strategies import compare_strategies, run_strategy, strategy_table
from .workloads import WORKLOADS, read_write_trace, top_share, workload, zipf_trace

N_KEYS = 1_000  # keys in the policy panel's workloads
SIZES = np.unique(np.geomspace(5, N_KEYS, 8).round().astype(int))

STEP_TRACES = {
    "Belady's trace": BELADY_TRACE,
    "loop of 4 keys": (1, 2, 3, 4) * 3,
    "hot key, then a scan": (1, 2, 1, 3, 1, 2, 1, 4, 5, 6, 7, 1, 2),
    "repeats, then new keys": (1, 1, 2, 2, 1, 3, 4, 5, 1, 2, 3, 1),
}


# --- policy comparison ------------------------------------------------------------------------

def policy_model(workload_name="zipf", alpha=1.0, length=10_000, seed=0):
    """Hit-ratio curves of every policy on one generated workload."""
    trace = workload(workload_name, length, n_keys=N_KEYS, alpha=alpha, seed=seed)
    curves = hit_ratio_curves(trace, SIZES, seed=seed)
    return {"workload": workload_name, "alpha": alpha, "length": length, "curves": curves}


def policy_figure(result):
    """The curves, titled with the 80/20 share where the workload is skewed."""
    name, alpha = result["workload"], result["alpha"]
    if name in ("zipf", "scans"):
        share = top_share(N_KEYS, alpha)
        title = f"{name}, α = {alpha:.1f}: hottest 20% of keys take {share:.0%} of requests"
    else:
        title = f"{name} workload over {N_KEYS:,} keys"
    return plots.hit_ratio_curves(SIZES, result["curves"], title=title)


def policy_panel():
    """Hit ratio vs cache size for each policy on a chosen workload."""
    controls = {
        "workload_name": choice("workload", list(WORKLOADS), "zipf"),
        "alpha": slider("Zipf skew α", 1.0, 0.0, 2.0, 0.1),
        "length": slider("trace length (requests)", 10_000, 2_000, 40_000, 2_000),
    }
    return Panel(controls, compute=policy_model, draw=policy_figure,
                 title="Eviction policies: hit ratio vs cache size")


# --- step by step -----------------------------------------------------------------------------

def step_model(trace_name="Belady's trace", first="fifo", second="lru", capacity=3):
    """Step-by-step replays of one short trace under two policies."""
    trace = STEP_TRACES[trace_name]
    steps = {}
    for name in (first, second):
        label = name if name not in steps else f"{name} "  # the same policy twice is allowed
        steps[label] = step_through(name, trace, capacity)
    return {"steps": steps, "capacity": capacity}


def step_figure(result):
    return plots.step_grids(result["steps"], result["capacity"])


def step_panel():
    """Cache contents after each request of a short trace, two policies side by side."""
    names = list(POLICIES)
    controls = {
        "trace_name": choice("trace", list(STEP_TRACES), "Belady's trace"),
        "first": choice("policy A", names, "fifo"),
        "second": choice("policy B", names, "lru"),
        "capacity": slider("cache size (slots)", 3, 1, 5),
    }
    return Panel(controls, compute=step_model, draw=step_figure, title="Step through a trace")


# --- how big a cache? -------------------------------------------------------------------------

def size_model(alpha=1.0, n_keys=10_000, target=0.9, length=100_000, seed=0):
    """LRU miss-ratio curve of a Zipf trace, and the size that reaches the target."""
    trace = zipf_trace(length, n_keys, alpha, seed=seed)
    sizes = np.unique(np.geomspace(1, n_keys, 40).round().astype(int))
    return {"sizes": sizes, "hit": 1 - lru_miss_ratio_curve(trace, sizes), "target": target,
            "needed": size_for_hit_ratio(trace, target), "n_keys": n_keys, "alpha": alpha,
            "ceiling": 1 - len(np.unique(trace)) / length}


def size_figure(result):
    needed = result["needed"]
    verdict = (f"{needed:,} slots ({needed / result['n_keys']:.1%} of keys)" if needed
               else f"unreachable: first requests cap it at {result['ceiling']:.0%}")
    fig = plots.hit_ratio_curves(
        result["sizes"], {"lru": result["hit"]}, target=result["target"],
        title=f"LRU, α = {result['alpha']:.1f}: {result['target']:.0%} hits needs {verdict}")
    if needed:
        fig.axes[0].axvline(needed, color=plots.style.NEUTRAL, linewidth=1)
    return fig


def cache_size_panel():
    """How big must an LRU cache be for a target hit ratio?"""
    controls = {
        "alpha": slider("Zipf skew α", 1.0, 0.4, 2.0, 0.1),
        "n_keys": choice("keys in the data set", [1_000, 10_000], 10_000),
        "target": slider("target hit ratio", 0.9, 0.5, 0.99, 0.01),
    }
    return Panel(controls, compute=size_model, draw=size_figure,
                 title="Sizing an LRU cache from one stack-distance pass (100,000 requests)")


# --- read/write strategies --------------------------------------------------------------------

def strategy_model(read_ratio=0.9, flush_interval=100, external_writes=0.0, seed=0):
    """Every strategy on one seeded read/write trace."""
    trace = read_write_trace(5_000, 500, read_ratio=read_ratio, alpha=1.0,
                             external_write_share=external_writes, seed=seed)
    return compare_strategies(trace, capacity=50, flush_interval=flush_interval)


def strategy_views(results):
    return [plots.strategy_comparison(results), strategy_table(results)]


def strategy_panel():
    """Strategies compared on latency, database load, staleness and data at risk."""
    controls = {
        "read_ratio": slider("read ratio", 0.9, 0.0, 1.0, 0.05),
        "flush_interval": slider("write-back flush every (operations)", 100, 1, 1_000, 1),
        "external_writes": slider("share of writes by another service", 0.0, 0.0, 0.5, 0.05),
    }
    return Panel(controls, compute=strategy_model, draw=strategy_views,
                 title="Read/write strategies on 5,000 operations (cache 1 ms, database 10 ms)")


def crash_model(flush_interval=200, crash_at=1_500, read_ratio=0.7, seed=0):
    """A write-back run and the writes a crash at ``crash_at`` would lose."""
    trace = read_write_trace(2_000, 300, read_ratio=read_ratio, seed=seed)
    result = run_strategy(trace, write="write-back", capacity=100, flush_interval=flush_interval)
    return {"result": result, "crash_at": crash_at}


def crash_figure(model):
    return plots.dirty_over_time(model["result"], crash_at=model["crash_at"])


def crash_panel():
    """Move the crash and the flush interval: how much acknowledged data is lost?"""
    controls = {
        "flush_interval": slider("flush every (operations)", 200, 1, 1_000, 1),
        "crash_at": slider("crash after operation", 1_500, 0, 1_999, 1),
        "read_ratio": slider("read ratio", 0.7, 0.0, 1.0, 0.05),
    }
    return Panel(controls, compute=crash_model, draw=crash_figure,
                 title="Write-back: a crash loses every dirty entry")
