"""One server, a queue, clients that time out and retry: overload, retry storms and
metastable failure, on :mod:`sysdesign.core.events` (time in seconds).

The server serves one request at a time, in arrival order (service times exponential,
mean ``1 / capacity``). Requests arrive as a Poisson process at ``rate`` per second,
``spike_rate`` during ``spike``. A client waits ``timeout`` s for its answer; then it gives
up and, if it has retries left (and the budget allows), sends the request again after a
backoff. The server does not know the client left: it still serves the abandoned copy,
which is wasted work. A bounded queue (``queue_limit`` waiting requests besides the one
in service; 0 means no waiting room) rejects at once when full.

The defaults (50 % busy, 2 s timeout, 3 immediate retries) are *metastable*: without a
spike the server stays healthy (tested over 300 s and six seeds: a queue of 2 s of work,
20 requests, is very unlikely at 50 % load), while a 5 s spike tips it into a state that
retries sustain (4 sends per request: 20/s against a capacity of 10/s).
"""

from __future__ import annotations

import math
from collections import deque

import numpy as np

from ..core import checks
from ..core.events import Simulator
from .retries import POLICIES, RetryBudget, backoff


def serve(*, rate: float = 5.0, capacity: float = 10.0, duration: float = 60.0,
          spike: tuple[float, float] = (10.0, 15.0), spike_rate: float = 20.0,
          timeout: float = 2.0, retries: int = 3, policy: str = "immediate",
          base: float = 0.1, cap: float = 5.0, budget: float | None = None,
          queue_limit: int | None = None, seed: int = 0) -> dict:
    """Run the scenario; return per-second series and totals (see module docstring)."""
    rate = checks.number(rate, "rate", 0)
    capacity = checks.number(capacity, "capacity", 0, lo_open=True)
    duration = checks.number(duration, "duration", 1)
    spike_rate = checks.number(spike_rate, "spike_rate", 0)
    timeout = checks.number(timeout, "timeout", 0, lo_open=True, finite=False)
    retries = checks.integer(retries, "retries", 0)
    checks.choice(policy, "policy", POLICIES)
    base = checks.number(base, "base", 0, lo_open=True)
    cap = checks.number(cap, "cap", base, hint="at least base")
    if not isinstance(spike, (tuple, list)) or len(spike) != 2:
        raise TypeError(f"spike must be a pair (start, end) in seconds, got {spike!r}")
    spike = (checks.number(spike[0], "spike start", 0),
             checks.number(spike[1], "spike end", spike[0], hint="not before its start"))
    if queue_limit is not None:
        queue_limit = checks.integer(queue_limit, "queue_limit", 0)
    sim = Simulator(seed=seed)
    rng = sim.rng
    bins = int(math.ceil(duration))
    # counted in lists (a numpy item update costs ten times a list's), arrays at the end
    series = {k: [0] * bins for k in
              ("first", "retried", "good", "wasted", "rejected", "queue", "failed")}
    latencies: list[float] = []
    queue: deque = deque()
    server = {"busy": False}
    wallet = RetryBudget(budget) if budget is not None else None

    def count(name: str) -> None:
        i = int(sim.now)
        if i < bins:
            series[name][i] += 1

    def arrival() -> None:
        lo, hi = spike
        now_rate = spike_rate if lo <= sim.now < hi else rate
        if now_rate > 0:
            sim.schedule(rng.expovariate(now_rate), arrival)
        else:
            sim.schedule(0.1, arrival)
            return
        request = {"born": sim.now, "tries": 0, "sleep": base, "done": False}
        if wallet is not None:
            wallet.deposit()
        send(request)

    def send(request: dict) -> None:
        if sim.now >= duration:
            return
        count("first" if request["tries"] == 0 else "retried")
        request["tries"] += 1
        copy = {"request": request, "sent": sim.now, "live": True}
        if queue_limit is not None and server["busy"] and len(queue) >= queue_limit:
            count("rejected")
            give_up(copy)
            return
        queue.append(copy)
        if math.isfinite(timeout):
            copy["timer"] = sim.schedule(timeout, expire, copy)
        if not server["busy"]:
            start_next()

    def expire(copy: dict) -> None:
        if copy["live"]:
            give_up(copy)

    def give_up(copy: dict) -> None:
        copy["live"] = False
        request = copy["request"]
        attempt = request["tries"] - 1
        if attempt < retries and policy != "none" and (wallet is None or wallet.withdraw()):
            sleep = backoff(policy, attempt, base=base, cap=cap, previous=request["sleep"],
                            rng=rng)
            request["sleep"] = sleep
            sim.schedule(sleep, send, request)
        else:
            count("failed")

    def start_next() -> None:
        if not queue:
            server["busy"] = False
            return
        server["busy"] = True
        sim.schedule(rng.expovariate(capacity), finish, queue.popleft())

    def finish(copy: dict) -> None:
        if copy["live"]:
            copy["live"] = False
            copy["timer"].cancel() if "timer" in copy else None
            count("good")
            latencies.append(sim.now - copy["request"]["born"])
        else:
            count("wasted")
        start_next()

    def sample() -> None:
        i = int(sim.now)
        if i < bins:
            series["queue"][i] = len(queue)
            sim.schedule(1.0, sample)

    sim.at(0.0, arrival)
    sim.at(0.5, sample)
    sim.run(until=duration)
    series = {k: np.array(v, dtype=float) for k, v in series.items()}
    after = slice(min(bins, int(spike[1]) + 20), bins)
    offered = series["first"] + series["retried"]
    return {
        "t": np.arange(bins) + 0.5, **series, "offered": offered, "spike": spike,
        "latencies": np.array(latencies), "capacity": capacity,
        "goodput_after": float(series["good"][after].mean()) if bins > after.start else 0.0,
        "offered_after": float(offered[after].mean()) if bins > after.start else 0.0,
        "wasted_total": int(series["wasted"].sum()),
        "retry_denied": wallet.denied if wallet else 0,
    }
