# %% [markdown]
# # 12 · Consistent hashing: rings, virtual nodes, rendezvous and jump
#
# Add and remove shards on a hash ring step by step, count exactly which keys move, derive how many virtual nodes even out the load, replicate along the ring, weigh nodes, bound the load of hot keys, and compare the ring with mod-N, rendezvous, jump and fixed partitions on measured time and memory.

# %% [markdown]
# <!-- nav -->
# [← 11 · Sharding: splitting one database over many](11_sharding.ipynb) · [Contents](00_start_here.ipynb#Course-map) · [13 · Distributed IDs: Snowflake, ObjectId and UUIDs →](13_distributed_ids.ipynb)

# %% [markdown]
# ## What you will learn
# - Why `hash(key) mod N` moves almost every key when N changes, and how a hash ring
#   moves only about 1/(N+1) of them, one arc at a time.
# - How virtual nodes trade memory for an even load, with the exact spread
#   sqrt((N-1)/(Nv+1)); how to weigh nodes and replicate keys along the ring.
# - Two ring-free alternatives, rendezvous and jump hash, and Dynamo's fixed partitions;
#   what each costs per lookup, counted and measured.
# - How bounded loads keep one hot key from swamping one server.
#
# Builds on: [11 · Sharding](11_sharding.ipynb), where a shard key picks the row's
# shard and logical shards move whole. The models live in `src/sysdesign/sharding/`
# (`ring.py`, `rendezvous.py`, `jump.py`, `bounded.py`); open them beside this notebook.
# Where this notebook places 100,000 keys at once it uses their bulk twins in `_fast.py`
# (`hash64_many`, `jump_hash_many`, ...), which the tests check against the readable
# versions key for key.

# %%
import numpy as np

from sysdesign import sharding as sh
from sysdesign.core.exercises import check
from sysdesign.sharding import HashRing, experiments, measured, moved_share, plots
from sysdesign.sharding import widgets as panels

KEYS = np.arange(100_000)  # user ids 0..99,999: the keys we place on shards

# %% [markdown]
# ## The problem with mod-N
#
# The simplest way to spread keys over N shards is to hash the key and take the
# remainder. Here it is by hand, with the course's 64-bit hash, checked against the
# library version:

# %%
def naive_shard(key, n):
    return sh.hash64(key) % n

library = sh.ModuloPartitioner(4).assign(range(1000)).tolist()
assert [naive_shard(k, 4) for k in range(1000)] == library

# %% [markdown]
# Now grow the cluster from 4 to 5 shards and count the keys whose shard changes:

# %%
before = sh.ModuloPartitioner(4).labels(KEYS)
after = sh.ModuloPartitioner(5).labels(KEYS)
print(f"mod-N, 4 -> 5 shards: {moved_share(before, after):.1%} of keys move")

# %% [markdown]
# Four keys in five change shard, where one in five would have been enough to fill
# the new shard. A key stays put only when `h mod 4 == h mod 5`, which happens for 4
# of every 20 hash values. Every moved key is a row copied across the network, or a
# cache miss; that is why resharding a mod-N cluster is so painful.
#
# ## The ring
#
# Consistent hashing (Karger et al., 1997) hashes *nodes* as well as keys onto the
# same circle (the paper's is the unit interval bent into a circle; ours has 2^64
# positions), read clockwise from 0 at the top. A key belongs to the
# first node point clockwise from it. So each point owns the arc that *ends* at it: the
# stretch from the previous point, counter-clockwise, up to the point itself. With one
# point per node, three nodes split the circle into three arcs, coloured on the rim:

# %%
plots.ring_diagram(HashRing(["A", "B", "C"], vnodes=1), np.arange(60))

# %% [markdown]
# The arcs are far from equal: A's point comes first clockwise after a long empty
# stretch, so A owns 89 % of the circle, and C's point sits just after B's, so C owns 1 %.
# Three random points rarely cut a circle into thirds. We fix that below; first, what
# happens when a node joins.
#
# ## Adding or removing a node, step by step
#
# A new node takes over only the arcs that end at its own points; every other key stays
# where it was. Dynamo calls each point a *token*. Here 4 nodes hold 8 tokens each and a
# fifth node places its 8 tokens one at a time, half way through (ringed keys have moved):

