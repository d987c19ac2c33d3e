# %% [markdown]
# # 09 · CAP and PACELC: partition a cluster and watch it choose
#
# Cut the network between three replicas, watch a CP store refuse and an AP store drift apart and converge, check every history for linearizability, then measure what consistency costs in latency when nothing is broken.

# %% [markdown]
# <!-- nav -->
# [← 08 · Availability, SLOs and disaster recovery](08_availability.ipynb) · [Contents](00_start_here.ipynb#Course-map) · [10 · Consistency and replication: lag, quorums and sessions →](10_consistency.ipynb)

# %% [markdown]
# ## What you will learn
# - What makes a system distributed: parts fail on their own, messages are lost or late,
#   clocks disagree, and a timeout does not tell you whether your request happened.
# - What C, A and P mean precisely, what the CAP theorem does *not* say, and where the
#   course's source outline gets it wrong.
# - How a CP store refuses what it cannot serve safely, how an AP store keeps answering,
#   drifts apart and converges, and how to check any history, even one from clients that
#   overlap in time, for linearizability.
# - PACELC: with no partition at all, consistency costs latency; where real databases sit,
#   configuration by configuration, and when to choose CP or AP.
#
# Builds on: [01 · Estimation](01_estimation.ipynb) (what "available" means in nines).
# The model is `src/sysdesign/replication/`: `cluster.py` is the replicated store, run on
# the course's discrete-event engine `src/sysdesign/core/events.py` (a seeded clock and
# messages in a queue, no threads, no sleeping); `quorum.py` and `leader.py` are the two
# replication schemes, `messages.py` how a coordinator waits for replies,
# `anti_entropy.py` how replicas agree again, and `linearizability.py` the checker. Open
# them beside this notebook. Everything here is a simulation: a real partitioned cluster
# cannot run inside a notebook, but every message, delay and clock in it is explicit.

# %%
import pandas as pd

from sysdesign.core.exercises import check
from sysdesign.replication import Cluster, check_history, check_register, operations, plots
from sysdesign.replication import experiments as exp
from sysdesign.replication.clocks import later_write_loses, race
from sysdesign.replication.concurrency import inversion, violation_rate
from sysdesign.replication.systems import pacelc_table
from sysdesign.replication.widgets import cap_panel, pacelc_panel, replay_panel

# %% [markdown]
# ## What makes a system distributed
#
# The outline's "Distributed System" heading names the subject; here is what makes it hard.
# Three things go wrong across machines that never go wrong inside one program (Kleppmann,
# *Designing Data-Intensive Applications*, chapter 8):
#
# - **Partial failure.** One node, one link or one disk fails while the rest keeps running,
#   and nobody is told at once.
# - **Unreliable networks.** A message can be lost, delayed or duplicated. A sender that
#   hears nothing cannot tell a lost request from a slow one, or from a lost answer to a
#   request that did happen.
# - **Unreliable clocks.** Every machine's clock is off by some amount, so timestamps taken
#   on two machines do not give the order in which things really happened.
#
# The model has all three as parameters. Each node's clock is off by a fixed offset drawn
# from ±`skew` ms, and each message attempt is lost with probability `loss` (then sent again
# after a timeout, as TCP does):

# %%
skewed = Cluster(3, "ap", seed=0, skew=50.0)
lossy = Cluster(3, "cp", seed=0, loss=0.2)
for i in range(20):
    lossy.write("x", i, node=i % 3)
print("clock offsets (ms):", [round(offset, 1) for offset in skewed.clock_offset])
resent = lossy.counters["retransmissions"]
attempts = lossy.counters["messages"] + resent  # each message once, plus every resend
print(f"messages: {lossy.counters['messages']}, delivery attempts: {attempts}, "
      f"lost and resent: {resent} ({resent / attempts:.0%} of attempts)")

