"""Figures for notebook 28: speed-up models, measured runs, an actor run step by step."""

from __future__ import annotations

import numpy as np

from ..core import style
from .speedup import MODELS

MODEL_COLORS = dict(zip(MODELS, ["#000000", "#0072B2", "#D55E00", "#009E73"], strict=True))
POSITION = {1: 0, 2: 1, 4: 2, 8: 3, 16: 4}  # pool sizes, evenly spaced (a log2 axis)
EVENT_Y = {"counter": 1, "auditor": 0}
YMAX = 17  # top of the speed-up axes


def speedup_curves_view(result, cores=4, gil="GIL", **_):
    """Speed-up over one thread against pool size: bound (lines) and simulated (dots)."""
    table = result["table"]
    fig, axes = style.figure(1, 2, figsize=(10, 3.6), sharey=True)
    # Plain lists and arrays, not pandas groupby/clip/map: a redraw spends its time drawing.
    works, models = table.work.tolist(), table.model.tolist()
    x = [POSITION[k] for k in table.workers.tolist()]
    bound, simulated = np.minimum(table.bound.to_numpy(), 20), table.simulated.to_numpy()
    shares = table.cpu_share.tolist()
    for ax, work in zip(axes, dict.fromkeys(works), strict=True):  # in the table's order
        rows = [i for i, w in enumerate(works) if w == work]
        for model in dict.fromkeys(models[i] for i in rows):
            line = [i for i in rows if models[i] == model]
            ax.plot([x[i] for i in line], bound[line], color=MODEL_COLORS[model], lw=1.5,
                    label="asyncio (one thread, no pool)" if model == "asyncio" else model)
        ax.scatter([x[i] for i in rows], simulated[rows], s=14, zorder=3,
                   c=[MODEL_COLORS[models[i]] for i in rows])  # one call: cheaper to draw
        share = shares[rows[0]]
        if work != "CPU-bound":
            work = "mostly waiting" if share < 0.5 else "mixed"
        ax.set_xticks(list(POSITION.values()), [str(k) for k in POSITION])
        ax.grid(axis="x", visible=False)  # read across to a speed-up; fewer lines to draw
        style.label(ax, f"{work}: {share:.0%} of each task runs Python",
                    "workers (threads or processes)", "speed-up over one thread")
    axes[0].set_ylim(0, YMAX)
    axes[0].set_yticks([0, 4, 8, 12, 16])
    at_one = ("one thread, thread pool and asyncio" if gil == "GIL"
              else "one thread and asyncio")  # free-threaded: threads follow processes
    axes[0].text(2, 1.4, f"{at_one}: all at 1", ha="center", fontsize=8)
    axes[0].legend(loc="upper left", fontsize=8)
    axes[1].text(0.02, 0.97, f"{cores} cores, {gil}; lines: bound, dots: "
                 f"{result['tasks']} tasks simulated", transform=axes[1].transAxes,
                 va="top", fontsize=8)
    return style.describe(fig, _curves_alt(table, cores, gil))


def _curves_alt(table, cores, gil) -> str:
    """Alt text for the speed-up figure, read from the bounds it draws (at 16 workers)."""
    top = max(POSITION)
    bound = {(w, m): b for w, m, k, b in zip(table.work, table.model, table.workers,
                                              table.bound, strict=True) if k == top}
    mixed = table.cpu_share.iloc[-1]  # the second panel's share (rows: CPU-bound first)

    def b(work, model):
        value = bound[work, model]
        text = "unbounded" if value == float("inf") else f"{value:.3g}"
        return f"{text} (above the chart)" if value > YMAX else text

    who = "processes and threads" if gil == "free-threaded" else "only processes"
    cpu = (f"{who} speed up, to at most {b('CPU-bound', 'process pool')} with {top} "
           "workers; the others stay at 1" if bound["CPU-bound", "process pool"] > 1
           else "every model stays at 1 on one core")
    return (f"Speed-up over one thread against pool size, {cores} "
            f"core{'s' if cores > 1 else ''}, {gil}; lines: "
            f"bound, dots: simulated. CPU-bound work: {cpu}. "
            f"Tasks with {mixed:.0%} CPU: with {top} workers the bound is "
            f"{b('mixed', 'thread pool')} for the thread pool, "
            f"{b('mixed', 'process pool')} for the process pool, and "
            f"{b('mixed', 'asyncio')} for asyncio with one thread and no pool.")


def measured_view(result, **_):
    """Measured speed-up over one thread, per model, for CPU-bound and I/O-bound batches."""
    table = result["table"]
    fig, ax = style.figure(figsize=(8, 3.2))
    width = 0.2
    for i, model in enumerate(MODELS):
        rows = table[table.model == model].set_index("kind").loc[["cpu", "io"]]
        ax.bar([x + (i - 1.5) * width for x in (0, 1)], rows.speedup, width,
               color=MODEL_COLORS[model], label=model)
    ax.axhline(1, color="#999999", lw=1)
    ax.set_xticks([0, 1], [f"CPU-bound ({result['tasks']} tasks)",
                           f"I/O-bound ({result['tasks']} tasks, sleep stand-in)"])
    style.label(ax, f"measured on this machine: {result['runtime']['cores']} cores, "
                f"pools of {result['workers']}", "", "speed-up over one thread")
    ax.legend(fontsize=8, ncols=2)
    cpu_fast = ("only the process pool can be" if result["runtime"]["gil_enabled"]
                else "the process pool and, with the GIL off, the thread pool can be")
    return style.describe(fig, "Measured speed-up over one thread. On I/O-bound work the "
                          "thread pool, process pool and asyncio are all several times "
                          f"faster; on CPU-bound work {cpu_fast}, given two or more idle "
                          "cores.")


