"""The proximity capstone: each step against the model it composes, and the day's numbers.

Cross-checks: the sampled cells against ``geohash.cells_covering`` (15); the cache's hits
against LRU replayed by ``caching.simulate`` (06) and its hit ratio against Che's
approximation; replica waits against M/M/1's closed form (25); the update path's stale
share against a Monte Carlo draw of the same story on notebook 10's delay model.
"""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sysdesign.caching import che_lru_hit_ratio, simulate
from sysdesign.estimation import SECONDS_PER_DAY, estimate
from sysdesign.geo import geohash
from sysdesign.performance import mm1
from sysdesign.proximity import design, replicas_needed, simulate_day, stale_share, time_to_fresh


@pytest.fixture(scope="module")
def day():
    return simulate_day()


@pytest.fixture(scope="module")
def searches():
    return design.day_of_searches()


# --- replicas_needed ------------------------------------------------------------------------

def test_replicas_needed_by_hand():
    # 10,000/s at peak, half served by the cache: 5,000/s over 700/s each -> 7.14 -> 8
    assert replicas_needed(10_000, 0.5, 1_000, 0.7) == 8
    assert replicas_needed(7_000, 0.0, 1_000, 0.7) == 10  # exactly 10, not 11
    assert replicas_needed(0, 0.5) == 1


@given(st.floats(0, 1e6), st.floats(0, 1), st.floats(1, 1e4), st.floats(0.05, 1))
def test_replicas_needed_keep_misses_under_target(peak, hit, mu, target):
    n = replicas_needed(peak, hit, mu, target)
    assert peak * (1 - hit) / n <= mu * target * (1 + 1e-9)
    if n > 1:  # and one fewer would not do
        assert peak * (1 - hit) / (n - 1) > mu * target * (1 - 1e-9)


@pytest.mark.parametrize("kwargs, name", [
    (dict(peak_qps=-1, hit_ratio=0.5), "peak_qps"),
    (dict(peak_qps=1, hit_ratio=1.5), "hit_ratio"),
    (dict(peak_qps=1, hit_ratio=0.5, replica_qps=0), "replica_qps"),
    (dict(peak_qps=1, hit_ratio=0.5, target_utilization=0), "target_utilization"),
])
def test_replicas_needed_rejects_bad_input(kwargs, name):
    with pytest.raises(ValueError, match=name):
        replicas_needed(**kwargs)


@pytest.mark.parametrize("kwargs, name", [
    (dict(traffic=0), "traffic"), (dict(replicas=0), "replicas"),
    (dict(cache_cells=0), "cache_cells"), (dict(slo_ms=0), "slo_ms"),
    (dict(replica_qps=-1), "replica_qps"),
])
def test_simulate_day_rejects_bad_input(kwargs, name):
    with pytest.raises(ValueError, match=name):
        simulate_day(**kwargs)


def test_bad_types_are_type_errors():
    with pytest.raises(TypeError, match="replicas"):
        simulate_day(replicas="four")
    with pytest.raises(TypeError, match="n"):
        design.businesses("many")


# --- the workload ---------------------------------------------------------------------------

def test_cells_are_those_of_cells_covering(searches):
    # Each search's cache keys are exactly its covering cells (15's readable model).
    names = {}
    for i in range(0, len(searches), 997):
        cells = geohash.cells_covering(searches.lat[i], searches.lon[i], searches.radius_m[i])
        keys = searches.cells[searches.starts[i]:searches.starts[i + 1]]
        assert len(keys) == len(cells) == len(set(keys.tolist()))
        for key, cell in zip(keys.tolist(), sorted(cells), strict=True):  # both in code order
            assert names.setdefault(cell, key) == key  # the same cell, the same key
    assert len(set(names.values())) == len(names)  # one key per cell


def test_vectorised_cache_keys_equal_the_readable_loop(searches):
    # The day's keys come from _cache_keys (all searches at once); the readable loop hands
    # out the same keys, in the same order, for the whole day...
    cells, starts = design._cache_keys_simple(searches.lat, searches.lon, searches.radius_m)
    assert np.array_equal(searches.cells, cells) and np.array_equal(searches.starts, starts)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.floats(-90, 90), st.floats(-180, 180),
                          st.sampled_from([0.0, 500.0, 1_000.0, 20_000.0, 3_000_000.0])),
                min_size=1, max_size=25), st.data())
