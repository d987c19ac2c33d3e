"""Scripted workloads and the experiments notebooks 09 and 10, their panels and the tests
run on the Cluster.

A script is a list of steps, each a tuple whose first item names the action:
``("write", key, value, node)``, ``("read", key, node)``, ``("partition", *groups)``,
``("cut", a, b)``, ``("heal",)``, ``("settle",)``, ``("wait", ms)``.

The last section holds each panel's compute function: ``cap`` for ``cap_panel``, drawn by
``plots.cap_view``, and so on.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterable, Sequence

import numpy as np

from sysdesign.core import checks

from .cluster import Cluster
from .linearizability import check_history
from .metrics import availability_by_side, stale_probability, summarize
from .sessions import (
    Session,
    monotonic_read_violations,
    read_your_writes_violations,
    stale_reads,
)

STEP_ARITY = {"write": 4, "read": 3, "partition": None, "cut": 3, "heal": 1, "settle": 1,
              "wait": 2}


def run_script(cluster: Cluster, steps: Iterable[Sequence]) -> Cluster:
    """Play a script against a cluster, in order; returns the cluster for chaining."""
    for i, step in enumerate(steps):
        action = step[0] if step else None
        arity = STEP_ARITY.get(action, -1)
        if arity == -1 or (arity is not None and len(step) != arity):
            raise ValueError(f"step {i} {step!r} is not one of {sorted(STEP_ARITY)} "
                             "with the right number of arguments")
        if action == "write":
            cluster.write(step[1], step[2], node=step[3])
        elif action == "read":
            cluster.read(step[1], node=step[2])
        elif action == "partition":
            cluster.partition(*step[1:])
        elif action == "cut":
            cluster.cut(step[1], step[2])
        elif action == "heal":
            cluster.heal()
        elif action == "settle":
            cluster.settle()
        else:
            cluster.advance(step[1])
    return cluster


def random_script(n_ops: int, nodes: int = 3, keys: int = 2, *, seed: int = 0,
                  read_share: float = 0.5, partition_every: int = 50,
                  think_ms: float = 2.0) -> list[tuple]:
    """A random workload of ``n_ops`` requests, with a partition or heal every so often.

    Each partition splits the nodes into two random non-empty groups; the next event heals.
    """
    n_ops = checks.integer(n_ops, "n_ops", 0)
    nodes = checks.integer(nodes, "nodes", 1)
    keys = checks.integer(keys, "keys", 1)
    partition_every = checks.integer(partition_every, "partition_every", 0)
    read_share = checks.fraction(read_share, "read_share")
    rng = random.Random(seed)
    steps: list[tuple] = []
    counter = itertools.count(1)
    partitioned = False
    for i in range(n_ops):
        if partition_every and i and i % partition_every == 0 and nodes > 1:
            if partitioned:
                steps.append(("heal",))
            else:
                members = list(range(nodes))
                rng.shuffle(members)
                cut = rng.randrange(1, nodes)
                steps.append(("partition", set(members[:cut]), set(members[cut:])))
            partitioned = not partitioned
        key = f"k{rng.randrange(keys)}"
        node = rng.randrange(nodes)
        if rng.random() < read_share:
            steps.append(("read", key, node))
        else:
            steps.append(("write", key, next(counter), node))
        if think_ms:
            steps.append(("wait", rng.expovariate(1 / think_ms)))
    return steps


def cap_scenario(mode: str = "cp", cuts: Iterable[tuple[int, int]] = ((0, 2), (1, 2)),
                 *, scheme: str = "quorum", seed: int = 0, heal: bool = True,
                 **options) -> Cluster:
    """The notebook's story on 3 nodes: write, cut links, write and read on every node,
    then (optionally) heal and settle and read again. Returns the cluster."""
    cluster = Cluster(3, mode, seed, scheme=scheme, **options)
    pause = ("wait", 4)  # space requests out so the timeline stays readable
    steps = [("write", "x", "v1", 0), ("wait", 20)]
    steps += [step for node in range(3) for step in (("read", "x", node), pause)]
    steps += [("cut", a, b) for a, b in cuts]
    steps += [("write", "x", "v2", 0), pause, ("write", "x", "v3", 2), pause]
    steps += [step for node in range(3) for step in (("read", "x", node), pause)]
    steps += [("write", "x", "v4", 1), pause]
    steps += [step for node in (2, 1, 0) for step in (("read", "x", node), pause)]
    if heal:
        steps += [("heal",), ("settle",)]
        steps += [step for node in range(3) for step in (("read", "x", node), pause)]
    return run_script(cluster, steps)


def compare_modes(cuts: Iterable[tuple[int, int]] = ((0, 2), (1, 2)), seed: int = 0,
                  **options) -> list[dict]:
    """One row per configuration of the CAP scenario: availability and consistency."""
    rows = []
    cuts = list(cuts)
    for mode in ("cp", "ap"):
        cluster = cap_scenario(mode, cuts, seed=seed, **options)
        verdicts = check_history(cluster.history)
        row = {"mode": mode.upper(), **summarize(cluster.history, len(cluster.lost_writes()))}
        row["linearizable"] = all(verdicts.values())
        rows.append(row)
    return rows


def consistency_levels(nodes: int = 3, levels: Sequence[tuple[int, int]] | None = None, *,
                       n_ops: int = 600, latency: float = 5.0, jitter: float = 5.0,
                       seed: int = 0) -> list[dict]:
    """PACELC's 'else' half: with no partition, latency of each (R, W) level on one workload."""
    majority = nodes // 2 + 1
    if levels is None:
        levels = [(1, 1), (majority, majority), (nodes, nodes)]
    rows = []
    for r, w in levels:
        cluster = Cluster(nodes, "ap", seed, r=r, w=w, latency=latency, jitter=jitter)
        run_script(cluster, random_script(n_ops, nodes, keys=4, seed=seed, partition_every=0))
        row = {"R": r, "W": w, "R+W>N": r + w > nodes, **summarize(cluster.history)}
        rows.append(row)
    return rows


