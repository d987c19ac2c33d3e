"""Timing helpers shared by every benchmark script (best-of-N, to damp a busy machine)."""

from __future__ import annotations

import time


def best_of(repeats: int, function):
    """(best wall time in seconds, the last result) over ``repeats`` runs."""
    (wall, _cpu), result = best_wall_and_cpu(repeats, function)
    return wall, result


def best_wall_and_cpu(repeats: int, function):
    """((best wall seconds, best CPU seconds), the last result) over ``repeats`` runs.

    CPU time of this process is steadier than wall time when other work shares the cores.
    """
    wall = cpu = float("inf")
    result = None
    for _ in range(repeats):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = function()
        wall = min(wall, time.perf_counter() - start)
        cpu = min(cpu, time.process_time() - start_cpu)
    return (wall, cpu), result


def panel_timings(panel, repeats: int = 3) -> tuple[float, float]:
    """Best (model, figure) seconds of a panel's redraw at its current settings."""
    model = draw = float("inf")
    for _ in range(repeats):
        panel.refresh()
        model = min(model, panel.timings["model"])
        draw = min(draw, panel.timings["draw"])
    return model, draw
