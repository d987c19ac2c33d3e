"""Panels for notebooks 09 (CAP, PACELC) and 10 (consistency): wiring only.

Each ``foo_panel`` is ``Panel(controls, experiments.foo, plots.foo_view)``. The two panels
with R and W sliders keep them at most N: moving N moves their maximum, so no slider ever
offers a value that would change nothing.
"""

from __future__ import annotations

from sysdesign.core.panel import Panel, checkbox, choice, slider, timeline, toggle

from . import experiments, plots

MAX_NODES = 7


class BoundedPanel(Panel):
    """A Panel whose ``bounded`` sliders never exceed the value of the ``bound`` slider.

    When the bound moves, each bounded slider's maximum follows (its value is clamped), and
    the panel redraws once, not once per clamped slider."""

    def __init__(self, controls, compute, draw, *, bound: str, bounded: tuple[str, ...],
                 title: str | None = None):
        self._clamping = False
        self._bounded = [controls[name] for name in bounded]
        for control in self._bounded:
            control.max = controls[bound].value
        # Observe before the Panel does, so the clamp happens before its redraw.
        controls[bound].observe(self._follow, names="value")
        super().__init__(controls, compute, draw, title=title)

    def _follow(self, change) -> None:
        self._clamping = True
        try:
            for control in self._bounded:
                control.max = change["new"]
        finally:
            self._clamping = False

    def refresh(self) -> None:
        """Redraw, except while a bound is moving (the bound's own change redraws next)."""
        if not self._clamping:
            super().refresh()


def _link_controls() -> dict:
    """Three boxes, one per link of the three-node cluster (the CAP story cuts 0-2, 1-2)."""
    return {"cut_0_1": checkbox("cut link 0-1", False),
            "cut_0_2": checkbox("cut link 0-2", True),
            "cut_1_2": checkbox("cut link 1-2", True)}


def _quorum_controls(r: int) -> dict:
    """N, and the reader's own R and W (their sliders end at N)."""
    return {"nodes": slider("replicas N", 3, 1, MAX_NODES),
            "r": slider("your read quorum R", r, 1, MAX_NODES),
            "w": slider("your write quorum W", 2, 1, MAX_NODES)}


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


def replay_panel() -> Panel:
    """Step through the CAP story one request (or network change) at a time."""
    _cluster, frames = experiments.story_frames("cp")
    controls = {"mode": toggle("mode", {"CP": "cp", "AP": "ap"}, "cp"),
                "step": timeline("step", len(frames), min(8, len(frames) - 1))}
    return Panel(controls, experiments.replay, plots.replay_view,
                 title="The CAP story, request by request")


# ------------------------------------------------------------------ 09: PACELC
def pacelc_panel() -> Panel:
    """PACELC's else-branch: how much latency each consistency level costs."""
    controls = {**_quorum_controls(r=2), **_network_controls()}
    return BoundedPanel(controls, experiments.pacelc, plots.pacelc_view, bound="nodes",
                        bounded=("r", "w"), title="Else: latency vs consistency, no partition")


# ------------------------------------------------------------ 10: lag, quorums
def lag_panel() -> Panel:
    """Replication lag: how long after a write a follower keeps answering the old value."""
    controls = {
        **_network_controls(),
        "loss": slider("message loss", 0.0, 0.0, 0.5, 0.05),
        "trials": slider("reads per point", 50, 20, 200, 10),
    }
    return Panel(controls, experiments.lag, plots.lag_view,
                 title="Replication lag and stale reads")


def convergence_panel() -> Panel:
    """Scrub through replication lag, a cut, a heal and anti-entropy rounds."""
    frames = experiments.convergence_frames()
    return Panel({"step": timeline("moment", len(frames))}, experiments.convergence,
                 plots.convergence_view, title="Replication lag and anti-entropy, over time")


def quorum_panel() -> Panel:
    """Stale reads for every R and W: none where R + W > N."""
    controls = {
        **_quorum_controls(r=1),
        "jitter": slider("mean jitter (ms)", 5.0, 0.0, 20.0, 0.5),
        "gap": slider("wait before reading (ms)", 0.0, 0.0, 20.0, 0.5),
        "trials": slider("write-read pairs per cell", 30, 10, 100, 10),
    }
    return BoundedPanel(controls, experiments.quorum, plots.quorum_view, bound="nodes",
                        bounded=("r", "w"),
                        title="Quorums: R + W > N means every read meets the last write")


# ------------------------------------------------------------------ 10: sessions
def session_panel() -> Panel:
    """One client's session guarantees under three ways of routing its requests."""
    controls = {
        **_network_controls(),
        "think_ms": slider("mean time between requests (ms)", 2.0, 0.0, 50.0, 0.5),
        "skew": slider("clock skew, up to ± (ms)", 10.0, 0.0, 50.0, 1.0),
    }
    return Panel(controls, experiments.session, plots.session_view,
                 title="Session guarantees: four promises to one client")
