"""Single-decree Paxos on :mod:`sysdesign.core.events`: proposers, acceptors, lost messages.

Nodes 0..P-1 are the proposers (in the order of ``proposals``), P..P+A-1 the acceptors.
A proposer's ballots are ``k * P + i + 1`` (k = 0, 1, ...), so no two proposers share a
ballot. Each attempt runs the two phases:

1. prepare(b) to every acceptor; an acceptor that has promised nothing higher answers
   promise(b, its accepted ballot and value), otherwise nack(its promised ballot);
2. on promises from a majority the proposer sends accept(b, v), where v is the value of the
   highest accepted ballot among the promises (its own value if none); an acceptor that has
   promised nothing higher accepts and tells every proposer accepted(b, v).

A proposer that hears a nack, or has not learned a chosen value ``timeout`` ms after
starting an attempt, retries with a higher ballot after a random back-off in
[0, ``backoff``) ms. It stops when it learns of a majority for some ballot, or after
``max_attempts`` attempts; so every run ends.
If no ballot ever reaches a majority, ``chosen`` is the empty set. ``messages`` counts
every message sent, including those lost on the way.

``adopt=False`` is the classic bug: the proposer ignores the accepted values reported in
promises and always proposes its own value, so two ballots can each win a majority with
different values.

>>> result = run({"A": "x"})
>>> result.chosen, result.messages
({'x'}, 12)
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from ..core import checks
from ..core.events import Network, Simulator

LATENCY = 5.0  # ms per message, plus exponential jitter of mean JITTER
JITTER = 2.0
TIMEOUT = 40.0  # ms a proposer waits for a majority before it retries
BACKOFF = 30.0  # ms: the retry waits uniform(0, BACKOFF)
MAX_ATTEMPTS = 12


@dataclass
class Message:
    """One message as sent: when, what, from whom to whom, and whether it arrived."""

    time: float
    kind: str  # prepare, promise, nack, accept, accepted
    src: str
    dst: str
    ballot: int
    value: object = None
    delivered: bool = True  # False: lost on the way
    arrival: float | None = None  # ms when it arrived (None while on its way, or lost)


@dataclass
class Result:
    """What a run did: values chosen (a majority in one ballot), messages sent, the log."""

    chosen: set
    messages: int
    log: list[Message] = field(default_factory=list)
    choices: list[tuple[float, int, object]] = field(default_factory=list)  # (time, ballot, value)
    attempts: dict[str, int] = field(default_factory=dict)
    time: float = 0.0  # ms when the last event ran


def run(proposals, *, acceptors=3, loss=0.0, seed=0, adopt=True, backoff=BACKOFF,
        timeout=TIMEOUT, max_attempts=MAX_ATTEMPTS, starts=None) -> Result:
    """Run single-decree Paxos; ``proposals`` maps each proposer's name to its value.

    ``starts`` optionally maps proposer names to start times in ms (default: all at 0).
    """
    if not isinstance(proposals, dict) or not proposals:
        raise ValueError(f"proposals must be a non-empty dict of name -> value, got {proposals!r}")
    n_acc = checks.integer(acceptors, "acceptors", 1)
    loss = checks.number(loss, "loss", 0, 1, hi_open=True, hint="a probability")
    backoff = checks.number(backoff, "backoff", 0, hint="ms")
    timeout = checks.number(timeout, "timeout", 0, lo_open=True, hint="ms")
    max_attempts = checks.integer(max_attempts, "max_attempts", 1)
    if starts is not None and not isinstance(starts, dict):
        raise TypeError(f"starts must be a dict of proposer name -> ms, got {starts!r}")
    starts = dict(starts or {})
    unknown = sorted(map(str, set(starts) - set(proposals)))
    if unknown:
        raise ValueError(f"starts names proposers not in proposals: {', '.join(unknown)}")
    names = list(proposals)
    n_prop = len(names)
    majority = n_acc // 2 + 1
    sim = Simulator(seed=seed)
    net = Network(sim, n_prop + n_acc, latency=LATENCY, jitter=JITTER, loss=loss,
                  retransmit=False)
    label = names + [f"acc{i + 1}" for i in range(n_acc)]
    log: list[Message] = []
    promised = [0] * n_acc
    accepted: list[tuple[int, object]] = [(0, None)] * n_acc
    votes: dict[int, set] = defaultdict(set)  # ballot -> acceptors that accepted it
    chosen: set = set()
    choices: list = []

    class Proposer:
        def __init__(self, i):
            self.i, self.value, self.k = i, proposals[names[i]], 0
            self.ballot, self.phase, self.attempts = 0, "idle", 0
            self.promises: dict[int, tuple[int, object]] = {}
            self.acks: set = set()
            self.timer = None
            self.done = False
            self.highest_seen = 0

    props = [Proposer(i) for i in range(n_prop)]

    def send(src, dst, kind, ballot, value, handler, *args):
        message = Message(sim.now, kind, label[src], label[dst], ballot, value)
        log.append(message)
        message.delivered = net.send(src, dst, arrive, message, handler, args)

    def arrive(node, src, message, handler, args):
        message.arrival = sim.now
        handler(node, src, *args)

    def start(p):
        if p.done or p.attempts >= max_attempts:
            return
        p.attempts += 1
        while True:  # the next own ballot above anything seen
            p.ballot = p.k * n_prop + p.i + 1
            p.k += 1
            if p.ballot > p.highest_seen:
                break
        p.phase, p.promises, p.acks = "prepare", {}, set()
        if p.timer:
            p.timer.cancel()
        p.timer = sim.schedule(timeout, give_up, p, p.ballot)
        for a in range(n_acc):
            send(p.i, n_prop + a, "prepare", p.ballot, None, on_prepare, p.ballot)

    def retry(p):
        p.phase = "waiting"
        if p.timer:
            p.timer.cancel()
            p.timer = None
        if not p.done and p.attempts < max_attempts:
            sim.schedule(sim.rng.random() * backoff, start, p)

    def give_up(p, ballot):
        if p.ballot == ballot and p.phase in ("prepare", "accept") and not p.done:
            p.timer = None
            retry(p)

    def on_prepare(node, src, ballot):
        a = node - n_prop
        if ballot > promised[a]:
            promised[a] = ballot
            b, v = accepted[a]
            shown = f"{b}:{v}" if b else "none accepted"
            send(node, src, "promise", ballot, shown, on_promise, ballot, b, v)
        else:
            send(node, src, "nack", promised[a], None, on_nack, ballot, promised[a])

    def on_promise(node, src, ballot, acc_ballot, acc_value):
        p = props[node]
        if p.done or p.phase != "prepare" or ballot != p.ballot:
            return
        p.promises[src] = (acc_ballot, acc_value)
        if len(p.promises) >= majority:
            best_ballot, best_value = max(p.promises.values(), key=lambda bv: bv[0])
            value = best_value if (adopt and best_ballot > 0) else p.value
            p.phase = "accept"
            for a in range(n_acc):
                send(p.i, n_prop + a, "accept", ballot, value, on_accept, ballot, value)

    def on_nack(node, src, ballot, higher):
        p = props[node]
        p.highest_seen = max(p.highest_seen, higher)
        if not p.done and ballot == p.ballot and p.phase in ("prepare", "accept"):
            retry(p)

    def on_accept(node, src, ballot, value):
        a = node - n_prop
        if ballot >= promised[a]:
            promised[a] = ballot
            accepted[a] = (ballot, value)
            votes[ballot].add(a)
            if len(votes[ballot]) == majority:
                chosen.add(value)
                choices.append((sim.now, ballot, value))
            for q in range(n_prop):
                send(node, q, "accepted", ballot, value, on_accepted, ballot, value)
        else:
            send(node, src, "nack", promised[a], None, on_nack, ballot, promised[a])

    def on_accepted(node, src, ballot, value):
        p = props[node]
        acks = learned.setdefault((node, ballot), set())
        acks.add(src)
        if len(acks) >= majority and not p.done:
            p.done, p.phase = True, "learned"
            if p.timer:
                p.timer.cancel()
                p.timer = None

    learned: dict = {}
    for p in props:
        sim.at(float(checks.number(starts.get(names[p.i], 0.0), "start", 0)), start, p)
    sim.run()
    return Result(chosen=chosen, messages=net.counters["messages"], log=log, choices=choices,
                  attempts={names[p.i]: p.attempts for p in props}, time=sim.now)
