# %% [markdown]
# # 13 · Distributed IDs: Snowflake, ObjectId and UUIDs
#
# Hand out unique numbers from many databases, take real IDs apart bit by bit, step through a generator, route a read by the shard inside an ID, and measure what random and time-ordered keys do to a real SQLite B-tree and to the odds of a duplicate.

# %% [markdown]
# <!-- nav -->
# [← 12 · Consistent hashing: rings, virtual nodes, rendezvous and jump](12_consistent_hashing.ipynb) · [Contents](00_start_here.ipynb#Course-map) · [14 · Indexes: B-trees, hash, bitmap and LSM trees, and real SQLite plans →](14_indexes.ipynb)

# %% [markdown]
# ## What you will learn
# - How many databases can hand out unique numbers without one central counter: offset and
#   step, ticket servers, and IDs that pack **time | machine or shard | counter** into 64 bits.
# - The bit layouts of Twitter's Snowflake, Discord's and Instagram's IDs, MongoDB's
#   ObjectId and UUID v1, v4, v6 and v7; how to decode one, and how to route a read by it.
# - What can break uniqueness or order: clocks that disagree or step back, machine numbers
#   handed out twice, counters that wrap, and too few random bits.
# - What the choice costs a database: pages written per insert into a B-tree, measured.
#
# Builds on: [11 · Sharding](11_sharding.ipynb) (rows spread over shards, logical shards)
# and [12 · Consistent hashing](12_consistent_hashing.ipynb). The models are in
# `src/sysdesign/ids/`: `layout.py` (bit layouts), `generator.py` (making IDs),
# `sequences.py` and `routing.py` (real SQLite), `machine_ids.py` (leases),
# `btree.py` (SQLite's B-tree) and `collisions.py` (the birthday bound).

# %%
from sysdesign import ids
from sysdesign.core.exercises import check
from sysdesign.ids import experiments, plots, widgets

# %% [markdown]
# ## Why not one counter?
#
# One database hands out `1, 2, 3, ...` from one sequence. Split the table over shards and
# let each shard keep counting on its own, and the numbers repeat: three real SQLite
# databases, each with its own auto-increment key, storing three mails each:

# %%
shards = [ids.CountingShard() for _ in range(3)]
[[shard.insert("bob") for _ in range(3)] for shard in shards]

# %% [markdown]
# Every shard says 1, 2, 3. That is the notes' `mail_id` "duplicated on every shard", and
# why they build S3 keys as `{receiver_id}_{mail_id}`. A single shared counter would fix
# it but makes every insert ask one server: a bottleneck and a single point of failure.
# Repeats are not inevitable, though; two classic fixes keep per-database counters apart.
#
# ### Offset and step
#
# Give shard *k* of *N* the series *k*, *k + N*, *k + 2N*, ... MySQL does this with
# `auto_increment_offset` and `auto_increment_increment` (made for source-to-source
# replication); SQLite has no such setting, so `CountingShard` asks SQLite for the next
# value of the series in its `INSERT`:

# %%
shards = [ids.CountingShard(offset=k, step=3) for k in (1, 2, 3)]
[[shard.insert("bob") for _ in range(3)] for shard in shards]

# %% [markdown]
# No number repeats, and no shard talks to another. The price: the step is the number of
# shards, fixed up front (a fourth shard means changing every shard's step), and the
# numbers say nothing about time; a busy shard's numbers run ahead of a quiet one's.
#
# ### Ticket servers
#
# Flickr (2010) moved the counter out of the shards into *ticket servers*: a table with
# one row, `REPLACE INTO Tickets64 (stub) VALUES ('a')` deletes and re-inserts that row,
# and the row's new key is the ticket. Two such servers, one handing out odd numbers and
# one even (offset and step again), asked in turn, survive one going down. Here they are
# on SQLite; server 2 is down for requests 12 to 25:

# %%
tickets = experiments.ticket_servers(requests=40, outage=(12, 26))
plots.tickets(tickets)

