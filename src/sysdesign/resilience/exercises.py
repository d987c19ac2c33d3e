"""The "Try it" exercises of notebook 17 (resilience): answers computed from the models."""

from __future__ import annotations

from ..core.exercises import Exercise
from .breaker import CircuitBreaker
from .experiments import overload
from .retries import amplification

FIXES = {"full jitter": {"policy": "full"}, "one retry": {"retries": 1},
         "no retries": {"retries": 0}}


def _fix_that_recovers() -> str:
    """Which single change lets goodput return to the arrival rate after the spike."""
    good = {name: overload(**change)["goodput_after"] for name, change in FIXES.items()}
    return max(good, key=good.get)


def _next_allowed(trial_at: float = 22.5) -> float:
    """Threshold 5, timeout 10 s; failures at 0..4 s open it at 4 s; a trial at
    ``trial_at`` fails. When does the breaker next let a call through?"""
    now = [0.0]
    breaker = CircuitBreaker(5, 10.0, clock=lambda: now[0])

    def fail():
        raise ConnectionError

    for second in range(5):
        now[0] = float(second)
        try:
            breaker.call(fail)
        except ConnectionError:
            pass
    now[0] = trial_at
    try:
        breaker.call(fail)
    except ConnectionError:
        pass
    t = trial_at
    while True:
        now[0] = t
        if breaker.state == "half_open":
            return t
        t = round(t + 0.5, 6)


EXERCISES = [
    Exercise(
        id="17.1",
        expected=lambda: amplification(2, 3),
        hint="count the attempts one layer makes for a single call it receives (the "
             "first try plus its retries), then follow one user request down through "
             "every layer",
        wrong={7: "that adds the retries of the three layers; they multiply: every attempt "
                  "of the top layer triggers all the attempts of the next",
               9: "that is two layers of three attempts; there are three layers",
               8: "that counts 2 attempts per layer; 2 retries mean 3 attempts"},
    ),
    Exercise(
        id="17.2",
        expected=_fix_that_recovers,
        options=tuple(FIXES),
        decide=True,
        hint="after the spike every request waits past its timeout: count how many times "
             "each one is sent, and compare that load with the server's 10 requests/s",
        wrong={"full jitter": "jitter spreads retries out in time, but every timed-out "
                              "request is still sent 4 times: 20/s against a capacity of "
                              "10/s",
               "one retry": "one retry still sends every timed-out request twice: about "
                            "2 x 5/s = 10/s, all the server can serve, so the backlog of the "
                            "spike never drains and every request keeps timing out"},
    ),
    Exercise(
        id="17.3",
        expected=lambda: _next_allowed(),
        hint="a failed trial opens the breaker again from the moment of the trial",
        wrong={14.0: "that is the end of the first open period; the failed trial at "
                     "22.5 s opened it again",
               24.0: "the new open period starts at the failed trial (22.5 s), not at the "
                     "first opening"},
    ),
]
