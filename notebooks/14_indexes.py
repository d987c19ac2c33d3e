# %% [markdown]
# # 14 · Indexes: B-trees, hash, bitmap and LSM trees, and real SQLite plans
#
# Grow a B-tree key by key and watch its nodes split, compare it with a hash index, a bitmap index and an LSM tree, then ask real SQLite, on half a million generated rows, which index it uses and what each one costs.

# %% [markdown]
# <!-- nav -->
# [← 13 · Distributed IDs: Snowflake, ObjectId and UUIDs](13_distributed_ids.ipynb) · [Contents](00_start_here.ipynb#Course-map) · [15 · Geohashes and quadtrees: finding what is near →](15_geohash_quadtree.ipynb)

# %% [markdown]
# ## What you will learn
# - How a B-tree stays shallow and balanced: nodes of at most m − 1 keys that split and
#   push their middle key up, and the height bounds that follow.
# - What a hash index, a bitmap index and an LSM tree are good and bad at, and how to count
#   an LSM tree's write and read amplification against a B-tree's.
# - How to read SQLite's `EXPLAIN QUERY PLAN`: a scan against a search, composite and
#   covering indexes, and the queries an index cannot help.
# - What every index costs on each write.
#
# Builds on: [11 · Sharding](11_sharding.ipynb) (an index lives inside each shard) and
# [13 · Distributed IDs](13_distributed_ids.ipynb) (where inserts land in a B-tree). The
# models are in `src/sysdesign/indexes/`: `btree.py`, `hash_index.py`, `bitmap.py`,
# `lsm.py` and `sqlite_lab.py` (real SQLite).

# %%
import os

import numpy as np
import pandas as pd

from sysdesign import indexes
from sysdesign.core.exercises import check
from sysdesign.core.tables import full_text
from sysdesign.indexes import experiments, plots, widgets

# %% [markdown]
# ## Index
#
# Without an index, a query that wants the orders of customer 42 reads every row: a
# **full scan**, whose cost grows with the table. An index is a second structure, kept
# sorted or hashed by some columns, that takes the query straight to the matching rows.
# The price is space and a little more work on every insert, update and delete, because
# every index must change with the table.
#
# ## The B-tree
#
# A B-tree of **order m** (Bayer and McCreight, 1972; the "order" convention is Knuth's)
# keeps keys sorted in nodes:
#
# - a node holds at most m − 1 keys and, if it is not a leaf, one more child than keys;
# - every internal node except the root has at least ⌈m/2⌉ children;
# - every leaf is at the same depth.
#
# In this classic form each key is stored once, with its value, in whichever node holds
# it. A lookup reads at most one node per level. Let us insert five keys into a tree of
# order 3 (at most 2 keys per node):

# %%
tree = indexes.BTree(order=3)
for key in [10, 20, 30, 40, 50]:
    tree.insert(key, f"row {key}")
tree.levels(), tree.height, len(tree), tree.get(40)

# %% [markdown]
# The third insert overflowed the leaf `[10, 20, 30]`: it **split** into `[10]` and
# `[30]`, and its middle key 20 moved up into a new root. That is the only way the tree
# grows taller: at the top, so every leaf stays at the same depth. The tree records each
# insert and its splits:

# %%
[(step.key, [s.promoted for s in step.splits]) for step in tree.trace]

# %% [markdown]
# ### Watching it grow
#
# Shuffled keys 1 to 24 go into a tree of order 3. Keys in orange are the ones the
# shown insert pushed up by a split:

# %%
plots.growth_frames(experiments.growth_frames())

# %% [markdown]
# Step through every insert, change the order, or insert the keys in ascending order
# (a time-ordered key, as in [13](13_distributed_ids.ipynb)): ascending keys always land
# in the right-most leaf, which splits again and again and leaves every node to its left
# at the minimum, ⌈m/2⌉ − 1 keys: about half empty.

# %%
growth = widgets.btree_growth_panel()  # 8 of 24 shuffled keys, order 3
growth.snapshot()

# %%
# NBVAL_IGNORE_OUTPUT
growth

