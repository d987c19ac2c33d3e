"""Real servers on 127.0.0.1: one aiohttp app (polling, long polling, SSE), a `websockets`
endpoint, and a proxy that counts every byte passing between client and server.

Everything runs on one asyncio event loop in a thread of its own (:func:`run`), so a
notebook, whose kernel already runs a loop, can call it like any function. Ports are
chosen by the OS (port 0), every wait has a timeout, every loop is bounded, and
:func:`serving` stops all servers in a ``finally``. Nothing leaves the machine.

- :class:`Hub`: the in-memory pub/sub log of messages, each with an increasing id, that
  every endpoint reads from (a real system would use Redis, Kafka or NATS here).
- ``GET /poll?after=K`` answers at once with the messages after id K (short polling);
  ``&wait=1`` holds the request until there is one, or ``long_poll_timeout`` passes
  (long polling, answered empty).
- ``GET /events`` streams SSE: it replays the messages after ``Last-Event-ID`` (when the
  client sends one) and then pushes new ones as they are published.
- the WebSocket endpoint waits for the client's ``{"after": K}``, replays the messages
  after K, then pushes new ones; ``/heartbeat`` only waits, for the dead-peer demo.
- :class:`CountingProxy` forwards TCP both ways and counts bytes (TCP payload: no TCP or IP
  headers). It can ``drop`` its connections (a network cut the peers notice) or
  ``blackhole`` them (silence: nothing is forwarded and nothing is closed, as when a peer
  vanishes without a FIN).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import threading
import time
from collections import Counter
from collections.abc import Awaitable, Callable

from aiohttp import web
from websockets.asyncio.client import connect as ws_connect
from websockets.asyncio.server import serve as ws_serve
from websockets.exceptions import ConnectionClosed

from ..core import checks
from . import wire

HOST = "127.0.0.1"
TIMEOUT_S = 5.0         # no single wait lasts longer
STREAM_MAX_S = 10.0     # an SSE or WebSocket stream ends after this, whatever happens
SHUTDOWN_S = 0.1        # how long aiohttp waits for open handlers when it stops


def run(main: Callable[[], Awaitable], *, timeout: float = 15.0):
    """Run ``await main()`` on a fresh event loop in its own thread; return its result.

    The thread is joined with a timeout, so a caller never waits more than ``timeout``
    seconds (plus a moment to cancel).
    """
    timeout = checks.number(timeout, "timeout", 0, 60, lo_open=True, hint="seconds")
    box: dict = {}

    def target():
        try:
            box["result"] = asyncio.run(asyncio.wait_for(main(), timeout))
        except BaseException as error:  # noqa: BLE001 (handed back to the caller's thread)
            box["error"] = error

    thread = threading.Thread(target=target, daemon=True, name="sysdesign-realtime")
    thread.start()
    thread.join(timeout + 2.0)
    if thread.is_alive():
        raise TimeoutError(f"the servers did not stop within {timeout + 2.0:g} s")
    if "error" in box:
        raise box["error"]
    return box["result"]


class Hub:
    """Messages with ids 1, 2, 3, ... and a bell that wakes every waiting reader."""

    def __init__(self):
        self.log: list[tuple[int, str]] = []
        self.published_at: dict[int, float] = {}  # id -> time.perf_counter() at publish
        self.waiting = 0                          # readers parked in wait_since
        self.requests = Counter()                 # polls served: "short", "long"
        self.closed = False                       # set by close(): the servers are stopping
        self._bell = asyncio.Event()

    @property
    def last_id(self) -> int:
        return len(self.log)

    def publish(self, data: str) -> int:
        """Append a message, wake every waiting reader, return its id."""
        event_id = len(self.log) + 1
        self.log.append((event_id, data))
        self.published_at[event_id] = time.perf_counter()
        bell, self._bell = self._bell, asyncio.Event()
        bell.set()
        return event_id

    def close(self) -> None:
        """Wake every waiting reader for good: the servers are stopping.

        From now on :meth:`wait_since` returns at once, so a held long poll is answered and
        an open SSE or WebSocket stream ends, instead of aiohttp waiting its shutdown
        timeout for them.
        """
        self.closed = True
        self._bell.set()

    def since(self, after: int) -> list[tuple[int, str]]:
        """The messages with an id greater than ``after``."""
        return self.log[max(after, 0):]

    async def wait_since(self, after: int, timeout: float) -> list[tuple[int, str]]:
        """The messages after ``after``, waiting up to ``timeout`` s for one ([] if none)."""
        deadline = time.perf_counter() + timeout
        while not (new := self.since(after)):
            left = deadline - time.perf_counter()
            if left <= 0 or self.closed:
                return []
            bell = self._bell
            self.waiting += 1
            try:
                await asyncio.wait_for(bell.wait(), left)
            except asyncio.TimeoutError:
                return []
            finally:
                self.waiting -= 1
        return new


# --- the aiohttp app: polling, long polling, SSE ------------------------------------------

def make_app(hub: Hub, *, long_poll_timeout: float = 1.0, retry_ms: int = 50) -> web.Application:
    """The HTTP endpoints over one hub (see the module docstring)."""

    async def poll(request: web.Request) -> web.Response:
        after = int(request.query.get("after", "0"))
        long = request.query.get("wait") == "1"
        hub.requests["long" if long else "short"] += 1
        if long:
            messages = await hub.wait_since(after, long_poll_timeout)
        else:
            messages = hub.since(after)
        return web.Response(body=wire.poll_body(messages).encode(), content_type=wire.POLL_TYPE)

    async def events(request: web.Request) -> web.StreamResponse:
        # Resume after the client's last event id; a client without one gets only new events.
        last = request.headers.get("Last-Event-ID")
        after = int(last) if last is not None and last.isdigit() else hub.last_id
        response = web.StreamResponse(headers={"Content-Type": wire.SSE_TYPE,
                                               "Cache-Control": "no-cache"})
        response.enable_chunked_encoding()
        await response.prepare(request)
        await response.write(f"retry: {retry_ms}\n\n".encode())
        end = time.perf_counter() + STREAM_MAX_S
        with contextlib.suppress(ConnectionError):
            while time.perf_counter() < end and not _gone(request) and not hub.closed:
                news = await hub.wait_since(after, min(0.1, end - time.perf_counter()))
                for event_id, data in news:
                    text = wire.format_event(wire.message_json(event_id, data), event_id=event_id)
                    await response.write(text.encode())  # one event, one chunk
                    after = event_id
        return response

    async def name_the_server(_request, response):  # aiohttp's default names its version
        response.headers["Server"] = wire.SERVER_NAME

    async def end_streams(_app):  # at shutdown: end held polls and streams at once
        hub.close()

    app = web.Application()
    app.router.add_get("/poll", poll)
    app.router.add_get("/events", events)
    app.on_response_prepare.append(name_the_server)
    app.on_shutdown.append(end_streams)
    return app


def _gone(request: web.Request) -> bool:
    """Has the client of this request closed its connection?"""
    return request.transport is None or request.transport.is_closing()


# --- the WebSocket endpoint --------------------------------------------------------------

def ws_handler(hub: Hub, closed: list):
    """The `websockets` handler: replay after the client's cursor, then push; or heartbeat."""

    async def handler(ws) -> None:
        if ws.request.path == "/heartbeat":  # do nothing; note when the connection ends
            await ws.wait_closed()
            closed.append((time.perf_counter(), ws.close_code))
            return
        with contextlib.suppress(ConnectionClosed, asyncio.TimeoutError):
            after = int(json.loads(await asyncio.wait_for(ws.recv(), TIMEOUT_S))["after"])
            gone = asyncio.ensure_future(ws.wait_closed())
            end = time.perf_counter() + STREAM_MAX_S
            while not gone.done() and time.perf_counter() < end and not hub.closed:
                news = asyncio.ensure_future(hub.wait_since(after, end - time.perf_counter()))
                await asyncio.wait({news, gone}, return_when=asyncio.FIRST_COMPLETED)
                if not news.done():  # the client went away first
                    news.cancel()
                    break
                for event_id, data in news.result():
                    await ws.send(wire.message_json(event_id, data))
                    after = event_id

    return handler


