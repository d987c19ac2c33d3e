"""Loading a web page over HTTP/1.1, HTTP/2 and HTTP/3: a packet-level waterfall.

A page is a list of resource sizes in bytes; the first is the HTML document, and the
browser asks for the others once the document has arrived. Times are in ms.

- **HTTP/1.1**: up to ``max_connections`` (6, as browsers do) TCP connections to the
  origin, one request at a time on each; a new connection pays its handshake first.
- **HTTP/2**: one TCP connection; every request goes out at once and the responses are
  interleaved packet by packet (multiplexed streams). TCP hands bytes to the browser in
  order, so one lost packet holds back the packets of *every* stream behind it.
- **HTTP/3**: one QUIC connection with the same multiplexing, but each stream is
  delivered in order on its own: a lost packet holds back only its own stream.

Simplifications (the model is for comparing the three, not predicting a real browser):
the server sends on one bottleneck link of ``bandwidth`` Mbit/s, sharing it packet by
packet among the open responses (round robin, retransmissions first); there is no
congestion window, no slow start and no DNS lookup; requests and handshake packets are
never lost; a lost response packet is noticed one RTT after it left and sent again.
Connection setup is 1 RTT for TCP plus 1 RTT for TLS 1.3 (2 for TLS 1.2), and 1 RTT
for QUIC, which does its transport and TLS 1.3 handshakes together.

With the same seed, HTTP/2 and HTTP/3 put the same packets on the wire at the same times
and lose the same ones; only the receiver's rule for delivering them differs (see
:func:`_delivery_key`). That makes their comparison exact, not just on average. It also
shows why the *page* load time (the last byte) is the same for both when the connection
is already open: the page waits for the last lost packet either way. What HTTP/3 gains
is that every other resource is complete, and usable, sooner (:attr:`PageLoad.mean_finish`).

>>> h2 = page_load("http/2", sizes=[10_000] * 5, rtt=100.0, handshake=False)
>>> h3 = page_load("http/3", sizes=[10_000] * 5, rtt=100.0, handshake=False)
>>> h2.page_load_time == h3.page_load_time
True
>>> request_flow("http/2", rtt=100.0, dns=False).first_byte
300.0
"""

from __future__ import annotations

from collections import Counter, deque
from dataclasses import dataclass

from ..core import checks
from ..core.events import Network, Simulator

PROTOCOLS = ("http/1.1", "http/2", "http/3")
TLS_VERSIONS = ("1.2", "1.3")
PACKET_BYTES = 1200  # payload per packet, for every protocol (QUIC's minimum datagram)
BROWSER_CONNECTIONS = 6  # connections per origin that browsers open for HTTP/1.1
SERVER, BROWSER = 0, 1


def setup_rtts(protocol: str, tls: str = "1.3", resumed: bool = False) -> int:
    """Round trips before the first request can leave on a new connection.

    TCP's handshake is 1 RTT. A full TLS 1.3 handshake adds 1 RTT (RFC 8446), TLS 1.2
    adds 2 (RFC 5246). QUIC (HTTP/3) does transport and TLS 1.3 in the same 1 RTT
    (RFC 9000, RFC 9001). On resumption TLS 1.3 and QUIC can send the request as 0-RTT
    early data; TLS 1.2's abbreviated handshake still needs 1 RTT.

    >>> [setup_rtts(p) for p in PROTOCOLS], setup_rtts("http/2", "1.2")
    ([2, 2, 1], 3)
    >>> setup_rtts("http/2", resumed=True), setup_rtts("http/3", resumed=True)
    (1, 0)
    """
    checks.choice(protocol, "protocol", PROTOCOLS)
    checks.choice(tls, "tls", TLS_VERSIONS)
    if protocol == "http/3":
        return 0 if resumed else 1
    return 1 + (0 if resumed and tls == "1.3" else 1 if tls == "1.3" or resumed else 2)


@dataclass(frozen=True)
class Phase:
    """One step of a request: ``name``, from ``start`` to ``end`` ms, ``rtts`` round trips."""

    name: str
    start: float
    end: float
    rtts: float


