"""One packet taken apart byte by byte: Ethernet II, IPv4, TCP and an HTTP/1.1 request.

The bytes ship with the package (``data/http_get.bin``). They are *built*, not captured:
:func:`build_http_get` writes each header with :mod:`struct` and fills in both
checksums, around the exact request ``curl 7.88.1`` sent to a server on 127.0.0.1
(captured from the socket, then fixed to port 8080). The file is
``build_http_get()`` written out; a test proves they are the same bytes, and another
parses every field again with ``dpkt``.

Layouts: Ethernet II (IEEE 802.3, no frame check sequence, as captures show it);
IPv4, RFC 791 section 3.1; TCP, RFC 9293 section 3.1; the internet checksum, RFC 1071.

>>> packet = parse(load_packet())
>>> [layer.name for layer in packet.layers]
['Ethernet', 'IPv4', 'TCP', 'HTTP']
>>> packet.ip["checksum_ok"], packet.tcp["checksum_ok"], packet.tcp["flags"]
(True, True, 'PSH ACK')
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field
from importlib import resources

from ..core import checks

ETHERNET = struct.Struct("!6s6sH")  # destination MAC, source MAC, EtherType
IPV4 = struct.Struct("!BBHHHBBH4s4s")  # version+IHL, DSCP+ECN, ..., source, destination
TCP = struct.Struct("!HHIIBBHHH")  # ports, seq, ack, offset, flags, window, checksum, urgent
ETHERTYPE_IPV4 = 0x0800
PROTOCOL_TCP = 6
TCP_FLAGS = ("FIN", "SYN", "RST", "PSH", "ACK", "URG", "ECE", "CWR")  # bit 0 upward
TCP_OPTIONS = {0: "end of options", 1: "no-op", 2: "MSS", 3: "window scale",
               4: "SACK permitted", 5: "SACK", 8: "timestamps"}

# The request, byte for byte as curl 7.88.1 sends it (only the port differs).
CURL_REQUEST = (b"GET / HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n"
                b"User-Agent: curl/7.88.1\r\nAccept: */*\r\n\r\n")
DATA_FILE = "http_get.bin"
# Captured once with an AF_PACKET socket on "lo" while curl fetched http://127.0.0.1:34037/
CAPTURE_FILE = "loopback_capture.bin"


def internet_checksum(data: bytes) -> int:
    """The 16-bit one's complement of the one's complement sum of ``data`` (RFC 1071).

    A header whose checksum field is filled in sums to 0xFFFF, so this returns 0 for it.

    >>> internet_checksum(bytes.fromhex("4500 0073 0000 4000 4011 0000 c0a8 0001 c0a8 00c7"))
    47201
    """
    if not isinstance(data, (bytes, bytearray)):
        raise TypeError(f"data must be bytes, got {type(data).__name__}")
    if len(data) % 2:
        data = bytes(data) + b"\0"  # pad an odd length with a zero byte
    total = sum(struct.unpack(f"!{len(data) // 2}H", data))
    while total > 0xFFFF:
        total = (total & 0xFFFF) + (total >> 16)  # fold the carries back in
    return ~total & 0xFFFF


def _ip(text: str) -> bytes:
    return bytes(int(part) for part in text.split("."))


def _tcp_pseudo_header(src: bytes, dst: bytes, length: int) -> bytes:
    """What the TCP checksum also covers: addresses, protocol and TCP length (RFC 9293)."""
    return src + dst + struct.pack("!BBH", 0, PROTOCOL_TCP, length)


def build_http_get(payload: bytes = CURL_REQUEST, *, src: str = "127.0.0.1",
                   dst: str = "127.0.0.1", src_port: int = 52814, dst_port: int = 8080,
                   seq: int = 2_905_151_412, ack: int = 3_401_224_071,
                   ident: int = 0x1C46, ttl: int = 64, window: int = 64,
                   timestamps: tuple[int, int] = (1_802_339_143, 1_802_339_143)) -> bytes:
    """An Ethernet frame carrying ``payload`` as the first data segment of a connection.

    The defaults copy a real loopback capture of the same request (``data/
    loopback_capture.bin``): all-zero MAC addresses (the loopback device has none), DF
    set, TTL 64, a window field of 64 (multiplied by the scale agreed in the handshake),
    the timestamps option after two no-ops, PSH and ACK set. Only the ports, numbers
    and the TCP checksum differ: Linux leaves that checksum for the network card to
    finish, so on loopback it is never filled in.
    """
    if not isinstance(payload, (bytes, bytearray)):
        raise TypeError(f"payload must be bytes, got {type(payload).__name__}")
    options = struct.pack("!BBBBII", 1, 1, 8, 10, *timestamps)  # NOP, NOP, TS val, TS ecr
    offset_words = (TCP.size + len(options)) // 4
    flags = 0b0001_1000  # PSH, ACK
    tcp = TCP.pack(src_port, dst_port, seq, ack, offset_words << 4, flags, window, 0, 0)
    segment = tcp + options + bytes(payload)
    src_ip, dst_ip = _ip(src), _ip(dst)
    tcp_sum = internet_checksum(_tcp_pseudo_header(src_ip, dst_ip, len(segment)) + segment)
    segment = segment[:16] + struct.pack("!H", tcp_sum) + segment[18:]
    ip = IPV4.pack(0x45, 0, IPV4.size + len(segment), ident, 0x4000, ttl, PROTOCOL_TCP, 0,
                   src_ip, dst_ip)
    ip = ip[:10] + struct.pack("!H", internet_checksum(ip)) + ip[12:]
    ethernet = ETHERNET.pack(bytes(6), bytes(6), ETHERTYPE_IPV4)
    return ethernet + ip + segment


def load_packet(name: str = DATA_FILE) -> bytes:
    """A packet shipped with the package: ``http_get.bin`` (built) or ``loopback_capture.bin``."""
    checks.choice(name, "name", (DATA_FILE, CAPTURE_FILE))
    return resources.files(__package__).joinpath("data", name).read_bytes()


@dataclass
class Layer:
    """One header: its name, where it sits in the frame (``start:end``) and its fields."""

    name: str
    start: int
    end: int
    fields: dict = field(default_factory=dict)

    def __getitem__(self, name: str):
        return self.fields[name]


@dataclass
class Packet:
    """A parsed frame: its layers in order, plus every field with its byte span."""

    raw: bytes
    layers: list[Layer]
    spans: list[tuple[str, str, int, int, object]]  # (layer, field, start, end, value)

    def layer(self, name: str) -> Layer:
        for layer in self.layers:
            if layer.name == name:
                return layer
        raise ValueError(f"name must be one of {[x.name for x in self.layers]}, got {name!r}")

    @property
    def ethernet(self) -> Layer:
        return self.layer("Ethernet")

    @property
    def ip(self) -> Layer:
        return self.layer("IPv4")

    @property
    def tcp(self) -> Layer:
        return self.layer("TCP")

    @property
    def http(self) -> Layer:
        return self.layer("HTTP")


def _mac(raw: bytes) -> str:
    return ":".join(f"{b:02x}" for b in raw)


def _addr(raw: bytes) -> str:
    return ".".join(str(b) for b in raw)


def flag_names(flags: int) -> str:
    """TCP flag bits as names, most significant first as tcpdump lists them.

    >>> flag_names(0x12)
    'SYN ACK'
    """
    flags = checks.integer(flags, "flags", 0, 255, hint="the TCP flags byte")
    names = [name for bit, name in enumerate(TCP_FLAGS) if flags >> bit & 1]
    order = ("CWR", "ECE", "URG", "SYN", "FIN", "RST", "PSH", "ACK")
    return " ".join(sorted(names, key=order.index))


def parse_tcp_options(raw: bytes) -> list[tuple[str, bytes]]:
    """TCP options as (kind name, data): kinds 0 and 1 are one byte, others kind-length-data."""
    found, i = [], 0
    while i < len(raw):
        kind = raw[i]
        if kind == 0:
            break
        if kind == 1:
            found.append((TCP_OPTIONS[1], b""))
            i += 1
            continue
        if i + 1 >= len(raw) or raw[i + 1] < 2 or i + raw[i + 1] > len(raw):
            raise ValueError(f"raw holds a TCP option of kind {kind} with a bad length at {i}")
        found.append((TCP_OPTIONS.get(kind, f"kind {kind}"), raw[i + 2:i + raw[i + 1]]))
        i += raw[i + 1]
    return found


def parse(frame: bytes) -> Packet:
    """Take an Ethernet II frame holding IPv4, TCP and an HTTP request apart, field by field."""
    if not isinstance(frame, (bytes, bytearray)):
        raise TypeError(f"frame must be bytes, got {type(frame).__name__}")
    frame = bytes(frame)
    if len(frame) < ETHERNET.size + IPV4.size + TCP.size:
        raise ValueError(f"frame must hold at least {ETHERNET.size + IPV4.size + TCP.size} "
                         f"bytes (Ethernet, IPv4, TCP headers), got {len(frame)}")
    spans: list[tuple[str, str, int, int, object]] = []

    def note(layer: str, name: str, start: int, end: int, value) -> None:
        spans.append((layer, name, start, end, value))

    dst, src, ethertype = ETHERNET.unpack_from(frame, 0)
    if ethertype != ETHERTYPE_IPV4:
        raise ValueError(f"frame must carry IPv4 (EtherType 0x0800), got {ethertype:#06x}")
    eth = Layer("Ethernet", 0, ETHERNET.size,
                {"dst": _mac(dst), "src": _mac(src), "ethertype": ethertype})
    note("Ethernet", "destination MAC", 0, 6, eth["dst"])
    note("Ethernet", "source MAC", 6, 12, eth["src"])
    note("Ethernet", "EtherType", 12, 14, f"{ethertype:#06x} (IPv4)")

    o = ETHERNET.size
    (ver_ihl, tos, total, ident, frag, ttl, proto, checksum, src_ip,
     dst_ip) = IPV4.unpack_from(frame, o)
    ihl = (ver_ihl & 0x0F) * 4
    if ver_ihl >> 4 != 4 or ihl < IPV4.size:
        raise ValueError(f"frame must hold an IPv4 header (version 4, IHL >= 5), got "
                         f"byte {ver_ihl:#04x}")
    header = frame[o:o + ihl]
    ip = Layer("IPv4", o, o + ihl, {
        "version": ver_ihl >> 4, "ihl": ihl, "dscp": tos >> 2, "ecn": tos & 3,
        "total_length": total, "id": ident, "df": bool(frag & 0x4000),
        "mf": bool(frag & 0x2000), "fragment_offset": frag & 0x1FFF, "ttl": ttl,
        "protocol": proto, "checksum": checksum, "src": _addr(src_ip), "dst": _addr(dst_ip),
        "options": header[IPV4.size:], "checksum_ok": internet_checksum(header) == 0,
    })
    note("IPv4", "version | header length", o, o + 1, f"4 | {ihl} bytes")
    note("IPv4", "DSCP | ECN", o + 1, o + 2, f"{ip['dscp']} | {ip['ecn']}")
    note("IPv4", "total length", o + 2, o + 4, f"{total} bytes")
    note("IPv4", "identification", o + 4, o + 6, ident)
    note("IPv4", "flags | fragment offset", o + 6, o + 8,
         f"{'DF' if ip['df'] else ''}{' MF' if ip['mf'] else ''} | {ip['fragment_offset']}")
    note("IPv4", "time to live", o + 8, o + 9, ttl)
    note("IPv4", "protocol", o + 9, o + 10, f"{proto} (TCP)" if proto == 6 else proto)
    note("IPv4", "header checksum", o + 10, o + 12,
         f"{checksum:#06x} ({'valid' if ip['checksum_ok'] else 'WRONG'})")
    note("IPv4", "source address", o + 12, o + 16, ip["src"])
    note("IPv4", "destination address", o + 16, o + 20, ip["dst"])
    if proto != PROTOCOL_TCP:
        raise ValueError(f"frame must carry TCP (protocol 6), got protocol {proto}")
    if total < ihl + TCP.size or len(frame) < o + total:
        raise ValueError(f"frame must hold the whole IPv4 packet its header announces: total "
                         f"length {total} bytes, header {ihl}, frame {len(frame) - o} after "
                         f"Ethernet")

    o = ip.end
    end = ETHERNET.size + total
    (sport, dport, seq, ack, offset, flags, window, tcp_sum,
     urgent) = TCP.unpack_from(frame, o)
    hlen = (offset >> 4) * 4
    if hlen < TCP.size or o + hlen > end:
        raise ValueError(f"frame holds a TCP header of {hlen} bytes (data offset {offset >> 4}),"
                         f" outside 20..{end - o}, the segment's length")
    segment = frame[o:end]
    pseudo = _tcp_pseudo_header(src_ip, dst_ip, len(segment))
    tcp = Layer("TCP", o, o + hlen, {
        "src_port": sport, "dst_port": dport, "seq": seq, "ack": ack, "header_length": hlen,
        "flag_bits": flags, "flags": flag_names(flags), "window": window,
        "checksum": tcp_sum, "urgent": urgent,
        "options": parse_tcp_options(frame[o + TCP.size:o + hlen]),
        "checksum_ok": internet_checksum(pseudo + segment) == 0,
        # the sum of the pseudo-header alone: what Linux leaves in the field for the
        # network card to finish when it offloads the checksum (CHECKSUM_PARTIAL)
        "pseudo_header_sum": ~internet_checksum(pseudo) & 0xFFFF,
    })
    note("TCP", "source port", o, o + 2, sport)
    note("TCP", "destination port", o + 2, o + 4, dport)
    note("TCP", "sequence number", o + 4, o + 8, seq)
    note("TCP", "acknowledgment number", o + 8, o + 12, ack)
    note("TCP", "data offset", o + 12, o + 13, f"{hlen} bytes")
    note("TCP", "flags", o + 13, o + 14, tcp["flags"])
    note("TCP", "window", o + 14, o + 16, window)
    note("TCP", "checksum", o + 16, o + 18,
         f"{tcp_sum:#06x} ({'valid' if tcp['checksum_ok'] else 'WRONG'})")
    note("TCP", "urgent pointer", o + 18, o + 20, urgent)
    note("TCP", "options", o + 20, o + hlen,
         ", ".join(name for name, _ in tcp["options"]) or "none")

    o = tcp.end
    payload = frame[o:end]
    head, _, body = payload.partition(b"\r\n\r\n")
    lines = head.decode("ascii", errors="replace").split("\r\n")
    if not head.isascii() or len(lines[0].split(" ")) != 3:
        raise ValueError(f"frame must carry an HTTP/1.x request ('GET / HTTP/1.1' ...) after "
                         f"its TCP header, got {payload[:30]!r}")
    method, target, version = lines[0].split(" ")
    headers = [tuple(part.strip() for part in line.split(":", 1)) for line in lines[1:]]
    http = Layer("HTTP", o, end, {"method": method, "target": target, "version": version,
                                  "headers": headers, "body": body})
    note("HTTP", "request line", o, o + len(lines[0]) + 2, lines[0])
    at = o + len(lines[0]) + 2
    for line in lines[1:]:
        note("HTTP", "header", at, at + len(line) + 2, line)
        at += len(line) + 2
    note("HTTP", "end of headers", at, at + 2, "blank line")
    return Packet(frame, [eth, ip, tcp, http], spans)


def write_packet(path) -> int:
    """Write :func:`build_http_get`'s bytes to ``path`` (how ``data/http_get.bin`` was made)."""
    data = build_http_get()
    with open(path, "wb") as out:
        return out.write(data)
