"""The discrete-event engine: ordering, time, cancellation, and a network whose delays,
losses and partitions behave as their closed forms say."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sysdesign.core import events
from sysdesign.core.events import Network, Simulator


@given(st.lists(st.floats(0, 100), min_size=1, max_size=50))
def test_actions_run_in_time_order_and_ties_in_scheduling_order(delays):
    sim, ran = Simulator(), []
    for i, delay in enumerate(delays):
        sim.schedule(delay, lambda i=i: ran.append((sim.now, i)))
    assert sim.run() == len(delays)
    assert ran == sorted(ran)  # by time, then by the order they were scheduled
    assert sim.now == max(delays)


def test_cancelled_actions_do_not_run():
    sim, ran = Simulator(), []
    keep = sim.schedule(1, ran.append, "keep")
    drop = sim.schedule(2, ran.append, "drop")
    drop.cancel()
    assert len(sim) == 1 and sim.next_time() == 1 and not keep.cancelled
    sim.run()
    assert ran == ["keep"]


def test_run_until_stops_at_the_condition_or_the_deadline():
    sim, ran = Simulator(), []
    for t in (1, 2, 3, 10):
        sim.at(t, ran.append, t)
    assert sim.run_until(lambda: len(ran) == 2) and sim.now == 2
    assert not sim.run_until(lambda: len(ran) == 4, deadline=5.0)
    assert ran == [1, 2, 3] and sim.now == 5.0  # the waiter saw the time pass
    sim.advance(4.0)
    assert sim.now == 9.0 and ran == [1, 2, 3]
    sim.run(until=20.0)
    assert ran == [1, 2, 3, 10] and sim.now == 20.0


def test_scheduling_in_the_past_or_negative_delays_is_refused():
    sim = Simulator(start=5.0)
    with pytest.raises(ValueError, match="time must not be in the past"):
        sim.at(4.0, print)
    with pytest.raises(ValueError, match="delay must be a number >= 0"):
        sim.schedule(-1, print)


@pytest.mark.parametrize("bad", [-0.5, float("nan"), float("inf"), "1", True, None])
def test_the_fast_path_for_float_times_still_refuses_bad_ones(bad):
    sim = Simulator(start=1.0)
    with pytest.raises((ValueError, TypeError), match="delay"):
        sim.schedule(bad, print)
    with pytest.raises((ValueError, TypeError), match="time"):
        sim.at(bad if bad != -0.5 else 0.5, print)
    assert len(sim) == 0


def test_a_run_that_never_ends_is_stopped(monkeypatch):
    monkeypatch.setattr(events, "MAX_EVENTS", 1_000)
    sim = Simulator()

    def again():
        sim.schedule(1.0, again)

    sim.schedule(0.0, again)
    with pytest.raises(RuntimeError, match="does not end"):
        sim.run()


def _arrivals(seed=0, n=20_000, **options):
    sim = Simulator(seed=seed)
    net = Network(sim, 2, **options)
    arrived = []
    for _ in range(n):
        net.send(0, 1, lambda node, sender, start: arrived.append(sim.now - start), sim.now)
    sim.run()
    return net, np.array(arrived)


def test_jitter_is_exponential_with_the_given_mean():
    _, delays = _arrivals(latency=5.0, jitter=2.0)
    extra = delays - 5.0
    assert extra.min() >= 0
    assert extra.mean() == pytest.approx(2.0, rel=0.03)
    assert np.mean(extra > 2.0) == pytest.approx(math.exp(-1), abs=0.01)


def test_reliable_loss_adds_geometric_retransmissions():
    loss, rto = 0.3, 11.0
    net, delays = _arrivals(latency=5.0, loss=loss, rto=rto)
    assert len(delays) == 20_000  # nothing is lost for good
    expected = 5.0 + rto * loss / (1 - loss)  # mean retries of a geometric distribution
    assert delays.mean() == pytest.approx(expected, rel=0.03)
    assert net.counters["retransmissions"] == pytest.approx(20_000 * loss / (1 - loss), rel=0.03)


def test_datagram_loss_drops_messages():
    net, delays = _arrivals(latency=5.0, loss=0.2, retransmit=False)
    assert len(delays) / 20_000 == pytest.approx(0.8, abs=0.01)
    assert net.counters["lost"] + len(delays) == 20_000


def test_a_seed_fixes_the_run():
    assert np.array_equal(_arrivals(seed=7, n=500, jitter=3.0)[1],
                          _arrivals(seed=7, n=500, jitter=3.0)[1])
    assert not np.array_equal(_arrivals(seed=7, n=500, jitter=3.0)[1],
                              _arrivals(seed=8, n=500, jitter=3.0)[1])


def test_partition_groups_heal_and_messages_in_flight():
    sim = Simulator()
    net = Network(sim, 5, latency=10.0)
    got = []
    net.send(0, 4, lambda node, sender: got.append(node))
    sim.advance(5.0)
    net.partition({0, 1}, {2, 3, 4})
    assert net.groups() == [[0, 1], [2, 3, 4]] and net.side(3) == (2, 3, 4)
    assert not net.connected(1, 2) and net.connected(2, 4) and net.reachable(0) == 2
    sim.run()
    assert got == [] and net.counters["dropped"] == 1  # cut while on the wire
    net.heal()
    assert net.groups() == [[0, 1, 2, 3, 4]] and net.cut_links() == []
    assert [text for _, text in net.events] == ["{0,1} | {2,3,4}", "heal"]


def test_one_cut_link_leaves_the_group_connected_through_others():
    net = Network(Simulator(), 3)
    net.cut(0, 2)
    assert net.cut_links() == [(0, 2)] and not net.connected(0, 2)
    assert net.groups() == [[0, 1, 2]]  # 0 and 2 still reach each other through 1


@pytest.mark.parametrize(("groups", "message"), [
    (([0, 1],), "two or more"), (([0], [0, 1, 2]), "disjoint"), (([0], [1]), "covering"),
])
def test_bad_partitions_are_refused(groups, message):
    net = Network(Simulator(), 3)
    with pytest.raises(ValueError, match=message):
        net.partition(*groups)
    with pytest.raises(ValueError, match="node must be an integer in 0..2"):
        net.cut(0, 3)


def test_network_arguments_are_checked():
    sim = Simulator()
    with pytest.raises(TypeError, match="sim must be a Simulator"):
        Network(None, 3)
    with pytest.raises(ValueError, match="loss must be a number in"):
        Network(sim, 3, loss=1.0)
    with pytest.raises(ValueError, match="3x3 matrix"):
        Network(sim, 3, latency=[[0, 1], [1, 0]])
    assert Network(sim, 2, latency=[[0, 3], [4, 0]]).rto == 9.0
