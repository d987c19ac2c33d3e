"""Event-engine benchmark: core.events against SimPy on the same load-balancer model.

Run: .venv/bin/python benchmarks/bench_events.py [--requests 1000000] [--profile]

The model (the one tests/load_balancing/test_balancer.py cross-checks): Poisson arrivals
at 90% of capacity, exponential work, drawn up front with one seed; round robin over four
servers of speeds 2, 1, 0.5, 0.5 (work units per second), each a FIFO queue with one
worker. Ours is ``load_balancing.simulate`` on ``core.events.Simulator``; SimPy's is a
source process plus one process per request on a capacity-1 ``Resource`` per server.
Both record every request's latency, and the script checks they agree.

The SimPy model is written the way SimPy's documentation models queues (a process per
request holding a ``Resource``); a callback-only SimPy model would do less work per request.
Ours does its full job too: the round-robin policy object, per-server counters and the
bookkeeping every policy needs.

Events per second counts the model's events, two per request (arrival and departure), for
both engines, so the two rates divide to the same ratio as the run times. SimPy's own
event count (timeouts, resource requests and releases, process starts) is printed too.

At the default million requests, the SimPy run alone takes 50 s of CPU (50 s wall on a
quiet machine, up to 90 s on a busy one; core.events: 7.5 s); the script says so before it
starts and prints each engine's time as it finishes. The ratio depends on the run's size:
measured at about 3x for 20,000 requests, 4x for 100,000 and 6.7x for 1,000,000, because
SimPy's CPU time per request grows with the run (about 23, 30 and 50 microseconds) while
ours stays near 8.
``--profile`` prints where core.events spends its time.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
from pathlib import Path

import numpy as np
import simpy
from benchtools import best_wall_and_cpu

from sysdesign.load_balancing import requests, simulate

SPEEDS = [2.0, 1.0, 0.5, 0.5]

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repository root
# The SimPy model the tests cross-check core.events against, timed as it is.
from tests.load_balancing.test_balancer import simpy_latencies  # noqa: E402


def ours(arrivals, works):
    return simulate(arrivals, works, SPEEDS, "round robin")


def with_simpy(arrivals: list[float], works: list[float]):
    """SimPy's run of the model: the tests' cross-check model, round robin."""
    return simpy_latencies(arrivals, works, SPEEDS, lambda i: i % len(SPEEDS))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    n = args.requests
    arrivals, works, _ = requests(n, 0.9 * sum(SPEEDS), seed=2026)
    arrival_list, work_list = arrivals.tolist(), works.tolist()
    print(f"core.events: simulating {n:,} requests...", flush=True)
    (ours_wall, ours_cpu), run = best_wall_and_cpu(args.repeats, lambda: ours(arrivals, works))
    print(f"core.events: {ours_wall:.1f} s wall. SimPy: the same {n:,} requests, several "
          f"times slower (1,000,000 take about 50 s of CPU, 50 to 90 s wall on a 2-core "
          f"machine; --requests 100000 for a quick run)...", flush=True)
    (simpy_wall, simpy_cpu), (latency, simpy_events) = best_wall_and_cpu(
        args.repeats, lambda: with_simpy(arrival_list, work_list))
    same = bool(np.allclose(run.latency, latency, rtol=1e-9, atol=1e-9))
    model_events = 2 * n
    print(f"\nLoad balancer, {n:,} requests, round robin over 4 FIFO servers at load 0.9 "
          f"(best of {args.repeats})")
    print(f"   {'engine':<22}{'wall s':>8}{'events/s':>12}{'CPU s':>8}{'engine events':>15}")
    for name, wall, cpu, own in [("sysdesign core.events", ours_wall, ours_cpu, run.events),
                                 ("SimPy " + simpy.__version__, simpy_wall, simpy_cpu,
                                  simpy_events)]:
        print(f"   {name:<22}{wall:>8.2f}{model_events / wall:>12,.0f}{cpu:>8.2f}{own:>15,}")
    print(f"   core.events / SimPy: {simpy_wall / ours_wall:.2f}x by wall time, "
          f"{simpy_cpu / ours_cpu:.2f}x by CPU time (target: at least 3x)")
    print(f"   same latency for every request: {same}")
    if args.profile:
        profiler = cProfile.Profile()
        profiler.runcall(ours, arrivals[:200_000], works[:200_000])
        print("\ncore.events run of 200,000 requests, by own time:")
        pstats.Stats(profiler).sort_stats("tottime").print_stats(10)


if __name__ == "__main__":
    main()
