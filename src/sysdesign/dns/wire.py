"""A small DNS message parser, written from RFC 1035 §4.1, to read real wire bytes by hand.

A message is a 12-byte header, then four sections: questions, answers, authority and
additional records. Names are sequences of length-prefixed labels ending in a zero byte,
or ending in a two-byte *pointer* (top two bits set, the other 14 bits an offset from the
start of the message) to where the rest of the name was written before (§4.1.4).

>>> wire = build_query("www.example.com", "A", query_id=0x1A2B)
>>> wire.hex(" ")
'1a 2b 01 00 00 01 00 00 00 00 00 00 03 77 77 77 07 65 78 61 6d 70 6c 65 03 63 6f 6d 00 00 01 00 01'
>>> message = parse(wire)
>>> message.header.id == 0x1A2B, message.header.rd, message.questions[0]
(True, True, Question(name='www.example.com.', type='A', rclass='IN'))

The tests check every field against dnspython, the library a practitioner would use.
"""

from __future__ import annotations

import ipaddress
import struct
from dataclasses import dataclass, field

import dns.message  # dnspython: absolute imports, so never this package (sysdesign.dns)
import dns.rdatatype

from ..core import checks

HEADER_SIZE = 12
POINTER = 0xC0  # a length byte with both top bits set starts a compression pointer
MAX_NAME = 255  # octets in a name on the wire, length bytes included (RFC 1035 §2.3.4)
MAX_LABEL = 63
TYPES = {1: "A", 2: "NS", 5: "CNAME", 6: "SOA", 15: "MX", 16: "TXT", 28: "AAAA", 41: "OPT"}
TYPE_CODES = {name: code for code, name in TYPES.items()}
CLASSES = {1: "IN", 3: "CH", 4: "HS", 255: "ANY"}
OPCODES = {0: "QUERY", 1: "IQUERY", 2: "STATUS", 4: "NOTIFY", 5: "UPDATE"}
RCODES = {0: "NOERROR", 1: "FORMERR", 2: "SERVFAIL", 3: "NXDOMAIN", 4: "NOTIMP",
          5: "REFUSED"}


class WireError(ValueError):
    """The bytes are not a well-formed DNS message (what was wrong, and at which offset)."""


@dataclass(frozen=True)
class Header:
    """The 12-byte header: id, the flag bits, and how many entries each section holds."""

    id: int
    qr: bool  # a response (True) or a query
    opcode: str
    aa: bool  # authoritative answer
    tc: bool  # truncated: retry over TCP
    rd: bool  # recursion desired
    ra: bool  # recursion available
    z: int  # the one reserved bit (must be zero)
    ad: bool  # authentic data (DNSSEC, RFC 4035)
    cd: bool  # checking disabled (DNSSEC)
    rcode: str
    qdcount: int
    ancount: int
    nscount: int
    arcount: int


@dataclass(frozen=True)
class Question:
    """What is asked: a name, a type and a class."""

    name: str
    type: str
    rclass: str


@dataclass(frozen=True)
class Record:
    """A resource record: owner name, type, class, TTL in seconds, and its data.

    ``data`` is a text form for the types this parser knows (an address, a name, "10
    mail.example.com." for MX, the strings of a TXT record, the SOA fields), else the raw
    bytes in hex.
    """

    name: str
    type: str
    rclass: str
    ttl: int
    data: str | tuple


@dataclass(frozen=True)
class Message:
    header: Header
    questions: list[Question] = field(default_factory=list)
    answers: list[Record] = field(default_factory=list)
    authority: list[Record] = field(default_factory=list)
    additional: list[Record] = field(default_factory=list)


def type_name(code: int) -> str:
    """``"A"`` for 1, ``"TYPE99"`` for a type this parser does not know (RFC 3597 style)."""
    return TYPES.get(code, f"TYPE{code}")


def class_name(code: int) -> str:
    return CLASSES.get(code, f"CLASS{code}")


# --- names --------------------------------------------------------------------------------

