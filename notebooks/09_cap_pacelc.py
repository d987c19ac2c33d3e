# %% [markdown]
# # 09 · CAP and PACELC: partition a cluster and watch it choose
#
# Cut the network between three replicas, watch a CP store refuse and an AP store drift apart and converge, check every history for linearizability, then measure what consistency costs in latency when nothing is broken.

# %% [markdown]
# <!-- nav -->
# [← 06 · Caching: eviction, strategies and hit ratios](06_caching.ipynb) · [Contents](00_start_here.ipynb#Course-map) · [10 · Consistency and replication: lag, quorums and sessions →](10_consistency.ipynb)

# %% [markdown]
# ## What you will learn
# - What C, A and P mean precisely, and what the CAP theorem does *not* say.
# - How a CP configuration refuses requests it cannot serve safely, and how an AP
#   configuration keeps answering, diverges, and converges after the partition heals,
#   losing writes to last-writer-wins on the way.
# - How to decide whether a history is linearizable, and find the read that breaks it.
# - PACELC: with no partition at all, consistency costs latency; where real databases sit.
#
# Builds on: [01 · Estimation](01_estimation.ipynb) (what "available" means in nines).
# The model is `src/sysdesign/replication/`: `cluster.py` is the replicated store, run on
# the course's discrete-event engine `src/sysdesign/core/events.py` (a seeded clock and
# messages in a queue, no threads, no sleeping); `quorum.py` and `leader.py` are the two
# replication schemes, `anti_entropy.py` how replicas agree again, and
# `linearizability.py` the checker. Open them beside this notebook.

# %%
from sysdesign.core.exercises import check
from sysdesign.replication import (
    Cluster,
    cap_scenario,
    check_history,
    check_register,
    compare_modes,
    consistency_levels,
    operations,
    pacelc_table,
    plots,
)
from sysdesign.replication.widgets import cap_panel, modes_panel, pacelc_panel

# %% [markdown]
# ## What CAP says, precisely
#
# The CAP theorem (conjectured by Brewer in 2000, proved by Gilbert and Lynch in 2002) is
# about one replicated register and three properties with exact meanings:
#
# - **C, consistency** means *linearizability*: every operation appears to take effect at a
#   single instant between its request and its response, so once a write has returned,
#   every later read returns it (or something newer). It is not "all nodes hold the same
#   data at the same time": replicas may differ, as long as no client can tell.
# - **A, availability** means every request that reaches a node that has not crashed gets a
#   *non-error* answer. A polite "sorry, try later" is not availability.
# - **P, partition tolerance** means the system keeps its promises while the network loses
#   any number of messages between groups of nodes.
#
# The theorem: while the network is partitioned, a system cannot be both C and A. A node
# cut off from the others must either answer (and risk being wrong) or wait or refuse
# (and be unavailable).
#
# What CAP does **not** say:
# - "Pick two of three." Partitions are not a design choice; they happen to every
#   distributed system. "CA" only describes a system that is not distributed, or one that
#   gives up both C and A when partitioned.
# - Anything about the system when the network is healthy. There every request can be both
#   consistent and answered; the cost there is latency (PACELC, below).
# - Anything about the nines of notebook 08: an "AP" database can still be down for other
#   reasons, and C in CAP is not the C of ACID (which means "constraints hold").
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
# The write took two round trips: a CP write first asks W replicas for their version (so it
# stores nothing unless enough replicas answer), then sends the value. The read took one.
#
# ## Cut the network: CP refuses
#
# Now cut node 2 off from nodes 0 and 1, and send a write to each side:

# %%
cluster.partition({0, 1}, {2})
minority = cluster.write("x", "v2", node=2)
majority = cluster.write("x", "v3", node=0)
print(f"node 2 (alone):   ok={minority.ok} after {minority.latency:.0f} ms (timeout)")
print(f"node 0 (with 1):  ok={majority.ok} after {majority.latency:.0f} ms")
plots.cluster_diagram(cluster)

# %% [markdown]
# Node 2 waited for a reply that could not come, then refused; the majority side carried on.
# The refused write left no trace: it was never stored, so no node will ever return it.
#
# Below is a scripted story on a fresh cluster: a write, reads everywhere, then the cut
# (dotted line), writes on both sides, reads on every node. Each bar is one request from
# start to answer:

# %%
cp = cap_scenario("cp", heal=False)
plots.cap_picture(cp)

# %% [markdown]
# Every request to node 2 is refused (red) and takes the full timeout; nodes 0 and 1 answer
# everything, and every read returns the latest write.
#
# ## AP keeps answering, and drifts
#
# The same story in AP mode (R = W = 1 by default: a node answers from its own copy and
# replicates in the background; a write that cannot reach a peer stays local):

# %%
ap = cap_scenario("ap", heal=False)
verdict = check_history(ap.history)["x"]
plots.cap_picture(ap, culprit=verdict.culprit)

# %% [markdown]
# Every request is answered, and fast, but the two sides now hold different values
# (`v3` on node 2, `v4` on nodes 0 and 1), and some reads (orange) return a value that had
# already been overwritten before the read began.
#
# ## Is a history linearizable? The checker
#
# A history is linearizable if we can place each successful operation at one instant
# inside its own interval so that, in that order, each read returns the write just before
# it. `check_register` searches for such an order (Wing and Gong's algorithm, with
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
# The model's histories are sequential (each client call returns before the next starts),
# so there a naive rule is enough: every read returns the last successful write before it.
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
# t = 40 ms, after node 2's write of `v3` had already returned. (The triangle marks it in
# the figure above.)
#
# ## Healing and convergence
#
# Heal the network and let anti-entropy run (`anti_entropy.py`): every node sends its peers
# what they are missing, and each replica keeps the version with the highest timestamp
# (last-writer-wins). `lost_writes` lists acknowledged writes that no replica still holds,
# neither as its value nor as an ancestor of it:

# %%
healed = cap_scenario("ap", heal=True)
print("values after heal + settle:", healed.values("x"))
print("acknowledged writes lost:", [v.write_id for v in healed.lost_writes("x")])

# %% [markdown]
# The replicas agree again, but node 2's write `v3` (write id 3) is gone for good: the client
# was told "ok", and `v4`, stamped a few milliseconds later on the other side, silently
# replaced it. That is the price of AP with last-writer-wins; systems that cannot afford it
# keep both versions (siblings, vector clocks) or use conflict-free data types (CRDTs).
#
# ## Your turn: cut links, pick CP or AP
#
# The default below is the CP story above. Cut a single link (the nodes still reach each
# other through the third), switch to the single-leader scheme, or heal at the end:

# %%
# NBVAL_IGNORE_OUTPUT
cap_panel()

# %% [markdown]
# ## Availability versus consistency
#
# The whole trade in one picture: the share of requests answered, and the share of
# answered reads that were fresh, for each mode under the same partition:

# %%
rows = compare_modes()
plots.availability_vs_consistency(rows)

# %% [markdown]
# CP answered 13 of 16 requests, all correctly; AP answered all 16, and a quarter of its
# reads were stale. Try other cuts:

# %%
# NBVAL_IGNORE_OUTPUT
modes_panel()

# %% [markdown]
# ## PACELC: else, latency or consistency
#
# Abadi's PACELC (2012) completes CAP: if there is a **P**artition, choose **A** or **C**;
# **E**lse, with a healthy network, choose **L**atency or **C**onsistency. Waiting for more
# replicas costs time even when all of them are up. With no partition, 600 random reads and
# writes on 3 nodes, 5 ms links with 5 ms of mean jitter, at three consistency levels:

# %%
levels = consistency_levels(3)
table = [{k: row[k] for k in ("R", "W", "stale rate", "p50 latency (ms)",
                              "p99 latency (ms)")} for row in levels]
print(*[f"R={t['R']} W={t['W']}: {t['stale rate']:.0%} stale, "
        f"p50 {t['p50 latency (ms)']:.1f} ms, p99 {t['p99 latency (ms)']:.1f} ms"
        for t in table], sep="\n")

# %%
plots.latency_by_level(levels)

# %% [markdown]
# R = W = 1 answers from the local copy at once but a quarter of its reads are stale;
# majority quorums (R + W > N) read no stale value and pay a round trip to the faster of
# the two other replicas; R = W = 3 waits for the slower one, so its tail grows most. Move
# N, R, W and the network:

# %%
# NBVAL_IGNORE_OUTPUT
pacelc_panel()

# %% [markdown]
# ## Where real systems sit
#
# Most databases let you move along both axes, per request or per deployment. Their
# defaults, and the setting that moves each:

# %%
pacelc_table()

# %% [markdown]
# ## Try it
#
# **1.** Five nodes in CP mode with majority quorums, partitioned into {0, 1} and
# {2, 3, 4}. How many of the five nodes can still acknowledge a write? Count by hand, then
# check with the model.

# %%
answer = ...
check(answer, 3, name="nodes that can still write",
      hint="a write needs W = 3 replicas reachable from its coordinator")

# %% [markdown]
# <details><summary>Solution</summary>
#
# W = ⌊5/2⌋ + 1 = 3. Nodes 2, 3, 4 reach three replicas (themselves included), nodes 0 and 1
# only two: 3 nodes can write.
#
# ```python
# c = Cluster(5, "cp")
# c.partition({0, 1}, {2, 3, 4})
# answer = sum(c.write("x", i, node=i).ok for i in range(5))
# ```
# </details>
#
# **2.** Three replicas, W = 1 (a write returns as soon as one replica has it). What is the
# smallest R for which no read is ever stale when there is no partition?

# %%
answer = ...
check(answer, 3, name="smallest safe R", hint="the read quorum must overlap every write quorum")

# %% [markdown]
# <details><summary>Solution</summary>
#
# Quorums overlap when R + W > N, so R > 3 - 1: R = 3. Check it in the PACELC panel (N = 3,
# W = 1, R = 3) or with `quorum_grid(3)` in notebook 10.
# </details>
#
# **3.** Run the AP story with clocks that disagree: `cap_scenario("ap", heal=True,
# skew=50.0, seed=2)` gives each node a clock off by up to 50 ms. How many acknowledged
# writes are lost after healing?

# %%
answer = ...
check(answer, len(cap_scenario("ap", heal=True, skew=50.0, seed=2).lost_writes()),
      name="lost writes with skewed clocks",
      hint="len(cluster.lost_writes()) counts them")

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# skewed = cap_scenario("ap", heal=True, skew=50.0, seed=2)
# answer = len(skewed.lost_writes())
# ```
# With skewed clocks, last-writer-wins follows the clocks, not real time: a write made
# later on a node whose clock runs behind can lose to an older one.
# </details>
#
# ## Summary
#
# - CAP: during a partition, a replicated store either refuses some requests (CP) or answers
#   some with stale data (AP). C means linearizable, A means every live node answers.
# - CP with majority quorums keeps working on the majority side only; a refused write must
#   leave no trace, which is why our CP writes ask before they store.
# - AP answers everywhere, diverges, and converges after healing through anti-entropy and
#   read repair; last-writer-wins silently drops concurrent acknowledged writes.
# - PACELC: without partitions, stronger consistency still costs latency (more replicas to
#   wait for); real systems expose that as a per-request setting.
# - Label configurations, not products: the same database is PA/EL at consistency level ONE
#   and PC/EC at QUORUM.
#
# ## Further reading
#
# - S. Gilbert, N. Lynch, *Brewer's conjecture and the feasibility of consistent, available,
#   partition-tolerant web services*, SIGACT News, 2002.
# - E. Brewer, *CAP twelve years later: how the "rules" have changed*, IEEE Computer, 2012.
# - D. Abadi, *Consistency tradeoffs in modern distributed database system design*, IEEE
#   Computer, 2012 (PACELC).
# - M. Kleppmann, *Please stop calling databases CP or AP*, 2015, and *Designing
#   Data-Intensive Applications*, chapters 5 and 9.
# - M. Herlihy, J. Wing, *Linearizability: a correctness condition for concurrent objects*,
#   1990; J. Wing, C. Gong, *Testing and verifying concurrent objects*, 1993.
# - The Jepsen analyses (jepsen.io) test real databases with exactly this kind of checker.

# %% [markdown]
# <!-- nav -->
# [← 06 · Caching: eviction, strategies and hit ratios](06_caching.ipynb) · [Contents](00_start_here.ipynb#Course-map) · [10 · Consistency and replication: lag, quorums and sessions →](10_consistency.ipynb)
