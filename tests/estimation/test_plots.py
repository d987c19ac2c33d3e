"""The estimation figures: dots, not bars, on log axes; grid lines a thousand times apart;
alt text computed from the data drawn."""

from __future__ import annotations

import math

from matplotlib.patches import Rectangle

from sysdesign.estimation import URL_SHORTENER, experiments, latency, plots


def bars(ax) -> list:
    return [p for p in ax.patches if isinstance(p, Rectangle)]


def test_latency_chart_is_a_dot_plot_with_grid_lines_a_thousand_apart():
    fig = plots.latency_chart()
    ax = fig.axes[0]
    assert not bars(ax)
    assert ax.get_xscale() == "log"
    ticks = list(ax.get_xticks())
    assert [t.get_text() for t in ax.get_xticklabels()] == ["1 ns", "1 µs", "1 ms"]
    assert all(math.isclose(b / a, 1_000) for a, b in zip(ticks, ticks[1:], strict=False))
    assert len(ax.get_yticklabels()) == len(latency.LATENCIES)
    assert "Dean 2009" in fig.alt_text and "150 ms" in fig.alt_text
    assert "10^8.5 times the fastest" in fig.alt_text


def test_human_scale_chart_uses_human_units():
    table = experiments.human_scale("L1 cache reference", 1.0)
    fig = plots.latency_chart(table, human=True)
    labels = [t.get_text() for t in fig.axes[0].get_xticklabels()]
    assert labels[0] == "1 s" and "1 year" in labels
    assert "9.51 years" in fig.alt_text


def test_human_scale_panel_shows_a_table_named_after_the_rescaling():
    table = experiments.human_scale("Disk seek", 60.0)
    view = plots.human_scale_view(table, reference="Disk seek", reference_takes=60.0)
    column = "if a disk seek took 1 minute"
    assert list(view.columns) == ["latency", column]
    assert view.loc["Disk seek", column] == "1 minute"


def test_zipf_chart_shows_the_breslau_band_and_each_catalogue():
    curves = experiments.zipf_curves()
    fig = plots.zipf_share_chart(curves, 0.2)
    assert len(fig.axes[0].lines) >= len(curves)
    assert "0.64-0.83" in fig.alt_text and "10,000 keys: 55 % to 70 %" in fig.alt_text
    assert "below 80 % for every catalogue drawn" in fig.alt_text


def test_redirect_chart_alt_text_reads_the_curve():
    curve = experiments.redirect_curve(URL_SHORTENER, alphas=(0.5, 0.64, 1.0, 1.5))
    fig = plots.redirect_chart(curve, alpha=0.8)
    a, b = int(curve["disks A"].iloc[0]), int(curve["disks B"].iloc[0])
    assert f"α = 0.5: A {a}, B {b}" in fig.alt_text
    assert "100 seeks/s" in fig.axes[0].get_ylabel()
    assert "Inside the band the cache saves 9 % of the disks" in fig.alt_text
