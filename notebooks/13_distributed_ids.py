# %% [markdown]
# # 13 · Distributed IDs: Snowflake, ObjectId and UUIDs
#
# Take real IDs apart bit by bit, generate IDs on several simulated machines and check they sort by time, and size an ID layout's lifetime, throughput and collision risk.

# %% [markdown]
# <!-- nav -->
# [← 12 · Consistent hashing: rings, virtual nodes, rendezvous and jump](12_consistent_hashing.ipynb) · [Contents](00_start_here.ipynb#Course-map) · [15 · Geohashes and quadtrees: finding what is near →](15_geohash_quadtree.ipynb)

# %% [markdown]
# ## What you will learn
# - Why a sharded database cannot rely on one auto-increment counter, and what replaces it.
# - The bit layouts of Twitter's Snowflake, Instagram's IDs, MongoDB's ObjectId and
#   UUID v4 and v7, and how to decode one.
# - What limits a layout: years until the clock field overflows, IDs per millisecond,
#   clock skew between machines, and (for random IDs) the birthday bound.
#
# Builds on: [11 · Sharding](11_sharding.ipynb) (rows spread over shards) and
# [12 · Consistent hashing](12_consistent_hashing.ipynb). The models are in
# `src/sysdesign/ids/`: `layout.py` (bit layouts and decoding), `generator.py` (making
# IDs) and `collisions.py` (the birthday bound).

# %%
from sysdesign import ids
from sysdesign.core.exercises import check
from sysdesign.ids import plots
from sysdesign.ids.widgets import collision_panel, limits_panel, machines_panel

# %% [markdown]
# ## Why not one counter?
#
# A single database hands out `1, 2, 3, ...` from one sequence. Split the table over
# 64 shards and that counter becomes a bottleneck (every insert asks one server) and a
# single point of failure. Each shard counting on its own repeats numbers. The fixes
# all pack three things into each ID: **when** it was made, **who** made it (machine or
# shard) and a **sequence** to tell apart IDs made by the same machine in the same
# tick, or else enough **random** bits that a repeat is hopeless.
#
# ## The layouts
#
# Bits run from the most significant on the left. A layout whose leftmost field is the
# time sorts by creation time when compared as a number.

# %%
plots.bit_layouts(list(ids.LAYOUTS.values()))

# %% [markdown]
# - **Snowflake** (Twitter, 2010): a clear sign bit, 41 bits of milliseconds since a
#   custom epoch, 10 bits of machine (Twitter: 5 datacenter + 5 worker) and a 12-bit
#   sequence, 8 bytes in all. (The notes' "42-bit timestamp" counts the sign bit.)
# - **Instagram** (2012): 41 bits of milliseconds, 13 bits of *logical* shard (thousands
#   of logical shards mapped onto a few physical databases) and the shard's
#   auto-increment modulo 1024; made inside PostgreSQL by a PL/pgSQL function.
# - **timestamp | shard | type | seq**: the notes' layout for a mail system; the sizes
#   (41 | 10 | 4 | 8) are our choice, since the notes do not fix them.
# - **ObjectId** (MongoDB): 4 bytes of seconds since 1970, 5 random bytes chosen once
#   per process (older drivers used 3 bytes of machine and 2 of process id) and a 3-byte
#   counter that starts at a random value.
# - **UUID v7** (RFC 9562, 2024): 48 bits of Unix milliseconds, then random bits;
#   **UUID v4**: 122 random bits. Both carry a 4-bit version and a 2-bit variant.
#
# The notes also sketch a `{timestamp: 52 bits}_{shard: 12 bits}_{sequence: 12 bits}` ID
# and call it 8 bytes; that is 76 bits, so something has to shrink. Every 64-bit layout
# above spends about 41 bits on time for that reason.
#
# ## Decode a real ID
#
# Discord uses Snowflakes with its own epoch, 2015-01-01. Its documentation takes this
# one apart:

# %%
parts = ids.decode_snowflake(175928847299117063, epoch_ms=ids.DISCORD_EPOCH_MS)
{k: parts[k] for k in ("datetime", "machine", "datacenter", "worker", "sequence")}

# %% [markdown]
# Shifting right by 22 bits leaves the milliseconds since Discord's epoch; adding the
# epoch gives 2016-04-30 11:18:25.796 UTC. The next 10 bits are the machine, whose
# 5-bit halves Twitter calls datacenter and worker (Discord: worker 1 and process 0),
# and the low 12 bits say this was the 8th ID (sequence 7) that machine made in that
# millisecond.

# %%
plots.bit_layouts([ids.SNOWFLAKE], values={"Snowflake": parts})

# %% [markdown]
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
# at 0 and the time field grows by 3, so the ID jumps by about 3 × 2^22. IDs from one generator strictly increase. When
# 4,096 IDs are used up inside one millisecond the generator waits for the clock to
# tick; if the clock steps *backwards* (an NTP correction), it refuses with a
# `ValueError` rather than risk repeating an ID.
#
# ## Several machines: sorted by ID ≈ sorted by time
#
# Four machines make 50 IDs each at random moments over 20 ms. Sort all 200 IDs and
# plot each one's position against the moment it was really made:

# %%
frame = ids.simulate_machines(num_machines=4, ids_per_machine=50, duration_ms=20, skew_ms=0)
plots.id_order(frame)

# %% [markdown]
# The points climb in one line: sorting by ID sorts by time, except inside a single
# millisecond, where the machine number decides. Such IDs are *roughly* (k-)sorted,
# good enough for "newest first" pages and for B-tree indexes that like inserts at the
# right-hand end. Real clocks disagree, though: give each machine a clock a few ms
# behind the previous one, and watch the disorder grow with the skew.

