# %% [markdown]
# # 22 · Coordination: Paxos, gossip and leases
#
# Step through single-decree Paxos message by message and break it by skipping one rule; watch duelling proposers waste ballots; spread a rumour by gossip in about log2 n + ln n rounds, detect a crash with gossiped heartbeats and repair replicas by anti-entropy; then take a lock with a lease, pause the holder, and stop its late write with a fencing token.

# %% [markdown]
# <!-- nav -->
# [← 21 · Transactions and locking: lost updates, isolation levels, 2PC and sagas](21_transactions_locking.ipynb) · [Contents](00_start_here.ipynb#Course-map) · [23 · Service infrastructure: discovery, gateways, meshes, CMDBs →](23_service_infrastructure.ipynb)

# %% [markdown]
# ## What you will learn
# - How single-decree Paxos chooses one value with prepare/promise and accept/accepted,
#   even when messages are lost and several proposers compete, and which single rule
#   (adopt the highest accepted value) keeps it safe.
# - Why duelling proposers can live-lock, why random back-off (or a leader) fixes it, and
#   what Multi-Paxos and Raft add to turn one decision into a replicated log.
# - How gossip reaches n nodes in O(log n) rounds (push: about log2 n + ln n), and how the
#   same mechanism detects failures (heartbeats) and repairs replicas (anti-entropy).
# - What a lease guarantees and what it does not: a paused client keeps writing after its
#   lease expired, fencing tokens stop it, and clock skew eats into lease safety.
#
# Builds on: [21 · Transactions and locking](21_transactions_locking.ipynb) (2PC blocks
# when its coordinator fails; consensus is how a group decides without one fixed
# coordinator) and [09 · CAP and PACELC](09_cap_pacelc.ipynb). The models are in
# `src/sysdesign/coordination/`: `paxos.py` (on the course's event simulator),
# `gossip.py` and `leases.py`.

# %%
from sysdesign.coordination import experiments, gossip, paxos, plots, widgets
from sysdesign.core.exercises import check

# %% [markdown]
# ## Paxos: choosing one value
#
# Several machines must agree on one value (who is the leader, which command goes in
# slot 7) although messages get lost and machines stop. Paxos (Lamport, "The Part-Time
# Parliament", 1998; "Paxos Made Simple", 2001) has *proposers*, which suggest values, and
# *acceptors*, which vote. A value is **chosen** once a majority of acceptors accept it
# in the same ballot. Any two majorities share an acceptor, and that shared acceptor is
# what carries a chosen value into every later ballot.
#
# A proposer runs two phases with a ballot number b that no other proposer uses:
#
# 1. **prepare(b)** to the acceptors. An acceptor that has promised nothing higher
#    answers **promise(b)**, and includes the highest ballot it has accepted and its value;
#    it will now ignore anything below b. Otherwise it answers **nack**.
# 2. With promises from a majority, the proposer sends **accept(b, v)**, where v is the
#    value of the highest-numbered accepted ballot among the promises, or its own value
#    if none reported one. An acceptor that has not promised a higher ballot accepts and
#    announces **accepted(b, v)**.
#
# One proposer A with value x, three acceptors, no loss: every message of the run (`ms` is
# the send time in simulated milliseconds):

# %%
single = paxos.run({"A": "x"})
print(f"chosen: {single.chosen}, messages: {single.messages}")
experiments.messages_table(single)

# %% [markdown]
# Four message delays and 12 messages: three of each kind (here acceptors send
# `accepted` to the proposers, which act as the learners).
#
# ### Two proposers, message by message
#
# Now proposer B, with value y, starts 14 ms after A. The panel below draws each message
# as a line from sender to receiver, time going down; the black arrow is the current
# message. Here it stops at message 15, when acceptors acc2 and acc3 have accepted A's x
# (a majority of three: x is chosen), and B's prepare is already on its way:

# %%
duel_panel = widgets.paxos_panel()  # stopped at message 15: x is chosen
duel_panel.snapshot()

# %% [markdown]
# B does not know that x is chosen. Its prepare (ballot 2) reaches the acceptors after
# acc2 and acc3 accepted x, so their promises say "I accepted x in ballot 1". B acts on
# the first two promises to arrive, and any two of the three include acc2 or acc3.
# Following the rule, B proposes x, not y, under ballot 2. Move the slider to the end and switch B to the
# buggy version:

# %%
# NBVAL_IGNORE_OUTPUT
duel_panel

