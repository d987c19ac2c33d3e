"""Exercise answers come from the models; figures carry alt text; panels redraw."""

import math

from sysdesign.big_data import exercises, experiments, plots, widgets
from sysdesign.core.exercises import evaluate


def test_answers():
    assert evaluate("26.1", 24).status == "correct"
    assert evaluate("26.1", 8).status == "wrong"
    assert exercises._replicas(1000) == math.ceil(1000 / 128) * 3
    sizes = {k: exercises.shuffle_after(k) for k in exercises.GROWTH}
    assert sizes["twice the mappers"] > sizes["twice the input"]
    assert evaluate("26.2", "twice the mappers").status == "correct"
    sizes = exercises.parquet_bytes()
    assert sizes["every column, one week"] < sizes["price only, whole year"]
    assert evaluate("26.3", "every column, one week").status == "correct"


def test_figures_have_alt_text():
    figs = [plots.shuffle_view(experiments.shuffle()),
            plots.hdfs_cluster_view(experiments.hdfs_cluster(replication=1))]
    assert all(f.alt_text for f in figs)


def test_panels_show_the_lesson_at_their_defaults():
    shuffle = widgets.shuffle_panel().result
    assert shuffle["clicks"].straggler_ratio > 1.5
    storage = widgets.hdfs_cluster_panel().result
    assert storage["rack_loss"]["blocks_lost"] == 0