# %% [markdown]
# Node 0's clock runs 34 ms ahead of real time and node 2's 8 ms behind; each delivery
# attempt was lost with probability 0.2, and every lost one was sent again. Later sections show what each of these does to a database:
# a cut-off node (*Cut the network*), a write whose answer never comes (*When the network
# changes mid-request*), and clocks that reorder writes (*Healing and convergence*).
#
# ## What CAP says, precisely
#
# The CAP theorem (conjectured by Brewer in 2000, proved by Gilbert and Lynch in 2002) is
# about one replicated register and three properties with exact meanings:
#
# - **C, consistency** means *linearizability*: every operation appears to take effect at a
#   single instant between its request and its response, so once a write has returned,
#   every later read returns it (or something newer).
# - **A, availability** means every request that reaches a node that has not crashed gets a
#   *non-error* answer. A polite "sorry, try later" is not availability.
# - **P, partition tolerance** means the system keeps its promises while the network loses
#   any number of messages between groups of nodes.
#
# The theorem: while the network is partitioned, a system cannot be both C and A. A node
# cut off from the others must either answer (and risk being wrong) or wait or refuse
# (and be unavailable).
#
# The course's outline (its CAP section) defines these differently, and three of its
# sentences are wrong as the theorem states them:
#
# - "All nodes see the same data at the same time" is not C. Replicas may differ, as long
#   as no client can tell; and identical replicas do not make a system linearizable.
# - "Every request receives a response about whether it was successful or failed" is not
#   A: an error response is exactly what CAP's A rules out.
# - "Only two of the three can be satisfied", with "CA" as a third kind of system.
#   Partitions are not a design choice; they happen to every distributed system. "CA" only
#   describes a system that is not distributed, or one that gives up both C and A when
#   partitioned. (The outline's "MySQL is not distributed" holds for one server, not for
#   MySQL with replicas, which is a distributed system.)
#
# What CAP does **not** say: anything about the system when the network is healthy (there
# every request can be both consistent and answered; the cost there is latency, PACELC
# below), or about availability in nines (an "AP" database can still be down for other
# reasons). And C in CAP is not the C of ACID, which means "the data's constraints hold".
#
# ## A cluster of three
#
# `Cluster` is a key-value store replicated on every node. Clients send a request to a node
# of their choice; that node coordinates. By default CP mode uses majority quorums: a write
# must reach W = 2 of the 3 replicas, a read asks R = 2. Links take 5 ms each way.

# %%
cluster = Cluster(nodes=3, mode="cp", seed=0)
written = cluster.write("x", "v1", node=0)
answer = cluster.read("x", node=2)
print(f"write ok={written.ok} in {written.latency:.0f} ms; "
      f"read at node 2 -> {answer.value!r} in {answer.latency:.0f} ms")

# %% [markdown]
# The write took two round trips: a CP write first asks W replicas which version they hold
# (phase 1), then sends the value stamped after all of them (phase 2); the section *When
# the network changes mid-request* below shows why. The read took one.
#
# ## Cut the network: CP refuses
#
# Now cut node 2 off from nodes 0 and 1, and send a write to each side:

# %%
cluster.partition({0, 1}, {2})
minority = cluster.write("x", "v2", node=2)
majority = cluster.write("x", "v3", node=0)
print(f"node 2 (alone):   {minority.outcome} after {minority.latency:.0f} ms (timeout)")
print(f"node 0 (with 1):  {majority.outcome} after {majority.latency:.0f} ms")
plots.cluster_diagram(cluster)

# %% [markdown]
# Node 2 waited for a reply that could not come, then refused; the majority side carried on.
# The outline's CP example has it the other way round ("node3 is partitioned, so node1 and
# node2 stop working"): with majority quorums the two nodes that can still reach each other
# form a majority and keep serving; only the node that cannot reach a majority refuses.
# Node 2 refused in phase 1, before anything was stored, so its write left no trace.
#
# Below is a scripted story on a fresh cluster: a write, reads everywhere, then the cut
# (dotted line), writes on both sides, reads on every node; once in CP mode (top) and once
# in AP mode (bottom: R = W = 1 by default, a node answers from its own copy and replicates
# in the background; a write that cannot reach a peer stays local). Each bar is one request
# from start to answer, and both stories share one time axis:

# %%
cp, ap = exp.cap_scenario("cp", heal=False), exp.cap_scenario("ap", heal=False)
verdict = check_history(ap.history)["x"]
plots.cap_pair(cp, ap, culprit=verdict.culprit)

# %% [markdown]
# In CP mode every request to node 2 after the cut is refused (red) and takes the full
# 60 ms timeout;
# nodes 0 and 1 answer everything, and every read returns the latest write.
#
# ## AP keeps answering, and drifts
#
# In AP mode (bottom) every request is answered, and fast (the whole story ends long before
# the CP one), but the two sides now hold different values (`v3` on node 2, `v4` on nodes 0
# and 1), and 3 of the 9 reads (orange) return a value that had already been overwritten
# before the read began.
#
# ## Step through the story
#
# Move the slider (or press play) to replay either story one request, cut or heal at a
# time: the diagram shows what each node stores at that moment, the timeline what has been
# answered so far. This run goes on to heal the network and let the replicas agree.

# %%
replay = replay_panel()  # opens at step 8, during the partition
replay.snapshot()

# %%
# NBVAL_IGNORE_OUTPUT
replay

# %% [markdown]
# ## Is a history linearizable? The checker
#
# A history is linearizable if we can place each successful operation at one instant
# inside its own interval so that, in that order, each read returns the write just before
# it. `check_register` searches for such an order (Wing and Gong's algorithm, with Lowe's
# memoisation of the states already tried). Two hand-written histories, as
# `(kind, value, start, end)`:

# %%
overlapping = operations([("w", 1, 0, 10), ("r", None, 1, 2), ("r", 1, 3, 4)])
new_then_old = operations([("w", 1, 0, 10), ("r", 1, 1, 2), ("r", None, 3, 4)])
fine, broken = check_register(overlapping), check_register(new_then_old)
print("overlapping: linearizable =", fine.linearizable, "in the order", fine.order)
print("new then old: linearizable =", broken.linearizable, "| culprit:", broken.culprit)

# %% [markdown]
# A read that overlaps a write may see the old or the new value, but once some read has
# seen the new one, a later read may not go back. The second history fails at the read at
# t = 3..4.
#
# The stories above are sequential (each client call returns before the next starts), so
# there a naive rule is enough: every read returns the last successful write before it.
# We write it in four lines and check that it agrees with the general checker:

# %%
def naive_linearizable(history):
    last = None
    for op in (op for op in history if op.ok):
        if op.kind == "write":
            last = op.value
        elif op.value != last:
            return False
    return True

for run in (cp, ap):
    assert naive_linearizable(run.history) == check_register(run.history).linearizable
print("CP linearizable:", check_register(cp.history).linearizable)
print("AP linearizable:", verdict.linearizable, "| culprit:", verdict.culprit)

# %% [markdown]
# The checker points at the first read no order can explain: node 0 returned `v2` at
# t = 40 ms, after node 2's write of `v3` had already returned (at 36 ms). (The triangle
# marks it in the AP half of the figure.) That the CP story passes proves little, though:
# with one request at a time, a majority-quorum store could hardly fail. Real clients
# overlap.
#
# ## Clients that overlap in time
#
# The model can start requests without waiting for them (`cluster.start_read(...)`,
# `cluster.start_write(...)`): a coordinator waits for its replies at a `yield`, and the
# simulation runs other requests meanwhile (`messages.py`, `processes.py`). Here is the
# smallest run that breaks majority quorums, on CP with R = W = 2, replicas 1 and 2 in one
# rack (1 ms apart), node 0 5 ms from both. A writer stores `new` through node 0, but the
# packets carrying it to nodes 1 and 2 are held up (30 ms instead of 5). Alice reads through
# node 0 while the write is on its way and tells Bob, who reads through node 2 one ms after
# Alice's answer. Then the same run with the two fixes:

