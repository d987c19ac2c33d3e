# %% [markdown]
# # 19 · Event sourcing and CQRS
#
# Keep every change as an event in an append-only SQLite table, race two writers on it, rebuild an account by replaying its events, travel back to any past version, skip most of the replay with snapshots, read old event schemas through upcasters, and watch a read model fed asynchronously lag behind the writes.

# %% [markdown]
# <!-- nav -->
# [← 18 · Message queues and event streams: acks, partitions, delivery guarantees](18_messaging.ipynb) · [Contents](00_start_here.ipynb#Course-map) · [20 · Real time: polling, long polling, SSE and WebSockets →](20_realtime.ipynb)

# %% [markdown]
# ## What you will learn
# - How an event store works: one append-only table, a version per stream, and optimistic
#   concurrency on the version the writer read (two writers race, one retries).
# - How state is rebuilt by replaying events (a fold), how to ask for the state at any
#   past version or time, and how much of the replay a snapshot saves.
# - How stored events survive schema changes: upcasters read old events in today's shape
#   without rewriting a row.
# - CQRS: a read model fed asynchronously, the lag a user sees, read-your-writes across
#   that lag, rebuilding a read model from scratch, and when all this is the wrong choice.
#
# Builds on: [10 · Consistency](10_consistency.ipynb) (replication lag and read-your-writes).
# Version checks and the outbox come back in general in
# [21 · Transactions and locking](21_transactions_locking.ipynb). The models are in `src/sysdesign/event_sourcing/`: `store.py` (the SQLite event
# store), `account.py` (an account rebuilt from its events), `upcasting.py`,
# `projection.py` (the read model) and `experiments.py`.

# %%
import functools
import itertools

from sysdesign import event_sourcing as es
from sysdesign.core.exercises import check
from sysdesign.event_sourcing import experiments, widgets

# %% [markdown]
# ## An event store in real SQLite
#
# A CRUD table keeps the current balance and overwrites it. An event-sourced system keeps
# what *happened*, `Opened`, `Deposited`, `Withdrawn`, and never overwrites anything: the
# balance is derived. Each account is a *stream* of events numbered 1, 2, 3, ... (its
# *version*); every event also gets a *position* in the whole store. Here is a real
# `sqlite3` database in memory, with a fake clock that ticks 1000 ms per append:

# %%
ticks = itertools.count(0, 1000)
store = es.EventStore(clock=lambda: next(ticks))
es.open_account(store, "acct-1", "ada")
es.deposit(store, "acct-1", 10_000)
es.withdraw(store, "acct-1", 2_500)
experiments.events_frame(store.read("acct-1"))

# %% [markdown]
# Three rows, versions 1 to 3; amounts are in cents. Append-only is not a promise the code
# makes: the table enforces it. Two triggers abort any `UPDATE` or `DELETE`, and
# `UNIQUE(stream_id, version)` refuses a second event at a version already taken. Going
# behind the store's back with plain SQL:

# %%
experiments.tamper(store)

# %% [markdown]
# All three are refused by SQLite itself. (An administrator can still drop the triggers;
# a dedicated event store offers no update operation at all.)
#
# ## Two writers race: optimistic concurrency
#
# A command loads the stream, decides on the state it sees, and appends with
# `append(stream, expected_version, events)`, where `expected_version` is the version it
# loaded. If another writer appended in between, the store refuses with a
# `ConcurrencyError` instead of storing a decision made on stale state. Two clerks, on two
# connections to one SQLite file, both load an account holding 10,000 cents and each
# withdraws:

# %%
experiments.race()

# %% [markdown]
# Both loaded version 2. A appended first and moved the stream to version 3, so B's append
# (expected 2) was refused. B reloaded, decided again on the new balance, and this time the
# rule refused the withdrawal: had B's event been stored blindly, the account would be
# overdrawn. The check runs inside `BEGIN IMMEDIATE`, so no other connection can append
# between reading the version and inserting, and `UNIQUE(stream_id, version)` is the last
# guard. EventStoreDB's append takes the same argument (an exact revision, or "no
# stream", "stream exists", "any") and answers `WrongExpectedVersion`; there the expected
# revision is the number of the stream's last event, counted from 0, where here the
# expected version is the count of events. The tests let hypothesis try random
# interleavings of up to three writers: the versions stay 1..n with no gap, no writer's
# deposit is lost, and every stored event was decided on the state just before it (with
# the version check switched off, the same helper, run on two writers that both load
# before either appends, stores a decision made on stale state).
#
# It is a version-column check applied to a stream (the same check guards any row in
# [21 · Transactions](21_transactions_locking.ipynb), later in the course): the conflict is
# per account, so writers on different accounts never collide.
#
# ## Rebuilding state by replaying events
#
# The state of an account is a left fold of its events: start from an empty account and
# apply each event in order. Written out with `functools.reduce` and compared with the
# package's `load`:

# %%
by_hand = functools.reduce(es.apply, store.read("acct-1"), es.EMPTY)
assert by_hand == es.load(store, "acct-1")[0]
by_hand

# %% [markdown]
# A balance of 7,500 cents after one deposit and one withdrawal. `apply` is a pure
# function, so replaying the same events always gives the same state: the tests check
# that `replay` of all events equals this fold on random histories.
#
# ### The state at any past time
#
# Since nothing is overwritten, the past is still there: replay only the events up to a
# version, or up to a time. The state after version 2, and at 1,500 ms (the withdrawal
# was recorded at 2,000 ms):

# %%
es.load(store, "acct-1", to_version=2)[0], es.load(store, "acct-1", until=1500)[0]

# %% [markdown]
# Both show the 10,000 cents before the withdrawal. Fowler calls this a *temporal query*:
# an audit ("what did we know on 1 March?") or a bug hunt replays history instead of
# digging through logs.
#
# ### Snapshots
#
# A long stream is slow to load: every command replays it from version 1. A *snapshot*
# stores the folded state at some version; loading starts from the newest snapshot and
# replays only the tail after it. Here an account has 60 events, with a snapshot every 10,
# loaded as of version 45:

# %%
history = widgets.history_panel()  # version 45, a snapshot every 10 events
history.snapshot()

# %% [markdown]
# The full replay reads 45 events; from the snapshot at version 40 it reads 5, and the
# state is the same (the experiment asserts it). On a stream of 1,000 events with a
# snapshot every 150, loading the newest state:

# %%
experiments.events_read(1000, snapshot_every=150)

# %% [markdown]
# 1,000 events against the 100 after the snapshot at version 900, and the same balance.
# Counting rows is exact; what that saves in time depends on the machine. Timed here on a
# stream of 2,000 events, best of 5:

# %% tags=["nbval-ignore-output"]
# Measured: wall-clock time of two loads on this machine; varies with its load
times = experiments.time_loads(2000, snapshot_every=150)
print(times.to_string(), "\nsnapshot load faster:", times.iloc[1, 0] < times.iloc[0, 0])

# %% [markdown]
# The snapshot load is many times faster: the time of a load grows with the number of
# events it reads and folds. Snapshots are a cache: they can be dropped and rebuilt from the events at any
# time, and must be rebuilt when the fold changes (a new field in the state). Scrub
# through the history and change the snapshot interval (0 turns snapshots off):

# %%
# NBVAL_IGNORE_OUTPUT
history

# %% [markdown]
# ## Schema evolution: upcasting old events
#
# Events are kept forever, but their shape changes. Here `Deposited` changed twice: schema
# 1 stored dollars as a float (`{"amount": 12.5}`), schema 2 whole cents, schema 3 added
# the currency; `Withdrawn` changed once (schema 2 added the currency). The code that
# folds events knows only the current schemas: 3 for `Deposited`, 2 for `Withdrawn`.
# Instead of migrating the table, each reader passes an old event through a chain of small
# *upcasters* (1 → 2 → 3) as it reads it:

# %%
legacy = experiments.legacy_store()
rows_before = legacy.raw_rows()
experiments.upcasting_table(legacy)

# %% [markdown]
# The schema 1 deposit is read as 1,250 cents in USD, the schema 2 one and the schema 1
# withdrawal gain their currency, and the schema 3 deposit passes through unchanged. The
# stored rows are exactly what was
# written, and the account still folds:

# %%
assert legacy.raw_rows() == rows_before
es.load(legacy, "acct-1")[0]

# %% [markdown]
# 1,250 + 2,000 − 500 + 300 = 3,050 cents. An upcaster must be a pure function of the old
# event (no lookups of today's data), or replaying yesterday's history would give a
# different answer tomorrow. The alternative, rewriting the events in a migration, breaks
# the append-only rule and every copy of the log that consumers hold.
#
# ## CQRS: a read model fed asynchronously
#
# Command Query Responsibility Segregation splits the model that *decides* (the
# aggregate, loaded from its events, above) from the models that *answer queries*. A query
# such as "every account's balance" would otherwise replay every stream. A *projection*
# keeps a read model, here a `balances` table in its own SQLite database, updated from the
# store's events in order, with a *checkpoint*: the position of the last event applied.
# Rows and checkpoint change in one transaction, so a crash never applies an event twice.
# Reading "every event after the checkpoint" is safe here because SQLite has one writer at
# a time, so positions become visible in order. In PostgreSQL a transaction that took
# position 41 from a sequence can commit after the one that took 42: a projector that
# already moved past 42 never sees 41. Marten's projection daemon therefore reads only up
# to a *high water mark*, the highest position below which no gap is still open.

