"""Numbers that describe a run: availability, stale reads, lost writes, latency percentiles,
and the analytic chance that a read from an asynchronous follower is stale."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

import numpy as np

from sysdesign.core import checks

from .history import Operation
from .sessions import stale_reads

PERCENTILES = (50, 95, 99)


def availability(history: Iterable[Operation]) -> float:
    """Share of requests answered successfully (1.0 for an empty history)."""
    ops = list(history)
    return sum(op.ok for op in ops) / len(ops) if ops else 1.0


def availability_by_side(history: Iterable[Operation]) -> dict[tuple[int, ...], float]:
    """Availability per set of nodes the request's node could reach when it arrived."""
    sides: dict = {}
    for op in history:
        sides.setdefault(op.side, []).append(op)
    return {side: availability(ops) for side, ops in sorted(sides.items())}


def latency_percentiles(history: Iterable[Operation], q: Sequence[float] = PERCENTILES, *,
                        kind: str | None = None) -> dict[float, float]:
    """Latency percentiles (ms) of successful requests, optionally of one kind only."""
    times = [op.latency for op in history if op.ok and (kind is None or op.kind == kind)]
    if not times:
        return {p: math.nan for p in q}
    values = np.percentile(times, q)
    return {p: float(v) for p, v in zip(q, values, strict=True)}


def summarize(history: Iterable[Operation], lost_writes: int = 0) -> dict:
    """The headline numbers of a run, as a flat dict (one row of a table)."""
    ops = list(history)
    reads = [op for op in ops if op.kind == "read" and op.ok]
    stale = len(stale_reads(ops))
    row = {
        "requests": len(ops),
        "answered": sum(op.ok for op in ops),
        "availability": availability(ops),
        "reads": len(reads),
        "stale reads": stale,
        "stale rate": stale / len(reads) if reads else 0.0,
        "lost writes": lost_writes,
    }
    for p, v in latency_percentiles(ops).items():
        row[f"p{p:g} latency (ms)"] = v
    return row


def stale_probability(t, latency: float, jitter: float = 0.0, loss: float = 0.0,
                      rto: float | None = None):
    """Chance a replication message sent at time 0 has not arrived by time ``t`` (ms).

    The delay is ``latency`` + an exponential jitter of mean ``jitter`` + one ``rto`` per
    lost attempt (each attempt is lost with probability ``loss``), the Cluster's model.

    >>> float(stale_probability(5.0, latency=5.0, jitter=2.0))
    1.0
    >>> round(float(stale_probability(7.0, latency=5.0, jitter=2.0)), 4)  # exp(-1)
    0.3679
    """
    latency = checks.number(latency, "latency", 0, hint="ms")
    jitter = checks.number(jitter, "jitter", 0, hint="ms")
    loss = checks.number(loss, "loss", 0, 1, hi_open=True, hint="a probability")
    rto = 2 * latency + 1.0 if rto is None else checks.number(rto, "rto", 0, lo_open=True,
                                                              hint="ms")
    t = np.asarray(t, dtype=float)
    if np.isnan(t).any():
        raise ValueError("t must be a time in ms (or an array of times), got NaN")
    total = np.zeros_like(t)
    k = 0
    while True:
        weight = (1 - loss) * loss**k
        slack = t - latency - k * rto  # time left for the jitter after k retransmissions
        if jitter > 0:
            # A tiny jitter overflows slack / jitter to inf, and exp(-inf) = 0 is the answer.
            with np.errstate(over="ignore"):
                tail = np.where(slack < 0, 1.0, np.exp(-np.clip(slack, 0, None) / jitter))
        else:
            tail = (slack < 0).astype(float)
        total = total + weight * tail
        k += 1
        if loss == 0 or loss**k < 1e-12:
            return total
