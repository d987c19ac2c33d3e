# %% [markdown]
# # 10 · Consistency and replication: lag, quorums and sessions
#
# Measure how long an asynchronous follower stays stale against the formula, find the quorum sizes that never read stale, give one client read-your-writes and monotonic reads, and see how leader-follower and multi-leader replication fail.

# %% [markdown]
# <!-- nav -->
# [← 09 · CAP and PACELC: partition a cluster and watch it choose](09_cap_pacelc.ipynb) · [Contents](00_start_here.ipynb#Course-map) · [11 · Sharding: splitting one database over many →](11_sharding.ipynb)

# %% [markdown]
# ## What you will learn
# - Weak, eventual and strong consistency as behaviour you can see in a history.
# - How long a follower of an asynchronous leader stays stale: simulated and analytic.
# - Why quorums with R + W > N never read stale data, and R + W ≤ N sometimes do.
# - Session guarantees (read-your-writes, monotonic reads) and two ways to get them:
#   sticky sessions and version tokens.
# - Leader-follower versus multi-leader replication, and how each fails.
#
# Builds on: [09 · CAP and PACELC](09_cap_pacelc.ipynb), whose `Cluster` we use again
# (`src/sysdesign/replication/`); `sessions.py` holds this notebook's checks.

# %%
import numpy as np
import pandas as pd

from sysdesign.core.exercises import check
from sysdesign.replication import Cluster, plots, quorum_grid, session_comparison, stale_curve
from sysdesign.replication.experiments import visibility
from sysdesign.replication.metrics import stale_probability
from sysdesign.replication.sessions import Session, read_your_writes_violations
from sysdesign.replication.widgets import lag_panel, quorum_panel, session_panel

# %% [markdown]
# ## Weak, eventual, strong: what a reader observes
#
# The three names describe what a read may return after a write has been acknowledged:
#
# - **Weak**: no promise. The read may or may not ever see the write (a cache like
#   memcached that drops entries, a replica cut off with no repair).
# - **Eventual**: if writes stop, every replica converges, so reads see the write *after
#   some delay* (DNS, email, asynchronous replicas).
# - **Strong** (linearizable, notebook 09): once the write returned, every read sees it.
#
# One experiment shows all three: write `new` through node 0 (over `old`), wait, read
# through node 2:

# %%
pd.DataFrame(visibility()).set_index("consistency")

# %% [markdown]
# The cut-off replica keeps answering `old` for as long as the cut lasts; the eventual one
# answers `old` until replication arrives (5 ms links plus jitter), then `new`; the strong one
# answers `new` at once, because its read quorum always overlaps the write's.
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
# (1 − p)p^k). The simulation writes, waits t, reads the follower, 200 times per point:

# %%
curve = stale_curve(np.arange(0, 31, 2.0), trials=200, latency=5.0, jitter=5.0)
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
# number you can quote ("99 % of reads are fresh 30 ms after the write"). Change the network:

# %%
# NBVAL_IGNORE_OUTPUT
lag_panel()

# %% [markdown]
# ## Quorums: R + W > N
#
# Leaderless stores (Dynamo, Cassandra, Riak; our `quorum.py`) send every write to all N
# replicas and return after W acknowledgements; a read asks all N and returns the newest
# of the first R answers. If R + W > N, every read set shares at least one replica with
# every write set, so the newest write is always among the answers. For each (W, R) on 3
# replicas: a write through one node, then at once a read through another, 100 times:

# %%
rates = quorum_grid(3, trials=100)
plots.quorum_heatmap(rates)

# %% [markdown]
# Inside the green outline no read was stale, in any run; outside it the read quorum
# sometimes misses the write. R = W = 1 is always stale here because the read comes before
# replication can arrive. The guarantee holds only as stated: strict quorums (no "sloppy"
# stand-in replicas) and timestamps that follow real time (notebook 09 showed skewed clocks
# breaking last-writer-wins).