# %% [markdown]
# ### How tall can it get?
#
# With n keys, the shortest tree has every node full (m − 1 keys), so n ≤ m^h − 1 and
# h ≥ log_m(n + 1). The tallest has a root with one key and every other node at its minimum
# of t = ⌈m/2⌉ children, so n ≥ 2t^(h−1) − 1 and **h ≤ 1 + log_t((n + 1)/2)**. (CLRS
# state the same bound as h ≤ log_t((n + 1)/2) because they count height in edges; here a
# lone leaf has height 1.) For a million keys:

# %%
pd.DataFrame({m: indexes.height_bounds(1_000_000, m) for m in (3, 4, 8, 100, 500)},
             index=["least height", "greatest height"]).rename_axis(columns="order m")

# %% [markdown]
# With the hundreds of keys a 4 KiB page holds, a million keys sit at most 4 levels deep,
# and the top levels stay in memory: a lookup costs one or two disk reads. Measured on
# 4,000 shuffled keys (at checkpoints spaced evenly on the log scale), the height stays
# inside the two bounds (the shaded bands):

# %%
plots.heights(experiments.height_study())

# %% [markdown]
# ### The B+ tree that databases use
#
# Most databases use a variant, the **B+ tree**: internal nodes hold only keys that
# steer the search, every value (or row) lives in a leaf, and the leaves are linked left
# to right. Internal nodes then fit more keys (a larger fan-out, a lower tree), every
# lookup goes to a leaf, and a range scan finds its first key once and then walks the
# linked leaves, instead of climbing up and down the tree as `BTree.range` does. InnoDB
# (whose tables are B+ trees ordered by primary key) and PostgreSQL link the pages of
# every level this way. SQLite is a mixed case: an ordinary (rowid) table is a B+ tree
# keyed by rowid with every row in its leaves, an index is a B-tree whose keys carry the
# rowid of their row (a `WITHOUT ROWID` table is stored as such an index B-tree too), and
# none links its leaves: SQLite's page header has no sibling pointer, so a cursor keeps
# its path from the root and reaches the next leaf through the parent.
#
# ## Hash indexes
#
# A hash index puts each key in the bucket its hash picks. A point lookup reads one
# bucket; but the hash scatters neighbouring keys, so a range query must read them all:

# %%
countries = experiments.bitmap_columns(rows=1000)["country"]
by_hash = indexes.HashIndex(buckets=64)
for row, country_code in enumerate(countries):
    by_hash.add(country_code, row)
korea = by_hash.get("KR")
len(korea), by_hash.entries_read

# %%
before = by_hash.entries_read
len(by_hash.range("DE", "FR")), by_hash.entries_read - before

# %% [markdown]
# The point lookup read one bucket, which held exactly the `KR` rows; the range read all
# 1,000 entries to find the `DE` and `FR` rows. That is why PostgreSQL's hash indexes answer only `=`,
# and why in-memory key-value stores (Redis, Bitcask's keydir) hash while databases that
# need `ORDER BY` and `BETWEEN` default to B-trees.
#
# ## Bitmap indexes
#
# For a column with few distinct values (status, country, a flag), a bitmap index keeps
# one bit string per value, one bit per row. A query combining conditions becomes bit
# operations: AND is `&`, OR is `|`. Ten rows:

# %%
small = experiments.bitmap_columns(rows=10, seed=7)
status, country = indexes.BitmapIndex(small["status"]), indexes.BitmapIndex(small["country"])
shipped, korea = status.eq("shipped"), country.eq("KR")
[(name, status.show(bits)) for name, bits in
 [("shipped", shipped), ("KR", korea), ("shipped AND KR", shipped & korea),
  ("shipped OR KR", shipped | korea)]]

# %% [markdown]
# On 100,000 rows, an AND of two bitmaps (pending orders from Korea) picks exactly the
# rows a NumPy mask picks, and the two bitmap indexes cost 9 bits per row (4 statuses +
# 5 countries):

