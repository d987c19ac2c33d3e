"""Parts in series, in parallel and k of n: how the availability of a system follows from
the availability of its parts, by formula and by simulation.

Each formula assumes the parts fail independently of one another. Correlated failures
(a shared power supply, one bad deploy everywhere) break that assumption, and real
systems are then less available than these numbers say.

>>> round(series(0.999, 0.999), 6), round(parallel(0.99, 0.99), 6)
(0.998001, 0.9999)
>>> round(k_of_n(2, 3, 0.99), 6)
0.999702
"""

from __future__ import annotations

import math

import numpy as np

from sysdesign.core import checks

from .budget import check_availability


def _at_least_one(availabilities) -> None:
    if not availabilities:
        raise ValueError("availabilities must hold at least one part's availability, got none")


def series(*availabilities: float) -> float:
    """Availability of parts that must ALL be up (a chain): the product.

    >>> round(series(0.999, 0.999), 6)
    0.998001
    """
    _at_least_one(availabilities)
    return math.prod(check_availability(a) for a in availabilities)


def parallel(*availabilities: float) -> float:
    """Availability of redundant parts where ANY ONE up is enough: 1 - product of downs.

    The system is down only when every part is down at the same time.

    >>> round(parallel(0.99, 0.99), 6)
    0.9999
    """
    _at_least_one(availabilities)
    return 1.0 - math.prod(1.0 - check_availability(a) for a in availabilities)


def k_of_n(k: int, n: int, availability: float) -> float:
    """Availability when at least ``k`` of ``n`` identical independent parts must be up.

    Add up the binomial probabilities of exactly i parts up, for i = k .. n.
    k = n is series, k = 1 is parallel, and k = 0 asks for nothing: always 1.

    >>> round(k_of_n(2, 3, 0.99), 6), k_of_n(0, 3, 0.5)
    (0.999702, 1.0)
    """
    n = checks.integer(n, "n", 1, hint="parts")
    k = checks.integer(k, "k", 0, n, hint="parts that must be up, at most n")
    if k == 0:
        check_availability(availability)
        return 1.0  # "at least 0 of n up" always holds
    a = check_availability(availability)
    return sum(math.comb(n, i) * a**i * (1 - a) ** (n - i) for i in range(k, n + 1))


def monte_carlo_availability(availabilities, k: int, *, trials: int = 100_000,
                             seed: int = 0) -> float:
    """Estimate the availability of "at least ``k`` parts up" by sampling up/down states.

    Each trial draws every part up (with its own availability) or down, independently;
    the estimate is the share of trials with at least ``k`` parts up. Series is k = n,
    parallel is k = 1. The standard error is about sqrt(p (1 - p) / trials).

    >>> monte_carlo_availability([0.9, 0.9], 1, trials=10_000, seed=0)
    0.9919
    """
    checked = [check_availability(a) for a in availabilities]
    _at_least_one(checked)
    parts = np.array(checked, dtype=float)
    k = checks.integer(k, "k", 0, parts.size, hint="parts that must be up")
    trials = checks.integer(trials, "trials", 1)
    rng = np.random.default_rng(seed)
    # One row per trial, one column per part: True where that part is up in that trial.
    up = rng.random((trials, parts.size)) < parts
    return float(np.mean(up.sum(axis=1) >= k))
