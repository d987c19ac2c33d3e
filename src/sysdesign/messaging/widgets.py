"""The messaging panels: controls wired to :mod:`.experiments` and :mod:`.plots`."""

from __future__ import annotations

from ..core.panel import Panel, checkbox, choice, slider, timeline, toggle
from . import experiments, plots
from .delivery import SEMANTICS
from .log import ASSIGNORS


def work_queue_panel() -> Panel:
    """Competing consumers with a crash, a poison message and a dead-letter queue."""
    return Panel({
        "at_s": timeline("time (s)", 8, 7, interval_ms=700),
        "consumers": slider("consumers", 3, 1, 6),
        "crash": checkbox("c1 crashes at 2 s", True),
        "poison": checkbox("message 9 always fails", True),
        "delivery_limit": slider("delivery limit", 3, 1, 6),
    }, experiments.work_queue, plots.work_queue_view, title="Work queue")


def ordering_panel() -> Panel:
    """Keys to partitions, a consumer group, and where ordering holds."""
    return Panel({
        "partitions": slider("partitions", 3, 1, 8),
        "consumers": slider("consumers in the group", 2, 1, 6),
        "assignor": toggle("assignor", list(ASSIGNORS), "range"),
    }, experiments.ordering, plots.ordering_view, title="Partitioned log")


def crash_step_panel() -> Panel:
    """Step through one crash schedule under each delivery semantics."""
    return Panel({
        "step": timeline("step", 30, 29, interval_ms=500),
        "semantics": choice("semantics", list(SEMANTICS), "at-least-once"),
        "seed": slider("crash schedule (seed)", 1, 0, 30),
    }, experiments.crash_step, plots.crash_step_view, title="One crash schedule")


def crash_tally_panel() -> Panel:
    """Losses and duplicates over 100 seeded crash schedules."""
    return Panel({
        "crash_rate": slider("crash probability per step", 0.05, 0.0, 0.3, 0.01),
    }, experiments.crash_tally, plots.crash_tally_view, title="Crash schedules")


def lag_panel() -> Panel:
    """A producer faster than its consumers; a log or a bounded buffer."""
    return Panel({
        "produce_rate": slider("produce (msg/s)", 10.0, 1.0, 20.0, 1.0),
        "consume_rate": slider("each consumer (msg/s)", 4.0, 1.0, 10.0, 1.0),
        "consumers": slider("consumers", 2, 1, 6),
        "bound": slider("buffer bound (0 = log)", 0, 0, 100, 10),
        "policy": toggle("when full", ["block", "drop"], "block"),
    }, experiments.lag, plots.lag_view, title="Consumer lag")


def flows_panel() -> Panel:
    """The order flow by choreography and orchestration, with a failing step."""
    return Panel({
        "fail_at": toggle("failing step", ["none", "payment", "stock", "shipping"],
                          "shipping"),
    }, experiments.flows, plots.flows_view, title="Choreography vs orchestration")
