"""Where users, edges and the origin are, and the round-trip times between them.

Light in optical fibre travels at about c / 1.47 ≈ 200,000 km/s (the refractive index of
silica is about 1.47), so a round trip over a great-circle distance d can never take less
than 2d / 200,000 km/s: the *fibre floor*. Real paths are longer than great circles and
cross routers and queues, so measured RTTs are higher; ``stretch`` (an assumption, a
parameter) multiplies the floor. A user reaches an edge in their own metro in
``access_ms`` (an assumption too: the last mile dominates it).

>>> round(fibre_floor_ms(1000.0), 3)        # 1,000 km away: 10 ms there and back, at best
10.0
>>> round(great_circle_km(SITES["Frankfurt"], SITES["Ashburn"]), -1)
6550.0
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..core import checks

FIBRE_KM_PER_S = 200_000.0  # ≈ 299,792 km/s / 1.47 (silica)
EARTH_RADIUS_KM = 6371.0  # mean radius
STRETCH = 1.5  # assumed: real RTT / fibre floor over the great circle
ACCESS_MS = 10.0  # assumed: RTT from a user to an edge in the same metro


@dataclass(frozen=True)
class Site:
    """A place on Earth: name, latitude and longitude in degrees."""

    name: str
    lat: float
    lon: float


SITES = {site.name: site for site in (
    Site("Ashburn", 39.04, -77.49),      # the origin (a US-East data centre)
    Site("New York", 40.71, -74.01),
    Site("Frankfurt", 50.11, 8.68),
    Site("São Paulo", -23.55, -46.63),
    Site("Singapore", 1.35, 103.82),
    Site("Sydney", -33.87, 151.21),
)}
ORIGIN = "Ashburn"
REGIONS = ("New York", "Frankfurt", "São Paulo", "Singapore", "Sydney")  # users and edges


def great_circle_km(a: Site, b: Site) -> float:
    """Haversine distance between two sites in km (a sphere of the Earth's mean radius)."""
    phi1, phi2 = math.radians(a.lat), math.radians(b.lat)
    dphi, dlon = phi2 - phi1, math.radians(b.lon - a.lon)
    h = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))


def fibre_floor_ms(distance_km: float) -> float:
    """The least possible round trip over ``distance_km`` of fibre, in ms."""
    distance_km = checks.number(distance_km, "distance_km", 0, hint="kilometres")
    return 2 * distance_km / FIBRE_KM_PER_S * 1000


def rtt_ms(a: str, b: str, *, stretch: float = STRETCH) -> float:
    """Assumed RTT between two named sites: the fibre floor times ``stretch`` (ms)."""
    a = checks.choice(a, "a", SITES)
    b = checks.choice(b, "b", SITES)
    stretch = checks.number(stretch, "stretch", 1, hint="real RTT / fibre floor, at least 1")
    return fibre_floor_ms(great_circle_km(SITES[a], SITES[b])) * stretch


def region_rtts(*, stretch: float = STRETCH, access_ms: float = ACCESS_MS) -> dict:
    """Per region: (user → edge RTT, edge → origin RTT) in ms."""
    access_ms = checks.number(access_ms, "access_ms", 0, hint="ms")
    return {region: (access_ms, rtt_ms(region, ORIGIN, stretch=stretch)) for region in REGIONS}
