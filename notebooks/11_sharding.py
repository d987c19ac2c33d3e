# %% [markdown]
# # 11 · Sharding: splitting one database over many
#
# Compare replication, federation, sharding and denormalisation, weigh SQL against NoSQL, then pick a shard key for a realistic workload and watch the load, the hot shard, the query fan-out and the cost of adding a shard.

# %% [markdown]
# <!-- nav -->
# [← 10 · Consistency and replication: lag, quorums and sessions](10_consistency.ipynb) · [Contents](00_start_here.ipynb#Course-map) · [12 · Consistent hashing: rings, virtual nodes, rendezvous and jump →](12_consistent_hashing.ipynb)

# %% [markdown]
# ## What you will learn
# - Four ways to grow a database past one server, and what each one splits or copies.
# - SQL versus NoSQL, and the four kinds of NoSQL store.
# - How the shard key decides everything: load per shard, hot spots from one busy user,
#   and how many shards a query must ask (fan-out).
# - Why resharding with `hash mod N` is expensive, and what consistent hashing saves.
#
# Builds on: [10 · Consistency](10_consistency.ipynb) (replication) and
# [01 · Estimation](01_estimation.ipynb) (the 80/20 rule and Zipf skew). The models live in
# `src/sysdesign/sharding/`.

# %%
from sysdesign import sharding as sh
from sysdesign.core.exercises import check
from sysdesign.sharding import explore, plots, workload
from sysdesign.sharding.widgets import shard_key_panel

# %% [markdown]
# ## Four ways to grow a database
#
# One database server runs out of disk, memory, CPU or write capacity sooner or
# later. The classic responses, drawn as tables on servers:

# %%
plots.scaling_patterns()

# %% [markdown]
# - **Replication** copies the whole database to more servers. Reads scale (any replica
#   answers), writes do not (every replica applies every write), and replicas may lag
#   ([10 · Consistency](10_consistency.ipynb)).
# - **Federation** (vertical partitioning) gives each table, or each feature, its own
#   database: users here, posts there. Each server carries less, but a query that
#   joins users with posts now spans two databases.
# - **Sharding** (horizontal partitioning) splits *one* table by rows: users 0-999 on one
#   server, 1000-1999 on the next, or by a hash. Writes and storage scale with the
#   number of shards; the price is choosing a good shard key, cross-shard queries and
#   resharding.
# - **Denormalisation** copies data to where it is read (the author's name into every
#   post) so reads skip joins; writes must update every copy.
#
# ## SQL or NoSQL?
#
# Relational databases were built for one server with strong guarantees; many NoSQL
# stores were built to shard from day one and give up joins or multi-row transactions
# to get there.

# %%
sh.sql_vs_nosql()

# %% [markdown]
# "NoSQL" covers four quite different data models:

# %%
sh.nosql_kinds()

# %% [markdown]
# The line has blurred: PostgreSQL stores JSON documents, and DynamoDB, MongoDB and
# Cassandra offer transactions of some kind. Choose by access pattern: what you look up,
# by which key, and which invariants must hold.
#
# ## A workload to shard
#
# Three days of chat messages: 2,000 users whose activity follows a Zipf law (a few
# users write most messages), messages arriving steadily in time, each user at home
# near a large city. In the "celebrity" variant user 0 writes 1,000 times as much as an
# average user, about a third of all messages.

# %%
msgs = workload("celebrity (1 user 1000x)")
print(f"{len(msgs):,} messages from {msgs.num_users:,} users over {msgs.duration_s / 3600:.0f} h;"
      f" user 0 wrote {(msgs.user_id == 0).mean():.0%} of them")

# %% [markdown]
# ## The shard key decides the load
#
# Shard by a hash of the user id, over 8 shards. Every message of one user lands on
# the same shard: good for reading one user's inbox, bad when that user is a celebrity.

# %%
report = explore(msgs, "hash(user_id)", 8)
plots.shard_loads(report)

# %% [markdown]
# The celebrity's shard holds three times its fair share of rows and of new writes, and
# no hash function can help: a single key cannot be split by hashing it. Its fan-out is
# ideal for inbox reads, though:

# %%
plots.report_table(report)

# %% [markdown]
# "User's latest 10" names the shard key, so the router asks one shard. "All messages in
# the last hour" does not, so it must ask all 8 and merge (scatter-gather).
#
# ## Shard-key explorer
#
# Pick the workload and the key: a hash of the user id, ranges of user ids, ranges of
# time, a lat/lon grid (10° cells, each hashed to a shard), a directory (a lookup table
# user → shard, filled heaviest user first onto the emptiest shard), or the notes'
# time-bounded key, a hash of (user id, day).

# %%
# NBVAL_IGNORE_OUTPUT
shard_key_panel()

# %% [markdown]
# All six keys on the celebrity workload at once:

# %%
sh.compare_strategies(msgs, 8).round(2)

