"""Real measurements: the same batch of tasks run by one thread, a thread pool, a process
pool and asyncio, on this machine.

- CPU-bound task: :func:`cpu_task`, a pure-Python loop (it holds the GIL while it runs).
- I/O-bound task: :func:`io_task` sleeps (``time.sleep``, or ``asyncio.sleep`` under
  asyncio). A sleep is a **stand-in** for waiting on a socket or a disk: like a blocking
  ``recv``, it releases the GIL and uses no CPU while it waits.

Process pools are started once, before the clock starts, and reused (as a server would);
they use the ``fork`` start method on Linux (fast to start) and ``spawn`` elsewhere (on
macOS fork is unsafe: system libraries may start threads, which is why Python made spawn
its default there in 3.8), passed explicitly so the default (which changes in Python
3.14) does not matter.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import sys
import sysconfig
import threading
import time
import warnings
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor

from ..core import checks
from .speedup import MODELS

KINDS = ("cpu", "io")


def cpu_task(n: int) -> int:
    """Pure-Python work: a sum over ``n`` numbers (deterministic, so results can be compared).

    >>> cpu_task(10)
    19
    """
    total = 0
    for i in range(n):
        total += i * i % 7
    return total


def io_task(seconds: float) -> float:
    """Wait ``seconds`` without using the CPU: a stand-in for a blocking network call."""
    time.sleep(seconds)
    return seconds


async def _io_task_async(seconds: float) -> float:
    await asyncio.sleep(seconds)
    return seconds


async def _cpu_task_async(n: int) -> int:
    return cpu_task(n)  # a coroutine that never awaits: it blocks the loop while it runs


def runtime() -> dict:
    """Which Python runs this: a free-threaded build? is the GIL on right now? how many cores?

    ``sys._is_gil_enabled`` exists from Python 3.13; before that, the GIL is always on.
    A free-threaded build (``Py_GIL_DISABLED``) can still turn the GIL back on (``-X gil=1``
    or an extension module that needs it), so both are reported.
    """
    is_enabled = getattr(sys, "_is_gil_enabled", None)
    return {"python": sys.version.split()[0],
            "free_threaded_build": bool(sysconfig.get_config_var("Py_GIL_DISABLED")),
            "gil_enabled": True if is_enabled is None else bool(is_enabled()),
            "cores": usable_cores()}


def usable_cores() -> int:
    """CPUs this process may run on: ``os.cpu_count()`` counts the machine's, which a
    container or a CPU affinity mask can restrict (Python's ``os`` docs say so)."""
    if hasattr(os, "process_cpu_count"):  # Python 3.13+
        return os.process_cpu_count() or 1
    if hasattr(os, "sched_getaffinity"):  # Linux and some Unixes
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def process_context():
    """The start method for process pools: ``fork`` on Linux, else ``spawn``.

    macOS also offers fork, but Python's documentation calls it unsafe there (system
    libraries may start threads a forked child cannot use).
    """
    fork = sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if fork else "spawn")


def process_pool(workers: int) -> ProcessPoolExecutor:
    """A started process pool of ``workers`` processes (shut it down when done)."""
    workers = checks.integer(workers, "workers", 1, 64, hint="processes in the pool")
    with warnings.catch_warnings():
        # Python 3.12+ warns that forking a process with threads (a Jupyter kernel has
        # some) can deadlock a child that needs a lock another thread held. Our children
        # only run cpu_task/io_task, which take no locks.
        warnings.filterwarnings("ignore", category=DeprecationWarning, message=".*fork.*")
        pool = ProcessPoolExecutor(max_workers=workers, mp_context=process_context())
        list(pool.map(cpu_task, [1] * workers))  # start every worker before timing
    return pool


