"""What each method puts on the wire: bytes of a message, an SSE event, a WebSocket frame.

One message, whatever carries it, is the same small JSON text, ``{"id":7,"data":"..."}``.
The methods differ in what they wrap around it:

- **polling** (short or long): an HTTP request and a response with its headers, the body
  holding one JSON line per message (newline-delimited JSON);
- **SSE**: one event, ``id: 7\\ndata: {...}\\n\\n`` (WHATWG HTML, "Server-sent events"),
  sent as one HTTP/1.1 chunk (``<size in hex>\\r\\n ... \\r\\n``, RFC 9112 section 7.1);
- **WebSocket**: one frame, a 2, 4 or 10 byte header, plus a 4-byte masking key on frames
  a client sends (RFC 6455 section 5.2).

>>> len(message_json(7, "hi")), sse_event_bytes(7, "hi"), ws_frame_bytes(20)
(20, 40, 22)
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from ..core import checks

DATE_HEADER_VALUE_BYTES = 29  # "Mon, 30 Nov 2026 21:58:34 GMT": RFC 9110's IMF-fixdate
SERVER_NAME = "sysdesign"     # the Server header our servers send (aiohttp's names a version)
HOST = "localhost"            # the Host header our hand-written client sends


def message_json(event_id: int, data: str) -> str:
    """One message as the compact JSON every method carries.

    >>> message_json(3, "x")
    '{"id":3,"data":"x"}'
    """
    checks.integer(event_id, "event_id", 0)
    if not isinstance(data, str):
        raise TypeError(f"data must be a str, got {type(data).__name__}")
    return json.dumps({"id": event_id, "data": data}, separators=(",", ":"))


def utf8_len(text: str) -> int:
    """Bytes of ``text`` in UTF-8 (what goes on the wire)."""
    return len(text.encode())


# --- HTTP/1.1 ---------------------------------------------------------------------------

def poll_path(after: int, wait: bool) -> str:
    """The polling URL: messages after id ``after``; ``wait`` makes it a long poll."""
    return f"/poll?after={after}" + ("&wait=1" if wait else "")


def request_head(path: str, extra: dict[str, str] | None = None) -> str:
    """The request our client sends: request line, Host, any extra headers, blank line."""
    lines = [f"GET {path} HTTP/1.1", f"Host: {HOST}"]
    lines += [f"{name}: {value}" for name, value in (extra or {}).items()]
    return "\r\n".join(lines) + "\r\n\r\n"


def response_head_bytes(content_type: str, *, content_length: int | None = None,
                        chunked: bool = False, cache_control: bool = False) -> int:
    """Bytes of the status line and headers our aiohttp server sends (Date: 29 chars)."""
    headers = [f"Content-Type: {content_type}"]
    if cache_control:
        headers.append("Cache-Control: no-cache")
    if content_length is not None:
        headers.append(f"Content-Length: {content_length}")
    if chunked:
        headers.append("Transfer-Encoding: chunked")
    headers += ["Date: " + "x" * DATE_HEADER_VALUE_BYTES, f"Server: {SERVER_NAME}"]
    return utf8_len("HTTP/1.1 200 OK\r\n" + "".join(h + "\r\n" for h in headers) + "\r\n")


def poll_body(messages: list[tuple[int, str]]) -> str:
    """A polling response's body: one JSON message per line (empty if nothing is new)."""
    return "".join(message_json(i, data) + "\n" for i, data in messages)


def poll_exchange_bytes(after: int, messages: list[tuple[int, str]], *,
                        wait: bool) -> tuple[int, int]:
    """(request bytes, response bytes) of one poll returning ``messages``."""
    body = utf8_len(poll_body(messages))
    up = utf8_len(request_head(poll_path(after, wait)))
    down = response_head_bytes(POLL_TYPE, content_length=body) + body
    return up, down


POLL_TYPE = "application/x-ndjson"
SSE_TYPE = "text/event-stream"


def chunk_bytes(n: int) -> int:
    """Bytes of an HTTP/1.1 chunk carrying ``n`` bytes: hex size, CRLF, data, CRLF.

    >>> chunk_bytes(34), chunk_bytes(0)
    (40, 5)
    """
    n = checks.integer(n, "n", 0)
    return len(f"{n:x}") + 2 + n + 2


# --- Server-sent events ------------------------------------------------------------------

def format_event(data: str, *, event_id: int | None = None, retry_ms: int | None = None) -> str:
    """One SSE event: optional ``retry:`` and ``id:`` fields, ``data:`` lines, a blank line.

    Each LF in ``data`` starts a new ``data:`` line (the parser joins them back with LF); a
    CR cannot be carried, since the stream treats it as a line end, and raises ValueError.

    >>> format_event("hi", event_id=1, retry_ms=500)
    'retry: 500\\nid: 1\\ndata: hi\\n\\n'
    """
    if not isinstance(data, str):
        raise TypeError(f"data must be a str, got {type(data).__name__}")
    if "\r" in data:  # a parser ends the line there: the rest would be lost or misread
        raise ValueError("data must not contain a CR (U+000D): the event stream reads it as "
                         "a line end; use LF to separate lines, or escape it (e.g. in JSON)")
    lines = [] if retry_ms is None else [f"retry: {checks.integer(retry_ms, 'retry_ms', 0)}"]
    if event_id is not None:
        lines.append(f"id: {checks.integer(event_id, 'event_id', 0)}")
    lines += [f"data: {line}" for line in data.split("\n")]  # a newline needs a new data line
    return "\n".join(lines) + "\n\n"