# %% [markdown]
# ### The bug: ignoring accepted values
#
# The rule that B must adopt the highest accepted value looks like a detail. Here is the
# same run, same seed and same timing, with B ignoring the values reported in promises and
# proposing its own y. The messages of ballot 2 (leaving out the `accepted` announcements;
# the nack tells A that acc1 has promised ballot 2, too late for A's accept):

# %%
buggy, correct = experiments.duel(adopt=False), experiments.duel(adopt=True)
table = experiments.messages_table(buggy)
print("chosen with the bug:", sorted(buggy.chosen), " correct:", sorted(correct.chosen))
print("(time ms, ballot, value) at each majority, with the bug:",
      [(round(t, 1), b, v) for t, b, v in buggy.choices])
table[(table["ballot"] == 2) & (table["kind"] != "accepted")]

# %% [markdown]
# The promises from acc2 and acc3 say `1:x`: each had accepted x in ballot 1. A majority
# accepted x in ballot 1, so x was chosen, and learners may already have acted on it
# (A learned it). Then a majority accepted y in ballot 2: two values chosen, which is
# exactly what consensus forbids. With the rule in place the second majority accepts x
# again, which is harmless. Paxos's proof rests on this: once a value is chosen in ballot
# b, every higher ballot that reaches phase 2 carries that value, because its majority of
# promises contains an acceptor that accepted it, and (by induction over the ballots in
# between) the highest accepted ballot those promises report carries that value too.
#
# The tests run the correct version on 150 random cases (seed, 1 to 4 proposers, 3
# or 5 acceptors, up to 30% message loss): no run chooses two values, while the same test
# with the bug fails; with no loss, every run chooses exactly one. A run can end with nothing chosen: each proposer
# gives up after 12 attempts (the model's bound, so that every run ends), and `chosen`
# is then the empty set. Paxos is always safe, but it cannot promise to finish: no
# deterministic protocol can in an asynchronous network where one machine may crash
# (Fischer, Lynch and Paterson, 1985).
#
# ### Duelling proposers and live-lock
#
# Two proposers can keep pre-empting each other: A's prepare(1) succeeds, B's prepare(2)
# overtakes it so A's accept(1) is refused, A retries with prepare(3) which refuses B's
# accept(2), and so on, with nothing ever chosen. That is live-lock. In the model a
# proposer that hears a nack (or has not learned a chosen value 40 ms after starting its
# attempt) retries with a higher ballot
# after a random back-off, uniform between 0 and the back-off shown. Three proposers, 10%
# loss, 40 seeded runs each:

# %%
experiments.duelling()

# %% [markdown]
# Retrying at once wastes almost twice as many attempts, and the messages and the time to
# choose grow with them; the random wait lets one proposer finish both phases before the
# others come back. Here no run live-locks for ever, because random delays and losses
# break the symmetry sooner or later, but nothing bounds how long the duel lasts. Safety
# never depended on timing: no run chose two values.
#
# One duel without back-off, ballot by ballot: two proposers, no loss, B starting 11 ms
# after A. Each proposer retries as soon as it hears a nack, so each new prepare reaches
# the acceptors just before the other proposer's accept and makes them refuse it:

# %%
stuck, ballots = experiments.livelock(backoff=0)
calm, _ = experiments.livelock(backoff=30)
for name, run in (("no back-off", stuck), ("back-off 30 ms", calm)):
    t, b, v = run.choices[0]
    print(f"{name}: {sum(run.attempts.values())} attempts, {run.messages} messages, "
          f"{v!r} chosen in ballot {b} at {t:.1f} ms")
ballots