def run_in_thread(coroutine) -> object:
    """``asyncio.run`` in a fresh thread: a Jupyter kernel already runs a loop in this one."""
    out: dict = {}

    def target() -> None:
        try:
            out["value"] = asyncio.run(coroutine)
        except BaseException as error:  # noqa: BLE001 - re-raised in the caller's thread
            out["error"] = error

    thread = threading.Thread(target=target, name="asyncio-measure")
    thread.start()
    thread.join()
    if "error" in out:
        raise out["error"]
    return out["value"]


async def _gather(function, args) -> list:
    return list(await asyncio.gather(*(function(a) for a in args)))


def run_batch(model: str, kind: str, *, tasks: int, workers: int, cpu_n: int = 200_000,
              io_s: float = 0.02, pool: Executor | None = None) -> dict:
    """Run ``tasks`` tasks of ``kind`` under ``model`` and time it (wall clock, seconds).

    ``cpu_seconds`` is the CPU time this process used meanwhile (all its threads):
    divided by ``seconds`` it says how many cores the run kept busy. Other work on the
    machine can only lower that ratio, so "at most one core" is a robust reading even
    where wall times are noisy. A process pool's workers are other processes: their CPU
    time is not in it (``cpu_seconds`` is then ``None``).

    ``pool`` lends a started process pool (see :func:`process_pool`); without one, a
    process pool is started here and its start-up is not timed.
    """
    checks.choice(model, "model", MODELS)
    checks.choice(kind, "kind", KINDS)
    tasks = checks.integer(tasks, "tasks", 1, 1000, hint="tasks in the batch")
    workers = checks.integer(workers, "workers", 1, 64, hint="threads or processes")
    cpu_n = checks.integer(cpu_n, "cpu_n", 1, 10_000_000, hint="loop length of a CPU task")
    io_s = checks.number(io_s, "io_s", 0, 1, hint="seconds each I/O task waits")
    function, arg = (cpu_task, cpu_n) if kind == "cpu" else (io_task, io_s)
    args = [arg] * tasks
    own_pool = None
    if model == "process pool" and pool is None:
        pool = own_pool = process_pool(workers)
    try:
        start, cpu_start = time.perf_counter(), time.process_time()
        if model == "one thread":
            results = [function(a) for a in args]
        elif model == "asyncio":
            coro = _cpu_task_async if kind == "cpu" else _io_task_async
            results = run_in_thread(_gather(coro, args))
        elif model == "thread pool":
            with ThreadPoolExecutor(max_workers=workers) as threads:
                results = list(threads.map(function, args))
        else:
            results = list(pool.map(function, args))
        seconds = time.perf_counter() - start
        cpu_seconds = time.process_time() - cpu_start
    finally:
        if own_pool is not None:
            own_pool.shutdown()
    return {"model": model, "kind": kind, "seconds": seconds, "results": results,
            "cpu_seconds": None if model == "process pool" else cpu_seconds}


def measure(*, tasks: int = 8, workers: int = 4, cpu_n: int = 40_000,
            io_s: float = 0.01, repeats: int = 3) -> list[dict]:
    """Every model on both kinds of work, each the best (shortest) of ``repeats`` runs.

    The best of a few runs is the usual way to time on a shared machine: noise from other
    work only ever adds time. The runs go in rounds over all the models, so a busy moment
    hurts each model alike. One process pool serves every process run.
    """
    repeats = checks.integer(repeats, "repeats", 1, 20, hint="runs per model, best kept")
    pool = process_pool(workers)
    best: dict[tuple[str, str], dict] = {}
    try:
        for _ in range(repeats):  # rounds over every model, so all see the same conditions
            for kind in KINDS:
                for model in MODELS:
                    run = run_batch(model, kind, tasks=tasks, workers=workers, cpu_n=cpu_n,
                                    io_s=io_s, pool=pool)
                    if (kind, model) not in best or run["seconds"] < best[kind, model]["seconds"]:
                        best[kind, model] = run
        return [best[kind, model] for kind in KINDS for model in MODELS]
    finally:
        pool.shutdown()
