# %% [markdown]
# # 26 · Big data: MapReduce, lakes and warehouses
#
# Run word count as MapReduce step by step and count what its shuffle costs, make one key hot and watch a reducer straggle, place a file's blocks on an HDFS cluster and lose a node, read the same table as CSV and as Parquet with DuckDB, and build a small lake, a star schema and a versioned lakehouse table you can time-travel in.

# %% [markdown]
# <!-- nav -->
# [← 25 · Performance and observability: queues, percentiles, load tests, traces](25_performance.ipynb) · [Contents](00_start_here.ipynb#Course-map) · [27 · A/B testing: sample size, significance and the peeking problem →](27_ab_testing.ipynb)

# %% [markdown]
# ## What you will learn
# - The MapReduce contract (a mapper, a reducer, an optional combiner) and what the
#   framework does between them: split, partition, shuffle, sort, reduce; checked
#   against the same job on Dask.
# - Why the shuffle is the expensive part, how a combiner shrinks it, and how one hot
#   key turns a reducer into the straggler the whole job waits for.
# - How HDFS stores a file: 128 MiB blocks, three replicas placed rack-aware, and what a
#   lost node or rack costs.
# - Why analytics reads columns: the bytes a query reads from CSV and Parquet, compression
#   by column; and how lakes, warehouses and lakehouse table formats fit together.
#
# Builds on: [11 · Sharding](11_sharding.ipynb) (partitioning keys across machines; a hot
# shard is a straggler reducer's cousin), [12 · Consistent hashing](12_consistent_hashing.ipynb)
# and [14 · Indexes](14_indexes.ipynb). The models are in `src/sysdesign/big_data/`:
# `mapreduce.py`, `hdfs.py`, `layout.py` (CSV vs Parquet), `lake.py` and `lakehouse.py`.

# %%
import tempfile

from sysdesign.big_data import experiments, hdfs, lake, lakehouse, layout, plots, widgets
from sysdesign.big_data.corpus import SONG, zipf_lines
from sysdesign.big_data.mapreduce import map_reduce, partition, total, words
from sysdesign.core.exercises import check

# %% [markdown]
# ## MapReduce
#
# Dean and Ghemawat's MapReduce (OSDI 2004) asks the programmer for two functions and
# does the rest on thousands of machines. Ours runs them on one, with the same steps:
#
# - `mapper(record)` yields `(key, value)` pairs; word count yields `(word, 1)` per word;
# - `reducer(key, values)` returns one value for a key; word count sums the ones.
#
# Here is the whole job on three lines of text, two map tasks and two reduce tasks:

# %%
job = map_reduce(SONG, words, total, mappers=2, reducers=2)
job.output

# %% [markdown]
# What happened in between, step by step. **Split**: the input is cut into contiguous
# pieces, one per map task (Hadoop's input splits, usually one HDFS block each).
# **Map**: each task runs the mapper over its split. These are the pairs each map task
# sent:

# %%
for task, pairs in enumerate(job.map_outputs):
    print(f"map task {task}: {pairs}")

# %% [markdown]
# **Partition and shuffle**: every pair travels to the reducer that owns its key. Which
# reducer? A hash of the key modulo the number of reducers, so the same key always meets
# at the same reducer. Hadoop's default `HashPartitioner` takes Java's `key.hashCode()`;
# we take CRC-32 of the key's `repr`, because Python's own `hash()` of a string is salted
# differently in each process, and a partitioner must agree with itself across machines
# and runs. **Sort and reduce**: each reducer groups its pairs by key, in key order, and
# calls the reducer once per key.

# %%
{word: partition(word, 2) for word in ["the", "cat", "dog", "sat"]}, job.reducer_loads

