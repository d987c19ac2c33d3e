"""The only module that configures matplotlib: palette, sizes, fonts and axis formats.

Nothing here changes matplotlib's global settings on import. Figures are made by
:func:`figure`, which applies the course style only inside its own context, so a
learner's own plots keep whatever style they chose.
"""

from __future__ import annotations

import contextlib
import io
import math
from collections.abc import Iterator

import matplotlib
import matplotlib.ticker as mticker
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.layout_engine import ConstrainedLayoutEngine

# Okabe & Ito (2008): eight colours that stay distinct for the common forms of
# colour blindness. Order matters: the first colours go to the first series.
PALETTE: dict[str, str] = {
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "green": "#009E73",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "blue": "#0072B2",
    "yellow": "#F0E442",
    "black": "#000000",
}
COLORS: list[str] = list(PALETTE.values())

# Meaning-carrying colours, so "good" and "bad" look the same in every notebook.
GOOD = PALETTE["green"]
BAD = PALETTE["vermillion"]
NEUTRAL = "#999999"

FIGSIZE = (7.0, 4.0)
WIDE = (10.0, 4.0)
DPI = 80

RC = {
    "axes.prop_cycle": matplotlib.cycler(color=COLORS),
    "axes.titlesize": 12,
    "axes.titleweight": "bold",
    # A fixed title height. Left to itself, matplotlib lifts each title above whatever sits
    # on top of its axes, and to find out it measures the tick labels again on every draw
    # (a fifth of a simple figure's cost). No course figure puts anything above an axes.
    "axes.titley": 1.0,
    "axes.labelsize": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "font.size": 10,
    "font.family": "DejaVu Sans",
    "legend.fontsize": 9,
    "legend.frameon": False,
    "figure.dpi": DPI,
    "savefig.dpi": DPI,
    # Fixed metadata and hashing keep PNG bytes identical from run to run.
    "svg.hashsalt": "sysdesign",
    "path.simplify": True,
}


@contextlib.contextmanager
def styled() -> Iterator[None]:
    """Apply the course style inside a ``with`` block only."""
    with matplotlib.rc_context(RC):
        yield


class CourseFigure(Figure):
    """A matplotlib Figure that Jupyter shows as a PNG by itself, with its alt text.

    IPython calls ``_repr_png_`` for any object that has it, so figures display
    without pyplot and without a backend being switched on. ``alt_text`` (set with
    :func:`describe`) travels in the output's metadata, where screen readers and
    nbconvert's ``classic`` HTML template find it.
    """

    alt_text = ""

    def _repr_png_(self):
        png = png_bytes(self)
        return (png, {"alt": self.alt_text}) if self.alt_text else png


def describe(fig: Figure, text: str) -> Figure:
    """Give a figure its alt text: what it shows and its takeaway, in a sentence or two.

    Returns the figure, so a plotting function can end with ``return describe(fig, ...)``.
    """
    if not isinstance(text, str) or not text.strip():
        raise ValueError(f"text must be a sentence describing the figure, got {text!r}")
    fig.alt_text = " ".join(text.split())
    return fig


def png_bytes(fig: Figure, *, memo: LayoutMemo | None = None) -> bytes:
    """Render a figure to PNG bytes; fixed metadata keeps the bytes identical between runs.

    With a :class:`LayoutMemo` (panels keep one), a figure shaped like one drawn before is
    laid out where that one was, in one drawing pass instead of two.
    """
    if memo is not None:
        return memo.render(fig)
    return _render(fig)


def _render(fig: Figure) -> bytes:
    buffer = io.BytesIO()
    with styled():
        fig.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    return buffer.getvalue()


