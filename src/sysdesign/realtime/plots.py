"""Figures for notebook 20: costs across message rates, the four methods in time, fan-out,
and the real servers' measurements."""

from __future__ import annotations

import math

import numpy as np
from matplotlib.collections import LineCollection
from matplotlib.ticker import (
    AutoLocator,
    FuncFormatter,
    Locator,
    LogLocator,
    MaxNLocator,
    NullLocator,
)

from ..core import style

COLORS = {"short polling": "#E69F00", "long polling": "#56B4E9", "SSE": "#009E73",
          "WebSocket": "#CC79A7"}
GREY = style.NEUTRAL


def _fixed(fig, **margins):
    """A fixed layout (no constrained-layout pass): panels redraw in one drawing pass."""
    fig.set_layout_engine(None)
    fig.subplots_adjust(**margins)
    return fig


class _InView(Locator):
    """Another locator's ticks, only those inside the axis's view.

    Log and MaxN locators also return a tick beyond each end of the view, which matplotlib
    then builds (a Tick is five artists), positions and labels at every redraw only to
    leave it undrawn. Dropping those draws exactly the same figure with fewer ticks to
    build and update. The tolerance is looser than matplotlib's own, so a tick it would
    draw at an edge is always kept.
    """

    def __init__(self, inner: Locator):
        self.inner = inner

    def set_axis(self, axis) -> None:
        super().set_axis(axis)
        self.inner.set_axis(axis)

    def __call__(self):
        lo, hi = sorted(self.axis.get_view_interval())
        locs = np.asarray(self.inner(), dtype=float)
        slack = 1e-9 * (hi - lo)
        return locs[(locs >= lo - slack) & (locs <= hi + slack)]

    def tick_values(self, vmin, vmax):
        return self.inner.tick_values(vmin, vmax)


def _log(axis, numticks: int = 5) -> None:
    """A log axis with a few plain labels (1, 10, 1k, 1M) and no minor ticks: fast to draw."""
    def plain(value, _pos):
        for size, suffix in ((1e9, "G"), (1e6, "M"), (1e3, "k")):
            if value >= size:
                return f"{value / size:g}{suffix}"
        return f"{value:g}"

    axis.set_major_locator(_InView(LogLocator(base=10, numticks=numticks)))
    axis.set_minor_locator(NullLocator())
    axis.set_major_formatter(FuncFormatter(plain))


class _CostsFigure:
    """The costs figure, built once; a redraw moves its lines (ticks are made only once)."""

    PANELS = (("latency_ms", "mean latency", "ms"),
              ("requests", "requests/s, {n} clients", "requests per second"),
              ("bytes", "bytes/s, {n} clients", "bytes per second"))

    def __init__(self):
        fig, axes = style.figure(1, 3, figsize=(10.0, 3.0))
        _fixed(fig, left=0.065, right=0.99, bottom=0.17, top=0.9, wspace=0.32)
        self.lines, self.marks = {}, []
        for ax, (key, _title, unit) in zip(axes, self.PANELS, strict=True):
            for method, color in COLORS.items():
                (self.lines[key, method],) = ax.plot(
                    [], [], color=color, lw=2, ls="--" if method == "WebSocket" else "-",
                    label=method)
            self.marks.append(ax.axvline(1, color=GREY, lw=1, ls=":"))
            ax.set_xscale("log")
            ax.set_yscale("log")
            _log(ax.xaxis, numticks=3)  # 0.01, 1, 100: few labels, a faster redraw
            _log(ax.yaxis, numticks=4)
            style.label(ax, "", "messages per second per client", unit)
        axes[0].legend(loc="lower left", fontsize=8)
        axes[1].text(0.03, 0.04, "SSE, WebSocket: no requests\nafter the first", fontsize=8,
                     transform=axes[1].transAxes, color=GREY)
        self.fig, self.axes = fig, axes

    def update(self, result) -> None:
        rates = result["rates"]
        for ax, mark, (key, title, _unit) in zip(self.axes, self.marks, self.PANELS,
                                                  strict=True):
            top, bottom = 0.0, math.inf
            for method, curve in result["curves"].items():
                y = np.where(curve[key] > 0, curve[key], np.nan)  # 0 has no place on a log axis
                self.lines[key, method].set_data(rates, y)
                if np.isfinite(y).any():
                    top, bottom = max(top, np.nanmax(y)), min(bottom, np.nanmin(y))
            ax.set_xlim(rates[0], rates[-1])
            ax.set_ylim(bottom / 2, top * 2)
            mark.set_xdata([result["at"]] * 2)
            ax.set_title(title.format(n=f"{result['clients']:,}"))


_FIGURES: dict[str, object] = {}


def _reused(name: str, build):
    """The one figure of a panel view, built on first use and updated afterwards."""
    if name not in _FIGURES:
        _FIGURES[name] = build()
    return _FIGURES[name]


