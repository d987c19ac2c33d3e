"""Runs on the real servers of :mod:`.servers`: bytes on the wire, latency, resume, heartbeat.

Each function starts the servers, does one bounded thing, stops them, and returns plain
data; :func:`.servers.run` gives each its own event loop in a thread.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time

import numpy as np
from websockets.asyncio.client import connect as ws_connect

from ..core import checks
from . import wire
from .servers import HOST, TIMEOUT_S, HttpClient, serving, sse_client, ws_client
from .servers import run as _run

METHODS = ("short polling", "long polling", "SSE", "WebSocket")
PAYLOAD = "x" * 32  # the data of every demo message: 32 ASCII bytes
SUBSCRIBE = json.dumps({"after": 0})  # what the WebSocket client sends first


def wire_bytes(messages: int = 3) -> dict[str, dict[str, int]]:
    """Bytes counted by the proxy for ``messages`` messages, method by method.

    For each method: ``setup_up``/``setup_down`` (the request or handshake and the response
    head), ``messages_down`` (what carried the messages) and ``empty_poll`` bytes (polling
    only: one poll that finds nothing, both ways).
    """
    n = checks.integer(messages, "messages", 1, 100)
    return _run(lambda: _wire_bytes(n), timeout=10)


async def _wire_bytes(n: int) -> dict:
    out = {}
    async with serving(long_poll_timeout=TIMEOUT_S) as s:
        hub = s.hub
        for _ in range(n):
            hub.publish(PAYLOAD)
        # Short polling: one poll that finds the n messages, then one that finds nothing.
        proxy = await s.proxy("http")
        client = await HttpClient.open(proxy.port)
        await client.get(wire.poll_path(0, False))
        full = proxy.counts()
        await client.get(wire.poll_path(n, False))
        out["short polling"] = {"requests": 1, "up": full[0], "down": full[1],
                                "empty_poll": sum(proxy.counts()) - sum(full)}
        client.close()
        # Long polling: the request waits at the server until message n + 1 is published.
        proxy = await s.proxy("http")
        client = await HttpClient.open(proxy.port)
        pending = asyncio.create_task(client.get(wire.poll_path(n, True)))
        while hub.waiting == 0:
            await asyncio.sleep(0.001)
        hub.publish(PAYLOAD)
        await pending
        out["long polling"] = {"requests": 1, "up": proxy.up, "down": proxy.down}
        client.close()
        # SSE: replay from Last-Event-ID 0, i.e. all n + 1 messages, one event each.
        proxy = await s.proxy("http")
        got: list = []
        await sse_client(proxy.port, got, last_event_id="0", until_id=n + 1)
        out["SSE"] = {"requests": 1, "up": proxy.up, "down": proxy.down, "events": len(got)}
        # WebSocket: handshake, a subscribe frame, then one frame per message.
        proxy = await s.proxy("ws")
        async with ws_connect(f"ws://{HOST}:{proxy.port}/", compression=None,
                              user_agent_header=None, ping_interval=None,
                              open_timeout=TIMEOUT_S) as ws:
            handshake = proxy.counts()
            await ws.send(SUBSCRIBE)
            for _ in range(n + 1):
                await asyncio.wait_for(ws.recv(), TIMEOUT_S)
            up, down = proxy.counts()
        out["WebSocket"] = {"handshake_up": handshake[0], "handshake_down": handshake[1],
                            "up": up - handshake[0], "down": down - handshake[1]}
    return out


def measure(*, message_rate: float = 40.0, duration: float = 0.5, poll_interval: float = 0.05,
            seed: int = 0) -> dict[str, dict]:
    """All four clients at once, each through its own counting proxy, receiving the same
    Poisson stream of messages for ``duration`` seconds.

    Per method: ``latency_ms`` (one value per message received), ``requests`` (polling),
    ``up``/``down`` bytes, and the run's ``duration``, ``messages``, ``poll_interval``.
    """
    rate = checks.number(message_rate, "message_rate", 0, 500, lo_open=True,
                         hint="messages per second")
    duration = checks.number(duration, "duration", 0, 3, lo_open=True, hint="seconds")
    interval = checks.number(poll_interval, "poll_interval", 0.005, 1, hint="seconds")
    return _run(lambda: _measure(rate, duration, interval, seed), timeout=duration + 10)


async def _measure(rate: float, duration: float, interval: float, seed: int) -> dict:
    from .servers import long_poll_client, short_poll_client

    gaps = np.random.default_rng(seed).exponential(1 / rate, int(rate * duration * 2) + 10)
    due = np.cumsum(gaps)
    due = due[due < duration]
    got: dict[str, list] = {m: [] for m in METHODS}
    logs: dict[str, list] = {"short polling": [], "long polling": []}
    async with serving(long_poll_timeout=TIMEOUT_S) as s:
        proxies = {m: await s.proxy("ws" if m == "WebSocket" else "http") for m in METHODS}
        stop = asyncio.Event()
        tasks = [
            asyncio.create_task(short_poll_client(proxies["short polling"].port, interval,
                                                  stop, got["short polling"],
                                                  logs["short polling"])),
            asyncio.create_task(long_poll_client(proxies["long polling"].port, stop,
                                                 got["long polling"], logs["long polling"])),
            asyncio.create_task(sse_client(proxies["SSE"].port, got["SSE"], last_event_id="0")),
            asyncio.create_task(ws_client(proxies["WebSocket"].port, got["WebSocket"],
                                          stop=stop)),
        ]
        # Start once every client is connected: the long poll, the SSE stream and the
        # WebSocket each wait at the hub, and the short poller has asked once.
        ready = time.perf_counter() + TIMEOUT_S
        while ((s.hub.waiting < 3 or not logs["short polling"])
               and time.perf_counter() < ready):
            await asyncio.sleep(0.002)
        await asyncio.sleep(0.01)
        start = time.perf_counter()
        before = {m: p.counts() for m, p in proxies.items()}
        polls_before = {m: len(log) for m, log in logs.items()}
        for t in due.tolist():
            await asyncio.sleep(max(0.0, start + t - time.perf_counter()))
            s.hub.publish(PAYLOAD)
        deadline = time.perf_counter() + interval + 1.0
        while (min(len(g) for g in got.values()) < len(due)
               and time.perf_counter() < deadline):
            await asyncio.sleep(0.002)
        elapsed = time.perf_counter() - start
        stop.set()
        settle = time.perf_counter() + 1.0  # let the pollers finish what they started
        while not _settled(s.hub, logs) and time.perf_counter() < settle:
            await asyncio.sleep(0.002)
        await asyncio.sleep(0.01)
        after = {m: p.counts() for m, p in proxies.items()}
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        published = s.hub.published_at
    out = {}
    for m in METHODS:
        lat = [1000 * (t - published[i]) for i, t in got[m]]
        out[m] = {"latency_ms": np.array(lat), "messages": len(due), "received": len(lat),
                  "up": after[m][0] - before[m][0], "down": after[m][1] - before[m][1],
                  "seconds": elapsed, "poll_interval": interval}
        if m in logs:  # every poll since the connection opened, and those since the start
            out[m] |= {"polls": logs[m], "requests": len(logs[m]) - polls_before[m],
                       "up": after[m][0], "down": after[m][1]}
        else:
            out[m]["requests"] = 1
    return out


def _settled(hub, logs: dict) -> bool:
    """Has the server seen every poll sent, and has every answer sent been read?

    The last long poll stays held at the server (unanswered) until the servers stop.
    """
    short, long = logs["short polling"], logs["long polling"]
    return (hub.requests["short"] == len(short) and hub.requests["long"] == len(long)
            and all(entry[2] is not None for entry in short)
            and all(entry[2] is not None for entry in long[:-1]))


def resume(*, before: int = 5, missed: int = 3, after: int = 2,
           send_last_event_id: bool = True) -> dict:
    """An SSE client reads ``before`` events, its connection is cut, ``missed`` events are
    published while it is away, it reconnects (with or without ``Last-Event-ID``), and
    ``after`` more are published. Returns the ids it received, in order."""
    counts = [checks.integer(v, name, 0, 50) for v, name in
              ((before, "before"), (missed, "missed"), (after, "after"))]
    return _run(lambda: _resume(*counts, bool(send_last_event_id)), timeout=10)


async def _resume(before: int, missed: int, after: int, send_id: bool) -> dict:
    got: list = []
    async with serving(retry_ms=50) as s:
        proxy = await s.proxy("http")
        first = asyncio.create_task(sse_client(proxy.port, got, last_event_id="0"))
        for _ in range(before):
            s.hub.publish(PAYLOAD)
        while len(got) < before:
            await asyncio.sleep(0.002)
        proxy.drop()                         # the network cuts the connection
        parser = await asyncio.wait_for(first, TIMEOUT_S)
        for _ in range(missed):              # published while the client is away
            s.hub.publish(PAYLOAD)
        await asyncio.sleep(parser.retry_ms / 1000)  # the delay the server asked for
        resume_from = parser.last_event_id if send_id else None
        total = before + missed + after
        second = asyncio.create_task(sse_client(proxy.port, got, last_event_id=resume_from,
                                                until_id=total))
        while s.hub.waiting == 0 and not second.done():  # connected and streaming
            await asyncio.sleep(0.002)
        for _ in range(after):
            s.hub.publish(PAYLOAD)
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(second, 1.0)
        published = s.hub.last_id
    ids = [i for i, _ in got]
    return {"received": ids, "published": published, "retry_ms": parser.retry_ms,
            "last_event_id": parser.last_event_id, "reconnect_header": resume_from,
            "missing": sorted(set(range(1, published + 1)) - set(ids)),
            "duplicates": len(ids) - len(set(ids))}


def heartbeat(*, ping_interval: float = 0.1, ping_timeout: float = 0.1,
              healthy_s: float = 0.25, watch_s: float = 0.4) -> dict:
    """A WebSocket whose peer goes silent after ``healthy_s`` seconds (a blackholing proxy):
    with pings every ``ping_interval`` s and a ``ping_timeout``, does the server notice, and
    when? Alongside it (at the same time, with its own servers), the same with no pings,
    watched for ``watch_s`` seconds."""
    interval = checks.number(ping_interval, "ping_interval", 0.01, 2, hint="seconds")
    timeout = checks.number(ping_timeout, "ping_timeout", 0.01, 2, hint="seconds")
    healthy = checks.number(healthy_s, "healthy_s", 0, 2)
    watch = checks.number(watch_s, "watch_s", 0.01, 3)
    with_pings, without = _run(lambda: _both_peers(interval, timeout, healthy, watch),
                               timeout=10)
    return {"with pings": with_pings, "without pings": without,
            "bound_s": interval + timeout}


async def _both_peers(interval: float, timeout: float, healthy: float, watch: float) -> list:
    """The two cases side by side on one loop, each with its own servers and proxy: they
    share nothing, and the cell waits for the longer one instead of for both in turn."""
    return await asyncio.gather(_silent_peer(interval, timeout, healthy, watch),
                                _silent_peer(None, None, 0.0, watch))


async def _silent_peer(interval, timeout, healthy: float, watch: float) -> dict:
    async with serving(ping_interval=interval, ping_timeout=timeout) as s:
        proxy = await s.proxy("ws")
        async with ws_connect(f"ws://{HOST}:{proxy.port}/heartbeat", compression=None,
                              user_agent_header=None, ping_interval=None,
                              open_timeout=TIMEOUT_S, close_timeout=0.1):
            handshake = proxy.counts()
            await asyncio.sleep(healthy)
            open_while_healthy = not s.closed
            pings_bytes = sum(proxy.counts()) - sum(handshake)
            proxy.blackhole()              # the peer vanishes: no FIN, no RST, silence
            silent_at = time.perf_counter()
            end = silent_at + max(watch, 2 * (interval or 0) + 2 * (timeout or 0) + 0.2)
            while not s.closed and time.perf_counter() < end:
                await asyncio.sleep(0.005)
            closed = list(s.closed)
            proxy.drop()
    return {"open while healthy": open_while_healthy,
            "heartbeat bytes while healthy": pings_bytes,
            "detected": bool(closed),
            "detected after s": closed[0][0] - silent_at if closed else None,
            "close code": closed[0][1] if closed else None}
