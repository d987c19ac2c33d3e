# %% [markdown]
# # 10 · Consistency and replication: lag, quorums and sessions
#
# Measure how long an asynchronous follower stays stale against the formula, find the quorum sizes that never read stale, give one client read-your-writes and monotonic reads, and see how leader-follower and multi-leader replication fail.

# %% [markdown]
# <!-- nav -->
# [← 09 · CAP and PACELC: partition a cluster and watch it choose](09_cap_pacelc.ipynb) · [Contents](00_start_here.ipynb#Course-map) · [11 · Sharding: splitting one database over many →](11_sharding.ipynb)

# %% [markdown]
# ## What you will learn
# - Weak, eventual and strong consistency as behaviour: what a reader sees after a write,
#   on one and the same lossy network.
# - How long a follower of an asynchronous leader stays stale (simulated against the
#   formula), and how replication lag and anti-entropy unfold over time.
# - What R + W > N guarantees, what it does not, and why W = 2, R = 1 and W = 1, R = 2 differ.
# - Five session guarantees and three ways to get them: sticky sessions, version tokens and
#   one leader that orders every write.
# - Leader-follower replication (synchronous, semi-synchronous, asynchronous, and what a
#   failover loses) and multi-leader replication with a real write conflict.
#
# Builds on: [09 · CAP and PACELC](09_cap_pacelc.ipynb), whose `Cluster` we use again
# (`src/sysdesign/replication/`); `sessions.py` holds this notebook's checks, `faults.py`
# its failures and `multileader.py` its multi-datacentre model.

# %%
import numpy as np
import pandas as pd

from sysdesign.core.exercises import check
from sysdesign.replication import Cluster, faults, plots, sessions, widgets
from sysdesign.replication import experiments as exp
from sysdesign.replication.multileader import MultiLeader

# %% [markdown]
# ## Weak, eventual, strong: what a reader observes
#
# The three names describe what a read may return after a write has been acknowledged:
#
# - **Weak**: best effort, and no promise at all, not even that replicas converge some day.
#   A read may or may not ever see the write: memcached (a write to one cache node, an
#   eviction, a failover to an empty node), a phone call or a multiplayer game, where a
#   lost packet is simply gone.
# - **Eventual**: if writes stop, every replica converges, so reads see the write *after
#   some delay*: DNS, email, asynchronous replicas.
# - **Strong** (linearizable, notebook 09): once the write returned, every read sees it.
#
# The outline lists an RDBMS as its example of strong consistency. That holds for one
# server, or for reads from its primary; a read from an asynchronous replica of that same
# RDBMS is only eventually consistent, as the next section measures.
#
# One experiment shows all three on the *same* network, one that loses 30 % of message
# attempts: write `new` through node 0, then read it through node 2 at several moments
# after the write returned, 100 times. Weak replication sends each update once and never
# repairs; eventual replication resends what was lost; strong uses majority quorums with
# synchronous read repair (CP), the configuration notebook 09 found linearizable.

# %%
seen = exp.visibility(trials=100)
plots.visibility_plot(seen)

# %%
pd.DataFrame({name.split(":")[0]: seen[name] for name in exp.SYSTEMS},
             index=pd.Index(seen["waits"], name="wait (ms)")).T

# %% [markdown]
# Strong answers `new` at every wait, because its read quorum always overlaps the write's.
# Eventual answers `old` until replication arrives (5 ms links plus jitter, 11 ms more for
# each resend) and then `new` in every trial. Weak levels off at 73 %, close to the 70 % of
# updates whose one message got through: the others are never sent again, however long the
# reader waits.
#
# ## Replication lag and stale reads
#
# With asynchronous leader-follower replication, the leader acknowledges a write at once and
# sends it to each follower in the background. The message takes the link latency L plus a
# random delay; in our model that delay is exponential with mean J, and each lost attempt
# adds a retransmission timeout. A read at a follower t ms after the write is stale exactly
# when the message has not arrived yet:
#
# $$P(\text{stale at } t) = P(D > t) = \begin{cases} 1 & t < L \\
#   e^{-(t - L)/J} & t \ge L \end{cases}$$
#
# (with loss p and timeout T: a mixture of the same curve shifted by kT, weighted
# (1 − p)p^k). The simulation writes, waits t, reads the follower, 100 times per point:

# %%
curve = exp.stale_curve(np.arange(0, 31, 2.0), trials=100, latency=5.0, jitter=5.0)
plots.stale_curve_plot(curve)

# %% [markdown]
# Below 5 ms every follower read is stale; after that the share falls exponentially, e^-1
# (37 %) at t = L + J = 10 ms. The simulated points sit on the formula within their sampling
# error:

# %%
z = np.abs(curve["simulated"] - curve["analytic"]) / np.maximum(curve["stderr"], 1e-9)
print(f"largest gap: {z.max():.1f} standard errors over {len(z)} points")
assert z.max() < 4

# %% [markdown]
# Bailis et al. called this *probabilistically bounded staleness*: "eventually" becomes a
# number you can quote ("99 % of reads are fresh t ms after the write"). Change the network:

# %%
# NBVAL_IGNORE_OUTPUT
widgets.lag_panel()

# %% [markdown]
# ## Watch replication lag and anti-entropy
#
# The same mechanism over time, on three AP replicas (R = W = 1, 5 ms links, 5 ms mean
# jitter) and six keys. Node 0 writes one of the keys every 3 ms; replication trails behind
# by a few milliseconds; node 2 is cut off from 20 to 60 ms and misses those writes (their
# messages are dropped at the cut). After the heal new writes reach node 2 again, but the
# ones it missed stay old until anti-entropy (`anti_entropy.py`: every node sends every peer
# what the peer lacks) repairs them. Each cell below is one node's copy of one key: blue
# holds the newest write, orange an older one, grey none.

# %%
frames = exp.convergence_frames()
plots.convergence_picture(frames, step=40)

# %% [markdown]
# At 82 ms, 22 ms after the heal and with writes stopped at 69 ms, node 2 is
# still behind on four keys (old copies of k0, k2 and k3, no copy at all of k5), and nothing
# but anti-entropy will change that: one round repairs all four. Scrub through the whole
# run (or press play):

# %%
# NBVAL_IGNORE_OUTPUT
widgets.convergence_panel()

# %% [markdown]
# ## Quorums: R + W > N
#
# Leaderless stores (Dynamo, Cassandra, Riak; our `quorum.py`) send every write to all N
# replicas and return after W acknowledgements; a read asks all N and returns the newest
# of the first R answers. If R + W > N, every read set shares at least one replica with
# every write set, so a read that starts after a write finished meets it. For each (W, R)
# on 3 replicas: a write through one node, then at once a read through another, 100 times:

# %%
rates = exp.quorum_grid(3, trials=100)
plots.quorum_heatmap(rates, trials=100)

# %% [markdown]
# Inside the green outline no read was stale, in any run; a grey cell means not one stale
# read in 100. Outside it the read quorum sometimes misses the write: R = W = 1 always here
# (the read comes before replication can arrive). The two cells with R + W = N differ a lot,
# and the model explains why (5 ms links plus exponential jitter of mean J = 5 ms):
#
# - **W = 2, R = 1**: when the write returns, two replicas hold it; the reader checks only
#   its own copy, which is stale only if the write's message to the reader was slower than
#   a whole round trip to the third node: P = e^(−L/J) / 4 ≈ 9 % (8 of 100 in this run).
# - **W = 1, R = 2**: the write returns at once, held by its own node only; the reader
#   takes its own (old) copy plus the *first* of two answers, and that is the old one when
#   the third node answers first and had not got the write yet: P = 11/36 ≈ 31 %, whatever
#   L and J (35 of 100 here). Both formulas are checked against 3,000-trial simulations in
#   `tests/replication/test_consistency.py`.
#
# So at equal cost R + W, put the weight where the race is: a write quorum gives replication
# a head start, a read quorum only a coin toss between answers.

# %%
overlap = np.add.outer(np.arange(1, 4), np.arange(1, 4)) > 3  # [W-1, R-1]: R + W > N
print("stale reads where R + W > N:", int(rates[overlap].sum() * 100),
      "| configurations with R + W <= N that read stale:", int((rates[~overlap] > 0).sum()),
      "of", int((~overlap).sum()))

# %% [markdown]
# Pick your own R and W (the ring; the sliders end at N), or try more replicas, more jitter,
# or a pause before reading:

# %%
# NBVAL_IGNORE_OUTPUT
widgets.quorum_panel()

