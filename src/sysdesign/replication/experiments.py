"""Scripted workloads and the experiments of notebooks 09 and 10, their panels and tests.

A script is a list of steps, each a tuple whose first item names the action:
``("write", key, value, node)``, ``("read", key, node)``, ``("partition", *groups)``,
``("cut", a, b)``, ``("heal",)``, ``("settle",)``, ``("wait", ms)``. Scripts run one request
at a time; overlapping clients live in ``concurrency.py``, skewed clocks in ``clocks.py``.

The last section holds each panel's compute function: ``cap`` for ``cap_panel``, drawn by
``plots.cap_view``, and so on.
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
import random
from collections.abc import Callable, Iterable, Sequence

import numpy as np

from sysdesign.core import checks

from . import faults
from .cluster import Cluster
from .history import INFO
from .linearizability import check_history, check_register
from .metrics import availability_by_side, latency_percentiles, stale_probability, summarize
from .multileader import MultiLeader
from .sessions import (
    Session,
    monotonic_read_violations,
    monotonic_write_violations,
    read_your_writes_violations,
    stale_reads,
    writes_follow_reads_violations,
)

STEP_ARITY = {"write": 4, "read": 3, "partition": None, "cut": 3, "heal": 1, "settle": 1,
              "wait": 2}


def run_script(cluster: Cluster, steps: Iterable[Sequence],
               after_step: Callable[[Cluster, tuple], None] | None = None) -> Cluster:
    """Play a script against a cluster, in order; returns the cluster for chaining.

    ``after_step(cluster, step)``, if given, is called after each step (to record frames).
    """
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
        if after_step is not None:
            after_step(cluster, tuple(step))
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


# ------------------------------------------------------------------ 09: the CAP story
PARTITION = ((0, 2), (1, 2))  # node 2 cut off from nodes 0 and 1
PAUSE = ("wait", 4)  # space requests out so the timeline stays readable


def cap_script(cuts: Iterable[tuple[int, int]] = PARTITION, *, heal: bool = True) -> list:
    """The notebook's story on 3 nodes: write, cut links, write and read on every node,
    then (optionally) heal and settle and read again."""
    steps = [("write", "x", "v1", 0), ("wait", 20)]
    steps += [step for node in range(3) for step in (("read", "x", node), PAUSE)]
    steps += [("cut", a, b) for a, b in cuts]
    steps += [("write", "x", "v2", 0), PAUSE, ("write", "x", "v3", 2), PAUSE]
    steps += [step for node in range(3) for step in (("read", "x", node), PAUSE)]
    steps += [("write", "x", "v4", 1), PAUSE]
    steps += [step for node in (2, 1, 0) for step in (("read", "x", node), PAUSE)]
    if heal:
        steps += [("heal",), ("settle",)]
        steps += [step for node in range(3) for step in (("read", "x", node), PAUSE)]
    return steps


def cap_scenario(mode: str = "cp", cuts: Iterable[tuple[int, int]] = PARTITION,
                 *, scheme: str = "quorum", seed: int = 0, heal: bool = True,
                 **options) -> Cluster:
    """Run the story (``cap_script``) on a fresh 3-node cluster; returns the cluster."""
    cluster = Cluster(3, mode, seed, scheme=scheme, **options)
    return run_script(cluster, cap_script(cuts, heal=heal))


@functools.lru_cache(maxsize=8)
def story_frames(mode: str = "cp", scheme: str = "quorum") -> tuple[Cluster, tuple]:
    """The story with heal, recorded step by step for the time slider: the finished
    cluster, and one frame per request or network change (``time``, the ``values`` each node
    stores, the ``cuts``, how many ``requests`` have been answered, and ``what`` happened).
    A pure function of its arguments, so it is computed once and kept."""
    frames: list[dict] = []

    def record(cluster: Cluster, step: tuple) -> None:
        if step[0] == "wait":
            return
        if step[0] in ("write", "read"):
            what = str(cluster.history[-1])
        elif step[0] == "cut":
            what = f"cut link {step[1]}-{step[2]}"
        elif step[0] == "settle":
            what = "anti-entropy: replicas exchange what they miss"
        else:
            what = {"heal": "heal every link"}.get(step[0], step[0])
        frames.append({"time": cluster.now, "values": tuple(cluster.values("x")),
                       "cuts": tuple(cluster.cut_links()), "requests": len(cluster.history),
                       "what": what})

    cluster = Cluster(3, mode, 0, scheme=scheme)
    run_script(cluster, cap_script(heal=True), after_step=record)
    return cluster, tuple(frames)


def partition_window(cluster: Cluster) -> tuple[float, float]:
    """When the first link was cut and when the network healed (infinity if never)."""
    changes = [(t, what) for t, what in cluster.events if what not in ("settle",)]
    cut = next((t for t, what in changes if what != "heal"), float("inf"))
    healed = next((t for t, what in changes if what == "heal" and t >= cut), float("inf"))
    return cut, healed


def during_partition(cluster: Cluster) -> list:
    """The operations that started while links were cut (after the cut, before the heal)."""
    cut, healed = partition_window(cluster)
    return [op for op in cluster.history if cut <= op.start < healed]


def compare_modes(cuts: Iterable[tuple[int, int]] = PARTITION, seed: int = 0, *,
                  heal: bool = False, **options) -> list[dict]:
    """CP next to AP on the story, counting only the requests made *during the partition*
    (the heal phase, when ``heal`` is True, changes only the lost-writes column).

    One row per mode: for each group of nodes that reach each other, how many requests were
    made there and how many answered; how many answered reads returned a value already
    overwritten; whether the whole history is linearizable; acknowledged writes lost (only
    known after healing: None otherwise).
    """
    rows = []
    cuts = list(cuts)
    for mode in ("cp", "ap"):
        cluster = cap_scenario(mode, cuts, seed=seed, heal=heal, **options)
        ops = during_partition(cluster)
        sides: dict[tuple, list[int]] = {}
        for op in ops:
            tally = sides.setdefault(op.side, [0, 0])
            tally[0] += op.ok
            tally[1] += 1
        stale = {op.index for op in stale_reads(cluster.history)}
        reads = [op for op in ops if op.kind == "read" and op.ok]
        rows.append({
            "mode": mode.upper(), "requests": len(ops),
            "answered by side": {side: tuple(tally) for side, tally in sorted(sides.items())},
            "answered reads": len(reads),
            "stale reads": sum(op.index in stale for op in reads),
            "linearizable": all(check_history(cluster.history).values()),
            "lost writes": len(cluster.lost_writes()) if heal else None})
    return rows


def span(*clusters: Cluster) -> float:
    """The latest moment any of these histories reaches: one time axis for all of them."""
    return max(max([op.end for op in c.history] + [t for t, _ in c.events] + [1.0])
               for c in clusters)


# ------------------------------------------------------- 09: when a write times out
CUT_WHILE = {"phase 1 in flight": 2.0, "value in flight": 12.0,
             "acknowledgements in flight": 17.0}


def timed_out_writes() -> list[dict]:
    """A CP write (R = W = 2 of 3, 5 ms links) whose node is cut off part-way.

    Phase 1 runs 0..10 ms; at 10 ms node 0 stores "v2" and sends it; the copies arrive at
    15 ms and the acknowledgements would be back at 20 ms. Cutting node 0 off at 2 ms stops
    phase 1 (nothing stored: a clean refusal); at 12 ms it loses the value on its way, at
    17 ms only the acknowledgements: the client learns nothing. One row per case: what the
    client was told, who holds "v2", what the majority side reads, what node 1 reads after
    healing, and whether the history is linearizable, counting the write as it was reported
    and as if it had been reported failed.
    """
    rows = []
    for case, cut_at in CUT_WHILE.items():
        cluster = Cluster(3, "cp", 0, latency=5.0)
        cluster.write("x", "v1", node=0)
        cluster.settle()
        start = cluster.now
        cluster.sim.at(start + cut_at, cluster.partition, {0}, {1, 2})
        write = cluster.write("x", "v2", node=0)
        holders = [node for node, value in enumerate(cluster.values("x")) if value == "v2"]
        during = cluster.read("x", node=1)
        cluster.heal()
        cluster.settle()
        after = cluster.read("x", node=1)
        told_failed = [dataclasses.replace(op, outcome="fail") if op.outcome == INFO else op
                       for op in cluster.history]
        rows.append({"case": case, "cut at (ms)": cut_at, "client was told": write.outcome,
                     "after (ms)": write.latency, "nodes holding v2": holders,
                     "read at node 1 during the cut": during.value,
                     "read at node 1 after healing": after.value,
                     "linearizable as reported": check_register(cluster.history).linearizable,
                     "linearizable had it failed": check_register(told_failed).linearizable})
    return rows


def skew_losses(skew: float = 50.0, runs: int = 200) -> dict:
    """The AP story (with heal) under clocks skewed by up to ``skew`` ms, over ``runs``
    seeds: how often the last write, v4, is lost after the heal (without skew it never is),
    and one seed where it is."""
    runs = checks.integer(runs, "runs", 1)
    lost, first = 0, None
    for seed in range(runs):
        cluster = cap_scenario("ap", heal=True, skew=skew, seed=seed)
        v4 = next(op for op in cluster.history if op.kind == "write" and op.value == "v4")
        if any(v.write_id == v4.version.write_id for v in cluster.lost_writes("x")):
            lost += 1
            first = seed if first is None else first
    return {"runs": runs, "v4 lost": lost, "share": lost / runs, "first seed": first}


def consistency_levels(nodes: int = 3, levels: Sequence[tuple[int, int]] | None = None, *,
                       n_ops: int = 600, latency: float = 5.0, jitter: float = 5.0,
                       seed: int = 0) -> list[dict]:
    """PACELC's 'else' half: with no partition, latency of each (R, W) level on one workload."""
    majority = nodes // 2 + 1
    if levels is None:
        levels = [(1, 1), (majority, majority), (nodes, nodes)]
    rows = []
    for r, w in levels:
        history = _steady_run(nodes, "ap", r, w, n_ops, latency, jitter, seed)
        rows.append({"R": r, "W": w, "R+W>N": r + w > nodes, **summarize(history)})
    return rows