# %% [markdown]
# Every ticket is unique, and each server's table still holds one row however many
# tickets it issued. But while server 2 was down, server 1 ran ahead: after the outage, 7
# of server 2's tickets are smaller than tickets handed out before them. Flickr's own post
# says the two sides "drift a bit out of sync". Unique, yes; sorted by time, no.
#
# ### Weighing the options
#
# Instagram's engineering post "Sharding & IDs at Instagram" (2011) weighed the same
# choices before picking its own:
#
# | approach | who hands out numbers | extra moving parts | sorts by time across generators | size |
# |---|---|---|---|---|
# | counter per shard | each shard | none | no, and numbers repeat | 64 bits |
# | offset and step | each shard, its own series | none, but the step is fixed | no | 64 bits |
# | ticket servers (Flickr) | two ticket databases | two servers; a round trip per ID | no, the two drift | 64 bits |
# | IDs made in the application (UUID, ObjectId) | nobody | none | only time-first ones | 96 to 128 bits |
# | a dedicated service (Twitter's Snowflake) | machine numbers handed out by ZooKeeper | ZooKeeper and the Snowflake servers | roughly (to the ms) | 64 bits |
# | inside each shard's database (Instagram) | the shard's own sequence, plus its shard number | none | roughly (to the ms) | 64 bits |
#
# Instagram wanted 64-bit IDs that sort by time without new moving parts, so it made
# Snowflake-style IDs inside PostgreSQL, in each shard, from the shard's own sequence.
#
# One more cost of counters, whichever of the first three hands them out: IDs that count
# up tell anyone who sees two of them how many were made in between (the order volume of a
# shop, the sign-ups of a service), and let them guess their neighbours. Time-based IDs
# leak less, but still their creation time; only random IDs leak nothing.
#
# ## The layouts
#
# Bits run from the most significant on the left. A layout whose leftmost field is the
# time sorts by creation time when compared as a number.

# %%
plots.bit_layouts(list(ids.LAYOUTS.values()))

# %% [markdown]
# - **Snowflake** (Twitter, 2010): a clear sign bit, 41 bits of milliseconds since a
#   custom epoch, 10 bits of machine (Twitter's code: 5 datacenter + 5 worker) and a
#   12-bit sequence that restarts every millisecond and, used up, waits for the next one.
#   (The notes' "42-bit timestamp" for Twitter counts the sign bit.)
# - **Discord**: the same idea with all 64 bits used: 42 bits of milliseconds since
#   2015-01-01, a 5-bit internal worker, a 5-bit internal process and a 12-bit increment
#   that, in Discord's words, is incremented "for every ID that is generated on that
#   process". The docs describe no reset each millisecond, so it is a per-process counter
#   that wraps after 4,096 IDs.
# - **Instagram** (2011): 41 bits of milliseconds, 13 bits of *logical* shard (thousands of
#   logical shards mapped onto a few physical databases) and the shard's auto-increment
#   sequence modulo 1024, which also never resets.
# - **timestamp | shard | type | seq**: the notes' layout for a mail system; the sizes
#   (41 | 10 | 4 | 8) are our choice, since the notes do not fix them.
# - **ObjectId** (MongoDB): 4 bytes of seconds since 1970, read as unsigned; 5 random bytes
#   drawn once per process; a 3-byte counter that starts at a random value and adds 1 per
#   ID. The notes' 3 bytes of machine and 2 of process id are the layout drivers used
#   before MongoDB's 2018 ObjectID specification.
# - **UUID v7** (RFC 9562, 2024): 48 bits of Unix milliseconds, then 74 bits that are
#   random or a counter; here the 12 `rand_a` bits are a counter (the RFC's method 1),
#   restarted each millisecond at a random 11-bit value. **UUID v4**: 122 random bits.
#   Both carry a 4-bit version and a 2-bit variant ("fixed" in the figure).
#
# The notes also sketch a `{timestamp: 52 bits}_{shard: 12 bits}_{sequence: 12 bits}` ID
# and call it 8 bytes; that is 76 bits, so something has to shrink. Every 64-bit layout
# above spends 41 or 42 bits on time for that reason.
#
# ## Decode a real ID
#
# Discord's API reference has used this ID as its example; decoded with Discord's layout:

# %%
parts = ids.DISCORD.decode(175928847299117063)
{k: parts[k] for k in ("datetime", "worker", "process", "increment")}

# %% [markdown]
# Shifting right by 22 bits leaves the milliseconds since Discord's epoch; adding the
# epoch gives 2016-04-30 11:18:25.796 UTC. Then come internal worker 1 (bits 21 to 17),
# internal process 0 (bits 16 to 12) and increment 7: that process's counter stood at 7
# (it counts every ID the process makes, so this says nothing about how many IDs that
# millisecond saw).
#
# MongoDB's documentation uses the ObjectId `507f1f77bcf86cd799439011`; its first four
# bytes are a Unix time in seconds:

# %%
ids.OBJECT_ID.decode(int("507f1f77bcf86cd799439011", 16))["datetime"]

# %% [markdown]
# ## Generate IDs
#
# An `IdGenerator` fills any layout from an injected clock (so runs are repeatable)
# and a machine or shard number. Five IDs in the same millisecond, then one later:

# %%
clock = ids.ManualClock(1_700_000_000_000)  # Unix ms: 2023-11-14 22:13:20 UTC
gen = ids.IdGenerator(ids.SNOWFLAKE, clock, machine=42)
batch = [gen.next_id() for _ in range(5)]
clock.advance(3)
batch.append(gen.next_id())
[(i, ids.SNOWFLAKE.decode(i)["sequence"]) for i in batch]

# %% [markdown]
# Within one millisecond only the sequence grows; three milliseconds later it restarts
# at 0 and the time field grows by 3, so the ID jumps by about 3 × 2^22. IDs from one
# Snowflake generator strictly increase.
#
# ### Step through a generator
#
# A toy generator with 8 bits of time, 2 of machine and 2 of sequence shows every rule in
# a dozen steps (Snowflake is the same with 41 | 10 | 12). Each row is one ID's bits, time
# then machine then sequence; a 1 bit is dark, a 0 bit pale. The clock reads 0 ms five
# times, then 3 ms, then an NTP correction sets it back to 1 ms:

# %%
generator = widgets.generator_panel()  # drawn once: the figure below is its default view
generator.snapshot()

# %% [markdown]
# The sequence counts 0, 1, 2, 3 within millisecond 0; the fifth request finds it used up
# and waits for millisecond 1. When the clock steps back, the generator refuses (steps 7
# and 8) rather than make IDs that could repeat or sort out of order, and carries on at
# 3 ms where it left off. Scrub through it, and switch the counter to Discord's, which
# counts every ID and wraps instead of waiting: its fifth ID at millisecond 0 is step 0's
# ID again. (Discord's real counter has 4,096 values, so it wraps only after 4,096 IDs.)

# %%
# NBVAL_IGNORE_OUTPUT
generator

# %% [markdown]
# ## Routing by ID
#
# Instagram's post gives its motive for putting the shard in the ID: whoever holds an ID
# knows which database to ask. Its example: user 31341, 2,000 logical shards, so shard
# 31341 mod 2000 = 1341. Here four real SQLite databases hold the 2,000 logical shards:

# %%
store = ids.ShardedStore(physical=4, logical=2000)
photo = store.insert(user_id=31341, caption="sunset")
ids.INSTAGRAM.decode(photo)["shard"], store.database_of(1341), store.get(photo)

# %% [markdown]
# The ID alone names logical shard 1341 and so database 2; one query finds the row. A
# random ID carries no shard, so a read by ID must ask database after database (or keep
# a directory from ID to shard). A thousand photos of random users, 100 read back:

# %%
experiments.routing_reads(photos=1_000, reads=100)

