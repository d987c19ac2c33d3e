# %% [markdown]
# # 30 · Design a proximity service: nearby businesses, end to end
#
# Design a "businesses near me" service the way an interview runs, from requirements to
# wrap-up, with every step on a model the course already built: the estimator, geohash
# cells over real cities, a cache of hot areas, read replicas, and the path a business
# update takes. Then run one simulated day through the design, change a requirement, and
# run it again.

# %% [markdown]
# <!-- nav -->
# [← 29 · Design a URL shortener](29_url_shortener.ipynb) · [Contents](00_start_here.ipynb#Course-map)

# %% [markdown]
# ## What you will learn
# - How to run a design conversation end to end on the steps of
#   [00 · Start here](00_start_here.ipynb): requirements, estimation, API, data model,
#   high-level design, deep dives, bottlenecks, wrap-up.
# - How a geohash index answers "within r of me", and why the cells it reads make good
#   cache keys for hot areas.
# - How many read replicas a read-heavy service needs once a cache takes its share, and
#   what they cannot fix.
# - Why a business update may show up in searches a minute later, and why that is fine.
#
# Builds on: [01 · Estimation](01_estimation.ipynb), [06 · Caching](06_caching.ipynb),
# [10 · Consistency](10_consistency.ipynb), [15 · Geohash and quadtrees](15_geohash_quadtree.ipynb)
# and [25 · Performance](25_performance.ipynb). The composition is in
# `src/sysdesign/proximity/`: `design.py` (the designed system and its simulated day);
# every model it calls lives in those notebooks' packages.

# %%
from sysdesign import proximity
from sysdesign.core.exercises import check
from sysdesign.proximity import design, experiments, plots, widgets

# %% [markdown]
# ## Requirements
#
# Ask before you draw: who uses it, how much, how fast it must answer, what may be stale
# ([00 · Start here](00_start_here.ipynb#How-a-design-conversation-runs)). Alex Xu and
# Sahn Lam's *System Design Interview, Volume 2*, chapter 1, asks these questions about a
# Yelp-style service; the answers here follow theirs except where the text says so:

# %%
experiments.requirements()

# %% [markdown]
# Xu and Lam also offer a 0.5 km radius (left out here to keep the sampled day small),
# and their interviewer lets an update take effect the next day; asking for minutes is
# stricter, and the design below meets it. Two of them shape everything that follows: searches vastly outnumber updates, so the
# design is built for reads; and an update may take a while to appear, so reads can come
# from copies and caches that lag the primary.
#
# ## Estimation
#
# 100 million daily users, 5 searches each, 200 million businesses, and one business
# update per 1,000 searches, through the estimator of [01 · Estimation](01_estimation.ipynb)
# (peak = 2x average; servers planned at 70 % of what they take):

# %%
design.WORKLOAD.table().loc[["daily_active_users", "requests_per_user", "read_write_ratio",
                             "peak_factor", "server_qps", "target_utilization"]]

# %%
proximity.estimate_table()

# %% [markdown]
# About 5,800 searches a second on average, twice that at peak, and a handful of updates:
# a read-heavy service. The whole business table is about 200 GB, small
# enough for one primary database with copies (1 KB a business: 200 GB over 200 million); the
# load, not the data, is what needs scaling. Here the design departs from Xu and Lam: they
# expect the business table may outgrow one server and shard it by business id, keeping
# only the small geo index unsharded behind read replicas. At 1 KB a business one primary
# holds it; at a few KB it still would, and sharding by id stays the next step (wrap-up).
#
# ## API
#
# One search endpoint, and the usual create/read/update/delete for businesses, in the REST
# style of [03 · APIs](03_apis.ipynb) (PUT and DELETE are idempotent, so a client may
# retry them):

# %%
experiments.api()

# %% [markdown]
# Search returns a page of business ids and summaries; details come from the second
# endpoint, which caches well because a business changes rarely. Pagination is left out
# here.
#
# ## Data model
#
# Two tables: `business (id, name, address, lat, lon, ...)`, the source of truth that
# owners write to, and a geo index `(geohash, business_id)` with an index on the geohash
# column, which the search reads. Each business sits in one cell per precision. A
# search computes the cells that cover its circle ([15 · Geohash and quadtrees](15_geohash_quadtree.ipynb),
# `cells_covering`), reads each cell's rows as one range scan, and keeps those within the
# radius. The precision follows the radius; here near New York:

# %%
experiments.precision_table()

# %% [markdown]
# `cells_covering` picks the finest precision that needs at most nine cells, so every
# search reads only a few: the 20 km search at precision 4 reads nine, the 5 km search one.
#
# The geo index runs here on a real SQLite table, one row per business and precision
# (3 to 6, the ones these radii use anywhere within 85° of the equator), over the sampled businesses of the
# next section.
# A 2 km search near New York reads two cells, and SQLite answers from the primary key:

# %%
from sysdesign.geo import geohash

index = proximity.GeoIndex(experiments.catalogue()["lat"], experiments.catalogue()["lon"])
cells = geohash.cells_covering(40.7128, -74.0060, 2_000)
print(f"{index.rows:,} index rows; cells {cells}: {len(index.ids_in(cells))} businesses")
print(index.plan(cells))

# %% [markdown]
# Each cell is one search of the B-tree (`geohash=?`), never a scan of the table; the
# location service then keeps the businesses within 2 km.
#
# ## High-level design
#
# ```
# client ──> load balancer ──> location service (stateless) ──> cache of cells ──miss──> read replicas
#                          └─> business service ──writes──> primary ──replication──┘
# ```
#
# The location service answers searches and holds no state, so the load balancer
# ([05 · Load balancing](05_load_balancing.ipynb)) can send any search to any server and it
# scales by adding servers. Business writes go to the primary only; replicas copy it
# ([10 · Consistency](10_consistency.ipynb)) and serve the searches the cache cannot. Here
# is the workload the rest of the notebook runs: sampled businesses placed near the real
# GeoNames cities of [15 · Geohash and quadtrees](15_geohash_quadtree.ipynb) (15,000 people or more)
# in proportion to their population, and a sampled day of searches whose popularity over
# those cities, ranked by population, follows Zipf's law (α = 1.2), so a few big cities
# take much of the traffic (the hot areas):

# %%
shops = experiments.catalogue()
day_searches = design.day_of_searches()
plots.world(shops, day_searches)

# %% [markdown]
# Businesses cover the inhabited world; searches pile onto a few big cities. Each
# sampled search stands for many real ones (the next line prints how many); loads are
# scaled back up.

# %%
print(f"{len(day_searches):,} sampled searches; each stands for "
      f"{design.simulate_day().scale:,.0f} real ones")

# %% [markdown]
# ## Deep dives
#
# ### Geohash or quadtree
#
# [15 · Geohash and quadtrees](15_geohash_quadtree.ipynb) built both indexes and a brute
# force to check them. On this catalogue, for the first 100 searches of the day at 5 km:

# %%
experiments.search_methods()

# %% [markdown]
# Both indexes return exactly what brute force returns and compute far fewer distances.
# The geohash index wins here for a practical reason, not a speed one: it is a plain
# sorted column in the database (or a Redis sorted set), so updating a business writes
# one row per precision (four here), and every replica holds it. A quadtree lives in the memory of each server
# and must be rebuilt or updated on each; it adapts better to dense areas. Xu and Lam
# accept either in the interview and take the geohash for its simplicity; we take it too,
# because its cells double as cache keys.
#
# ### Caching hot areas
#
# Cache key: a geohash cell; value: the ids of the businesses in it. Hot cities mean hot
# cells, so a small cache serves a large share of lookups. Here LRU
# ([06 · Caching](06_caching.ipynb)) is replayed on the day's cell lookups and set against
# Che's approximation, which predicts LRU's hit ratio from the cells' popularity:

# %%
curve = experiments.cache_curve()
plots.cache_curve(curve)

# %%
curve.round(3)

