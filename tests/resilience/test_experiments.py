"""Overload, metastable failure, timeouts and the breaker scenario."""

import math
from statistics import NormalDist

import numpy as np
import pytest

from sysdesign.resilience import experiments, plots, serve


def test_without_retries_the_spike_passes():
    run = serve(retries=0)
    assert run["retried"].sum() == 0
    assert run["goodput_after"] > 0.85 * 5


def test_immediate_retries_keep_the_server_overloaded_after_the_spike():
    run = serve()  # metastable: the trigger ended at 15 s, load stays above capacity
    assert run["offered_after"] > 2 * run["capacity"]
    assert run["goodput_after"] < 1
    assert run["queue"][-1] > 100


@pytest.mark.parametrize("change", [{"budget": 0.1}, {"queue_limit": 10}])
def test_budget_or_bounded_queue_recovers(change):
    run = serve(**change)
    assert run["goodput_after"] > 0.85 * 5
    if "budget" in change:
        assert run["retried"].sum() <= 0.1 * run["first"].sum() + 10
    else:
        assert run["queue"].max() <= 10
        assert run["wasted_total"] < 0.05 * run["good"].sum()  # "almost nothing wasted"
    assert serve()["wasted_total"] > 10 * run["wasted_total"] or "budget" in change


def test_no_spike_no_trouble_and_conservation():
    run = serve(spike=(0.0, 0.0), retries=0)
    served = run["good"].sum() + run["wasted"].sum()
    assert served <= run["first"].sum()
    assert run["first"].sum() == pytest.approx(5 * 60, rel=0.15)


def test_bad_input_names_parameter():
    with pytest.raises(ValueError, match="capacity"):
        serve(capacity=0)
    with pytest.raises(TypeError, match="retries"):
        serve(retries=1.5)


def test_mean_timeout_cuts_off_closed_form_share():
    cut = experiments.timeout_cutoffs(sigma=1.0)
    # log-normal: P(X > mean) = 1 - Phi(sigma / 2)
    assert cut["mean"]["cut_off"] == pytest.approx(1 - NormalDist().cdf(0.5), abs=0.005)
    assert cut["p99"]["cut_off"] == pytest.approx(0.01, abs=1e-4)
    assert cut["mean"]["timeout_ms"] == pytest.approx(50 * math.exp(0.5), rel=0.02)


def test_breaker_scenario_opens_during_outage_and_closes_after():
    run = experiments.breaker_run()
    outcomes = {o for t, _, o in run["calls"] if t < 20}
    assert "rejected" not in outcomes
    assert run["trips"] >= 1
    late = [s for t, s in run["states"] if t > 65]
    assert set(late) == {"closed"}
    rejected = [t for t, _, o in run["calls"] if o == "rejected"]
    assert rejected and min(rejected) >= 20


def test_threads_held_is_littles_law():
    assert experiments.threads_held(50, 2.0) == 100.0


@pytest.mark.parametrize("view, compute", [
    (plots.breaker_timeline_view, lambda: experiments.breaker_timeline(30)),
    (plots.retry_policies_view, lambda: experiments.retry_policies(5)),
    (plots.retry_policies_view, lambda: {p: r for p, r in experiments.retry_policies(
        5).items() if p in ("immediate", "full")}),
    (plots.overload_view, lambda: experiments.overload()),
])
def test_views_have_alt_text(view, compute):
    fig = view(compute())
    assert fig.alt_text and len(fig.axes) >= 1
    assert np.isfinite(fig.axes[0].get_xlim()).all()


def test_no_waiting_room_matches_erlang_b():
    """One server, no queue (M/M/1/1): the share turned away is rho / (1 + rho)."""
    run = serve(spike=(0.0, 0.0), queue_limit=0, retries=0, timeout=math.inf,
                duration=2000.0, seed=3)
    rho = 5 / 10
    assert run["rejected"].sum() / run["first"].sum() == pytest.approx(rho / (1 + rho),
                                                                       abs=0.02)


def test_unbounded_queue_matches_mm1_time_in_system():
    """M/M/1 with no timeouts: mean time in the system is 1 / (mu - lambda)."""
    run = serve(spike=(0.0, 0.0), retries=0, timeout=math.inf, duration=3000.0, seed=4)
    assert run["latencies"].mean() == pytest.approx(1 / (10 - 5), rel=0.08)


SEEDS = range(6)


def test_metastable_healthy_without_trigger_over_many_seeds():
    """Vulnerable but stable: with no spike the default server stays healthy for 300 s."""
    for seed in SEEDS:
        run = serve(spike=(0.0, 0.0), duration=300.0, seed=seed)
        assert run["goodput_after"] > 0.9 * 5, seed
        assert run["queue"].max() < 20, seed


def test_metastable_spike_collapses_budget_and_bound_recover_over_many_seeds():
    for seed in SEEDS:
        stuck = serve(seed=seed)
        assert stuck["goodput_after"] < 0.5 and stuck["offered_after"] > 1.5 * 10, seed
        assert stuck["queue"][-1] > stuck["queue"][30] > 100, seed  # still growing
        assert stuck["wasted"][35:].mean() > 0.8 * 10, seed  # capacity spent on the gone
        for change in ({"budget": 0.1}, {"queue_limit": 10}):
            assert serve(seed=seed, **change)["goodput_after"] > 0.85 * 5, (seed, change)
        assert serve(seed=seed, policy="full")["goodput_after"] < 0.5, seed


def test_one_retry_is_exactly_capacity_and_stays_stuck_no_retries_recovers_over_many_seeds():
    """Exercise 17.2: 2 x 5/s = 10/s equals capacity, so the spike's backlog never drains."""
    for seed in SEEDS:
        one = serve(seed=seed, retries=1)
        assert one["goodput_after"] < 0.5 and one["queue"][-1] > 30, seed
        assert serve(seed=seed, retries=0)["goodput_after"] > 0.85 * 5, seed


@pytest.mark.parametrize("call, error, name", [
    (lambda: serve(policy="linear", retries=0), ValueError, "policy"),
    (lambda: serve(base=0, retries=0), ValueError, "base"),
    (lambda: serve(spike=(15.0, 10.0)), ValueError, "spike end"),
    (lambda: serve(spike=10.0), TypeError, "spike"),
    (lambda: experiments.overload(queue="bounde"), ValueError, "queue"),
    (lambda: experiments.overload(spike_s=-3), ValueError, "spike_s"),
    (lambda: experiments.breaker_run(every=0), ValueError, "every"),
    (lambda: experiments.breaker_run(fail_share=2), ValueError, "fail_share"),
    (lambda: experiments.breaker_run(outage=(50.0, 20.0)), ValueError, "outage end"),
    (lambda: experiments.breaker_timeline(-5), ValueError, "at_s"),
    (lambda: experiments.timeout_cutoffs(median_ms=0), ValueError, "median_ms"),
    (lambda: experiments.timeout_cutoffs(sigma=float("nan")), ValueError, "sigma"),
])
def test_bad_scenario_input_names_parameter(call, error, name):
    with pytest.raises(error, match=name):
        call()