# %%
big = experiments.bitmap_columns(rows=100_000)
status, country = indexes.BitmapIndex(big["status"]), indexes.BitmapIndex(big["country"])
hits = status.rows(status.eq("pending") & country.eq("KR"))
mask = (np.array(big["status"]) == "pending") & (np.array(big["country"]) == "KR")
assert hits == np.flatnonzero(mask).tolist()
len(hits), (status.size_bits + country.size_bits) / 100_000

# %% [markdown]
# Uncompressed, a bitmap index costs rows × distinct values bits: fine for 4 statuses,
# hopeless for a million customer ids. Real ones (Oracle's bitmap indexes, Roaring bitmaps
# in Druid and Lucene) compress runs of zeros. Updating one row means rewriting bits that
# many rows share, so they suit read-mostly analytical tables, not busy OLTP tables.
#
# ## LSM trees
#
# A B-tree updates pages in place. A **log-structured merge tree** (O'Neil et al., 1996;
# LevelDB, RocksDB, Cassandra) never does: writes go to an in-memory **memtable**; a full
# memtable is written out, sorted, as an immutable **sorted run**; **compaction** merges
# runs in the background, keeping the newest value of each key. How runs are picked for
# merging is the compaction strategy: **size-tiered** merges runs of similar size
# (Cassandra's long-standing default); **leveled** keeps every level below the first as
# one sorted run cut into files, each level about ten times the size of the one above
# (LevelDB, and RocksDB's default), which writes more but leaves fewer runs to probe.
# Here, size-tiered: a memtable of 2 entries, and 2 runs of a tier merge into one:

# %%
lsm = indexes.LSMTree(memtable_size=2, fanout=2)
steps = []
for key in range(8):
    lsm.put(key, key * 10)
    steps.append((key, sorted(lsm.memtable), [(run.tier, run.keys) for run in lsm.runs],
                  lsm.entries_written))
full_text(pd.DataFrame(steps, columns=["put key", "memtable", "runs (tier, keys), newest first",
                                       "entries written"]).set_index("put key"))

# %% [markdown]
# Every second put fills the memtable and flushes it (2 entries written). At key 3 the
# second tier-0 run triggers a merge into one tier-1 run (4 more); at key 7 the same
# happens again, and the two tier-1 runs then merge into one run of all 8 keys (4 + 8
# more): 24 entries written for 8 inserted. Two counts compare it with a B-tree:
#
# - **write amplification**: entries written to storage per entry inserted. For the
#   LSM tree: flushes plus compaction output. With distinct keys and n = memtable ×
#   fanout^k inserts, each entry is written once by its flush and once per merge: 1 + k.
#   For the B-tree a changed node is a page written whole, counted as its m − 1 entry
#   slots; this assumes each insert writes its pages at once, the worst case (a real
#   database keeps hot pages in a buffer pool and writes them back later).
# - **read amplification**: for the LSM tree, sorted runs probed per lookup (an absent key
#   probes them all; real systems add a Bloom filter per run to skip most); for the
#   B-tree, nodes visited (its height for a key that is absent). Both count one page read
#   per probe: a run is searched through its small index of blocks, kept in memory, then
#   one block is read.
#
# The same 3,000 shuffled keys go into both; the bars show the counts at the end:

# %%
amp = widgets.amplification_panel()  # 3,000 keys; B-tree order 16; memtable 64, fanout 4
amp.snapshot()

# %%
# NBVAL_IGNORE_OUTPUT
amp

# %%
result = amp.result
pd.DataFrame({"write amplification": [result["btree_write"][-1], result["lsm_write"][-1]],
              "probes, key present": [result["found"]["btree"], result["found"]["lsm"]],
              "probes, key absent": [result["missing"]["btree"], result["missing"]["lsm"]]},
             index=["B-tree", "LSM tree"]).round(2)