# --- the counting proxy --------------------------------------------------------------------

class CountingProxy:
    """A TCP proxy on 127.0.0.1 that counts the bytes it forwards each way."""

    def __init__(self, target_port: int):
        self.target_port = target_port
        self.up = 0     # client -> server
        self.down = 0   # server -> client
        self.connections = 0
        self.blackholed = False
        self._writers: list[asyncio.StreamWriter] = []
        self._server: asyncio.Server | None = None

    async def start(self) -> CountingProxy:
        self._server = await asyncio.start_server(self._serve, HOST, 0)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    def counts(self) -> tuple[int, int]:
        """(bytes up, bytes down) so far."""
        return self.up, self.down

    async def _serve(self, reader, writer) -> None:
        self.connections += 1
        up_reader, up_writer = await asyncio.open_connection(HOST, self.target_port)
        self._writers += [writer, up_writer]
        await asyncio.gather(self._pump(reader, up_writer, "up"),
                             self._pump(up_reader, writer, "down"), return_exceptions=True)

    async def _pump(self, reader, writer, direction: str) -> None:
        try:
            while data := await reader.read(65536):
                if self.blackholed:
                    continue  # swallowed: the sender sees no error, the receiver nothing
                setattr(self, direction, getattr(self, direction) + len(data))
                writer.write(data)
                await writer.drain()
        except OSError:
            pass
        finally:
            writer.close()

    def drop(self) -> None:
        """Cut every connection now (both peers see it closed)."""
        for writer in self._writers:
            writer.transport.abort()
        self._writers.clear()

    def blackhole(self) -> None:
        """From now on forward nothing, close nothing: a peer that vanished silently."""
        self.blackholed = True

    async def close(self) -> None:
        self.drop()
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()