# %% [markdown]
# Each added cell buys less: the first 500 cells serve almost half the lookups, the next
# 7,500 add about a quarter more. That is the skew at work. For small caches the
# measurement matches Che's prediction within about a point; for large ones it falls
# below, because Che describes a long run, while the sample sees many cells for the
# first time (a first lookup always misses). The dotted line is that ceiling: the share
# of lookups in the sample that are repeats. A real day repeats each hot cell thousands
# of times more, so its hit ratio for the same cache should sit closer to Che's, the
# long-run value for independent requests. The last column counts searches the cache serves whole,
# which is what keeps them off the replicas: a search of nine cells needs all nine, but a
# search of one big cell hits more often than most, so the two columns differ a little
# either way.
#
# ### Read replicas
#
# Searches the cache misses go to a read replica, picked at random. Each replica is
# treated as one M/M/1 queue ([25 · Performance](25_performance.ipynb)) answering
# `REPLICA_QPS` searches a second; sized with the 70 % rule of
# [01 · Estimation](01_estimation.ipynb), the design needs:

# %%
estimate = design.estimate(design.WORKLOAD)
served = design.simulate_day().cache_hit.mean()
print(f"replica capacity {design.REPLICA_QPS:,.0f} searches/s; cache serves {served:.2%} "
      f"of searches")
print("replicas needed:", proximity.replicas_needed(estimate.peak_read_qps, served))

# %% [markdown]
# ### The business-update path
#
# An owner's change goes to the primary (the `business` table and its geo index rows).
# Searches may not see it at once, for two reasons: the replicas copy it after a
# replication delay ([10 · Consistency](10_consistency.ipynb)); and a cached cell keeps
# its old list of businesses until its entry expires (its TTL). Xu and Lam's requirements
# are looser still: owners agree up front that a change takes effect the next day, which lets
# the index and the cache be refreshed in a batch overnight. The panel below follows a
# hot cell (always in the cache) after one update: the share of its searches that still
# show the old data. Scrub through time with the slider or press play:

# %%
update = widgets.update_panel()  # TTL 60 s, replicas 5 ms behind, 30 s after the update
update.snapshot()

# %%
# NBVAL_IGNORE_OUTPUT
update

# %% [markdown]
# The old data fades out linearly over one TTL: an entry loaded just before the update
# lives a whole TTL, one loaded long before expires at once. Replication lag adds only
# milliseconds unless a replica falls far behind; set its delay to tens of seconds to
# see a refreshed entry pick up old data from a lagging replica and keep it for another
# TTL. If the replica is behind by more than a TTL, every reload until it catches up
# brings the old data back, so the old data lasts the delay plus up to one more TTL (try
# a TTL of 10 s with the delay at 60 s: fresh after about 70 s). With healthy replicas the TTL is the dial: shorter
# means fresher results and more misses.
#
# ## Bottlenecks
#
# The simulated day runs through the whole design: searches arrive with a daily cycle
# (peak at 15:00, twice the mean, and none at 03:00: one curve for the whole world, a
# simplification), look up their cells in the cache, and the misses queue
# at a replica, an M/M/1 queue as in [25 · Performance](25_performance.ipynb). Measured
# against what was estimated (the estimate column holds what the models predict: the
# estimator for traffic, Che for the cache, the peak's misses split evenly over the
# replicas, the SLO for latency):

# %%
day = design.simulate_day()
design.measured_vs_estimated(day).round(3)

# %% [markdown]
# Traffic matches the estimate by construction; the busiest hour comes out within a
# percent or two of the estimate's peak (the hourly counts of a sample are noisy). The cache's
# measured hit ratio sits a little below Che's prediction, for the first-lookup reason
# above. Random picks give the replicas nearly equal shares of the reads. Replica
# utilisation in the busiest hour is a little above the estimate's (the misses of one
# sampled hour are noisy too) and under the 70 % target, and p99 stays far inside the SLO.
#
# What breaks first as traffic grows: the replicas, whose queues blow up as they near
# 100 %. The cache cannot absorb the growth: its hit ratio depends on the popularity of
# cells, not on traffic, so the replicas must grow in proportion. The primary sees only
# updates (and feeds the replicas) and is far from any limit.
#
# ## Wrap-up
#
# - A stateless location service behind a load balancer; a geohash index as a database
#   column; a cache of cells for hot areas; read replicas sized for the misses at peak
#   with 30 % headroom; writes to one primary.
# - Updates show up within about one cache TTL, which the requirements allow.
# - Next steps: shard the business table (by business id, as Xu and Lam do) if the
#   catalogue outgrows one primary ([11 · Sharding](11_sharding.ipynb)), a read path per region for far users (tried in
#   "Your turn" below).
#
# ## Your turn
#
# Change one requirement (10x traffic, a stricter SLO, a new region), then redesign
# (replicas and cells cached in the panel; a regional read path below) until the day
# passes again. The panel re-runs the same simulation; the figure
# below is its default.

