# %% [markdown]
# # 11 · Sharding: splitting one database over many
#
# Tell replication, federation, vertical partitioning, sharding and denormalisation apart, watch ACID hold inside a shard and break across two in real SQLite, then pick a shard key, index it, reshard it with logical shards and route requests to it.

# %% [markdown]
# <!-- nav -->
# [← 10 · Consistency and replication: lag, quorums and sessions](10_consistency.ipynb) · [Contents](00_start_here.ipynb#Course-map) · [12 · Consistent hashing: rings, virtual nodes, rendezvous and jump →](12_consistent_hashing.ipynb)

# %% [markdown]
# ## What you will learn
# - Five ways to reshape a database that has outgrown one server, what each one splits or
#   copies, and why "vertical partitioning" means two different things.
# - SQL against NoSQL on what matters for sharding: transactions and schema design, shown
#   in real SQLite.
# - How the shard key decides the load per shard, hot spots, query fan-out and the cost of
#   secondary indexes.
# - How to reshard without re-hashing every row (many fixed logical shards), and how a
#   request finds the server that holds its key.
#
# Builds on: [10 · Consistency](10_consistency.ipynb) (replication) and
# [01 · Estimation](01_estimation.ipynb) (the 80/20 rule and Zipf skew). The models live in
# `src/sysdesign/sharding/`.

# %%
from sysdesign import sharding as sh
from sysdesign.core.exercises import check
from sysdesign.sharding import experiments, plots
from sysdesign.sharding.schemas import DenormalisedBlog, NormalisedBlog, compare_schemas
from sysdesign.sharding.widgets import resharding_panel, shard_key_panel

# %% [markdown]
# ## Five ways to reshape a database
#
# One database server runs out of disk, memory, CPU or write capacity sooner or later.
# The classic responses, drawn as tables (a box per column) on servers (grey boxes):

# %%
plots.scaling_patterns()

# %% [markdown]
# - **Replication** copies the whole database to more servers. Reads scale (any replica
#   answers), writes do not (every replica applies every write), and replicas may lag
#   ([10 · Consistency](10_consistency.ipynb)).
# - **Federation**, also called *functional partitioning*, gives each table or feature its
#   own database: users here, posts there. Each server carries less, but a query that
#   joins users with posts now spans two databases.
# - **Vertical partitioning** is an ambiguous term. The course notes use it (수직분할) for
#   federation, splitting *by table*. In database texts, and in Microsoft's Azure data
#   partitioning guide, it means splitting *one table's columns*: the hot `id, name, email`
#   on one server, the rarely read `bio, avatar` on another, every row in both. When you
#   hear the term, ask which one is meant.
# - **Sharding**, or horizontal partitioning, splits *one* table by rows: users 0-999 on
#   one server, 1000-1999 on the next, or by a hash. Writes and storage scale with the
#   number of shards; the price is choosing a good shard key, cross-shard queries and
#   resharding.
# - **Denormalisation** spreads nothing across servers. It copies a column to where it is
#   read (the author's name into every post) so reads skip a join, and every write to the
#   original must update the copies. It is a read optimisation, and often what makes a
#   sharded layout workable, because joins across shards are expensive.
#
# ### Denormalisation: a copied column, in SQLite
#
# The same small blog stored twice in SQLite: normalised (the name lives in `users`
# only) and denormalised (each post and comment repeats its author's name). SQLite's own
# query plan shows what reading a post costs:

# %%
normal, copied = NormalisedBlog.sample(), DenormalisedBlog.sample()
print("normalised:  ", normal.read_post(0).plan)
print("denormalised:", copied.read_post(0).plan)

# %% [markdown]
# The normalised read looks each author up in `users` (`SEARCH u ...`), once for the
# post and once per comment; the denormalised read never touches `users`. Now rename
# user 0, once with every copy and once "forgetting" the copies, as buggy code would:

# %%
print("rows written, normalised:  ", normal.rename_user(0, "Ada").rows_written)
print("rows written, denormalised:", copied.rename_user(0, "Ada").rows_written)
stale = DenormalisedBlog.sample()
stale.rename_user(0, "Ada", update_copies=False)
print("names the site shows for user 0:", sorted(stale.names_shown(0)))

