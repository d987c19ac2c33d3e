"""Skewed clocks and last-writer-wins: the simulated rate against the closed form."""

import math

import numpy as np
import pytest

from sysdesign.replication.clocks import later_write_loses, race
from sysdesign.replication.experiments import cap_scenario, skew_losses


def test_closed_form_is_the_triangular_tail():
    # The difference of two uniform(-s, s) offsets, integrated numerically.
    rng = np.random.default_rng(0)
    s = 50.0
    diff = rng.uniform(-s, s, 400_000) - rng.uniform(-s, s, 400_000)
    for gap in (0.0, 10.0, 37.0, 99.0, 100.0, 150.0):
        assert later_write_loses(s, gap) == pytest.approx(np.mean(diff > gap), abs=3e-3)
    assert later_write_loses(s, 0.0) == 0.5 and later_write_loses(0.0, 5.0) == 0.0
    with pytest.raises(ValueError, match="gap"):
        later_write_loses(10.0, -1.0)


@pytest.mark.parametrize("gap", [0.0, 10.0, 16.0, 60.0])
def test_simulated_races_match_the_formula(gap):
    runs = 400
    result = race(50.0, gap, runs=runs)
    p = later_write_loses(50.0, gap)
    assert result["formula"] == p
    assert abs(result["share"] - p) <= 4 * math.sqrt(p * (1 - p) / runs) + 1e-9


def test_cp_writes_never_lose_to_clocks():
    assert race(50.0, 0.0, runs=100, mode="cp")["later lost"] == 0


def test_the_cap_story_loses_its_last_write_exactly_when_the_clocks_say():
    # Last-writer-wins keeps the highest stamp, and an AP stamp is the node's clock: v4
    # (node 1, the last write) is lost when v3's or v2's stamp is higher than its own.
    runs = 60
    measured = skew_losses(50.0, runs=runs)
    expected = 0
    for seed in range(runs):
        c = cap_scenario("ap", heal=True, skew=50.0, seed=seed)
        stamp = {op.value: op.version.stamp for op in c.history if op.kind == "write"}
        start = {op.value: op.start for op in c.history if op.kind == "write"}
        assert stamp["v4"] == pytest.approx(start["v4"] + c.clock_offset[1])
        expected += stamp["v4"] < max(stamp["v2"], stamp["v3"])
    assert measured["v4 lost"] == expected > 0
    assert cap_scenario("ap", heal=True, seed=0).values("x") == ["v4"] * 3  # no skew: v4 wins
