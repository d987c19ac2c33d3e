"""Great-circle distance on a spherical Earth, and the lat/lon box around a circle.

The Earth is taken as a sphere of mean radius 6,371,008.8 m (IUGG). Real distances on the
WGS84 ellipsoid differ by up to about 0.5 %, which no proximity search here depends on.
"""

from __future__ import annotations

import math

import numpy as np

from sysdesign.geo import coordinates

EARTH_RADIUS_M = 6_371_008.8


def haversine(lat1, lon1, lat2, lon2):
    """Distance in metres between points given in degrees; numpy arrays broadcast, unchecked."""
    phi1, phi2 = np.radians(lat1), np.radians(lat2)
    half_dphi = (phi2 - phi1) / 2
    half_dlambda = np.radians(np.subtract(lon2, lon1)) / 2
    a = np.sin(half_dphi) ** 2 + np.cos(phi1) * np.cos(phi2) * np.sin(half_dlambda) ** 2
    return 2 * EARTH_RADIUS_M * np.arcsin(np.sqrt(np.minimum(a, 1.0)))


def prepare(lats, lons) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The per-point terms of the haversine formula, computed once: (φ, cos φ, λ) in radians.

    A search that measures many distances to the same points keeps these and passes
    them (or a selection of them) to :func:`distances_prepared`.
    """
    phis = np.radians(lats)
    return phis, np.cos(phis), np.radians(lons)


def distances_prepared(lat: float, lon: float, phis, cos_phis, lams) -> np.ndarray:
    """:func:`haversine` from one point (plain floats) to many points given by
    :func:`prepare`'s terms: half the work of converting every point on every call.

    Every proximity search uses this one function, so their answers agree to the bit.
    """
    phi = math.radians(lat)
    a = (np.sin((phis - phi) * 0.5) ** 2
         + math.cos(phi) * cos_phis * np.sin((lams - math.radians(lon)) * 0.5) ** 2)
    return (2 * EARTH_RADIUS_M) * np.arcsin(np.sqrt(np.minimum(a, 1.0)))


def distances_from(lat: float, lon: float, lats: np.ndarray, lons: np.ndarray) -> np.ndarray:
    """:func:`haversine` from one point (plain floats) to many (degrees)."""
    return distances_prepared(lat, lon, *prepare(lats, lons))


def distance_m(lat1, lon1, lat2, lon2) -> float:
    """Great-circle distance in metres between two points (degrees), with checked input.

    >>> round(distance_m(51.5074, -0.1278, 48.8566, 2.3522) / 1000, 1)  # London-Paris
    343.6
    """
    lat1, lat2 = coordinates.latitude(lat1, "lat1"), coordinates.latitude(lat2, "lat2")
    lon1, lon2 = coordinates.longitude(lon1, "lon1"), coordinates.longitude(lon2, "lon2")
    return float(haversine(lat1, lon1, lat2, lon2))


Box = tuple[float, float, float, float]  # south, west, north, east in degrees


def circle_bounds(lat: float, lon: float, radius_m: float) -> list[Box]:
    """Boxes ``(south, west, north, east)`` that together hold every point within the radius.

    One box normally; two when the circle crosses the ±180° meridian; one box of all
    longitudes when the circle contains a pole. Input is assumed checked.
    """
    # A hair of padding so rounding never shaves a point off the edge of the box.
    angle = radius_m / EARTH_RADIUS_M * (1 + 1e-9) + 1e-12
    dlat = math.degrees(angle)
    south, north = lat - dlat, lat + dlat
    if north >= 90.0 or south <= -90.0 or angle >= math.pi / 2:
        return [(max(south, -90.0), -180.0, min(north, 90.0), 180.0)]
    # The widest longitude reached by a spherical cap (not at the centre's latitude).
    dlon = math.degrees(math.asin(min(1.0, math.sin(angle) / math.cos(math.radians(lat)))))
    west, east = lon - dlon, lon + dlon
    if west < -180.0:
        return [(south, west + 360.0, north, 180.0), (south, -180.0, north, east)]
    if east > 180.0:
        return [(south, west, north, 180.0), (south, -180.0, north, east - 360.0)]
    return [(south, west, north, east)]
