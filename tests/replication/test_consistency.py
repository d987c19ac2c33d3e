"""Stale reads, session guarantees, quorums, metrics and the analytic staleness curve."""

import dataclasses
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sysdesign.replication import Cluster
from sysdesign.replication.experiments import (
    GUARANTEES,
    PARTITION,
    SYSTEMS,
    cap_scenario,
    cap_script,
    compare_modes,
    consistency_levels,
    during_partition,
    question_and_answer,
    quorum_grid,
    random_script,
    run_script,
    session_comparison,
    stale_curve,
    visibility,
)
from sysdesign.replication.linearizability import check_history, operations
from sysdesign.replication.metrics import (
    availability,
    availability_by_side,
    latency_percentiles,
    stale_probability,
    summarize,
)
from sysdesign.replication.sessions import (
    Session,
    consistent_prefix_violations,
    monotonic_read_violations,
    monotonic_write_violations,
    read_your_writes_violations,
    stale_reads,
    writes_follow_reads_violations,
)

# ---------------------------------------------------------------------- stale reads


def test_stale_read_is_a_read_of_an_overwritten_value():
    c = Cluster(3, "ap", seed=0, latency=5.0)  # R = W = 1
    c.write("x", 1, node=0)
    c.advance(10)
    c.write("x", 2, node=0)
    old = c.read("x", node=1)  # the second write has not reached node 1 yet
    c.advance(10)
    new = c.read("x", node=1)
    assert (old.value, new.value) == (1, 2)
    assert stale_reads(c.history) == [old.operation]


def test_reading_nothing_after_a_write_is_stale():
    c = Cluster(3, "ap", seed=0)
    c.write("x", 1, node=0)
    assert [op.value for op in stale_reads(c.history)] == []
    c.read("x", node=2)
    assert [op.value for op in stale_reads(c.history)] == [None]


@settings(max_examples=40)
@given(st.integers(0, 1000), st.sampled_from(["cp", "ap"]))
def test_stale_reads_break_linearizability(seed, mode):
    # In a sequential history a stale read is exactly a non-linearizable read.
    c = Cluster(3, mode, seed=seed, jitter=3.0)
    run_script(c, random_script(60, keys=1, seed=seed, partition_every=9))
    linearizable = all(check_history(c.history).values())
    assert linearizable == (not stale_reads(c.history))


# ------------------------------------------------------------------------ sessions
def test_read_your_writes_and_monotonic_reads_violations():
    c = Cluster(3, "ap", seed=0, latency=5.0)
    c.write("x", "mine", node=0, client="alice")
    c.read("x", node=1, client="alice")  # another replica: my write is not there yet
    assert [op.index for op in read_your_writes_violations(c.history)] == [1]
    c.advance(20)
    c.write("x", "newer", node=2, client="bob")
    c.read("x", node=2, client="carol")  # sees "newer"
    c.read("x", node=0, client="carol")  # node 0 is behind: goes back in time
    assert [op.index for op in monotonic_read_violations(c.history)] == [4]
    assert read_your_writes_violations(c.history) == [c.history[1]]


@pytest.mark.parametrize("sticky, tokens", [(True, False), (False, True)])
def test_sticky_sessions_or_tokens_give_session_guarantees(sticky, tokens):
    c = Cluster(3, "ap", seed=2, latency=5.0, jitter=5.0)
    alice = Session(c, "alice", home=0, sticky=sticky, tokens=tokens)
    others = [Session(c, f"other{i}", home=i) for i in range(3)]
    for i in range(100):
        alice.write("x", f"a{i}") if i % 3 == 0 else alice.read("x")
        others[i % 3].write("x", f"o{i}")
    assert all(op.ok for op in c.history)
    assert read_your_writes_violations(c.history) == []
    assert monotonic_read_violations([op for op in c.history if op.client == "alice"]) == []


def test_monotonic_writes_and_writes_follow_reads_under_skewed_clocks():
    # Node 1's clock is 100 ms behind node 0's: in AP a write stamped there sorts first.
    c = Cluster(3, "ap", seed=0, offsets=[0.0, -100.0, 0.0])
    c.write("x", "first", node=0, client="ann")
    c.advance(10)
    c.write("x", "second", node=1, client="ann")  # ann's later write sorts before her first
    assert [op.value for op in monotonic_write_violations(c.history)] == ["second"]
    c.advance(10)
    c.read("x", node=0, client="ben")  # ben reads "first" (the winner)...
    c.write("x", "reply", node=1, client="ben")  # ...and his reply sorts before it
    assert [op.value for op in writes_follow_reads_violations(c.history)] == ["reply"]
    c.settle()
    assert c.values("x") == ["first"] * 3  # both later writes silently lost


