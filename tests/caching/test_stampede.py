"""The stampede on the event engine: an unprotected expiry costs 1 + rate × load time
database reads (the closed form), coalescing one, refresh-ahead and early expiration keep
the key from expiring at all."""

from __future__ import annotations

import numpy as np
import pytest

from sysdesign.caching import MODES, expected_stampede_reads
from sysdesign.caching.stampede import HIT, MISS, WAIT, stampede


@pytest.mark.parametrize("rate, load", [(2.0, 20.0), (0.5, 30.0), (5.0, 4.0)])
def test_an_unprotected_expiry_costs_one_plus_rate_times_load_reads(rate, load):
    run = stampede("no protection", rate_per_ms=rate, load_ms=load, ttl_ms=100.0,
                   duration_ms=60_000.0, seed=3)
    per_expiry = run.db_reads / len(run.expiries)
    assert per_expiry == pytest.approx(expected_stampede_reads(rate, load), rel=0.05)
    assert run.waited == run.db_reads  # every miss loads for itself


def test_coalescing_reads_once_per_expiry_and_the_others_wait():
    run = stampede("coalescing", duration_ms=20_000.0, seed=2)
    assert run.db_reads == len(run.expiries) and run.peak_loads == 1
    assert np.sum(run.served == MISS) == run.db_reads
    assert np.sum(run.served == WAIT) > run.db_reads  # they waited instead of loading
    waits = run.latencies_ms[run.served == WAIT]
    assert waits.max() <= run.load_ms + 1.0  # nobody waits longer than one load


def test_refresh_ahead_and_early_expiration_keep_a_busy_key_from_expiring():
    for mode in ("refresh-ahead", "early expiration"):
        run = stampede(mode, duration_ms=20_000.0, seed=5)
        assert run.expiries == [], mode
    refresh = stampede("refresh-ahead", duration_ms=20_000.0, seed=5)
    assert refresh.waited == 0 and refresh.peak_loads == 1
    # One background read per refresh: the entry lives refresh_at × TTL plus a load.
    cycles = 20_000.0 / (0.5 * 100.0 + 20.0)
    assert refresh.db_reads == pytest.approx(cycles, rel=0.05)


def test_every_mode_sees_the_same_requests_and_answers_each_once():
    runs = {mode: stampede(mode, seed=1) for mode in MODES}
    arrivals = [run.arrivals.tolist() for run in runs.values()]
    assert all(a == arrivals[0] for a in arrivals)
    for run in runs.values():
        assert set(np.unique(run.served)) <= {HIT, MISS, WAIT}
        assert np.all(run.latencies_ms >= 1.0)  # at least the cache round trip


def test_a_slow_refresh_lets_the_entry_expire():
    # refresh_at × TTL + load > TTL: the reload lands after the expiry, so readers miss.
    run = stampede("refresh-ahead", ttl_ms=50.0, load_ms=40.0, duration_ms=5_000.0)
    assert run.expiries and run.waited > 0


def test_bad_input_is_explained():
    with pytest.raises(ValueError, match="mode"):
        stampede("locks")
    with pytest.raises(ValueError, match="rate_per_ms"):
        stampede(rate_per_ms=0)
    with pytest.raises(ValueError, match="refresh_at"):
        stampede("refresh-ahead", refresh_at=1.0)


def test_scrubbing_through_time_counts_what_has_happened_so_far():
    from sysdesign.caching import experiments

    runs = experiments.stampede()
    for run in runs.values():
        start, end = run.until(-1.0), run.until(run.duration_ms)
        assert start == {"reads": 0, "peak": 0, "requests": 0, "waited": 0}
        assert end == {"reads": run.db_reads, "peak": run.peak_loads,
                       "requests": run.requests, "waited": run.waited}
        moments = np.linspace(0, run.duration_ms, 9)
        for field in end:  # nothing that happened un-happens
            counts = [run.until(t)[field] for t in moments]
            assert counts == sorted(counts), field
    # Before the first expiry, an unprotected key has not been read at all.
    first_expiry = runs["no protection"].expiries[0]
    assert runs["no protection"].until(first_expiry - 1e-9)["reads"] == 0
    with pytest.raises(ValueError, match="at_ms"):
        experiments.stampede(at_ms=experiments.STAMPEDE_MS + 1)
