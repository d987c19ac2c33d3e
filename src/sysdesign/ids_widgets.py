"""Interactive panels for the distributed-IDs notebook."""

from __future__ import annotations

import pandas as pd

from sysdesign import ids
from sysdesign import ids_plots as plots
from sysdesign.widgets import Panel, choice, log_slider, slider

TICKS = {"1 ms": 1, "10 ms": 10, "1 s": 1000}


def custom_layout(time_bits: int = 41, node_bits: int = 10, sequence_bits: int = 12,
                  tick_ms: int = 1, epoch_year: int = 2020) -> ids.Layout:
    """A Snowflake-like layout from bit counts; it grows past 64 bits if it must."""
    fields = [ids.Field("time", time_bits, "time")]
    if node_bits:
        fields.append(ids.Field("node", node_bits, "node"))
    if sequence_bits:
        fields.append(ids.Field("sequence", sequence_bits, "sequence"))
    used = time_bits + node_bits + sequence_bits
    total = 64 if used <= 63 else 8 * -(-used // 8)  # keep the sign bit clear if we can
    epoch = pd.Timestamp(year=epoch_year, month=1, day=1, tz="UTC")
    return ids.Layout("your layout", tuple(fields), total_bits=total,
                      epoch_ms=int(epoch.timestamp() * 1000), tick_ms=tick_ms)


def layout_limits(layout: ids.Layout) -> pd.DataFrame:
    """The limits a layout implies, as a one-column table."""
    node_bits = sum(f.bits for f in layout.role("node"))
    used = sum(f.bits for f in layout.fields)
    per_ms = layout.max_ids_per_second() / 1000
    return pd.DataFrame({"value": [
        f"{layout.years_until_overflow():,.1f} years (of 365.25 days)",
        f"{layout.overflow_year():.0f}",
        f"{1 << node_bits:,}",
        (f"{per_ms:,.0f}" if per_ms >= 1 else f"{per_ms:.3g}")
        + f" per ms = {layout.max_ids_per_second():,.0f} per s",
        f"{used} bits: " + ("fits a signed 64-bit integer" if used <= 63
                            else f"needs {layout.total_bits} bits, too big for a BIGINT"),
    ]}, index=["time runs out after", "in the year", "machines/shards",
               "IDs per machine", "size"])


def limits_panel() -> Panel:
    """Limits calculator: bits for time, machine and sequence -> lifetime and throughput."""
    controls = {
        "time_bits": slider("time bits", 41, 31, 48),
        "node_bits": slider("machine bits", 10, 0, 16),
        "sequence_bits": slider("sequence bits", 12, 0, 16),
        "tick_ms": choice("time unit", TICKS, 1),
        "epoch_year": slider("epoch (year)", 2020, 1970, 2030),
    }
    return Panel(controls, compute=custom_layout,
                 draw=lambda layout: [plots.bit_layouts([layout]), layout_limits(layout)],
                 title="ID limits calculator")


def machines_panel() -> Panel:
    """IDs from several machines, with their clocks skewed: how well do IDs sort by time?"""
    controls = {
        "num_machines": slider("machines", 4, 1, 16),
        "ids_per_machine": slider("IDs per machine", 50, 10, 200, 10),
        "skew_ms": slider("clock skew per machine (ms)", 0.0, 0.0, 20.0, 0.5),
        "layout_name": choice("layout", ["Snowflake", "Instagram"], "Snowflake"),
    }

    def compute(num_machines, ids_per_machine, skew_ms, layout_name):
        return ids.simulate_machines(num_machines, ids_per_machine, skew_ms=skew_ms,
                                     layout=ids.LAYOUTS[layout_name])

    return Panel(controls, compute=compute, draw=plots.id_order,
                 title="Do IDs from many machines sort by time?")


def collision_table(random_bits: int, n: float) -> pd.DataFrame:
    """Chance of a duplicate among n IDs for the chosen bits and for UUID v7 and v4."""
    rows = {f"{b} random bits": ids.collision_probability(n, b)
            for b in dict.fromkeys([random_bits, 62, 122])}
    return pd.DataFrame({"chance of a duplicate": rows}).map(lambda p: f"{p:.3g}")


def collision_panel() -> Panel:
    """The birthday bound: how many random IDs before a duplicate is likely."""
    controls = {
        "random_bits": slider("random bits", 64, 16, 128),
        "n": log_slider("IDs generated", 1e9, 1.0, 1e20),
    }
    return Panel(controls, compute=lambda random_bits, n: (random_bits, n),
                 draw=lambda r: [plots.collision_curves(sorted({r[0], 62, 122}), mark=r[1]),
                                 collision_table(*r)],
                 title="Random IDs: chance of a collision")
