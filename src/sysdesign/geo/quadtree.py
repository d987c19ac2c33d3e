"""A point-region (PR) quadtree over longitude/latitude: a box splits into four when it
holds too many points, and four leaves merge back when deletions leave them nearly empty.

Each node covers a box ``south <= lat < north, west <= lon < east`` (the root's top and
east edges are closed; longitude +180 is stored as -180, as in :mod:`geohash`). A leaf
keeps up to ``capacity`` point ids; one more and it splits into NW, NE, SW, SE children
at the box's midlines, with a point on a midline going north / east. Below
``max_depth`` nothing splits (so duplicate points cannot recurse for ever). Removing a
point merges the biggest box on its path that now holds ``capacity`` points or fewer
back into one leaf, with its whole subtree.

This is Samet's *bucket PR quadtree* (H. Samet, "The quadtree and related hierarchical
data structures", ACM Computing Surveys 16(2), 1984): the splits sit at fixed midlines,
independent of the data. So a node is a leaf exactly when its box holds at most
``capacity`` points (or it is at ``max_depth``), and the tree depends only on the set of
points it holds, never on the order of inserts and deletes. The order-sensitivity often
quoted for quadtrees belongs to the *point* quadtree of Finkel and Bentley (1974), which
splits at the data points themselves.

>>> tree = QuadTree(capacity=1)
>>> for lat, lon in [(10.0, 10.0), (60.0, 100.0)]:
...     _ = tree.insert(lat, lon)
>>> tree.leaf_count, tree.splits, tree.merges   # two splits separate the two points
(7, 2, 0)
>>> tree.remove(1)   # one point left: all 7 leaves merge back into the root
7
>>> tree.leaf_count, tree.merges, len(tree)
(1, 2, 1)
"""

from __future__ import annotations

import heapq
import math

import numpy as np

from sysdesign.core import checks
from sysdesign.geo import coordinates
from sysdesign.geo._fast import fill_quadtree
from sysdesign.geo.distance import EARTH_RADIUS_M, circle_bounds, haversine

WORLD = (-90.0, -180.0, 90.0, 180.0)  # south, west, north, east
_FEW_POINTS = 64  # below this many points a box is split by a Python loop (see _fill)


class Node:
    """One box of the tree: a leaf with point ids, or an inner node with 4 children.

    ``count`` is the number of points in the box (in the leaf, or below the inner node).
    """

    __slots__ = ("south", "west", "north", "east", "depth", "children", "ids", "count")

    def __init__(self, south, west, north, east, depth):
        self.south, self.west, self.north, self.east = south, west, north, east
        self.depth = depth
        self.children: tuple[Node, Node, Node, Node] | None = None  # NW, NE, SW, SE
        self.ids: list[int] | None = []
        self.count = 0

    @property
    def is_leaf(self) -> bool:
        return self.children is None

    @property
    def box(self) -> tuple[float, float, float, float]:
        return self.south, self.west, self.north, self.east

    def split(self) -> None:
        """Give this node four children at its midlines (the ids move down separately)."""
        s, w, n, e = self.south, self.west, self.north, self.east
        mid_lat, mid_lon, d = (s + n) / 2, (w + e) / 2, self.depth + 1
        self.children = (Node(mid_lat, w, n, mid_lon, d), Node(mid_lat, mid_lon, n, e, d),
                         Node(s, w, mid_lat, mid_lon, d), Node(s, mid_lon, mid_lat, e, d))

    def child_for(self, lat: float, lon: float) -> Node:
        """The child whose box holds the point (midlines go north and east)."""
        north = lat >= self.children[0].south
        east = lon >= self.children[0].east
        return self.children[(0 if north else 2) + (1 if east else 0)]


def _check_bounds(bounds) -> tuple[float, float, float, float]:
    """A root box (south, west, north, east) inside the world, with south < north, west < east."""
    if not isinstance(bounds, (tuple, list)) or len(bounds) != 4:
        raise TypeError(f"bounds must be a tuple (south, west, north, east), got {bounds!r}")
    south, west, north, east = bounds
    south, north = (coordinates.latitude(v, name) for v, name in ((south, "bounds south"),
                                                                  (north, "bounds north")))
    west, east = (coordinates.longitude(v, name, wrap=False)
                  for v, name in ((west, "bounds west"), (east, "bounds east")))
    if not (south < north and west < east):
        raise ValueError(f"bounds must have south < north and west < east, got {bounds!r}")
    return south, west, north, east


