# %% [markdown]
# # 06 · Caching: eviction, strategies and hit ratios
#
# Fill caches under six eviction policies on traces with and without locality, size a cache for a target hit ratio from one pass, and compare read/write strategies on latency, database load, stale reads and writes lost in a crash, down to races and stampedes.

# %% [markdown]
# <!-- nav -->
# [← 05 · Load balancing and proxies](05_load_balancing.ipynb) · [Contents](00_start_here.ipynb#Course-map) · [07 · Content delivery networks: edges, shields and cache headers →](07_cdn.ipynb)

# %% [markdown]
# ## What you will learn
# - Where caches sit on a request's path, and what a hit at each layer saves the user.
# - How FIFO, LIFO, LRU, MRU, LFU and random replacement choose a victim; why they tie or
#   swap places on independent requests but not on traffic with temporal locality; and
#   which workload defeats each of them.
# - How to size a cache for a target hit ratio from one pass over a trace, and why first
#   requests put a ceiling on every hit ratio.
# - What cache-aside, read-through, invalidation, write-around, write-through and
#   write-back cost in latency and database load, when they serve stale data, what a crash
#   loses, and how TTLs, leases, request coalescing and refresh-ahead help.
#
# Builds on: [01 · Back-of-the-envelope estimation](01_estimation.ipynb) (the 80/20 rule
# and sizing a cache in memory). The models live in `src/sysdesign/caching/`; open
# `policies.py` beside this notebook: each policy is a few lines.

# %%
import pandas as pd

from sysdesign.caching import experiments, plots
from sysdesign.core.exercises import check

# %% [markdown]
# ## Where caches live
#
# A cache keeps a copy of data closer to whoever asks for it, so the request never
# travels further. Every layer a request passes can hold one: the browser or mobile
# app, a CDN edge near the user, the reverse proxy in front of the web servers, the
# application (in its own memory or in a shared store such as Redis or Memcached), and
# the database itself, which keeps hot pages in memory. The figure prices a hit at each
# layer as the user sees it: the network round trip to reach the layer, plus the work
# done there. Both round trips are assumptions, written under the figure (arguments of
# `plots.where_caches_live`), and so is the work inside the data centre (0.5 ms for the
# reverse proxy; 2 ms for the application and a Redis round trip; 5 ms for a database
# query answered from memory; `plots.CACHE_LAYERS`).

# %%
plots.where_caches_live(edge_rtt_ms=20, origin_rtt_ms=80)

# %% [markdown]
# A browser hit costs next to nothing, a CDN hit one short round trip; everything in the origin
# data centre costs the long round trip first, and the milliseconds spent inside it are
# small beside that. A hit deeper in the data centre still matters, for the servers:
# every layer that answers spares the ones behind it.

# %% [markdown]
# ## A cache that forgets: LRU in ten lines
#
# A cache has a fixed number of slots. A request for a key already inside is a *hit*;
# otherwise it is a *miss*: the key is fetched and stored, and when the slots are full
# a victim must go. *Least recently used* (LRU) evicts the key untouched for longest.
# Here it is with a plain list, most recent last:

# %%
def naive_lru_hits(trace, capacity):
    cache, hits = [], 0
    for key in trace:
        if key in cache:
            hits += 1
            cache.remove(key)
        elif len(cache) == capacity:
            cache.pop(0)  # the least recently used key is at the front
        cache.append(key)
    return hits


# %% [markdown]
# The course's `simulate` runs the same policy with an ordered dictionary (O(1) per
# request) and gives the same count on a skewed trace of 20,000 requests:

# %%
from sysdesign.caching import simulate, zipf_trace

trace = zipf_trace(20_000, n_keys=1_000, alpha=1.0, seed=1)
result = simulate("lru", trace, capacity=100)
assert result.hits == naive_lru_hits(trace.tolist(), 100)
print(f"{result.hits:,} hits, {result.misses:,} misses: hit ratio {result.hit_ratio:.1%}")

# %% [markdown]
# A cache holding 10 % of the keys answers over half of the requests, because this
# trace is skewed: a few keys are asked for again and again. (`simulate` runs a loop
# tuned for speed; a test in `tests/caching/test_policies.py` checks, on random traces,
# that it gives the same hit or miss at every request as the `LRU` class
# you can read in `policies.py`, and likewise for every other policy.)

# %% [markdown]
# ## Six eviction policies, step by step
#
# The policies differ only in which key they evict:
#
# | policy | evicts | remembers |
# |---|---|---|
# | FIFO | the key that entered first | insertion order |
# | LIFO | the key that entered last | insertion order |
# | LRU | the key used longest ago | order of use |
# | MRU | the key used most recently | order of use |
# | LFU | the key used least often (ties: least recently used) | a count per key |
# | Random | a key picked at random (seeded) | nothing |
#
# Below, the same short trace runs through FIFO (top) and LRU (bottom) with 3 slots
# (`experiments.step` replays it with `step_through`, `plots.step_grids` draws it).
# Each column is one request: its key on top (green hit, red miss), then the slots
# after it; `−k` marks the key evicted. The panel that draws it comes right after; this
# cell shows what it draws at its defaults.