# %% [markdown]
# ### What R + W > N does not promise
#
# "R + W > N never reads stale data" is true only in the setting above: strict quorums,
# one request at a time, clocks that agree and replicas that never lose data. Each of
# these breaks it (DDIA chapter 5, "Limitations of quorum consistency"):
#
# - **A write concurrent with reads.** Notebook 09 showed majority quorums returning new,
#   then old, while a write was on its way, unless read repair is synchronous.
# - **A write that failed part-way is not rolled back.** Notebook 09's timed-out write sat on
#   one replica, was invisible to the majority, and appeared after the heal.
# - **Last-writer-wins on clocks that disagree.** Notebook 09 measured it: with clocks
#   within ±50 ms, two writes 16 ms apart, the later one loses (2s − g)²/8s² ≈ 35 % of the
#   time, and in its partition story the last write was thrown away in 47 of 100 seeded runs.
# - **Sloppy quorums** (Dynamo's hinted handoff): W acknowledgements from any reachable nodes,
#   not from the key's own N replicas.
# - **A replica restored from an old backup.** Node 2 is briefly unreachable while `v2` is
#   written, so exactly W = 2 replicas (nodes 0 and 1) acknowledge it; then node 1 is
#   restored from last night's backup, and node 0 goes down:

# %%
restored = exp.restored_replica()
for op in restored.history:
    print(op)
print("stale reads:", [str(op) for op in sessions.stale_reads(restored.history)])

# %% [markdown]
# The read at node 2 asked itself and node 1 (R = 2, R + W = 4 > 3), and neither holds
# `v2`: node 2 never got it, node 1 lost it with the restore. A stale read with overlapping
# quorums.
#
# ## Session guarantees
#
# Often one client only needs the system to be consistent *with itself*. Terry et al. (1994)
# defined four session guarantees. A fifth, which spans keys, is one of the six guarantees of
# Terry's 2013 "baseball" article; DDIA chapter 5 teaches it with the question-and-answer
# example below:
#
# - **Read-your-writes**: after I write, my reads return my write or something newer.
# - **Monotonic reads**: I never read something older than what I read before.
# - **Monotonic writes**: my later write is ordered after my earlier one (under
#   last-writer-wins, a violation means my later write silently loses).
# - **Writes-follow-reads**: a write I make after reading something is ordered after it (my
#   reply is never sorted before the message it answers).
# - **Consistent prefix reads**: if one write happened before another, nobody sees the
#   second without the first (no answer without its question).
#
# An eventually consistent store breaks them when a client's requests land on different
# replicas. Here is Bob, alternating writes and reads on whichever node is next:

# %%
cluster = Cluster(3, "ap", seed=2, latency=5.0, jitter=5.0)
bob = sessions.Session(cluster, "bob")
for i in range(30):
    bob.write("x", i) if i % 2 == 0 else bob.read("x")
reads = sum(op.kind == "read" for op in cluster.history)
print(len(sessions.read_your_writes_violations(cluster.history)), f"of {reads} reads missed Bob's own write")

# %% [markdown]
# Two cures: a **sticky session** sends all of a client's requests to one replica (its
# writes are there first), and a **version token** has the client carry the newest version
# it has seen: a replica that is behind fetches the newer version from its peers (or
# refuses if none answers in time), and a write is stamped after the token. Alice shares
# the store with three busy writers, clocks skewed by up to ±10 ms, and her requests are
# routed three ways (her sticky replica is node 2, whose clock happens to be the slowest).
# Each bar is her violations out of the operations the guarantee constrains:

# %%
routed = exp.session_comparison(requests=100)
plots.session_bars(routed)

# %% [markdown]
# Roaming from replica to replica, Alice breaks all four guarantees. A sticky session
# removes the read violations and keeps her own writes in order, because one node's clock
# never runs backwards. It cannot order a write after a value she read that another node
# stamped with a faster clock: 2 of her 24 writes after a read sort before what she had
# read. Tokens give all four, whatever the clocks. Their costs differ: a sticky client loses
# its guarantees when its replica fails and it must move; a token costs an extra round trip
# when the replica is behind, and a refusal if no up-to-date replica is reachable. Move the
# network, the pace and the skew:

# %%
# NBVAL_IGNORE_OUTPUT
widgets.session_panel()

# %% [markdown]
# Consistent prefix needs more than one key. Poons asks a question through node 0; Cake
# reads it on node 1 and answers through node 1; an observer on node 2 reads the answer,
# then the question. The link from node 0 to node 2 is slow (30 ms); the others take 1 ms:

# %%
for scheme in ("quorum", "leader"):
    story = exp.question_and_answer(scheme)
    seen_first = [f"{op.key}={op.value!r}" for op in story.history if op.client == "observer"][:2]
    print(f"{scheme:>6}: observer first sees {seen_first}; prefix violations:",
          len(sessions.consistent_prefix_violations(story.history)))

# %% [markdown]
# Leaderless, the answer took the fast path to node 2 and arrived before its question. With
# one leader, both writes go through node 0 and reach node 2 in the order the leader sent
# them (one link, and no jitter in this run; a real replication stream keeps that order
# with log positions over TCP), so the observer sees nothing, then both. Token per key
# would not help here: the answer's key says nothing about the question's.
#
# ## Leader-follower replication
#
# With a **single leader** (`leader.py`; the outline's "master-slave replication"), every
# write goes through one node, which orders them and ships them to followers. Its knob is how many copies exist before the client
# hears "ok": w = 1 is asynchronous (fast; followers lag, and a failover can lose
# acknowledged writes), w = N synchronous (every follower current, but one dead follower
# stops all writes). In between:
#
# - **Raft** (etcd, Consul) commits an entry once a *majority* has it: the leader appends,
#   sends to every follower in parallel and answers after one round trip to the fastest
#   majority. Our leader does the same: it needs no phase 1 (unlike a quorum coordinator,
#   notebook 09), because every write passes through it, so it already holds the newest
#   version.
# - **Semi-synchronous MySQL** waits for a *configurable number* of replicas,
#   `rpl_semi_sync_source_wait_for_replica_count`, **1 by default**, not a majority; and
#   after `rpl_semi_sync_source_timeout` (10 s by default) without an acknowledgement it
#   falls back to asynchronous replication (MySQL 8.4 reference manual).
#
# Cut follower 2 off and write through the leader in CP mode with each w:

# %%
for w in (1, 2, 3):
    leader = Cluster(3, "cp", seed=0, scheme="leader", w=w)
    leader.partition({0, 1}, {2})
    result = leader.write("x", "v", node=0)
    print(f"w={w}: {result.outcome}, {result.latency:.0f} ms, copies: {leader.values('x')}")

# %% [markdown]
# Asynchronous writes return at once; majority writes after one 10 ms round trip to node 1;
# the fully synchronous one times out because a single follower is unreachable. Its answer
# is "unknown", not "refused": the leader and node 1 already hold `v`.
#
# **Failover loses acknowledged writes** under asynchronous replication. The leader
# acknowledges an order as paid, then dies before any follower has it; node 1 is promoted,
# and when the old leader comes back it must throw away what only it had (PostgreSQL's
# `pg_rewind` does exactly that):

# %%
shop = Cluster(3, "ap", seed=0, scheme="leader", w=1)
print("leader says:", shop.write("order 17", "paid", node=0).outcome)
shop.partition({0}, {1, 2})                       # the leader dies before replicating
shop.advance(50)                                  # and stays down for 50 ms
faults.fail_over(shop, 1)
print("new leader reads:", shop.read("order 17", node=1).value)
faults.rejoin(shop, 0)                            # the old leader returns as a follower
print("after rejoin:", shop.values("order 17"), "| acknowledged writes lost:",
      len(shop.lost_writes()))

# %% [markdown]
# Semi-synchronous replication with the default count of one narrows the window but does
# not close it. Five servers, the leader waits for one follower (w = 2); follower 1 sits
# next to it (1 ms), the others 10 ms away. The write is acknowledged after follower 1's
# answer, and the leader dies before the others get a copy:

# %%
near = [[0 if a == b else 1 if {a, b} == {0, 1} else 10 for b in range(5)] for a in range(5)]
semi = Cluster(5, "cp", seed=0, scheme="leader", w=2, latency=near)
print("acknowledged:", semi.write("x", "order", node=0).outcome)
semi.partition({0}, {1, 2, 3, 4})
semi.sim.run()
print("copies left:", semi.values("x"))