# %% [markdown]
# This is the live-lock: ballots 1 to 8 each lose their accept phase to the next prepare,
# and only the accept of ballot 9 reaches a majority first. It carries B's value y: A's
# promises for ballot 9 reported y accepted in earlier ballots, so A adopted it. The duel
# delays the decision; it never makes two values possible. With the 30 ms back-off the same start
# chooses y in ballot 2. Nothing in the protocol stops the pattern from repeating for
# ever; only timing (random waits, or a single leader) ends it.
#
# ### What Multi-Paxos and Raft add
#
# A replicated service needs a *sequence* of decisions, a log. Running full Paxos for each
# slot costs two round trips per command and invites the duel above. **Multi-Paxos**
# elects a distinguished proposer (a leader) that runs phase 1 once for all future slots;
# while it stays leader, each command needs only phase 2, one round trip to a majority
# ("Paxos Made Simple", section 3). **Raft** (Ongaro and Ousterhout, 2014) is built around
# that leader from the start: each server votes at most once per *term*, so a term has at
# most one leader (a split vote leaves it without one), and randomized election timeouts
# (the back-off above) make split votes rare; the leader appends entries and replicates them, an entry of the
# leader's current term is committed once stored on a majority, and a candidate can only
# win if its log is at least as up to date as that of every voter in its majority, which plays the role of "adopt the highest accepted
# value". Chubby, ZooKeeper (with its own protocol, Zab) and etcd (Raft) all use such a
# leader-based log.
#
# ## Gossip: spreading in O(log n) rounds
#
# Consensus needs a majority to answer every decision. Gossip (epidemic) protocols give up
# agreement for scale: in each round every node talks to `fanout` random peers. In
# **push** an informed node tells its peers; in **pull** an uninformed node asks; in
# **push-pull** both. One node knows a rumour at round 0; the panel shows 12 seeded runs
# reaching 1,024 nodes:

# %%
spread_panel = widgets.gossip_panel()
spread_panel.snapshot()

# %% [markdown]
# The informed count roughly doubles each round while few know (each informed node
# tells one more); near the end most pushes land on nodes that already know, and the last
# few nodes take many rounds to be hit. Frieze and Grimmett (1985) and Pittel (1987)
# showed push needs about log2 n + ln n rounds with high probability: log2 n for the
# doubling, ln n for the end (a coupon-collector phase); Doerr and Künnemann (2014) pinned
# the expected number between floor(log2 n) + ln n - 1.116 and ceil(log2 n) + ln n + 2.765
# + o(1).
# Pull is often called slow at first, but on average it is not: while i nodes know, about
# i of the uninformed nodes happen to ask one of them, so pull also roughly doubles the
# informed count per round (only with more luck involved at the very start, when a round
# often informs nobody). Its strength is the end: an uninformed node stays uninformed only
# if the node it asks is uninformed too, so the uninformed share is squared each round and
# the end takes O(log log n) rounds instead of push's ln n. Push-pull gets both effects:
# while few know, each informed node tells one node and is asked by about one, so the
# informed count roughly triples per round, and it ends as quickly as pull. Karp,
# Schindelhauer, Shenker and Vöcking (2000) proved that push-pull informs everyone in
# log3 n + O(log log n) rounds with high probability and that, stopped at the right time,
# it needs only O(n log log n) messages. Mean rounds over 20 seeds:

# %%
experiments.rounds_table()

# %% [markdown]
# Push lands about one round above log2 n + ln n (0.7 to 1.3 here, inside that band), pull
# beats push, and push-pull is fastest, 2.3 to 3.2 rounds above log3 n (its short end
# phase); multiplying n by 256 (64 to 16,384) adds only about 13 to 14 rounds to push.
# Try other modes, fanouts and sizes:

# %%
# NBVAL_IGNORE_OUTPUT
spread_panel

# %% [markdown]
# ### Failure detection by gossiped heartbeats
#
# The same mechanism finds crashed nodes (van Renesse, Minsky and Hayden, "A
# Gossip-Style Failure Detection Service", 1998). Every node keeps a table of heartbeat
# counters, one per node; each round it bumps its own and sends the table to one random
# peer, which keeps the larger counter for each node. A node whose counter has not grown
# for `t_fail` rounds is suspected. Sixteen nodes; node 3 crashes at round 10:

# %%
beats = experiments.heartbeat_runs()
print("false suspicions by t_fail:", {t: run["false_suspicions"] for t, run in beats.items()})
plots.heartbeat_view(beats)

# %% [markdown]
# News of a heartbeat takes several rounds to reach everyone, so a short timeout suspects
# live nodes: with `t_fail` = 4 some nodes suspect node 3 before it has even crashed, and
# the legend counts 944 suspicions of live nodes (one per observer, suspect and round). A longer timeout has fewer false suspicions
# (none at 12 rounds) but takes longer before every node suspects the crashed one. The
# timeout must exceed the time gossip needs to spread, which grows as log n.
#
# ### Anti-entropy
#
# Rumour mongering (gossiping a new update for a while and then stopping) is cheap but
# can leave some replicas without it. **Anti-entropy** (Demers et al., "Epidemic
# Algorithms for Replicated Database Maintenance", 1987) repairs them: every round each
# replica compares its state with a random peer's and both keep the newer version
# (Cassandra and Dynamo compare Merkle trees so that a comparison costs little when
# replicas agree). Thirty-two replicas; the update reached each with probability one half
# (replica 0 always has it); the stale replicas per round:

# %%
[gossip.anti_entropy(32, missed=0.5, seed=s) for s in range(3)]

# %% [markdown]
# Two or three rounds repair every replica: anti-entropy is push-pull gossip over the
# whole state, so it converges in O(log n) rounds whatever the rumour missed.
#
# ## Chubby and leases
#
# Chubby (Burrows, OSDI 2006) is Google's lock service: a cell of (typically) five
# replicas runs Paxos, and
# clients take advisory locks on small files. A lock is tied to a **lease** (in Chubby, a
# client *session* kept alive by KeepAlive messages): if the holder stops renewing, the
# service frees the lock once the lease runs out, so a crashed client cannot hold it for
# ever (Chubby then keeps a lock freed this way from other clients for a *lock-delay*, which
# the holder chooses up to a bound of one minute, so its delayed messages can drain).
# But a lease is a promise about *time*, and a client cannot always tell that its time
# is up.
#
# ### A paused client
#
# Kleppmann's example ("How to do distributed locking", 2016), with numbers of our own:
# client 1 takes a lease of
# 10 s, writes, then stops for 15 s (a garbage-collection pause, a swapped-out VM). Its
# lease expires at 10 s; client 2 gets the lock and writes. Client 1 wakes up and, having
# no idea time passed, writes too:

# %%
experiments.lease_table(pause=15)

# %% [markdown]
# Client 1's write at 17 s overwrites client 2's: both believed they held the lock.
# Checking the lease just before writing does not help, since the pause can fall between
# the check and the write (or the write can sit in a network queue).
#
# ### Fencing tokens
#
# The fix is in the storage. With each grant the lock service hands out a **fencing
# token** that grows (33, then 34); the client sends it with every write, and the storage
# rejects a token lower than one it has already accepted:

# %%
experiments.lease_table(pause=15, fencing=True)

# %% [markdown]
# Token 33 arrives after the storage has seen 34, so it is rejected. Chubby offers the same
# idea as a *sequencer* (a string with the lock's generation number) that a server can
# check. Note what fencing does not do: a write with token 33 that reaches the storage
# before the first write with 34 is still accepted, in order; the tests show such a case.
# It stops an old holder from overwriting a new one, not every write after the lease ended.
#
# ### Clock skew
#
# A lease is measured on two clocks. The service frees the lock after 10 s on its clock;
# the client trusts the lease until 10 s pass on *its* clock. If the client's clock runs
# slow by a fraction s, it keeps going for 10 / (1 - s) real seconds. Client 1 below
# does check its lease before each write, once a second, with no pause at all:

# %%
experiments.skew_table()

# %% [markdown]
# A clock 10% slow gives 1.11 s of overlap and 2 stale writes; 20% gives 2.5 s and 3
# (the writes at 10, 11 and 12 s). Real clock drift is far smaller, but a clock can also
# jump (an NTP step) or a VM can be frozen, and then it behaves like the pause. So a client
# gives up its lease early, by a margin larger than the drift it assumes (Chubby's client
# library keeps a conservative local lease timeout for this reason), and the storage
# still checks fencing tokens for what timing cannot rule out. With a 25% margin:

# %%
experiments.skew_table(margin=0.25)

# %% [markdown]
# ## Try it
#
# **1.** Same two proposers, same seed, but B starts at 5 ms instead of 14: its
# prepare(2) reaches all three acceptors at about 10 to 11 ms, before A's accept(1),
# which leaves A at about 14 ms. With the correct rule, which value ends up chosen: `"x"`,
# `"y"` or `"both"`? Decide before you run it.

# %%
answer = ...
check("22.1", answer)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# from sysdesign.coordination import experiments, paxos
#
# early = paxos.run(experiments.DUEL, seed=experiments.DUEL_SEED, starts={"B": 5.0})
# answer = "y" if early.chosen == {"y"} else "?"
# ```
#
# y: when B's prepare arrives no acceptor has accepted anything, so B's promises report
# nothing and B proposes its own y. The acceptors have promised ballot 2, so they refuse
# A's accept(1). Proposing first does not win; getting a majority to accept first does.
# </details>
#
# **2.** About how many rounds does push gossip with fanout 1 need to reach a million
# nodes? Give the log2 n + ln n estimate, rounded to a whole number.