def read_name(wire: bytes, offset: int) -> tuple[str, int]:
    """The name starting at ``offset``, and the offset just after it in the byte stream.

    A pointer must point *before* the labels that led to it (RFC 1035 §4.1.4: to a "prior
    occurrence" of the name), so every jump goes strictly backwards and a loop is
    impossible; a pointer forward or to itself, which could loop, is an error.

    >>> wire = b"\\x07example\\x03com\\x00" + b"\\x03www\\xc0\\x00"
    >>> read_name(wire, 13)
    ('www.example.com.', 19)
    >>> read_name(b"\\x03www\\xc0\\x00", 0)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    sysdesign.dns.wire.WireError: compression pointer at offset 4 points to 0, ... (could loop)
    """
    if not isinstance(wire, (bytes, bytearray)):
        raise TypeError(f"wire must be bytes, got {type(wire).__name__}")
    offset = checks.integer(offset, "offset", 0, hint="a position in the message")
    labels: list[str] = []
    end = None  # where the name ends in the stream: after its first pointer, if any
    run_start = offset  # where the labels being read now began
    position, length = offset, 0
    while True:
        if position >= len(wire):
            raise WireError(f"name at offset {offset} runs past the end of the message")
        size = wire[position]
        if size & POINTER == POINTER:
            if position + 1 >= len(wire):
                raise WireError(f"compression pointer at offset {position} is cut short")
            target = ((size & 0x3F) << 8) | wire[position + 1]
            if target >= run_start:  # every jump goes strictly back: no loop can form
                raise WireError(f"compression pointer at offset {position} points to {target}, "
                                f"not before the labels it continues (could loop)")
            if end is None:
                end = position + 2
            position = run_start = target
            continue
        if size & POINTER:
            raise WireError(f"label length byte {size:#04x} at offset {position} uses the "
                            "reserved top bits 01 or 10")
        if size == 0:
            break
        label = wire[position + 1:position + 1 + size]
        if len(label) < size:
            raise WireError(f"label at offset {position} runs past the end of the message")
        length += 1 + size
        if length + 1 > MAX_NAME:
            raise WireError(f"name at offset {offset} is longer than {MAX_NAME} octets")
        labels.append(_label_text(label))
        position += 1 + size
    return ".".join(labels) + ".", (position + 1 if end is None else end)


def _label_text(label: bytes) -> str:
    """A label as text, escaping dots, backslashes and bytes outside printable ASCII."""
    out = []
    for byte in label:
        char = chr(byte)
        if char in '.\\"()@;$':
            out.append("\\" + char)
        elif 0x21 <= byte <= 0x7E:
            out.append(char)
        else:
            out.append(f"\\{byte:03d}")
    return "".join(out)


def encode_name(name: str) -> bytes:
    """A name as uncompressed labels (no escapes: plain ASCII names only).

    >>> encode_name("example.com").hex(" ")
    '07 65 78 61 6d 70 6c 65 03 63 6f 6d 00'
    """
    if not isinstance(name, str):
        raise TypeError(f"name must be a string such as 'www.example.com', got {name!r}")
    labels = [label for label in name.rstrip(".").split(".")] if name not in ("", ".") else []
    out = bytearray()
    for label in labels:
        raw = label.encode("ascii")
        if not 1 <= len(raw) <= MAX_LABEL:
            raise ValueError(f"name must have labels of 1..{MAX_LABEL} octets, got {label!r} "
                             f"in {name!r}")
        out += bytes([len(raw)]) + raw
    out += b"\x00"
    if len(out) > MAX_NAME:
        raise ValueError(f"name must be at most {MAX_NAME} octets on the wire, got {len(out)}")
    return bytes(out)


# --- building a query -----------------------------------------------------------------------

def build_query(name: str, rtype: str = "A", *, query_id: int = 0,
                recursion_desired: bool = True) -> bytes:
    """A query as a stub resolver sends it: header, one question, no records."""
    query_id = checks.integer(query_id, "query_id", 0, 0xFFFF)
    code = TYPE_CODES.get(rtype)
    if code is None:
        raise ValueError(f"rtype must be one of {', '.join(TYPE_CODES)}; got {rtype!r}")
    flags = 0x0100 if recursion_desired else 0  # RD is bit 8 of the flags word
    header = struct.pack("!HHHHHH", query_id, flags, 1, 0, 0, 0)
    return header + encode_name(name) + struct.pack("!HH", code, 1)


# --- parsing ------------------------------------------------------------------------------

def parse_header(wire: bytes) -> Header:
    """The 12-byte header (RFC 1035 §4.1.1; AD and CD from RFC 4035)."""
    if not isinstance(wire, (bytes, bytearray)):
        raise TypeError(f"wire must be bytes, got {type(wire).__name__}")
    if len(wire) < HEADER_SIZE:
        raise WireError(f"a DNS message starts with a {HEADER_SIZE}-byte header, "
                        f"got {len(wire)} bytes")
    qid, flags, qd, an, ns, ar = struct.unpack_from("!HHHHHH", wire)
    opcode = (flags >> 11) & 0xF
    rcode = flags & 0xF
    return Header(id=qid, qr=bool(flags & 0x8000), opcode=OPCODES.get(opcode, str(opcode)),
                  aa=bool(flags & 0x0400), tc=bool(flags & 0x0200), rd=bool(flags & 0x0100),
                  ra=bool(flags & 0x0080), z=(flags >> 6) & 1, ad=bool(flags & 0x0020),
                  cd=bool(flags & 0x0010), rcode=RCODES.get(rcode, str(rcode)),
                  qdcount=qd, ancount=an, nscount=ns, arcount=ar)