# %%
runs = {"asynchronous read repair": inversion(),
        "synchronous read repair": inversion(repair="sync"),
        "reads through the leader": inversion(scheme="leader")}
verdicts = {name: check_register(c.history) for name, c in runs.items()}
plots.client_lanes({name: c.history[1:] for name, c in runs.items()},
                   culprits={name: v.culprit for name, v in verdicts.items()})

# %% [markdown]
# With asynchronous read repair (the model's default, `repair="async"`), Alice's quorum
# included node 0, which already held `new`, so she got `new`; her coordinator sent the
# repair to node 1 and answered at once. Bob's quorum was nodes 2 and 1, and node 1 had
# neither the write nor the repair yet: Bob got `old` after Alice had seen `new`. Both
# quorums overlap the write's, R + W > N holds, no message was lost, and the history is
# still the new-then-old inversion of the hand-written example above.
#
# Two fixes, each checked by the same checker:
#
# - **Synchronous read repair** (`repair="sync"`): a read answers only once every replica
#   in its quorum holds the newest version it saw, so any later quorum meets it. This is the
#   read's second phase in the ABD algorithm (Attiya, Bar-Noy and Dolev, 1995), and
#   Cassandra's default "blocking" read repair. It costs Alice a round trip when replicas
#   disagree.
# - **Reads through the leader** (`scheme="leader"`): one node orders every write and
#   answers every read. (A real leader must first make sure it still is the leader, with a
#   lease or a round of heartbeats to a majority, Raft section 8; ours never changes.)
#
# How often does the inversion happen by chance? Random workloads of one writer and three
# readers, each sending 10 requests to random nodes, on a network that loses 30 % of
# message attempts (each lost attempt is resent 11 ms later); then the workloads that broke,
# replayed with each fix:

# %%
broken = violation_rate(100, loss=0.3, jitter=2.0)
print(f"asynchronous repair: {broken['not linearizable']} of {broken['runs']} histories "
      f"not linearizable (seeds {broken['bad seeds']})")
for fix in ({"repair": "sync"}, {"scheme": "leader"}):
    again = [violation_rate(1, seed=s, loss=0.3, jitter=2.0, **fix) for s in broken["bad seeds"]]
    print(f"the same workloads with {fix}:", sum(r["not linearizable"] for r in again),
          "not linearizable")

# %% [markdown]
# Rarely, then, but not never: two runs in a hundred here, and both pass with either fix.
# The property tests in `tests/replication/test_concurrency.py` find no violation with
# either fix over many more random workloads. Jepsen finds such histories in real databases
# the same way: many overlapping clients, injected faults, a checker.
#
# ## When the network changes mid-request
#
# So far the network changed only between requests. Now cut node 0 off *during* a CP
# write, at three moments: while phase 1 is asking for versions (2 ms), while the value is
# on its way to the replicas (12 ms), or after it arrived but before the acknowledgements
# came back (17 ms). The client waits for the timeout every time:

# %%
pd.DataFrame(exp.timed_out_writes()).set_index("case").T

# %% [markdown]
# In the first case nothing had been stored, so the coordinator can honestly say "refused"
# (`fail`). In the other two it cannot: it stored `v2` itself and sent it out, and it does
# not know whether anyone else has it. The client's answer is *unknown*, what Jepsen calls
# an `info` operation. And the unknown write really does sometimes take effect: in the
# second case only node 0 holds `v2`, the majority side still reads `v1`, and after the
# heal anti-entropy spreads `v2` everywhere; in the third every node already holds it.
#
# A checker must therefore treat an unknown write as one that may take effect at any moment
# after it started, or never (Knossos, Jepsen's checker, does so, and so does ours). Both
# histories are then linearizable; had the client been told "failed", reading `v2` later
# would be a violation. So the old promise "a refused write leaves no trace" holds only
# for writes refused before phase 2. Real systems say the same: etcd's documentation warns
# that a client whose request timed out "may be uncertain about the status of an operation".
#
# Phase 1 has a second job, which matters more than refusing cleanly: it makes the new
# write's timestamp **higher than every version a majority holds**. Any write acknowledged
# before this one sits on W replicas; two majorities always share a replica, so phase 1
# sees it, and the new write is ordered after it whatever the clocks say. AP skips phase 1
# and stamps a write with its node's clock alone. Two writes, the second made g ms after
# the first on another node, clocks off by up to ±50 ms: how often does the *later* write
# lose?

