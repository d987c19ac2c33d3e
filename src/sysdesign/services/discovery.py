"""Service discovery: a registry fed by heartbeats, entries that expire after a TTL.

Instances send a heartbeat every ``heartbeat`` seconds; the registry lists an instance
while its last heartbeat is at most ``ttl`` seconds old. When an instance dies silently,
it stays listed until ``last heartbeat + ttl``: requests routed to it meanwhile fail.

- **server-side** discovery: a router (load balancer) asks the registry on every request;
- **client-side** discovery: each client keeps a copy of the list, refreshed every
  ``refresh`` seconds, and picks an instance itself, so a dead entry lives up to
  ``refresh`` seconds longer in its copy.

>>> r = Registry(ttl=3.0)
>>> r.heartbeat("a", 0.0); r.heartbeat("b", 1.0)
>>> r.live(3.5)
['b']
"""

from __future__ import annotations

import math

from ..core import checks
from ..core.events import Simulator

MODES = ("server-side", "client-side")


class Registry:
    """Instance name -> time of its last heartbeat; an entry expires ``ttl`` s after it."""

    def __init__(self, ttl: float):
        self.ttl = checks.number(ttl, "ttl", 0, lo_open=True, hint="seconds an entry lives")
        self.last_seen: dict[str, float] = {}

    def heartbeat(self, name: str, now: float) -> None:
        """Record that ``name`` was alive at ``now``."""
        self.last_seen[name] = now

    def live(self, now: float) -> list[str]:
        """The instances listed at ``now`` (sorted): last heartbeat at most ``ttl`` ago."""
        return sorted(n for n, t in self.last_seen.items() if now - t <= self.ttl)


class LiveList:
    """``registry.live(now)`` for a clock that only moves forward, computed again only
    when it can have changed: after a heartbeat, or once its oldest entry may have expired.

    A router asks on every request (20 a second in :func:`simulate`) but the list changes
    a few times a second, so this does a tenth of the work for the same lists.

    >>> r = Registry(ttl=3.0); view = LiveList(r)
    >>> view.heartbeat("a", 0.0); view.heartbeat("b", 1.0)
    >>> view.live(2.0), view.live(3.5), view.live(4.5)
    (['a', 'b'], ['b'], [])
    """

    def __init__(self, registry: Registry):
        self.registry = registry
        self._list: list[str] | None = None
        self._oldest = math.inf  # the oldest heartbeat among the listed

    def heartbeat(self, name: str, now: float) -> None:
        """Record the heartbeat in the registry; the list is computed again next time."""
        self.registry.heartbeat(name, now)
        self._list = None

    def live(self, now: float) -> list[str]:
        """The same list as ``registry.live(now)`` (do not change it: it is shared)."""
        # Without a heartbeat, entries only leave, oldest first: while the oldest listed
        # one is within the TTL, so is every other (now - t grows as t shrinks).
        if self._list is None or now - self._oldest > self.registry.ttl:
            self._list = self.registry.live(now)
            self._oldest = min((self.registry.last_seen[n] for n in self._list),
                               default=math.inf)
        return self._list


def stale_window(death: float, phase: float, heartbeat: float, ttl: float) -> float:
    """Seconds a silently dead instance stays listed: last heartbeat + ttl - death.

    Heartbeats are at ``phase + k * heartbeat``; the last one is at or before ``death``.

    >>> stale_window(death=10.5, phase=0.0, heartbeat=2.0, ttl=5.0)
    4.5
    """
    death = checks.number(death, "death", hint="seconds")
    phase = checks.number(phase, "phase", hint="seconds: the first heartbeat")
    heartbeat = checks.number(heartbeat, "heartbeat", 0, lo_open=True,
                              hint="seconds between heartbeats")
    ttl = checks.number(ttl, "ttl", 0, hint="seconds an entry lives")
    if death < phase:
        raise ValueError(f"death must be at or after the first heartbeat (phase {phase:g}), "
                         f"got {death:g}")
    last = phase + math.floor((death - phase) / heartbeat) * heartbeat
    return max(0.0, last + ttl - death)


