"""The concurrency panels: controls wired to :mod:`.experiments` and :mod:`.plots`."""

from __future__ import annotations

from ..core.panel import Panel, choice, slider, timeline, toggle
from . import experiments, plots
from .actors import STRATEGIES

# Steps are numbered from 0: 9 increments, each reported to the auditor, and up to 4
# crashes make at most 22 messages, so the last step is 21.
LAST_STEP = 2 * 9 + 4 - 1


def speedup_curves_panel() -> Panel:
    """Speed-up bound and simulation per model; move the CPU share, cores and the GIL."""
    return Panel({
        "cpu_share": slider("CPU share of a mixed task", experiments.IO_DEMO_SHARE,
                            0.0, 1.0, 0.05),
        "cores": slider("cores", 4, 1, 16),
        "gil": toggle("interpreter", ["GIL", "free-threaded"], "GIL"),
    }, experiments.speedup_curves, plots.speedup_curves_view, title="Who speeds up what")


def supervision_panel() -> Panel:
    """Step through a supervised counter and auditor, one message at a time."""
    return Panel({
        "at_step": timeline("step", LAST_STEP + 1, LAST_STEP, interval_ms=500),
        "strategy": choice("restart strategy", list(STRATEGIES), "one_for_one"),
        "crashes": slider("'boom' messages", 2, 0, 4),
        "max_restarts": slider("max restarts", 3, 0, 4),
    }, experiments.supervision, plots.supervision_view, title="Actors under a supervisor")


def reactor_steps_panel() -> Panel:
    """Step through the selectors reactor, one loop turn at a time (real sockets, fixed script)."""
    last = len(experiments.reactor_steps()["turns"]) - 1
    return Panel({"at_step": timeline("loop turn", last + 1, last, interval_ms=700)},
                 experiments.reactor_steps, plots.reactor_steps_view,
                 title="A reactor, turn by turn")
