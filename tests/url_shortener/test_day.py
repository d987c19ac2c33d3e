"""The simulated day: its parts against production code and closed forms, and every
number notebook 29 states about it."""

import math

import numpy as np
import pytest
from cachetools import LRUCache
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from sysdesign import estimation as est
from sysdesign.caching import che_lru_hit_ratio
from sysdesign.core.workloads import zipf_probabilities, zipf_trace
from sysdesign.sharding import JumpPartitioner
from sysdesign.url_shortener import HOURS, Design, hour_shares, simulate_day
from sysdesign.url_shortener import experiments as x
from sysdesign.url_shortener.day import RTT_S

REQUESTS, LINKS = 100_000, 50_000


@pytest.fixture(scope="module")
def day():
    return simulate_day(Design(), requests=REQUESTS, links=LINKS, seed=0)


@pytest.fixture(scope="module")
def small():
    return simulate_day(Design(), requests=20_000, links=5_000, seed=3)


# --- the hours ---------------------------------------------------------------------------

@settings(max_examples=40, deadline=None)
@given(peak=st.floats(1.0, 12.0))
def test_hour_shares_have_the_asked_peak(peak):
    shares = hour_shares(peak)
    assert shares.sum() == pytest.approx(1.0)
    assert shares.max() * HOURS == pytest.approx(peak, rel=1e-6)
    assert np.all(shares > 0)


def test_a_peak_factor_of_one_is_a_flat_day():
    assert np.allclose(hour_shares(1.0), 1 / HOURS)


# --- the cache: production LRU and 06's closed form ------------------------------------------

def test_hits_equal_cachetools_lru_replaying_the_same_trace(small):
    warm = zipf_trace(2 * 20_000, 5_000, 0.8, seed=4)[20_000:]
    cache, hits = LRUCache(maxsize=small.cache_slots), []
    for i, key in enumerate(np.concatenate([warm, small.link]).tolist()):
        hit = key in cache
        if hit:
            cache[key]  # a read refreshes recency
        else:
            cache[key] = True
        if i >= 20_000:
            hits.append(hit)
    assert np.array_equal(np.array(hits), small.hit)


def test_hit_ratio_matches_ches_approximation(day):
    p = zipf_probabilities(LINKS, est.URL_SHORTENER.zipf_alpha)
    predicted = che_lru_hit_ratio(p, [day.cache_slots])[0]
    assert day.hit_ratio == pytest.approx(predicted, abs=0.01)


def test_cache_sized_on_yesterday_lands_near_the_target_today(day):
    assert 0.48 < day.hit_ratio < 0.5  # prose: 49.6 %, "just under the 50 % target"


# --- shards ------------------------------------------------------------------------------

def test_misses_go_to_the_jump_hash_shard(day):
    misses = ~day.hit
    assert np.array_equal(day.shard[misses],
                          JumpPartitioner(8).assign(day.link[misses]))
    assert np.all(day.shard[day.hit] == -1)


def test_each_shard_gets_its_share_of_misses(day):
    counts = np.bincount(day.shard[~day.hit], minlength=8)
    expected = counts.sum() / 8
    # misses are Zipf-weighted links, not uniform: allow a few percent around 1/8
    assert np.all(np.abs(counts / expected - 1) < 0.06)


def test_shard_peak_load_is_the_sample_scaled(day):
    peak = int(np.argmax(np.bincount(day.hour, minlength=HOURS)))
    in_peak = (day.hour == peak) & ~day.hit
    counts = np.bincount(day.shard[in_peak], minlength=8)
    assert np.allclose(day.shard_peak_qps, counts * day.scale / 3600)


# --- latency: 25's M/M/1 -------------------------------------------------------------------

def test_hit_latency_is_a_round_trip_plus_an_exponential_wait(day):
    rate = np.bincount(day.hour, minlength=HOURS) * day.scale / 3600
    mu = 1e3 / Design().cache_service_ms
    waits = day.latency_s[day.hit] - RTT_S
    u = 1 - np.exp(-(mu - rate[day.hour[day.hit]]) * waits)  # exponential CDF -> uniform
    assert stats.kstest(u, "uniform").pvalue > 0.001


def test_miss_latency_mean_matches_the_closed_form(day):
    d = Design()
    rate = np.bincount(day.hour, minlength=HOURS) * day.scale / 3600
    shard_rate = np.zeros((HOURS, 8))
    misses = ~day.hit
    np.add.at(shard_rate, (day.hour[misses], day.shard[misses]), day.scale / 3600)
    mean = (2 * RTT_S + 1 / (1e3 / d.cache_service_ms - rate[day.hour[misses]])
            + 1 / (1e3 / d.db_service_ms - shard_rate[day.hour[misses], day.shard[misses]]))
    assert day.latency_s[misses].mean() == pytest.approx(mean.mean(), rel=0.02)


