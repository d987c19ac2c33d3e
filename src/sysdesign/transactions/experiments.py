"""Scenarios the notebook, the panels and the tests share."""

from __future__ import annotations

import pandas as pd

from ..core import checks
from ..core.tables import full_text
from . import isolation, sqlite_locks, twophase
from . import saga as sagas
from .waitfor import LockTable

NO_VOTE = {"nobody": None, "P2": 2}
SAGA_FAILURES = {"none": None, "step 1": 1, "step 2": 2, "step 3": 3, "step 4": 4}
TWO_PHASE_STEPS = 9  # the longest trace with 3 participants
SAGA_STEPS = 9


def lost_update(method: str = "naive") -> pd.DataFrame:
    """Two real SQLite connections deposit 50 and 30, step by step."""
    run = sqlite_locks.interleaved(method)
    table = pd.DataFrame(run["steps"])
    table.index = range(1, len(table) + 1)
    table = full_text(table)
    table.attrs["final"] = run["final"]
    return table


def lockstep(clients: int = 4, hot_rows=(1, 2, 4)) -> pd.DataFrame:
    """Optimistic against pessimistic in lock step on real SQLite: work done and rounds."""
    rows = [sqlite_locks.lockstep(m, clients, h) for m in ("optimistic", "pessimistic")
            for h in hot_rows]
    return full_text(pd.DataFrame(rows))


def anomaly_table() -> pd.DataFrame:
    """Each anomaly's schedule run at each level: 'happens' or '-'."""
    matrix = isolation.anomaly_matrix()
    return full_text(pd.DataFrame({level: {a: ("happens" if m[level] else "-")
                                           for a, m in matrix.items()}
                                   for level in isolation.LEVELS}))


def schedule(anomaly: str, level: str) -> pd.DataFrame:
    """One anomaly's schedule at one level, step by step, with the final state."""
    checks.choice(anomaly, "anomaly", list(isolation.ANOMALIES))
    case = isolation.ANOMALIES[anomaly]
    result = isolation.run(case.schedule, level, case.initial)
    table = pd.DataFrame(result.steps, columns=["operation", "outcome"])
    table.index = range(1, len(table) + 1)
    return full_text(table)


def deadlock() -> dict:
    """T1 and T2 each lock one row, then ask for the other's: the wait-for graph's cycle."""
    locks = LockTable()
    grants = [locks.acquire(t, row, "X") for t, row in
              (("T1", "row 1"), ("T2", "row 2"), ("T1", "row 2"), ("T2", "row 1"))]
    edges = {t: sorted(h) for t, h in locks.graph.edges.items()}
    return {"granted": grants, "waits for": edges, "cycle": locks.graph.find_cycle()}


def contention(hot_rows=(1, 4, 64), methods=("optimistic", "pessimistic"), seed: int = 0):
    """Real threads on a real SQLite file: retries and throughput against hot rows."""
    rows = [sqlite_locks.contention_run(m, h, seed=seed) for m in methods for h in hot_rows]
    return full_text(pd.DataFrame(rows))


def two_phase(step: int = TWO_PHASE_STEPS - 1, crash: str = "after votes",
              no_vote=None) -> list[dict]:
    """The 2PC trace the panel scrubs through (3 participants)."""
    return twophase.two_phase_commit(3, crash=crash, no_vote=no_vote)


def saga(step: int = SAGA_STEPS - 1, fail_at=3) -> list[dict]:
    """The saga trace the panel scrubs through."""
    return sagas.run_saga(fail_at)


def comparison() -> pd.DataFrame:
    """2PC, saga and outbox side by side; message counts come from the models."""
    commit_msgs = twophase.two_phase_commit(3)[-1]["messages"]
    saga_steps = len(sagas.STEPS)
    return full_text(pd.DataFrame({
        "two-phase commit": {
            "consistency": "atomic: all commit or all abort",
            "isolation": "locks held until the decision",
            "availability": "blocks if the coordinator dies after a yes vote",
            "latency": f"2 round trips; {commit_msgs} messages for 3 participants; "
                       "forced log writes",
        },
        "saga": {
            "consistency": "eventual: compensations undo, never roll back",
            "isolation": "none between steps: others see partial work",
            "availability": "each step a local transaction: no global lock",
            "latency": f"one local commit per step, in a row ({saga_steps} here); "
                       "more on failure",
        },
        "transactional outbox": {
            "consistency": "a row and its event commit together",
            "isolation": "local transaction only",
            "availability": "the broker may be down: the relay catches up",
            "latency": "one local commit; the event follows asynchronously",
        },
    }))


def outbox_table() -> pd.DataFrame:
    """Dual write against the outbox, with no crash and with each crash point."""
    from .outbox import CRASHES, PATTERNS, outbox_run
    runs = [outbox_run(p, c) for p in PATTERNS for c in CRASHES
            if not (p == "dual write" and c == "after publish")]  # no relay to crash
    return full_text(pd.DataFrame(runs))


def two_phase_safety(participants: int = 3) -> dict:
    """Every crash point, every no-voter, with and without recovery: how many runs are safe,
    and how many participants were at most left blocked holding locks."""
    runs = [twophase.two_phase_commit(participants, crash, no_vote, recover)
            for crash in twophase.CRASH_POINTS for no_vote in (None, *range(1, participants + 1))
            for recover in (True, False)]
    return {"runs": len(runs), "safe": sum(twophase.is_safe(t) for t in runs),
            "most participants blocked": max(row["blocked"] for t in runs for row in t)}


def saga_outcomes() -> pd.DataFrame:
    """The saga failing at each step: compensations run, and whether it ends consistent."""
    rows = []
    for label, fail_at in SAGA_FAILURES.items():
        trace = sagas.run_saga(fail_at)
        rows.append({"fails at": label, "order": trace[-1]["order"],
                     "compensations": sum(r["event"].startswith("compensate") for r in trace),
                     "consistent at the end": sagas.is_consistent(trace[-1]),
                     "consistent at every step": all(sagas.is_consistent(r) for r in trace)})
    return full_text(pd.DataFrame(rows))