# %%
gaps = [0, 20, 40, 60, 80, 100]
# Each gap gets its own seeds (its own clock offsets), so the points are independent samples.
measured = {mode: [race(50.0, g, runs=runs, mode=mode, seed=i * runs)["share"]
                   for i, g in enumerate(gaps)]
            for mode, runs in (("ap", 100), ("cp", 20))}
plots.skew_race_plot(gaps, measured, later_write_loses, skew=50.0, runs=100)

# %% [markdown]
# In AP the later write loses whenever its node's clock is behind the other's by more than
# the gap. The difference of two offsets drawn uniformly from ±s has a triangular
# distribution on ±2s, so P(later write loses) = (2s − g)² / (8s²): one half at g = 0,
# nothing once g exceeds 2s = 100 ms. Five of the six simulated points sit on that curve
# within their error bars (two standard errors of 100 runs); the one at g = 0, 40 % against
# the formula's 50 %, falls just short, as about one point in twenty does by chance at two
# standard errors. In CP it never happens.
#
# ## Healing and convergence
#
# Heal the network and let anti-entropy run (`anti_entropy.py`): every node sends its peers
# what they are missing, and each replica keeps the version with the highest timestamp
# (last-writer-wins). `lost_writes` lists acknowledged writes that no replica still holds,
# neither as its value nor as an ancestor of it:

# %%
healed = exp.cap_scenario("ap", heal=True)
print("values after heal + settle:", healed.values("x"))
print("acknowledged writes lost:", [v.write_id for v in healed.lost_writes("x")])

# %% [markdown]
# The replicas agree again, but node 2's write `v3` (write id 3) is gone for good: the client
# was told "ok", and `v4`, stamped 16 ms later on the other side, silently replaced it.
# That is the price of AP with last-writer-wins; systems that cannot afford it keep both
# versions (siblings, version vectors) or use conflict-free data types (CRDTs); notebook 10
# shows both.
#
# With clocks that disagree, last-writer-wins follows the clocks, not real time. The same
# story with clocks skewed by up to ±50 ms, over 100 seeds: how often is the *last* write,
# `v4`, the one that is lost?

# %%
skew = exp.skew_losses(50.0, runs=100)
print(f"v4 lost in {skew['v4 lost']} of {skew['runs']} runs "
      f"(first at seed {skew['first seed']}); without skew never")
print("seed", skew["first seed"], "after healing:",
      exp.cap_scenario("ap", heal=True, skew=50.0, seed=skew["first seed"]).values("x"))

# %% [markdown]
# In about half the runs the newest write is the one thrown away: `v4` loses whenever
# node 2's write `v3` (16 ms earlier) or node 0's `v2` carries a higher clock reading.
#
# ## Your turn: cut links, pick CP or AP
#
# The default below is the CP story above. Switch to AP or to the single-leader scheme, heal
# at the end, or cut a single link. The model never relays a message through a third node:
# with only link 0-2 cut, nodes 0 and 2 cannot talk even though both reach node 1, which is
# what a partial partition does to a system whose nodes talk only directly. (Majority
# quorums barely notice: node 2 still reaches a majority, itself and node 1. The single
# leader does: node 2 cannot reach leader 0.)

# %%
# NBVAL_IGNORE_OUTPUT
cap_panel()

