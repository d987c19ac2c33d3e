"""The distributed-IDs figures and panel helpers."""

import pytest
from matplotlib.figure import Figure

from sysdesign import ids
from sysdesign import ids_plots as plots
from sysdesign.ids_widgets import collision_table, custom_layout, layout_limits


def test_bit_layouts_draw_every_field_left_to_right():
    fig = plots.bit_layouts(list(ids.LAYOUTS.values()))
    assert isinstance(fig, Figure) and fig.axes[0].get_title()
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert "time 41" in texts and "rand_b 62" in texts and "counter 24" in texts
    with pytest.raises(ValueError):
        plots.bit_layouts([])


def test_id_order_and_collision_curves_are_labelled():
    for fig in (plots.id_order(ids.simulate_machines(2, 20)),
                plots.collision_curves([32, 122], mark=1e6)):
        ax = fig.axes[0]
        assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()


def test_custom_layout_keeps_the_sign_bit_when_it_can():
    assert custom_layout(41, 10, 12).total_bits == 64
    big = custom_layout(48, 16, 16)
    assert big.total_bits == 80
    assert "too big" in layout_limits(big).loc["size", "value"]
    assert custom_layout(41, 0, 0).names == ["time"]


def test_collision_table_lists_each_bit_count_once():
    table = collision_table(62, 1e9)
    assert list(table.index) == ["62 random bits", "122 random bits"]
