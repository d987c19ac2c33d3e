"""Every sharding figure draws from model output, with a title and labelled axes."""

import numpy as np
import pytest
from matplotlib.figure import Figure

from sysdesign.sharding import (
    SCHEMES,
    HashRing,
    compare_schemes,
    explore,
    moved_share_curve,
    plots,
    ring_balance_curve,
    workload,
)
from sysdesign.sharding.widgets import ring_change, ring_change_figure

COUNTS = [1, 2, 4]
FIGURES = {
    "loads": lambda: plots.shard_loads(
        explore(workload("social (Zipf users)", 5_000), "range(time)", 6)),
    "ring": lambda: plots.ring_diagram(HashRing(["a", "b"], vnodes=3), np.arange(30)),
    "change": lambda: ring_change_figure(ring_change(3, 4, 40, "remove node n0")),
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