def _read_question(wire: bytes, offset: int) -> tuple[Question, int]:
    name, offset = read_name(wire, offset)
    if offset + 4 > len(wire):
        raise WireError(f"question at offset {offset} is cut short")
    code, rclass = struct.unpack_from("!HH", wire, offset)
    return Question(name, type_name(code), class_name(rclass)), offset + 4


def _read_record(wire: bytes, offset: int) -> tuple[Record, int]:
    name, offset = read_name(wire, offset)
    if offset + 10 > len(wire):
        raise WireError(f"record at offset {offset} is cut short")
    code, rclass, ttl, rdlength = struct.unpack_from("!HHIH", wire, offset)
    start = offset + 10
    end = start + rdlength
    if end > len(wire):
        raise WireError(f"record data at offset {start} says {rdlength} bytes, "
                        f"only {len(wire) - start} remain")
    return Record(name, type_name(code), class_name(rclass), ttl,
                  _rdata(wire, code, start, end)), end


def _rdata(wire: bytes, code: int, start: int, end: int):
    """A record's data, read by type (names inside it may be compressed, §4.1.4)."""
    rtype = type_name(code)
    data = wire[start:end]
    if rtype == "A":
        _expect(len(data) == 4, "A data must be 4 bytes", start)
        return str(ipaddress.IPv4Address(data))
    if rtype == "AAAA":
        _expect(len(data) == 16, "AAAA data must be 16 bytes", start)
        return str(ipaddress.IPv6Address(data))
    if rtype in ("NS", "CNAME"):
        name, after = read_name(wire, start)
        _expect(after == end, f"{rtype} data must be exactly one name", start)
        return name
    if rtype == "MX":
        _expect(len(data) >= 3, "MX data must be a preference and a name", start)
        preference = struct.unpack_from("!H", wire, start)[0]
        name, after = read_name(wire, start + 2)
        _expect(after == end, "MX data must end after its name", start)
        return f"{preference} {name}"
    if rtype == "TXT":
        strings, position = [], start
        while position < end:
            size = wire[position]
            _expect(position + 1 + size <= end, "TXT string runs past its record", position)
            strings.append(wire[position + 1:position + 1 + size].decode("latin-1"))
            position += 1 + size
        return tuple(strings)
    if rtype == "SOA":
        mname, position = read_name(wire, start)
        rname, position = read_name(wire, position)
        _expect(end - position == 20, "SOA data must end in five 32-bit numbers", position)
        serial, refresh, retry, expire, minimum = struct.unpack_from("!IIIII", wire, position)
        return (mname, rname, serial, refresh, retry, expire, minimum)
    return data.hex()


def _expect(condition: bool, message: str, offset: int) -> None:
    if not condition:
        raise WireError(f"{message} (at offset {offset})")


def parse(wire: bytes) -> Message:
    """A whole message: header, then each section's entries, in order."""
    header = parse_header(wire)
    offset = HEADER_SIZE
    questions = []
    for _ in range(header.qdcount):
        question, offset = _read_question(wire, offset)
        questions.append(question)
    sections = []
    for count in (header.ancount, header.nscount, header.arcount):
        records = []
        for _ in range(count):
            record, offset = _read_record(wire, offset)
            records.append(record)
        sections.append(records)
    if offset != len(wire):
        raise WireError(f"{len(wire) - offset} bytes left over after the last record")
    return Message(header, questions, *sections)


# --- reading it byte by byte ------------------------------------------------------------------

def name_parts(wire: bytes, offset: int) -> list[tuple[int, bytes, str]]:
    """The pieces of the name at ``offset`` as they sit in the stream: (offset, bytes, meaning).

    >>> wire = b"\\x07example\\x03com\\x00" + b"\\x03www\\xc0\\x00"
    >>> [(at, raw.hex(), meaning) for at, raw, meaning in name_parts(wire, 13)]
    [(13, '03777777', 'label "www"'), (17, 'c000', 'pointer to offset 0: example.com.')]
    """
    read_name(wire, offset)  # a malformed name raises WireError here, not IndexError below
    parts = []
    while True:
        size = wire[offset]
        if size & POINTER == POINTER:
            target = ((size & 0x3F) << 8) | wire[offset + 1]
            rest = read_name(wire, target)[0]
            parts.append((offset, wire[offset:offset + 2], f"pointer to offset {target}: {rest}"))
            return parts
        if size == 0:
            parts.append((offset, wire[offset:offset + 1], "end of name (root)"))
            return parts
        label = wire[offset + 1:offset + 1 + size]
        parts.append((offset, wire[offset:offset + 1 + size], f'label "{_label_text(label)}"'))
        offset += 1 + size


