"""Input checks shared by the geo models: each names the bad input and what is allowed."""

from __future__ import annotations

import math

import numpy as np

from sysdesign.checks import integer

MIN_PRECISION, MAX_PRECISION = 1, 12


def number(value, name: str) -> float:
    """Return ``value`` as a finite float, or raise ValueError naming it."""
    if isinstance(value, (bool, str, bytes)) or value is None:
        raise ValueError(f"{name} must be a number, got {value!r}")
    try:
        result = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number, got {value!r}") from None
    if not math.isfinite(result):
        raise ValueError(f"{name} must be a finite number, got {value!r}")
    return result


def latitude(value, name: str = "latitude") -> float:
    """A latitude in degrees, -90..90 inclusive."""
    lat = number(value, name)
    if not -90.0 <= lat <= 90.0:
        raise ValueError(f"{name} must be between -90 and 90 degrees, got {value!r}")
    return lat


def longitude(value, name: str = "longitude", wrap: bool = True) -> float:
    """A longitude in degrees, -180..180 inclusive; 180 is the same meridian as -180.

    Points wrap 180 to -180; box edges (``wrap=False``) keep 180 as the eastern limit.
    """
    lon = number(value, name)
    if not -180.0 <= lon <= 180.0:
        raise ValueError(f"{name} must be between -180 and 180 degrees, got {value!r}")
    return -180.0 if lon == 180.0 and wrap else lon


def whole(value, name: str, lo: int, hi: int | None = None) -> int:
    """An integer (numpy integers welcome) in ``lo..hi``."""
    return integer(value, name, lo, hi)


def precision(value, name: str = "precision") -> int:
    """A geohash precision: 1..12 characters."""
    return whole(value, name, MIN_PRECISION, MAX_PRECISION)


def radius(value, name: str = "radius_m") -> float:
    """A search radius in metres: finite and >= 0."""
    r = number(value, name)
    if r < 0:
        raise ValueError(f"{name} must be >= 0 metres, got {value!r}")
    return r


def _array(values, name: str, low: float, high: float) -> np.ndarray:
    try:
        array = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be numbers, got {values!r:.80}") from None
    bad = ~((array >= low) & (array <= high))  # also catches NaN
    if bad.any():
        first = np.flatnonzero(bad.ravel())[0]
        raise ValueError(
            f"{name}[{first}] = {array.ravel()[first]!r} is outside {low:g}..{high:g}"
        )
    return array


def coordinates(lats, lons) -> tuple[np.ndarray, np.ndarray]:
    """Checked float arrays of latitudes and longitudes, same shape; lon 180 becomes -180."""
    lats = _array(lats, "lats", -90.0, 90.0)
    lons = _array(lons, "lons", -180.0, 180.0)
    if lats.shape != lons.shape:
        raise ValueError(f"lats and lons must have the same shape, got {lats.shape} "
                         f"and {lons.shape}")
    if (lons == 180.0).any():
        lons = np.where(lons == 180.0, -180.0, lons)
    return lats, lons
