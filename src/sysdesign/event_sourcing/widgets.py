"""The event sourcing panels: controls wired to :mod:`.experiments` and :mod:`.plots`."""

from __future__ import annotations

from ..core.panel import Panel, slider, timeline
from . import experiments, plots

HISTORY_EVENTS = 60
CQRS_END_MS = 1000


def history_panel() -> Panel:
    """Scrub an account's history: the state at any version, rebuilt with or without
    snapshots."""
    return Panel({
        "version": timeline("version", HISTORY_EVENTS + 1, 45, interval_ms=300),
        "snapshot_every": slider("snapshot every (events)", 10, 0, 30),
    }, experiments.history, plots.history_view, title="Replay, time travel and snapshots")


def cqrs_panel() -> Panel:
    """An asynchronous read model: polling interval, apply cost, when the client reads."""
    return Panel({
        "t": timeline("time (ms)", CQRS_END_MS // 20 + 1, 600, step=20, interval_ms=200),
        "poll_ms": slider("wait between polls (ms)", 100, 10, 300, 10),
        "apply_ms": slider("apply one event (ms)", 2.0, 0.0, 10.0, 0.5),
        "read_after_ms": slider("client reads after (ms)", 50, 0, 300, 10),
    }, experiments.cqrs, plots.cqrs_view, title="CQRS: a read model fed asynchronously")
