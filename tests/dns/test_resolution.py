"""Iterative resolution on core.events: hops, latency, caches, negative caching, and the
hit ratio against the closed form."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sysdesign.dns import resolution
from sysdesign.dns.resolution import CLIENT_MS, ROOT_MS, TLD_MS, World


def test_a_cold_lookup_walks_root_tld_authoritative_and_costs_their_round_trips():
    world = World(seed=4, jitter_ms=0.0)
    record = world.lookup(0, world.names[0])
    world.run()
    auth_ms = world.net.latency[0][world._node("auth site0.com")]
    assert [h.dst for h in record.hops][1::2] == ["root", "TLD .com", "auth site0.com",
                                                  "client 0"]
    assert record.latency == pytest.approx(2 * (CLIENT_MS + ROOT_MS + TLD_MS + auth_ms))
    assert record.where == "network" and record.rcode == "NOERROR"
    assert all(h.sent <= h.arrived for h in record.hops)


@pytest.mark.parametrize("warm, messages", [("cold", 8), ("TLD known", 6),
                                            ("domain known", 4), ("answer cached", 2)])
def test_each_cached_level_saves_one_round_trip(warm, messages):
    assert len(resolution.cold_lookup(warm=warm).hops) == messages


def test_the_second_lookup_in_a_domain_skips_root_and_tld():
    world = World(seed=0, n_domains=1, jitter_ms=0.0)
    world.lookup(0, world.names[0])
    world.run()
    second = world.lookup(1, world.names[1])
    world.run()
    assert [h.dst for h in second.hops] == ["recursive", "auth site0.com", "recursive",
                                            "client 1"]
    assert world.queries_to == {"root": 1, "tld": 1, "auth": 2}


def test_stub_hits_cost_nothing_and_recursive_hits_one_client_round_trip():
    world = World(seed=0, jitter_ms=0.0)
    name = world.names[0]
    world.lookup(0, name)
    world.run()
    again, other = world.lookup(0, name), world.lookup(1, name)
    world.run()
    assert (again.where, again.latency) == ("stub", 0.0)
    assert (other.where, other.latency) == ("recursive", 2 * CLIENT_MS)


def test_an_nxdomain_is_cached_for_the_negative_ttl_only_with_negative_caching():
    for on, where in ((True, "recursive"), (False, "network")):
        world = World(seed=0, negative_ttl_s=60, negative_caching=on, jitter_ms=0.0)
        gone = world.missing_name(3)
        world.lookup(0, gone)
        world.run()
        world.sim.advance(30_000)  # 30 s later, another client
        second = world.lookup(1, gone)
        world.run()
        assert second.rcode == "NXDOMAIN" and second.where == where
        if on:  # the cached "no" expires with its TTL (without negative caching there is none)
            world.sim.advance(29_000)  # 59 s after the first answer: still cached
            fourth = world.lookup(3, gone)
            world.run()
            world.sim.advance(2_000)  # past the negative TTL: asked again
            third = world.lookup(2, gone)
            world.run()
            assert (fourth.where, third.where) == ("recursive", "network")


def test_the_same_seed_gives_the_same_run_and_another_seed_another():
    a, b = resolution.run_workload(seed=5), resolution.run_workload(seed=5)
    c = resolution.run_workload(seed=6)
    assert np.array_equal(a.latency_ms, b.latency_ms) and np.array_equal(a.where, b.where)
    assert not np.array_equal(a.latency_ms, c.latency_ms)


@settings(max_examples=12, deadline=None)
@given(ttl=st.sampled_from([10.0, 60.0, 300.0, 3600.0]), alpha=st.floats(0, 1.5),
       seed=st.integers(0, 1000), stub=st.booleans())
def test_counts_add_up_and_no_answer_outlives_its_ttl(ttl, alpha, seed, stub):
    world = World(ttl_s=ttl, n_names=30, seed=seed, stub_cache=stub, jitter_ms=0.0)
    rng = np.random.default_rng(seed)
    times = np.sort(rng.uniform(0, 600_000, 150))
    names = rng.choice(world.names, 150, p=np.arange(1, 31) ** -alpha / np.sum(
        np.arange(1, 31) ** -alpha))
    for t, name in zip(times, names, strict=True):
        world.sim.at(float(t), world.lookup, int(rng.integers(10)), str(name))
    world.run()
    lookups = world.lookups
    assert all(x.end >= x.start for x in lookups)
    stubs = [s for s in world.stubs if s is not None]
    stub_hits = sum(s.hits for s in stubs)
    assert sum(s.hits + s.misses for s in stubs) == (len(lookups) if stub else 0)
    assert world.answers.hits + world.answers.misses == len(lookups) - stub_hits
    assert sum(x.where == "stub" for x in lookups) == stub_hits
    # Every cached answer was served before the authoritative answer it came from expired
    # (allowing the 2 ms the answer took to reach the client's stub).
    fetched: dict[str, list[float]] = {}
    for x in sorted(lookups, key=lambda x: x.end):
        if x.where == "network":
            fetched.setdefault(x.name, []).append(x.hops[-2].arrived)
    for x in lookups:
        if x.where in ("stub", "recursive"):
            served = x.start if x.where == "stub" else x.hops[0].arrived
            born = max(t for t in fetched[x.name] if t <= served)
            assert served < born + ttl * 1000 + CLIENT_MS + 1e-9


@pytest.mark.parametrize("ttl, alpha", [(10.0, 1.0), (300.0, 0.0), (300.0, 1.2),
                                        (3600.0, 0.8)])
def test_the_hit_ratio_matches_the_cold_start_closed_form(ttl, alpha):
    """The stub and recursive caches together hit exactly when one shared cache would."""
    run = resolution.run_workload(ttl_s=ttl, alpha=alpha, rate=3.0, duration_s=600.0,
                                  seed=11)
    assert run.hit_ratio == pytest.approx(run.theory_hit_ratio, abs=0.02)
    assert run.stub_hits + run.stub_misses == run.queries


def test_bad_input_names_the_parameter():
    with pytest.raises(ValueError, match="clients must be an integer >= 1"):
        World(clients=0)
    with pytest.raises(ValueError, match="warm must be one of"):
        resolution.cold_lookup(warm="lukewarm")
    with pytest.raises(ValueError, match="missing_share must be a fraction"):
        resolution.run_workload(missing_share=30)