# %% [markdown]
# Routed reads cost one query each. Without the shard, asking the databases in turn costs
# (1 + 4)/2 = 2.5 queries on average when a row is equally likely to sit in any of the
# four (the table's sample of 100 reads averaged 2.28), and a read for a missing ID costs
# all four. The notes' "timebound" key is the same move: put in the key what routes the
# query (the user's shard), so a user's recent mail sits on one shard and a read does not
# fan out. The notes also claim that a time in the key
# spreads data over the shards as time passes: only when shards are ranges of time, and
# then every new write lands on the newest shard, the hot spot of
# [11 · Sharding](11_sharding.ipynb).
#
# ## Handing out machine IDs
#
# A Snowflake layout is unique only if no two running generators share a machine number.
# Ways to hand them out:
# - **configuration**: each host is given its number; simple, and a copied config file
#   makes two hosts share one.
# - **derived from the host**: Sonyflake takes the lower 16 bits of the private IP
#   address by default; unique only while addresses are.
# - **a registry**: Twitter's Snowflake server claimed a worker number at start-up by
#   creating an *ephemeral* ZooKeeper node `<worker_id_path>/<i>` for the first free *i*,
#   and refused to start if its clock was more than 10 s from the mean of its peers'. ZooKeeper
#   deletes an ephemeral node when its session expires, that is when the process's
#   heartbeats stop for longer than the session timeout: the number is held on a *lease*.
#
# Leases have a classic failure. Worker A holds number 0 and heartbeats every second
# (session timeout 3 s); at 4.2 s it freezes for 5 s (a long garbage-collection pause, a
# stalled VM). Its lease lapses at 7 s, worker B starts at 8 s and is given number 0, and
# when A wakes it still believes number 0 is its own. Both run on the course's event engine:

# %%
lease = widgets.lease_panel()  # A freezes for 5 s and does not check its lease
lease.snapshot()

# %% [markdown]
# From 9.2 s, when A wakes, to its next heartbeat at 10 s, A and B make IDs with the same
# machine number; whenever both make one in the same millisecond with the same sequence,
# the IDs are equal: 23 duplicates in under a second. The fix is for a worker to stop
# using its number as soon as its *own* clock says the lease may have lapsed (here, 2.5 s
# after the last confirmed heartbeat, a margin of 0.5 s under the timeout), and to claim a
# number afresh:

# %%
{check: experiments.lease_run(5.0, check).duplicates() for check in (False, True)}

# %% [markdown]
# With the check, A notices on waking and takes number 1: no duplicates. The check
# narrows the window to the time between checking and using the number, it does not
# close it (a pause can fall in between); that is why the margin matters. Scrub through
# the run, change how long A freezes (a freeze that ends before its lease lapses, or
# before anyone else is given its number, is harmless) and turn the check on:

# %%
# NBVAL_IGNORE_OUTPUT
lease

# %% [markdown]
# ### Restarts
#
# Reusing a number after a restart has its own trap. A generator refuses to go back in
# time only because it remembers its last millisecond; a restarted process has forgotten
# it. If NTP set the clock back 50 ms across the restart, the new process re-lives 50 ms
# its predecessor already used, with the same machine number:

# %%
experiments.restart_table(step_back_ms=50, waits_ms=(0, 25, 50, 60))

# %% [markdown]
# Waiting at least as long as the clock can step back before serving removes the
# duplicates; Twitter's Snowflake server sleeps `startup_sleep_ms` before it serves.
# RFC 9562 (§6.3) suggests the other cure: keep the last timestamp in stable storage.
#
# ## Several machines: sorted by ID ≈ sorted by time
#
# Four machines make 50 IDs each at random moments over 20 ms; each machine's clock runs
# 3 ms behind the previous one's (machine 3 is 9 ms behind). Sort all 200 IDs and plot
# each one's position against the moment it was really made:

# %%
machines = widgets.machines_panel()  # 4 machines, 50 IDs each over 20 ms, 3 ms skew per machine
machines.snapshot()