# %% [markdown]
# ## Availability versus consistency
#
# CAP's A is all or nothing: *every* node that has not crashed must answer. So the question
# for each configuration is not "what share of requests was answered" (that depends only on
# how many requests the script happened to send to node 2) but "did every side answer, and
# were the answers right?". `compare_modes` counts only the requests made during the
# partition (from the cut to the end of the story; with `heal=True` it would add the lost
# writes after healing, and nothing else):

# %%
rows = exp.compare_modes(heal=False)
plots.availability_vs_consistency(rows)

# %% [markdown]
# CP answered all 6 requests on the majority side {0, 1} and none of the 3 on node 2: not
# available in CAP's sense, and every answer right. AP answered all 9 on both sides, and 3
# of its 6 answered reads returned an overwritten value: available, not consistent. The
# panel above gives the same count per side (its table) for any cut you choose.
#
# ## When to choose CP or AP
#
# The choice is per piece of data, and it is about what a wrong answer costs against what a
# refusal costs:
#
# - **CP when a stale or conflicting answer does harm that cannot be undone**: the last seat
#   on a flight, a unique username, a lock or a leader lease (etcd and ZooKeeper exist to be
#   CP), an account balance that must not go below zero. The outline's example is banking.
#   Banks also show the nuance: Brewer's 2012 article describes ATMs that, cut off from the
#   bank, keep paying out up to a limit and settle afterwards (an overdraft fee is the
#   compensation), so the bank bounds its risk instead of refusing every withdrawal.
# - **AP when being answered matters more and conflicts can be merged or tolerated**: a
#   shopping cart (Amazon's Dynamo paper: an "add to cart" must never be refused), likes and
#   view counters, a social feed, DNS, a cache. The price is merging after the partition:
#   last-writer-wins loses writes, siblings or CRDTs keep them.
#
# ## PACELC: else, latency or consistency
#
# Abadi's PACELC (proposed in a 2010 blog post, published in 2012) completes CAP: if there is a **P**artition, choose **A** or **C**;
# **E**lse, with a healthy network, choose **L**atency or **C**onsistency. Waiting for more
# replicas costs time even when all of them are up. With no partition, 300 random reads and
# writes on 3 nodes, 5 ms links with 5 ms of mean jitter, at three consistency levels. These
# levels run the leaderless store as Cassandra and Dynamo write: in one phase, stamped by the
# coordinator's clock (`Cluster(3, "ap", r=R, w=W)`), so only R and W change:

# %%
levels = exp.consistency_levels(3, n_ops=300)
for t in levels:
    print(f"R={t['R']} W={t['W']}: {t['stale reads']} of {t['reads']} reads stale, "
          f"p50 {t['p50 latency (ms)']:.1f} ms, p99 {t['p99 latency (ms)']:.1f} ms")

# %%
plots.latency_by_level(levels)

# %% [markdown]
# R = W = 1 answers from the local copy at once but a quarter of its reads are stale;
# majority quorums (R + W > N) read no stale value here and pay a round trip to the faster
# of the two other replicas; R = W = 3 waits for the slower one, so its tail grows most.
# (No stale read in this sequential workload does not make majority quorums linearizable:
# see the overlapping clients above.)
#
# The CP store of the first sections pays more for each write: its phase 1, which orders the
# write after everything a majority holds whatever the clocks say, is a second round trip.
# Majority writes on the same workload, in one phase and in two:

# %%
for name, p in exp.write_phases(3, n_ops=300).items():
    print(f"majority writes, {name}: p50 {p[50]:.1f} ms, p99 {p[99]:.1f} ms")

# %% [markdown]
# Writes that do not trust clocks cost one more round trip; Cassandra saves it and, at
# QUORUM, pays instead in writes that last-writer-wins drops when clocks disagree (the table
# below). Move N, R, W and the network; the R and W sliders end at N:

# %%
# NBVAL_IGNORE_OUTPUT
pacelc_panel()