# %%
from sysdesign.caching.widgets import step_panel

steps = step_panel()
steps.snapshot(tables=True)

# %% [markdown]
# At request 10, FIFO throws out key 1 because it came in first, although it was just
# used; LRU throws out 5 instead. In the panel, pick other traces, policies and sizes,
# and press play (or drag the time slider) to watch the grids fill request by request:

# %%
# NBVAL_IGNORE_OUTPUT
steps

# %% [markdown]
# ## Belady's anomaly: more memory, more misses
#
# You would expect a bigger cache never to miss more. For FIFO that is false. On the
# trace 1, 2, 3, 4, 1, 2, 5, 1, 2, 3, 4, 5 FIFO misses 9 times with 3 slots and 10
# times with 4 (Belady, Nelson and Shedler, 1969):

# %%
from sysdesign.caching import BELADY_TRACE, faults

sizes = [1, 2, 3, 4, 5]
counts = {p: faults(p, BELADY_TRACE, sizes) for p in ("fifo", "lru")}
print(counts)
plots.faults_vs_capacity(sizes, counts)

# %% [markdown]
# LRU never does this. At every moment an LRU cache of c slots holds the c most
# recently used keys, so its contents are a subset of a bigger LRU cache's (the
# *inclusion property*), and every hit in the small cache is a hit in the big one.
# FIFO has no such property: the two caches evict in different orders. The test suite
# checks the inclusion property on a hundred random traces; here is one check:

# %%
from sysdesign.caching import LRU

small, big = LRU(3), LRU(4)
for key in zipf_trace(2_000, n_keys=50, alpha=0.8, seed=2).tolist():
    small.access(key), big.access(key)
    assert set(small.contents()) <= set(big.contents())
print(small.hits, "<=", big.hits)

# %% [markdown]
# ## Skew: the 80/20 rule, measured
#
# Real traffic is skewed: a few keys (the front page, a celebrity's profile) take most
# requests. A common model is Zipf's law: the key of popularity rank k is asked for
# with probability proportional to 1/k^α. The exponent α sets the skew; α = 0 is
# uniform. How much of the traffic the hottest 20 % of the keys take depends strongly
# on α (web proxy traces measured by Breslau et al., 1999, had α between about 0.64 and
# 0.83; [01 · Back-of-the-envelope estimation](01_estimation.ipynb) draws the whole
# curve). Over 1,000 keys:

# %%
from sysdesign.caching import top_share

for alpha in (0.0, 0.6, 0.8, 1.0, 1.4):
    print(f"α = {alpha}: hottest 20% of keys take {top_share(1_000, alpha):.0%} of requests")

# %% [markdown]
# The "80/20 rule" is one point on this curve, near α = 1 (79 %); at the skews Breslau et
# al. measured, the hottest 20 % take only about half to two thirds of the requests.

# %% [markdown]
# ## Hit ratio against cache size, for every policy
#
# ### Independent requests: recency carries no information
#
# Now every policy on the same Zipf(1.0) trace of 10,000 requests over 1,000 keys, at
# eight cache sizes from 5 to 1,000 slots (1,000 slots hold every key, so only first
# requests miss). Zipf draws are *independent*: each request ignores the ones before it.

# %%
from sysdesign.caching.widgets import policy_panel

policies = policy_panel()  # at its defaults: Zipf α = 1.0, 10,000 requests
policies.snapshot(tables=True)

# %% [markdown]
# Read the figure from the top: LFU leads, MRU trails far behind, and the middle holds
# three surprises. FIFO and Random draw one line (Random is the dashed one with crosses,
# on top of FIFO's). LIFO, which never evicts the keys that arrived first, beats LRU at
# most sizes. And LRU, the usual default, gains only a few points over FIFO. Counted:

# %%
curves, sizes = policies.result["curves"], policies.result["sizes"]
print(f"LIFO above LRU at {sum(curves['lifo'] > curves['lru'])} of {len(sizes)} sizes; "
      f"FIFO and Random at most {max(abs(curves['fifo'] - curves['random'])):.1%} apart")