# %% [markdown]
# The points climb in four parallel bands, one per machine, each 3 ms behind the last:
# machine 3's IDs carry times 9 ms in the past, so they sort before IDs made up to 8.8 ms
# earlier. With perfectly agreeing clocks the bands merge into one line and the only
# disorder is inside one millisecond, where the machine number decides. Such IDs are
# *roughly* sorted (Twitter's README promised "k-sorted" within a second and aimed for tens
# of ms): good enough for "newest first" pages, not for deciding which of two writes came
# first. Move the skew to zero and up to 20 ms per machine:

# %%
# NBVAL_IGNORE_OUTPUT
machines

# %% [markdown]
# ## Do UUIDs sort by time?
#
# The notes say a UUID carries the time, so that sorting UUIDs sorts them by time. That is
# wrong for versions 4 and 1. **Version 4** has no time at all, only random bits.
# **Version 1** does hold a 60-bit clock (100-ns steps since 1582-10-15), but stores it low
# bits first: `time_low` (the 32 bits that change fastest) | `time_mid` | version |
# `time_high`. Sorted as text or bytes, v1 UUIDs sort by `time_low`, which wraps every
# 2^32 × 100 ns ≈ 7.2 minutes. Only the 2024 versions sort: **version 6** is v1's clock
# stored high bits first, **version 7** starts with Unix milliseconds. Sixty UUIDs of each
# version, one every 30 s, sorted:

# %%
plots.uuid_order(experiments.uuid_order(count=60, every_s=30))

# %% [markdown]
# v1 climbs in saw teeth, restarting every 7.2 minutes; v4 is scattered; v6 and v7 climb
# in one line. (`ids.uuid1` builds v1 UUIDs with Python's own `uuid` module; the tests
# check it against `uuid.uuid1()` and the RFC's test vectors.)
#
# ## Inserts into a B-tree, measured in SQLite
#
# A table whose primary key is a B-tree (SQLite's `WITHOUT ROWID` tables, InnoDB's
# clustered index) keeps rows in key order. Insert 6,000 rows (a key and 100 bytes of
# payload each) in creation order, 100 per transaction, keyed by UUIDv4, UUIDv7 or
# Snowflake IDs, and count after each commit the
# pages whose bytes changed (SQLite's own image of the database, before and after) and the
# table's leaf pages (SQLite's `dbstat` table). These are counts, so they repeat exactly:

# %%
experiments.btree_table(rows=6_000, batch=100)

# %%
plots.btree_pages(experiments.btree_runs(rows=6_000, batch=100))

# %% [markdown]
# Time-ordered keys all land on the right-most leaf, so a commit of 100 rows rewrites
# about 8 to 11 pages however big the table grows. Random keys land anywhere: by 6,000
# rows a commit rewrites over 100 pages, eight times more in all, and the count keeps
# growing with the table. The dotted line is the balls-in-bins count of distinct leaves
# 100 random keys hit, L(1 − (1 − 1/L)^100) for L leaves; splits and the pages above the
# leaves add the rest. Each of those pages must reach the disk at commit and, once the
# table outgrows memory, be read first. RFC 9562 (§6.11) says the real-world difference in
# index locality "can be one order of magnitude or more".
#
# One folk claim does not hold here: SQLite's balancing keeps every one of these trees
# about 87 % full, so the random keys' table is not bigger; only Snowflake's 8-byte keys
# make its table a little smaller than the 16-byte UUIDs' (188 leaf pages against 200).
# Timings vary from run to run and from disk to disk, which is why this measures pages.
#
# ## Limits
#
# Each layout's bits fix how long it lasts and how fast one generator can go. "time runs
# out" is the year the time field wraps; "negative as BIGINT" the year a 64-bit layout
# that uses its top bit turns negative in a signed 64-bit integer:

# %%
ids.schemes_table()

