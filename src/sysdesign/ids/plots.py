"""Figures for the distributed-IDs notebook: bit layouts, ID order across machines,
collisions; and one ``<name>_view`` per panel of :mod:`sysdesign.ids.widgets`."""

from __future__ import annotations

import matplotlib.ticker as mticker
import numpy as np
import pandas as pd
from matplotlib.patches import Rectangle

from ..core import style
from .collisions import collision_probability
from .experiments import Limits, compared_bits
from .layout import Layout

ROLE_COLOURS = {"time": style.PALETTE["blue"], "node": style.PALETTE["orange"],
                "sequence": style.PALETTE["green"], "random": style.PALETTE["purple"],
                "const": style.PALETTE["black"]}


@style.styled()
def bit_layouts(layouts: list[Layout], *, values: dict | None = None, ax=None):
    """Each layout as a bar of its bits, most significant on the left; colour = role.

    ``values`` maps a layout name to decoded field values to print inside the fields.
    """
    if not layouts:
        raise ValueError("layouts must hold at least one layout to draw, got none")
    fig, ax = style.new_axes(ax, figsize=(10, 1.3 + 0.75 * len(layouts)))
    widest = max(layout.total_bits for layout in layouts)
    for row, layout in enumerate(layouts):
        _draw_layout(ax, layout, len(layouts) - 1 - row, (values or {}).get(layout.name, {}))
    for role, colour in ROLE_COLOURS.items():
        ax.bar(0, 0, color=colour, label=role)
    ax.set_xlim(0, widest)
    ax.set_ylim(-0.2, len(layouts) + 0.1)
    # Names as tick labels, so the layout engine makes room for the longest one.
    ax.set_yticks([len(layouts) - 1 - row + 0.35 for row in range(len(layouts))],
                  [f"{layout.name}\n{layout.total_bits} bits" for layout in layouts],
                  fontsize=8)
    ax.tick_params(axis="y", length=0)
    ax.grid(False)
    if ax is fig.axes[0] and len(fig.axes) == 1:
        fig.legend(loc="outside lower center", ncol=5)  # constrained layout makes room
    else:
        ax.legend(loc="upper right", ncol=5)
    style.label(ax, "ID layouts, most significant bit on the left", "bit (from the left)", "")
    return fig


def _draw_layout(ax, layout: Layout, y: float, shown: dict) -> None:
    """One layout's bar at height ``y``: unused top bits grey, then each field in colour."""
    start = layout.total_bits - layout.used_bits
    if start:
        ax.add_patch(Rectangle((0, y), start, 0.7, fc="#dddddd", ec="white"))
        ax.text(start / 2, y + 0.35, "0" if start < 4 else f"unused {start}", ha="center",
                va="center", fontsize=7)
    for f in layout.fields:
        ax.add_patch(Rectangle((start, y), f.bits, 0.7, fc=ROLE_COLOURS[f.role], ec="white"))
        text = f"{f.name} {f.bits}" if f.bits >= 8 else str(f.bits)
        if f.name in shown:
            text += f"\n= {shown[f.name]}"
        ax.text(start + f.bits / 2, y + 0.35, text, ha="center", va="center",
                fontsize=7 if f.bits >= 6 else 6, color="white")
        start += f.bits


@style.styled()
def id_order(frame: pd.DataFrame, *, ax=None):
    """IDs from several machines: rank in ID order against the true creation time."""
    fig, ax = style.new_axes(ax)
    rank = np.arange(len(frame))
    for machine, rows in frame.groupby("machine"):
        ax.scatter(rows["true time (ms)"], rank[rows.index], s=10,
                   color=style.COLORS[int(machine) % len(style.COLORS)], label=f"machine {machine}")
    worst = frame["disorder (ms)"].max()
    if len(frame["machine"].unique()) <= 8:
        ax.legend(loc="upper left")
    style.label(ax, f"Sorting by ID = sorting by time, give or take {worst:.1f} ms",
                "true creation time (ms)", "position when sorted by ID")
    return fig


@style.styled()
def collision_curves(bits: list[int], *, n_max: float = 1e20, mark: float | None = None,
                     ax=None):
    """Chance of at least one duplicate among n random IDs, for several random-bit counts."""
    fig, ax = style.new_axes(ax)
    n = np.logspace(0, np.log10(n_max), 400)
    for colour, b in zip(style.COLORS, bits, strict=False):
        ax.plot(n, collision_probability(n, b), color=colour, label=f"{b} random bits")
    if mark is not None:
        ax.axvline(mark, color=style.NEUTRAL, ls="--", label=f"n = {mark:.3g}")
    ax.set_xscale("log")
    # Twenty decades: a major tick every few decades and no minor ticks keep the axis
    # readable (and the layout engine quick).
    ax.xaxis.set_major_locator(mticker.LogLocator(numticks=8))
    ax.xaxis.set_minor_locator(mticker.NullLocator())
    ax.set_ylim(-0.02, 1.02)
    style.percent_axis(ax)
    ax.legend(loc="upper left")
    style.label(ax, "Birthday bound: duplicates among random IDs", "IDs generated n (log scale)",
                "chance of a duplicate (%)")
    return fig


# --- panel views: draw(result, **control values) ---------------------------------------

def limits_view(result: Limits, **_values):
    """The limits panel: the layout's bits, and the table of its limits."""
    return [bit_layouts([result.layout]), result.table]


def machines_view(result: pd.DataFrame, **_values):
    """The machines panel: rank in ID order against true creation time."""
    return id_order(result)


def collision_view(result: pd.DataFrame, *, random_bits: int, n: float, **_values):
    """The collision panel: curves for the chosen bits and UUID v7/v4, n marked; the table."""
    return [collision_curves(sorted(compared_bits(random_bits)), mark=n), result]
