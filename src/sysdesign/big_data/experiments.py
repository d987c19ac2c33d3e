"""Scenarios shared by notebook 26, its panels and the tests."""

from __future__ import annotations

import functools

from ..core import checks
from . import hdfs
from .corpus import click_log, zipf_lines
from .mapreduce import map_reduce, total, word_count


def _emit(event):
    """The click-count mapper: the event is already a (user, 1) pair."""
    yield event


@functools.lru_cache(maxsize=64)
def _word_counts(mappers: int, reducers: int, seed: int) -> tuple:
    """Word count without and with a combiner (cached: the panel's other controls do not
    change it)."""
    lines = zipf_lines(1000, seed=seed)  # 8,000 words: a redraw stays quick
    return (word_count(lines, mappers=mappers, reducers=reducers, combine=False),
            word_count(lines, mappers=mappers, reducers=reducers, combine=True),
            sum(len(line.split()) for line in lines))


def shuffle(mappers=4, reducers=4, combiner=False, hot_share=0.3, *, seed=0) -> dict:
    """Word count's shuffle with and without a combiner, and a click count whose one hot
    user makes a straggler reducer."""
    mappers = checks.integer(mappers, "mappers", 1)
    reducers = checks.integer(reducers, "reducers", 1)
    plain, combined, n_words = _word_counts(mappers, reducers, seed)
    clicks = map_reduce(click_log(hot_share=hot_share, seed=seed), _emit, total,
                        mappers=mappers, reducers=reducers,
                        combiner=total if combiner else None)
    return {"plain": plain, "combined": combined, "clicks": clicks,
            "words": n_words}


def dask_word_count(lines, partitions: int = 4) -> dict:
    """The same word count on Dask: a bag, folded by key on the local synchronous
    scheduler. ``foldby`` folds within each partition (the combiner) and then combines
    partitions (the reducer)."""
    partitions = checks.integer(partitions, "partitions", 1)
    import dask  # about 0.7 s to import: only when this runs
    import dask.bag as db

    bag = db.from_sequence(list(lines), npartitions=partitions)
    counts = (bag.map(str.lower).map(str.split).flatten()
              .foldby(lambda word: word, lambda n, _word: n + 1, 0,
                      lambda a, b: a + b, 0))
    with dask.config.set(scheduler="synchronous"):
        return dict(counts.compute())


GiB = 1024 ** 3


def hdfs_cluster(file_gib=2.0, racks=3, nodes_per_rack=4, replication=3, failed=None,
                 *, seed=0) -> dict:
    """A file written from outside the cluster (first replica on a random node), and what
    losing one node (by default the one holding most replicas), or its rack, costs."""
    file_gib = checks.number(file_gib, "file_gib", 0, lo_open=True)
    if round(file_gib * GiB) < 1:  # an empty file has no blocks to place or lose
        raise ValueError(f"file_gib must be at least one byte (1 / 2**30 GiB), got {file_gib}")
    cluster = hdfs.Cluster(racks, nodes_per_rack)
    blocks = hdfs.place_file(round(file_gib * GiB), cluster, replication=replication,
                             seed=seed)
    per_node = hdfs.replicas_per_node(blocks, cluster)
    node = int(per_node.argmax()) if failed is None else checks.integer(
        failed, "failed", 0, cluster.nodes - 1, hint="a node number, or None for the busiest")
    return {"cluster": cluster, "blocks": blocks, "failed": node, "per_node": per_node,
            "node_loss": hdfs.lose(blocks, {node}),
            "rack_loss": hdfs.lose(blocks, hdfs.rack_nodes(cluster, cluster.rack_of(node)))}
