"""The scaling path drawn two ways: a map of the steps with the lessons that cover them, and
the architecture that grows box by box (the course's map, in notebook 00)."""

from __future__ import annotations

import textwrap
from html import escape

import numpy as np
from IPython.display import HTML
from matplotlib.collections import LineCollection, PatchCollection, PolyCollection
from matplotlib.colors import to_rgba
from matplotlib.patches import FancyBboxPatch, Rectangle

from sysdesign.core import style

from .path import SCALING_PATH, Architecture, lesson_label

TIER_COLORS = {"client": style.PALETTE["black"], "edge": style.PALETTE["purple"],
               "web": style.PALETTE["blue"], "data": style.PALETTE["green"],
               "async": style.PALETTE["orange"], "ops": style.PALETTE["vermillion"],
               "region": style.NEUTRAL}
# Small grey text (lessons still to come, step tags) in a grey dark enough to read on the
# pale fills: about 7:1 against white, where style.NEUTRAL (#999999) gives 2.8:1.
MUTED = "#595959"
PER_ROW = 5


ROW = 1.75  # height of a row of the map, in drawing units


@style.styled()
def scaling_path_chart(existing=(), steps=SCALING_PATH):
    """Each step a box, in reading order: what it adds, and the lesson that covers it.

    ``existing`` lists the notebook files that exist (a listing of ``notebooks/``): a step
    whose lesson has no notebook yet is marked "coming". (What each step fixes is in
    :func:`~sysdesign.scaling.example.path_table`; three texts a box keep the map quick.)
    """
    existing = set(existing)
    rows = -(-len(steps) // PER_ROW)
    fig, ax = style.figure(figsize=(11, ROW * rows * 0.95 + 0.45))
    colors = style.COLORS[:6]
    for i, step in enumerate(steps):
        x, y = (i % PER_ROW) * 2.2, (rows - 1 - i // PER_ROW) * ROW
        color = colors[i % len(colors)]
        ax.add_patch(FancyBboxPatch((x, y), 2.0, ROW - 0.2, boxstyle="round,pad=0.02,"
                                    "rounding_size=0.1", fc=color, alpha=0.2, ec=color, lw=1.5))
        name = f"{i + 1}. {step.name}"
        ax.text(x + 1.0, y + ROW - 0.32, name, ha="center", va="top",
                fontsize=9 if len(name) <= 24 else 8, fontweight="bold")
        ax.text(x + 1.0, y + ROW - 0.62, _wrap("+ " + step.adds, 28), ha="center", va="top",
                fontsize=8)
        label = lesson_label(step.lesson, existing)
        coming = label.endswith("(coming)")
        ax.text(x + 1.0, y + 0.07, _wrap("→ " + label, 30), ha="center", va="bottom",
                fontsize=7.5, color=MUTED if coming else style.PALETTE["blue"],
                fontweight="normal" if coming else "bold")
        if i + 1 < len(steps) and (i + 1) % PER_ROW:  # an arrow to the next box in the row
            ax.annotate("", (x + 2.18, y + ROW / 2 - 0.1), (x + 2.0, y + ROW / 2 - 0.1),
                        arrowprops={"arrowstyle": "->", "color": "#555555"})
    ax.set_xlim(-0.1, PER_ROW * 2.2)
    ax.set_ylim(-0.1, rows * ROW - 0.15)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_axis_off()
    ax.set_title("From one server to many: each step removes the bottleneck of the last "
                 "(rows read left to right)")
    ready = [s.name for s in steps
             if not lesson_label(s.lesson, existing).endswith("(coming)")]
    if len(ready) == len(steps):
        status = f"all {len(steps)} point to notebooks that exist."
    else:
        status = (f"{len(ready)} of them point to notebooks that exist, the others are "
                  "marked coming.")
    return style.describe(fig, f"A map of the {len(steps)} steps from one server to many, "
                               f"from {steps[0].name} to {steps[-1].name}, each naming what it "
                               f"adds and the course lesson that covers it; {status}")


def _wrap(text: str, width: int) -> str:
    return "\n".join(textwrap.wrap(text, width))


@style.styled()
def architecture_chart(drawing: Architecture, example: str = "", *, tags: bool = True,
                       long_title: bool = True, ax=None):
    """The architecture after one step: boxes by tier, arrows for requests; what the step
    added or changed is drawn bold; with ``tags``, every box names the steps that added or
    changed it; ``example`` is a line of numbers for the example system, under the drawing.

    All boxes are one collection and all arrows two (shafts and heads): a panel redraws
    this figure at every step, and each separate artist costs drawing time.
    """
    fig, ax = style.new_axes(ax, figsize=(8.6, 5.4))
    order = sorted(drawing.boxes.values(), key=lambda b: b.tier != "region")
    patches = []
    for box in order:
        patches += _box_patches(ax, box, box.key in drawing.new,
                                drawing.history.get(box.key, ()) if tags else ())
    ax.add_collection(PatchCollection(patches, match_original=True))
    _arrows(ax, [(drawing.boxes[a], drawing.boxes[b]) for a, b in drawing.links])
    step = drawing.current
    ax.set_xlim(0, 12)
    ax.set_ylim(-0.55, 7.75)
    ax.set_xticks([])  # no ticks to lay out (the axes are hidden anyway)
    ax.set_yticks([])
    ax.set_axis_off()
    ax.set_title(f"Step {drawing.step} of {len(SCALING_PATH)}: {step.name}"
                 + (f" (+ {step.adds})" if long_title else ""), fontsize=11)
    if example:
        ax.text(6.0, -0.5, _wrap("URL shortener: " + example, 105), ha="center",
                va="top", fontsize=8.5, color=style.PALETTE["blue"])
    names = ", ".join(b.label.replace("\n", " ") for b in order if b.tier != "region")
    sites = ", ".join(b.label for b in order if b.tier == "region")
    added = ", ".join(sorted(drawing.boxes[k].label.replace("\n", " ") for k in drawing.new))
    return style.describe(fig, f"Architecture after step {drawing.step} of "
                               f"{len(SCALING_PATH)}, {step.name}: {names}."
                               + (f" Sites: {sites}." if sites else "") + " This step adds or "
                               f"changes: {added}. "
                               + (f"For the URL shortener: {example}." if example else ""))


def _edge_point(box, toward) -> tuple[float, float]:
    """Where the line from ``box``'s centre to ``toward``'s centre leaves ``box``."""
    dx, dy = toward.x - box.x, toward.y - box.y
    if box.tier == "region" or (dx == 0 and dy == 0):
        return box.x, box.y
    pad = 0.06  # the rounded corners stand a little outside the box
    scale = min((box.w / 2 + pad) / abs(dx) if dx else float("inf"),
                (box.h / 2 + pad) / abs(dy) if dy else float("inf"))
    return box.x + dx * scale, box.y + dy * scale


def _arrows(ax, pairs, head: float = 0.17) -> None:
    """Arrows from box to box, edge to edge: one collection of shafts, one of heads."""
    shafts, heads = [], []
    for start, end in pairs:
        (x0, y0), (x1, y1) = _edge_point(start, end), _edge_point(end, start)
        length = max(np.hypot(x1 - x0, y1 - y0), 1e-9)
        ux, uy = (x1 - x0) / length, (y1 - y0) / length
        base = (x1 - head * ux, y1 - head * uy)
        shafts.append([(x0, y0), base])
        heads.append([(x1, y1), (base[0] - 0.4 * head * uy, base[1] + 0.4 * head * ux),
                      (base[0] + 0.4 * head * uy, base[1] - 0.4 * head * ux)])
    ax.add_collection(LineCollection(shafts, colors="#555555", linewidths=1.0))
    ax.add_collection(PolyCollection(heads, facecolors="#555555", edgecolors="none"))


def _box_patches(ax, box, is_new: bool, steps: tuple[int, ...]) -> list:
    """One component's patches (a stack of three for many machines) and, drawn on ``ax``,
    its label and the steps that added or changed it (no tag when ``steps`` is empty)."""
    color = TIER_COLORS[box.tier]
    left, bottom = box.x - box.w / 2, box.y - box.h / 2
    tag = ("step " + ", ".join(str(n) for n in steps)) if steps else ""
    if box.tier == "region":
        ax.text(left + 0.1, bottom + box.h - 0.08, f"{box.label} ({tag})" if tag else
                box.label, ha="left", va="top", fontsize=8.5, color="#555555", style="italic")
        return [Rectangle((left, bottom), box.w, box.h, fill=False, ec=color,
                          lw=2.0 if is_new else 1.2, ls="--")]
    shape = "round,pad=0.02,rounding_size=0.08"
    patches = [FancyBboxPatch((left + offset, bottom + offset), box.w, box.h, boxstyle=shape,
                              fc="white", ec=color, lw=0.8)
               for offset in ((0.16, 0.08) if box.many else ())]  # shadows: several machines
    fill = to_rgba(color, 0.25 if is_new else 0.1)
    tint = tuple(1 - fill[3] + fill[3] * c for c in fill[:3])  # the tint over white, opaque
    patches.append(FancyBboxPatch((left, bottom), box.w, box.h, boxstyle=shape, fc=tint,
                                  ec=color, lw=3.2 if box.big else (2.2 if is_new else 1.0)))
    label = box.label + ("\n(bigger machine)" if box.big else "")
    ax.text(box.x, box.y, label, ha="center", va="center", fontsize=8.5,
            fontweight="bold" if is_new else "normal")
    if tag:
        ax.text(left + box.w - 0.06, bottom + 0.05, tag, ha="right", va="bottom",
                fontsize=6.5, color=style.PALETTE["vermillion"] if is_new else MUTED)
    return patches


def architecture_view(result: tuple[Architecture, str], *, step: int):
    """The growing-architecture panel: the figure, and under it (as HTML, which the browser
    draws for free) what the step adds and fixes and the example's numbers."""
    drawing, example = result
    current = drawing.current
    note = HTML(f"<p><b>+ {escape(current.adds)}</b>; fixes: {escape(current.fixes)}.<br>"
                f"<b>URL shortener:</b> {escape(example)}.</p>")
    return [architecture_chart(drawing, tags=False, long_title=False), note]
