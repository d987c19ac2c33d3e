# %% [markdown]
# # 12 · Consistent hashing: rings, virtual nodes, rendezvous and jump
#
# Add and remove shards on a hash ring, count exactly which keys move, tune virtual nodes until the load evens out, and compare the ring with mod-N, rendezvous and jump hashing.

# %% [markdown]
# <!-- nav -->
# [← 11 · Sharding: splitting one database over many](11_sharding.ipynb) · [Contents](00_start_here.ipynb#Course-map) · [13 · Distributed IDs: Snowflake, ObjectId and UUIDs →](13_distributed_ids.ipynb)

# %% [markdown]
# ## What you will learn
# - Why `hash(key) mod N` moves almost every key when N changes, and how a hash ring
#   moves only about 1/(N+1) of them.
# - How virtual nodes trade a little memory for an even load.
# - Two ring-free alternatives: rendezvous (highest random weight) and jump consistent hash.
# - Where each is used: Dynamo, Cassandra, memcached clients, load balancers.
#
# Builds on: [11 · Sharding](11_sharding.ipynb), where a shard key picks the row's
# shard. The models live in `src/sysdesign/sharding/` (`ring.py`, `jump.py`,
# `rendezvous.py`); open them beside this notebook. Where this notebook places 100,000
# keys at once it uses their bulk twins in `_fast.py` (`hash64_many`, `jump_hash_many`,
# ...), which the tests check against the readable versions key for key.

# %%
import numpy as np

from sysdesign import sharding as sh
from sysdesign.core.exercises import check
from sysdesign.sharding import HashRing, experiments, moved_share, plots
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
# same circle of 2^64 positions. A key belongs to the first node clockwise from it.
# With one position per node, three nodes split the circle into three arcs:

# %%
ring = HashRing(["A", "B", "C"], vnodes=1)
plots.ring_diagram(ring, np.arange(60))

# %% [markdown]
# The arcs are far from equal: each node owns the stretch of circle before it, and
# three random points rarely cut a circle into thirds. We fix that below. First,
# what happens when a node joins.
#
# ## Adding or removing a node
#
# A new node takes over only the keys on the arcs just before its own points; every
# other key stays where it was. With 4 nodes of 8 virtual nodes each and a fifth
# joining (moved keys are circled):

# %%
settings = dict(num_nodes=4, vnodes=8, num_keys=200, change="add a node")
plots.ring_view(experiments.ring(**settings), **settings)

# %% [markdown]
# Every circled key now belongs to the new node `n4`: no key moved between two old
# nodes. Removing a node is the mirror image: only its own keys move, each to the
# next node clockwise. Try both, with more or fewer virtual nodes:

# %%
# NBVAL_IGNORE_OUTPUT
panels.ring_panel()

# %% [markdown]
# On 100,000 keys and a ring with 100 virtual nodes per node, growing from 4 to 5
# nodes moves close to the ideal fifth:

# %%
ring = HashRing([f"s{i}" for i in range(4)], vnodes=100)
before = ring.nodes_for(KEYS)
ring.add_node("s4")
after = ring.nodes_for(KEYS)
print(f"ring, 4 -> 5 nodes: {moved_share(before, after):.1%} of keys move (ideal 20.0%)")
print("keys moved to:", set(after[before != after]))

# %% [markdown]
# ## Virtual nodes even out the load
#
# Each node owns the arcs in front of its points. With one point per node the arcs
# vary wildly; with v points per node each node owns the sum of v random arcs, and
# the spread shrinks like 1/√v. `ring.ownership()` measures each node's exact share
# of the circle, so no sampling is needed; we average over 10 rings with different
# node names so that one lucky or unlucky ring does not mislead:

# %%
curve = sh.ring_balance_curve(10, [1, 2, 5, 10, 20, 50, 100, 200, 500], trials=10)
curve.round(3)

# %%
plots.balance_curve(curve, marker=100)

# %% [markdown]
# With one point each, the busiest of 10 nodes carries about 2.5 times its fair
# share; with 100 virtual nodes about 1.15 times, and the coefficient of variation
# follows 1/√v (dotted). The cost is memory and a longer binary search: 10 nodes
# × 100 vnodes is 1,000 ring entries. Move both numbers:

# %%
# NBVAL_IGNORE_OUTPUT
panels.vnodes_panel()

# %% [markdown]
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
print([sh.jump_hash(key, 10) for key in range(10)])
before, after = sh.jump_hash_many(KEYS, 10), sh.jump_hash_many(KEYS, 11)
print(f"jump, 10 -> 11 buckets: {np.mean(before != after):.2%} moved, all to bucket",
      set(after[before != after].tolist()))

# %% [markdown]
# Exactly the new bucket's share moves, and the load is as even as the key hashes.
# The catch: buckets are numbers 0..n-1 and can only be added or removed at the end,
# so jump hash suits numbered shards (each itself replicated), not a pool of named
# servers where any one may die.
#
# ## Four schemes side by side
#
# Grow each scheme from 8 to 9 shards on the same 100,000 keys. "Work per lookup"
# counts hash computations, comparisons or jumps; "entries stored" is the state the
# router must hold.

# %%
table = sh.compare_schemes(KEYS, 8, vnodes=100)
table.round(3)

# %%
plots.scheme_comparison(table)

# %% [markdown]
# mod-N moves 8/9 of the keys; the other three move about 1/9. Rendezvous and jump are
# as even as the hash itself, the ring a little less so even with 100 vnodes; jump stores
# nothing, the ring needs N × vnodes entries, rendezvous costs N scores per lookup. Change N and the virtual nodes:

# %%
# NBVAL_IGNORE_OUTPUT
panels.schemes_panel()

# %% [markdown]
# ## Checked against a production library
#
# `uhashring` is a consistent-hashing library used with memcached clients. Its default
# ring places node `name` at the MD5 of `"name-0"`, `"name-1"`, ... and looks keys up
# with MD5 too. Give our ring the same positions and both assign every key alike:

# %%
from uhashring import HashRing as UHashRing

nodes, keys = ["cache-a", "cache-b", "cache-c", "cache-d"], [f"session:{i}" for i in range(10_000)]
ours = HashRing(nodes, vnodes=160, hash_fn=sh.md5_hash64)
theirs = UHashRing(nodes=nodes, vnodes=160)
assert ours.nodes_for(keys).tolist() == [theirs.get_node(k) for k in keys]
print("same node for all", len(keys), "keys")

# %% [markdown]
# ## Where it is used
# - **Amazon Dynamo** (2007) put nodes on a ring with virtual nodes ("tokens") and
#   stored each key on the next N distinct nodes clockwise (its preference list).
# - **Apache Cassandra** inherits the ring: each node owns `num_tokens` ranges of a
#   64-bit Murmur3 token space (256 tokens by default before version 4.0, 16 since).
# - **memcached clients** use the *ketama* ring (MD5 positions, as `uhashring` above), so
#   adding a cache server invalidates about 1/(N+1) of the cache, not almost all of it.
# - **Load balancers** hash a connection or user to a backend so it keeps landing on
#   the same one: Envoy offers a ring hash and Maglev; GitHub's GLB Director uses
#   rendezvous hashing to build its forwarding table.
#
# ## Try it
#
# **1.** A mod-N cache cluster grows from 10 to 11 servers. What share of keys move?
# (A fraction between 0 and 1; think about when `h mod 10 == h mod 11`.)

# %%
answer = ...  # a fraction between 0 and 1
check(answer, 10 / 11, rel_tol=0.02, hint="a key stays only if h mod 10 equals h mod 11")

# %% [markdown]
# <details><summary>Solution</summary>
#
# Over any 110 consecutive hash values, `h mod 10 == h mod 11` holds for 10 of them
# (h = 0..9), so 100/110 = 10/11 ≈ 90.9 % move. Check with
# `moved_share(sh.ModuloPartitioner(10).labels(KEYS), sh.ModuloPartitioner(11).labels(KEYS))`.
# </details>
#
# **2.** Which bucket does jump hash give the key 2**40 among 1,000 buckets?

# %%
answer = ...  # an integer bucket number
check(answer, sh.jump_hash(2**40, 1000), hint="call sh.jump_hash(key, num_buckets)")

# %% [markdown]
# <details><summary>Solution</summary>
#
# `sh.jump_hash(2**40, 1000)`. Bonus: with 1,001 buckets the key either stays in that
# bucket or moves to bucket 1000, the new one; jump hash never moves a key between
# old buckets.
# </details>
#
# **3.** With 10 nodes, how many virtual nodes per node bring the coefficient of
# variation of ring ownership below 0.1, on average over 10 rings? Try
# `sh.ring_balance_curve(10, [...], trials=10)` and give the smallest from this list:
# 50, 100, 200, 500.

# %%
answer = ...  # one of 50, 100, 200, 500
curve = sh.ring_balance_curve(10, [50, 100, 200, 500], trials=10)
check(answer, int(curve.index[curve["CoV"] < 0.1][0]), hint="look at the CoV column of that table")

# %% [markdown]
# <details><summary>Solution</summary>
#
# `sh.ring_balance_curve(10, [50, 100, 200, 500], trials=10)` lists the mean CoV for each;
# the first below 0.1 is 100, as theory (CoV ≈ 1/√v) predicts. Any single ring can be
# a little above or below: try `trials=1`.
# </details>
#
# ## Summary
# - mod-N is even and stateless but moves N/(N+1) of the keys when a shard joins.
# - A hash ring moves only the keys between the new node and its predecessor: about
#   1/(N+1). Virtual nodes make the load even (spread ~ 1/√vnodes) at the cost of
#   N × vnodes ring entries.
# - Rendezvous hashing moves the ideal share with no ring, but scores N nodes per lookup.
# - Jump hash is fast, stateless and perfectly even, but shards must be numbered and
#   change only at the end.
# - Choose the ring (or rendezvous) for named servers that come and go, jump for a
#   fixed, numbered set of shards that grows in steps.
#
# ## Further reading
# - David Karger et al., "Consistent Hashing and Random Trees" (STOC 1997).
# - Giuseppe DeCandia et al., "Dynamo: Amazon's Highly Available Key-value Store"
#   (SOSP 2007).
# - David Thaler and Chinya Ravishankar, "Using Name-Based Mappings to Increase Hit
#   Rates" (IEEE/ACM Transactions on Networking, 1998): rendezvous hashing.
# - John Lamping and Eric Veach, "A Fast, Minimal Memory, Consistent Hash Algorithm"
#   (arXiv:1406.2294, 2014).
# - Daniel Eisenbud et al., "Maglev: A Fast and Reliable Software Network Load Balancer"
#   (NSDI 2016).

# %% [markdown]
# <!-- nav -->
# [← 11 · Sharding: splitting one database over many](11_sharding.ipynb) · [Contents](00_start_here.ipynb#Course-map) · [13 · Distributed IDs: Snowflake, ObjectId and UUIDs →](13_distributed_ids.ipynb)
