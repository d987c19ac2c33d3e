import pytest
from cachetools import TTLCache
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from sysdesign.services import Registry, simulate, stale_window
from sysdesign.services.experiments import discovery


def test_registry_lists_only_fresh_heartbeats():
    r = Registry(ttl=10.0)
    r.heartbeat("a", 0.0)
    r.heartbeat("b", 5.0)
    assert r.live(10.0) == ["a", "b"]
    assert r.live(10.5) == ["b"]
    assert r.live(15.5) == []


@settings(max_examples=60, deadline=None)
@given(st.floats(0.5, 20), st.lists(st.tuples(st.sampled_from("abc"), st.floats(0, 50)),
                                   min_size=1, max_size=20), st.floats(0, 40))
def test_registry_agrees_with_cachetools_ttlcache(ttl, beats, wait):
    beats = sorted(beats, key=lambda b: b[1])
    probe = beats[-1][1] + wait
    # cachetools expires an item exactly at set time + ttl, we keep it: stay off that edge
    assume(all(abs(probe - (t + ttl)) > 1e-6 for _, t in beats))
    now = [0.0]
    cache = TTLCache(maxsize=100, ttl=ttl, timer=lambda: now[0])
    ours = Registry(ttl)
    for name, t in beats:
        now[0] = t
        cache[name] = t
        ours.heartbeat(name, t)
    now[0] = probe
    cache.expire()
    assert sorted(cache.keys()) == ours.live(probe)


@settings(max_examples=200, deadline=None)
@given(st.floats(0.1, 30), st.floats(0, 1), st.floats(0, 10), st.floats(0, 500))
def test_stale_window_is_ttl_minus_time_since_last_beat(heartbeat, phase_share, extra, death):
    ttl = heartbeat + extra
    phase = phase_share * heartbeat
    assume(death >= phase)
    window = stale_window(death, phase, heartbeat, ttl)
    assert ttl - heartbeat - 1e-9 <= window <= ttl + 1e-9


def test_mean_stale_window_is_ttl_minus_half_a_period():
    # death uniform relative to the heartbeat phase: E[window] = ttl - heartbeat / 2
    hb, ttl = 4.0, 10.0
    windows = [stale_window(100 + k / 1000 * hb, 0.0, hb, ttl) for k in range(1000)]
    assert sum(windows) / len(windows) == pytest.approx(ttl - hb / 2, abs=0.01)


@pytest.mark.parametrize("heartbeat, ttl, refresh", [(5.0, 15.0, 30.0), (30.0, 40.0, 5.0),
                                                     (30.0, 3.0, 60.0), (1.0, 60.0, 10.0)])
@pytest.mark.parametrize("seed", [1, 5])
def test_requests_reach_dead_instances_only_while_listed(heartbeat, ttl, refresh, seed):
    r = simulate(heartbeat=heartbeat, ttl=ttl, refresh=refresh, seed=seed)
    for mode, limit in (("server-side", r["listed_until"]), ("client-side", r["cached_until"])):
        for t, name in r["sent"][mode]:
            if name is not None and t >= r["death"][name]:
                assert t <= limit[name] + 1e-9, (mode, name, t)
        # brute force oracle: count dead hits again
        assert r["dead"][mode] == sum(1 for t, n in r["sent"][mode]
                                      if n is not None and t >= r["death"][n])


def test_client_side_caches_cost_more_dead_hits_and_shorter_ttl_fewer():
    base = discovery()
    assert base["dead"]["client-side"] > base["dead"]["server-side"] > 0
    assert discovery(ttl=6.0)["dead"]["server-side"] < base["dead"]["server-side"]
    assert base["dead_so_far"] == base["dead"]  # at_s = horizon counts everything


