"""The scaling path drawn as a staircase of boxes (the course's map, in notebook 00)."""

from __future__ import annotations

import textwrap

from matplotlib.patches import FancyBboxPatch

from sysdesign.core import style

from .path import SCALING_PATH


@style.styled()
def scaling_path_chart(steps=SCALING_PATH):
    """Each step a box, left to right and upwards: capacity grows with every move."""
    fig, ax = style.figure(figsize=(11, 6.2))
    n = len(steps)
    colors = style.COLORS[:6]
    for i, step in enumerate(steps):
        x, y = (i % 5) * 2.2, (1 - i // 5) * 2.6  # five boxes a row, two rows
        box = FancyBboxPatch((x, y), 2.0, 2.2, boxstyle="round,pad=0.02,rounding_size=0.1",
                             fc=colors[i % len(colors)], alpha=0.22,
                             ec=colors[i % len(colors)], lw=1.5)
        ax.add_patch(box)
        ax.text(x + 1.0, y + 1.95, f"{i + 1}. {step.name}", ha="center", va="top",
                fontsize=9.5, fontweight="bold", wrap=True)
        ax.text(x + 1.0, y + 1.45, _wrap("+ " + step.adds, 26), ha="center", va="top",
                fontsize=8)
        ax.text(x + 1.0, y + 0.65, _wrap("fixes: " + step.fixes, 26), ha="center",
                va="top", fontsize=7.5, style="italic", color="#333333")
        ax.text(x + 1.9, y + 0.08, f"nb {step.notebook}", ha="right", va="bottom",
                fontsize=7, color=style.NEUTRAL)
        if i + 1 < n and (i + 1) % 5:  # an arrow to the next box in the same row
            ax.annotate("", (x + 2.18, y + 1.1), (x + 2.0, y + 1.1),
                        arrowprops={"arrowstyle": "->", "color": "#555555"})
    # The arrow from the end of the first row back to the start of the second.
    ax.annotate("", (0.9, 2.2), (9.8, 2.6), arrowprops={
        "arrowstyle": "->", "color": "#555555", "connectionstyle": "arc3,rad=-0.08"})
    ax.set_xlim(-0.1, 11.0)
    ax.set_ylim(-0.1, 4.9)
    ax.set_axis_off()
    ax.set_title("From one server to many: each step removes the bottleneck of the last")
    return fig


def _wrap(text: str, width: int) -> str:
    return "\n".join(textwrap.wrap(text, width))
