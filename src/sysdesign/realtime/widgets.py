"""The real-time panels: controls wired to :mod:`.experiments` and :mod:`.plots`."""

from __future__ import annotations

from ..core.panel import Panel, log_slider, slider, timeline, toggle
from . import experiments, plots


def costs_panel() -> Panel:
    """Latency, requests and bytes of the four methods as the message rate varies."""
    return Panel({
        "message_rate": log_slider("messages/s per client", 1.0, 0.01, 100),
        "poll_interval": log_slider("poll interval (s)", 5.0, 0.1, 60),
        "rtt_ms": slider("round trip (ms)", 100.0, 1.0, 500.0, 1.0),
        "clients": log_slider("clients", 10_000, 1, 1e6),
        "extra_header_bytes": slider("extra request header bytes", 0, 0, 2000, 50),
    }, experiments.costs, plots.costs_view, title="Four ways to get messages to a client")


def timeline_panel() -> Panel:
    """Scrub through one client's requests and messages, method by method."""
    return Panel({
        "at_s": timeline("time (s)", experiments.TIMELINE_S + 1, experiments.TIMELINE_S),
        "message_rate": log_slider("messages/s", 1.0, 0.1, 10),
        "poll_interval": slider("poll interval (s)", 2.0, 0.5, 5.0, 0.5),
        "rtt_ms": slider("round trip (ms)", 200.0, 10.0, 1000.0, 10.0),
    }, experiments.timeline, plots.timeline_view, title="One client, four methods, in time")


def fanout_panel() -> Panel:
    """Step one publish through a broker to the nodes and their subscribers."""
    return Panel({
        "at_ms": timeline("time (ms)", experiments.FANOUT_MS // 5 + 1, experiments.FANOUT_MS,
                          step=5, interval_ms=400),
        "nodes": slider("server nodes", 16, 1, 64),
        "subscribers": slider("subscribers of the topic", 12, 0, 400),
        "routing": toggle("broker sends to", list(["topic", "broadcast"]), "topic"),
    }, experiments.fanout, plots.fanout_view, title="Fan-out through pub/sub")
