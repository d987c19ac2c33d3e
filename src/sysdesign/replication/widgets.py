"""Panels for notebooks 09 (CAP, PACELC) and 10 (consistency): controls -> model -> figure."""

from __future__ import annotations

import ipywidgets as w
import numpy as np
import pandas as pd

from sysdesign.widgets import Panel, choice, slider

from . import plots
from .experiments import (
    cap_scenario,
    compare_modes,
    consistency_levels,
    quorum_grid,
    session_comparison,
    stale_curve,
)
from .linearizability import check_history
from .metrics import availability_by_side

LINKS = ((0, 1), (0, 2), (1, 2))


def _checkbox(description: str, value: bool) -> w.Checkbox:
    return w.Checkbox(value=value, description=description, indent=False)


# --------------------------------------------------------------------- 09: CAP
def cap_run(mode="cp", scheme="quorum", cut_0_1=False, cut_0_2=True, cut_1_2=True,
            heal=False) -> dict:
    """Run the CAP story with the chosen links cut; the cluster, the verdict, the table."""
    cuts = [link for link, cut in zip(LINKS, (cut_0_1, cut_0_2, cut_1_2), strict=True) if cut]
    cluster = cap_scenario(mode, cuts, scheme=scheme, heal=heal)
    verdict = check_history(cluster.history)["x"]
    table = pd.DataFrame(
        [{"nodes reachable together": "{" + ", ".join(map(str, side)) + "}",
          "requests answered": f"{share:.0%}"}
         for side, share in availability_by_side(cluster.history).items()])
    return {"cluster": cluster, "verdict": verdict, "table": table}


def _cap_view(result: dict):
    verdict = result["verdict"]
    return [plots.cap_picture(result["cluster"], culprit=verdict.culprit), result["table"]]


def cap_panel() -> Panel:
    """Cut links between three nodes, pick CP or AP, and watch every request."""
    controls = {
        "mode": w.ToggleButtons(options={"CP": "cp", "AP": "ap"}, value="cp",
                                description="mode"),
        "scheme": choice("replication", {"leaderless quorum": "quorum", "single leader": "leader"},
                         "quorum"),
        "cut_0_1": _checkbox("cut link 0-1", False),
        "cut_0_2": _checkbox("cut link 0-2", True),
        "cut_1_2": _checkbox("cut link 1-2", True),
        "heal": _checkbox("heal and settle at the end", False),
    }
    return Panel(controls, compute=cap_run, draw=_cap_view,
                 title="CAP: a partition forces a choice between answering and being right")


def modes_run(cut_0_1=False, cut_0_2=True, cut_1_2=True) -> list[dict]:
    """Availability and consistency of CP and AP for the chosen cuts."""
    cuts = [link for link, cut in zip(LINKS, (cut_0_1, cut_0_2, cut_1_2), strict=True) if cut]
    return compare_modes(cuts)


def modes_panel() -> Panel:
    """Availability vs consistency, CP next to AP, for the links you cut."""
    controls = {
        "cut_0_1": _checkbox("cut link 0-1", False),
        "cut_0_2": _checkbox("cut link 0-2", True),
        "cut_1_2": _checkbox("cut link 1-2", True),
    }
    return Panel(controls, compute=modes_run, draw=plots.availability_vs_consistency,
                 title="Availability vs consistency per configuration")


# ------------------------------------------------------------------ 09: PACELC
def pacelc_run(nodes=3, r=2, w=2, latency=5.0, jitter=5.0) -> list[dict]:
    """Latency and staleness of R=W=1, majority, all, and your (R, W), without partitions."""
    r, w = min(r, nodes), min(w, nodes)  # a quorum cannot exceed the replicas
    majority = nodes // 2 + 1
    levels = list(dict.fromkeys([(1, 1), (majority, majority), (nodes, nodes), (r, w)]))
    return consistency_levels(nodes, levels, n_ops=300, latency=latency, jitter=jitter)


