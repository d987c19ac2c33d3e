"""Fan-out through a broker: the expected-nodes formula, exactly and simulated."""

import itertools
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sysdesign.realtime import fanout


@pytest.mark.parametrize("nodes, subs", [(1, 3), (2, 2), (3, 4), (4, 3), (5, 2)])
def test_expected_nodes_by_exact_enumeration(nodes, subs):
    placements = list(itertools.product(range(nodes), repeat=subs))
    exact = Fraction(sum(len(set(p)) for p in placements), len(placements))
    assert fanout.expected_nodes(nodes, subs) == pytest.approx(float(exact))


def test_simulated_placement_agrees_with_the_formula():
    touched = [fanout.simulate_fanout(nodes=10, clients=200, subscribers=10, seed=k).nodes_touched
               for k in range(1000)]
    se = np.std(touched) / np.sqrt(len(touched))
    assert abs(np.mean(touched) - fanout.expected_nodes(10, 10)) <= 4 * se


@given(st.integers(1, 40), st.integers(0, 200), st.sampled_from(fanout.ROUTINGS),
       st.integers(0, 10**6))
def test_every_subscriber_gets_it_once_and_messages_add_up(nodes, subs, routing, seed):
    run = fanout.simulate_fanout(nodes=nodes, clients=max(subs, 1) * 3, subscribers=subs,
                                 routing=routing, seed=seed)
    assert np.isfinite(run.delivered_ms).all() and len(run.delivered_ms) == subs
    assert run.nodes_touched == (nodes if routing == "broadcast" else len(set(run.node_of)))
    assert run.messages == 1 + run.nodes_touched + subs
    assert run.nodes_touched <= min(nodes, subs) or routing == "broadcast"
    for k, node in enumerate(run.node_of.tolist()):  # nobody hears it before its node does
        assert run.delivered_ms[k] >= run.node_got_ms[node]


def test_designs_and_per_node_load():
    designs = fanout.messages_by_design(8, 4)
    assert designs["broker, broadcast"] == 1 + 8 + 4
    assert designs["broker, topic routing"] < designs["broker, broadcast"]
    run = fanout.simulate_fanout(nodes=4, clients=400, subscribers=40, seed=3)
    load = fanout.load_per_node(run)
    assert load["connections (mean)"] == 100 and load["connections (max)"] >= 100
    assert load["pushes (max)"] >= load["pushes (mean)"] == 10


def test_bad_input():
    with pytest.raises(ValueError, match="routing"):
        fanout.messages_per_publish(4, 2, "multicast")
    with pytest.raises(ValueError, match="subscribers"):
        fanout.simulate_fanout(clients=10, subscribers=11)
    with pytest.raises(ValueError, match="nodes"):
        fanout.expected_nodes(0, 3)