# %% [markdown]
# The LSM tree wrote each entry a few times; the B-tree rewrote a page of 15 slots (plus
# split pages) for every single insert. Reads go the other way: a B-tree lookup visits one
# node per level, the LSM tree probes run after run. That trade, cheap sequential writes
# against costlier reads and background compaction, is why write-heavy stores (Cassandra,
# RocksDB under MyRocks) pick LSM trees. Raise the fanout in the panel from 4 to 8: fewer
# merges, so less writing, but more runs to probe. (Small steps can go either way: the
# number of runs left is the sum of the digits of the flush count written in base fanout.)
#
# ## Real SQLite: half a million rows
#
# Now a real database. `OrdersDB` builds `orders(id, customer, day, amount)` with
# 500,000 rows and `customers(id, email)` with 100,000, inside SQLite with a recursive
# common table expression and a fixed multiplicative hash, so every build holds the same
# rows. The file lives in a temporary directory that `close()` deletes (and Python's
# `tempfile` removes at exit if a cell fails first).

# %%
orders = indexes.OrdersDB(rows=500_000)
orders.open()
indexes.sqlite_version(), orders.query("SELECT (SELECT count(*) FROM orders), "
                                       "(SELECT count(*) FROM customers)")

# %% tags=["nbval-ignore-output"]
# Measured: building the table takes a different time on every machine and every run
print(f"500,000 rows built in {orders.build_seconds:.1f} s")

# %% [markdown]
# The query plans below are SQLite's own words; for this schema (and no `ANALYZE`
# statistics) their text depends only on the SQLite version printed above. Without an
# index, SQLite must **SCAN** the whole table:

# %%
by_customer = "SELECT * FROM orders WHERE customer = 42"
print(orders.plan(by_customer))

# %% [markdown]
# Now time it, create an index on `(customer, day)`, and time it again:

# %% tags=["nbval-ignore-output"]
# Measured: query and index-build times vary with the machine and its load
scan = orders.timed(by_customer, repeat=1)  # one run: a scan is far slower than a search
build = orders.create_index("by_customer_day", "orders", "customer, day")
search = orders.timed(by_customer)
print(f"scan {scan * 1e3:.1f} ms; CREATE INDEX {build:.1f} s; search {search * 1e3:.2f} ms")
print("index at least 10x faster:", scan > 10 * search)

# %%
print(orders.plan(by_customer))
print("matching rows:", orders.query("SELECT count(*) FROM orders WHERE customer = 42")[0][0])

# %% [markdown]
# **SEARCH** means SQLite walks the index's B-tree to the first entry for customer 42 and
# reads only the matching entries, then fetches each row by its rowid. The scan reads all
# 500,000 rows whatever the answer; the search reads the handful that match.
#
# ### A composite index: column order matters
#
# The index is sorted by `customer`, then by `day` within a customer, like a phone book
# sorted by surname then first name. A query can use a **leftmost prefix** of its columns:

# %%
where = ["customer = 42", "customer = 42 AND day BETWEEN 100 AND 200", "day = 100",
         "day = 100 AND customer = 42"]
full_text(pd.DataFrame({"WHERE": where,
                        "plan": [orders.plan(f"SELECT * FROM orders WHERE {w}") for w in where]}))

# %% [markdown]
# `day = 100` alone gets a scan: days are scattered over every customer in the index, as
# first names are over a phone book. (A plan writes any range as `>?` and `<?`, the
# inclusive bounds of `BETWEEN` too: it names which columns bound the search, not how.) The order of terms in the `WHERE` clause does not
# matter; the order of columns in the index does. Put the column tested with `=` first and
# the one tested with a range second.
#
# ### Covering indexes
#
# If every column a query needs is in the index, SQLite never reads the table:

# %%
for sql in ["SELECT day FROM orders WHERE customer = 42",
            "SELECT day, amount FROM orders WHERE customer = 42",
            "SELECT count(*) FROM orders WHERE day = 100"]:
    print(f"{sql:55} {orders.plan(sql)}")

# %% [markdown]
# `USING COVERING INDEX` saves one table lookup per matching row. Asking for `amount`
# too, which the index lacks, brings those lookups back. The last line is a twist: with no
# index on `day`, SQLite scans the *index* instead of the table, because the index holds
# every column the count needs and is smaller than the table:

# %%
{name: orders.pages(name) for name in ("orders", "by_customer_day")}

# %% [markdown]
# ### When an index is not used
#
# An index is sorted by the column's value. A query on an expression of the column, or a
# pattern with no fixed prefix, cannot find a place to start:

