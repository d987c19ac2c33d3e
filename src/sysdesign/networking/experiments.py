"""Scenarios for the networking notebook and the compute function of each panel.

The notebook, the panels in :mod:`sysdesign.networking.widgets` and the tests all call
these, so a number printed in the notebook is the number a test checks. Panel computes
are named after their panel (``address_map`` for ``address_map_panel``) and return only
what the model worked out; the panel hands the control values to the view itself.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import pandas as pd

from ..core import checks
from ..core.tables import full_text
from . import http2, pageload, transport
from .addresses import BITS, Block, parse_block, private_range, subnets, usable_hosts
from .packet import Packet, load_packet, parse

BASES = ("10.0.0.0", "172.16.0.0", "192.168.0.0", "203.0.113.0")  # the panel's choices
MAP_CELLS = 64  # the address map draws at most this many subnets, then summarises


@dataclass(frozen=True)
class AddressMap:
    """A block split into subnets: the first :data:`MAP_CELLS` of them and the totals."""

    block: Block
    new_prefix: int
    shown: list[Block]
    count: int
    usable_each: int
    private: str | None  # the RFC 1918 block it lies wholly in, if any
    clamped: bool  # True when the new prefix asked was shorter than the block's


def address_map(base: str = "10.0.0.0", prefix: int = 16, new_prefix: int = 20) -> AddressMap:
    """Split ``base/prefix`` into /``new_prefix`` blocks (a shorter one is raised to prefix)."""
    prefix = checks.integer(prefix, "prefix", 0, 32)
    new_prefix = checks.integer(new_prefix, "new_prefix", 0, 32)
    block = parse_block(f"{base}/{prefix}")
    clamped = new_prefix < prefix
    new_prefix = max(new_prefix, prefix)
    count = 1 << (new_prefix - prefix)
    shown_prefix = new_prefix if count <= MAP_CELLS else prefix + 6  # 64 groups of subnets
    shown = subnets(block, shown_prefix)
    return AddressMap(block, new_prefix, shown, count, usable_hosts(new_prefix),
                      _private_home(block), clamped)


def _private_home(block: Block) -> str | None:
    """The RFC 1918 block that holds all of ``block``, if one does."""
    home = private_range(block.text(block.first))
    return home if home is not None and private_range(block.text(block.last)) == home else None


def subnet_table(block: str = "10.0.0.0/16", new_prefix: int = 24, rows: int = 4) -> pd.DataFrame:
    """The first ``rows`` subnets of a split and the last one, with their ranges."""
    rows = checks.integer(rows, "rows", 1, 64)
    parts = subnets(parse_block(block), new_prefix)
    picked = parts[:rows] + (parts[-1:] if len(parts) > rows else [])
    return full_text(pd.DataFrame([{
        "subnet": str(s), "first address": s.text(s.first), "last address": s.text(s.last),
        "addresses": s.size, "usable hosts": s.usable} for s in picked],
        index=[i for i in range(len(parts)) if i < rows or i == len(parts) - 1]))


def address_space() -> pd.DataFrame:
    """IPv4 and IPv6 side by side: bits, addresses, the private blocks."""
    return full_text(pd.DataFrame({
        "bits": BITS, "addresses": {v: f"2^{b} = {2**b:,}" if v == 4 else f"2^{b} ≈ {2**b:.2e}"
                                    for v, b in BITS.items()},
        "written as": {4: "four bytes in decimal: 192.168.1.1",
                       6: "eight groups of 16 bits in hex: 2001:db8::8a2e:370:7334"},
        "private blocks": {4: "10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16 (RFC 1918)",
                           6: "fc00::/7 (unique local, RFC 4193)"},
    }).rename(index={4: "IPv4", 6: "IPv6"}))


# --- the packet ---------------------------------------------------------------------------

@functools.lru_cache(maxsize=2)
def shipped_packet(name: str = "http_get.bin") -> Packet:
    """The packet shipped with the package, parsed (once)."""
    return parse(load_packet(name))


def packet_fields(packet: Packet | None = None) -> pd.DataFrame:
    """Every field of the packet: its layer, bytes (offsets in the frame), hex and value."""
    packet = shipped_packet() if packet is None else packet
    rows = []
    for layer, name, start, end, value in packet.spans:
        raw = packet.raw[start:end]
        shown = raw.hex(" ") if len(raw) <= 8 else raw[:6].hex(" ") + " …"
        rows.append({"layer": layer, "field": name, "bytes": f"{start}-{end - 1}",
                     "hex": shown, "value": str(value)})
    return full_text(pd.DataFrame(rows))


LAYER_MODELS = {  # layer -> (OSI layer, TCP/IP model layer, what it names)
    "Ethernet": ("2 data link", "link", "the next machine on this wire: MAC addresses"),
    "IPv4": ("3 network", "internet", "the two end hosts: IP addresses, routed hop by hop"),
    "TCP": ("4 transport", "transport", "the two programs: ports; a reliable byte stream"),
    "HTTP": ("5-7 session, presentation, application", "application",
             "the resource and what to do with it: method, path, headers"),
}


def layers_table(packet: Packet | None = None) -> pd.DataFrame:
    """Each header of the packet mapped to the OSI and the TCP/IP (RFC 1122) models."""
    packet = shipped_packet() if packet is None else packet
    rows = []
    for layer in packet.layers:
        osi, tcpip, names = LAYER_MODELS[layer.name]
        rows.append({"header": layer.name, "bytes": layer.end - layer.start,
                     "OSI layer": osi, "TCP/IP layer": tcpip, "addresses / carries": names})
    return full_text(pd.DataFrame(rows))


# --- HTTP/2 ----------------------------------------------------------------------------------

def h2_frames() -> pd.DataFrame:
    """The frames an ``h2`` client writes for two GETs on one connection."""
    return full_text(pd.DataFrame(http2.frames_table()))


def hpack_savings() -> pd.DataFrame:
    """Header bytes per request: HTTP/1.1 text against HPACK on one HTTP/2 connection."""
    rows = [{"request": f"GET {r['path']}", "HTTP/1.1 header bytes": r["http1_bytes"],
             "HPACK bytes": r["hpack_bytes"], "saved": f"{r['saved']:.0%}"}
            for r in http2.header_sizes()]
    return full_text(pd.DataFrame(rows))


def hpack_blocks() -> pd.DataFrame:
    """How each header of each request was encoded, side by side."""
    first, second = http2.block_representations()
    return full_text(pd.DataFrame({
        "header": [r["header"] for r in first],
        "request 1: sent as": [r["sent as"] for r in first],
        "bytes": [r["bytes"] for r in first],
        "request 2: sent as": [r["sent as"] for r in second],
        "bytes ": [r["bytes"] for r in second],
    }))


# --- TCP and UDP (models in transport.py) ------------------------------------------------------

STEP_RTT_MS = 100.0  # the step-through's round trip, ms
STEP_MESSAGES = 12  # segments in the step-through
STEP_END_MS = 2000  # the time slider's end, ms
STEP_LOSSES = (0.0, 0.05, 0.1, 0.2)


@functools.lru_cache(maxsize=2)
def goodput_vs_loss(losses=(0.005, 0.01, 0.02, 0.05), rtt: float = 100.0):
    """Simulated steady TCP goodput at each loss rate, with the Mathis prediction."""
    return tuple(transport.mathis_sweep(losses, rtt=rtt))


def mathis_curve(losses, rtt: float = 100.0) -> list[float]:
    """The Mathis formula MSS / RTT * C / sqrt(p), bytes/s, at each loss rate."""
    return [transport.mathis_throughput(p, rtt=rtt) for p in losses]


@dataclass(frozen=True)
class Delays:
    """Per-message delays of one paced stream: ms from the moment the sending application
    wrote the message to the moment the receiving application got it."""

    protocol: str
    delays: tuple[float, ...]
    lost: int  # messages never delivered
    messages: int

    def on_time(self, deadline_ms: float) -> int:
        """Messages delivered within ``deadline_ms`` of being written."""
        return sum(d <= deadline_ms for d in self.delays)


@functools.lru_cache(maxsize=8)
def message_delays(protocol: str = "tcp", *, loss: float = 0.02, messages: int = 500,
                   interval: float = 40.0, rtt: float = 100.0, seed: int = 0) -> Delays:
    """A stream of one message every ``interval`` ms (a voice call, a game) over TCP or UDP.

    The clock starts when the application writes a message, not when the transport first
    sends it: a TCP sender whose window has shrunk keeps messages in its buffer, and that
    wait counts too. (TCP's application writes once the handshake is done.)
    """
    checks.choice(protocol, "protocol", ("tcp", "udp"))
    run = (transport.tcp_transfer if protocol == "tcp" else transport.udp_transfer)(
        messages, rtt=rtt, loss=loss, interval=interval, seed=seed, trace=False)
    written = [run.handshake_ms + i * interval for i in range(messages)]
    delays = tuple(done - start for start, done in zip(written, run.delivered_at, strict=True)
                   if done is not None)
    return Delays(protocol, delays, messages - run.delivered_count, messages)


@dataclass(frozen=True)
class TransportRun:
    """One loss rate and RTT: a bulk TCP transfer beside Mathis, and a paced TCP/UDP stream."""

    rtt: float
    bulk: tuple  # one transport.SweepPoint: steady TCP goodput and its implied C
    tcp: Delays
    udp: Delays


def tcp_vs_udp(loss: float = 0.02, rtt: float = 100.0, seed: int = 0) -> TransportRun:
    """The transport panel's model: goodput and per-message delays at one loss and RTT.

    The bulk transfer is 1,000 segments (one seed), so its C scatters more than the
    notebook's sweep; the stream is the one of :func:`message_delays`.
    """
    loss = checks.fraction(loss, "loss", lo_open=True, hi_open=True,
                           hint="chance a packet is lost")
    rtt = checks.number(rtt, "rtt", 0, lo_open=True, hint="round-trip time in ms")
    seed = checks.integer(seed, "seed", 0)
    bulk = tuple(transport.mathis_sweep((loss,), rtt=rtt, messages=1000, seeds=(seed,)))
    return TransportRun(rtt, bulk, message_delays("tcp", loss=loss, rtt=rtt, seed=seed),
                        message_delays("udp", loss=loss, rtt=rtt, seed=seed))


@dataclass(frozen=True)
class Arrow:
    """One segment or ACK in a sequence diagram: from a side at a time, to the other side."""

    kind: str  # "data", "retransmit", "ack", "syn"
    label: str
    start: float
    end: float
    to_receiver: bool
    lost: bool


@dataclass(frozen=True)
class Steps:
    """A connection's arrows up to ``time``, plus the state of both ends at that time."""

    protocol: str
    arrows: tuple[Arrow, ...]  # every arrow of the run
    notes: tuple[tuple[float, str, bool], ...]  # (time, text, at receiver): timeouts, buffering
    duration: float
    delivered: int  # messages the receiving application holds at ``time``
    cwnd: float
    counters: dict


@functools.lru_cache(maxsize=16)
def _step_run(protocol: str, loss: float, seed: int):
    run = (transport.tcp_transfer if protocol == "TCP" else transport.udp_transfer)(
        STEP_MESSAGES, rtt=STEP_RTT_MS, loss=loss, seed=seed)
    one_way = STEP_RTT_MS / 2
    arrows, notes = [], []
    waiting: dict[float, list[str]] = {}  # time -> segments the receiver holds back
    sent: set[int] = set()
    trace = run.trace
    for i, event in enumerate(trace):
        after = trace[i + 1] if i + 1 < len(trace) else None
        lost = (after is not None and after.time == event.time and after.seq == event.seq
                and after.kind == ("ack-lost" if event.kind == "syn-ack" else "lost"))
        if event.kind in ("send", "retransmit", "fast-retransmit"):
            kind = "data" if event.seq not in sent else "retransmit"  # go-back-N resends too
            sent.add(event.seq)
            arrows.append(Arrow(kind, f"#{event.seq}", event.time, event.time + one_way,
                                True, lost))
        elif event.kind == "syn":
            arrows.append(Arrow("syn", "SYN", event.time, event.time + one_way, True, lost))
        elif event.kind == "syn-ack":
            arrows.append(Arrow("syn", "SYN-ACK", event.time, event.time + one_way, False,
                                lost))
        elif event.kind in ("ack", "dup-ack"):
            label = f"{'dup ' if event.kind == 'dup-ack' else ''}ACK {event.seq}"
            arrows.append(Arrow("ack", label, event.time - one_way, event.time, False, False))
        elif event.kind == "ack-lost" and event.seq >= 0:
            arrows.append(Arrow("ack", f"ACK {event.seq}", event.time, event.time + one_way,
                                False, True))
        elif event.kind == "timeout":
            notes.append((event.time, "(timer expired)", False))
        elif event.kind == "buffer":
            waiting.setdefault(event.time, []).append(f"#{event.seq}")
    notes += [(when, f"{' '.join(seqs)} wait{'s' if len(seqs) == 1 else ''}: a gap before",
               True) for when, seqs in waiting.items()]
    return run, tuple(arrows), tuple(notes)


def tcp_steps(time_ms: int = STEP_END_MS, loss: float = 0.1, seed: int = 1,
              protocol: str = "TCP") -> Steps:
    """One short connection's segments, for the step-through (12 messages, RTT 100 ms)."""
    checks.choice(protocol, "protocol", ("TCP", "UDP"))
    loss = checks.fraction(loss, "loss", hi_open=True)
    seed = checks.integer(seed, "seed", 0)
    time_ms = checks.number(time_ms, "time_ms", 0)
    run, arrows, notes = _step_run(protocol, loss, seed)
    delivered = sum(1 for t in run.delivered_at if t is not None and t <= time_ms)
    cwnd = 1.0 if protocol == "TCP" else 0.0  # TCP starts with one segment here
    for when, value in run.cwnd_trace:
        if when <= time_ms:
            cwnd = value
    return Steps(protocol, arrows, notes, run.duration, delivered, cwnd, dict(run.counters))


# --- HTTP page loads (models in pageload.py) ------------------------------------------------

@dataclass(frozen=True)
class Waterfall:
    """The same page fetched over each protocol, with the same losses."""

    loads: dict  # protocol -> pageload.PageLoad


def waterfall(resources: int = 20, loss: float = 0.02, rtt: float = 100.0,
              seed: int = 0) -> Waterfall:
    """One page of ``resources`` files over HTTP/1.1, /2 and /3 (same seed, same losses)."""
    return Waterfall({protocol: pageload.page_load(protocol, resources=resources, loss=loss,
                                                   rtt=rtt, seed=seed)
                      for protocol in pageload.PROTOCOLS})


def waterfall_table(result: Waterfall) -> pd.DataFrame:
    """Per protocol: when the page was loaded, when the average file was, and how long
    packets waited in receive buffers behind a lost one (packet-ms, all files together)."""
    return full_text(pd.DataFrame([{
        "protocol": protocol.upper(), "page loaded (ms)": round(load.page_load_time),
        "average file done (ms)": round(load.mean_finish),
        "held back in buffers (packet-ms)": round(load.blocked_ms),
        "connections": len(load.connections)} for protocol, load in result.loads.items()]))


def open_connections_table(resources: int = 20, loss: float = 0.02, rtt: float = 100.0,
                           seed: int = 0) -> pd.DataFrame:
    """HTTP/2 against HTTP/3 with the connection already open: only head-of-line blocking left.

    Same page, seed and losses as :func:`waterfall`, but no handshakes, so the HTTP/3
    handshake saving (one round trip on every time) drops out of the difference.
    """
    loads = {protocol: pageload.page_load(protocol, resources=resources, loss=loss, rtt=rtt,
                                          seed=seed, handshake=False)
             for protocol in ("http/2", "http/3")}
    return full_text(pd.DataFrame([{
        "protocol": protocol.upper(), "page loaded (ms)": round(load.page_load_time),
        "average file done (ms)": round(load.mean_finish),
        "held back in buffers (packet-ms)": round(load.blocked_ms)}
        for protocol, load in loads.items()]))


FLOWS = (  # (label, protocol, TLS version, resumed): the request flows compared
    ("HTTP/1.1, TLS 1.2", "http/1.1", "1.2", False),
    ("HTTP/2, TLS 1.3", "http/2", "1.3", False),
    ("HTTP/3 (QUIC)", "http/3", "1.3", False),
    ("HTTP/3, resumed (0-RTT)", "http/3", "1.3", True),
)


def request_flows(rtt: float = 100.0) -> list[tuple[str, object]]:
    """The phases of one HTTPS request, first visit, for each setup in :data:`FLOWS`."""
    return [(label, pageload.request_flow(protocol, rtt=rtt, tls=tls, resumed=resumed))
            for label, protocol, tls, resumed in FLOWS]


def flow_table(rtt: float = 100.0) -> pd.DataFrame:
    """Round trips and time to the first byte of the response, per setup."""
    rows = []
    for label, flow in request_flows(rtt):
        rows.append({"setup": label,
                     "round trips before the request": round(sum(
                         p.rtts for p in flow.phases
                         if p.name != "DNS lookup" and p.end <= _request_start(flow))),
                     "first byte (ms)": round(flow.first_byte),
                     "done (ms)": round(flow.done)})
    return full_text(pd.DataFrame(rows))


def _request_start(flow) -> float:
    return next(p.start for p in flow.phases if p.name == "request")