def stale_curve(times: Sequence[float], *, trials: int = 200, latency: float = 5.0,
                jitter: float = 5.0, loss: float = 0.0, seed: int = 0) -> dict:
    """Simulated and analytic chance that a follower read ``t`` ms after a write is stale.

    Asynchronous leader replication (w=1): write at the leader, wait ``t``, read the
    follower locally. Returns arrays ``t``, ``simulated``, ``analytic``, ``stderr``, and
    the formula on a fine grid (``t_fine``, ``analytic_fine``) for drawing.
    """
    trials = checks.integer(trials, "trials", 1)
    times = np.asarray(times, dtype=float)
    if times.ndim != 1 or np.any(times < 0):
        raise ValueError("times must be a 1-D sequence of non-negative ms")
    cluster = Cluster(2, "ap", seed, scheme="leader", w=1, leader_reads=False,
                      latency=latency, jitter=jitter, loss=loss)
    stale = np.zeros(len(times))
    for j, t in enumerate(times):
        for trial in range(trials):
            key = (j, trial)
            written = cluster.write(key, trial, node=0)
            cluster.advance(float(t))
            stale[j] += cluster.read(key, node=1).version != written.version
    simulated = stale / trials
    analytic = stale_probability(times, latency, jitter, loss, cluster.rto)
    stderr = np.sqrt(np.maximum(analytic * (1 - analytic), 1e-12) / trials)
    fine = np.linspace(0.0, float(times.max()) if len(times) else 1.0, 400)
    return {"t": times, "simulated": simulated, "analytic": analytic, "stderr": stderr,
            "trials": trials, "t_fine": fine,
            "analytic_fine": stale_probability(fine, latency, jitter, loss, cluster.rto)}


def quorum_grid(nodes: int = 3, *, trials: int = 100, latency: float = 5.0,
                jitter: float = 5.0, gap: float = 0.0, seed: int = 0) -> np.ndarray:
    """Stale-read rate for every (W, R): write on a random node, read another ``gap`` ms later.

    Entry ``[w - 1, r - 1]``; no partitions, so R + W > N must give exactly zero.
    """
    nodes, trials = checks.integer(nodes, "nodes", 1), checks.integer(trials, "trials", 1)
    rates = np.zeros((nodes, nodes))
    for w, r in itertools.product(range(1, nodes + 1), repeat=2):
        cluster = Cluster(nodes, "ap", seed, r=r, w=w, latency=latency, jitter=jitter)
        rng = random.Random(seed)
        for trial in range(trials):
            writer = rng.randrange(nodes)
            reader = (writer + rng.randrange(1, nodes)) % nodes if nodes > 1 else 0
            cluster.write("x", trial, node=writer)
            if gap:
                cluster.advance(gap)
            cluster.read("x", node=reader)
        rates[w - 1, r - 1] = len(stale_reads(cluster.history)) / trials
    return rates


ROUTINGS = ("any replica", "sticky session", "version tokens")


