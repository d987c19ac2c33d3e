"""Figures for the DNS notebook, and one ``<name>_view`` per panel of
:mod:`sysdesign.dns.widgets`. Every figure ends with its alt text, written from its data."""

from __future__ import annotations

import matplotlib.ticker as mticker
import numpy as np
import pandas as pd

from ..core import style
from . import traffic as traffic_model
from .migration import Migration
from .resolution import WHERE, Lookup, Workload

WHERE_LABELS = {"stub": "stub cache hit", "recursive": "recursive resolver hit",
                "network": "asked the servers"}
WHERE_COLOURS = {"stub": style.PALETTE["green"], "recursive": style.PALETTE["sky"],
                 "network": style.PALETTE["vermillion"]}
SERVER_COLOURS = [style.PALETTE["blue"], style.PALETTE["orange"], style.PALETTE["purple"]]


def _duration(seconds: float) -> str:
    if seconds >= 86_400 and seconds % 3600 == 0:
        return f"{seconds / 86_400:g} d" if seconds % 86_400 == 0 else f"{seconds / 3600:g} h"
    if seconds >= 3600:
        return f"{seconds / 3600:.3g} h"
    if seconds >= 60:
        return f"{seconds / 60:.3g} min"
    return f"{seconds:.3g} s"


# --- one name: the closed form --------------------------------------------------------------

def single_name(table: pd.DataFrame, *, ax=None):
    """Measured hit ratio of one name against λT / (1 + λT)."""
    fig, ax = style.new_axes(ax)
    load = np.logspace(-2, 2, 200)
    ax.plot(load, load / (1 + load), color=style.NEUTRAL, label="λT / (1 + λT)")
    ax.plot(table["λT"], table["measured"], "o", color=style.PALETTE["blue"],
            label="simulated TTL cache")
    style.log_axis(ax, "x")
    ax.xaxis.set_minor_locator(mticker.NullLocator())
    style.percent_axis(ax)
    style.label(ax, "One name in a TTL cache: hit ratio against load",
                "λT: queries per TTL (rate × TTL)", "hit ratio")
    ax.legend(loc="upper left")
    return style.describe(fig, f"Hit ratio of a single name in a TTL cache rises with λT, "
                               f"queries per TTL: simulated points lie on the curve "
                               f"λT/(1+λT), {table['measured'].iloc[0]:.0%} at λT = "
                               f"{table['λT'].iloc[0]:g} and {table['measured'].iloc[-1]:.0%} "
                               f"at λT = {table['λT'].iloc[-1]:g}.")


# --- many names through the hierarchy -------------------------------------------------------------

def lookups_view(result: Workload, *, ttl_s: float = 300.0, alpha: float = 1.0,
                 **_values):
    """Latency distribution (CDF) and where answers came from, with the closed forms."""
    fig, (left, right) = style.figure(1, 2, figsize=style.WIDE)
    latency = np.sort(result.latency_ms)
    p50, p95, p99 = np.percentile(latency, [50, 95, 99])
    # The CDF at 400 evenly spaced shares: the same curve, far fewer points to draw.
    share = np.linspace(0, 1, 401)[1:]
    left.step(np.quantile(latency, share), share, where="post", color=style.PALETTE["blue"],
              label=f"p50 {p50:.0f} ms, p95 {p95:.0f} ms, p99 {p99:.0f} ms")
    left.set_xlim(-5, 200)
    left.set_ylim(0, 1.02)
    left.set_xticks([0, 50, 100, 150, 200])  # few ticks: each one costs a redraw time
    left.set_yticks([0, 0.25, 0.5, 0.75, 1])
    # Titles stay the same as the controls move, so a panel redraw reuses the layout;
    # what changes goes in the legends.
    left.legend(loc="lower right", title=f"TTL {_duration(ttl_s)}, Zipf α = {alpha:g}")
    style.percent_axis(left)
    style.label(left, "Lookup latency", "lookup latency (ms)", "lookups this fast or faster")
    counts = [int(np.sum(result.where == i)) for i in range(len(WHERE))]
    shares = np.array(counts) / max(1, result.queries)
    bottom = 0.0
    for where, value in zip(WHERE, shares, strict=True):
        right.bar(0, value, bottom=bottom, color=WHERE_COLOURS[where], width=0.5,
                  label=f"{WHERE_LABELS[where]} ({value:.0%})")
        bottom += value
    right.plot([-0.35, 0.35], [result.theory_hit_ratio] * 2, color=style.PALETTE["black"],
               lw=2, label=f"expected hit ratio, caches start empty "
                           f"({result.theory_hit_ratio:.0%})")
    right.plot([-0.35, 0.35], [result.steady_hit_ratio] * 2, color=style.PALETTE["black"],
               lw=1, ls="--", label=f"long-run hit ratio, Σ p·λpT/(1+λpT) "
                                    f"({result.steady_hit_ratio:.0%})")
    right.set_xlim(-0.5, 2.6)
    right.set_xticks([])
    right.set_ylim(0, 1.02)
    right.set_yticks([0, 0.25, 0.5, 0.75, 1])
    style.percent_axis(right)
    style.label(right, "Where lookups were answered", "", "share of lookups")
    right.legend(loc="center right", fontsize=8, title=f"{result.queries:,} lookups")
    return style.describe(fig, (
        f"With TTL {_duration(ttl_s)} and Zipf alpha {alpha:g}, {result.hit_ratio:.0%} of "
        f"{result.queries:,} lookups were answered from a cache (expected "
        f"{result.theory_hit_ratio:.0%}); median latency {p50:.0f} ms, p99 {p99:.0f} ms, "
        f"the slow tail being lookups that walked the tree."))


