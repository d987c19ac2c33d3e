"""Figures for the caching notebook: each takes model output and returns a Figure.

The ``*_view(result, **values)`` functions at the end draw the panels of
:mod:`.widgets`: ``result`` is what the matching function of :mod:`.experiments`
returned, ``values`` the panel's control values.
"""

from __future__ import annotations

import numpy as np
from matplotlib.colors import to_rgb
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch
from matplotlib.ticker import MaxNLocator

from sysdesign.core import style
from sysdesign.core.workloads import zipf_probabilities

from .simulate import Step
from .strategies import StrategyResult, strategy_table

HIT, MISS = style.GOOD, style.BAD
POLICY_ORDER = ["lru", "fifo", "lfu", "random", "mru", "lifo"]
POLICY_COLORS = dict(zip(POLICY_ORDER, style.COLORS, strict=False))

# (layer, what it caches, typical time to answer from there)
CACHE_LAYERS = [
    ("Client", "browser cache,\napp memory", "~0 ms"),
    ("CDN", "static files,\nwhole pages", "~10-30 ms"),
    ("Web server", "reverse-proxy\nresponses", "~1 ms"),
    ("Application", "objects, sessions\n(in-process / Redis)", "~0.1-1 ms"),
    ("Database", "query results,\nbuffer pool pages", "~1-10 ms"),
]


@style.styled()
def where_caches_live(*, ax=None):
    """The request path from client to database, with the cache at each layer."""
    fig, ax = style.new_axes(ax, figsize=style.WIDE)
    width, gap = 1.6, 0.45
    for i, (layer, cached, latency) in enumerate(CACHE_LAYERS):
        x = i * (width + gap)
        ax.add_patch(FancyBboxPatch((x, 0.9), width, 1.0, boxstyle="round,pad=0.05",
                                    facecolor=style.COLORS[i], alpha=0.25,
                                    edgecolor=style.COLORS[i]))
        ax.text(x + width / 2, 1.6, layer, ha="center", va="center", weight="bold")
        ax.text(x + width / 2, 1.2, cached, ha="center", va="center", fontsize=8)
        ax.text(x + width / 2, 0.6, f"hit: {latency}", ha="center", va="center", fontsize=8,
                color="#444444")
        if i:
            ax.add_patch(FancyArrowPatch((x - gap + 0.05, 1.4), (x - 0.05, 1.4),
                                         arrowstyle="-|>", mutation_scale=12, color="#444444"))
    right = len(CACHE_LAYERS) * (width + gap) - gap
    ax.annotate("", xy=(0, 0.25), xytext=(right, 0.25),
                arrowprops={"arrowstyle": "-|>", "color": style.GOOD})
    ax.text(right / 2, 0.1, "the earlier a request is answered, the less work behind it",
            ha="center", va="center", fontsize=9, color=style.GOOD)
    ax.set_xlim(-0.2, right + 0.2)
    ax.set_ylim(0, 2.1)
    ax.axis("off")
    ax.set_title("Where caches live: every layer a request passes can answer it")
    return fig


def _slot_layout(steps: list[Step], capacity: int) -> list[list]:
    """Give each cached key a fixed slot: a new key takes the slot its victim left."""
    slots: list = [None] * capacity
    layout = []
    for step in steps:
        if step.victim is not None:
            slots[slots.index(step.victim)] = None
        if step.key not in slots:
            slots[slots.index(None)] = step.key
        layout.append(list(slots))
    return layout