def _steady_run(*args) -> tuple:
    """:func:`_steady_history`, kept when its arguments can be (a latency matrix given as
    lists cannot: then it simply runs)."""
    try:
        hash(args)
    except TypeError:
        return _steady_history.__wrapped__(*args)
    return _steady_history(*args)


@functools.lru_cache(maxsize=32, typed=True)  # typed: 5 and 5.0 ms are kept apart
def _steady_history(nodes: int, mode: str, r: int, w: int, n_ops: int, latency: float,
                    jitter: float, seed: int) -> tuple:
    """The history of ``consistency_levels``' workload (no partitions) on one cluster.

    ``consistency_levels`` and ``write_phases`` run the same majority-quorum AP cluster on
    the same workload; a pure function of its arguments, so each run happens once. The
    history comes back as a tuple of frozen Operations: nobody can change it."""
    cluster = Cluster(nodes, mode, seed, r=r, w=w, latency=latency, jitter=jitter)
    run_script(cluster, random_script(n_ops, nodes, keys=4, seed=seed, partition_every=0))
    return tuple(cluster.history)


def write_phases(nodes: int = 3, *, n_ops: int = 300, latency: float = 5.0,
                 jitter: float = 5.0, seed: int = 0) -> dict:
    """Majority-quorum write latency on ``consistency_levels``' workload, two ways: in one
    phase, stamped by the coordinator's clock (the leaderless store ``consistency_levels``
    runs, as Cassandra and Dynamo write), and in the CP store's two phases (ask W replicas
    for their version, then store after it).

    Returns ``{name: {50: p50, 99: p99}}`` in ms. Without jitter they are exactly one and
    two round trips."""
    nodes = checks.integer(nodes, "nodes", 1)
    majority = nodes // 2 + 1
    out = {}
    for mode, name in (("ap", "one phase, stamped by the clock"),
                       ("cp", "two phases, the CP store")):
        history = _steady_run(nodes, mode, majority, majority, n_ops, latency, jitter, seed)
        out[name] = latency_percentiles(history, (50, 99), kind="write")
    return out


