"""The scenarios notebook 20, its panels and the tests share."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from ..core import checks
from . import fanout as fo
from . import model, wire
from .live import METHODS, PAYLOAD, SUBSCRIBE
from .simulation import simulate_all

RATES = np.logspace(-2, 2, 33)      # messages per second per client, for the curves
TIMELINE_S = 10                     # seconds of simulated time on the timeline panel
FANOUT_MS = 80                      # milliseconds on the fan-out panel's time slider


def compare_table(**kw) -> pd.DataFrame:
    """:func:`.model.compare` as a table, one row per method."""
    return pd.DataFrame(model.compare(**kw)).set_index("method")


def costs(*, message_rate: float = 1.0, poll_interval: float = 5.0, rtt_ms: float = 100.0,
          clients: float = 10_000, extra_header_bytes: int = 0) -> dict:
    """Latency, requests and bytes of each method across message rates, for the panel."""
    n = checks.integer(round(checks.number(clients, "clients", 1, 1e9)), "clients", 1)
    sizes = model.Wire(extra_header_bytes=checks.integer(extra_header_bytes,
                                                         "extra_header_bytes", 0, 100_000))
    kw = {"poll_interval": poll_interval, "rtt": checks.number(rtt_ms, "rtt_ms", 0) / 1000}
    curves = {m: {"latency_ms": np.array([1000 * model.mean_latency(m, message_rate=r, **kw)
                                          for r in RATES]),
                  "requests": n * np.array([model.requests_per_second(m, message_rate=r, **kw)
                                            for r in RATES]),
                  "bytes": n * np.array([model.bytes_per_second(m, message_rate=r, sizes=sizes,
                                                                **kw) for r in RATES])}
              for m in METHODS}
    return {"rates": RATES, "curves": curves, "at": message_rate, "clients": n,
            "table": compare_table(message_rate=message_rate, clients=n, sizes=sizes, **kw)}


def timeline(*, at_s: float = TIMELINE_S, message_rate: float = 1.0, poll_interval: float = 2.0,
             rtt_ms: float = 200.0, seed: int = 4) -> dict:
    """The four methods played for one client over ``TIMELINE_S`` seconds (same messages)."""
    runs = simulate_all(message_rate=message_rate, duration=TIMELINE_S,
                        poll_interval=poll_interval, rtt=rtt_ms / 1000, timeout=TIMELINE_S,
                        seed=seed)
    return {"runs": runs, "at": checks.number(at_s, "at_s", 0, TIMELINE_S)}


def fanout(*, nodes: int = 16, subscribers: int = 12, routing: str = "topic",
           at_ms: float = FANOUT_MS, clients: int = 4000, seed: int = 1) -> dict:
    """One publish through a broker to the nodes holding a topic's subscribers."""
    run = fo.simulate_fanout(nodes=nodes, clients=clients, subscribers=subscribers,
                             routing=routing, seed=seed)
    return {"run": run, "at": checks.number(at_ms, "at_ms", 0),
            "expected": fo.messages_per_publish(nodes, subscribers, routing),
            "designs": fo.messages_by_design(nodes, subscribers)}


def wire_table(counted: dict) -> pd.DataFrame:
    """Bytes the proxy counted next to what :mod:`.wire` predicts, for 3 + 1 messages."""
    msgs = [(i, PAYLOAD) for i in (1, 2, 3)]
    short = wire.poll_exchange_bytes(0, msgs, wait=False)
    empty = sum(wire.poll_exchange_bytes(3, [], wait=False))
    long = wire.poll_exchange_bytes(3, [(4, PAYLOAD)], wait=True)
    sse_head = wire.response_head_bytes(wire.SSE_TYPE, chunked=True, cache_control=True)
    sse_up = wire.utf8_len(wire.request_head("/events", {"Accept": wire.SSE_TYPE,
                                                         "Last-Event-ID": "0"}))
    retry = wire.chunk_bytes(len("retry: 50\n\n"))
    events = [wire.sse_event_bytes(i, PAYLOAD) for i in range(1, 5)]
    frames = [wire.ws_message_bytes(i, PAYLOAD) for i in range(1, 5)]
    rows = [
        ("short polling", "poll returning messages 1-3", sum(short),
         counted["short polling"]["up"] + counted["short polling"]["down"]),
        ("short polling", "poll finding nothing", empty, counted["short polling"]["empty_poll"]),
        ("long polling", "held poll answered with message 4", sum(long),
         counted["long polling"]["up"] + counted["long polling"]["down"]),
        ("SSE", "request, response head, retry, events 1-4", sse_up + sse_head + retry
         + sum(events), counted["SSE"]["up"] + counted["SSE"]["down"]),
        ("WebSocket", "subscribe frame (client to server, masked)",
         wire.ws_frame_bytes(len(SUBSCRIBE), masked=True), counted["WebSocket"]["up"]),
        ("WebSocket", "frames 1-4 (server to client)", sum(frames),
         counted["WebSocket"]["down"]),
    ]
    table = pd.DataFrame(rows, columns=["method", "exchange", "model (B)", "counted (B)"])
    return table.set_index(["method", "exchange"])


