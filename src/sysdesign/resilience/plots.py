"""Figures for notebook 17: breaker timeline, retry policies, overload."""

from __future__ import annotations

import numpy as np
from matplotlib.ticker import MaxNLocator, NullLocator

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
    ax.axvspan(lo, hi, color="#CC79A7", alpha=0.15, label="dependency failing")
    times = [t for t, _ in result["states"] if t <= at]
    ys = [Y[s] for t, s in result["states"] if t <= at]
    ax.step(times, ys, where="post", color="#0072B2", lw=1.5, label="breaker state")
    for outcome in ("ok", "failed", "rejected"):
        pts = [(t, Y[before]) for t, before, o in result["calls"] if o == outcome and t <= at]
        if pts:
            xs, yv = zip(*pts, strict=True)
            ax.scatter(xs, np.array(yv) + 0.25, s=10, color=COLORS[outcome], label=outcome)
    ax.axvline(at, color="black", lw=0.8)
    ax.set_xlim(0, 80)
    ax.set_xticks(range(0, 81, 20))  # few ticks: each one costs a redraw time
    ax.set_ylim(-0.4, 3.1)
    ax.set_yticks([0, 1, 2], ["closed", "half-open", "open"])
    c = result["counts"]
    style.label(ax, "a circuit breaker in front of a failing dependency", "time (s)",
                "breaker state")
    ax.text(0.01, 0.97, f"t = {at} s: {result['now_state'].replace('_', '-')}; "
            f"{c['ok']} ok, {c['failed']} failed, {c['rejected']} rejected",
            transform=ax.transAxes, va="top", fontsize=8)
    ax.legend(loc="upper right", fontsize=7, ncols=3)
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
    top.plot(t, result["offered"], color="#D55E00", label="sent (first tries + retries)")
    top.plot(t, result["good"], color="#009E73", label="answered in time (goodput)")
    top.plot(t, result["wasted"], color="#999999", label="served after client left")
    top.axhline(result["capacity"], color="black", ls="--", lw=0.8, label="capacity")
    top.set_ylim(0, max(60, 10 * np.ceil(result["offered"].max() / 10)))
    top.yaxis.set_major_locator(MaxNLocator(4))
    bottom.yaxis.set_major_locator(MaxNLocator(4))
    bottom.set_xticks(range(0, 61, 20))
    top.xaxis.set_major_locator(NullLocator())  # same time axis as below: ticks cost time
    for ax in (top, bottom):
        ax.set_xlim(0, len(t))
    top.legend(fontsize=7, loc="upper right")
    style.label(top, "load on one server (shaded: the spike)", "", "requests/s")
    top.text(0.01, 0.95, f"from 20 s after the spike: {result['goodput_after']:.1f} good/s "
             f"of {result['offered_after']:.1f} sent/s", transform=top.transAxes,
             va="top", fontsize=8)
    bottom.plot(t, result["queue"], color="#0072B2")
    style.label(bottom, "queue length", "time (s)", "requests waiting")
    recovered = result["goodput_after"] >= 0.8 * min(result["offered_after"],
                                                      result["capacity"])
    verdict = ("goodput returns to the arrival rate and the queue drains" if recovered else
               "after the spike the load stays above capacity, the queue keeps growing and "
               "goodput stays near zero: a metastable failure")
    return style.describe(fig, "Requests per second and queue length over 60 s with a "
                          f"load spike from {lo:g} to {hi:g} s (shaded): {verdict}.")
