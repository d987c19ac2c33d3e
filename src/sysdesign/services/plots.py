"""Figures for notebook 23: stale registry entries, the gateway's stages."""

from __future__ import annotations

from ..core import style

ALIVE, LISTED, CACHED = "#009E73", "#D55E00", "#E69F00"


def discovery_view(result, at_s=None, **_):
    """Each dying instance: alive, dead but listed, dead but in clients' caches;
    requests sent to dead instances so far, per mode."""
    at = result["at"] if at_s is None else at_s
    fig, (ax, bx) = style.figure(1, 2, figsize=(8, 2.8), width_ratios=[3, 1])
    horizon = result["horizon"]
    names = sorted(result["dying"])
    rows = range(len(names))
    death = [result["death"][n] for n in names]
    listed = [result["listed_until"][n] - result["death"][n] for n in names]
    cached = [result["cached_until"][n] - result["death"][n] for n in names]
    ax.barh(rows, death, color=ALIVE, height=0.6, label="alive")
    ax.barh(rows, cached, left=death, color=CACHED, height=0.6,
            label="dead, still in client caches")
    ax.barh(rows, listed, left=death, color=LISTED, height=0.6,
            label="dead, still in registry")
    ax.axvline(at, color="black", lw=0.8)
    ax.set_yticks(rows, names)
    ax.set_xlim(0, horizon)
    ax.set_ylim(-0.5, len(names) + 0.6)  # room for the legend above the bars
    ax.legend(loc="upper left", fontsize=7, ncols=3)
    style.label(ax, "instances that die silently", "time (s)", "instance")
    so_far = result["dead_so_far"]
    modes = list(so_far)
    bx.bar(["server", "client"], [so_far[m] for m in modes], color=[LISTED, CACHED])
    for i, m in enumerate(modes):
        bx.text(i, so_far[m], str(so_far[m]), ha="center", va="bottom", fontsize=8)
    bx.set_ylim(0, 1.25 * max(1, *result["dead"].values()))
    style.label(bx, "sent to dead", f"discovery (by t = {at} s)", "requests")
    return style.describe(fig, f"{len(names)} of {len(result['names'])} instances die "
                          "silently. Each stays in the registry until its last heartbeat plus "
                          "the TTL, and in client-side caches until the next refresh after "
                          f"that. Requests sent to dead instances by t = {at} s: "
                          f"{so_far[modes[0]]} with {modes[0]} and {so_far[modes[1]]} with "
                          f"{modes[1]} discovery.")


def gateway_view(result, **_):
    """Requests entering each stage (rejected and answered there stacked), and latency."""
    table = result["table"]
    fig, (ax, bx) = style.figure(1, 2, figsize=(8, 2.6))
    stages = list(table.index)
    passed = table["entered"] - table["rejected"] - table["answered"]
    ax.barh(stages, passed, color="#0072B2", label="passed on")
    ax.barh(stages, table["rejected"], left=passed, color="#D55E00", label="rejected")
    ax.barh(stages, table["answered"], left=passed + table["rejected"], color="#009E73",
            label="answered here")
    ax.invert_yaxis()
    ax.legend(loc="lower right", fontsize=7)
    style.label(ax, "requests at each stage", "requests", "")
    bx.barh(stages, table["mean ms"], color="#0072B2")
    bx.barh(stages, table["p99 ms"] - table["mean ms"], left=table["mean ms"],
            color="#56B4E9")
    bx.invert_yaxis()
    bx.set_yticks([])
    style.label(bx, "latency there: mean (dark), p99 (light)", "ms", "")
    return style.describe(fig, "Funnel of the gateway: how many requests enter each stage "
                          "(auth, rate limit, route, cache, aggregate), how many each rejects "
                          f"or answers ({int(table['rejected'].sum())} rejected, "
                          f"{int(table.loc['cache', 'answered'])} answered by the cache), and "
                          "the mean and p99 latency each adds: the aggregate stage, the only "
                          "one that calls backends, adds nearly all of it.")
