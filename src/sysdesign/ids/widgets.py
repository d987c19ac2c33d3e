"""The distributed-IDs panels: controls wired to :mod:`.experiments` and :mod:`.plots`."""

from __future__ import annotations

from ..core.panel import Panel, choice, log_slider, slider
from . import experiments, plots

TICKS = {"1 ms": 1, "10 ms": 10, "1 s": 1000}


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
        "skew_ms": slider("clock skew per machine (ms)", 0.0, 0.0, 20.0, 0.5),
        "layout_name": choice("layout", ["Snowflake", "Instagram"], "Snowflake"),
    }, experiments.machines, plots.machines_view, title="Do IDs from many machines sort by time?")


def collision_panel() -> Panel:
    """The birthday bound: how many random IDs before a duplicate is likely."""
    return Panel({
        "random_bits": slider("random bits", 64, 16, 128),
        "n": log_slider("IDs generated", 1e9, 1.0, 1e20),
    }, experiments.collision, plots.collision_view, title="Random IDs: chance of a collision")
