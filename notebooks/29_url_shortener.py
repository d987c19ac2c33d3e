# %% [markdown]
# # 29 · Design a URL shortener
#
# Design a URL shortener end to end the way an interview runs, from requirements to wrap-up, with every step computed by a model from an earlier notebook, then send one simulated day of Zipf-popular traffic through the design and hold its latency, cache hit ratio and per-shard load against the estimate.

# %% [markdown]
# <!-- nav -->
# [← 28 · Concurrency models: threads, processes, asyncio, reactors and actors](28_concurrency_models.ipynb) · [Contents](00_start_here.ipynb#Course-map) · [30 · Design a proximity service: nearby businesses, end to end →](30_proximity_service.ipynb)

# %% [markdown]
# ## What you will learn
# - How the steps of a design conversation (requirements, estimation, API, data model,
#   high-level design, deep dives, bottlenecks, wrap-up) turn into numbers, each from a
#   model you met earlier in the course.
# - The deep dives a shortener is known for: where short codes come from, how links are
#   sharded and resharded, how big the redirect cache must be, 301 against 302, what a
#   rate limiter buys, and how available one redirect is.
# - How to check a design: one simulated day through it, measured against the estimate,
#   and where and why the two differ.
# - How to redesign when a requirement changes (10× traffic, a stricter latency SLO, a new
#   region), and check the new design with the same simulation.
#
# Builds on: [00 · Start here](00_start_here.ipynb) (the interview process and this
# shortener in brief), [01 · Estimation](01_estimation.ipynb),
# [06 · Caching](06_caching.ipynb), [08 · Availability](08_availability.ipynb),
# [11 · Sharding](11_sharding.ipynb), [12 · Consistent hashing](12_consistent_hashing.ipynb),
# [13 · Distributed IDs](13_distributed_ids.ipynb),
# [16 · Rate limiting](16_rate_limiting.ipynb) and
# [25 · Performance](25_performance.ipynb). This notebook adds no model: the package
# `src/sysdesign/url_shortener/` only composes theirs (`design.py` the steps, `day.py` the
# simulated day).

# %%
from sysdesign import estimation as est
from sysdesign import url_shortener as us
from sysdesign.core.exercises import check
from sysdesign.url_shortener import experiments, plots, widgets

# %% [markdown]
# ## 1 · Requirements
#
# Ask before drawing. The answers we assume here, as in
# [00 · Start here](00_start_here.ipynb)'s worked design:
#
# - **Functional.** `shorten(long URL) → short code`; `GET /{code}` redirects to the long
#   URL. Links never change and last ten years. Click counts per link are a product
#   feature (they decide 301 against 302 below).
# - **Scale.** 100 million daily users; one new link per ten users a day; ten redirects
#   per new link.
# - **Quality.** Redirects are fast (a p99 objective of 20 ms inside the datacenter) and
#   available; creating a link may be slower. Codes must not collide.
#
# ## 2 · Estimation
#
# [01 · Estimation](01_estimation.ipynb) turns these into rates and sizes. Its worked
# example `URL_SHORTENER` is this workload; every assumption is on screen and can change:

# %%
workload = est.URL_SHORTENER
estimate = est.estimate(workload)
estimate.table().loc[["average read QPS", "peak read QPS", "peak write QPS",
                      "objects stored at the end of retention",
                      "data over retention, all replicas", "reads that cache serves"]]

# %% [markdown]
# Reads outnumber writes ten to one and peak at 2,315 a second; 36.5 billion links over
# ten years, 54.8 TB with three copies. The last row is 01's cache rule (keep the hottest
# 20 % of a day's distinct links): under Zipf skew α = 0.8 over billions of links it
# serves only 21 % of reads. The deep dive on caching comes back to that number.
#
# ## 3 · API
#
# Two calls are enough; over HTTP (the style of [03 · APIs](03_apis.ipynb)):
#
# | call | request | answer |
# |---|---|---|
# | create | `POST /links` with `{"url": ...}` and an API key | `201 Created`, `{"code": "..."}` |
# | redirect | `GET /{code}` | `302 Found` with `Location: <long URL>`, or `404` |
#
# The API key identifies a client for the rate limiter (redirects carry none: they are
# limited by IP address). Creating the same URL twice may
# return two codes (simplest) or the first one (one more index, on the URL's hash).
#
# ## 4 · Data model
#
# One table, `links (id BIGINT PRIMARY KEY, url TEXT, created, owner)`, read by primary key
# only: a key-value access pattern, which is why it shards cleanly
# ([11 · Sharding](11_sharding.ipynb)). The code *is* the id written in base 62, so a
# redirect decodes the code and reads one row. Here it is on real SQLite, with the
# `Shortener` of [00 · Start here](00_start_here.ipynb) (its table keeps only `id` and
# `url`):

