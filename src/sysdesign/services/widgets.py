"""The panels of notebook 23: controls wired to :mod:`.experiments` and :mod:`.plots`."""

from __future__ import annotations

from ..core.panel import Panel, slider, timeline
from . import experiments, plots


def discovery_panel() -> Panel:
    """Heartbeat, TTL and client refresh against requests sent to dead instances."""
    return Panel({
        "at_s": timeline("time (s)", experiments.HORIZON // 5 + 1, experiments.HORIZON,
                         step=5, interval_ms=400),
        "heartbeat": slider("heartbeat period (s)", 5.0, 1.0, 30.0, 1.0),
        "ttl": slider("registry TTL (s)", 15.0, 1.0, 60.0, 1.0),
        "refresh": slider("client cache refresh (s)", 30.0, 5.0, 60.0, 5.0),
    }, experiments.discovery, plots.discovery_view, title="Service discovery")


def gateway_panel() -> Panel:
    """Rate limit, cache TTL and fan-out against each gateway stage."""
    return Panel({
        "rate": slider("rate limit (req/s per client)", 10.0, 1.0, 50.0, 1.0),
        "cache_ttl": slider("cache TTL (s, 0 = off)", 5.0, 0.0, 10.0, 1.0),
        "fanout": slider("backend calls per /home", 3, 1, 8),
    }, experiments.gateway, plots.gateway_view, title="API gateway")
