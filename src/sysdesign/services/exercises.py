"""The "Try it" exercises of notebook 23 (service infrastructure): answers from the models."""

from __future__ import annotations

from ..core.exercises import Exercise
from . import cmdb, experiments, mesh


def _more_dead_hits() -> str:
    """Which discovery mode sends more requests to dead instances at the defaults."""
    dead = experiments.discovery()["dead"]
    return max(dead, key=dead.get)


EXERCISES = [
    Exercise(
        id="23.1",
        expected=_more_dead_hits,
        options=("server-side", "client-side"),
        decide=True,
        hint="ask how long a dead instance stays in the list each router picks from",
        wrong={"server-side": "the router asks the registry on every request, so it stops "
                              "at last heartbeat + TTL; a client's copy lasts until its next "
                              "refresh after that"},
    ),
    Exercise(
        id="23.2",
        expected=lambda: len(cmdb.blast_radius(cmdb.EXAMPLE, "orders-db")),
        hint="follow the edges backwards: who needs orders-db, and who needs those",
        wrong=lambda: {3: "those are only the direct dependants; count the items that need "
                          "them too"},
    ),
    Exercise(
        id="23.3",
        expected=lambda: mesh.success_rate(p_error=0.2, retries=2, timeout_ms=float("inf")),
        tolerance=1e-3,
        hint="each try fails with probability 0.2, independently; the call fails only if "
             "all tries fail",
        wrong={0.8: "that is one try; the sidecar makes up to three",
               0.96: "that is two tries; two retries make three"},
    ),
]