def layout(wire: bytes) -> list[tuple[int, bytes, str, str]]:
    """Every field of a message in wire order: (offset, bytes, section, meaning)."""
    parse(wire)  # a malformed message raises WireError (or TypeError) before any slicing
    header = parse_header(wire)
    flags = struct.unpack_from("!H", wire, 2)[0]
    set_flags = [name for name, bit in (("QR", 0x8000), ("AA", 0x0400), ("TC", 0x0200),
                                        ("RD", 0x0100), ("RA", 0x0080), ("AD", 0x0020),
                                        ("CD", 0x0010)) if flags & bit]
    rows = [(0, wire[0:2], "header", f"id {header.id}"),
            (2, wire[2:4], "header", f"flags: {' '.join(set_flags) or 'none'}, opcode "
                                     f"{header.opcode}, rcode {header.rcode}")]
    for i, (label, count) in enumerate((("questions", header.qdcount),
                                        ("answers", header.ancount),
                                        ("authority", header.nscount),
                                        ("additional", header.arcount))):
        rows.append((4 + 2 * i, wire[4 + 2 * i:6 + 2 * i], "header", f"{count} {label}"))
    offset = HEADER_SIZE
    for _ in range(header.qdcount):
        rows += [(at, raw, "question", meaning) for at, raw, meaning in name_parts(wire, offset)]
        question, offset = _read_question(wire, offset)
        rows.append((offset - 4, wire[offset - 4:offset], "question",
                     f"type {question.type}, class {question.rclass}"))
    for section, count in (("answer", header.ancount), ("authority", header.nscount),
                           ("additional", header.arcount)):
        for _ in range(count):
            rows += [(at, raw, section, meaning) for at, raw, meaning in name_parts(wire, offset)]
            record, end = _read_record(wire, offset)
            start = read_name(wire, offset)[1]
            rows.append((start, wire[start:start + 10], section,
                         f"type {record.type}, class {record.rclass}, TTL {record.ttl} s, "
                         f"{end - start - 10} bytes of data"))
            rows.append((start + 10, wire[start + 10:end], section, f"data: {_data_text(record)}"))
            offset = end
    return rows


def _data_text(record: Record) -> str:
    if isinstance(record.data, tuple):
        return " ".join(str(x) for x in record.data)
    return record.data


def follow_cnames(message: Message, name: str | None = None, rtype: str = "A") -> list[str]:
    """The chain from the question's name through CNAMEs to the final ``rtype`` data.

    Returns the names visited and, last, the answers of type ``rtype`` (comma-separated).
    A chain that loops or leaves the answer section stops with what it found.
    """
    if name is None:
        if not message.questions:
            raise ValueError("name must be given for a message without a question")
        name = message.questions[0].name
    chain, seen = [name], {name.lower()}
    while True:
        here = [r for r in message.answers if r.name.lower() == name.lower()]
        wanted = [_data_text(r) for r in here if r.type == rtype]  # TXT, SOA: tuples
        if wanted:
            chain.append(", ".join(wanted))
            return chain
        cname = next((r.data for r in here if r.type == "CNAME"), None)
        if cname is None or cname.lower() in seen:
            return chain
        chain.append(cname)
        seen.add(cname.lower())
        name = cname


def dnspython_records(wire: bytes) -> list[tuple[str, str, str, int, str]]:
    """Every record of a message as dnspython reads it: (section, name, type, TTL, data).

    The same shape as :func:`records`, so the notebook can show the two parsers agree.
    """
    message = dns.message.from_wire(wire)
    rows = []
    for section, rrsets in (("answers", message.answer), ("authority", message.authority),
                            ("additional", message.additional)):
        for rrset in rrsets:
            for rdata in rrset:
                rows.append((section, rrset.name.to_text(), dns.rdatatype.to_text(rrset.rdtype),
                             rrset.ttl, _dnspython_text(rdata)))
    return rows


def _dnspython_text(rdata) -> str:
    if rdata.rdtype in (dns.rdatatype.A, dns.rdatatype.AAAA):  # one spelling per address
        return str(ipaddress.ip_address(rdata.address))
    if rdata.rdtype == dns.rdatatype.TXT:
        return " ".join(s.decode("latin-1") for s in rdata.strings)
    if rdata.rdtype == dns.rdatatype.SOA:
        return " ".join(str(x) for x in (rdata.mname, rdata.rname, rdata.serial,
                                           rdata.refresh, rdata.retry, rdata.expire,
                                           rdata.minimum))
    return rdata.to_text()


def records(wire: bytes) -> list[tuple[str, str, str, int, str]]:
    """Every record of a message as this parser reads it: (section, name, type, TTL, data)."""
    message = parse(wire)
    return [(section, r.name, r.type, r.ttl, _data_text(r))
            for section in ("answers", "authority", "additional")
            for r in getattr(message, section)]