@style.styled()
def step_grid(steps: list[Step], capacity: int, *, policy: str = "", ax=None):
    """Cache slots after every request: hits green, misses red, the arriving key in bold."""
    fig, ax = style.new_axes(ax, figsize=style.WIDE)
    layout = _slot_layout(steps, capacity)
    empty, pale_hit, pale_miss = (to_rgb("#f2f2f2"), _pale(HIT), _pale(MISS))
    # Row 0 is the request; rows 1.. are the slots. One image draws every cell.
    cells = np.ones((capacity + 1, len(steps), 3))
    for t, (step, slots) in enumerate(zip(steps, layout, strict=True)):
        cells[0, t] = to_rgb(HIT if step.hit else MISS)
        ax.text(t, 0, str(step.key), ha="center", va="center", color="white", weight="bold")
        for row, key in enumerate(slots, start=1):
            arriving = key == step.key
            cells[row, t] = (pale_hit if step.hit else pale_miss) if arriving else empty
            if key is not None:
                ax.text(t, row, str(key), ha="center", va="center",
                        weight="bold" if arriving else "normal")
        if step.victim is not None:
            ax.text(t, capacity + 0.75, f"−{step.victim}", ha="center", va="center",
                    fontsize=8, color=style.NEUTRAL)
    ax.imshow(cells, aspect="auto", interpolation="nearest")
    # White grid lines separate the cells.
    ax.set_xticks(np.arange(len(steps) + 1) - 0.5, minor=True)
    ax.set_yticks(np.arange(capacity + 2) - 0.5, minor=True)
    ax.grid(which="minor", color="white", linewidth=3, alpha=1.0)
    ax.grid(which="major", visible=False)
    hits = sum(step.hit for step in steps)
    ax.set_ylim(capacity + 1.1, -0.5)
    ax.set_yticks(range(capacity + 1), ["request"] + [f"slot {r + 1}" for r in range(capacity)])
    ax.set_xticks(range(len(steps)), [str(t + 1) for t in range(len(steps))])
    ax.tick_params(which="both", length=0)
    for side in ("left", "bottom"):
        ax.spines[side].set_visible(False)
    style.label(ax, f"{policy.upper()}: {hits} hits, {len(steps) - hits} misses with "
                    f"{capacity} slots (green hit, red miss, −k evicted)", "request number", "")
    return fig


def _pale(colour: str):
    """A colour mixed 65% with white, for cells behind black text."""
    return tuple(0.35 * c + 0.65 for c in to_rgb(colour))


@style.styled()
def step_grids(steps_by_policy: dict[str, list[Step]], capacity: int):
    """Two or more policies on the same trace, one step grid each, stacked."""
    n = len(steps_by_policy)
    fig, axes = style.figure(n, 1, figsize=(style.WIDE[0], n * (0.45 * capacity + 1.7)))
    for ax, (policy, steps) in zip(np.atleast_1d(axes), steps_by_policy.items(), strict=True):
        step_grid(steps, capacity, policy=policy, ax=ax)
    return fig


@style.styled()
def hit_ratio_curves(sizes, curves: dict[str, np.ndarray], *, target: float | None = 0.9,
                     title: str = "Hit ratio vs cache size", ax=None):
    """Hit ratio of each policy against cache size (log x), with a target line."""
    fig, ax = style.new_axes(ax)
    for name, ratios in curves.items():
        ax.plot(sizes, ratios, marker="o", markersize=3, label=name.upper(),
                color=POLICY_COLORS.get(name))
    if target is not None:
        ax.axhline(target, color=style.NEUTRAL, linestyle="--", linewidth=1)
        ax.text(sizes[0], target, f" target {target:.0%}", va="bottom", color=style.NEUTRAL,
                fontsize=8)
    ax.set_xscale("log")
    ax.set_ylim(0, 1)
    style.label(ax, title, "cache size (entries, log scale)", "hit ratio")
    style.percent_axis(ax)
    ax.legend(loc="lower right", ncols=2)
    return fig