# %%
rebalance = panels.rebalance_panel()  # opens half way: 4 of n4's 8 tokens placed
rebalance.snapshot()

# %% [markdown]
# Every ringed key now belongs to the new node `n4`: no key moved between two old nodes,
# and each token placed moves just the keys on one arc. Removing a node is the mirror
# image: its tokens are handed over one by one, each arc to the next point clockwise.
# Scrub or play through both:

# %%
# NBVAL_IGNORE_OUTPUT
rebalance

# %% [markdown]
# On 100,000 keys and a ring with 100 virtual nodes per node, growing from 4 to 5
# nodes moves close to the ideal fifth, and only to the newcomer:

# %%
ring = HashRing([f"s{i}" for i in range(4)], vnodes=100)
before = ring.nodes_for(KEYS)
ring.add_node("s4")
after = ring.nodes_for(KEYS)
print(f"ring, 4 -> 5 nodes: {moved_share(before, after):.1%} of keys move (ideal 20.0%)")
print("keys moved to:", sorted(set(after[before != after])))

# %% [markdown]
# ## Virtual nodes even out the load
#
# With v points per node each node owns the sum of v arcs. How uneven is that? The N v
# points cut the circle into N v arcs whose lengths are spread uniformly over all ways to
# split 1 (a Dirichlet(1, ..., 1) distribution). A node's share, the sum of v of them,
# then has mean 1/N and variance (N-1) / (N² (N v + 1)), so the coefficient of variation
# (CoV: standard deviation over mean) of the N shares has root mean square
#
# $$\sqrt{\frac{N-1}{N v + 1}},$$
#
# exactly. For many nodes that is close to the familiar 1/√v (100 virtual nodes: about
# 10 %, 1,000: about 3.2 %, as Gryski's survey measured), but a little below it. The
# measured CoV, the root mean square over 20 rings with different node names, beside the
# exact value ("theory") and the busiest node's share over its fair share (mean of the 20):

# %%
curve = experiments.vnodes(num_nodes=10, vnodes=100, trials=20)
curve.round(3)

# %%
balance = panels.vnodes_panel()  # opens at 10 nodes and 100 virtual nodes: the table above
balance.snapshot()

# %% [markdown]
# With one point each, the busiest of 10 nodes carries about 2.7 times its fair share;
# with 100 virtual nodes about 1.16 times, and the CoV follows the exact curve. The cost
# is memory and a longer binary search: 10 nodes × 100 virtual nodes is 1,000 ring
# points. Move both numbers:

# %%
# NBVAL_IGNORE_OUTPUT
balance

# %% [markdown]
# ## Weighted nodes
#
# A server twice as big should own twice the keys. On a ring that is simply twice the
# points: `uhashring`, like our `HashRing(..., weights=...)`, gives a node of weight w
# `vnodes × w` points. Rendezvous hashing (below) takes weights through the *logarithmic
# method* of Schindelhauer and Schomaker (2005): each node's score becomes
# −w / ln(u) for a uniform u in (0, 1), and node i then wins a share w_i / Σw. Three nodes
# of weight 1, 2 and 4, with 100 points per unit of weight on the ring:

# %%
experiments.weighted_shares({"small": 1, "medium": 2, "large": 4}, vnodes=100).round(3)

# %% [markdown]
# Rendezvous hits the weights to within sampling noise; the ring follows them only as
# closely as its points allow (the small node's 100 points give it 17 % instead of 14 %).
#
# ## Replication on the ring: the preference list
#
# Dynamo stores each key on N nodes: the first node clockwise *coordinates* the key, and
# the walk goes on clockwise, skipping points of nodes already chosen, until it has N
# distinct nodes, the key's *preference list* (DeCandia et al., 2007, section 4.3).
# `ring.preference_list(key, n)` does that walk. Six nodes, three replicas per key, and
# node `n2` fails:

# %%
experiments.preference_lists(num_nodes=6, replicas=3, fail="n2")

