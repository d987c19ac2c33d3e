"""The security panel: controls wired to :mod:`.experiments` and :mod:`.plots`."""

from __future__ import annotations

from ..core.panel import Panel, checkbox, slider, timeline, toggle
from . import experiments, plots


def handshake_panel() -> Panel:
    """Step through TCP + TLS 1.2, TLS 1.3 and 0-RTT handshakes at the RTT you choose."""
    return Panel({
        "flow": toggle("handshake", experiments.FLOW_NAMES, "TLS 1.3 full"),
        "rtt_ms": slider("RTT (ms)", 50, 1, 300),
        "step": timeline("message", experiments.MAX_STEPS, experiments.MAX_STEPS - 1),
    }, experiments.handshake, plots.handshake_view, title="Handshake round trips")


def pkce_panel() -> Panel:
    """Step through the authorization-code flow with PKCE, with or without a code thief."""
    return Panel({
        "attacker_steals_code": checkbox("an attacker steals the code", True),
        "step": timeline("step", experiments.PKCE_STEPS, experiments.PKCE_STEPS - 1),
    }, experiments.pkce, plots.pkce_view, title="OAuth 2.0 with PKCE")
