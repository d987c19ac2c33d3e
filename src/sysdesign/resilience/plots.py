"""Figures for notebook 17: breaker timeline, retry policies, overload."""

from __future__ import annotations

import numpy as np
from matplotlib.lines import Line2D
from matplotlib.ticker import MaxNLocator

from ..core import style

COLORS = {"closed": "#009E73", "open": "#D55E00", "half_open": "#E69F00",
          "ok": "#009E73", "failed": "#D55E00", "rejected": "#999999"}
Y = {"closed": 0, "half_open": 1, "open": 2}
SHORT = {"immediate": "immed.", "exponential": "expon.", "decorrelated": "decorr."}


def breaker_timeline_view(result, at_s=None, **_):
    """Breaker state over time (step line) and each call's outcome, up to ``at_s``."""
    at = result["at"] if at_s is None else at_s
    fig, ax = style.figure(figsize=(8, 3.2))
    lo, hi = result["outage"]
    ax.axvspan(lo, hi, color="#CC79A7", alpha=0.15)
    # The state is sampled every 0.1 s: its steps need only the samples where it changes
    # (and the last one), a few dozen points instead of 800 for the same line.
    times, ys = [], []
    seen = [(t, Y[s]) for t, s in result["states"] if t <= at]
    for i, (t, y) in enumerate(seen):
        if i == 0 or y != ys[-1] or i == len(seen) - 1:
            times.append(t)
            ys.append(y)
    ax.add_line(Line2D(times, ys, drawstyle="steps-post", color="#0072B2", lw=1.5))
    for outcome in ("ok", "failed", "rejected"):
        pts = [(t, Y[before] + 0.25) for t, before, o in result["calls"]
               if o == outcome and t <= at]
        if pts:
            xs, yv = zip(*pts, strict=True)
            ax.add_line(Line2D(xs, yv, ls="none", marker="o", ms=4, mew=0,
                               color=COLORS[outcome]))
    ax.axvline(at, color="black", lw=0.8)
    ax.set_xlim(0, 80)
    ax.set_xticks(range(0, 81, 20), [str(t) for t in range(0, 81, 20)])
    ax.set_ylim(-0.4, 3.1)
    ax.set_yticks([0, 1, 2], ["closed", "half-open", "open"])
    c = result["counts"]
    style.label(ax, "a circuit breaker in front of a failing dependency", "time (s)",
                "breaker state")
    # One text instead of a legend: a legend of five entries costs more than the data.
    ax.text(0.01, 0.97, f"t = {at} s: {result['now_state'].replace('_', '-')}; calls: "
            f"{c['ok']} ok (green), {c['failed']} failed (red), {c['rejected']} rejected "
            "(grey)\nshaded: the dependency failing", transform=ax.transAxes, va="top",
            fontsize=8)
    return style.describe(fig, "Breaker state over 80 s while the dependency fails from "
                          "20 to 50 s: it opens after a run of failures, rejects calls "
                          "without calling, tries again after the reset timeout, and "
                          "closes once a trial succeeds after the outage.")


def retry_policies_view(result, **_):
    """Calls made (bars) and time until the last client succeeded (label) per policy."""
    fig, ax = style.figure(figsize=(8, 3))
    names = list(result)
    calls = [result[p]["calls"] for p in names]
    ax.bar([SHORT.get(p, p) for p in names], calls, color="#0072B2")
    top = max(calls)
    for i, p in enumerate(names):
        everyone = result[p]["done"] == len({a[0] for a in result[p]["attempts"]})
        text = (f"all done\nat {result[p]['completion']:.0f}" if everyone
                else f"{result[p]['done']} done,\nnever all")
        ax.text(i, calls[i] + 0.02 * top, text, ha="center", va="bottom", fontsize=8)
    ax.set_ylim(0, 1.3 * top)
    ax.yaxis.set_major_locator(MaxNLocator(3))
    style.label(ax, "work per retry policy, and when the last client succeeded",
                "retry policy", "calls made")
    return style.describe(fig, "Bars of calls made per retry policy, labelled with the "
                          "time the last client succeeded: immediate and plain exponential "
                          "retries stay in lock step, use every attempt and never let "
                          "every client finish; jittered backoff (full, equal, "
                          "decorrelated) lets all finish with far fewer calls.")


def overload_view(result, **_):
    """Offered load, goodput and queue length per second."""
    fig, (top, bottom) = style.figure(2, 1, figsize=(8, 4.2))
    t = result["t"]
    lo, hi = result["spike"]
    for ax in (top, bottom):
        ax.axvspan(lo, hi, color="#CC79A7", alpha=0.15, lw=0)
        ax.set_xlim(0, len(t))
    for key, color in (("offered", "#D55E00"), ("good", "#009E73"), ("wasted", "#999999")):
        top.add_line(Line2D(t, result[key], color=color))
    top.axhline(result["capacity"], color="black", ls="--", lw=0.8)
    ymax = max(60, 10 * np.ceil(result["offered"].max() / 10))
    top.set_ylim(0, ymax)
    style.round_ticks(top.yaxis, 0, ymax, most=3)
    top.set_xticks([])  # same time axis as below: ticks cost time
    # One text instead of a legend: a legend costs several times as much to draw.
    top.text(0.99, 0.95, "red: sent (first tries + retries)\ngreen: answered in time "
             "(goodput)\ngrey: served after client left\ndashed: capacity",
             transform=top.transAxes, va="top", ha="right", ma="left", fontsize=7)
    style.label(top, "load on one server (shaded: the spike)", "", "requests/s")
    top.text(0.01, 0.95, f"from 20 s after the spike: {result['goodput_after']:.1f} good/s "
             f"of {result['offered_after']:.1f} sent/s", transform=top.transAxes,
             va="top", fontsize=8)
    queue = result["queue"]
    bottom.add_line(Line2D(t, queue, color="#0072B2"))
    qmax = max(1.0, float(queue.max())) * 1.05
    bottom.set_ylim(-0.05 * qmax, qmax)
    style.round_ticks(bottom.yaxis, 0, qmax, most=3)
    style.round_ticks(bottom.xaxis, 0, len(t), most=3)
    style.label(bottom, "queue length", "time (s)", "requests waiting")
    recovered = result["goodput_after"] >= 0.8 * min(result["offered_after"],
                                                      result["capacity"])
    verdict = ("goodput returns to the arrival rate and the queue drains" if recovered else
               "after the spike the load stays above capacity, the queue keeps growing and "
               "goodput stays near zero: a metastable failure")
    return style.describe(fig, "Requests per second and queue length over 60 s with a "
                          f"load spike from {lo:g} to {hi:g} s (shaded): {verdict}.")
