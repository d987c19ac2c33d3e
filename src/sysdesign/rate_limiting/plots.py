"""Figures for the rate-limiting notebook, and one ``<name>_view`` per panel of
:mod:`sysdesign.rate_limiting.widgets`. Every figure ends with its alt text."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.collections import LineCollection

from ..core import style
from .experiments import Compare, Shaping, StepView, summary


def _fixed_axes(figsize, *, left=92, right=12, top=26, bottom=40, nrows=1, heights=None):
    fig, axes = style.figure(nrows, 1, figsize=figsize,
                             **({"gridspec_kw": {"height_ratios": heights}} if heights else {}))
    width, height = fig.get_size_inches() * style.DPI
    fig.set_layout_engine(None)
    fig.subplots_adjust(left=left / width, right=1 - right / width, top=1 - top / height,
                        bottom=bottom / height, hspace=0.45)
    return fig, axes


def timelines(arrivals, decisions: dict[str, np.ndarray], *, window: float = 1.0,
              highlight: str | None = None, title: str = "Five limiters, one trace"):
    """One row per limiter: allowed requests as green dots, refused as red crosses."""
    arrivals = np.asarray(arrivals, dtype=float)
    kinds = list(decisions)
    with style.styled():
        fig, ax = _fixed_axes((7.5, 0.45 * len(kinds) + 1.1), left=138)
        end = float(arrivals.max()) if len(arrivals) else window
        ax.vlines(np.arange(0.0, end + window, window), -0.6, len(kinds) - 0.4,
                  color=style.NEUTRAL, lw=0.6, ls=":")
        rows = np.concatenate([np.full(len(arrivals), len(kinds) - 1 - r)
                               for r in range(len(kinds))])
        times = np.tile(arrivals, len(kinds))
        ok = np.concatenate([decisions[k] for k in kinds])
        # one line of markers per colour: far cheaper to draw than a scatter per row
        ax.plot(times[ok], rows[ok], "o", ms=3.5, color=style.GOOD, label="allowed")
        ax.plot(times[~ok], rows[~ok], "x", ms=4, color=style.BAD, label="refused")
        ax.set_yticks(range(len(kinds)), [f"{k} ({decisions[k].sum()})" for k in kinds][::-1])
        if highlight in kinds:
            ax.get_yticklabels()[len(kinds) - 1 - kinds.index(highlight)].set_fontweight("bold")
        ax.set_ylim(-0.6, len(kinds) - 0.4)
        ax.set_xlim(-0.05, end + 0.05)
        ax.locator_params(axis="x", nbins=6)
        style.label(ax, f"{title}: dots allowed, crosses refused",
                    "time (s); dotted lines are window edges", "")
    counts = ", ".join(f"{k} {v.sum()}" for k, v in decisions.items())
    return style.describe(fig, f"Timeline of {len(arrivals)} requests, one row per limiter, "
                               f"allowed as green dots and refused as red crosses. Allowed "
                               f"per limiter: {counts}.")


def shaping(result: Shaping):
    """Meter against shaper: arrivals the leaky bucket queued, and when they left it."""
    queued = result.arrivals[result.leaky]
    with style.styled():
        fig, ax = _fixed_axes((7.5, 2.4), left=70)
        segments = [[(a, 1), (d, 0)] for a, d in zip(queued, result.departures, strict=True)]
        ax.add_collection(LineCollection(segments, colors=style.NEUTRAL, linewidths=0.6))
        refused = result.arrivals[~result.leaky]
        ax.plot(queued, np.ones(len(queued)), "o", ms=3.5, color=style.GOOD, label="queued")
        ax.plot(refused, np.ones(len(refused)), "x", ms=4, color=style.BAD,
                label="refused (bucket full)")
        ax.plot(result.departures, np.zeros(len(queued)), "o", ms=3.5,
                color=style.PALETTE["blue"], label="leaves the bucket")
        ax.set_yticks([0, 1], ["out", "in"])
        ax.set_ylim(-0.3, 1.75)
        style.label(ax, "Leaky bucket as a shaper: bursts in, an even stream out", "time (s)",
                    "")
        ax.legend(loc="upper center", ncols=3, fontsize=8, frameon=False)
    gap = float(np.diff(result.departures).min()) if len(queued) > 1 else 0.0
    return style.describe(fig, f"Arrivals on the top line and departures on the bottom line, "
                               f"joined by grey lines: {len(queued)} queued requests leave at "
                               f"least {gap:.2f} s apart, whatever their arrival spacing; "
                               f"{len(refused)} were refused.")


def step_trace(view: StepView):
    """The step-through: the limiter's state over time (a line), and after each request
    a green dot (allowed) or a red cross (refused)."""
    with style.styled():
        fig, ax = _fixed_axes((7.5, 2.8), left=60)
        end = float(view.arrivals[-1]) + 0.2
        ok = view.allowed
        level = np.asarray(view.level, dtype=float)
        ax.plot(view.curve_t, view.curve_v, color=style.PALETTE["blue"], lw=1)
        ax.plot(view.arrivals[ok], level[ok], "o", ms=4, color=style.GOOD, label="allowed")
        ax.plot(view.arrivals[~ok], level[~ok], "x", ms=5, color=style.BAD, label="refused")
        ax.axhline(view.limit, color=style.NEUTRAL, ls="--", lw=0.8)
        ax.set_xlim(-0.05, end)
        ax.set_ylim(-0.3, view.limit + 1.3)
        style.label(ax, f"{view.kind}: request {view.step + 1} at {view.arrivals[-1]:.3f} s "
                        f"is {'allowed' if ok[-1] else 'refused'}", "time (s)",
                    view.level_name)
        ax.locator_params(nbins=5)  # fewer ticks draw faster
    return style.describe(fig, f"Step {view.step + 1} of the {view.kind}: a line of the "
                               f"{view.level_name} over time, with {int(ok.sum())} allowed "
                               f"and {int((~ok).sum())} refused requests so far marked on "
                               f"it; the {view.level_name} after the last request is "
                               f"{view.level[-1]:.2f} (limit {view.limit}).")


def step_view(result: StepView, **_values) -> list:
    """The step-through panel: the figure and the last few decisions."""
    rows = pd.DataFrame({"time (s)": result.arrivals[-5:],
                         "allowed": result.allowed[-5:],
                         result.level_name: np.round(result.level[-5:], 3)})
    return [step_trace(result), rows]


def compare_view(result: Compare, **_values) -> list:
    """The comparison panel: all five timelines (the chosen one in bold) and their counts."""
    title = f"{result.limit} per s, burst {result.burst}"
    fig = timelines(result.arrivals, result.decisions, highlight=result.kind, title=title)
    table = pd.DataFrame(summary(result.arrivals, result.decisions)).set_index("limiter")
    return [fig, table]