class QuadTree:
    """Points in a bucket PR quadtree: insert, remove, box, radius and k-nearest queries.

    ``bounds`` is the root's box (the whole world by default); every point must lie in it.
    ``splits`` and ``merges`` count the nodes split and merged away so far, so the tree
    has ``1 + 4 * (splits - merges)`` nodes.

    >>> tree = QuadTree(capacity=2)
    >>> for lat, lon in [(48.86, 2.35), (51.51, -0.13), (52.52, 13.40), (40.42, -3.70)]:
    ...     _ = tree.insert(lat, lon)
    >>> tree.node_count, tree.leaf_count, tree.depth
    (5, 4, 1)
    >>> tree.within(50.0, 1.0, 400_000).tolist()   # Paris and London
    [0, 1]
    """

    def __init__(self, capacity=8, max_depth=20, bounds=WORLD):
        self.capacity = checks.integer(capacity, "capacity", 1, hint="points per leaf")
        self.max_depth = checks.integer(max_depth, "max_depth", 0, 60)
        self.bounds = _check_bounds(bounds)
        self.root = Node(*self.bounds, 0)
        self._lats: list[float] = []
        self._lons: list[float] = []
        self._removed: set[int] = set()
        self._arrays = None  # numpy copies of the coordinates, rebuilt after inserts
        self._leaves = None  # ((splits, merges), root, every leaf) of the last walk: see _leaf_list
        self.splits = 0  # nodes split into four, ever
        self.merges = 0  # inner nodes merged away by removals, ever
        # Work counters for the last query: boxes looked at and distances computed.
        self.nodes_visited = 0
        self.candidates = 0

    @classmethod
    def from_points(cls, lats, lons, capacity=8, max_depth=20, bounds=WORLD) -> QuadTree:
        """Build the tree for many points at once; the same tree as inserting them one by one."""
        tree = cls(capacity, max_depth, bounds)
        lats, lons = (a.ravel() for a in coordinates.points(lats, lons))
        if lats.size:
            tree._check_inside(float(lats.min()), float(lons.min()), "lats", "lons")
            tree._check_inside(float(lats.max()), float(lons.max()), "lats", "lons")
        tree._lats, tree._lons = lats.tolist(), lons.tolist()
        tree._arrays = (lats, lons)
        # The same tree as tree._fill(tree.root, np.arange(lats.size), lats, lons), built
        # one depth at a time (several times faster; tests/geo/test_fast.py holds them equal).
        fill_quadtree(tree, lats, lons)
        return tree

    def _check_inside(self, lat: float, lon: float, lat_name="lat", lon_name="lon") -> None:
        south, west, north, east = self.bounds
        if not south <= lat <= north:
            raise ValueError(f"{lat_name} must lie within the tree's bounds, "
                             f"{south:g}..{north:g}; got {lat:g}")
        if not west <= lon <= east:
            raise ValueError(f"{lon_name} must lie within the tree's bounds, "
                             f"{west:g}..{east:g}; got {lon:g}")

    def _fill(self, node: Node, ids, lats: np.ndarray, lons: np.ndarray) -> None:
        """Hand ``ids`` (ascending; an array or a list) to ``node``, splitting while too many.

        The readable bulk build, one box at a time; ``from_points`` runs its fast twin,
        :func:`sysdesign.geo._fast.fill_quadtree`, which builds the same tree.
        """
        node.count = len(ids)
        if len(ids) <= self.capacity or node.depth >= self.max_depth:
            node.ids = ids if isinstance(ids, list) else ids.tolist()
            return
        node.split()
        self.splits += 1
        node.ids = None
        mid_lat, mid_lon = node.children[0].south, node.children[0].east
        if len(ids) > _FEW_POINTS:  # whole arrays at once: fast for big boxes
            north, east = lats[ids] >= mid_lat, lons[ids] >= mid_lon
            parts = [ids[mask] for mask in (north & ~east, north & east, ~north & ~east,
                                            ~north & east)]
        else:  # four numpy masks cost more than a plain loop over a few points
            parts = [[], [], [], []]
            for i in ids:
                parts[(0 if self._lats[i] >= mid_lat else 2)
                      + (1 if self._lons[i] >= mid_lon else 0)].append(i)
        for child, part in zip(node.children, parts, strict=True):
            self._fill(child, part, lats, lons)

    def __len__(self) -> int:
        """The number of points in the tree (removed ones do not count)."""
        return len(self._lats) - len(self._removed)

    def insert(self, lat, lon) -> int:
        """Add a point; return its id (0, 1, 2, ... in insertion order)."""
        lat, lon = coordinates.latitude(lat), coordinates.longitude(lon)
        self._check_inside(lat, lon)
        point = len(self._lats)
        self._lats.append(lat)
        self._lons.append(lon)
        self._arrays = None
        node = self.root
        node.count += 1
        # Down to the leaf that holds the point: child_for, inlined (inserts come by the
        # thousand). A node's first child, NW, has the midlines as its south and east edges.
        while node.children is not None:
            nw = node.children[0]
            node = node.children[(0 if lat >= nw.south else 2) + (1 if lon >= nw.east else 0)]
            node.count += 1
        node.ids.append(point)
        # Split while the leaf is over capacity (all points may land in one child again).
        while len(node.ids) > self.capacity and node.depth < self.max_depth:
            ids, node.ids = node.ids, None
            node.split()
            self.splits += 1
            for i in ids:
                child = node.child_for(self._lats[i], self._lons[i])
                child.ids.append(i)
                child.count += 1
            node = max(node.children, key=lambda child: child.count)
        return point

    def remove(self, point_id) -> int:
        """Delete a point by id; return how many leaves merged into one (0 if none did).

        After the point leaves its leaf, the shallowest box on its path that now holds at
        most ``capacity`` points becomes a single leaf again (its whole subtree merges),
        which is exactly the tree that building from the remaining points gives.
        """
        if len(self) == 0:
            raise ValueError("point_id: the tree holds no points to remove")
        point_id = checks.integer(point_id, "point_id", 0, len(self._lats) - 1,
                                  hint="an id returned by insert")
        if point_id in self._removed:
            raise ValueError(f"point_id {point_id} was already removed")
        lat, lon = self._lats[point_id], self._lons[point_id]
        path = [self.root]
        while not path[-1].is_leaf:
            path.append(path[-1].child_for(lat, lon))
        path[-1].ids.remove(point_id)
        for node in path:
            node.count -= 1
        self._removed.add(point_id)
        for node in path:  # the shallowest inner box that fits in one leaf now
            if not node.is_leaf and node.count <= self.capacity:
                inner = sum(1 for n in _subtree(node) if not n.is_leaf)
                leaves = sum(1 for n in _subtree(node) if n.is_leaf)
                node.ids, node.children = sorted(_subtree_ids(node)), None
                self.merges += inner
                return leaves
        return 0

    # --- shape, for plots -------------------------------------------------------------------

    def nodes(self):
        """Every node, parents before children."""
        stack = [self.root]
        while stack:
            node = stack.pop()
            yield node
            if node.children is not None:  # (not node.is_leaf: a property call per node)
                stack.extend(reversed(node.children))

    def leaves(self):
        """Every leaf node (in the order of :meth:`nodes`)."""
        return iter(self._leaf_list())

    def _leaf_list(self) -> list[Node]:
        """Every leaf, in the order of :meth:`nodes`: one loop, no generator step per node
        (the plots and tables walk trees of 10,000+ leaves).

        Kept until the tree's shape changes: only a split or a merge changes which nodes
        are leaves, and each moves ``splits`` or ``merges`` on, so the pair (and the root)
        names the shape.
        (Do not change the list: the next caller gets the same one.)
        """
        shape = (self.splits, self.merges)
        if self._leaves is not None and self._leaves[0] == shape and self._leaves[1] is self.root:
            return self._leaves[2]
        leaves: list[Node] = []
        stack = [self.root]
        while stack:
            node = stack.pop()
            if node.children is None:
                leaves.append(node)
            else:
                stack.extend(reversed(node.children))
        self._leaves = (shape, self.root, leaves)
        return leaves

    @property
    def node_count(self) -> int:
        """All nodes: each split adds four children, each merged-away inner node takes its
        four back, so no walk of the tree is needed."""
        return 1 + 4 * (self.splits - self.merges)

    @property
    def leaf_count(self) -> int:
        """Leaves: each split turns one leaf into four (three more), each merge undoes one."""
        return 1 + 3 * (self.splits - self.merges)

    @property
    def depth(self) -> int:
        return max(leaf.depth for leaf in self._leaf_list())  # the deepest node is a leaf

    def depth_counts(self) -> dict[int, int]:
        """How many leaves sit at each depth."""
        counts: dict[int, int] = {}
        for leaf in self._leaf_list():
            counts[leaf.depth] = counts.get(leaf.depth, 0) + 1
        return dict(sorted(counts.items()))

    def shape(self) -> list[tuple[tuple[float, float, float, float], int]]:
        """Every leaf's box and how many points it holds, sorted: equal shapes, equal trees.

        Two trees holding the same points in the same bounds have equal shapes however the
        points arrived (inserted in any order, bulk-built, or left after removals).
        """
        return sorted(((leaf.south, leaf.west, leaf.north, leaf.east), len(leaf.ids))
                      for leaf in self._leaf_list())

    def leaf_arrays(self) -> tuple[np.ndarray, np.ndarray]:
        """Every leaf's box as an (n, 4) array (south, west, north, east) and its depth."""
        rows = np.array([(n.south, n.west, n.north, n.east, n.depth) for n in self._leaf_list()],
                        dtype=np.float64).reshape(-1, 5)
        return np.ascontiguousarray(rows[:, :4]), rows[:, 4].astype(np.int64)

    # --- queries ----------------------------------------------------------------------------

    def coordinates(self) -> tuple[np.ndarray, np.ndarray]:
        """All points as numpy arrays (lats, lons), indexed by id."""
        if self._arrays is None:
            self._arrays = (np.array(self._lats, dtype=np.float64),
                            np.array(self._lons, dtype=np.float64))
        return self._arrays

    def _collect(self, boxes) -> list[int]:
        """Ids in every leaf overlapping any of the boxes; counts the nodes visited."""
        found: list[int] = []
        visited = 0
        for south, west, north, east in boxes:
            stack = [self.root]
            while stack:
                node = stack.pop()
                visited += 1
                if node.children is None:
                    found.extend(node.ids)
                    continue
                if (south <= node.south and node.north <= north
                        and west <= node.west and node.east <= east):
                    found.extend(_subtree_ids(node))  # wholly inside: no more checks
                    continue
                for child in node.children:  # descend only where the box reaches
                    if (child.south <= north and south <= child.north
                            and child.west <= east and west <= child.east):
                        stack.append(child)
        self.nodes_visited = visited
        if len(boxes) > 1:  # a leaf may touch both halves of a box split at ±180°
            found = sorted(set(found))
        return found

    def in_box(self, south, west, north, east) -> np.ndarray:
        """Ids of points with south <= lat <= north and west <= lon <= east, sorted.

        ``west > east`` means the box crosses the ±180° meridian.
        """
        south = coordinates.latitude(south, "south")
        north = coordinates.latitude(north, "north")
        west = coordinates.longitude(west, "west", wrap=False)
        east = coordinates.longitude(east, "east", wrap=False)
        boxes = ([(south, west, north, east)] if west <= east else
                 [(south, west, north, 180.0), (south, -180.0, north, east)])
        ids = np.array(sorted(self._collect(boxes)), dtype=np.int64)
        self.candidates = ids.size
        lats, lons = self.coordinates()
        lat, lon = lats[ids], lons[ids]
        inside_lon = ((lon >= west) & (lon <= east)) if west <= east else \
            ((lon >= west) | (lon <= east))
        return ids[(lat >= south) & (lat <= north) & inside_lon]

    def candidates_within(self, lat: float, lon: float, radius_m: float) -> np.ndarray:
        """Ids in the leaves that the circle's bounding boxes reach (checked input)."""
        return np.array(self._collect(circle_bounds(lat, lon, radius_m)), dtype=np.int64)

    def within(self, lat, lon, radius_m) -> np.ndarray:
        """Ids of points within ``radius_m`` metres of (lat, lon), sorted."""
        lat, lon = coordinates.latitude(lat), coordinates.longitude(lon)
        radius_m = coordinates.radius(radius_m)
        ids = self.candidates_within(lat, lon, radius_m)
        self.candidates = ids.size
        lats, lons = self.coordinates()
        near = ids[haversine(lat, lon, lats[ids], lons[ids]) <= radius_m]
        return np.sort(near)

    def nearest(self, lat, lon, k=1) -> list[tuple[int, float]]:
        """The ``k`` nearest points as ``(id, metres)``, nearest first (best-first search).

        Boxes are opened in order of the least distance any point in them could have,
        so the search stops as soon as k points are closer than every unopened box.
        """
        lat, lon = coordinates.latitude(lat), coordinates.longitude(lon)
        k = checks.integer(k, "k", 1)
        lats, lons = self.coordinates()
        queue: list[tuple[float, int, int, object]] = [(0.0, 0, 0, self.root)]
        found: list[tuple[int, float]] = []
        tie = 1
        visited = candidates = 0
        while queue and len(found) < k:
            distance, is_point, _, item = heapq.heappop(queue)
            if is_point:
                found.append((item, distance))
                continue
            visited += 1
            if item.is_leaf:
                ids = np.array(item.ids, dtype=np.int64)
                candidates += ids.size
                distances = haversine(lat, lon, lats[ids], lons[ids]).tolist()
                for i, d in zip(ids.tolist(), distances, strict=True):
                    heapq.heappush(queue, (d, 1, i, i))
            else:
                for child in item.children:
                    heapq.heappush(queue, (_box_distance(lat, lon, child), 0, tie, child))
                    tie += 1
        self.nodes_visited, self.candidates = visited, candidates
        return found


