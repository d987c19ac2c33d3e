"""The load-balancer simulator: policies, invariants, queueing closed forms, and a
cross-check of core.events against SimPy on the same model."""

import math
import random

import numpy as np
import pytest
import simpy
from hypothesis import given
from hypothesis import strategies as st

from sysdesign.load_balancing import POLICIES, requests, simulate


def simpy_latencies(arrivals, works, speeds, choose, done=None):
    """The same model in SimPy: one capacity-1 FIFO Resource per server; ``choose(i)``
    names request i's server (called in arrival order); ``done(s)``, if given, hears that
    server s finished a request.

    Returns every request's latency and how many events SimPy scheduled (the benchmark,
    benchmarks/bench_events.py, times this very model)."""
    env = simpy.Environment()
    servers = [simpy.Resource(env, capacity=1) for _ in speeds]
    latency = [None] * len(arrivals)

    def job(i, s):
        with servers[s].request() as slot:
            yield slot
            yield env.timeout(works[i] / speeds[s])
        latency[i] = env.now - arrivals[i]
        if done is not None:
            done(s)

    def source():
        for i, t in enumerate(arrivals):
            yield env.timeout(t - env.now)
            env.process(job(i, choose(i)))

    env.process(source())
    env.run()
    return np.array(latency), next(env._eid)  # SimPy numbers every event it schedules


def lindley(arrivals, works, speeds, server):
    """Each FIFO server on its own: departure = max(arrival, previous departure) + service."""
    free = [0.0] * len(speeds)
    out = []
    for t, w, s in zip(arrivals, works, server, strict=True):
        free[s] = max(t, free[s]) + w / speeds[s]
        out.append(free[s] - t)
    return np.array(out)


@pytest.mark.parametrize("speeds", [[1.0, 1.0, 1.0], [2.0, 0.7, 0.4, 1.1]])
def test_round_robin_matches_simpy(speeds):
    t, w, _ = requests(3000, 0.85 * sum(speeds), seed=4)
    ours = simulate(t, w, speeds, "round robin")
    theirs, _ = simpy_latencies(t.tolist(), w.tolist(), speeds, lambda i: i % len(speeds))
    np.testing.assert_allclose(ours.latency, theirs, rtol=1e-9, atol=1e-9)


def test_random_matches_simpy_with_the_same_stream():
    speeds = [1.0, 0.5, 1.5]
    t, w, _ = requests(3000, 2.0, arrivals="bursty", seed=5)
    ours = simulate(t, w, speeds, "random", seed=11)
    rng = random.Random(11)  # the policy draws randrange(servers) once per arrival
    theirs, _ = simpy_latencies(t.tolist(), w.tolist(), speeds, lambda i: rng.randrange(3))
    np.testing.assert_allclose(ours.latency, theirs, rtol=1e-9, atol=1e-9)


@pytest.mark.parametrize("policy", list(POLICIES))
def test_every_policy_is_a_set_of_fifo_queues(policy):
    """Whatever the routing, each server's latencies follow Lindley's recursion."""
    speeds = [1.5, 0.5, 1.0]
    t, w, c = requests(2000, 2.4, arrivals="bursty", seed=2)
    run = simulate(t, w, speeds, policy, clients=c, seed=3)
    np.testing.assert_allclose(run.latency, lindley(t, w, speeds, run.server), atol=1e-9)
    assert run.events == 2 * len(t)


def test_random_routing_to_equal_servers_is_independent_mm1_queues():
    """Poisson arrivals split at random: each server is M/M/1 at rate lambda/c,
    mean latency 1 / (mu - lambda / c)."""
    mu, c, lam = 1.0, 4, 2.4
    t, w, _ = requests(150_000, lam, seed=1)
    run = simulate(t, w, [mu] * c, "random", seed=2)
    assert run.latency.mean() == pytest.approx(1 / (mu - lam / c), rel=0.05)


def test_one_server_is_mm1_with_exponential_latency():
    """M/M/1: the time in system is exponential with rate mu - lambda, so
    p50 = ln 2 / (mu - lambda) and p99 = ln 100 / (mu - lambda)."""
    mu, lam = 2.0, 1.2
    t, w, _ = requests(150_000, lam, seed=6)
    run = simulate(t, w, [mu], "least connections")
    assert run.percentile(50) == pytest.approx(math.log(2) / (mu - lam), rel=0.06)
    assert run.percentile(99) == pytest.approx(math.log(100) / (mu - lam), rel=0.08)
    assert run.utilisation()[0] == pytest.approx(lam / mu, rel=0.03)