@pytest.mark.parametrize("sticky", [True, False])
def test_tokens_order_a_sessions_writes_after_what_it_saw(sticky):
    c = Cluster(3, "ap", seed=0, offsets=[0.0, -100.0, 0.0])
    ann = Session(c, "ann", tokens=True, sticky=sticky)
    for i in range(12):
        ann.write("x", i) if i % 3 else ann.read("x")
        c.advance(3)
    assert monotonic_write_violations(c.history) == []
    assert writes_follow_reads_violations(c.history) == []
    c.settle()
    assert c.values("x") == [11] * 3


def test_consistent_prefix_answer_before_question():
    leaderless = question_and_answer("quorum")
    [bad] = consistent_prefix_violations(leaderless.history)
    assert (bad.client, bad.key, bad.value) == ("observer", "question", None)
    ordered = question_and_answer("leader")
    assert consistent_prefix_violations(ordered.history) == []
    # Once everything has arrived both orders read both.
    assert [op.value for op in ordered.history[-2:]] == ["soup", "what's for lunch?"]


def test_consistent_prefix_ignores_writes_that_were_concurrent():
    ops = operations([("w", 1, 0, 10), ("r", 1, 11, 12)], key="a")
    ops += operations([("w", 2, 5, 6), ("r", None, 13, 14)], key="b")
    ops = [dataclasses.replace(op, index=i, client="c", version=_version(op), invoked=i,
                               returned=i) for i, op in enumerate(ops)]
    # The write to b started before the write to a ended: no order between them.
    assert consistent_prefix_violations(ops) == []


def _version(op):
    from sysdesign.replication.history import NO_VERSION, Version
    if op.value is None:
        return NO_VERSION
    return Version(float(op.start), 0, op.value)


def test_roaming_session_without_tokens_violates():
    c = Cluster(3, "ap", seed=2, latency=5.0, jitter=5.0)
    bob = Session(c, "bob")
    for i in range(60):
        bob.write("x", i) if i % 2 == 0 else bob.read("x")
    assert read_your_writes_violations(c.history)


def test_session_comparison_counts_against_denominators():
    rows = session_comparison(requests=120)
    by = {(row["routing"], row["guarantee"]): row for row in rows}
    assert set(GUARANTEES) == {row["guarantee"] for row in rows}
    for routing in ("sticky session", "version tokens"):
        for guarantee in ("read-your-writes", "monotonic reads", "monotonic writes"):
            assert by[(routing, guarantee)]["violations"] == 0
    assert by[("version tokens", "writes-follow-reads")]["violations"] == 0
    # Sticky on node 2, the slowest clock: a value read there may carry a later stamp from
    # a faster clock elsewhere, and her next write, stamped by node 2, sorts before it.
    c = Cluster(3, "ap", 0, skew=10.0)
    assert min(range(3), key=lambda n: c.clock_offset[n]) == 2
    assert by[("sticky session", "writes-follow-reads")]["violations"] > 0
    for guarantee in GUARANTEES:
        row = by[("any replica", guarantee)]
        assert 0 < row["violations"] <= row["out of"]
    # Denominators: alice's reads after her first write, and so on (a few samples).
    reads = by[("any replica", "read-your-writes")]["out of"]
    assert reads < 120 and by[("any replica", "monotonic reads")]["out of"] < 120


# ------------------------------------------------------------------------- quorums
@settings(max_examples=25)
@given(st.integers(0, 10_000), st.integers(1, 5), st.data())
def test_overlapping_quorums_never_read_stale(seed, n, data):
    w = data.draw(st.integers(1, n))
    r = data.draw(st.integers(max(1, n - w + 1), n))  # R + W > N
    c = Cluster(n, "ap", seed=seed, r=r, w=w, jitter=5.0, loss=0.2)
    # Think time keeps timestamps distinct: two writes in the same instant would tie, and
    # last-writer-wins would then order them by node id, not by real time.
    run_script(c, random_script(80, nodes=n, keys=2, seed=seed, partition_every=0,
                                think_ms=data.draw(st.sampled_from([0.5, 3.0]))))
    assert stale_reads(c.history) == []


def test_quorum_asymmetry_matches_its_closed_forms():
    # N = 3, a write through one node, at once a read through another; delays L + Exp(J).
    # W=2, R=1: stale only if the store to the reader is slower than a whole round trip to
    # the third node: P(E3 > L + E1 + E2) = e^(-L/J) / 4.
    # W=1, R=2: the reader's own copy is old; its first reply is old if the third node
    # answers first and had not got the store: 11/36, whatever L and J.
    trials = 3000
    for latency, jitter, seed in ((5.0, 5.0, 3), (2.0, 5.0, 4)):
        rates = quorum_grid(3, trials=trials, latency=latency, jitter=jitter, seed=seed)
        for (w, r), p in (((2, 1), math.exp(-latency / jitter) / 4), ((1, 2), 11 / 36),
                          ((1, 1), 1.0)):
            se = math.sqrt(max(p * (1 - p), 1e-9) / trials)
            assert abs(rates[w - 1, r - 1] - p) <= 4 * se, (w, r, rates, p)


