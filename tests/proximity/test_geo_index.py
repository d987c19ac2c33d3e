"""The SQLite geo index against notebook 15's geohash search over the same points."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sysdesign.geo import GeohashSearch, geohash
from sysdesign.proximity import GeoIndex, businesses, design
from sysdesign.proximity.geo_index import PRECISIONS


@pytest.fixture(scope="module")
def points():
    shops = businesses(3_000, seed=5)
    return shops["lat"].to_numpy(), shops["lon"].to_numpy()


@pytest.fixture(scope="module")
def index(points):
    return GeoIndex(*points)


def test_one_row_per_business_and_precision(index, points):
    assert index.rows == 4 * points[0].size


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 2_999), st.sampled_from([1_000, 2_000, 5_000, 20_000]))
def test_cells_hold_what_the_geohash_search_finds(index, points, i, radius):
    lat, lon = points[0][i], points[1][i]
    cells = geohash.cells_covering(lat, lon, radius)
    search = GeohashSearch(*points)
    expected = sorted(np.concatenate([search.ids_in(c) for c in cells]).tolist())
    assert index.ids_in(cells) == expected
    assert i in index.ids_in(cells)  # the point's own cell is among them


def test_plan_searches_the_primary_key(index):
    plan = index.plan(geohash.cells_covering(40.7128, -74.0060, 2_000))
    assert "SEARCH geo_index USING PRIMARY KEY (geohash=?)" in plan and "SCAN" not in plan


def test_bad_input(index):
    with pytest.raises(ValueError, match="cells"):
        index.ids_in([])
    with pytest.raises(TypeError, match="cells"):
        index.ids_in([42])
    with pytest.raises(ValueError, match="precisions"):
        GeoIndex([0.0], [0.0], precisions=(0,))
    with pytest.raises(ValueError, match="cells must have an indexed precision"):
        index.ids_in(["9q8yy"[:2]])
    for precisions in ((), (5, 5)):  # none, or one twice (each row would be stored twice)
        with pytest.raises(ValueError, match="precisions"):
            GeoIndex([0.0], [0.0], precisions=precisions)


def test_a_business_in_nested_cells_is_listed_once():
    index = GeoIndex([40.7128], [-74.0060])
    code = geohash.encode(40.7128, -74.0060, 6)
    assert index.ids_in([code[:3], code[:5], code]) == [0]


def _precisions_used(radius):
    return {len(geohash.cells_covering(lat, lon, radius)[0])
            for lat in np.linspace(-85, 85, 69) for lon in (-179.9, -74.0, 0.01, 120.3)}


@pytest.mark.parametrize("radius", design.RADII_M)
def test_the_app_radii_need_only_the_indexed_precisions_up_to_85_degrees(radius):
    # the notebook: "precisions 3 to 6, the ones these radii use up to 85 degrees"
    assert _precisions_used(radius) <= set(PRECISIONS)
    if radius == 20_000:  # nearer a pole the 20 km circle needs precision 2: not indexed
        assert len(geohash.cells_covering(89.0, 0.0, radius)[0]) == 2


def test_every_indexed_precision_is_used_by_some_radius():
    # ...and each of those four is needed somewhere: no precision is indexed for nothing
    assert set().union(*map(_precisions_used, design.RADII_M)) == set(PRECISIONS)
