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


@pytest.mark.parametrize(("call", "error", "message"), [
    (lambda: latency.latency_table("teleport"), ValueError, "reference must be one of"),
    (lambda: latency.latency_table(reference_takes=0), ValueError, "reference_takes must be"),
    (lambda: latency.latency_table(reference_takes="1 s"), TypeError, "reference_takes"),
    (lambda: est.format_bytes(-1), ValueError, "n must be a number >= 0"),
    (lambda: est.format_duration(-1), ValueError, "seconds must be a number >= 0"),
])
def test_bad_input_raises_clear_errors(call, error, message):
    with pytest.raises(error, match=message):
        call()
