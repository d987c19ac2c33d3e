"""The claims the "Try it" answers of notebook 15 rest on."""

from sysdesign.core.exercises import evaluate, exercise
from sysdesign.geo import exercises, geohash


def test_15_1_sydney_by_hand_matches_encode():
    bits = exercises._bits(*exercises.SYDNEY)
    assert bits == "10111" + "00011"  # the solution's ten halvings
    assert exercises._spell(bits) == geohash.encode(*exercises.SYDNEY, 2) == "r3"
    south, west, north, east = geohash.bounds("r3")
    assert (south, west, north, east) == (-39.375, 146.25, -33.75, 157.5)
    assert 0.1 < north - exercises.SYDNEY[0] < 0.13  # "only 0.12° south of its edge"
    slips = exercise("15.1").known_wrong()
    assert len(slips) == 4 and "r3" not in slips
    assert all(evaluate("15.1", slip).status == "wrong" for slip in slips)


def test_15_3_width_not_height_limits_at_70_degrees():
    lat, side = exercises.ARCTIC
    assert exercise("15.3").answer() == geohash.precision_hiding(lat, side) == 5
    assert geohash.precision_hiding(0.0, side) == 6  # at the equator six would do
    width, height = geohash.cell_size(6, lat)
    assert height >= side > width and round(height) == 611 and round(width) == 418