def supervision_view(result, at_step=None, **_):
    """Each delivered message by actor and step, crashes and restarts, and the states."""
    at = result["at"] if at_step is None else min(at_step, len(result["log"]) - 1)
    log = result["log"][:at + 1]
    fig, (top, bottom) = style.figure(2, 1, figsize=(9, 4.4), sharex=True)
    marks = {"ok": [], "crash": [], "restart": [], "stop": []}
    for e in log:
        y = EVENT_Y[e["actor"]]
        marks["ok" if e["outcome"] == "ok" else "crash"].append((e["step"], y))
        marks["restart"] += [(e["step"] + 0.4, EVENT_Y[n]) for n in e["restarted"]]
        marks["stop"] += [(e["step"] + 0.4, EVENT_Y[n]) for n in e["stopped"]]
    for kind, marker, color, size in (("ok", "o", "#009E73", 25), ("crash", "X", "#D55E00", 90),
                                      ("restart", ">", "#E69F00", 50),
                                      ("stop", "s", "#000000", 50)):
        if marks[kind]:
            top.scatter(*zip(*marks[kind], strict=True), marker=marker, color=color, s=size)
    top.set_yticks([0, 1], ["auditor", "counter"])
    top.grid(visible=False)  # two lanes: the dots say enough
    top.set_ylim(-0.6, 1.7)
    steps = [e["step"] for e in log]
    bottom.step(steps, [e["states"]["counter"]["count"] for e in log], where="post",
                color="#0072B2", label="counter: count")
    bottom.step(steps, [e["states"]["auditor"]["highest"] for e in log], where="post",
                color="#CC79A7", ls="--", label="auditor: highest count seen")
    bottom.set_xlim(-0.5, max(len(result["log"]), 2) - 0.5)
    bottom.set_xticks(range(0, len(result["log"]), 5))  # few ticks: each costs draw time
    top_value = max(4, max(e["states"]["auditor"]["highest"] for e in log) + 1)
    bottom.set_ylim(-0.3, top_value + 0.5)
    bottom.set_yticks(range(0, top_value + 1, 2))
    bottom.legend(fontsize=8, loc="upper left", ncols=2)
    now = log[-1]
    box = ", ".join(f"{n} {k}" for n, k in now["mailboxes"].items())
    style.label(top, f"{result['strategy']}: step {at}, {now['actor']} got "
                f"{now['message']!r}: {now['outcome']}", "", "actor")
    style.label(bottom, f"state after each step; mailboxes now: {box}", "step", "value")
    top.text(0.99, 0.02, "o handled   X crashed ('boom')   > restarted   [] stopped",
             transform=top.transAxes, ha="right", fontsize=7)
    return style.describe(fig, "One message per step: the counter crashes on each 'boom', "
                          "its supervisor restarts it with a fresh count of zero, and the "
                          "messages behind it in its mailbox are still handled; the "
                          "auditor, another actor, keeps its own state.")


REACTOR_LANES = ["listener", "c1", "c2", "c3"]
HANDLER_STYLE = {"accept": ("s", "#0072B2"), "read": ("o", "#009E73"),
                 "write": ("^", "#E69F00"), "close": ("X", "#D55E00")}


def reactor_steps_view(result, at_step=None, **_):
    """Each loop turn: which sockets were ready and which handler ran, up to the turn shown."""
    turns = result["turns"]
    at = result["at"] if at_step is None else min(at_step, len(turns) - 1)
    fig, ax = style.figure(1, 1, figsize=(9, 3.2))
    marks = {kind: [] for kind in HANDLER_STYLE}
    for t in turns[:at + 1]:
        for call in t["handlers"]:
            kind, who = call.split()[:2]
            lane = "listener" if kind == "accept" else who
            marks[kind].append((t["turn"], REACTOR_LANES.index(lane)))
    for kind, points in marks.items():
        marker, color = HANDLER_STYLE[kind]
        if points:  # plot, not scatter: cheaper to draw
            ax.plot(*zip(*points, strict=True), ls="", marker=marker, color=color, ms=8)
    ax.axvline(at, color="#999999", lw=1)
    ax.set_yticks(range(len(REACTOR_LANES)), REACTOR_LANES)
    ax.set_xlim(-0.5, len(turns) - 0.5)
    ax.set_ylim(-0.6, len(REACTOR_LANES) + 0.4)
    ax.set_xticks(range(len(turns)))
    ax.grid(visible=False)
    ax.text(0.01, 0.97, "[] accept   o read   ^ write   X close", transform=ax.transAxes,
            va="top", fontsize=8)  # a text key: cheaper than a legend
    now = turns[at]
    pending = ", ".join(f"{n} {b} B" for n, b in now["pending_out"].items() if b) or "none"
    half = ", ".join(f"{n} {b} B" for n, b in now["partial_in"].items() if b) or "none"
    style.label(ax, f"turn {at}: ready {' '.join(now['ready'])} -> "
                f"{', '.join(now['handlers'])}", "loop turn", "socket")
    ax.text(0.99, 0.97, f"registered: {' '.join(now['registered']) or 'none'}; "
            f"output pending: {pending}; half line held: {half}", transform=ax.transAxes,
            ha="right", va="top", fontsize=8)
    return style.describe(fig, "One thread, twelve loop turns: each turn the selector "
                          "reports the ready sockets and the reactor runs one handler per "
                          "ready socket (accept on the listener, read, write, close on a "
                          "connection); a read that completes a line makes the connection "
                          "ask for write readiness, and the next turn writes the echo.")
