"""A model of the four methods: delivery latency and the cost per client, in closed form.

One client must receive messages that appear at the server at random (a Poisson stream of
``message_rate`` per second); the network adds ``rtt`` seconds per round trip (half each
way). For each method:

- **short polling**: a request every ``poll_interval`` T. A message waits for the next
  poll to reach the server, uniform in (0, T), then half a round trip back: mean
  latency T/2 + rtt/2; 1/T requests per second, whatever the message rate.
- **long polling**: a request waits (is *held*) at the server until a message comes; the
  answer travels back and the next request arrives one round trip later. A message
  published in that gap waits for it. With Poisson messages (rate λ, gap g = rtt) the
  gaps chain: the next request finds a message waiting with probability 1 - e^(-λg). Per
  cycle (a held wait, then the gaps), the expected time in gaps is g·e^(λg), so
  the share of messages that meet a gap is f = g·e^(λg) / (1/λ + g·e^(λg)), and the mean
  latency is rtt/2 + f·g/2. A held request that sees no message for ``timeout`` seconds is
  answered empty: 1/(e^(λ·timeout) - 1) empty answers per held wait (the model ignores the
  round trip after an empty answer).
- **SSE** and **WebSocket**: one long-lived connection; a message is pushed the moment
  it exists: latency rtt/2, no requests, the bytes of one event or frame per message.

Bytes per request and per message come from :mod:`.wire` (the formats the real servers
use), so the model and the servers count the same things.

>>> round(mean_latency("short polling", poll_interval=1.0, rtt=0.1), 3)
0.55
>>> round(mean_latency("long polling", message_rate=1e-9, rtt=0.1), 3)
0.05
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..core import checks
from . import wire

METHODS = ("short polling", "long polling", "SSE", "WebSocket")


@dataclass(frozen=True)
class Wire:
    """What one message and one request cost in bytes, from the formats in :mod:`.wire`.

    ``payload_bytes`` of data per message, ids of ``id_digits`` digits, and
    ``extra_header_bytes`` more in every HTTP request (a browser adds User-Agent, Accept,
    cookies: often hundreds of bytes; the course's client sends only Host).
    """

    payload_bytes: int = 32
    id_digits: int = 4
    extra_header_bytes: int = 0

    def __post_init__(self):
        checks.integer(self.payload_bytes, "payload_bytes", 0, 10**7)
        checks.integer(self.id_digits, "id_digits", 1, 18)
        checks.integer(self.extra_header_bytes, "extra_header_bytes", 0, 10**6)

    @property
    def message_bytes(self) -> int:
        """One message's JSON, e.g. ``{"id":1000,"data":"..."}``."""
        return wire.utf8_len(wire.message_json(10 ** (self.id_digits - 1),
                                               "x" * self.payload_bytes))

    @property
    def poll_line(self) -> int:
        """A message in a polling body: its JSON and a newline."""
        return self.message_bytes + 1

    def poll_request(self, wait: bool) -> int:
        """One polling request (long poll: ``wait``), extra headers included."""
        path = wire.poll_path(10 ** (self.id_digits - 1), wait)
        return wire.utf8_len(wire.request_head(path)) + self.extra_header_bytes

    @property
    def poll_response_head(self) -> int:
        """A polling response's status line and headers (sized for a one-message body)."""
        return wire.response_head_bytes(wire.POLL_TYPE, content_length=self.poll_line)

    @property
    def sse_event(self) -> int:
        """One SSE event (``id:`` and ``data:`` lines, blank line) in its HTTP chunk."""
        return wire.chunk_bytes(len("id: \ndata: \n\n") + self.id_digits + self.message_bytes)

    @property
    def ws_frame(self) -> int:
        """One WebSocket text frame from the server (not masked)."""
        return wire.ws_frame_bytes(self.message_bytes)


def _check_method(method: str) -> str:
    return checks.choice(method, "method", METHODS)


def gap_share(message_rate: float, rtt: float) -> float:
    """Long polling: the share of messages published while no request is held."""
    lam = checks.number(message_rate, "message_rate", 0, hint="messages per second")
    g = checks.number(rtt, "rtt", 0, hint="round trip, seconds")
    if lam == 0 or g == 0:
        return 0.0
    in_gaps = g * math.exp(min(lam * g, 700.0))
    return in_gaps / (1 / lam + in_gaps)


def mean_latency(method: str, *, message_rate: float = 1.0, poll_interval: float = 1.0,
                 rtt: float = 0.05) -> float:
    """Mean seconds from a message existing at the server to the client having it."""
    method = _check_method(method)
    rtt = checks.number(rtt, "rtt", 0, hint="round trip, seconds")
    if method == "short polling":
        t = checks.number(poll_interval, "poll_interval", 0, lo_open=True, hint="seconds")
        return t / 2 + rtt / 2
    if method == "long polling":
        return rtt / 2 + gap_share(message_rate, rtt) * rtt / 2
    return rtt / 2


def requests_per_second(method: str, *, message_rate: float = 1.0, poll_interval: float = 1.0,
                        rtt: float = 0.05, timeout: float = 30.0) -> float:
    """HTTP requests one client makes per second (0 for a stream once it is open)."""
    method = _check_method(method)
    lam = checks.number(message_rate, "message_rate", 0, hint="messages per second")
    if method == "short polling":
        return 1 / checks.number(poll_interval, "poll_interval", 0, lo_open=True)
    if method != "long polling":
        return 0.0
    g = checks.number(rtt, "rtt", 0)
    tau = checks.number(timeout, "timeout", 0, lo_open=True, hint="long-poll timeout, s")
    if lam == 0:
        return 1 / (tau + g)  # nothing ever comes: a timeout, a round trip, again
    chain = math.exp(min(lam * g, 700.0))          # requests per cycle answered with data
    empties = 1 / math.expm1(min(lam * tau, 700.0))  # timeouts per held wait
    cycle = 1 / lam + g * chain
    return (chain + empties) / cycle


def held_requests(method: str, *, message_rate: float = 1.0, poll_interval: float = 1.0,
                  rtt: float = 0.05) -> float:
    """Mean requests or streams the server holds open for one client."""
    method = _check_method(method)
    if method == "short polling":  # a request is at the server for an instant
        return 0.0
    if method == "long polling":
        return 1.0 - _gap_time_share(message_rate, rtt)
    return 1.0


def _gap_time_share(message_rate: float, rtt: float) -> float:
    # Poisson arrivals see time averages (PASTA): the share of time in gaps equals the
    # share of messages that arrive in one.
    return gap_share(message_rate, rtt)


def bytes_per_second(method: str, *, message_rate: float = 1.0, poll_interval: float = 1.0,
                     rtt: float = 0.05, timeout: float = 30.0, heartbeat: float = 0.0,
                     sizes: Wire = Wire()) -> float:
    """Bytes on the wire per second for one client, both directions (after setup)."""
    method = _check_method(method)
    lam = checks.number(message_rate, "message_rate", 0, hint="messages per second")
    beat = checks.number(heartbeat, "heartbeat", 0, hint="seconds between pings, 0 = off")
    if method in ("short polling", "long polling"):
        rate = requests_per_second(method, message_rate=lam, poll_interval=poll_interval,
                                   rtt=rtt, timeout=timeout)
        per_request = sizes.poll_request(method == "long polling") + sizes.poll_response_head
        return rate * per_request + lam * sizes.poll_line
    per_message = sizes.sse_event if method == "SSE" else sizes.ws_frame
    pings = 0.0
    if beat > 0:
        pings = (wire.chunk_bytes(len(": ping\n\n")) if method == "SSE"
                 else wire.ws_heartbeat_bytes()) / beat
    return lam * per_message + pings


def compare(*, message_rate: float = 1.0, clients: int = 10_000, poll_interval: float = 1.0,
            rtt: float = 0.05, timeout: float = 30.0, heartbeat: float = 0.0,
            sizes: Wire = Wire()) -> list[dict]:
    """One row per method: latency, and the server's load for ``clients`` clients."""
    n = checks.integer(clients, "clients", 1, 10**9)
    rows = []
    for method in METHODS:
        kw = {"message_rate": message_rate, "poll_interval": poll_interval, "rtt": rtt}
        rps = requests_per_second(method, timeout=timeout, **kw)
        bps = bytes_per_second(method, timeout=timeout, heartbeat=heartbeat, sizes=sizes, **kw)
        rows.append({
            "method": method,
            "mean latency (ms)": 1000 * mean_latency(method, **kw),
            "requests/s (all clients)": n * rps,
            "bytes/s (all clients)": n * bps,
            "bytes per message": bps / message_rate if message_rate > 0 else math.inf,
            "held open": n * held_requests(method, **kw),
        })
    return rows
