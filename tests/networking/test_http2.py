"""HTTP/2 frames and HPACK sizes: hand-read frames against hyperframe, blocks against hpack."""

import hpack
import pytest
from hyperframe.frame import Frame as HyperFrame
from hypothesis import given
from hypothesis import strategies as st

from sysdesign.networking.http2 import (
    BROWSER_HEADERS,
    PREFACE,
    STATIC_TABLE,
    block_representations,
    client_bytes,
    frames_table,
    header_sizes,
    http1_request,
    representations,
    request_headers,
    split_frames,
)


def test_frames_match_hyperframe():
    data = client_bytes(("/", "/a.css", "/b.js"))
    at = len(PREFACE)
    mine = split_frames(data)
    for frame in mine:
        theirs, length = HyperFrame.parse_frame_header(memoryview(data[at:at + 9]))
        theirs.parse_body(memoryview(data[at + 9:at + 9 + length]))
        assert (frame.length, frame.stream_id) == (length, theirs.stream_id)
        assert frame.type == type(theirs).__name__.removesuffix("Frame").upper().replace(
            "WINDOWUPDATE", "WINDOW_UPDATE")
        assert set(frame.flags.split()) == set(theirs.flags)
        at += 9 + length
    assert at == len(data)
    assert [f.stream_id for f in mine if f.type == "HEADERS"] == [1, 3, 5]


def test_headers_frames_carry_the_hpack_blocks_and_decode_to_the_request():
    frames = [f for f in split_frames(client_bytes()) if f.type == "HEADERS"]
    sizes = header_sizes()
    decoder = hpack.Decoder()
    for frame, row in zip(frames, sizes, strict=True):
        assert frame.payload == row["block"]  # h2 and a fresh hpack.Encoder agree byte for byte
        assert decoder.decode(frame.payload) == request_headers(row["path"])


def test_the_repeated_request_costs_a_byte_per_header_but_its_new_path():
    first, second = header_sizes()
    assert second["hpack_bytes"] < first["hpack_bytes"] < first["http1_bytes"]
    rows = block_representations()[1]
    assert all(r["bytes"] == 1 for r in rows if r["header"] != ":path")
    assert all(r["sent as"].startswith("index") for r in rows if r["header"] != ":path")
    assert [r for r in rows if r["header"] == ":path"][0]["sent as"].startswith("literal")
    assert sum(r["bytes"] for r in rows) == second["hpack_bytes"]


def test_static_table_is_rfc_7541_appendix_a():
    assert len(STATIC_TABLE) == 61
    assert STATIC_TABLE[1] == (b":method", b"GET") and STATIC_TABLE[4] == (b":path", b"/index.html")
    first = block_representations()[0]
    assert first[0] == {"header": ":method", "value": "GET", "sent as": "index 2 (static)",
                        "bytes": 1}


def test_http1_text_is_what_the_sizes_count():
    text = http1_request("/app.js")
    assert text.startswith(b"GET /app.js HTTP/1.1\r\nHost: www.example.com\r\n")
    assert text.endswith(b"\r\n\r\n") and header_sizes(["/app.js"])[0]["http1_bytes"] == len(text)


headers = st.lists(st.tuples(st.from_regex(r"[a-z][a-z0-9-]{0,12}", fullmatch=True),
                             st.from_regex(r"[ -~]{0,40}", fullmatch=True).map(str.strip)),
                   max_size=8)


@given(headers, st.integers(2, 4))
def test_round_trip_and_repeats_never_grow(extra, repeats):
    paths = ["/p"] * repeats
    rows = header_sizes(paths, tuple(extra))
    decoder = hpack.Decoder()
    for row in rows:
        assert decoder.decode(row["block"]) == request_headers("/p", tuple(extra))
    assert all(later["hpack_bytes"] <= rows[0]["hpack_bytes"] for later in rows[1:])
    reps = block_representations(paths, tuple(extra))
    assert [sum(r["bytes"] for r in rep) for rep in reps] == [r["hpack_bytes"] for r in rows]


def test_frames_table_rows():
    rows = frames_table()
    assert [r["type"] for r in rows] == ["SETTINGS", "HEADERS", "HEADERS"]
    assert rows[1]["flags"] == "END_STREAM END_HEADERS"


@pytest.mark.parametrize(("call", "error", "words"), [
    (lambda: request_headers("app.js"), ValueError, "path"),
    (lambda: client_bytes("/"), ValueError, "paths"),
    (lambda: header_sizes([]), ValueError, "paths"),
    (lambda: split_frames(b"GET / HTTP/1.1"), ValueError, "preface"),
    (lambda: split_frames("x"), TypeError, "data"),
    (lambda: split_frames(PREFACE + b"\0\0"), ValueError, "frame header"),
    (lambda: representations("x"), TypeError, "block"),
    (lambda: representations(b"\xff\xff\xff"), ValueError, "HPACK"),
    (lambda: split_frames(PREFACE + bytes([0, 0, 100, 1, 4, 0, 0, 0, 1])), ValueError,
     "payload"),  # announces 100 bytes, carries none
    (lambda: header_sizes(5), TypeError, "paths"),
])
def test_bad_input_names_the_parameter(call, error, words):
    with pytest.raises(error, match=words):
        call()


def test_browser_headers_are_lower_case_as_http2_requires():
    assert all(name == name.lower() for name, _ in BROWSER_HEADERS)