# %% [markdown]
# A 41-bit millisecond clock lasts 2^41 ms ≈ 69.7 years (of 365.25 days) from its epoch,
# so Twitter's IDs run out in 2080 and Instagram's 41-bit field in 2081. (Instagram's post
# says "41 years": 2^41 ms is 69.7.) But Instagram's layout fills all 64 bits, so its top
# time bit is the sign bit of a signed `BIGINT`: its IDs turn negative after 2^40 ms,
# 34.8 years after its 2011 epoch, in 2046. Instagram's own SQL, run by SQLite (whose
# integers, like PostgreSQL's `bigint`, are signed 64-bit, and whose `<<` does not check
# for overflow), shows both limits:

# %%
{year: ids.instagram_sql_id(experiments.unix_ms(year), shard=1341, sequence=5001)
 for year in (2045, 2047, 2082)}

# %% [markdown]
# Positive in 2045, negative in 2047, and in 2082 the top time bits have fallen off: that
# ID decodes to April 2012 and could equal one made then. Snowflake keeps its
# sign bit clear (63 bits used), so it never turns negative. Discord's 42-bit clock lasts
# until 2154 as an unsigned number, which is how Discord treats its IDs, but would turn
# negative in 2084 in a signed column. A 32-bit second counter, as in ObjectId, read as
# unsigned, ends on 2106-02-07 06:28:16 UTC, the date the notes give for a 4-byte
# timestamp. "IDs/s per generator" is what one generator can make without repeating or
# waiting; UUIDv7's 2,049,000 assumes the worst random start of its 12-bit counter (the
# best start allows 4,096 per ms). The limits calculator reads the same off any layout;
# Instagram's, with both of its limits:

# %%
ids.layout_limits(ids.INSTAGRAM)

# %% [markdown]
# Design your own layout (here Twitter's widths, 41 | 10 | 12, from a 2020 epoch):

# %%
limits = widgets.limits_panel()
limits.snapshot()

# %% [markdown]
# and the limits the panel prints under it: with the sign bit kept clear, this layout lasts
# until 2089 and never turns negative.

# %%
limits.result.table

# %%
# NBVAL_IGNORE_OUTPUT
limits

# %% [markdown]
# ## UUID v4, UUID v7 or Snowflake?
#
# | | UUID v4 | UUID v7 | Snowflake-style |
# |---|---|---|---|
# | size | 16 bytes (36 characters as text) | 16 bytes | 8 bytes (fits a `BIGINT`) |
# | sorts by creation time | no | yes (to the ms) | yes (to the ms) |
# | B-tree inserts | all over the tree: many pages per commit | at the right-hand end | at the right-hand end |
# | coordination | none | none | a unique machine/shard number per generator |
# | what can go wrong | a bad random source (a cloned VM, a forked process) | clock skew reorders; duplicates if counters restart at 0 on many generators | clock skew, clock stepping back, machine numbers handed out twice |
# | leaks | nothing | creation time | creation time and machine |
#
# ## How likely is a collision?
#
# Random IDs need no coordination, only enough random bits. Among n IDs with b random
# bits there are n(n − 1)/2 pairs, and the chance that at least one pair is equal is about
# 1 − exp(−n(n − 1)/2^(b+1)) (the birthday bound):

# %%
for bits in (32, 64, 122):
    print(f"{bits:3d} random bits: 50% chance of a duplicate after "
          f"{ids.ids_for_collision(0.5, bits):.3g} IDs")

# %% [markdown]
# With 32 random bits a duplicate is likely after some 77,000 IDs; with UUID v4's 122
# bits you would need about 2.7 × 10^18.
#
# ### Time-ordered IDs: only the same millisecond counts
#
# A UUIDv7 has 62 random bits, but the birthday bound over all n IDs does not apply to it.
# One generator never repeats itself (its time or its counter differs), so two v7s can only
# be equal if two *different* generators made them in the same millisecond, gave them the
# same counter value and drew the same 62 bits. Let each of G generators make X IDs per
# millisecond, X a Poisson number with mean r. With counters that start at 0, the pairs
# that can collide in one millisecond number G(G − 1)/2 × Σᵢ P(X > i)²; with counters
# seeded at random over S = 2^11 values, as RFC 9562 (§6.2) describes, about r²/S per pair of
# generators.
# 1,000 generators, one ID per millisecond each:

# %%
collisions = widgets.collision_panel()  # 1,000 generators, 1 ID per ms each; 10^15 IDs marked
collisions.snapshot()

# %% [markdown]
# Under its figure the panel prints each chance at the marked number of IDs:

# %%
collisions.view[1]  # the table drawn under the figure

# %% [markdown]
# The grey dashed line is what the all-pairs bound would say for 62 bits: certain
# duplicates after a few billion IDs, far too pessimistic. The real v7 risk grows only
# linearly with n (the number of same-millisecond pairs grows with the run's length), but
# with counters that start at 0 it is far above v4's: 5 % at 10^15 IDs, about 30 years of
# this fleet, against v4's 10^−7. Seeding the counter cuts it about a thousand-fold, to
# 5 × 10^−5. At a million IDs per second, v4 is the safer bet on uniqueness; v7 buys time
# order and B-tree locality with a risk that is small but depends on how many generators
# there are and how they seed their counters. Change the fleet:

# %%
# NBVAL_IGNORE_OUTPUT
collisions

# %% [markdown]
# ### ObjectId: the birthday bound over processes
#
# An ObjectId's 5-byte random value is drawn once per *process*, so the birthday bound
# counts processes, over 40 bits. Two processes that drew the same value still make equal
# ObjectIds only if they run in the same second with overlapping counters (each starts at
# a random one of 16.8 million values), but the chance that some pair of processes shares
# a value climbs fast with the number of processes ever started:

# %%
experiments.process_collisions()

# %% [markdown]
# A fleet that starts a million short-lived processes has a 37 % chance that two of them
# share a process value; from then on, uniqueness rests on the counters.
#
# ## Try it
#
# **1.** Decode the Snowflake `1541815603606036480` with Twitter's epoch (the default of
# `ids.decode_snowflake`). In which calendar year was it made?

# %%
answer = ...
check("13.1", answer)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# from sysdesign import ids
#
# answer = ids.decode_snowflake(1541815603606036480)["datetime"].year
# ```
#
# The ID shifted right by 22 bits is the milliseconds since Twitter's epoch, 2010-11-04
# 01:42:54.657 UTC; adding them gives 2022-06-28 16:07:40.105 UTC.
# </details>
#
# **2.** How many processes must have started, each drawing its own 5-byte ObjectId
# value, for a 1 % chance that two drew the same value? (A number; 2 % either way counts.)

# %%
answer = ...
check("13.2", answer)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# from sysdesign import ids
#
# answer = ids.ids_for_collision(0.01, 40)  # the 5-byte value: 40 random bits per process
# ```
#
# About 149,000 processes: √(2 · 2^40 · ln(1/0.99)). Forty bits sound like a lot, but a
# deployment that restarts thousands of short-lived workers a day gets there in a few months.
# </details>
#
# **3.** A fleet makes 1,000 UUIDv7s per millisecond in all, for a year, with counters that
# start at 0 each millisecond. Either 10 generators make 100 IDs per ms each, or 1,000
# generators make 1 ID per ms each. Which fleet is more likely to make a duplicate:
# `"10 generators"`, `"1,000 generators"` or `"the same"`? Decide first, then check with
# the model.