# %%
overlap = np.add.outer(np.arange(1, 4), np.arange(1, 4)) > 3  # [W-1, R-1]: R + W > N
print("stale reads where R + W > N:", rates[overlap].sum(),
      "| configurations with R + W <= N that read stale:", int((rates[~overlap] > 0).sum()),
      "of", int((~overlap).sum()))

# %% [markdown]
# Pick your own R and W (the ring), or try more replicas, more jitter, or a pause before
# reading:

# %%
# NBVAL_IGNORE_OUTPUT
quorum_panel()

# %% [markdown]
# ## Session guarantees
#
# Often one client only needs the system to be consistent *with itself* (Terry et al.,
# 1994):
#
# - **Read-your-writes**: after I write, my reads return my write or something newer.
# - **Monotonic reads**: I never read something older than what I read before.
#
# An eventually consistent store breaks both when a client's requests land on different
# replicas. Here is Bob, alternating writes and reads on whichever node is next:

# %%
cluster = Cluster(3, "ap", seed=2, latency=5.0, jitter=5.0)
bob = Session(cluster, "bob")
for i in range(30):
    bob.write("x", i) if i % 2 == 0 else bob.read("x")
print(len(read_your_writes_violations(cluster.history)), "of 15 reads missed Bob's own write")

# %% [markdown]
# Two cures: a **sticky session** sends all of a client's requests to one replica (its
# writes are there first), and a **version token** has the client carry the newest version
# it has seen; a replica that is behind fetches the newer version from its peers, or refuses
# if none answers in time. Alice shares the store with three busy writers, routed three ways:

# %%
sessions = session_comparison()
plots.session_bars(sessions)

# %% [markdown]
# Sticky sessions and tokens both remove every violation here. Their costs differ: a sticky
# client loses its guarantee when its replica fails and it must move; a token costs an extra
# round trip when the replica is behind, and a refusal if no up-to-date replica is
# reachable (during a partition). Move the network and the client's pace:

# %%
# NBVAL_IGNORE_OUTPUT
session_panel()

# %% [markdown]
# ## Leader-follower and multi-leader replication
#
# With a **single leader** (`leader.py`), every write goes through one node, which orders
# them and ships them to followers. Its knob is how many copies exist before the client
# hears "ok": w = 1 is asynchronous (fast; followers lag, and a failover can lose
# acknowledged writes), w = N synchronous (every follower current, but one dead follower
# stops all writes), and a majority sits in between (Raft, semi-synchronous MySQL). Cut
# follower 2 off and write through the leader in CP mode:

# %%
for w in (1, 2, 3):
    leader = Cluster(3, "cp", seed=0, scheme="leader", w=w)
    leader.partition({0, 1}, {2})
    result = leader.write("x", "v", node=0)
    print(f"w={w}: ok={result.ok}, {result.latency:.0f} ms, copies: {leader.values('x')}")

# %% [markdown]
# Asynchronous and majority writes carry on; the fully synchronous one is refused because a
# single follower is unreachable.
#
# With **several leaders** (multi-datacentre setups, offline clients, or a follower that
# accepts writes when it cannot reach the leader: our AP leader scheme) every side keeps
# taking writes, and they conflict:

# %%
multi = Cluster(3, "ap", seed=0, scheme="leader", w=1)
multi.partition({0}, {1, 2})  # the leader, node 0, is cut off
multi.write("cart", "book", node=0)
multi.advance(1)
multi.write("cart", "lamp", node=1)  # node 1 cannot reach the leader: takes the write itself
multi.heal()
multi.settle()
print("after healing:", multi.values("cart"), "| writes lost:", len(multi.lost_writes()))

