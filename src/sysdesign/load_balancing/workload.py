"""Seeded request streams: Poisson arrivals, or the same rate arriving in bursts."""

from __future__ import annotations

import numpy as np

from ..core import checks

ARRIVALS = ("poisson", "bursty")


def requests(n, rate, *, arrivals: str = "poisson", mean_work: float = 1.0, burst: float = 5.0,
             clients: int = 50, seed=0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(arrival times s, works, clients)`` for ``n`` requests at ``rate`` per second.

    Works are exponential with mean ``mean_work``. ``"bursty"`` sends the same average
    rate in bursts: a geometric number of requests (mean ``burst``) at one instant.

    >>> t, w, c = requests(3, 2.0, seed=1)
    >>> len(t), bool((t[1:] >= t[:-1]).all())
    (3, True)
    """
    n = checks.integer(n, "n", 0)
    rate = checks.number(rate, "rate", 0, lo_open=True, hint="requests per second")
    checks.choice(arrivals, "arrivals", ARRIVALS)
    mean_work = checks.number(mean_work, "mean_work", 0, lo_open=True)
    burst = checks.number(burst, "burst", 1, hint="mean requests per burst")
    clients = checks.integer(clients, "clients", 1)
    rng = np.random.default_rng(seed)
    if arrivals == "poisson":
        times = np.cumsum(rng.exponential(1.0 / rate, n))
    else:
        sizes = rng.geometric(1.0 / burst, n)  # at least n bursts: more than enough
        gaps = rng.exponential(burst / rate, n)
        times = np.repeat(np.cumsum(gaps), sizes)[:n]
    works = rng.exponential(mean_work, n)
    who = rng.integers(0, clients, n)
    return times, works, who