# %%
view = es.Projection(store)
view.balance("acct-1"), view.catch_up(), view.balance("acct-1"), view.position

# %% [markdown]
# Before catching up, the read model has never heard of the account (`None`); after
# applying the 3 events it shows 7,500 cents at checkpoint 3. In production the projection
# runs on its own, polling the store (or subscribed to it), so it always trails the writes
# a little. A simulation on `core.events` (simulated milliseconds, real SQLite): clients
# deposit into four accounts about every 25 ms; the projector applies each new event in
# 2 ms, then waits 100 ms before it polls again; each client reads its own balance 50 ms
# after writing:

# %%
cqrs = widgets.cqrs_panel()  # 100 ms between polls, apply 2 ms, read 50 ms after writing
cqrs.snapshot()

# %%
lag = cqrs.result["writes"]
lag[["lag_ms"]].describe().T.round(1).assign(stale_reads=int(lag["stale read"].sum()))

# %% [markdown]
# The checkpoint climbs in steps, one per poll, behind the head. A write waits for the next
# poll and for the events queued before it, so its lag runs from about 10 ms to above
# 100 ms, and every read made 50 ms after a write whose lag was longer saw the old
# balance: the red points. A user who deposits and then sees the old balance thinks the
# deposit was lost. Poll more often, apply faster, or read later:

# %%
# NBVAL_IGNORE_OUTPUT
cqrs

# %% [markdown]
# ### Read-your-writes across the lag
#
# The fix of [10 · Consistency](10_consistency.ipynb) applies: the write returns the
# stream version it created, and a read that must see it waits until the read model
# reflects that version (or reads the write side instead). An account holds 5,000 cents;
# at 50 ms, half a polling interval before the projector's next poll, the client deposits
# 2,500 and then reads:

# %%
experiments.read_your_writes()

# %% [markdown]
# Read at once, the read model still shows version 2 and 5,000 cents. Waiting until its
# version for the account is at least 3 (the write's version) took until the next poll
# plus the time to apply: then the read shows 7,500. The wait is bounded by a deadline; a
# read model that is down should not hang the client, who can then fall back to the
# write side. Versions per stream are enough here because the query reads one account;
# a query over many streams waits for the global position instead.
#
# ### Rebuilding a projection from scratch
#
# A read model holds nothing the events do not: it can be thrown away and rebuilt from
# position 0, which is how a team fixes a projection bug or adds a new query shape.
# Rebuilt after the simulation above, it matches the live one row for row:

# %%
cqrs.result["rebuilt equals live"]

# %% [markdown]
# The cost of a rebuild is a replay of the whole store, which is why large systems rebuild
# into a new table and switch readers over when it has caught up.
#
# ## When event sourcing is the wrong choice
#
# The log is the source of truth, so everything costs more than a row update: more rows,
# more reads (or snapshots to maintain), upcasters forever, and read models that lag. A
# counter bumped 1,000 times, as a CRUD row and as an event stream:

# %%
experiments.crud_vs_events(1000)

# %% [markdown]
# One row against 1,001, and erasing a customer's data is refused by the very triggers that
# protect the log: privacy rules that demand deletion need extra machinery (for example
# encrypting each customer's events with their own key and deleting the key, called
# crypto-shredding). Microsoft's Azure Architecture Center "Event Sourcing pattern" (as
# revised in 2026) lists where the pattern "might not be suitable":
#
# - systems with straightforward CRUD operations that need no auditability, replay or
#   reconstruction of past states;
# - prototypes, minimum viable products and systems expected to live only briefly;
# - systems that need consistency and real-time updates to their views of the data (the
#   lag above);
# - data that is mostly static or for reference, such as lookup tables and catalogues;
# - teams without experience of event-driven architectures.
#
# Earlier versions of that page also listed systems with few conflicting updates, for
# example ones that mostly add data.
#
# The outline this course follows lists scalability and resilience among event sourcing's
# benefits; be precise about both. The log alone scales writes no better than a table (the
# appends to one stream are serialised by its version check, as in the race above), and
# loads slow down as streams grow until snapshots step in. What scales is the read side:
# CQRS lets each read model live in its own store, shaped for its queries and copied as
# often as needed. And the log makes a system resilient only in that every read model and
# past state can be rebuilt from it, so the log itself must be replicated and backed up.
#
# CQRS on its own does not need event sourcing: a denormalised table that the write
# transaction also updates, shaped for one query, is a read model too. What is *not* CQRS
# is a plain read replica: it serves the same model, only from another copy (that is read
# scaling). Fowler warns that for most systems CQRS adds risky complexity:
# use it for the parts of a system where reads and writes truly differ.
#
# ## Try it
#
# **1.** The account of the history panel has 60 events. No load of any of its versions
# may read more than 7 events from SQLite. What is the largest snapshot interval (a
# snapshot every how many events) that meets this?

