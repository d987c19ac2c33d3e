# %% [markdown]
# # 06 · Caching: eviction, strategies and hit ratios
#
# Fill caches under six eviction policies, watch which requests hit, size a cache for a 90 % hit ratio from one pass over a trace, and compare read/write strategies on latency, database load, stale reads and data lost in a crash.

# %% [markdown]
# <!-- nav -->
# [← 01 · Back-of-the-envelope estimation](01_estimation.ipynb) · [Contents](00_start_here.ipynb#Course-map) · [09 · CAP and PACELC: partition a cluster and watch it choose →](09_cap_pacelc.ipynb)

# %% [markdown]
# ## What you will learn
# - Where caches sit on a request's path, and what a hit there saves.
# - How FIFO, LIFO, LRU, MRU, LFU and random replacement choose a victim, and which
#   workload defeats each of them (scans, shifting hot sets, loops).
# - How skew (the 80/20 rule) sets the hit ratio, and how to find the cache size for a
#   target hit ratio from a single pass over a trace (stack distances).
# - What cache-aside, read-through, write-through, write-around and write-back cost in
#   latency and database load, when they serve stale data, and what a crash loses.
#
# Builds on: [01 · Back-of-the-envelope estimation](01_estimation.ipynb) (the 80/20 rule
# and sizing a cache in memory). The models live in `src/sysdesign/caching/`; open
# `policies.py` beside this notebook: each policy is a few lines.

# %%
import pandas as pd

from sysdesign.caching import plots
from sysdesign.core.exercises import check

# %% [markdown]
# ## Where caches live
#
# A cache keeps a copy of data closer to whoever asks for it, so the request never
# travels further. Every layer a request passes can hold one: the browser or mobile
# app, a CDN edge near the user, the reverse proxy in front of the web servers, the
# application (in its own memory or in a shared store such as Redis or Memcached,
# caching whole objects or the results of database queries), and the database itself,
# which keeps hot pages in memory.

# %%
plots.where_caches_live()

# %% [markdown]
# The earlier the layer, the more work a hit saves; the later, the more requests it
# sees and the fresher it can be. The rest of this notebook is about one cache at a
# time: what to keep in it, and how it stays consistent with the database behind it.

# %% [markdown]
# ## A cache that forgets: LRU in eight lines
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
# tuned for speed; a test in `tests/caching/test_policies.py` checks, on thousands of
# random traces, that it gives the same hit or miss at every request as the `LRU` class
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
# Below, the same short trace runs through FIFO (top) and LRU (bottom) with 3 slots.
# Each column is one request: its key on top (green hit, red miss), then the slots
# after it; `−k` marks the key evicted.

# %%
from sysdesign.caching import BELADY_TRACE, step_through

plots.step_grids({p: step_through(p, BELADY_TRACE, 3) for p in ("fifo", "lru")}, 3)

# %% [markdown]
# At request 10, FIFO throws out key 1 because it came in first, although it was just
# used; LRU throws out 5 instead. Pick other traces, policies and sizes:

# %%
# NBVAL_IGNORE_OUTPUT
from sysdesign.caching.widgets import step_panel

step_panel()

# %% [markdown]
# ## Belady's anomaly: more memory, more misses
#
# You would expect a bigger cache never to miss more. For FIFO that is false. On the
# trace 1, 2, 3, 4, 1, 2, 5, 1, 2, 3, 4, 5 FIFO misses 9 times with 3 slots and 10
# times with 4 (Belady, Nelson and Shedler, 1969):

# %%
from sysdesign.caching import faults

sizes = [1, 2, 3, 4, 5]
counts = {p: faults(p, BELADY_TRACE, sizes) for p in ("fifo", "lru")}
print(counts)
plots.faults_vs_capacity(sizes, counts)

# %% [markdown]
# LRU never does this. At every moment an LRU cache of c slots holds the c most
# recently used keys, so its contents are a subset of a bigger LRU cache's (the
# *inclusion property*), and every hit in the small cache is a hit in the big one.
# FIFO has no such property: the two caches evict in different orders. The test suite
# checks the inclusion property on thousands of random traces; here is one check:

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
# uniform.

# %%
plots.popularity(1_000, alpha=1.0)

# %% [markdown]
# With α = 1 over 1,000 keys, the hottest 20 % of the keys take about 79 % of the
# requests: the "80/20 rule". The share grows quickly with α:

# %%
from sysdesign.caching import top_share

for alpha in (0.0, 0.6, 1.0, 1.4):
    print(f"α = {alpha}: hottest 20% of keys take {top_share(1_000, alpha):.0%} of requests")

