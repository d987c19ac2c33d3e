"""Scenarios and panel computes: schemes side by side, machines, generator steps, leases,
UUID order, B-tree runs, collisions."""

from datetime import datetime, timedelta, timezone

import numpy as np
import pandas as pd
import pytest

from sysdesign.ids import (
    INSTAGRAM,
    LAYOUTS,
    NOTES,
    UNIX_EPOCH,
    UUID7,
    collision_probability,
    custom_layout,
    experiments,
    layout_limits,
    schemes_table,
    simulate_machines,
    time_ordered_collision_probability,
)


def test_schemes_table_has_a_row_per_layout_and_both_instagram_limits():
    table = schemes_table()
    assert list(table.index) == list(LAYOUTS)
    assert table.loc["Snowflake", "time runs out"] == "2080"
    wraps = UNIX_EPOCH + timedelta(milliseconds=INSTAGRAM.epoch_ms + 2**41)
    negative = UNIX_EPOCH + timedelta(milliseconds=INSTAGRAM.epoch_ms + 2**40)
    assert table.loc["Instagram", "time runs out"] == str(wraps.year)
    assert table.loc["Instagram", "negative as BIGINT"] == str(negative.year)
    assert table.loc["Snowflake", "negative as BIGINT"] == "never"
    assert table.loc["UUIDv4", "time runs out"] == "never"
    assert table.loc["UUIDv4", "IDs/s per generator"] == "unlimited"  # not NaN
    assert table.loc["ObjectId", "random bits per process"] == 40
    assert table.loc["ObjectId", "random bits per ID"] == 0
    assert table.loc["ObjectId", "bytes"] == 12
    assert not table.isna().any().any()


def test_simulated_machines_sort_by_time_except_for_skew():
    fair = simulate_machines(num_machines=4, ids_per_machine=100, skew_ms=0)
    assert fair["id"].is_monotonic_increasing
    assert (fair["id time (ms)"].diff().dropna() >= 0).all()
    # Without skew IDs are out of time order only within one millisecond.
    assert 0 < fair["disorder (ms)"].max() < 1
    # Machine 3's clock runs 3 x 5 ms late: its IDs sort up to ~15 ms too early.
    skewed = simulate_machines(num_machines=4, ids_per_machine=100, skew_ms=5)
    assert 13 < skewed["disorder (ms)"].max() < 16


def test_the_machines_panel_default_shows_the_skew():
    frame = experiments.machines()
    worst = frame["disorder (ms)"].max()
    assert 3 * 3.0 - 1 < worst <= 3 * 3.0  # machine 3 runs 9 ms late, less a tick


def test_simulated_machines_repeat_with_the_seed():
    first = simulate_machines(3, 20, seed=4, layout=INSTAGRAM)
    pd.testing.assert_frame_equal(first, simulate_machines(3, 20, seed=4, layout=INSTAGRAM))
    assert sorted(first["machine"].unique()) == [0, 1, 2] and len(first) == 60


def test_skewed_clock_reads_the_true_time_minus_its_lateness():
    clock = experiments.SkewedClock(late_ms=2.5)
    clock.true_ms = 10.0
    assert clock() == 7.5


def test_machines_panel_with_one_machine_has_no_disorder_to_show():
    frame = experiments.machines(1, 10, 20.0)
    assert len(frame) == 10 and frame["disorder (ms)"].max() == 0


def test_custom_layout_keeps_the_sign_bit_when_it_can():
    assert custom_layout(41, 10, 12).total_bits == 64
    big = custom_layout(48, 16, 16)
    assert big.total_bits == 80
    assert layout_limits(big).loc["as a signed BIGINT", "value"] == "too big for a BIGINT"
    assert layout_limits(custom_layout(41, 10, 12)).loc["as a signed BIGINT",
                                                       "value"] == "never negative"
    assert custom_layout(41, 0, 0).names == ["time"]
    assert custom_layout(epoch_year=2020).epoch_ms == NOTES.epoch_ms  # 2020-01-01 UTC
    full = custom_layout(41, 13, 10, epoch_year=2020)  # Instagram's widths, all 64 bits
    year = (datetime(2020, 1, 1, tzinfo=timezone.utc) + timedelta(milliseconds=2**40)).year
    assert layout_limits(full).loc["as a signed BIGINT", "value"] == (
        f"negative after 34.8 years, in {year}")
    assert layout_limits(full).map(len).max().iloc[0] <= 50  # pandas shows 50 characters


