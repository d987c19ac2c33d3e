"""Geohashing and quadtrees: encode points, find neighbours, search nearby places.

>>> from sysdesign.geo import geohash
>>> geohash.encode(42.6, -5.6, 5)
'ezs42'
"""

from sysdesign.geo import cities, geohash, quadtree, search
from sysdesign.geo.distance import EARTH_RADIUS_M, circle_bounds, distance_m, haversine
from sysdesign.geo.geohash import cells_covering, encode_many
from sysdesign.geo.quadtree import QuadTree
from sysdesign.geo.search import METHODS, BruteForce, Found, GeohashSearch, QuadtreeSearch

__all__ = [
    "EARTH_RADIUS_M", "METHODS", "BruteForce", "Found", "GeohashSearch", "QuadTree",
    "QuadtreeSearch", "cells_covering", "circle_bounds", "cities", "distance_m",
    "encode_many", "geohash", "haversine", "quadtree", "search",
]
