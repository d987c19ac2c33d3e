"""Figures for notebook 19: an account's history with snapshots, and a lagging read model."""

from __future__ import annotations

from matplotlib.ticker import MaxNLocator

from ..core import style


def _few_ticks(*axes) -> None:
    """At most five ticks an axis: tick labels are most of a redraw's cost."""
    for ax in axes:
        ax.xaxis.set_major_locator(MaxNLocator(5))
        ax.yaxis.set_major_locator(MaxNLocator(5))


def history_view(result, **_):
    """Balance by version with the snapshots; events read to load the chosen version."""
    fig, (left, right) = style.figure(1, 2, figsize=style.WIDE,
                                      gridspec_kw={"width_ratios": [3, 1]})
    versions, dollars = result["versions"], [b / 100 for b in result["balances"]]
    v, snap = result["version"], result["snapshot used"]
    left.step(versions, dollars, where="post", color=style.PALETTE["blue"],
              label="balance after each event")
    if result["snapshots"]:
        left.vlines(result["snapshots"], 0, 1, transform=left.get_xaxis_transform(),
                    color=style.NEUTRAL, lw=1, ls=":", label="snapshot")
    left.axvspan(snap + 0.5, v + 0.5, color=style.PALETTE["orange"], alpha=0.25,
                 label="tail replayed after the snapshot" if snap else
                 "events replayed (no snapshot)")
    left.plot([v], [result["state"]["balance"] / 100], "o", color=style.BAD,
              label=f"state at version {v}")
    style.label(left, f"account balance, rebuilt by replay (version {v})",
                "stream version (events so far)", "balance ($)")
    left.legend(loc="upper left")
    names = ["full replay", "from snapshot"]
    counts = [result["read full"], result["read with snapshot"]]
    bars = right.bar(names, counts, color=[style.NEUTRAL, style.PALETTE["orange"]])
    right.bar_label(bars)
    style.label(right, "events read", "", "events read from SQLite")
    right.set_ylim(0, max(versions) * 1.1)
    _few_ticks(left)
    right.yaxis.set_major_locator(MaxNLocator(4))
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
    for key, color, name in (("head", style.PALETTE["blue"], "store head (written)"),
                             ("checkpoint", style.PALETTE["orange"],
                              "read model checkpoint (applied)")):
        times, positions = zip(*result[key], strict=True)
        left.step(list(times) + [result["end_ms"]], list(positions) + [positions[-1]],
                  where="post", color=color, label=name)
    at = result["at t"]
    if t is not None:
        left.axvline(t, color=style.BAD, lw=1, ls="--",
                     label=f"t = {t:g} ms: {at['head'] - at['checkpoint']} behind")
    style.label(left, "write side and read side over time", "time (ms)", "event position")
    left.legend(loc="upper left")
    writes = result["writes"]
    stale = writes["stale read"]
    for mask, color in ((~stale, style.GOOD), (stale, style.BAD)):
        right.plot(writes.loc[mask, "written_ms"], writes.loc[mask, "lag_ms"], "o",
                   color=color, ms=5)
    key = f"green: fresh read ({int((~stale).sum())}), red: stale read ({int(stale.sum())})"
    if read_after_ms is not None:
        right.axhline(read_after_ms, color=style.NEUTRAL, ls=":")
        key += f"\ndotted: the client reads {read_after_ms:g} ms after writing"
    # One text instead of a legend: a legend is a third of this figure's redraw time.
    right.text(0.02, 0.97, key, transform=right.transAxes, va="top", fontsize=9)
    style.label(right, "lag of each write until the read model shows it", "written at (ms)",
                "lag (ms)")
    right.set_ylim(0, max(writes["lag_ms"].max(), read_after_ms or 0) * 1.4 + 1)
    _few_ticks(left, right)
    return style.describe(fig, (
        f"Left: the store's head position and the read model's checkpoint over "
        f"{result['end_ms']:.0f} ms; the checkpoint climbs in steps, one per poll, behind "
        f"the head. Right: each of {len(writes)} writes by its lag until visible, from "
        f"{writes['lag_ms'].min():.0f} to {writes['lag_ms'].max():.0f} ms; {int(stale.sum())} "
        f"of the reads made after writing saw stale data."))
