"""A minimal reactor: one thread, non-blocking sockets, and ``selectors`` to wait for them.

The reactor pattern (Schmidt, 1995) demultiplexes *readiness*: the loop asks the operating
system which sockets are ready to read or write (``select``/``epoll``/``kqueue`` behind
``selectors.DefaultSelector``), then calls the handler registered for each one; the handler
does the ``recv``/``send`` itself, which cannot block because the socket was ready.

:class:`EchoReactor` serves a line protocol on 127.0.0.1: every line a client sends comes
back unchanged. Its loop is bounded (a budget of events and a deadline) and stops when
asked; :func:`serving` runs it in a background thread for a ``with`` block, and
:func:`echo_clients` drives several connections at once from a single thread.
"""

from __future__ import annotations

import contextlib
import ipaddress
import selectors
import socket
import threading
import time
from collections import Counter

from ..core import checks

HOST = "127.0.0.1"
TIMEOUT_S = 5.0


def _loopback(host: str) -> str:
    try:
        loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if not loopback:
        raise ValueError(f"host must be a loopback address such as 127.0.0.1, got {host!r}")
    return host


class EchoReactor:
    """A single-threaded echo server driven by readiness events from a selector."""

    def __init__(self, host: str = HOST, port: int = 0, *, backlog: int = 64):
        self.host = _loopback(host)
        port = checks.integer(port, "port", 0, 65535, hint="0 picks a free port")
        self.selector = selectors.DefaultSelector()
        self.listener = socket.create_server((self.host, port), backlog=backlog)
        self.listener.setblocking(False)
        self.selector.register(self.listener, selectors.EVENT_READ, self._accept)
        self.address = self.listener.getsockname()[:2]
        self.events: Counter = Counter()  # handler calls by kind: accept, read, write, close
        self.log: list[str] = []  # what each handler call did, in order
        self.open = 0
        self.peak_open = 0
        self.bytes_echoed = 0
        self.buffers: dict = {}  # per connection: bytes read but not yet a line, bytes to send
        self.stopping = threading.Event()
        self._waker: socket.socket | None = None  # set while serve() runs: see stop()

    # --- handlers: each runs only when its socket is ready, so none of them blocks ---

    def _accept(self, listener: socket.socket, _mask: int) -> None:
        conn, _ = listener.accept()
        conn.setblocking(False)
        self.selector.register(conn, selectors.EVENT_READ, self._serve)
        self.open += 1
        self.peak_open = max(self.peak_open, self.open)
        self.events["accept"] += 1
        self.buffers[conn] = {"inbox": b"", "outbox": b"", "id": self.events["accept"]}
        self.log.append(f"accept  -> connection {self.events['accept']}")

    def _serve(self, conn: socket.socket, mask: int) -> None:
        state = self.buffers[conn]
        if mask & selectors.EVENT_READ:
            try:
                data = conn.recv(4096)
            except ConnectionError:  # the client reset the connection
                data = b""
            if not data:  # the client closed its end
                self._close(conn)
                return
            self.events["read"] += 1
            self.log.append(f"read    <- connection {state['id']}: {len(data)} bytes")
            state["inbox"] += data
            *lines, state["inbox"] = state["inbox"].split(b"\n")
            state["outbox"] += b"".join(line + b"\n" for line in lines)
        if mask & selectors.EVENT_WRITE and state["outbox"]:
            try:
                sent = conn.send(state["outbox"])
            except ConnectionError:  # the client went away before its reply
                self._close(conn)
                return
            self.events["write"] += 1
            self.log.append(f"write   -> connection {state['id']}: {sent} bytes")
            self.bytes_echoed += sent
            state["outbox"] = state["outbox"][sent:]
        # Ask for write readiness only while there is something to send.
        wanted = selectors.EVENT_READ | (selectors.EVENT_WRITE if state["outbox"] else 0)
        self.selector.modify(conn, wanted, self._serve)

    def _close(self, conn: socket.socket) -> None:
        self.log.append(f"close      connection {self.buffers[conn]['id']}")
        self.selector.unregister(conn)
        self.buffers.pop(conn, None)
        conn.close()
        self.open -= 1
        self.events["close"] += 1

    # --- the loop ---

    def serve(self, *, max_events: int = 100_000, timeout_s: float = 30.0) -> int:
        """Wait for readiness and dispatch, until stopped, out of budget or past the deadline.

        Returns how many handler calls it made.
        """
        max_events = checks.integer(max_events, "max_events", 1, hint="handler calls allowed")
        timeout_s = checks.number(timeout_s, "timeout_s", 0, lo_open=True,
                                  hint="seconds before the loop gives up")
        deadline = time.monotonic() + timeout_s
        handled = 0
        # The self-pipe trick (asyncio's loop wakes itself the same way): :meth:`stop`
        # writes a byte to a socket the loop watches, so a loop waiting in ``select``
        # returns at once instead of at the end of its 50 ms wait.
        wake, self._waker = socket.socketpair()
        wake.setblocking(False)
        self.selector.register(wake, selectors.EVENT_READ, None)  # no handler: just wake
        try:
            while (not self.stopping.is_set() and handled < max_events
                   and time.monotonic() < deadline):
                for key, mask in self.selector.select(timeout=0.05):
                    if key.data is None:  # woken by stop(): the loop's test says why
                        continue
                    key.data(key.fileobj, mask)  # the handler registered for this socket
                    handled += 1
        finally:
            self.selector.unregister(wake)
            waker, self._waker = self._waker, None
            wake.close()
            waker.close()
        return handled

    def stop(self) -> None:
        """Ask the loop to stop; a loop waiting in ``select`` wakes at once."""
        self.stopping.set()
        waker = self._waker
        if waker is not None:
            with contextlib.suppress(OSError):  # the loop ended and closed it meanwhile
                waker.send(b"\0")

    def close(self) -> None:
        """Close every connection, the listening socket and the selector."""
        for key in list(self.selector.get_map().values()):
            if key.fileobj is not self.listener:
                self._close(key.fileobj)
        self.selector.unregister(self.listener)
        self.listener.close()
        self.selector.close()


