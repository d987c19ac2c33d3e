"""Parts that fail and get repaired: the alternating-renewal model behind MTBF and MTTR.

A part stays up for a random time (mean MTBF), then down for a random time (mean MTTR),
then up again, for ever. Over a long run it is up a fraction MTBF / (MTBF + MTTR) of the
time (:func:`steady_state`). :func:`simulate` draws such histories for ``n`` parts (with
exponential times, the textbook choice) and measures the share of time at least ``k`` of
them are up; an optional shared *zone* (a rack, a data centre) fails and takes every part
in it down at once, which is what breaks the independence the formulas assume.

>>> steady_state(mtbf=999.0, mttr=1.0)
0.999
"""

from __future__ import annotations

import numpy as np

from sysdesign.core import checks

from .arrangements import k_of_n


def steady_state(mtbf: float, mttr: float) -> float:
    """Long-run share of time a part is up: MTBF / (MTBF + MTTR).

    >>> steady_state(99.0, 1.0)
    0.99
    """
    mtbf = checks.number(mtbf, "mtbf", 0, lo_open=True, hint="mean time between failures")
    mttr = checks.number(mttr, "mttr", 0, hint="mean time to repair")
    return mtbf / (mtbf + mttr)


def standard_error(mtbf: float, mttr: float, horizon: float) -> float:
    """Standard deviation of one part's measured availability over ``horizon``, for
    exponential up and down times (large horizon).

    The up indicator is a two-state Markov chain whose autocovariance is
    A (1 - A) exp(-(λ + μ) t), λ = 1/MTBF, μ = 1/MTTR; the variance of its time average over
    T is 2 A (1 - A) / ((λ + μ) T).

    >>> round(standard_error(99.0, 1.0, 1e6), 6)
    0.00014
    """
    a = steady_state(mtbf, mttr)
    horizon = checks.number(horizon, "horizon", 0, lo_open=True, hint="time simulated")
    rates = 1 / mtbf + (1 / mttr if mttr > 0 else np.inf)
    return float(np.sqrt(2 * a * (1 - a) / (rates * horizon)))


def _history(rng, mtbf: float, mttr: float, horizon: float):
    """Failure and repair times of one part over [0, horizon), starting in steady state.

    Returns ``(up0, changes)``: whether the part is up at time 0, and the times at which it
    changes state (alternately down, up, ... if it starts up). Exponential times are
    memoryless, so a part that starts in its steady-state mix needs no warm-up.
    """
    up0 = bool(rng.random() < steady_state(mtbf, mttr))
    means = (mtbf, mttr) if up0 else (mttr, mtbf)
    cycles = int(horizon / (mtbf + mttr) * 1.3) + 20
    while True:
        durations = np.empty(2 * cycles)
        durations[0::2] = rng.exponential(means[0], cycles)
        durations[1::2] = rng.exponential(means[1], cycles)
        changes = np.cumsum(durations)
        if changes[-1] >= horizon:
            return up0, changes[changes < horizon]
        cycles *= 2


ZONES = ("none", "shared", "each")  # no zones, one zone for all parts, one zone per part


def _up_at(history, mids: np.ndarray) -> np.ndarray:
    """Whether a part with this ``(up0, changes)`` history is up at each of ``mids``."""
    up0, changes = history
    return (np.searchsorted(changes, mids, side="right") % 2 == 0) == up0


