"""What counts as a place on Earth: the input rules every geo model shares.

Latitude runs from -90° (the South Pole) to 90° (the North Pole), longitude from -180°
to 180°, and +180° is the same meridian as -180°: a *point* at +180° is stored as -180°
(as python-geohash does), while the eastern *edge* of a box may stay at 180°. A search
radius is a distance in metres, never negative.

The rules are built on :mod:`sysdesign.core.checks`, so a wrong type raises TypeError, a
wrong value ValueError, and both name the parameter as the caller's signature spells it:

>>> latitude(91, "lat")
Traceback (most recent call last):
...
ValueError: lat must be a number in -90..90 (a latitude in degrees), got 91.0
>>> longitude(180, "lon")
-180.0
>>> radius("far")
Traceback (most recent call last):
...
TypeError: radius_m must be a number >= 0 (a distance in metres), got str 'far'
"""

from __future__ import annotations

import math

import numpy as np

from sysdesign.core import checks


def latitude(value, name: str = "lat") -> float:
    """A latitude in degrees, -90..90 inclusive."""
    # A plain float in range needs no more checks (NaN fails the comparison and goes on to
    # the full check, which names the problem): inserts and queries call this by the
    # thousand.
    if type(value) is float and -90.0 <= value <= 90.0:
        return value
    return checks.number(value, name, -90, 90, hint="a latitude in degrees")


def longitude(value, name: str = "lon", wrap: bool = True) -> float:
    """A longitude in degrees, -180..180 inclusive; a point at 180 becomes -180.

    Box edges pass ``wrap=False`` and keep 180 as the eastern limit.
    """
    if type(value) is float and -180.0 <= value <= 180.0:  # as in latitude()
        lon = value
    else:
        lon = checks.number(value, name, -180, 180, hint="a longitude in degrees")
    return -180.0 if wrap and lon == 180.0 else lon


def radius(value, name: str = "radius_m") -> float:
    """A search radius in metres: finite and >= 0."""
    if type(value) is float and 0.0 <= value < math.inf:  # as in latitude()
        return value
    return checks.number(value, name, 0, hint="a distance in metres")


def points(lats, lons) -> tuple[np.ndarray, np.ndarray]:
    """Many points at once: float arrays of one shape, checked; longitude 180 becomes -180.

    >>> points([0, 95], [0, 0])
    Traceback (most recent call last):
    ...
    ValueError: lats[1] must be in -90..90 (latitudes in degrees), got 95.0
    """
    lats = _degrees(lats, "lats", 90.0, "latitudes")
    lons = _degrees(lons, "lons", 180.0, "longitudes")
    if lats.shape != lons.shape:
        raise ValueError(f"lats and lons must have the same shape, got {lats.shape} "
                         f"and {lons.shape}")
    if (lons == 180.0).any():
        lons = np.where(lons == 180.0, -180.0, lons)
    return lats, lons


def _degrees(values, name: str, limit: float, what: str) -> np.ndarray:
    """``values`` as a float array within -limit..limit, or an error naming the first bad one."""
    array = np.asarray(values)
    if array.dtype.kind not in "iuf":  # integers or floats; not text, None or booleans
        raise TypeError(f"{name} must be numbers ({what} in degrees), "
                        f"got {values!r:.80}")
    array = array.astype(np.float64, copy=False)
    outside = ~(np.abs(array) <= limit)  # NaN fails every comparison, so it is caught too
    if outside.any():
        first = int(np.flatnonzero(outside.ravel())[0])
        raise ValueError(f"{name}[{first}] must be in -{limit:g}..{limit:g} ({what} in "
                         f"degrees), got {float(array.ravel()[first])!r}")
    return array