# %% [markdown]
# The reducers received the pairs counted in `reducer_loads`; together they are every
# pair the mappers emitted: `job.shuffled` is `job.emitted` when there is no combiner.
#
# ### Cross-check against a real engine: Dask
#
# The same word count on 2,000 lines of Zipf-distributed words, once with our
# `map_reduce` and once as a `dask.bag` on Dask's local synchronous scheduler.
# `foldby` is MapReduce with a combiner in one call: it folds the words of each
# partition first, then combines the partial counts.

# %%
lines = zipf_lines()  # 2,000 lines x 8 words, 500 distinct words, seeded
ours = map_reduce(lines, words, total).output
ours == experiments.dask_word_count(lines, partitions=4), len(ours)

# %% [markdown]
# Same counts for every word. On a laptop Dask runs the partitions on threads or
# processes; the same bag code scales out by pointing it at a `dask.distributed`
# cluster, and Spark does the same job as `rdd.flatMap(...).reduceByKey(add)`, where
# `reduceByKey` also combines on the map side. Neither runs here: the point is the
# contract, which stays the same from one machine to thousands.
#
# ### The shuffle, the combiner and the straggler
#
# On a cluster the shuffle crosses the network, and it is usually the costly step. Word
# count without a combiner sends one pair per word of input. With a **combiner** (the
# reducer, run on each map task's output before it leaves), a map task sends one pair per
# *distinct* word it saw. Ours runs the combiner once per map task; Hadoop may run it
# zero, one or several times (as map output spills to disk and is merged), so it must
# give the same answer however often it runs. That holds when the reduce is associative
# and commutative, as a sum is; a median is not.
#
# On the right, a different job: count clicks per user, where one user makes 30 % of all
# clicks. All that user's pairs hash to one reducer, which then has far more work than
# the rest, and the job finishes only when it does: the **straggler**.

# %%
shuffle = widgets.shuffle_panel()  # 4 mappers, 4 reducers; hot user 30 % of clicks
shuffle.snapshot()

# %%
r = shuffle.result
print(f"word count: {r['words']:,} words, {r['plain'].shuffled:,} pairs shuffled without a "
      f"combiner, {r['combined'].shuffled:,} with one")
print(f"click count: reducer loads {r['clicks'].reducer_loads}")

# %% [markdown]
# (The panel counts words in 1,000 lines of the same kind, to redraw quickly.) The
# combiner cuts word count's shuffle from the first number printed to the second,
# because common words repeat within a split. In the click count, the reducer that owns the hot user
# gets about 30 % of the events plus its share of the rest, and the others a fourth of
# the rest each. Switching on the combiner for the click count (the checkbox below)
# helps here, because the hot user's clicks collapse to one pair per map task; a skew
# that a combiner cannot fold (a join on a hot key) needs other cures: salting the hot
# key into several sub-keys, or sending it to a reducer of its own. Adding reducers does
# not help: one key is never split.

# %%
# NBVAL_IGNORE_OUTPUT
shuffle

# %% [markdown]
# ## Hadoop and HDFS
#
# The notes list Hadoop's parts: HDFS (storage), MapReduce (processing), YARN (the
# resource manager that schedules containers for MapReduce, Spark and others) and Hadoop
# Common. The idea that makes MapReduce cheap is *moving the computation to the data*:
# the scheduler runs a map task on a machine that already stores its split when it can
# (else, preferably, on one in the same rack).
#
# HDFS cuts each file into **blocks** (`dfs.blocksize`, 128 MiB by default; the last
# block holds only what is left) and stores each block **three times**
# (`dfs.replication`). A NameNode keeps the map of blocks to DataNodes. Replicas are
# placed **rack-aware**; the default policy, per the HDFS docs: the first replica on the
# writer's node if the writer is a DataNode (else a random node; ours picks any node, the
# real policy prefers the writer's rack), the second on a node in a *different* rack, the
# third on a *different node in that same remote rack*. Two racks hold every block: a
# lost node or even a lost rack (its switch) loses no data, and the write pipeline
# (first → second → third node) crosses between racks only once. A fourth and further
# replicas go to random nodes, at most `(replicas - 1) // racks + 2` per rack.

