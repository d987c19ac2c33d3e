"""The scaling panel: wiring only (a time slider over the steps -> experiments -> plots)."""

from __future__ import annotations

from sysdesign.core.panel import Panel, timeline

from . import experiments, plots


def architecture_panel() -> Panel:
    """Step through the scaling path and watch the architecture grow; Play runs it."""
    last = experiments.last_step()
    step = timeline("step", last + 1, last, interval_ms=1500)
    step.min = step.play.min = 1  # steps are numbered from 1, as in the map
    return Panel({"step": step}, experiments.architecture, plots.architecture_view,
                 title="From one server to many, step by step")
