"""Replication, CAP and PACELC: a replicated key-value store you can partition and measure.

What to read, in order:

* ``cluster``: the :class:`Cluster` (a facade: configuration, ``write``/``read``,
  ``partition``/``cut``/``heal``, ``advance``, ``settle``, inspection, the history) and its
  replica stores. It runs on the course's event engine, :mod:`sysdesign.core.events`.
* ``messages``: how a coordinator forwards a request, asks replicas and waits for answers;
  ``processes``: how a waiting request is paused and resumed, so requests can overlap.
* ``quorum``: leaderless quorum replication (CP two-phase writes, AP writes, reads with
  read repair); ``leader``: single-leader replication on the same steps.
* ``anti_entropy``: the rounds of ``settle`` that make replicas agree after a heal.
* ``faults``: a slow link, a replica restored from an old backup, a leader failover.
* ``history``: the record of operations; ``linearizability``: the checker;
  ``sessions``: stale reads and session guarantees; ``metrics``: the numbers of a run;
  ``systems``: where real databases sit in PACELC.
* ``concurrency``: clients that overlap in time; ``clocks``: skewed clocks and
  last-writer-wins; ``multileader``: one leader per datacentre, and write conflicts.
* ``experiments``: the scripted workloads of notebooks 09 and 10 and every panel's compute
  function. Figures live in ``plots`` and panels in ``widgets`` (imported on their own).
"""

from .cluster import MODES, SCHEMES, Cluster
from .experiments import (
    cap_scenario,
    compare_modes,
    consistency_levels,
    quorum_grid,
    random_script,
    run_script,
    session_comparison,
    stale_curve,
)
from .history import NO_VERSION, Operation, Result, Version
from .linearizability import Verdict, check_history, check_register, operations
from .metrics import (
    availability,
    availability_by_side,
    latency_percentiles,
    stale_probability,
    summarize,
)
from .sessions import (
    Session,
    monotonic_read_violations,
    read_your_writes_violations,
    stale_reads,
)
from .systems import PACELC_SYSTEMS, pacelc_table

__all__ = [
    "MODES", "NO_VERSION", "PACELC_SYSTEMS", "SCHEMES", "Cluster", "Operation", "Result",
    "Session", "Verdict", "Version", "availability", "availability_by_side", "cap_scenario",
    "check_history", "check_register", "compare_modes", "consistency_levels",
    "latency_percentiles", "monotonic_read_violations", "operations", "pacelc_table",
    "quorum_grid", "random_script", "read_your_writes_violations", "run_script",
    "session_comparison", "stale_curve", "stale_probability", "stale_reads", "summarize",
]
