"""The performance panels: controls wired to :mod:`.experiments` and :mod:`.plots`."""

from __future__ import annotations

from ..core.panel import Panel, slider, timeline, toggle
from . import experiments, plots


def hockey_stick_panel() -> Panel:
    """Latency against utilisation for c servers, with a simulated run at one load."""
    return Panel({
        "servers": slider("servers (c)", 1, 1, 16),
        "service_ms": slider("service time (ms)", 10.0, 1.0, 100.0, 1.0),
        "utilization": slider("utilisation of the simulated run", 0.8, 0.1, 0.95, 0.05),
    }, experiments.hockey_stick, plots.hockey_stick_view, title="The hockey stick")


def fanout_tail_panel() -> Panel:
    """Fan-out to N backends: how often a request meets a slow one; hedging."""
    return Panel({
        "backends": slider("fan-out N (backends)", 100, 1, 200),
        "p_slow": slider("chance a backend is slow", 0.01, 0.0, 0.05, 0.005),
        "hedge": toggle("hedge after", list(experiments.HEDGES), "p95"),
    }, experiments.fanout_tail, plots.fanout_tail_view, title="Tail at scale")


def queue_timeline_panel() -> Panel:
    """Scrub through one server's queue in time; Little's law on what happened so far."""
    return Panel({
        "at_s": timeline("time (s)", experiments.QUEUE_HORIZON + 1, experiments.QUEUE_HORIZON,
                         interval_ms=400),
        "utilization": slider("utilisation", 0.9, 0.5, 0.95, 0.05),
    }, experiments.queue_timeline, plots.queue_timeline_view, title="A queue in time")