class Servers:
    """What :func:`serving` yields: the hub, the ports, proxies and the closed-connection log."""

    def __init__(self, hub: Hub, http_port: int, ws_port: int, closed: list):
        self.hub, self.http_port, self.ws_port, self.closed = hub, http_port, ws_port, closed
        self.proxies: list[CountingProxy] = []

    async def proxy(self, kind: str) -> CountingProxy:
        """A new counting proxy in front of the ``"http"`` or ``"ws"`` server."""
        kind = checks.choice(kind, "kind", ("http", "ws"))
        port = self.http_port if kind == "http" else self.ws_port
        proxy = await CountingProxy(port).start()
        self.proxies.append(proxy)
        return proxy


@contextlib.asynccontextmanager
async def serving(*, long_poll_timeout: float = 1.0, retry_ms: int = 50,
                  ping_interval: float | None = None, ping_timeout: float | None = None):
    """Start the aiohttp app and the WebSocket server on 127.0.0.1; always stop them."""
    long_poll_timeout = checks.number(long_poll_timeout, "long_poll_timeout", 0, TIMEOUT_S,
                                      lo_open=True, hint="seconds")
    hub, closed = Hub(), []
    runner = web.AppRunner(make_app(hub, long_poll_timeout=long_poll_timeout,
                                    retry_ms=retry_ms),
                           shutdown_timeout=SHUTDOWN_S, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, HOST, 0)
    await site.start()
    ws_server = await ws_serve(ws_handler(hub, closed), HOST, 0, compression=None,
                               server_header=None, ping_interval=ping_interval,
                               ping_timeout=ping_timeout)
    servers = Servers(hub, runner.addresses[0][1], ws_server.sockets[0].getsockname()[1], closed)
    try:
        yield servers
    finally:
        for proxy in servers.proxies:
            await proxy.close()
        ws_server.close()
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(ws_server.wait_closed(), TIMEOUT_S)
        await runner.cleanup()


# --- a hand-written HTTP/1.1 client (so every byte it sends is known) -----------------------

