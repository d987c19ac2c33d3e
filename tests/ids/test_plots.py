"""The distributed-IDs figures: alt text, labels that fit, nothing drawn off the figure,
and the panel views."""

import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from sysdesign import ids
from sysdesign.core import style
from sysdesign.ids import experiments, plots


def all_figures():
    """Every figure the notebook draws, at the notebook's settings."""
    return {
        "layouts": plots.bit_layouts(list(ids.LAYOUTS.values())),
        "custom": plots.bit_layouts([experiments.custom_layout(48, 16, 16)]),
        "generator": plots.generator_trace(experiments.generator_trace("Twitter")),
        "discord counter": plots.generator_trace(experiments.generator_trace("Discord"),
                                                 counter="Discord"),
        "tickets": plots.tickets(experiments.ticket_servers()),
        "lease": plots.lease_timeline(experiments.lease_run(5.0, False)),
        "lease, early": plots.lease_timeline(experiments.lease_run(5.0, True), time_ms=3000),
        "order": plots.id_order(experiments.machines()),
        "uuids": plots.uuid_order(experiments.uuid_order()),
        "btree": plots.btree_pages(experiments.btree_runs(rows=2_000)),
        "collisions": plots.collision_curves(experiments.collision(), generators=1000,
                                             ids_per_ms=1.0, mark=1e15),
    }


@pytest.fixture(scope="module")
def figures():
    made = all_figures()
    for fig in made.values():
        style.png_bytes(fig)  # draw once, so every text has its place
    return made


def test_every_figure_has_alt_text_and_a_title(figures):
    for name, fig in figures.items():
        assert isinstance(fig, Figure)
        assert len(fig.alt_text.split()) >= 12, name
        assert fig.axes[0].get_title(), name


def test_nothing_is_drawn_outside_the_figure(figures):
    """The fixed margins leave room: everything drawn (its tight box, in inches) lies
    within the figure."""
    for name, fig in figures.items():
        box = fig.get_tightbbox(fig.canvas.get_renderer())
        width, height = fig.get_size_inches()
        assert box.x0 >= -0.01 and box.y0 >= -0.01, name
        assert box.x1 <= width + 0.01 and box.y1 <= height + 0.01, name


def test_bit_layout_labels_fit_inside_their_fields(figures):
    for name in ("layouts", "custom"):
        fig = figures[name]
        ax = fig.axes[0]
        renderer = fig.canvas.get_renderer()
        cells = [p.get_window_extent(renderer) for p in ax.patches if isinstance(p, Rectangle)
                 and p.get_width() > 0]
        labels = [t for t in ax.texts if t.get_text()]
        assert labels
        for text in labels:
            box = text.get_window_extent(renderer)
            cell = next(c for c in cells if c.x0 <= box.x0 + box.width / 2 <= c.x1
                        and c.y0 <= box.y0 + box.height / 2 <= c.y1)
            assert cell.x0 <= box.x0 and box.x1 <= cell.x1, (name, text.get_text())
            assert cell.y0 <= box.y0 and box.y1 <= cell.y1, (name, text.get_text())


def test_bit_layouts_name_the_fields_that_fit_and_print_decoded_values():
    texts = [t.get_text() for t in plots.bit_layouts(list(ids.LAYOUTS.values())).axes[0].texts]
    assert "time 41" in texts and "rand_b 62" in texts and "counter 24" in texts
    parts = ids.DISCORD.decode(175928847299117063)
    shown = plots.bit_layouts([ids.DISCORD], values={"Discord": parts}).axes[0].texts
    assert "increment 12\n= 7" in [t.get_text() for t in shown]
    with pytest.raises(ValueError, match="layouts"):
        plots.bit_layouts([])


