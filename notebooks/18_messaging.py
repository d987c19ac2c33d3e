# %% [markdown]
# # 18 · Message queues and event streams: acks, partitions, delivery guarantees
#
# Drain a work queue with competing consumers while one crashes and one message never succeeds, hash keys onto the partitions of a Kafka-style log and see where ordering holds, crash a consumer at every point between receiving, processing and committing and count what is lost or duplicated, watch lag grow when consumers are slower than producers, and run one order flow by choreography and by orchestration.

# %% [markdown]
# <!-- nav -->
# [← 17 · Resilience: circuit breakers, retries, back pressure](17_resilience.ipynb) · [Contents](00_start_here.ipynb#Course-map) · [19 · Event sourcing and CQRS →](19_event_sourcing_cqrs.ipynb)

# %% [markdown]
# ## What you will learn
# - How a work queue (RabbitMQ, SQS) hands each message to one of many consumers, and what
#   acknowledgements, redelivery and a dead-letter queue do when a consumer fails.
# - How a partitioned log (Kafka) keeps records after they are read: keys to partitions,
#   offsets, consumer groups, rebalancing, retention and replay; and why order holds
#   within a partition and nowhere else.
# - At-most-once, at-least-once and effectively-once processing, derived from where a
#   consumer can crash; what Kafka's "exactly once" covers and what it does not.
# - Consumer lag and back pressure; choreography vs orchestration for one business flow.
#
# Builds on: [17 · Resilience](17_resilience.ipynb) (queues, back pressure, retries),
# [03 · APIs](03_apis.ipynb#Idempotency) (idempotency keys) and
# [21 · Transactions and locking](21_transactions_locking.ipynb) (sagas, the outbox). The
# models are in `src/sysdesign/messaging/`: `queue.py` (the work queue), `log.py` (the
# partitioned log), `delivery.py` and `store.py` (crash schedules, on a model and on real
# SQLite), `lag.py` and `flows.py`; everything that unfolds in time runs on `core.events`.
# No broker runs here: these are small models of RabbitMQ's and Kafka's documented
# behaviour, checked in `tests/messaging/`.

# %%
from sysdesign import messaging as mq
from sysdesign.core.exercises import check
from sysdesign.messaging import experiments, widgets

# %% [markdown]
# ## A work queue: competing consumers, acks and dead letters
#
# In a work queue each message goes to **one** consumer; several consumers on one queue
# *compete* for messages, which spreads the work. The broker keeps a message until the
# consumer **acknowledges** it. If the consumer's connection closes first, the broker
# requeues the message and delivers it again with the `redelivered` flag set (RabbitMQ
# puts it back at its original position if it can, otherwise nearer the head; the model
# puts it at the head). A consumer
# can also reject a message (`basic.nack`/`basic.reject`), with or without requeueing it.
# A message that fails every time (a *poison* message) would loop forever, so RabbitMQ's
# quorum queues count its failed deliveries (the consumer's connection is lost, or it
# rejects the message; since RabbitMQ 4.3 a requeueing `basic.nack` no longer counts)
# and, once it has failed more times than the `delivery-limit` (20 by default since 4.0),
# drop it or route it to a **dead-letter exchange**,
# where someone can look at it. The model's `delivery_limit` counts deliveries instead: a
# message goes to the dead letters on its `delivery_limit`-th failed delivery, one
# delivery sooner than RabbitMQ with the same number. The broker's side, by hand:

# %%
broker = mq.WorkQueue(delivery_limit=2)
for message in range(3):
    broker.publish(message)
broker.get("c1"), broker.get("c2")  # messages 0 and 1
broker.consumer_lost("c1")  # c1 dies holding message 0
broker.ack(1)  # c2 finishes message 1 (it holds one unacked message at a time)
broker.get("c2"), broker.counters["redelivered"]  # c2 now gets message 0 again

# %% [markdown]
# Message 0 comes back to the next consumer that asks, marked as a redelivery. Now twelve
# jobs and three consumers on the event simulator (each job takes 0.5 to 1.5 s); consumer
# c1 crashes at 2 s in the middle of a job and is back 3 s later, and job 9 fails every
# time (delivery limit 3):