# %%
from sysdesign.scaling import Shortener

links = Shortener(code_length=us.code_choices(workload).iloc[0]["symbols"])
code = links.shorten("https://www.rfc-editor.org/rfc/rfc9110#name-301-moved-permanently")
print(code, "->", links.resolve(code))
print("unknown code ->", links.resolve("zzzzzz"), "(HTTP 404)")
print("lookup:", links.plan())

# %% [markdown]
# The first link gets id 1, written in six symbols; SQLite finds it by a search on the
# integer primary key, one B-tree descent, never a scan
# ([14 · Indexes](14_indexes.ipynb)). That holds because the `Shortener` declares the column
# `INTEGER PRIMARY KEY`, which SQLite makes the rowid itself; declared `BIGINT PRIMARY KEY`
# it would be a separate unique index, one descent to find the rowid and a second to find
# the row. Click counts are a separate, append-only stream of
# events (see the wrap-up).
#
# ## 5 · High-level design
#
# The boxes of [00 · Start here](00_start_here.ipynb)'s scaling walk, with a load balancer
# ([05 · Load balancing](05_load_balancing.ipynb)) in front of stateless app servers:
#
# ```
# client ─► load balancer ─► app servers (stateless) ─► redirect cache (LRU)
#                                  │                        │ miss
#                                  ├─ rate limiter          ▼
#                                  └─ ID service ─► links: jump-hashed shards,
#                                                   each a primary + two replicas
# ```
#
# A redirect goes load balancer → app server → cache; a miss reads the link's shard. A
# create asks the ID service for a number, writes the row to its shard, and returns the
# code. Each box is a deep dive.
#
# ## 6 · Deep dives
#
# ### Short codes: a counter, a Snowflake or a hash?
#
# How many symbols does a code need? [13 · Distributed IDs](13_distributed_ids.ipynb)
# gives the ways to make unique numbers; base 62 writes them with digits and letters:

# %%
us.code_choices(workload)

# %% [markdown]
# A counter needs 6 symbols for ten years of links, but one counter is one point of
# failure: hand out blocks of numbers from a ticket server (13), and each app server
# spends its block locally. A Snowflake ID needs no coordination per ID (only a unique
# worker number per machine, 13), but its 63 bits take 11 symbols. Random 6-symbol codes (a hash of the URL, cut short) would collide
# billions of times: each new code must be checked against the table and retried. We
# take the counter in blocks. Counting codes are guessable; notebook 00 names the fix, a
# keyed permutation of the code space that keeps them unique and six symbols long.
#
# ### Sharding and resharding
#
# The links table is keyed by id, read by id: hash the id to a shard. Storage sets a
# floor on the number of shards: ten years are 18.3 TB per copy (notebook 00 finds three
# shards the least on its 10 TB servers); read load sets another, which the simulated day
# checks. We start with 8 shards of about 2.3 TB per copy and ask what growing to 10
# costs, with the partitioners of [11 · Sharding](11_sharding.ipynb) and
# [12 · Consistent hashing](12_consistent_hashing.ipynb):

# %%
per_copy = estimate.storage_total / workload.replication_factor
print(f"per copy: {est.format_bytes(per_copy)}, per shard of 8: {est.format_bytes(per_copy / 8)}")
us.resharding(8, 10)

# %% [markdown]
# With `id mod N`, going from 8 to 10 shards moves about four links in five; jump
# consistent hash moves one in five, the least any scheme can (each new shard must
# take its share). Jump hash numbers shards 0..N−1 and can only add or remove the last
# one, which suits a database that grows; a ring (12) also takes shards away in the middle.
#
# ### Caching the redirects
#
# Redirects are read-only and skewed: cache them. How big? [01](01_estimation.ipynb)'s
# skew model answers at full scale for an *ideal* cache (one that always holds the
# hottest links); [06 · Caching](06_caching.ipynb) sizes a real LRU cache from a trace
# with the Mattson stack algorithm. For a 50 % hit ratio:

# %%
experiments.cache_sizing(us.Design(cache_target=0.5))

