"""M/M/1 and M/M/c closed forms: known values, invariants, and cross-checks against a
core.events simulation and SimPy."""

import math

import numpy as np
import pytest
import simpy
from hypothesis import given, settings
from hypothesis import strategies as st

from sysdesign.performance import (
    erlang_b,
    erlang_c,
    experiments,
    mm1,
    mm1_time_quantile,
    mmc,
    simulate,
    simulate_mmc,
)
from sysdesign.performance._fast import simulate as fast_simulate
from sysdesign.performance.simulation import workload

loads = st.floats(0.01, 0.97)
rates = st.floats(0.1, 1000.0)
counts = st.integers(1, 40)


def test_mm1_textbook_values():
    q = mm1(arrival_rate=8, service_rate=10)
    assert q.utilization == pytest.approx(0.8)
    assert q.mean_time_in_system == pytest.approx(0.5)  # 1 / (10 - 8)
    assert q.mean_number_in_system == pytest.approx(4.0)  # rho / (1 - rho)
    assert q.mean_queue_length == pytest.approx(3.2)  # rho^2 / (1 - rho)
    assert q.mean_wait == pytest.approx(0.4)
    assert not hasattr(q, "p_wait")


def test_erlang_c_known_values():
    # c = 2, a = 1: B = 1/5, C = 2 * 0.2 / (2 - 1 * 0.8) = 1/3
    assert erlang_b(2, 1.0) == pytest.approx(0.2)
    assert erlang_c(2, 1.0) == pytest.approx(1 / 3)
    # c = 1: C equals rho
    assert erlang_c(1, 0.7) == pytest.approx(0.7)
    # the textbook sum form, for c = 4, a = 3.2
    a, c = 3.2, 4
    top = a**c / math.factorial(c) * c / (c - a)
    assert erlang_c(c, a) == pytest.approx(top / (sum(a**k / math.factorial(k)
                                                     for k in range(c)) + top))


@given(lam_share=loads, mu=rates)
def test_mm1_is_mmc_with_one_server(lam_share, mu):
    one, c1 = mm1(lam_share * mu, mu), mmc(lam_share * mu, mu, 1)
    for name in ("utilization", "mean_number_in_system", "mean_time_in_system",
                 "mean_queue_length", "mean_wait"):
        assert getattr(one, name) == pytest.approx(getattr(c1, name), rel=1e-9, abs=1e-12)
    assert c1.p_wait == pytest.approx(lam_share, rel=1e-9)


@given(rho=loads, mu=rates, c=counts)
def test_littles_law_and_bounds_hold_in_the_formulas(rho, mu, c):
    q = mmc(rho * c * mu, mu, c)
    assert 0 <= q.p_wait <= 1
    assert q.utilization == pytest.approx(rho)
    assert q.mean_number_in_system == pytest.approx(q.arrival_rate * q.mean_time_in_system)
    assert q.mean_queue_length == pytest.approx(q.arrival_rate * q.mean_wait, abs=1e-12)
    assert q.mean_time_in_system == pytest.approx(q.mean_wait + 1 / mu)
    assert q.mean_number_in_system == pytest.approx(q.mean_queue_length + rho * c)


@given(rho=st.floats(0.05, 0.9), c=st.integers(1, 20))
def test_latency_grows_with_load(rho, c):
    assert mmc(rho * c, 1.0, c).mean_time_in_system < mmc(
        (rho + 0.05) * c, 1.0, c).mean_time_in_system


@given(rho=st.floats(0.01, 0.97), c=st.integers(2, 32))
def test_one_fast_server_beats_several_slow_on_latency_but_not_on_waiting(rho, c):
    lam = rho * c
    fast, slow = mm1(lam, c), mmc(lam, 1.0, c)
    assert fast.mean_time_in_system < slow.mean_time_in_system
    assert slow.mean_wait <= fast.mean_wait + 1e-12


@pytest.mark.parametrize("args", [(10, 10, 1), (10.5, 2.5, 4), (0, 0, 1)])
def test_no_steady_state_or_bad_rate_raises(args):
    with pytest.raises(ValueError, match="arrival_rate|service_rate"):
        mmc(*args)


def test_bad_input_names_parameter():
    with pytest.raises(ValueError, match="arrival_rate must be below"):
        mm1(5, 5)
    with pytest.raises(TypeError, match="servers"):
        mmc(1, 1, 2.5)
    with pytest.raises(ValueError, match="arrival_rate"):
        mm1(-1, 5)