# %%
answer = ...
check("22.2", answer)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# import math
#
# answer = round(math.log2(1_000_000) + math.log(1_000_000))
# ```
#
# About 20 rounds of doubling plus about 14 to find the last nodes: 34. Compare that
# with the million rounds a single sender telling one node per round would need. Gossip
# does not save messages (push sends on the order of n log n in all); it spreads the
# work over every node.
# </details>
#
# **3.** Client 1's clock runs 30% slow; its lease is 10 s and it writes once a second
# while its own clock says the lease holds (no pause, no fencing). How many of its writes
# does the storage accept at or after 10 s, when client 2 gets the lock?

# %%
answer = ...
check("22.3", answer)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# from sysdesign.coordination import leases
#
# answer = leases.stale_writes(leases.lock_run(pause=0, skew=0.3))
# ```
#
# Its clock reads 10 s only after 10 / 0.7 = 14.3 real seconds, so it writes at 10, 11,
# 12, 13 and 14 s: five stale writes.
# </details>
#
# ## Summary
# - Paxos chooses at most one value: a value is chosen by a majority in one ballot, and a
#   proposer must propose the highest accepted value its majority of promises reports.
#   Dropping that rule chose two values in a seeded run here.
# - Paxos is safe whatever the timing, but duelling proposers can live-lock; random
#   back-off or a single leader (Multi-Paxos, Raft) makes progress likely.
# - Gossip reaches everyone in O(log n) rounds (push about log2 n + ln n, push-pull
#   faster), and the same exchanges detect failures and repair replicas.
# - A lease frees a crashed holder's lock, but a paused or slow-clocked holder can write
#   after it expired; fencing tokens checked by the storage stop it from overwriting the
#   new holder, and a margin covers clock drift.
#
# ## Where this shows up
# - Chubby, ZooKeeper (Zab), etcd and Consul (Raft) are replicated logs behind a leader;
#   Kubernetes keeps its state in etcd, and Spanner runs Paxos per shard.
# - Cassandra, ScyllaDB and Consul's Serf use gossip for membership and failure
#   detection; Dynamo-style stores repair replicas by anti-entropy with Merkle trees.
# - Leases come back in [23 · Service infrastructure](23_service_infrastructure.ipynb):
#   a service registry lists an instance while its heartbeats renew its entry, and drops
#   it once its TTL runs out. The blocking coordinator that consensus replaces is in
#   [21 · Transactions and locking](21_transactions_locking.ipynb). Retries with
#   back-off are in [17 · Resilience](17_resilience.ipynb).
#
# ## Further reading
# - L. Lamport, "The Part-Time Parliament", ACM TOCS 16(2), 1998, and "Paxos Made Simple",
#   2001.
# - D. Ongaro and J. Ousterhout, "In Search of an Understandable Consensus Algorithm",
#   USENIX ATC 2014 (Raft).
# - M. Fischer, N. Lynch and M. Paterson, "Impossibility of Distributed Consensus with One
#   Faulty Process", JACM 32(2), 1985.
# - M. Burrows, "The Chubby lock service for loosely-coupled distributed systems", OSDI
#   2006.
# - M. Kleppmann, "How to do distributed locking", 2016, and *Designing Data-Intensive
#   Applications* (2017), chapters 8 and 9.
# - A. Demers et al., "Epidemic Algorithms for Replicated Database Maintenance", PODC 1987.
# - B. Pittel, "On Spreading a Rumor", SIAM J. Appl. Math. 47(1), 1987; B. Doerr and
#   M. Künnemann, "Tight Analysis of Randomized Rumor Spreading in Complete Graphs",
#   ANALCO 2014; R. Karp,
#   C. Schindelhauer, S. Shenker and B. Vöcking, "Randomized Rumor Spreading", FOCS 2000.
# - R. van Renesse, Y. Minsky and M. Hayden, "A Gossip-Style Failure Detection Service",
#   Middleware 1998.

# %% [markdown]
# <!-- nav -->
# [← 21 · Transactions and locking: lost updates, isolation levels, 2PC and sagas](21_transactions_locking.ipynb) · [Contents](00_start_here.ipynb#Course-map) · [23 · Service infrastructure: discovery, gateways, meshes, CMDBs →](23_service_infrastructure.ipynb)