# %%
queue_panel = widgets.work_queue_panel()  # figure: the whole run (t = 7 s)
queue_panel.snapshot()

# %% [markdown]
# The job c1 was running when it crashed (black) is redelivered to another consumer
# (hatched) and finishes after jobs published later: competing consumers plus redelivery
# reorder the work, so a work queue promises no processing order once there is more
# than one consumer or any failure. Job 9 is requeued twice and then dead-lettered on its
# third failure (RabbitMQ with `delivery-limit` 3 would requeue it a third time). The
# broker's counters:

# %%
queue_panel.result["counters"], queue_panel.result["dead"]

# %% [markdown]
# Every job was delivered once plus once per redelivery; eleven were acknowledged and
# one sits in the dead-letter queue. The tests check that on random runs: every message
# ends acknowledged or dead-lettered, never both, never neither. Step through time, add
# consumers, or switch off the crash:

# %%
# NBVAL_IGNORE_OUTPUT
queue_panel

# %% [markdown]
# RabbitMQ's **prefetch** (`basic.qos`) caps how many unacknowledged messages a consumer
# may hold; the model uses 1, the fairest setting: a slow consumer never sits on a pile
# of messages others could take. The price is throughput: each consumer waits a network
# round trip for its next message, so deployments usually pick a larger value and accept
# less even sharing (RabbitMQ's acknowledgements guide discusses the trade-off).
#
# ## A partitioned log: keys, offsets, consumer groups
#
# A log does not hand messages out; it **keeps** them. A Kafka topic is a few
# append-only *partitions*; each record gets the next *offset* in its partition. The
# producer picks the partition from the record's key: Kafka's default partitioner takes
# the murmur2 hash of the key's bytes, clears the sign bit and takes it modulo the number
# of partitions (records without a key are spread by a "sticky" partitioner instead).
# Ours is a port, checked against the values in Kafka's own tests:

# %%
mq.murmur2(b"21"), mq.partition_for("alice", 3), mq.partition_for("alice", 4)

# %% [markdown]
# The same key always lands in the same partition, until the number of partitions
# changes (here, from 3 to 4, alice moves). That is why adding partitions to a keyed
# topic breaks per-key order for the keys that move.
#
# A **consumer group** shares a topic's partitions among its members: each partition is
# read by exactly one member at a time, and the group stores one committed offset per
# partition. Six users each produce four events in turn (alice 1, bob 1, ..., alice 2,
# ...); a group of two consumers reads them, one faster than the other:

# %%
order_panel = widgets.ordering_panel()
order_panel.snapshot()

# %%
read = order_panel.result["read"]
[f"{key}{n}" for _, key, n, _, _ in read[:10]]

# %% [markdown]
# Within each key the events arrive 1, 2, 3, 4: they share a partition, and a partition
# is read in offset order by one consumer. Across keys the order is gone: alice's second
# event is read before erin's first, though erin's was written earlier. Kafka promises
# order **per partition** only. If two events must be seen in order, give them the same
# key. One partition (and so one consumer) restores the global order, and gives up all
# parallelism; try it in the panel:

# %%
# NBVAL_IGNORE_OUTPUT
order_panel

# %% [markdown]
# ### Rebalancing
#
# When a member joins or leaves (or stops polling), the group **rebalances**: the
# assignor deals the partitions out again. Kafka's range assignor gives each consumer a
# contiguous run; round-robin deals them in turn. With more consumers than partitions
# the extra ones sit idle. Six partitions, a fourth consumer joins:

# %%
experiments.rebalance()

# %% [markdown]
# Only partition 5 changes owner under the range assignor here. With Kafka's classic
# *eager* protocol every member still gives up all its partitions during the rebalance
# and consumption pauses; the *cooperative* sticky assignor (KIP-429) revokes only the
# partitions that move. A partition that moves is read by its new owner from the
# group's last committed offset, so records processed but not yet committed by the old
# owner are read again, unless the old owner commits them in its
# `onPartitionsRevoked` callback (a `ConsumerRebalanceListener`): rebalancing is one more
# source of at-least-once duplicates.
#
# ### Retention and replay
#
# Reading does not delete. Two groups read the same 100 records independently, one
# seeks back to replay the last 10, and retention (60 s here, one record a second) then
# deletes the oldest:

# %%
experiments.replay()

# %% [markdown]
# Both groups read all 100 records and the replay read 10 again; retention then deleted
# 40 records, and the log now starts at offset 40: offsets never shift. Kafka deletes
# whole segment files whose records are all older than `retention.ms` (7 days by
# default), or keeps only the latest record per key when a topic is *compacted*. A new
# group starts where `auto.offset.reset` says: `latest` (the default) skips what is
# already there, `earliest` replays everything still kept.
#
# ## Message Queues vs Event Streaming Platform
#
# | | work queue (RabbitMQ classic and quorum queues, SQS) | event stream (Kafka, Pulsar, RabbitMQ streams) |
# |---|---|---|
# | after a consumer is done | the message is deleted (acked) | the record stays until retention |
# | several readers | compete: each message to one consumer | each group reads everything; within a Kafka group, one consumer per partition (Pulsar's shared subscriptions and Kafka's share groups let several share one) |
# | ordering | FIFO per queue in RabbitMQ, lost with several consumers or redelivery; SQS standard queues: best effort only (FIFO queues are FIFO per message group) | per partition |
# | a consumer's progress | per-message acks, held by the broker | one offset per partition, committed by the group |
# | failed message | requeue, delivery limit, dead-letter exchange | the consumer decides: retry, skip, or write to a dead-letter topic |
# | scale readers by | adding consumers | adding partitions (and consumers up to that number) |
# | replay | no (gone once acked) | yes: seek to an offset or a time |
#
# The notes say a message queue keeps data "just on memory"; that is not so for the
# queues in their own list: RabbitMQ writes persistent messages to disk (quorum queues
# store and replicate every message with Raft), and SQS stores messages redundantly for up to 14
# days. The real difference is whether a message is *removed when consumed* or *kept for
# everyone until retention*. The notes are right that the line is blurring: RabbitMQ has
# append-only *streams* that can be replayed, and Kafka has added queue-like *share
# groups* (KIP-932, "Queues for Kafka"), where several consumers share a partition and
# acknowledge records one by one, giving up per-partition order.
#
# ## Delivery semantics: a crash at every point
#
# A consumer receives a message, processes it (writes its effect somewhere: a database
# row, an email, a payment) and commits its progress (the offset, or the ack). It can
# crash between any two of these, and restarts from the last committed position. The
# order of the steps decides what a crash costs:
#
# - **at-most-once**: receive, commit, process. A crash after the commit loses the
#   message.
# - **at-least-once**: receive, process, commit. A crash after processing repeats it.
# - **effectively-once**, two ways: an **idempotent consumer** stores each message's id
#   with its effect, in the same transaction, and skips ids it has seen; or an **atomic
#   commit** stores the offset with the effect, in one transaction, so there is no gap
#   between them at all.
#
# One crash after processing message 1, at least once:

# %%
run = mq.run(4, "at-least-once", crashes={(1, "process")})
run["applied"], run["lost"], run["duplicates"]

# %% [markdown]
# Message 1's effect was applied twice. Step through a whole crash schedule (six
# messages, crash points drawn from a seed), and switch the semantics to see crashes at the
# same positions lose a message (at most once) or repeat work without repeating its effect
# (idempotent):

# %%
step_panel = widgets.crash_step_panel()  # figure: the last step
step_panel.snapshot()

# %%
step_panel.result["schedule"]

# %% [markdown]
# Three crashes: after message 2's commit, after message 3's receive, and after message
# 4's processing. Only the last costs anything here: message 4 is processed again, one
# duplicate (in the lower plot the effects applied end one above the committed offset:
# 7 effects for 6 messages). The crash after a receive costs nothing under any semantics: nothing had
# happened yet.

# %%
# NBVAL_IGNORE_OUTPUT
step_panel

# %% [markdown]
# Now many schedules: 100 seeded schedules of 20 messages, each point crashing with
# probability 5 %:

# %%
tally_panel = widgets.crash_tally_panel()
tally_panel.snapshot()

# %%
{s: (t["lost"], t["duplicates"]) for s, t in tally_panel.result.items()}

# %% [markdown]
# At-most-once lost messages and duplicated none; at-least-once duplicated and lost none;
# the idempotent consumer repeated work (grey) but never an effect; the atomic commit did
# neither. Losses and duplicates come out equal here because the same seeds put crashes
# at the same positions, and the middle step is "commit" in one and "process" in the
# other. The tests check each claim on every schedule hypothesis draws (any set of crash
# points, 1 to 12 messages), and derive the counts: at most once, losses = crashes after
# a commit; at least once, duplicates = crashes after processing. They also replay
# schedules on **real SQLite** (`mq.sqlite_run`, for the three semantics that never commit
# before processing), where a crash rolls back the open transaction, and get the same
# effects row for row:

# %%
crashes = {(1, "process"), (2, "receive")}
{mode: mq.sqlite_run(4, mode, crashes) for mode in ("at-least-once", "idempotent")}

# %%
# NBVAL_IGNORE_OUTPUT
tally_panel

# %% [markdown]
# **What Kafka's "exactly once" covers.** By default a Kafka consumer auto-commits, inside
# `poll()` and at most every `auto.commit.interval.ms` (5 s), the offsets of the records
# the previous `poll()` returned; if you process a
# batch before polling again, that is commit-after-process, and Kafka's design documentation
# calls the default at-least-once. (Commit before processing and you get at-most-once.)
# Its idempotent producer (the default since Kafka 3.0, though a bug kept it off in 3.0.0
# and 3.1.0) gives each producer an id and each record a per-partition sequence number,
# so a retried send is not written twice; that holds within one producer session, and a
# producer that restarts gets a new id unless it uses a `transactional.id`. Transactions go further: a *read-process-write*
# application reading from Kafka and writing to Kafka sends its output records *and* its
# consumer offsets in one transaction (`sendOffsetsToTransaction`), and consumers with
# `isolation.level=read_committed` see only committed output. That is exactly-once for
# the whole pipeline **inside Kafka** (Kafka Streams turns it on with
# `processing.guarantee=exactly_once_v2`). It does not cover side effects outside
# Kafka: an email sent, a REST call made or a row written elsewhere during processing
# happens again when the transaction aborts and the records are reprocessed. For those
# you need one of the two tools above; the KafkaConsumer documentation describes the
# second, storing offsets in the same database as the results, in one transaction.
# "Exactly once" is always *effectively* once: delivery may repeat, the effect does not.
#
# ## Consumer lag and back pressure
#
# **Lag** is how far a group is behind: the log end offset minus the committed offset,
# per partition. When producers write λ messages a second and *c* consumers each finish
# μ, the lag grows at λ − c·μ a second; with fixed rates it is (λ − c·μ)·t after t
# seconds. Here 10/s in, two consumers at 4/s:

# %%
lag_panel = widgets.lag_panel()
lag_panel.snapshot()

# %%
r = lag_panel.result
int(r["lag"][-1]), float(r["closed_form"][-1])

# %% [markdown]
# The simulation runs up to three above the line: a message counts as lag until it is
# finished, so the two in service and the one just sent count too. It ends one above
# (61 against 60): nothing is sent at t = 30 s, and the second consumer, which started
# 0.1 s after the first, is still on its 120th message (the tests bound the gap by c + 2
# for every rate they draw). A log
# absorbs this for as long as retention allows, which is the point of a log; but if the
# lag outgrows retention, records are deleted before anyone reads them. The cures are
# more consumers (up to the number of partitions) or faster ones.
#
# A bounded buffer gives the producer **back pressure** instead: set the bound to 20.
# With *block* the producer waits for room (RabbitMQ blocks publishing connections when
# memory or disk runs low; a Kafka producer blocks in `send()` for up to `max.block.ms`
# when its own buffer is full), so the backlog moves into the producer and, upstream,
# into its callers. With *drop* the excess is rejected, which is load shedding (see
# [17 · Resilience](17_resilience.ipynb)). The same 30 s with a bound of 20:

# %%
for policy in ("block", "drop"):
    b = experiments.lag(bound=20, policy=policy)
    print(f"{policy}: lag at most {b['lag'].max()}, waiting in the producer at the end "
          f"{b['waiting'][-1]}, rejected {b['rejected']}, done {b['finished']}")

# %% [markdown]
# Either way the lag stops at the bound and the consumers finish the same number of
# messages: a bound adds no capacity. What changes is where the excess goes: with
# *block* it waits in the producer, with *drop* it is gone. For a stable queue the
# tests also check Little's law (mean lag = throughput × mean time in the system) and
# the M/M/1 mean lag ρ/(1 − ρ) on random arrivals. Move the rates, the bound and the
# policy:

# %%
# NBVAL_IGNORE_OUTPUT
lag_panel

# %% [markdown]
# ## Event Driven Architecture
#
# In an event-driven system, services announce facts ("order placed", "payment charged")
# as events, and whoever cares reacts; the sender does not know who listens. The same
# order flow, payment → stock → shipping, with compensations when a step fails (a saga,
# as in [21 · Transactions and locking](21_transactions_locking.ipynb)), built two ways:
#
# - **Choreography**: each service subscribes to the event before its step and publishes
#   its own. No one is in charge.
# - **Orchestration**: an orchestrator (the order saga) sends each service a command and
#   waits for its reply; it decides what happens next, including the compensations.
#
# Shipping fails:

# %%
flow_panel = widgets.flows_panel()
flow_panel.snapshot()

# %%
{style: (len(run["messages"]), run["state"]) for style, run in
 flow_panel.result.items() if style != "fail_at"}

# %% [markdown]
# Choreography used fewer messages (one event per step instead of a command and a reply),
# and each service knows only its own part: to answer "where is order 42?" you must
# collect the last event of every service, or build a view that listens to all of them.
# The orchestrator's saga record holds the whole flow's state in one place, and the flow
# itself is in one piece of code, at the price of more messages, a central component to
# run, and services that now take commands from it. Choreography couples services
# through event names instead: adding a step (say, a fraud check) is a new subscriber,
# but changing the order of steps means changing several services, and a cycle of
# events is easy to build by accident. A common middle: choreography between bounded
# contexts, orchestration inside one flow that needs compensations.

# %%
# NBVAL_IGNORE_OUTPUT
flow_panel

# %% [markdown]
# ## Try it
#
# **18.1** (predict) A consumer commits each message's offset and then processes it. It
# crashes after processing message 7, before receiving message 8. After the restart,
# what happened to message 7: `"lost"`, `"duplicated"` or `"exactly once"`?

# %%
answer = ...
check("18.1", answer)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# answer = "exactly once"
# ```
#
# This is the at-most-once order (receive, commit, process), but the crash came after
# all three steps of message 7: the committed offset already points at message 8, and
# message 7's effect is in the store. At most once loses a message only when the crash
# falls between the commit and the processing. `mq.run(10, "at-most-once",
# {(7, "process")})` shows `lost == 0` and `duplicates == 0`.
# </details>
#
# **18.2** A producer writes 12 messages a second at a fixed rate; three consumers each
# finish 3 a second, and the group has fallen 900 messages behind. You scale it to six
# consumers (the topic has 6 partitions). After how many seconds is the lag back to
# zero, ignoring the few in service?

# %%
answer = ...
check("18.2", answer)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# answer = 900 / (6 * 3 - 12)
# ```
#
# 150: six consumers finish 18 messages a second while the producer adds 12, so the
# backlog shrinks by 6 a second, and 900 / 6 = 150 s.
# </details>
#
# **18.3** (predict) A topic has 6 partitions and its group runs four consumers, `c1`
# to `c4`, under the range assignor (as after the join above). A fifth, `c5`, joins. How
# many partitions change owner?