@style.styled()
def popularity(n_keys: int, alpha: float, *, fraction: float = 0.2, ax=None):
    """Cumulative share of requests taken by the hottest keys (the 80/20 picture)."""
    fig, ax = style.new_axes(ax)
    cumulative = np.cumsum(zipf_probabilities(n_keys, alpha))
    share_of_keys = np.arange(1, n_keys + 1) / n_keys
    ax.plot(share_of_keys, cumulative, color=style.PALETTE["blue"], label=f"Zipf α = {alpha:g}")
    ax.plot([0, 1], [0, 1], color=style.NEUTRAL, linestyle=":", label="uniform (α = 0)")
    top = cumulative[max(0, round(fraction * n_keys) - 1)]
    ax.plot([fraction, fraction, 0], [0, top, top], color=style.BAD, linewidth=1)
    ax.text(fraction + 0.02, top - 0.08, f"hottest {fraction:.0%} of keys → {top:.0%} of requests",
            color=style.BAD, fontsize=9)
    style.label(ax, f"How skewed is the traffic? ({n_keys:,} keys)",
                "hottest share of keys", "share of requests")
    style.percent_axis(ax)
    style.percent_axis(ax, axis="x")
    ax.legend(loc="lower right")
    return fig


@style.styled()
def hit_ratio_over_time(flags_by_policy: dict[str, np.ndarray], *, window: int = 500,
                        title: str = "Hit ratio over time", ax=None):
    """Moving hit ratio (over ``window`` requests) of each policy along the trace."""
    fig, ax = style.new_axes(ax)
    for name, flags in flags_by_policy.items():
        w = max(1, min(window, len(flags)))
        moving = np.convolve(flags.astype(float), np.ones(w) / w, mode="valid")
        ax.plot(np.arange(w, len(flags) + 1), moving, label=name.upper(),
                color=POLICY_COLORS.get(name))
    ax.set_ylim(0, 1)
    style.label(ax, title, f"request number (moving window of {window:,} requests)",
                "hit ratio")
    style.percent_axis(ax)
    style.thousands_axis(ax, axis="x")
    ax.legend(loc="lower left", ncols=3)
    return fig


@style.styled()
def faults_vs_capacity(capacities, faults_by_policy: dict[str, list[int]], *, ax=None):
    """Page faults (misses) against the number of slots: Belady's anomaly shows as a rise."""
    fig, ax = style.new_axes(ax)
    for name, counts in faults_by_policy.items():
        ax.plot(capacities, counts, marker="o", label=name.upper(), color=POLICY_COLORS.get(name))
        for c, f, prev in zip(capacities[1:], counts[1:], counts[:-1], strict=True):
            if f > prev:
                ax.annotate("more slots,\nmore faults", (c, f), xytext=(10, 10),
                            textcoords="offset points", color=style.BAD, fontsize=8,
                            arrowprops={"arrowstyle": "->", "color": style.BAD})
    ax.set_xticks(list(capacities))
    style.label(ax, "Belady's anomaly: FIFO vs LRU on 1,2,3,4,1,2,5,1,2,3,4,5",
                "cache size (slots)", "faults (misses)")
    ax.legend()
    return fig


@style.styled()
def strategy_comparison(results: dict[str, StrategyResult]):
    """Latency, database load, stale reads and data at risk for each strategy."""
    fig, axes = style.figure(2, 2, figsize=(style.WIDE[0], 6.0))
    names = list(results)
    x = np.arange(len(names))
    rs = list(results.values())

    def bars(ax, series: dict[str, list[float]], title: str, ylabel: str):
        width = 0.8 / len(series)
        for i, (label, values) in enumerate(series.items()):
            ax.bar(x + (i - (len(series) - 1) / 2) * width, values, width, label=label,
                   color=style.COLORS[(i + 4 * (len(series) == 1)) % len(style.COLORS)])
        ax.set_xticks(x, names, fontsize=8)
        top = max(max(values) for values in series.values())
        ax.set_ylim(0, max(1.0, top) * 1.3)  # room for the legend; a zero panel stays 0..1
        style.label(ax, title, "", ylabel)
        if len(series) > 1:
            ax.legend(loc="upper right", ncols=2)

    bars(axes[0, 0], {"mean": [r.mean_latency_ms for r in rs],
                      "p99": [r.p99_latency_ms for r in rs]}, "Latency per request", "ms")
    bars(axes[0, 1], {"reads": [r.db_reads for r in rs], "writes": [r.db_writes for r in rs]},
         "Load on the database", "operations")
    bars(axes[1, 0], {"stale": [r.stale_reads for r in rs]},
         "Stale reads (older than the latest write)", "reads")
    bars(axes[1, 1], {"dirty": [r.max_dirty for r in rs]},
         "Data at risk: most dirty entries at once", "writes lost on a crash")
    for ax in axes.flat:
        style.thousands_axis(ax)
    for ax in axes.flat[1:]:  # counts: whole-number ticks only (no "2.5 writes")
        ax.yaxis.set_major_locator(MaxNLocator(integer=True, steps=[1, 2, 5, 10]))
    return fig


