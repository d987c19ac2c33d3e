"""The transactions panels: controls wired to :mod:`.experiments` and :mod:`.plots`."""

from __future__ import annotations

from ..core.panel import Panel, choice, timeline, toggle
from . import experiments, plots, twophase


def two_phase_panel() -> Panel:
    """Scrub through two-phase commit with the coordinator crashing where you choose."""
    return Panel({
        "step": timeline("step", experiments.TWO_PHASE_STEPS, 4),
        "crash": choice("coordinator crashes", list(twophase.CRASH_POINTS), "after votes"),
        "no_vote": toggle("votes no", experiments.NO_VOTE, None),
    }, experiments.two_phase, plots.two_phase_view, title="Two-phase commit, step by step")


def saga_panel() -> Panel:
    """Scrub through an order saga failing at the step you choose."""
    return Panel({
        "step": timeline("step", experiments.SAGA_STEPS, experiments.SAGA_STEPS - 1),
        "fail_at": toggle("fails at", experiments.SAGA_FAILURES, 3),
    }, experiments.saga, plots.saga_view, title="A saga with compensations")
