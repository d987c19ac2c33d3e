"""Scenarios shared by the notebook, the panels and the tests."""

from __future__ import annotations

from ..core import checks
from . import delivery
from .flows import choreography, orchestration
from .lag import lag_closed_form, lag_run
from .log import ConsumerGroup, PartitionedLog, assign, moved, partition_for
from .queue import run_work_queue

KEYS = ("alice", "bob", "carol", "dave", "erin", "frank")


def work_queue(*, consumers: int = 3, crash: bool = True, poison: bool = True,
               delivery_limit: int = 3, at_s: float = 7.0) -> dict:
    """12 jobs, competing consumers; c1 crashes at 2 s holding a job; job 9 always fails.

    ``at_s``: the moment the figure shows (a time slider steps through the run).
    """
    result = run_work_queue(messages=12, consumers=consumers,
                            crash=("c1", 2.0) if crash else None,
                            poison=(9,) if poison else (), delivery_limit=delivery_limit)
    result["at"] = checks.number(at_s, "at_s", 0)
    return result


def keyed_events(per_key: int = 4, keys=KEYS) -> list[tuple[str, int]]:
    """Each key's events numbered 1, 2, ...; keys take turns (a global order)."""
    return [(key, n) for n in range(1, per_key + 1) for key in keys]


def ordering(*, partitions: int = 3, consumers: int = 2, assignor: str = "range",
             per_key: int = 4) -> dict:
    """Append keyed events to a log, let a group's consumers read at their own pace.

    Each consumer polls one record per partition it owns in turn; the reading order is
    the order in which consumers take turns. Returns the partition of each key, the
    assignment, the read order, and whether each key's and the global order held.
    """
    log = PartitionedLog(partitions)
    events = keyed_events(per_key)
    for seq, (key, n) in enumerate(events):
        log.append(key, (n, seq))
    members = [f"consumer-{i + 1}" for i in range(consumers)]
    group = ConsumerGroup(log, members, assignor)
    read: list[tuple[str, str, int, int, int]] = []  # consumer, key, n, seq, partition
    while sum(group.lag().values()):
        for member in members:  # consumers interleave; consumer-1 is twice as fast
            for _ in range(2 if member == members[0] else 1):
                for r in group.poll(member):
                    read.append((member, r.key, r.value[0], r.value[1], r.partition))
    per_key_ok = all([n for _, k, n, _, _ in read if k == key] == list(range(1, per_key + 1))
                     for key in KEYS)
    seqs = [s for *_, s, _ in read]
    return {"partition_of": {k: partition_for(k, partitions) for k in KEYS},
            "assignment": group.assignment, "read": read, "per_key_in_order": per_key_ok,
            "global_in_order": seqs == sorted(seqs), "ends": [log.end_offset(p) for p in
                                                            range(partitions)]}


def rebalance(*, partitions: int = 6, before: int = 3, after: int = 4,
              assignor: str = "range") -> dict:
    """Assignment of a group before and after members join or leave; what moved."""
    a = assign(partitions, [f"c{i + 1}" for i in range(before)], assignor)
    b = assign(partitions, [f"c{i + 1}" for i in range(after)], assignor)
    return {"before": a, "after": b, "moved": moved(a, b), "partitions": partitions}


def replay(*, retention: float = 60.0) -> dict:
    """Two groups and a replay: a log keeps records after they are read, until retention.

    100 records, one a second; group "billing" reads them all; group "audit" joins later
    and reads them from the start; billing seeks back 10 to replay; retention (``retention``
    s) then deletes the oldest at t = 100 s.
    """
    log = PartitionedLog(1, retention=retention)
    for t in range(100):
        log.append("k", t, time=float(t))
    billing = ConsumerGroup(log, ["b1"])
    first = len(billing.poll("b1", 1000))
    audit = ConsumerGroup(log, ["a1"])
    audit_read = len(audit.poll("a1", 1000))
    billing.seek(0, log.end_offset(0) - 10)
    replayed = len(billing.poll("b1", 1000))
    deleted = log.enforce_retention(now=100.0)
    return {"billing_read": first, "audit_read": audit_read, "replayed": replayed,
            "deleted": deleted, "log_start": log.start_offset(0), "log_end": log.end_offset(0)}


def crash_step(*, semantics: str = "at-least-once", step: int = 99, seed: int = 1) -> dict:
    """One crash schedule (6 messages, seeded), to step through."""
    schedule = delivery.random_schedule(6, semantics, 0.12, seed)
    result = delivery.run(6, semantics, schedule)
    result["at"] = min(checks.integer(step, "step", 0), len(result["trace"]) - 1)
    result["schedule"] = sorted(schedule)
    return result


def crash_tally(*, crash_rate: float = 0.05, schedules: int = 100) -> dict:
    """Losses and duplicates per semantics over many seeded crash schedules."""
    return delivery.tally(messages=20, schedules=schedules, crash_rate=crash_rate, seed=0)


def lag(*, produce_rate: float = 10.0, consume_rate: float = 4.0, consumers: int = 2,
        bound: int = 0, policy: str = "block") -> dict:
    """A producer and consumers for 30 s; ``bound`` 0 = an unbounded log."""
    result = lag_run(produce_rate=produce_rate, consume_rate=consume_rate,
                     consumers=consumers, duration=30.0, bound=bound or None, policy=policy)
    result["closed_form"] = lag_closed_form(result["t"], produce_rate, consume_rate,
                                            consumers)
    result["bound"] = bound
    result["policy"] = policy
    return result


def flows(*, fail_at: str = "shipping") -> dict:
    """The same order flow by choreography and by orchestration (``"none"``: no failure)."""
    fail = None if fail_at == "none" else fail_at
    return {"choreography": choreography(fail), "orchestration": orchestration(fail),
            "fail_at": fail_at}
