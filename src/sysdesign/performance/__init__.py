"""Performance and observability: queues, percentiles, the tail at scale, load tests, traces.

What is where (the notebook is ``25_performance``):

- :mod:`.queueing`: :func:`mm1` and :func:`mmc` (closed forms: utilisation, L, W, Lq, Wq,
  Erlang C as ``p_wait``), :func:`erlang_b`, :func:`erlang_c`.
- :mod:`.simulation`: the same queue simulated on core.events (:func:`simulate`,
  :func:`simulate_mmc`), with a scraped in-flight gauge for Little's law.
- :mod:`.percentiles`: :class:`LogLinearHistogram` (HDR-style), :func:`nearest_rank`,
  :func:`fanout_slow_probability`, :func:`hedged`, :func:`fanout`.
- :mod:`.loadtest`: a real HTTP server on 127.0.0.1 with c workers (:func:`serving`),
  open- and closed-loop clients, a load ramp and its knee.
- :mod:`.observability`: one request path as logs, metrics and OpenTelemetry spans;
  RED/USE per time window.
- :mod:`.experiments`: the scenarios the notebook, the panels and the tests share.
- :mod:`.plots` draws them; :mod:`.widgets` wires the panels (import those two yourself).

>>> round(mm1(arrival_rate=90, service_rate=100).mean_time_in_system, 3)
0.1
"""

from .percentiles import (
    LogLinearHistogram,
    backend_latencies,
    fanout,
    fanout_slow_probability,
    hedged,
    nearest_rank,
)
from .queueing import MM1, MMc, erlang_b, erlang_c, mm1, mm1_time_quantile, mmc
from .simulation import QueueRun, simulate, simulate_mmc

__all__ = ["MM1", "MMc", "LogLinearHistogram", "QueueRun", "backend_latencies", "erlang_b",
           "erlang_c", "fanout", "fanout_slow_probability", "hedged", "mm1",
           "mm1_time_quantile", "mmc", "nearest_rank", "simulate", "simulate_mmc"]