# %% [markdown]
# All three follow from independence. How recently a key was used says nothing about
# whether it comes next; only its popularity does. So the best a policy can do is keep
# the most popular keys, which LFU estimates by counting. LIFO, once full, evicts only
# the newest arrival, so the first keys to arrive stay for good, and under Zipf those
# are mostly popular ones: a fixed, well-chosen set beats LRU's constantly reshuffled
# one. MRU throws out the key it just served, which is as likely to return as ever.
# FIFO and Random ignore use altogether, and for independent requests theory says they
# hit equally often in the long run (Gelenbe, 1973): in both, the chance that the cache
# holds a given set of keys is proportional to the product of their request
# probabilities (King, 1971, for FIFO), which `theory.fifo_random_hit_ratio` adds up
# exactly. LRU has no exact short formula, but Che's approximation (2002) is close.
# Simulated on 40,000 requests, the first 8,000 only warming the cache, against theory:

# %%
experiments.theory_table(capacities=(10, 100))

# %% [markdown]
# ### Temporal locality: recency wins
#
# Real request streams are not independent: a user who opened a page is likely to open
# it again soon; a job touches the same rows in a burst. The *LRU stack model*, a classic
# model of temporal locality (its properties are worked out by Rau, 1977), captures
# that. Keys sit on a stack, most recent on top; each request picks a
# depth d with probability proportional to 1/d^θ, asks for the key found there, and moves
# it to the top. Every key is equally popular in the long run; what predicts the next
# request is how recently a key was used. An LRU cache of c slots then hits exactly the
# repeat requests drawn at depth c or less (a test checks this request by request).

# %%
locality = experiments.policy("locality", alpha=1.0)
plots.hit_ratio_curves(locality["sizes"], locality["curves"],
                       title="Stack model, θ = 1.0: recently used keys come back")

# %% [markdown]
# The order flips. LRU leads, FIFO follows closely (what entered recently was usually
# used recently), Random trails them, and the three policies that ignore recency or turn
# it upside down fall far behind: up to a hundred slots they hit less than half as often
# as LRU. LFU's counts grow evenly across keys, LIFO's frozen first keys are soon old
# news, and MRU throws out the key just used, the one most likely to come back. Change
# the workload, the skew α (the locality θ for the stack model; α = 0 is uniform traffic)
# and the trace length:

# %%
# NBVAL_IGNORE_OUTPUT
policies

# %% [markdown]
# ## How big must the cache be? One pass for every size
#
# Sizing a cache means finding the smallest size that reaches a target hit ratio.
# Simulating every size is slow. For LRU there is a shortcut (Mattson et al., 1970):
# keep all keys on one stack, most recently used on top. A request whose key sits at
# depth d is a hit in every LRU cache with at least d slots, because of the inclusion
# property. So one pass that records each request's depth, its *stack distance*,
# answers every cache size at once. Here is the stack, literally:

# %%
from sysdesign.caching import stack_distances_simple

print(stack_distances_simple("abcba"))  # 0 marks a first request (a miss at any size)

# %% [markdown]
# The second `b` finds one key (`c`) above it: distance 2. The second `a` finds two:
# distance 3. `stack_distances` computes the same numbers with vectorised numpy (how
# many distinct keys lie between two uses, counted with a merge sort in `_fast.py`), fast
# enough for millions of requests; the miss-ratio curve equals a simulation at every size:

# %%
from sysdesign.caching import lru_miss_ratio_curve, stack_distances

trace = zipf_trace(20_000, n_keys=10_000, alpha=1.0, seed=0)
assert stack_distances(trace[:2_000]).tolist() == stack_distances_simple(trace[:2_000])
curve = lru_miss_ratio_curve(trace, [100, 1_000, 5_000])
assert curve[1] == simulate("lru", trace, 1_000).miss_ratio
print("miss ratio at 100, 1,000, 5,000 slots:", curve.round(3))

# %% [markdown]
# ### The ceiling: first requests always miss
#
# A key's first request misses in any cache, whatever its size (a *compulsory* miss).
# A trace of 100,000 requests over 10,000 keys touches only part of them, and each first
# touch caps the hit ratio. Counted from a cold start, that ceiling sits just above 90 %,
# so a 90 % target looks as if it needed most of the key space. A cache in production has
# been running for days and has seen its keys before; so we size on a *warmed-up* trace:
# the first half of the trace only fills the cache, and hits are counted over the second
# half (`warmup=` in `simulate`, `lru_miss_ratio_curve` and `size_for_hit_ratio`). The
# first requests that remain in the second half still cap it, at a higher ceiling.

# %%
from sysdesign.caching.widgets import cache_size_panel

sizer = cache_size_panel()  # at its defaults: Zipf α = 1.0, 10,000 keys, target 90 %
for name in ("cold", "warm"):
    print(f"{name:4}: ceiling {sizer.result[name + '_ceiling']:.1%}, "
          f"90% needs {sizer.result[name + '_needed']:,} slots")
sizer.snapshot(tables=True)

