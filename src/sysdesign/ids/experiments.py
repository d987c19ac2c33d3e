"""Scenarios for the distributed-IDs notebook and the compute function of each panel.

The notebook, the panels in :mod:`sysdesign.ids.widgets` and the tests all call these,
so a number printed in the notebook is the number a test checks. Panel computes are
named after their panel (``limits`` for ``limits_panel``) and return only what the
model worked out; the panel hands the control values to the view itself.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import NamedTuple

import numpy as np
import pandas as pd

from ..core import checks
from .collisions import collision_probability
from .generator import IdGenerator
from .layout import LAYOUTS, SNOWFLAKE, UUID4, UUID7, Field, Layout

COORDINATION = {  # what each scheme needs handed out before it can make IDs
    "Snowflake": "machine id per worker", "Instagram": "shard id per DB shard",
    "timestamp|shard|type|seq": "shard id per shard", "ObjectId": "none (random)",
    "UUIDv7": "none (random)", "UUIDv4": "none (random)",
}


def schemes_table() -> pd.DataFrame:
    """The ID schemes side by side: size, sortability, limits, coordination."""
    rows = []
    for layout in LAYOUTS.values():
        has_time = bool(layout.role("time"))
        rows.append({
            "scheme": layout.name, "bytes": layout.size_bytes,
            "sorts by time": layout.sorts_by_time,
            "time unit": f"{layout.tick_ms} ms" if has_time else "-",
            "runs out (year)": int(layout.overflow_year()) if has_time else "never",
            "IDs/s per node": layout.max_ids_per_second() if layout.role("sequence") else None,
            "random bits": layout.random_bits,
            "coordination": COORDINATION[layout.name],
        })
    return pd.DataFrame(rows).set_index("scheme")


# --- several machines, skewed clocks -----------------------------------------------------

class SkewedClock:
    """One machine's clock: the true time (set by the simulation) minus how late it runs."""

    def __init__(self, late_ms: float):
        self.late_ms = late_ms
        self.true_ms = 0.0

    def __call__(self) -> float:
        return self.true_ms - self.late_ms


def simulate_machines(num_machines: int = 4, ids_per_machine: int = 50, duration_ms: int = 20,
                      skew_ms: float = 0.0, layout: Layout = SNOWFLAKE,
                      start_ms: int = 1_700_000_000_000, seed: int = 0) -> pd.DataFrame:
    """IDs made on several machines at random true times; machine m's clock is m*skew late.

    Returns one row per ID in ID order: true time (ms), machine, id, decoded time and
    ``disorder (ms)``: how much earlier it was made than an ID sorted before it (0 if
    none was). Without skew disorder stays under one tick; skew makes it grow.
    """
    num_machines = checks.integer(num_machines, "num_machines", 1, 1 << 10)
    ids_per_machine = checks.integer(ids_per_machine, "ids_per_machine", 1, 100_000)
    duration_ms = checks.integer(duration_ms, "duration_ms", 1, 10**9)
    skew_ms = checks.number(skew_ms, "skew_ms", -1e6, 1e6, hint="ms per machine")
    if not isinstance(layout, Layout):
        raise TypeError(f"layout must be a Layout, got {layout!r}")
    node = layout.role("node")
    if len(node) != 1:
        raise ValueError(f"layout needs exactly one node field, {layout.name} has {len(node)}")
    # Every machine makes its IDs at random moments; all of them, in true time order.
    rng = np.random.default_rng(seed)
    events = sorted((start_ms + t, m) for m in range(num_machines)
                    for t in rng.uniform(0, duration_ms, ids_per_machine))
    clocks = [SkewedClock(late_ms=m * skew_ms) for m in range(num_machines)]
    gens = [IdGenerator(layout, clocks[m], seed=seed, **{node[0].name: m})
            for m in range(num_machines)]
    rows = []
    for true_ms, machine in events:
        clocks[machine].true_ms = true_ms
        id_ = gens[machine].next_id()
        rows.append((true_ms - start_ms, machine, id_, layout.decode(id_)["unix_ms"] - start_ms))
    frame = pd.DataFrame(rows, columns=["true time (ms)", "machine", "id", "id time (ms)"])
    frame = frame.sort_values("id", kind="stable").reset_index(drop=True)
    true = frame["true time (ms)"]
    # How far each ID's true time lies behind the latest one sorted before it.
    frame["disorder (ms)"] = true.cummax() - true
    return frame