def per_message(sizes: model.Wire | None = None, *, batch: int = 1) -> pd.DataFrame:
    """Bytes to deliver one message by each method, ``batch`` messages per poll."""
    sizes = model.Wire() if sizes is None else sizes
    batch = checks.integer(batch, "batch", 1)
    rows = {
        "short polling": (sizes.poll_request(False) + sizes.poll_response_head) / batch
        + sizes.poll_line,
        "long polling": (sizes.poll_request(True) + sizes.poll_response_head) / batch
        + sizes.poll_line,
        "SSE": sizes.sse_event,
        "WebSocket": sizes.ws_frame,
    }
    return pd.DataFrame({"bytes per message": rows, "message JSON": sizes.message_bytes})


def poll_log_bytes(polls: list) -> int:
    """Bytes :mod:`.wire` predicts for a client's log of polls (an unanswered one: its request)."""
    total = 0
    for after, wait, messages in polls:
        up, down = wire.poll_exchange_bytes(after, messages or [], wait=wait)
        total += up + (down if messages is not None else 0)
    return total


def measured_vs_model(measured: dict) -> pd.DataFrame:
    """The real servers' run next to the model: latency, requests and bytes, per method.

    The model's round trip is calibrated on the run itself: twice SSE's mean latency (a
    push takes one way). ``latency ok`` holds when the measured mean is within a derived
    band: for short polling, the model's mean within 4 standard errors of a uniform wait
    (T/sqrt(12 n)) plus 5 ms of scheduling; for the others, a median under a quarter of
    the interval.
    ``bytes`` are compared exactly: for SSE and WebSocket every event or frame since the
    first message; for polling every request and answer since the connection opened,
    priced by :mod:`.wire` from the client's log of what it asked and got.
    """
    rows = []
    sse = measured["SSE"]
    rtt = 2 * sse["latency_ms"].mean() / 1000  # calibrated: a push takes half a round trip
    for method in METHODS:
        m = measured[method]
        t, n, seconds = m["poll_interval"], m["received"], m["seconds"]
        lat = m["latency_ms"]
        rate = m["messages"] / seconds
        kw = {"message_rate": rate, "poll_interval": t, "rtt": rtt}
        predicted = 1000 * model.mean_latency(method, **kw)
        requests = max(1.0, seconds * model.requests_per_second(method, timeout=30.0, **kw))
        if method == "short polling":
            ok = abs(lat.mean() - predicted) <= 1000 * 4 * t / math.sqrt(12 * max(n, 1)) + 5.0
        else:  # the median: a hiccup of a busy machine delays every method at once
            ok = bool(len(lat)) and float(np.median(lat)) <= 1000 * t / 4
        ids = range(1, m["messages"] + 1)
        if method == "SSE":
            model_bytes = sum(wire.sse_event_bytes(i, PAYLOAD) for i in ids)
        elif method == "WebSocket":
            model_bytes = sum(wire.ws_message_bytes(i, PAYLOAD) for i in ids)
        else:
            model_bytes = poll_log_bytes(m["polls"])
        counted = m["up"] + m["down"]
        rows.append({"method": method, "messages": m["messages"], "received": n,
                     "mean latency (ms)": lat.mean(), "median (ms)": np.median(lat),
                     "model (ms)": predicted,
                     "latency ok": bool(ok), "requests": m["requests"],
                     "model requests": requests, "bytes": counted, "model bytes": model_bytes})
    return pd.DataFrame(rows).set_index("method")