# --------------------------------------------------------- 10: what a reader observes
SYSTEMS = {
    "weak: best effort, nothing resent or repaired": {
        "mode": "ap", "retransmit": False, "repair": "none"},
    "eventual: lost messages resent until they arrive": {"mode": "ap"},
    # Synchronous read repair: what makes majority quorums linearizable (notebook 09).
    "strong: majority quorums, synchronous read repair (CP)": {"mode": "cp", "repair": "sync"},
}


def visibility(waits: Sequence[float] = (0, 5, 10, 20, 100, 1000), *, trials: int = 200,
               loss: float = 0.3, jitter: float = 2.0, seed: int = 0) -> dict:
    """Weak, eventual and strong consistency as behaviour, on one lossy network: write "new"
    through node 0, then read it through node 2 at each of ``waits`` ms after the write
    returned (a read that takes time pushes the next one later). For each system and wait,
    the share of ``trials`` reads that returned the write. Returns ``waits``, ``trials`` and
    one array per system (keys of ``SYSTEMS``)."""
    trials = checks.integer(trials, "trials", 1)
    waits = sorted(checks.number(w, "waits", 0, hint="ms") for w in waits)
    out: dict = {"waits": np.array(waits), "trials": trials}
    for name, options in SYSTEMS.items():
        cluster = Cluster(3, seed=seed, jitter=jitter, loss=loss, **options)
        seen = np.zeros(len(waits))
        for trial in range(trials):
            written = cluster.write(trial, "new", node=0)
            for j, wait in enumerate(waits):
                cluster.advance(max(0.0, written.operation.end + wait - cluster.now))
                seen[j] += cluster.read(trial, node=2).value == "new"
        out[name] = seen / trials
    return out


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
    fine = np.linspace(0.0, float(times.max()) if len(times) else 1.0, 200)
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