# %% [markdown]
# ## Hit ratio against cache size, for every policy
#
# Now every policy on the same Zipf(1.0) trace, at eight cache sizes from 5 to 1,000
# slots (1,000 slots hold every key, so only first requests miss):

# %%
from sysdesign.caching import hit_ratio_curves

sizes = [5, 11, 22, 46, 98, 208, 441, 1_000]
curves = hit_ratio_curves(zipf_trace(10_000, n_keys=1_000, alpha=1.0), sizes)
plots.hit_ratio_curves(sizes, curves, title="Zipf α = 1.0, 1,000 keys, 10,000 requests")

# %% [markdown]
# LFU is best on this workload (popularity does not change, and counts measure it
# directly); LRU and FIFO follow, random replacement trails, and MRU is by far the
# worst: it throws out exactly the key most likely to come back. LIFO looks fine only
# because the first keys to arrive tend to be popular ones, which it never evicts.
# Change the workload, the skew and the trace length:

# %%
# NBVAL_IGNORE_OUTPUT
from sysdesign.caching.widgets import policy_panel

policy_panel()

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
from sysdesign.caching import lru_miss_ratio_curve, size_for_hit_ratio, stack_distances

trace = zipf_trace(100_000, n_keys=10_000, alpha=1.0, seed=3)
assert stack_distances(trace[:2_000]).tolist() == stack_distances_simple(trace[:2_000])
curve = lru_miss_ratio_curve(trace, [100, 1_000, 5_000])
assert curve[1] == simulate("lru", trace, 1_000).miss_ratio
print("miss ratio at 100, 1,000, 5,000 slots:", curve.round(3),
      "| slots for 90% hits:", size_for_hit_ratio(trace, 0.9))

# %% [markdown]
# With α = 1 over 10,000 keys a 90 % hit ratio needs about 6,400 slots, most of the key
# space: the long tail of rarely used keys is expensive to cover. At α = 1.2 far fewer
# are needed. The curve below is drawn from this trace; the panel after it draws the
# same kind of curve for other skews, key counts and targets.

# %%
plots.hit_ratio_curves(
    [1, 10, 100, 1_000, 2_000, 5_000, 10_000],
    {"lru": 1 - lru_miss_ratio_curve(trace, [1, 10, 100, 1_000, 2_000, 5_000, 10_000])},
    title="LRU on Zipf α = 1.0, 10,000 keys, 100,000 requests")

# %%
# NBVAL_IGNORE_OUTPUT
from sysdesign.caching.widgets import cache_size_panel

cache_size_panel()

# %% [markdown]
# ## When each policy loses
#
# No policy wins everywhere; each has a workload that defeats it.
#
# **A scan wipes out LRU.** A crawler or batch job that reads many keys once, while
# users keep browsing, pushes hot keys out of an LRU cache: every new key becomes
# "most recent". LFU gives a new key a count of 1, so the scan's keys evict each other
# and the hot keys stay. Below, every 2,000 requests a scan of 500 new keys runs
# interleaved with the normal traffic (the dips), with a 100-slot cache:

# %%
from sysdesign.caching import hits_per_request, zipf_with_scans_trace

scans = zipf_with_scans_trace(20_000, 1_000, 1.0, scan_length=500, scan_every=2_000)
plots.hit_ratio_over_time({p: hits_per_request(p, scans, 100) for p in ("lru", "lfu")},
                          title="Scans every 2,000 requests: LRU loses its hot set")

# %% [markdown]
# Half the requests during a scan are new keys that miss under any policy, so both
# curves dip; LRU's dips are deeper because it also evicts its hot keys and misses on
# the regular requests too.

# %% [markdown]
# **A shifting hot set defeats LFU.** When popularity moves (yesterday's news), LFU
# clings to keys with high old counts and the new hot keys cannot get in. LRU adapts
# within a few hundred requests. Here 90 % of requests go to 50 keys that change four
# times:

# %%
from sysdesign.caching import shifting_hot_set_trace

shifting = shifting_hot_set_trace(20_000, 1_000, hot_keys=50, hot_share=0.9, phases=4)
plots.hit_ratio_over_time({p: hits_per_request(p, shifting, 100) for p in ("lru", "lfu")},
                          title="The hot set moves every 5,000 requests: LFU is stuck")

# %% [markdown]
# **A loop one key larger than the cache is MRU's one good case.** Cycling over 101
# keys with 100 slots, LRU (and FIFO, and LFU) always evicts exactly the key needed
# next and never hits. MRU evicts the key just used, which is needed last:

# %%
from sysdesign.caching import loop_trace

loop = loop_trace(10_000, loop_length=101)
print({p: round(simulate(p, loop, 100).hit_ratio, 3) for p in ("lru", "fifo", "lfu", "mru")})

# %% [markdown]
# Production caches combine the ideas: LRU with a small probation segment so one-time
# keys do not push out hot ones (SLRU, 2Q, S3-FIFO), or frequency counts that age
# (W-TinyLFU, used by Caffeine).

# %% [markdown]
# ## Read and write strategies
#
# Eviction decides *what* is cached; strategies decide *who* reads and writes the
# database (the system of record) and *when*. The model: one cache round trip costs
# 1 ms, one database round trip 10 ms, the cache is LRU with 50 slots, and every write
# gives the key a new version, so we can spot stale reads.
#
# - **Cache-aside**: the application asks the cache; on a miss it reads the database
#   itself and puts the value in the cache (three round trips). On a write it updates
#   the database and deletes the cached copy.
# - **Read-through**: the application only talks to the cache, which loads misses from
#   the database (two round trips).
# - **Write-through**: the cache writes the database synchronously and keeps the new
#   value: reads after a write hit, but every write pays for the database.
# - **Write-around**: writes go to the database and the cached copy is dropped, so the
#   cache is not filled with data nobody reads; the next read of that key misses.
# - **Write-back** (write-behind): the cache takes the write and acknowledges at once;
#   dirty entries reach the database every N operations or when evicted. Fast, and
#   repeated writes to one key cost one database write, but a crash loses them.
#
# Each strategy is a small class in `src/sysdesign/caching/strategies.py` that fills in
# one hook (what a read miss costs, or where a write goes) over a shared cache + database.

# %%
from sysdesign.caching import compare_strategies, read_write_trace, strategy_table

ops = read_write_trace(5_000, 500, read_ratio=0.9, alpha=1.0, seed=0)
results = compare_strategies(ops, capacity=50, flush_interval=100)
strategy_table(results)

# %% [markdown]
# Write-back has the lowest latency and fewest database writes, and the only non-zero
# "data at risk". Write-through and write-back keep written keys in the cache, so
# their read hit ratio is higher than write-around's, which drops them. Cache-aside
# pays an extra round trip per miss compared with read-through. With a single writer
# no strategy serves a stale read.

# %%
plots.strategy_comparison(results)

# %% [markdown]
# Move the read ratio, the write-back flush interval, and the share of writes made by
# *another* service directly in the database. Those writes bypass the cache, so every
# strategy starts serving stale data until the entry is evicted (or a TTL expires it;
# `run_strategy(..., ttl=...)` bounds the staleness).

# %%
# NBVAL_IGNORE_OUTPUT
from sysdesign.caching.widgets import strategy_panel

strategy_panel()

# %% [markdown]
# ## A crash during write-back
#
# Each dirty entry is a write the client was told succeeded but that exists only in
# the cache's memory. The number of dirty entries at the moment of a crash is the
# number of writes lost:

# %%
from sysdesign.caching import run_strategy

back = run_strategy(read_write_trace(2_000, 300, read_ratio=0.7, seed=0),
                    write="write-back", capacity=100, flush_interval=200)
print(f"a crash after operation 1,500 loses {back.lost_on_crash(1_500)} writes; "
      f"the worst moment loses {back.max_dirty}")
plots.dirty_over_time(back, crash_at=1_500)

# %% [markdown]
# The saw-tooth rises between flushes and drops to zero at each one. Flushing more
# often shrinks the risk and raises database writes; replicating the cache or logging
# writes durably before acknowledging them removes the risk at a latency cost.

# %%
# NBVAL_IGNORE_OUTPUT
from sysdesign.caching.widgets import crash_panel

crash_panel()

# %% [markdown]
# ## Read-heavy or write-heavy: what to reach for
#
# The read ratio decides which of these matter. Compare a read-heavy mix (95 % reads)
# with a write-heavy one (20 % reads):

# %%
mixes = {f"{r:.0%} reads": read_write_trace(5_000, 500, read_ratio=r, seed=0) for r in (0.95, 0.2)}
columns = ["mean latency (ms)", "DB writes", "max dirty (lost on crash)"]
pd.concat({name: strategy_table(compare_strategies(mix, capacity=50))[columns]
           for name, mix in mixes.items()}, axis=1)