def test_an_overloaded_shard_times_out():
    ten = x.day(traffic=10.0)
    assert np.all(ten.shard_peak_qps >= 500)  # "every shard goes red"
    assert 0.35 < ten.timed_out.mean() < 0.45  # "about 40 % of the requests time out"
    assert ten.latency_s[ten.timed_out].min() >= 1.0


# --- deterministic and scaled --------------------------------------------------------------

def test_same_seed_same_day(small):
    again = simulate_day(Design(), requests=20_000, links=5_000, seed=3)
    assert np.array_equal(again.latency_s, small.latency_s)


def test_remembered_parts_equal_a_fresh_computation():
    """The memos behind simulate_day (cache size, today's trace, today's hits) change no
    number: a day from cleared memos equals one from warm memos, field by field; the cache
    size ignores keyword order and design choices other than the target; and what a day
    holds is its own (writable) copy."""
    from sysdesign.url_shortener import cache_size
    from sysdesign.url_shortener import day as d

    designs = [Design(), Design(shards=3).scaled(4), Design(remote_share=0.3),
               Design(remote_share=0.3, regional_reads=True)]
    warm = [simulate_day(g, requests=5_000, links=1_000, seed=7) for g in designs]
    for memo in (d._cache_slots, d._hits_today, d._distances, d._today, d._yesterday):
        memo.cache_clear()
    for design, first in zip(designs, warm, strict=True):
        fresh = simulate_day(design, requests=5_000, links=1_000, seed=7)
        for name in ("cache_slots", "hour", "link", "hit", "shard", "latency_s", "timed_out",
                     "shard_qps", "remote", "remote_shard_qps"):
            assert np.array_equal(getattr(first, name), getattr(fresh, name)), name
        assert first.link.flags.writeable and first.hit.flags.writeable
    assert cache_size(Design(), requests=5_000, links=1_000, alpha=0.8, seed=7) == cache_size(
        Design(shards=3, remote_share=0.3), seed=7, alpha=0.8, links=1_000, requests=5_000)
    d._cache_slots.cache_clear()
    d._cache_slots(0.5, 5_000, 1_000, 0.8, 7)
    x.cache_sizing(Design(), requests=5_000, links=1_000, seed=7)
    simulate_day(Design(), requests=5_000, links=1_000, seed=7)
    assert d._cache_slots.cache_info().misses == 1  # sized once, whatever the call's order


@settings(max_examples=60, deadline=None)
@given(requests=st.integers(20, 400), links=st.integers(2, 300), alpha=st.floats(0.0, 1.5),
       seed=st.integers(0, 5), target=st.floats(0.02, 0.95))