@dataclass(frozen=True)
class Flow:
    """The steps of one HTTPS request on a new connection; ``first_byte``, ``done`` in ms."""

    protocol: str
    phases: list[Phase]
    first_byte: float
    done: float


def request_flow(protocol: str = "http/2", *, rtt: float = 100.0, tls: str = "1.3",
                 dns: bool = True, dns_ms: float | None = None, resumed: bool = False,
                 response_bytes: int = 50_000, bandwidth: float = 10.0) -> Flow:
    """DNS, connection setup, TLS, request and response of one fetch, as phases in time.

    The DNS lookup costs ``dns_ms`` (default one ``rtt``: a query and its answer). The
    request takes half an RTT to reach the server, the first response byte half an RTT
    back, and the rest follows at ``bandwidth`` Mbit/s. ``tls`` is ignored for HTTP/3
    (QUIC always uses TLS 1.3).
    """
    checks.choice(protocol, "protocol", PROTOCOLS)
    checks.choice(tls, "tls", TLS_VERSIONS)
    rtt = checks.number(rtt, "rtt", 0, lo_open=True, hint="round-trip time in ms")
    dns_ms = rtt if dns_ms is None else checks.number(dns_ms, "dns_ms", 0, hint="ms")
    size = checks.integer(response_bytes, "response_bytes", 0, hint="bytes")
    rate = checks.number(bandwidth, "bandwidth", 0, lo_open=True, hint="Mbit/s")
    steps: list[tuple[str, float]] = []
    if dns:
        steps.append(("DNS lookup", dns_ms / rtt))
    if protocol == "http/3":
        steps.append(("QUIC + TLS 1.3 handshake" + (" (0-RTT)" if resumed else ""),
                      setup_rtts(protocol, resumed=resumed)))
    else:
        steps.append(("TCP handshake", 1))
        tls_rtts = setup_rtts(protocol, tls, resumed) - 1
        steps.append((f"TLS {tls} handshake" + (" (resumed)" if resumed else ""), tls_rtts))
    steps += [("request", 0.5), ("response: first byte", 0.5)]
    phases, now = [], 0.0
    for name, rtts in steps:
        phases.append(Phase(name, now, now + rtts * rtt, float(rtts)))
        now += rtts * rtt
    first_byte = now
    transfer = size * 8 / (rate * 1000)
    phases.append(Phase("response: transfer", now, now + transfer, transfer / rtt))
    return Flow(protocol, phases, first_byte, now + transfer)


@dataclass
class ResourceTiming:
    """One resource's row in the waterfall (ms): asked for, first byte, last byte.

    ``blocked_ms`` adds up how long its packets sat in the browser's receive buffer,
    arrived but held back behind a missing packet (head-of-line blocking).
    """

    index: int
    size: int
    connection: int
    requested: float
    first_byte: float | None = None
    finished: float | None = None
    blocked_ms: float = 0.0


@dataclass
class PageLoad:
    """A page load: one :class:`ResourceTiming` per resource, connections, counters.

    ``connections`` holds (opened, ready) ms per connection. ``counters``: packets (sent,
    retransmissions included), lost, retransmitted, connections.
    """

    protocol: str
    rtt: float
    loss: float
    resources: list[ResourceTiming]
    connections: list[tuple[float, float]]
    counters: Counter

    @property
    def page_load_time(self) -> float:
        """ms until the last byte of the last resource reached the browser."""
        return max(r.finished for r in self.resources)

    @property
    def mean_finish(self) -> float:
        """Average ms at which a resource was complete (when, on average, it was usable)."""
        return sum(r.finished for r in self.resources) / len(self.resources)

    @property
    def blocked_ms(self) -> float:
        """Packet-ms spent waiting in receive buffers, all resources together."""
        return sum(r.blocked_ms for r in self.resources)


class _Packet:
    """One packet of a response: resource, its place in that response, its connection."""

    __slots__ = ("resource", "index", "connection", "conn_seq", "arrived")

    def __init__(self, resource: int, index: int, connection: int):
        self.resource, self.index, self.connection = resource, index, connection
        self.conn_seq = -1  # its place in the connection's byte stream, set when first sent
        self.arrived = 0.0