def simulate(*, heartbeat: float = 5.0, ttl: float = 15.0, refresh: float = 30.0,
             instances: int = 10, deaths: int = 4, rate: float = 20.0,
             horizon: float = 120.0, seed: int = 1) -> dict:
    """Requests at ``rate``/s over ``horizon`` s, ``deaths`` instances dying at random.

    Returns, per mode, the requests sent to dead instances, plus each instance's death
    time and listed-until time (the registry's view), on one seeded run of core.events.
    """
    heartbeat = checks.number(heartbeat, "heartbeat", 0, lo_open=True, hint="seconds")
    ttl = checks.number(ttl, "ttl", 0, lo_open=True, hint="seconds an entry lives")
    refresh = checks.number(refresh, "refresh", 0, lo_open=True,
                            hint="seconds between a client's refreshes of its list")
    instances = checks.integer(instances, "instances", 2, 200)
    deaths = checks.integer(deaths, "deaths", 0, instances - 1,
                            hint="at least one instance must survive")
    rate = checks.number(rate, "rate", 0, 1000, lo_open=True, hint="requests per second")
    horizon = checks.number(horizon, "horizon", 0, 3600, lo_open=True, hint="seconds")
    sim = Simulator(seed=seed)
    rng = sim.rng
    names = [f"i{k}" for k in range(instances)]
    phase = {n: rng.uniform(0, heartbeat) for n in names}
    dying = rng.sample(names, deaths)
    death = {n: math.inf for n in names}
    for n in dying:
        death[n] = rng.uniform(0.2 * horizon, 0.6 * horizon)
    registry = Registry(ttl)
    for n in names:
        registry.heartbeat(n, 0.0)  # registered at start

    router = LiveList(registry)

    def beat(name):
        if sim.now < death[name]:
            router.heartbeat(name, sim.now)
            sim.schedule(heartbeat, beat, name)

    for n in names:
        sim.at(phase[n], beat, n)
    cache = {"list": registry.live(0.0)}

    def refresh_cache():
        cache["list"] = registry.live(sim.now)
        sim.schedule(refresh, refresh_cache)

    sim.at(refresh, refresh_cache)
    sent = {m: [] for m in MODES}  # (time, instance) per request

    def request():
        u = rng.random()  # one draw serves both modes: the same request, two routers
        for mode, listed in (("server-side", router.live(sim.now)),
                             ("client-side", cache["list"])):
            # an empty list (TTL shorter than the heartbeat period) fails the request
            sent[mode].append((sim.now, listed[int(u * len(listed))] if listed else None))
        sim.schedule(rng.expovariate(rate), request)

    sim.at(rng.expovariate(rate), request)
    sim.run(horizon)
    def listed_until(name):  # a death before the first heartbeat leaves the registration
        if death[name] < phase[name]:
            return min(horizon, max(death[name], ttl))
        return min(horizon, death[name] + stale_window(death[name], phase[name], heartbeat, ttl))

    until = {n: listed_until(n) if n in dying else horizon for n in names}
    # a client drops an entry at its first refresh after the registry did
    cached_until = {n: min(horizon, (math.floor(until[n] / refresh) + 1) * refresh)
                    if n in dying else horizon for n in names}
    dead = {m: sum(1 for t, n in s if n is not None and t >= death[n])
            for m, s in sent.items()}
    unrouted = {m: sum(1 for _, n in s if n is None) for m, s in sent.items()}
    return {"requests": len(sent["server-side"]), "dead": dead, "unrouted": unrouted,
            "death": death, "listed_until": until, "cached_until": cached_until,
            "sent": sent, "names": names, "dying": dying, "refresh": refresh,
            "horizon": horizon}
