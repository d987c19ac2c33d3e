"""Geohashing and quadtrees (notebook 15): encode points, find neighbours, search nearby places.

The lesson, one module per idea:

* :mod:`~sysdesign.geo.geohash`: a point becomes bits by halving, the bits a string;
  cells, neighbours, cell sizes, the Z-order the codes sort in, what a truncated code
  reveals, and the cells that cover a circle;
* :mod:`~sysdesign.geo.quadtree`: a PR quadtree that splits where the data is dense and
  merges when points leave; box, radius and k-nearest queries;
* :mod:`~sysdesign.geo.raster`: the same split over pixels, an image as uniform blocks;
* :mod:`~sysdesign.geo.search`: "what is within r of me?" by brute force, geohash and
  quadtree, with identical answers and very different work;
* :mod:`~sysdesign.geo.distance`: great-circle distance and the box around a circle;
* :mod:`~sysdesign.geo.coordinates`: what counts as a latitude, longitude or radius;
* :mod:`~sysdesign.geo.cities`: 33,961 real cities from GeoNames, shipped offline.

Around them: ``_fast`` (bulk encoding and the search's hot path, tested equal to
``geohash``), ``experiments`` (the notebook's scenarios and every panel's computation),
``plots`` (figures), ``widgets`` (panels: controls -> experiments -> plots) and
``exercises`` (the notebook's "Try it" answers and hints).

>>> from sysdesign.geo import geohash
>>> geohash.encode(42.6, -5.6, 5)
'ezs42'
"""

from sysdesign.geo import cities, coordinates, geohash, quadtree, raster, search
from sysdesign.geo.distance import EARTH_RADIUS_M, circle_bounds, distance_m, haversine
from sysdesign.geo.geohash import cells_covering, encode_many
from sysdesign.geo.quadtree import QuadTree
from sysdesign.geo.search import METHODS, BruteForce, Found, GeohashSearch, QuadtreeSearch

__all__ = [
    "EARTH_RADIUS_M", "METHODS", "BruteForce", "Found", "GeohashSearch", "QuadTree",
    "QuadtreeSearch", "cells_covering", "circle_bounds", "cities", "coordinates",
    "distance_m", "encode_many", "geohash", "haversine", "quadtree", "raster", "search",
]
