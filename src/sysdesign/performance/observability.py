"""Metrics, logs and traces of one simulated request path, and RED/USE from a queue run.

The path (times in ms): ``gateway`` receives the request, calls ``auth``, then
``orders``, which asks ``cache`` and ``db`` in parallel and renders once both answer. Its
durations are drawn on core.events from one seed. The same run is then seen three ways:

- a **log** line per finished step (what happened, one event at a time);
- **metrics**: counters and latency percentiles aggregated over many requests (cheap,
  but the single request is gone);
- a **trace**: real OpenTelemetry spans, parent and child, with the run's own start and
  end times, kept by an in-memory exporter.
"""

from __future__ import annotations

import random

import numpy as np
import pandas as pd
from opentelemetry import trace
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.sdk.trace.id_generator import IdGenerator
from opentelemetry.trace import Status, StatusCode

from ..core import checks
from ..core.events import Simulator
from .simulation import QueueRun

EPOCH_NS = 1_767_225_600_000_000_000  # 2026-01-01T00:00:00Z: a fixed wall clock for spans
# step: (parent, mean duration ms, chance of an error)
STEPS = {"gateway": (None, 1.0, 0.0), "auth": ("gateway", 3.0, 0.0),
         "orders": ("gateway", 2.0, 0.0), "cache": ("orders", 1.0, 0.0),
         "db": ("orders", 12.0, 0.02)}


def request_path(request_id: int = 0, *, seed: int = 0, start_ms: float = 0.0) -> list[dict]:
    """One request's steps as records ``name, parent, start_ms, end_ms, error`` (run on
    core.events). Durations: exponential around each step's mean, plus 0.2 ms floor."""
    sim = Simulator(seed=f"{seed}:{request_id}", start=start_ms)
    rng = sim.rng
    spans: dict[str, dict] = {}

    def took(name: str) -> float:
        return 0.2 + rng.expovariate(1 / STEPS[name][1])

    def begin(name: str) -> None:
        spans[name] = {"request": request_id, "name": name, "parent": STEPS[name][0],
                       "start_ms": sim.now, "end_ms": None,
                       "error": rng.random() < STEPS[name][2]}

    def end(name: str, then=None) -> None:
        spans[name]["end_ms"] = sim.now
        if then:
            then()

    def orders_done() -> None:  # render after both children answered
        if spans["cache"]["end_ms"] is not None and spans["db"]["end_ms"] is not None:
            sim.schedule(took("orders"), end, "orders",
                         lambda: sim.schedule(took("gateway") / 2, end, "gateway"))

    def orders() -> None:
        begin("orders")
        for child in ("cache", "db"):
            begin(child)
            sim.schedule(took(child), end, child, orders_done)

    def auth_done() -> None:
        sim.schedule(0.1, orders)

    begin("gateway")
    sim.schedule(took("gateway") / 2, lambda: (begin("auth"),
                                               sim.schedule(took("auth"), end, "auth",
                                                            auth_done)))
    sim.run()
    records = list(spans.values())
    if any(r["error"] for r in records):
        for r in records:
            if r["name"] in ("orders", "gateway"):
                r["error"] = True  # an error below fails the request above
    return sorted(records, key=lambda r: r["start_ms"])


def requests(n: int = 500, *, seed: int = 0, every_ms: float = 5.0) -> pd.DataFrame:
    """``n`` requests of the path, one every ``every_ms`` ms: all their step records."""
    n = checks.integer(n, "n", 1)
    rows = [r for i in range(n) for r in request_path(i, seed=seed, start_ms=i * every_ms)]
    frame = pd.DataFrame(rows)
    frame["duration_ms"] = frame["end_ms"] - frame["start_ms"]
    return frame


def log_lines(records: list[dict]) -> list[str]:
    """What each step would log when it finishes: one structured line each."""
    lines = []
    for r in sorted(records, key=lambda r: r["end_ms"]):
        level = "ERROR" if r["error"] else "INFO"
        lines.append(f"t={r['end_ms']:7.2f}ms {level:5} service={r['name']:<7} "
                     f"request={r['request']} took={r['end_ms'] - r['start_ms']:.2f}ms")
    return lines


