"""Wire formats: WebSocket frames against the `websockets` library, SSE against WHATWG."""

import pytest
from hypothesis import given
from hypothesis import strategies as st
from websockets.frames import Frame, Opcode

from sysdesign.realtime import wire
from sysdesign.realtime.wire import EventStreamParser


@given(st.integers(0, 70_000), st.booleans())
def test_frame_size_matches_the_websockets_library(n, masked):
    frame = Frame(Opcode.TEXT, b"a" * n)
    assert wire.ws_frame_bytes(n, masked=masked) == len(frame.serialize(mask=masked,
                                                                        extensions=[]))


def test_frame_header_boundaries_of_rfc_6455():
    assert [wire.ws_header_bytes(n) for n in (0, 125, 126, 65_535, 65_536)] == [2, 2, 4, 4, 10]
    assert wire.ws_header_bytes(0, masked=True) == 6
    # A ping with a 4-byte payload from the server, and the masked pong back.
    ping = Frame(Opcode.PING, b"1234").serialize(mask=False, extensions=[])
    pong = Frame(Opcode.PONG, b"1234").serialize(mask=True, extensions=[])
    assert wire.ws_heartbeat_bytes(4) == len(ping) + len(pong) == 16


def test_whatwg_examples():
    # From the HTML Living Standard, "Server-sent events", section 9.2.6 (examples).
    p = EventStreamParser()
    events = p.feed(": test stream\n\ndata: first event\nid: 1\n\n"
                    "data:second event\nid\n\ndata:  third event\n\n")
    assert [e.data for e in events] == ["first event", "second event", " third event"]
    assert [e.last_event_id for e in events] == ["1", "", ""]
    p = EventStreamParser()
    events = p.feed("data\n\ndata\ndata\n\ndata:")
    assert [e.data for e in events] == ["", "\n"]  # the last, unterminated block is dropped
    p = EventStreamParser()
    events = p.feed("data:test\n\ndata: test\n\n")
    assert [e.data for e in events] == ["test", "test"]


def test_parser_handles_cr_crlf_comments_retry_and_event_types():
    p = EventStreamParser()
    events = p.feed("retry: 1500\r\n: keepalive\revent: tick\r\ndata: x\r\n\r\nretry: no\n\n")
    assert [(e.type, e.data) for e in events] == [("tick", "x")]
    assert p.retry_ms == 1500 and p.comments == 1


def test_one_leading_byte_order_mark_is_ignored_and_only_one():
    # WHATWG "Parsing an event stream": one leading U+FEFF is ignored; a second one is not,
    # so the first line's field name becomes "\ufeffdata", unknown, and nothing dispatches.
    parser = EventStreamParser()
    assert parser.feed("") == [] and [e.data for e in parser.feed("\ufeffdata: x\n\n")] == ["x"]
    assert [e.data for e in parser.feed("\ufeffdata: y\n\n")] == []  # not at the start
    assert EventStreamParser().feed("\ufeff\ufeffdata: z\n\n") == []


def test_last_event_id_moves_only_when_an_event_is_dispatched():
    # WHATWG: the id field fills a buffer; the blank line that dispatches the event copies it
    # to the source's last event ID string, the value a reconnection sends.
    p = EventStreamParser()
    assert [e.data for e in p.feed("id: 5\ndata: five\n\nid: 6\ndata: six\n")] == ["five"]
    assert p.last_event_id == "5"  # cut here: resume after 5, or event 6 is lost
    assert [(e.data, e.last_event_id) for e in p.feed("\n")] == [("six", "6")]
    assert p.feed("id: 7\n\n") == [] and p.last_event_id == "7"  # an id-only block counts
    resumed = EventStreamParser(last_event_id="7")  # a reconnection keeps the source's id
    assert [e.last_event_id for e in resumed.feed("data: x\n\n")] == ["7"]
    with pytest.raises(TypeError, match="last_event_id"):
        EventStreamParser(last_event_id=7)


@given(st.lists(st.text(alphabet=st.characters(blacklist_characters="\r\n\x00",
                                               blacklist_categories=["Cs"]), max_size=20),
                min_size=1, max_size=4),
       st.integers(0, 10**9), st.integers(1, 7))
def test_format_then_parse_round_trips_in_any_pieces(lines, event_id, pieces):
    data = "\n".join(lines)
    text = wire.format_event(data, event_id=event_id)
    p, got = EventStreamParser(), []
    step = max(1, len(text) // pieces)
    for i in range(0, len(text), step):
        got += p.feed(text[i:i + step])
    assert [(e.data, e.last_event_id) for e in got] == [(data, str(event_id))]


def test_byte_counts_and_bad_input():
    assert wire.chunk_bytes(255) == 2 + 2 + 255 + 2 and wire.chunk_bytes(256) == 3 + 2 + 256 + 2
    msg = wire.message_json(12, "hé")
    assert wire.sse_event_bytes(12, "hé", chunked=False) == len(
        f"id: 12\ndata: {msg}\n\n".encode())
    with pytest.raises(ValueError, match="payload_len"):
        wire.ws_header_bytes(-1)
    with pytest.raises(TypeError, match="data"):
        wire.format_event(3)
    # A CR would end the data line early: "a\rb" would parse back as "a" and a field "b".
    with pytest.raises(ValueError, match="CR"):
        wire.format_event("a\rb")
    with pytest.raises(TypeError, match="str"):
        EventStreamParser().feed(b"data: x\n\n")
    with pytest.raises(ValueError, match="event_id"):
        wire.message_json(-1, "x")
