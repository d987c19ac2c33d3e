"""Geohash: published vectors, edge rules, properties, and cross-checks with two libraries.

The fast twins (``encode_many`` and friends in ``_fast.py``) are held equal to the
readable functions in test_fast.py.
"""

from __future__ import annotations

import math

import geohash as python_geohash  # python-geohash
import numpy as np
import pygeohash
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sysdesign.geo import geohash

PRECISIONS = range(1, 13)
lats = st.floats(-90, 90, allow_nan=False)
lons = st.floats(-180, 180, allow_nan=False)
precisions = st.integers(1, 12)
FAST = settings(max_examples=150, deadline=None)


def random_points(n, seed):
    rng = np.random.default_rng(seed)
    return rng.uniform(-90, 90, n), rng.uniform(-180, 180, n)


# --- published vectors -------------------------------------------------------------------

@pytest.mark.parametrize("lat, lon, code", [
    (42.6, -5.6, "ezs42"),                 # Wikipedia's worked example
    (57.64911, 10.40744, "u4pruydqqvj"),   # Wikipedia / geohash.org
    (45.37, -121.7, "c216ne"),             # geohash.org/c216ne (Mount Hood)
    (0.0, 0.0, "s0000"),
    (-90.0, -180.0, "000000000000"),
])
def test_published_vectors(lat, lon, code):
    assert geohash.encode(lat, lon, len(code)) == code
    assert geohash.encode_many([lat], [lon], len(code))[0] == code
    south, west, north, east = geohash.bounds(code)
    assert south <= lat < north and west <= lon < east


def test_decode_published_centre():
    assert geohash.decode("ezs42") == (42.60498046875, -5.60302734375)
    lat, lon = geohash.decode("u4pruydqqvj")
    assert abs(lat - 57.64911) < 1e-5 and abs(lon - 10.40744) < 1e-5


def test_default_precision_is_nine():
    assert len(geohash.encode(1.0, 2.0)) == 9


# --- edges and poles -----------------------------------------------------------------------

def test_plus_180_is_the_same_meridian_as_minus_180():
    for p in PRECISIONS:
        assert geohash.encode(12.5, 180, p) == geohash.encode(12.5, -180, p)
    assert geohash.encode(12.5, 180, 12) == python_geohash.encode(12.5, 180.0, 12)


def test_north_pole_is_in_the_top_row():
    for p in PRECISIONS:
        code = geohash.encode(90, 0, p)
        south, _, north, _ = geohash.bounds(code)
        assert north == 90.0 and "n" not in geohash.neighbors(code)
        assert geohash.encode(-90, 0, p) == geohash.encode(-89.9999999999, 0, p)


def test_point_on_a_dividing_line_goes_north_and_east():
    for p in PRECISIONS:
        code = geohash.encode_many([31.0], [-71.0], p)[0]
        south, west, north, east = geohash.bounds(code)
        for lat, lon in [(south, west), (south, (west + east) / 2), ((south + north) / 2, west)]:
            assert geohash.encode(lat, lon, p) == code
            assert geohash.encode_many([lat], [lon], p)[0] == code
            assert python_geohash.encode(lat, lon, p) == code
        just_below = math.nextafter(south, -math.inf)
        just_west = math.nextafter(west, -math.inf)
        neighbours = geohash.neighbors(code)
        assert geohash.encode(just_below, west, p) == neighbours["s"]
        assert geohash.encode(south, just_west, p) == neighbours["w"]
        assert geohash.encode_many([just_below, south], [west, just_west], p).tolist() == [
            neighbours["s"], neighbours["w"]]


# --- cross-checks with python-geohash and pygeohash ---------------------------------------------

def test_encode_matches_both_libraries_at_every_precision():
    lats, lons = random_points(30_000, seed=1)
    for p in PRECISIONS:
        ours = geohash.encode_many(lats, lons, p).tolist()
        assert ours == [python_geohash.encode(a, b, p) for a, b in zip(lats, lons, strict=True)]
        assert ours == [pygeohash.encode(a, b, p) for a, b in zip(lats, lons, strict=True)]


def test_readable_encode_matches_both_libraries():
    lats, lons = random_points(1_500, seed=2)
    for p in (1, 4, 7, 9, 12):
        ours = [geohash.encode(a, b, p) for a, b in zip(lats, lons, strict=True)]
        assert ours == [python_geohash.encode(a, b, p) for a, b in zip(lats, lons, strict=True)]
        assert ours == [pygeohash.encode(a, b, p) for a, b in zip(lats, lons, strict=True)]