# %% [markdown]
# One row against the original plus one per copy; and a forgotten copy leaves two names
# for one person.
# The denormalised store runs all three updates in one transaction, so a crash cannot
# leave it half renamed: that is ACID at work, the next topic.
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
# The line has blurred: PostgreSQL stores JSON documents, Vitess and Citus shard MySQL and
# PostgreSQL, and DynamoDB, MongoDB and Cassandra offer transactions of some kind. The
# notes' table ("SQL: scale-up, strict ACID; NoSQL: scale-out, some ACID") describes
# defaults, not laws. Choose by access pattern: what you look up, by which key, and which
# invariants must hold together.
#
# ### ACID, and where sharding breaks it
#
# ACID is a promise about a *transaction*: all of it or none (atomicity), valid states
# only (consistency, here a `CHECK (balance >= 0)`), no interference between concurrent
# transactions (isolation), and nothing committed is lost (durability). Here are accounts
# in real SQLite, one database per shard. First every customer's two accounts share a
# shard; a crash strikes between the debit and the credit of a transfer:

# %%
bank = sh.ShardedBank.sample(shard_key="customer_id")
print(bank.transfer(0, 1, 30, crash=True), "| money in the bank:", bank.total())
print(bank.transfer(0, 1, 500))

# %% [markdown]
# SQLite rolled the debit back, and its `CHECK` constraint refused the overdraft. Now
# shard by account id, so the same customer's two accounts may live on different
# databases, and crash at the same point:

# %%
split = sh.ShardedBank.sample(shard_key="account_id")
print("account 0 on shard", split.shard_of(0), "| account 1 on shard", split.shard_of(1))
print(split.transfer(0, 1, 30, crash=True), "| money in the bank:", split.total())

# %% [markdown]
# Thirty units vanished: each database kept its own promise, but no single transaction
# covered both. Keeping a cross-shard write all-or-nothing takes a distributed protocol,
# which costs round trips and availability: two-phase commit is atomic, but a shard that
# has voted yes must wait, locks held, while the coordinator is down; a saga commits the
# debit, and if the credit fails it later commits a compensating refund to the source, so
# it is all-or-nothing only in the end, and other transactions can see the money missing
# meanwhile. The
# cheaper answer is a shard key that keeps together what one transaction touches: here,
# the customer. (Durability is not shown: these databases live in memory; on disk SQLite
# gets it from its journal.)
#
# ### Schema design: embedded or normalised documents
#
# A document store offers the same choice as the blog above, in its own terms (MongoDB's
# docs call them the *embedded* and the *normalised*, or referenced, data models). The blog
# again, now also as one JSON document per post that embeds its comments, and four
# operations on each schema, as SQLite reports them:

# %%
compare_schemas(post_id=0, user_id=0)

# %% [markdown]
# Reading a post is one statement and one row when embedded; adding a comment rewrites the
# whole document; renaming a user rewrites every document that shows them, found by a
# full scan; and "every comment by user 0" scans every document, where the normalised
# schema searches an index. Embed what is read together and owned by one parent (a post's
# comments); reference what is shared or queried on its own (users). A document is also
# the natural unit of a shard and of an atomic write, and MongoDB caps one at 16 MB.
#
# ## A workload to shard
#
# Three days of chat messages: 2,000 users whose activity follows a Zipf law (a few
# users write most messages), messages arriving steadily in time, each user at home
# near a large city. In the "celebrity" variant user 0 writes 1,000 times as much as an
# average user, about a third of all messages.

# %%
msgs = experiments.cached_workload("celebrity (1 user 1000x)")
print(f"{len(msgs):,} messages from {msgs.num_users:,} users over {msgs.duration_s / 3600:.0f} h;"
      f" user 0 wrote {(msgs.user_id == 0).mean():.0%} of them")

# %% [markdown]
# ## The shard key decides the load
#
# Shard by a hash of the user id, over 8 shards. Every message of one user lands on
# the same shard: good for reading one user's inbox, bad when that user is a celebrity.

# %%
report = sh.explore(msgs, "hash(user_id)", 8)
plots.shard_loads(report)

# %% [markdown]
# The celebrity's shard (outlined) holds three times its fair share of the rows and of
# the last hour's writes, and no hash function can help: a single key cannot be split by
# hashing it. Its fan-out is ideal for inbox reads, though:

# %%
plots.report_table(report)

# %% [markdown]
# "User's latest 10" names the shard key, so the router asks one shard. "All messages in
# the last hour" and "messages near me" do not, so they ask all 8 and merge
# (scatter/gather).
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
# - **geo grid** follows population: big cities' cells are busy, oceans empty. It is the
#   only key that answers "near me" (a box of ±2° around a user's home) from about two
#   shards instead of eight.
# - **directory** balances best of the keys that keep each user on one shard (2.63
#   against 3.01 for the hash), since it can place every user by hand; but the celebrity
#   alone still outweighs a shard, and the directory itself is one more lookup and one
#   more thing to keep available.
# - **hash(user_id, day)** spreads the celebrity over three days' shards.
#
# One assumption hides in the geo grid's inbox column: the query carries only the user
# id, and a router that shards by place cannot tell where that user lives, so it asks
# all 8 shards. If the app sends the user's location with the query, one shard answers:

# %%
sh.explore(msgs, "geo grid", 8, user_cell_known=True).fanout_user_latest

# %% [markdown]
# ## The notes' mail example: a time-bounded key
#
# The notes design a mail system whose most common query is "this user's mail of the
# last few minutes", and argue for a time bound in the key, `{timebound}_{shard}_{type}_{seq}`:
# without one, they say, mail spreads evenly over all shards and every such query asks
# them all. That is true of a key that ignores the user (a message id), not of
# `hash(user_id)`, which already keeps each user's mail on one shard, forever. What the
# time bucket adds is movement: a user's recent mail stays on one shard, but each new
# bucket starts on a different shard, so a heavy user's history spreads out over time.
# Compare one-day buckets with the plain user hash on the ordinary social workload:

# %%
social = experiments.cached_workload("social (Zipf users)")
sh.compare_strategies(social, 8, ["hash(user_id)", "hash(user_id, day)", "range(time)"]).round(2)

# %% [markdown]
# The bucketed key evens out stored rows (max/mean 2.09 → 1.32) while an inbox read still
# touches only a few shards, walking back one bucket at a time; users with fewer than 10
# messages make it walk back to the first day. The bucket length is the knob: longer
# buckets keep a user together, shorter ones spread a hot user faster. Today's writes of
# a celebrity still share one shard, though: only splitting that user's key (for
# example by a suffix, `user_id#0..7`) spreads those.
#
# ## Secondary indexes: local or global
#
# Shard the messages by their own id instead, and the celebrity's rows spread evenly. But
# the inbox query asks by *user*, which is no longer the shard key, so it needs a
# secondary index on `user_id`, and a sharded database can split that index two ways:
#
# - **local** (document-partitioned): each shard indexes its own rows. A write touches one
#   shard; a query that does not name the shard key must ask every shard and merge
#   (MongoDB, Cassandra, Elasticsearch). DynamoDB's *local* secondary indexes are local
#   too, which is why a query on one must name the partition key.
# - **global** (term-partitioned): the index is sharded by the user id, so one index shard
#   lists all of a user's messages. A query asks that shard, then fetches the rows, unless
#   the index stores them (*covering*). A write touches the row's shard and the user's
#   index shard: usually two servers, and DynamoDB updates its *global* secondary indexes
#   asynchronously, so they can lag the table.
#
# Ten thousand celebrity-workload messages, written through both, over 8 shards:

# %%
sh.index_costs(experiments.cached_workload("celebrity (1 user 1000x)", 10_000), 8).round(2)

# %% [markdown]
# Local: 8 shards per query, 1 per write, index writes spread evenly. Global: one index
# shard per query (plus the row fetches when it does not cover them), close to 2 shards
# per write, and the celebrity's index entries all land on one index shard, which takes
# half of all index writes (a third from the celebrity, the rest from the users whose
# entries hash there too). Reads pick global, writes pick local, and a hot value makes a
# hot index shard either way it is stored.
#
# ## Resharding: mod-N, consistent hashing and logical shards
#
# Sooner or later another shard joins. With `hash(key) mod N` a key stays only where
# `h mod N == h mod (N+1)`, so nearly every row moves. Consistent hashing
# ([12 · Consistent hashing](12_consistent_hashing.ipynb)) moves only the new shard's fair
# share, 1/(N+1). So does the standard practical answer, *many fixed logical shards*:

# %%
counts = [1, 2, 4, 8, 16, 32]
curves = {name: sh.moved_share_curve(range(20_000), name, counts) for name in ["mod-N", "ring"]}
curves["logical shards"] = experiments.logical_vs_modulo(2_000, counts)["logical: keys moved"].to_numpy()
plots.moved_share_curves(curves, counts)

# %% [markdown]
# Instagram's design, and the notes' "logical shard ID": a key maps to one of L logical
# shards by a rule that never changes (Instagram's example: `user_id % 2000`; its ID
# format leaves 13 bits, up to 8,192), and a small table maps logical shards to the few
# physical servers. Instagram kept each logical shard as a PostgreSQL schema; Redis
# Cluster has 16,384 hash slots, Couchbase 1,024 vBuckets. Growing the cluster moves whole
# logical shards and changes only the table; no key is ever re-bucketed:

# %%
experiments.logical_vs_modulo(num_logical=2_000, server_counts=(4, 8, 16)).round(3)

# %% [markdown]
# Going from 8 to 9 servers, 222 of the 2,000 logical shards move, 11 % of the keys,
# against 89 % for mod-N over the servers. Here is such a rebalance step by step, on a
# small cluster: 64 logical shards on 4 servers, a fifth joining. The newcomer takes one
# logical shard at a time from the fullest server; half way, after 6 of its 12 moves:

# %%
plots.resharding_view(experiments.resharding(step=6, num_logical=64, servers=4))

# %% [markdown]
# Scrub or play the moves (step 0 is the cluster just before the first copy, step 12 the
# end, when every server holds 12 or 13 logical shards):

# %%
# NBVAL_IGNORE_OUTPUT
resharding_panel()

# %% [markdown]
# Each step copies one logical shard, so the move can be throttled, paused and checked
# one shard at a time. The catch: L is fixed. Choose it large enough for the biggest
# cluster you expect (a logical shard cannot be split without changing the rule), and
# small enough that the table stays small.
#
# ## Request routing: who knows where a key lives?
#
# Whoever sends a request must find the server that holds the key. Three answers are
# common: a **smart client** caches the shard map and goes straight to the owner (Dynamo's
# client-driven coordination; Couchbase clients with their vBucket map); a **routing
# tier** does the same in a separate process (MongoDB's `mongos`, Vitess's `vtgate`); or
# **any node** accepts the request and forwards it, every node having learned the map by
# gossip (Cassandra, Riak). The authoritative, versioned map lives in a coordination
# service such as ZooKeeper or etcd (HBase, Kafka before KRaft, Vitess's topology
# service) or in MongoDB's config servers.
#
# A cached map goes stale when shards move. A client caches the map of 16 logical shards
# on 3 servers; a fourth server joins and takes 4 of them; then the client sends requests:

# %%
experiments.routing_trace(keys=range(8), num_logical=16, servers=3)

# %% [markdown]
# Key 0 lives in a logical shard that has moved: the old server answers "not mine" (MongoDB
# calls it `StaleConfig`), the client fetches the new map and retries, three round trips
# in all. The refresh fixes every later request. Over 2,000 requests after a ninth server
# joined 8:

# %%
experiments.routing_costs(num_requests=2_000, num_logical=2_000, servers=8).round(3)

# %% [markdown]
# A smart client pays one refresh ("map fetches" counts its first load too) and otherwise
# a single round trip; a routing tier adds a hop to every request but keeps clients
# simple; forwarding costs a second hop whenever the entry node is not the owner (8 times
# in 9) and needs no map fetches at all. Dynamo's
# clients polled a random node for membership every 10 seconds and refreshed at once when
# they noticed a stale map.
#
# ## Where this shows up
# - **Instagram** sharded PostgreSQL into several thousand logical shards (schemas) on a
#   few servers and put the logical shard in every ID
#   ([13 · Distributed IDs](13_distributed_ids.ipynb) takes that ID apart).
# - **MongoDB** shards a collection by a shard key into chunks; `mongos` routers cache
#   the chunk map from the config servers. **Vitess** does the same for MySQL with
#   `vtgate`. **DynamoDB** and **Cassandra** hash a partition key.
# - **Redis Cluster** (16,384 hash slots) and **Couchbase** (1,024 vBuckets) are fixed
#   logical shards moved between nodes; **Elasticsearch** sets an index's number of
#   primary shards when the index is created (changing it means splitting or shrinking
#   the index).
# - Consistent hashing, the other way to move little when servers change, is
#   [12 · Consistent hashing](12_consistent_hashing.ipynb); geographic keys are
#   [15 · Geohashes and quadtrees](15_geohash_quadtree.ipynb).
#
# ## Try it
#
# **1.** An online shop stores orders and their line items, sharded over 8 databases.
# Placing an order inserts the order row and all its line items, and must stay one ACID
# transaction on one shard. Which shard key do you choose for both tables: `"order_id"`,
# `"line_item_id"` or `"product_id"`?

