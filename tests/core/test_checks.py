"""The validation vocabulary: wrong types raise TypeError, wrong values ValueError, and
every message names the parameter, what is allowed and what was given."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sysdesign.core import checks


@pytest.mark.parametrize("value", [3, np.int64(3), np.uint8(3)])
def test_integer_accepts_whole_numbers(value):
    assert checks.integer(value, "n", 1, 5) == 3
    assert type(checks.integer(value, "n")) is int


@pytest.mark.parametrize("value", [2.5, 3.0, "3", None, True, np.bool_(True), [3]])
def test_integer_rejects_other_types_with_a_type_error(value):
    with pytest.raises(TypeError, match=r"^slots must be an integer >= 1"):
        checks.integer(value, "slots", 1)


def test_integer_range_errors_name_the_range_and_the_hint():
    with pytest.raises(ValueError, match=r"^n must be an integer in 1\.\.4 \(nodes\), got 7$"):
        checks.integer(7, "n", 1, 4, hint="nodes")
    with pytest.raises(ValueError, match=r"<= 4, got 5"):
        checks.integer(5, "n", hi=4)


@given(st.integers(), st.integers(-50, 50), st.integers(-50, 50))
def test_integer_accepts_exactly_the_range(value, lo, hi):
    inside = lo <= value <= hi
    if inside:
        assert checks.integer(value, "v", lo, hi) == value
    else:
        with pytest.raises(ValueError):
            checks.integer(value, "v", lo, hi)


@pytest.mark.parametrize("value", ["1", None, True, [1.0], complex(1, 0)])
def test_number_rejects_non_numbers_with_a_type_error(value):
    with pytest.raises(TypeError, match=r"^rate must be a number"):
        checks.number(value, "rate")


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf])
def test_number_rejects_nan_and_infinity(value):
    with pytest.raises(ValueError, match="finite"):
        checks.number(value, "rate")
    if not math.isnan(value):
        assert checks.number(value, "rate", finite=False) == value


def test_number_bounds_open_and_closed():
    assert checks.number(0, "x", 0) == 0.0
    with pytest.raises(ValueError, match=r"x must be a number > 0"):
        checks.number(0, "x", 0, lo_open=True)
    with pytest.raises(ValueError, match=r"in \[0, 1\)"):
        checks.number(1, "x", 0, 1, hi_open=True)
    assert checks.number(np.float32(0.5), "x", 0, 1) == 0.5


def test_fraction_spots_a_percentage():
    with pytest.raises(ValueError, match="did you mean 0.999"):
        checks.fraction(99.9, "availability")
    with pytest.raises(ValueError, match=r"in \(0, 1\]"):
        checks.fraction(0, "top", lo_open=True)
    assert checks.fraction(1, "share") == 1.0


def test_fraction_tells_a_rounding_error_from_a_percentage():
    with pytest.raises(ValueError, match=r"got 1\.0000001 \(a rounding error") as refused:
        checks.fraction(1.0000001, "share")
    assert "did you mean" not in str(refused.value)
    with pytest.raises(ValueError, match=r"got 1\.5 \(it looks like a percentage"):
        checks.fraction(1.5, "share")


def test_choice_lists_the_options():
    assert checks.choice("ap", "mode", ("cp", "ap")) == "ap"
    with pytest.raises(ValueError, match=r"mode must be one of 'cp', 'ap'; got 'CA'"):
        checks.choice("CA", "mode", ("cp", "ap"))
    with pytest.raises(ValueError):
        checks.choice([1], "mode", {"cp": 1})  # unhashable: not an option, not a crash
