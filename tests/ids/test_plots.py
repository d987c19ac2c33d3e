"""The distributed-IDs figures and the panel views."""

import pandas as pd
import pytest
from matplotlib.figure import Figure

from sysdesign import ids
from sysdesign.ids import experiments, plots


def test_bit_layouts_draw_every_field_left_to_right():
    fig = plots.bit_layouts(list(ids.LAYOUTS.values()))
    assert isinstance(fig, Figure) and fig.axes[0].get_title()
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert "time 41" in texts and "rand_b 62" in texts and "counter 24" in texts
    with pytest.raises(ValueError, match="layouts"):
        plots.bit_layouts([])


def test_bit_layouts_print_decoded_values():
    parts = ids.decode_snowflake(175928847299117063, epoch_ms=ids.DISCORD_EPOCH_MS)
    fig = plots.bit_layouts([ids.SNOWFLAKE], values={"Snowflake": parts})
    assert "sequence 12\n= 7" in [t.get_text() for t in fig.axes[0].texts]


def test_id_order_and_collision_curves_are_labelled():
    for fig in (plots.id_order(ids.simulate_machines(2, 20)),
                plots.collision_curves([32, 122], mark=1e6)):
        ax = fig.axes[0]
        assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()


def test_panel_views_draw_the_compute_results():
    limits = plots.limits_view(experiments.limits(), time_bits=41)
    assert isinstance(limits[0], Figure) and isinstance(limits[1], pd.DataFrame)
    assert isinstance(plots.machines_view(experiments.machines()), Figure)
    fig, table = plots.collision_view(experiments.collision(40, 1e6), random_bits=40, n=1e6)
    labels = [line.get_label() for line in fig.axes[0].get_lines()]
    assert labels == ["40 random bits", "62 random bits", "122 random bits", "n = 1e+06"]
    assert list(table.index) == ["40 random bits", "62 random bits", "122 random bits"]
