"""The CDN simulation: closed forms, invariants, determinism."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sysdesign.cdn import geography, simulate, tiers
from sysdesign.core.workloads import zipf_probabilities
from sysdesign.dns.cache import zipf_hit_ratio

RTTS = {"a": (10.0, 80.0), "b": (10.0, 150.0), "c": (10.0, 300.0)}


def test_pull_hit_ratio_matches_the_ttl_closed_form():
    # Long run (40 TTLs) so the cold start barely matters; 3 edges x ~24,000 requests.
    run = simulate(rtts=RTTS, n_objects=100, alpha=0.8, rate=2.0, ttl=60.0,
                   churn_per_hour=0, duration=12_000.0, seed=1)
    expected = zipf_hit_ratio(zipf_probabilities(100, 0.8), 2.0, 60.0)
    assert run.hit_ratio == pytest.approx(expected, abs=0.01)
    assert tiers.edge_hit_ratio(zipf_probabilities(100, 0.8), 2.0, 60.0) == expected


def test_shield_origin_rate_matches_its_closed_form():
    p = zipf_probabilities(50, 1.0)
    for shield in (False, True):
        run = simulate(rtts=RTTS, n_objects=50, alpha=1.0, rate=1.0, ttl=30.0,
                       churn_per_hour=0, duration=9_000.0, shield=shield, seed=2)
        expected = tiers.catalogue_origin_rate(p, 1.0, 30.0, edges=3, shield=shield)
        assert run.origin_fetches / run.duration == pytest.approx(expected, rel=0.04)


def test_origin_rate_limits():
    assert tiers.origin_rate(1e9, 60, edges=8, shield=True) == pytest.approx(1 / 60)
    assert tiers.origin_rate(1e9, 60, edges=8) == pytest.approx(8 / 60)
    assert tiers.origin_rate(1.0, 0, edges=3) == 3.0  # TTL 0: every request goes through
    with pytest.raises(ValueError, match="edges"):
        tiers.origin_rate(1.0, 60, edges=0)


settings_ = settings(max_examples=25, deadline=None)
workload = dict(ttl=st.floats(1.0, 300.0), alpha=st.floats(0.0, 1.4),
                churn=st.floats(0.0, 60.0), seed=st.integers(0, 2**16))


@settings_
@given(**workload)
def test_pull_invariants(ttl, alpha, churn, seed):
    run = simulate(rtts=RTTS, n_objects=30, alpha=alpha, rate=0.5, ttl=ttl,
                   churn_per_hour=churn, duration=300.0, seed=seed)
    assert run.hits + run.misses == run.requests == run.region_requests.sum()
    assert run.max_age_served <= ttl  # never older than the TTL
    assert run.max_out_of_date <= ttl
    assert run.origin_fetches == run.misses


@settings_
@given(**workload, shield=st.booleans())
def test_shield_never_raises_origin_load_and_age_stays_within_ttl(ttl, alpha, churn, seed,
                                                                  shield):
    common = dict(rtts=RTTS, n_objects=30, alpha=alpha, rate=0.5, ttl=ttl,
                  churn_per_hour=churn, duration=300.0, seed=seed)
    without, with_ = simulate(**common), simulate(shield=True, **common)
    assert with_.origin_fetches <= without.origin_fetches
    assert with_.max_age_served <= ttl
    assert with_.requests == without.requests  # the same requests, seeded


@settings_
@given(**workload, pushed=st.integers(0, 30))
def test_push_misses_only_objects_it_did_not_push(ttl, alpha, churn, seed, pushed):
    run = simulate(mode="push", rtts=RTTS, n_objects=30, alpha=alpha, rate=0.5, ttl=ttl,
                   churn_per_hour=churn, duration=300.0, pushed=pushed, record=True,
                   seed=seed)
    assert all((s.tier == "edge") == (s.key < pushed) for s in run.trace)
    assert run.storage == pytest.approx(pushed * len(RTTS))
    if pushed == 30:
        assert run.misses == 0


@given(seed=st.integers(0, 2**16))
@settings(max_examples=5, deadline=None)
def test_deterministic_per_seed(seed):
    def go():
        return simulate(rtts=RTTS, n_objects=20, rate=0.5, duration=200.0, shield=True,
                        record=True, seed=seed).trace
    assert go() == go()


def test_latency_reflects_region_rtts():
    rtts = geography.region_rtts()
    run = simulate(rtts=rtts, ttl=1e-6, duration=100.0, churn_per_hour=0)  # all misses
    assert run.hit_ratio == 0.0
    for k, region in enumerate(run.regions):
        assert run.mean_latency_ms()[k] == pytest.approx(sum(rtts[region]))


def test_bad_input_names_the_parameter():
    with pytest.raises(ValueError, match="mode"):
        simulate(mode="both", rtts=RTTS)
    with pytest.raises(ValueError, match="ttl"):
        simulate(rtts=RTTS, ttl=0)
    with pytest.raises(ValueError, match="pushed"):
        simulate(mode="push", rtts=RTTS, n_objects=5, pushed=6)
    with pytest.raises(TypeError, match="rtts"):
        simulate(rtts=[])
    with pytest.raises(TypeError, match="pair"):
        simulate(rtts={"a": 80.0})
    with pytest.raises(ValueError, match=r"rtts\['a'\]\[1\]"):
        simulate(rtts={"a": (10.0, -1.0)})
