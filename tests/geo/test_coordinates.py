"""The geographic input rules every geo model shares (built on sysdesign.core.checks)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sysdesign.geo import coordinates


def test_valid_values_pass_as_floats():
    assert coordinates.latitude(-90) == -90.0 and coordinates.latitude(np.float32(45.5)) == 45.5
    assert coordinates.longitude(180) == -180.0  # one meridian: points take -180
    assert coordinates.longitude(180, "east", wrap=False) == 180.0  # a box edge keeps 180
    assert coordinates.radius(0) == 0.0 and coordinates.radius(np.int64(5)) == 5.0


@pytest.mark.parametrize("call, error, message", [
    (lambda: coordinates.latitude(90.5), ValueError, "^lat must be a number in -90..90"),
    (lambda: coordinates.latitude(float("nan"), "south"), ValueError,
     "^south must be a finite number"),
    (lambda: coordinates.longitude(-181, "lon2"), ValueError, "^lon2 must be a number in"),
    (lambda: coordinates.radius(-1), ValueError, "^radius_m must be a number >= 0"),
    (lambda: coordinates.radius(float("inf")), ValueError, "^radius_m must be a finite"),
    (lambda: coordinates.latitude("12"), TypeError, "^lat must be a number .* got str '12'"),
    (lambda: coordinates.longitude(None), TypeError, "^lon must be a number"),
    (lambda: coordinates.radius(True), TypeError, "^radius_m must be a number"),
])
def test_bad_input_names_the_parameter(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_points_check_every_element_and_wrap_180():
    lats, lons = coordinates.points([[0, 1]], [[180, -180]])
    assert lats.shape == (1, 2) and lons.tolist() == [[-180.0, -180.0]]
    with pytest.raises(ValueError, match=r"^lons\[2\] must be in -180..180"):
        coordinates.points([0, 0, 0], [0, 1, 181])
    with pytest.raises(ValueError, match="same shape"):
        coordinates.points([0, 0], [0])
    with pytest.raises(TypeError, match="^lats must be numbers"):
        coordinates.points(["north"], [0])


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.integers(-200, 200)))
def test_the_plain_float_shortcut_answers_as_the_full_check(value):
    """latitude/longitude/radius skip checks.number for plain floats in range: same answers,
    same errors."""
    from sysdesign.core import checks

    for check, lo, hi, hint in ((coordinates.latitude, -90, 90, "a latitude in degrees"),
                                (coordinates.longitude, -180, 180, "a longitude in degrees"),
                                (coordinates.radius, 0, None, "a distance in metres")):
        try:
            expected = checks.number(value, "v", lo, hi, hint=hint)
        except (TypeError, ValueError) as error:
            with pytest.raises(type(error)):
                check(value, "v")
            continue
        if check is coordinates.longitude and expected == 180.0:
            expected = -180.0
        got = check(value, "v")
        assert type(got) is float and got == expected
        assert math.copysign(1, got) == math.copysign(1, expected)
