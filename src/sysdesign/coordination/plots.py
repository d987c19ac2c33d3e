"""Figures for notebook 22: a Paxos message diagram, gossip spread, heartbeat detection."""

from __future__ import annotations

import numpy as np
from matplotlib.collections import LineCollection
from matplotlib.lines import Line2D

from ..core import style

KIND_COLORS = {"prepare": style.PALETTE["blue"], "promise": style.PALETTE["sky"],
               "nack": style.BAD, "accept": style.PALETTE["orange"],
               "accepted": style.GOOD}


def paxos_view(state, step=None, adopt=True, **_):
    """A message sequence diagram: one column per node, time down, one arrow per message."""
    result, shown = state["result"], state["shown"]
    nodes = list(dict.fromkeys([m.src for m in result.log if not m.src.startswith("acc")]))
    nodes += sorted({m.dst for m in result.log if m.dst.startswith("acc")})
    x = {name: i for i, name in enumerate(nodes)}
    fig, ax = style.figure(figsize=(8, 4.2))
    end = max(m.arrival or m.time for m in result.log) + 3
    ax.vlines(range(len(nodes)), 0, end, color=style.NEUTRAL, lw=0.8)
    segments, colors, styles = [], [], []
    for m in shown:
        arrive = m.arrival if m.arrival is not None else m.time + 5.0  # lost: half drawn
        if not m.delivered:
            arrive, target = m.time + 2.5, (x[m.src] + x[m.dst]) / 2
        else:
            target = x[m.dst]
        segments.append([(x[m.src], m.time), (target, arrive)])
        colors.append(KIND_COLORS[m.kind])
        styles.append("solid" if m.delivered else (0, (2, 2)))
    ax.add_collection(LineCollection(segments, colors=colors, linestyles=styles, lw=1.4))
    last = shown[-1]
    ax.annotate("", xy=segments[-1][1], xytext=segments[-1][0],
                arrowprops={"arrowstyle": "->", "color": "black", "lw": 2})
    ax.set_xticks(range(len(nodes)), nodes)
    ax.set_xlim(-0.5, len(nodes) - 0.5)
    ax.set_ylim(end, 0)
    handles = [Line2D([], [], color=c, label=k) for k, c in KIND_COLORS.items()]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8)
    style.label(ax, "single-decree Paxos, proposer B "
                    + ("adopts the highest accepted value" if adopt else "ignores it (bug)"),
                "node\n ", "time (ms)")
    value = "" if last.value is None else f", {last.value}"
    chosen = "{" + ", ".join(sorted(map(str, state["chosen"]))) + "}"
    status = ax.annotate(f"message {len(shown)}: {last.kind}(ballot {last.ballot}{value}) "
                         f"{last.src} -> {last.dst}; chosen so far: {chosen}",
                         xy=(0.5, 0.0), xycoords=ax.xaxis.label, ha="center", va="bottom",
                         fontsize=9)
    status.set_in_layout(False)
    return style.describe(fig, "A message sequence diagram: vertical lines for proposers A "
                               "and B and three acceptors, time going down, one coloured "
                               "line per message (prepare, promise, nack, accept, accepted), the "
                               "current message drawn as a black arrow.")


def gossip_view(state, **_):
    """Informed share per round for several seeded runs, with log2 n + ln n marked."""
    fig, ax = style.figure(figsize=(7, 3.6))
    n = state["n"]
    for i, run in enumerate(state["runs"]):
        ax.plot(np.arange(len(run)), np.asarray(run) / n, color=style.PALETTE["blue"],
                alpha=0.5, lw=1, label="one seeded run" if i == 0 else None)
    ax.axvline(state["estimate"], color=style.BAD, ls="--",
               label=f"log2 n + ln n = {state['estimate']:.1f}")
    ax.axvline(state["mean_rounds"], color="black", ls=":",
               label=f"mean rounds here = {state['mean_rounds']:.1f}")
    ax.set_xlim(0, 40)
    style.percent_axis(ax)
    ax.legend(loc="lower right", fontsize=8)
    style.label(ax, f"gossip ({state['mode']}, fanout {state['fanout']}) to n = {n:,} nodes",
                "round", "nodes informed")
    return style.describe(fig, "S-shaped curves of the share of informed nodes against the "
                               "round for several seeded runs, with a dashed line at "
                               "log2 n + ln n and a dotted line at the mean rounds of "
                               "these runs.")


def heartbeat_view(runs, crash_round=10):
    """How many live nodes suspect the crashed node, per round, for each timeout."""
    fig, ax = style.figure(figsize=(7, 3.4))
    for color, (t_fail, run) in zip(style.COLORS, runs.items(), strict=False):
        ax.step(np.arange(1, len(run["suspecting"]) + 1), run["suspecting"], where="post",
                color=color, label=f"t_fail = {t_fail} rounds "
                                   f"({run['false_suspicions']} false suspicions)")
    ax.axvline(crash_round, color=style.NEUTRAL, ls="--", label="node crashes")
    ax.legend(loc="upper left", fontsize=8)
    style.label(ax, "gossip heartbeats: who suspects the crashed node", "round",
                "live nodes suspecting it")
    early = [t for t, run in runs.items() if max(run["suspecting"][:crash_round], default=0)]
    before = (f"with t_fail = {', '.join(map(str, early))} some nodes suspect it before it "
              "crashes; " if early else "")
    return style.describe(fig, "Step curves, one per suspicion timeout, of how many live "
                               "nodes suspect the node that crashes, round by round, with a "
                               f"dashed line at the crash; {before}shorter timeouts detect "
                               "sooner but raise more false suspicions.")
