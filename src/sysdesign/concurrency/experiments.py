"""The scenarios that notebook 28, its panels and the tests share."""

from __future__ import annotations

import asyncio

import pandas as pd

from ..core import checks
from ..core.tables import full_text
from . import actors, reactor, timing
from . import reactor_steps as reactor_steps_module
from .speedup import MODELS, simulate, speedup

WORKERS = (1, 2, 4, 8, 16)
IO_DEMO_SHARE = 0.1  # an I/O-bound task: 10 % running Python, 90 % waiting


def speedup_curves(cpu_share: float = IO_DEMO_SHARE, cores: int = 4, gil: str = "GIL",
                   tasks: int = 40) -> dict:
    """Bound and simulated speed-up per model and pool size, for CPU-bound work (share 1)
    and for tasks with the given ``cpu_share`` (default: I/O-bound, 10 % CPU).

    Each task is 10 ms long in total; ``gil`` is ``"GIL"`` or ``"free-threaded"``.
    """
    checks.choice(gil, "gil", ["GIL", "free-threaded"])
    share = checks.fraction(cpu_share, "cpu_share", hint="share of a task running Python")
    rows = []
    for label, s in (("CPU-bound", 1.0), ("mixed", share)):
        for model in MODELS:
            for k in WORKERS:
                sim = simulate(model, tasks=tasks, workers=k, cpu_ms=10 * s,
                               wait_ms=10 * (1 - s), cores=cores, gil=gil == "GIL")
                rows.append({"work": label, "cpu_share": s, "model": model, "workers": k,
                             "bound": speedup(model, workers=k, cpu_share=s, cores=cores,
                                              gil=gil == "GIL"),
                             "simulated": sim["speedup"]})
    return {"table": pd.DataFrame(rows), "tasks": tasks}


def measured(*, tasks: int = 8, workers: int = 4, cpu_n: int = 40_000,
             io_s: float = 0.01, repeats: int = 3) -> dict:
    """Time every model on CPU-bound and on I/O-bound work (best of ``repeats``);
    speed-ups over one thread."""
    runs = timing.measure(tasks=tasks, workers=workers, cpu_n=cpu_n, io_s=io_s,
                          repeats=repeats)
    table = pd.DataFrame([{k: r[k] for k in ("kind", "model", "seconds")} for r in runs])
    # Cores this process kept busy (its CPU time / wall time); NaN for the process pool,
    # whose work runs in other processes.
    table["cores_busy"] = [float("nan") if r["cpu_seconds"] is None
                           else r["cpu_seconds"] / r["seconds"] for r in runs]
    alone = table[table.model == "one thread"].set_index("kind")["seconds"]
    table["speedup"] = table["seconds"] / table["kind"].map(alone)
    table["speedup"] = 1 / table["speedup"]
    same = all(r["results"] == runs[0 if r["kind"] == "cpu" else len(MODELS)]["results"]
               for r in runs)
    return {"table": table, "same_results": same, "runtime": timing.runtime(),
            "tasks": tasks, "workers": workers}


def conclusions(result: dict) -> dict:
    """The claims a measurement supports on any machine.

    Speed-ups need a margin: 1.5x, or 1.2x for processes (on two cores they can reach at
    most 2x). That threads and asyncio run CPU work on one core at a time is read from the
    cores they kept busy (CPU time / wall time), not from wall times: other work on the
    machine can slow any run, but it can never make that ratio larger.
    """
    table = result["table"].set_index(["kind", "model"])
    t, busy = table["speedup"], table["cores_busy"]
    cores = result["runtime"]["cores"]
    out = {"threads beat one thread on I/O": bool(t["io", "thread pool"] > 1.5),
           "asyncio beats one thread on I/O": bool(t["io", "asyncio"] > 1.5),
           "asyncio keeps at most one core busy on CPU": bool(busy["cpu", "asyncio"] < 1.2)}
    if result["runtime"]["gil_enabled"]:
        out["threads keep at most one core busy on CPU (GIL on)"] = bool(
            busy["cpu", "thread pool"] < 1.2)
    if cores >= 2:
        out[f"processes beat one thread on CPU ({cores} cores)"] = bool(
            t["cpu", "process pool"] > 1.2)
        if not result["runtime"]["gil_enabled"]:  # a free-threaded build, GIL off
            out[f"threads keep more than one core busy on CPU (GIL off, {cores} cores)"] = \
                bool(busy["cpu", "thread pool"] > 1.2)
    return out


def reactor_run(clients: int = 5, lines: int = 3) -> dict:
    """Serve ``clients`` concurrent connections with the selectors reactor; count events."""
    with reactor.serving() as server:
        replies = reactor.echo_clients(server.address, clients=clients, lines=lines)
    # Counted once the loop has stopped: every handler call has finished by then.
    counted = {k: server.events[k] for k in ("accept", "read", "write")}
    with reactor.serving() as other:
        async_reply = timing.run_in_thread(_asyncio_client(other.address))
    expected = [[f"client {i} line {n}\n".encode() for n in range(lines)]
                for i in range(clients)]
    return {"clients": clients, "lines": lines, "replies_correct": replies == expected,
            "peak_open_connections": server.peak_open, "handler_calls": counted,
            "bytes_echoed": server.bytes_echoed, "asyncio_reply": async_reply,
            "open_after_stop": server.open, "log": list(server.log)}


