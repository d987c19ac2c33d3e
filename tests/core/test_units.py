"""Formatting numbers for people, checked against hand-computed values."""

from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sysdesign.core import units


@pytest.mark.parametrize(("n", "binary", "text"), [
    (0, False, "0 B"), (999, False, "999 B"), (1000, False, "1 kB"),
    (1_500_000, False, "1.5 MB"), (1024, True, "1 KiB"), (1_572_864, True, "1.5 MiB"),
    (3.2e21, False, "3,200 EB"),
])
def test_format_bytes(n, binary, text):
    assert units.format_bytes(n, binary=binary) == text


@pytest.mark.parametrize(("seconds", "text"), [
    (0, "0 s"), (1e-9, "1 ns"), (0.0005, "500 µs"), (1, "1 s"), (90, "1.5 minutes"),
    (3600, "1 hour"), (86_400 * 2, "2 days"), (365.25 * 86_400, "1 year"),
    (timedelta(minutes=90), "1.5 hours"), (0.999999999999, "1 s"),
])
def test_format_duration(seconds, text):
    assert units.format_duration(seconds) == text


def test_bad_inputs_name_the_parameter():
    with pytest.raises(ValueError, match="n must be a number >= 0"):
        units.format_bytes(-1)
    with pytest.raises(TypeError, match="seconds must be a number"):
        units.format_duration("1 s")
    with pytest.raises(TypeError, match="value must be a number"):
        units.si("many")


@given(st.floats(1e-12, 1e18))
def test_si_round_trips_within_its_digits(value):
    text = units.si(value)
    number, _, prefix = text.partition(" ")
    scale = {"": 1, "p": 1e-12, "n": 1e-9, "µ": 1e-6, "m": 1e-3, "k": 1e3, "M": 1e6,
             "G": 1e9, "T": 1e12, "P": 1e15, "E": 1e18}[prefix]
    assert float(number) * scale == pytest.approx(value, rel=5e-3)


def test_percent():
    assert units.percent(0.5) == "50 %"
    assert units.percent(0.9154, 1) == "91.5 %"
