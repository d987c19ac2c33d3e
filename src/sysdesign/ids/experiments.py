"""Scenarios for the distributed-IDs notebook and the compute function of each panel.

The notebook, the panels in :mod:`sysdesign.ids.widgets` and the tests all call these,
so a number printed in the notebook is the number a test checks. Panel computes are
named after their panel (``limits`` for ``limits_panel``) and return only what the
model worked out; the panel hands the control values to the view itself. Runs that do
not change between redraws (a generator trace, a lease simulation, a B-tree run) are
kept with ``functools.lru_cache``; a panel's compute then only picks what to show.
"""

from __future__ import annotations

import dataclasses
import functools
import math
from datetime import datetime, timezone
from typing import NamedTuple

import numpy as np
import pandas as pd

from ..core import checks, units
from .btree import KEYS, insert_locality
from .collisions import collision_probability, time_ordered_collision_probability
from .generator import IdGenerator, ManualClock
from .layout import LAYOUTS, SNOWFLAKE, UUID4, UUID7, Field, Layout, as_uuid
from .machine_ids import LeaseRun, restart_duplicates, simulate_leases
from .routing import ShardedStore
from .sequences import TicketServer
from .uuids import uuid1, uuid6

COORDINATION = {  # what each scheme needs handed out before it can make IDs
    "Snowflake": "machine id per worker", "Discord": "worker + process id",
    "Instagram": "shard id per DB shard", "timestamp|shard|type|seq": "shard id per shard",
    "ObjectId": "none (random per process)", "UUIDv7": "none (random)",
    "UUIDv4": "none (random)",
}


def _year(value: float | None) -> str:
    return "never" if value is None else str(int(value))


def _rate(per_second: float) -> str:
    return "unlimited" if math.isinf(per_second) else f"{per_second:,.0f}"


