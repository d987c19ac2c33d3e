"""Seeded workloads to shard: users with Zipf activity, time-ordered writes, geo points.

>>> msgs = messages(num_users=100, num_messages=1_000, seed=1)
>>> len(msgs), bool(np.all(np.diff(msgs.timestamp) >= 0))
(1000, True)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sysdesign.core import checks
from sysdesign.core.workloads import zipf_probabilities

HOUR = 3600.0
HOT_USER = 0  # the user id that ``hot_user_factor`` turns into a celebrity

# (city, latitude, longitude, metro population in millions): where geo points cluster.
CITIES = [
    ("Tokyo", 35.68, 139.69, 37), ("Delhi", 28.61, 77.21, 32), ("Shanghai", 31.23, 121.47, 29),
    ("São Paulo", -23.55, -46.63, 22), ("Mexico City", 19.43, -99.13, 22),
    ("Cairo", 30.04, 31.24, 21), ("Mumbai", 19.08, 72.88, 21), ("New York", 40.71, -74.01, 19),
    ("Lagos", 6.52, 3.38, 15), ("Istanbul", 41.01, 28.98, 15), ("Seoul", 37.57, 126.98, 10),
    ("London", 51.51, -0.13, 9), ("Paris", 48.86, 2.35, 11), ("Los Angeles", 34.05, -118.24, 12),
    ("Sydney", -33.87, 151.21, 5), ("Nairobi", -1.29, 36.82, 5),
]


@dataclass(frozen=True)
class Messages:
    """Rows to shard, one per message: who wrote it, when (s), and where (degrees)."""

    user_id: np.ndarray
    timestamp: np.ndarray
    lat: np.ndarray
    lon: np.ndarray
    num_users: int
    duration_s: float

    def __len__(self) -> int:
        return len(self.user_id)

    @property
    def points(self) -> np.ndarray:
        """(lat, lon) pairs, the key of a geo partitioner."""
        return np.column_stack([self.lat, self.lon])


def zipf_activity(num_users: int, s: float = 1.0, hot_user_factor: float = 1.0,
                  seed: int = 0) -> np.ndarray:
    """Share of all traffic per user id: Zipf(s) over randomly ordered ids, sums to 1.

    Ranks are shuffled so activity does not follow the id (a range of ids is not hotter
    than another by construction). User ``HOT_USER`` then gets ``hot_user_factor`` times
    the mean user's traffic (1 = an ordinary user; 1000 = a celebrity).

    >>> shares = zipf_activity(1_000, s=0.0, hot_user_factor=1_000)
    >>> round(float(shares[HOT_USER] / shares[1]), 6)   # the celebrity: 1000x anyone else
    1000.0
    """
    num_users = checks.integer(num_users, "num_users", 2)
    s = checks.number(s, "s", 0, 5, hint="the Zipf exponent")
    hot_user_factor = checks.number(hot_user_factor, "hot_user_factor", 0, 1e7,
                                    hint="the hot user's traffic over the mean user's")
    rng = np.random.default_rng(seed)
    # Zipf by rank (rank 1 first), then each rank handed to a random user id.
    weights = zipf_probabilities(num_users, s)[rng.permutation(num_users)]
    others = np.delete(weights, HOT_USER)
    weights[HOT_USER] = hot_user_factor * others.mean()
    return weights / weights.sum()


def time_series(num_writes: int, duration_s: float, seed: int = 0) -> np.ndarray:
    """Sorted write times (s) of a steady stream over ``duration_s``: always-growing keys."""
    num_writes = checks.integer(num_writes, "num_writes", 1)
    duration_s = checks.number(duration_s, "duration_s", 0, lo_open=True, hint="seconds")
    return np.sort(np.random.default_rng(seed).uniform(0, duration_s, num_writes))


def geo_points(num_points: int, spread_deg: float = 1.5, seed: int = 0) -> np.ndarray:
    """(lat, lon) points around big cities, more around bigger ones; shape (n, 2)."""
    num_points = checks.integer(num_points, "num_points", 1)
    spread_deg = checks.number(spread_deg, "spread_deg", 0, 30, hint="degrees")
    rng = np.random.default_rng(seed)
    population = np.array([c[3] for c in CITIES], dtype=float)
    city = rng.choice(len(CITIES), size=num_points, p=population / population.sum())
    centres = np.array([(c[1], c[2]) for c in CITIES])[city]
    points = centres + rng.normal(0, spread_deg, size=(num_points, 2))
    points[:, 0] = np.clip(points[:, 0], -90, 90)
    points[:, 1] = (points[:, 1] + 180) % 360 - 180  # wrap across the date line
    return points


def messages(num_users: int = 2_000, num_messages: int = 50_000, zipf_s: float = 1.0,
             hot_user_factor: float = 1.0, hours: float = 24.0, seed: int = 0) -> Messages:
    """A day of chat messages: Zipf-active users, time-ordered writes, each user at home."""
    num_messages = checks.integer(num_messages, "num_messages", 1)
    hours = checks.number(hours, "hours", 1e-3, 1e6)
    rng = np.random.default_rng(seed)
    activity = zipf_activity(num_users, zipf_s, hot_user_factor, seed)
    homes = geo_points(num_users, seed=seed + 1)
    user_id = rng.choice(num_users, size=num_messages, p=activity)
    timestamp = time_series(num_messages, hours * HOUR, seed=seed + 2)
    return Messages(user_id=user_id.astype(np.int64), timestamp=timestamp,
                    lat=homes[user_id, 0], lon=homes[user_id, 1],
                    num_users=num_users, duration_s=hours * HOUR)


# The explorer's workloads: the same chat schema with different traffic shapes.
# Three days, so that a key bucketed by day spreads a user over a few shards.
WORKLOADS = {
    "social (Zipf users)": dict(zipf_s=1.0, hot_user_factor=1.0, hours=72.0),
    "IoT sensors (even)": dict(zipf_s=0.0, hot_user_factor=1.0, hours=72.0),
    "celebrity (1 user 1000x)": dict(zipf_s=1.0, hot_user_factor=1000.0, hours=72.0),
}


def workload(name: str, num_messages: int = 50_000, seed: int = 0) -> Messages:
    """One of the named ``WORKLOADS``."""
    name = checks.choice(name, "name", WORKLOADS)
    return messages(num_messages=num_messages, seed=seed, **WORKLOADS[name])