@pytest.mark.parametrize("n", [2, 3, 5])
def test_quorum_grid_stale_exactly_where_quorums_can_miss(n):
    rates = quorum_grid(n, trials=60, seed=1)
    for w in range(1, n + 1):
        for r in range(1, n + 1):
            if r + w > n:
                assert rates[w - 1, r - 1] == 0
    assert rates[0, 0] > 0.5  # R = W = 1: the read almost always misses the write
    if n > 2:  # R + W = N still misses sometimes (less often: more replicas overlap)
        assert sum(rates[w - 1, n - w - 1] for w in range(1, n)) > 0


# ---------------------------------------------------------------- analytic curve
def test_analytic_stale_probability_shape():
    t = np.array([0.0, 4.9, 5.0, 7.0, 100.0])
    p = stale_probability(t, latency=5.0, jitter=2.0)
    assert list(p[:3]) == [1.0, 1.0, 1.0]
    assert p[3] == pytest.approx(math.exp(-1))
    assert p[4] < 1e-20
    assert list(stale_probability(t, latency=5.0)) == [1, 1, 0, 0, 0]  # no jitter: a step
    with_loss = stale_probability(t, latency=5.0, jitter=2.0, loss=0.5, rto=11.0)
    assert with_loss[3] == pytest.approx(0.5 * math.exp(-1) + 0.5)
    with pytest.raises(ValueError, match="loss"):
        stale_probability(1.0, 5.0, loss=1.0)
    with pytest.raises(TypeError, match="latency"):
        stale_probability(1.0, "5 ms")
    with pytest.raises(ValueError, match="NaN"):  # not a silent 0.0
        stale_probability([1.0, float("nan")], 5.0, jitter=2.0)


@pytest.mark.parametrize("loss", [0.0, 0.3])
def test_simulated_staleness_matches_the_analytic_curve(loss):
    curve = stale_curve([0.0, 5.0, 6.0, 8.0, 12.0, 20.0, 30.0], trials=400, latency=5.0,
                        jitter=4.0, loss=loss, seed=7)
    # Within 4 standard errors (plus a hair for the p = 0 or 1 ends).
    gap = np.abs(curve["simulated"] - curve["analytic"])
    assert np.all(gap <= 4 * curve["stderr"] + 1e-9), (curve["simulated"], curve["analytic"])


def test_experiments_reject_bad_input():
    with pytest.raises(ValueError, match="times"):
        stale_curve([-1.0])
    with pytest.raises(ValueError, match="trials"):
        stale_curve([1.0], trials=0)
    with pytest.raises(ValueError, match="nodes"):
        quorum_grid(0)
    with pytest.raises(ValueError, match="read_share"):
        random_script(10, read_share=1.5)
    with pytest.raises(TypeError, match="n_ops"):
        random_script(2.5)
    with pytest.raises(ValueError, match="not one of"):
        run_script(Cluster(3), [("fly", 1)])


# -------------------------------------------------------------------- metrics
def test_metrics_of_the_cap_scenario():
    cp, ap = cap_scenario("cp"), cap_scenario("ap")
    assert availability(ap.history) == 1.0 and availability(cp.history) < 1.0
    sides = availability_by_side(cp.history)
    assert sides[(2,)] == 0.0 and sides[(0, 1)] == 1.0 and sides[(0, 1, 2)] == 1.0
    assert all(check_history(cp.history).values())
    assert not all(check_history(ap.history).values())


@pytest.mark.parametrize("heal", [False, True])
def test_compare_modes_counts_only_the_partition(heal):
    steps = cap_script(PARTITION, heal=False)
    cut = max(i for i, step in enumerate(steps) if step[0] == "cut")
    in_partition = [s for s in steps[cut:] if s[0] in ("read", "write")]
    on_node_2 = sum(s[-1] == 2 for s in in_partition)
    rows = {row["mode"]: row for row in compare_modes(heal=heal)}
    for mode, row in rows.items():
        assert row["requests"] == len(in_partition)
        assert sum(total for _, total in row["answered by side"].values()) == len(in_partition)
        assert row["answered by side"][(2,)] == ((0 if mode == "CP" else on_node_2), on_node_2)
        assert row["answered by side"][(0, 1)] == (len(in_partition) - on_node_2,) * 2
        cluster = cap_scenario(mode.lower(), heal=heal)
        assert row["requests"] == len(during_partition(cluster))
    assert rows["CP"]["stale reads"] == 0 and rows["AP"]["stale reads"] > 0
    assert rows["AP"]["stale reads"] == len(stale_reads(cap_scenario("ap", heal=False).history))
    if heal:
        assert rows["AP"]["lost writes"] == 1 and rows["CP"]["lost writes"] == 0
    else:
        assert rows["AP"]["lost writes"] is None  # nothing is lost until the heal