def test_faster_heartbeat_same_ttl_lengthens_the_stale_window_in_ratio():
    # mean window ttl - period / 2: 12.5 s at 5 s beats, 14.5 s at 1 s beats (same TTL 15 s)
    base = discovery()["dead"]["server-side"]
    fast = discovery(heartbeat=1.0)["dead"]["server-side"]
    assert fast > base
    assert fast / base == pytest.approx((15 - 0.5) / (15 - 2.5), rel=0.1)


def test_dead_hits_match_expected_rate_within_a_band():
    # each dead-but-listed second takes rate / (instances listed) requests on average
    total, expected = 0, 0.0
    for seed in range(8):
        r = simulate(seed=seed, refresh=1e9)
        total += r["dead"]["server-side"]
        for n in r["dying"]:
            lo, hi = r["death"][n], r["listed_until"][n]
            # listed instances at that time: survivors + every instance still listed
            listed = 6 + sum(1 for m in r["dying"] if r["listed_until"][m] >= (lo + hi) / 2)
            expected += 20.0 * (hi - lo) / listed
    assert total == pytest.approx(expected, rel=0.15)


def test_no_instance_listed_fails_requests_instead_of_crashing():
    r = simulate(heartbeat=30.0, ttl=1.0, horizon=60.0)
    assert r["unrouted"]["server-side"] > 0


def test_a_ttl_below_the_heartbeat_period_leaves_requests_without_an_instance():
    # the notebook's run (beats every 5 s, TTL 1 s): each healthy instance is listed a fifth
    # of the time, so with 6 to 10 instances the list is sometimes empty; at TTL 15 s never
    assert discovery()["unrouted"] == {"server-side": 0, "client-side": 0}
    r = discovery(ttl=1.0)
    # about P(no instance listed) = (4/5)^n per request: between (4/5)^10 and (4/5)^6
    share = r["unrouted"]["server-side"] / r["requests"]
    assert 0.8 ** 10 / 2 < share < 0.8 ** 6 * 2


@pytest.mark.parametrize("kwargs, name", [({"ttl": 0}, "ttl"), ({"heartbeat": -1}, "heartbeat"),
                                          ({"deaths": 10}, "deaths"), ({"rate": 0}, "rate")])
def test_bad_input_names_the_parameter(kwargs, name):
    with pytest.raises((ValueError, TypeError), match=name):
        simulate(**kwargs)


def test_stale_window_refuses_a_death_before_the_first_heartbeat():
    with pytest.raises(ValueError, match="death"):
        stale_window(death=1.0, phase=2.0, heartbeat=5.0, ttl=15.0)


@settings(max_examples=200, deadline=None)
@given(st.floats(0.5, 20), st.lists(st.tuples(st.sampled_from(["beat", "ask"]),
                                              st.sampled_from("abcd"), st.floats(0, 15)),
                                    min_size=1, max_size=40))
def test_live_list_gives_the_registrys_list_at_every_moment(ttl, steps):
    """The router's shortcut in simulate() lists exactly what the registry lists."""
    from sysdesign.services.discovery import LiveList

    plain, fast = Registry(ttl), Registry(ttl)
    view, now = LiveList(fast), 0.0
    for action, name, wait in steps:  # the clock only moves forward
        now += wait
        if action == "beat":
            plain.heartbeat(name, now)
            view.heartbeat(name, now)
        assert view.live(now) == plain.live(now)


@pytest.mark.parametrize("kwargs, name", [({"heartbeat": 0.0}, "heartbeat"),
                                          ({"heartbeat": -5.0}, "heartbeat"),
                                          ({"ttl": -1.0}, "ttl"),
                                          ({"death": float("nan")}, "death"),
                                          ({"death": float("inf")}, "death"),
                                          ({"phase": "0"}, "phase")])
def test_stale_window_bad_input_names_the_parameter(kwargs, name):
    # a zero period divided by zero; a negative one returned a window longer than the TTL
    args = {"death": 10.0, "phase": 0.0, "heartbeat": 5.0, "ttl": 15.0} | kwargs
    with pytest.raises((ValueError, TypeError), match=name):
        stale_window(**args)