# %% [markdown]
# At full scale half the reads need the hottest 1.18 billion links in memory, 591 GB: a
# cache tier, not one server (01's 21 % came from 8.6 GB). The skew is mild and the
# catalogue huge, so hit ratio is expensive. The simulated day (below) uses a smaller
# sample of 50,000 links; there, LRU needs about 2.5 times the slots of the ideal cache
# for the same 50 %, because it also keeps links that were clicked once. We size the
# sample's LRU on *yesterday's* trace and measure it on today's.
#
# ### 301 or 302?
#
# The freshness rules are those of [07 · CDN](07_cdn.ipynb). A **301 Moved Permanently**
# is *heuristically cacheable* (RFC 9110 §15.4.2): even without freshness headers, a
# cache, the browser's included, may keep it for a time it picks itself (RFC 9111 §4.2.2)
# and answer the next click on the same link without asking the shortener. A **302
# Found** is not in RFC 9110's list of heuristically cacheable codes (§15.1), so no cache
# may store it unless the response allows it explicitly: `Cache-Control: max-age` or
# `public`, an `Expires` header, `private` for a browser's own cache or `s-maxage` for a
# shared one (RFC 9111 §3). (The "only cacheable if indicated by Cache-Control
# or Expires" sentence often quoted for 302 is RFC 2616's; RFC 9110 §15.4.3 no longer
# says it, and RFC 9111 §3 carries the rule.) Here are 20,000 clicks by 500 browsers on
# Zipf-popular links, with browsers keeping every 301 all day:

# %%
us.redirect_status(clients=500, clicks=20_000)

# %% [markdown]
# The 301 saves the server the repeat clicks (about 7 % here, more for people who click
# the same link often) and loses exactly those clicks from the counts. A shortener that
# sells click analytics answers 302; one that only wants to spend less answers 301.
# Either default can be changed with `Cache-Control`.
#
# ### Rate limiting
#
# A scraper that walks codes one after another defeats the cache: it asks for links
# nobody else clicks, so (in this model) every request is a miss that lands on a shard.
# Here one client sends 4,000 requests a second for 10 seconds in the busiest hour,
# without and with a token bucket ([16 · Rate limiting](16_rate_limiting.ipynb)) of 10
# requests a second (burst 20) on its IP address; the shard is 25's M/M/1 queue, 500
# reads a second at most:

# %%
experiments.scraping(us.Design(), rps=4_000, seconds=10)

# %% [markdown]
# Unlimited, the scraper adds 500 reads a second to every shard and pushes them past
# capacity: for as long as the scrape lasts, the queues grow, and each cache miss waits,
# on average, longer than the one before (M/M/1 has no steady state above 100 %). Limited,
# it gets 119 requests through and the shards do not notice. The limit must sit above
# any real user's clicking rate, and many users can share one IP address behind a NAT:
# set it from measured per-IP rates, not from a guess. A scraper spread over many
# addresses gets past a per-IP limit; that calls for limits on the shards' total miss
# rate (load shedding, [17 · Resilience](17_resilience.ipynb)) as well.
#
# ### Availability
#
# One redirect needs the load balancer, enough app servers, and the link's shard (its
# primary or either replica: three copies, as the storage estimate assumed). The cache is not in the chain: if it fails, reads fall back to
# the shards (which must then carry them). With [08 · Availability](08_availability.ipynb)'s
# formulas, parts at three and four nines:

# %%
us.redirect_availability(lb=0.9999, app=0.999, app_servers=4, app_needed=3, db=0.999,
                         replicas=3)

# %% [markdown]
# Redundancy makes the app tier and the shard better than their parts; what remains is
# the single load balancer, which sets most of the 4 minutes 35 seconds of downtime a
# month. The next nine comes from a second load balancer (or DNS across two), not from
# more app servers. The formulas assume independent failures; a shared zone or a bad
# deploy breaks that (08).
#
# ## 7 · Bottlenecks: one simulated day
#
# Now run the design. One day of redirects goes through it: Zipf-popular links (α = 0.8,
# as [01 · Estimation](01_estimation.ipynb) assumed), hours that rise and fall so the
# busiest carries twice the average (01's peak factor), the LRU cache sized above, 8
# jump-hashed shards, and latency from round trips (01's table) plus M/M/1 queueing at
# the cache tier and at each shard ([25 · Performance](25_performance.ipynb)), with a
# shard serving one read in 2 ms on average. The day is *sampled*: 100,000 requests, each
# standing for 1,000 real ones, so rates below are real (the sample's times 1,000).

