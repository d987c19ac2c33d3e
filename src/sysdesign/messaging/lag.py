"""Consumer lag and back pressure: producers faster than consumers, on ``core.events``.

A producer appends ``produce_rate`` messages a second; ``consumers`` consumers each
finish ``consume_rate`` a second. Lag is what was produced and not yet finished (Kafka:
log end offset minus committed offset). With a log (``bound=None``) nothing stops the
producer, and when it is faster the lag grows as (λ − c·μ)·t. With a bounded buffer the
producer gets back pressure: ``block`` makes it wait for room (it slows to the consumers'
pace, and the backlog moves into the producer), ``drop`` rejects what does not fit.

>>> r = lag_run(produce_rate=10, consume_rate=4, consumers=2, duration=10)
>>> int(r["lag"][-1])  # (10 - 2*4) * 10 s = 20, plus the 2 in service and 1 just sent
23
"""

from __future__ import annotations

import numpy as np

from ..core import checks
from ..core.events import Simulator

POLICIES = ("block", "drop")


def lag_run(*, produce_rate: float = 10.0, consume_rate: float = 4.0, consumers: int = 2,
            duration: float = 30.0, bound: int | None = None, policy: str = "block",
            random_times: bool = False, drain: bool = False, seed: int = 0) -> dict:
    """Run producer and consumers for ``duration`` s; sample the lag every 0.1 s.

    Gaps between messages and service times are fixed (1/rate) unless ``random_times``
    (exponential, same means). With ``drain`` the producer stops at ``duration`` and the
    run goes on until the consumers have caught up. Returns the samples (``t``, ``lag``,
    ``waiting`` = the producer's backlog under ``block``), counts (``finished``: within
    ``duration``), and every message's ``(produced, finished)`` times.
    """
    produce_rate = checks.number(produce_rate, "produce_rate", 0, lo_open=True,
                                 hint="messages per second")
    consume_rate = checks.number(consume_rate, "consume_rate", 0, lo_open=True,
                                 hint="messages per second per consumer")
    consumers = checks.integer(consumers, "consumers", 1)
    duration = checks.number(duration, "duration", 0, lo_open=True, hint="seconds")
    if bound is not None:
        bound = checks.integer(bound, "bound", 1, hint="messages, or None for a log")
    checks.choice(policy, "policy", POLICIES)
    sim = Simulator(seed=seed)
    rng = sim.rng

    def gap(rate):
        return rng.expovariate(rate) if random_times else 1.0 / rate

    buffer: list[int] = []       # produced, not yet taken by a consumer
    blocked: list[float] = []    # the producer's own backlog (block policy)
    times: list[list[float]] = []  # per message: [produced, finished]
    idle = list(range(consumers))
    state = {"in_flight": 0, "rejected": 0}
    samples_t, samples_lag, samples_wait = [], [], []

    def produce():
        if sim.now >= duration:
            return
        if bound is not None and len(buffer) + state["in_flight"] >= bound:
            if policy == "drop":
                state["rejected"] += 1
            else:
                blocked.append(sim.now)
        else:
            admit(sim.now)
        sim.schedule(gap(produce_rate), produce)

    def admit(created):
        times.append([created, np.nan])
        buffer.append(len(times) - 1)
        dispatch()

    def dispatch():
        while idle and buffer:
            worker = idle.pop(0)
            message = buffer.pop(0)
            state["in_flight"] += 1
            sim.schedule(gap(consume_rate), finish, worker, message)

    def finish(worker, message):
        times[message][1] = sim.now
        state["in_flight"] -= 1
        idle.append(worker)
        if blocked:  # room again: the blocked producer's oldest message goes in
            admit(blocked.pop(0))
        dispatch()

    def sample():
        samples_t.append(sim.now)
        samples_lag.append(len(buffer) + state["in_flight"])
        samples_wait.append(len(blocked))
        if sim.now < duration - 1e-9 or (drain and (buffer or state["in_flight"] or blocked)):
            sim.schedule(0.1, sample)

    sim.at(0.0, produce)
    sim.at(0.0, sample)
    sim.run()
    done = np.array(times) if times else np.empty((0, 2))
    return {"t": np.round(samples_t, 9), "lag": np.array(samples_lag),
            "waiting": np.array(samples_wait), "times": done,
            "produced": len(times) + len(blocked) + state["rejected"],
            "accepted": len(times), "rejected": state["rejected"],
            "finished": int(np.sum(done[:, 1] <= duration)) if len(done) else 0,
            "capacity": consumers * consume_rate, "produce_rate": produce_rate}


def lag_closed_form(t, produce_rate: float, consume_rate: float, consumers: int):
    """Lag of a deterministic producer and consumers: max(0, λ − c·μ)·t."""
    return np.maximum(0.0, produce_rate - consumers * consume_rate) * np.asarray(t, float)
