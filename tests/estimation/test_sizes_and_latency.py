"""Sizes and latencies: the prefix tables, byte and duration formatting, the human scale."""

from __future__ import annotations

import math
from datetime import timedelta

import pytest

from sysdesign import estimation as est
from sysdesign.estimation import latency, sizes


def test_si_prefix_table():
    table = sizes.si_prefix_table()
    assert list(table["symbol"]) == ["k", "M", "G", "T", "P", "E", "Z", "Y"]
    assert table.loc[3, "short scale"] == "trillion"


def test_powers_of_two_and_formatting():
    table = sizes.powers_of_two_table()
    assert table.loc[0, "exact bytes"] == "1,024"
    assert table.loc[3, "binary is larger by"] == "10.0%"
    assert table.loc[5, "binary unit"] == "1 EiB"
    assert est.format_bytes(1e12) == "1 TB"
    assert est.format_bytes(2**40, binary=True) == "1 TiB"
    assert est.format_bytes(1e12, binary=True) == "931 GiB"
    assert est.format_duration(timedelta(hours=8.766)) == "8.77 hours"
    assert est.format_duration(1.0) == "1 s"
    assert est.format_duration(5e-10) == "0.5 ns"


def test_time_table_shows_the_year_it_was_given():
    notes = sizes.time_table(365)
    assert notes.loc["1 year", "seconds"] == f"{365 * 86_400:,}" == "31,536,000"
    assert notes.loc["1 day", "seconds"] == "86,400"
    julian = sizes.time_table()
    assert julian.loc["1 year", "days"] == "365.25"
    assert julian.loc["1 year", "seconds"] == f"{round(365.25 * 86_400):,}"
    assert notes.loc["1 minute", "hours"] == ""  # a minute is less than an hour
    with pytest.raises(ValueError, match="year_days must be a number in 360..366"):
        sizes.time_table(12)


def test_a_million_a_day_is_about_twelve_a_second():
    assert est.SECONDS_PER_DAY == 24 * 60 * 60
    assert round(1e6 / est.SECONDS_PER_DAY) == 12


def test_human_scale_keeps_ratios():
    table = latency.latency_table("Main memory reference", 1.0)
    row = table.set_index("operation").loc["L1 cache reference", "human seconds"]
    assert math.isclose(row, 0.005)
    plain = latency.latency_table()
    ratios = plain["human seconds"] / plain["seconds"]
    assert all(math.isclose(ratio, 2e9) for ratio in ratios)


def test_latencies_are_listed_fastest_first():
    seconds = list(latency.LATENCIES_S.values())
    assert seconds == sorted(seconds)


def test_every_latency_names_its_source_and_year():
    assert set(latency.LATENCY_SOURCES.values()) == set(latency.SOURCES)
    for key, text in latency.SOURCES.items():
        assert key.split()[-1] in text  # the year is in the full reference
    table = latency.latency_table()
    assert list(table["source"]) == [latency.LATENCY_SOURCES[n] for n in table["operation"]]


def test_network_rows_round_the_transmission_time_up():
    """1 MB is 8 Mbit: 8 ms at 1 Gbit/s, which Dean's 2007 list rounds to 10 ms (the study
    notes' row); 1 kB is 8 µs, rounded to Bonér's 10 µs."""
    gigabit = 1e9  # bits per second
    one_mb = latency.LATENCIES_S["Read 1 MB over a 1 Gbps network"]
    one_kb = latency.LATENCIES_S["Send 1 kB over a 1 Gbps network"]
    assert 8e6 / gigabit <= one_mb <= 10e-3 and math.isclose(one_mb, 10e-3)
    assert 8e3 / gigabit <= one_kb <= 10e-6
    assert latency.LATENCY_SOURCES["Read 1 MB over a 1 Gbps network"] == "Dean 2007"


def test_the_ratios_the_notebook_states():
    """Memory is 200 times L1 (not 100); a seek 100,000 times memory; the table spans
    8.5 orders of magnitude (not nine)."""
    assert latency.latency_ratio("Main memory reference", "L1 cache reference") == 200
    assert latency.latency_ratio("Disk seek", "Main memory reference") == 100_000
    assert round(latency.orders_of_magnitude(), 1) == 8.5


def test_ratios_below_one_keep_their_precision():
    l1, packet = latency.LATENCIES[0][0], latency.LATENCIES[-1][0]
    assert math.isclose(latency.latency_ratio(l1, packet), 0.5e-9 / 150e-3, rel_tol=1e-9)
    assert math.isclose(latency.orders_of_magnitude(l1, packet),
                        -latency.orders_of_magnitude(packet, l1))


@pytest.mark.parametrize(("call", "error", "message"), [
    (lambda: latency.latency_table("teleport"), ValueError, "reference must be one of"),
    (lambda: latency.latency_table(reference_takes=0), ValueError, "reference_takes must be"),
    (lambda: latency.latency_table(reference_takes="1 s"), TypeError, "reference_takes"),
    (lambda: latency.latency_ratio("Disk seek", "teleport"), ValueError, "fast must be one of"),
    (lambda: est.format_bytes(-1), ValueError, "n must be a number >= 0"),
    (lambda: est.format_duration(-1), ValueError, "seconds must be a number >= 0"),
])
def test_bad_input_raises_clear_errors(call, error, message):
    with pytest.raises(error, match=message):
        call()