# %% [markdown]
# A key whose list held `n2` keeps its two other replicas in order, and the next distinct
# node clockwise steps in as the third; keys that did not use `n2` do not notice. Here `n2`
# leaves the ring; Dynamo treats an outage as temporary instead (section 4.8.1: only an
# operator's explicit removal changes the ring). It keeps more than N nodes in each list,
# and while `n2` is down the same stand-in takes its writes with a *hint* and hands them
# back when `n2` returns (*hinted handoff*, section 4.6).
#
# ## Dynamo's fixed, equal-sized partitions
#
# Random tokens have a cost beyond the uneven arcs: the nodes that hand key ranges to a
# newcomer must scan their stores for those keys (in the background, so in busy seasons
# bootstrapping took almost a day), every join changes many ranges and their Merkle trees,
# and ranges never line up with files to copy or archive. So Dynamo moved (paper,
# section 6.2) from *strategy 1* (T random tokens per node, partitions cut by the tokens)
# to *strategy 3*: split the hash space into Q fixed, equal-sized partitions and give each
# of the S nodes Q/S of them, moving whole partitions when nodes come and go. That is
# notebook 11's logical shards again, and Riak works the same way. Dynamo compared the
# strategies at equal membership metadata; the same comparison for 30 nodes and uniform
# keys:

# %%
plots.dynamo_strategies_view(experiments.dynamo_strategies(num_nodes=30))

# %% [markdown]
# With a map of a few hundred entries, fixed partitions balance almost perfectly (their
# only error is rounding Q/S), while random tokens leave the busiest node well above the
# average; the paper adds that strategy 3 shrank the membership information by three
# orders of magnitude. The price it names: membership changes need coordination to keep
# every node at Q/S partitions.
#
# ## Rendezvous hashing (highest random weight)
#
# Thaler and Ravishankar (1998) need no ring at all: for each key, score every node
# with a hash of (key, node) and pick the highest score. When a node leaves, only the
# keys it won move, each to its runner-up; a new node wins about 1/(N+1) of the keys.
# The price: a lookup computes N scores.

# %%
hrw = sh.Rendezvous([f"s{i}" for i in range(4)])
before = hrw.labels(KEYS)
hrw.add_node("s4")
print(f"rendezvous, 4 -> 5 nodes: {moved_share(before, hrw.labels(KEYS)):.1%} of keys move")

# %% [markdown]
# Rendezvous balances as well as the hash is uniform, with no virtual nodes: each key
# picks its node independently.
#
# ## Jump consistent hash
#
# Lamping and Veach (2014) found a way with no ring and no per-node state. The key
# seeds a 64-bit linear congruential generator; the key "jumps" forward through the
# bucket numbers, and each jump is drawn so that when there are n+1 buckets exactly
# 1/(n+1) of keys land in the last one. Our `jump_hash` is a line-for-line
# transcription of the paper's C++ (the tests compile that C++ and compare):

# %%
hashes = sh.hash64_many(KEYS)  # hash first, as JumpPartitioner does: jump wants 64 bits
print([sh.jump_hash(int(h), 10) for h in hashes[:10]])
before, after = sh.jump_hash_many(hashes, 10), sh.jump_hash_many(hashes, 11)
print(f"jump, 10 -> 11 buckets: {np.mean(before != after):.2%} moved, all to bucket",
      set(after[before != after].tolist()))

# %% [markdown]
# Exactly the new bucket's share moves, and the load is as even as the key hashes.
# How much work is a lookup? A key stops at bucket 0, then at bucket b ≥ 1 with
# probability 1/(b+1) (its chance of jumping into b when b was the newest bucket), so the
# loop runs H_n = 1 + 1/2 + ... + 1/n times on average, about ln n + 0.58. Counted over
# 100,000 keys at n = 8:

# %%
_, steps = sh.jump_hash_many(sh.hash64_many(KEYS), 8, steps=True)
print(f"mean loop iterations at n = 8: {steps.mean():.3f} (H_8 = {sh.expected_jump_steps(8):.3f})")

# %% [markdown]
# The catch: buckets are numbers 0..n-1 and can only be added or removed at the end, so
# jump hash suits numbered shards (each itself replicated), not a pool of named servers
# where any one may die.
#
# ## Four schemes side by side
#
# Grow each scheme from 8 to 9 shards on the same keys. The work of a lookup is counted
# in three separate units, since a 64-bit hash, a comparison in the ring's binary search
# and an iteration of jump's loop cost different amounts: hashes per lookup (rendezvous
# scores every node), comparisons per lookup (the ring: about log₂ of its 800 points)
# and jump iterations per lookup (H_8). "Numbers stored" is the state the router keeps
# besides the node names.

