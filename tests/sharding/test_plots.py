"""Every sharding figure draws from model output, with a title, labelled axes and alt text
computed from the data; every panel view draws what its experiment returns."""

import math

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
    measured,
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
    "rebalance": lambda: plots.rebalance_view(experiments.rebalance(3, "remove node n0", 3, 40),
                                              change="remove node n0"),
    "balance": lambda: plots.balance_curve(ring_balance_curve(4, [1, 10]), marker=10),
    "schemes": lambda: plots.scheme_comparison(compare_schemes(np.arange(2_000), 4, 20)),
    "curves": lambda: plots.moved_share_curves(
        {s: moved_share_curve(range(1_000), s, COUNTS) for s in SCHEMES}, COUNTS),
    "resharding": lambda: plots.resharding_view(experiments.resharding(4)),
    "lookups": lambda: plots.lookup_measurements(*measured.lookup_benchmark()),
    "dynamo": lambda: plots.dynamo_strategies_view(
        experiments.dynamo_strategies(tokens=(1, 8), partitions=(64, 256), trials=1)),
    "bounded": lambda: plots.bounded_view(experiments.bounded(0.5), epsilon=0.5),
    "scaling": plots.scaling_patterns,
}
PICTURES = {"ring", "rebalance", "scaling"}  # drawings, not charts: no axis labels


@pytest.mark.parametrize("name", list(FIGURES))
def test_figure_has_title_axis_labels_and_alt_text(name):
    fig = FIGURES[name]()
    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    suptitle = fig._suptitle.get_text() if fig._suptitle else ""
    assert ax.get_title() or ax.get_title(loc="left") or suptitle
    for ax in fig.axes:  # drawn with fixed positions (one drawing pass), all inside the figure
        box = ax.get_position()
        assert 0 <= box.x0 < box.x1 <= 1 and 0 <= box.y0 < box.y1 <= 1
    if name not in PICTURES:
        ax = fig.axes[0]
        assert ax.get_xlabel() and (ax.get_ylabel() or name == "resharding")
    assert len(fig.alt_text.split()) >= 20, fig.alt_text


def test_scaling_patterns_draws_the_five_shapes_and_a_copied_column():
    fig = plots.scaling_patterns()
    texts = [t.get_text() for t in fig.axes[0].texts]
    titles = [t.split("\n")[0] for t in texts if "\n(" in t and not t.startswith("grey")]
    assert titles == ["Replication", "Federation = functional partitioning",
                      "Vertical partitioning, database sense",
                      "Sharding = horizontal partitioning", "Denormalisation"]
    hatched = [p for p in fig.axes[0].patches if p.get_hatch()]
    assert len(hatched) == 1  # the author's name, copied into posts
    assert "author name" in texts and "u" not in texts and "p" not in texts
    assert "users 1000-1999" in texts  # each shard says which rows it holds


def test_the_hot_shard_and_the_recent_writes_are_not_red_next_to_orange():
    fig = plots.shard_loads(explore(workload("celebrity (1 user 1000x)", 5_000),
                                    "hash(user_id)", 8))
    colours = {tuple(np.round(p.get_facecolor(), 3)) for p in fig.axes[0].patches if p.get_fill()}
    from matplotlib.colors import to_rgba

    assert tuple(np.round(to_rgba(plots.ORANGE), 3)) not in colours
    assert tuple(np.round(to_rgba("#D55E00"), 3)) not in colours


def test_alt_text_reports_the_numbers_drawn():
    report = explore(workload("celebrity (1 user 1000x)", 5_000), "hash(user_id)", 8)
    assert f"{report.imbalance:.2f} times" in plots.shard_loads(report).alt_text
    ring = HashRing(["A", "B", "C"], vnodes=1)
    share = ring.ownership()
    text = plots.ring_diagram(ring, np.arange(10)).alt_text
    assert f"{100 * share.max():.0f} %" in text and f"{100 * share.min():.0f} %" in text
    placed = experiments.bounded(0.25)
    assert f"{placed.loads.max() / 500:.2f} times" in plots.bounded_view(placed).alt_text


def test_ring_arcs_end_at_their_points():
    """Each point owns the arc that ends at it: the rim colours one arc per point, in the
    owner's colour, and the arcs together go once around the circle."""
    ring = HashRing(["a", "b", "c"], vnodes=2)
    fig = plots.ring_diagram(ring)
    arcs = fig.axes[0].collections[0]
    segments = arcs.get_segments()
    assert len(segments) == 6
    turned = sum(abs(np.unwrap(np.arctan2(s[:, 1], s[:, 0]))[-1]
                     - np.arctan2(s[0, 1], s[0, 0])) for s in segments)
    assert turned == pytest.approx(2 * math.pi, rel=1e-6)
    # Each arc's last point is its owner's point on the circle.
    positions, owners = ring.points()
    angles = plots._angle(positions)
    for segment, angle in zip(segments, angles, strict=True):
        assert segment[-1] == pytest.approx([math.cos(angle), math.sin(angle)], abs=1e-9)


def test_report_table_names_the_three_queries():
    report = explore(workload("social (Zipf users)", 2_000), "hash(user_id)", 4)
    table = plots.report_table(report)
    assert table.loc["shards per 'user's latest 10' (mean)", "value"] == "1.00 of 4"
    assert table.loc["shards per 'all messages in the last hour'", "value"] == "4 of 4"
    assert table.loc["shards per 'messages near me' (mean)", "value"] == "4.00 of 4"


def test_rebalance_view_titles_the_step_and_the_moved_share():
    values = dict(step=3, change="remove node n0", num_nodes=3, num_keys=40)
    result = experiments.rebalance(**values)
    title = plots.rebalance_view(result, **values).axes[0].get_title(loc="left")
    assert title.startswith("remove node n0, step 3/8: ")
    assert f"{result['moved'].sum()} of 40" in title


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


def test_the_balance_curve_names_its_marker_and_the_ring_counts_its_points():
    curve = ring_balance_curve(4, [1, 10, 100])
    fig = plots.balance_curve(curve, marker=10)
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert "v = 10" in texts
    assert f"v = 10: {curve.loc[10, 'max/mean']:.2f} times" in fig.alt_text
    assert "dotted" not in plots.balance_curve(curve).alt_text  # no marker, no mention
    one = plots.ring_diagram(HashRing(["a", "b"], vnodes=1))
    assert one.axes[0].get_title(loc="left").endswith("1 point each")
    many = plots.ring_diagram(HashRing(["a", "b"], vnodes=3))
    assert many.axes[0].get_title(loc="left").endswith("3 points each")