def sse_event_bytes(event_id: int, data: str, *, chunked: bool = True) -> int:
    """Bytes on the wire of one event carrying message (event_id, data), as one chunk."""
    n = utf8_len(format_event(message_json(event_id, data), event_id=event_id))
    return chunk_bytes(n) if chunked else n


@dataclass
class SSEEvent:
    """An event as an EventSource dispatches it: data, the last event id, the type."""

    data: str
    last_event_id: str = ""
    type: str = "message"


class EventStreamParser:
    """The WHATWG event-stream parser, fed text as it arrives (in any pieces).

    One leading byte order mark is ignored; lines end in LF, CR or CRLF; a line starting
    with ``:`` is a comment (used as a heartbeat); ``field: value`` drops one space after
    the colon; a blank line dispatches the event, and an event with no data is not
    dispatched. ``id`` fills the last event id
    *buffer*; only a blank line copies it to :attr:`last_event_id` (kept across events, sent
    back as ``Last-Event-ID`` on reconnection), so a stream cut in the middle of an event
    resumes from the event before it, and an id-only block still moves it. ``retry`` sets
    the reconnection delay in ms.

    >>> p = EventStreamParser()
    >>> [e.data for e in p.feed(": hi\\nid: 4\\ndata: a\\ndata: b\\n\\nretry: 250\\n\\n")]
    ['a\\nb']
    >>> p.last_event_id, p.retry_ms
    ('4', 250)
    """

    def __init__(self, last_event_id: str = ""):
        if not isinstance(last_event_id, str):
            raise TypeError(f"last_event_id must be a str, got {type(last_event_id).__name__}")
        self.last_event_id = last_event_id  # the event source's: what a reconnection sends
        self._id_buffer = last_event_id      # the id field seen in the current event
        self.retry_ms: int | None = None
        self.comments = 0
        self._buffer = ""
        self._data: list[str] = []
        self._type = ""
        self._started = False

    def feed(self, text: str) -> list[SSEEvent]:
        """Parse what arrived; return the events it completed."""
        if not isinstance(text, str):
            raise TypeError(f"feed takes text (str), got {type(text).__name__}: decode the "
                            "bytes as UTF-8 first, the stream's only encoding")
        if not self._started and text:  # the standard ignores one leading byte order mark
            self._started = True
            text = text.removeprefix("\ufeff")
        self._buffer += text
        events = []
        while True:
            cut = min((i for i in (self._buffer.find("\n"), self._buffer.find("\r")) if i >= 0),
                      default=-1)
            if cut < 0 or (self._buffer[cut] == "\r" and cut == len(self._buffer) - 1):
                return events  # no whole line yet (a CR may be half of a CRLF)
            line = self._buffer[:cut]
            skip = 2 if self._buffer.startswith("\r\n", cut) else 1
            self._buffer = self._buffer[cut + skip:]
            event = self._line(line)
            if event is not None:
                events.append(event)

    def _line(self, line: str) -> SSEEvent | None:
        if line == "":  # dispatch: the id becomes the source's even if there is no data
            self.last_event_id = self._id_buffer
            data, self._data = self._data, []
            kind, self._type = self._type or "message", ""
            return SSEEvent("\n".join(data), self.last_event_id, kind) if data else None
        if line.startswith(":"):
            self.comments += 1
            return None
        name, colon, value = line.partition(":")
        if colon and value.startswith(" "):
            value = value[1:]
        if name == "data":
            self._data.append(value)
        elif name == "event":
            self._type = value
        elif name == "id" and "\0" not in value:
            self._id_buffer = value
        elif name == "retry" and value.isascii() and value.isdigit():
            self.retry_ms = int(value)
        return None


# --- WebSocket -----------------------------------------------------------------------------

def ws_header_bytes(payload_len: int, *, masked: bool = False) -> int:
    """A WebSocket frame header (RFC 6455 section 5.2): 2 bytes, +2 or +8 for a long
    payload length, +4 for the masking key every client-to-server frame carries.

    >>> ws_header_bytes(125), ws_header_bytes(126), ws_header_bytes(70_000, masked=True)
    (2, 4, 14)
    """
    n = checks.integer(payload_len, "payload_len", 0, 2**63 - 1)
    extended = 0 if n <= 125 else 2 if n <= 0xFFFF else 8
    return 2 + extended + (4 if masked else 0)


def ws_frame_bytes(payload_len: int, *, masked: bool = False) -> int:
    """Header plus payload of one unfragmented frame."""
    return ws_header_bytes(payload_len, masked=masked) + payload_len


def ws_message_bytes(event_id: int, data: str) -> int:
    """Bytes of one message sent server to client as a text frame (not masked)."""
    return ws_frame_bytes(utf8_len(message_json(event_id, data)))


def ws_heartbeat_bytes(payload_len: int = 4) -> int:
    """One ping from the server (unmasked) and the client's pong (masked), same payload."""
    return ws_frame_bytes(payload_len) + ws_frame_bytes(payload_len, masked=True)