# %%
orders.create_index("by_email", "customers", "email")
tests = ["customer + 0 = 42", "abs(customer) = 42"]
emails = ["email LIKE '%42@example.com'", "email LIKE 'user42@%'", "email GLOB 'user42@*'"]
full_text(pd.DataFrame({
    "WHERE": tests + emails,
    "plan": [orders.plan(f"SELECT * FROM orders WHERE {w}") for w in tests]
    + [orders.plan(f"SELECT * FROM customers WHERE {w}") for w in emails]}))

# %% [markdown]
# - A function or arithmetic on the column hides it from the index; SQLite's own docs
#   suggest a unary `+` (`+customer = 42`) for the day you *want* to keep an index out
#   of a plan. If you need to query an expression, SQLite can index that very
#   expression (`CREATE INDEX ... ON orders(abs(customer))`).
# - `LIKE '%...'` has no prefix to search for: scan.
# - `LIKE 'user42@%'` has a prefix and still scans. SQLite's `LIKE` ignores the case of
#   ASCII letters by default, and the index sorts with the case-sensitive `BINARY`
#   collation, so the LIKE optimization does not apply. `GLOB` is case-sensitive and uses
#   the index; `LIKE` would use an index declared `email COLLATE NOCASE`. (The old
#   `PRAGMA case_sensitive_like` also lines them up, but SQLite's documentation marks it
#   deprecated.)
#
# ### The write cost of every index
#
# Each index is one more B-tree to update on every insert. 10,000 rows inserted into a
# table with 0 to 3 secondary indexes (in memory, so this is the B-tree work, not disk):

# %% tags=["nbval-ignore-output"]
# Measured: insert times vary with the machine and its load
costs = pd.DataFrame([indexes.insert_cost(k, rows=10_000) for k in range(4)]).set_index("indexes")
costs["ms per 1,000 rows"] = (costs.pop("seconds") * 1e3 / 10).round(1)
print(costs)
print("3 indexes slower than none:", costs.loc[3, "ms per 1,000 rows"] > costs.loc[0, "ms per 1,000 rows"])

# %% [markdown]
# The B-trees written per row (counted from SQLite's `dbstat` page census: those that
# hold an entry for every row) grow by one per index, and the pages with them; the time
# grows too, roughly in step, though on a busy machine neighbouring rows of the timing can
# swap, so the cell checks only the robust claim. An index that no query uses is pure
# cost: list your queries first, then index for them.

# %%
orders.close()
os.path.exists(orders.path)

# %% [markdown]
# ## Try it
#
# **14.1** A B-tree of order 5 is 6 levels tall (a lone leaf is 1 level). At least how
# many keys does it hold?

# %%
answer = ...
check("14.1", answer)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# from sysdesign.indexes import height_bounds
#
# answer = next(n for n in range(10_000) if height_bounds(n, 5)[1] >= 6)
# ```
#
# 485: the thinnest tree has a root with one key and 2 children, and every other node
# has t = ⌈5/2⌉ = 3 children and 2 keys. Levels 2 to 6 hold 2 + 6 + 18 + 54 + 162 = 242
# nodes, so n = 1 + 2 · 242 = 485 = 2 · 3⁵ − 1 (the bound n ≥ 2t^(h−1) − 1 with h = 6).
# </details>
#
# **14.2** (predict) With only the index on `(customer, day)`, take these three clauses
# (the first two ask for the same rows, customers 41 and 42 on day 5; the third for more).
# For which one does SQLite's SEARCH narrow by *both* columns:
# `"customer BETWEEN 41 AND 42 AND day = 5"`, `"customer IN (41, 42) AND day = 5"` or
# `"customer = 42 OR day = 5"`? Decide before you run anything.

# %%
answer = ...
check("14.2", answer)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# answer = "customer IN (41, 42) AND day = 5"
# ```
#
# `IN` is a list of equalities: SQLite searches once for customer 41 and day 5, once for
# customer 42 and day 5 (`customer=? AND day=?`). `BETWEEN` is a range: the entries of
# customers 41 and 42 form one stretch, but day 5 sits in two places inside it, so SQLite
# searches by customer only (`customer>? AND customer<?`) and checks day on every index
# entry in that stretch.
# With `OR`, the `day = 5` branch has no index of its own, so SQLite scans the table.
# </details>
#
# **14.3** An LSM tree with a memtable of 4 entries and fanout 4 receives 80 distinct
# keys. How many entries does it write to storage per entry inserted?