# %%
[size // hdfs.MiB for size in hdfs.blocks_of(300 * hdfs.MiB)]

# %% [markdown]
# A 300 MiB file is two full blocks and a 44 MiB one. Now a 2 GiB file written from
# outside the cluster onto 3 racks of 4 DataNodes, and the node that holds the most
# replicas fails:

# %%
storage = widgets.hdfs_cluster_panel()
storage.snapshot()

# %% [markdown]
# Where the first four blocks went (`rRnN` is node N of rack R): each block's first
# replica on one rack, its second and third on two nodes of another rack.

# %%
cluster = storage.result["cluster"]
[[cluster.name(node) for node in block["nodes"]] for block in storage.result["blocks"][:4]]

# %% [markdown]
# And what losing the busiest node, then its whole rack, costs:

# %%
{"node lost": storage.result["node_loss"], "rack lost": storage.result["rack_loss"]}

# %% [markdown]
# When a DataNode stops sending heartbeats, the NameNode re-replicates every block that
# had a copy there, from the surviving copies, until each block is back at three. The
# cost is the bytes printed above: one copy per missing replica, spread over the
# cluster. No block is lost, even with the whole rack gone, because every block has a
# copy on a second rack. Set replication to 1 in the panel and the lost node takes its
# blocks with it.

# %%
# NBVAL_IGNORE_OUTPUT
storage

# %% [markdown]
# ## Row vs column layout, for real
#
# A CSV file (like a row store's pages) keeps each row's values together; Parquet keeps
# each *column* together, in **row groups**, and ends with a footer that records, for
# every column chunk, where it is, how big it is and the min and max of its values.
# The same 200,000 orders, written by DuckDB as both (everything in a temporary folder
# that the notebook removes at the end):

# %%
workdir = tempfile.TemporaryDirectory()
con = layout.connect()
paths = layout.write_both(layout.orders(), workdir.name, con)
{kind: layout.file_size(path) for kind, path in paths.items()}

# %% [markdown]
# Parquet is smaller already. Now three queries and the bytes each reads. From a CSV
# file, every query reads every byte: the reader must parse each line to find a column.
# From Parquet, a reader needs only the chunks of the columns the query uses
# (**projection**), and only in the row groups whose min/max of `day` can hold the week
# asked for (**predicate pushdown**; the rows are sorted by day, as an append-only log
# is, so each row group covers a short run of days). The table shows those bytes twice:
# `parquet_bytes` is *computed* from the footer (`parquet_metadata()`: the sizes of the
# column chunks the query needs), `parquet_read` is *measured*: what DuckDB's own
# profiler counted it reading (`total_bytes_read`) while running the query.

# %%
reads = layout.reads(paths, con)
reads

# %%
plots.bytes_read_view(reads)

# %% [markdown]
# DuckDB read the bytes the footer predicts plus the same 16,384 bytes for every query:
# one read of the file's last 16 KiB, which holds the footer (the tests check this, and
# check DuckDB's count against an independent byte counter). `share_of_csv` gives
# the measured Parquet bytes as a share of the CSV: one column of one week reads about
# 2 % of the bytes a CSV reader must parse. Both files give the same answer to the
# one-week revenue query; here with the bytes DuckDB read for it from each (it reads
# `quantity` too, so one column chunk more than the table's last row):

# %%
{kind: layout.bytes_read(layout.week_query(path), con) for kind, path in paths.items()}

# %% [markdown]
# ### Compression by column
#
# A column holds values of one type and often few distinct ones, so it encodes well:
# dictionary encoding stores each distinct value once and small integer codes per row,
# and Snappy then compresses each page of each column chunk. Per column, the bytes as
# CSV text against the bytes in Parquet:

# %%
layout.compression_by_column(paths["parquet"], con)

# %% [markdown]
# `day` (sorted, 365 values) almost disappears: the dictionary codes of a sorted column
# run-length encode. `country` (7 values) shrinks several-fold. `order_id` (every value
# distinct) and `price` (thousands of distinct values in each row group: more than
# DuckDB's writer puts in a dictionary by default) are written `PLAIN` and shrink least.
# Sorting data by a column you filter on buys both pushdown and compression.
#
# ### Scan time
#
# A real measurement on this machine: the one-week revenue query, CSV vs Parquet.

# %% tags=["nbval-ignore-output"]
# Measured: wall time of one query on each file; varies with the machine and its load
import time

seconds = {}
for kind, path in paths.items():
    start = time.perf_counter()
    layout.week_revenue(path, con)
    seconds[kind] = time.perf_counter() - start
print({k: f"{v * 1000:.0f} ms" for k, v in seconds.items()}, "Parquet faster:",
      seconds["parquet"] < seconds["csv"])

# %% [markdown]
# Parquet is many times faster here: it reads a fraction of the bytes and parses no
# text. (DuckDB's CSV reader is fast too; on object storage, where every byte is a
# network transfer, the gap in bytes matters even more.)
#
# ## Data lake, warehouse, lakehouse
#
# **Schema-on-write** (a warehouse): the table's types are fixed, and a load refuses
# what does not fit. **Schema-on-read** (a lake): store what arrives as it is, and apply
# types when reading. Four raw events, one with a price as text, one with none, one
# with `"n/a"`:

# %%
lake.schema_on_write(con=con)

# %%
lake.schema_on_read(folder=workdir.name, con=con)

# %% [markdown]
# The typed table stored two events and refused two (a missing price breaks `NOT NULL`,
# `"n/a"` is not a number; `"9.90"` converts). The lake kept all four and the reader
# decided: `TRY_CAST` turns what it cannot read into a null (shown as NaN). The lake
# never loses data at load time; every reader must handle the mess the warehouse
# refused at the door.
#
# ### A small lake and a star schema
#
# A **data lake** is files in open formats (Parquet, ORC, JSON, images) on cheap storage
# (S3, ADLS, GCS, HDFS). A **data warehouse** (Redshift, BigQuery, Snowflake) is a
# database for analytics, classically organised as a **star schema** (Kimball): a fact
# table of events (sales: day, product, store, quantity, amount) and dimension tables
# that describe them (products, stores). (The course notes call a warehouse a
# proprietary system; many are, but not all: Apache Hive is open-source "data warehouse
# software" over files in HDFS. What makes a warehouse is curated tables for analytics,
# not the licence.) Here the lake holds the fact table as Parquet
# files, one folder per month (`month=01`, Hive-style partitions), and the dimensions
# beside it; DuckDB queries the files in place, warehouse-style:

# %%
root = lake.build_lake(workdir.name, con=con)  # 3 months x 500 sales, seeded
lake.star_query(root, from_month=3, con=con)

# %%
lake.files_scanned(root, from_month=3, con=con)  # (files DuckDB's plan scans, fact files)

# %% [markdown]
# Revenue by category and country for March. DuckDB's own plan (`EXPLAIN`) scans one of
# the three fact files: the filter on `month` names a partition folder, so the other
# months' files are not scanned (partition pruning), the same idea as row-group pushdown
# one level up. (DuckDB still opens the first file it finds, `month=01`, to learn the
# columns; the tests measure the bytes it reads: that file and March's, never
# February's.)
#
# ### What a lakehouse table format adds
#
# A folder of Parquet files is not a table: a reader that lists it while a writer adds
# files sees half a write, two writers can overwrite each other, and a delete means
# rewriting files in place. **Table formats** (Delta Lake, Apache Iceberg, Apache Hudi)
# add a log of versions: each commit lists the files it adds and removes, data files are
# never changed, and the commit is one atomic step on the log. Ours (`lakehouse.Table`)
# keeps `_log/00000000000000000000.json`, `..01.json`, ... as Delta's `_delta_log` does,
# and commits by creating the next entry only if it does not exist yet (`os.link` of a
# finished file: atomic, and it fails if another writer got there first; `os.replace`
# would be atomic too, but would silently overwrite the other writer's commit). On object
# storage the same put-if-absent comes from the store's conditional writes or, where it
# had none, from a coordinating service (Delta on S3: a LogStore backed by DynamoDB;
# Delta's docs list this "mutual exclusion" among what storage must give it). Iceberg
# gets the same effect by swapping, atomically, the catalog's pointer to a new
# table-metadata file. (Ours
# names data files `part-00000.parquet`, ... by counting; real formats use unique names,
# so concurrent writers never collide on a data file.)

# %%
table = lakehouse.Table(f"{workdir.name}/orders_table", con)
table.append(layout.orders(1000, seed=1))   # version 0
table.append(layout.orders(500, seed=2))    # version 1
table.version, table.files()

# %% [markdown]
# A writer that wrote a file but never committed (it crashed) leaves no trace a reader
# can see; a second writer that read version 1 and tries to commit version 2 after
# someone else has, is refused and must retry on the new version. (Ours refuses every
# commit that loses the race. Delta Lake first checks whether the commits that won
# changed anything this one read or rewrote; if not, as for two blind appends, it commits
# at the next version by itself, and it fails only on a real conflict.)

# %%
orphan = table.write_file(layout.orders(99, seed=3))  # written, never committed
table.commit(remove=table.files()[:1], operation="delete")  # version 2 drops the first file
try:
    table.commit(add=[orphan], read_version=1)
except lakehouse.CommitConflict as error:
    print(type(error).__name__, "-", error)

# %% [markdown]
# **Time travel**: every old version is still a list of files that exist, so reading it
# is replaying the log up to it:

# %%
{v: int(table.read("SELECT count(*) AS n FROM t", version=v)["n"][0]) for v in range(3)}

# %% [markdown]
# 1,000 rows, then 1,500, then 500 after the delete; the orphan's 99 rows are in none.
# Real formats add much more: Delta Lake writes checkpoints in Parquet every so many
# commits and keeps column statistics in the log for data skipping; Iceberg tracks
# snapshots through manifest lists and manifests, hides partitioning and lets schemas
# evolve by column id; both resolve concurrent writers by optimistic concurrency (a
# commit that conflicts with one that won fails and is retried) and delete data files that
# only old versions still use (`VACUUM`, after a retention period; snapshot expiry), which
# ends time travel to those versions. That is the
# **lakehouse**: lake storage and open files, with warehouse-style transactions on top.

# %%
workdir.cleanup()

# %% [markdown]
# ## Try it
#
# **26.1** A 1,000 MiB file is stored in HDFS with the default block size and
# replication. How many block replicas does the cluster store?

# %%
answer = ...
check("26.1", answer)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# from sysdesign.big_data import hdfs
#
# answer = len(hdfs.blocks_of(1000 * hdfs.MiB)) * hdfs.REPLICATION
# ```
#
# 1,000 / 128 = 7.8, so 8 blocks (the eighth holds the last 104 MiB), each stored 3 times.
# </details>
#
# **26.2** (predict) Word count with a combiner on 2,000 lines and 4 mappers. Which
# change sends more pairs through the shuffle: `"twice the mappers"` (same input, 8 map
# tasks) or `"twice the input"` (4,000 lines, still 4 map tasks)? Decide first, then
# check with `map_reduce`.

# %%
answer = ...
check("26.2", answer)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# answer = "twice the mappers"
# ```
#
# With a combiner each map task sends one pair per distinct word in its split. Doubling
# the input adds few new distinct words per split (common words repeat); doubling the
# map tasks makes each of them send its own pair for every common word.
# </details>
#
# **26.3** (predict) On the 200,000 orders as Parquet (10 row groups, sorted by day),
# which query reads fewer bytes: `"every column, one week"` (`SELECT *` with `day`
# between 100 and 106) or `"price only, whole year"`?

# %%
answer = ...
check("26.3", answer)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# answer = "every column, one week"
# ```
#
# The week lies in one row group, so pushdown leaves one chunk of each of the 6 columns,
# about a tenth of the file. One column over the whole year is a chunk in every one of
# the 10 row groups, and `price` is the biggest column in the file (too many distinct
# values for a dictionary, so it is stored `PLAIN`). Check it with
# `layout.bytes_to_read(paths["parquet"], ["price"])` and
# `layout.bytes_to_read(paths["parquet"], ["order_id", "day", "country", "product_id",
# "quantity", "price"], ("day", 100, 106))` (before `workdir.cleanup()`).
# </details>
#
# ## Summary
# - MapReduce: you write a mapper and a reducer; the framework splits the input,
#   partitions keys with a stable hash, shuffles, sorts and reduces. A combiner shrinks
#   the shuffle when the reduce is associative and commutative.
# - Skew: one hot key lands on one reducer, and the job waits for it; combine, salt the
#   key, or give it its own reducer.
# - HDFS: 128 MiB blocks, three replicas on two racks; a lost node costs re-copying its
#   replicas, not data.
# - Columnar files read only the columns and row groups a query needs and compress each
#   column by its own statistics: use Parquet (or ORC) for analytics, sort by what you
#   filter on.
# - Lake (cheap, open files, schema-on-read), warehouse (typed tables, schema-on-write,
#   star schemas), lakehouse (a transaction log over lake files: atomic commits, time
#   travel).
#
# ## Where this shows up
# - Hadoop MapReduce and HDFS, Spark (`reduceByKey`, `groupByKey`, adaptive skew-join
#   handling), Dask, Beam/Dataflow all keep the map-shuffle-reduce shape.
# - Parquet and ORC under Hive, Spark, Trino, DuckDB, BigQuery external tables; Delta
#   Lake, Iceberg and Hudi on S3, ADLS and GCS.
# - [11 · Sharding](11_sharding.ipynb) (hot shards, partitioning),
#   [12 · Consistent hashing](12_consistent_hashing.ipynb),
#   [14 · Indexes](14_indexes.ipynb) (min/max statistics are a coarse index),
#   [08 · Availability](08_availability.ipynb) (replicas and what losing one costs),
#   [21 · Transactions and locking](21_transactions_locking.ipynb) (isolation and
#   optimistic concurrency, as in a lakehouse commit).
#
# ## Further reading
# - J. Dean and S. Ghemawat, "MapReduce: Simplified Data Processing on Large Clusters",
#   OSDI 2004.
# - Apache Hadoop docs: "HDFS Architecture" and "BlockPlacementPolicies";
#   `HashPartitioner` in the MapReduce API.
# - Apache Parquet format docs (row groups, column chunks, statistics); DuckDB docs,
#   "Parquet metadata" and "Hive partitioning".
# - Dask docs, "Bag" (`foldby`).
# - M. Armbrust et al., "Delta Lake: High-Performance ACID Table Storage over Cloud Object
#   Stores", VLDB 2020; "Delta Transaction Log Protocol" (PROTOCOL.md in the delta-io/delta
#   repository); Delta Lake docs, "Storage configuration" (what a log store needs) and
#   "Concurrency control" (which concurrent writes conflict);
#   Apache Iceberg, "Table Spec" (iceberg.apache.org/spec).
# - PySpark API reference, `RDD.reduceByKey` (it merges on the map side, like a
#   combiner).
# - R. Kimball and M. Ross, *The Data Warehouse Toolkit* (star schemas).

# %% [markdown]
# <!-- nav -->
# [← 25 · Performance and observability: queues, percentiles, load tests, traces](25_performance.ipynb) · [Contents](00_start_here.ipynb#Course-map) · [27 · A/B testing: sample size, significance and the peeking problem →](27_ab_testing.ipynb)
