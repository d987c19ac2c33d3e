"""The APIs panels: controls wired to :mod:`.experiments` and :mod:`.plots`."""

from __future__ import annotations

from ..core.panel import Panel, checkbox, choice, log_slider, slider, timeline
from . import experiments, plots


def payload_panel() -> Panel:
    """Payload size against the number of records, JSON vs MessagePack vs Protobuf."""
    return Panel({
        "records": slider("records", 100, 10, 1000, 10),
        "compressed": checkbox("show gzipped sizes too", True),
    }, experiments.payload, plots.payload_view, title="Payload size by encoding")


def retry_timeline_panel() -> Panel:
    """Step through one retried payment, with or without an idempotency key."""
    return Panel({
        "step": timeline("event", experiments.TIMELINE_STEPS, experiments.TIMELINE_STEPS - 1),
        "scenario": choice("what goes wrong", list(experiments.SCENARIOS), "response lost"),
        "use_keys": checkbox("send an Idempotency-Key", False),
    }, experiments.retry_timeline, plots.retry_timeline_view,
        title="One payment, retried")


def retries_panel() -> Panel:
    """Loss, duplicates, retries and key retention -> double charges and keys held."""
    return Panel({
        "loss": slider("message loss", 0.2, 0.0, 0.4, 0.02),
        "duplicate": slider("message duplication", 0.05, 0.0, 0.2, 0.01),
        "retries": slider("retries", 3, 0, 5),
        "retention": log_slider("key retention (ms)", 1000.0, 10.0, 10000.0),
    }, experiments.retries, plots.retries_view,
        title="Retries over a lossy network: who gets charged twice?")
