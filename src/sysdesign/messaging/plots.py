"""Figures for notebook 18: work queue, log ordering, crash schedules, lag, flows."""

from __future__ import annotations

import numpy as np
from matplotlib.colors import to_rgb
from matplotlib.ticker import MaxNLocator

from ..core import style

OUTCOME = {"acked": "#009E73", "requeued": "#E69F00", "dead-lettered": "#D55E00",
           "crashed": "#000000", "running": "#56B4E9"}
KEY_COLORS = ["#E69F00", "#56B4E9", "#009E73", "#D55E00", "#CC79A7", "#0072B2"]
ACTION = {"receive": ("o", "#56B4E9"), "process": ("s", "#009E73"),
          "commit": ("^", "#0072B2"), "process+commit": ("D", "#009E73"),
          "crash": ("X", "#D55E00")}
SEMANTICS_COLORS = {"lost": "#D55E00", "duplicates": "#E69F00", "reprocessed": "#999999"}


def work_queue_view(result, **_):
    """Each consumer's jobs as bars, up to time ``at``; colour = how the job ended."""
    at = result["at"]
    fig, ax = style.figure(figsize=(8, 2.9))
    rows = {c: i for i, c in enumerate(result["consumers"])}
    for consumer, start, end, message, outcome, again in result["jobs"]:
        if start > at:
            continue
        stop = min(end, at)
        shown = outcome if end <= at else "running"
        ax.barh(rows[consumer], stop - start, left=start, height=0.6,
                color=OUTCOME[shown], edgecolor="white", hatch="//" if again else None)
        ax.text(start + 0.05, rows[consumer], str(message), va="center", fontsize=8,
                color="white" if shown in ("crashed", "dead-lettered") else "black")
    for outcome, colour in OUTCOME.items():
        ax.barh(0, 0, color=colour, label=outcome)
    ax.axvline(at, color="black", lw=0.8)
    ax.set_yticks(list(rows.values()), list(rows))
    ax.set_xlim(0, max(result["end"], 1.0) + 0.2)
    ax.set_xticks(range(0, int(max(result["end"], 1.0)) + 1))  # few ticks: fast redraws
    ax.set_ylim(len(rows) - 0.4, -0.6)
    shown_done = [j[3] for j in sorted(result["jobs"], key=lambda j: j[2] or 1e9)
                  if j[4] == "acked" and j[2] <= at]
    style.label(ax, "competing consumers on one queue (hatched = redelivered)", "time (s)",
                "consumer")
    ax.text(0.0, -0.28, f"acked by t = {at:g} s, in order: {shown_done}; dead letters: "
            f"{result['dead'] if result['end'] <= at else '…'}",
            transform=ax.transAxes, fontsize=8)
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=7)
    return style.describe(fig, "Bars of the jobs each consumer ran over time, labelled "
                          "with the message number: a consumer crashes mid-job and its "
                          "message is redelivered to another consumer after later "
                          "messages, so acks come out of publish order; a message that "
                          "always fails is requeued until the delivery limit, then "
                          "dead-lettered.")


def ordering_view(result, **_):
    """Partitions as rows of records (colour = key, number = the key's event number)."""
    ends = result["ends"]
    fig, ax = style.figure(figsize=(8, 0.5 + 0.45 * len(ends) + 0.6))
    keys = list(result["partition_of"])
    colour = {k: KEY_COLORS[i % len(KEY_COLORS)] for i, k in enumerate(keys)}
    owner = {p: c for c, ps in result["assignment"].items() for p in ps}
    width = max(max(ends), 1)
    grid = np.ones((len(ends), width, 3))  # one image for all the boxes: fast to draw
    slots = [0] * len(ends)
    for _consumer, key, n, _seq, p in sorted(result["read"], key=lambda r: r[3]):
        grid[p, slots[p]] = to_rgb(colour[key])
        ax.text(slots[p] + 0.5, p, f"{key[0]}{n}", ha="center", va="center", fontsize=7)
        slots[p] += 1
    ax.imshow(grid, extent=(0, width, len(ends) - 0.5, -0.5), aspect="auto",
              interpolation="nearest")
    ax.vlines(range(1, width), -0.5, len(ends) - 0.5, color="white", lw=1.5)
    ax.hlines(np.arange(len(ends) - 1) + 0.5, 0, width, color="white", lw=3)
    ax.grid(False)
    for k in keys:
        ax.bar(0, 0, color=colour[k], label=k)
    ax.set_xlim(0, max(max(ends), 1))
    ax.xaxis.set_major_locator(MaxNLocator(5, integer=True))
    ax.set_ylim(len(ends) - 0.5, -0.5)
    ax.set_yticks(range(len(ends)),
                  [f"P{p} → {owner.get(p, 'idle')}" for p in range(len(ends))])
    style.label(ax, f"per-key order kept: {result['per_key_in_order']}; "
                f"global order kept: {result['global_in_order']}", "offset",
                "partition → consumer")
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=7)
    return style.describe(fig, "Records of six keys in the partitions of a log, each "
                          "labelled with its key's initial and event number, and the "
                          "consumer that owns each partition: a key's events sit in one "
                          "partition in order, but partitions are read independently, so "
                          "the global order is lost.")