def test_weighted_round_robin_shares_follow_weights():
    t, w, _ = requests(700, 1.0, seed=0)
    run = simulate(t, w, [3.0, 2.0, 2.0], "weighted round robin")
    assert np.bincount(run.server).tolist() == [300, 200, 200]
    assert run.server[:7].tolist() == [0, 1, 2, 0, 1, 2, 0]  # smooth: no runs of one server


def test_round_robin_takes_turns():
    t, w, _ = requests(9, 1.0, seed=0)
    assert simulate(t, w, [1, 1, 1], "round robin").server.tolist() == [0, 1, 2] * 3


def test_consistent_hash_is_sticky():
    t, w, c = requests(2000, 2.0, clients=30, seed=1)
    run = simulate(t, w, [1.0] * 4, "consistent hash", clients=c)
    owners = {}
    for client, server in zip(c.tolist(), run.server.tolist(), strict=True):
        assert owners.setdefault(client, server) == server


def test_smart_policies_beat_blind_ones_on_unequal_servers():
    t, w, c = requests(4000, 0.8 * 4.0, seed=0)
    speeds = [2.5, 0.5, 0.5, 0.5]
    p99 = {p: simulate(t, w, speeds, p, clients=c).percentile(99) for p in POLICIES}
    for smart in ("least connections", "least response time", "weighted round robin"):
        assert p99[smart] < p99["round robin"] / 10
        assert p99[smart] < p99["random"] / 10


def test_power_of_two_beats_random_on_equal_servers():
    t, w, _ = requests(20_000, 0.9 * 8, seed=3)
    speeds = [1.0] * 8
    random_ = simulate(t, w, speeds, "random")
    two = simulate(t, w, speeds, "power of two")
    assert two.latency.mean() < random_.latency.mean() / 2


@given(st.sampled_from(list(POLICIES)), st.integers(0, 120),
       st.lists(st.floats(0.2, 3.0), min_size=1, max_size=5),
       st.sampled_from(["poisson", "bursty"]), st.integers(0, 10_000))
def test_invariants(policy, n, speeds, arrivals, seed):
    t, w, c = requests(n, 1.5, arrivals=arrivals, seed=seed)
    run = simulate(t, w, speeds, policy, clients=c, seed=seed)
    again = simulate(t, w, speeds, policy, clients=c, seed=seed)
    assert np.array_equal(run.server, again.server) and np.array_equal(run.finish, again.finish)
    assert len(run.server) == n and run.events == 2 * n  # each served exactly once
    assert np.all((run.server >= 0) & (run.server < len(speeds)))
    assert np.all(run.start >= run.arrival - 1e-12) and np.all(run.finish >= run.start)
    np.testing.assert_allclose(run.finish - run.start, w / np.array(speeds)[run.server],
                               rtol=1e-9, atol=1e-9)
    assert np.all(run.utilisation() <= 1 + 1e-9) and np.all(run.utilisation() >= 0)


@pytest.mark.parametrize("kwargs, name", [
    ({"policy": "fastest"}, "policy"), ({"speeds": [1.0, 0.0]}, "speeds"),
    ({"speeds": []}, "speeds"), ({"clients": [1]}, "clients"),
])
def test_bad_arguments(kwargs, name):
    args = {"arrivals": [0.0, 1.0], "works": [1.0, 1.0], "speeds": [1.0], **kwargs}
    with pytest.raises((ValueError, TypeError), match=name):
        simulate(**args)


@pytest.mark.parametrize("kwargs, error", [
    ({"arrivals": [0.0, float("nan")]}, ValueError), ({"works": [1.0, float("inf")]}, ValueError),
    ({"speeds": 2.0}, TypeError), ({"speeds": "12"}, TypeError),
])
def test_bad_numbers_are_named(kwargs, error):
    args = {"arrivals": [0.0, 1.0], "works": [1.0, 1.0], "speeds": [1.0], **kwargs}
    with pytest.raises(error, match=next(iter(kwargs))):
        simulate(**args)


def test_unsorted_arrivals_rejected():
    with pytest.raises(ValueError, match="arrivals"):
        simulate([1.0, 0.0], [1.0, 1.0], [1.0])