# %% [markdown]
# ## Where real systems sit
#
# Most databases let you move along both axes, per request or per deployment, so a
# classification belongs to a *configuration*, not a product. Each row below was checked
# against the system's own documentation (and, for DynamoDB, its USENIX ATC 2022 paper);
# the sources are listed in `systems.py`. "P: A*" means: answers if its replica is recent
# enough.

# %%
pacelc_table()

# %% [markdown]
# Two rows correct common summaries. Cassandra at QUORUM refuses on a minority side and pays
# quorum latency, yet is **not linearizable**: blocking read repair gives monotonic quorum
# reads, but last-writer-wins on clock timestamps loses or reorders concurrent writes to
# one key (Kleppmann, DDIA chapter 9). And DynamoDB is not simply "PA/EL": every write goes
# through a Multi-Paxos leader of its partition (Elhemali et al., 2022); only its
# eventually consistent reads, the default, are PA/EL.
#
# The outline, following Abadi, files HBase under PC/EC and Cassandra under PA/EL. The
# first holds for HBase's default strong reads (not for its timeline reads); the second
# only for Cassandra at a low consistency level such as ONE. The same Cassandra cluster is
# PC/EC for a request sent at QUORUM, which is why the table names settings, not products.
#
# ## Where this shows up
#
# - **Coordination services are CP by design.** etcd (Raft) holds every Kubernetes object,
#   ZooKeeper (Zab) tells HBase which server is its active master and where its `hbase:meta`
#   table lives, and holds many systems' locks: a member cut off from
#   the majority stops serving writes rather than hand out a lock twice.
# - **Leaderless stores choose per request.** Cassandra's consistency levels and DynamoDB's
#   `ConsistentRead` flag move one request along both PACELC axes, as the table above
#   shows; Dynamo's shopping cart is the classic AP design.
# - **Jepsen** (jepsen.io) tests real databases exactly as this notebook does: overlapping
#   clients, injected partitions and clock skew, and a linearizability checker that treats
#   timed-out writes as unknown. Its reports are the best record of how CP and AP promises
#   hold up in practice.
# - In this course: a cache is an AP copy that can be stale until its TTL
#   ([06 · Caching](06_caching.ipynb)); every shard of a sharded database is itself a
#   replicated store facing the same choice ([11 · Sharding](11_sharding.ipynb)); a
#   ring's preference list decides which N nodes hold a key's replicas
#   ([12 · Consistent hashing](12_consistent_hashing.ipynb)); and the clock skew that
#   breaks last-writer-wins here also disorders time-based IDs
#   ([13 · Distributed IDs](13_distributed_ids.ipynb)). Quorums, replication lag and
#   session guarantees continue in [10 · Consistency](10_consistency.ipynb).
#
# ## Try it
#
# **1.** Five nodes in CP mode with majority quorums, partitioned into {0, 1} and
# {2, 3, 4}. How many of the five nodes can still acknowledge a write? Count by hand, then
# check with the model.

# %%
answer = ...
check("09.1", answer)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# from sysdesign.replication import Cluster
#
# c = Cluster(5, "cp")
# c.partition({0, 1}, {2, 3, 4})
# answer = sum(c.write("x", i, node=i).ok for i in range(5))
# ```
#
# W = ⌊5/2⌋ + 1 = 3. Nodes 2, 3, 4 reach three replicas (themselves included), nodes 0 and 1
# only two.
# </details>
#
# **2.** Predict, without running anything: in AP mode, with clocks off by up to ±20 ms,
# node 1 writes the same key some time after node 0 did. How long after, at least, must it
# write so that last-writer-wins throws its later write away with a probability of 1 % at
# most? Answer in ms.

