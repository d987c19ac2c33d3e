"""Figures for the APIs notebook, and one ``<name>_view`` per panel of
:mod:`sysdesign.apis.widgets`. Every figure ends with its alt text (``style.describe``),
written from the data it draws."""

from __future__ import annotations

from ..core import style
from .experiments import NPlusOne, Payload, Retries, RetryStep
from .idempotency import CLIENT, SERVER


def _fixed_margins(fig, *, left: float = 60, right: float = 14, top: float = 30,
                   bottom: float = 46, wspace: float = 0.25) -> None:
    """Axes at fixed margins (pixels): drawn in one pass, where constrained layout
    measures every label first and so costs about twice as much."""
    width, height = fig.get_size_inches() * style.DPI
    fig.set_layout_engine(None)
    fig.subplots_adjust(left=left / width, right=1 - right / width, top=1 - top / height,
                        bottom=bottom / height, wspace=wspace)


FORMAT_COLOURS = {"JSON": style.PALETTE["orange"], "MessagePack": style.PALETTE["sky"],
                  "Protobuf": style.PALETTE["green"]}


def payload_view(result: Payload, **_values):
    """Bytes on the wire against the number of records, per format, raw and gzipped."""
    fig, ax = style.figure(figsize=(7, 3.6))
    _fixed_margins(fig)
    with style.styled():
        for series, sizes in result.sizes.items():
            name, kind = series.split()
            ax.plot(result.counts, [s / 1000 for s in sizes], marker="o", markersize=3,
                    color=FORMAT_COLOURS[name], linestyle="-" if kind == "raw" else "--",
                    label=f"{name} {'(gzip)' if kind == 'gzip' else ''}".strip())
        style.label(ax, "The same records in three encodings", "records in the payload",
                    "payload size (kB)")
        ax.legend(ncol=2)
    last = {series: sizes[-1] for series, sizes in result.sizes.items()}
    n = result.counts[-1]
    text = (f"Payload size in kB against the number of records, for JSON, MessagePack and "
            f"Protocol Buffers. At {n} records: JSON {last['JSON raw']:,} bytes, MessagePack "
            f"{last['MessagePack raw']:,}, Protobuf {last['Protobuf raw']:,}")
    if "JSON gzip" in last:
        text += (f"; gzipped {last['JSON gzip']:,}, {last['MessagePack gzip']:,} and "
                 f"{last['Protobuf gzip']:,}: compression removes most of the difference")
    return style.describe(fig, text + ".")


def n_plus_one_chart(result: NPlusOne):
    """Database queries per screen against posts on the screen, with and without a loader."""
    fig, ax = style.figure(figsize=(7, 3.4))
    _fixed_margins(fig)
    with style.styled():
        ax.plot(result.posts, result.without, marker="o", color=style.BAD,
                label="GraphQL, one query per resolver call")
        ax.plot(result.posts, result.with_loader, marker="o", color=style.GOOD,
                label="GraphQL + batching loader")
        ax.plot(result.posts, result.rest_requests, marker="s", color=style.NEUTRAL,
                linestyle=":", label="REST: HTTP requests from the client")
        style.label(ax, "N + 1: queries grow with the list unless they are batched",
                    "posts on the screen", "queries or requests per screen")
        ax.legend()
    return style.describe(fig, (
        f"Database queries for one screen against the number of posts on it. Without "
        f"batching they grow from {result.without[0]} to {result.without[-1]}; with the "
        f"batching loader they never exceed {max(result.with_loader)}; the REST client's HTTP "
        f"requests grow from {result.rest_requests[0]} to {result.rest_requests[-1]}."))


def retry_timeline_view(result: RetryStep, **_values):
    """A sequence diagram of one payment: client on the left, server on the right."""
    run, step, now = result
    end = max(n[0] for n in run.notes) + 20
    fig, ax = style.figure(figsize=(8, 4.2))
    _fixed_margins(fig, top=48, bottom=12)
    with style.styled():
        ax.set_xlim(-0.75, 1.75)
        ax.set_ylim(end, -15)
        ax.grid(False)
        ax.set_xticks([0, 1], ["client", "server"])
        ax.xaxis.tick_top()
        for x in (0, 1):
            ax.axvline(x, color=style.NEUTRAL, linewidth=1)
        for m in run.messages:
            if m.sent > now:
                continue
            x0, x1 = (0, 1) if m.src == CLIENT else (1, 0)
            colour = style.PALETTE["blue"] if m.src == CLIENT else style.PALETTE["orange"]
            if m.arrives is None:  # lost halfway
                lost_at = m.sent + 10
                ax.annotate("", (0.5, lost_at), (x0, m.sent), arrowprops=dict(
                    arrowstyle="-", color=colour, linestyle="--"))
                ax.plot(0.5, lost_at, marker="x", color=style.BAD, markersize=10, mew=2)
            for k, at in enumerate(m.copies):
                if at <= now:
                    ax.annotate("", (x1, at), (x0, m.sent), arrowprops=dict(
                        arrowstyle="->", color=colour, linestyle="-" if k == 0 else ":"))
            ax.text(0.5, m.sent + 4, m.label + (" (duplicated)" if m.fate == "dup" else ""),
                    fontsize=7, ha="center", va="top", color=colour)
        placed: dict[tuple[str, float], int] = {}  # notes at one moment: stacked
        for time, who, what in run.notes[:step + 1]:
            x, align = (-0.05, "right") if who == CLIENT else (1.05, "left")
            k = placed.get((who, time), 0)
            placed[(who, time)] = k + 1
            time_text, time = f"{time:.0f} ms: ", time + 9 * k
            bad = "charge #2" in what
            ax.text(x, time, f"{time_text}{what}", fontsize=8, ha=align, va="center",
                    color=style.BAD if bad else "black", weight="bold" if bad else "normal")
        ax.axhline(now, color=style.PALETTE["purple"], linewidth=0.8, alpha=0.6)
        ax.set_ylabel("time (ms)")
        keys = "with an idempotency key" if run.use_keys else "without a key"
        ax.set_title(f"One payment, {keys}: {run.charges_per_payment[0]} "
                     f"charge{'s' if run.charges_per_payment[0] != 1 else ''} at the end",
                     pad=22)
    # what the figure shows: messages sent and events noted up to this step, not the whole run
    shown = [m for m in run.messages if m.sent <= now]
    lost = sum(m.fate == "lost" for m in shown)
    events = run.notes[:step + 1]
    sent = sum(who == CLIENT and what.startswith("send") for _, who, what in events)
    charged = sum(who == SERVER and what.startswith("charge") for _, who, what in events)

    def count(n, word):
        return f"{n} {word}{'' if n == 1 else 's'}"

    return style.describe(fig, (
        f"Sequence diagram of one payment {keys}, shown up to {now:.0f} ms: "
        f"{count(len(shown), 'message')}, {lost} lost; the client sends "
        f"{count(sent, 'attempt')} and the server charges the card {count(charged, 'time')}"
        f" ({run.charges_per_payment[0]} at the end)."))