def pacelc_panel() -> Panel:
    """PACELC's else-branch: how much latency each consistency level costs."""
    controls = {
        "nodes": slider("replicas N", 3, 1, 7),
        "r": slider("your R (capped at N)", 2, 1, 7),
        "w": slider("your W (capped at N)", 2, 1, 7),
        "latency": slider("one-way latency (ms)", 5.0, 0.5, 50.0, 0.5),
        "jitter": slider("mean jitter (ms)", 5.0, 0.0, 30.0, 0.5),
    }
    return Panel(controls, compute=pacelc_run, draw=_pacelc_view,
                 title="Else: latency vs consistency with no partition")


def _pacelc_view(rows: list[dict]):
    table = pd.DataFrame(rows)[["R", "W", "R+W>N", "stale rate", "p50 latency (ms)",
                                "p99 latency (ms)"]].round(3)
    return [plots.latency_by_level(rows), table]


# ------------------------------------------------------------ 10: lag, quorums
def lag_run(latency=5.0, jitter=5.0, loss=0.0, trials=100) -> dict:
    """Stale-read chance vs time since the write, simulated and analytic."""
    rto = 2 * latency + 1.0
    horizon = latency + 5 * max(jitter, 1.0) + (3 * rto if loss else 0.0)
    return stale_curve(np.linspace(0, horizon, 13), trials=trials, latency=latency,
                       jitter=jitter, loss=loss)


def lag_panel() -> Panel:
    """Replication lag: how long after a write a follower keeps answering the old value."""
    controls = {
        "latency": slider("one-way latency (ms)", 5.0, 0.5, 50.0, 0.5),
        "jitter": slider("mean jitter (ms)", 5.0, 0.0, 30.0, 0.5),
        "loss": slider("message loss", 0.0, 0.0, 0.5, 0.05),
        "trials": slider("reads per point", 100, 20, 300, 10),
    }
    return Panel(controls, compute=lag_run, draw=plots.stale_curve_plot,
                 title="Replication lag and stale reads")


def quorum_run(nodes=3, r=1, w=2, jitter=5.0, gap=0.0, trials=40) -> dict:
    """Stale-read rates for every (W, R) on N replicas, and your (R, W) capped at N."""
    rates = quorum_grid(nodes, trials=trials, latency=5.0, jitter=jitter, gap=gap)
    return {"rates": rates, "chosen": (min(r, nodes), min(w, nodes))}


def _quorum_view(result: dict):
    return plots.quorum_heatmap(result["rates"], chosen=result["chosen"])


def quorum_panel() -> Panel:
    """Stale reads for every R and W: none where R + W > N."""
    controls = {
        "nodes": slider("replicas N", 3, 1, 7),
        "r": slider("your R (capped at N)", 1, 1, 7),
        "w": slider("your W (capped at N)", 2, 1, 7),
        "jitter": slider("mean jitter (ms)", 5.0, 0.0, 20.0, 0.5),
        "gap": slider("wait before reading (ms)", 0.0, 0.0, 20.0, 0.5),
        "trials": slider("write-read pairs per cell", 40, 10, 100, 10),
    }
    return Panel(controls, compute=quorum_run, draw=_quorum_view,
                 title="Quorums: R + W > N means every read meets the last write")


def session_panel() -> Panel:
    """One client's session guarantees under three ways of routing its requests."""
    controls = {
        "latency": slider("one-way latency (ms)", 5.0, 0.5, 50.0, 0.5),
        "jitter": slider("mean jitter (ms)", 5.0, 0.0, 30.0, 0.5),
        "think_ms": slider("mean time between requests (ms)", 2.0, 0.0, 50.0, 0.5),
    }
    return Panel(controls, compute=session_comparison, draw=_session_view,
                 title="Session guarantees: read-your-writes and monotonic reads")


def _session_view(rows: list[dict]):
    return [plots.session_bars(rows), pd.DataFrame(rows)]