def test_visibility_weak_eventual_strong():
    loss, trials = 0.3, 200
    seen = visibility((0, 1000), trials=trials, loss=loss)
    weak, eventual, strong = (seen[name] for name in SYSTEMS)
    assert list(strong) == [1.0, 1.0]  # the read quorum meets the write at once
    assert eventual[0] == 0.0 and eventual[-1] == 1.0  # lags, then converges
    # Weak: a lost datagram is never resent, so about 1 - loss of reads ever see the write.
    se = math.sqrt(loss * (1 - loss) / trials)
    assert abs(weak[-1] - (1 - loss)) <= 4 * se and weak[-1] < 1.0


def test_latency_percentiles_and_summary():
    c = Cluster(3, "cp", latency=5.0)
    c.write("x", 1)
    c.read("x", node=1)
    assert latency_percentiles(c.history, (50, 100)) == {50: 15.0, 100: 20.0}
    assert latency_percentiles(c.history, kind="read") == {50: 10.0, 95: 10.0, 99: 10.0}
    assert all(math.isnan(v) for v in latency_percentiles([]).values())
    row = summarize(c.history)
    assert row["requests"] == 2 and row["availability"] == 1.0 and row["stale reads"] == 0


def test_consistency_costs_latency_without_partitions():
    rows = consistency_levels(3, n_ops=300)
    p50 = [row["p50 latency (ms)"] for row in rows]
    assert p50 == sorted(p50) and p50[0] == 0.0 and p50[-1] > p50[1] > 0
    assert rows[0]["stale reads"] > 0 and rows[1]["stale reads"] == rows[2]["stale reads"] == 0


def test_the_cp_stores_phase_one_costs_a_second_round_trip_per_write():
    # PACELC's levels run one-phase quorum writes; the CP store's phase 1 adds a round trip.
    from sysdesign.replication.experiments import write_phases

    latency = 5.0
    one, two = write_phases(3, n_ops=40, latency=latency, jitter=0.0).values()
    assert [one[50], one[99]] == pytest.approx([2 * latency] * 2)  # one round trip
    assert [two[50], two[99]] == pytest.approx([4 * latency] * 2)  # two round trips
    one, two = write_phases(3, n_ops=300).values()  # the notebook's run, with jitter
    assert two[50] > one[50] + latency and two[99] > one[99]


def test_write_phases_one_phase_run_is_consistency_levels_majority_run():
    # The two share one simulation (kept once per setting): same workload, same cluster.
    from sysdesign.replication import Cluster
    from sysdesign.replication.experiments import _steady_history, write_phases
    from sysdesign.replication.metrics import latency_percentiles

    cluster = Cluster(3, "ap", 0, r=2, w=2, latency=5.0, jitter=5.0)
    run_script(cluster, random_script(120, 3, keys=4, seed=0, partition_every=0))
    assert _steady_history(3, "ap", 2, 2, 120, 5.0, 5.0, 0) == tuple(cluster.history)
    one = write_phases(3, n_ops=120)["one phase, stamped by the clock"]
    assert one == latency_percentiles(cluster.history, (50, 99), kind="write")
    majority = consistency_levels(3, [(2, 2)], n_ops=120)[0]
    assert majority["p50 latency (ms)"] == latency_percentiles(cluster.history)[50]
    # A latency matrix (lists) cannot be a cache key: it still runs.
    matrix = [[0.0, 5.0, 5.0], [5.0, 0.0, 5.0], [5.0, 5.0, 0.0]]
    assert consistency_levels(3, [(2, 2)], n_ops=120, latency=matrix)[0] == majority


def test_the_strong_system_is_the_configuration_notebook_09_found_linearizable():
    # "Strong" means linearizable: plain majority quorums (asynchronous read repair) are not,
    # once clients overlap; with the strong system's options the same workloads pass.
    from sysdesign.replication.concurrency import violation_rate

    strong = next(options for name, options in SYSTEMS.items() if name.startswith("strong"))
    broken = violation_rate(100, loss=0.3, jitter=2.0)["bad seeds"]
    assert broken, "asynchronous read repair no longer breaks any of these workloads"
    for seed in broken:
        assert violation_rate(1, seed=seed, loss=0.3, jitter=2.0,
                              **strong)["not linearizable"] == 0
