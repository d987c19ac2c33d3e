"""Every sharding figure draws from model output, with a title and labelled axes; every panel
view draws what its experiment returns."""

import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure

from sysdesign.sharding import (
    SCHEMES,
    HashRing,
    compare_schemes,
    experiments,
    explore,
    moved_share_curve,
    plots,
    ring_balance_curve,
    workload,
)

COUNTS = [1, 2, 4]
FIGURES = {
    "loads": lambda: plots.shard_loads(
        explore(workload("social (Zipf users)", 5_000), "range(time)", 6)),
    "ring": lambda: plots.ring_diagram(HashRing(["a", "b"], vnodes=3), np.arange(30)),
    "change": lambda: plots.ring_view(experiments.ring(3, 4, 40, "remove node n0"),
                                      change="remove node n0"),
    "balance": lambda: plots.balance_curve(ring_balance_curve(4, [1, 10]), marker=10),
    "schemes": lambda: plots.scheme_comparison(compare_schemes(np.arange(2_000), 4, 20)),
    "curves": lambda: plots.moved_share_curves(
        {s: moved_share_curve(range(1_000), s, COUNTS) for s in SCHEMES}, COUNTS),
}


@pytest.mark.parametrize("name", list(FIGURES))
def test_figure_has_title_and_axis_labels(name):
    fig = FIGURES[name]()
    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    assert ax.get_title()
    if name not in ("ring", "change"):  # the ring is a picture, not a chart
        assert ax.get_xlabel() and ax.get_ylabel()


def test_scaling_patterns_draws_four_pictures():
    fig = plots.scaling_patterns()
    assert [ax.get_title().split("\n")[0] for ax in fig.axes] == [
        "Replication", "Federation", "Sharding", "Denormalisation"]


def test_report_table_names_both_queries():
    report = explore(workload("social (Zipf users)", 2_000), "hash(user_id)", 4)
    table = plots.report_table(report)
    assert table.loc["shards per 'user's latest 10' (mean)", "value"] == "1.00 of 4"
    assert table.loc["shards per 'all messages in the last hour'", "value"] == "4 of 4"


def test_ring_view_titles_the_change_and_the_moved_share():
    values = dict(num_nodes=3, vnodes=4, num_keys=40, change="remove node n0")
    result = experiments.ring(**values)
    title = plots.ring_view(result, **values).axes[0].get_title()
    assert title.startswith("remove node n0: ") and f"{result['moved'].sum()} of 40" in title


@pytest.mark.parametrize("name, values", [
    ("shard_key", dict(workload_name="social (Zipf users)", strategy="geo grid", num_shards=5)),
    ("vnodes", dict(num_nodes=4, vnodes=7)),
    ("schemes", dict(num_shards=3, vnodes=10)),
])
def test_views_show_a_figure_and_a_table(name, values):
    view = getattr(plots, f"{name}_view")(getattr(experiments, name)(**values), **values)
    assert isinstance(view[0], Figure) and isinstance(view[1], pd.DataFrame)
    if name == "vnodes":
        assert view[1].index.tolist() == [7]  # the chosen count, added to the grid
