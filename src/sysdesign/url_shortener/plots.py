"""Figures for notebook 29: the simulated day against its estimate."""

from __future__ import annotations

import numpy as np

from ..core import style
from .day import HOURS, Day


def shard_load(result: Day, hour: int | None = None, ax=None):
    """Real reads per second at each shard in one hour (default: the busiest), against
    the estimate's busiest-hour load per shard."""
    fig, ax = style.new_axes(ax, figsize=(6.4, 3.0))
    mu = 1e3 / result.design.db_service_ms
    hour = result.busiest_hour if hour is None else int(hour)
    load = result.shard_qps[hour]
    colours = [style.PALETTE["vermillion"] if q >= mu else style.PALETTE["blue"] for q in load]
    ax.bar(np.arange(load.size), load, color=colours, label="measured")
    ax.axhline(result.expected_shard_qps(), color=style.PALETTE["black"], ls="--",
               label="estimate at peak")
    ax.axhline(mu, color=style.PALETTE["vermillion"], ls=":", label="capacity μ")
    ax.set_ylim(0, 1.3 * max(mu, result.shard_qps.max()))  # room for the legend
    p99 = np.percentile(result.latency_s[result.hour == hour], 99, method="inverted_cdf") * 1e3
    style.label(ax, f"Reads per shard at hour {hour} (p99 {p99:.1f} ms)", "shard",
                "reads/s (real scale)")
    ax.legend(loc="upper right", ncols=3)
    worst = int(np.argmax(load))
    over = int(np.sum(load >= mu))
    return style.describe(fig, (
        f"Bars of real reads per second at each of {load.size} shards in hour {hour}, from "
        f"{load.min():.0f} to {load.max():.0f} (shard {worst} busiest), against the "
        f"estimate's {result.expected_shard_qps():.0f} per shard at peak and a capacity of "
        f"{mu:.0f}; {over} shard(s) at or over capacity; p99 latency that hour "
        f"{p99:.1f} ms."))


def hourly_percentiles(result: Day, q: float) -> np.ndarray:
    """The q-th latency percentile (ms) of each hour (nearest rank)."""
    return np.array([np.percentile(result.latency_s[result.hour == h], q,
                                   method="inverted_cdf") * 1e3 for h in range(HOURS)])


def latency_by_hour(result: Day, ax=None):
    """p90 and p99 latency in each hour of the day, with the hour's real reads per second.

    (Not p50: with about half the requests hits, the median jumps between a hit and a miss.)
    """
    fig, ax = style.new_axes(ax, figsize=(6.4, 3.0))
    hours = np.arange(HOURS)
    p90, p99 = hourly_percentiles(result, 90), hourly_percentiles(result, 99)
    ax.plot(hours, p90, color=style.PALETTE["green"], marker=".", label="p90")
    ax.plot(hours, p99, color=style.PALETTE["orange"], marker=".", label="p99")
    style.label(ax, "Redirect latency by hour", "hour of the day", "latency (ms)")
    ax.set_ylim(0, 1.1 * p99.max())
    twin = ax.twinx()
    twin.plot(hours, result.hourly_qps(), color=style.PALETTE["black"], ls=":", lw=1)
    twin.set_ylabel("reads/s (dotted)")
    twin.set_ylim(0, None)
    ax.legend(loc="upper left")
    busiest = int(np.argmax(result.hourly_qps()))
    return style.describe(fig, (
        f"p90 and p99 latency per hour follow the traffic (dotted): p90 from "
        f"{p90.min():.1f} to {p90.max():.1f} ms, p99 from {p99.min():.1f} to "
        f"{p99.max():.1f} ms; the busiest hour is hour {busiest}."))


def day_view(result: Day, *, hour: int = 14, **_values):
    """The panel: per-shard load in the chosen hour against the estimate, and the
    measured-vs-estimated table of the whole day."""
    return [shard_load(result, hour), result.report().round(3)]