def session_comparison(*, requests: int = 150, latency: float = 5.0, jitter: float = 5.0,
                       think_ms: float = 2.0, seed: int = 0) -> list[dict]:
    """One client (alice) among writers on every node, routed three ways (AP, R = W = 1).

    Counts her read-your-writes and monotonic-read violations, and requests refused
    (a token no reachable replica can honour in time).
    """
    rows = []
    for routing in ROUTINGS:
        cluster = Cluster(3, "ap", seed, latency=latency, jitter=jitter)
        alice = Session(cluster, "alice", sticky=routing == "sticky session",
                        tokens=routing == "version tokens")
        others = [Session(cluster, f"client {i}", home=i, sticky=True) for i in range(3)]
        rng = random.Random(seed)
        for i in range(requests):
            if rng.random() < 0.3:
                alice.write("x", f"alice {i}")
            else:
                alice.read("x")
            others[i % 3].write("x", f"other {i}")
            cluster.advance(rng.expovariate(1 / think_ms) if think_ms else 0.0)
        mine = [op for op in cluster.history if op.client == "alice"]
        rows.append({"routing": routing,
                     "read-your-writes violations": len(read_your_writes_violations(mine)),
                     "monotonic-read violations": len(monotonic_read_violations(mine)),
                     "refused": sum(not op.ok for op in mine),
                     "alice's requests": len(mine)})
    return rows


def visibility(waits: Sequence[float] = (0, 2, 5, 10, 100), *, seed: int = 0) -> list[dict]:
    """Weak, eventual and strong consistency as behaviour: write at node 0, read at node 2.

    One row per configuration; each column is what node 2 returned ``wait`` ms after the
    write returned ("refused" when it did not answer). Weak: AP with node 2 cut off for
    good. Eventual: AP, R = W = 1. Strong: CP with majority quorums.
    """
    setups = {"weak (AP, node 2 cut off)": ("ap", True), "eventual (AP, R=W=1)": ("ap", False),
              "strong (CP, majority quorums)": ("cp", False)}
    rows = []
    for name, (mode, cut_off) in setups.items():
        row = {"consistency": name}
        for wait in waits:
            cluster = Cluster(3, mode, seed, jitter=2.0)
            cluster.write("x", "old", node=0)
            cluster.settle()
            if cut_off:
                cluster.partition({0, 1}, {2})
            cluster.write("x", "new", node=0)
            cluster.advance(wait)
            result = cluster.read("x", node=2)
            row[f"after {wait:g} ms"] = result.value if result.ok else "refused"
        rows.append(row)
    return rows


# ------------------------------------------------------------------ panel computations
LINKS = ((0, 1), (0, 2), (1, 2))  # the three links of a three-node cluster


def _cuts(cut_0_1: bool, cut_0_2: bool, cut_1_2: bool) -> list[tuple[int, int]]:
    """The links whose box is ticked."""
    return [link for link, cut in zip(LINKS, (cut_0_1, cut_0_2, cut_1_2), strict=True) if cut]


def cap(mode="cp", scheme="quorum", cut_0_1=False, cut_0_2=True, cut_1_2=True,
        heal=False) -> dict:
    """The CAP story with the chosen links cut: the cluster, the linearizability verdict
    of key x, and the share of requests answered on each side of the cut."""
    cluster = cap_scenario(mode, _cuts(cut_0_1, cut_0_2, cut_1_2), scheme=scheme, heal=heal)
    return {"cluster": cluster, "verdict": check_history(cluster.history)["x"],
            "availability": availability_by_side(cluster.history)}


def modes(cut_0_1=False, cut_0_2=True, cut_1_2=True) -> list[dict]:
    """Availability and consistency of CP and AP for the chosen cuts."""
    return compare_modes(_cuts(cut_0_1, cut_0_2, cut_1_2))


def pacelc(nodes=3, r=2, w=2, latency=5.0, jitter=5.0) -> list[dict]:
    """Latency and staleness of R=W=1, majority, all, and your (R, W), without partitions."""
    r, w = min(r, nodes), min(w, nodes)  # a quorum cannot exceed the replicas
    majority = nodes // 2 + 1
    levels = list(dict.fromkeys([(1, 1), (majority, majority), (nodes, nodes), (r, w)]))
    return consistency_levels(nodes, levels, n_ops=300, latency=latency, jitter=jitter)


def lag(latency=5.0, jitter=5.0, loss=0.0, trials=100) -> dict:
    """Stale-read chance vs time since the write, simulated and analytic, over a time
    range long enough to show the tail (13 points)."""
    rto = 2 * latency + 1.0  # the Cluster's default retransmission timeout
    horizon = latency + 5 * max(jitter, 1.0) + (3 * rto if loss else 0.0)
    return stale_curve(np.linspace(0, horizon, 13), trials=trials, latency=latency,
                       jitter=jitter, loss=loss)


def quorum(nodes=3, r=1, w=2, jitter=5.0, gap=0.0, trials=40) -> np.ndarray:
    """Stale-read rates for every (W, R) on N replicas (``quorum_grid``); the view rings
    your (R, W), capped at N."""
    return quorum_grid(nodes, trials=trials, latency=5.0, jitter=jitter, gap=gap)


def session(latency=5.0, jitter=5.0, think_ms=2.0) -> list[dict]:
    """One client's session guarantees under three ways of routing its requests."""
    return session_comparison(latency=latency, jitter=jitter, think_ms=think_ms)