# %% [markdown]
# Only follower 1 has the order. Promote it and nothing is lost; promote any other and an
# acknowledged transaction is gone, which is why failover tools pick the most up-to-date
# replica. To make every majority hold every acknowledged write, the count must make the
# copies (source included) and any majority overlap: exercise 2 below.
#
# ## Multi-leader replication
#
# In a real **multi-leader** setup (the outline's "master-master replication") every
# datacentre has its own leader, which takes writes from its own clients and replicates
# them asynchronously to the other datacentres' leaders, which pass them on to their
# followers (`multileader.py`). (A follower that
# accepts writes because it cannot reach its leader, notebook 09's AP leader scheme, is a
# split brain, not this design.)

# %%
plots.multileader_diagram(MultiLeader(), writes={0: "add book", 1: "add lamp"})

# %% [markdown]
# Two clients add an item to the same empty cart, one in each datacentre, at the same
# moment: neither leader has seen the other's write, so the two writes are **concurrent**.
# Each stored version carries a *version vector* (one counter per leader): a version that
# has seen another dominates it entry by entry; two versions where neither dominates are a
# conflict. What the cart holds after replication, by conflict policy:

# %%
pd.DataFrame(exp.cart_conflicts()).set_index("policy")

# %% [markdown]
# Last-writer-wins keeps `lamp` (written a nanosecond later) and throws away an
# acknowledged `book`; keeping both versions (siblings, as Riak and Dynamo's shopping cart
# do) hands the conflict to the next reader, who merges; a merge rule that gives the same
# result in any order (a set union, the simplest CRDT) keeps both at once. In the last row
# the second client wrote 50 ms later, after the book had arrived: its write saw the first,
# so there was no conflict to resolve. Every policy converges: all nodes agree.
#
# | scheme | strength | typical failure |
# |---|---|---|
# | leader, async followers | fast writes, read scaling | stale follower reads; failover loses acknowledged writes |
# | leader, semi-sync (count k) | an acknowledged write is on k + 1 servers | lost if the promoted replica is not one of them |
# | leader, majority (Raft) | no loss on failover, tolerates a minority down | minority side unavailable |
# | leader, sync followers | every follower current | one slow or dead follower blocks writes |
# | multi-leader | writes in every datacentre, even partitioned | concurrent writes conflict; LWW loses one |
# | leaderless quorums | no failover, tunable R/W | stale reads if R + W ≤ N, and the cases above even when R + W > N |
#
# ## Where this shows up
#
# - **Leader-follower everywhere.** PostgreSQL streaming replication is asynchronous by
#   default; `synchronous_standby_names = 'ANY 2 (a, b, c)'` makes a commit wait for any two
#   standbys (a quorum commit), `FIRST 2 (...)` for the two highest-priority ones. MySQL's
#   semi-sync count is the same knob. etcd, Consul and CockroachDB (one Raft group per
#   range) commit on a majority.
# - **Session guarantees as an API.** MongoDB's causally consistent sessions give
#   read-your-writes, monotonic reads, monotonic writes and writes-follow-reads; all four
#   survive a failover only with `"majority"` read and write concerns (MongoDB manual,
#   *Causal consistency and read and write concerns*). The session carries the cluster
#   time of what it has seen: the version token of this notebook.
# - **Anti-entropy in production.** Dynamo and Cassandra compare replicas with Merkle trees
#   (Cassandra's `nodetool repair`) so that only differing ranges are sent; our
#   `anti_entropy.py` compares whole stores, the same outcome without the tree.
# - **Multi-leader and conflicts.** DynamoDB global tables in their default mode (MREC)
#   resolve concurrent updates by last writer wins; CouchDB picks the same winning
#   revision on every node but keeps the losing ones for the application to merge; CRDTs
#   (Riak's data types, Redis Enterprise Active-Active) merge by rule.
# - In this course: the partition and the CAP choice are in
#   [09 · CAP and PACELC](09_cap_pacelc.ipynb); each shard of
#   [11 · Sharding](11_sharding.ipynb) is replicated with one of the schemes above; a cache
#   in front of a database is one more asynchronous copy, stale until invalidated or
#   expired ([06 · Caching](06_caching.ipynb)). A CQRS read model is such a copy too:
#   [19 · Event sourcing and CQRS](19_event_sourcing_cqrs.ipynb) gives a client
#   read-your-writes across its lag the same way: it waits until the read model has
#   reached the version its write created.
#
# ## Try it
#
# **1.** Links of L = 5 ms, mean jitter J = 5 ms, no loss. How long after a write must you
# wait before a follower read is stale with probability 1 % at most? Answer in ms.

