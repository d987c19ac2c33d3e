"""HDFS blocks and the default rack-aware placement."""

import math
from collections import Counter

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sysdesign.big_data import BLOCK_SIZE, Cluster, blocks_of, lose, place_block, place_file
from sysdesign.big_data.experiments import hdfs_cluster
from sysdesign.big_data.hdfs import MiB, rack_nodes


def test_defaults_are_hadoops():
    assert BLOCK_SIZE == 134_217_728  # dfs.blocksize
    assert [b // MiB for b in blocks_of(300 * MiB)] == [128, 128, 44]


@given(st.integers(1, 10**9), st.integers(0, 2000), st.integers(0, 10**9))
def test_blocks_cover_the_file(block, full, rest):
    size = full * block + rest % block  # at most 2,000 blocks: the list stays small
    blocks = blocks_of(size, block)
    assert sum(blocks) == size
    assert len(blocks) == math.ceil(size / block)
    assert all(b == block for b in blocks[:-1]) and all(0 < b <= block for b in blocks)


@given(st.integers(2, 5), st.integers(2, 5), st.integers(1, 4), st.integers(0, 10**6),
       st.booleans())
def test_default_placement_policy(racks, per_rack, replication, seed, from_node):
    cluster = Cluster(racks, per_rack)
    rng = np.random.default_rng(seed)
    writer = seed % cluster.nodes if from_node else None
    nodes = place_block(cluster, rng, writer=writer, replication=replication)
    assert len(set(nodes)) == len(nodes) == replication
    if writer is not None:
        assert nodes[0] == writer
    if replication >= 2:
        assert cluster.rack_of(nodes[1]) != cluster.rack_of(nodes[0])
    if replication >= 3:
        assert cluster.rack_of(nodes[2]) == cluster.rack_of(nodes[1])
        assert len({cluster.rack_of(n) for n in nodes[:3]}) == 2
    if replication >= 4:
        per_rack = Counter(cluster.rack_of(n) for n in nodes)
        assert max(per_rack.values()) <= (replication - 1) // racks + 2


def test_fourth_replica_respects_the_per_rack_cap():
    cluster = Cluster(4, 3)  # cap (4 - 1) // 4 + 2 = 2 replicas per rack
    for seed in range(200):
        nodes = place_block(cluster, np.random.default_rng(seed), replication=4)
        assert max(Counter(cluster.rack_of(n) for n in nodes).values()) == 2


@given(st.integers(2, 4), st.integers(2, 4), st.integers(0, 1000))
def test_no_single_rack_loss_loses_data_with_three_replicas(racks, per_rack, seed):
    cluster = Cluster(racks, per_rack)
    blocks = place_file(3 * 2**30, cluster, seed=seed)
    for rack in range(racks):
        assert lose(blocks, rack_nodes(cluster, rack))["blocks_lost"] == 0


def test_lost_node_cost():
    cluster = Cluster(2, 2)
    blocks = place_file(1000 * MiB, cluster, replication=1, seed=0)
    cost = lose(blocks, {0})
    held = [b for b in blocks if 0 in b["nodes"]]
    assert cost["blocks_lost"] == len(held) > 0 and cost["bytes_moved"] == 0
    three = place_file(1000 * MiB, Cluster(3, 4), seed=1)
    cost = lose(three, {5})
    held = [b for b in three if 5 in b["nodes"]]
    assert cost["replicas_to_copy"] == len(held)
    assert cost["bytes_moved"] == sum(b["size"] for b in held)


def test_experiment_defaults():
    result = hdfs_cluster()
    assert len(result["blocks"]) == 16
    assert result["per_node"].sum() == 48
    assert result["per_node"][result["failed"]] == result["per_node"].max()
    assert result["node_loss"]["replicas_to_copy"] == result["per_node"].max()
    assert result["rack_loss"]["blocks_lost"] == 0


def test_bad_input():
    with pytest.raises(ValueError, match="replication"):
        place_file(MiB, Cluster(1, 2), replication=3)
    with pytest.raises(ValueError, match="racks"):
        Cluster(0, 3)
    with pytest.raises(TypeError, match="cluster"):
        place_file(MiB, "cluster")
    with pytest.raises(ValueError, match="writer"):
        place_file(MiB, Cluster(2, 2), writer=9)
    with pytest.raises(ValueError, match="writer"):  # the public helper checks it too
        place_block(Cluster(2, 2), np.random.default_rng(0), writer=9)
    with pytest.raises(TypeError, match="cluster"):
        place_block("cluster", np.random.default_rng(0))
    with pytest.raises(ValueError, match="file_gib"):  # rounds to 0 bytes: nothing to place
        hdfs_cluster(file_gib=1e-10)