def machines(num_machines: int = 4, ids_per_machine: int = 50, skew_ms: float = 0.0,
             layout_name: str = "Snowflake") -> pd.DataFrame:
    """The machines panel: :func:`simulate_machines` with a layout chosen by name."""
    layout_name = checks.choice(layout_name, "layout_name", LAYOUTS)
    return simulate_machines(num_machines, ids_per_machine, skew_ms=skew_ms,
                             layout=LAYOUTS[layout_name])


# --- design your own layout --------------------------------------------------------------

def custom_layout(time_bits: int = 41, node_bits: int = 10, sequence_bits: int = 12,
                  tick_ms: int = 1, epoch_year: int = 2020) -> Layout:
    """A Snowflake-like layout from bit counts; it grows past 64 bits if it must."""
    time_bits = checks.integer(time_bits, "time_bits", 1)
    node_bits = checks.integer(node_bits, "node_bits", 0)
    sequence_bits = checks.integer(sequence_bits, "sequence_bits", 0)
    epoch_year = checks.integer(epoch_year, "epoch_year", 1, 9999)
    fields = [Field("time", time_bits, "time")]
    if node_bits:
        fields.append(Field("node", node_bits, "node"))
    if sequence_bits:
        fields.append(Field("sequence", sequence_bits, "sequence"))
    used = time_bits + node_bits + sequence_bits
    # Keep the sign bit clear if we can; otherwise round up to whole bytes.
    total = 64 if used <= 63 else 8 * -(-used // 8)
    epoch = datetime(epoch_year, 1, 1, tzinfo=timezone.utc)
    return Layout("your layout", tuple(fields), total_bits=total,
                  epoch_ms=int(epoch.timestamp() * 1000), tick_ms=tick_ms)


def layout_limits(layout: Layout) -> pd.DataFrame:
    """The limits a layout implies, as a one-column table."""
    if not isinstance(layout, Layout):
        raise TypeError(f"layout must be a Layout, got {layout!r}")
    node_bits = sum(f.bits for f in layout.role("node"))
    per_ms = layout.max_ids_per_second() / 1000
    per_machine = (f"{per_ms:,.0f}" if per_ms >= 1 else f"{per_ms:.3g}") + (
        f" per ms = {layout.max_ids_per_second():,.0f} per s")
    size = f"{layout.used_bits} bits: " + (
        "fits a signed 64-bit integer" if layout.used_bits <= 63
        else f"needs {layout.total_bits} bits, too big for a BIGINT")
    return pd.DataFrame({"value": [
        f"{layout.years_until_overflow():,.1f} years (of 365.25 days)",
        f"{int(layout.overflow_year())}",  # the year it runs out in, not rounded up
        f"{1 << node_bits:,}",
        per_machine,
        size,
    ]}, index=["time runs out after", "in the year", "machines/shards",
               "IDs per machine", "size"])


class Limits(NamedTuple):
    """What the limits panel shows: the layout and the limits it implies."""

    layout: Layout
    table: pd.DataFrame


def limits(time_bits: int = 41, node_bits: int = 10, sequence_bits: int = 12,
           tick_ms: int = 1, epoch_year: int = 2020) -> Limits:
    """The limits panel: a layout from bit counts, and its lifetime and throughput."""
    layout = custom_layout(time_bits, node_bits, sequence_bits, tick_ms, epoch_year)
    return Limits(layout, layout_limits(layout))


# --- collisions --------------------------------------------------------------------------

def compared_bits(random_bits: int) -> list[int]:
    """``random_bits`` and the random bits of UUID v7 and v4 (62 and 122), each once."""
    return list(dict.fromkeys([random_bits, UUID7.random_bits, UUID4.random_bits]))


def collision_table(random_bits: int, n: float) -> pd.DataFrame:
    """Chance of a duplicate among n IDs for the chosen bits and for UUID v7 and v4."""
    rows = {f"{b} random bits": collision_probability(n, b) for b in compared_bits(random_bits)}
    return pd.DataFrame({"chance of a duplicate": rows}).map(lambda p: f"{p:.3g}")


def collision(random_bits: int = 64, n: float = 1e9) -> pd.DataFrame:
    """The collision panel: the chance of a duplicate among ``n`` IDs, as a table."""
    return collision_table(random_bits, n)
