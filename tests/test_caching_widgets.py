"""Caching figures and panels: every figure draws, every panel survives its whole range."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest
from matplotlib.figure import Figure

from sysdesign.caching import (
    BELADY_TRACE,
    compare_strategies,
    faults,
    hits_per_request,
    plots,
    read_write_trace,
    run_strategy,
    shifting_hot_set_trace,
    step_through,
)
from sysdesign.caching import widgets as cw
from sysdesign.widgets import Panel

sys.path.insert(0, str(Path(__file__).parent))
from test_widgets import values_to_try  # noqa: E402  (the lead's harness, reused)

PANELS = [cw.policy_panel, cw.step_panel, cw.cache_size_panel, cw.strategy_panel, cw.crash_panel]


@pytest.mark.parametrize("factory", PANELS, ids=lambda f: f.__name__)
def test_panel_draws_at_its_extremes(factory):
    # tests/test_widgets.py redraws every panel at every value of every control;
    # here: all controls at their minimum, all at their maximum, and one real
    # redraw through a control.
    panel = factory()
    assert isinstance(panel, Panel) and panel.output.outputs
    for pick in (0, -1):
        extreme = {name: values_to_try(c)[pick] for name, c in panel.controls.items()}
        views = panel.draw(panel.compute(**extreme))
        for view in views if isinstance(views, list) else [views]:
            assert isinstance(view, Figure) or len(view), extreme
    control = next(iter(panel.controls.values()))
    control.value = values_to_try(control)[-1]
    assert panel.redraws == 2 and panel.output.outputs


def test_policy_model_at_defaults_matches_simulate():
    from sysdesign.caching import simulate, workload
    result = cw.policy_model()
    trace = workload("zipf", 10_000, n_keys=cw.N_KEYS, alpha=1.0)
    assert result["curves"]["lfu"][3] == simulate("lfu", trace, cw.SIZES[3]).hit_ratio
    assert result["curves"]["lru"][3] == simulate("lru", trace, cw.SIZES[3]).hit_ratio


def test_step_model_shows_belady_numbers():
    result = cw.step_model("Belady's trace", "fifo", "fifo", capacity=4)
    assert [sum(not s.hit for s in steps) for steps in result["steps"].values()] == [10, 10]


def test_size_model_finds_the_smallest_size():
    result = cw.size_model(alpha=1.2, n_keys=1_000, target=0.9)
    assert result["needed"] is not None and result["needed"] < 1_000


def test_every_figure_draws():
    steps = {p: step_through(p, BELADY_TRACE, 3) for p in ("fifo", "lru")}
    trace = shifting_hot_set_trace(4_000, 400, hot_keys=20)
    results = compare_strategies(read_write_trace(1_000, 100, seed=0), capacity=20)
    back = run_strategy(read_write_trace(1_000, 100, seed=0), write="write-back", capacity=20)
    figures = [
        plots.where_caches_live(),
        plots.step_grids(steps, 3),
        plots.hit_ratio_curves([1, 10, 100], {"lru": np.array([0.1, 0.5, 0.9])}),
        plots.popularity(1_000, 1.0),
        plots.hit_ratio_over_time({p: hits_per_request(p, trace, 40) for p in ("lru", "lfu")}),
        plots.faults_vs_capacity([1, 2, 3, 4, 5], {p: faults(p, BELADY_TRACE, range(1, 6))
                                                  for p in ("fifo", "lru")}),
        plots.strategy_comparison(results),
        plots.dirty_over_time(back, crash_at=500),
    ]
    for fig in figures:
        assert isinstance(fig, Figure) and fig._repr_png_()[:4] == b"\x89PNG"


def test_slot_layout_keeps_keys_in_place():
    steps = step_through("lru", "abcab", 2)
    assert plots._slot_layout(steps, 2) == [["a", None], ["a", "b"], ["c", "b"], ["c", "a"],
                                            ["b", "a"]]
