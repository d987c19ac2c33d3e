"""The scenarios notebook 23, its panels and the tests share."""

from __future__ import annotations

from . import cmdb, mesh
from . import discovery as disc
from . import gateway as gw

HORIZON = 120  # seconds of the discovery run


def discovery(heartbeat: float = 5.0, ttl: float = 15.0, refresh: float = 30.0,
              at_s: int = HORIZON) -> dict:
    """Ten instances, four die silently; 20 requests/s routed both ways (one seeded run)."""
    result = disc.simulate(heartbeat=heartbeat, ttl=ttl, refresh=refresh, horizon=HORIZON)
    result["at"] = at_s
    result["dead_so_far"] = {m: sum(1 for t, n in s
                                 if n is not None and result["death"][n] <= t <= at_s)
                             for m, s in result["sent"].items()}
    return result


def gateway(rate: float = 10.0, cache_ttl: float = 5.0, fanout: int = 3) -> dict:
    """2,000 seeded requests in 10 s through the gateway's five stages."""
    result = gw.run(rate=rate, cache_ttl=cache_ttl, fanout=fanout)
    result["table"] = gw.table(result)
    return result


def sidecar_table(retries=(0, 1, 2, 3), timeouts=(50.0, 100.0, 400.0)):
    """:func:`sidecar_grid` as a table, rounded for reading."""
    import pandas as pd

    frame = pd.DataFrame(sidecar_grid(retries, timeouts)).T
    frame.index.names = ["timeout ms", "retries"]
    return frame.round({"success": 3, "attempts/request": 2, "p99 ms": 0, "closed form": 3})


def sidecar_grid(retries=(0, 1, 2, 3), timeouts=(50.0, 100.0, 400.0)) -> dict:
    """Success rate and upstream attempts per request for a few sidecar settings."""
    out = {}
    for t in timeouts:
        for r in retries:
            run = mesh.sidecar(retries=r, timeout_ms=t, requests=20_000)
            out[(t, r)] = {"success": run["success_rate"],
                           "attempts/request": run["attempts"] / run["requests"],
                           "p99 ms": run["p99_ms"],
                           "closed form": mesh.success_rate(retries=r, timeout_ms=t)}
    return out


def blast(item: str = "postgres-host-1") -> list[str]:
    """What changing one item of the example CMDB can break."""
    return cmdb.blast_radius(cmdb.EXAMPLE, item)