# %%
table = experiments.schemes(num_shards=8, vnodes=100)
table.round(3)

# %%
compare = panels.schemes_panel()  # opens at N = 8 and 100 virtual nodes: the table above
compare.snapshot()

# %% [markdown]
# mod-N moves 8/9 of the keys; the other three move about 1/9. Rendezvous and jump are
# as even as the hash itself, the ring a little less so even with 100 virtual nodes.
# Change N and the virtual nodes:

# %%
# NBVAL_IGNORE_OUTPUT
compare

# %% [markdown]
# ### Measured: time and memory per lookup
#
# Counts do not say which scheme is fast: that depends on what each step costs on real
# hardware and in a real implementation. So, as Gryski's survey of consistent hashing
# does, we measure. `benchmarks/bench_sharding.py` times the one-key lookup of each
# scheme, the path a router takes for each request, and weighs the router's state
# (memory allocated while building it), at 8, 64 and 512 nodes. Timings change from run
# to run, so the benchmark stores its table, with the machine and date, in the package,
# and this notebook plots that stored table. The stored run shared 2 cores with other
# work (the load average below): it records CPU time, which leaves out the time spent
# waiting for a core but not the slowdown of shared caches, so read the ratios between
# schemes, not the microseconds:

# %%
lookups, machine = measured.lookup_benchmark()
print("measured on {cpu} ({system}, load average {load}), Python {python}, numpy {numpy}, "
      "{date}".format(**machine))
plots.lookup_measurements(lookups, machine)

# %% [markdown]
# Rendezvous's lookup time climbs steeply with the number of nodes, since it scores every
# one; the ring's and jump's grow slowly (both take about log n steps) and mod-N's hardly
# at all. The ring's state grows with its points (N × 100 here: megabytes at 512 nodes)
# while jump keeps nothing but the count. In Python one more thing shows: our ring's
# binary search runs inside C (`bisect`) while jump's loop runs as Python bytecode, so the
# ring's lookup is faster here despite more steps. In compiled code, where every step
# costs about the same, jump's few iterations win: Lamping and Veach report it faster than
# Karger's ring. Only a measurement on your own stack settles it. Re-measure here (small
# and quick; your numbers will differ):

# %%
# NBVAL_IGNORE_OUTPUT
measured.measure_lookups((8, 64), budget=5_000, repeats=1).round(0)

# %% [markdown]
# ## Hot keys: consistent hashing with bounded loads
#
# Spreading *keys* evenly is not spreading *load*: one popular key sends all its
# requests to one node. Mirrokni, Thorup and Zadimoghaddam (2018) bound the load instead:
# each node accepts at most ⌈(1 + ε) × the average⌉ requests, and a request that finds
# its node full walks on clockwise to the next node with room. The overflow of a hot key
# always lands on the same successors, so their caches warm up too. Four thousand
# requests for 1,000 keys with Zipf(1) popularity (the hottest key alone gets about 13 %,
# more than an eighth), on 8 nodes, with ε = 0.25:

# %%
hot = panels.bounded_panel()  # opens at epsilon = 0.25 and Zipf(1): 4,000 requests, 8 nodes
hot.snapshot()

# %% [markdown]
# Plain consistent hashing gives the busiest node 1.76 times the average; the bound holds
# it to 1.25 times, at the price of serving 9 % of requests away from their key's home.
# The smaller ε, the flatter the load and the more requests leave home:

# %%
experiments.bounded_curve(epsilons=(0.05, 0.25, 0.5, 1.0), alpha=1.0, num_nodes=8).round(3)

# %% [markdown]
# Vimeo added this to HAProxy (`hash-balance-factor`), and Envoy's ring hash has a
# `hash_balance_factor` too. Move ε and the skew:

# %%
# NBVAL_IGNORE_OUTPUT
hot

# %% [markdown]
# ## Checked against a production library
#
# `uhashring` is a consistent-hashing library used with memcached clients. Its *default*
# ring places node `name` at the full 128-bit MD5 of `"name-0"`, `"name-1"`, ... (160
# points per node, times its weight) and looks keys up with MD5 too. Give our ring the
# same positions (the top 64 bits of the same MD5 keep the same order) and both assign
# every key alike:

# %%
from uhashring import HashRing as UHashRing