def _delivery_key(protocol: str, packet: _Packet) -> tuple[tuple, int]:
    """Which ordered stream a packet belongs to, and its place in it.

    TCP (HTTP/1.1, HTTP/2) orders the whole connection; QUIC (HTTP/3) orders each stream.
    """
    if protocol == "http/3":
        return ("stream", packet.resource), packet.index
    return ("connection", packet.connection), packet.conn_seq


class _PageLoader:
    """The browser, the server and the bottleneck link between them."""

    def __init__(self, protocol, sizes, rtt, loss, bandwidth, setup, max_connections,
                 packet_bytes, seed):
        self.protocol, self.sizes, self.rtt = protocol, sizes, rtt
        self.setup, self.max_connections = setup, max_connections
        self.packets_of = [max(1, -(-size // packet_bytes)) for size in sizes]
        self.tx_ms = packet_bytes * 8 / (bandwidth * 1000)  # one packet onto the link
        self.sim = Simulator(seed=seed)
        self.net = Network(self.sim, 2, latency=rtt / 2, loss=loss, retransmit=False)
        self.counters: Counter = Counter()
        self.timings: list[ResourceTiming | None] = [None] * len(sizes)
        self.connections: list[tuple[float, float]] = []
        self.idle: list[int] = []  # connections that can take a request now (HTTP/2, 3: always)
        self.connecting = 0
        self.waiting: deque[int] = deque()  # resources the browser wants but has not asked for
        self.next_conn_seq: list[int] = []
        # server side
        self.streams: deque[list] = deque()  # [resource, next packet index, connection]
        self.resend: deque[_Packet] = deque()
        self.link_busy = False
        # browser side
        self.expected: dict[tuple, int] = {}
        self.buffer: dict[tuple, dict[int, _Packet]] = {}
        self.received = [0] * len(sizes)

    # --- browser: connections and requests ------------------------------------------------
    def want(self, resources) -> None:
        self.waiting.extend(resources)
        self.dispatch()

    def dispatch(self) -> None:
        """Send waiting requests on ready connections, opening new ones if allowed."""
        while self.waiting and self.idle:
            conn = self.idle.pop(0)
            self.request(self.waiting.popleft(), conn)
            if self.protocol != "http/1.1":  # multiplexed: the connection stays usable
                self.idle.insert(0, conn)
        unserved = len(self.waiting) - self.connecting
        while unserved > 0 and len(self.connections) < self.max_connections:
            self.open_connection()
            unserved -= 1

    def open_connection(self) -> None:
        conn = len(self.connections)
        self.connections.append((self.sim.now, self.sim.now + self.setup))
        self.next_conn_seq.append(0)
        self.counters["connections"] += 1
        self.connecting += 1
        self.sim.schedule(self.setup, self.connection_ready, conn)

    def connection_ready(self, conn: int) -> None:
        self.connecting -= 1
        self.idle.append(conn)
        self.dispatch()

    def request(self, resource: int, conn: int) -> None:
        self.timings[resource] = ResourceTiming(resource, self.sizes[resource], conn, self.sim.now)
        self.sim.schedule(self.rtt / 2, self.serve, resource, conn)  # requests are not lost

    # --- server and link ------------------------------------------------------------------
    def serve(self, resource: int, conn: int) -> None:
        self.streams.append([resource, 0, conn])
        self.transmit_next()

    def transmit_next(self) -> None:
        """Put the next packet on the link: a retransmission, else round robin over streams."""
        if self.link_busy:
            return
        if self.resend:
            packet = self.resend.popleft()
            self.counters["retransmitted"] += 1
        elif self.streams:
            stream = self.streams.popleft()
            resource, index, conn = stream
            packet = _Packet(resource, index, conn)
            packet.conn_seq = self.next_conn_seq[conn]
            self.next_conn_seq[conn] += 1
            stream[1] += 1
            if stream[1] < self.packets_of[resource]:
                self.streams.append(stream)
        else:
            return
        self.link_busy = True
        self.sim.schedule(self.tx_ms, self.transmitted, packet)

    def transmitted(self, packet: _Packet) -> None:
        self.link_busy = False
        self.counters["packets"] += 1
        if not self.net.send(SERVER, BROWSER, self.arrive, packet):
            self.counters["lost"] += 1
            # the sender notices the gap one RTT later (duplicate ACKs or QUIC's ACK ranges)
            self.sim.schedule(self.rtt, self.retransmit, packet)
        self.transmit_next()

    def retransmit(self, packet: _Packet) -> None:
        self.resend.append(packet)
        self.transmit_next()

    # --- browser: receiving ----------------------------------------------------------------
    def arrive(self, _node, _src, packet: _Packet) -> None:
        packet.arrived = self.sim.now
        key, seq = _delivery_key(self.protocol, packet)
        waiting = self.buffer.setdefault(key, {})
        waiting[seq] = packet
        expected = self.expected.get(key, 0)
        while expected in waiting:  # hand over everything that is now in order
            self.deliver(waiting.pop(expected))
            expected += 1
        self.expected[key] = expected

    def deliver(self, packet: _Packet) -> None:
        now = self.sim.now
        timing = self.timings[packet.resource]
        timing.blocked_ms += now - packet.arrived
        if timing.first_byte is None:
            timing.first_byte = now
        self.received[packet.resource] += 1
        if self.received[packet.resource] == self.packets_of[packet.resource]:
            timing.finished = now
            self.finished(packet.resource, packet.connection)

    def finished(self, resource: int, conn: int) -> None:
        if self.protocol == "http/1.1":
            self.idle.append(conn)  # one request at a time: the connection is free again
        if resource == 0 and len(self.sizes) > 1:
            self.want(range(1, len(self.sizes)))  # the document names the subresources
        else:
            self.dispatch()

    def run(self) -> PageLoad:
        self.want([0])
        self.sim.run()
        return PageLoad(self.protocol, self.rtt, self.net.loss, self.timings, self.connections,
                        self.counters)


def page_load(protocol: str = "http/2", *, sizes=None, resources: int = 20,
              resource_bytes: int = 10_000, rtt: float = 100.0, loss: float = 0.0,
              bandwidth: float = 10.0, tls: str = "1.3", handshake: bool = True,
              max_connections: int = BROWSER_CONNECTIONS, packet_bytes: int = PACKET_BYTES,
              seed=0) -> PageLoad:
    """Load one page and return its waterfall.

    ``sizes`` lists the resources' bytes, the HTML document first; without it the page
    is a ``resource_bytes`` document and ``resources - 1`` subresources of the same size.
    ``bandwidth`` is the bottleneck in Mbit/s; ``handshake=False`` starts with the
    connections already open (then HTTP/2 and HTTP/3 differ only by head-of-line
    blocking). ``max_connections`` applies to HTTP/1.1 only.
    """
    protocol = checks.choice(protocol, "protocol", PROTOCOLS)
    if sizes is None:
        count = checks.integer(resources, "resources", 1, 10_000, hint="resources on the page")
        sizes = [checks.integer(resource_bytes, "resource_bytes", 1, hint="bytes")] * count
    else:
        sizes = [checks.integer(s, "sizes", 1, hint="bytes per resource") for s in sizes]
        if not sizes:
            raise ValueError("sizes must list at least one resource (the document)")
    rtt = checks.number(rtt, "rtt", 0, lo_open=True, hint="round-trip time in ms")
    loss = checks.fraction(loss, "loss", hi_open=True, hint="chance a packet is lost")
    bandwidth = checks.number(bandwidth, "bandwidth", 0, lo_open=True, hint="Mbit/s")
    checks.choice(tls, "tls", TLS_VERSIONS)
    connections = (checks.integer(max_connections, "max_connections", 1, hint="per origin")
                   if protocol == "http/1.1" else 1)
    packet_bytes = checks.integer(packet_bytes, "packet_bytes", 1, hint="payload bytes")
    setup = setup_rtts(protocol, tls) * rtt if handshake else 0.0
    loader = _PageLoader(protocol, sizes, rtt, loss, bandwidth, setup, connections,
                         packet_bytes, seed)
    return loader.run()