def test_one_shared_pass_sizes_and_hits_as_the_readable_calls_do(requests, links, alpha,
                                                                  seed, target):
    """The cache size and today's hits, read from one stack-distance pass over yesterday
    then today, equal 06's size_for_hit_ratio on yesterday and hits_per_request on the
    day's cache (yesterday's second half, then today)."""
    from sysdesign.caching import hits_per_request, size_for_hit_ratio
    from sysdesign.url_shortener import day as d

    yesterday = zipf_trace(2 * requests, links, alpha, seed=seed + 1)
    today = zipf_trace(requests, links, alpha, seed=seed + 2)
    readable = size_for_hit_ratio(yesterday, target, warmup=requests)
    if readable is None:
        with pytest.raises(ValueError, match="cache_target"):
            d._cache_slots(target, requests, links, alpha, seed)
    else:
        assert d._cache_slots(target, requests, links, alpha, seed) == readable
    for slots in sorted({1, readable or 1, links // 2 + 1, links}):
        expected = hits_per_request("lru", np.concatenate([yesterday[requests:], today]),
                                    slots)[requests:]
        assert np.array_equal(d._hits_today(requests, links, alpha, seed, slots), expected)


def test_rates_are_the_estimate(day):
    e = est.estimate(est.URL_SHORTENER)
    assert day.scale == pytest.approx(1_000)
    assert day.hourly_qps().mean() == pytest.approx(e.read_qps)


# --- the numbers notebook 29 prints and states -----------------------------------------------

def test_notebook_day_numbers(day):
    r = day.report()
    m, e = r["measured"], r["estimate"]
    busiest = m["reads/s, busiest hour"] / e["reads/s, busiest hour"]
    assert abs(busiest - 1) < 0.01  # "within 1 %"
    assert m["shard reads/s at peak, mean"] == pytest.approx(e["shard reads/s at peak, mean"],
                                                             rel=0.01)
    assert 1.03 < m["shard reads/s at peak, busiest"] / e["shard reads/s at peak, busiest"] < 1.08
    assert 0.28 < m["busiest shard utilisation"] < 0.32  # "about 30 %"
    assert 1.0 < m["latency p50 (ms)"] < 1.1  # "about 1 ms", a fast miss
    assert day.hit_ratio < 0.5  # hits are just under half: the median is a miss
    assert 10.5 < m["latency p99 (ms)"] < 11.5  # "about 11 ms"
    assert m["requests timed out"] == 0


def test_busiest_hours_p99_is_two_round_trips_plus_the_misses_p98(day):
    """Prose: about half the requests are hits, so the p99 of all requests is a miss at
    the misses' p98: 1 ms of round trips plus ln(50) = 3.9 means of M/M/1's exponential
    time, mean 2 ms / (1 - rho) = 2.8 ms at rho = 0.29: about 12 ms in the busiest hour."""
    from sysdesign.url_shortener.plots import hourly_percentiles

    hour = day.busiest_hour
    miss = 1 - day.hit[day.hour == hour].mean()
    rho = day.shard_peak_qps.mean() / 500
    mean_ms = 2 / (1 - rho)
    assert round(mean_ms, 1) == 2.8 and round(math.log(miss / 0.01), 1) == 3.9
    predicted = 2 * RTT_S * 1e3 + math.log(miss / 0.01) * mean_ms
    assert hourly_percentiles(day, 99)[hour] == pytest.approx(predicted, rel=0.05)
    assert 11.5 < predicted < 12.5  # "about 12 ms"
    assert round(2 / mean_ms, 1) == 0.7  # "the read itself is 70 % of a miss's time"


def test_latency_by_hour_moves_by_a_few_milliseconds(day):
    from sysdesign.url_shortener.plots import hourly_percentiles

    p90, p99 = hourly_percentiles(day, 90), hourly_percentiles(day, 99)
    assert 1 < p99.max() - p99.min() < 5 and 0 < p90.max() - p90.min() < 5
    busiest = int(np.argmax(day.hourly_qps()))
    assert p99[busiest] > np.median(p99) and p90[busiest] > np.median(p90)


@pytest.mark.parametrize(("design", "low", "high"), [
    (Design(shards=16), 9.5, 10.5),  # "p99 about 10 ms"
    (Design(cache_target=0.8), 7.2, 8.2),  # "about 7.7 ms"
    (Design(db_service_ms=1.0), 5.0, 6.0),  # "about 5.5 ms"
])
def test_exercise_3_numbers(design, low, high):
    result = simulate_day(design, requests=REQUESTS, links=LINKS)
    assert low < result.percentile(99) * 1e3 < high


def test_shards_for_is_the_70_percent_rule():
    ten = Design().scaled(10)
    peak_misses = est.estimate(ten.workload).peak_read_qps * 0.5
    assert x.shards_for(ten) == math.ceil(peak_misses / 350) == 34


def test_meets_needs_no_timeouts_and_the_p99(day):
    assert x.meets(day, p99_ms=12) and not x.meets(day, p99_ms=10)
    assert not x.meets(x.day(traffic=10.0), p99_ms=10_000)


# --- bad input -----------------------------------------------------------------------------

@pytest.mark.parametrize(("make", "error", "name"), [
    (lambda: Design(shards=0), ValueError, "shards"),
    (lambda: Design(workload=1), TypeError, "workload"),
    (lambda: Design(cache_target=1.0), ValueError, "cache_target"),
    (lambda: Design(db_service_ms=0), ValueError, "db_service_ms"),
    (lambda: Design().scaled(0), ValueError, "traffic"),
    (lambda: simulate_day(requests=10), ValueError, "requests"),
    (lambda: simulate_day(Design(cache_target=0.99), requests=2_000, links=50_000),
     ValueError, "cache_target"),
    (lambda: hour_shares(30), ValueError, "peak_factor"),
])
def test_bad_input_names_the_parameter(make, error, name):
    with pytest.raises(error, match=name):
        make()


def test_exercise_1_solution_numbers():
    ten = Design().scaled(10)
    peak = est.estimate(ten.workload).peak_read_qps
    assert round(peak) == 23_148 and round(peak / 2) == 11_574
    assert round(peak / 2 / 350, 1) == 33.1
    assert round(1 - 8 / 34, 2) == 0.76


def test_the_day_meets_the_20_ms_requirement(day):
    assert x.meets(day, p99_ms=20.0)


def test_each_shards_busiest_hour_holds_about_500_sampled_misses(day):
    peak = int(np.argmax(np.bincount(day.hour, minlength=HOURS)))
    counts = np.bincount(day.shard[(day.hour == peak) & ~day.hit], minlength=8)
    assert np.all((430 < counts) & (counts < 570))  # "about 500": noise of 1/sqrt(500) ≈ 4.5 %


def test_panel_hours_night_is_about_a_sixth_of_the_peak():
    d = x.day()
    night = d.shard_qps[2].mean() / d.expected_shard_qps()
    assert 0.13 < night < 0.2  # "about a sixth"
    assert hour_shares(2.0)[2] / hour_shares(2.0)[14] == pytest.approx(0.173, abs=0.001)


def test_day_rejects_an_hour_outside_the_day():
    with pytest.raises(ValueError, match="hour"):
        x.day(hour=24)


@pytest.mark.parametrize("shards", [2.5, True, 0])
def test_day_rejects_shards_that_are_not_a_count(shards):
    """2.5 must not become 2 shards silently."""
    with pytest.raises(ValueError, match="shards"):
        x.day(shards=shards)


def test_a_rate_that_sums_to_mu_is_overloaded_not_a_huge_finite_wait():
    """1,000 requests over 50 links: each sampled miss is 100,000 / 3,600 reads a second, and
    18 of them in one hour at one shard sum to 500 = mu up to rounding. That shard is
    overloaded (the request times out after 1 s), not a queue with a wait of 1 / (mu - lambda)."""
    result = simulate_day(Design(), requests=1_000, links=50)
    assert result.latency_s.max() <= Design().timeout_ms / 1e3 + 1.0
    assert result.timed_out.any()


def test_a_region_without_sampled_requests_reports_nan_and_refuses_a_percentile():
    for regional in (False, True):
        result = simulate_day(Design(remote_share=1e-9, regional_reads=regional),
                              requests=1_000, links=50)
        assert not result.remote.any()
        report = result.report()
        assert np.isnan(report.loc["latency p99, new region (ms)", "measured"])
        assert report.loc["latency p99, home region (ms)", "measured"] > 0
        with pytest.raises(ValueError, match="no requests"):
            result.percentile(99, "new")
    with pytest.raises(ValueError, match="no requests"):
        x.day().percentile(99, "new")


def test_exercise_1_in_the_panel_the_busiest_shard_is_sampling_noise():
    """Solution 29.1: at 10x with 34 shards the panel's estimate says 68 % busy, its busiest
    shard measures about 92 % (about 50 sampled misses per shard in the peak hour); the
    notebook's larger sample brings it to about 80 %; the p99 sits near 20 ms."""
    panel = x.day(traffic=10.0, shards=34)
    r = panel.report()
    assert round(r.loc["busiest shard utilisation", "estimate"], 2) == 0.68
    assert round(panel.scale) == 25_000
    peak = panel.busiest_hour
    counts = np.bincount(panel.shard[(panel.hour == peak) & ~panel.hit], minlength=34)
    assert 45 < counts.mean() < 55  # "about 50 sampled misses"
    assert round(1 / math.sqrt(counts.mean()), 2) == 0.14  # "about 14 % of noise"
    measured = r.loc["busiest shard utilisation", "measured"]
    assert 0.89 < measured < 0.95  # "about 92 %"
    larger = simulate_day(Design(shards=34).scaled(10), requests=REQUESTS, links=LINKS)
    big = larger.report().loc["busiest shard utilisation", "measured"]
    assert 0.77 < big < 0.83 and big < measured  # "about 80 %"
    for result in (panel, larger):  # "the p99 there, about 20 ms"
        assert 18 < result.percentile(99) * 1e3 < 24 and not result.timed_out.any()
    rho = r.loc["shard reads/s at peak, mean", "estimate"] / 500
    assert round(2 / (1 - rho)) == 6 and round(1 - rho, 2) == 0.32  # "2 ms / 0.32 ≈ 6 ms"


def test_sqlite_bigint_primary_key_is_not_the_rowid():
    """Data model prose: only INTEGER PRIMARY KEY is the rowid; BIGINT PRIMARY KEY adds a
    separate unique index (the plan searches it, then the table)."""
    import sqlite3

    con = sqlite3.connect(":memory:")
    con.execute("CREATE TABLE a (id INTEGER PRIMARY KEY, url TEXT)")
    con.execute("CREATE TABLE b (id BIGINT PRIMARY KEY, url TEXT)")
    plan = {t: " ".join(row[-1] for row in con.execute(
        f"EXPLAIN QUERY PLAN SELECT url FROM {t} WHERE id = ?", (1,))) for t in "ab"}
    assert "USING INTEGER PRIMARY KEY" in plan["a"]
    assert "USING INDEX sqlite_autoindex_b_1" in plan["b"]
    indexes = {t: con.execute("SELECT count(*) FROM sqlite_master WHERE type = 'index' "
                              "AND tbl_name = ?", (t,)).fetchone()[0] for t in "ab"}
    assert indexes == {"a": 0, "b": 1}