# %% [markdown]
# With 95 % reads the strategies differ by about a millisecond: what matters is the
# hit ratio. With 20 % reads every synchronous strategy costs about 10 ms per request
# and writes the database 3,942 times, while write-back answers in 2 ms and, by
# merging repeated writes to a key, writes the database 2,430 times: speed bought
# with data at risk.

# %% [markdown]
# - **Read-heavy** (feeds, product pages, profiles): cache the reads. Cache-aside or
#   read-through with an LRU-like policy, TTLs to bound staleness, and read replicas of
#   the database for what the cache misses.
# - **Write-heavy** (logs, metrics, chat, click streams): a cache helps little with
#   writes unless it absorbs them (write-back, accepting the risk) or batches them. The
#   durable answer is storage built for writes: partitioned, log-structured stores
#   such as Cassandra or ScyllaDB, and queues in front of slower systems.

# %% [markdown]
# ## Try it
#
# **1.** How many misses does FIFO make on Belady's trace with 5 slots?

# %%
answer = ...  # a count of misses
check(answer, faults("fifo", BELADY_TRACE, [5])[0], hint="with 5 slots every key fits")

# %% [markdown]
# <details><summary>Solution</summary>
#
# Five slots hold all five keys, so only the five first requests miss:
# `faults("fifo", BELADY_TRACE, [5])` is `[5]`.
# </details>
#
# **2.** With Zipf α = 1.2 over 1,000 keys, what share of requests do the hottest 20 %
# of keys take? (A number between 0 and 1.)

# %%
answer = ...  # a share between 0 and 1
check(answer, top_share(1_000, 1.2), hint="top_share(n_keys, alpha) computes it")

# %% [markdown]
# <details><summary>Solution</summary>
#
# `top_share(1_000, 1.2)` is about 0.89: with a little more skew than α = 1, the
# "80/20" becomes nearly "90/20".
# </details>
#
# **3.** On `zipf_trace(100_000, n_keys=10_000, alpha=1.2, seed=3)`, how many LRU slots
# give an 80 % hit ratio?

# %%
answer = ...  # a number of cache slots
check(answer, size_for_hit_ratio(zipf_trace(100_000, n_keys=10_000, alpha=1.2, seed=3), 0.8),
      rel_tol=0.02, hint="size_for_hit_ratio(trace, 0.8) finds it from one pass")

# %% [markdown]
# <details><summary>Solution</summary>
#
# `size_for_hit_ratio(zipf_trace(100_000, n_keys=10_000, alpha=1.2, seed=3), 0.8)`
# answers from one stack-distance pass: a few hundred slots, a few percent of the keys.
# </details>

# %% [markdown]
# ## Summary
#
# - A hit ratio is a property of the workload as much as of the cache: skew (Zipf α)
#   decides how much a small cache can do.
# - LRU is the safe default: good on skewed traffic, adapts when popularity moves, and
#   never gets worse with more memory. Scans hurt it; LFU resists scans but not
#   shifting popularity; MRU only suits loops; FIFO can even suffer Belady's anomaly.
# - LRU's inclusion property gives every cache size's hit ratio from one pass over a
#   trace (stack distances): the way to size a cache for a target.
# - Read strategies trade round trips and code ownership (cache-aside vs
#   read-through). Write-through keeps the cache fresh at the database's latency;
#   write-around keeps write-only data out of the cache; write-back is fastest and
#   cheapest for the database but loses every dirty entry in a crash.
# - Writers that bypass the cache make every strategy serve stale data: invalidate on
#   every path, or bound the staleness with a TTL.
#
# ## Further reading
#
# - R. L. Mattson, J. Gecsei, D. R. Slutz, I. L. Traiger, "Evaluation techniques for
#   storage hierarchies", IBM Systems Journal 9(2), 1970 (stack distances).
# - L. A. Belady, R. A. Nelson, G. S. Shedler, "An anomaly in space-time
#   characteristics of certain programs running in a paging machine", CACM 12(6), 1969.
# - [libCacheSim](https://github.com/1a1a11a/libCacheSim), the cache simulator this
#   course's results are checked against, and
#   [cachetools](https://cachetools.readthedocs.io/).
# - [AWS: caching best practices](https://aws.amazon.com/caching/best-practices/) on
#   cache-aside, write-through and TTLs.
# - J. Yang et al., "FIFO queues are all you need for cache eviction" (S3-FIFO), SOSP
#   2023.

# %% [markdown]
# <!-- nav -->
# [← 01 · Back-of-the-envelope estimation](01_estimation.ipynb) · [Contents](00_start_here.ipynb#Course-map) · [09 · CAP and PACELC: partition a cluster and watch it choose →](09_cap_pacelc.ipynb)
