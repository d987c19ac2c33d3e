"""A payment API over an unreliable network: retries with and without idempotency keys.

The client sends ``POST /payments`` and waits; if no response comes within its timeout
it sends the same request again (the timeout doubles each time), up to ``retries`` more
times. Every message can be lost or duplicated. The server charges once per request it
receives, unless the request carries an ``Idempotency-Key`` it has seen within its
retention window: then it replays the stored response and charges nothing.

Everything runs on the course's event engine (:class:`~sysdesign.core.events.Simulator`).
:class:`Link` is a local one-way channel rather than ``core.events.Network`` because it
must also duplicate messages and follow a scripted list of fates.

>>> no_key = simulate(1, fates=["ok", "lost", "ok", "ok"], use_keys=False)
>>> with_key = simulate(1, fates=["ok", "lost", "ok", "ok"], use_keys=True)
>>> no_key.charges_per_payment, with_key.charges_per_payment
([2], [1])
"""

from __future__ import annotations

import math
import random
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..core import checks
from ..core.events import Simulator

FATES = ("ok", "lost", "dup")
CLIENT, SERVER = "client", "server"


@dataclass
class Message:
    """One message on the wire: when it left, when it arrives (None: lost), its fate."""

    src: str
    dst: str
    label: str
    sent: float
    arrives: float | None
    fate: str
    copies: list[float] = field(default_factory=list)  # arrival times (two for a duplicate)


class Link:
    """Carries messages after ``latency`` ms; each is lost, duplicated or delivered.

    Fates come from ``fates`` in order while it lasts (a script), then at random: lost
    with probability ``loss``, else duplicated with probability ``duplicate``.
    """

    def __init__(self, sim: Simulator, *, latency: float = 20.0, loss: float = 0.0,
                 duplicate: float = 0.0, fates: Sequence[str] = (), dup_delay: float = 5.0,
                 rng: random.Random | None = None):
        self.sim = sim
        self.latency = checks.number(latency, "latency", 0)
        self.loss = checks.fraction(loss, "loss", hi_open=True)
        self.duplicate = checks.fraction(duplicate, "duplicate")
        self.fates = [checks.choice(f, "fates", FATES) for f in fates]
        self.dup_delay = checks.number(dup_delay, "dup_delay", 0)
        self.rng = rng or random.Random(0)
        self.messages: list[Message] = []

    def _fate(self) -> str:
        k = len(self.messages)
        if k < len(self.fates):
            return self.fates[k]
        if self.rng.random() < self.loss:
            return "lost"
        return "dup" if self.rng.random() < self.duplicate else "ok"

    def send(self, src: str, dst: str, label: str, action, *args) -> Message:
        """Send; on each arrival ``action(*args)`` runs at the destination."""
        fate = self._fate()
        now = self.sim.now
        message = Message(src, dst, label, now, None if fate == "lost" else now + self.latency,
                          fate)
        self.messages.append(message)
        if fate != "lost":
            message.copies.append(now + self.latency)
            if fate == "dup":
                message.copies.append(now + self.latency + self.dup_delay)
            for at in message.copies:
                self.sim.at(at, action, *args)
        return message


class PaymentServer:
    """Charges a card per request; with keys, replays the stored response instead."""

    def __init__(self, sim: Simulator, *, use_keys: bool, retention: float = math.inf):
        self.sim = sim
        self.use_keys = bool(use_keys)
        self.retention = checks.number(retention, "retention", 0, finite=False,
                                       hint="how long a key is kept, ms")
        self.charges: list[tuple[float, int]] = []       # (time, payment)
        self.keys: OrderedDict[str, tuple[float, dict]] = OrderedDict()  # oldest first
        self.replays = 0
        self.expired = 0
        self.keys_held_peak = 0
        self.last_note = ""  # what the last request did, for the client's trace

    def handle(self, payment: int, key: str) -> dict:
        """One ``POST /payments`` carrying ``Idempotency-Key: key``."""
        now = self.sim.now
        if self.use_keys:
            while self.keys and now - next(iter(self.keys.values()))[0] > self.retention:
                self.keys.popitem(last=False)  # past the retention window: forgotten
                self.expired += 1
            if key in self.keys:
                self.replays += 1
                self.last_note = f"key {key} seen: replay response"
                return self.keys[key][1]
        self.charges.append((now, payment))
        response = {"status": 201, "charge": len(self.charges), "payment": payment}
        self.last_note = f"charge #{len(self.charges)} (payment {payment})"
        if self.use_keys:
            self.keys[key] = (now, response)
            self.keys_held_peak = max(self.keys_held_peak, len(self.keys))
        return response


@dataclass
class PaymentRun:
    """A finished run: messages, server and client notes, charges per payment."""

    payments: int
    use_keys: bool
    retention: float
    messages: list[Message]
    notes: list[tuple[float, str, str]]  # (time, who, what)
    charges_per_payment: list[int]
    confirmed: list[bool]
    attempts: list[int]
    replays: int
    keys_held_peak: int
    end: float
    arrivals: list[list[float]]  # when each payment's requests reached the server

    @property
    def double_charged(self) -> int:
        """Payments charged more than once."""
        return sum(c > 1 for c in self.charges_per_payment)

    @property
    def extra_charges(self) -> int:
        """Charges beyond one per payment."""
        return sum(max(0, c - 1) for c in self.charges_per_payment)

    @property
    def total_charges(self) -> int:
        return sum(self.charges_per_payment)

    @property
    def given_up_charged(self) -> int:
        """Payments the client gave up on (no response to any attempt) that were charged."""
        return sum(c > 0 and not ok for c, ok in zip(self.charges_per_payment, self.confirmed,
                                                      strict=True))

    @property
    def unpaid(self) -> int:
        """Payments never charged (every attempt lost)."""
        return sum(c == 0 for c in self.charges_per_payment)


