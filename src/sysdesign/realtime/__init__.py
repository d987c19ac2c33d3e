"""Real time: short polling, long polling, SSE and WebSockets, and fan-out through pub/sub.

What is where (the notebook is ``20_realtime``):

- :mod:`.wire`: the bytes each method puts on the wire (a polling exchange, an SSE event in
  its HTTP chunk, a WebSocket frame), and :class:`EventStreamParser`, the WHATWG parser.
- :mod:`.model`: closed forms per method: :func:`mean_latency`,
  :func:`requests_per_second`, :func:`bytes_per_second`, :func:`held_requests`,
  :func:`compare` (a row per method for many clients), :class:`Wire` (bytes per exchange).
- :mod:`.simulation`: one client of each method on core.events, request by request
  (:func:`simulate`, :func:`simulate_all`).
- :mod:`.fanout`: many server nodes behind a broker: :func:`expected_nodes`,
  :func:`messages_per_publish`, :func:`simulate_fanout`.
- :mod:`.servers`: the real servers on 127.0.0.1 (aiohttp and websockets), a byte-counting
  proxy, and hand-written clients; :mod:`.live` runs them: :func:`wire_bytes`,
  :func:`measure`, :func:`resume` (SSE's Last-Event-ID), :func:`heartbeat` (ping/pong).
- :mod:`.experiments`: the scenarios the notebook, the panels and the tests share.
- :mod:`.plots` draws them; :mod:`.widgets` wires the panels (import those two yourself).

>>> round(mean_latency("short polling", poll_interval=2.0, rtt=0.1), 2)
1.05
"""

from .fanout import expected_nodes, messages_by_design, messages_per_publish, simulate_fanout
from .live import heartbeat, measure, resume, wire_bytes
from .model import (
    METHODS,
    Wire,
    bytes_per_second,
    compare,
    gap_share,
    held_requests,
    mean_latency,
    requests_per_second,
)
from .simulation import simulate, simulate_all
from .wire import EventStreamParser, format_event, sse_event_bytes, ws_frame_bytes

__all__ = ["METHODS", "EventStreamParser", "Wire", "bytes_per_second", "compare",
           "expected_nodes", "format_event", "gap_share", "heartbeat", "held_requests",
           "mean_latency", "measure", "messages_by_design", "messages_per_publish",
           "requests_per_second", "resume", "simulate", "simulate_all", "simulate_fanout",
           "sse_event_bytes", "wire_bytes", "ws_frame_bytes"]