# %%
answer = ...
check("13.3", answer)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# from sysdesign import ids
#
# n = 1_000 * ids.MS_PER_YEAR  # IDs in a year, either way
# few = ids.time_ordered_collision_probability(n, 10, 100.0, random_bits=62)
# many = ids.time_ordered_collision_probability(n, 1_000, 1.0, random_bits=62)
# answer = "1,000 generators" if many > few else "10 generators"
# ```
#
# The 1,000-generator fleet, by a factor of about 56 (1.6 × 10^−3 against 2.9 × 10^−5).
# Only pairs from different generators with the same millisecond and counter can collide.
# Ten busy generators use counters 0 to about 100 each millisecond, but there are only 45
# pairs of generators: about 4,000 candidate pairs per millisecond. A thousand generators
# making one ID each mostly use counter 0: about 630 of them in each millisecond, so
# about 200,000 pairs share counter 0 alone. Seeded counters make the two fleets almost
# equal (about r²/S pairs per pair of generators, so the total depends only on the fleet's
# total rate).
# </details>
#
# ## Summary
# - Database counters can be kept unique without a central one (offset and step, ticket
#   servers), but their numbers do not sort by time across databases.
# - Snowflake-style IDs pack time | machine or shard | counter into 64 bits: unique if
#   every generator has its own number and its clock never steps back, sorted by time to
#   the millisecond give or take the clocks' skew, and routable when the number is a shard.
# - Machine numbers are handed out by configuration, from the host, or by a registry on a
#   lease; a worker must stop using its number when its own clock says the lease may have
#   lapsed, and a restarted one must not re-live milliseconds it already used.
# - UUID v1 and v4 do not sort by time (v1 stores its clock low bits first); v6 and v7 do.
#   Time-ordered keys keep B-tree inserts on a few pages; random keys spread each commit
#   over many, measured here in SQLite.
# - Every layout has limits you can compute: the time field's lifetime, and for 64-bit
#   layouts that use the top bit, the earlier year they turn negative as a `BIGINT`;
#   IDs per tick; and for random bits the birthday bound, counted over the pairs that can
#   really collide (per process for ObjectId, per millisecond and counter for UUIDv7).
# - Pick 8-byte Snowflake-style IDs when storage, index size or routing by shard matter and
#   you can hand out machine numbers; UUID v7 when you want no coordination and time order;
#   UUID v4 when the ID must reveal nothing, including when it was made.
#
# ## Where this shows up
# - Twitter/X and Discord IDs are Snowflakes; Instagram's media IDs carry their shard;
#   MongoDB gives every document an ObjectId; PostgreSQL 18 has a built-in `uuidv7()`
#   (it fills `rand_a` with a sub-millisecond fraction, the RFC's method 3).
# - [11 · Sharding](11_sharding.ipynb) introduced logical shards mapped onto physical
#   databases; here the logical shard travels inside the ID.
# - The clock skew that bounds how well Snowflakes sort is the skew that makes
#   last-writer-wins drop writes in [09 · CAP and PACELC](09_cap_pacelc.ipynb); the lease
#   that hands out machine numbers comes back with Chubby and Paxos in
#   [22 · Coordination](22_coordination.ipynb).
# - [14 · Indexes](14_indexes.ipynb) looks at B-trees and query plans in SQLite from
#   the reading side.
#
# ## Further reading
# - Twitter, "snowflake" repository README and `SnowflakeServer.scala` (2010), and the
#   post "Announcing Snowflake" (2010).
# - Instagram Engineering, "Sharding & IDs at Instagram" (2011).
# - Flickr Code, "Ticket Servers: Distributed Unique Primary Keys on the Cheap" (2010).
# - Discord developer documentation, API Reference, "Snowflakes".
# - MongoDB, "ObjectID format" specification (2018) and the manual's "ObjectId" page.
# - K. Davis, B. Peabody and P. Leach, RFC 9562 "Universally Unique IDentifiers (UUIDs)"
#   (2024), §5 (versions 1, 4, 6, 7) and §6.2 (counters).
# - SQLite documentation, "Clustered Indexes and the WITHOUT ROWID Optimization" and "The
#   DBSTAT Virtual Table".
# - M. Kleppmann, *Designing Data-Intensive Applications* (2017), chapter 8 on process
#   pauses and leases.

# %% [markdown]
# <!-- nav -->
# [← 12 · Consistent hashing: rings, virtual nodes, rendezvous and jump](12_consistent_hashing.ipynb) · [Contents](00_start_here.ipynb#Course-map) · [14 · Indexes: B-trees, hash, bitmap and LSM trees, and real SQLite plans →](14_indexes.ipynb)