# %% [markdown]
# Reading the table row by row:
# - **range(time)** spreads stored rows perfectly, yet *every* new write goes to the
#   newest shard (last-hour writes 8× the mean): a moving hot spot. An inbox read
#   walks back through shards until it has 10 messages.
# - **geo grid** follows population: big cities' cells are busy, oceans empty. It
#   helps "near me" queries, which this workload does not ask.
# - **directory** balances best, since it can place every user by hand, but the
#   celebrity alone still outweighs a shard; and the directory itself is one more
#   lookup and one more thing to keep available.
# - **hash(user_id, day)** spreads the celebrity over three days' shards.
#
# ## The notes' mail example: a time-bounded key
#
# The notes design a mail system whose most common query is "this user's mail of the
# last few minutes". With the shard key `hash(user_id)` alone, a user's mail stays on
# one shard forever; with a time bucket in the key, `{timebound}_{shard}_{type}_{seq}`,
# the recent mail of one user is still on one shard, but each new bucket starts on a
# different shard, so a heavy user's history spreads out over time. Compare one-day
# buckets with the plain user hash on the ordinary social workload:

# %%
social = workload("social (Zipf users)")
sh.compare_strategies(social, 8, ["hash(user_id)", "hash(user_id, day)", "range(time)"]).round(2)

# %% [markdown]
# The bucketed key evens out stored rows (max/mean 2.09 → 1.32) while an inbox read still
# touches only a few shards, walking back one bucket at a time; users with fewer than 10
# messages make it walk back to the first day. The bucket length is the knob: longer
# buckets keep a user together, shorter ones spread a hot user faster. Today's writes of
# a celebrity still share one shard, though: only splitting that user's key (for
# example by a suffix, `user_id#0..7`) spreads those.
#
# ## Resharding: mod-N versus consistent hashing
#
# Sooner or later a ninth shard joins. With `hash(key) mod N` a key stays only where
# `h mod N == h mod (N+1)`, so nearly every row moves. Consistent hashing (next notebook)
# moves only the new shard's fair share, 1/(N+1):

# %%
counts = [1, 2, 4, 8, 16, 32]
curves = {name: sh.moved_share_curve(range(20_000), name, counts) for name in sh.SCHEMES}
plots.moved_share_curves(curves, counts)

# %% [markdown]
# Going from 8 to 9 shards, mod-N moves about 89 % of the data; the ring, rendezvous and
# jump hashing move close to the ideal 11 %. That is the difference between copying the whole database
# and copying one ninth of it.
#
# ## Try it
#
# **1.** Shard the celebrity workload by `range(time)` over 8 shards. What share of the
# last hour's writes land on the busiest shard? (`explore(...).recent_rows`)

# %%
answer = ...  # a fraction between 0 and 1
recent = explore(msgs, "range(time)", 8).recent_rows
check(answer, recent.max() / recent.sum(), hint="divide the largest recent_rows by their sum")

# %% [markdown]
# <details><summary>Solution</summary>
#
# All of them: `recent.max() / recent.sum()` is 1.0. The last hour lies entirely in the
# newest time range, so one shard takes every write while seven sit idle.
# </details>
#
# **2.** True or false: with `hash(user_id)` on the celebrity workload, enough shards
# would bring the busiest shard below 10 % of all rows. Think about the celebrity's own
# share of messages.

# %%
answer = ...  # True or False: "adding shards fixes the celebrity's hot shard"
check(answer, False, hint="the celebrity alone writes about a third of all messages")

# %% [markdown]
# <details><summary>Solution</summary>
#
# No number of shards helps: user 0 writes about 33 % of all messages and every one of
# them shares a shard, so the hot shard holds at least 33 % of the rows whatever N is.
# The fix is in the key (split the celebrity's key, or bucket it by time), not in N.
# </details>
#
# **3.** A mod-N cluster grows from 8 to 9 shards. What share of keys move?

# %%
answer = ...  # a fraction between 0 and 1
check(answer, 8 / 9, rel_tol=0.02, hint="a key stays only if h mod 8 equals h mod 9")

# %% [markdown]
# <details><summary>Solution</summary>
#
# 8/9 ≈ 88.9 %: over 72 consecutive hash values only 8 (h = 0..7) have equal
# remainders.
# </details>
#
# ## Summary
# - Replication copies data (scales reads), federation splits by table, sharding splits
#   one table by rows (scales writes and storage), denormalisation copies columns to
#   avoid joins.
# - The shard key decides the load and the fan-out: queries that name the key touch one
#   shard, all others touch every shard.
# - Hashing a user id spreads users but not a single hot user; time ranges spread
#   history but focus every new write on one shard; a directory balances best at the
#   cost of a lookup table; a time-bounded key mixes the two.
# - Resharding with mod-N moves almost everything; consistent hashing moves 1/(N+1).
#
# ## Further reading
# - Martin Kleppmann, *Designing Data-Intensive Applications* (O'Reilly, 2017),
#   chapter 6, "Partitioning".
# - Instagram Engineering, "Sharding & IDs at Instagram" (2012).
# - Donne Martin, *The System Design Primer*, sections "Federation", "Sharding",
#   "Denormalization" and "SQL or NoSQL".

# %% [markdown]
# <!-- nav -->
# [← 10 · Consistency and replication: lag, quorums and sessions](10_consistency.ipynb) · [Contents](00_start_here.ipynb#Course-map) · [12 · Consistent hashing: rings, virtual nodes, rendezvous and jump →](12_consistent_hashing.ipynb)