nodes, keys = ["cache-a", "cache-b", "cache-c", "cache-d"], [f"session:{i}" for i in range(4_000)]
ours = HashRing(nodes, vnodes=160, hash_fn=sh.md5_hash64)
theirs = UHashRing(nodes=nodes, vnodes=160)
assert ours.nodes_for(keys).tolist() == [theirs.get_node(k) for k in keys]
print("same node for all", len(keys), "keys")

# %% [markdown]
# That default is *not* ketama, the ring of libketama that many memcached clients share.
# Ketama takes four 32-bit points from each MD5 digest of `"host:port-k"`, 40 digests per
# server scaled by its weight over the mean weight (floor(40 × N × w / Σw)), and hashes
# keys to 32 bits; `uhashring` offers it as
# `hash_fn="ketama"`. The two rings disagree on most keys, so two clients must agree on
# the exact ring, not just on "consistent hashing":

# %%
ketama = UHashRing(nodes=nodes, hash_fn="ketama")
differ = np.mean([theirs.get_node(k) != ketama.get_node(k) for k in keys])
print(f"uhashring default vs ketama: {differ:.0%} of keys on a different node")

# %% [markdown]
# ## Where this shows up
# - **Amazon Dynamo** (2007) put nodes on a ring with virtual nodes ("tokens"), stored
#   each key on its preference list, and later moved to fixed, equal-sized partitions.
#   **Riak** follows that third strategy.
# - **Apache Cassandra** inherits the ring: each node owns `num_tokens` ranges of a
#   64-bit Murmur3 token space (256 tokens by default before version 4.0, 16 since, with
#   an allocator that chooses tokens to even out the load rather than at random).
# - **memcached clients** (libmemcached and many others) offer the ketama ring, so adding
#   a cache server invalidates about 1/(N+1) of the cache, not almost all of it.
# - **Load balancers** hash a connection or user to a backend so it keeps landing on
#   the same one: Envoy offers a ring hash and Maglev; HAProxy and Envoy can bound the
#   load; GitHub's GLB Director uses a variant of rendezvous hashing.
#   [05 · Load balancing](05_load_balancing.ipynb) sets sticky hashing beside the
#   other routing policies.
# - Logical shards moved whole ([11 · Sharding](11_sharding.ipynb)) are the same idea as
#   Dynamo's fixed partitions; distributed IDs that carry their shard
#   ([13 · Distributed IDs](13_distributed_ids.ipynb)) route without any ring.
#
# ## Try it
#
# **1.** Predict. A client spreads keys over memcached servers with jump hash anyway,
# numbering its list `cache-a`, `cache-b`, `cache-c`, `cache-d` as buckets 0 to 3. Then
# `cache-b` dies and is taken out of the list, so the other three become buckets 0 to 2.
# About what share of the keys now go to a different server: `"about 25 %"`,
# `"about 50 %"`, `"about 67 %"` or `"about 75 %"`?

# %%
answer = ...
check("12.1", answer)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# import numpy as np
#
# from sysdesign.sharding import hash64_many, jump_hash_many
#
# hashes = hash64_many(np.arange(100_000))
# before = np.array(["cache-a", "cache-b", "cache-c", "cache-d"])[jump_hash_many(hashes, 4)]
# after = np.array(["cache-a", "cache-c", "cache-d"])[jump_hash_many(hashes, 3)]
# print(f"{(before != after).mean():.1%} of keys change server")
# answer = "about 67 %"
# ```
#
# Jump hash keeps a key's bucket number unless that number is gone. Bucket 0 is still
# `cache-a`: its quarter stays. Bucket 1 was `cache-b` and is now `cache-c`; bucket 2 was
# `cache-c` and is now `cache-d`: both quarters move. Bucket 3 is gone, and its keys
# spread evenly over buckets 0 to 2: only the third that lands on bucket 2, now
# `cache-d`, stays. 1/4 + 1/4 + 1/4 × 2/3 = 2/3, where a ring would move only
# `cache-b`'s quarter. So jump hash suits numbered shards that change at the end, not a
# pool of named servers where any one may die.
# </details>
#
# **2.** With N = 10 nodes, what is the smallest number of virtual nodes per node for
# which the root-mean-square CoV of ownership, sqrt((N-1)/(Nv+1)), falls below 0.1?