def costs_view(result, **_):
    """Mean latency, requests/s and bytes/s of each method against the message rate."""
    figure = _reused("costs", _CostsFigure)
    figure.update(result)
    short_ms = result["table"].loc["short polling", "mean latency (ms)"]
    return style.describe(figure.fig, "Three log-log plots against the message rate per "
                          "client. Short polling's latency stays at half the poll interval "
                          f"plus half a round trip ({short_ms:.0f} ms here) and its requests "
                          "stay constant whatever the rate; SSE and WebSocket deliver in half a "
                          "round trip, and long polling too at low rates, rising toward a whole "
                          "round trip as messages fill its re-request gaps. Long polling's "
                          "requests grow with the message rate until one per round trip, above "
                          "a floor of about one empty answer per timeout at the lowest rates. "
                          + _bytes_sentence(result))


def _bytes_sentence(result) -> str:
    """What the bytes panel shows: where short polling's batched polls undercut the streams."""
    rates, curves = result["rates"], result["curves"]
    short = curves["short polling"]["bytes"]

    def below(method: str) -> str | None:
        cheaper = np.flatnonzero(short < curves[method]["bytes"])
        return None if not len(cheaper) else f"{float(f'{rates[cheaper[0]]:.2g}'):g}"

    sse, ws = below("SSE"), below("WebSocket")
    text = ("Bytes per second: at low rates SSE and WebSocket send the fewest; short polling "
            "sends fewer bytes per message as each poll carries more messages")
    if sse is None:
        return text + f", but stays above both up to {rates[-1]:g} messages per second."
    text += f", and sends fewer than SSE from about {sse} messages per second"
    return text + (f" and fewer than WebSocket from about {ws}." if ws else ".")


class _TimelineFigure:
    """Four lanes, one per method, built once; a redraw replaces their segments and dots."""

    def __init__(self):
        fig, ax = style.figure(figsize=(10.0, 3.4))
        _fixed(fig, left=0.02, right=0.8, bottom=0.14, top=0.9)
        self.lanes = {}
        for row, method in enumerate(COLORS):
            y = len(COLORS) - 1 - row
            color = COLORS[method]
            self.lanes[method] = {
                "y": y,
                "up": ax.add_collection(LineCollection([], colors=GREY, linewidths=0.8)),
                "full": ax.add_collection(LineCollection([], colors=color, linewidths=1.2)),
                "empty": ax.add_collection(LineCollection([], colors=color, linewidths=0.6,
                                                          linestyles=":")),
                "published": ax.plot([], [], "v", color="black", ms=4)[0],
                "received": ax.plot([], [], "o", color=color, ms=4)[0],
                "note": ax.text(1.005, y, "", transform=ax.get_yaxis_transform(),
                                va="center", fontsize=8, color=color),
            }
        self.now = ax.axvline(0, color="black", lw=0.8, ls=":")
        ax.set_ylim(-0.6, len(COLORS) - 0.4)
        ax.set_yticks([])
        ax.grid(False, axis="y")
        style.label(ax, "", "time (s)", "")
        self.fig, self.ax = fig, ax

    def update(self, result) -> None:
        at = result["at"]
        for method, run in result["runs"].items():
            lane = self.lanes[method]
            client, server = lane["y"] - 0.15, lane["y"] + 0.15
            ups, full, empty = [], [], []
            for ex in run.exchanges:  # a request up to the server, its answer back down
                if ex.sent > at:
                    continue
                ups.append([(ex.sent, client), (min(ex.at_server, at), server)])
                if not math.isnan(ex.received) and ex.answered <= at:
                    down = [(ex.answered, server), (min(ex.received, at), client)]
                    (full if ex.messages else empty).append(down)
            pub, got = np.array(run.published), np.array(run.delivered)
            seen = pub <= at
            done = seen & (got <= at)
            if method in ("SSE", "WebSocket"):  # pushed: one line per message
                full = [[(p, server), (d, client)]
                        for p, d in zip(pub[done], got[done], strict=True)]
            lane["up"].set_segments(ups)
            lane["full"].set_segments(full)
            lane["empty"].set_segments(empty)
            lane["published"].set_data(pub[seen], np.full(seen.sum(), server + 0.12))
            lane["received"].set_data(got[done], np.full(done.sum(), client - 0.1))
            lat = (got[done] - pub[done]).mean() * 1000 if done.any() else float("nan")
            note = f"{run.requests} requests" if method.endswith("polling") else "1 connection"
            lane["note"].set_text(f"{method}\nmean {lat:.0f} ms, {note}")
        self.now.set_xdata([at, at])
        self.ax.set_xlim(0, run.duration)
        self.ax.set_title(f"one client, four ways (to t = {at:g} s): ▼ published, ● received")


def timeline_view(result, **_):
    """Four lanes, one per method: requests as slanted lines, messages as dots."""
    figure = _reused("timeline", _TimelineFigure)
    figure.update(result)
    return style.describe(figure.fig, "Four lanes of the same Poisson messages on one "
                          "timeline. Short polling sends requests on a fixed period, and each "
                          "message waits for the next one; long polling keeps one request "
                          "waiting at the server and answers it when a message arrives, then "
                          "the client asks again; SSE and WebSocket push each message down one "
                          "open connection as soon as it exists.")


