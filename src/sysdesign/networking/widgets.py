"""The networking panels: controls wired to :mod:`.experiments` and :mod:`.plots`."""

from __future__ import annotations

from ..core.panel import Panel, choice, slider, timeline, toggle
from . import experiments, plots


def address_map_panel() -> Panel:
    """Split an IPv4 block into subnets and see the address map."""
    return Panel({
        "base": choice("block starts at", list(experiments.BASES), "10.0.0.0"),
        "prefix": slider("block prefix /", 16, 8, 30),
        "new_prefix": slider("subnet prefix /", 20, 8, 32),
    }, experiments.address_map, plots.address_map_view, title="Subnetting a block")


def tcp_steps_panel() -> Panel:
    """Scrub through one short connection, segment by segment."""
    steps = experiments.STEP_END_MS // 25 + 1
    return Panel({
        "time_ms": timeline("time (ms)", steps, experiments.STEP_END_MS, step=25),
        "loss": toggle("loss", {f"{p:.0%}": p for p in experiments.STEP_LOSSES}, 0.1),
        "seed": slider("random seed", 1, 0, 9),
        "protocol": toggle("protocol", ["TCP", "UDP"], "TCP"),
    }, experiments.tcp_steps, plots.tcp_steps_view, title="One connection, step by step")


def tcp_vs_udp_panel() -> Panel:
    """TCP goodput beside Mathis, and a paced stream's delays over TCP and UDP."""
    return Panel({
        "loss": slider("packet loss", 0.02, 0.005, 0.08, 0.005, readout_format=".1%"),
        "rtt": slider("round trip (ms)", 100, 20, 300, 10),
        "seed": slider("random seed", 0, 0, 9),
    }, experiments.tcp_vs_udp, plots.tcp_vs_udp_view, title="TCP and UDP under loss")


def waterfall_panel() -> Panel:
    """The same page over HTTP/1.1, HTTP/2 and HTTP/3: resources, loss and RTT as controls."""
    return Panel({
        "resources": slider("resources on the page", 20, 2, 60),
        "loss": slider("packet loss", 0.02, 0.0, 0.1, 0.005, readout_format=".1%"),
        "rtt": slider("round trip (ms)", 100, 10, 300, 10),
        "seed": slider("random seed", 0, 0, 9),
    }, experiments.waterfall, plots.waterfall_view, title="Page load waterfall")