def test_limits_panel_returns_the_layout_and_its_table():
    result = experiments.limits(41, 10, 12, 1, 2020)
    assert result.layout == custom_layout(41, 10, 12, 1, 2020)
    # 2^41 ms from 2020-01-01 (the notebook quotes the year); 63 bits used: never negative
    from sysdesign.ids.layout import MS_PER_YEAR

    assert result.table.loc["in the year", "value"] == str(int(2020 + 2**41 / MS_PER_YEAR))
    assert result.table.loc["as a signed BIGINT", "value"] == "never negative"
    assert result.table.loc["machines/shards", "value"] == "1,024"
    assert result.table.loc["IDs per machine", "value"] == "4,096 per ms = 4,096,000 per s"
    slow = layout_limits(custom_layout(41, 10, 0, 1000))
    assert slow.loc["IDs per machine", "value"] == "0.001 per ms = 1 per s"


def test_generator_trace_shows_waiting_refusing_and_wrapping():
    twitter = experiments.generator_trace("Twitter")
    assert twitter["sequence"].iloc[:4].tolist() == [0, 1, 2, 3]
    assert "waited" in twitter.loc[4, "event"] and twitter.loc[4, "time"] == 1
    assert twitter.loc[[7, 8], "id"].isna().all()  # the clock went back: refused
    assert twitter.loc[9, "time"] == 3 and twitter.loc[9, "sequence"] == 2
    ids = twitter["id"].dropna().tolist()
    assert ids == sorted(ids) and len(set(ids)) == len(ids)
    discord = experiments.generator_trace("Discord")
    assert discord.loc[4, "repeats step"] == 0  # the 2-bit counter wrapped within 0 ms
    assert discord.loc[5, "sequence"] == 1  # and does not restart at a new millisecond
    assert len(experiments.generator(3)) == 4


def test_lease_panel_sees_the_run_up_to_its_time():
    view = experiments.lease(time_s=9, check_lease=False, pause_s=5.0)
    assert view.time_ms == 9000 and view.run is experiments.lease_run(5.0, False)
    assert view.run.duplicates(9000) == 0 < view.run.duplicates()
    assert experiments.lease(time_s=99).time_ms == view.run.duration_ms
    table = experiments.lease_table((2.0, 5.0))
    assert table.loc[2.0].tolist() == [0, 0]
    assert table.loc[5.0, "duplicate IDs, no check"] > 0
    assert table.loc[5.0, "duplicate IDs, lease checked"] == 0


def test_restart_table_falls_to_zero_once_the_wait_covers_the_step():
    table = experiments.restart_table(step_back_ms=50, waits_ms=(0, 25, 50, 60))
    counts = table["duplicate IDs"].tolist()
    assert counts[0] > counts[1] > 0 and counts[2:] == [0, 0]


def test_uuid_order_only_v6_and_v7_sort_by_time():
    frame = experiments.uuid_order(count=60, every_s=30)
    assert frame["v6"].is_monotonic_increasing and frame["v7"].is_monotonic_increasing
    assert not frame["v1"].is_monotonic_increasing and not frame["v4"].is_monotonic_increasing
    # v1 sorts by time_low, which wraps every 429.5 s: every ~14.3 UUIDs made 30 s apart.
    restarts = int((np.diff(frame["v1"]) < 0).sum())
    assert restarts == int(59 * 30 / 429.4967296)


def test_btree_table_counts_come_from_the_runs():
    table = experiments.btree_table(rows=2_000, batch=100)
    runs = experiments.btree_runs(rows=2_000, batch=100)
    for key, run in runs.items():
        assert table.loc[key, "pages written in all"] == run.pages_written.sum()
        assert table.loc[key, "leaf pages"] == run.leaves[-1]
    assert table.loc["Snowflake", "key bytes"] == 8 and table.loc["UUIDv4", "key bytes"] == 16


