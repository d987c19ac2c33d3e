"""The "Try it" exercises of notebook 23 (service infrastructure): answers from the models."""

from __future__ import annotations

from ..core.exercises import Exercise
from . import cmdb, experiments, mesh

# 23.1's two proposals (heartbeat 5 s in both); neither is printed in the notebook
PROPOSALS = {"A": {"ttl": 15.0, "refresh": 60.0}, "B": {"ttl": 30.0, "refresh": 5.0}}


def _fewer_client_side_dead_hits() -> str:
    """The proposal whose client-side discovery sends fewer requests to dead instances."""
    dead = {k: experiments.discovery(**s)["dead"]["client-side"] for k, s in PROPOSALS.items()}
    return min(dead, key=dead.get)


EXERCISES = [
    Exercise(
        id="23.1",
        expected=_fewer_client_side_dead_hits,
        options=tuple(PROPOSALS),
        decide=True,
        hint="add up how long a dead instance stays in a client's copy: its time in the "
             "registry, then the wait for the client's next refresh",
        wrong={"A": "a client's copy keeps a dead entry for its registry window (TTL minus "
                    "half a heartbeat period, on average) plus the wait for its next refresh, "
                    "up to a whole refresh interval: the long refresh costs A more than the "
                    "long TTL costs B"},
    ),
    Exercise(
        id="23.2",
        expected=lambda: len(cmdb.blast_radius(cmdb.EXAMPLE, "users-db")),
        hint="follow the edges backwards: who needs users-db, and who needs those",
        wrong=lambda: {1: "that is only the direct dependant; count the items that need "
                          "it too, and the items that need those"},
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