# %% [markdown]
# The two curves nearly coincide until the cold one bends under its ceiling: counted from a
# cold start, the last points before 90 % cost over a thousand slots that buy nothing
# but a way round the first requests. The warmed-up count needs about half the keys for
# 90 %, which is also what Che's approximation predicts for a cache that has run for ever
# (a test checks that). The panel draws the same curves for other skews, key counts and
# targets:

# %%
# NBVAL_IGNORE_OUTPUT
sizer

# %% [markdown]
# ## When each policy loses
#
# No policy wins everywhere; each has a workload that defeats it.
#
# **A scan wipes out LRU.** A crawler or batch job that reads many keys once, while
# users keep browsing, pushes hot keys out of an LRU cache: every new key becomes
# "most recent". LFU gives a new key a count of 1, so the scan's keys evict each other
# and the hot keys stay. Below, a scan of 500 new keys starts every 3,000 requests
# (dotted lines), interleaved with the normal traffic, and the cache has 100 slots:

# %%
from sysdesign.caching import hits_per_request, zipf_with_scans_trace

scans = zipf_with_scans_trace(20_000, 1_000, 1.0, scan_length=500, scan_every=3_000)
plots.hit_ratio_over_time({p: hits_per_request(p, scans, 100) for p in ("lru", "lfu")},
                          title="A scan every 3,000 requests: LRU loses its hot set",
                          marks=range(3_000, 20_000, 3_000))

# %% [markdown]
# Half the requests during a scan are new keys that miss under any policy, so both
# curves dip; LRU's dips are deeper because it also evicts its hot keys and misses on
# the regular requests too.

# %% [markdown]
# **A shifting hot set defeats LFU, eventually.** When popularity moves (yesterday's
# news), LFU clings to keys with high old counts. Here 90 % of requests go to 50 keys
# that change every 5,000 requests (dotted lines), with 100 slots:

# %%
from sysdesign.caching import shifting_hot_set_trace

shifting = shifting_hot_set_trace(20_000, 1_000, hot_keys=50, hot_share=0.9, phases=4)
plots.hit_ratio_over_time({p: hits_per_request(p, shifting, 100) for p in ("lru", "lfu")},
                          title="The hot set moves every 5,000 requests",
                          marks=(5_000, 10_000, 15_000))

# %% [markdown]
# LFU survives the first shift and collapses at the second. The 100 slots hold two hot
# sets' worth of keys (2 × 50): after the first shift the 50 old hot keys keep their high
# counts (each got about 0.9 × 5,000 / 50 = 90 requests), but the other 50 slots hold cold
# keys with counts of 1 or 2, so the new hot keys displace those and climb. After the
# second shift, the two old hot sets fill all 100 slots with counts near 90; each new key
# enters with a count of 1 and is the next victim, so the new hot set never gets in.
# (The test suite checks this rule on
# other sizes: LFU recovers while all the hot sets so far fit in the slots, and collapses
# once the old ones alone fill them.) LRU adapts within a few hundred requests every time.
#
# **A loop one key larger than the cache is MRU's one good case.** Cycling over 101
# keys with 100 slots, LRU (and FIFO, and LFU) always evicts exactly the key needed
# next and never hits. MRU evicts the key just used, which is needed last:

# %%
from sysdesign.caching import loop_trace

loop = loop_trace(10_000, loop_length=101)
print({p: round(simulate(p, loop, 100).hit_ratio, 3) for p in ("lru", "fifo", "lfu", "mru")})

# %% [markdown]
# Production caches combine the ideas. SLRU keeps new keys in a probation segment and
# promotes them to a protected one only on a second use; 2Q keeps them in a small FIFO
# queue and admits a key to its main LRU list only if it is asked for again after leaving
# that queue (it remembers the names of recently dropped keys). Either way one-time keys
# do not push out hot ones. S3-FIFO (Yang et al., SOSP 2023) does the same with FIFO queues
# only, which are cheaper to run concurrently than LRU's list: a small FIFO queue (10 % of
# the space) takes new keys; a key that reaches its end without being used again is
# evicted and its name kept in a *ghost* FIFO queue (as many names as the main queue
# holds keys), and a key that was used again moves on to the main FIFO queue (90 %).
# The main queue evicts like a clock with a two-bit counter per key: each use raises the
# count (up to 3), and a key reaching the end with a count above zero is reinserted with
# its count lowered by one instead of evicted, so a busy key survives up to three
# passes. A key found in the ghost queue goes straight to the main queue. (How many uses
# in the small queue earn the move is a parameter: one in the authors' description, two
# in libCacheSim's current default.) Caffeine (Java) uses W-TinyLFU: frequency counts
# that age, admitting a new key only if it is likely to be used more than the victim.

