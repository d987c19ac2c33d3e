"""A work queue, as in RabbitMQ: competing consumers, acks, redelivery, a dead-letter queue.

The broker hands each message to one consumer at a time, and a consumer holds at most
``prefetch`` unacknowledged messages (RabbitMQ's ``basic.qos``; 1 here by default). The
consumer acknowledges when done, and only then is the message gone. If the consumer dies
first, the broker puts the message back (at the head of the queue here) and marks it
*redelivered*; if the consumer rejects it, or the message has been delivered
``delivery_limit`` times, it goes to the dead-letter queue instead of looping forever.
RabbitMQ's quorum queues count *failed* deliveries instead (a lost consumer, a reject; since
4.3 not a requeueing ``basic.nack``): a message is dead-lettered once it has failed more
times than their ``delivery-limit``, one delivery later than here.
Runs on ``core.events``, in seconds.

>>> r = run_work_queue(messages=6, consumers=2, crash=None, poison=())
>>> sorted(r["done"]) == list(range(6)), r["dead"]
(True, [])
"""

from __future__ import annotations

from collections import deque

from ..core import checks
from ..core.events import Simulator


class WorkQueue:
    """The broker's side: ready messages, unacknowledged ones per consumer, dead letters."""

    def __init__(self, *, delivery_limit: int = 3, prefetch: int = 1):
        self.delivery_limit = checks.integer(delivery_limit, "delivery_limit", 1)
        self.prefetch = checks.integer(prefetch, "prefetch", 1)
        self.ready: deque[int] = deque()
        self.unacked: dict[int, str] = {}  # message -> consumer holding it
        self.deliveries: dict[int, int] = {}
        self.dead: list[int] = []
        self.counters = {"published": 0, "delivered": 0, "redelivered": 0, "acked": 0,
                         "requeued": 0, "dead_lettered": 0}

    def publish(self, message: int) -> None:
        """Put a message at the tail of the queue."""
        self.ready.append(message)
        self.counters["published"] += 1

    def get(self, consumer: str) -> int | None:
        """Hand the head message to ``consumer``.

        None if the queue is empty or ``consumer`` already holds ``prefetch`` unacked ones.
        """
        held = sum(c == consumer for c in self.unacked.values())
        if not self.ready or held >= self.prefetch:
            return None
        message = self.ready.popleft()
        self.unacked[message] = consumer
        self.deliveries[message] = self.deliveries.get(message, 0) + 1
        self.counters["delivered"] += 1
        self.counters["redelivered"] += self.deliveries[message] > 1
        return message

    def ack(self, message: int) -> None:
        """The consumer is done: forget the message."""
        self._release(message)
        self.counters["acked"] += 1

    def nack(self, message: int, *, requeue: bool = True) -> str:
        """The consumer failed: requeue it (until the delivery limit) or dead-letter it.

        Returns where it went: ``"requeued"`` or ``"dead-lettered"``.
        """
        self._release(message)
        if requeue and self.deliveries[message] < self.delivery_limit:
            self.ready.appendleft(message)
            self.counters["requeued"] += 1
            return "requeued"
        self.dead.append(message)
        self.counters["dead_lettered"] += 1
        return "dead-lettered"

    def consumer_lost(self, consumer: str) -> list[int]:
        """A consumer's connection closed: requeue everything it held, in order.

    Here a crash counts as a failed delivery towards the delivery limit.
    """
        held = sorted(m for m, c in self.unacked.items() if c == consumer)
        for message in reversed(held):
            self.nack(message)
        return held

    def _release(self, message: int) -> None:
        if message not in self.unacked:
            raise ValueError(f"message {message} is not awaiting an ack")
        del self.unacked[message]


def run_work_queue(*, messages: int = 12, consumers: int = 3, work: float = 1.0,
                   crash: tuple[str, float] | None = ("c2", 2.5), restart: float = 3.0,
                   poison: tuple[int, ...] = (5,), delivery_limit: int = 3,
                   seed: int = 1) -> dict:
    """Competing consumers draining a queue: one crashes, one message always fails.

    Each job takes ``work`` s on average (uniform between half and 1.5 times). Consumer
    ``crash[0]`` dies at ``crash[1]`` s and is back ``restart`` s later; messages in
    ``poison`` make the consumer fail and reject them (requeue) every time. Returns the
    order messages were acked in (``done``), the dead letters, each job as a bar
    ``(consumer, start, end, message, outcome, redelivered)``, and the broker's counters.
    """
    messages = checks.integer(messages, "messages", 1)
    consumers = checks.integer(consumers, "consumers", 1)
    work = checks.number(work, "work", 0, lo_open=True, hint="seconds per job")
    sim = Simulator(seed=seed)
    broker = WorkQueue(delivery_limit=delivery_limit)
    for m in range(messages):
        broker.publish(m)
    names = [f"c{i + 1}" for i in range(consumers)]
    alive = dict.fromkeys(names, True)
    jobs: list[list] = []  # [consumer, start, end, message, outcome]
    done: list[int] = []

    def take(consumer):
        if not alive[consumer]:
            return
        message = broker.get(consumer)
        if message is None:
            return
        job = [consumer, sim.now, None, message, "running",
               broker.deliveries[message] > 1]
        jobs.append(job)
        sim.schedule(work * (0.5 + sim.rng.random()), finish, consumer, job)

    def finish(consumer, job):
        if not alive[consumer] or job[4] != "running":
            return
        job[2] = sim.now
        message = job[3]
        if message in poison:
            job[4] = broker.nack(message)
        else:
            broker.ack(message)
            done.append(message)
            job[4] = "acked"
        take(consumer)

    def die(consumer):
        alive[consumer] = False
        for job in jobs:
            if job[0] == consumer and job[4] == "running":
                job[2], job[4] = sim.now, "crashed"
        broker.consumer_lost(consumer)
        for other in names:  # an idle consumer picks up the requeued message
            if alive[other] and not any(j[0] == other and j[4] == "running" for j in jobs):
                take(other)
        sim.schedule(restart, revive, consumer)

    def revive(consumer):
        alive[consumer] = True
        take(consumer)

    for name in names:
        sim.at(0.0, take, name)
    if crash is not None:
        who, when = crash
        checks.choice(who, "crash", names)
        sim.at(checks.number(when, "crash", 0, hint="time of the crash, s"), die, who)
    sim.run()
    return {"done": done, "dead": list(broker.dead), "jobs": [tuple(j) for j in jobs],
            "counters": dict(broker.counters), "consumers": names, "end": sim.now,
            "in_order": done == sorted(done)}
