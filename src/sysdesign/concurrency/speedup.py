"""How much faster can k workers finish a batch of tasks? A closed form and a simulation.

Each task runs Python code on a CPU for ``cpu_ms``, then waits ``wait_ms`` for I/O (a
database, a disk, another service) without using a CPU. Four ways to run a batch:

- ``one thread``: one task at a time;
- ``thread pool``: ``workers`` threads; under the GIL at most one of them runs Python
  bytecode at a time, so they share one CPU; a free-threaded build lets them use every core;
- ``process pool``: ``workers`` processes, each with its own interpreter and GIL;
- ``asyncio``: one thread, every task in flight at once: waits overlap, CPU work does not.

The closed form (:func:`speedup`) is the asymptotic bound of operational analysis
(Lazowska et al., *Quantitative System Performance*, 1984, ch. 5): a batch cannot go
faster than its workers can cycle (k tasks per ``cpu_ms + wait_ms``), nor faster than its
CPUs can run the Python parts (p tasks per ``cpu_ms``). So the speed-up over one thread is
``min(k, p / cpu_share)`` with ``cpu_share = cpu_ms / (cpu_ms + wait_ms)``.
:func:`simulate` runs the same batch on ``core.events`` and stays under that bound.

>>> speedup("thread pool", workers=32, cpu_share=0.1, cores=8, gil=True)
10.0
>>> speedup("process pool", workers=32, cpu_share=0.1, cores=8)
32.0
"""

from __future__ import annotations

import math
from collections import deque

from ..core import checks
from ..core.events import Simulator

MODELS = ("one thread", "thread pool", "process pool", "asyncio")


def _check_model(model: str) -> str:
    return checks.choice(model, "model", MODELS)


def parallelism(model: str, *, workers: int, cores: int, gil: bool = True) -> tuple[int, int]:
    """``(k, p)``: tasks in flight at once and CPUs that can run Python code at once.

    asyncio keeps every task of the batch in flight: its ``k`` is ``math.inf`` (``workers``
    is ignored), and :func:`simulate` caps it at the number of tasks.

    >>> parallelism("thread pool", workers=8, cores=4, gil=True)
    (8, 1)
    >>> parallelism("thread pool", workers=8, cores=4, gil=False)
    (8, 4)
    """
    _check_model(model)
    workers = checks.integer(workers, "workers", 1, hint="threads or processes in the pool")
    cores = checks.integer(cores, "cores", 1, hint="CPU cores of the machine")
    if not isinstance(gil, bool):
        raise TypeError(f"gil must be True or False, got {type(gil).__name__} {gil!r}")
    if model == "one thread":
        return 1, 1
    if model == "asyncio":
        return math.inf, 1
    if model == "thread pool" and gil:
        return workers, 1
    return workers, min(workers, cores)


def speedup(model: str, *, workers: int, cpu_share: float, cores: int,
            gil: bool = True) -> float:
    """Upper bound on the speed-up over one thread: ``min(k, p / cpu_share)``.

    ``cpu_share`` is the fraction of a task spent running Python code (1 = CPU-bound,
    0 = pure waiting). With ``cpu_share = 0`` and unbounded ``k`` (asyncio) the bound is
    infinite: nothing limits a batch of pure waits but their number.

    >>> speedup("asyncio", workers=1, cpu_share=0.25, cores=4)
    4.0
    >>> speedup("process pool", workers=4, cpu_share=1.0, cores=2)
    2.0
    """
    share = checks.fraction(cpu_share, "cpu_share", hint="share of each task that runs Python")
    k, p = parallelism(model, workers=workers, cores=cores, gil=gil)
    cpu_limit = math.inf if share == 0 else p / share
    return float(min(k, cpu_limit))


def simulate(model: str, *, tasks: int, workers: int, cpu_ms: float, wait_ms: float,
             cores: int, gil: bool = True) -> dict:
    """Run a batch on ``core.events``: each task takes a free CPU (FIFO), runs, then waits.

    Returns the batch's ``makespan_ms``, the ``one_thread_ms`` it would take alone
    (``tasks * (cpu_ms + wait_ms)``), their ratio ``speedup``, and ``cpu_busy``, the share
    of the CPUs' capacity used.

    >>> simulate("asyncio", tasks=4, workers=1, cpu_ms=1, wait_ms=10, cores=1)["makespan_ms"]
    14.0
    """
    tasks = checks.integer(tasks, "tasks", 1, hint="tasks in the batch")
    cpu = checks.number(cpu_ms, "cpu_ms", 0, hint="Python work per task, in ms")
    wait = checks.number(wait_ms, "wait_ms", 0, hint="I/O wait per task, in ms")
    if cpu + wait == 0:
        raise ValueError("cpu_ms and wait_ms must not both be 0: a task must take some time")
    k, p = parallelism(model, workers=workers, cores=cores, gil=gil)
    k = tasks if k == math.inf else min(k, tasks)
    sim = Simulator(seed=0)
    todo = deque(range(tasks))
    ready: deque[int] = deque()  # tasks waiting for a CPU, first come first served
    free = [p]
    done = [0]

    def start_next() -> None:  # a worker picks the next task of the batch
        if todo:
            ready.append(todo.popleft())
            dispatch()

    def dispatch() -> None:
        while free[0] and ready:
            free[0] -= 1
            ready.popleft()
            sim.schedule(cpu, cpu_done)

    def cpu_done() -> None:
        free[0] += 1
        dispatch()
        sim.schedule(wait, finished)

    def finished() -> None:
        done[0] += 1
        start_next()

    for _ in range(k):
        start_next()
    sim.run()
    if done[0] != tasks:  # pragma: no cover - a bug in the loop above
        raise RuntimeError(f"{done[0]} of {tasks} tasks finished")
    alone = tasks * (cpu + wait)
    return {"makespan_ms": sim.now, "one_thread_ms": alone, "speedup": alone / sim.now,
            "cpu_busy": tasks * cpu / (p * sim.now)}
