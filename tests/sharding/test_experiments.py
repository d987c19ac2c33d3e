"""The scenarios the notebooks and panels share: what they return and what they refuse."""

import numpy as np
import pytest

import sysdesign.sharding as sh
from sysdesign.sharding import experiments


@pytest.mark.parametrize("num_nodes", [1, 2, 4, 8])
def test_adding_a_node_moves_keys_only_to_it(num_nodes):
    result = experiments.ring(num_nodes, vnodes=8, num_keys=400, change="add a node")
    owners = result["ring"].nodes_for(result["keys"])
    assert set(owners[result["moved"]]) <= {f"n{num_nodes}"}
    assert result["ideal"] == pytest.approx(1 / (num_nodes + 1))
    assert result["nodes"] == [f"n{i}" for i in range(num_nodes + 1)]


def test_removing_n0_moves_exactly_its_keys():
    values = dict(num_nodes=5, vnodes=8, num_keys=400)
    before = sh.HashRing([f"n{i}" for i in range(5)], vnodes=8).nodes_for(np.arange(400))
    result = experiments.ring(**values, change="remove node n0")
    assert np.array_equal(result["moved"], before == "n0")
    assert "n0" not in result["ring"].nodes and result["ideal"] == pytest.approx(1 / 5)


@pytest.mark.parametrize("bad, error", [
    (dict(change="add two nodes"), ValueError), (dict(num_keys=0), ValueError),
    (dict(num_nodes=0), ValueError), (dict(num_nodes=2.0), TypeError),
    (dict(num_nodes=1, change="remove node n0"), ValueError), (dict(vnodes=0), ValueError),
])
def test_ring_rejects_bad_settings(bad, error):
    with pytest.raises(error):
        experiments.ring(**bad)


def test_vnodes_adds_the_chosen_count_to_the_grid():
    curve = experiments.vnodes(num_nodes=4, vnodes=7, trials=2)
    assert curve.index.tolist() == sorted(set(experiments.VNODE_GRID) | {7})
    assert curve.loc[7].tolist() == sh.ring_balance_curve(4, [7], trials=2).loc[7].tolist()
    assert experiments.vnodes(4, 100, trials=1).index.tolist() == experiments.VNODE_GRID


def test_schemes_compares_the_four_schemes_on_the_shared_keys():
    table = experiments.schemes(num_shards=5, vnodes=20)
    assert table.index.tolist() == list(sh.SCHEMES)
    assert table.equals(sh.compare_schemes(experiments.COMPARE_KEYS, 5, 20))


def test_shard_key_explores_a_named_workload():
    report = experiments.shard_key("IoT sensors (even)", "range(user_id)", 4,
                                   num_messages=3_000, seed=2)
    expected = sh.explore(sh.workload("IoT sensors (even)", 3_000, seed=2), "range(user_id)", 4)
    assert np.array_equal(report.shard, expected.shard)
    with pytest.raises(ValueError, match="workload_name|name"):
        experiments.shard_key("no such workload", "range(user_id)", 4)


def test_the_scenario_names_from_before_the_panel_rule_still_work():
    assert sh.explorer_demo is experiments.explorer_demo is experiments.shard_key
    assert experiments.ring_change is experiments.ring
    assert experiments.vnode_balance is experiments.vnodes