def restored_replica() -> Cluster:
    """R + W > N reading stale data: three CP replicas (R = W = 2). "v2" is acknowledged by
    nodes 0 and 1; then node 1 is restored from a backup taken before, and node 0 goes down.
    A read on nodes 1 and 2 meets no copy of "v2". Returns the cluster."""
    cluster = Cluster(3, "cp", 0)
    cluster.write("x", "v1", node=0)
    cluster.settle()
    backup = faults.snapshot(cluster, 1)
    cluster.partition({0, 1}, {2})
    cluster.write("x", "v2", node=0)  # W = 2: nodes 0 and 1
    cluster.heal()
    faults.restore(cluster, 1, backup)  # node 1's disk is replaced by last night's backup
    cluster.partition({0}, {1, 2})  # and node 0 goes down
    cluster.read("x", node=2)
    return cluster


# ------------------------------------------------------------- 10: sessions
ROUTINGS = ("any replica", "sticky session", "version tokens")
GUARANTEES = {  # name -> (checker, which of the client's operations it judges)
    "read-your-writes": (read_your_writes_violations, "read"),
    "monotonic reads": (monotonic_read_violations, "read"),
    "monotonic writes": (monotonic_write_violations, "write"),
    "writes-follow-reads": (writes_follow_reads_violations, "write"),
}