def simulate(mtbf: float, mttr: float, n: int = 1, k: int = 1, *, horizon: float = 1e6,
             zones: str = "none", zone_mtbf: float = 1e4, zone_mttr: float = 1.0,
             seed: int = 0) -> float:
    """Share of ``horizon`` during which at least ``k`` of ``n`` parts are up, from
    simulated failure and repair histories.

    With ``zones="shared"`` every part sits in one zone (a rack, a data centre) that fails
    and is repaired on its own (``zone_mtbf``, ``zone_mttr``) and takes all of them down;
    with ``"each"`` every part has a zone of its own. A part counts as up only while it and
    its zone are up.

    >>> round(simulate(99.0, 1.0, horizon=1e6, seed=1), 3)
    0.99
    """
    n = checks.integer(n, "n", 1, hint="parts")
    k = checks.integer(k, "k", 1, n, hint="parts that must be up, at most n")
    steady_state(mtbf, mttr)
    horizon = checks.number(horizon, "horizon", 0, lo_open=True, hint="time simulated")
    zones = checks.choice(zones, "zones", ZONES)
    rng = np.random.default_rng(seed)
    parts = [_history(rng, mtbf, mttr, horizon) for _ in range(n)]
    zone_count = {"none": 0, "shared": 1, "each": n}[zones]
    if zone_count:
        steady_state(zone_mtbf, zone_mttr)
    racks = [_history(rng, zone_mtbf, zone_mttr, horizon) for _ in range(zone_count)]
    edges = np.unique(np.concatenate([[0.0, horizon]] + [c for _, c in parts + racks]))
    mids = (edges[:-1] + edges[1:]) / 2
    up = np.zeros(mids.size, dtype=np.int16)
    for i, part in enumerate(parts):
        alive = _up_at(part, mids)
        if zone_count:
            alive &= _up_at(racks[i % zone_count], mids)
        up += alive
    return float(np.diff(edges)[up >= k].sum() / horizon)


def correlated(mtbf: float, mttr: float, n: int, k: int, zone_mtbf: float,
               zone_mttr: float) -> dict[str, float]:
    """Closed forms for k of n parts: independent, all in one zone, one zone each.

    - independent: ``k_of_n(k, n, a)``, the formula that ignores zones;
    - one shared zone: the zone must be up as well, ``a_zone × k_of_n(k, n, a)``;
    - one zone per part: a part counts as up only when it and its zone are up,
      ``k_of_n(k, n, a × a_zone)``.

    >>> {name: round(v, 6) for name, v in correlated(99, 1, 3, 2, 1999, 1).items()}
    {'independent': 0.999702, 'one shared zone': 0.999202, 'one zone each': 0.999672}
    """
    a = steady_state(mtbf, mttr)
    zone = steady_state(zone_mtbf, zone_mttr)
    return {"independent": k_of_n(k, n, a), "one shared zone": zone * k_of_n(k, n, a),
            "one zone each": k_of_n(k, n, a * zone)}


def simulate_tiers(tiers, *, horizon: float = 1e6, seed: int = 0) -> float:
    """Share of ``horizon`` during which every tier of a service has enough parts up.

    ``tiers`` lists ``(mtbf, mttr, n, k)``: n identical parts of which k must be up; the
    tiers are in series (a request needs every one). Each part fails and is repaired on
    its own, as in :func:`simulate`; failover is taken to be instant.

    >>> round(simulate_tiers([(99.0, 1.0, 1, 1)], horizon=1e6, seed=1), 3)
    0.99
    """
    horizon = checks.number(horizon, "horizon", 0, lo_open=True, hint="time simulated")
    checked = []
    for tier in tiers:
        if len(tier) != 4:
            raise ValueError(f"tiers must hold (mtbf, mttr, n, k) tuples, got {tier!r}")
        mtbf, mttr, n, k = tier
        steady_state(mtbf, mttr)
        n = checks.integer(n, "n", 1, hint="parts in the tier")
        k = checks.integer(k, "k", 0, n, hint="parts of the tier that must be up")
        checked.append((mtbf, mttr, n, k))
    if not checked:
        raise ValueError("tiers must hold at least one (mtbf, mttr, n, k) tier, got none")
    rng = np.random.default_rng(seed)
    histories = [[_history(rng, mtbf, mttr, horizon) for _ in range(n)]
                 for mtbf, mttr, n, _ in checked]
    edges = np.unique(np.concatenate(
        [[0.0, horizon]] + [c for tier in histories for _, c in tier]))
    mids = (edges[:-1] + edges[1:]) / 2
    serving = np.ones(mids.size, dtype=bool)
    for (_, _, _, k), parts in zip(checked, histories, strict=True):
        up = np.zeros(mids.size, dtype=np.int16)
        for part in parts:
            up += _up_at(part, mids)
        serving &= up >= k
    return float(np.diff(edges)[serving].sum() / horizon)