# %%
answer = ...
check("14.3", answer)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# answer = (80 + 80 + 64) / 80  # flushes, tier-0 merges, one tier-1 merge
# ```
#
# 80 keys make 20 flushes of 4 (each entry written once: 80); every 4 tier-0 runs merge
# into a tier-1 run of 16, five times (80 again). The first 4 tier-1 runs merge into one
# tier-2 run of 64 (64 more); the fifth tier-1 run waits for three more. 224 / 80 = 2.8.
# </details>
#
# ## Summary
# - An index trades space and write work for reads that touch a few pages instead of the
#   whole table.
# - B-trees (in most databases, B+ trees) keep keys sorted in wide, shallow, balanced
#   nodes: a point lookup, or the start of a range or an `ORDER BY`, in O(log n) page
#   reads, then the matching keys in order. The default choice.
# - Hash indexes: `=` only, in one bucket. Bitmap indexes: few distinct values, fast
#   AND/OR, for read-mostly analytics. LSM trees: cheap sequential writes, paid for with
#   compaction and more probes per read.
# - Read the plan: SCAN reads a whole table (or a whole index), SEARCH walks an index to
#   the rows it needs, COVERING INDEX never touches the table. Composite indexes serve leftmost prefixes; expressions on a column
#   and leading wildcards defeat an index.
# - Every index slows every write: index for the queries you run.
#
# ## Where this shows up
# - MySQL InnoDB and PostgreSQL store indexes (InnoDB also its tables) as B+ trees with
#   linked pages; SQLite stores rowid tables as B+ trees and indexes (and `WITHOUT ROWID`
#   tables) as B-trees, none of them linked;
#   PostgreSQL also offers hash, GIN, GiST and BRIN indexes.
# - LevelDB, RocksDB, Cassandra, ScyllaDB and HBase are LSM trees; Oracle has bitmap
#   indexes, and Druid and Lucene use compressed (Roaring) bitmaps.
# - [13 · Distributed IDs](13_distributed_ids.ipynb) measures random against ordered keys
#   in SQLite's B-tree; [11 · Sharding](11_sharding.ipynb) needs an index in every shard;
#   [15 · Geohashes and quadtrees](15_geohash_quadtree.ipynb) turns 2-D positions into
#   keys a B-tree can range over; [26 · Big data](26_big_data.ipynb) compares row and
#   column layouts.
#
# ## Further reading
# - R. Bayer and E. McCreight, "Organization and Maintenance of Large Ordered Indexes",
#   Acta Informatica 1 (1972); D. Comer, "The Ubiquitous B-Tree", ACM Computing Surveys
#   (1979).
# - T. Cormen et al., *Introduction to Algorithms* (CLRS), chapter 18, "B-Trees".
# - P. O'Neil, E. Cheng, D. Gawlick and E. O'Neil, "The Log-Structured Merge-Tree
#   (LSM-Tree)", Acta Informatica 33 (1996).
# - SQLite documentation: "Query Planning" (queryplanner.html), "The SQLite Query Optimizer
#   Overview" (optoverview.html, the LIKE optimization), "EXPLAIN QUERY PLAN"
#   (eqp.html), "CREATE INDEX" (lang_createindex.html).
# - PostgreSQL documentation, "Index Types" (hash indexes handle only equality); J. Sheehy
#   and D. Smith, "Bitcask: A Log-Structured Hash Table for Fast Key/Value Data" (2010).
# - M. Winand, *Use The Index, Luke* (use-the-index-luke.com).

# %% [markdown]
# <!-- nav -->
# [← 13 · Distributed IDs: Snowflake, ObjectId and UUIDs](13_distributed_ids.ipynb) · [Contents](00_start_here.ipynb#Course-map) · [15 · Geohashes and quadtrees: finding what is near →](15_geohash_quadtree.ipynb)
