"""Replication benchmark: the cluster simulation and the linearizability checker.

Run: .venv/bin/python benchmarks/bench_replication.py [--ops 10000] [--repeats 3]

1. A scripted workload of ``--ops`` reads and writes on 3 nodes with a partition or a
   heal every 50 requests, in each configuration (CP/AP x quorum/leader): wall time,
   simulated events (messages) per second. The issue's target: well under a second.
2. The linearizability checker (Wing & Gong search with memoisation) on those histories,
   next to the O(n) rule that suffices for sequential histories. No Python library
   checks linearizability (Knossos and Porcupine are Clojure and Go), so the naive rule
   is the side-by-side baseline, and both verdicts must agree.
3. Overlapping clients (``concurrency.violation_rate``): random workloads of one writer and
   three readers on CP majority quorums with 30 % message loss, with asynchronous read
   repair, synchronous read repair and reads through the leader: histories per second
   (simulation plus checker) and how many are not linearizable.

Panel redraw times are measured for every topic by ``benchmarks/run_all.py``.
Every time is the best of a few repeats (time.perf_counter).
"""

from __future__ import annotations

import argparse

from benchtools import best_of, best_wall_and_cpu

from sysdesign.replication import Cluster, check_history, random_script, run_script
from sysdesign.replication.concurrency import violation_rate

CONFIGS = [("cp", "quorum"), ("ap", "quorum"), ("cp", "leader"), ("ap", "leader")]


def simulate(steps, mode, scheme):
    cluster = Cluster(3, mode, seed=1, scheme=scheme, jitter=3.0, loss=0.05)
    return run_script(cluster, steps)


def naive_linearizable(history) -> dict:
    """Sequential histories only: every read returns the last successful write of its key.

    A write whose outcome is unknown ("info", it timed out part-way) counts as done: exact
    for the leader scheme, whose leader stores every write it is sent at once."""
    last, verdicts = {}, {}
    for op in history:
        if not (op.ok or op.indeterminate):
            continue
        verdicts.setdefault(op.key, True)
        if op.kind == "write":
            last[op.key] = op.value
        elif op.value != last.get(op.key):
            verdicts[op.key] = False
    return verdicts


def bench_workload(n_ops: int, repeats: int) -> dict:
    steps = random_script(n_ops, nodes=3, keys=4, seed=1, partition_every=50)
    print(f"\n1. Scripted workload: {n_ops:,} requests on 3 nodes, a partition or heal every "
          f"50 requests, jitter 3 ms, 5 % loss (best of {repeats})")
    print(f"   {'configuration':<16}{'wall s':>8}{'CPU s':>8}{'requests/s':>12}{'messages':>10}"
          f"{'answered':>10}")
    clusters = {}
    for mode, scheme in CONFIGS:
        run = lambda m=mode, s=scheme: simulate(steps, m, s)  # noqa: E731
        (seconds, cpu), cluster = best_wall_and_cpu(repeats, run)
        answered = sum(op.ok for op in cluster.history) / len(cluster.history)
        print(f"   {mode.upper() + ' ' + scheme:<16}{seconds:>8.3f}{cpu:>8.3f}"
              f"{n_ops / seconds:>12,.0f}{cluster.counters['messages']:>10,}{answered:>10.1%}")
        clusters[(mode, scheme)] = cluster
    return clusters


def bench_checker(clusters: dict, repeats: int) -> None:
    print(f"\n2. Linearizability of those histories (best of {repeats})")
    print(f"   {'configuration':<16}{'checker s':>10}{'naive s':>9}{'ratio':>8}"
          f"{'states':>9}  verdict (agree)")
    for (mode, scheme), cluster in clusters.items():
        ours_t, verdicts = best_of(repeats, lambda c=cluster: check_history(c.history))
        naive_t, naive = best_of(repeats, lambda c=cluster: naive_linearizable(c.history))
        ok = all(verdicts.values())
        agree = {k: bool(v) for k, v in verdicts.items()} == naive
        states = sum(v.states for v in verdicts.values())
        print(f"   {mode.upper() + ' ' + scheme:<16}{ours_t:>10.3f}{naive_t:>9.4f}"
              f"{ours_t / naive_t:>7.0f}x{states:>9,}  "
              f"{'linearizable' if ok else 'not linearizable'} ({agree})")


def bench_overlapping(runs: int, repeats: int) -> None:
    print(f"\n3. Overlapping clients: {runs} random histories per configuration, 30 % loss "
          f"(best of {repeats})")
    print(f"   {'configuration':<26}{'seconds':>9}{'histories/s':>13}{'not linearizable':>18}")
    for name, options in (("asynchronous read repair", {}),
                          ("synchronous read repair", {"repair": "sync"}),
                          ("reads through the leader", {"scheme": "leader"})):
        seconds, result = best_of(repeats, lambda o=options: violation_rate(
            runs, loss=0.3, jitter=2.0, **o))
        print(f"   {name:<26}{seconds:>9.3f}{runs / seconds:>13,.0f}"
              f"{result['not linearizable']:>12} of {runs}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ops", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    clusters = bench_workload(args.ops, args.repeats)
    bench_checker(clusters, args.repeats)
    bench_overlapping(100, args.repeats)


if __name__ == "__main__":
    main()
