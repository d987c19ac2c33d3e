"""What a TTL costs when an address changes: caches keep sending clients to the old one.

Many resolvers each ask for one name now and then (Poisson, ``rate`` per second each).
A resolver that misses fetches the record and keeps it for its TTL; the next query after
that fetches again. At time 0 the record moves to a new address. A resolver holding a copy
fetched before the move keeps sending its clients to the old address until that copy
expires. If the zone's TTL was lowered from ``old_ttl`` to ``new_ttl`` some ``lead`` seconds
before the move, copies fetched before the lowering still carry the old TTL.

By PASTA (Poisson arrivals see time averages), the share of queries sent to the old address
at time t is the share of resolvers holding an old copy at t. In the steady state a
resolver's cycle is one fetch, a TTL T of hits, then an idle wait of mean 1/λ, so a copy with
more than s seconds left is held with probability (T − s)⁺ / (T + 1/λ). A day-long TTL
lowered to 5 minutes only an hour before the move still sends most queries to the old
address an hour after it:

>>> round(old_share(3600.0, old_ttl=86_400, new_ttl=300, lead=3600, rate=1 / 60), 2)
0.92
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..core import checks
from ..core.events import Simulator


def _residual_share(ttl: float, rate: float, left: np.ndarray) -> np.ndarray:
    """Steady state: the chance a resolver holds a copy with more than ``left`` s to live."""
    return np.clip(ttl - left, 0.0, ttl) / (ttl + 1.0 / rate)


def old_share(t, *, old_ttl: float, new_ttl: float, lead: float, rate: float):
    """Share of queries still sent to the old address ``t`` s after the move (t >= 0).

    Two kinds of old copies can be alive at t: copies fetched before the TTL was lowered
    (at −lead, in the steady state under ``old_ttl``), alive if they had more than lead + t
    seconds left then; and copies fetched with ``new_ttl`` between the lowering and the move,
    alive if fetched after t − new_ttl. A resolver fetches at its first query while it holds
    nothing, so its fetch rate is λ times the chance it holds nothing; that chance depends on
    the fetches of the last ``new_ttl`` seconds, and this solves that renewal equation on a
    time grid. Two cases are closed forms: lead = 0 gives (T_old − t)⁺ / (T_old + 1/λ), and
    lead >= old_ttl + several 1/λ gives about (T_new − t)⁺ / (T_new + 1/λ).
    """
    old_ttl, new_ttl, lead, rate = _check(old_ttl, new_ttl, lead, rate)
    t = np.asarray(t, dtype=float)
    before = _residual_share(old_ttl, rate, lead + t)
    if lead == 0:
        return float(before) if before.ndim == 0 else before
    cycle = new_ttl + 1.0 / rate  # one fetch, its TTL, and the wait for the next query
    start = -lead
    gone = -lead + old_ttl  # by then every copy from before the lowering has expired
    if gone < -20 * cycle:  # long settled: start in the new TTL's steady state
        start = -20 * cycle
    dt = min(new_ttl, 1.0 / rate) / 40
    steps = int(min(20_000, max(200, np.ceil(-start / dt))))
    dt = -start / steps
    grid = start + dt * (np.arange(steps) + 0.5)  # fetch times between lowering and move
    pre_alive = _residual_share(old_ttl, rate, grid + lead)
    width = max(1, int(round(new_ttl / dt)))
    fetched = [0.0] * steps  # probability of a fetch in each grid cell (plain floats: fast)
    # Settled start: the fetches of the last TTL before it, at the steady rate 1 / cycle.
    history = [dt / cycle] * width if start > -lead else [0.0] * width
    window = sum(history)  # fetches in the last new_ttl seconds: copies still alive
    caught = 1.0 - float(np.exp(-rate * dt))  # an idle resolver gets a query within a cell
    alive_before = pre_alive.tolist()
    for i in range(steps):
        window -= fetched[i - width] if i >= width else history[i]
        idle = 1.0 - alive_before[i] - window
        fetched[i] = idle * caught if idle > 0.0 else 0.0
        window += fetched[i]
    fetched = np.asarray(fetched)
    alive_until = grid + new_ttl  # increasing, so "alive at x" is a suffix of the cells
    still = np.concatenate((np.cumsum(fetched[::-1])[::-1], [0.0]))
    after = still[np.searchsorted(alive_until, np.atleast_1d(t), side="right")]
    result = before + (after if t.ndim else after[0])
    return float(result) if np.ndim(result) == 0 else result


def _check(old_ttl, new_ttl, lead, rate):
    return (checks.number(old_ttl, "old_ttl", 0, lo_open=True, hint="seconds"),
            checks.number(new_ttl, "new_ttl", 0, lo_open=True, hint="seconds"),
            checks.number(lead, "lead", 0, hint="seconds between lowering the TTL and moving"),
            checks.number(rate, "rate", 0, lo_open=True, hint="queries per second per resolver"))


@dataclass
class Migration:
    """A simulated move: the share of resolvers holding the old address at each time."""

    times: np.ndarray  # seconds since the move
    old: np.ndarray  # share of resolvers (= of queries, by PASTA) still sent to the old address
    theory: np.ndarray
    fetches: int


def simulate(*, old_ttl: float = 86_400, new_ttl: float = 300, lead: float = 0.0,
             rate: float = 1 / 60, resolvers: int = 400, horizon: float | None = None,
             points: int = 200, times=None, seed=0) -> Migration:
    """Run ``resolvers`` resolvers on the event engine from the moment the TTL was lowered.

    Each starts in the steady state under ``old_ttl`` (holding a copy with a uniformly
    distributed age, or idle), then refetches at its first query after each expiry. Only
    fetches are events: the hits between them change nothing. Times in seconds; the share
    is measured at ``times`` (default: ``points`` even steps up to ``horizon``).
    """
    old_ttl, new_ttl, lead, rate = _check(old_ttl, new_ttl, lead, rate)
    resolvers = checks.integer(resolvers, "resolvers", 1)
    if times is not None:
        times = np.asarray(times, dtype=float)
        if times.ndim != 1 or len(times) == 0 or np.any(np.diff(times) < 0) or times[0] < 0:
            raise ValueError("times must be a non-empty, sorted list of seconds >= 0")
        horizon = float(times[-1]) + 1e-9
    if horizon is None:
        horizon = 1.2 * max(old_ttl - lead, new_ttl, 1.0)
    horizon = checks.number(horizon, "horizon", 0, lo_open=True, hint="seconds after the move")
    sim = Simulator(seed=seed, start=-lead)
    rng = np.random.default_rng(seed)
    expires = np.full(resolvers, -np.inf)  # when each resolver's copy runs out
    fetched = np.full(resolvers, -np.inf)  # when it was fetched (before 0: the old address)
    counter = {"fetches": 0}

    def fetch(r: int, following: float | None = None) -> None:
        counter["fetches"] += 1
        fetched[r], expires[r] = sim.now, sim.now + new_ttl  # fetches start at the lowering
        if sim.now >= 0:
            return  # it has the new address now, for good: nothing more to follow
        if following is None:
            following = sim.now + new_ttl + rng.exponential(1.0 / rate)
        after = None
        if following < 0:
            # Cycles that end before the move change nothing we measure: draw them at once,
            # schedule the last fetch before the move and hand it the one after.
            cycles = new_ttl + rng.exponential(1.0 / rate, int(-sim.now // new_ttl) + 2)
            times = following + np.concatenate(([0.0], np.cumsum(cycles)))
            last = int(np.searchsorted(times, 0.0)) - 1
            counter["fetches"] += last
            following, after = times[last], times[last + 1]
        if following < horizon:
            sim.at(following, fetch, r, after)

    holding = rng.random(resolvers) < old_ttl / (old_ttl + 1.0 / rate)
    for r in range(resolvers):
        if holding[r]:  # fetched before the lowering, age uniform in [0, old_ttl)
            age = rng.uniform(0, old_ttl)
            fetched[r], expires[r] = -lead - age, -lead - age + old_ttl
            first = expires[r] + rng.exponential(1.0 / rate)
        else:  # idle: its next query (memoryless) fetches
            first = -lead + rng.exponential(1.0 / rate)
        if first < horizon:
            sim.at(max(first, -lead), fetch, r)
    if times is None:
        times = np.linspace(0.0, horizon, checks.integer(points, "points", 2))
    old = np.empty(len(times))
    for i, t in enumerate(times):
        sim.run(t)
        old[i] = np.mean((fetched < 0) & (expires > t))
    theory = old_share(times, old_ttl=old_ttl, new_ttl=new_ttl, lead=lead, rate=rate)
    return Migration(times, old, np.asarray(theory), counter["fetches"])