def metrics(frame: pd.DataFrame) -> pd.DataFrame:
    """RED per service: request count, errors, and duration percentiles (ms)."""
    grouped = frame.groupby("name", sort=False)["duration_ms"]
    return pd.DataFrame({
        "requests": frame.groupby("name", sort=False).size(),
        "errors": frame.groupby("name", sort=False)["error"].sum().astype(int),
        "p50_ms": grouped.quantile(0.5).round(2),
        "p99_ms": grouped.quantile(0.99).round(2),
    })


class SeededIds(IdGenerator):
    """Trace and span ids from a seeded generator, so a re-run gives the same ids."""

    def __init__(self, seed: int = 0):
        self.rng = random.Random(seed)

    def generate_span_id(self) -> int:
        return self.rng.getrandbits(64) or 1

    def generate_trace_id(self) -> int:
        return self.rng.getrandbits(128) or 1


def otel_spans(records: list[dict], *, seed: int = 0):
    """Emit ``records`` as real OpenTelemetry spans (SDK, in-memory exporter, a local
    provider: the global one is left alone); returns the finished ``ReadableSpan`` s."""
    exporter = InMemorySpanExporter()
    provider = TracerProvider(id_generator=SeededIds(seed),
                              resource=Resource({"service.name": "shop"}))
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    tracer = provider.get_tracer("sysdesign.performance")
    live = {}
    for r in sorted(records, key=lambda r: r["start_ms"]):
        parent = live.get(r["parent"])
        context = trace.set_span_in_context(parent) if parent is not None else None
        live[r["name"]] = tracer.start_span(
            r["name"], context=context, start_time=EPOCH_NS + round(r["start_ms"] * 1e6),
            attributes={"request.id": r["request"]})
    for r in sorted(records, key=lambda r: r["end_ms"]):
        span = live[r["name"]]
        if r["error"]:
            span.set_status(Status(StatusCode.ERROR, "db timeout"))
        span.end(end_time=EPOCH_NS + round(r["end_ms"] * 1e6))
    provider.shutdown()
    return exporter.get_finished_spans()


def waterfall(spans) -> pd.DataFrame:
    """Finished spans as rows (ms from the trace start, depth in the tree), start order."""
    by_id = {s.context.span_id: s for s in spans}

    def depth(s) -> int:
        return 0 if s.parent is None else 1 + depth(by_id[s.parent.span_id])

    t0 = min(s.start_time for s in spans)
    rows = [{"span": s.name, "depth": depth(s), "start_ms": (s.start_time - t0) / 1e6,
             "duration_ms": (s.end_time - s.start_time) / 1e6,
             "status": s.status.status_code.name,
             "span_id": f"{s.context.span_id:016x}",
             "parent_id": f"{s.parent.span_id:016x}" if s.parent else ""}
            for s in spans]
    frame = pd.DataFrame(rows).sort_values(["start_ms", "depth"], kind="stable")
    return frame.reset_index(drop=True)


def red_use(run: QueueRun, *, window: float = 1.0, timeout: float = 1.0) -> pd.DataFrame:
    """RED (rate, errors, duration) of the requests and USE (utilisation, saturation) of the
    servers, per ``window`` of a queue run. An error is a request slower than ``timeout``."""
    window = checks.number(window, "window", 0, lo_open=True)
    timeout = checks.number(timeout, "timeout", 0, lo_open=True)
    edges = np.arange(0.0, run.arrivals[-1] + window, window)
    rows = []
    for lo in edges[:-1]:
        hi = lo + window
        done = (run.ends >= lo) & (run.ends < hi)
        lat = run.latency[done]
        busy = np.clip(np.minimum(run.ends, hi) - np.maximum(run.starts, lo), 0, None).sum()
        queued = np.clip(np.minimum(run.starts, hi) - np.maximum(run.arrivals, lo), 0, None).sum()
        rows.append({"from_s": lo, "rate_per_s": done.sum() / window,
                     "errors_per_s": (lat > timeout).sum() / window,
                     "p99_s": float(np.percentile(lat, 99)) if len(lat) else np.nan,
                     "utilization": busy / (run.servers * window),
                     "saturation": queued / window})
    return pd.DataFrame(rows)
