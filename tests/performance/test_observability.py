"""One request path as logs, metrics and OpenTelemetry spans; RED/USE windows."""

import pandas as pd
import pytest
from opentelemetry import trace

from sysdesign.performance import experiments, observability, simulate_mmc


def test_path_is_a_tree_and_children_fit_in_their_parents():
    for i in range(50):
        records = {r["name"]: r for r in observability.request_path(i, seed=3)}
        assert set(records) == set(observability.STEPS)
        for r in records.values():
            assert r["end_ms"] >= r["start_ms"]
            if r["parent"]:
                parent = records[r["parent"]]
                assert parent["start_ms"] <= r["start_ms"] and r["end_ms"] <= parent["end_ms"]
        assert records["orders"]["end_ms"] >= max(records["db"]["end_ms"],
                                                  records["cache"]["end_ms"])


def test_runs_repeat_exactly():
    assert observability.request_path(4, seed=1) == observability.request_path(4, seed=1)


def test_otel_spans_are_real_deterministic_and_leave_the_global_provider_alone():
    before = trace.get_tracer_provider()
    one = experiments.trace_one()
    two = experiments.trace_one()
    assert trace.get_tracer_provider() is before
    spans = one["spans"]
    assert len(spans) == 5 and len({s.context.trace_id for s in spans}) == 1
    pd.testing.assert_frame_equal(one["waterfall"], two["waterfall"])
    root = [s for s in spans if s.parent is None]
    assert [s.name for s in root] == ["gateway"]
    by_name = {s.name: s for s in spans}
    assert by_name["db"].parent.span_id == by_name["orders"].context.span_id
    records = {r["name"]: r for r in one["records"]}
    assert by_name["db"].end_time - by_name["db"].start_time == round(
        records["db"]["end_ms"] * 1e6) - round(records["db"]["start_ms"] * 1e6)


def test_metrics_count_every_step_and_errors_propagate_up():
    frame = observability.requests(400, seed=0)
    red = observability.metrics(frame)
    assert (red["requests"] == 400).all()
    assert red.loc["db", "errors"] == red.loc["gateway", "errors"] > 0
    assert red.loc["auth", "errors"] == 0


def test_red_use_shows_saturation_when_load_steps_up():
    table = observability.red_use(experiments.load_step(), window=1.0, timeout=0.2)
    low, high = table[table.from_s < 4], table[table.from_s >= 4]
    assert low.utilization.mean() == pytest.approx(0.5, abs=0.1)
    assert high.utilization.mean() > 0.9
    assert high.saturation.mean() > 5 * low.saturation.mean()
    assert low.errors_per_s.sum() == 0 < high.errors_per_s.sum()
    # the notebook's reading: the draw is the stated load, utilisation is pinned at 100 %
    # after the first overloaded second, saturation warns a second before errors appear,
    # and the queue keeps growing
    run = experiments.load_step()
    assert (run.arrivals < 4).sum() / 4 == pytest.approx(50, abs=3)
    assert ((run.arrivals >= 4) & (run.arrivals < 8)).sum() / 4 == pytest.approx(110, abs=3)
    assert high.utilization.iloc[1:].to_numpy() == pytest.approx(1.0, abs=1e-9)
    first = high.iloc[0]
    assert first.errors_per_s == 0 and first.saturation > 5 and high.errors_per_s.iloc[1] > 0
    assert (high.saturation.diff().iloc[1:] > 0).all()
    assert low.saturation.max() < 1


def test_red_use_utilization_matches_run_total():
    run = simulate_mmc(60, 100, 2, requests=3000, seed=1)
    table = observability.red_use(run, window=0.5)
    assert table.utilization.between(0, 1).all()
    # the windows add up to the run: its busy server-seconds and its completed requests
    # (only the few finishing after the last window's end are left out)
    assert table.utilization.sum() * run.servers * 0.5 == pytest.approx(run.busy_time,
                                                                       rel=0.01)
    assert table.rate_per_s.sum() * 0.5 == pytest.approx(len(run.ends), rel=0.01)


def test_queue_timeline_obeys_littles_law_on_what_happened():
    end = experiments.queue_timeline()
    assert end["L_so_far"] == pytest.approx(end["lambda_so_far"] * end["W_so_far"], rel=0.1)
    done = [experiments.queue_timeline(t)["done"] for t in (0, 5, 15, 30)]
    assert done == sorted(done) and done[0] == 0
    with pytest.raises(ValueError, match="at_s"):
        experiments.queue_timeline(31)
