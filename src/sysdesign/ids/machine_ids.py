"""Handing out machine IDs: a ZooKeeper-like registry of leases, and what goes wrong.

A Snowflake layout is only unique if no two running generators share a machine number.
Twitter's Snowflake server claimed one at start-up by creating an *ephemeral* ZooKeeper
node ``<worker_id_path>/<i>`` for the first free ``i``; ZooKeeper deletes such a node when
the session that created it expires, that is when its heartbeats stop for longer than the
session timeout. That is a lease, and leases have a known failure: a process that stops
for a while (a long garbage-collection pause, a frozen VM) comes back still *believing* it
holds its number, while the registry has already given the number to someone else.

:class:`Registry` is the registry; :func:`simulate_leases` runs two workers on the course's
event engine (:mod:`sysdesign.core.events`), worker A pausing mid-run, and records every ID
each makes, so duplicates can be counted and the run scrubbed through in time.
:func:`restart_duplicates` shows the other reuse hazard: a restarted process that takes
its old number back while its clock was set back.

>>> registry = Registry(machine_ids=4, session_timeout_ms=3000)
>>> registry.claim("A", now=0), registry.claim("B", now=0)
(0, 1)
>>> registry.renew("A", now=2000), registry.renew("A", now=6000)  # silent for 4 s: expired
(True, False)
>>> registry.claim("C", now=6000)      # A's number is free again
0
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..core import checks
from ..core.events import Simulator
from .generator import IdGenerator, ManualClock
from .layout import SNOWFLAKE

START_MS = 1_700_000_000_000  # the simulated run's time 0, as Unix ms


class Registry:
    """Machine numbers 0..machine_ids-1, each held by one live session at most.

    A holder keeps its number by renewing (heartbeats) at least every
    ``session_timeout_ms``; a number whose holder fell silent longer is free again, as an
    ephemeral ZooKeeper node is deleted when its session expires.
    """

    def __init__(self, machine_ids: int = 32, session_timeout_ms: float = 3000):
        self.size = checks.integer(machine_ids, "machine_ids", 1)
        self.timeout = checks.number(session_timeout_ms, "session_timeout_ms", 0,
                                     lo_open=True, hint="ms without heartbeats before expiry")
        self.holders: dict[int, tuple[str, float]] = {}  # machine id -> (worker, last renewal)

    def _alive(self, machine_id: int, now: float) -> bool:
        entry = self.holders.get(machine_id)
        return entry is not None and now - entry[1] < self.timeout

    def holder(self, machine_id: int, now: float) -> str | None:
        """Who holds ``machine_id`` at ``now`` (None if nobody's session is alive)."""
        return self.holders[machine_id][0] if self._alive(machine_id, now) else None

    def claim(self, worker: str, now: float) -> int | None:
        """Give ``worker`` the lowest free machine number (None if all are taken)."""
        for machine_id in range(self.size):
            if not self._alive(machine_id, now):
                self.holders[machine_id] = (worker, now)
                return machine_id
        return None

    def renew(self, worker: str, now: float) -> bool:
        """A heartbeat: True if ``worker`` still holds its number (now renewed)."""
        for machine_id, (name, _last) in self.holders.items():
            if name == worker and self._alive(machine_id, now):
                self.holders[machine_id] = (worker, now)
                return True
        return False


@dataclass
class Worker:
    """An ID server: it claims a number, heartbeats, and makes IDs at random moments."""

    name: str
    start_ms: float
    pause: tuple[float, float] | None = None  # (from, to) ms: the process is frozen
    machine_id: int | None = None
    last_renewed: float = -np.inf  # when the registry last confirmed the lease
    generator: IdGenerator | None = None
    log: list = field(default_factory=list)  # (time ms, event) as the worker saw it

    def paused(self, now: float) -> bool:
        return self.pause is not None and self.pause[0] <= now < self.pause[1]


@dataclass
class LeaseRun:
    """What :func:`simulate_leases` recorded."""

    ids: list          # (time ms, worker, machine id, id), in the order they were made
    events: list       # (time ms, worker, what happened)
    claims: list       # (time ms, worker, machine id): every number handed out
    renewals: dict     # worker -> times (ms) the registry confirmed its lease
    workers: dict      # name -> Worker
    duration_ms: float
    params: dict

    def believed(self, worker: str, time_ms: float) -> int | None:
        """The machine number ``worker`` uses at ``time_ms`` (its latest claim)."""
        mine = [m for t, w, m in self.claims if w == worker and t <= time_ms]
        return mine[-1] if mine else None

    def holder(self, machine_id: int, time_ms: float) -> str | None:
        """Who the registry says holds ``machine_id`` at ``time_ms`` (None: nobody)."""
        claims = [(t, w) for t, w, m in self.claims if m == machine_id and t <= time_ms]
        if not claims:
            return None
        _claimed, worker = claims[-1]
        last = max(t for t in self.renewals[worker] if t <= time_ms)
        return worker if time_ms - last < self.params["session_timeout_ms"] else None

    def duplicate_times(self, until_ms: float = np.inf) -> list[float]:
        """When each repeated ID was made (up to ``until_ms``)."""
        seen, times = set(), []
        for time, _worker, _machine, id_ in self.ids:
            if time > until_ms:
                break
            if id_ in seen:
                times.append(time)
            seen.add(id_)
        return times

    def duplicates(self, until_ms: float = np.inf) -> int:
        """IDs made up to ``until_ms`` that equal an ID made before them."""
        return len(self.duplicate_times(until_ms))


def simulate_leases(*, pause_ms: float = 5000, check_lease: bool = False,
                    session_timeout_ms: float = 3000, heartbeat_ms: float = 1000,
                    safety_ms: float = 500, rate_per_ms: float = 0.2,
                    duration_ms: float = 12_000, pause_at_ms: float = 4200,
                    b_starts_ms: float = 8000, seed: int = 0) -> LeaseRun:
    """Two workers share one registry. A starts at 0 and freezes from ``pause_at_ms`` for
    ``pause_ms``; B starts at ``b_starts_ms``. Both make IDs (Twitter Snowflake layout) at
    Poisson moments, ``rate_per_ms`` per ms, and heartbeat every ``heartbeat_ms``.

    With ``check_lease`` a worker makes no ID unless its last confirmed renewal is less than
    ``session_timeout_ms - safety_ms`` ago by its own clock; otherwise it asks for a number
    again first. Without it, a worker learns it lost its number only at its next heartbeat.
    """
    pause_ms = checks.number(pause_ms, "pause_ms", 0, hint="how long worker A freezes")
    rate = checks.number(rate_per_ms, "rate_per_ms", 0, lo_open=True, hint="IDs per ms")
    checks.number(duration_ms, "duration_ms", 0, lo_open=True)
    checks.number(heartbeat_ms, "heartbeat_ms", 0, lo_open=True, hint="ms between heartbeats")
    checks.number(safety_ms, "safety_ms", 0, hint="margin kept under the session timeout")
    checks.number(pause_at_ms, "pause_at_ms", 0, hint="when worker A freezes")
    checks.number(b_starts_ms, "b_starts_ms", 0, hint="when worker B starts")
    sim = Simulator(seed=seed)
    rng = np.random.default_rng(seed)
    registry = Registry(session_timeout_ms=session_timeout_ms)
    workers = {"A": Worker("A", 0.0, (pause_at_ms, pause_at_ms + pause_ms)),
               "B": Worker("B", b_starts_ms)}
    ids: list = []
    events: list = []
    claims: list = []
    renewals: dict = {name: [] for name in workers}
    clock = ManualClock(START_MS)  # every worker reads the same (true) time here

    def note(worker: Worker, what: str) -> None:
        events.append((sim.now, worker.name, what))

    def take_number(worker: Worker) -> None:
        worker.machine_id = registry.claim(worker.name, sim.now)
        worker.last_renewed = sim.now
        claims.append((sim.now, worker.name, worker.machine_id))
        renewals[worker.name].append(sim.now)
        worker.generator = IdGenerator(SNOWFLAKE, clock, machine=worker.machine_id)
        note(worker, f"claims machine id {worker.machine_id}")

    def heartbeat(worker: Worker) -> None:
        if not worker.paused(sim.now):
            if registry.renew(worker.name, sim.now):
                worker.last_renewed = sim.now
                renewals[worker.name].append(sim.now)
            else:
                note(worker, f"heartbeat refused: machine id {worker.machine_id} is lost")
                take_number(worker)
        sim.schedule(heartbeat_ms, heartbeat, worker)

    def make_id(worker: Worker) -> None:
        if not worker.paused(sim.now):
            if check_lease and sim.now - worker.last_renewed >= session_timeout_ms - safety_ms:
                note(worker, f"lease may have expired: stops using machine id "
                             f"{worker.machine_id}")
                if not registry.renew(worker.name, sim.now):
                    take_number(worker)
                else:
                    worker.last_renewed = sim.now
                    renewals[worker.name].append(sim.now)
            clock.now_ms = START_MS + int(sim.now)
            ids.append((sim.now, worker.name, worker.machine_id, worker.generator.next_id()))
        sim.schedule(rng.exponential(1 / rate), make_id, worker)

    def start(worker: Worker) -> None:
        take_number(worker)
        sim.schedule(heartbeat_ms, heartbeat, worker)
        sim.schedule(rng.exponential(1 / rate), make_id, worker)

    for worker in workers.values():
        sim.at(worker.start_ms, start, worker)
        if worker.pause is not None and pause_ms > 0:
            sim.at(worker.pause[0], note, worker, f"freezes for {pause_ms / 1000:g} s")
            sim.at(worker.pause[1], note, worker, "wakes up")
    sim.run(until=duration_ms)
    params = {"pause_ms": pause_ms, "check_lease": check_lease,
              "session_timeout_ms": session_timeout_ms, "heartbeat_ms": heartbeat_ms,
              "safety_ms": safety_ms, "pause_at_ms": pause_at_ms, "b_starts_ms": b_starts_ms}
    return LeaseRun(ids, sorted(events, key=lambda e: e[0]), claims, renewals, workers,
                    duration_ms, params)


def restart_duplicates(step_back_ms: int = 50, startup_wait_ms: int = 0, *,
                       run_ms: int = 200, rate_per_ms: float = 1.0, seed: int = 0) -> int:
    """IDs repeated when a worker restarts with its old machine number while NTP has set
    its clock back by ``step_back_ms``.

    The first process makes IDs for ``run_ms`` ms and dies; the new one starts at once,
    with no memory of the last tick used, waits ``startup_wait_ms`` (Twitter's Snowflake
    server sleeps ``startup_sleep_ms`` before serving) and makes IDs for ``run_ms`` more.
    Its in-process guard against a clock running backwards cannot help: its memory is new.
    """
    step_back_ms = checks.integer(step_back_ms, "step_back_ms", 0)
    startup_wait_ms = checks.integer(startup_wait_ms, "startup_wait_ms", 0)
    rng = np.random.default_rng(seed)
    made: set[int] = set()
    repeats = 0
    for start in (0, run_ms - step_back_ms + startup_wait_ms):  # two lives, one number
        clock = ManualClock(START_MS + start)
        generator = IdGenerator(SNOWFLAKE, clock, machine=7)
        for _ in range(run_ms):
            for _id in range(rng.poisson(rate_per_ms)):
                id_ = generator.next_id()
                repeats += id_ in made
                made.add(id_)
            clock.advance(1)
    return repeats