# %%
answer = ...
check("18.3", answer)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# from sysdesign.messaging import assign
# from sysdesign.messaging.log import moved
#
# before = assign(6, ["c1", "c2", "c3", "c4"])
# answer = len(moved(before, assign(6, ["c1", "c2", "c3", "c4", "c5"])))
# ```
#
# 3: four consumers hold `[0, 1] [2, 3] [4] [5]`, five hold `[0, 1] [2] [3] [4] [5]`.
# The runs are contiguous and dealt in name order, so when `c2`'s run shrinks every run
# after it shifts: partition 3 goes to `c3`, 4 to `c4` and 5 to `c5`. The join from 3 to
# 4 consumers moved only one; how many move depends on where the extra partitions fall.
# </details>
#
# ## Summary
# - A **work queue** gives each message to one of many competing consumers and deletes it
#   when acknowledged; a crash means redelivery, a poison message needs a delivery limit
#   and a dead-letter queue, and order is lost once there are several consumers.
# - A **log** keeps records; keys pick partitions (Kafka: murmur2 mod partitions), order
#   holds per partition only, each group reads everything at its own offsets, and replay
#   is a seek. Scale consumers up to the number of partitions.
# - Where the consumer commits decides the guarantee: commit first, at most once (losses);
#   commit after, at least once (duplicates). Effectively once needs an idempotent
#   consumer or an atomic commit of result and offset. Kafka's exactly once covers
#   read-process-write inside Kafka, not external side effects.
# - Lag grows at λ − c·μ when consumers are slower; bounded buffers turn it into back
#   pressure (block) or load shedding (drop).
# - Choreography: fewer messages, loose coupling, state spread over services.
#   Orchestration: one place for the flow and its state, more messages, a central
#   component.
#
# ## Where this shows up
# - RabbitMQ, Amazon SQS (visibility timeout, redrive policy to a dead-letter queue) and
#   Celery's task queues are work queues; Kafka, Pulsar, Amazon Kinesis and RabbitMQ
#   streams are logs. Change data capture (Debezium) writes a database's changes to
#   Kafka topics keyed by primary key, so each row's changes stay in order.
# - The transactional outbox in [21 · Transactions and locking](21_transactions_locking.ipynb)
#   publishes at least once, so its consumers must be idempotent, as here; its sagas are
#   the flows above. Idempotency keys for HTTP are in [03 · APIs](03_apis.ipynb#Idempotency),
#   bounded queues and shedding in [17 · Resilience](17_resilience.ipynb), Little's law in
#   [25 · Performance](25_performance.ipynb), and hashing keys to shards in
#   [12 · Consistent hashing](12_consistent_hashing.ipynb).
# - Rebuilding state by replaying a log is event sourcing:
#   [19 · Event sourcing and CQRS](19_event_sourcing_cqrs.ipynb); pushing events to
#   browsers is [20 · Real time](20_realtime.ipynb).
#
# ## Further reading
# - Apache Kafka documentation, "Design": "Message Delivery Semantics", "The Consumer",
#   "Log Compaction"; the KafkaConsumer javadoc, "Storing Offsets Outside Kafka".
# - J. Kreps, N. Narkhede and J. Rao, "Kafka: a Distributed Messaging System for Log
#   Processing", NetDB 2011; J. Kreps, "The Log: What every software engineer should know
#   about real-time data's unifying abstraction" (2013).
# - Confluent blog, "Exactly-Once Semantics Are Possible: Here's How Kafka Does It" (2017);
#   KIP-98 (idempotent producer and transactions), KIP-429 (cooperative rebalancing),
#   KIP-932 (share groups).
# - RabbitMQ documentation: "Consumer Acknowledgements and Publisher Confirms",
#   "Dead Letter Exchanges", "Quorum Queues" (poison message handling), "Streams".
# - M. Kleppmann, *Designing Data-Intensive Applications* (2017), chapter 11, "Stream
#   Processing".
# - C. Richardson, *Microservices Patterns* (2018), chapter 4, on choreography- and
#   orchestration-based sagas.

# %% [markdown]
# <!-- nav -->
# [← 17 · Resilience: circuit breakers, retries, back pressure](17_resilience.ipynb) · [Contents](00_start_here.ipynb#Course-map) · [19 · Event sourcing and CQRS →](19_event_sourcing_cqrs.ipynb)
