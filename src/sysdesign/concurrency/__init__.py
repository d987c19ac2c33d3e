"""Concurrency models: threads, processes and asyncio under the GIL; reactor and proactor;
actors with supervisors.

What is where (the notebook is ``28_concurrency_models``):

- :mod:`.speedup`: :func:`speedup`, the closed-form bound ``min(k, p / cpu_share)`` on the
  speed-up of one thread, a thread pool, a process pool or asyncio, with or without the
  GIL; :func:`simulate`, the same batch on ``core.events``.
- :mod:`.timing`: real timings of CPU-bound and I/O-bound batches under each model
  (:func:`run_batch`, :func:`measure`) and :func:`runtime` (free-threaded build? GIL on?).
- :mod:`.reactor`: :class:`EchoReactor`, a ``selectors`` echo server on 127.0.0.1;
  :func:`serving` runs it for a ``with`` block, :func:`echo_clients` drives it.
- :mod:`.reactor_steps`: :func:`~.reactor_steps.step_through`, the same reactor turned by
  hand under a fixed client script, one record per loop turn (deterministic).
- :mod:`.actors`: :class:`ActorSystem` (mailboxes, a deterministic one-message-a-step
  scheduler), :class:`Actor`, :class:`Supervisor` (one_for_one, one_for_all,
  rest_for_one, restart intensity), and the demo actors :class:`Counter`, :class:`Auditor`.
- :mod:`.experiments`: the scenarios the notebook, the panels and the tests share.
- :mod:`.plots` draws them; :mod:`.widgets` wires the panels (import those two yourself).

>>> speedup("thread pool", workers=8, cpu_share=1.0, cores=8, gil=True)
1.0
"""

from .actors import (
    SCHEDULES,
    STRATEGIES,
    Actor,
    ActorSystem,
    Auditor,
    Context,
    Counter,
    Crash,
    Supervisor,
)
from .reactor import EchoReactor, echo_clients, serving
from .speedup import MODELS, parallelism, simulate, speedup
from .timing import KINDS, cpu_task, io_task, measure, process_pool, run_batch, runtime

__all__ = ["KINDS", "MODELS", "SCHEDULES", "STRATEGIES", "Actor", "ActorSystem", "Auditor",
           "Context", "Counter", "Crash", "EchoReactor", "Supervisor", "cpu_task",
           "echo_clients", "io_task", "measure", "parallelism", "process_pool", "run_batch",
           "runtime", "serving", "simulate", "speedup"]
