"""The real origin on 127.0.0.1: conditional GETs answered 200 or 304 as RFC 9110 says."""

import http.client

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sysdesign.cdn import experiments, origin


def test_revalidation_on_the_wire():
    with origin.serving({"/a.js": b"v1" * 100}, cache_control="max-age=300") as server:
        first = origin.get(server.port, "/a.js")
        assert (first.status, first.body_bytes) == (200, 200)
        assert first.etag == origin.entity_tag(b"v1" * 100)
        same = origin.get(server.port, "/a.js", etag=first.etag)
        # RFC 9110 §15.4.5: no body, but the validator and Cache-Control a 200 would carry
        assert (same.status, same.body_bytes, same.etag, same.cache_control) == (
            304, 0, first.etag, "max-age=300")
        for header in (f"W/{first.etag}", f'"other", {first.etag}', "*"):
            assert origin.get(server.port, "/a.js", etag=header).status == 304
        assert origin.get(server.port, "/a.js", etag='"other"').status == 200
        new_tag = server.publish("/a.js", b"v2")
        changed = origin.get(server.port, "/a.js", etag=first.etag)
        assert (changed.status, changed.body_bytes, changed.etag) == (200, 2, new_tag)
        assert origin.get(server.port, "/missing").status == 404
        port = server.port
    with pytest.raises(OSError):  # stopped when the block ends
        conn = http.client.HTTPConnection(origin.HOST, port, timeout=1)
        conn.request("GET", "/a.js")


@settings(max_examples=50)
@given(a=st.binary(max_size=64), b=st.binary(max_size=64))
def test_the_tag_changes_exactly_when_the_bytes_do(a, b):
    assert (origin.entity_tag(a) == origin.entity_tag(b)) == (a == b)


def test_the_notebook_table_shows_the_saving():
    table = experiments.live_revalidation(size=1_000)
    assert table["status"].tolist() == [200, 304, 304, 200]
    assert table["body bytes"].tolist() == [1_000, 0, 0, 1_000]
    assert table["ETag"].iloc[0] == table["ETag"].iloc[1] != table["ETag"].iloc[3]


def test_bad_input_is_named():
    with pytest.raises(ValueError, match="objects"):
        with origin.serving({}):
            pass
    with pytest.raises(ValueError, match="path"):
        with origin.serving({"a.js": b""}):
            pass
    with pytest.raises(TypeError, match="body"):
        with origin.serving({"/a.js": "text"}):
            pass
    with pytest.raises(TypeError, match="etag"):
        origin.get(80, "/a.js", etag=7)
    with pytest.raises(ValueError, match="port"):
        origin.get(0, "/a.js")
    with pytest.raises(ValueError, match="size"):
        experiments.live_revalidation(size=0)
