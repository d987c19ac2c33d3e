"""TCP and UDP over a lossy link, one segment at a time, on :mod:`sysdesign.core.events`.

The application sends ``messages`` messages of one segment each (``mss`` bytes). Times
are in milliseconds; the one-way delay is ``rtt / 2`` plus optional exponential
``jitter``; each data segment is lost with probability ``loss`` (ACKs with ``ack_loss``).

:func:`tcp_transfer` is a readable TCP sender and receiver:

- a three-way handshake (SYN, SYN-ACK; data leaves with the final ACK, one RTT in),
- a sliding window of ``min(cwnd, window)`` segments; ``cwnd`` starts at one segment
  (real stacks start at up to 10, RFC 6928), grows by one segment per ACK in slow
  start and by about one segment per RTT in congestion avoidance (additive
  increase), and halves on a loss signal (multiplicative decrease),
- cumulative ACKs: the receiver always acknowledges "everything before seq k arrived",
  buffers segments that arrive after a gap and hands them to the application only in
  order (so one lost segment holds back every later one: head-of-line blocking),
- fast retransmit on three duplicate ACKs, with NewReno's rule (RFC 6582) of resending
  the next hole at once on a partial ACK; the timer restarts on every new ACK and when
  a hole is resent, so a resent segment gets a full RTO; cwnd is set to ssthresh at
  once (no window inflation during recovery),
- a retransmission timeout from RFC 6298 (SRTT, RTTVAR, Karn's rule: no RTT sample
  from a retransmitted segment) with exponential backoff; after a timeout cwnd = 1.
  The first RTO is 1 s, or 3 s if the SYN had to be resent (RFC 6298 5.7).

:func:`udp_transfer` sends the same messages as datagrams: no handshake, no ACKs, no
retransmission; a lost datagram stays lost and the rest arrive in whatever order the
jitter gives them.

>>> tcp = tcp_transfer(messages=50, rtt=100.0, loss=0.0, seed=1)
>>> tcp.delivered_count, tcp.counters["retransmitted"], tcp.handshake_ms
(50, 0, 100.0)
>>> udp = udp_transfer(messages=50, rtt=100.0, loss=0.1, seed=1)
>>> udp.delivered_count + udp.counters["lost"] == udp.counters["sent"] == 50
True

:func:`mathis_throughput` is the closed form of Mathis, Semke, Mahdavi and Ott (1997),
``(MSS / RTT) * C / sqrt(p)``, and :func:`mathis_sweep` sets it beside the simulation.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field

from ..core import checks
from ..core.events import Network, Simulator

MATHIS_C = math.sqrt(3 / 2)  # periodic loss, one ACK per segment (Mathis et al. 1997)
INITIAL_RTO_MS = 1000.0  # RFC 6298 section 2.1
MAX_RTO_MS = 60_000.0  # RFC 6298 section 2.5 allows an upper bound of at least 60 s
CLOCK_GRANULARITY_MS = 1.0  # G in RFC 6298's RTO = SRTT + max(G, 4 * RTTVAR)
DUPACK_THRESHOLD = 3  # RFC 5681: three duplicate ACKs trigger fast retransmit

SENDER, RECEIVER = 0, 1  # the two nodes of the link

KINDS = ("syn", "syn-ack", "send", "retransmit", "lost", "arrive", "buffer", "deliver",
         "ack", "dup-ack", "ack-lost", "fast-retransmit", "timeout")


@dataclass(frozen=True)
class TraceEvent:
    """One thing that happened to one segment, at ``time`` ms.

    ``kind`` is one of :data:`KINDS`. ``seq`` is the segment (message) number, or the
    cumulative ACK number ("every segment below this arrived") for ack kinds, or -1 for
    the handshake. ``in_order`` is how many messages the receiving application holds
    at that moment (all of 0..in_order-1); ``cwnd`` is the sender's window in segments.
    """

    time: float
    kind: str
    seq: int
    in_order: int
    cwnd: float


@dataclass
class TransferResult:
    """What one run of :func:`tcp_transfer` or :func:`udp_transfer` measured.

    Times are ms. ``sent_at[i]`` is when message i first left the sender and
    ``delivered_at[i]`` when the receiving application got it (None: never; for TCP
    that is in order, for UDP on arrival). ``arrival_order`` lists message numbers in
    the order the application got them. ``counters``: sent (data segments put on the
    wire, retransmissions included), lost, retransmitted, timeouts, fast_retransmits,
    acks_lost, out_of_order (arrivals after a later message had arrived).
    """

    protocol: str
    messages: int
    mss: int
    rtt: float
    loss: float
    trace: list[TraceEvent]
    sent_at: list[float | None]
    delivered_at: list[float | None]
    arrival_order: list[int]
    counters: Counter
    handshake_ms: float = 0.0
    cwnd_trace: list[tuple[float, float]] = field(default_factory=list)

    @property
    def delivered_count(self) -> int:
        """Messages the application received."""
        return sum(t is not None for t in self.delivered_at)

    @property
    def delays(self) -> list[float]:
        """Per delivered message: ms from its first transmission to its delivery to the app."""
        pairs = zip(self.sent_at, self.delivered_at, strict=True)
        return [done - sent for sent, done in pairs if done is not None]

    def delay_percentile(self, q: float) -> float:
        """The q-th percentile (0..100) of :attr:`delays`, ms, nearest-rank; nan if none.

        >>> tcp_transfer(10, loss=0.0).delay_percentile(99)
        50.0
        """
        q = checks.number(q, "q", 0, 100, hint="a percentile")
        ordered = sorted(self.delays)
        if not ordered:
            return math.nan
        return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]

    @property
    def duration(self) -> float:
        """ms from the start (before any handshake) to the last delivery."""
        times = [t for t in self.delivered_at if t is not None]
        return max(times) if times else 0.0

    @property
    def goodput(self) -> float:
        """Useful bytes delivered to the application per second, over the whole run."""
        return self.delivered_count * self.mss / (self.duration / 1000) if self.duration else 0.0

    @property
    def steady_goodput(self) -> float:
        """Bytes per second over the second half of the deliveries (slow start left out)."""
        times = sorted(t for t in self.delivered_at if t is not None)
        half = len(times) // 2
        if len(times) < 4 or times[-1] <= times[half]:
            return self.goodput
        return (len(times) - 1 - half) * self.mss / ((times[-1] - times[half]) / 1000)

    @property
    def segments_per_rtt(self) -> float:
        """:attr:`steady_goodput` in segments per round trip (the window TCP sustained)."""
        return self.steady_goodput / self.mss * self.rtt / 1000


def _check_link(messages, rtt, loss, jitter, mss, interval):
    """Shared argument checks of both transfers (each message is one segment)."""
    return (checks.integer(messages, "messages", 1, 1_000_000, hint="segments to send"),
            checks.number(rtt, "rtt", 0, lo_open=True, hint="round-trip time in ms"),
            checks.fraction(loss, "loss", hi_open=True, hint="chance a segment is lost"),
            checks.number(jitter, "jitter", 0, hint="mean extra one-way delay in ms"),
            checks.integer(mss, "mss", 1, hint="bytes per segment"),
            checks.number(interval, "interval", 0,
                          hint="ms between messages; 0 = all ready at the start"))


class _Tcp:
    """The state of one TCP connection: the sender's window and the receiver's buffer."""

    def __init__(self, sim: Simulator, data: Network, acks: Network, n: int, window: int,
                 interval: float, min_rto: float, trace: bool):
        self.sim, self.data, self.acks, self.n = sim, data, acks, n
        self.window, self.interval, self.min_rto = window, interval, min_rto
        self.recording = trace
        self.trace: list[TraceEvent] = []
        self.cwnd_trace: list[tuple[float, float]] = []
        self.counters: Counter = Counter()
        # sender
        self.cwnd, self.ssthresh = 1.0, float(window)
        self.snd_una = self.snd_nxt = 0  # oldest unacknowledged, next new segment
        self.dupacks, self.recover, self.in_recovery = 0, -1, False
        self.srtt: float | None = None
        self.rttvar, self.rto = 0.0, INITIAL_RTO_MS
        self.timer = None  # the pending timer event, if any
        self.deadline: float | None = None  # when the retransmission timer expires
        self.sent_at: list[float | None] = [None] * n
        self.last_sent: list[float] = [0.0] * n
        self.resent = [False] * n  # Karn's rule: no RTT sample from these
        self.ready = n if interval == 0 else 0  # messages the app has written so far
        self.start = 0.0  # when data may flow (the handshake is done)
        self.connected = False
        self.syns_sent = 0
        self.syn_timer = None
        self.last_retransmit = -1.0  # Karn: ACKs of segments sent before this are ambiguous
        # receiver
        self.rcv_next = 0
        self.buffer: set[int] = set()
        self.delivered_at: list[float | None] = [None] * n
        self.arrival_order: list[int] = []
        self.highest_arrived = -1

    def log(self, kind: str, seq: int) -> None:
        if self.recording:
            self.trace.append(TraceEvent(self.sim.now, kind, seq, self.rcv_next,
                                         round(self.cwnd, 3)))

    # --- handshake: SYN and SYN-ACK over the same lossy links -----------------------------
    def connect(self, attempt: int = 0) -> None:
        """Send a SYN; if no SYN-ACK comes back in time, try again after twice as long."""
        self.log("syn", -1)
        self.syns_sent += 1
        self.syn_timer = self.sim.schedule(INITIAL_RTO_MS * 2 ** attempt, self.connect,
                                           attempt + 1)
        if not self.data.send(SENDER, RECEIVER, self.on_syn):  # a SYN is lost like data
            self.log("lost", -1)

    def on_syn(self, _node, _src) -> None:
        self.log("syn-ack", -1)
        if not self.acks.send(RECEIVER, SENDER, self.on_syn_ack):
            self.log("ack-lost", -1)

    def on_syn_ack(self, _node=SENDER, _src=RECEIVER) -> None:
        if self.connected:  # a duplicate SYN-ACK from a retried SYN
            return
        if self.syn_timer is not None:
            self.syn_timer.cancel()
        self.connected, self.start = True, self.sim.now
        if self.syns_sent > 1:  # the SYN timer expired: RFC 6298 5.7 starts data at 3 s
            self.rto = 3 * INITIAL_RTO_MS
        if self.interval:
            for i in range(self.n):
                self.sim.schedule(i * self.interval, self.write)
        self.send_window()

    def write(self) -> None:
        """The application hands TCP one more message (paced streams only)."""
        self.ready += 1
        self.send_window()

    # --- sender ---------------------------------------------------------------------------
    def send_window(self) -> None:
        """Send new segments while the window allows and the application has data."""
        limit = min(self.n, self.ready, self.snd_una + max(1, int(min(self.cwnd, self.window))))
        while self.snd_nxt < limit:
            self.transmit(self.snd_nxt, "send")
            self.snd_nxt += 1

    def transmit(self, seq: int, kind: str) -> None:
        now = self.sim.now
        if self.sent_at[seq] is None:
            self.sent_at[seq] = now
        else:
            self.resent[seq] = True
            self.last_retransmit = now
            self.counters["retransmitted"] += 1
        self.last_sent[seq] = now
        self.counters["sent"] += 1
        self.log(kind, seq)
        if not self.data.send(SENDER, RECEIVER, self.on_segment, seq):
            self.counters["lost"] += 1
            self.log("lost", seq)
        if self.deadline is None:
            self.arm_timer()

    def arm_timer(self) -> None:
        """(Re)start the retransmission timer: it expires one RTO from now."""
        self.deadline = self.sim.now + self.rto
        # One pending event is enough: when it fires early it waits for the new deadline.
        if self.timer is None or self.timer.time > self.deadline:
            if self.timer is not None:
                self.timer.cancel()
            self.timer = self.sim.at(self.deadline, self.on_timer)

    def stop_timer(self) -> None:
        self.deadline = None

    def on_timer(self) -> None:
        self.timer = None
        if self.deadline is None:  # stopped: everything sent was acknowledged
            return
        if self.sim.now < self.deadline:  # restarted since this event was scheduled
            self.timer = self.sim.at(self.deadline, self.on_timer)
            return
        self.on_timeout()

    def on_ack(self, _node, _src, ack: int) -> None:
        if ack > self.snd_una:
            self.new_ack(ack)
        elif ack == self.snd_una and self.snd_una < self.snd_nxt:
            self.duplicate_ack(ack)
        self.send_window()

    def new_ack(self, ack: int) -> None:
        self.log("ack", ack)
        newest = ack - 1
        if not self.resent[newest] and self.last_sent[newest] > self.last_retransmit:
            self.measure_rtt(self.sim.now - self.last_sent[ack - 1])
        newly = ack - self.snd_una
        self.snd_una, self.dupacks = ack, 0
        self.snd_nxt = max(self.snd_nxt, ack)  # after a timeout the receiver may be ahead
        if self.in_recovery:
            if ack > self.recover:  # everything sent before the loss is acknowledged
                self.in_recovery, self.cwnd = False, self.ssthresh
            else:  # a partial ACK: the next hole is lost too (NewReno, RFC 6582)
                self.transmit(ack, "fast-retransmit")
        elif self.cwnd < self.ssthresh:
            self.cwnd += 1  # slow start: one segment per ACK of new data (RFC 5681)
        else:
            self.cwnd += newly / self.cwnd  # congestion avoidance: about one per RTT
        self.cwnd_trace.append((self.sim.now, self.cwnd))
        if self.snd_una < self.snd_nxt:
            self.arm_timer()
        else:
            self.stop_timer()

    def duplicate_ack(self, ack: int) -> None:
        self.dupacks += 1
        self.log("dup-ack", ack)
        if self.dupacks == DUPACK_THRESHOLD and not self.in_recovery:
            self.counters["fast_retransmits"] += 1
            self.halve()
            self.in_recovery, self.recover = True, self.snd_nxt - 1
            self.cwnd = self.ssthresh
            self.cwnd_trace.append((self.sim.now, self.cwnd))
            self.transmit(ack, "fast-retransmit")
            self.arm_timer()  # give the resent segment a full RTO to be acknowledged

    def halve(self) -> None:
        """Multiplicative decrease: ssthresh = half the data in flight (at least 2)."""
        self.ssthresh = max((self.snd_nxt - self.snd_una) / 2, 2.0)

    def measure_rtt(self, sample: float) -> None:
        """RFC 6298 section 2: smooth the RTT, then RTO = SRTT + max(G, 4 RTTVAR)."""
        if self.srtt is None:
            self.srtt, self.rttvar = sample, sample / 2
        else:
            self.rttvar = 0.75 * self.rttvar + 0.25 * abs(self.srtt - sample)
            self.srtt = 0.875 * self.srtt + 0.125 * sample
        rto = self.srtt + max(CLOCK_GRANULARITY_MS, 4 * self.rttvar)
        self.rto = min(max(rto, self.min_rto), MAX_RTO_MS)

    def on_timeout(self) -> None:
        self.deadline = None
        self.counters["timeouts"] += 1
        self.log("timeout", self.snd_una)
        self.halve()
        self.cwnd, self.dupacks, self.in_recovery = 1.0, 0, False
        self.cwnd_trace.append((self.sim.now, self.cwnd))
        self.rto = min(self.rto * 2, MAX_RTO_MS)  # exponential backoff (RFC 6298 5.5)
        self.snd_nxt = self.snd_una + 1  # go back: resend from the oldest hole
        self.transmit(self.snd_una, "retransmit")

    # --- receiver -------------------------------------------------------------------------
    def on_segment(self, _node, _src, seq: int) -> None:
        now = self.sim.now
        self.log("arrive", seq)
        if seq < self.highest_arrived:
            self.counters["out_of_order"] += 1
        self.highest_arrived = max(self.highest_arrived, seq)
        if seq == self.rcv_next:
            self.deliver(seq, now)
            while self.rcv_next in self.buffer:  # the gap is filled: release what waited
                self.buffer.remove(self.rcv_next)
                self.deliver(self.rcv_next, now)
        elif seq > self.rcv_next and seq not in self.buffer:
            self.buffer.add(seq)
            self.log("buffer", seq)
        # every segment is answered with a cumulative ACK (no delayed ACKs)
        if not self.acks.send(RECEIVER, SENDER, self.on_ack, self.rcv_next):
            self.counters["acks_lost"] += 1
            self.log("ack-lost", self.rcv_next)

    def deliver(self, seq: int, now: float) -> None:
        self.delivered_at[seq] = now
        self.arrival_order.append(seq)
        self.rcv_next = seq + 1
        self.log("deliver", seq)


def _networks(sim: Simulator, rtt: float, jitter: float, loss: float, ack_loss: float):
    """Two one-way links of rtt/2: data (sender to receiver) and control (both ways)."""
    data = Network(sim, 2, latency=rtt / 2, jitter=jitter, loss=loss, retransmit=False)
    acks = Network(sim, 2, latency=rtt / 2, jitter=jitter, loss=ack_loss, retransmit=False)
    return data, acks


def tcp_transfer(messages: int = 200, *, rtt: float = 100.0, loss: float = 0.01,
                 jitter: float = 0.0, ack_loss: float = 0.0, mss: int = 1460,
                 window: int = 64, interval: float = 0.0, min_rto: float = 200.0,
                 handshake: bool = True, seed=0, trace: bool = True) -> TransferResult:
    """Send ``messages`` one-segment messages over TCP and record what happened.

    ``window`` is the receiver's window in segments (cwnd never exceeds it).
    ``interval`` > 0 paces the application (one message every ``interval`` ms after the
    handshake); 0 means a bulk transfer with all data ready at once. ``min_rto`` is the
    floor on the retransmission timeout: RFC 6298 (2.4) says an RTO below 1000 ms SHOULD be
    rounded up to 1000 ms. The default, 200 ms, is Linux's TCP_RTO_MIN, but Linux applies
    it to the variance term (RTO = SRTT + max(RTTVAR term, 200 ms)), so its RTO is about
    SRTT + 200 ms; here it floors the whole RTO. ``handshake=False`` starts with an open
    connection (no SYN exchange). ``trace=False`` skips the per-event trace (faster sweeps).
    """
    messages, rtt, loss, jitter, mss, interval = _check_link(messages, rtt, loss, jitter,
                                                              mss, interval)
    ack_loss = checks.fraction(ack_loss, "ack_loss", hi_open=True, hint="chance an ACK is lost")
    window = checks.integer(window, "window", 1, hint="receiver window in segments")
    min_rto = checks.number(min_rto, "min_rto", 0, lo_open=True, hint="ms")
    sim = Simulator(seed=seed)
    data, acks = _networks(sim, rtt, jitter, loss, ack_loss)
    tcp = _Tcp(sim, data, acks, messages, window, interval, min_rto, bool(trace))
    if handshake:
        tcp.connect()
    else:
        sim.schedule(0.0, tcp.on_syn_ack)
    sim.run_until(lambda: tcp.rcv_next >= messages)
    return TransferResult("tcp", messages, mss, rtt, loss, tcp.trace, tcp.sent_at,
                          tcp.delivered_at, tcp.arrival_order, tcp.counters,
                          handshake_ms=tcp.start, cwnd_trace=tcp.cwnd_trace)


def udp_transfer(messages: int = 200, *, rtt: float = 100.0, loss: float = 0.01,
                 jitter: float = 0.0, mss: int = 1460, interval: float = 0.0, seed=0,
                 trace: bool = True) -> TransferResult:
    """Send the same messages as UDP datagrams: nothing resent, nothing reordered back.

    With ``interval`` = 0 every datagram leaves at time 0 (UDP has no window to wait
    for; a real sender is limited by its link, which this model leaves out).
    """
    messages, rtt, loss, jitter, mss, interval = _check_link(messages, rtt, loss, jitter,
                                                              mss, interval)
    sim = Simulator(seed=seed)
    link = Network(sim, 2, latency=rtt / 2, jitter=jitter, loss=loss, retransmit=False)
    events: list[TraceEvent] = []
    sent_at: list[float | None] = [None] * messages
    delivered_at: list[float | None] = [None] * messages
    order: list[int] = []
    counters: Counter = Counter()

    def log(kind: str, seq: int) -> None:
        if trace:
            events.append(TraceEvent(sim.now, kind, seq, len(order), 0.0))

    highest = -1

    def arrive(_node, _src, seq: int) -> None:
        nonlocal highest
        if seq < highest:
            counters["out_of_order"] += 1
        highest = max(highest, seq)
        delivered_at[seq] = sim.now
        order.append(seq)
        log("deliver", seq)

    def send(seq: int) -> None:
        sent_at[seq] = sim.now
        counters["sent"] += 1
        log("send", seq)
        if not link.send(SENDER, RECEIVER, arrive, seq):
            counters["lost"] += 1
            log("lost", seq)

    for seq in range(messages):
        sim.schedule(seq * interval, send, seq)
    sim.run()
    return TransferResult("udp", messages, mss, rtt, loss, events, sent_at, delivered_at,
                          order, counters)


def mathis_throughput(loss: float, *, rtt: float = 100.0, mss: int = 1460,
                      c: float = MATHIS_C) -> float:
    """Mathis et al.'s steady-state TCP throughput, bytes per second: (MSS/RTT) C/sqrt(p).

    ``rtt`` in ms. C = sqrt(3/2) for periodic loss with an ACK per segment.

    >>> round(mathis_throughput(0.01, rtt=100.0, mss=1460))
    178813
    """
    loss = checks.fraction(loss, "loss", lo_open=True, hint="chance a segment is lost")
    rtt = checks.number(rtt, "rtt", 0, lo_open=True, hint="round-trip time in ms")
    mss = checks.integer(mss, "mss", 1, hint="bytes per segment")
    c = checks.number(c, "c", 0, lo_open=True, hint="the model's constant")
    return mss / (rtt / 1000) * c / math.sqrt(loss)


@dataclass(frozen=True)
class SweepPoint:
    """One loss rate: simulated and predicted steady throughput (bytes/s) and their ratio.

    ``ratio`` = simulated / (MSS/RTT/sqrt(p)): the constant C the simulation implies.
    """

    loss: float
    rtt: float
    simulated: float
    predicted: float
    ratio: float
    timeouts: int


def mathis_sweep(losses=(0.005, 0.01, 0.02, 0.05), *, rtt: float = 100.0,
                 messages: int = 2000, mss: int = 1460, window: int = 1000,
                 seeds=(0,)) -> list[SweepPoint]:
    """Simulate a long bulk transfer at each loss rate and set it beside Mathis's formula.

    Throughput is :attr:`TransferResult.steady_goodput`, averaged over ``seeds``. The
    receiver window is large so that loss, not the window, limits the sender.
    """
    points = []
    for p in losses:
        p = checks.fraction(p, "losses", lo_open=True, hi_open=True, hint="loss rates")
        runs = [tcp_transfer(messages, rtt=rtt, loss=p, mss=mss, window=window, seed=s,
                             handshake=False, trace=False) for s in seeds]
        simulated = sum(r.steady_goodput for r in runs) / len(runs)
        predicted = mathis_throughput(p, rtt=rtt, mss=mss)
        points.append(SweepPoint(p, rtt, simulated, predicted,
                                 simulated / mathis_throughput(p, rtt=rtt, mss=mss, c=1.0),
                                 sum(r.counters["timeouts"] for r in runs)))
    return points