def test_collision_curves_and_table_agree_with_the_models():
    result = experiments.collision(generators=1000, ids_per_ms=1.0, n=1e15)
    n = result.n
    assert result.curves["UUIDv4 (122 random bits, any two IDs)"] == pytest.approx(
        collision_probability(n, 122))
    zero = time_ordered_collision_probability(1e15, 1000, 1.0, UUID7.random_bits)
    seeded = time_ordered_collision_probability(1e15, 1000, 1.0, UUID7.random_bits,
                                                UUID7.sequence_seed_bits)
    table = result.table["chance of a duplicate"]
    assert table["UUIDv7, counter from 0"] == f"{zero:.3g}"
    assert table["UUIDv7, counter seeded (RFC 9562)"] == f"{seeded:.3g}"
    # The all-pairs bound is far too pessimistic for v7; seeding helps by about S / Σ t².
    assert collision_probability(1e15, 62) == 1.0 > zero > seeded
    assert experiments.collision(generators=999.6).table.equals(result.table)  # rounds


def test_process_collisions_is_the_birthday_bound_over_40_bits():
    table = experiments.process_collisions((10**6,))
    assert table.iloc[0, 0] == f"{collision_probability(10**6, 40):.2g}"


def test_ticket_and_routing_scenarios_are_repeatable():
    pd.testing.assert_frame_equal(experiments.ticket_servers(), experiments.ticket_servers())
    pd.testing.assert_frame_equal(experiments.routing_reads(), experiments.routing_reads())


def test_unix_ms_is_midnight_utc():
    assert experiments.unix_ms(1970) == 0
    assert experiments.unix_ms(2046, 6, 1) == int(
        datetime(2046, 6, 1, tzinfo=timezone.utc).timestamp() * 1000)


@pytest.mark.parametrize("call, error, names", [
    (lambda: simulate_machines(num_machines=0), ValueError, "num_machines"),
    (lambda: simulate_machines(ids_per_machine=1.5), TypeError, "ids_per_machine"),
    (lambda: simulate_machines(duration_ms=0), ValueError, "duration_ms"),
    (lambda: simulate_machines(skew_ms=float("inf")), ValueError, "skew_ms"),
    (lambda: simulate_machines(layout="Snowflake"), TypeError, "layout"),
    (lambda: simulate_machines(layout=NOTES), ValueError, "one node field"),
    (lambda: custom_layout(node_bits=-1), ValueError, "node_bits"),
    (lambda: custom_layout(time_bits=0), ValueError, "time_bits"),
    (lambda: custom_layout(tick_ms=0), ValueError, "tick_ms"),
    (lambda: custom_layout(epoch_year=2020.5), TypeError, "epoch_year"),
    (lambda: layout_limits("Snowflake"), TypeError, "layout"),
    (lambda: experiments.generator_trace("Sonyflake"), ValueError, "counter"),
    (lambda: experiments.generator(step=11), ValueError, "step"),
    (lambda: experiments.lease(time_s=-1), ValueError, "time_s"),
    (lambda: experiments.collision(generators=1), ValueError, "generators"),
    (lambda: experiments.uuid_order(count=1), ValueError, "count"),
    (lambda: experiments.uuid_order(every_s=0), ValueError, "every_s"),
    (lambda: experiments.collision(ids_per_ms=0), ValueError, "ids_per_ms"),
    (lambda: experiments.collision(n=-5), ValueError, "n must"),
    (lambda: experiments.routing_reads(photos=10, reads=20), ValueError, "reads"),
    (lambda: experiments.ticket_servers(outage=5), TypeError, "outage"),
    (lambda: experiments.ticket_servers(outage=(5, 2)), ValueError, "outage"),
])
def test_bad_input_raises_naming_what_is_wrong(call, error, names):
    with pytest.raises(error, match=names):
        call()


def test_tables_fit_what_pandas_shows():
    """pandas cuts cell text at 50 characters (display.max_colwidth) in a notebook."""
    for counter in ("Twitter", "Discord"):
        assert experiments.generator_trace(counter)["event"].str.len().max() <= 50
    assert schemes_table().astype(str).map(len).max().max() <= 50