# %%
# NBVAL_IGNORE_OUTPUT
machines_panel()

# %% [markdown]
# ## Limits
#
# Each layout's bits fix how long it lasts and how fast one machine can go:

# %%
ids.schemes_table()

# %% [markdown]
# A 41-bit millisecond clock lasts 2^41 ms ≈ 69.7 years (of 365.25 days) from its epoch,
# so Twitter's IDs run out in 2080. Instagram's layout uses all 64 bits, so in a signed
# `BIGINT` its IDs turn negative after 2^40 ms, about 34.8 years (2046). A 32-bit
# second counter, as in ObjectId, ends on 2106-02-07 06:28:16 UTC, the date the notes
# give for a 4-byte timestamp. Design your own layout:

# %%
# NBVAL_IGNORE_OUTPUT
limits_panel()

# %% [markdown]
# ## UUID v4, UUID v7 or Snowflake?
#
# | | UUID v4 | UUID v7 | Snowflake-style |
# |---|---|---|---|
# | size | 16 bytes (36 characters as text) | 16 bytes | 8 bytes (fits a `BIGINT`) |
# | sorts by creation time | no | yes (to the ms) | yes (to the ms) |
# | index locality | poor: inserts land all over the B-tree | good: inserts append | good |
# | coordination | none | none | a unique machine/shard number per generator |
# | what can go wrong | nothing practical (122 random bits) | clock skew reorders | clock skew, clock going backwards, reused machine numbers |
# | leaks | nothing | creation time | creation time and machine |
#
# ## How likely is a collision?
#
# Random IDs need no coordination, only enough random bits. Among n IDs with b random
# bits, the chance of at least one duplicate is about 1 − exp(−n(n−1)/2^(b+1)) (the
# birthday bound):

# %%
for bits in (32, 64, 122):
    print(f"{bits:3d} random bits: 50% chance of a duplicate after "
          f"{ids.ids_for_collision(0.5, bits):.3g} IDs")

# %%
plots.collision_curves([32, 62, 64, 122], mark=1e9)

# %% [markdown]
# With 32 random bits a duplicate is likely after some 77,000 IDs; with UUID v4's 122
# bits you would need about 2.7 × 10^18. UUID v7 has 62 random bits (we use its 12
# `rand_a` bits as a counter), but they only need to differ among IDs made in the same
# millisecond, which makes the risk negligible too.

# %%
# NBVAL_IGNORE_OUTPUT
collision_panel()

# %% [markdown]
# ## Try it
#
# **1.** Decode the Snowflake `1541815603606036480` with Twitter's epoch
# (`ids.decode_snowflake(...)`, default epoch). In which calendar year was it made?

# %%
answer = ...  # a year, e.g. 2015
check(answer, ids.decode_snowflake(1541815603606036480)["datetime"].year,
      hint="decode_snowflake(id)['datetime'].year")

# %% [markdown]
# <details><summary>Solution</summary>
#
# `ids.decode_snowflake(1541815603606036480)["datetime"]` is 2022-06-28 16:07:40.105
# UTC: (id >> 22) milliseconds after Twitter's epoch, 2010-11-04 01:42:54.657 UTC.
# </details>
#
# **2.** A layout gives 10 bits to the sequence and counts milliseconds. How many IDs
# can one machine make per second at most?

# %%
answer = ...  # IDs per second
check(answer, 2**10 * 1000, hint="2**bits IDs per millisecond, 1000 milliseconds per second")

# %% [markdown]
# <details><summary>Solution</summary>
#
# 2^10 = 1,024 per millisecond, so 1,024,000 per second (`ids.INSTAGRAM.max_ids_per_second()`).
# </details>
#
# **3.** With 48 random bits, how many IDs give a 1 % chance of a duplicate? Use
# `ids.ids_for_collision`.

# %%
answer = ...  # a number of IDs
check(answer, ids.ids_for_collision(0.01, 48), rel_tol=0.05,
      hint="ids.ids_for_collision(probability, random_bits)")

# %% [markdown]
# <details><summary>Solution</summary>
#
# `ids.ids_for_collision(0.01, 48)` ≈ 2.4 million: √(2 · 2^48 · ln(1/0.99)). Forty-eight
# random bits sound like a lot, but a busy service makes millions of IDs a day.
# </details>
#
# ## Summary
# - A sharded system makes IDs without a central counter by packing time, a machine or
#   shard number and a per-tick sequence into 64 bits (Snowflake, Instagram), or by
#   using enough random bits (UUID v4, and the random tail of UUID v7 and ObjectId).
# - Time-first layouts sort by creation time, to the tick, give or take the clock skew
#   between machines; that keeps B-tree inserts local and makes "newest first" cheap.
# - Every layout has limits you can compute: the time field's lifetime, IDs per tick,
#   how many machines, and for random bits the birthday bound.
# - Pick 8-byte Snowflake-style IDs when storage and index size matter and you can hand
#   out machine numbers; UUID v7 when you want no coordination and time order; UUID v4
#   when the ID must reveal nothing.
#
# ## Further reading
# - Twitter Engineering, "Announcing Snowflake" (2010).
# - Instagram Engineering, "Sharding & IDs at Instagram" (2012).
# - K. Davis, B. Peabody and P. Leach, RFC 9562 "Universally Unique IDentifiers (UUIDs)"
#   (2024).
# - MongoDB manual, "ObjectId".
# - Discord developer documentation, "Snowflakes".

# %% [markdown]
# <!-- nav -->
# [← 12 · Consistent hashing: rings, virtual nodes, rendezvous and jump](12_consistent_hashing.ipynb) · [Contents](00_start_here.ipynb#Course-map) · [15 · Geohashes and quadtrees: finding what is near →](15_geohash_quadtree.ipynb)
