"""Notebook 15's "Try it": expected answers computed from the model, and targeted hints.

Each known wrong answer is the one a specific slip produces, computed the way the slip
computes it, so the hint can say what went wrong.
"""

from __future__ import annotations

from sysdesign.core.exercises import Exercise
from sysdesign.geo import geohash

SYDNEY = (-33.87, 151.21)  # the point of exercise 15.1 (its first two characters)
ARCTIC = (70.0, 500.0)  # exercise 15.3: latitude (°) and the smallest side allowed (m)
BASE32_WITH_VOWELS = "0123456789abcdefghijklmnopqrstuv"  # 0-9 then a-v: what 15.1 is not
CHARACTERS = 2  # exercise 15.1 asks for this many characters


def _bits(lat: float, lon: float, n: int = 5 * CHARACTERS, latitude_first: bool = False,
          restart_each_character: bool = False) -> str:
    """The first ``n`` bits, as the halving rule writes them (or as a slip writes them)."""
    ranges = {"lon": [-180.0, 180.0], "lat": [-90.0, 90.0]}
    start = ["lat", "lon"] if latitude_first else ["lon", "lat"]
    bits = ""
    for i in range(n):
        axis = start[(i % 5 if restart_each_character else i) % 2]
        low, high = ranges[axis]
        mid = (low + high) / 2
        value = lat if axis == "lat" else lon
        bits += "1" if value >= mid else "0"
        ranges[axis] = [mid, high] if value >= mid else [low, mid]
    return bits


def _spell(bits: str, alphabet: str = geohash.BASE32) -> str:
    return "".join(alphabet[int(bits[i:i + 5], 2)] for i in range(0, len(bits), 5))


def _sydney_slips() -> dict:
    bits = _bits(*SYDNEY)
    flipped = "".join("1" if b == "0" else "0" for b in bits)
    return {
        _spell(_bits(*SYDNEY, restart_each_character=True)):
            "the second character does not start again with longitude: the halvings "
            "alternate across characters, and the first character used three longitude "
            "bits, so the second starts with latitude",
        _spell(_bits(*SYDNEY, latitude_first=True)):
            "that is what you get starting with latitude; a geohash halves longitude first",
        _spell(bits, BASE32_WITH_VOWELS):
            "right bits, wrong alphabet: the geohash alphabet leaves out a, i, l and o",
        _spell(flipped):
            "the bits are reversed: write 1 when the point is in the upper half",
    }


def _arctic_slips() -> dict:
    lat, side = ARCTIC
    best = geohash.precision_hiding(lat, side)
    width, height = geohash.cell_size(best + 1, lat)
    return {
        best + 1: (f"at {lat:g}° a precision-{best + 1} cell is {height / 1000:.1f} km high "
                   f"but only {width / 1000:.1f} km wide: width shrinks with the cosine of "
                   "the latitude"),
        best - 1: (f"{best - 1} characters hide you too, but a longer code is still at "
                   f"least {side / 1000:g} km on each side there"),
    }


EXERCISES = [
    Exercise(
        id="15.1",
        expected=lambda: geohash.encode(*SYDNEY, CHARACTERS),
        hint="ten halvings, alternating longitude and latitude from longitude, without "
             "starting over between characters; write 1 for the upper half; read each five "
             "bits as a number 0-31 in the geohash alphabet",
        wrong=_sydney_slips,
    ),
    Exercise(
        id="15.2",
        expected=lambda: len(geohash.neighbors("b")),
        hint="think about which of the eight directions leave the map and which wrap around",
        wrong={8: "'b' sits in the top row of the grid: nothing lies north of the North Pole",
               3: "longitude wraps around: west of 'b', across the ±180° meridian, is 'z'",
               2: "only the cells beyond the pole are missing; the east and west neighbours "
                  "and the three cells to the south all exist"},
        decide=True,
    ),
    Exercise(
        id="15.3",
        expected=lambda: geohash.precision_hiding(*ARCTIC),
        hint="for each precision, compare both the cell's height and its width at 70° with "
             "500 m; the width at 70° is the width at the equator times the cosine of 70°",
        wrong=_arctic_slips,
        decide=True,
    ),
]
