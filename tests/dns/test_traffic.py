"""DNS as a traffic director: the splits round-robin, weighted and latency answers make."""

from __future__ import annotations

import numpy as np
import pytest

from sysdesign.dns import traffic
from sysdesign.dns.traffic import RTT_MS, WEIGHTS, split


def test_without_caching_each_policy_gives_its_ideal_split_every_minute():
    rr = split(policy="round robin", ttl_s=0)
    assert np.allclose(rr.per_bin, 1 / 3) and rr.lumpiness < 1e-9
    weighted = split(policy="weighted", ttl_s=0)
    assert np.allclose(weighted.shares, np.asarray(WEIGHTS) / sum(WEIGHTS))


def test_caching_makes_round_robin_lumpy_and_more_so_with_few_big_resolvers():
    even = split(policy="round robin", ttl_s=300, resolvers=60, skew=0.0)
    skewed = split(policy="round robin", ttl_s=300, resolvers=5, skew=2.0)
    assert 0 < even.lumpiness < skewed.lumpiness
    assert skewed.lumpiness > 0.3


def test_latency_answers_send_every_resolver_to_its_nearest_server():
    run = split(policy="latency", ttl_s=300, resolvers=30, seed=3)
    best = RTT_MS.min(axis=1)
    assert best.min() <= run.mean_rtt_ms <= best.max()
    assert run.mean_rtt_ms < split(policy="round robin", ttl_s=300, resolvers=30,
                                   seed=3).mean_rtt_ms


def test_weighted_answers_approach_the_weights_with_many_answers():
    run = split(policy="weighted", ttl_s=5, resolvers=60, skew=0.0, duration_s=3600)
    assert np.allclose(run.shares, np.asarray(WEIGHTS) / sum(WEIGHTS), atol=0.03)


def test_shares_add_up_and_runs_repeat():
    for policy in traffic.POLICIES:
        a, b = split(policy=policy, seed=4), split(policy=policy, seed=4)
        assert np.allclose(a.per_bin.sum(axis=1), 1) and a.shares.sum() == pytest.approx(1)
        assert np.array_equal(a.per_bin, b.per_bin)


def test_bad_input_names_the_parameter():
    with pytest.raises(ValueError, match="policy must be one of"):
        split(policy="random")
    with pytest.raises(ValueError, match="resolvers must be an integer >= 1"):
        split(resolvers=0)