# %%
redesign = widgets.day_panel()
redesign.snapshot()

# %%
# NBVAL_IGNORE_OUTPUT
redesign

# %% [markdown]
# At 10x traffic with four replicas the replicas saturate for most of the day and
# searches time out; the 70 % rule brings the busiest hour back to about
# 70 %. For a stricter SLO, watch the p99 bar: replicas cut the queue, not the query.
#
# ### A new region
#
# The third change: users in a second region far from the first, with half the home
# region's traffic. Between the two regions one round trip takes about as long as a packet
# from California to the Netherlands and back, 150 ms in the latency table of
# [01 · Estimation](01_estimation.ipynb). First serve them from the home region: the same
# simulated day at 1.5x traffic, in which every search from the new region pays that round
# trip on top:

# %%
print(f"cross-region round trip: {design.CROSS_REGION_RTT_MS:g} ms; "
      f"new region: {design.NEW_REGION_TRAFFIC:g}x the estimated traffic")
proximity.region_report().round(3)

# %% [markdown]
# Every search from the new region is slower than the whole 100 ms budget: its p99 is the
# round trip plus a few milliseconds of the home region's own latency, and no home replica
# can take the round trip away
# (exercise 30.4 asks what a nearer region changes). The home region still meets its objective, with its replicas busier
# than the 70 % target at peak. The panel above shows the same day when you set its "new
# region" control to "served from home": two more bars, each region's p99.
#
# Redesign: give the new region a read path of its own, a cell cache and read replicas
# there, sized with the same 70 % rule, fed by asynchronous replication from the home
# primary ([10 · Consistency](10_consistency.ipynb)); writes still go to the home primary,
# so an owner in the new region pays the round trip on each update. Each region now runs
# the same simulated day (the same sampled searches) scaled to its own traffic:

# %%
proximity.region_report(regional=True).round(3)

# %% [markdown]
# Both regions meet the SLO. The new region's two replicas carry the same load per replica
# as the home region's four, so the two rows measure the same latencies. The price is
# staleness: the new region's replicas get an update later, after the home replicas' delay
# plus the one-way trip across (half the round trip), so a new business shows up there a fraction of a second later than at
# home, still about one cache TTL after the write. The TTL, not the ocean, sets how stale
# the new region is.
#
# ## Try it
#
# **30.1** Traffic grows 10x, and the budget allows 20 read replicas. What share of
# searches must the cache serve whole, at least, so that 20 replicas satisfy the 70 % rule
# at the peak? Answer as a fraction, such as `0.5`; use the numbers printed above.

# %%
answer = ...
check("30.1", answer)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# from sysdesign import proximity
# from sysdesign.proximity import design
#
# peak = 10 * design.estimate(design.WORKLOAD).peak_read_qps
# answer = 1 - 20 * 0.7 * design.REPLICA_QPS / peak  # about 0.758
# assert proximity.replicas_needed(peak, answer + 1e-9) == 20
# ```
#
# Only the searches the cache does not serve whole reach a replica. 20 replicas at 70 %
# answer 20 × 0.7 × 2,000 = 28,000 searches a second; 10x the peak is about 115,700, so
# at most 24.2 % of searches may miss: the cache must serve about 75.8 % of them whole,
# well above today's 62.45 % (which would need 32 replicas).
# </details>
#
# **30.2** A new restaurant opens in a busy district and its owner adds it, while the
# replicas are 20 s behind (a slow night) and the cache TTL is 30 s. Which one accounts
# for more of the time searches nearby may still leave it out: `"cache TTL"` or
# `"replication lag"`? Decide first, then check with the update panel.

# %%
answer = ...
check("30.2", answer)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# answer = "cache TTL"
# ```
#
# `design.time_to_fresh(30, 20_000, 5)` is about 50 s: an entry reloaded before the
# replica catches up picks up the old list and keeps it for another TTL, so the two add
# up. The TTL's part, `design.time_to_fresh(30, 0, 0)`, is about 30 s; the lag's, with no
# cache, `design.time_to_fresh(0.001, 20_000, 5)`, about 20 s.
# </details>
#
# **30.3** The SLO tightens to p99 ≤ 5.5 ms at today's traffic. Can adding read replicas
# alone (up to 60) meet it? Predict `"yes"` or `"no"`, then try it in the panel.