async def _asyncio_client(address) -> bytes:
    """The same reactor, spoken to by an asyncio client: ``await`` instead of callbacks."""
    reader, writer = await asyncio.open_connection(*address)
    writer.write(b"hello from asyncio\n")
    await writer.drain()
    line = await asyncio.wait_for(reader.readline(), reactor.TIMEOUT_S)
    writer.close()
    await writer.wait_closed()
    return line


def event_loop_kind() -> dict:
    """Which event loop asyncio gives on this platform, and what it waits with."""
    loop = asyncio.new_event_loop()
    try:
        selector = getattr(loop, "_selector", None)  # present on selector loops only
        return {"loop": type(loop).__name__,
                "is SelectorEventLoop (reactor)": isinstance(loop, asyncio.SelectorEventLoop),
                "is ProactorEventLoop (proactor)": isinstance(
                    loop, getattr(asyncio, "ProactorEventLoop", ())),
                "waits with": type(selector).__name__ if selector else "I/O completion port"}
    finally:
        loop.close()


REACTOR_VS_PROACTOR = full_text(pd.DataFrame(
    [("1", "register interest: 'tell me when socket s is readable'",
      "start the read: 'read into this buffer', and return at once"),
     ("2", "wait: select / epoll / kqueue blocks until some socket is ready",
      "wait: for completions (IOCP, io_uring completion queue)"),
     ("3", "kernel: data arrives; the socket becomes readable",
      "kernel: data arrives and is copied into the buffer"),
     ("4", "loop: calls the handler of the ready socket",
      "loop: calls the handler of the finished operation, with the byte count"),
     ("5", "handler: recv() copies the data (cannot block: it is ready)",
      "handler: the data is already in its buffer"),
     ("6", "handler: processes it; same steps again for the reply",
      "handler: processes it; starts the next operation")],
    columns=["step", "reactor (readiness)", "proactor (completion)"]).set_index("step"))


def supervision(at_step: int | None = None, strategy: str = "one_for_one",
                crashes: int = 2, max_restarts: int = 3, increments: int = 9) -> dict:
    """A counter that reports to an auditor, under a supervisor; some messages are 'boom'.

    ``increments`` "+1" messages with ``crashes`` "boom" messages spread among them are
    told to the counter; the run goes until every mailbox is empty. The result holds the
    whole log, and the step ``at_step`` (default: the last) the view stops at.
    """
    crashes = checks.integer(crashes, "crashes", 0, 6, hint="'boom' messages told")
    increments = checks.integer(increments, "increments", 1, 50, hint="'+1' messages told")
    system = actors.ActorSystem()
    sup = system.supervisor(strategy, max_restarts=max_restarts, within=50)
    system.spawn("counter", lambda: actors.Counter(report_to="auditor"), supervisor=sup)
    system.spawn("auditor", actors.Auditor, supervisor=sup)
    for message in script(increments, crashes):
        system.tell("counter", message)
    system.run()
    last = len(system.log) - 1
    at = last if at_step is None else min(checks.integer(at_step, "at_step", 0), last)
    return {"log": system.log, "at": at, "counts": system.counts(),
            "gave_up": sup.gave_up, "strategy": strategy}


def script(increments: int, crashes: int) -> list[str]:
    """``increments`` "+1" with ``crashes`` "boom" spread evenly among them.

    >>> script(4, 1)
    ['+1', '+1', 'boom', '+1', '+1']
    """
    increments = checks.integer(increments, "increments", 0, hint="'+1' messages")
    crashes = checks.integer(crashes, "crashes", 0, hint="'boom' messages")
    messages = ["+1"] * increments
    for i in range(crashes, 0, -1):
        messages.insert(round(i * increments / (crashes + 1)), "boom")
    return messages


def reactor_steps(at_step: int | None = None) -> dict:
    """The reactor turn by turn under the fixed client script (real sockets on 127.0.0.1).

    The result holds every turn, and the turn ``at_step`` (default: the last) the view
    stops at.
    """
    run = reactor_steps_module.step_through()
    last = len(run["turns"]) - 1
    at = last if at_step is None else min(checks.integer(at_step, "at_step", 0), last)
    return {**run, "at": at}


def reactor_steps_table(run: dict):
    """One row per loop turn: the client action before it, ready set, handlers, state."""
    rows = [{"turn": t["turn"], "after client action": t["after"],
             "ready (r/w)": " ".join(t["ready"]), "handlers run": ", ".join(t["handlers"]),
             "registered": " ".join(t["registered"]) or "-",
             "pending out (B)": " ".join(f"{n}:{b}" for n, b in t["pending_out"].items()
                                         if b) or "-",
             "half line in (B)": " ".join(f"{n}:{b}" for n, b in t["partial_in"].items()
                                          if b) or "-"}
            for t in run["turns"]]
    return full_text(pd.DataFrame(rows).set_index("turn"))