# %%
answer = ...
check("19.1", answer)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# from sysdesign.event_sourcing import experiments
#
# def worst(every):  # the longest load: the version just before the first snapshot
#     return experiments.history(60, snapshot_every=every, version=every - 1)[
#         "read with snapshot"]
#
# answer = max(every for every in range(1, 20) if worst(every) <= 7)
# ```
#
# 8: with a snapshot every k events, a load reads the events after the newest snapshot
# at or before its version, so the worst is a version just before a snapshot: k − 1
# events (a load at a snapshot's own version reads none). k − 1 ≤ 7 gives k = 8; with 9,
# loading version 8 reads 8.
# </details>
#
# **2.** In the CQRS simulation the projector now waits 50 ms between polls instead of
# 100 ms, and clients still read 50 ms after writing: a whole polling interval later.
# Compared with the 24 stale reads above, are there `"none"` left, `"fewer"` (but some),
# or the `"same"` number? Decide first, then check with the panel.

# %%
answer = ...
check("19.2", answer)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# from sysdesign.event_sourcing import experiments
#
# before = experiments.cqrs(poll_ms=100, read_after_ms=50)["writes"]["stale read"].sum()
# after = experiments.cqrs(poll_ms=50, read_after_ms=50)["writes"]["stale read"].sum()
# answer = "none" if after == 0 else "fewer" if after < before else "same"
# ```
#
# Fewer (8 of the 40), but not none: a write waits for the next poll (up to 50 ms after
# the previous batch was applied, so longer than 50 ms if it lands during a batch), and
# then for the events queued before it to be applied, 2 ms each. Writes that just missed
# a poll behind a queue take longer than 50 ms to show, so some reads are still stale.
# To rule staleness out, bound the wait by the write's version (read-your-writes, above)
# instead of guessing a delay.
# </details>

# %%
store.close()
view.close()
legacy.close()

# %% [markdown]
# ## Summary
# - Event sourcing stores what happened, append-only; state is a fold of the events. The
#   store enforces append-only (triggers, `UNIQUE(stream_id, version)`) and refuses an
#   append whose expected version is stale: the writer reloads and decides again.
# - Replaying to a version or a time answers "what was true then?"; snapshots cut a load
#   from the whole stream to the tail after the newest snapshot, and are a disposable
#   cache.
# - Old events are never rewritten: upcasters read each old schema as the current one.
# - CQRS puts queries on read models built by projections. Fed asynchronously they lag;
#   read-your-writes waits for the write's version, and a read model can always be rebuilt
#   from the events.
# - Skip it for simple CRUD domains, views that must be current, and data that must be
#   erasable without extra machinery.
#
# ## Where this shows up
# - EventStoreDB (now KurrentDB) and Marten (on PostgreSQL) are event stores whose append
#   takes an expected version; many teams use one relational table, as here.
# - Ledgers and accounting systems have always worked this way: an account's balance is
#   the sum of its entries, and a mistake is corrected by a new entry, never by an edit.
# - Kafka log compaction and Kafka Streams state stores rebuild state from a log; a
#   database's write-ahead log and change data capture are event streams underneath.
# - The events reach projections and other services as messages:
#   [18 · Messaging](18_messaging.ipynb) covers delivery guarantees and replay, and the
#   transactional outbox of [21 · Transactions](21_transactions_locking.ipynb) publishes
#   them reliably. The lag is the replication lag of [10 · Consistency](10_consistency.ipynb);
#   a read model is a cache that is never invalidated, only fed
#   ([06 · Caching](06_caching.ipynb)).
#
# ## Further reading
# - M. Fowler, "Event Sourcing" (2005) and "CQRS" (2011), martinfowler.com.
# - G. Young, "CQRS Documents" (2010).
# - Microsoft Azure Architecture Center, "Event Sourcing pattern" and "CQRS pattern".
# - EventStoreDB (KurrentDB) documentation, "Appending events": expected revision and
#   optimistic concurrency.
# - G. Young, *Versioning in an Event Sourced System* (Leanpub): upcasting and its
#   alternatives.
# - M. Kleppmann, *Designing Data-Intensive Applications* (2017), chapter 11 ("Event
#   Sourcing", "State, Streams, and Immutability").

# %% [markdown]
# <!-- nav -->
# [← 18 · Message queues and event streams: acks, partitions, delivery guarantees](18_messaging.ipynb) · [Contents](00_start_here.ipynb#Course-map) · [20 · Real time: polling, long polling, SSE and WebSockets →](20_realtime.ipynb)
