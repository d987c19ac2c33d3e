"""Figures for notebook 25: queueing curves, scaling, tail at scale, load test, traces."""

from __future__ import annotations

import numpy as np
from matplotlib.ticker import MaxNLocator

from ..core import style

BLUE, ORANGE, GREEN, RED, GREY = "#0072B2", "#E69F00", "#009E73", "#D55E00", "#999999"


def _fixed(fig, **margins):
    """A fixed layout (no constrained-layout pass): panels redraw in one drawing pass."""
    fig.set_layout_engine(None)
    fig.subplots_adjust(**margins)
    return fig


class _HockeyFigure:
    """The hockey-stick figure, built once; a redraw only moves its data (half the cost)."""

    def __init__(self):
        fig, ax = style.figure(figsize=(6.4, 3.0))
        _fixed(fig, left=0.1, right=0.96, bottom=0.15, top=0.9)
        (self.curve,) = ax.plot([], [], color=BLUE, label="M/M/c mean (closed form)")
        self.service = ax.axhline(10, color=GREY, ls="--", lw=0.8, label="service time")
        (self.mean,) = ax.plot([], [], "o", color=RED, zorder=3,
                               label="simulated mean (core.events)")
        (self.p99,) = ax.plot([], [], "^", color=ORANGE, zorder=3, label="simulated p99")
        ax.set_xlim(0, 1)
        ax.set_xticks([0, 0.5, 1])
        style.percent_axis(ax, "x")
        ax.yaxis.set_major_locator(MaxNLocator(3))
        style.label(ax, "latency vs utilisation (the hockey stick)", "utilisation",
                    "time in system (ms)")
        self.note = ax.text(0.02, 0.95, "", transform=ax.transAxes, va="top", fontsize=8)
        self.legend = ax.legend(loc="center left", fontsize=8)
        self.fig, self.ax = fig, ax

    def update(self, result) -> None:
        c = result["servers"]
        self.curve.set_data(result["utilization"], result["latency_ms"])
        self.legend.get_texts()[0].set_text(f"M/M/{c} mean (closed form)")
        self.service.set_ydata([result["service_ms"]] * 2)
        self.mean.set_data([result["at"]], [result["simulated_ms"]])
        self.p99.set_data([result["at"]], [result["simulated_p99_ms"]])
        self.ax.set_ylim(0, max(10 * result["service_ms"], 1.1 * result["simulated_p99_ms"]))
        self.note.set_text(f"{c} server(s) of {result['service_ms']:g} ms; at "
                           f"{result['at']:.0%}: formula {result['predicted_ms']:.1f} ms, "
                           f"simulated {result['simulated_ms']:.1f} ms")


_FIGURES: dict[str, object] = {}


def _reused(name: str, build):
    """The one figure of a panel view, built on first use and updated afterwards."""
    if name not in _FIGURES:
        _FIGURES[name] = build()
    return _FIGURES[name]


def hockey_stick_view(result, **_):
    """Mean latency against utilisation (closed form) and the simulated point.

    Panels redraw it at every move of a slider, so the figure is built once and each call
    updates it in place and returns the same Figure.
    """
    figure = _reused("hockey_stick", _HockeyFigure)
    figure.update(result)
    return style.describe(figure.fig, "Mean time in system against utilisation: flat near "
                          "the service time at low load, then rising steeply as "
                          "utilisation nears 100 %, the hockey stick; the simulated run's "
                          f"mean ({result['simulated_ms']:.1f} ms) sits near the closed "
                          f"form ({result['predicted_ms']:.1f} ms), its p99 far above.")


class _TimelineFigure:
    """The queue-in-time figure, built once and updated in place."""

    def __init__(self):
        fig, ax = style.figure(figsize=(6.4, 2.8))
        _fixed(fig, left=0.1, right=0.97, bottom=0.17, top=0.9)
        (self.gauge,) = ax.step([], [], where="post", color=BLUE, lw=1)
        self.formula = ax.axhline(1, color=RED, ls="--", lw=0.8, label="M/M/1 mean L")
        self.now = ax.axvline(0, color="black", lw=0.8)
        ax.set_xlim(0, 30)
        ax.set_xticks([0, 10, 20, 30])
        ax.yaxis.set_major_locator(MaxNLocator(4, integer=True))
        style.label(ax, "one server over time: requests in the system", "time (s)",
                    "requests in system")
        self.note = ax.text(0.02, 0.95, "", transform=ax.transAxes, va="top", fontsize=8)
        ax.legend(loc="upper right", fontsize=8)
        self.fig, self.ax = fig, ax

    def update(self, result) -> None:
        self.gauge.set_data(result["t"], result["in_system"])
        self.formula.set_ydata([result["formula_L"]] * 2)
        self.now.set_xdata([result["at"]] * 2)
        self.ax.set_ylim(0, max(5, result["peak"] + 1))
        lam_w = result["lambda_so_far"] * result["W_so_far"]
        self.note.set_text(f"t = {result['at']:g} s: {result['done']} done; gauge mean L = "
                           f"{result['L_so_far']:.2f}, lambda x W = {lam_w:.2f}")


