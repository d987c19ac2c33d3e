"""Real HTTP/2 frames and HPACK header blocks, made in memory with ``h2`` and ``hpack``.

An ``h2`` client connection is a state machine that turns calls ("send these headers
on stream 1") into bytes; no socket is needed to see them. :func:`client_bytes` asks
it for two requests; :func:`split_frames` reads the frames back by hand, from the
9-byte frame header of RFC 9113 section 4.1; :func:`representations` walks an HPACK
header block (RFC 7541 sections 5 and 6) to show which headers were sent as a table
index and which as text.

>>> frames = split_frames(client_bytes())
>>> [(f.type, f.stream_id) for f in frames]
[('SETTINGS', 0), ('HEADERS', 1), ('HEADERS', 3)]
>>> sizes = header_sizes()
>>> sizes[1]["hpack_bytes"] < sizes[0]["hpack_bytes"] < sizes[0]["http1_bytes"]
True
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

import h2.config
import h2.connection
import hpack
from hpack.table import HeaderTable

PREFACE = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"  # RFC 9113 section 3.4: the client says "h2"
FRAME_HEADER = struct.Struct("!HBBBI")  # length (24 bits as 16+8), type, flags, stream id
FRAME_TYPES = {0: "DATA", 1: "HEADERS", 2: "PRIORITY", 3: "RST_STREAM", 4: "SETTINGS",
               5: "PUSH_PROMISE", 6: "PING", 7: "GOAWAY", 8: "WINDOW_UPDATE",
               9: "CONTINUATION"}
FLAGS = {"DATA": {0x1: "END_STREAM", 0x8: "PADDED"},
         "HEADERS": {0x1: "END_STREAM", 0x4: "END_HEADERS", 0x8: "PADDED", 0x20: "PRIORITY"},
         "SETTINGS": {0x1: "ACK"}, "PING": {0x1: "ACK"}, "CONTINUATION": {0x4: "END_HEADERS"}}
STATIC_TABLE = HeaderTable.STATIC_TABLE  # RFC 7541 Appendix A: 61 (name, value) entries

# What a browser sends for a page and then for a script on it (the user agent shortened
# from Firefox's). Only :path changes between the two requests.
AUTHORITY = "www.example.com"
BROWSER_HEADERS = (
    ("user-agent", "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"),
    ("accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"),
    ("accept-language", "en-US,en;q=0.5"),
    ("accept-encoding", "gzip, deflate, br, zstd"),
    ("cookie", "session=8f2a9c41d7e04b6f; theme=dark"),
)
PATHS = ("/index.html", "/app.js")


def request_headers(path: str, headers=BROWSER_HEADERS) -> list[tuple[str, str]]:
    """The header list of a GET for ``path``: pseudo-headers first (RFC 9113 8.3.1)."""
    if not isinstance(path, str) or not path.startswith("/"):
        raise ValueError(f"path must be text starting with '/', got {path!r}")
    return [(":method", "GET"), (":scheme", "https"), (":authority", AUTHORITY),
            (":path", path), *headers]


def http1_request(path: str, headers=BROWSER_HEADERS) -> bytes:
    """The same request as HTTP/1.1 text: request line, Host, headers, blank line."""
    lines = [f"GET {request_headers(path, headers)[3][1]} HTTP/1.1", f"Host: {AUTHORITY}"]
    lines += [f"{name.title()}: {value}" for name, value in headers]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("ascii")


def client_bytes(paths=PATHS, headers=BROWSER_HEADERS) -> bytes:
    """What an ``h2`` client writes to open a connection and send one GET per path."""
    paths = _paths(paths)
    conn = h2.connection.H2Connection(h2.config.H2Configuration(client_side=True,
                                                                header_encoding="utf-8"))
    conn.initiate_connection()
    for index, path in enumerate(paths):
        conn.send_headers(2 * index + 1, request_headers(path, headers), end_stream=True)
    return conn.data_to_send()


def _paths(paths) -> tuple[str, ...]:
    if not isinstance(paths, str) and not hasattr(paths, "__iter__"):
        raise TypeError(f"paths must be a list of paths like '/app.js', got {paths!r}")
    if isinstance(paths, str) or not paths:
        raise ValueError(f"paths must be a non-empty list of paths like '/app.js', got {paths!r}")
    return tuple(paths)


@dataclass(frozen=True)
class Frame:
    """One HTTP/2 frame: where it starts in the stream of bytes, and its 9-byte header."""

    offset: int
    length: int
    type: str
    flags: str
    stream_id: int
    payload: bytes


def split_frames(data: bytes) -> list[Frame]:
    """The frames in a client's bytes, after the 24-byte connection preface."""
    if not isinstance(data, (bytes, bytearray)):
        raise TypeError(f"data must be bytes, got {type(data).__name__}")
    if not data.startswith(PREFACE):
        raise ValueError("data must start with the HTTP/2 client preface 'PRI * HTTP/2.0...'")
    frames, at = [], len(PREFACE)
    while at < len(data):
        if at + FRAME_HEADER.size > len(data):
            raise ValueError(f"data ends inside a frame header at byte {at}")
        high, low, kind, flags, stream = FRAME_HEADER.unpack_from(data, at)
        length = high << 8 | low
        name = FRAME_TYPES.get(kind, f"type {kind}")
        names = [label for bit, label in FLAGS.get(name, {}).items() if flags & bit]
        start = at + FRAME_HEADER.size
        if start + length > len(data):
            raise ValueError(f"data ends inside the payload of the frame at byte {at}: "
                             f"{length} bytes announced, {len(data) - start} present")
        frames.append(Frame(at, length, name, " ".join(names), stream & 0x7FFF_FFFF,
                            bytes(data[start:start + length])))
        at = start + length
    return frames