# %%
answer = ...
check("11.1", answer)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# from sysdesign.sharding import hash64
#
# items = [(42, 0, 7), (42, 1, 19), (42, 2, 3)]  # (order_id, line_item_id, product_id)
# for column, name in enumerate(["order_id", "line_item_id", "product_id"]):
#     print(name, "-> shards", sorted({hash64(item[column]) % 8 for item in items}))
# answer = "order_id"
# ```
#
# Only `order_id` is shared by every row the order writes, so only it keeps the order and
# its items on one shard, inside one transaction, like the customer key of the bank above.
# The other keys scatter one order's rows over several databases.
# </details>
#
# **2.** A cluster keeps 4,096 logical shards spread evenly over 16 servers (256 each).
# A 17th server joins. What is the fewest logical shards that must move so that every
# server ends within one logical shard of every other?

# %%
answer = ...
check("11.2", answer)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# from sysdesign.sharding import LogicalShards
#
# moves = LogicalShards(4096, 16).plan_add("s16")
# answer = len(moves)
# print(answer, "moves; 4096 // 17 =", 4096 // 17)
# ```
#
# The newcomer needs floor(4096 / 17) = 240 logical shards: each old server gives 15 and
# keeps 241, the newcomer holds 240. Taking 241 would also even things out, with one
# move more than needed. About 1/17 of the data moves; with mod-N over the servers,
# 16/17 would.
# </details>
#
# **3.** Predict before you compute: on the celebrity workload (three days of messages),
# the time-bounded key `hash(user_id, day)` cuts the celebrity's messages into one key per
# day. Can enough shards bring the busiest shard below 10 % of all rows? Answer `True` or
# `False`.

# %%
answer = ...
check("11.3", answer)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# import numpy as np
#
# from sysdesign.sharding import explore, workload
#
# msgs = workload("celebrity (1 user 1000x)", 20_000)
# days = (msgs.timestamp[msgs.user_id == 0] // (24 * 3600)).astype(int)
# print("the celebrity's share of all rows, day by day:", np.bincount(days) / len(msgs))
# for n in (8, 64, 512):
#     report = explore(msgs, "hash(user_id, day)", n)
#     print(n, "shards: the busiest holds", f"{report.rows.max() / len(msgs):.0%}")
# answer = False
# ```
#
# No number of shards helps. Each (user, day) pair is still one key, and a hash spreads
# keys, never one key: the celebrity writes about a third of all messages, so each of
# its three days, about a ninth of all rows (11 %), lands whole on one shard, whatever N
# is. The bucket length sets that floor: hourly buckets cut the celebrity into 72 keys of
# about 0.5 % each, and then more shards do help; so does splitting the key itself
# (`user_id#0..7`).
# </details>
#
# ## Summary
# - Replication copies data (scales reads); federation splits by table or feature;
#   vertical partitioning splits columns (or, in the notes, means federation); sharding
#   splits one table by rows (scales writes and storage); denormalisation copies columns
#   to avoid joins and spreads nothing.
# - A transaction is ACID within one database. Shard so that what one transaction
#   touches shares a shard key; otherwise you need two-phase commit or sagas.
# - Embed what is read and written together; normalise what is shared or queried alone.
# - The shard key decides the load and the fan-out: queries that name the key touch one
#   shard, all others touch every shard. A global secondary index turns scatter/gather
#   into one index lookup, at the price of a second server on every write.
# - Hashing a user id spreads users but not a single hot user; time ranges spread
#   history but focus every new write on one shard; a directory places users best at the
#   cost of a lookup table; a time-bounded key mixes the two.
# - Reshard by moving whole logical shards (a fixed L, a small table), not by changing
#   `mod N`; keep the map in a coordination service and let routers refresh it when a
#   server says "not mine".
#
# ## Further reading
# - Martin Kleppmann, *Designing Data-Intensive Applications* (O'Reilly, 2017),
#   chapter 6, "Partitioning": secondary indexes, rebalancing, request routing.
# - Instagram Engineering, "Sharding & IDs at Instagram" (2012): logical shards as
#   PostgreSQL schemas.
# - Giuseppe DeCandia et al., "Dynamo: Amazon's Highly Available Key-value Store"
#   (SOSP 2007), sections 6.2 (fixed partitions) and 6.4 (client-driven routing).
# - Microsoft, Azure Architecture Center, "Data partitioning": horizontal, vertical and
#   functional partitioning.
# - MongoDB Manual, "Embedded Data Versus References" and "Sharded Cluster Components".
# - Donne Martin, *The System Design Primer*, sections "Federation", "Sharding",
#   "Denormalization" and "SQL or NoSQL".

# %% [markdown]
# <!-- nav -->
# [← 10 · Consistency and replication: lag, quorums and sessions](10_consistency.ipynb) · [Contents](00_start_here.ipynb#Course-map) · [12 · Consistent hashing: rings, virtual nodes, rendezvous and jump →](12_consistent_hashing.ipynb)