# %%
answer = ...
check("10.1", answer)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# import math
#
# latency, jitter = 5.0, 5.0
# answer = latency + jitter * math.log(100)     # e^(-(t - L)/J) = 0.01
# ```
#
# About 28 ms: the exponential tail needs J · ln 100 ≈ 23 ms beyond the 5 ms latency.
# </details>
#
# **2.** Decide. A MySQL source with four semi-synchronous replicas (five servers). What is
# the smallest `rpl_semi_sync_source_wait_for_replica_count` that guarantees every majority
# of the five servers contains at least one that has each acknowledged transaction?

# %%
answer = ...
check("10.2", answer)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# servers, majority = 5, 5 // 2 + 1
# answer = next(k for k in range(servers) if (k + 1) + majority > servers)
# ```
#
# An acknowledged transaction is on the source plus k replicas. Like R + W > N, those
# k + 1 servers and any majority of 3 must overlap: k + 1 + 3 > 5, so k = 2, not the
# default 1.
# </details>
#
# **3.** Predict. Three datacentres (`MultiLeader(datacentres=3)`). Clients in the first two
# add a different item each to the same empty cart at the same moment; 50 ms later, after
# both writes have reached the third datacentre, a client there reads the cart and adds a
# third item to what it read. With last-writer-wins, how many of the three acknowledged
# writes are lost once replication has settled?

# %%
answer = ...
check("10.3", answer)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# from sysdesign.replication.multileader import MultiLeader
#
# ml = MultiLeader(datacentres=3, resolve="lww")
# ml.write(0, "cart", {"book"})
# ml.write(1, "cart", {"lamp"})
# ml.sim.run(ml.sim.now + 50)
# seen = set().union(*map(set, ml.read(4, "cart")))  # node 4: the third datacentre's leader
# ml.write(2, "cart", seen | {"pen"})
# ml.settle()
# answer = len(ml.lost)
# print(answer, ml.read(0, "cart"))
# ```
#
# The first two writes are concurrent, and last-writer-wins keeps one (the lamp, a
# nanosecond later) and loses the book. The third client read the cart after that, so
# its write saw the lamp and replaces it without a conflict: one write lost, and the cart
# holds lamp and pen. Had all three written at once, two would be lost; with
# `resolve="merge"` none would be.
# </details>
#
# ## Summary
#
# - Weak consistency promises nothing, not even convergence; eventual consistency
#   converges once writes stop; strong consistency (linearizability) shows a write to every
#   read after it returns.
# - Asynchronous replication makes follower reads stale for a time you can compute:
#   P(stale at t) = P(replication delay > t). Anti-entropy repairs what replication missed.
# - R + W > N makes read and write quorums overlap, so a read after a finished write meets
#   it; concurrency, partial writes, skewed clocks, sloppy quorums and restored replicas
#   still produce stale reads.
# - Session guarantees are cheaper than linearizability: version tokens give all four to
#   each client; consistent prefix needs writes applied in one order.
# - Single-leader replication fails by lagging followers and lossy failover (semi-sync with
#   a count of 1 included); multi-leader and leaderless replication fail by conflicting
#   writes, which last-writer-wins resolves by losing one.
#
# ## Further reading
#
# - W. Vogels, *Eventually consistent*, Communications of the ACM, 2009.
# - D. Terry et al., *Session guarantees for weakly consistent replicated data*, PDIS 1994;
#   D. Terry, *Replicated data consistency explained through baseball*, CACM, 2013.
# - P. Bailis et al., *Probabilistically bounded staleness for practical partial quorums*,
#   VLDB 2012.
# - G. DeCandia et al., *Dynamo: Amazon's highly available key-value store*, SOSP 2007.
# - D. Ongaro, J. Ousterhout, *In search of an understandable consensus algorithm (Raft)*,
#   USENIX ATC 2014.
# - MySQL 8.4 reference manual, *Semisynchronous replication*.
# - M. Kleppmann, *Designing Data-Intensive Applications*, chapter 5 (replication).

# %% [markdown]
# <!-- nav -->
# [← 09 · CAP and PACELC: partition a cluster and watch it choose](09_cap_pacelc.ipynb) · [Contents](00_start_here.ipynb#Course-map) · [11 · Sharding: splitting one database over many →](11_sharding.ipynb)