# %%
day = us.simulate_day(us.Design(), requests=100_000, links=50_000, seed=0)
print(f"{day.scale:,.0f} real requests per sampled one; cache of {day.cache_slots:,} links")
day.report().round(3)

# %% [markdown]
# Measured against estimated, row by row:
#
# - **Reads a second** agree on the day by construction (the sample is scaled to the
#   estimate); in the busiest hour they land within 1 % of the estimate's peak: the
#   sample's hours are random draws, so the hour's count wobbles around its share.
# - **Hit ratio**: the cache sized on yesterday reaches 49.6 % today, just under the 50 %
#   target: a new day's trace is not yesterday's.
# - **Per-shard load**: the mean is the estimate (misses ÷ shards); the busiest shard is
#   about 5 % above it. Each shard's busiest hour holds about 500 sampled misses, so a
#   few per cent either way is sampling noise; and jump hash spreads *links* evenly, not
#   *clicks*. The cache absorbs the hottest links, so no shard gets a hot spot; without
#   it, the shard holding the most popular link would carry that link's whole traffic.
# - **Latency** has no line in the estimate; 25's queues give it. A hit costs one round
#   trip to the cache (0.5 ms); a miss a second round trip and the shard. With hits just
#   under half, the median request is one of the quickest misses, about 1 ms; the p99 is
#   a miss that waited at its shard.
#
# Latency follows the traffic through the day: the shard queues grow with the load.

# %%
plots.latency_by_hour(day)

# %% [markdown]
# Both percentiles (tails of the misses) rise and fall with each hour's traffic, but
# only by a few milliseconds. Where is the bottleneck? A miss's time at its shard is
# M/M/1's exponential time in system (25), with mean 2 ms / (1 − ρ): at the busiest
# hour's ρ ≈ 0.29 that is 2.8 ms, 70 % of it the read itself, so the queue is short.
# About half the requests are hits, so the p99 of *all* requests is the misses' p98:
# two round trips (1 ms) plus ln(50) ≈ 3.9 means, about 12 ms in the busiest hours (the
# top of the orange line), less in quiet hours; 11 ms over the whole day. At today's traffic the
# design has room; the panel below shows how much.
#
# ## 8 · Wrap-up
#
# - **The numbers hold**: the simulated day meets the estimate for rates, hit ratio and
#   per-shard load; its p99 is about 11 ms, within the 20 ms objective, set by the
#   shard read time.
# - **Bottlenecks, in order**: the shards' read time (the p99), then cache memory
#   (each extra point of hit ratio costs more memory under mild skew), then the single
#   load balancer (availability).
# - **Next**: count clicks asynchronously, as events into a log
#   ([18 · Messaging](18_messaging.ipynb)), so the redirect never waits for analytics;
#   expire or archive links nobody clicks; spread reads over the replicas
#   ([10 · Consistency](10_consistency.ipynb)) if the primaries fill up.
#
# ## Your turn
#
# Change one requirement, redesign, and check with the same day. The panel runs a
# smaller sample (40,000 requests over 20,000 links) so it redraws quickly; its default
# is the design above. It draws each shard's reads in one hour of the day (scrub the
# hour, or press Play to watch the day go by) against the estimate's peak load per shard
# (dashed) and a shard's capacity (dotted), with that hour's p99 in the title, and prints
# the measured-vs-estimated table of the whole day:

# %%
panel = widgets.day_panel()  # hour 14, traffic 1×, 8 shards, cache for 50 %, 2 ms reads
panel.snapshot()

# %%
# NBVAL_IGNORE_OUTPUT
panel

# %% [markdown]
# At the default (hour 14, the profile's peak) every bar sits near the dashed estimate,
# far below capacity; at night (hour 2) the bars drop to about a sixth of it. Try 10×
# traffic: every shard goes red (over capacity) and about 40 % of the requests time out.
# Then redesign: how many shards does 10× need? What do a bigger cache or a faster
# shard read do to the p99?
#
# ### A new region
#
# The service launches far away: 30 % of the requests now come from users in a second
# region (an assumption; the total stays the same, and both regions follow the same hourly
# profile). 01's latency table puts a packet from California to the Netherlands and back
# at 150 ms. First serve them from home: every one of their requests crosses the ocean and
# back before it reaches the cache. Then redesign with a read path in the new region: a
# cache of its own (as many slots) and read replicas of the 8 shards, fed by asynchronous
# replication ([10 · Consistency](10_consistency.ipynb)); creating a link still writes to
# the home region. The same simulated day (the panel's 40,000 requests; its "new region"
# control runs the same three), with p99 latency per region:

# %%
print(f"cross-region round trip (01's table): {us.CROSS_REGION_RTT_S * 1e3:.0f} ms")
experiments.regions()

# %% [markdown]
# Served from home, the new region's p99 is about the home p99 plus the 150 ms round
# trip, far past the 20 ms objective; no number of shards or cache size at home can remove
# that trip. With the regional read path it drops to the home region's level (a little
# lower: its replicas carry only 30 % of the misses), and each region's cache still hits
# about half its requests: when requests are independent draws from the same popularity
# (as here), an LRU cache's hit ratio depends on that popularity and its size, not on how
# many requests it sees. The home shards now carry only the home region's misses (the
# busiest one drops from 32 % to 25 % busy at peak).
#
# The price is staleness. A new link reaches the new region's replicas after 10's
# replication lag: here a one-way crossing (75 ms) plus a random delay (mean 5 ms, 10's
# default, an assumption). The share of reads there that miss a link created t ms ago is
# 1 before 75 ms and e^(−(t − 75)/5) after, so 99 % find it after

# %%
print(f"{experiments.new_link_fresh_ms(0.01):.0f} ms")

# %% [markdown]
# Links never change once created, so only brand-new links are affected. Let a replica
# that does not know a code forward the request to the home region instead of answering
# 404 (and keep that "not found" out of the regional cache): then the round trip is paid
# only by the clicks in a link's first tenth of a second and by requests for codes that
# exist nowhere (typos, scrapers walking the code space), which the home region answers
# with 404.
#
# ## Try it
#
# **1.** Traffic grows 10× (1 billion daily users). Keep the cache sized for 50 % and
# shard reads at 2 ms. How many shards do you need so that, by the estimate, no shard is
# more than 70 % busy at peak (the 70 % model of 01)? Work it out, then set it in the
# panel: does the busiest shard measure what the estimate says?

# %%
answer = ...
check("29.1", answer)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# from sysdesign import url_shortener as us
#
# answer = us.shards_for(us.Design().scaled(10))  # 34
# ```
#
# Peak reads at 10× are 23,148 a second; the cache serves half, so 11,574 reach the
# shards. A shard serves 500 a second, 350 at 70 %: 11,574 / 350 = 33.1, so 34 shards.
# With jump hash, growing from 8 to 34 moves 1 − 8/34 ≈ 76 % of the links, the least
# possible; plan it before the traffic arrives, or start with more logical shards (11).
#
# In the panel (10×, 34 shards) the table's estimate says 68 % busy, but the busiest shard
# measures about 92 %: at 10× each of the panel's 40,000 sampled requests stands for 25,000
# real ones, so a shard's peak hour holds only about 50 sampled misses, about 14 % of
# noise, and the busiest of 34 lands far above the mean. The notebook's larger sample
# (100,000 requests) brings it down to about 80 %. Note also the p99 there, about 20 ms:
# at 68 % busy a miss waits 2 ms / 0.32 ≈ 6 ms at its shard on average, so the 70 % rule
# sizes for capacity, and the latency objective has no room left.
# </details>
#
# **2.** Customers may now change where a short link points after they have shared it,
# and every click after the change must go to the new target. Answer redirects with
# `"301"` or `"302"`?

# %%
answer = ...
check("29.2", answer)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# answer = "302"
# ```
#
# A 301 is cacheable by default, so a browser that followed a link once answers its
# next clicks itself, straight to the old target: the server never sees them
# (`us.redirect_status()` counts how many), so it cannot send them to the new one. A 302
# is not cached without explicit headers: every click reaches the server, which answers
# with the link's current target.
# </details>
#
# **3.** A stricter SLO: p99 at most 6 ms, at today's traffic. One change to the
# design: `"16 shards"`, `"cache sized for 80 %"` or `"shard reads in 1 ms"`. Predict which
# one meets it, then check with `us.simulate_day` and `experiments.meets`.

# %%
answer = ...
check("29.3", answer)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# from sysdesign import url_shortener as us
# from sysdesign.url_shortener import experiments
#
# answer = "shard reads in 1 ms"
# faster = us.simulate_day(us.Design(db_service_ms=1.0), requests=100_000, links=50_000)
# experiments.meets(faster, p99_ms=6.0)  # True
# ```
#
# At about 30 % utilisation a shard's queue is short, so a miss's time is mostly the read
# itself. Doubling the shards halves a wait that was already small (p99 about 10 ms); a
# bigger cache makes misses rarer, but the 99th percentile still falls on a miss (about
# 7.7 ms). Halving the read time also shortens the queue, so a miss's time at its shard
# falls by more than half (the 1 ms of round trips stays): p99 about 5.5 ms.
# </details>
#
# **4.** The regional read path is in place (30 % of the users in the new region, 8
# shards and a cache in each region), and traffic grows 3×. Each region is held to a p99
# of 15 ms. Which region breaks it: `"home"`, `"new region"`, `"both"` or `"neither"`?
# Predict, then check in the panel (or with `experiments.day`).

