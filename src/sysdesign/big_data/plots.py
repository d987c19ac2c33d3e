"""Figures for notebook 26: the shuffle and its straggler, HDFS placement, bytes read."""

from __future__ import annotations

import numpy as np
from matplotlib.ticker import MaxNLocator, NullLocator

from ..core import style

ORANGE, SKY, GREEN, VERMILLION, BLUE = "#E69F00", "#56B4E9", "#009E73", "#D55E00", "#0072B2"


def shuffle_view(result, **_):
    """Left: pairs shuffled for word count, without and with a combiner. Right: pairs per
    reducer in the click count with one hot user."""
    fig, (left, right) = style.figure(1, 2, figsize=(9, 3.4))
    plain, combined = result["plain"], result["combined"]
    bars = [plain.shuffled, combined.shuffled]
    left.bar([0, 1], bars, color=[VERMILLION, GREEN])
    for i, (name, n) in enumerate(zip(["no combiner", "combiner"], bars, strict=True)):
        left.text(i, n, f"{name}\n{n:,}", ha="center", va="bottom", fontsize=9)
    left.set_xlim(-0.6, 1.6)
    left.set_ylim(0, 1.3 * max(bars))
    # The bars carry their names and numbers: no ticks, as each tick costs redraw time.
    left.set_xticks([])
    left.set_yticks([])
    left.spines["left"].set_visible(False)
    style.label(left, "word count: pairs shuffled", "", "")
    clicks = result["clicks"]
    loads = np.array(clicks.reducer_loads)
    colors = [VERMILLION if n == loads.max() else BLUE for n in loads]
    right.bar(np.arange(len(loads)), loads, color=colors)
    right.axhline(loads.mean(), color="black", lw=0.8, ls="--")
    right.text(-0.45, loads.mean(), "mean", ha="left", va="bottom", fontsize=9)
    right.set_xticks(np.arange(len(loads)))
    right.set_ylim(0, 1.25 * loads.max())
    right.yaxis.set_major_locator(MaxNLocator(4))
    style.thousands_axis(right)
    style.label(right, f"click count: busiest reducer {clicks.straggler_ratio:.1f}x mean",
                "reducer", "pairs received")
    return style.describe(fig, "Two bar charts. Left: the pairs word count sends from "
                          "mappers to reducers, far fewer with a combiner. Right: pairs "
                          "received by each reducer in a click count where one user "
                          "makes a share of all clicks; without a combiner the reducer "
                          "that owns that user gets far more than the mean: the straggler.")


def hdfs_cluster_view(result, **_):
    """Replicas per DataNode, grouped by rack, with the failed node marked."""
    cluster, per_node = result["cluster"], result["per_node"]
    fig, ax = style.figure(figsize=(8, 3.4))
    x = np.arange(cluster.nodes) + np.array([cluster.rack_of(n) for n in range(cluster.nodes)])
    colors = [VERMILLION if n == result["failed"] else
              (SKY if cluster.rack_of(n) % 2 else BLUE) for n in range(cluster.nodes)]
    ax.bar(x, per_node, color=colors)
    centres = [x[r * cluster.nodes_per_rack:(r + 1) * cluster.nodes_per_rack].mean()
               for r in range(cluster.racks)]
    ax.set_xticks(centres, [f"rack {r}" for r in range(cluster.racks)])  # few labels: fast
    node, rack = result["node_loss"], result["rack_loss"]
    ax.text(0.01, 0.98, f"{len(result['blocks'])} blocks x {len(result['blocks'][0]['nodes'])}"
            f" replicas. Lose {cluster.name(result['failed'])}: copy "
            f"{node['replicas_to_copy']} replicas ({node['bytes_moved'] / 2**30:.2f} GiB), "
            f"{node['blocks_lost']} blocks lost.\nLose its whole rack: copy "
            f"{rack['replicas_to_copy']} replicas, {rack['blocks_lost']} blocks lost.",
            transform=ax.transAxes, va="top", fontsize=8)
    ax.set_ylim(0, per_node.max() * 1.45 + 1)
    ax.yaxis.set_major_locator(MaxNLocator(4, integer=True))
    style.label(ax, "HDFS: block replicas per DataNode (racks in alternating blues)",
                "DataNodes, rack by rack (node rRnN = rack R, node N)", "block replicas")
    return style.describe(fig, "Bars of block replicas stored on each DataNode, grouped "
                          "by rack, with the failed node in orange-red; the text says how many "
                          "replicas (and GiB) must be copied when that node is lost, how "
                          "many replicas when its whole rack is, and how many blocks lose "
                          "every replica in each case.")


def bytes_read_view(table, **_):
    """Bytes each query reads from the CSV file and, as DuckDB measured, from the Parquet
    file (log scale)."""
    fig, ax = style.figure(figsize=(7.5, 3.2))
    y = np.arange(len(table))
    ax.barh(y + 0.2, table["csv_bytes"] / 1e6, height=0.4, color=ORANGE, label="CSV")
    ax.barh(y - 0.2, table["parquet_read"] / 1e6, height=0.4, color=BLUE, label="Parquet")
    ax.set_yticks(y, table.index)
    ax.invert_yaxis()
    style.log_axis(ax, "x")
    ax.xaxis.set_minor_locator(NullLocator())  # ~30 minor ticks cost more than the bars
    ax.set_xlim(0.05, 40)
    ax.legend(loc="lower right")
    style.label(ax, "bytes DuckDB read per query", "MB read (log scale)", "")
    return style.describe(fig, "Horizontal bars, log scale, of the bytes DuckDB read: the "
                          "whole CSV file for every query; from Parquet, SELECT * reads "
                          "nearly the whole (smaller) file, one column a fraction of it, "
                          "and one column for one week only the one row group whose day "
                          "range can match.")
