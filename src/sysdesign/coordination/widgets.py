"""The coordination panels: controls wired to :mod:`.experiments` and :mod:`.plots`."""

from __future__ import annotations

from ..core.panel import Panel, log_slider, slider, timeline, toggle
from . import experiments, gossip, plots


def paxos_panel() -> Panel:
    """Step through two duelling proposers, message by message, with or without the bug."""
    return Panel({
        "step": timeline("message", experiments.STEPS, 14),
        "adopt": toggle("proposer B", {"adopts accepted value": True,
                                       "ignores it (bug)": False}, True),
    }, experiments.paxos, plots.paxos_view, title="Paxos, message by message")


def gossip_panel() -> Panel:
    """Gossip spread for a number of nodes, fanout and mode you choose."""
    return Panel({
        "n": log_slider("nodes", 1024, 16, 4096),
        "fanout": slider("fanout", 1, 1, 4),
        "mode": toggle("mode", list(gossip.MODES), "push"),
    }, experiments.gossip, plots.gossip_view, title="Rumour spreading by gossip")