class _RetriesFigure:
    """The retries figure, built once and redrawn with new data (see :func:`retries_view`)."""

    LABELS = ("0", "1", "2", "3+")

    def __init__(self, retentions):
        self.fig, (left, right) = style.figure(1, 2, figsize=(9.5, 3.5))
        _fixed_margins(self.fig, right=30)
        with style.styled():
            self.bars = [left.bar([k + (offset - 0.5) * 0.4 for k in range(4)], [0] * 4,
                                  width=0.4, color=colour, label=name)
                         for offset, (name, colour) in enumerate((
                             ("no key", style.BAD), ("idempotency key", style.GOOD)))]
            left.set_xticks(range(4), self.LABELS)
            style.label(left, "Charges per payment", "times the card was charged", "payments")
            left.legend()
            xs = [max(r, 10.0) for r in retentions]
            (self.doubles,) = right.plot(xs, [0] * len(xs), marker="o", color=style.BAD,
                                         label="double-charged payments")
            (self.held,) = right.plot(xs, [0] * len(xs), marker="s", linestyle="--",
                                      color=style.PALETTE["blue"],
                                      label="keys held at peak (storage)")
            self.chosen = right.axvline(10.0, color=style.PALETTE["purple"], linestyle=":",
                                        label="chosen retention")
            right.set_xscale("log")
            right.set_xticks([10, 100, 1000, 10000], ["10", "100", "1,000", "10,000"])
            right.minorticks_off()
            style.label(right, "Key retention: fewer doubles, more keys",
                        "key retention (ms; 0 drawn at 10)", "payments or keys")
            right.legend(loc="upper left")
            for ax in (left, right):
                ax.locator_params(axis="y", nbins=4)  # fewer labels to draw
        self.left, self.right = left, right

    def update(self, result: Retries, retention: float) -> None:
        """New heights, new points, the chosen retention, and axes fitted to them."""
        for bars, run in zip(self.bars, (result.without, result.with_keys), strict=True):
            for k, bar in enumerate(bars):
                bar.set_height(sum(min(c, 3) == k for c in run.charges_per_payment))
        self.doubles.set_ydata(result.double_by_retention)
        self.held.set_ydata(result.keys_by_retention)
        self.chosen.set_xdata([max(retention, 10.0)] * 2)
        for ax in (self.left, self.right):
            ax.relim()
            ax.autoscale_view(scalex=False)


_RETRIES_FIGURES: dict[tuple, _RetriesFigure] = {}


def retries_view(result: Retries, *, retention: float = 1000.0, **_values):
    """Left: how often each payment was charged, no key against key. Right: double charges
    and keys held against the key retention window.

    A panel redraws this figure at every move of a slider, so it is built once and
    only its data change (half the cost of a redraw); each call returns the same Figure.
    """
    key = tuple(result.retentions)
    if key not in _RETRIES_FIGURES:
        _RETRIES_FIGURES[key] = _RetriesFigure(result.retentions)
    figure = _RETRIES_FIGURES[key]
    figure.update(result, retention)
    fig = figure.fig
    return style.describe(fig, (
        f"Left: payments by how many times they were charged, {result.without.payments} "
        f"payments; without a key {result.without.double_charged} were charged more than "
        f"once, with a key {result.with_keys.double_charged}. Right: double-charged payments "
        f"fall from {result.double_by_retention[0]} to {result.double_by_retention[-1]} as "
        f"key retention grows from {result.retentions[0]:g} to {result.retentions[-1]:g} ms, "
        f"while the keys held at peak grow from {result.keys_by_retention[0]} to "
        f"{result.keys_by_retention[-1]}."))
