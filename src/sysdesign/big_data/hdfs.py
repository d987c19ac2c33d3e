"""HDFS storage, outlined: files cut into blocks, each block replicated rack-aware.

Defaults are Hadoop's: ``dfs.blocksize`` 128 MiB, ``dfs.replication`` 3. The replica
placement follows ``BlockPlacementPolicyDefault`` as the HDFS docs describe it: the first
replica on the writer's node if the writer is a DataNode (else a random node), the
second on a node in a different rack, the third on a different node in the second
replica's rack; further replicas on random unused nodes, at most
``(replication - 1) // racks + 2`` replicas per rack (HDFS Architecture guide, "Replica
Placement"). The NameNode's real policy also weighs free space and load, and for a
writer outside the cluster prefers a node in the writer's rack; this one picks uniformly
(seeded).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..core import checks

MiB = 1024 ** 2
BLOCK_SIZE = 128 * MiB
REPLICATION = 3


@dataclass(frozen=True)
class Cluster:
    """``racks`` racks of ``nodes_per_rack`` DataNodes; node ``n`` sits in rack
    ``n // nodes_per_rack``."""

    racks: int
    nodes_per_rack: int

    def __post_init__(self):
        checks.integer(self.racks, "racks", 1)
        checks.integer(self.nodes_per_rack, "nodes_per_rack", 1)

    @property
    def nodes(self) -> int:
        return self.racks * self.nodes_per_rack

    def rack_of(self, node: int) -> int:
        return node // self.nodes_per_rack

    def name(self, node: int) -> str:
        return f"r{self.rack_of(node)}n{node % self.nodes_per_rack}"


def blocks_of(size_bytes: int, block_size: int = BLOCK_SIZE) -> list[int]:
    """Block sizes of a file: full blocks, then a last block holding only the rest.

    >>> [b // MiB for b in blocks_of(300 * MiB)]
    [128, 128, 44]
    """
    size_bytes = checks.integer(size_bytes, "size_bytes", 0)
    block_size = checks.integer(block_size, "block_size", 1)
    full, rest = divmod(size_bytes, block_size)
    return [block_size] * full + ([rest] if rest else [])


def place_block(cluster: Cluster, rng: np.random.Generator, *, writer=None,
                replication: int = REPLICATION) -> list[int]:
    """Nodes for one block's replicas, by the default rack-aware policy."""
    if not isinstance(cluster, Cluster):
        raise TypeError(f"cluster must be a Cluster, got {type(cluster).__name__}")
    replication = checks.integer(replication, "replication", 1, cluster.nodes,
                                 hint="copies of each block, at most the number of nodes")
    if writer is not None:
        writer = checks.integer(writer, "writer", 0, cluster.nodes - 1,
                                hint="the DataNode the client writes from, or None")
    every = range(cluster.nodes)
    first = writer if writer is not None else int(rng.integers(cluster.nodes))
    chosen = [first]
    if replication >= 2:
        remote = [n for n in every if cluster.rack_of(n) != cluster.rack_of(first)]
        if not remote:  # one rack only: any other node will do
            remote = [n for n in every if n != first]
        chosen.append(int(rng.choice(remote)))
    if replication >= 3:
        rack = cluster.rack_of(chosen[1])
        same = [n for n in every if cluster.rack_of(n) == rack and n not in chosen]
        chosen.append(int(rng.choice(same or [n for n in every if n not in chosen])))
    cap = max_per_rack(cluster, replication)
    while len(chosen) < replication:
        full = {r for r in range(cluster.racks)
                if sum(cluster.rack_of(n) == r for n in chosen) >= cap}
        free = [n for n in every if n not in chosen and cluster.rack_of(n) not in full]
        chosen.append(int(rng.choice(free or [n for n in every if n not in chosen])))
    return chosen


def max_per_rack(cluster: Cluster, replication: int) -> int:
    """The default policy's cap on one block's replicas in one rack:
    ``(replication - 1) // racks + 2``.

    >>> max_per_rack(Cluster(4, 3), 4), max_per_rack(Cluster(2, 3), 4)
    (2, 3)
    """
    return (replication - 1) // cluster.racks + 2


def place_file(size_bytes: int, cluster: Cluster, *, block_size: int = BLOCK_SIZE,
               replication: int = REPLICATION, writer=None, seed: int = 0) -> list[dict]:
    """Every block of a file with its size and the nodes holding its replicas."""
    if not isinstance(cluster, Cluster):
        raise TypeError(f"cluster must be a Cluster, got {type(cluster).__name__}")
    if writer is not None:
        writer = checks.integer(writer, "writer", 0, cluster.nodes - 1,
                                hint="the DataNode the client writes from, or None")
    rng = np.random.default_rng(seed)
    return [{"block": i, "size": size,
             "nodes": place_block(cluster, rng, writer=writer, replication=replication)}
            for i, size in enumerate(blocks_of(size_bytes, block_size))]


def lose(blocks: list[dict], failed: set[int]) -> dict:
    """What losing the ``failed`` nodes costs: replicas to re-create, bytes to copy,
    blocks with no replica left (data loss)."""
    failed = set(failed)
    hit = [b for b in blocks if failed & set(b["nodes"])]
    lost = [b for b in hit if set(b["nodes"]) <= failed]
    missing = sum(len(failed & set(b["nodes"])) for b in hit if b not in lost)
    moved = sum(len(failed & set(b["nodes"])) * b["size"] for b in hit if b not in lost)
    return {"blocks_hit": len(hit), "replicas_to_copy": missing, "bytes_moved": moved,
            "blocks_lost": len(lost)}


def rack_nodes(cluster: Cluster, rack: int) -> set[int]:
    """Every node of one rack (a switch failure takes them all)."""
    rack = checks.integer(rack, "rack", 0, cluster.racks - 1)
    return {n for n in range(cluster.nodes) if cluster.rack_of(n) == rack}


def replicas_per_node(blocks: list[dict], cluster: Cluster) -> np.ndarray:
    """How many block replicas each node stores."""
    counts = np.zeros(cluster.nodes, dtype=int)
    for b in blocks:
        counts[b["nodes"]] += 1
    return counts


def expected_blocks(size_bytes: int, block_size: int = BLOCK_SIZE) -> int:
    """ceil(size / block size): the closed form :func:`blocks_of` must agree with."""
    return math.ceil(size_bytes / block_size)