def test_the_clear_sign_bit_is_named_in_the_legend_and_the_alt_text():
    fig = plots.bit_layouts([ids.SNOWFLAKE, ids.INSTAGRAM])
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert "unused (sign bit)" in legend
    assert "Snowflake (64 bits: unused 1 | time 41" in fig.alt_text
    assert "Instagram (64 bits: time 41" in fig.alt_text  # all 64 bits used: no grey bit
    full = plots.bit_layouts([ids.DISCORD])
    assert not any("unused" in t.get_text() for t in full.legends[0].get_texts())


def test_titles_say_why_a_control_changes_nothing():
    alone = plots.id_order(experiments.machines(1, 10, 5.0)).axes[0].get_title()
    assert "skew needs two clocks" in alone
    short = plots.lease_timeline(experiments.lease_run(2.0, True)).axes[0].get_title()
    assert "never lapsed" in short
    long = plots.lease_timeline(experiments.lease_run(5.0, True)).axes[0].get_title()
    assert "never lapsed" not in long


def test_field_label_falls_back_to_what_fits():
    assert plots.field_label("sequence", 12, None, 200) == "sequence 12"
    assert plots.field_label("sequence", 12, None, 45) == "sequence"
    assert plots.field_label("sequence", 12, None, 15) == "12"
    assert plots.field_label("sequence", 12, None, 4) == ""


def test_ink_picks_the_readable_colour():
    assert plots.ink("#000000") == "white" and plots.ink("#ffffff") == "black"
    assert plots.ink(style.PALETTE["orange"]) == "black"
    assert plots.ink(style.PALETTE["blue"]) == "white"


def test_panel_views_draw_the_compute_results():
    limits = plots.limits_view(experiments.limits(), time_bits=41)
    assert isinstance(limits[0], Figure) and isinstance(limits[1], pd.DataFrame)
    assert isinstance(plots.machines_view(experiments.machines()), Figure)
    fig, table = plots.collision_view(experiments.collision(40, 1.0, 1e6), generators=40,
                                      ids_per_ms=1.0, n=1e6)
    assert len(fig.axes[0].get_lines()) == 5  # four schemes and the marked n
    assert list(table.columns) == ["chance of a duplicate among 1e+06 IDs"]
    fig, table = plots.generator_view(experiments.generator(4), counter="Twitter")
    assert list(table.index) == [0, 1, 2, 3, 4]
    fig, table = plots.lease_view(experiments.lease(9, False, 5.0))
    assert table.loc["uses machine id", "A"] == "0" and table.loc["frozen now", "A"] == "True"


def test_collision_alt_text_reads_the_curves_where_the_mark_is():
    result = experiments.collision()
    for mark in (1e15, 1e20):
        fig = plots.collision_curves(result, generators=1000, ids_per_ms=1.0, mark=mark)
        index = int(np.searchsorted(result.n, mark))
        v4 = next(p for label, p in result.curves.items() if label.startswith("UUIDv4"))
        assert f"At 1e{round(np.log10(mark))} IDs" in fig.alt_text
        assert f"{v4[index]:.1g};" in fig.alt_text


def test_btree_alt_text_puts_the_random_pages_above_the_leaves_they_hit(figures):
    """The dotted balls-in-bins line is a floor: the alt text must not call the pages
    written 'close to' it, and must quote both numbers the figure shows."""
    from sysdesign.ids.btree import random_leaves_touched

    runs = experiments.btree_runs(rows=2_000)
    random = runs["UUIDv4"]
    hit = float(random_leaves_touched(random.leaves, 100)[-1])
    alt = figures["btree"].alt_text
    assert f"climbs to {int(random.pages_written[-1])} pages, above the {hit:.0f}" in alt
    assert int(random.pages_written[-1]) > hit and "close to" not in alt


def test_generator_alt_text_says_how_each_counter_counts(figures):
    assert "sequence counts within one" in figures["generator"].alt_text
    discord = figures["discord counter"].alt_text
    assert "counts every ID and wraps" in discord and "counts within one" not in discord
    assert "1 ID(s) repeated" in discord  # step 4 repeats step 0