def test_vectorised_cache_keys_equal_the_readable_loop_on_repeats(circles, data):
    # ...and on any searches, some repeated (a repeat reuses its keys; cells shared by
    # several precisions' codes stay apart).
    circles = circles + data.draw(st.lists(st.sampled_from(circles), max_size=10))
    lat, lon, radius = (np.array(c, dtype=float) for c in zip(*circles, strict=True))
    fast, readable = design._cache_keys(lat, lon, radius), design._cache_keys_simple(
        lat, lon, radius)
    assert all(np.array_equal(a, b) for a, b in zip(fast, readable, strict=True))


def test_day_is_deterministic_and_within_a_day(searches):
    again = design.day_of_searches.__wrapped__(design.SEARCHES, design.ALPHA, seed=0)
    assert np.array_equal(again.cells, searches.cells)
    assert np.all(np.diff(searches.time_s) >= 0)
    assert 0 <= searches.time_s.min() and searches.time_s.max() < SECONDS_PER_DAY
    assert set(np.unique(searches.radius_m)) <= set(design.RADII_M)


def test_arrival_cycle_peaks_at_the_peak_factor():
    times = design.arrival_times(200_000, 2.0, seed=1)
    hourly = np.bincount((times // 3600).astype(int), minlength=24)
    assert np.argmax(hourly) in (14, 15) and np.argmin(hourly) in (2, 3)
    # the peak (15:00) falls on an hour boundary, so each of the two busiest hours averages
    # 1 + sin(π/12)/(π/12) ≈ 1.989 times the mean (an hour centred on the peak: 1.997)
    assert hourly.max() / hourly.mean() == pytest.approx(2.0, abs=0.05)


def test_businesses_follow_population():
    shops = design.businesses(50_000, seed=3)
    table = design.cities_by_population()
    top = table["name"].iloc[0]
    share = (shops["city"] == top).mean()
    expected = table["population"].iloc[0] / table["population"].sum()
    assert share == pytest.approx(expected, abs=4 * math.sqrt(expected / 50_000))


# --- the cache ------------------------------------------------------------------------------

@pytest.mark.parametrize("capacity", [100, 2_000])
def test_cache_hits_match_lru_replayed_by_caching(searches, capacity):
    hits, per_search, _ = design._cache(design.SEARCHES, 0, capacity)
    assert hits.sum() == simulate("lru", searches.cells, capacity).hits
    manual = [hits[a:b].all() for a, b in zip(searches.starts[:-1], searches.starts[1:],
                                              strict=True)]
    assert np.array_equal(per_search, manual)


@pytest.mark.parametrize("capacity", [100, 300, 500])
def test_hit_ratio_agrees_with_che_for_small_caches(searches, capacity):
    measured = design.simulate_day(cache_cells=capacity).lookup_hit_ratio
    popularity = np.bincount(searches.cells) / searches.cells.size
    assert measured == pytest.approx(che_lru_hit_ratio(popularity, [capacity])[0], abs=0.015)


def test_hit_ratio_falls_below_che_for_big_caches(searches):
    # first lookups always miss in a finite trace; Che describes the long run
    for capacity in (2_000, 8_000):
        day = design.simulate_day(cache_cells=capacity)
        assert day.lookup_hit_ratio < day.predicted_hit_ratio - 0.02


def test_hit_ratio_stays_under_the_first_lookup_ceiling(searches):
    ceiling = 1 - np.unique(searches.cells).size / searches.cells.size
    big = design.simulate_day(cache_cells=10**6)
    assert big.lookup_hit_ratio == pytest.approx(ceiling)


@settings(max_examples=10, deadline=None)
@given(st.floats(0.1, 50), st.integers(1, 50))
def test_traffic_and_replicas_do_not_change_the_cache(traffic, replicas):
    base = design.simulate_day()
    other = design.simulate_day(traffic, replicas)
    assert other.lookup_hit_ratio == base.lookup_hit_ratio
    assert np.array_equal(other.cache_hit, base.cache_hit)


# --- replicas and latency -------------------------------------------------------------------

def test_replica_shares_are_even_within_sampling_noise(day):
    reads = (day.replica >= 0).sum()
    p = 1 / day.replica_share.size
    assert np.all(np.abs(day.replica_share - p) < 4 * math.sqrt(p * (1 - p) / reads))


def test_replica_waits_follow_mm1():
    d = design.simulate_day(replicas=3)
    hour = np.minimum(design.day_of_searches().time_s // 3600, 23).astype(int)
    peak = 15
    misses = (d.replica >= 0) & (hour == peak)
    lam = misses.sum() * d.scale / 3600 / 3  # a random third of the hour's misses
    assert d.hourly_replica_qps[peak] == pytest.approx(lam)
    waits = (d.latency_ms[misses] - design.SERVICE_MS - design.CACHE_MS) / 1000
    expected = mm1(lam, design.REPLICA_QPS).mean_time_in_system
    # exponential waits: the mean of m draws has a relative standard error of 1/sqrt(m)
    assert waits.mean() == pytest.approx(expected, rel=4 / math.sqrt(misses.sum()))


def test_more_replicas_lower_the_peak_load():
    loads = [design.simulate_day(replicas=n).replica_utilization.max() for n in (2, 4, 8, 16)]
    assert loads == sorted(loads, reverse=True)


def test_overloaded_replicas_time_out():
    d = design.simulate_day(traffic=10)
    assert d.replica_utilization.max() > 1 and d.timed_out > 0 and not d.meets_slo
    assert d.percentile(99) == design.TIMEOUT_MS


# --- the numbers the notebook's prose states --------------------------------------------------

def test_default_design_is_sized_by_the_70_percent_rule(day):
    peak = estimate(design.WORKLOAD).peak_read_qps
    assert design.REPLICAS == replicas_needed(peak, day.cache_hit.mean())
    assert day.meets_slo and day.timed_out == 0


def test_measured_vs_estimated_as_the_prose_describes(day):
    table = design.measured_vs_estimated(day)
    avg, peak, hit, share, util, p99 = (table.iloc[i] for i in range(6))
    assert avg.measured == pytest.approx(avg.estimate)  # traffic by construction
    assert abs(peak.measured / peak.estimate - 1) < 0.02  # "within a percent or two"
    assert hit.estimate - 0.05 < hit.measured < hit.estimate  # "a little below Che"
    assert share.measured == pytest.approx(share.estimate, abs=0.015)  # "nearly equal"
    assert util.estimate < util.measured < design.TARGET_UTILIZATION  # "both under 70 %"
    assert p99.measured < p99.estimate / 10  # "far inside the SLO"


def test_ten_times_traffic_saturates_four_replicas_and_the_fix_works():
    overloaded = design.simulate_day(10, 4)
    assert (overloaded.replica_utilization >= 1).sum() > 12  # "most of the day"
    served = design.simulate_day().cache_hit.mean()
    n = replicas_needed(10 * estimate(design.WORKLOAD).peak_read_qps, served)
    fixed = design.simulate_day(10, n)
    assert 0.65 < fixed.replica_utilization.max() < 0.75 and fixed.meets_slo


# --- a new region ---------------------------------------------------------------------------

def test_cross_region_rtt_is_notebook_01s_round_trip():
    assert design.CROSS_REGION_RTT_MS == pytest.approx(150.0)


def test_without_remote_users_the_day_is_unchanged(day):
    again = simulate_day(remote_share=0.0, rtt_ms=500.0)
    assert np.array_equal(again.latency_ms, day.latency_ms) and not again.remote.any()
    assert day.percentile(99, "home") == day.percentile(99)


def test_remote_users_pay_exactly_the_round_trip():
    far = simulate_day(1.5, remote_share=1 / 3)
    near = simulate_day(1.5, remote_share=1 / 3, rtt_ms=0.0)
    assert np.allclose(far.latency_ms - near.latency_ms,
                       np.where(far.remote, design.CROSS_REGION_RTT_MS, 0.0))
    assert abs(far.remote.mean() - 1 / 3) < 0.02


def test_new_region_from_home_misses_the_slo_by_the_round_trip():
    report = design.region_report()
    new, home = report.loc["new"], report.loc["home"]
    assert new["p99 (ms)"] >= design.CROSS_REGION_RTT_MS > design.SLO_MS
    assert new["p50 (ms)"] >= design.CROSS_REGION_RTT_MS and not new["meets SLO"]
    assert new["p99 (ms)"] - design.CROSS_REGION_RTT_MS < 10  # "a few milliseconds" more
    assert home["meets SLO"] and home["p99 (ms)"] < design.SLO_MS / 10
    # home serves 1.5x: its replicas pass the 70 % target but do not saturate
    assert 0.7 < home["busiest replica, busiest hour"] < 1.0
    assert report.loc["new", "replicas serving"] == design.REPLICAS


def test_regional_read_path_meets_the_slo_and_lags_by_half_a_round_trip():
    report = design.region_report(regional=True)
    assert report["meets SLO"].all()
    assert (report["p99 (ms)"] < design.SLO_MS / 10).all()
    new = report.loc["new"]
    hit = simulate_day(design.NEW_REGION_TRAFFIC).cache_hit.mean()
    assert new["replicas serving"] == replicas_needed(
        design.NEW_REGION_TRAFFIC * estimate(design.WORKLOAD).peak_read_qps, hit) == 2
    assert new["busiest replica, busiest hour"] < design.TARGET_UTILIZATION
    lag = time_to_fresh(60.0, 5.0 + design.CROSS_REGION_RTT_MS / 2)
    assert new["update shows after (s)"] == pytest.approx(lag)
    # the ocean adds well under a second; the TTL still dominates
    assert 0 < lag - report.loc["home", "update shows after (s)"] < 1
    assert 59 < lag < 61


@pytest.mark.parametrize("kwargs, name", [({"new_traffic": 0}, "new_traffic"),
                                          ({"rtt_ms": -1}, "rtt_ms")])
def test_region_report_rejects_bad_input(kwargs, name):
    with pytest.raises(ValueError, match=name):
        design.region_report(**kwargs)


def test_bad_region_and_remote_share_are_rejected(day):
    with pytest.raises(ValueError, match="region"):
        day.percentile(99, "mars")
    with pytest.raises(ValueError, match="remote_share"):
        simulate_day(remote_share=1.5)


def test_scale_is_the_day_over_the_sample(day):
    assert day.scale * design.SEARCHES == pytest.approx(
        design.WORKLOAD.daily_active_users * design.SEARCHES_PER_USER)


# --- the update path ------------------------------------------------------------------------

def _monte_carlo_stale(t, ttl, lag_ms, jitter_ms, n=200_000, seed=0):
    """Draw the story itself: the old entry expires at e, then reloads every TTL."""
    rng = np.random.default_rng(seed)
    expiry = rng.uniform(0, ttl, n)  # the old entry's expiry
    delay = (lag_ms + rng.exponential(jitter_ms, n)) / 1000  # replica gets the update
    last_reload = expiry + np.floor((t - expiry) / ttl) * ttl  # latest reload at or before t
    return np.mean((expiry > t) | (delay > last_reload))


@pytest.mark.parametrize("t, ttl, lag, jitter", [
    (0.5, 1.0, 5.0, 5.0), (1.2, 1.0, 300.0, 200.0), (30, 60, 5, 5), (70, 60, 20_000, 10_000),
    # the replica lags by more than a TTL: several reloads in a row bring old data back
    (25, 10, 60_000, 5), (61, 10, 60_000, 5), (65, 10, 60_000, 5), (3.7, 1.0, 2_000, 1_000),
])
def test_stale_share_matches_monte_carlo(t, ttl, lag, jitter):
    assert stale_share(t, ttl, lag, jitter) == pytest.approx(
        _monte_carlo_stale(t, ttl, lag, jitter), abs=0.005)


def test_stale_share_before_one_ttl_matches_the_closed_form():
    # t < TTL: P(e > t) + (1/TTL)·∫_0^t P(d > e) de, and for d = lag + Exp(jitter) that
    # integral is lag + jitter·(1 - exp(-(t - lag)/jitter)) once t > lag
    lag, jitter = 0.005, 0.005
    for t in (0.02, 1.0, 30.0, 59.0):
        exact = 1 - t / 60 + (lag + jitter * (1 - math.exp(-(t - lag) / jitter))) / 60
        assert stale_share(t, 60, 5, 5) == pytest.approx(exact, abs=1e-6)


def test_a_replica_behind_by_more_than_a_ttl_keeps_old_data_until_it_catches_up():
    # TTL 10 s, replica 60 s behind: every reload before 60 s is stale, so the old data
    # lasts about the delay, not two TTLs
    assert stale_share(25, 10, 60_000, 0) == pytest.approx(1.0)
    assert stale_share(65, 10, 60_000, 0) == pytest.approx(0.5, abs=0.01)
    assert stale_share(70.1, 10, 60_000, 0) == 0.0
    assert 69 < time_to_fresh(10, 60_000, 0) < 70


@given(st.floats(0.1, 100), st.floats(0, 1000), st.floats(0, 1000))
@settings(max_examples=30, deadline=None)
def test_stale_share_falls_from_one_to_zero(ttl, lag, jitter):
    times = np.linspace(0, 3 * ttl + (lag + 40 * jitter) / 1000, 50)
    shares = stale_share(times, ttl, lag, jitter)
    assert shares[0] == pytest.approx(1.0)
    assert np.all((shares >= -1e-12) & (shares <= 1 + 1e-12))
    assert np.all(np.diff(shares) <= 1e-9)


def test_without_lag_old_data_fades_linearly_over_one_ttl():
    t = np.array([0, 15, 30, 45, 60, 90])
    assert stale_share(t, 60, 0, 0) == pytest.approx([1, 0.75, 0.5, 0.25, 0, 0])


def test_time_to_fresh_is_about_one_ttl_at_the_defaults():
    fresh = time_to_fresh(60, 5, 5)
    assert 0.98 * 60 < fresh < 60  # the notebook: under 1 % after about one TTL
    assert stale_share(fresh, 60, 5, 5) < 0.01
    assert time_to_fresh(60, 20_000, 10_000) > 60  # a far-behind replica adds a TTL
    assert time_to_fresh(0.001, 5, 5) < 0.1  # no cache, healthy replicas: milliseconds


def test_stale_share_rejects_bad_input():
    with pytest.raises(ValueError, match="t_s"):
        stale_share(-1)
    with pytest.raises(ValueError, match="ttl_s"):
        stale_share(1, ttl_s=0)


def test_regional_rows_match_when_the_load_per_replica_matches():
    report = design.region_report(regional=True)
    # two replicas at 0.5x carry what four carry at 1x: the same day, the same latencies
    assert report.loc["new", "p99 (ms)"] == report.loc["home", "p99 (ms)"]
    assert report.loc["new", "busiest replica, busiest hour"] == pytest.approx(
        report.loc["home", "busiest replica, busiest hour"])


# --- bad input to the public helpers -----------------------------------------------------------

def test_percentile_of_a_region_without_searches_is_a_value_error(day):
    with pytest.raises(ValueError, match="'new' has no searches"):
        day.percentile(99, "new")
    everyone_far = simulate_day(remote_share=1.0)
    with pytest.raises(ValueError, match="'home' has no searches"):
        everyone_far.percentile(99, "home")


@pytest.mark.parametrize("t", [float("nan"), float("inf"), [1.0, float("nan")]])
def test_stale_share_rejects_non_finite_times(t):
    with pytest.raises(ValueError, match="t_s"):
        stale_share(t)


def test_time_to_fresh_rejects_bad_lag_clearly():
    with pytest.raises(TypeError, match="lag_ms"):
        time_to_fresh(60, "5")
    with pytest.raises(TypeError, match="jitter_ms"):
        time_to_fresh(60, 5, "5")


def test_measured_vs_estimated_needs_the_days_own_traffic():
    busy = simulate_day(10, 40)
    table = design.measured_vs_estimated(busy, 10)
    assert table.loc["average search QPS", "measured"] == pytest.approx(
        table.loc["average search QPS", "estimate"])
    with pytest.raises(ValueError, match="traffic must be the multiple the day ran at, 10"):
        design.measured_vs_estimated(busy)  # traffic 1 beside a day at 10x
    with pytest.raises(TypeError, match="traffic"):
        design.measured_vs_estimated(busy, "ten")
    with pytest.raises(TypeError, match="Day"):
        design.measured_vs_estimated("day")


def test_measured_vs_estimated_uses_the_days_replica_capacity(day):
    fast = simulate_day(replica_qps=4 * design.REPLICA_QPS)
    row = "replica utilisation, busiest hour"
    assert design.measured_vs_estimated(fast).loc[row, "estimate"] == pytest.approx(
        design.measured_vs_estimated(day).loc[row, "estimate"] / 4)