def simulate(payments: int = 200, *, use_keys: bool, loss: float = 0.0,
             duplicate: float = 0.0, retries: int = 3, retention: float = math.inf,
             timeout: float = 100.0, latency: float = 20.0, spacing: float = 10.0,
             fates: Sequence[str] = (), seed: int = 0, trace: bool = True) -> PaymentRun:
    """Run ``payments`` payments, ``spacing`` ms apart, each retried up to ``retries`` times.

    Attempt *k* (from 0) waits ``timeout * 2**k`` ms for a response before the next.
    Times are in ms. The same ``seed`` (or the same ``fates``) gives the same network
    whether or not keys are used, so the two runs can be compared message by message.
    ``trace=False`` skips the notes of who did what when (faster, for sweeps).
    """
    payments = checks.integer(payments, "payments", 1)
    retries = checks.integer(retries, "retries", 0, hint="extra attempts after the first")
    timeout = checks.number(timeout, "timeout", 0, lo_open=True)
    spacing = checks.number(spacing, "spacing", 0)
    sim = Simulator(seed=seed)
    link = Link(sim, latency=latency, loss=loss, duplicate=duplicate, fates=fates,
                rng=random.Random(seed))
    server = PaymentServer(sim, use_keys=use_keys, retention=retention)
    confirmed = [False] * payments
    attempts = [0] * payments
    timers: list = [None] * payments
    arrivals: list[list[float]] = [[] for _ in range(payments)]
    notes: list[tuple[float, str, str]] = []

    def note(who: str, what) -> None:
        if trace:
            notes.append((sim.now, who, what() if callable(what) else what))

    def attempt(p: int) -> None:
        k = attempts[p]
        attempts[p] += 1
        key = f"pay-{p}"
        label = (f"POST /payments #{p} (try {k + 1})" + (f" key={key}" if use_keys else "")
                 if trace else "")
        note(CLIENT, lambda: f"send try {k + 1}")
        link.send(CLIENT, SERVER, label, on_request, p, key)
        timers[p] = sim.schedule(timeout * 2**k, on_timeout, p)

    def on_request(p: int, key: str) -> None:
        arrivals[p].append(sim.now)
        response = server.handle(p, key)
        note(SERVER, server.last_note)
        link.send(SERVER, CLIENT, f"{response['status']} charge #{response['charge']}"
                  if trace else "", on_response, p)

    def on_response(p: int) -> None:
        if confirmed[p]:
            note(CLIENT, "late response: ignored")
            return
        confirmed[p] = True
        timers[p].cancel()
        note(CLIENT, "response: paid")

    def on_timeout(p: int) -> None:
        if attempts[p] <= retries:
            note(CLIENT, "timeout: retry")
            attempt(p)
        else:
            note(CLIENT, "timeout: give up")

    for p in range(payments):
        sim.at(p * spacing, attempt, p)
    sim.run()
    charged = [0] * payments
    for _, p in server.charges:
        charged[p] += 1
    return PaymentRun(payments, bool(use_keys), server.retention, link.messages,
                      sorted(notes, key=lambda n: n[0]), charged, confirmed, attempts,
                      server.replays, server.keys_held_peak, sim.now, arrivals)


def retention_outcome(arrivals: list[list[float]], retention: float) -> tuple[int, int]:
    """(double-charged payments, keys held at peak) for a server keeping keys ``retention``
    ms, worked out from when each payment's requests arrived.

    The client never reads what the server answered, only that it answered, so the
    requests arrive at the same times whatever the retention: one run's ``arrivals``
    answer for every retention, without simulating again.
    """
    retention = checks.number(retention, "retention", 0, finite=False)
    stores, doubles = [], 0
    for times in arrivals:
        charged, stored_at = 0, None
        for t in sorted(times):
            if stored_at is None or t - stored_at > retention:  # unknown or expired key
                charged += 1
                stored_at = t
                stores.append(t)
        doubles += charged > 1
    stores.sort()
    peak, oldest = 0, 0
    for i, t in enumerate(stores):  # keys held just after each store: stores in [t - r, t]
        while t - stores[oldest] > retention:
            oldest += 1
        peak = max(peak, i - oldest + 1)
    return doubles, peak


def expected_charges_without_keys(loss: float, retries: int) -> float:
    """Mean charges per payment without keys, no duplicates, every response on time.

    Each attempt is charged if its request arrives (1 - p) and ends the payment if its
    response does too ((1 - p)^2), so the mean number of attempts is the sum of
    (1 - (1 - p)^2)^k for k = 0..retries.
    """
    p = checks.fraction(loss, "loss", hi_open=True)
    retries = checks.integer(retries, "retries", 0)
    fail = 1 - (1 - p) ** 2
    return (1 - p) * sum(fail**k for k in range(retries + 1))


def attempt_times(timeout: float, retries: int) -> list[float]:
    """When each attempt of one payment leaves, in ms after the first (no responses).

    >>> attempt_times(100, 3)
    [0, 100, 300, 700]
    """
    times, at = [], 0
    for k in range(checks.integer(retries, "retries", 0) + 1):
        times.append(at)
        at += timeout * 2**k
    return times
