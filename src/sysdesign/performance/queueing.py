"""Closed forms for the M/M/1 and M/M/c queues: Poisson arrivals, exponential service.

``arrival_rate`` (lambda) and ``service_rate`` (mu, per server) are in requests per unit of
time; times come out in the same unit. With ``a = lambda / mu`` busy servers on average
and ``rho = a / c`` the utilisation, Erlang's C formula gives the chance that an arrival
has to wait, and from it every mean follows (Little's law ties L to W and Lq to Wq):

>>> q = mm1(arrival_rate=8, service_rate=10)
>>> round(q.utilization, 3), round(q.mean_time_in_system, 3), round(q.mean_number_in_system, 3)
(0.8, 0.5, 4.0)
>>> q4 = mmc(arrival_rate=8, service_rate=2.5, servers=4)
>>> round(q4.p_wait, 4), round(q4.mean_wait, 4)
(0.5964, 0.2982)
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..core import checks


@dataclass(frozen=True)
class MM1:
    """Steady-state means of a single-server queue (times in the rates' time unit)."""

    arrival_rate: float
    service_rate: float
    utilization: float
    mean_number_in_system: float  # L
    mean_time_in_system: float  # W
    mean_queue_length: float  # Lq
    mean_wait: float  # Wq

    @property
    def servers(self) -> int:
        return 1


@dataclass(frozen=True)
class MMc:
    """Steady-state means of a c-server queue, and Erlang C (the chance to wait)."""

    arrival_rate: float
    service_rate: float
    servers: int
    utilization: float
    mean_number_in_system: float  # L
    mean_time_in_system: float  # W
    mean_queue_length: float  # Lq
    mean_wait: float  # Wq
    p_wait: float  # Erlang C: P(an arrival finds every server busy)


def _rates(arrival_rate, service_rate, servers) -> tuple[float, float, int]:
    lam = checks.number(arrival_rate, "arrival_rate", 0, hint="requests per unit of time")
    mu = checks.number(service_rate, "service_rate", 0, lo_open=True,
                       hint="requests one server finishes per unit of time")
    c = checks.integer(servers, "servers", 1)
    if lam >= c * mu:
        raise ValueError(f"arrival_rate must be below servers x service_rate = {c * mu:g} "
                         f"(else the queue grows without end: no steady state), got {lam:g}")
    return lam, mu, c


def erlang_b(servers: int, offered_load: float) -> float:
    """Erlang B, P(all busy) in a loss system, by the stable recursion B(k) = aB/(k + aB).

    >>> round(erlang_b(2, 1.0), 4)
    0.2
    """
    c = checks.integer(servers, "servers", 1)
    a = checks.number(offered_load, "offered_load", 0, hint="arrival_rate / service_rate")
    b = 1.0
    for k in range(1, c + 1):
        b = a * b / (k + a * b)
    return b


def erlang_c(servers: int, offered_load: float) -> float:
    """Erlang C: the chance an arrival waits in M/M/c with ``offered_load`` a = lambda/mu < c."""
    c = checks.integer(servers, "servers", 1)
    a = checks.number(offered_load, "offered_load", 0, c, hi_open=True,
                      hint="arrival_rate / service_rate, below servers")
    b = erlang_b(c, a)
    return c * b / (c - a * (1 - b))


def mmc(arrival_rate, service_rate, servers) -> MMc:
    """M/M/c: c identical servers share one FIFO queue. Raises if lambda >= c * mu."""
    lam, mu, c = _rates(arrival_rate, service_rate, servers)
    p_wait = erlang_c(c, lam / mu)
    wq = p_wait / (c * mu - lam)  # a waiting arrival waits Exp(c mu - lambda)
    w = wq + 1 / mu
    return MMc(lam, mu, c, lam / (c * mu), lam * w, w, lam * wq, wq, p_wait)


def mm1(arrival_rate, service_rate) -> MM1:
    """M/M/1: W = 1 / (mu - lambda), L = rho / (1 - rho). Raises if lambda >= mu."""
    lam, mu, _ = _rates(arrival_rate, service_rate, 1)
    rho = lam / mu
    w = 1 / (mu - lam)
    wq = rho / (mu - lam)
    return MM1(lam, mu, rho, lam * w, w, lam * wq, wq)


def mm1_time_quantile(arrival_rate, service_rate, q: float) -> float:
    """In M/M/1 the time in system is exponential with rate mu - lambda: its q-quantile.

    >>> round(mm1_time_quantile(8, 10, 0.99), 3)
    2.303
    """
    lam, mu, _ = _rates(arrival_rate, service_rate, 1)
    q = checks.fraction(q, "q", hi_open=True)
    return -math.log(1 - q) / (mu - lam)
