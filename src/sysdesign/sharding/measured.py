"""Lookup time and memory per scheme, measured, as Gryski's survey of consistent hashing does.

Counting operations (``metrics.lookup_work``) mixes units: a binary-search comparison is
not a 64-bit hash. So we also time the lookups and weigh the router's state:

* ``ns per lookup``: the readable one-key path, ``partitioner.shard_for(key)``, as a router
  placing one request at a time would call it (the best of several runs, in nanoseconds of
  CPU time: on a shared machine, CPU time is steadier than the wall clock);
* ``ns per key, bulk``: the numpy path, ``partitioner.assign(keys)``, per key;
* ``state bytes``: memory allocated while building the partitioner (``tracemalloc``): the
  node names (mod-N, ring, rendezvous), the ring's points, rendezvous's seeds; jump hash
  keeps only the bucket count.

Wall times differ between machines and runs, so the notebook does not re-measure for its
stored figure: ``benchmarks/bench_sharding.py --write`` measures once and stores the table
in ``lookup_benchmark.json`` beside this module, with the machine and date it came from;
:func:`lookup_benchmark` reads it back.
"""

from __future__ import annotations

import datetime
import json
import os
import platform
import time
import tracemalloc
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd

from sysdesign.core import checks

from .metrics import SCHEMES

DATA_FILE = "lookup_benchmark.json"
COLUMNS = ["ns per lookup", "ns per key, bulk", "state bytes"]


def _best_seconds(function, repeats: int) -> float:
    """The least CPU time (s) of this process over ``repeats`` runs of ``function``."""
    best = float("inf")
    for _ in range(repeats):
        start = time.process_time()
        function()
        best = min(best, time.process_time() - start)
    return best


def state_bytes(scheme: str, num_nodes: int, vnodes: int = 100) -> int:
    """Bytes allocated while building a partitioner (what it keeps: names, points, seeds)."""
    build = SCHEMES[checks.choice(scheme, "scheme", SCHEMES)]
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        partitioner = build(checks.integer(num_nodes, "num_nodes", 1), vnodes)
        after = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    del partitioner
    return after - before


def measure_lookups(node_counts=(8, 64, 512), vnodes: int = 100, *, budget: int = 200_000,
                    repeats: int = 3, seed: int = 0) -> pd.DataFrame:
    """Time one-key and bulk lookups and weigh the state of every scheme at each node count.

    ``budget`` caps (keys x nodes) per timing so rendezvous at 512 nodes stays quick.
    """
    budget = checks.integer(budget, "budget", 1_000)
    repeats = checks.integer(repeats, "repeats", 1)
    rng = np.random.default_rng(seed)
    rows = []
    for n in node_counts:
        n = checks.integer(n, "node_counts", 1)
        for scheme, build in SCHEMES.items():
            partitioner = build(n, vnodes)
            work = n if scheme == "rendezvous" else 1
            one_key = rng.integers(0, 2**62, max(200, min(5_000, budget // (20 * work)))).tolist()
            bulk = rng.integers(0, 2**62, max(1_000, min(100_000, budget // work)))
            scalar = _best_seconds(lambda p=partitioner, k=one_key: [p.shard_for(x) for x in k],
                                   repeats)
            vector = _best_seconds(lambda p=partitioner, k=bulk: p.assign(k), repeats)
            rows.append({"scheme": scheme, "nodes": n, "vnodes": vnodes if scheme == "ring" else 0,
                         "ns per lookup": 1e9 * scalar / len(one_key),
                         "ns per key, bulk": 1e9 * vector / len(bulk),
                         "state bytes": state_bytes(scheme, n, vnodes)})
    return pd.DataFrame(rows)


def machine() -> dict:
    """Where and when a measurement ran."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        load = f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    except OSError:  # not every system reports a load average
        load = "unknown"
    return {"cpu": cpu, "system": f"{platform.system()} {platform.machine()}",
            "python": platform.python_version(), "numpy": np.__version__,
            "date": datetime.date.today().isoformat(), "load": load}


def write_benchmark(table: pd.DataFrame, path: Path | None = None) -> Path:
    """Store a measured table and the machine it came from as JSON (for the notebook)."""
    path = path or Path(__file__).with_name(DATA_FILE)
    payload = {"machine": machine(),
               "method": "CPU time, best of 3 runs; one-key path = shard_for, bulk = assign; "
                         "state = tracemalloc while building",
               "rows": table.round(1).to_dict(orient="records")}
    path.write_text(json.dumps(payload, indent=1) + "\n", encoding="utf-8")
    return path


def lookup_benchmark() -> tuple[pd.DataFrame, dict]:
    """The shipped measurement: (table, machine and date it was measured on)."""
    text = resources.files(__package__).joinpath(DATA_FILE).read_text(encoding="utf-8")
    payload = json.loads(text)
    return pd.DataFrame(payload["rows"]), payload["machine"]
