"""Figures of notebook 07; each returns a styled Figure with its alt text (``style.describe``)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..core import style
from . import geography
from .experiments import N_OBJECTS, PathView, PullPush

PULL, PUSH = style.PALETTE["blue"], style.PALETTE["orange"]
TIER_COLOURS = {"edge": style.PALETTE["green"], "shield": style.PALETTE["sky"],
                "origin": style.PALETTE["vermillion"]}


def pull_push(result: PullPush, *, ttl_s: float = 60.0, alpha: float = 0.9,
              churn_per_hour: float = 2.0, **_values):
    """Pull against push: mean latency by region, with each CDN's hit ratio and stale share."""
    fig, ax = style.new_axes(figsize=(7.0, 3.0))
    latency = result.latency()
    x = np.arange(len(latency))
    for shift, name, run, colour in ((-0.2, "pull", result.pull, PULL),
                                     (0.2, "push", result.push, PUSH)):
        ax.bar(x + shift, latency[name], 0.4, color=colour,
               label=f"{name}: {run.hit_ratio:.0%} edge hits, {run.stale_share:.1%} stale")
    ax.set_xticks(x, latency.index)
    # A fixed scale (room above the slowest possible miss) keeps bars comparable between
    # settings and the tick labels unchanged, so the panel reuses its layout.
    ax.set_ylim(0, 1.35 * max(sum(rtts) for rtts in geography.region_rtts().values()))
    # The settings title the legend: inside the axes, so a new setting keeps the panel's
    # remembered layout (a changed axes title would be laid out afresh, in two passes).
    ax.legend(loc="upper left", title=f"TTL {ttl_s:g} s, Zipf α {alpha:g}, "
              f"{churn_per_hour:g} updates per object per hour", title_fontsize=9)
    style.label(ax, "Pull vs push CDN: mean latency by region", "users in", "ms")
    push_wait = ("so every region waits about the edge RTT" if result.push.misses == 0 else
                 "the rest go to the origin, so its far regions wait longer too, highest in "
                 f"{latency['push'].idxmax()}")
    return style.describe(fig, (
        f"Grouped bars of mean latency by region for a pull and a push CDN. Push answers "
        f"{result.push.hit_ratio:.0%} of requests at the edge, {push_wait}; pull answers "
        f"{result.pull.hit_ratio:.0%} at the edge, and the regions far from the origin wait "
        f"longest, highest in {latency['pull'].idxmax()}."))


def pull_push_view(result: PullPush, **values) -> list:
    """The pull/push panel: the figure, then the table of every measure."""
    return [pull_push(result, **values), result.summary()]


def shield_savings(frame: pd.DataFrame, *, ttl_s: float = 60.0, ax=None):
    """Origin requests per second against the number of edges, with and without a shield."""
    fig, ax = style.new_axes(ax)
    for name, colour in (("no shield", style.BAD), ("shield", style.GOOD)):
        ax.plot(frame.index, frame[f"{name}: closed form"], color=colour, label=f"{name}: "
                "closed form")
        ax.plot(frame.index, frame[f"{name}: simulated"], "o", color=colour,
                label=f"{name}: simulated")
    ax.axhline(N_OBJECTS / ttl_s, color=style.NEUTRAL, linestyle=":",
               label="ceiling with a shield: objects / TTL")
    ax.set_xticks(frame.index)
    ax.set_ylim(0, None)
    ax.legend()
    style.label(ax, f"Origin load with and without an origin shield (TTL {ttl_s:g} s)",
                "edges (regions), 1 request/s each", "origin requests per second")
    last = frame.iloc[-1]
    return style.describe(fig, (
        f"Origin requests per second against the number of edges. Without a shield they grow "
        f"in proportion to the edges, to {last['no shield: simulated']:.2f} per second at "
        f"{frame.index[-1]} edges; with a shield they grow more slowly, to "
        f"{last['shield: simulated']:.2f}. Simulated points sit on the closed-form lines."))


LANES = ("origin", "shield")


def request_path(view: PathView, *, ax=None):
    """Each request so far as a line from its region's edge up to the tier that answered."""
    run = view.run
    lanes = list(run.regions) + ["shield", "origin"]
    fig, ax = style.new_axes(ax, figsize=(8.0, 3.2))
    height = {name: k for k, name in enumerate(lanes)}
    for tier, colour in TIER_COLOURS.items():
        shown = [s for s in view.shown if s.tier == tier]
        times = [s.time for s in shown]
        low = [height[run.regions[s.region]] for s in shown]
        top = low if tier == "edge" else [height[tier]] * len(shown)
        ax.vlines(times, low, top, color=colour)
        ax.plot(times, top, "o", color=colour, label=f"answered by {tier}")
    now = view.shown[-1]
    top = height[run.regions[now.region]] if now.tier == "edge" else height[now.tier]
    ax.plot([now.time], [top], "o", markersize=14, markerfacecolor="none",
            markeredgecolor=style.PALETTE["black"])
    ax.set_yticks(range(len(lanes)), [f"{name} edge" if name in run.regions else name
                                      for name in lanes])
    ax.set_xlim(0, run.duration)
    ax.set_ylim(-1.4, len(lanes) - 0.1)  # room for the legend below, the note above
    ax.legend(loc="lower center", ncols=3)
    tally = view.tally()
    style.label(ax, "Requests through edge → shield → origin", "time (s)", "")
    ax.text(0.01, 0.97, f"request {view.step + 1}: object #{now.key} from "
            f"{run.regions[now.region]}, answered by the {now.tier} ({now.latency_ms:.0f} ms)",
            transform=ax.transAxes, ha="left", va="top", fontsize=9)
    return style.describe(fig, (
        f"Timeline of {view.step + 1} requests from three regions for three objects; each is a "
        f"line from the user's edge up to the tier that answered it, or a dot on the edge's "
        f"own row when the edge answered. So far {tally['edge']} "
        f"were answered by an edge, {tally['shield']} by the shield and {tally['origin']} by "
        f"the origin."))


def request_path_view(result: PathView, **_values):
    """The step-through panel: the timeline up to the current request."""
    return request_path(result)