def test_decode_and_bounds_match_both_libraries_at_every_precision():
    lats, lons = random_points(20_000, seed=3)
    for p in PRECISIONS:
        for code in geohash.encode_many(lats[:1_700], lons[:1_700], p):
            assert geohash.decode(code) == python_geohash.decode(code)
            exact = pygeohash.decode_exactly(code)
            assert geohash.decode(code) == (exact.latitude, exact.longitude)
            box = python_geohash.bbox(code)
            assert geohash.bounds(code) == (box["s"], box["w"], box["n"], box["e"])
            other = pygeohash.get_bounding_box(code)
            assert geohash.bounds(code) == (other.min_lat, other.min_lon,
                                            other.max_lat, other.max_lon)


def _pygeohash_neighbours(code):
    """The 8 neighbours through pygeohash's 4 directions; none beyond a pole."""
    found = set()
    for vertical in ("top", None, "bottom"):
        try:
            row = pygeohash.get_adjacent(code, vertical) if vertical else code
        except ValueError:  # beyond a pole
            continue
        found |= {pygeohash.get_adjacent(row, "left"), pygeohash.get_adjacent(row, "right")}
        if vertical:
            found.add(row)
    return found


def test_neighbours_match_both_libraries_at_every_precision():
    lats, lons = random_points(12_000, seed=4)
    for p in PRECISIONS:
        codes = set(geohash.encode_many(lats[:1_000], lons[:1_000], p).tolist())
        # Every cell on the poles and the antimeridian, where wrapping and omission happen.
        codes |= {geohash.encode(lat, lon, p) for lat in (-90, 90) for lon in (-180, 179.999)}
        codes |= {geohash.encode(lat, -180, p) for lat in (-45, 0, 45)}
        for code in codes:
            ours = geohash.neighbors(code)
            assert set(ours.values()) == set(python_geohash.neighbors(code))
            assert set(ours.values()) == _pygeohash_neighbours(code)


def test_neighbour_directions_at_the_antimeridian_and_pole():
    ne = geohash.encode(89.99, 179.99, 3)
    around = geohash.neighbors(ne)
    assert set(around) == {"e", "se", "s", "sw", "w"}
    assert geohash.bounds(around["e"])[1] == -180.0  # wraps to the westmost column
    assert geohash.neighbors("ezs42") == {
        "n": "ezs48", "ne": "ezs49", "e": "ezs43", "se": "ezs41",
        "s": "ezs40", "sw": "ezefp", "w": "ezefr", "nw": "ezefx"}


# --- properties -----------------------------------------------------------------------------

@FAST
@given(lats, lons, precisions)
def test_decoded_centre_is_in_the_cell_and_within_half_a_cell(lat, lon, p):
    code = geohash.encode(lat, lon, p)
    south, west, north, east = geohash.bounds(code)
    c_lat, c_lon = geohash.decode(code)
    assert south <= c_lat <= north and west <= c_lon <= east
    lon = -180.0 if lon == 180 else lon
    assert south <= lat <= north and west <= lon < east
    assert lat < north or north == 90.0
    assert abs(c_lat - lat) <= (north - south) / 2
    assert abs(c_lon - lon) <= (east - west) / 2


@FAST
@given(lats, lons, precisions)
def test_shorter_codes_are_prefixes(lat, lon, p):
    assert geohash.encode(lat, lon, 12).startswith(geohash.encode(lat, lon, p))


@FAST
@given(lats, lons, precisions)
def test_each_neighbour_shares_an_edge_or_corner(lat, lon, p):
    code = geohash.encode(lat, lon, p)
    south, west, north, east = geohash.bounds(code)
    around = geohash.neighbors(code)
    assert len(set(around.values())) == len(around)  # 8 (or 5 at a pole row), all different
    for direction, other in around.items():
        assert other != code and len(other) == p
        s2, w2, n2, e2 = geohash.bounds(other)
        d_row, d_col = geohash.DIRECTIONS[direction]
        assert (s2, n2) == {1: (north, north + (north - south)), 0: (south, north),
                            -1: (south - (north - south), south)}[d_row]
        width = east - west
        expected_west = (west + d_col * width + 180.0) % 360.0 - 180.0
        assert math.isclose(w2, expected_west, abs_tol=1e-9) and math.isclose(e2 - w2, width)


@FAST
@given(lats, lons, precisions)
def test_steps_rebuild_the_code(lat, lon, p):
    bits = "".join(str(step.decision) for step in geohash.steps(lat, lon, p))
    code = "".join(geohash.BASE32[int(bits[i:i + 5], 2)] for i in range(0, len(bits), 5))
    assert code == geohash.encode(lat, lon, p)