def _subtree(node: Node):
    """Every node of the subtree under ``node``, itself included."""
    stack = [node]
    while stack:
        node = stack.pop()
        yield node
        if node.children is not None:
            stack.extend(node.children)


def _subtree_ids(node: Node) -> list[int]:
    """The ids in every leaf below a node."""
    ids: list[int] = []
    stack = [node]
    while stack:
        node = stack.pop()
        if node.children is None:
            ids.extend(node.ids)
        else:
            stack.extend(node.children)
    return ids


def _hav(angle: float) -> float:
    return math.sin(angle / 2) ** 2


def _box_distance(lat: float, lon: float, node: Node) -> float:
    """A lower bound (metres) on the distance from a point to any point in the node's box.

    The nearest point of a lat/lon box lies on its nearer meridian edge, at the latitude
    where the great circle from the point meets that meridian at a right angle, or at a
    corner (the method of Vladimir Agafonkin's geokdbush).
    """
    phi = math.radians(lat)
    if node.west <= lon <= node.east:
        if lat < node.south:
            h = _hav(math.radians(node.south - lat))
        elif lat > node.north:
            h = _hav(math.radians(lat - node.north))
        else:
            return 0.0
    else:
        h_lon = min(_hav(math.radians(node.west - lon)), _hav(math.radians(node.east - lon)))
        cos_dlon = 1 - 2 * h_lon
        if cos_dlon <= 0:
            vertex = 90.0 if lat > 0 else -90.0
        else:
            vertex = math.degrees(math.atan(math.tan(phi) / cos_dlon))

        def along_meridian(lat2):
            return _hav(phi - math.radians(lat2)) + math.cos(phi) * math.cos(
                math.radians(lat2)) * h_lon

        if node.south < vertex < node.north:
            h = along_meridian(vertex)
        else:
            h = min(along_meridian(node.south), along_meridian(node.north))
    # Shave a little off so rounding can never make the bound exceed the true distance.
    return max(0.0, 2 * EARTH_RADIUS_M * math.asin(math.sqrt(min(h, 1.0))) - 1e-6)