# %% [markdown]
# ## Read and write strategies
#
# Eviction decides *what* is cached; strategies decide *who* reads and writes the
# database (the system of record) and *when*. The model: one cache round trip costs
# 1 ms, one database round trip 10 ms, the cache is LRU with 50 slots and an optional
# TTL, and every write gives the key a new version, so we can spot stale reads (a read
# that returns a version older than the latest write).
#
# **Reads.** On a miss, *cache-aside* has the application read the database and put the
# value in the cache; *read-through* has the cache do it, with a loader it was configured
# with once. The trips are the same: one to the cache, one to the database (the
# cache-aside fill is a third message, sent once the value is in hand; the reader need
# not wait for it, and the model does not charge it). So the numbers are the same; what
# differs is who owns the loading code:
#
# ```python
# # cache-aside: this code sits in every service that reads
# v = cache.get(k)
# if v is None:
#     v = db.get(k)
#     cache.set(k, v)
# ```
#
# ```python
# # read-through: the loader is given to the cache once (as with Caffeine's LoadingCache)
# cache = LoadingCache(loader=db.get)
# v = cache.get(k)  # on a miss the cache calls db.get(k) and keeps the value
# ```
#
# A cache that owns its loader can also merge concurrent misses of one key into one
# database read (see the stampede below).
#
# **Writes.**
# - **Invalidate** (cache-aside's write): write the database, then delete the cached
#   copy; the next read misses and loads the new version. Facebook's memcache deletes
#   rather than updates because deletes are idempotent (Nishtala et al., 2013).
# - **Write-around**: write the database only and leave the cache alone. In hardware
#   caches the closest policy is *no-write-allocate*: a write miss does not bring its block
#   into the cache (a write hit still updates the cached block). Write-around in an
#   application cache does not even do that: a copy cached before the write stays there,
#   stale, until its TTL ends or it is evicted. It suits data written often and read
#   rarely (logs, history); where cached copies matter, pair it with a short TTL, or
#   delete the key on write, which turns it into cache-aside's write.
# - **Write-through**: the cache writes the database synchronously and keeps the new
#   value: reads after a write hit fresh data, but every write pays for the database.
# - **Write-back** (write-behind): the cache takes the write and acknowledges at once;
#   dirty entries reach the database at the next flush (every N operations here), or
#   when evicted or expired. Fast, and repeated writes to a key cost one database write,
#   but a crash loses every acknowledged write not yet flushed.
#
# The notes this course follows describe write-around with the code
# `sor.put(k, v); cache.put(k, v)`: write the database, then update the cache. That is
# Ehcache's cache-aside write, in effect a write-through done by the application, not
# write-around, which does not touch the cache.
#
# Each strategy is a small class in `src/sysdesign/caching/strategies.py` that fills in
# one hook. Here 10 % of the writes come from *another* service that writes the
# database directly, behind the cache's back, as happens whenever more than one system
# owns the data:

# %%
from sysdesign.caching.widgets import strategy_panel

strategies = strategy_panel()
print(strategies.values())  # ttl 0 means no TTL
strategies.snapshot(tables=True)

# %% [markdown]
# Every strategy serves some stale reads, because nothing tells the cache about the other
# service's writes; write-around serves far more, because it also leaves the stale copy
# after its own writes. Write-back has the lowest latency and the fewest database
# writes, and the only acknowledged writes at risk. It has a subtler flaw too: a flush
# writes the cached version over whatever is in the database, so when the other service
# wrote a newer one in between, that write is lost, and no TTL brings it back. Move the
# read ratio, the write-back flush interval, the other service's share of writes and the
# TTL:

# %%
# NBVAL_IGNORE_OUTPUT
strategies

# %% [markdown]
# ### TTLs bound staleness, at the price of misses
#
# A *time to live* makes every entry expire a fixed time after it was stored (here in
# operations; an entry stored at t is used while now < t + TTL, as in `cachetools.TTLCache`,
# which a test replays the model against). A stale copy then lives at most one TTL. The
# same cache-aside run at five TTLs, from none to 10 operations:

# %%
ttl_runs = experiments.ttl_sweep()
for ttl, run in zip(experiments.TTLS, ttl_runs, strict=True):
    print(f"TTL {ttl or 'none':>4}: {run.stale_reads:3} stale reads "
          f"({run.stale_reads / run.reads:.2%} of reads), {run.db_reads:,} DB reads")

# %% [markdown]
# A TTL longer than entries survive eviction anyway changes little (400 operations
# here); below that, each shorter TTL removes stale reads and adds database reads.

# %% [markdown]
# ### The cache-aside race: a stale value that stays until the TTL
#
# With one client at a time, invalidation never serves stale data. With concurrent
# clients it can. Reader A misses and reads the row (version 1); before A's
# fill reaches the cache, writer B updates the row to version 2 and deletes the key,
# which is not cached yet, so the delete removes nothing; then A's fill stores version 1.
# No later write will remove it: readers get version 1 until the TTL ends. The model
# runs on the course's event engine (`core.events`), every message taking 1 ms, A's query
# 8 ms; later readers arrive every 10 ms:

# %%
from sysdesign.caching.races import race_window
from sysdesign.caching.widgets import race_panel

races = race_panel()  # writer B starts at 4 ms, TTL 40 ms, no leases
race = races.result
print(f"stale from {race.stale_window[0]:g} to {race.stale_window[1]:g} ms, "
      f"{race.stale_reads} stale reads")
print("the race happens when writer B starts between {:g} and {:g} ms".format(*race_window()))
races.snapshot(tables=True)

# %% [markdown]
# The race needs B's commit to follow A's read and B's delete to reach the cache before
# A's fill: `race_window` derives from the timings when B may start for that (printed
# above; a test checks the model races exactly inside it). Memcache closes it with a
# *lease* (Nishtala et al., 2013): a miss hands out a token, a delete invalidates it, and
# a fill with an invalid token is refused; while one client holds the token, others that
# miss are told to wait. Scrub through time, move the writer, shorten the TTL, and switch
# leases on:

# %%
# NBVAL_IGNORE_OUTPUT
races

# %% [markdown]
# ### Cache stampede: when a hot key expires
#
# A hot key read 2 times per millisecond expires; loading it takes 20 ms. Every request
# that arrives before the first reload finishes misses too, and starts its own database
# read: about 1 + 2 × 20 = 41 reads per expiry (a test checks the model against that
# formula). Vattani et al. (2015) call this a *cache stampede*. The cures: *coalescing*
# (single flight: later misses wait for the first load; a read-through cache or a lease
# does this), *probabilistic early expiration* (their XFetch: each hit recomputes early
# with a probability that grows as expiry nears, so one request usually reloads before
# anyone misses) and *refresh-ahead* (as in Caffeine's `refreshAfterWrite`; here a hit on
# an entry older than half its TTL starts one background reload and is answered from the
# cache). Each row runs the same arrivals:

# %%
from sysdesign.caching.widgets import stampede_panel

stampedes = stampede_panel()  # 2 requests per ms, a 20 ms load, a 100 ms TTL, 400 ms
stampedes.snapshot(tables=True)

# %% [markdown]
# Without protection each expiry starts a burst of dozens of reads. Coalescing cuts it
# to one read, but every request that arrives during the load waits for it. Early
# expiration reloads before expiry, so nobody misses, at the price of several extra reads
# (with 40 requests per load time, one of them fires well before the expiry) and of the
# request that reloads waiting for it. Refresh-ahead keeps a busy key from ever
# expiring, with one background read per refresh and no waiting at all (a key nobody
# reads still expires). Drag the time slider (or press play) to watch a burst build after
# an expiry and drain as the loads finish; try other rates, load times and TTLs:

# %%
# NBVAL_IGNORE_OUTPUT
stampedes

# %% [markdown]
# ## Query-level or object-level caching
#
# What is the key? A *query-level* cache keys results by the SQL text and its
# parameters: one lookup serves a page. An *object-level* cache keys rows as objects
# (`user:7`, `post:31`) and assembles pages from them. The difference shows when data
# changes. Below, a small blog in a real SQLite database (20 users, 100 posts) serves
# every page (profiles, each user's latest posts, the front page, each post) from both
# caches; then user 7 changes their name, and each page served from the cache is compared
# with re-running its query in SQLite:

# %%
experiments.query_or_object(rename_user=7)

# %% [markdown]
# The query cache cannot tell from its keys which results mention user 7: left alone
# until their TTL, the affected pages are served with the old name; dropped safely, by
# table, every entry goes, because every page's query reads the users table. (That second
# row is what MySQL's query cache did: any write to a table flushed every cached result
# that read it. That is one reason MySQL deprecated it in 5.7.20 and removed it in 8.0;
# PostgreSQL never had one, so the database layer in the first figure caches pages, not
# results.)
# The object cache deletes one key and serves every page right, but assembling pages from
# objects costs more than twice the lookups. Query caching suits results that are
# expensive to compute and rarely invalidated; object caching suits data that changes and
# is shared by many pages.

# %% [markdown]
# ## A crash during write-back
#
# Each acknowledged write that sits only in the cache is lost in a crash. A key written
# three times since the last flush holds three acknowledged writes, so what a crash loses
# is counted in writes, not in dirty keys:

# %%
from sysdesign.caching.widgets import crash_panel

crashes = crash_panel()  # a flush every 200 operations, 70 % reads, a crash after 1,500
back = crashes.result
print(f"a crash after operation 1,500 loses {back.lost_on_crash(1_500)} acknowledged writes "
      f"({back.dirty_keys[1_500]} dirty keys); the worst moment loses {back.max_at_risk}")
