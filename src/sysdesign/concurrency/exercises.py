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


POOL_TASK = dict(workers=32, cpu_share=4 / 20, cores=8)  # 28.1: 4 ms Python, 16 ms waiting
FETCH = dict(workers=8, cpu_share=1 / 100, cores=4)  # 28.2: 1 ms Python, 99 ms waiting


def _free_threaded_gain() -> float:
    """28.1: how many times sooner the pool's batch ends on a free-threaded build."""
    return (speedup("thread pool", **POOL_TASK, gil=False)
            / speedup("thread pool", **POOL_TASK, gil=True))


def _fastest_for_fetches() -> str:
    """28.2: the model with the highest bound for the fetch batch (pools of 8)."""
    bounds = {model: speedup(model, **FETCH) for model in MODELS}
    best = max(bounds.values())
    winners = [model for model, bound in bounds.items() if bound == best]
    if len(winners) != 1:
        raise RuntimeError(f"exercise 28.2 needs one fastest model, got {winners}")
    return winners[0]


EXERCISES = [
    Exercise(
        id="28.1",
        expected=_free_threaded_gain,
        hint="work out the bound twice, with one CPU for the Python parts and with eight; "
             "in each case ask which limit is the smaller one, the pool or the CPUs",
        wrong={8: "that is eight CPUs instead of one for the Python parts; but 8 / 0.2 = 40 "
                  "is more than the pool of 32 can keep in flight, so the pool limits first",
               32: "that is the free-threaded bound against one thread; the question "
                   "compares it with the GIL's bound (5)",
               5: "that is the bound under the GIL, against one thread",
               40: "that is 8 cores / 0.2, against one thread: the pool of 32 stops it "
                   "first",
               1: "a free-threaded build lets the threads run Python code on several "
                  "cores at once: the GIL's cap goes away"},
        tolerance=1e-3,
    ),
    Exercise(
        id="28.2",
        expected=_fastest_for_fetches,
        options=MODELS,
        decide=True,
        hint="ask what caps each model here: how many fetches it keeps in flight, or how "
             "much Python code it can run",
        wrong={"thread pool": "8 threads keep only 8 fetches in flight: the pool's size "
                              "caps it at 8 times one thread, far below what the GIL "
                              "would allow (1 / 0.01 = 100)",
               "process pool": "8 processes keep only 8 fetches in flight, whatever the "
                               "cores: at most 8 times one thread",
               "one thread": "that is the baseline: one fetch at a time, waiting 99 ms of "
                             "every 100"},
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
