"""The design steps of notebook 29, each checked against its closed form or a simulation."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sysdesign import availability as av
from sysdesign import estimation as est
from sysdesign.performance import mm1, mm1_time_quantile
from sysdesign.scaling import from_base62, to_base62
from sysdesign.sharding import hash64, jump_hash
from sysdesign.url_shortener import (
    Design,
    code_choices,
    redirect_availability,
    redirect_status,
    resharding,
    scraper,
    shard_under_scrape,
)
from sysdesign.url_shortener import experiments as x
from sysdesign.url_shortener.design import links_for_hit_ratio

W = est.URL_SHORTENER
E = est.estimate(W)


# --- codes ---------------------------------------------------------------------------

def test_counter_codes_are_the_shortest_that_fit_ten_years():
    table = code_choices(W)
    length = table.loc["counter (ticket server), base 62", "symbols"]
    assert 62 ** (length - 1) < E.objects_stored <= 62 ** length
    assert length == 6  # prose: "6 symbols"


def test_a_snowflake_takes_eleven_symbols_and_round_trips():
    biggest = (1 << 63) - 1
    assert len(to_base62(biggest)) == 11 == code_choices(W).iloc[1]["symbols"]
    assert from_base62(to_base62(biggest)) == biggest
    assert len(to_base62(1 << 62)) == 11  # a Snowflake made today already has 11


def test_random_codes_collide_billions_of_times():
    n = E.objects_stored
    pairs = n * (n - 1) / 2 / 62**6  # the birthday count, written out
    text = code_choices(W).loc["random 6-symbol code", "colliding pairs expected"]
    assert float(text.replace(",", "")) == pytest.approx(pairs, rel=1e-3)
    assert pairs > 1e9


# --- resharding --------------------------------------------------------------------------

def _mod_n_moved(before, after):
    """Keys whose h mod before differs from h mod after: count residues mod lcm."""
    period = math.lcm(before, after)
    return sum(r % before != r % after for r in range(period)) / period


@pytest.mark.parametrize(("before", "after"), [(8, 10), (4, 5), (10, 8)])
def test_resharding_against_closed_forms(before, after):
    table = resharding(before, after, links=60_000)
    assert table.loc["mod-N", "links moved"] == pytest.approx(_mod_n_moved(before, after),
                                                            abs=0.01)
    assert table.loc["jump hash", "links moved"] == pytest.approx(
        1 - min(before, after) / max(before, after), abs=0.01)


def test_notebook_resharding_numbers():
    table = resharding(8, 10)
    assert table.loc["mod-N", "links moved"] == pytest.approx(0.8, abs=0.01)  # "four in five"
    assert table.loc["jump hash", "links moved"] == pytest.approx(0.2, abs=0.005)


def test_jump_partitioner_is_the_papers_jump_hash():
    from sysdesign.sharding import JumpPartitioner

    keys = np.arange(500, dtype=np.uint64)
    assert JumpPartitioner(10).assign(keys).tolist() == [jump_hash(hash64(int(k)), 10)
                                                        for k in keys]


# --- availability ----------------------------------------------------------------------

def test_availability_is_the_series_of_its_parts():
    table = redirect_availability()
    rows = table["availability"]
    assert rows.iloc[-1] == pytest.approx(av.series(*rows.iloc[:-1]))
    assert rows.iloc[1] == pytest.approx(av.k_of_n(3, 4, 0.999))
    # a primary and two replicas: compare unavailabilities (approx's default rel=1e-6 on
    # 1 - 1e-9 would also accept two copies' 1 - 1e-6)
    assert 1 - rows.iloc[2] == pytest.approx(0.001**3, rel=1e-3)


def test_availability_matches_a_monte_carlo_of_the_whole_path():
    lb, app, db = 0.98, 0.9, 0.92
    formula = redirect_availability(lb=lb, app=app, app_servers=4, app_needed=3, db=db,
                                    replicas=2)["availability"].iloc[-1]
    rng = np.random.default_rng(1)
    n = 400_000
    up = (rng.random(n) < lb) & ((rng.random((n, 4)) < app).sum(1) >= 3) & \
         (rng.random((n, 2)) < db).any(1)
    assert up.mean() == pytest.approx(formula, abs=4 * math.sqrt(formula * (1 - formula) / n))
    assert av.monte_carlo_availability([app] * 4, 3, trials=200_000) == pytest.approx(
        av.k_of_n(3, 4, app), abs=0.003)


def test_notebook_availability_numbers():
    table = redirect_availability()
    month = table["downtime per 30-day month"]
    assert month.iloc[-1] == "0:04:35"
    assert month.iloc[2] == "0:00:00"  # three copies: under a second a month
    lb_down, all_down = (1 - table["availability"].iloc[0]), (1 - table["availability"].iloc[-1])
    assert lb_down / all_down > 0.9  # "the load balancer sets most of it"


# --- 301 against 302 ----------------------------------------------------------------------

@settings(max_examples=25, deadline=None)
@given(clients=st.integers(1, 300), clicks=st.integers(1, 3_000), seed=st.integers(0, 50))
def test_301_reaches_the_server_once_per_browser_and_link(clients, clicks, seed):
    table = redirect_status(clients=clients, clicks=clicks, links=200, seed=seed)
    first = table.loc["301 Moved Permanently", "requests reaching the server"]
    assert 1 <= first <= min(clicks, clients * 200)
    assert table.loc["302 Found", "requests reaching the server"] == clicks
    assert table.loc["302 Found", "clicks counted"] == clicks
    assert table.loc["301 Moved Permanently", "clicks counted"] == first


def test_301_counts_unique_pairs_by_hand():
    from sysdesign.core.workloads import zipf_trace

    who = np.random.default_rng(3).integers(0, 40, 500)
    what = zipf_trace(500, 100, 0.8, seed=4)
    pairs = len({(int(a), int(b)) for a, b in zip(who, what, strict=True)})
    table = redirect_status(clients=40, clicks=500, links=100, seed=3)
    assert table.loc["301 Moved Permanently", "requests reaching the server"] == pairs


def test_notebook_redirect_numbers():
    table = redirect_status(clients=500, clicks=20_000)
    saved = 1 - table.loc["301 Moved Permanently", "requests reaching the server"] / 20_000
    assert 0.06 < saved < 0.075  # "about 7 %"


# --- rate limiting -----------------------------------------------------------------------

@settings(max_examples=25, deadline=None)
@given(rps=st.floats(20, 500), seconds=st.floats(1, 5), rate=st.floats(1, 15),
       burst=st.integers(1, 30))
def test_token_bucket_admits_burst_plus_refill(rps, seconds, rate, burst):
    admitted = scraper(rps=rps, seconds=seconds, limit_rate=rate, burst=burst)
    n = int(rps * seconds)
    last = (n - 1) / rps  # the last arrival's time
    assert admitted <= min(n, burst + rate * last + 1e-6)
    assert admitted >= min(n, burst + math.floor(rate * last) - 1)


def test_unlimited_scraper_gets_everything():
    assert scraper(rps=100, seconds=3, limited=False) == 300


def test_shard_under_scrape_is_mm1():
    assert shard_under_scrape(100, 50, 500) == pytest.approx(mm1_time_quantile(150, 500, 0.99))
    assert shard_under_scrape(300, 200, 500) is None
    # the p99 of an exponential time is ln(100) = 4.6 times its mean (prose)
    ratio = mm1_time_quantile(150, 500, 0.99) / mm1(150, 500).mean_time_in_system
    assert ratio == pytest.approx(math.log(100)) and round(ratio, 1) == 4.6


def test_notebook_scraping_numbers():
    table = x.scraping(Design(), rps=4_000, seconds=10)
    free, limited = table.iloc[0], table.iloc[1]
    assert free["scraper requests admitted"] == 40_000
    assert free["shard p99 (ms)"] == "overloaded" and free["shard utilisation"] == "129 %"
    assert free["reads/s per shard"] - limited["reads/s per shard"] == pytest.approx(
        500 - 119 / 10 / 8, abs=1)  # "adds 500 reads a second to every shard"
    assert limited["scraper requests admitted"] == 119


# --- the cache at full scale ---------------------------------------------------------------

@settings(max_examples=20, deadline=None)
@given(target=st.floats(0.05, 0.95))
def test_links_for_hit_ratio_inverts_01s_skew_model(target):
    n = links_for_hit_ratio(W, target)
    assert est.hot_share(E.objects_stored, W.zipf_alpha, n) == pytest.approx(target, abs=1e-6)


def test_01s_own_cache_rule_is_recovered():
    n = links_for_hit_ratio(W, E.cache_hit_ratio)
    assert n * W.object_size_bytes == pytest.approx(E.cache_memory, rel=1e-3)


def test_notebook_cache_numbers():
    table = x.cache_sizing(Design(cache_target=0.5))
    assert table.iloc[0]["links cached"].startswith("1,18")  # "1.18 billion links"
    assert table.iloc[0, 2] == "591 GB"
    lru, ideal = (int(table.iloc[i]["links cached"].replace(",", "")) for i in (2, 1))
    assert 2.3 < lru / ideal < 2.7  # "about 2.5 times"
    assert est.format_bytes(E.cache_memory) == "8.56 GB"


@settings(max_examples=30, deadline=None)
@given(links=st.integers(1, 3_000), alpha=st.floats(0.0, 1.5))
def test_the_ideal_sample_curve_is_06s_top_keys_curve(links, alpha):
    """cache_sizing's one cumsum equals 06's top_keys_hit_ratio at every size."""
    from sysdesign.caching import top_keys_hit_ratio
    from sysdesign.core.workloads import zipf_probabilities

    p = zipf_probabilities(links, alpha)
    assert np.array_equal(np.cumsum(np.sort(p)[::-1]),
                          top_keys_hit_ratio(p, np.arange(1, links + 1)))


def test_the_notebooks_ideal_sample_cache_is_read_from_06s_curve():
    from sysdesign.caching import top_keys_hit_ratio
    from sysdesign.core.workloads import zipf_probabilities

    curve = top_keys_hit_ratio(zipf_probabilities(50_000, W.zipf_alpha), np.arange(1, 50_001))
    ideal = int(np.searchsorted(curve, 0.5) + 1)
    assert x.cache_sizing(Design(cache_target=0.5)).iloc[1]["links cached"] == f"{ideal:,}"


def test_notebook_storage_numbers():
    per_copy = E.storage_total / W.replication_factor
    assert est.format_bytes(per_copy) == "18.3 TB"
    assert est.format_bytes(per_copy / 8) == "2.28 TB"


# --- bad input ---------------------------------------------------------------------------

@pytest.mark.parametrize(("call", "name"), [
    (lambda: resharding(0, 4), "before"),
    (lambda: resharding(4, 4, links=0), "links"),
    (lambda: redirect_availability(replicas=0), "replicas"),
    (lambda: redirect_status(clients=0), "clients"),
    (lambda: scraper(rps=0), "rps"),
    (lambda: shard_under_scrape(-1, 0, 10), "base_rate"),
    (lambda: shard_under_scrape(1, 1, 0), "service_rate"),
    (lambda: shard_under_scrape(0, 0, -5), "service_rate"),
    (lambda: links_for_hit_ratio(W, 1.0), "target"),
])
def test_bad_input_names_the_parameter(call, name):
    with pytest.raises(ValueError, match=name):
        call()


def test_notebook_data_model_runs_on_sqlite_by_primary_key():
    from sysdesign.scaling import Shortener

    links = Shortener(code_length=code_choices(W).iloc[0]["symbols"])
    code = links.shorten("https://example.com/a")
    assert code == "000001" and links.resolve(code) == "https://example.com/a"
    assert links.resolve("zzzzzz") is None  # "(HTTP 404)"
    assert "USING INTEGER PRIMARY KEY" in links.plan() and "SCAN" not in links.plan()
