"""The scenarios the notebooks and panels share: what they return and what they refuse."""

import math

import numpy as np
import pytest

import sysdesign.sharding as sh
from sysdesign.sharding import experiments


@pytest.mark.parametrize("num_nodes", [1, 2, 4, 8])
def test_adding_a_node_moves_keys_only_to_it(num_nodes):
    result = experiments.rebalance(8, "add a node", num_nodes, num_keys=400)
    owners = result["ring"].nodes_for(result["keys"])
    assert set(owners[result["moved"]]) <= {f"n{num_nodes}"}
    assert result["ideal"] == pytest.approx(1 / (num_nodes + 1))
    assert result["nodes"] == [f"n{i}" for i in range(num_nodes + 1)]
    # The last step is the full ring with 8 virtual nodes a node.
    full = sh.HashRing([f"n{i}" for i in range(num_nodes + 1)], vnodes=1,
                       weights={f"n{i}": 8 for i in range(num_nodes + 1)})
    assert np.array_equal(owners, full.nodes_for(result["keys"]))
    assert result["final"] == result["moved"].mean()


@pytest.mark.parametrize("change", experiments.RING_CHANGES)
def test_the_rebalance_timeline_only_ever_adds_moved_keys(change):
    steps = [experiments.rebalance(k, change, 4, num_keys=300) for k in range(9)]
    assert not steps[0]["moved"].any()  # nothing has happened yet
    for earlier, later in zip(steps, steps[1:], strict=False):
        assert np.all(later["moved"] >= earlier["moved"])  # a moved key never moves back
    assert steps[-1]["moved"].mean() == steps[0]["final"]


def test_removing_n0_moves_exactly_its_keys():
    before = sh.HashRing([f"n{i}" for i in range(5)], vnodes=1,
                         weights={f"n{i}": 8 for i in range(5)}).nodes_for(np.arange(400))
    result = experiments.rebalance(8, "remove node n0", 5, num_keys=400)
    assert np.array_equal(result["moved"], before == "n0")
    assert "n0" not in result["ring"].nodes and result["ideal"] == pytest.approx(1 / 5)


@pytest.mark.parametrize("bad, error", [
    (dict(change="add two nodes"), ValueError), (dict(num_keys=0), ValueError),
    (dict(num_nodes=0), ValueError), (dict(num_nodes=2.0), TypeError),
    (dict(num_nodes=1, change="remove node n0"), ValueError), (dict(step=9), ValueError),
    (dict(step=-1), ValueError),
])
def test_rebalance_rejects_bad_settings(bad, error):
    with pytest.raises(error):
        experiments.rebalance(**bad)


def test_vnodes_adds_the_chosen_count_to_the_grid():
    curve = experiments.vnodes(num_nodes=4, vnodes=7, trials=2)
    assert curve.index.tolist() == sorted(set(experiments.VNODE_GRID) | {7})
    assert curve.loc[7].tolist() == sh.ring_balance_curve(4, [7], trials=2).loc[7].tolist()
    assert experiments.vnodes(4, 100, trials=1).index.tolist() == experiments.VNODE_GRID
    grid = experiments.vnodes(4, 100, trials=2)
    assert grid.equals(sh.ring_balance_curve(4, experiments.VNODE_GRID, trials=2))


def test_schemes_compares_the_four_schemes_on_the_shared_keys():
    table = experiments.schemes(num_shards=5, vnodes=20)
    assert table.index.tolist() == list(sh.SCHEMES)
    assert table.equals(sh.compare_schemes(experiments.COMPARE_KEYS, 5, 20, work_keys=500))


def test_shard_key_explores_a_named_workload():
    report = experiments.shard_key("IoT sensors (even)", "range(user_id)", 4,
                                   num_messages=3_000, seed=2)
    expected = sh.explore(sh.workload("IoT sensors (even)", 3_000, seed=2), "range(user_id)", 4)
    assert np.array_equal(report.shard, expected.shard)
    with pytest.raises(ValueError, match="name"):
        experiments.shard_key("no such workload", "range(user_id)", 4)


def test_resharding_moves_logical_shards_one_step_at_a_time():
    plan = experiments.resharding(0)["plan"]
    assert len(plan) == 64 // 5  # the newcomer's fair share, rounded down
    moved = [experiments.resharding(k)["moved"] for k in range(len(plan) + 1)]
    assert moved[0] == 0 and moved == sorted(moved)
    final = experiments.resharding(len(plan))
    assert final["moved"] == pytest.approx(len(plan) / 64, abs=0.02)  # each shard ~1/64 of keys
    assert final["mod-N moved"] == pytest.approx(4 / 5, abs=0.02)
    counts = final["shards"].counts()
    assert max(counts.values()) - min(counts.values()) <= 1
    with pytest.raises(ValueError):
        experiments.resharding(len(plan) + 1)


