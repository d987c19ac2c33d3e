"""Panels for notebooks 09 (CAP, PACELC) and 10 (consistency): wiring only.

Each ``foo_panel`` is ``Panel(controls, experiments.foo, plots.foo_view)``.
"""

from __future__ import annotations

from sysdesign.core.panel import Panel, checkbox, choice, slider, toggle

from . import experiments, plots


def _link_controls() -> dict:
    """Three boxes, one per link of the three-node cluster (the CAP story cuts 0-2, 1-2)."""
    return {"cut_0_1": checkbox("cut link 0-1", False),
            "cut_0_2": checkbox("cut link 0-2", True),
            "cut_1_2": checkbox("cut link 1-2", True)}


def _quorum_controls(r: int) -> dict:
    """N, and the reader's own R and W (capped at N by the experiment)."""
    return {"nodes": slider("replicas N", 3, 1, 7),
            "r": slider("your R (capped at N)", r, 1, 7),
            "w": slider("your W (capped at N)", 2, 1, 7)}


def _network_controls() -> dict:
    """The link latency and the mean of its random extra delay."""
    return {"latency": slider("one-way latency (ms)", 5.0, 0.5, 50.0, 0.5),
            "jitter": slider("mean jitter (ms)", 5.0, 0.0, 30.0, 0.5)}


# --------------------------------------------------------------------- 09: CAP
def cap_panel() -> Panel:
    """Cut links between three nodes, pick CP or AP, and watch every request."""
    controls = {
        "mode": toggle("mode", {"CP": "cp", "AP": "ap"}, "cp"),
        "scheme": choice("replication", {"leaderless quorum": "quorum", "single leader": "leader"},
                         "quorum"),
        **_link_controls(),
        "heal": checkbox("heal and settle at the end", False),
    }
    return Panel(controls, experiments.cap, plots.cap_view,
                 title="CAP: a partition forces a choice between answering and being right")


def modes_panel() -> Panel:
    """Availability vs consistency, CP next to AP, for the links you cut."""
    return Panel(_link_controls(), experiments.modes, plots.modes_view,
                 title="Availability vs consistency per configuration")


# ------------------------------------------------------------------ 09: PACELC
def pacelc_panel() -> Panel:
    """PACELC's else-branch: how much latency each consistency level costs."""
    controls = {**_quorum_controls(r=2), **_network_controls()}
    return Panel(controls, experiments.pacelc, plots.pacelc_view,
                 title="Else: latency vs consistency with no partition")


# ------------------------------------------------------------ 10: lag, quorums
def lag_panel() -> Panel:
    """Replication lag: how long after a write a follower keeps answering the old value."""
    controls = {
        **_network_controls(),
        "loss": slider("message loss", 0.0, 0.0, 0.5, 0.05),
        "trials": slider("reads per point", 100, 20, 300, 10),
    }
    return Panel(controls, experiments.lag, plots.lag_view,
                 title="Replication lag and stale reads")


def quorum_panel() -> Panel:
    """Stale reads for every R and W: none where R + W > N."""
    controls = {
        **_quorum_controls(r=1),
        "jitter": slider("mean jitter (ms)", 5.0, 0.0, 20.0, 0.5),
        "gap": slider("wait before reading (ms)", 0.0, 0.0, 20.0, 0.5),
        "trials": slider("write-read pairs per cell", 40, 10, 100, 10),
    }
    return Panel(controls, experiments.quorum, plots.quorum_view,
                 title="Quorums: R + W > N means every read meets the last write")


# ------------------------------------------------------------------ 10: sessions
def session_panel() -> Panel:
    """One client's session guarantees under three ways of routing its requests."""
    controls = {
        **_network_controls(),
        "think_ms": slider("mean time between requests (ms)", 2.0, 0.0, 50.0, 0.5),
    }
    return Panel(controls, experiments.session, plots.session_view,
                 title="Session guarantees: read-your-writes and monotonic reads")