def test_servers_must_be_a_whole_number_as_everywhere_in_the_course():
    # core.checks.integer accepts ints and numpy integers and refuses floats, even 2.0:
    # its NotAnInteger is both a TypeError and a ValueError, naming the parameter.
    assert mmc(1, 1, np.int64(2)).servers == 2
    for bad in (2.0, 2.5, True, "2"):
        with pytest.raises(TypeError, match="servers must be an integer"):
            mmc(1, 1, bad)
        with pytest.raises(ValueError, match="servers"):
            mmc(1, 1, bad)
    with pytest.raises(ValueError, match="servers must be an integer >= 1"):
        mmc(0, 1, 0)


def test_erlang_c_matches_the_simulated_chance_to_wait_at_several_loads():
    # P(wait) from the closed form against the share of requests that queued in a run
    for c, rho in ((2, 0.5), (5, 0.9)):
        run = simulate_mmc(rho * c * 4.0, 4.0, c, requests=40_000, seed=11)
        assert (run.wait > 0).mean() == pytest.approx(mmc(rho * c * 4.0, 4.0, c).p_wait,
                                                      abs=0.03)


def test_mm1_quantile_is_exponential():
    assert mm1_time_quantile(8, 10, 0.5) == pytest.approx(math.log(2) / 2)


def simpy_run(arrivals, works, servers):
    """The same FIFO c-server queue in SimPy (a capacity-c Resource)."""
    env = simpy.Environment()
    pool = simpy.Resource(env, capacity=servers)
    ends = [None] * len(arrivals)

    def job(i):
        with pool.request() as slot:
            yield slot
            yield env.timeout(works[i])
        ends[i] = env.now

    def source():
        for i, t in enumerate(arrivals):
            yield env.timeout(t - env.now)
            env.process(job(i))

    env.process(source())
    env.run()
    return np.array(ends)


@pytest.mark.parametrize("servers", [1, 3])
def test_simulation_matches_simpy_request_by_request(servers):
    arrivals, works = workload(0.85 * servers * 50, 50, 3000, seed=7)
    ours = simulate(arrivals, works, servers)
    np.testing.assert_allclose(ours.ends, simpy_run(arrivals.tolist(), works.tolist(), servers),
                               rtol=1e-9, atol=1e-9)


@pytest.mark.parametrize("servers,rho", [(1, 0.7), (4, 0.8), (8, 0.6)])
def test_simulation_and_simpy_agree_with_erlang_c(servers, rho):
    mu = 10.0
    arrivals, works = workload(rho * servers * mu, mu, 80_000, seed=3)
    run = simulate(arrivals, works, servers)
    theory = mmc(rho * servers * mu, mu, servers)
    assert run.latency.mean() == pytest.approx(theory.mean_time_in_system, rel=0.06)
    assert (run.wait > 0).mean() == pytest.approx(theory.p_wait, abs=0.02)
    assert run.utilization == pytest.approx(rho, rel=0.02)
    simpy_latency = simpy_run(arrivals.tolist(), works.tolist(), servers) - arrivals
    assert simpy_latency.mean() == pytest.approx(theory.mean_time_in_system, rel=0.06)


def test_gauge_scraped_in_time_measures_littles_law():
    run = simulate_mmc(80, 100, 1, requests=50_000, seed=5, scrape_every=0.05)
    lam = len(run.arrivals) / run.arrivals[-1]
    assert run.in_system.mean() == pytest.approx(lam * run.latency.mean(), rel=0.05)
    assert run.in_system.mean() == pytest.approx(4.0, rel=0.1)


def test_deterministic_service_waits_half_as_long_in_one_server():
    """Pollaczek-Khinchine: M/D/1 waits exactly half of M/M/1."""
    run = simulate_mmc(70, 100, 1, requests=150_000, seed=2, service="deterministic")
    assert run.wait.mean() == pytest.approx(mm1(70, 100).mean_wait / 2, rel=0.05)


def test_simulate_rejects_bad_arrays():
    with pytest.raises(ValueError, match="arrivals"):
        simulate([1.0, 0.5], [1.0, 1.0])
    with pytest.raises(ValueError, match="same"):
        simulate([1.0], [1.0, 2.0])


# --- the fast path (performance/_fast.py) equals the core.events run ------------------------