def queue_timeline_view(result, **_):
    """Requests in the system over time, up to the chosen moment, with Little's law so far
    (one figure, updated in place at each redraw)."""
    figure = _reused("queue_timeline", _TimelineFigure)
    figure.update(result)
    return style.describe(figure.fig, "Requests in a single-server queue over time: long "
                          "quiet stretches and sudden bursts of queueing, even though the "
                          "server is on average less busy than it can be; the running "
                          "mean of the gauge tracks arrival rate times mean latency "
                          "(Little's law).")


def scaling_view(result, **_):
    """Latency against throughput for several server counts, with the SLO line."""
    fig, ax = style.figure(figsize=(6.4, 3.0))
    _fixed(fig, left=0.1, right=0.97, bottom=0.15, top=0.9)
    for (c, (rates, lat)), color in zip(result["curves"].items(), style.COLORS, strict=False):
        ax.plot(rates, lat, color=color, label=f"{c} server{'s' if c > 1 else ''}")
    ax.axhline(result["slo_ms"], color="black", ls=":", lw=0.8, label="SLO (mean)")
    ax.set_ylim(0, 4 * result["slo_ms"] / 1.5)
    # Five labelled ticks a side (not nine): each tick is a label and two lines to draw.
    ax.xaxis.set_major_locator(MaxNLocator(5, steps=[1, 2, 5, 10]))
    ax.yaxis.set_major_locator(MaxNLocator(4))
    style.label(ax, "latency vs throughput as load and servers grow", "throughput (req/s)",
                "mean latency (ms)")
    ax.legend(fontsize=8, loc="upper left")
    return style.describe(fig, "Mean latency against throughput for 1, 2, 4 and 8 servers "
                          "of the same speed: every curve starts at the same latency "
                          "(performance) and more servers push the steep rise to higher "
                          "throughput (scalability).")


QUANTILES = (50, 90, 99, 99.9)


class _FanoutFigure:
    """The tail-at-scale figure (two axes), built once and updated in place."""

    def __init__(self):
        fig, (left, right) = style.figure(1, 2, figsize=(8.0, 2.8))
        _fixed(fig, left=0.1, right=0.98, bottom=0.16, top=0.9, wspace=0.3)
        (self.curve,) = left.plot([], [], color=BLUE, label="1 - (1 - p)^N")
        (self.point,) = left.plot([], [], "o", color=RED, zorder=3, label="simulated")
        left.set_xlim(-5, 205)
        left.set_ylim(0, 1)
        left.set_xticks([0, 100, 200])  # few ticks: each one costs redraw time
        left.set_yticks([0, 0.5, 1])
        style.percent_axis(left)
        style.label(left, "requests that meet a slow backend", "fan-out N (backends)",
                    "share of requests")
        self.left_legend = left.legend(fontsize=8, loc="lower right")
        x = np.arange(len(QUANTILES))
        self.plain = right.bar(x - 0.2, np.zeros(len(x)), 0.4, color=RED, label="no hedging")
        self.hedged = right.bar(x + 0.2, np.zeros(len(x)), 0.4, color=GREEN, label="hedged")
        right.set_xticks(x, [f"p{q:g}" for q in QUANTILES])
        right.grid(False, axis="x")  # vertical lines between bars say nothing
        right.yaxis.set_major_locator(MaxNLocator(3))
        style.label(right, "request latency", "percentile", "latency (ms)")
        self.right_legend = right.legend(fontsize=8, loc="upper left")
        self.fig, self.left, self.right = fig, left, right

    def update(self, result, hedge) -> None:
        n = result["plain"]["backends"]
        self.curve.set_data(result["curve_n"], result["curve_p"])
        self.point.set_data([n], [result["plain"]["met_slow"]])
        self.left_legend.get_texts()[1].set_text(f"simulated, N = {n}")
        plain = np.percentile(result["plain"]["latency"], QUANTILES)
        hedged = (np.percentile(result["hedged"]["latency"], QUANTILES)
                  if "hedged" in result else np.zeros(len(QUANTILES)))
        for bars, heights in ((self.plain, plain), (self.hedged, hedged)):
            for bar, height in zip(bars, heights, strict=True):
                bar.set_height(height)
        self.right_legend.get_texts()[1].set_text(
            f"hedged at {hedge} (+{result['hedged']['extra_load']:.1%} calls)"
            if "hedged" in result else "hedging off")
        self.right.set_title(f"request latency, fan-out {n}")
        self.right.set_ylim(0, 1.25 * max(plain.max(), hedged.max(), 1.0))