@contextlib.contextmanager
def serving(*, timeout_s: float = 20.0):
    """Run an :class:`EchoReactor` on 127.0.0.1 in a background thread for a ``with`` block.

    The loop stops at the end of the block (or after ``timeout_s`` at most), and every
    socket is closed.
    """
    # Checked here: serve() would raise in the background thread, unseen by the caller.
    timeout_s = checks.number(timeout_s, "timeout_s", 0, lo_open=True,
                              hint="seconds before the loop gives up")
    reactor = EchoReactor()
    thread = threading.Thread(target=reactor.serve, kwargs={"timeout_s": timeout_s},
                              name="echo-reactor", daemon=True)
    thread.start()
    try:
        yield reactor
    finally:
        reactor.stop()
        thread.join(timeout=TIMEOUT_S)
        reactor.close()


def echo_clients(address, *, clients: int = 5, lines: int = 3) -> list[list[bytes]]:
    """Open ``clients`` connections, then send and read ``lines`` lines on each, interleaved.

    Every connection is open before any line is sent, and none closes until every reply
    is in: the server holds all of them at once. Returns the replies per client.
    """
    clients = checks.integer(clients, "clients", 1, 200, hint="concurrent connections")
    lines = checks.integer(lines, "lines", 1, 100, hint="lines per connection")
    conns = [socket.create_connection(address, timeout=TIMEOUT_S) for _ in range(clients)]
    replies: list[list[bytes]] = [[] for _ in range(clients)]
    try:
        for n in range(lines):
            for i, conn in enumerate(conns):
                conn.sendall(f"client {i} line {n}\n".encode())
            for i, conn in enumerate(conns):
                replies[i].append(_read_line(conn))
    finally:
        for conn in conns:
            conn.close()
    return replies


def _read_line(conn: socket.socket) -> bytes:
    data = b""
    while not data.endswith(b"\n"):
        chunk = conn.recv(4096)
        if not chunk:
            raise ConnectionError("the server closed the connection before replying")
        data += chunk
    return data