def _outcome(function, *args, **kwargs):
    """A run's arrays, or the error it raised (type and message)."""
    try:
        run = function(*args, **kwargs)
    except Exception as error:  # noqa: BLE001 (the same error is part of "the same")
        return type(error), str(error)
    return ([(a.dtype, a.tolist()) for a in (run.arrivals, run.starts, run.ends,
                                             run.scrape_times, run.in_system)],
            run.servers, run.busy_time)


@settings(max_examples=150, deadline=None)
@given(rho=st.floats(0.05, 1.5), c=st.integers(1, 6), n=st.integers(1, 400),
       seed=st.integers(0, 10**6), scrape=st.sampled_from([None, 0.05, 0.013, 0.5, 7.0]),
       service=st.sampled_from(["exponential", "deterministic"]))
def test_fast_simulate_equals_core_events(rho, c, n, seed, scrape, service):
    # littles_law() runs the fast path of performance/_fast.py; simulate() is the readable
    # run on core.events. Over loads beyond capacity too, and M/D/c: the same floats.
    arrivals, works = workload(rho * c * 10, 10, n, seed=seed, service=service)
    assert _outcome(fast_simulate, arrivals, works, c, scrape_every=scrape) == _outcome(
        simulate, arrivals, works, c, scrape_every=scrape)


odd_times = (st.sampled_from([0.0, 0.25, 0.5, 1.0, 1.5]) | st.floats(-1, 5)
             | st.sampled_from([math.nan, math.inf, -math.inf]))


@pytest.mark.filterwarnings("ignore:invalid value:RuntimeWarning")  # numpy, on inf - inf
@settings(max_examples=300, deadline=None)
@given(rows=st.lists(st.tuples(odd_times, odd_times), max_size=8),
       extra=st.booleans(), c=st.sampled_from([1, 2, 3, 0, 2.0, np.int64(2)]),
       scrape=st.sampled_from([None, 0.25, 0.5, 1, 0.0, -0.5, math.inf]))
def test_fast_simulate_equals_core_events_on_ties_and_bad_input(rows, extra, c, scrape):
    # Equal times (a request ending at a scrape, zero work, arrivals together), times in
    # the past, infinities, NaN, arrays of different lengths, bad servers and scrape
    # intervals: the same arrays or the same error.
    arrivals = sorted(a for a, _ in rows)
    works = [w for _, w in rows] + ([1.0] if extra else [])
    assert _outcome(fast_simulate, arrivals, works, c, scrape_every=scrape) == _outcome(
        simulate, arrivals, works, c, scrape_every=scrape)


def test_fast_simulate_equals_core_events_on_the_notebook_run():
    arrivals, works = workload(80, 100, 20_000, seed=1)
    assert _outcome(fast_simulate, arrivals, works, 1, scrape_every=0.05) == _outcome(
        simulate, arrivals, works, 1, scrape_every=0.05)


@pytest.mark.parametrize(("servers", "utilization"), [(1, 0.8), (4, 0.5), (2, 0.95)])
def test_hockey_stick_point_is_the_run_core_events_makes(servers, utilization):
    """The panel's red dot and triangle: the mean and p99 of simulate_mmc's own run."""
    point = experiments.hockey_stick(servers, 10.0, utilization, requests=3_000, seed=5)
    lat = simulate_mmc(utilization * servers * 100.0, 100.0, servers, requests=3_000,
                       seed=5).latency * 1000
    assert point["simulated_ms"] == lat.mean()
    assert point["simulated_p99_ms"] == np.percentile(lat, 99)


def test_scaling_table_rates_keep_the_mean_within_the_slo():
    # the column is "max req/s with mean <= 30 ms": each rate shown must itself meet it
    scale = experiments.scaling(server_counts=(1, 2, 4, 8), service_ms=10, slo_ms=30)
    column = scale["table"]["max req/s with mean <= 30 ms"]
    assert column.loc[1] == 66  # 1 / (100 - lambda) <= 0.03 s: lambda <= 66.67
    for c, rate in column.items():
        assert mmc(rate, 100, c).mean_time_in_system <= 0.03
        assert mmc(rate + 1, 100, c).mean_time_in_system > 0.03
    assert column.loc[8] > 8 * column.loc[1]  # the notebook's pooling claim


def test_slo_throughput_and_load_ramp_refuse_bad_input():
    with pytest.raises(ValueError, match="service_rate"):
        experiments.slo_throughput(1, 0, 0.03)
    with pytest.raises(ValueError, match="slo"):
        experiments.slo_throughput(1, 100, -1)
    with pytest.raises(ValueError, match="service_ms"):
        experiments.load_ramp(service_ms=0)