# %%
answer = ...
check("09.2", answer)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# import math
#
# s, share = 20.0, 0.01
# answer = s * (2 - math.sqrt(8 * share))  # (2s - g)² / (8s²) = share, solved for g
# ```
#
# The later write loses when its clock is more than g behind the other: the difference of
# the two offsets is triangular on ±2s = ±40 ms, and its tail beyond g holds
# (2s − g)² / (8s²). For 1 %, 2s − g = s √0.08 ≈ 5.7 ms, so g ≈ 40 − 5.7 = 34.3 ms:
# a 1 % risk needs a gap of most of the 40 ms the clocks can disagree by. A uniform
# difference would give 39.2 ms; the triangle's tail thins faster.
# </details>
#
# **3.** Decide. A ticket service stores how many seats are left, and the store applies each
# sale as one conditional write ("if 1 seat is left, make it 0"). During a partition it must
# keep selling on one side of the cut, and it must never sell the last seat twice. Which
# configuration do you choose: `"CP majority quorums"`, `"AP, R = W = 1"` or `"CP, W = N"`?

# %%
answer = ...
check("09.3", answer)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# answer = "CP majority quorums"
# ```
#
# AP lets both sides sell the last seat, and last-writer-wins later keeps one sale. W = N
# needs every replica for every sale, so during any partition nobody sells. Majority quorums
# keep the majority side selling and refuse the minority: exactly one side decides.
#
# The conditional write matters as much as the quorum. With plain reads and writes, two
# sellers on the majority side could both read "1 left" and both write 0: majority quorums
# decide *which side* may sell, and an atomic compare-and-set, ordered by a leader or a
# consensus round (Cassandra's lightweight transactions use Paxos, etcd's transactions Raft),
# decides *which sale* gets the seat.
# </details>
#
# ## Summary
#
# - Distributed systems fail partially, lose and delay messages, and run on clocks that
#   disagree; a timeout tells a client nothing about whether its request took effect.
# - CAP: during a partition, a replicated store either refuses some requests (CP) or answers
#   some with stale data (AP). C means linearizable, A means every live node answers.
# - CP with majority quorums keeps working on the majority side only. A write refused in
#   phase 1 leaves no trace; one that times out later is *unknown*, and may take effect.
#   Phase 1's real job is to order each write after everything a majority holds.
# - Majority quorums with asynchronous read repair are not linearizable once clients
#   overlap; synchronous read repair or reads through a leader fix it.
# - AP answers everywhere, diverges, and converges after healing; last-writer-wins silently
#   drops concurrent acknowledged writes, and skewed clocks make it drop the later one.
# - PACELC: without partitions, stronger consistency still costs latency (more replicas to
#   wait for); real systems expose that as a per-request setting, so label configurations,
#   not products.
#
# ## Further reading
#
# - S. Gilbert, N. Lynch, *Brewer's conjecture and the feasibility of consistent, available,
#   partition-tolerant web services*, SIGACT News, 2002.
# - E. Brewer, *CAP twelve years later: how the "rules" have changed*, IEEE Computer, 2012.
# - D. Abadi, *Consistency tradeoffs in modern distributed database system design*, IEEE
#   Computer, 2012 (PACELC).
# - M. Kleppmann, *Please stop calling databases CP or AP*, 2015, and *Designing
#   Data-Intensive Applications*, chapters 5, 8 and 9.
# - H. Attiya, A. Bar-Noy, D. Dolev, *Sharing memory robustly in message-passing systems*,
#   JACM, 1995 (the two-phase quorum register).
# - M. Elhemali et al., *Amazon DynamoDB: a scalable, predictably performant, and fully
#   managed NoSQL database service*, USENIX ATC 2022.
# - M. Herlihy, J. Wing, *Linearizability: a correctness condition for concurrent objects*,
#   1990; J. Wing, C. Gong, *Testing and verifying concurrent objects*, 1993; G. Lowe,
#   *Testing for linearizability*, Concurrency and Computation: Practice and Experience, 2017.
# - The Jepsen analyses (jepsen.io) test real databases with exactly this kind of checker.

# %% [markdown]
# <!-- nav -->
# [← 08 · Availability, SLOs and disaster recovery](08_availability.ipynb) · [Contents](00_start_here.ipynb#Course-map) · [10 · Consistency and replication: lag, quorums and sessions →](10_consistency.ipynb)