def crash_step_view(result, **_):
    """The trace of one crash schedule up to step ``at``: message per step, by action."""
    at = result["at"]
    trace = result["trace"][:at + 1]
    fig, (ax, bx) = style.figure(2, 1, figsize=(8, 3.8),
                                 gridspec_kw={"height_ratios": [2, 1]})
    for action, (marker, colour) in ACTION.items():
        pts = [(r["step"], r["message"]) for r in trace if r["action"] == action]
        if pts:
            xs, ys = zip(*pts, strict=True)
            ax.scatter(xs, ys, marker=marker, color=colour, s=36, label=action, zorder=3)
    ax.plot([r["step"] for r in trace], [r["message"] for r in trace], color="#999999",
            lw=0.6)
    n = len(result["applied"])
    ax.set_ylim(n - 0.5, -0.5)
    ax.set_yticks(range(n))
    for axes in (ax, bx):
        axes.set_xlim(-0.5, len(result["trace"]) - 0.5)
        axes.set_xticks(range(0, len(result["trace"]), 5))
    ax.set_xticklabels([])
    ax.legend(loc="upper right", fontsize=7, ncols=5)
    last = trace[-1]
    style.label(ax, f"{result['semantics']}: step {at}, {last['action']} "
                f"{last['event'] or ''}".strip(), "", "message")
    steps = [r["step"] for r in trace]
    bx.step(steps, [r["committed"] for r in trace], where="post", color="#0072B2")
    bx.step(steps, [r["applied"] for r in trace], where="post", color="#009E73")
    bx.text(0.01, 0.9, "committed offset", color="#0072B2", transform=bx.transAxes,
            fontsize=8, va="top")  # labels instead of a second legend: faster redraws
    bx.text(0.01, 0.65, "effects applied", color="#009E73", transform=bx.transAxes,
            fontsize=8, va="top")
    bx.set_ylim(0, n + 1)
    bx.set_yticks([0, n // 2, n])
    bx.set_xlabel("step")
    bx.set_ylabel("count")
    done = at == len(result["trace"]) - 1
    bx.text(0.99, 0.05, (f"end: {result['lost']} lost, {result['duplicates']} duplicated"
                         if done else "…"), transform=bx.transAxes, ha="right", fontsize=8)
    return style.describe(fig, "Step-by-step trace of a consumer under one crash "
                          "schedule: receive, process and commit markers per message, "
                          "crashes as crosses, after which it restarts from the "
                          "committed offset, and below the committed offset against the "
                          "effects applied.")


def crash_tally_view(result, **_):
    """Lost messages, duplicated effects and repeated work per semantics, in total."""
    fig, ax = style.figure(figsize=(8, 2.8))
    names = list(result)
    x = np.arange(len(names))
    for i, what in enumerate(("lost", "duplicates", "reprocessed")):
        values = [result[s][what] for s in names]
        ax.bar(x + (i - 1) * 0.27, values, width=0.27, color=SEMANTICS_COLORS[what],
               label=what if what != "reprocessed" else "work repeated")
        for xi, v in zip(x, values, strict=True):
            ax.text(xi + (i - 1) * 0.27, v, str(v), ha="center", va="bottom", fontsize=7)
    ax.set_xticks(x, names)
    top = max(max(result[s][w] for s in names for w in ("lost", "duplicates",
                                                            "reprocessed")), 1)
    ax.set_ylim(0, top * 1.25)
    ax.yaxis.set_major_locator(MaxNLocator(3))
    crashes = result[names[0]]["crashes"]
    style.label(ax, f"over many seeded crash schedules ({crashes} crashes for "
                f"{names[0]})", "semantics", "messages")
    ax.legend(loc="upper right", fontsize=7)
    return style.describe(fig, "Bars of lost messages, duplicated effects and repeated "
                          "work for each delivery semantics: at-most-once loses, "
                          "at-least-once duplicates, the idempotent consumer repeats work "
                          "without duplicating effects, and the atomic commit does "
                          "neither.")


def lag_view(result, **_):
    """Lag over time, the closed form (λ − c·μ)·t, and the producer's blocked backlog."""
    fig, ax = style.figure(figsize=(8, 2.9))
    t = result["t"]
    ax.plot(t, result["lag"], color="#0072B2", label="consumer lag (messages)")
    if not result["bound"]:
        ax.plot(t, result["closed_form"], color="black", ls="--", lw=0.9,
                label="(λ − c·μ)·t")
    elif result["policy"] == "block":
        ax.plot(t, result["waiting"], color="#D55E00",
                label="blocked in the producer (back pressure)")
    style.label(ax, f"produce {result['produce_rate']:g}/s, consume "
                f"{result['capacity']:g}/s in all: {result['rejected']} rejected, "
                f"{result['finished']} done", "time (s)", "messages")
    ax.set_xticks([0, 10, 20, 30])
    ax.yaxis.set_major_locator(MaxNLocator(4))
    ax.legend(loc="upper left", fontsize=7)
    return style.describe(fig, _lag_alt(result))


def _lag_alt(result) -> str:
    """Alt text for the lag figure as drawn: a log, or a bound with block or drop."""
    rates = (f"producer at {result['produce_rate']:g}/s, consumers at "
             f"{result['capacity']:g}/s in all")
    if not result["bound"]:
        return (f"Consumer lag over 30 s, {rates}: the simulated lag (a staircase) "
                f"against the dashed line (λ − c·μ)·t, ending at {int(result['lag'][-1])} "
                f"messages.")
    excess = ("the excess waits in the producer (a second line)"
              if result["policy"] == "block" else
              f"the excess is rejected ({result['rejected']} messages)")
    return (f"Consumer lag over 30 s, {rates}, with a buffer bound of {result['bound']}: "
            f"the lag never exceeds the bound and {excess}.")


def flows_view(result, **_):
    """Sequence diagrams of the same order flow: choreography and orchestration."""
    fig, axes = style.figure(1, 2, figsize=(9, 3.6))
    for ax, name in zip(axes, ("choreography", "orchestration"), strict=True):
        run = result[name]
        nodes = run["nodes"]
        xs = {n: i for i, n in enumerate(nodes)}
        end = max(run["end"], 10.0)
        for n in nodes:
            ax.plot([xs[n], xs[n]], [0, end + 10], color="#BBBBBB", lw=0.8)
        arrows = np.array([(xs[src], t, xs[dst] - xs[src], 10.0)
                           for t, src, dst, _ in run["messages"]])
        bad = np.array([any(w in msg for w in ("Failed", "Undo", "Refunded", "Released"))
                        for *_, msg in run["messages"]])
        ax.quiver(arrows[:, 0], arrows[:, 1], arrows[:, 2], arrows[:, 3], angles="xy",
                  scale_units="xy", scale=1, width=0.004,
                  color=np.where(bad, "#D55E00", "#0072B2"))
        for t, src, dst, msg in run["messages"]:
            ax.text((xs[src] + xs[dst]) / 2, t + 5, msg, fontsize=6, ha="center",
                    va="bottom")
        ax.set_xticks(range(len(nodes)), nodes, fontsize=7)
        ax.set_ylim(end + 12, -3)
        ax.set_yticks(range(0, int(end) + 1, 20))
        ax.set_xlim(-0.5, len(nodes) - 0.5)
        state = run["state"]
        outcome = state["order"] if name == "choreography" else state["status"]
        ax.set_title(f"{name}: {len(run['messages'])} messages, order {outcome}",
                     fontsize=9)
        ax.set_ylabel("time (ms)")
    return style.describe(fig, "Two sequence diagrams of the order flow payment, stock, "
                          "shipping: in choreography each service reacts to the previous "
                          "one's event and failures travel back as events; in "
                          "orchestration a coordinator sends every command and receives "
                          "every reply, so it holds the flow's state, at the cost of more "
                          "messages.")
