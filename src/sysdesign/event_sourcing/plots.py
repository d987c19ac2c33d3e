"""Figures for notebook 19: an account's history with snapshots, and a lagging read model.

Both are panels, redrawn at every move of a slider, so they are built from few artists:
lines added as ``Line2D`` objects (not through ``plot``, which parses its arguments
first), a few fixed ticks with plain labels, and a text key where a legend is not needed.
"""

from __future__ import annotations

from matplotlib.lines import Line2D

from ..core import style


def _pad(lo: float, hi: float, share: float = 0.05) -> tuple[float, float]:
    """``lo..hi`` widened by ``share`` of its span on each side (matplotlib's margin)."""
    span = (hi - lo) or 1.0
    return lo - share * span, hi + share * span


def history_view(result, **_):
    """Balance by version with the snapshots; events read to load the chosen version."""
    fig, (left, right) = style.figure(1, 2, figsize=style.WIDE,
                                      gridspec_kw={"width_ratios": [3, 1]})
    versions, dollars = result["versions"], [b / 100 for b in result["balances"]]
    v, snap = result["version"], result["snapshot used"]
    # the line needs no legend entry: the title and the y label name it
    left.add_line(Line2D(versions, dollars, drawstyle="steps-post",
                         color=style.PALETTE["blue"]))
    if result["snapshots"]:
        left.vlines(result["snapshots"], 0, 1, transform=left.get_xaxis_transform(),
                    color=style.NEUTRAL, lw=1, ls=":", label="snapshot")
    left.axvspan(snap + 0.5, v + 0.5, color=style.PALETTE["orange"], alpha=0.25,
                 label="tail replayed after the snapshot" if snap else
                 "events replayed (no snapshot)")
    # the dot is named in the title: a legend entry costs more to draw than a few words
    left.add_line(Line2D([v], [result["state"]["balance"] / 100], ls="none", marker="o",
                         color=style.BAD))
    style.label(left, f"account balance, rebuilt by replay (dot: the state at version {v})",
                "stream version (events so far)", "balance ($)")
    left.legend(loc="upper left")
    xlim = _pad(min(versions), max(versions))
    ylim = _pad(min(dollars), max(dollars))
    left.set(xlim=xlim, ylim=ylim)
    style.round_ticks(left.xaxis, *xlim, most=3)
    style.round_ticks(left.yaxis, *ylim, most=3)
    names = ["full replay", "from snapshot"]
    counts = [result["read full"], result["read with snapshot"]]
    right.bar([0, 1], counts, color=[style.NEUTRAL, style.PALETTE["orange"]])
    for i, count in enumerate(counts):  # name and count on top of each bar: no ticks needed
        right.text(i, count, f"{names[i]}\n{count}", ha="center", va="bottom")
    style.label(right, "events read", "", "events read from SQLite")
    right.set(xlim=(-0.6, 1.6), ylim=(0, max(versions) * 1.25), xticks=[], yticks=[])
    snapshots = (f"with snapshots every {result['snapshots'][0]} versions as dotted lines"
                 if result["snapshots"] else "with no snapshots")
    right_text = (f"rebuilding it reads {counts[0]} events from the start but {counts[1]} "
                  f"from the snapshot at version {snap}." if snap else
                  f"rebuilding it reads {counts[0]} events from the start; with no snapshot "
                  f"at or before version {v}, the other load reads the same {counts[1]}.")
    return style.describe(fig, (
        f"Left: the balance of one account after each of its {len(versions)} events, "
        f"{snapshots}; the state at version {v} is "
        f"${result['state']['balance'] / 100:,.2f}. Right: {right_text}"))


def cqrs_view(result, t=None, read_after_ms=None, **_):
    """Store head and projection checkpoint over time; each write's lag, stale reads marked."""
    fig, (left, right) = style.figure(1, 2, figsize=style.WIDE)
    end, low, high = result["end_ms"], result["checkpoint"][0][1], result["head"][-1][1]
    for key, color in (("head", style.PALETTE["blue"]), ("checkpoint", style.PALETTE["orange"])):
        times, positions = zip(*result[key], strict=True)
        left.add_line(Line2D(list(times) + [end], list(positions) + [positions[-1]],
                             drawstyle="steps-post", color=color))
    # One text instead of a legend: a legend costs several times as much to draw.
    key = "blue: store head (written)\norange: read model checkpoint (applied)"
    at = result["at t"]
    if t is not None:
        left.axvline(t, color=style.BAD, lw=1, ls="--")
        key += f"\ndashed: t = {t:g} ms, {at['head'] - at['checkpoint']} behind"
    left.text(0.02, 0.97, key, transform=left.transAxes, va="top")
    style.label(left, "write side and read side over time", "time (ms)", "event position")
    xlim, ylim = _pad(0, max(end, t or 0)), _pad(low, high)
    left.set(xlim=xlim, ylim=ylim)
    style.round_ticks(left.xaxis, *xlim, most=3)
    style.round_ticks(left.yaxis, *ylim, most=3)
    writes = result["writes"]
    stale = writes["stale read"].to_numpy()
    written, lag = writes["written_ms"].to_numpy(), writes["lag_ms"].to_numpy()
    for mask, color in ((~stale, style.GOOD), (stale, style.BAD)):
        right.add_line(Line2D(written[mask], lag[mask], ls="none", marker="o", ms=5,
                              color=color))
    key = f"green: fresh read ({int((~stale).sum())}), red: stale read ({int(stale.sum())})"
    if read_after_ms is not None:
        right.axhline(read_after_ms, color=style.NEUTRAL, ls=":")
        key += f"\ndotted: the client reads {read_after_ms:g} ms after writing"
    right.text(0.02, 0.97, key, transform=right.transAxes, va="top", fontsize=9)
    style.label(right, "lag of each write until the read model shows it", "written at (ms)",
                "lag (ms)")
    xlim = _pad(written.min(), written.max())
    ytop = max(lag.max(), read_after_ms or 0) * 1.4 + 1
    right.set(xlim=xlim, ylim=(0, ytop))
    style.round_ticks(right.xaxis, *xlim, most=3)
    style.round_ticks(right.yaxis, 0, ytop, most=3)
    return style.describe(fig, (
        f"Left: the store's head position and the read model's checkpoint over "
        f"{result['end_ms']:.0f} ms; the checkpoint climbs in steps, one per poll, behind "
        f"the head. Right: each of {len(writes)} writes by its lag until visible, from "
        f"{lag.min():.0f} to {lag.max():.0f} ms; {int(stale.sum())} "
        f"of the reads made after writing saw stale data."))