def test_workload_checks_and_bursts():
    with pytest.raises(ValueError, match="arrivals"):
        requests(5, 1.0, arrivals="steady")
    with pytest.raises(ValueError, match="rate"):
        requests(5, 0.0)
    t, _, _ = requests(10_000, 2.0, arrivals="bursty", seed=1)
    assert len(np.unique(t)) < len(t) / 3  # bursts share their instant
    assert len(t) / t[-1] == pytest.approx(2.0, rel=0.1)  # same mean rate


def test_least_response_time_ewma_and_cost():
    import random as _random

    from sysdesign.load_balancing.balancer import LeastResponseTime
    policy = LeastResponseTime([1.0, 1.0], _random.Random(0), alpha=0.5)
    assert policy.pick(0) == 0  # both untried: cost 0, lowest number
    policy.finished(0, 2.0)
    policy.finished(0, 4.0)
    assert policy.ewma == [pytest.approx(2.5), 0.0]  # 0 -> 1.0 -> 1.0 + 0.5 * (4 - 1)
    assert policy.pick(1) == 1  # the untried server costs 0
    policy.ewma = [2.5, 3.0]
    assert policy.pick(2) == 0  # 2.5 x 1 < 3.0 x 1
    policy.active = [1, 0]
    assert policy.pick(3) == 1  # 2.5 x 2 > 3.0 x 1: requests in hand count


def test_least_connections_takes_ties_in_turn():
    # Requests that each finish before the next arrives: every pick is a four-way tie.
    # Ties rotate (nginx least_conn, HAProxy leastconn) instead of all going to server 0.
    run = simulate([0.0, 1.0, 2.0, 3.0, 4.0, 5.0], [0.5] * 6, [1.0] * 4, "least connections")
    assert run.server.tolist() == [0, 1, 2, 3, 0, 1]


def test_least_connections_does_not_depend_on_server_numbering():
    # The same speeds listed fast-first or fast-last: the fast server's share of requests
    # is about the same (a lowest-number tie-break handed every tie to server 0).
    t, w, c = requests(4000, 0.8 * 4.0, seed=0)
    first = simulate(t, w, [2.5, 0.5, 0.5, 0.5], "least connections", clients=c)
    last = simulate(t, w, [0.5, 0.5, 0.5, 2.5], "least connections", clients=c)
    share_first, share_last = np.mean(first.server == 0), np.mean(last.server == 3)
    assert share_first == pytest.approx(share_last, abs=0.03)


def test_power_of_two_overloads_slow_servers_through_slow_pairs():
    # "whenever both servers it draws are slow, one of them takes the request": with one
    # fast and three slow servers half the pairs are slow-slow, so at load 0.8 at least
    # 1.6 requests/s reach slow servers serving 1.5/s between them, whatever the counts.
    t, w, c = requests(4000, 0.8 * 4.0, seed=0)
    run = simulate(t, w, [2.5, 0.5, 0.5, 0.5], "power of two", clients=c)
    to_slow = np.mean(run.server != 0)
    assert to_slow > 0.5 and to_slow * 3.2 > 1.5
    # with two fast and two slow, 1 pair in 6 is slow-slow: the slow servers keep up
    run2 = simulate(t, w, [1.5, 1.5, 0.5, 0.5], "power of two", clients=c)
    assert np.mean(run2.server >= 2) * 3.2 < 2 * 0.5
    assert run2.percentile(99) < run.percentile(99) / 2


def test_least_connections_matches_simpy():
    # A state-dependent policy: SimPy keeps its own counts, told of each arrival and finish;
    # ties in turn after the last pick, as the policy does.
    speeds = [2.5, 0.5, 0.5, 0.5]
    t, w, _ = requests(3000, 0.8 * sum(speeds), seed=6)
    ours = simulate(t, w, speeds, "least connections")
    active, last = [0] * len(speeds), [-1]

    def choose(i):
        order = [(last[0] + 1 + k) % len(speeds) for k in range(len(speeds))]
        last[0] = min(order, key=active.__getitem__)
        active[last[0]] += 1
        return last[0]

    def done(s):
        active[s] -= 1

    theirs, _ = simpy_latencies(t.tolist(), w.tolist(), speeds, choose, done)
    np.testing.assert_allclose(ours.latency, theirs, rtol=1e-9, atol=1e-9)
