"""Caching scenarios, figures and panels: the scenarios compute what the models say,
every figure draws, every panel follows the naming rule and survives its extremes.

(tests/course/test_panels.py drives every control of every panel through its range.)
"""

from __future__ import annotations

import numpy as np
import pytest
from matplotlib.figure import Figure

from sysdesign.caching import (
    BELADY_TRACE,
    compare_strategies,
    experiments,
    faults,
    hits_per_request,
    plots,
    read_write_trace,
    run_strategy,
    shifting_hot_set_trace,
    simulate,
    step_through,
    workload,
)
from sysdesign.caching import widgets as cw
from sysdesign.core.panel import Panel
from tests.course.harness import values_to_try

PANELS = [cw.policy_panel, cw.step_panel, cw.cache_size_panel, cw.strategy_panel, cw.crash_panel]


@pytest.mark.parametrize("factory", PANELS, ids=lambda f: f.__name__)
def test_panel_draws_at_its_extremes(factory):
    # All controls at their minimum, all at their maximum, and one real redraw
    # through a control.
    panel = factory()
    assert isinstance(panel, Panel) and panel.output.outputs
    name = factory.__name__.removesuffix("_panel")
    assert panel.compute is getattr(experiments, name)
    assert panel.draw is getattr(plots, f"{name}_view")
    for pick in (0, -1):
        extreme = {name: values_to_try(c)[pick] for name, c in panel.controls.items()}
        views = panel.draw(panel.compute(**extreme), **extreme)
        for view in views if isinstance(views, list) else [views]:
            assert isinstance(view, Figure) or len(view), extreme
    control = next(iter(panel.controls.values()))
    control.value = values_to_try(control)[-1]
    assert panel.redraws == 2 and panel.output.outputs


def test_policy_scenario_at_defaults_matches_simulate():
    result = experiments.policy()
    trace = workload("zipf", 10_000, n_keys=experiments.N_KEYS, alpha=1.0)
    sizes = experiments.SIZES
    assert sizes[0] == 5 and sizes[-1] == experiments.N_KEYS == 1_000
    assert result["curves"]["lfu"][3] == simulate("lfu", trace, sizes[3]).hit_ratio
    assert result["curves"]["lru"][3] == simulate("lru", trace, sizes[3]).hit_ratio
    assert 0.75 < result["hot_share"] < 0.85


def test_step_scenario_shows_belady_numbers():
    steps = experiments.step("Belady's trace", "fifo", "fifo", capacity=4)
    assert list(steps) == ["fifo", "fifo "]  # the same policy twice gets two grids
    assert [sum(not s.hit for s in run) for run in steps.values()] == [10, 10]
    with pytest.raises(ValueError, match="trace_name"):
        experiments.step("no such trace")


def test_cache_size_scenario_finds_the_smallest_size():
    result = experiments.cache_size(alpha=1.2, n_keys=1_000, target=0.9)
    assert result["needed"] is not None and result["needed"] < 1_000
    assert experiments.cache_size(alpha=0.4, n_keys=10_000, target=0.99)["needed"] is None


def test_crash_scenario_is_the_notebooks_run():
    run = experiments.crash(flush_interval=200, crash_at=1_500, read_ratio=0.7)
    assert (run.lost_on_crash(1_500), run.max_dirty) == (22, 43)
    with pytest.raises(ValueError, match="crash_at"):
        experiments.crash(crash_at=experiments.CRASH_OPERATIONS)


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