# %%
answer = ...
check("29.4", answer)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# from sysdesign.url_shortener import experiments
#
# grown = experiments.day(traffic=3, region="regional read path")
# p99 = {r: grown.percentile(99, r) * 1e3 for r in ("home", "new")}  # about 17 and 10 ms
# answer = "home"
# ```
#
# Each region's misses queue at its own 8 shards, and the home shards carry 70 % of
# them: at 3× the busiest is about 74 % busy at peak, where an M/M/1 queue's wait has
# grown much faster than the load, and the home p99 passes 15 ms. The new region's
# replicas carry only its 30 % of the misses, about 30 % busy at peak, and its p99 stays
# near 10 ms. Growth in the bigger region is what the home shards must be sized for.
# </details>
#
# ## Summary
# - An interview design is a chain of estimates; each link of the chain is a model you
#   can run: 01 for rates and sizes, 13 for codes, 11 and 12 for shards, 06 for the
#   cache, 16 for abuse, 08 for availability, 25 for latency.
# - Count codes (in blocks from a ticket server) and write them in base 62: 6 symbols
#   for ten years, no collisions. Random codes collide and must be checked.
# - Shard by a hash of the id with jump hash: growing moves only the new shards' share.
# - Size the cache by hit ratio, and know what it costs: under mild skew, half the
#   reads need a billion links in memory. LRU needs more than the ideal cache.
# - 302 if clicks are counted, 301 if load matters more; rate-limit each client (API
#   key for creates, IP address for redirects) so that a scraper's cache misses cannot
#   overload the shards; redundancy everywhere but the load balancer still leaves it as
#   the weak link.
# - Check the design with a simulated day and compare with the estimate: they agree on
#   rates and load; the p99 comes from the slowest path, here the shard read.
# - A far region pays the cross-region round trip (150 ms) on every request unless it
#   reads locally: a regional cache and read replicas fed asynchronously, whose lag
#   (about 0.1 s) only delays brand-new links there.
#
# ## Where this shows up
# - Link shorteners such as Bitly and TinyURL, and the short links social networks put in
#   posts, serve this workload: many links, read-mostly, skewed. It is a classic
#   interview question (Xu's chapter 8).
# - The same shape (key-value lookups, a hot set in cache, sharded store) serves
#   sessions, feature flags and paste sites.
# - The simulated day reuses [05 · Load balancing](05_load_balancing.ipynb)'s and
#   [25 · Performance](25_performance.ipynb)'s way of reading latency by percentiles; the
#   next capstone, a proximity service, composes the geo models of
#   [15 · Geohash and quadtrees](15_geohash_quadtree.ipynb) the same way.
#
# ## Further reading
# - R. Fielding, M. Nottingham and J. Reschke, RFC 9110 "HTTP Semantics" (2022), §15.1
#   (heuristically cacheable codes), §15.4.2 (301) and §15.4.3 (302); RFC 9111 "HTTP
#   Caching", §3 (when a response may be stored) and §4.2.2 (heuristic freshness).
# - A. Xu, *System Design Interview: An Insider's Guide* (2020), chapter 8, "Design a URL
#   shortener".
# - J. Lamping and E. Veach, "A Fast, Minimal Memory, Consistent Hash Algorithm" (2014).
# - R. Mattson, J. Gecsei, D. Slutz and I. Traiger, "Evaluation techniques for storage
#   hierarchies", *IBM Systems Journal* 9(2), 1970.
# - L. Breslau, P. Cao, L. Fan, G. Phillips and S. Shenker, "Web caching and Zipf-like
#   distributions: evidence and implications", INFOCOM 1999.

# %% [markdown]
# <!-- nav -->
# [← 28 · Concurrency models: threads, processes, asyncio, reactors and actors](28_concurrency_models.ipynb) · [Contents](00_start_here.ipynb#Course-map) · [30 · Design a proximity service: nearby businesses, end to end →](30_proximity_service.ipynb)