def header_sizes(paths=PATHS, headers=BROWSER_HEADERS) -> list[dict]:
    """Per request: bytes of HTTP/1.1 header text and of its HPACK block, on one connection.

    One encoder serves every request, as on a connection: headers sent before sit in its
    dynamic table, so a repeat costs one byte.
    """
    encoder = hpack.Encoder()
    rows = []
    for path in _paths(paths):
        block = encoder.encode(request_headers(path, headers))
        text = http1_request(path, headers)
        rows.append({"path": path, "http1_bytes": len(text), "hpack_bytes": len(block),
                     "saved": 1 - len(block) / len(text), "block": block})
    return rows


def _integer(block: bytes, at: int, prefix_bits: int) -> tuple[int, int]:
    """An HPACK integer (RFC 7541 5.1) whose prefix is the low ``prefix_bits`` of block[at]."""
    limit = (1 << prefix_bits) - 1
    value = block[at] & limit
    at += 1
    if value < limit:
        return value, at
    shift = 0
    while True:
        byte = block[at]
        at += 1
        value += (byte & 0x7F) << shift
        shift += 7
        if not byte & 0x80:
            return value, at


def _skip_string(block: bytes, at: int) -> int:
    length, at = _integer(block, at, 7)  # the top bit says Huffman-coded or not
    return at + length


def representations(block: bytes, decoder: hpack.Decoder | None = None) -> list[dict]:
    """How each header of an HPACK block was sent: a table index or a literal, and its bytes.

    ``decoder`` carries the dynamic table of the blocks sent before this one on the same
    connection (a fresh one if None); it decodes the block, so it is updated too.
    """
    if not isinstance(block, (bytes, bytearray)):
        raise TypeError(f"block must be bytes, got {type(block).__name__}")
    try:
        decoded = (decoder or hpack.Decoder()).decode(bytes(block))
    except hpack.HPACKError as error:
        raise ValueError(f"block must be a valid HPACK header block ({error})") from None
    rows, at = [], 0
    while at < len(block):
        start, first = at, block[at]
        if first & 0xE0 == 0x20:  # 001xxxxx: dynamic table size update, no header
            _, at = _integer(block, at, 5)
            continue
        if first & 0x80:  # 1xxxxxxx: the whole header is one table entry
            index, at = _integer(block, at, 7)
            kind = f"index {index} ({'static' if index <= len(STATIC_TABLE) else 'dynamic'})"
        else:
            indexing = first & 0xC0 == 0x40  # 01xxxxxx: literal, then added to the table
            index, at = _integer(block, at, 6 if indexing else 4)
            if index == 0:
                at = _skip_string(block, at)  # the name, as a string
            at = _skip_string(block, at)  # the value
            name = f"name index {index}" if index else "new name"
            kind = f"literal value, {name}" + (", added to table" if indexing else "")
        name, value = decoded[len(rows)]
        rows.append({"header": name, "value": value, "sent as": kind, "bytes": at - start})
    return rows


def block_representations(paths=PATHS, headers=BROWSER_HEADERS) -> list[list[dict]]:
    """:func:`representations` of every request's block, read in order on one connection."""
    decoder = hpack.Decoder()
    return [representations(row["block"], decoder) for row in header_sizes(paths, headers)]


def frames_table(data: bytes | None = None) -> list[dict]:
    """The frames of ``data`` (default: :func:`client_bytes`) as rows for a table."""
    data = client_bytes() if data is None else data
    return [{"offset": f.offset, "type": f.type, "stream": f.stream_id, "length": f.length,
             "flags": f.flags or "-"} for f in split_frames(data)]