crashes.snapshot(tables=True)

# %% [markdown]
# The saw-tooth rises between flushes and drops to zero at each one. Flushing more
# often shrinks the risk and raises database writes; replicating the cache or logging
# writes durably before acknowledging them removes the risk at a latency cost.

# %%
# NBVAL_IGNORE_OUTPUT
crashes

# %% [markdown]
# ## Read-heavy or write-heavy: what to reach for
#
# The read ratio decides which of these matter. Compare a read-heavy mix (95 % reads)
# with a write-heavy one (20 % reads), with no other writer:

# %%
from sysdesign.caching import compare_strategies, read_write_trace, strategy_table

mixes = {f"{r:.0%} reads": read_write_trace(5_000, 500, read_ratio=r, seed=0) for r in (0.95, 0.2)}
columns = ["mean latency (ms)", "DB writes", "writes at risk (max)"]
pd.concat({name: strategy_table(compare_strategies(mix, capacity=50))[columns]
           for name, mix in mixes.items()}, axis=1)

# %% [markdown]
# With 95 % reads the strategies differ by under a millisecond: what matters is the
# hit ratio. With 20 % reads every synchronous strategy writes the database once per
# application write and answers in 9 to 11 ms on average, while write-back answers in about 2 ms
# and, by merging repeated writes to a key, writes the database far less: speed bought
# with acknowledged writes at risk.

# %% [markdown]
# - **Read-heavy** (feeds, product pages, profiles): cache the reads. Cache-aside or
#   read-through with an LRU-like policy, TTLs to bound staleness, leases or coalescing
#   for hot keys, and read replicas of the database for what the cache misses.
# - **Write-heavy** (logs, metrics, chat, click streams): a cache helps little with
#   writes unless it absorbs them (write-back, accepting the risk) or batches them. The
#   durable answer is storage built for writes: partitioned, log-structured stores
#   such as Cassandra or ScyllaDB, and queues in front of slower systems.

# %% [markdown]
# ## Where this shows up
#
# - Memcached and Redis are the application caches behind most large sites; Facebook's
#   memcache paper (Nishtala et al., NSDI 2013) describes the deletes, leases and
#   stampede control shown above, in a system that handles billions of requests a
#   second. A fleet of cache servers splits its keys by consistent hashing: see
#   [12 · Consistent hashing](12_consistent_hashing.ipynb).
# - Browser caches and CDNs cache whole HTTP responses and expire them with TTLs set by
#   `Cache-Control`; a CDN edge is the second box of the first figure
#   ([07 · CDNs](07_cdn.ipynb) runs a fleet of them). DNS resolvers
#   cache answers for their TTL in the same way: [04 · DNS](04_dns.ipynb) measures
#   their hit ratio as the TTL and the popularity of names change.
# - Databases cache pages in a buffer pool, with LRU variants built against scans:
#   MySQL's InnoDB inserts new pages 3/8 from the old end of its LRU list, so a page read
#   once by a scan ages out before it displaces hot ones. Operating systems cache file
#   pages the same way.
# - A stale read from a cache is a consistency question: the same ones
#   [09 · CAP and PACELC](09_cap_pacelc.ipynb) and
#   [10 · Consistency and replication](10_consistency.ipynb) ask of replicas. Sizing a
#   cache from traffic is in [01 · Back-of-the-envelope estimation](01_estimation.ipynb).

# %% [markdown]
# ## Try it
#
# **1.** A key is read 0.5 times per millisecond (500 requests a second), with no
# protection against stampedes. The database can take at most 26 reads of it per expiry.
# Predict: what is the longest load time, in ms, that keeps one expiry within that budget?

# %%
answer = ...
check("06.1", answer)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# from sysdesign.caching.stampede import stampede
#
# rate_per_ms, budget = 0.5, 26
# answer = (budget - 1) / rate_per_ms  # 1 + rate × load = budget, solved for the load
# run = stampede("no protection", rate_per_ms=rate_per_ms, load_ms=answer,
#                duration_ms=20_000.0)
# print(answer, round(run.db_reads / len(run.expiries), 1))  # the simulation agrees
# ```
#
# The request that finds the entry gone reads the database, which leaves 25 reads for the
# requests arriving during its load: at 0.5 per ms, 25 / 0.5 = 50 ms. Dividing the whole
# budget (52 ms) forgets that first read. Coalescing would make it one read at any load time.
# </details>
#
# **2.** On `zipf_trace(100_000, n_keys=10_000, alpha=1.2, seed=3)`, warmed up on its
# first half, how many LRU slots give a 93 % hit ratio?