def fanout_tail_view(result, backends=None, hedge="off", **_):
    """Left: P(request meets a slow backend) against fan-out. Right: latency percentiles
    (one figure, updated in place at each redraw)."""
    figure = _reused("fanout_tail", _FanoutFigure)
    figure.update(result, hedge)
    return style.describe(figure.fig, "Left: the share of requests that wait for at least "
                          "one slow backend rises quickly with the fan-out: "
                          f"{result['formula']:.0%} at {result['plain']['backends']} backends "
                          f"when each is slow {result['p_slow']:.1%} of the time. Right: "
                          "request latency percentiles, with and without hedged requests.")


def ramp_view(frame):
    """Measured mean and p99 per load step against the M/M/c mean."""
    fig, ax = style.figure(figsize=(6.4, 2.8))
    _fixed(fig, left=0.1, right=0.97, bottom=0.17, top=0.9)
    x = frame.index.to_numpy()
    ax.plot(x, frame["mean_ms"], "o-", color=RED, label="measured mean")
    ax.plot(x, frame["p99_ms"], "^:", color=ORANGE, label="measured p99")
    finite = np.isfinite(frame["M/M/c mean_ms"].to_numpy())
    ax.plot(x[finite], frame["M/M/c mean_ms"].to_numpy()[finite], "s--", color=BLUE,
            label="M/M/c mean (steady state)")
    ax.axvline(1.0, color="black", lw=0.8)
    ax.set_xticks([0, 0.5, 1, 1.5, 2])
    ax.yaxis.set_major_locator(MaxNLocator(4))
    style.percent_axis(ax, "x")
    style.label(ax, "a real server on 127.0.0.1 under a rising load", "offered load "
                "(share of capacity)", "latency (ms)")
    ax.legend(fontsize=8, loc="upper left")
    return style.describe(fig, "Measured mean and p99 latency of a real HTTP server on "
                          "loopback at rising offered load, next to the M/M/c prediction: "
                          "near the service time at low load, and climbing past capacity "
                          "(the vertical line), where the queue grows for as long as the "
                          "step lasts.")


def omission_view(result):
    """Latency percentiles seen by a closed-loop and an open-loop client of one stall."""
    fig, ax = style.figure(figsize=(6.4, 2.8))
    _fixed(fig, left=0.1, right=0.97, bottom=0.17, top=0.9)
    qs = np.array([50, 75, 90, 99])
    for name, color in (("closed", RED), ("open", BLUE)):
        lat = result[name][np.isfinite(result[name])]
        ax.plot(qs, np.percentile(lat, qs), "o-", color=color, label=f"{name}-loop client")
    ax.axhline(result["stall_ms"], color=GREY, ls="--", lw=0.8, label="the stall")
    ax.set_xticks(qs, [f"p{q}" for q in qs])
    ax.yaxis.set_major_locator(MaxNLocator(4))
    style.label(ax, "one server stall, measured two ways", "percentile", "latency (ms)")
    ax.legend(fontsize=8, loc="upper left")
    return style.describe(fig, "Latency percentiles of the same server with one stall: "
                          "the closed-loop client records the stall once per user, so its "
                          "percentiles stay within a few service times until the very top; the "
                          "open-loop client records every request that was due during the "
                          "stall, so its percentiles rise well below the top as well.")


def waterfall_view(frame):
    """A trace as a waterfall: one bar per span, indented by depth."""
    fig, ax = style.figure(figsize=(6.4, 2.4))
    _fixed(fig, left=0.19, right=0.97, bottom=0.2, top=0.88)
    rows = list(frame.itertuples())
    ax.barh(range(len(rows)), [r.duration_ms for r in rows], left=[r.start_ms for r in rows],
            color=[RED if r.status == "ERROR" else BLUE for r in rows], height=0.6)
    for y, row in enumerate(rows):
        ax.text(row.start_ms + row.duration_ms + 0.1, y, f"{row.duration_ms:.2f} ms",
                va="center", fontsize=8)
    ax.set_yticks(range(len(rows)), ["    " * r.depth + r.span for r in rows], ha="left")
    ax.tick_params(axis="y", pad=70)  # left-aligned names, indented by depth in the tree
    ax.invert_yaxis()
    ax.set_xlim(0, 1.25 * max(r.start_ms + r.duration_ms for r in rows))
    ax.xaxis.set_major_locator(MaxNLocator(5, steps=[1, 2, 5, 10]))  # 5 ticks, not 9
    style.label(ax, "one request's trace (OpenTelemetry spans)", "time since request "
                "start (ms)", "")
    return style.describe(fig, "A trace waterfall: the gateway span covers the request; "
                          "auth runs first, then orders, whose cache and db calls run in "
                          "parallel, so orders waits for the slower of the two; the "
                          "request's latency is auth followed by orders, in series.")
