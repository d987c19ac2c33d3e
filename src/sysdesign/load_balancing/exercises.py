"""The "Try it" exercises of notebook 05 (load balancing): answers computed from the models."""

from __future__ import annotations

from ..core.exercises import Exercise
from . import experiments, health

CHOICES = ("round robin", "least connections")


def _lower_p99() -> str:
    """Which of the two policies gives the lower p99 at load 0.8 over 1 fast and 3 slow servers."""
    p99 = {p: experiments.run(0.8, "1 fast, 3 slow", p).percentile(99) for p in CHOICES}
    return min(p99, key=p99.get)


EXERCISES = [
    Exercise(
        id="05.1",
        expected=_lower_p99,
        options=CHOICES,
        decide=True,
        hint="round robin gives each server a quarter of the requests; can a server of speed "
             "0.5 keep up with a quarter of a load of 0.8 x 4?",
        wrong={"round robin": "round robin sends each slow server 0.8 requests a second, "
                              "more than its 0.5: its queue grows without end."},
    ),
    Exercise(
        id="05.2",
        expected=lambda: health.detection_bounds(2.0, 3, 1.0)[1],
        hint="count the wait for the first probe after the death, the probes after it, and "
             "the last probe's timeout",
        wrong=lambda: {
            health.detection_bounds(2.0, 3, 1.0)[0]: "that is the shortest time: the server "
                "died just before a probe left. The longest is one interval more.",
            6.0: "that forgets the last probe's timeout: the balancer only knows the probe "
                 "failed when its 1 s timeout runs out.",
        },
    ),
]
