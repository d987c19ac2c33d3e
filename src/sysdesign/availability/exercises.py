"""The "Try it" exercises of notebook 08 (availability, SLOs, DR): answers from the models.

Each :class:`~sysdesign.core.exercises.Exercise` computes its answer only when judged.
"""

from __future__ import annotations

from ..core.exercises import Exercise
from . import failover, slo
from .arrangements import k_of_n

NO_ALERT = "none of them"
SLOW_BURN = slo.Incident(start=5 * 1440, minutes=120, error_ratio=0.005)  # exercise 08.2


def first_alert(incident: slo.Incident = SLOW_BURN) -> str:
    """Which workbook alert fires first for one incident in an otherwise clean month."""
    month = slo.simulate_month(baseline=0.0, incidents=(incident,), seed=0)
    times = {}
    for alert in slo.WORKBOOK_ALERTS:
        fired = slo.episodes(month.firing(alert))
        if fired:
            times[alert.name] = fired[0][0]
    return min(times, key=times.get) if times else NO_ALERT


def _rto() -> float:
    return failover.timeline("active-passive", fail_at=10.5, heartbeat=2, misses=3,
                             promotion=8, reroute=2).rto


EXERCISES = [
    Exercise(
        id="08.1",
        expected=lambda: 0.999 * k_of_n(2, 3, 0.99),
        hint="two things must hold at once, and they fail independently of each other: "
             "the rack they all share, and enough of the replicas",
        wrong=lambda: {
            round(k_of_n(2, 3, 0.99), 6): "that is the 2-of-3 quorum alone: it forgets the "
                                          "rack, which takes all three down at once.",
            0.999: "that is the rack alone; the quorum can also fail while the rack is up.",
            round(k_of_n(2, 3, 0.99 * 0.999), 6): "that gives every replica its own rack; "
                                                  "here all three share one.",
        },
        tolerance=1e-5,
        close=1e-4,
    ),
    Exercise(
        id="08.2",
        expected=first_alert,
        hint="compare the incident's burn rate (error ratio / (1 - SLO)) averaged over each "
             "alert's LONG window with that alert's threshold",
        wrong={
            "2 % of budget in 1 h": "the burn rate is 5; this alert needs 14.4 over an hour.",
            "5 % of budget in 6 h": "two hours at burn rate 5, averaged over 6 hours, is a "
                                    "burn rate of about 1.7, under the 6 this alert needs.",
            "10 % of budget in 3 d": "over 3 days, two hours at burn rate 5 average out to a "
                                     "burn rate near 0.14, under 1.",
        },
        options=tuple(a.name for a in slo.WORKBOOK_ALERTS) + (NO_ALERT,),
        decide=True,
    ),
    Exercise(
        id="08.3",
        expected=_rto,
        hint="the last heartbeat arrived at the last multiple of 2 s before the failure; the "
             "monitor waits 3 periods from THAT heartbeat, then promotion and rerouting follow",
        wrong={
            16.0: "that counts 3 whole periods from the failure; the silence began at the "
                  "last heartbeat, before the failure.",
            10.0: "that leaves out detection: nothing fails over before the monitor notices.",
            26.0: "that is the time of day service returns, not the time since the failure.",
        },
        tolerance=1e-6,
    ),
]