# %% [markdown]
# Both writes were acknowledged; last-writer-wins kept `lamp` and dropped `book`. Real
# multi-leader systems need a conflict policy: last-writer-wins (simple, loses data),
# keeping both versions for the application to merge, or data types that merge by
# construction (CRDTs, e.g. a set union for the cart).
#
# | scheme | strength | typical failure |
# |---|---|---|
# | leader, async followers | fast writes, read scaling | stale follower reads; failover loses recent writes |
# | leader, sync followers | followers current | one slow or dead follower blocks writes |
# | leader, majority (Raft) | no loss on failover, tolerates a minority down | minority side unavailable |
# | multi-leader | writes everywhere, even partitioned | conflicting writes; lost updates under LWW |
# | leaderless quorums | no failover, tunable R/W | stale reads if R + W ≤ N; LWW conflicts |
#
# ## Try it
#
# **1.** Links of L = 5 ms, mean jitter J = 5 ms, no loss. What is the probability that a
# follower read 10 ms after the write is stale? Use the formula (or `stale_probability`).

# %%
answer = ...
check(answer, float(stale_probability(10.0, latency=5.0, jitter=5.0)), rel_tol=0.02,
      name="P(stale at 10 ms)", hint="e^{-(t - L)/J} once t is past L")

# %% [markdown]
# <details><summary>Solution</summary>
#
# t = 10 ≥ L = 5, so P = e^{-(10 - 5)/5} = e^{-1} ≈ 0.368.
# </details>
#
# **2.** Five replicas, writes wait for W = 3 acknowledgements. What is the smallest R that
# guarantees no stale read (no partition)?

# %%
answer = ...
check(answer, 3, name="smallest R for N = 5, W = 3", hint="R + W must exceed N")

# %% [markdown]
# <details><summary>Solution</summary>
#
# R + 3 > 5, so R = 3. `quorum_grid(5)[2]` (the row W = 3) shows zero from R = 3 on.
# </details>
#
# **3.** Single leader, CP, w = 3 on three nodes, and follower 1 cut off:
# `c.partition({0, 2}, {1})`. Of five writes sent to the leader (node 0), how many succeed?

# %%
answer = ...
check(answer, 0, name="successful fully synchronous writes",
      hint="w = 3 needs every replica, and one cannot be reached")

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# c = Cluster(3, "cp", scheme="leader", w=3)
# c.partition({0, 2}, {1})
# answer = sum(c.write("x", i, node=0).ok for i in range(5))   # 0
# ```
# Fully synchronous replication trades availability for fresh followers: one unreachable
# follower is enough to stop every write.
# </details>
#
# ## Summary
#
# - Weak, eventual and strong consistency differ in what a read may return after a write
#   returned: anything, the new value after some delay, the new value at once.
# - Asynchronous replication makes follower reads stale for a time you can compute:
#   P(stale at t) = P(replication delay > t).
# - Quorums with R + W > N always overlap, so no read is stale; R + W ≤ N is faster and
#   sometimes stale. Sloppy quorums and skewed clocks weaken the guarantee.
# - Session guarantees are cheaper than linearizability: sticky sessions or version
#   tokens give read-your-writes and monotonic reads to each client.
# - Single-leader replication fails by lagging followers and lossy failover;
#   multi-leader and leaderless replication fail by conflicting writes.
#
# ## Further reading
#
# - W. Vogels, *Eventually consistent*, Communications of the ACM, 2009.
# - D. Terry et al., *Session guarantees for weakly consistent replicated data*, PDIS 1994.
# - P. Bailis et al., *Probabilistically bounded staleness for practical partial quorums*,
#   VLDB 2012.
# - G. DeCandia et al., *Dynamo: Amazon's highly available key-value store*, SOSP 2007.
# - M. Kleppmann, *Designing Data-Intensive Applications*, chapter 5 (replication).

# %% [markdown]
# <!-- nav -->
# [← 09 · CAP and PACELC: partition a cluster and watch it choose](09_cap_pacelc.ipynb) · [Contents](00_start_here.ipynb#Course-map) · [11 · Sharding: splitting one database over many →](11_sharding.ipynb)