def test_steps_table_spells_the_code():
    table = geohash.steps_table(42.6, -5.6, 2)
    assert list(table["axis"][:3]) == ["lon", "lat", "lon"]
    assert [c for c in table["character"] if c] == ["01101 = 13 → 'e'", "11111 = 31 → 'z'"]


# --- cell sizes -----------------------------------------------------------------------------

def test_cell_sizes_shrink_by_32_per_character_and_with_latitude():
    for p in range(1, 12):
        w1, h1 = geohash.cell_degrees(p)
        w2, h2 = geohash.cell_degrees(p + 1)
        assert math.isclose(w1 * h1 / (w2 * h2), 32)
    width_eq, height = geohash.cell_size(5)
    width_60, height_60 = geohash.cell_size(5, 60)
    assert math.isclose(width_60, width_eq / 2) and height_60 == height
    assert math.isclose(height, 180 / 2**12 * math.pi * 6_371_008.8 / 180)
    assert geohash.cell_size(3, 90)[0] == pytest.approx(0, abs=1e-6)
    table = geohash.precision_table(60)
    assert list(table.index) == list(PRECISIONS) and table.loc[5, "height"] == "4.89 km"


def test_precision_for_radius_gives_cells_at_least_the_radius():
    for radius in (1, 20, 500, 2_000, 50_000, 600_000):
        p = geohash.precision_for_radius(radius, 45)
        assert min(geohash.cell_size(p, 45)) >= radius
        if p < 12:
            assert min(geohash.cell_size(p + 1, 45)) < radius
    assert geohash.precision_for_radius(10_000_000) == 1


def test_common_prefix():
    assert geohash.common_prefix("gcpuzz", "u10hb0") == ""
    assert geohash.common_prefix("ezs42", "ezs4") == "ezs4"


# --- sort order: the Z-order curve ------------------------------------------------------------

@pytest.mark.parametrize("p", [1, 2])
def test_z_curve_is_the_order_of_the_codes(p):
    codes = geohash.all_codes(p)
    assert codes == sorted(codes) and len(codes) == 32**p
    curve = geohash.z_curve(p)
    for code, (row, column) in zip(codes, curve, strict=True):
        south, west, _, _ = geohash.bounds(code)
        height, width = geohash.cell_degrees(p)[1], geohash.cell_degrees(p)[0]
        assert (row, column) == (round((south + 90) / height), round((west + 180) / width))
    # Morton order: every 4 consecutive cells form a 2 x 2 block. The last bit picks the
    # column when it is a longitude bit (odd precision: a Z, SW SE NW NE), else the row
    # (even precision: an N, SW NW SE NE).
    for k in range(0, len(curve), 4):
        (r, c), *rest = curve[k:k + 4]
        if p % 2:
            assert rest == [(r, c + 1), (r + 1, c), (r + 1, c + 1)]
        else:
            assert rest == [(r + 1, c), (r, c + 1), (r + 1, c + 1)]


def test_order_gaps_measure_the_seams():
    gaps = geohash.order_gaps(1)
    index = geohash.BASE32.index
    seam = gaps.loc[(gaps.cell_a == "g") & (gaps.cell_b == "u"), "gap"].item()
    assert seam == index("u") - index("g")
    # Across the ±180° meridian the wrap pairs the ends of each row: b..z is 31 - 10.
    wrap = gaps[gaps.direction == "across ±180°"]
    assert wrap["gap"].max() == index("z") - index("b")
    lat_bits, lon_bits = geohash.bit_counts(2)
    rows, columns = 2**lat_bits, 2**lon_bits
    table = geohash.gap_table(2)
    pairs = rows * (columns - 1) + (rows - 1) * columns + rows
    assert table["pairs"].sum() == pairs == len(geohash.order_gaps(2))
    assert table["share"].sum() == pytest.approx(1, abs=0.002)
    # East-west neighbours inside a 2 x 2 block are always adjacent in order.
    assert table.loc["1", "pairs"] >= rows * columns // 2


def test_code_range_holds_exactly_the_longer_codes_inside():
    lats, lons = random_points(5_000, seed=8)
    codes60 = geohash.codes60(lats, lons)
    for p in (1, 3, 6):
        cells = geohash.encode_many(lats, lons, p)
        for code in set(cells[:40].tolist()):
            start, end = geohash.code_range(code)
            inside = (codes60 >= start) & (codes60 < end)
            assert np.array_equal(inside, cells == code)
    assert geohash.code_range("0", bits=5) == (0, 1)


# --- privacy by truncation ---------------------------------------------------------------