# %%
answer = ...
check("12.2", answer)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# from sysdesign.sharding import expected_cov
#
# answer = next(v for v in range(1, 1000) if expected_cov(10, v) < 0.1)
# print(answer, expected_cov(10, answer), expected_cov(10, answer - 1))
# ```
#
# 9 / (10 v + 1) < 0.01 means 10 v + 1 > 900, so v > 89.9: 90 virtual nodes. The rule of
# thumb 1/√v would say 100, but 1/√100 is exactly 0.1, not below it, and 1/√v is only the
# large-N limit of the exact expression. Any single ring can land above or below the
# root mean square: compare `sh.ring_balance_curve(10, [90], trials=1)`.
# </details>
#
# **3.** Jump hash's loop count grows with the number of buckets. What is the smallest
# number of buckets at which a lookup makes more than 10 loop iterations on average?

# %%
answer = ...
check("12.3", answer)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# import numpy as np
#
# from sysdesign.sharding import expected_jump_steps, hash64_many, jump_hash_many
#
# answer, harmonic = 0, 0.0
# while harmonic <= 10:  # H_n = 1 + 1/2 + ... + 1/n, one term per bucket
#     answer += 1
#     harmonic += 1 / answer
# _, steps = jump_hash_many(hash64_many(np.arange(100_000)), answer, steps=True)
# print(answer, f"H = {expected_jump_steps(answer):.5f}, measured {steps.mean():.2f} per key")
# ```
#
# H_n ≈ ln n + 0.5772 passes 10 once ln n > 10 − 0.5772, at n = e^9.4228 ≈ 12,367
# buckets (the exact sum agrees: H_12366 is just below 10). The loop count grows only
# like ln n: ten times the buckets cost about 2.3 more iterations, while rendezvous
# computes one score per bucket.
# </details>
#
# ## Summary
# - mod-N is even and stateless but moves N/(N+1) of the keys when a shard joins.
# - A hash ring moves only the keys on the arcs that end at the new node's points: about
#   1/(N+1), one token's arc at a time. Virtual nodes even the load, with a spread of
#   exactly sqrt((N-1)/(Nv+1)), at the cost of N × v ring points.
# - Weigh nodes with more points (ring) or the log method (rendezvous); replicate along
#   the ring to the next distinct nodes (the preference list).
# - Rendezvous moves the ideal share with no ring, but scores N nodes per lookup; jump hash
#   is stateless and even but only for numbered shards that change at the end; fixed
#   partitions (Dynamo's strategy 3, logical shards) balance best per byte of metadata.
# - Count work in honest units, then measure: our measured lookups and state, on a known
#   machine and date, decide more than any formula.
# - Bounded loads cap every node at (1 + ε) times the average when keys are hot.
#
# ## Further reading
# - David Karger et al., "Consistent Hashing and Random Trees" (STOC 1997).
# - Giuseppe DeCandia et al., "Dynamo: Amazon's Highly Available Key-value Store"
#   (SOSP 2007): sections 4.2-4.3 (ring, preference lists) and 6.2 (fixed partitions).
# - David Thaler and Chinya Ravishankar, "Using Name-Based Mappings to Increase Hit
#   Rates" (IEEE/ACM Transactions on Networking, 1998): rendezvous hashing.
# - Christian Schindelhauer and Gunnar Schomaker, "Weighted Distributed Hash Tables"
#   (SPAA 2005).
# - John Lamping and Eric Veach, "A Fast, Minimal Memory, Consistent Hash Algorithm"
#   (arXiv:1406.2294, 2014).
# - Vahab Mirrokni, Mikkel Thorup and Morteza Zadimoghaddam, "Consistent Hashing with
#   Bounded Loads" (SODA 2018, arXiv:1608.01350).
# - Damian Gryski, "Consistent Hashing: Algorithmic Tradeoffs" (2018): a survey with
#   benchmarks.
# - Daniel Eisenbud et al., "Maglev: A Fast and Reliable Software Network Load Balancer"
#   (NSDI 2016).

# %% [markdown]
# <!-- nav -->
# [← 11 · Sharding: splitting one database over many](11_sharding.ipynb) · [Contents](00_start_here.ipynb#Course-map) · [13 · Distributed IDs: Snowflake, ObjectId and UUIDs →](13_distributed_ids.ipynb)
