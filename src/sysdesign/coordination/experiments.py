"""The scenarios notebook 22, its panels and the tests share."""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from ..core import checks
from . import gossip as gossip_model
from . import leases
from . import paxos as paxos_model

# Two proposers; B starts 14 ms after A, when A's accept is already on its way. With this
# seed B's prepare reaches the acceptors after they accepted A's value x.
DUEL = {"A": "x", "B": "y"}
DUEL_STARTS = {"B": 14.0}
DUEL_SEED = 4
STEPS = 30  # positions on the step-through slider (the runs send 29 messages)


@lru_cache(maxsize=4)
def duel(adopt: bool = True) -> paxos_model.Result:
    """The two-proposer run of the step-through, with or without adopting accepted values."""
    return paxos_model.run(DUEL, seed=DUEL_SEED, starts=DUEL_STARTS, adopt=bool(adopt))


def messages_table(result: paxos_model.Result) -> pd.DataFrame:
    """One row per message: time (ms), kind, from, to, ballot, value, arrived."""
    rows = [{"ms": round(m.time, 1), "kind": m.kind, "from": m.src, "to": m.dst,
             "ballot": m.ballot, "value": "" if m.value is None else str(m.value),
             "arrived": m.delivered} for m in result.log]
    return pd.DataFrame(rows)


def paxos(step=0, adopt=True) -> dict:
    """The duel's messages up to ``step`` and the values chosen by then."""
    result = duel(bool(adopt))
    step = checks.integer(step, "step", 0)
    shown = result.log[: min(step, len(result.log) - 1) + 1]
    now = shown[-1].time
    chosen = [v for t, _, v in result.choices if t <= now]
    return {"result": result, "shown": shown, "chosen": chosen}


def duelling(proposers=3, *, backoffs=(0.0, 30.0), loss=0.1, seeds=40) -> pd.DataFrame:
    """Duelling proposers over seeded runs: attempts, messages and outcome per back-off."""
    rows = []
    names = {chr(ord("A") + i): f"v{i}" for i in range(proposers)}
    for backoff in backoffs:
        runs = [paxos_model.run(names, loss=loss, seed=s, backoff=backoff) for s in range(seeds)]
        rows.append({
            "back-off (ms)": backoff,
            "mean attempts": float(np.mean([sum(r.attempts.values()) for r in runs])),
            "mean messages": float(np.mean([r.messages for r in runs])),
            "mean ms to choose": float(np.mean([r.choices[0][0] for r in runs if r.choices])),
            "nothing chosen": sum(not r.chosen for r in runs),
            "two values chosen": sum(len(r.chosen) > 1 for r in runs),
        })
    return pd.DataFrame(rows).set_index("back-off (ms)").round(1)


def gossip(n=1024, fanout=1, mode="push", seeds=12) -> dict:
    """Several seeded spreads: the informed share per round, and mean rounds to reach all."""
    n = int(round(checks.number(n, "n", 1)))  # a log slider gives floats
    runs = [gossip_model.spread(n, fanout=fanout, mode=mode, seed=s) for s in range(seeds)]
    return {"n": n, "runs": runs, "mean_rounds": float(np.mean([len(r) - 1 for r in runs])),
            "estimate": gossip_model.push_rounds_estimate(n), "mode": mode, "fanout": fanout}


def rounds_table(sizes=(64, 1024, 16384), seeds=20) -> pd.DataFrame:
    """Mean rounds to inform everyone, by mode, next to log2 n + ln n and log3 n."""
    rows = []
    for n in sizes:
        row = {"n": n, "log2 n + ln n": gossip_model.push_rounds_estimate(n),
               "log3 n": float(np.log(n) / np.log(3))}
        for mode in gossip_model.MODES:
            row[mode] = float(np.mean([len(gossip_model.spread(n, mode=mode, seed=s)) - 1
                                       for s in range(seeds)]))
        rows.append(row)
    return pd.DataFrame(rows).set_index("n").round(1)


def heartbeat_runs(t_fails=(4, 8, 12), **kwargs) -> dict:
    """Failure detection by heartbeats for several suspicion timeouts."""
    return {t: gossip_model.heartbeats(t_fail=t, **kwargs) for t in t_fails}


def lease_table(**kwargs) -> pd.DataFrame:
    """The lease run's log as a table (empty cells where a column does not apply)."""
    frame = pd.DataFrame(leases.lock_run(**kwargs))
    frame["token"] = frame["token"].map(lambda t: "" if t is None or t != t else int(t))
    frame["accepted"] = frame["accepted"].map(lambda a: "" if a is None else a)
    return frame.set_index("time")


def skew_table(lease=10.0, skews=(0.0, 0.01, 0.1, 0.2), margin=0.0) -> pd.DataFrame:
    """Stale writes and the unsafe window for client clocks slow by each skew."""
    rows = []
    for skew in skews:
        log = leases.lock_run(lease=lease, pause=0, skew=skew, margin=margin)
        rows.append({"clock slow by": skew, "margin": margin,
                     "unsafe window (s)": round(leases.unsafe_window(lease, skew, margin), 2),
                     "stale writes accepted": leases.stale_writes(log)})
    return pd.DataFrame(rows).set_index("clock slow by")


# Two proposers that retry at once; with this seed and B starting 11 ms after A, each new
# prepare pre-empts the other proposer's accept, as in Lamport's live-lock scenario.
LIVELOCK_SEED = 86
LIVELOCK_STARTS = {"B": 11.0}


def livelock(backoff: float = 0.0) -> tuple[paxos_model.Result, pd.DataFrame]:
    """A duel without back-off: per ballot, who ran it and when its prepare and accept left."""
    result = paxos_model.run(DUEL, seed=LIVELOCK_SEED, starts=LIVELOCK_STARTS, backoff=backoff)
    rows: dict[int, dict] = {}
    for m in result.log:
        if m.kind in ("prepare", "accept"):
            row = rows.setdefault(m.ballot, {"ballot": m.ballot, "proposer": m.src,
                                             "prepare ms": "", "accept ms": ""})
            if row[f"{m.kind} ms"] == "":
                row[f"{m.kind} ms"] = round(m.time, 1)
    return result, pd.DataFrame(list(rows.values())).set_index("ballot")
