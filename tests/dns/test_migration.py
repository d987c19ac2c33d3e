"""Moving an address: the simulation against the renewal model and its closed forms."""

from __future__ import annotations

import numpy as np
import pytest

from sysdesign.dns import experiments, migration

RATE = 1 / 60


@pytest.mark.parametrize("old_ttl, new_ttl, lead", [
    (86_400, 300, 0), (86_400, 300, 3600), (86_400, 300, 86_400), (3600, 60, 120),
    (3600, 60, 1800), (300, 300, 5000)])
def test_simulation_follows_the_renewal_model(old_ttl, new_ttl, lead):
    run = migration.simulate(old_ttl=old_ttl, new_ttl=new_ttl, lead=lead, rate=RATE,
                             resolvers=4000, seed=2)
    assert np.abs(run.old - run.theory).max() < 0.04


def test_not_lowering_is_a_straight_line_over_the_old_ttl():
    t = np.array([0, 21_600, 43_200, 86_400, 90_000])
    share = migration.old_share(t, old_ttl=86_400, new_ttl=86_400, lead=0, rate=RATE)
    expected = np.clip(86_400 - t, 0, None) / (86_400 + 60)
    assert np.allclose(share, expected)


def test_lowering_a_full_old_ttl_ahead_leaves_only_the_new_ttl():
    t = np.array([0.0, 150.0, 299.0, 301.0])
    share = migration.old_share(t, old_ttl=86_400, new_ttl=300, lead=86_400 + 3600, rate=RATE)
    expected = np.clip(300 - t, 0, None) / (300 + 60)
    assert np.allclose(share, expected, atol=0.01)


def test_lowering_late_barely_helps():
    late = migration.old_share(7200.0, old_ttl=86_400, new_ttl=300, lead=3600, rate=RATE)
    never = migration.old_share(7200.0, old_ttl=86_400, new_ttl=86_400, lead=0, rate=RATE)
    assert late == pytest.approx((86_400 - 10_800) / (86_400 + 60), abs=0.005)
    assert never - late < 0.05


def test_time_to_drain():
    assert experiments.time_to_drain(86_400, 300, 0) > 80_000
    assert experiments.time_to_drain(86_400, 300, 86_400) < 301


def test_the_same_seed_repeats_exactly():
    a = migration.simulate(lead=3600, seed=9)
    b = migration.simulate(lead=3600, seed=9)
    assert np.array_equal(a.old, b.old) and a.fetches == b.fetches


def test_bad_input_names_the_parameter():
    with pytest.raises(ValueError, match="new_ttl must be a number > 0"):
        migration.old_share(0.0, old_ttl=60, new_ttl=0, lead=0, rate=RATE)
    with pytest.raises(ValueError, match="lead must be a number >= 0"):
        migration.simulate(lead=-1)
    with pytest.raises(ValueError, match="times must be"):
        migration.simulate(times=[5.0, 1.0])
