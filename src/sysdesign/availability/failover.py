"""Failover as a timeline: detection, promotion, rerouting, and the writes it loses.

A primary dies at ``fail_at`` seconds. Heartbeats go out every ``heartbeat`` seconds;
the monitor declares the primary dead once ``misses`` heartbeats in a row have not
arrived. Then:

- **active-passive**: a standby is promoted (``promotion`` seconds: replay the log, take
  the role), then clients are pointed at it (``reroute`` seconds: a DNS TTL, a proxy
  reload). Nothing is served from the failure until the end of rerouting.
- **active-active**: every node already serves; the load balancer stops sending to the
  dead one when it is declared dead. Only the dead node's share of requests fails, and
  only until detection.

``Timeline.rto`` is the recovery time the design achieves, from the failure until full
service again; the recovery time *objective* (RTO) is a target it must fit under. The data
lost bounds the recovery point objective (RPO): with asynchronous replication, writes
acknowledged in the last ``lag`` seconds before the failure never reached the standby and
are gone after promotion (notebook 10 measures lag).

>>> t = timeline("active-passive", fail_at=10, heartbeat=1, misses=3, promotion=5, reroute=2)
>>> t.detected, t.rto
(13.0, 10.0)
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from sysdesign.core import checks

MODES = ("active-passive", "active-active")


@dataclass(frozen=True)
class Timeline:
    """One failover: its phases (name, start, end) and what it costs."""

    mode: str
    fail_at: float
    detected: float
    promoted: float
    restored: float
    nodes: int
    phases: tuple[tuple[str, float, float], ...]

    @property
    def detection(self) -> float:
        """Seconds from the failure until the monitor declares it."""
        return self.detected - self.fail_at

    @property
    def rto(self) -> float:
        """Seconds from the failure until full service (the recovery time achieved)."""
        return self.restored - self.fail_at

    def served(self, t) -> np.ndarray:
        """Share of requests served at time(s) ``t`` (1 before the failure)."""
        t = np.asarray(t, dtype=float)
        if self.mode == "active-active":
            lost = 1 / self.nodes
            return np.where((t >= self.fail_at) & (t < self.detected), 1 - lost, 1.0)
        return np.where((t >= self.fail_at) & (t < self.restored), 0.0, 1.0)

    def phase_at(self, t: float) -> str:
        """The name of the phase under way at time ``t``."""
        for name, start, end in self.phases:
            if start <= t < end:
                return name
        return "serving" if t < self.fail_at else "recovered"


def detection_time(fail_at: float, heartbeat: float, misses: int) -> float:
    """When the monitor declares a primary dead: ``misses`` heartbeat periods after the
    last heartbeat it received (heartbeats are sent at 0, h, 2h, ...).

    >>> detection_time(10.5, 1.0, 3)
    13.0
    """
    fail_at = checks.number(fail_at, "fail_at", 0, hint="seconds")
    heartbeat = checks.number(heartbeat, "heartbeat", 0, lo_open=True, hint="seconds")
    misses = checks.integer(misses, "misses", 1, hint="heartbeats missed before failover")
    beats = math.floor(fail_at / heartbeat)
    # A failure at a heartbeat's instant comes just after it was sent (10 s with a 1 s
    # heartbeat); 0.3 / 0.1 is 2.9999999999999996 in floating point, so look one beat on.
    if math.isclose((beats + 1) * heartbeat, fail_at, rel_tol=1e-12):
        beats += 1
    return beats * heartbeat + misses * heartbeat


def timeline(mode: str, *, fail_at: float = 10.0, heartbeat: float = 1.0, misses: int = 3,
             promotion: float = 5.0, reroute: float = 2.0, nodes: int = 2) -> Timeline:
    """The failover timeline of one mode (see the module docstring for the phases)."""
    mode = checks.choice(mode, "mode", MODES)
    promotion = checks.number(promotion, "promotion", 0, hint="seconds")
    reroute = checks.number(reroute, "reroute", 0, hint="seconds")
    nodes = checks.integer(nodes, "nodes", 2, hint="nodes sharing the load")
    detected = detection_time(fail_at, heartbeat, misses)
    if mode == "active-active":
        phases = (("detecting", fail_at, detected),)
        return Timeline(mode, fail_at, detected, detected, detected, nodes, phases)
    promoted = detected + promotion
    restored = promoted + reroute
    phases = (("detecting", fail_at, detected), ("promoting", detected, promoted),
              ("rerouting", promoted, restored))
    return Timeline(mode, fail_at, detected, promoted, restored, nodes, phases)


def lost_writes(write_rate: float, lag: float, synchronous: bool = False) -> float:
    """Acknowledged writes lost at failover: those of the last ``lag`` seconds (RPO = lag),
    none with synchronous replication (the primary acknowledges only once a replica has it).

    >>> lost_writes(200, 0.5), lost_writes(200, 0.5, synchronous=True)
    (100.0, 0.0)
    """
    write_rate = checks.number(write_rate, "write_rate", 0, hint="writes per second")
    lag = checks.number(lag, "lag", 0, hint="seconds the replica is behind")
    if not isinstance(synchronous, (bool, np.bool_)):
        raise TypeError(f"synchronous must be True or False, got "
                        f"{type(synchronous).__name__} {synchronous!r}")
    return 0.0 if synchronous else write_rate * lag