def test_logical_shards_move_the_ideal_share_and_mod_n_almost_everything():
    table = experiments.logical_vs_modulo(num_logical=2_000, server_counts=(1, 4, 8))
    for n, row in table.iterrows():
        assert row["logical shards moved"] == 2_000 // (n + 1)
        assert row["logical: keys moved"] == pytest.approx(1 / (n + 1), abs=0.015)
        assert row["mod-N: keys moved"] == pytest.approx(n / (n + 1), abs=0.015)


def test_routing_trace_refreshes_once_and_then_knows_the_new_map():
    trace = experiments.routing_trace(keys=range(40))
    stale = trace[trace["map refreshed"]]
    assert len(stale) == 1  # one "not mine" answer, one map fetch: later requests are right
    assert stale["round trips"].iloc[0] == 3 and (trace["round trips"] >= 1).all()
    assert (stale["asked"] != stale["answered by"]).all()
    fresh = trace.loc[trace.index > stale.index[0]]
    assert (fresh["asked"] == fresh["answered by"]).all()


def test_routing_costs_match_the_closed_forms():
    table = experiments.routing_costs(num_requests=4_000, servers=8)
    # A smart client pays two extra round trips once, when its map turns out stale.
    assert table.loc["smart client", "round trips per request"] == pytest.approx(1 + 2 / 4_000)
    assert table.loc["routing tier", "round trips per request"] == pytest.approx(2 + 2 / 4_000)
    # A random entry node holds the key 1 time in 9: the rest are forwarded once.
    assert table.loc["any node forwards", "round trips per request"] == pytest.approx(
        2 - 1 / 9, abs=0.02)
    assert table.loc["any node forwards", "map fetches"] == 0


def test_preference_lists_keep_the_replicas_that_did_not_fail():
    table = experiments.preference_lists(num_nodes=6, replicas=3, fail="n2")
    for before, after, kept in zip(table["replicas"], table["after n2 fails"],
                                   table["replicas kept"], strict=True):
        before, after = before.split(", "), after.split(", ")
        assert len(set(before)) == len(set(after)) == 3 and "n2" not in after
        assert kept == (3 if "n2" not in before else 2)
        # The survivors keep their order; the next distinct node clockwise joins at the end.
        assert [n for n in before if n != "n2"] == after[:kept]


def test_dynamo_strategy_3_is_even_up_to_rounding_and_beats_strategy_1():
    table = experiments.dynamo_strategies(num_nodes=30, tokens=(8, 32), partitions=(256, 1024),
                                          trials=3)
    three = table[table["strategy"].str.startswith("3")].set_index("metadata entries")
    for q in (256, 1024):
        assert three.loc[q, "efficiency"] == pytest.approx((q / 30) / math.ceil(q / 30))
    one = table[table["strategy"].str.startswith("1")].set_index("metadata entries")
    assert one.loc[240, "efficiency"] < three.loc[256, "efficiency"]


def test_weighted_shares_follow_the_weights():
    table = experiments.weighted_shares({"a": 1, "b": 3}, num_keys=50_000, vnodes=200)
    assert table["fair share"].tolist() == [0.25, 0.75]
    assert table["rendezvous share"].tolist() == pytest.approx([0.25, 0.75], abs=0.01)
    assert table["ring share"].tolist() == pytest.approx([0.25, 0.75], abs=0.05)


def test_bounded_caps_the_busiest_node_and_plain_hashing_does_not():
    placed = experiments.bounded(epsilon=0.25, alpha=1.0)
    assert placed.loads.max() <= sh.capacity(len(placed.home), 8, 0.25)
    plain = experiments.bounded(epsilon=math.inf)
    assert plain.forwarded == 0 and np.array_equal(plain.loads, plain.home_loads)
    assert plain.loads.max() > placed.loads.max()
    curve = experiments.bounded_curve(epsilons=(0.1, 0.5))
    assert curve.loc[0.1, "max/mean load"] <= 1.1 + 1e-9
    assert curve["served away from home"].is_monotonic_decreasing
    assert curve.loc[math.inf, "served away from home"] == 0


def test_the_hottest_key_gets_one_over_the_harmonic_number():
    # Zipf(1) over 1,000 keys: key k0 gets 1/H_1000 of the requests, about 13 %, "more than an
    # eighth" (notebook 12); 4,000 draws land within a few standard errors of it.
    requests = experiments.hot_requests(num_requests=4_000, num_keys=1_000, alpha=1.0)
    expected = 1 / sum(1 / k for k in range(1, 1001))
    share = requests.count("k0") / len(requests)
    assert expected > 1 / 8
    assert share == pytest.approx(expected, abs=3 * math.sqrt(expected * (1 - expected) / 4_000))


def test_schemes_is_computed_once_per_setting_and_each_caller_gets_its_own_copy():
    first = experiments.schemes(num_shards=5, vnodes=20)
    first.loc["ring", "moved share"] = -1.0  # a caller changes its table...
    again = experiments.schemes(num_shards=5, vnodes=20)
    assert again.loc["ring", "moved share"] > 0  # ...and the next caller does not see it
    assert again.equals(sh.compare_schemes(experiments.COMPARE_KEYS, 5, 20, work_keys=500))
    with pytest.raises(ValueError):
        experiments.schemes(num_shards=0)
