"""The big-data panels: controls wired to :mod:`.experiments` and :mod:`.plots`."""

from __future__ import annotations

from ..core.panel import Panel, checkbox, slider
from . import experiments, plots


def shuffle_panel() -> Panel:
    """Mappers, reducers, combiner and a hot key: shuffle cost and straggler reducer."""
    return Panel({
        "mappers": slider("mappers", 4, 1, 16),
        "reducers": slider("reducers", 4, 1, 16),
        "combiner": checkbox("combiner on the click count", False),
        "hot_share": slider("hot user's share of clicks", 0.3, 0.0, 0.9, 0.05),
    }, experiments.shuffle, plots.shuffle_view, title="MapReduce shuffle")


def hdfs_cluster_panel() -> Panel:
    """File size, racks, nodes and replication: placement and the cost of a lost node."""
    return Panel({
        "file_gib": slider("file size (GiB)", 2.0, 0.5, 8.0, 0.5),
        "racks": slider("racks", 3, 2, 6),
        "nodes_per_rack": slider("nodes per rack", 4, 2, 6),
        "replication": slider("replication", 3, 1, 4),
    }, experiments.hdfs_cluster, plots.hdfs_cluster_view, title="HDFS blocks and replicas")
