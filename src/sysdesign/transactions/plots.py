"""Figures for notebook 21: anomalies by level, 2PC and saga traces."""

from __future__ import annotations

import numpy as np
from matplotlib.colors import ListedColormap
from matplotlib.patches import Patch

from ..core import style

STATE_COLORS = {"working": style.PALETTE["sky"], "prepared": style.PALETTE["orange"],
                "committed": style.GOOD, "aborted": style.BAD, "up": style.PALETTE["blue"],
                "down": style.NEUTRAL}


def anomaly_matrix(table):
    """Anomalies (rows) by isolation level (columns): which ones happened."""
    fig, ax = style.figure(figsize=(8, 3.6))
    grid = (table.to_numpy() == "happens").astype(float)
    ax.imshow(grid, cmap=ListedColormap([style.GOOD, style.BAD]), vmin=0, vmax=1,
              aspect="auto")
    for (i, j), hit in np.ndenumerate(grid):
        ax.text(j, i, "happens" if hit else "prevented", ha="center", va="center",
                color="white", fontsize=9)
    ax.set_xticks(range(table.shape[1]), [c.replace(" ", "\n") for c in table.columns])
    ax.set_yticks(range(table.shape[0]), table.index)
    ax.grid(False)
    ax.set_title("each anomaly's schedule, run at each isolation level")
    return style.describe(fig, f"A grid of {table.shape[0]} anomalies by {table.shape[1]} "
                               "isolation levels: red cells where the anomaly happened, green "
                               "where the level prevented it; snapshot lets only write skew "
                               "through, and only serializable is green throughout.")


def _lanes(ax, names, rows, step, title, texts=None):
    """Coloured lanes, one per name, one column per step; ``texts`` writes each value where
    it changes (fewer text objects: each one costs redraw time)."""
    colors = list(STATE_COLORS.values())
    codes = {s: i for i, s in enumerate(STATE_COLORS)}
    shown = rows[: step + 1]
    grid = np.full((len(names), len(rows)), np.nan)
    for j, row in enumerate(shown):
        for i, name in enumerate(names):
            grid[i, j] = codes.get(row[name], np.nan)
    ax.imshow(grid, cmap=ListedColormap(colors), vmin=0, vmax=len(colors) - 1, aspect="auto")
    if texts:
        for j, row in enumerate(texts[: step + 1]):
            for i, name in enumerate(names):
                if j == 0 or row[name] != texts[j - 1][name]:
                    ax.text(j, i, str(row[name]), ha="center", va="center", fontsize=8)
    ax.set_yticks(range(len(names)), names)
    ax.set_xticks(range(len(rows)))
    ax.set_xlim(-0.5, len(rows) - 0.5)
    ax.grid(False)
    # Title and labels stay the same while the step moves, so the panel's layout memo
    # can reuse the layout; the changing line sits in the label's reserved blank line.
    style.label(ax, title, "step\n ", "")
    status = ax.annotate(f"step {min(step, len(rows) - 1)}: {shown[-1]['event']}",
                         xy=(0.5, 0.0), xycoords=ax.xaxis.label, ha="center", va="bottom",
                         fontsize=9)
    status.set_in_layout(False)


def two_phase_view(result, step=None, crash="", **_):
    """Coordinator and participants' states, step by step, up to ``step``."""
    step = len(result) - 1 if step is None else min(step, len(result) - 1)
    fig, ax = style.figure(figsize=(8, 3.0))
    names = ["coordinator"] + [k for k in result[0] if k.startswith("P") and k[1:].isdigit()]
    events = [{**r, "event": f"{r['event']} (blocked: {r['blocked']}, locks held: "
                             f"{r['locks held']})"} for r in result]
    _lanes(ax, names, events, step, f"two-phase commit, coordinator crash: {crash or 'none'}")
    handles = [Patch(color=c, label="coordinator up" if s == "up" else s)
               for s, c in STATE_COLORS.items()]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8)
    now = result[step]
    states = ", ".join(f"{p} {now[p]}" for p in names[1:])
    return style.describe(fig, f"Lanes for the coordinator and {len(names) - 1} participants "
                               "over the steps of two-phase commit (coordinator crash: "
                               f"{crash or 'none'}), coloured by state, drawn up to step {step}: "
                               f"the coordinator is {now['coordinator']}; {states}; "
                               f"{now['blocked']} blocked holding locks.")


def saga_view(result, step=None, fail_at=None, **_):
    """The saga's state (stock, balance, courier, order) step by step, up to ``step``."""
    step = len(result) - 1 if step is None else min(step, len(result) - 1)
    fig, ax = style.figure(figsize=(8, 3.0))
    names = ["stock", "balance", "courier", "order"]
    start = result[0]

    def state(row, name):  # colour: unchanged, changed, or the order's outcome
        if name == "order" and row[name] != "pending":
            return "committed" if row[name] == "confirmed" else "aborted"
        return "working" if row[name] == start[name] else "prepared"

    colours = [{**r, **{k: state(r, k) for k in names}} for r in result]
    _lanes(ax, names, colours, step, f"an order saga, failing at: {fail_at or 'none'} "
           "(orange: changed since the start)", texts=result)
    return style.describe(fig, "The order saga's stock, balance, courier and order status "
                               "at each step: values change (orange) as steps commit and "
                               "return to their start (blue) as compensations undo them; at "
                               f"step {step} the order is {result[step]['order']}.")
