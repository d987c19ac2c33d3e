"""Scenarios and panel computes: schemes side by side, skewed machines, your own layout."""

import pandas as pd
import pytest

from sysdesign.ids import (
    INSTAGRAM,
    LAYOUTS,
    NOTES,
    UUID4,
    collision_table,
    custom_layout,
    experiments,
    layout_limits,
    schemes_table,
    simulate_machines,
)


def test_schemes_table_has_a_row_per_layout():
    table = schemes_table()
    assert list(table.index) == list(LAYOUTS)
    assert table.loc["Snowflake", "runs out (year)"] == 2080
    assert table.loc["UUIDv4", "runs out (year)"] == "never"
    assert table.loc["ObjectId", "bytes"] == 12


def test_simulated_machines_sort_by_time_except_for_skew():
    fair = simulate_machines(num_machines=4, ids_per_machine=100, skew_ms=0)
    assert fair["id"].is_monotonic_increasing
    assert (fair["id time (ms)"].diff().dropna() >= 0).all()
    # Without skew IDs are out of time order only within one millisecond.
    assert 0 < fair["disorder (ms)"].max() < 1
    # Machine 3's clock runs 3 x 5 ms late: its IDs sort up to ~15 ms too early.
    skewed = simulate_machines(num_machines=4, ids_per_machine=100, skew_ms=5)
    assert 13 < skewed["disorder (ms)"].max() < 16


def test_simulated_machines_repeat_with_the_seed():
    first = simulate_machines(3, 20, seed=4, layout=INSTAGRAM)
    pd.testing.assert_frame_equal(first, simulate_machines(3, 20, seed=4, layout=INSTAGRAM))
    assert sorted(first["machine"].unique()) == [0, 1, 2] and len(first) == 60


def test_skewed_clock_reads_the_true_time_minus_its_lateness():
    clock = experiments.SkewedClock(late_ms=2.5)
    clock.true_ms = 10.0
    assert clock() == 7.5


def test_machines_panel_picks_the_layout_by_name():
    frame = experiments.machines(2, 10, 0.0, "Instagram")
    assert len(frame) == 20
    assert INSTAGRAM.decode(int(frame["id"].iloc[0]))["shard"] in (0, 1)


def test_custom_layout_keeps_the_sign_bit_when_it_can():
    assert custom_layout(41, 10, 12).total_bits == 64
    big = custom_layout(48, 16, 16)
    assert big.total_bits == 80
    assert "too big" in layout_limits(big).loc["size", "value"]
    assert custom_layout(41, 0, 0).names == ["time"]
    assert custom_layout(epoch_year=2020).epoch_ms == NOTES.epoch_ms  # 2020-01-01 UTC


def test_limits_panel_returns_the_layout_and_its_table():
    result = experiments.limits(41, 10, 12, 1, 2020)
    assert result.layout == custom_layout(41, 10, 12, 1, 2020)
    assert result.table.loc["in the year", "value"] == "2089"
    assert result.table.loc["machines/shards", "value"] == "1,024"
    assert result.table.loc["IDs per machine", "value"] == "4,096 per ms = 4,096,000 per s"
    slow = layout_limits(custom_layout(41, 10, 0, 1000))
    assert slow.loc["IDs per machine", "value"] == "0.001 per ms = 1 per s"


def test_collision_table_lists_each_bit_count_once():
    table = collision_table(62, 1e9)
    assert list(table.index) == ["62 random bits", "122 random bits"]
    assert experiments.compared_bits(UUID4.random_bits) == [122, 62]


def test_collision_panel_computes_the_table_without_echoing_its_inputs():
    result = experiments.collision(64, 1e9)
    assert isinstance(result, pd.DataFrame)
    pd.testing.assert_frame_equal(result, collision_table(64, 1e9))


@pytest.mark.parametrize("call, error, names", [
    (lambda: simulate_machines(num_machines=0), ValueError, "num_machines"),
    (lambda: simulate_machines(ids_per_machine=1.5), TypeError, "ids_per_machine"),
    (lambda: simulate_machines(duration_ms=0), ValueError, "duration_ms"),
    (lambda: simulate_machines(skew_ms=float("inf")), ValueError, "skew_ms"),
    (lambda: simulate_machines(layout="Snowflake"), TypeError, "layout"),
    (lambda: simulate_machines(layout=NOTES), ValueError, "one node field"),
    (lambda: experiments.machines(layout_name="UUIDv9"), ValueError, "layout_name"),
    (lambda: custom_layout(node_bits=-1), ValueError, "node_bits"),
    (lambda: custom_layout(time_bits=0), ValueError, "time_bits"),
    (lambda: custom_layout(tick_ms=0), ValueError, "tick_ms"),
    (lambda: custom_layout(epoch_year=2020.5), TypeError, "epoch_year"),
    (lambda: layout_limits("Snowflake"), TypeError, "layout"),
    (lambda: collision_table(0, 10), ValueError, "random_bits"),
])
def test_bad_input_raises_naming_what_is_wrong(call, error, names):
    with pytest.raises(error, match=names):
        call()
