"""Clients that overlap in time, and the history they leave for the linearizability checker.

A synchronous script (``experiments.run_script``) never has two requests in flight, so
its histories are sequential and "every read returns the last write" is all a checker needs.
Real clients overlap. Here each client runs its own plan, one request after another, and
all clients run at once on the cluster's simulator (``Cluster.start_write``/``start_read``).

:func:`inversion` is the smallest run that breaks majority quorums: a read sees a write
that is still on its way, a later read does not. :func:`violation_rate` measures how
often random overlapping workloads break linearizability, for any cluster configuration.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence

from sysdesign.core import checks

from . import faults
from .cluster import Cluster
from .linearizability import check_history


def run_clients(cluster: Cluster, plans: Mapping[object, Sequence[tuple]], *,
                think_ms: float = 1.0, seed: int = 0) -> Cluster:
    """Run every client's plan at once; each waits for an answer before its next request.

    A plan is a list of ``("write", key, value, node)`` and ``("read", key, node)`` steps.
    Between two requests a client pauses for an exponential time of mean ``think_ms``.
    Returns the cluster once every client is done and every message has arrived.
    """
    think_ms = checks.number(think_ms, "think_ms", 0, hint="ms")
    rng = random.Random(seed)

    def step(client, i: int) -> None:
        plan = plans[client]
        if i == len(plan):
            return

        def then(_result) -> None:
            pause = rng.expovariate(1 / think_ms) if think_ms else 0.0
            cluster.sim.schedule(pause, step, client, i + 1)

        action = plan[i]
        if action[0] == "write":
            _, key, value, node = action
            cluster.start_write(key, value, node, client=client, then=then)
        elif action[0] == "read":
            _, key, node = action
            cluster.start_read(key, node, client=client, then=then)
        else:
            raise ValueError(f"step {i} of {client!r}'s plan must be a read or a write, "
                             f"got {action!r}")

    for client in plans:
        cluster.sim.schedule(0.0, step, client, 0)
    cluster.sim.run()
    return cluster


def random_plans(requests: int = 10, readers: int = 3, nodes: int = 3, *,
                 seed: int = 0) -> dict[str, list[tuple]]:
    """One writer writing 1, 2, 3, ... and ``readers`` readers, each ``requests`` requests
    to random nodes, all on key "x"."""
    requests = checks.integer(requests, "requests", 1)
    readers = checks.integer(readers, "readers", 0)
    nodes = checks.integer(nodes, "nodes", 1)
    rng = random.Random(seed)
    plans = {"writer": [("write", "x", i, rng.randrange(nodes)) for i in range(1, requests + 1)]}
    for r in range(readers):
        plans[f"reader {r + 1}"] = [("read", "x", rng.randrange(nodes)) for _ in range(requests)]
    return plans


def violation_rate(runs: int = 100, *, requests: int = 10, readers: int = 3,
                   seed: int = 0, **options) -> dict:
    """Run ``runs`` random overlapping workloads (seeds ``seed``, ``seed + 1``, ...) on fresh
    3-node CP clusters built with ``options`` (e.g. ``repair="sync"``, ``scheme="leader"``,
    ``loss=0.3``); count the histories the checker finds not linearizable. Returns the
    counts, the seeds of the bad runs (to replay them with a fix) and the first bad run."""
    runs = checks.integer(runs, "runs", 1)
    options = {"nodes": 3, "mode": "cp", **options}
    bad, first = [], None
    for run in range(seed, seed + runs):
        cluster = Cluster(seed=run, **options)
        run_clients(cluster, random_plans(requests, readers, cluster.n, seed=run), seed=run)
        if not all(check_history(cluster.history).values()):
            bad.append(run)
            first = cluster if first is None else first
    return {"runs": runs, "not linearizable": len(bad), "share": len(bad) / runs,
            "bad seeds": bad, "first": first}


# Nodes 1 and 2 share a rack (1 ms apart); node 0 is 5 ms from both.
RACK = ((0.0, 5.0, 5.0), (5.0, 0.0, 1.0), (5.0, 1.0, 0.0))
SENT_AT = 10.0  # when the new value leaves node 0, in ms after the write starts


def inversion(*, repair: str = "async", scheme: str = "quorum", seed: int = 0) -> Cluster:
    """The new-then-old inversion on three CP replicas with majority quorums (R = W = 2).

    ``x`` holds "old" everywhere. A writer stores "new" through node 0; the packets that
    carry it to nodes 1 and 2 are held up (30 ms instead of 5). Alice reads through node 0
    while the write is on its way and tells Bob, who reads through node 2 one ms later.
    With asynchronous read repair Alice gets "new" and Bob "old": not linearizable.
    Synchronous read repair (``repair="sync"``) or reads through a leader
    (``scheme="leader"``) give Bob "new". Returns the cluster; its history holds the writer's
    write, Alice's read and Bob's read (after the setup write of "old").
    """
    cluster = Cluster(3, "cp", seed, latency=[list(row) for row in RACK], repair=repair,
                      scheme=scheme)
    cluster.write("x", "old", node=0, client="setup")
    cluster.settle()
    start = cluster.now
    # A quorum write stores after phase 1 (one round trip, 10 ms); a leader's at once.
    write_at = start if scheme == "quorum" else start + SENT_AT
    for follower in (1, 2):
        faults.slow_link(cluster, 0, follower, 30.0, start=start + SENT_AT,
                         stop=start + SENT_AT + 2.0)

    def writer() -> None:
        cluster.start_write("x", "new", 0, client="writer")

    def alice() -> None:
        cluster.start_read("x", 0, client="alice", then=lambda _: cluster.sim.schedule(1.0, bob))

    def bob() -> None:
        cluster.start_read("x", 2, client="bob")

    cluster.sim.at(write_at, writer)
    cluster.sim.at(start + SENT_AT + 2.0, alice)
    cluster.sim.run()
    return cluster
