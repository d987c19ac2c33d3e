"""Distances, the fibre floor and the assumed RTTs."""

import pytest

from sysdesign.cdn import geography as g
from sysdesign.cdn.experiments import rtt_table


def test_great_circle_distances_known_pairs():
    ny, frankfurt = g.SITES["New York"], g.SITES["Frankfurt"]
    assert g.great_circle_km(ny, frankfurt) == pytest.approx(6200, rel=0.01)
    assert g.great_circle_km(ny, ny) == 0.0


def test_fibre_floor_and_rtts():
    assert g.fibre_floor_ms(200_000 / 2) == pytest.approx(1000.0)  # 100,000 km each way
    for region in g.REGIONS:
        floor = g.fibre_floor_ms(g.great_circle_km(g.SITES[region], g.SITES[g.ORIGIN]))
        assert g.rtt_ms(region, g.ORIGIN) == pytest.approx(floor * g.STRETCH)
        assert g.rtt_ms(region, g.ORIGIN, stretch=1) == pytest.approx(floor)
    table = rtt_table()
    assert (table["assumed RTT to origin (ms)"] >= table["fibre floor (ms)"]).all()


def test_bad_input():
    with pytest.raises(ValueError, match="stretch"):
        g.rtt_ms("Sydney", g.ORIGIN, stretch=0.5)
    with pytest.raises(ValueError, match="a must be one of"):
        g.rtt_ms("Mars", g.ORIGIN)
    with pytest.raises(ValueError, match="distance_km"):
        g.fibre_floor_ms(-1)
