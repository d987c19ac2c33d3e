"""The "Try it" exercises of notebook 28 (concurrency models): answers from the models."""

from __future__ import annotations

from ..core.exercises import Exercise
from .experiments import supervision
from .speedup import MODELS, speedup


def _never_counted(max_restarts: int = 1, crashes: int = 3) -> int:
    """'+1' messages the counter never handled when its supervisor gives up."""
    run = supervision(crashes=crashes, max_restarts=max_restarts)
    handled = sum(e["actor"] == "counter" and e["message"] == "+1" and e["outcome"] == "ok"
                  for e in run["log"])
    return 9 - handled


EXERCISES = [
    Exercise(
        id="28.1",
        expected=lambda: speedup("thread pool", workers=32, cpu_share=4 / 20, cores=8, gil=True),
        hint="two limits: how many tasks the pool keeps in flight, and how much Python code "
             "the CPUs that may run it can get through; the smaller one wins",
        wrong={32: "that is the pool size: it would hold if the Python parts could run side "
                   "by side, but under the GIL only one thread runs Python at a time",
               8: "that is the number of cores; under the GIL the threads share one of them "
                  "for their Python code",
               40: "that is 8 cores / 0.2: what a free-threaded build or processes could "
                   "reach without the pool limit; with the GIL the threads get one CPU",
               10: "that is the example above, where a task spent 10 % of its time in "
                   "Python; here it spends 4 of 20 ms",
               1: "the threads do overlap their waits: only the Python parts queue for the "
                  "GIL"},
    ),
    Exercise(
        id="28.2",
        expected="process pool",
        options=MODELS,
        decide=True,
        hint="ask which model lets two pieces of Python code run at the same instant on "
             "a standard (GIL) CPython",
        wrong={"thread pool": "under the GIL only one thread runs Python bytecode at a "
                              "time: CPU-bound threads take turns",
               "asyncio": "asyncio runs every coroutine on one thread: it overlaps waits, "
                          "not computation",
               "one thread": "that is the baseline: it uses one of the four cores"},
    ),
    Exercise(
        id="28.3",
        expected=_never_counted,
        decide=True,
        hint="follow the run: the first crash is within the limit, the second is not; what "
             "happens to the messages still in a stopped actor's mailbox, and which of them "
             "are '+1'?",
        wrong={3: "that was the run with two 'boom's; with three, fewer '+1' come before "
                  "the second crash",
               6: "six messages become dead letters, but one of them is the third 'boom', "
                  "not a '+1'",
               4: "that is how many '+1' the counter did handle before it was stopped",
               0: "the first 'boom' gets a restart, but the second exceeds max_restarts = 1: "
                  "the supervisor gives up and stops the counter"},
    ),
]