def schemes_table() -> pd.DataFrame:
    """The ID schemes side by side: size, order, both limits of the clock, rate, randomness.

    "time runs out" is the year the time field wraps; "negative as BIGINT" the year a
    64-bit layout that uses its top bit turns negative in a signed 64-bit integer.
    """
    rows = []
    for layout in LAYOUTS.values():
        has_time = bool(layout.role("time"))
        rows.append({
            "scheme": layout.name, "bytes": layout.size_bytes,
            "sorts by time": layout.sorts_by_time,
            "time unit": f"{layout.tick_ms:,} ms" if has_time else "-",
            "time runs out": _year(layout.overflow_year() if has_time else None),
            "negative as BIGINT": (_year(layout.negative_year())
                                   if layout.total_bits == 64 else "-"),
            "IDs/s per generator": _rate(layout.max_ids_per_second()),
            "random bits per ID": layout.random_bits,
            "random bits per process": layout.instance_bits,
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


def machines(num_machines: int = 4, ids_per_machine: int = 50,
             skew_ms: float = 3.0) -> pd.DataFrame:
    """The machines panel: :func:`simulate_machines` with Twitter's Snowflake layout."""
    return simulate_machines(num_machines, ids_per_machine, skew_ms=skew_ms)


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
    # 64 bits if they fit (the sign bit too, if it must be); otherwise whole bytes.
    total = 64 if used <= 64 else 8 * -(-used // 8)
    epoch = datetime(epoch_year, 1, 1, tzinfo=timezone.utc)
    return Layout("your layout", tuple(fields), total_bits=total,
                  epoch_ms=int(epoch.timestamp() * 1000), tick_ms=tick_ms)


def layout_limits(layout: Layout) -> pd.DataFrame:
    """The limits a layout implies, as a one-column table."""
    if not isinstance(layout, Layout):
        raise TypeError(f"layout must be a Layout, got {layout!r}")
    node_bits = sum(f.bits for f in layout.role("node"))
    per_second = layout.max_ids_per_second()
    per_ms = per_second / 1000
    per_machine = (f"{per_ms:,.0f}" if per_ms >= 1 else f"{per_ms:.3g}") + (
        f" per ms = {per_second:,.0f} per s")
    if layout.used_bits <= 63:
        size = f"{layout.used_bits} of 64 bits: the sign bit stays clear"
        signed = "never negative"
    elif layout.used_bits == 64:
        size = "all 64 bits, the sign bit too"
        signed = (f"negative after {layout.years_until_negative():,.1f} years, "
                  f"in {int(layout.negative_year())}")
    else:
        size = f"{layout.used_bits} bits: needs {layout.total_bits}"
        signed = "too big for a BIGINT"
    return pd.DataFrame({"value": [
        f"{layout.years_until_overflow():,.1f} years (of 365.25 days)",
        f"{int(layout.overflow_year())}",  # the year it runs out in, not rounded up
        f"{1 << node_bits:,}",
        per_machine,
        size,
        signed,
    ]}, index=["time field runs out after", "in the year", "machines/shards",
               "IDs per machine", "size", "as a signed BIGINT"])


class Limits(NamedTuple):
    """What the limits panel shows: the layout and the limits it implies."""

    layout: Layout
    table: pd.DataFrame


def limits(time_bits: int = 41, node_bits: int = 10, sequence_bits: int = 12,
           tick_ms: int = 1, epoch_year: int = 2020) -> Limits:
    """The limits panel: a layout from bit counts, and its lifetime and throughput."""
    layout = custom_layout(time_bits, node_bits, sequence_bits, tick_ms, epoch_year)
    return Limits(layout, layout_limits(layout))


def unix_ms(year: int, month: int = 1, day: int = 1) -> int:
    """Unix milliseconds at midnight UTC of a date."""
    return int(datetime(year, month, day, tzinfo=timezone.utc).timestamp() * 1000)


# --- counters in databases ----------------------------------------------------------------

def ticket_servers(requests: int = 40, outage: tuple[int, int] = (12, 26)) -> pd.DataFrame:
    """Flickr's two ticket servers (odd and even), asked in turn, on real SQLite; server 2
    is down for the requests numbered ``outage[0]`` to ``outage[1] - 1``, so server 1
    answers those alone and the two series drift apart.

    One row per request, in time order: the server that answered, its ticket, and
    ``sorts early``: whether the ticket is smaller than one handed out before it.
    """
    requests = checks.integer(requests, "requests", 1, 10_000)
    if not (isinstance(outage, tuple) and len(outage) == 2):
        raise TypeError(f"outage must be a (first, end) pair of request numbers, got {outage!r}")
    outage = (checks.integer(outage[0], "outage[0]", 0),
              checks.integer(outage[1], "outage[1]", outage[0], hint="at least outage[0]"))
    servers = [TicketServer(offset=1, step=2), TicketServer(offset=2, step=2)]
    rows, turn = [], 0
    for request in range(requests):
        down = outage[0] <= request < outage[1]
        server = 0 if down else turn % 2
        turn += 0 if down else 1
        rows.append((request, server + 1, servers[server].ticket(), down))
    frame = pd.DataFrame(rows, columns=["request", "server", "ticket", "server 2 down"])
    frame["sorts early"] = frame["ticket"] < frame["ticket"].cummax().shift(fill_value=0)
    return frame


# --- routing by ID --------------------------------------------------------------------------

def routing_reads(photos: int = 1_000, reads: int = 100, physical: int = 4,
                  seed: int = 0) -> pd.DataFrame:
    """Store photos of random users in Instagram-style shards (real SQLite), then read some
    back by ID: once using the shard inside the ID, once asking databases in turn."""
    photos = checks.integer(photos, "photos", 1, 100_000)
    reads = checks.integer(reads, "reads", 1, photos, hint="at most one read per photo")
    rng = np.random.default_rng(seed)
    store = ShardedStore(physical=physical)
    made = [store.insert(int(user), "photo") for user in rng.integers(0, 10**6, photos)]
    wanted = rng.choice(made, reads, replace=False)
    counts = {}
    for how, read in (("shard read from the ID", store.get),
                      ("no shard in the ID: ask each database", store.find)):
        store.queries = 0
        assert all(read(int(photo)) is not None for photo in wanted)
        counts[how] = store.queries
    return pd.DataFrame({"reads": reads, "queries": counts,
                         "queries per read": {k: v / reads for k, v in counts.items()}})


# --- stepping through a generator ---------------------------------------------------------

# A toy Snowflake: 12 bits, small enough to read bit by bit. Its 2-bit sequence runs out
# after four IDs in one ms, which a real 12-bit one does only after 4,096.
TOY = Layout("toy Snowflake", (Field("time", 8, "time"), Field("machine", 2, "node"),
                               Field("sequence", 2, "sequence")), total_bits=12)
TOY_COUNTERS = {  # how the counter behaves: Twitter's, or Discord's per-process increment
    "Twitter": TOY,
    "Discord": dataclasses.replace(TOY, name="toy Discord", sequence_resets=False),
}
# What the clock reads at each request, in ms (one ID asked for per step); at step 7 an
# NTP correction has set the clock back 2 ms.
GENERATOR_SCRIPT = (0, 0, 0, 0, 0, 3, 3, 1, 2, 3, 4)


@functools.lru_cache(maxsize=4)
def generator_trace(counter: str = "Twitter", machine: int = 2) -> pd.DataFrame:
    """Run one toy generator through :data:`GENERATOR_SCRIPT`, one ID per step.

    One row per step: what the clock read, what happened, the ID's fields and bits, and
    which earlier step made the same ID (if any).
    """
    layout = TOY_COUNTERS[checks.choice(counter, "counter", TOY_COUNTERS)]
    clock = ManualClock(0)
    generator = IdGenerator(layout, clock, machine=machine)
    rows, made = [], {}
    for step, now in enumerate(GENERATOR_SCRIPT):
        clock.now_ms, clock.step_ms = now, 1  # time passes while the generator reads it
        waits = generator.waits
        try:
            id_ = generator.next_id()
        except ValueError:
            rows.append({"step": step, "clock (ms)": now, "event": f"refused: clock back at "
                         f"{now} ms, last ID at {generator.last_tick} ms",
                         "time": None, "sequence": None, "id": None, "bits": "",
                         "repeats step": None})
            continue
        parts = layout.decompose(id_)
        repeat = made.setdefault(id_, step)
        if repeat != step:
            event = f"the counter wrapped: the same ID as step {repeat}"
        elif generator.waits > waits:
            event = "sequence used up: waited for the next ms"
        else:
            event = "ID"
        bits = f"{id_:012b}"
        rows.append({"step": step, "clock (ms)": now, "event": event,
                     "time": parts["time"], "sequence": parts["sequence"], "id": id_,
                     "bits": f"{bits[:8]} {bits[8:10]} {bits[10:]}",
                     "repeats step": repeat if repeat != step else None})
    frame = pd.DataFrame(rows).set_index("step")
    return frame.astype({name: "Int64" for name in ("time", "sequence", "id", "repeats step")})


def generator(step: int = 10, counter: str = "Twitter") -> pd.DataFrame:
    """The generator panel: the toy generator's trace up to ``step``."""
    trace = generator_trace(counter)
    step = checks.integer(step, "step", 0, len(trace) - 1)
    return trace.loc[:step]


# --- machine IDs: leases and restarts ------------------------------------------------------

@functools.lru_cache(maxsize=32)
def lease_run(pause_s: float = 5.0, check_lease: bool = False) -> LeaseRun:
    """The lease scenario of :func:`~sysdesign.ids.machine_ids.simulate_leases`, kept."""
    return simulate_leases(pause_ms=1000 * checks.number(pause_s, "pause_s", 0),
                           check_lease=bool(check_lease))


class LeaseView(NamedTuple):
    """The lease panel's result: the whole run and the moment to show."""

    run: LeaseRun
    time_ms: float


def lease(time_s: int = 12, check_lease: bool = False, pause_s: float = 5.0) -> LeaseView:
    """The lease panel: the lease scenario, seen at ``time_s`` seconds."""
    run = lease_run(pause_s, check_lease)
    return LeaseView(run, min(1000.0 * checks.number(time_s, "time_s", 0), run.duration_ms))


def lease_table(pauses_s=(2.0, 5.0, 7.0)) -> pd.DataFrame:
    """Duplicate IDs in the lease scenario, by how long worker A freezes, with and without
    the worker checking its lease before each ID."""
    return pd.DataFrame({
        "A freezes for (s)": list(pauses_s),
        "duplicate IDs, no check": [lease_run(p, False).duplicates() for p in pauses_s],
        "duplicate IDs, lease checked": [lease_run(p, True).duplicates() for p in pauses_s],
    }).set_index("A freezes for (s)")


def restart_table(step_back_ms: int = 50, waits_ms=(0, 25, 50, 60)) -> pd.DataFrame:
    """Duplicate IDs after a restart on the same machine number, the clock set back
    ``step_back_ms``, by how long the new process waits before serving."""
    return pd.DataFrame({
        "wait before serving (ms)": list(waits_ms),
        "duplicate IDs": [restart_duplicates(step_back_ms, w) for w in waits_ms],
    }).set_index("wait before serving (ms)")


# --- do UUIDs sort by time? --------------------------------------------------------------

@functools.lru_cache(maxsize=2)
def uuid_order(count: int = 60, every_s: float = 30.0, seed: int = 0) -> pd.DataFrame:
    """UUIDs of four versions made every ``every_s`` seconds by one machine, and where each
    lands when all of one version are sorted as text (which is byte order).

    One row per moment: minutes since the first, then the sorted position of that
    moment's v1, v6, v4 and v7 UUID (0 = first).
    """
    count = checks.integer(count, "count", 2, 10_000)
    every_s = checks.number(every_s, "every_s", 0, lo_open=True, hint="seconds between UUIDs")
    start_ns = 1_700_000_000 * 10**9
    times = [start_ns + int(i * every_s * 1e9) for i in range(count)]
    clock = ManualClock(start_ns // 10**6)
    made = {
        "v1": [str(uuid1(t, clock_seq=0x1234, node=0x9F6BDECED846)) for t in times],
        "v6": [str(uuid6(t, clock_seq=0x1234, node=0x9F6BDECED846)) for t in times],
        "v4": [], "v7": [],
    }
    v4 = IdGenerator(UUID4, clock, seed=seed)
    v7 = IdGenerator(UUID7, clock, seed=seed)
    for t in times:
        clock.now_ms = t // 10**6
        made["v4"].append(str(as_uuid(v4.next_id())))
        made["v7"].append(str(as_uuid(v7.next_id())))
    frame = pd.DataFrame({"minute": [i * every_s / 60 for i in range(count)]})
    for version, texts in made.items():
        frame[version] = np.argsort(np.argsort(texts))  # each one's place in sorted order
    return frame


# --- B-tree insert locality in SQLite --------------------------------------------------------

def btree_runs(rows: int = 6_000, batch: int = 100) -> dict:
    """One :func:`~sysdesign.ids.btree.insert_locality` run per key type."""
    return {key: insert_locality(key, rows, batch) for key in KEYS}


def btree_table(rows: int = 6_000, batch: int = 100) -> pd.DataFrame:
    """What inserting ``rows`` rows in key order did to SQLite, per key type."""
    table = {}
    for key, run in btree_runs(rows, batch).items():
        table[key] = {
            "key bytes": 8 if KEYS[key][1] == "INTEGER" else 16,
            "leaf pages": int(run.leaves[-1]),
            "leaf fill": units.percent(run.leaf_fill),
            f"pages written per {batch} inserts (last commit)": int(run.pages_written[-1]),
            "pages written in all": int(run.pages_written.sum()),
        }
    return pd.DataFrame(table).T


# --- collisions --------------------------------------------------------------------------

CURVE_N = np.logspace(6, 22, 161)  # the numbers of IDs the collision curves are drawn at


class Collisions(NamedTuple):
    """Chance of a duplicate among n IDs, per scheme (the collision panel's result)."""

    n: np.ndarray
    curves: dict  # label -> chance at each n
    table: pd.DataFrame


def collision_chances(n, generators: int = 1000, ids_per_ms: float = 1.0) -> dict:
    """Chance of at least one duplicate among ``n`` IDs (a number or an array), for UUIDv4
    and for UUIDv7 made by ``generators`` generators at ``ids_per_ms`` each (counter from 0,
    and seeded as RFC 9562 §6.2 asks), with the wrong all-pairs chance for 62 bits beside."""
    v7 = UUID7.random_bits
    return {
        "UUIDv4 (122 random bits, any two IDs)": collision_probability(n, UUID4.random_bits),
        "UUIDv7, counter from 0": time_ordered_collision_probability(
            n, generators, ids_per_ms, v7),
        "UUIDv7, counter seeded (RFC 9562)": time_ordered_collision_probability(
            n, generators, ids_per_ms, v7, UUID7.sequence_seed_bits),
        "62 bits, any two IDs (wrong for v7)": collision_probability(n, v7),
    }


def collision(generators: int = 1000, ids_per_ms: float = 1.0, n: float = 1e15) -> Collisions:
    """The collision panel: the curves, and each scheme's chance at ``n`` IDs."""
    # A log slider hands over floats: a whole number of generators, at least two.
    generators = round(checks.number(generators, "generators", 2, hint="how many generators"))
    ids_per_ms = checks.number(ids_per_ms, "ids_per_ms", 0, lo_open=True,
                               hint="IDs per ms per generator")
    n = checks.number(n, "n", 1, hint="how many IDs in all")
    curves = collision_chances(CURVE_N, generators, ids_per_ms)
    at_n = collision_chances(n, generators, ids_per_ms)
    table = pd.DataFrame({"chance of a duplicate": {k: f"{v:.3g}" for k, v in at_n.items()}})
    return Collisions(CURVE_N, curves, table)


def process_collisions(processes=(10**4, 10**5, 10**6, 10**7)) -> pd.DataFrame:
    """Chance that two of so many ObjectId-making processes drew the same 5-byte value."""
    return pd.DataFrame({"processes started": [f"{p:,}" for p in processes],
                         "chance two share a 40-bit value": [
                             f"{collision_probability(p, 40):.2g}" for p in processes]}
                        ).set_index("processes started")
