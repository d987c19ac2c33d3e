"""Overlapping clients: the new-then-old inversion of majority quorums, and its two fixes."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sysdesign.replication import Cluster
from sysdesign.replication.concurrency import (
    inversion,
    random_plans,
    run_clients,
    violation_rate,
)
from sysdesign.replication.linearizability import check_history


def reads(cluster):
    return {op.client: op for op in cluster.history if op.kind == "read"}


def test_asynchronous_read_repair_lets_a_later_read_go_back():
    c = inversion()
    alice, bob = reads(c)["alice"], reads(c)["bob"]
    write = next(op for op in c.history if op.client == "writer")
    assert (alice.value, bob.value) == ("new", "old")
    assert alice.ends < bob.begins  # Bob read after Alice had her answer...
    assert write.begins < alice.begins and bob.ends < write.ends  # ...while the write ran
    assert write.ok and c.r + c.w > c.n  # majority quorums, nothing failed
    verdict = check_history(c.history)["x"]
    assert not verdict.linearizable and verdict.culprit is bob


@pytest.mark.parametrize("options", [{"repair": "sync"}, {"scheme": "leader"}])
def test_synchronous_repair_or_leader_reads_fix_it(options):
    c = inversion(**options)
    assert (reads(c)["alice"].value, reads(c)["bob"].value) == ("new", "new")
    assert check_history(c.history)["x"].linearizable


def test_synchronous_repair_costs_alice_a_round_trip():
    slow, fast = reads(inversion(repair="sync"))["alice"], reads(inversion())["alice"]
    assert slow.latency == pytest.approx(fast.latency + 2 * 5.0)  # to node 1 and back


def test_run_clients_keeps_each_client_sequential():
    c = run_clients(Cluster(3, "cp", 1, jitter=3.0), random_plans(6, readers=2, seed=1), seed=1)
    for client in {op.client for op in c.history}:
        mine = sorted((op for op in c.history if op.client == client), key=lambda o: o.begins)
        assert len(mine) == 6
        assert all(a.ends < b.begins for a, b in zip(mine, mine[1:], strict=False))
    overlapping = [(a, b) for a in c.history for b in c.history
                   if a.client != b.client and a.begins < b.begins < a.ends]
    assert overlapping  # the clients do overlap in time
    with pytest.raises(ValueError, match="read or a write"):
        run_clients(Cluster(3), {"x": [("heal",)]})


def test_violation_rate_finds_inversions_with_asynchronous_repair_only():
    options = {"loss": 0.3, "jitter": 2.0}
    broken = violation_rate(150, **options)
    assert broken["not linearizable"] > 0 and broken["first"] is not None
    assert violation_rate(150, repair="sync", **options)["not linearizable"] == 0
    assert violation_rate(150, scheme="leader", **options)["not linearizable"] == 0


workloads = st.fixed_dictionaries({
    "seed": st.integers(0, 10_000), "jitter": st.sampled_from([0.0, 2.0, 8.0]),
    "loss": st.sampled_from([0.0, 0.2, 0.4]), "readers": st.integers(1, 4),
    "skew": st.sampled_from([0.0, 30.0]),
})


def _run(p, **options):
    c = Cluster(3, "cp", p["seed"], jitter=p["jitter"], loss=p["loss"], skew=p["skew"],
                **options)
    return run_clients(c, random_plans(8, p["readers"], seed=p["seed"]), seed=p["seed"])


@pytest.mark.parametrize("fix", [{"repair": "sync"}, {"scheme": "leader"}],
                         ids=["synchronous read repair", "reads through the leader"])
@settings(max_examples=60, deadline=None)
@given(workloads)
def test_either_fix_keeps_overlapping_histories_linearizable(fix, p):
    verdict = check_history(_run(p, **fix).history)["x"]
    assert verdict.linearizable, verdict.culprit
