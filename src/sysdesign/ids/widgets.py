"""The distributed-IDs panels: controls wired to :mod:`.experiments` and :mod:`.plots`."""

from __future__ import annotations

from ..core.panel import Panel, checkbox, choice, log_slider, slider, timeline, toggle
from . import experiments, plots

TICKS = {"1 ms": 1, "10 ms": 10, "1 s": 1000}


def generator_panel() -> Panel:
    """Step through a toy generator, one ID per step: the counter, waiting, refusing."""
    return Panel({
        "step": timeline("step", len(experiments.GENERATOR_SCRIPT),
                         len(experiments.GENERATOR_SCRIPT) - 1),
        "counter": toggle("counter", list(experiments.TOY_COUNTERS), "Twitter"),
    }, experiments.generator, plots.generator_view, title="A generator, step by step")


def lease_panel() -> Panel:
    """Two workers, one registry of machine numbers: scrub through the lease scenario."""
    return Panel({
        "time_s": timeline("time (s)", 13, 12),
        "check_lease": checkbox("worker checks its lease before each ID", False),
        "pause_s": slider("worker A freezes for (s)", 5.0, 1.0, 7.0, 1.0),
    }, experiments.lease, plots.lease_view, title="Machine numbers on a lease")


def limits_panel() -> Panel:
    """Limits calculator: bits for time, machine and sequence -> lifetime and throughput."""
    return Panel({
        "time_bits": slider("time bits", 41, 31, 48),
        "node_bits": slider("machine bits", 10, 0, 16),
        "sequence_bits": slider("sequence bits", 12, 0, 16),
        "tick_ms": choice("time unit", TICKS, 1),
        "epoch_year": slider("epoch (year)", 2020, 1970, 2030),
    }, experiments.limits, plots.limits_view, title="ID limits calculator")


def machines_panel() -> Panel:
    """IDs from several machines, with their clocks skewed: how well do IDs sort by time?"""
    return Panel({
        "num_machines": slider("machines", 4, 1, 16),
        "ids_per_machine": slider("IDs per machine", 50, 10, 200, 10),
        "skew_ms": slider("clock skew per machine (ms)", 3.0, 0.0, 20.0, 0.5),
    }, experiments.machines, plots.machines_view, title="Do IDs from many machines sort by time?")


def collision_panel() -> Panel:
    """Random and time-ordered IDs: the chance of a duplicate, by how many were made."""
    return Panel({
        "generators": log_slider("generators", 1000, 2, 1e5),
        "ids_per_ms": log_slider("IDs per ms per generator", 1.0, 0.01, 100.0),
        "n": log_slider("IDs made in all", 1e15, 1e6, 1e22),
    }, experiments.collision, plots.collision_view, title="How likely is a duplicate?")