# --- one lookup, step by step -------------------------------------------------------------------

LANES = ("client 0", "recursive", "root", "TLD .com", "auth site0.com")


def cold_lookup_view(result: Lookup, *, at_ms: float = 150, warm: str = "cold",
                     **_values) -> list:
    """A sequence diagram of one lookup up to ``at_ms`` (a lane per server, a numbered arrow
    per message, a message on its way drawn as far as it has come), and the messages so far."""
    fig, ax = style.figure(figsize=(8.0, 3.6))
    lane = {name: i for i, name in enumerate(LANES)}
    for y in lane.values():
        ax.axhline(y, color=style.NEUTRAL, lw=0.6)
    ax.set_yticks(range(len(LANES)), [n.replace("auth ", "authoritative ") for n in LANES])
    arrived = 0
    for number, hop in enumerate(result.hops, start=1):
        if hop.sent > at_ms:
            continue
        y0, y1 = lane[hop.src], lane[hop.dst]
        frac = 1.0 if hop.arrived <= at_ms else (at_ms - hop.sent) / (hop.arrived - hop.sent)
        x1, ya = hop.sent + frac * (hop.arrived - hop.sent), y0 + frac * (y1 - y0)
        colour = style.PALETTE["vermillion"] if y1 > y0 else style.PALETTE["blue"]
        ax.annotate("", xy=(x1, ya), xytext=(hop.sent, y0),
                    arrowprops={"arrowstyle": "-|>" if frac == 1.0 else "-",
                                "color": colour, "lw": 1.5, "shrinkA": 0, "shrinkB": 0})
        ax.text((hop.sent + x1) / 2, (y0 + ya) / 2, f" {number} ", fontsize=9, color=colour,
                ha="right" if y1 > y0 else "left", va="center", fontweight="bold")
        arrived += frac == 1.0
    ax.axvline(at_ms, color=style.PALETTE["black"], lw=0.8, ls=":")
    ax.set_xlim(-2, 152)
    ax.set_ylim(len(LANES) - 0.5, -0.5)
    end = result.end
    status = (f"answered after {end:.0f} ms" if end <= at_ms
              else f"{arrived} of {len(result.hops)} messages arrived")
    ax.text(0.01, 0.03, f"caches: {warm}\nat {at_ms:g} ms: {status}", transform=ax.transAxes,
            ha="left", va="bottom", fontsize=9,
            bbox={"boxstyle": "round", "fc": "white", "ec": style.NEUTRAL})
    style.label(ax, "One lookup, message by message", "time since the client asked (ms)", "")
    fig = style.describe(fig, (
        f"Sequence diagram of one lookup of host0.site0.com, resolver caches {warm}: "
        f"{len(result.hops)} messages, answered after {end:.0f} ms; at {at_ms:g} ms "
        f"{arrived} have arrived."))
    table = pd.DataFrame([{"#": i, "from": h.src, "to": h.dst, "sent (ms)": round(h.sent, 1),
                           "arrives (ms)": round(h.arrived, 1), "says": h.says}
                          for i, h in enumerate(result.hops, start=1) if h.sent <= at_ms])
    return [fig, table.set_index("#")]


