"""core.loopback: servers on 127.0.0.1 only, stopped when the block ends, quiet replies."""

import http.client
import socket
from http.server import HTTPServer

import pytest

from sysdesign.core.loopback import HOST, TIMEOUT_S, QuietHandler, running


class _Hello(QuietHandler):
    def do_GET(self):  # noqa: N802
        if self.path == "/empty":
            self.reply(304, None, [("ETag", '"x"')])
        else:
            self.reply(200, b"hello", [("X-Course", "sysdesign")])


def _get(port, path):
    conn = http.client.HTTPConnection(HOST, port, timeout=TIMEOUT_S)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        conn.close()


def test_a_server_answers_inside_the_block_and_is_gone_after(capsys):
    with running(HTTPServer((HOST, 0), _Hello)) as server:
        port = server.server_address[1]
        status, headers, body = _get(port, "/")
        assert (status, body, headers["Content-Length"]) == (200, b"hello", "5")
        assert headers["X-Course"] == "sysdesign"
        status, headers, body = _get(port, "/empty")
        assert (status, body, headers["ETag"]) == (304, b"", '"x"')
        assert "Content-Length" not in headers  # body=None: no body, no length
    assert capsys.readouterr().err == ""  # no access log lines
    with pytest.raises(OSError), socket.create_connection((HOST, port), timeout=0.5):
        pass


def test_the_server_stops_even_when_the_block_raises():
    with pytest.raises(RuntimeError, match="boom"):
        with running(HTTPServer((HOST, 0), _Hello)) as server:
            port = server.server_address[1]
            raise RuntimeError("boom")
    with pytest.raises(OSError), socket.create_connection((HOST, port), timeout=0.5):
        pass


def test_only_loopback_servers_and_only_servers():
    with pytest.raises(TypeError, match="HTTPServer"):
        with running(object()):
            pass
    unbound = HTTPServer(("0.0.0.0", 0), _Hello, bind_and_activate=False)  # never listens
    with pytest.raises(ValueError, match="127.0.0.1"):
        with running(unbound):
            pass