def test_privacy_table_errors_are_bounded_by_the_cell():
    table = geohash.privacy_table(48.8584, 2.2945, range(1, 10))
    full = geohash.encode(48.8584, 2.2945, 12)
    assert list(table["shared code"]) == [full[:p] for p in range(1, 10)]
    for p in range(4, 10):  # small cells: the worst error is half the diagonal
        width, height = geohash.cell_size(p, 48.8584)
        half_diagonal = math.hypot(width, height) / 2
        worst = table.loc[p, "worst guess error"]
        value, unit = worst.split()
        metres = float(value.replace(",", "")) * (1000 if unit == "km" else 1)
        assert metres == pytest.approx(half_diagonal, rel=0.02)


def test_precision_hiding_matches_the_closed_form_cell_sizes():
    metres_per_degree = math.pi * 6_371_008.8 / 180
    def fits(p, lat, side):
        width = 360 / 2 ** math.ceil(5 * p / 2) * metres_per_degree * math.cos(
            math.radians(lat))
        height = 180 / 2 ** (5 * p // 2) * metres_per_degree
        return min(width, height) >= side

    for lat, side in [(0.0, 2_000), (70.0, 2_000), (52.0, 100), (89.0, 1_000)]:
        best = max(p for p in range(1, 13) if fits(p, lat, side))
        assert geohash.precision_hiding(lat, side) == best
    assert geohash.precision_hiding(70.0, 2_000) < geohash.precision_hiding(0.0, 2_000)
    with pytest.raises(ValueError, match="^min_size_m"):
        geohash.precision_hiding(0, 10_000_000)


# --- bad input -----------------------------------------------------------------------------------
# A wrong value raises ValueError, a wrong type TypeError; the message starts with the
# parameter's name as the signature spells it, and says what is allowed.

@pytest.mark.parametrize("call, message", [
    (lambda: geohash.encode(91, 0), r"^lat must be a number in -90..90 \(a latitude"),
    (lambda: geohash.encode(0, -180.5), r"^lon must be a number in -180..180 \(a longitude"),
    (lambda: geohash.encode(float("nan"), 0), "lat must be a finite number"),
    (lambda: geohash.encode(0, 0, 0), "precision must be an integer in 1..12"),
    (lambda: geohash.encode(0, 0, 13), "precision must be an integer in 1..12"),
    (lambda: geohash.decode(""), "code must not be empty"),
    (lambda: geohash.decode("ezs4a"), "code: .* outside the alphabet: 'a'"),
    (lambda: geohash.decode("EZS42"), "code: .* outside the alphabet"),
    (lambda: geohash.neighbors("0123456789bcd"), "code: .* longer than 12"),
    (lambda: geohash.common_prefix("ezs42", "ezs4o"), "b: .* alphabet: 'o'"),
    (lambda: geohash.encode_many([0, 95], [0, 0], 5), r"lats\[1\] must be in -90..90"),
    (lambda: geohash.encode_many([0], [float("nan")], 5), r"lons\[0\] must be in -180..180"),
    (lambda: geohash.encode_many([0, 1], [0], 5), "lats and lons must have the same shape"),
    (lambda: geohash.cells_covering(0, 0, -1), "radius_m must be a number >= 0"),
    (lambda: geohash.cells_covering(0, 0, 100_000, precision=12), "coarser"),
    (lambda: geohash.cell_size(5, 100), "lat must be"),
    (lambda: geohash.cells_in_box(10, 5, 0, 6, 3), "south <= north"),
    (lambda: geohash.cells_in_box(0, 0, 10, 200, 3), "east must be a number in -180..180"),
])
def test_a_bad_value_raises_value_error_naming_it(call, message):
    with pytest.raises(ValueError, match=message):
        call()


@pytest.mark.parametrize("call, message", [
    (lambda: geohash.encode("north", 0), "lat must be a number .* got str 'north'"),
    (lambda: geohash.encode(None, 0), "lat must be a number"),
    (lambda: geohash.encode(True, 0), "lat must be a number"),
    (lambda: geohash.encode(0, 0, 5.0), "precision must be an integer"),
    (lambda: geohash.bounds(42), "code must be a string"),
    (lambda: geohash.encode_many(["x"], [0], 5), "lats must be numbers"),
    (lambda: geohash.cells_covering(0, 0, "far"), "radius_m must be a number"),
])
def test_a_bad_type_raises_type_error_naming_it(call, message):
    with pytest.raises(TypeError, match=message):
        call()


def test_numpy_scalars_are_accepted():
    assert geohash.encode(np.float32(42.6), np.float64(-5.6), np.int64(5)) == "ezs42"
    assert geohash.cell_degrees(np.int8(1)) == (45.0, 45.0)