# --- migration ----------------------------------------------------------------------------------

def migration_view(result: dict, *, old_ttl_s: float = 86_400, new_ttl_s: float = 300,
                   lead_s: float = 3600.0, **_values):
    """Share of queries still sent to the old address after the move, on a log time axis."""
    run: Migration = result["run"]
    fig, ax = style.figure(figsize=style.FIGSIZE)
    minutes = np.maximum(run.times / 60, 0.1)
    ax.plot(minutes, result["baseline"], color=style.NEUTRAL, lw=2,
            label=f"TTL left at {_duration(old_ttl_s)}")
    ax.plot(minutes, result["prepared"], color=style.GOOD, lw=2,
            label=f"lowered to {_duration(new_ttl_s)} a full {_duration(old_ttl_s)} before")
    when = f"{_duration(lead_s)} before" if lead_s else "at the move"
    ax.step(minutes, run.old, where="post", color=style.BAD,
            label=f"simulated: lowered to {_duration(new_ttl_s)} {when}")
    ax.plot(minutes, run.theory, color=style.PALETTE["black"], lw=1, ls="--",
            label="renewal model of that")
    style.log_axis(ax, "x")
    ax.xaxis.set_minor_locator(mticker.NullLocator())  # minor log ticks cost a third of a draw
    ax.set_xlim(0.1, minutes[-1])
    ax.set_ylim(0, 1.02)
    ax.set_yticks([0, 0.25, 0.5, 0.75, 1])
    style.percent_axis(ax)
    style.label(ax, "After the move: queries still sent to the old address",
                "minutes since the address changed (log scale)", "queries to the old address")
    # Right of the short-TTL drop and below the long-TTL curves: clear of every curve at the
    # defaults, where "lower left" hid the green line just as it reached zero.
    ax.legend(loc="center", bbox_to_anchor=(0.6, 0.45), fontsize=8)
    hour = float(np.interp(60.0, minutes, run.old))
    return style.describe(fig, (
        f"Share of queries still sent to the old address after the move, log time axis: "
        f"with the TTL left at {_duration(old_ttl_s)} it falls to zero only after "
        f"{_duration(old_ttl_s)}; lowered to {_duration(new_ttl_s)} a full old TTL ahead it "
        f"is gone within {_duration(new_ttl_s)}; lowered {when}, {run.old[0]:.0%} at the "
        f"move and {hour:.0%} one hour later."))


# --- traffic ------------------------------------------------------------------------------------

def traffic_view(result: traffic_model.Split, *, policy: str = "round robin",
                 ttl_s: float = 300.0, **_values):
    """Share of requests per server, minute by minute; the legend gives the whole hour's."""
    fig, ax = style.figure(figsize=style.WIDE)
    bin_minutes = (result.times[1] - result.times[0]) / 60 if len(result.times) > 1 else 1.0
    # One more edge than bins, so the last minute is drawn as a step too.
    minutes = np.append(result.times / 60, result.times[-1] / 60 + bin_minutes)
    for i, server in enumerate(traffic_model.SERVERS):
        shares = np.append(result.per_bin[:, i], result.per_bin[-1, i])
        ax.step(minutes, shares, where="post", color=SERVER_COLOURS[i],
                label=f"{server}: {result.shares[i]:.0%} of the hour")
    ax.set_ylim(0, 1)
    ax.set_xlim(0, minutes[-1])
    style.percent_axis(ax)
    cache_text = "no caching" if ttl_s == 0 else f"TTL {_duration(ttl_s)}"
    style.label(ax, "Requests per server, minute by minute", "minute",
                "share of that minute's requests")
    ax.legend(loc="upper right", fontsize=8, title=f"{policy}, {cache_text}; mean round trip "
                                                  f"{result.mean_rtt_ms:.0f} ms")
    return style.describe(fig, (
        f"{policy.capitalize()} DNS with {cache_text}: over the hour the servers get "
        f"{', '.join(f'{s:.0%}' for s in result.shares)} of requests, but minute by minute a "
        f"server's share strays up to {100 * result.lumpiness:.0f} percentage points from "
        f"that; users' mean round trip {result.mean_rtt_ms:.0f} ms."))
