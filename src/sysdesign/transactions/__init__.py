"""Transactions and locking: lost updates on real SQLite, isolation levels, deadlocks, 2PC,
sagas and the transactional outbox.

What is where (the notebook is ``21_transactions_locking``):

- :mod:`.sqlite_locks`: the lost update on real SQLite (two connections, step by step), its
  fixes (a version column with retry; ``BEGIN IMMEDIATE``), a lock-step run of several
  clients (work done, rounds) and a threaded contention run;
  every database is a temporary file removed afterwards.
- :mod:`.isolation`: a scheduler of interleaved reads, writes and scans over a versioned
  store at five isolation levels, and the six anomalies' schedules.
- :mod:`.waitfor`: row locks and the wait-for graph that finds deadlocks.
- :mod:`.twophase`: two-phase commit with the coordinator crashing at any point.
- :mod:`.saga`: an order saga with compensations; :mod:`.outbox`: the transactional outbox.
- :mod:`.experiments`: the scenarios the notebook, the panels and the tests share.
- :mod:`.plots` draws them; :mod:`.widgets` wires the panels (import those two yourself).

>>> anomaly_matrix()["write skew"]["SNAPSHOT"]
True
"""

from .isolation import (
    ALLOWED,
    ANOMALIES,
    LEVELS,
    Anomaly,
    Op,
    Result,
    abort,
    anomaly_matrix,
    commit,
    r,
    run,
    scan,
    w,
)
from .outbox import outbox_run
from .saga import is_consistent, run_saga
from .sqlite_locks import (
    METHODS,
    connect,
    contention_run,
    interleaved,
    lockstep,
    temp_database,
)
from .twophase import CRASH_POINTS, is_safe, two_phase_commit
from .waitfor import LockTable, WaitForGraph

__all__ = [
    "ALLOWED", "ANOMALIES", "CRASH_POINTS", "LEVELS", "METHODS", "Anomaly", "LockTable", "Op",
    "Result", "WaitForGraph", "abort", "anomaly_matrix", "commit", "connect",
    "contention_run", "interleaved", "is_consistent", "is_safe", "lockstep", "outbox_run", "r",
    "run", "run_saga", "scan", "temp_database", "two_phase_commit", "w",
]