# %%
answer = ...
check("06.2", answer)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# from sysdesign.caching import size_for_hit_ratio, zipf_trace
#
# trace = zipf_trace(100_000, n_keys=10_000, alpha=1.2, seed=3)
# answer = size_for_hit_ratio(trace, 0.93, warmup=50_000)
# print(answer, size_for_hit_ratio(trace, 0.93))  # warm, and counted from a cold start
# ```
#
# A few thousand slots. Counted from a cold start the same target needs about a third
# more, because 93 % sits close to the cold trace's ceiling.
# </details>
#
# **3.** Decide. Writer B now starts at 10 ms, just after the race window printed above:
# its delete reaches the cache after A's fill and removes it, so no reader sees a stale
# value. Which one change to that run makes readers see stale values? Answer with one of
# `"a longer TTL"`, `"a shorter TTL"`, `"a lease on the miss"`,
# `"deleting the key before writing the database"`.

# %%
answer = ...
check("06.3", answer)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# from sysdesign.caching import cache_aside_race
#
# for fix in ({}, {"ttl_ms": 80.0}, {"ttl_ms": 10.0}, {"lease": True}, {"delete_first": True}):
#     print(fix, "stale reads:", cache_aside_race(write_at_ms=10.0, **fix).stale_reads)
# answer = "deleting the key before writing the database"
# ```
#
# Deleting first moves the delete earlier: it reaches the cache at 11 ms, before A's fill
# of the old value (13 ms), and the write commits only at 14 ms, after A read the row. The
# fill then lands in an empty cache and stays until the TTL ends: 4 stale reads. The TTLs
# and the lease change nothing here, as no stale fill lands; deleting first does not close
# the race, it moves and widens its window (here to any start up to 12 ms).
# </details>

# %% [markdown]
# ## Summary
#
# - A hit ratio is a property of the workload as much as of the cache. On independent
#   requests only popularity matters: LFU leads, FIFO and Random tie, and even LIFO can
#   beat LRU. With temporal locality recency is everything: LRU leads and LFU collapses.
# - LRU is the safe default: good on both, adapts when popularity moves, never gets worse
#   with more memory. Scans hurt it; LFU resists scans but not shifting popularity; MRU
#   only suits loops; FIFO can suffer Belady's anomaly. S3-FIFO and W-TinyLFU combine the
#   ideas.
# - LRU's inclusion property gives every cache size's hit ratio from one pass over a
#   trace. First requests cap any hit ratio: size on a warmed-up trace, under the ceiling.
# - Cache-aside and read-through cost the same; they differ in who owns the loading
#   code. Invalidation keeps one writer's reads fresh; write-around leaves stale copies
#   until a TTL or eviction; write-through keeps the cache fresh at the database's
#   latency; write-back is fastest but a crash loses every acknowledged write not flushed.
# - Other writers, and races between readers and writers, make every strategy serve
#   stale data: a TTL bounds it, a lease closes the race. Hot keys need protection from
#   stampedes: coalescing, early expiration or refresh-ahead.
# - Query-level caching is one lookup per page but coarse to invalidate; object-level
#   caching invalidates one key but costs more lookups.
#
# ## Further reading
#
# - R. L. Mattson, J. Gecsei, D. R. Slutz, I. L. Traiger, "Evaluation techniques for
#   storage hierarchies", IBM Systems Journal 9(2), 1970 (stack distances).
# - L. A. Belady, R. A. Nelson, G. S. Shedler, "An anomaly in space-time
#   characteristics of certain programs running in a paging machine", CACM 12(6), 1969.
# - E. Gelenbe, "A unified approach to the evaluation of a class of replacement
#   algorithms", IEEE Transactions on Computers 22(6), 1973 (FIFO = Random); H. Che,
#   Y. Tung, Z. Wang, "Hierarchical web caching systems: modeling, design and experimental
#   results", IEEE JSAC 20(7), 2002 (Che's approximation).
# - R. Nishtala et al., "Scaling Memcache at Facebook", NSDI 2013 (deletes, leases,
#   thundering herds).
# - A. Vattani, F. Chierichetti, K. Lowenstein, "Optimal probabilistic cache stampede
#   prevention", PVLDB 8(8), 2015.
# - J. Yang et al., "FIFO queues are all you need for cache eviction" (S3-FIFO), SOSP
#   2023.
# - [libCacheSim](https://github.com/1a1a11a/libCacheSim), the cache simulator this
#   course's results are checked against, and
#   [cachetools](https://cachetools.readthedocs.io/).
# - [AWS: caching best practices](https://aws.amazon.com/caching/best-practices/) on
#   cache-aside, write-through and TTLs.

# %% [markdown]
# <!-- nav -->
# [← 05 · Load balancing and proxies](05_load_balancing.ipynb) · [Contents](00_start_here.ipynb#Course-map) · [07 · Content delivery networks: edges, shields and cache headers →](07_cdn.ipynb)