class HttpClient:
    """One keep-alive HTTP/1.1 connection; requests carry only a Host header."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter):
        self.reader, self.writer = reader, writer

    @classmethod
    async def open(cls, port: int) -> HttpClient:
        return cls(*await asyncio.wait_for(asyncio.open_connection(HOST, port), TIMEOUT_S))

    async def _head(self, path: str, headers: dict | None) -> dict[str, str]:
        self.writer.write(wire.request_head(path, headers).encode())
        await self.writer.drain()
        status = await self.reader.readline()
        if not status.startswith(b"HTTP/1.1 200"):
            raise ConnectionError(f"bad status line {status!r}")
        found = {}
        while (line := await self.reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.decode().partition(":")
            found[name.strip().lower()] = value.strip()
        return found

    async def get(self, path: str, timeout: float = TIMEOUT_S) -> str:
        """GET ``path``; the body of a response with a Content-Length."""
        async def exchange():
            head = await self._head(path, None)
            return (await self.reader.readexactly(int(head["content-length"]))).decode()
        return await asyncio.wait_for(exchange(), timeout)

    async def stream(self, path: str, headers: dict | None = None):
        """GET ``path`` and yield the text of each chunk of a chunked response."""
        head = await asyncio.wait_for(self._head(path, headers), TIMEOUT_S)
        if head.get("transfer-encoding") != "chunked":
            raise ConnectionError("expected a chunked response")
        while True:
            size = int(await asyncio.wait_for(self.reader.readline(), TIMEOUT_S), 16)
            data = await self.reader.readexactly(size + 2)
            if size == 0:
                return
            yield data[:-2].decode()

    def close(self) -> None:
        self.writer.close()


def parse_poll(body: str) -> list[tuple[int, str]]:
    """The messages of a polling response body (one JSON object per line)."""
    return [(m["id"], m["data"]) for m in map(json.loads, body.splitlines())]


# --- the four clients: each records (id, time received) until ``stop`` is set -------------

async def short_poll_client(port: int, interval: float, stop: asyncio.Event, got: list,
                            log: list | None = None) -> None:
    """Ask every ``interval`` seconds (on a fixed schedule) for what is new.

    ``log`` (if given) gets ``[after, wait, messages]`` for each request: what it asked,
    and what came back (None until the answer arrives).
    """
    client, after, start = await HttpClient.open(port), 0, time.perf_counter()
    try:
        for k in range(1, 100_000):
            await _poll(client, after, False, got, log)
            after = got[-1][0] if got else 0
            pause = start + k * interval - time.perf_counter()
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(stop.wait(), max(pause, 0))
            if stop.is_set():
                return
    finally:
        client.close()


async def long_poll_client(port: int, stop: asyncio.Event, got: list,
                           log: list | None = None) -> None:
    """Ask, wait for the answer (held by the server), ask again at once."""
    client = await HttpClient.open(port)
    try:
        while not stop.is_set():
            await _poll(client, got[-1][0] if got else 0, True, got, log)
    finally:
        client.close()


async def _poll(client: HttpClient, after: int, wait: bool, got: list, log: list | None) -> None:
    entry = [after, wait, None]
    if log is not None:
        log.append(entry)
    messages = parse_poll(await client.get(wire.poll_path(after, wait)))
    now = time.perf_counter()
    got.extend((event_id, now) for event_id, _ in messages)
    entry[2] = messages


async def sse_client(port: int, got: list, *, last_event_id: str | None = None,
                     until_id: int | None = None) -> wire.EventStreamParser:
    """Read one SSE connection (until it ends, or event ``until_id`` arrives)."""
    client, parser = await HttpClient.open(port), wire.EventStreamParser(last_event_id or "")
    headers = {"Accept": wire.SSE_TYPE}
    if last_event_id:
        headers["Last-Event-ID"] = last_event_id
    try:
        async for text in client.stream("/events", headers):
            for event in parser.feed(text):
                got.append((json.loads(event.data)["id"], time.perf_counter()))
                if until_id is not None and got[-1][0] >= until_id:
                    return parser
    except (ConnectionError, asyncio.IncompleteReadError, ValueError):
        pass  # the connection was cut: the caller decides whether to reconnect
    finally:
        client.close()
    return parser


async def ws_client(port: int, got: list, *, until_id: int | None = None,
                    stop: asyncio.Event | None = None) -> None:
    """Subscribe from the start and record each message until ``until_id`` or ``stop``."""
    async with ws_connect(f"ws://{HOST}:{port}/", compression=None, user_agent_header=None,
                          ping_interval=None, open_timeout=TIMEOUT_S) as ws:
        await ws.send(json.dumps({"after": 0}))  # subscribe from the first message
        with contextlib.suppress(ConnectionClosed):
            while stop is None or not stop.is_set():
                message = json.loads(await asyncio.wait_for(ws.recv(), TIMEOUT_S))
                got.append((message["id"], time.perf_counter()))
                if until_id is not None and message["id"] >= until_id:
                    return
