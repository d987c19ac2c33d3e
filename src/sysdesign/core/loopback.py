"""Real HTTP servers for the notebooks: on 127.0.0.1 only, in a thread, always stopped.

A topic defines its handler (a :class:`QuietHandler`) and its server class; :func:`running`
serves it for the length of a ``with`` block. Nothing listens beyond this machine, and
every client socket in the course has a timeout of :data:`TIMEOUT_S`.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterable, Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer

HOST = "127.0.0.1"
TIMEOUT_S = 5.0


class QuietHandler(BaseHTTPRequestHandler):
    """A request handler that writes no access log (it would flood the notebook) and
    answers in one call."""

    def reply(self, status: int, body: bytes | None = b"",
              headers: Iterable[tuple[str, str]] = ()) -> None:
        """Send ``status`` and ``headers``; then ``body`` with its Content-Length, or, with
        ``body=None``, no body at all (a 304 has none)."""
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        if body is not None:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body:
            self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


@contextlib.contextmanager
def running(server: HTTPServer) -> Iterator[HTTPServer]:
    """Serve ``server`` in a daemon thread while the ``with`` block runs; always shut it
    down and close its socket, even when the block raises."""
    if not isinstance(server, HTTPServer):
        raise TypeError(f"server must be an http.server.HTTPServer, got {type(server).__name__}")
    if server.server_address[0] != HOST:
        server.server_close()
        raise ValueError(f"server must listen on {HOST} only, got {server.server_address[0]}")
    # serve_forever checks for shutdown between polls: shutdown() waits up to one poll
    # interval, so a short one ends a run sooner (its wake-ups cost next to nothing).
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.01},
                              daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=TIMEOUT_S)
