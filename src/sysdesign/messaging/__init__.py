"""Messaging: a work queue and a partitioned log, delivery semantics, lag, event flows.

What is where (the notebook is ``18_messaging``):

- :mod:`.queue`: :class:`WorkQueue` (acks, requeue, delivery limit, dead letters) and
  :func:`run_work_queue` (competing consumers on core.events, one crashes).
- :mod:`.log`: :func:`murmur2` and :func:`partition_for` (Kafka's default partitioner),
  :class:`PartitionedLog` (offsets, retention), :func:`assign` (range and round-robin),
  :class:`ConsumerGroup` (committed offsets, rebalance, seek for replay, lag).
- :mod:`.delivery`: crash schedules between receive, process and commit: :func:`run`
  for at-most-once, at-least-once, an idempotent consumer and an atomic commit;
  :func:`tally` counts losses and duplicates over many seeded schedules.
- :mod:`.store`: :func:`sqlite_run`, the same consumer writing to real SQLite (a crash
  rolls back the open transaction), to check the model against real transactions.
- :mod:`.lag`: :func:`lag_run`, producer and consumers on core.events, with a log or a
  bounded buffer that blocks or drops (back pressure).
- :mod:`.flows`: one order flow by :func:`choreography` and by :func:`orchestration`.
- :mod:`.experiments`: the scenarios the notebook, the panels and the tests share.
- :mod:`.plots` draws them; :mod:`.widgets` wires the panels (import those two yourself).

>>> partition_for("user-7", 3)
2
"""

from .delivery import SEMANTICS, crash_points, random_schedule, run, tally
from .flows import choreography, orchestration
from .lag import lag_closed_form, lag_run
from .log import (
                  ASSIGNORS,
                  ConsumerGroup,
                  PartitionedLog,
                  Record,
                  assign,
                  moved,
                  murmur2,
                  partition_for,
)
from .queue import WorkQueue, run_work_queue
from .store import sqlite_run

__all__ = ["ASSIGNORS", "SEMANTICS", "ConsumerGroup", "PartitionedLog", "Record",
           "WorkQueue", "assign", "choreography", "crash_points", "lag_closed_form",
           "lag_run", "moved", "murmur2", "orchestration", "partition_for",
           "random_schedule", "run", "run_work_queue", "sqlite_run", "tally"]