# %%
answer = ...
check("30.3", answer)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# from sysdesign.proximity import design
#
# answer = "yes" if any(design.simulate_day(1, n, design.CACHE_CELLS, 5.5).meets_slo
#                       for n in range(1, 61)) else "no"
# ```
#
# Replicas shorten the queue, not the query: with many of them a search that misses pays
# the service and cache time (3 ms) plus one Exp(μ) query of 0.5 ms on average, and the
# p99 falls to about 4.8 ms. That is under 5.5 ms, so enough replicas do meet it (6 are
# enough; the default 4 give about 6.1 ms). Under 4.8 ms, no number of replicas would:
# then cache more cells, or make the query faster.
# </details>
#
# **30.4** Suppose the new region were nearer: 92 ms round trip from home instead of 150.
# Serve it from the home region (1.5x traffic in all). Can adding read replicas at home
# (up to 60) bring the new region's p99 under the 100 ms SLO? Predict `"yes"` or `"no"`,
# then try replica counts with `proximity.region_report` (its `replicas` and `rtt_ms`
# arguments).

# %%
answer = ...
check("30.4", answer)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# from sysdesign import proximity
#
# answer = "yes" if any(proximity.region_report(replicas=n, rtt_ms=92)
#                       .loc["new", "meets SLO"] for n in range(1, 61)) else "no"
# ```
#
# The round trip leaves 8 ms of the 100 ms for the time a search spends in the home region.
# With the default 4 replicas, busy at 1.5x traffic, the new region's searches spend 8.8 ms
# there at p99 (the home users' own p99, 9.4 ms in the table above, is another sample of the
# same queues), so the new region's p99 is 100.8 ms; with 5 replicas the queue shrinks and
# it drops to about 98.5 ms.
# At 150 ms no replica could help: the trip alone is over the budget.
# </details>
#
# ## Summary
# - Run the interview steps in order and let the numbers pick the design: a read-heavy
#   load and a catalogue that fits one primary call for caches and replicas before sharding.
# - A geohash index is a sorted column: cells are range scans, and the same cells are the
#   cache keys for hot areas. A quadtree adapts better to density but lives in memory.
# - Popular areas make a small cell cache effective; check a measured hit ratio against
#   Che's approximation and mind the first-lookup misses of a short trace.
# - Size replicas for the misses at peak with headroom; they shorten queues, not queries.
# - Updates go to the primary; searches see them within a cache TTL, which the
#   requirements allow. Choose the TTL, not the replication, as the staleness dial.
# - A far region served from home pays a cross-region round trip on every search; a
#   regional read path (cache and replicas fed asynchronously) removes it, at the price of
#   a little more lag, while writes still cross to the home primary.
#
# ## Where this shows up
# - Redis `GEOADD`/`GEOSEARCH` keep members in a sorted set scored by a 52-bit geohash;
#   PostGIS, Elasticsearch (`geo_distance`) and MongoDB (`2dsphere`) index locations for
#   the same queries.
# - The interview steps come from [00 · Start here](00_start_here.ipynb); the other
#   capstone, [29 · Design a URL shortener](29_url_shortener.ipynb), runs the same steps
#   on another design.
# - Models used: [01 · Estimation](01_estimation.ipynb), [06 · Caching](06_caching.ipynb),
#   [10 · Consistency](10_consistency.ipynb), [15 · Geohash and quadtrees](15_geohash_quadtree.ipynb),
#   [25 · Performance](25_performance.ipynb).
#
# ## Further reading
# - A. Xu and S. Lam, *System Design Interview – An Insider's Guide, Volume 2* (2022),
#   chapter 1, "Proximity Service".
# - H. Che, Y. Tung and Z. Wang, "Hierarchical Web caching systems: modeling, design and
#   experimental results", *IEEE JSAC* 20(7), 2002.
# - Redis documentation, `GEOSEARCH` and "Redis geospatial".

# %% [markdown]
# <!-- nav -->
# [← 29 · Design a URL shortener](29_url_shortener.ipynb) · [Contents](00_start_here.ipynb#Course-map)
