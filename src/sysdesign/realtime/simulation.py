"""The four methods simulated for one client on ``core.events``: every request and message.

The closed forms of :mod:`.model` are means; this is the same client and server played out
in time, so the notebook can draw (and scrub) who sent what when, and the tests can check
the formulas against it. Times are in seconds; the link takes ``rtt / 2`` each way.

:func:`simulate_events` plays it on ``core.events``, action by action: the readable
version. :func:`simulate` returns the same run computed directly (:mod:`._fast`, several
times quicker; a test checks that the two agree float for float).

>>> run = simulate("long polling", message_rate=2.0, duration=30.0, rtt=0.1, seed=1)
>>> run.requests > 0, all(d >= p for p, d in zip(run.published, run.delivered))
(True, True)
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from ..core import checks
from ..core.events import Network, Simulator
from . import _fast
from .model import METHODS

CLIENT, SERVER = 0, 1


@dataclass
class Exchange:
    """One HTTP request of a polling client, from sending to the answer arriving."""

    sent: float
    after: int                 # the client's cursor: it has every message up to this id
    at_server: float = math.nan
    answered: float = math.nan
    received: float = math.nan
    messages: int = 0


@dataclass
class Run:
    """What happened: publish and delivery time of every message, every exchange."""

    method: str
    duration: float
    published: list[float] = field(default_factory=list)
    delivered: list[float] = field(default_factory=list)  # nan: not delivered in the run
    exchanges: list[Exchange] = field(default_factory=list)

    @property
    def requests(self) -> int:
        """HTTP requests sent within the run's duration."""
        return sum(e.sent < self.duration for e in self.exchanges)

    @property
    def empty_answers(self) -> int:
        return sum(e.messages == 0 and not math.isnan(e.received) for e in self.exchanges)

    def latencies(self) -> np.ndarray:
        """Delivery latency (s) of each message delivered."""
        lat = np.array(self.delivered) - np.array(self.published)
        return lat[np.isfinite(lat)]


def publish_times(message_rate: float, duration: float, seed: int) -> np.ndarray:
    """Poisson message times in [0, duration) (seeded)."""
    rate = checks.number(message_rate, "message_rate", 0, 1e5, lo_open=True,
                         hint="messages per second")
    rng = np.random.default_rng(seed)
    expected = int(rate * duration * 1.5 + 20)
    times = np.cumsum(rng.exponential(1 / rate, expected))
    return times[times < duration]


def _checked(method, duration, rtt, poll_interval, timeout) -> tuple:
    return (checks.choice(method, "method", METHODS),
            checks.number(duration, "duration", 0, 1e6, lo_open=True, hint="seconds"),
            checks.number(rtt, "rtt", 0, 60, hint="round trip, seconds"),
            checks.number(poll_interval, "poll_interval", 0, 3600, lo_open=True),
            checks.number(timeout, "timeout", 0, 3600, lo_open=True))


def simulate(method: str, *, message_rate: float = 1.0, duration: float = 60.0,
             poll_interval: float = 1.0, rtt: float = 0.05, timeout: float = 30.0,
             seed: int = 0) -> Run:
    """Play one client of ``method`` for ``duration`` seconds of Poisson messages.

    The same run as :func:`simulate_events`, computed without the event queue.
    """
    method, duration, rtt, interval, timeout = _checked(method, duration, rtt,
                                                        poll_interval, timeout)
    run = Run(method, duration)
    _fast.play(run, publish_times(message_rate, duration, seed).tolist(), half=rtt / 2,
               interval=interval, timeout=timeout, seed=seed)
    return run


def simulate_events(method: str, *, message_rate: float = 1.0, duration: float = 60.0,
                    poll_interval: float = 1.0, rtt: float = 0.05, timeout: float = 30.0,
                    seed: int = 0) -> Run:
    """:func:`simulate` played on ``core.events``, every request and message an action."""
    method, duration, rtt, interval, timeout = _checked(method, duration, rtt,
                                                        poll_interval, timeout)
    sim = Simulator(seed=seed)
    net = Network(sim, 2, latency=rtt / 2)
    run = Run(method, duration)
    cursor = [0]       # the client's last id
    held: list = []    # the long-poll request held at the server (at most one)

    def publish() -> None:
        run.published.append(sim.now)
        run.delivered.append(math.nan)
        new_id = len(run.published)
        if method in ("SSE", "WebSocket"):
            net.send(SERVER, CLIENT, on_push, new_id)
        elif held:
            answer(held.pop())

    def on_push(_node, _sender, event_id: int) -> None:
        run.delivered[event_id - 1] = sim.now

    def request() -> None:
        exchange = Exchange(sim.now, cursor[0])
        run.exchanges.append(exchange)
        net.send(CLIENT, SERVER, on_request, exchange)

    def on_request(_node, _sender, exchange: Exchange) -> None:
        exchange.at_server = sim.now
        if method == "short polling" or len(run.published) > exchange.after:
            answer(exchange)
        else:
            held.append(exchange)
            sim.schedule(timeout, expire, exchange)

    def expire(exchange: Exchange) -> None:
        if held and held[0] is exchange:
            answer(held.pop())

    def answer(exchange: Exchange) -> None:
        exchange.answered = sim.now
        exchange.messages = len(run.published) - exchange.after
        net.send(SERVER, CLIENT, on_answer, exchange, len(run.published))

    def on_answer(_node, _sender, exchange: Exchange, upto: int) -> None:
        exchange.received = sim.now
        for event_id in range(exchange.after + 1, upto + 1):
            if math.isnan(run.delivered[event_id - 1]):
                run.delivered[event_id - 1] = sim.now
        cursor[0] = max(cursor[0], upto)
        if method == "long polling" and sim.now < duration:
            request()  # ask again at once

    for t in publish_times(message_rate, duration, seed).tolist():
        sim.at(t, publish)
    if method == "short polling":
        phase = sim.rng.uniform(0, interval)  # the client started at a random moment
        for k in range(math.ceil((duration - phase) / interval) + 1):  # one more at the end
            sim.at(phase + k * interval, request)
    elif method == "long polling":
        sim.at(0.0, request)
    sim.run(until=duration + interval + timeout + 2 * rtt)
    return run


def simulate_all(**kw) -> dict[str, Run]:
    """:func:`simulate` for every method, same messages (same seed)."""
    return {method: simulate(method, **kw) for method in METHODS}