@style.styled()
def dirty_over_time(result: StrategyResult, *, crash_at: int | None = None, ax=None):
    """Write-back's dirty entries over time: what a crash at each moment would lose."""
    fig, ax = style.new_axes(ax)
    t = np.arange(len(result.dirty))
    ax.fill_between(t, result.dirty, step="post", color=style.BAD, alpha=0.3, linewidth=0)
    ax.step(t, result.dirty, where="post", color=style.BAD, linewidth=1, label="dirty entries")
    if crash_at is not None:
        lost = result.lost_on_crash(crash_at)
        ax.axvline(crash_at, color=style.PALETTE["black"], linestyle="--", linewidth=1)
        ax.annotate(f"crash here: {lost} writes lost", (crash_at, lost), xytext=(8, 12),
                    textcoords="offset points", fontsize=9,
                    arrowprops={"arrowstyle": "->"})
    ax.set_ylim(0, max(1, result.max_dirty) * 1.25)
    style.label(ax, "Write-back: acknowledged writes not yet in the database",
                "operation number", "dirty entries (writes at risk)")
    style.thousands_axis(ax, axis="x")
    return fig


# --- panel views: draw(result, **control values) ------------------------------------------

def policy_view(result: dict, *, workload_name: str, alpha: float, **_):
    """The policy panel: hit-ratio curves, titled with the 80/20 share on skewed workloads."""
    if workload_name in ("zipf", "scans"):
        title = (f"{workload_name}, α = {alpha:.1f}: hottest 20% of keys take "
                 f"{result['hot_share']:.0%} of requests")
    else:
        title = f"{workload_name} workload over {result['n_keys']:,} keys"
    return hit_ratio_curves(result["sizes"], result["curves"], title=title)


def step_view(result: dict[str, list[Step]], *, capacity: int, **_):
    """The step panel: one step grid per policy."""
    return step_grids(result, capacity)


def cache_size_view(result: dict, *, alpha: float, n_keys: int, target: float,
                    **_):
    """The sizing panel: the LRU curve, the target line and the size that reaches it."""
    needed = result["needed"]
    verdict = (f"{needed:,} slots ({needed / n_keys:.1%} of keys)" if needed
               else f"unreachable: first requests cap it at {result['ceiling']:.0%}")
    fig = hit_ratio_curves(
        result["sizes"], {"lru": result["hit"]}, target=target,
        title=f"LRU, α = {alpha:.1f}: {target:.0%} hits needs {verdict}")
    if needed:
        fig.axes[0].axvline(needed, color=style.NEUTRAL, linewidth=1)
    return fig


def strategy_view(result: dict[str, StrategyResult], **_):
    """The strategy panel: the four-part comparison figure and its table."""
    return [strategy_comparison(result), strategy_table(result)]


def crash_view(result: StrategyResult, *, crash_at: int, **_):
    """The crash panel: dirty entries over time and what a crash at ``crash_at`` loses."""
    return dirty_over_time(result, crash_at=crash_at)