class LayoutMemo:
    """Where constrained layout put the axes of figures drawn before, by figure shape.

    Constrained layout draws a figure twice: once to measure every label, once to paint.
    A panel redraws the same figure with new data, so after its first redraw the memo
    places the axes where the layout engine put them last time and paints once, about
    twice as fast. The shape includes each tick label's length, so a change that would
    need more room (longer labels, another subplot, a new title) is laid out afresh.
    """

    def __init__(self):
        self.positions: dict[tuple, list] = {}
        self.hits = 0

    @staticmethod
    def shape(fig: Figure) -> tuple:
        """What decides the layout: size, grid, titles, labels and tick label lengths."""
        def texts(ax):
            ticks = ax.get_xticklabels() + ax.get_yticklabels()
            return (ax.get_subplotspec().get_geometry() if ax.get_subplotspec() else None,
                    ax.get_title(), ax.get_xlabel(), ax.get_ylabel(),
                    max((len(t.get_text()) for t in ticks), default=0),
                    ax.get_legend() is not None)

        suptitle = fig._suptitle.get_text() if fig._suptitle is not None else ""
        return (tuple(fig.get_size_inches().round(3)), suptitle, len(fig.legends),
                tuple(texts(ax) for ax in fig.axes))

    def render(self, fig: Figure) -> bytes:
        """PNG bytes of ``fig``, reusing a remembered layout when its shape was seen."""
        if not isinstance(fig.get_layout_engine(), ConstrainedLayoutEngine):
            return _render(fig)
        key = self.shape(fig)
        known = self.positions.get(key)
        if known is None:
            png = _render(fig)
            self.positions[key] = [ax.get_position(original=False) for ax in fig.axes]
            return png
        fig.set_layout_engine(None)
        for ax, position in zip(fig.axes, known, strict=True):
            ax.set_position(position)
        self.hits += 1
        return _render(fig)


def figure(nrows: int = 1, ncols: int = 1, *, figsize=FIGSIZE, **subplot_kw):
    """Return ``(fig, axes)`` drawn in the course style, without touching pyplot state.

    The figure is not registered with pyplot, so it never shows twice and never
    leaks memory when a widget redraws it many times.
    """
    with styled():
        fig = CourseFigure(figsize=figsize, dpi=DPI, layout="constrained")
        FigureCanvasAgg(fig)  # draw with Agg directly: saving then needs no canvas switch
        axes = fig.subplots(nrows, ncols, **subplot_kw)
    return fig, axes


def new_axes(ax=None, *, figsize=FIGSIZE):
    """Return ``(fig, ax)``: the given axes and its figure, or a fresh styled pair."""
    if ax is not None:
        return ax.figure, ax
    return figure(figsize=figsize)


def label(ax, title: str, xlabel: str, ylabel: str) -> None:
    """Set a title and axis labels (with units) in one call."""
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)


def percent_axis(ax, axis: str = "y", decimals: int = 0) -> None:
    """Show a 0..1 axis as percentages."""
    formatter = mticker.PercentFormatter(xmax=1.0, decimals=decimals)
    (ax.yaxis if axis == "y" else ax.xaxis).set_major_formatter(formatter)


def log_axis(ax, axis: str = "x") -> None:
    """A log scale labelled 1, 10, 100, 1,000 (plain text, not 10^n: faster to draw)."""
    (ax.set_xscale if axis == "x" else ax.set_yscale)("log")
    target = ax.xaxis if axis == "x" else ax.yaxis
    target.set_major_formatter(mticker.FuncFormatter(
        lambda value, _pos: f"{value:,.0f}" if value >= 1 else f"{value:g}"))
    target.set_minor_formatter(mticker.NullFormatter())


def round_ticks(axis, lo: float, hi: float, most: int = 4) -> None:
    """Ticks in ``lo..hi`` at the finest round step (1, 2, 2.5, 3, 4 or 5 times a power
    of ten) that gives at most ``most`` of them, labelled once. A tick with its label
    costs about as much to draw as a line of data, and fixed labels spare the default
    locator and formatter their work at every draw."""
    power = 10.0 ** math.floor(math.log10(max(hi - lo, 1e-9) / most))
    for step in (m * power * 10 ** k for k in range(3) for m in (1, 2, 2.5, 3, 4, 5)):
        first, last = math.ceil(lo / step - 1e-9), math.floor(hi / step + 1e-9)
        if last - first + 1 <= most:
            break
    locs = [k * step for k in range(first, last + 1)]
    axis.set_ticks(locs, [f"{v:,g}" for v in locs])


def thousands_axis(ax, axis: str = "y") -> None:
    """Counts with thousands separators (12,000 not 12000), and decimals on a small range.

    (A fixed ``{:,.0f}`` would label an axis from 0 to 1 as 0, 0, 0, 1, 1.)
    """
    def label(value, _pos):
        if value == 0 or abs(value) >= 100:
            return f"{value:,.0f}"
        return f"{value:.3g}"

    (ax.yaxis if axis == "y" else ax.xaxis).set_major_formatter(mticker.FuncFormatter(label))
