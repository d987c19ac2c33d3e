"""Caching scenarios, figures and panels: the scenarios compute what the models say, the
claims the notebook makes about them hold, every figure draws with alt text, every panel
follows the naming rule and survives its extremes.

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
    zipf_with_scans_trace,
)
from sysdesign.caching import widgets as cw
from sysdesign.core.panel import Panel
from tests.course.harness import values_to_try

PANELS = [cw.policy_panel, cw.step_panel, cw.cache_size_panel, cw.strategy_panel,
          cw.crash_panel, cw.race_panel, cw.stampede_panel]


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
            if isinstance(view, Figure):
                assert len(view.alt_text.split()) >= 12
    control = next(iter(panel.controls.values()))
    control.value = values_to_try(control)[-1]
    assert panel.redraws == 2 and panel.output.outputs


def test_every_panel_is_tested_here():
    assert {f.__name__ for f in PANELS} == {n for n in dir(cw) if n.endswith("_panel")}


def test_policy_scenario_at_defaults_matches_simulate():
    result = experiments.policy()
    trace = workload("zipf", 10_000, n_keys=experiments.N_KEYS, alpha=1.0)
    sizes = experiments.SIZES
    assert sizes[0] == 5 and sizes[-1] == experiments.N_KEYS == 1_000
    assert result["curves"]["lfu"][3] == simulate("lfu", trace, sizes[3]).hit_ratio
    assert result["curves"]["lru"][3] == simulate("lru", trace, sizes[3]).hit_ratio
    assert 0.75 < result["hot_share"] < 0.85


def test_every_value_of_the_policy_panels_alpha_changes_the_workload():
    # The panel only offers workloads whose shape α sets (a control must have an effect).
    for name in experiments.POLICY_WORKLOADS:
        a, b = (workload(name, 3_000, n_keys=200, alpha=alpha) for alpha in (0.5, 1.5))
        assert not np.array_equal(a, b), name


def test_theory_table_agrees_with_theory():
    table = experiments.theory_table()
    assert np.allclose(table["FIFO simulated"], table["FIFO = Random, theory"], atol=0.005)
    assert np.allclose(table["Random simulated"], table["FIFO = Random, theory"], atol=0.005)
    assert np.allclose(table["LRU simulated"], table["LRU, Che's approximation"], atol=0.006)


def test_step_scenario_shows_belady_numbers():
    steps = experiments.step("Belady's trace", "fifo", "fifo", capacity=4)
    assert list(steps) == ["fifo", "fifo "]  # the same policy twice gets two grids
    assert [sum(not s.hit for s in run) for run in steps.values()] == [10, 10]
    with pytest.raises(ValueError, match="trace_name"):
        experiments.step("no such trace")
    with pytest.raises(ValueError, match="request"):
        experiments.step(request=experiments.STEPS)


def test_cache_size_scenario_finds_the_smallest_size():
    result = experiments.cache_size(alpha=1.2, n_keys=1_000, target=0.9)
    assert result["needed"] is not None and result["needed"] < 1_000
    assert result["cold_ceiling"] < result["warm_ceiling"]
    assert result["needed"] <= result["cold_needed"]
    # Little skew: counted from a cold start, first requests make 99 % impossible; once
    # warm, a cache of nearly every key reaches it.
    flat = experiments.cache_size(alpha=0.4, n_keys=10_000, target=0.99)
    assert flat["cold_needed"] is None and flat["cold_ceiling"] < 0.99
    assert 0.95 * 10_000 < flat["needed"] <= 10_000


def test_crash_scenario_loses_acknowledged_writes():
    run = experiments.crash(flush_interval=200, crash_at=1_500, read_ratio=0.7)
    # The writes at risk after operation 1,500 are the writes since the last flush (after
    # operation 1,399) that no eviction has written back yet: never more than those writes.
    trace = read_write_trace(experiments.CRASH_OPERATIONS, 300, read_ratio=0.7, seed=0)
    writes_since_flush = int(np.sum(trace.ops[1_400:1_501] == 1))
    assert 0 < run.lost_on_crash(1_500) <= writes_since_flush
    assert run.lost_on_crash(1_500) >= run.dirty_keys[1_500]
    assert run.max_at_risk > run.dirty_keys.max()  # repeated writes to a key all count
    with pytest.raises(ValueError, match="crash_at"):
        experiments.crash(crash_at=experiments.CRASH_OPERATIONS)


def test_the_default_strategy_figure_shows_stale_reads():
    # The static figure must carry the lesson: another service's writes make stale reads
    # for every strategy, write-around's own writes many more.
    results = experiments.strategy()
    assert experiments.EXTERNAL_WRITES > 0
    assert all(r.stale_reads > 0 for r in results.values())
    assert results["write-around"].stale_reads == max(r.stale_reads for r in results.values())


def test_a_shorter_ttl_trades_stale_reads_for_database_reads():
    runs = experiments.ttl_sweep()
    stale = [r.stale_reads for r in runs]
    reads = [r.db_reads for r in runs]
    assert stale == sorted(stale, reverse=True) and stale[0] > stale[-1]
    assert reads == sorted(reads) and reads[0] < reads[-1]
    # Write-back's flushes overwrite the other service's newer writes: a short TTL clears
    # the other strategies' stale reads, not those lost updates.
    short = experiments.strategy(ttl=min(t for t in experiments.TTLS if t))
    assert short["cache-aside"].stale_reads <= 1 < short["write-back"].stale_reads
    # Every TTL the strategy panel offers changes what it draws.
    offered = [t or None for t in experiments.TTLS]
    write_around = [experiments.strategy(ttl=t)["write-around"].stale_reads for t in offered]
    assert len(set(write_around)) == len(offered)


def test_lfu_recovers_while_the_hot_sets_fit_and_collapses_once_they_fill_the_cache():
    # Notebook 06: LFU survives the first shift and collapses at the second, because the
    # 100 slots hold two hot sets' worth (2 × 50 keys). The rule, checked on other sizes:
    # phase k recovers if k hot sets fit; it collapses once k - 1 old hot sets fill it.
    capacity, n = 100, 20_000
    for hot, phases in ((50, 4), (30, 4), (20, 6)):
        trace = shifting_hot_set_trace(n, 1_000, hot_keys=hot, hot_share=0.9, phases=phases)
        flags = hits_per_request("lfu", trace, capacity)
        per = n // phases
        for k in range(1, phases + 1):
            late = flags[(k - 1) * per + per // 2: k * per].mean()  # after the shift settles
            if k * hot <= capacity:
                assert late > 0.6, (hot, k, late)
            if (k - 1) * hot >= capacity:
                assert late < 0.2, (hot, k, late)
    lru = hits_per_request("lru", shifting_hot_set_trace(n, 1_000, hot_keys=50), capacity)
    assert lru[n // 2:].mean() > 0.8


def test_scans_start_every_3000_requests_and_hurt_lru_more_than_lfu():
    trace = zipf_with_scans_trace(20_000, 1_000, 1.0, scan_length=500, scan_every=3_000)
    starts = [i for i in range(1, len(trace)) if trace[i] >= 1_000 and trace[i - 2] < 1_000
              and (i < 2 or trace[i - 1] < 1_000)]
    assert np.all(np.diff(starts) == 3_000) and starts[0] == 3_000
    lru, lfu = (hits_per_request(p, trace, 100).mean() for p in ("lru", "lfu"))
    assert lfu > lru


def test_where_caches_live_puts_the_cdn_before_every_origin_layer():
    costs = plots.layer_latencies(edge_rtt_ms=20.0, origin_rtt_ms=80.0)
    user = [ms for _, ms, _ in costs]
    assert user == sorted(user)  # earlier layers answer sooner, the CDN included
    assert user[1] < min(user[2:])


def test_every_figure_draws_with_alt_text():
    steps = {p: step_through(p, BELADY_TRACE, 3) for p in ("fifo", "lru")}
    trace = shifting_hot_set_trace(4_000, 400, hot_keys=20)
    results = compare_strategies(read_write_trace(1_000, 100, seed=0), capacity=20)
    back = run_strategy(read_write_trace(1_000, 100, seed=0), write="write-back", capacity=20)
    figures = [
        plots.where_caches_live(),
        plots.step_grids(steps, 3),
        plots.step_grids(steps, 3, upto=4),
        plots.hit_ratio_curves(np.array([1, 10, 100]), {"lru": np.array([0.1, 0.5, 0.9])},
                               target=0.8, ceiling=0.95),
        plots.sizing(experiments.cache_size(n_keys=1_000), target=0.9),
        plots.hit_ratio_over_time({p: hits_per_request(p, trace, 40) for p in ("lru", "lfu")},
                                  marks=[1_000]),
        plots.faults_vs_capacity([1, 2, 3, 4, 5], {p: faults(p, BELADY_TRACE, range(1, 6))
                                                  for p in ("fifo", "lru")}),
        plots.strategy_comparison(results),
        plots.at_risk_over_time(back, crash_at=500),
        plots.race_timeline(experiments.race()),
        plots.race_timeline(experiments.race(lease=True), at_ms=9),
        plots.stampede_timeline(experiments.stampede()),
    ]
    for fig in figures:
        assert isinstance(fig, Figure) and fig._repr_png_()[0][:4] == b"\x89PNG"
        assert len(fig.alt_text.split()) >= 12, fig.alt_text


def test_belady_annotation_is_drawn_in_the_colour_of_the_policy_it_points_at():
    fig = plots.faults_vs_capacity([1, 2, 3, 4, 5], {p: faults(p, BELADY_TRACE, range(1, 6))
                                                     for p in ("fifo", "lru")})
    notes = [t for t in fig.axes[0].texts if "more faults" in t.get_text()]
    assert len(notes) == 1 and notes[0].get_color() == plots.POLICY_COLORS["fifo"]
    assert notes[0].xy == (4, 10)  # FIFO's 10 misses at 4 slots


def test_tick_labels_fit_their_range():
    # No "1, 1, 0, 0" labels: the strategy figure scales each measure to its largest value
    # and names that value under its group, even when everything is zero.
    trace = read_write_trace(500, 50, read_ratio=1.0, seed=0)
    results = compare_strategies(trace, capacity=10)
    fig = plots.strategy_comparison(results)
    fig.canvas.draw()
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_yticklabels() if t.get_text()]
    assert labels == ["0%", "50%", "100%"]
    groups = [t.get_text() for t in ax.get_xticklabels()]
    assert "stale reads\n(largest 0)" in groups and "writes at risk\n(largest 0)" in groups
    reads = max(r.db_reads for r in results.values())
    assert f"DB reads\n(largest {reads:,})" in groups
    # The writes-at-risk panel of the crash figure counts whole writes.
    crash = plots.at_risk_over_time(experiments.crash(), crash_at=1_500)
    crash.canvas.draw()
    ticks = [t.get_text() for t in crash.axes[0].get_yticklabels() if t.get_text()]
    assert len(ticks) == len(set(ticks))


def test_slot_layout_keeps_keys_in_place():
    steps = step_through("lru", "abcab", 2)
    assert plots._slot_layout(steps, 2) == [["a", None], ["a", "b"], ["c", "b"], ["c", "a"],
                                            ["b", "a"]]


@pytest.mark.parametrize("crash_at", [0, 1_000, 1_500, experiments.CRASH_OPERATIONS - 1])
def test_the_crash_note_stays_inside_the_figure(crash_at):
    fig = plots.at_risk_over_time(experiments.crash(), crash_at=crash_at)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    note = next(t for t in fig.axes[0].texts if t.get_text().startswith("crash here"))
    box, frame = note.get_window_extent(renderer), fig.bbox
    assert frame.x0 <= box.x0 and box.x1 <= frame.x1, (box, frame)


@pytest.mark.parametrize("bold", [False, True])
def test_glyph_extents_equal_matplotlibs(bold):
    # plots._extents outlines every label of the step grids at once; it must give
    # exactly what Path.get_extents gives, or the labels would move off centre.
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextPath

    prop = FontProperties(family="DejaVu Sans", weight="bold" if bold else "normal")
    for text in [str(k) for k in range(0, 40)] + [f"−{k}" for k in range(0, 12)] + ["ab", "%"]:
        path = TextPath((0, 0), text, size=1, prop=prop)
        assert plots._extents(path).tolist() == path.get_extents().get_points().tolist(), text


@pytest.mark.parametrize("capacity", [1, 3, 4, 5])
def test_stamped_labels_take_the_pixels_of_marker_lines(capacity):
    # The step grids stamp every label through one path collection; each must land on
    # the pixels a line of markers (the simple way to stamp them) would give it.
    import io

    from matplotlib.image import imread

    from sysdesign.core import style

    def png(fig):
        return imread(io.BytesIO(style.png_bytes(fig)))

    def grid(stamp):
        fig, ax = style.figure(figsize=(4, 0.42 * capacity + 1.6))
        plots.fixed_layout(fig)
        ax.set_xlim(-0.5, 5.5)
        ax.set_ylim(capacity + 1.1, -0.5)
        labels = [(str(t + 7), t % 2 == 0, 7.5 * (1.6 if t >= 3 else 1), "#D55E00",
                   (t, (t * 0.37) % (capacity + 1))) for t in range(6)]
        stamp(ax, labels)
        return png(fig)

    def with_markers(ax, labels):
        for text, bold, size, colour, (x, y) in labels:
            ax.plot([x], [y], linestyle="none", marker=plots._glyphs(text, bold),
                    markersize=size, color=colour, markeredgewidth=0, clip_on=False)

    assert np.array_equal(grid(plots._stamp), grid(with_markers))