class _FanoutFigure:
    """Subscribers per node (bars drawn as thick lines) and the share reached in time."""

    def __init__(self):
        fig, (left, right) = style.figure(1, 2, figsize=(10.0, 3.2))
        _fixed(fig, left=0.07, right=0.98, bottom=0.16, top=0.9, wspace=0.25)
        self.bars = left.add_collection(LineCollection([], capstyle="butt"))
        (self.touched,) = left.plot([], [], "^", color="black", ms=4, clip_on=False)
        left.set_xlabel("server node")
        left.set_ylabel("subscribers held")
        (self.curve,) = right.step([], [], where="post", color=COLORS["WebSocket"], lw=2)
        self.now = right.axvline(0, color="black", lw=0.8, ls=":")
        right.set_ylim(0, 1.05)
        right.yaxis.set_major_locator(_InView(AutoLocator()))
        style.percent_axis(right)
        right.set_xlabel("time since publish (ms)")
        right.set_ylabel("subscribers reached")
        self.note = right.text(0.98, 0.05, "", transform=right.transAxes, ha="right",
                               fontsize=8)
        for axis in (left.xaxis, left.yaxis, right.xaxis):  # few ticks: a faster redraw
            axis.set_major_locator(_InView(MaxNLocator(5, integer=axis is not right.xaxis)))
        self.fig, self.left, self.right = fig, left, right

    def update(self, result) -> None:
        run, at = result["run"], result["at"]
        n = len(run.connections)
        subs = np.bincount(run.node_of, minlength=n)
        got = [run.node_got_ms.get(i, math.inf) <= at for i in range(n)]
        self.bars.set_segments([[(i, 0), (i, count)] for i, count in enumerate(subs)])
        self.bars.set_colors([COLORS["SSE"] if g else GREY for g in got])
        self.bars.set_linewidth(max(1.0, 200 / (n + 1)))  # about 70 % of a slot, in points
        touched = sorted(run.node_got_ms)
        self.touched.set_data(touched, [-0.04 * max(subs.max(), 1)] * len(touched))
        self.left.set_xlim(-1, n)
        self.left.set_ylim(0, max(subs.max(), 1) * 1.1)
        self.left.set_title(f"{run.nodes_touched} of {n} nodes get a copy (▲); green: by t")
        times = np.sort(run.delivered_ms[np.isfinite(run.delivered_ms)])
        share = np.arange(1, len(times) + 1) / max(len(times), 1)
        self.curve.set_data(times, share)
        self.now.set_xdata([at, at])
        self.right.set_xlim(0, max(at, times.max() if len(times) else 0) * 1.05 + 1)
        delivered = int((run.delivered_ms <= at).sum())
        self.right.set_title(f"{delivered} of {len(run.delivered_ms)} subscribers have it "
                             f"at t = {at:g} ms")
        self.note.set_text(f"{run.messages} messages for this publish\n(expected "
                           f"{result['expected']:.1f})")


def fanout_view(result, **_):
    """Nodes holding the topic's subscribers, and when each subscriber got the message."""
    figure = _reused("fanout", _FanoutFigure)
    figure.update(result)
    run = result["run"]
    return style.describe(figure.fig, f"Left: subscribers held by each of "
                          f"{len(run.connections)} server nodes; {run.nodes_touched} nodes "
                          "hold at least one and receive the broker's copy. Right: the share "
                          "of subscribers reached against time since the publish; this "
                          f"publish cost {run.messages} messages.")


def measured_view(measured, **_):
    """Latency of every message on the real servers, per method, with the model's mean."""
    fig, ax = style.figure(figsize=(7.0, 3.0))
    _fixed(fig, left=0.17, right=0.97, bottom=0.17, top=0.9)
    for row, (method, m) in enumerate(measured.items()):
        lat = m["latency_ms"]
        jitter = np.linspace(-0.2, 0.2, len(lat)) if len(lat) > 1 else np.zeros(len(lat))
        ax.plot(np.maximum(lat, 0.01), row + jitter, "o", ms=3, alpha=0.7,
                color=COLORS[method])
        if len(lat):
            ax.plot([np.median(lat)] * 2, [row - 0.3, row + 0.3], color="black", lw=2)
    t = next(iter(measured.values()))["poll_interval"] * 1000
    ax.axvline(t / 2, color=GREY, ls="--", lw=1)
    ax.text(t / 2, len(measured) - 0.45, f" interval/2 = {t / 2:g} ms", fontsize=8,
            color=GREY, ha="right")
    ax.set_yticks(range(len(measured)), list(measured))
    ax.set_ylim(-0.5, len(measured) - 0.2)  # room above the top row for the label
    ax.set_xscale("log")
    low = min((m["latency_ms"].min() for m in measured.values() if len(m["latency_ms"])),
              default=1.0)
    ax.set_xlim(max(min(low / 1.5, 0.5), 0.01), 1.3 * t)
    _log(ax.xaxis)
    style.label(ax, "delivery latency on 127.0.0.1 (bar: median)", "latency (ms)", "")
    return style.describe(fig, "Each message's delivery latency on the real servers: short "
                          "polling spreads between 0 and the poll interval around half of it; "
                          "long polling, SSE and WebSocket deliver within a few milliseconds.")