def session_comparison(*, requests: int = 150, latency: float = 5.0, jitter: float = 5.0,
                       think_ms: float = 2.0, skew: float = 10.0, home: int = 2,
                       seed: int = 0) -> list[dict]:
    """One client (alice) among writers on every node, routed three ways (AP, R = W = 1,
    clocks skewed by up to ``skew`` ms; with seed 0 her ``home`` node 2 has the slowest
    clock, which a sticky session cannot hide from writes-follow-reads).

    One row per routing and guarantee: her violations, and out of how many of her
    operations that the guarantee constrains (reads after her first write for
    read-your-writes, after her first read for monotonic reads; writes after her first
    write, or after her first read, for the two write guarantees); plus requests refused
    (a token no reachable replica honours in time).
    """
    rows = []
    for routing in ROUTINGS:
        cluster = Cluster(3, "ap", seed, latency=latency, jitter=jitter, skew=skew)
        alice = Session(cluster, "alice", home=home, sticky=routing == "sticky session",
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
        for guarantee, (checker, kind) in GUARANTEES.items():
            rows.append({"routing": routing, "guarantee": guarantee,
                         "violations": len(checker(mine)),
                         "out of": _constrained(mine, guarantee, kind),
                         "refused": sum(not op.ok for op in mine)})
    return rows


def _constrained(ops, guarantee: str, kind: str) -> int:
    """How many of the client's answered operations of ``kind`` the guarantee constrains:
    those that come after the first operation it compares them with."""
    first_of = {"read-your-writes": "write", "monotonic reads": "read",
                "monotonic writes": "write", "writes-follow-reads": "read"}[guarantee]
    ops = sorted((op for op in ops if op.ok), key=lambda op: op.ends)
    first = next((op.ends for op in ops if op.kind == first_of), None)
    return 0 if first is None else sum(op.kind == kind and op.ends > first for op in ops)


# Node 0 reaches node 2 slowly (30 ms); nodes 0-1 and 1-2 are 1 ms apart.
FAR = ((0.0, 1.0, 30.0), (1.0, 0.0, 1.0), (30.0, 1.0, 0.0))


def question_and_answer(scheme: str = "quorum") -> Cluster:
    """Consistent prefix reads. Poons asks a question through node 0; Cake reads it on
    node 1 and answers through node 1; an observer reads the answer, then the question,
    through node 2. Leaderless (R = W = 1), the answer reaches node 2 before the question.
    With one leader (node 0) whose followers apply its writes in the order it sent them
    (one link, no jitter here, as a replication stream over TCP), no reader sees the answer
    without the question. Returns the cluster (AP, follower reads)."""
    cluster = Cluster(3, "ap", 0, scheme=scheme, w=1, leader_reads=False,
                      latency=[list(row) for row in FAR])
    cluster.write("question", "what's for lunch?", node=0, client="Poons")
    cluster.advance(2)
    cluster.read("question", node=1, client="Cake")
    cluster.write("answer", "soup", node=1, client="Cake")
    for t in (3, 40):  # right away, then once everything has arrived
        cluster.advance(t)
        cluster.read("answer", node=2, client="observer")
        cluster.read("question", node=2, client="observer")
    return cluster


def cart_conflicts() -> list[dict]:
    """Two datacentres, each with a leader and a follower, 40 ms apart. A client in each adds
    an item to an empty cart at the same moment (or, last row, 50 ms apart, after the first
    write has arrived): what each conflict policy leaves in the cart."""
    rows = []
    for resolve, gap in (("lww", 0.0), ("siblings", 0.0), ("merge", 0.0), ("lww", 50.0)):
        ml = MultiLeader(resolve=resolve)
        ml.write(0, "cart", {"book"})
        ml.sim.run(ml.sim.now + gap)
        seen = set().union(*map(set, ml.read(2, "cart")))  # what datacentre 1 holds now
        ml.write(1, "cart", seen | {"lamp"})
        ml.settle()
        rows.append({"policy": resolve, "second write after (ms)": gap,
                     "conflicts": len(ml.conflicts), "acknowledged writes lost": len(ml.lost),
                     "cart on every node": ml.read(3, "cart"),
                     "all nodes agree": len({repr(ml.read(n, "cart"))
                                             for n in range(4)}) == 1})
    return rows


# ------------------------------------------------ 10: replication lag and anti-entropy
KEYS = tuple(f"k{i}" for i in range(6))


@functools.lru_cache(maxsize=2)
def convergence_frames(step_ms: float = 2.0, seed: int = 0) -> tuple[dict, ...]:
    """Asynchronous replication, a cut, a heal and anti-entropy, recorded for the time slider.

    Three AP replicas (R = W = 1, 5 ms links with 5 ms mean jitter). Node 0 writes a new
    version of one of six keys every 3 ms; replication lags behind; node 2 is cut off from
    20 to 60 ms and misses those writes; after the heal, anti-entropy rounds bring it back.
    One frame every ``step_ms`` of simulated time and one per anti-entropy round, each with
    ``time``, ``what``, ``fresh`` (for each node and key: 1 if the node holds the newest
    version, 0 if an older one, -1 if none although the key was written, -2 if nobody has
    written the key yet) and ``stale`` (how many copies are behind: 0 or -1).
    """
    cluster = Cluster(3, "ap", seed, jitter=5.0)
    frames: list[dict] = []

    def record(what: str) -> None:
        newest = [max(cluster.versions(key)) for key in KEYS]
        held = [[cluster.replicas.get(n, key)[0] for key in KEYS] for n in range(cluster.n)]
        # 1: holds the newest write; 0: an older one; -1: none, though the key was written;
        # -2: nobody has written the key yet.
        fresh = np.array([[-2 if not top.write_id else 1 if mine == top else
                           0 if mine.write_id else -1 for mine, top in zip(row, newest,
                                                                         strict=True)]
                          for row in held])
        frames.append({"time": cluster.now, "what": what, "fresh": fresh,
                       "stale": int(((fresh == 0) | (fresh == -1)).sum())})

    rng = random.Random(seed)
    for i, t in enumerate(np.arange(0.0, 70.0, 3.0)):  # node 0 writes every 3 ms
        cluster.sim.at(float(t), cluster.start_write, KEYS[rng.randrange(len(KEYS))], i + 1)
    cluster.sim.at(20.0, cluster.partition, {0, 1}, {2})
    cluster.sim.at(60.0, cluster.heal)
    for t in np.arange(step_ms, 90.0 + step_ms / 2, step_ms):
        cluster.sim.run(float(t))
        phase = "replicating" if t < 20 else "node 2 cut off" if t < 60 else "healed"
        record(f"t = {t:.0f} ms: {phase}")
    cluster.settle(on_round=lambda c: record(
        f"anti-entropy round {c.counters['anti_entropy_rounds']}"))
    record("replicas agree")
    return tuple(frames)


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


def replay(mode="cp", step=0) -> dict:
    """The CAP story at one moment (``step``): the recorded run and the frame to show."""
    cluster, frames = story_frames(mode)
    step = min(checks.integer(step, "step", 0), len(frames) - 1)
    return {"cluster": cluster, "frames": frames, "step": step}


def pacelc(nodes=3, r=2, w=2, latency=5.0, jitter=5.0) -> list[dict]:
    """Latency and staleness of R=W=1, majority, all, and your (R, W), without partitions.

    The panel keeps R and W at most N; a larger value (a direct call) is an error."""
    nodes = checks.integer(nodes, "nodes", 1)
    r, w = checks.integer(r, "r", 1, nodes), checks.integer(w, "w", 1, nodes)
    majority = nodes // 2 + 1
    levels = list(dict.fromkeys([(1, 1), (majority, majority), (nodes, nodes), (r, w)]))
    return consistency_levels(nodes, levels, n_ops=120, latency=latency, jitter=jitter)


def lag(latency=5.0, jitter=5.0, loss=0.0, trials=50) -> dict:
    """Stale-read chance vs time since the write, simulated and analytic, over a time
    range long enough to show the tail (11 points)."""
    rto = 2 * latency + 1.0  # the Cluster's default retransmission timeout
    horizon = latency + 5 * max(jitter, 1.0) + (3 * rto if loss else 0.0)
    return stale_curve(np.linspace(0, horizon, 11), trials=trials, latency=latency,
                       jitter=jitter, loss=loss)


def convergence(step=0) -> dict:
    """Replication lag and anti-entropy at one moment: every frame, and the one to show."""
    frames = convergence_frames()
    return {"frames": frames, "step": min(checks.integer(step, "step", 0), len(frames) - 1)}


def quorum(nodes=3, r=1, w=2, jitter=5.0, gap=0.0, trials=30) -> dict:
    """Stale-read rates for every (W, R) on N replicas (``quorum_grid``), and the trials
    behind each rate; the panel keeps R and W at most N."""
    nodes = checks.integer(nodes, "nodes", 1)
    checks.integer(r, "r", 1, nodes), checks.integer(w, "w", 1, nodes)
    return {"rates": quorum_grid(nodes, trials=trials, latency=5.0, jitter=jitter, gap=gap),
            "trials": trials}


def session(latency=5.0, jitter=5.0, think_ms=2.0, skew=10.0) -> list[dict]:
    """One client's session guarantees under three ways of routing 60 of her requests."""
    return session_comparison(requests=60, latency=latency, jitter=jitter,
                              think_ms=think_ms, skew=skew)
