"""Figures for the load-balancing notebook, one ``<name>_view`` per panel of
:mod:`sysdesign.load_balancing.widgets`. Each figure ends with its alt text."""

from __future__ import annotations

import matplotlib.ticker as mticker
import numpy as np
from matplotlib.collections import LineCollection

from ..core import style


def _fixed(fig, left: float = 0.08, **kwargs) -> None:
    """Fixed margins: drawn in one pass (constrained layout measures every label twice)."""
    fig.set_layout_engine(None)
    fig.subplots_adjust(left=left, right=0.98, top=0.9, bottom=0.16, **kwargs)


def policy_view(result: dict, load: float, speeds: str, policy: str, arrivals: str):
    """Left: p50 and p99 latency against offered load; right: each server's utilisation."""
    fig, (left, right) = style.figure(1, 2, figsize=style.WIDE)
    _fixed(fig, wspace=0.12)
    loads = result["loads"]
    # The axis label names the curves: a legend is a costly artist to draw.
    left.plot(loads, result["p99"], "s-", color=style.PALETTE["vermillion"])
    left.plot(loads, result["p50"], "o-", color=style.PALETTE["blue"])
    left.axvline(load, color=style.NEUTRAL, ls=":")
    left.plot([load, load], result["at_load"], "k.", ms=9)  # this load's run, as on the right
    style.log_axis(left, "y")
    left.yaxis.set_minor_locator(mticker.NullLocator())  # minor ticks are most of the cost
    left.xaxis.set_major_locator(mticker.MultipleLocator(0.2))
    style.label(left, f"{policy}, {arrivals} arrivals (dotted: load {load:.2f})",
                "offered load (share of total speed)",
                "p99 (squares), p50 (dots): s, log scale")
    util = result["utilisation"]
    colours = [style.BAD if u > 0.97 else style.PALETTE["sky"] for u in util]
    places = list(range(len(util)))
    right.bar(places, util, color=colours)
    # Percentages on the bars instead of a y axis: fewer ticks and grid lines to draw.
    right.set_xticks(places, [f"{i} (×{s:g})" for i, s in enumerate(result["speeds"])])
    right.set_ylim(0, 1.12)
    right.set_yticks([])
    right.grid(False)
    for i, u in enumerate(util):
        right.text(i, u + 0.02, f"{u:.0%}", ha="center", fontsize=9)
    p50, p99 = result["at_load"]
    style.label(right, f"utilisation at load {load:.2f}: p50 {p50:.2f} s, p99 {p99:.2f} s",
                "server (number, speed)", "")
    return style.describe(fig, (
        f"Policy {policy} over servers {speeds}: p50 and p99 latency rise with offered "
        f"load; at load {load:.2f} the servers are busy "
        + ", ".join(f"{u:.0%}" for u in util) + " of the time (orange: more than 97%)."))


def steps_view(result: dict, step: int, policy: str, speeds: str):
    """The first requests: a row per server, a bar per request in service, dashes while waiting."""
    run, shown = result["run"], result["shown"]
    fig, ax = style.figure(figsize=style.WIDE)
    _fixed(fig, left=0.13)
    now = run.arrival[shown - 1] if shown else 0.0
    colours = [style.COLORS[i % 7] for i in range(shown)]  # not black: numbers must show
    rows, start, finish = run.server[:shown], run.start[:shown], run.finish[:shown]
    ax.barh(rows, finish - start, left=start, height=0.4, color=colours, edgecolor="black",
            lw=0.5)  # one call for every bar: much cheaper to draw than one call each
    waited = np.flatnonzero(start > run.arrival[:shown])
    ax.add_collection(LineCollection(
        [[(run.arrival[i], rows[i] + 0.25), (start[i], rows[i] + 0.25)] for i in waited],
        colors=[colours[i] for i in waited], linestyles="--", linewidths=1))
    for i in range(shown):
        ax.text(start[i] + 0.02, rows[i], str(i), va="center", fontsize=8)
    ax.axvline(now, color=style.NEUTRAL, ls=":")
    ax.set_yticks(range(len(run.speeds)),
                  [f"server {i} (×{v:g})" for i, v in enumerate(run.speeds)])
    ax.set_ylim(-0.6, len(run.speeds) - 0.4)
    ax.set_xlim(0, float(np.max(run.finish)) * 1.02)
    style.label(ax, f"{policy}: the first {shown} requests (dotted line: request {shown - 1} "
                    f"arrives)" if shown else f"{policy}: no requests yet",
                "time (s)", "")
    waits = (run.start[:shown] - run.arrival[:shown]).sum() if shown else 0.0
    return style.describe(fig, (
        f"Timeline of the first {shown} requests under {policy} over {speeds}: bars are "
        f"service, dashes waiting; {waits:.1f} s of waiting in all."))


def failover_view(result: dict, interval: float, threshold: int, timeout: float,
                  after: float):
    """Probes and requests to server 0 around its death, up to the chosen moment."""
    run, now = result["run"], result["now"]
    fig, ax = style.figure(figsize=(10.0, 2.8))
    _fixed(fig, left=0.16)
    start = run.fail_at - 2.0
    probes = [p for p in run.probes if start <= p[0] <= now]
    ok = [p[0] for p in probes if p[1]]
    failed = [p for p in probes if not p[1]]
    ax.plot(ok, [1] * len(ok), "o", color=style.PALETTE["green"], ls="none")
    ax.plot([p[0] for p in failed], [1] * len(failed), "x", color=style.BAD, ls="none", ms=8)
    ax.add_collection(LineCollection([[(s, 1), (min(k, now), 1)] for s, _, k in failed],
                                     colors=style.BAD, linewidths=2))  # waiting for timeout
    sent = [(t, good) for t, server, good in run.requests if server == 0 and start <= t <= now]
    ax.vlines([t for t, good in sent], -0.15, 0.15,
              colors=[style.PALETTE["sky"] if good else style.BAD for _, good in sent], lw=1)
    ax.axvline(run.fail_at, color="black", ls="--", lw=1)
    if result["down"]:
        ax.axvline(run.detected_at, color=style.BAD, lw=1.5)
    ax.axvline(now, color=style.NEUTRAL, ls=":")
    ax.set_yticks([0, 1], ["requests to server 0", "health probes"])
    ax.set_ylim(-0.5, 1.5)
    ax.set_xlim(start, run.fail_at + 12.5)
    ax.grid(False)
    state = (f"marked down after {run.detection:.2f} s (red line)" if result["down"]
             else f"{result['failures']} of {threshold} failed probes in a row")
    style.label(ax, f"death (dashed) + {after:.1f} s: {state}, {result['errors']} requests "
                    f"failed", "time (s)", "")
    return style.describe(fig, (
        f"Health probes every {interval:g} s (threshold {threshold}, timeout {timeout:g} s) and "
        f"the requests sent to server 0 around its death at {run.fail_at:g} s: {state}, "
        f"{result['errors']} requests failed by then."))
