# %% [markdown]
# # 08 · Availability, SLOs and disaster recovery
#
# Let parts fail and get repaired and check the availability formulas against a simulation, put replicas in a shared rack and watch the nines go, scrub through a failover second by second, price four disaster-recovery plans, and run a month of incidents past the SRE workbook's burn-rate alerts.

# %% [markdown]
# <!-- nav -->
# [← 07 · Content delivery networks: edges, shields and cache headers](07_cdn.ipynb) · [Contents](00_start_here.ipynb#Course-map) · [09 · CAP and PACELC: partition a cluster and watch it choose →](09_cap_pacelc.ipynb)

# %% [markdown]
# ## What you will learn
# - Where an availability number comes from: parts with a mean time between failures
#   (MTBF) and a mean time to repair (MTTR), combined in series, in parallel or as a
#   quorum, and how much a shared rack or zone takes away.
# - What a failover costs: time to detect, time to promote, the recovery time it achieves
#   (to be held under a recovery time objective, RTO), and the acknowledged writes an
#   asynchronous standby never saw (to be held under a recovery point objective, RPO).
# - The four disaster-recovery strategies and what each buys in RTO and RPO for its price.
# - SLI, SLO and SLA, error budgets and burn rates, and the multiwindow, multi-burn-rate
#   alerts of Google's SRE workbook, run over a simulated month of incidents.
#
# Builds on: [01 · Estimation](01_estimation.ipynb) (the nines, series and parallel). The
# replication lag used here is taken as given; [10 · Consistency and
# replication](10_consistency.ipynb), later in the course, models where it comes from. The models are
# in `src/sysdesign/availability/`: `arrangements.py` (series, parallel, k of n),
# `renewal.py` (MTBF and MTTR), `failover.py`, `dr.py` and `slo.py`.

# %%
from sysdesign.availability import (
    experiments,
    k_of_n,
    parallel,
    plots,
    series,
    slo,
    steady_state,
    widgets,
)
from sysdesign.core.exercises import check

# %% [markdown]
# ## Composition
#
# ### From MTBF and MTTR to availability
#
# A part runs for a while, fails, is repaired, runs again. If it runs for MTBF hours on
# average and takes MTTR hours to repair, it is up MTBF / (MTBF + MTTR) of the time in the
# long run (the steady state of an *alternating renewal process*). A server that fails once
# every 1,000 hours and takes 4 hours to replace:

# %%
server = steady_state(mtbf=1_000, mttr=4)
round(server, 5)

# %% [markdown]
# About 99.6 %: fewer than three nines. Halving the repair time helps as much as doubling
# the time between failures, which is why fast detection and automated repair matter.
# (Strictly, the mean up time is the mean time *to* failure, MTTF, and MTBF = MTTF + MTTR
# is a whole up-and-down cycle, so A = MTTF / MTBF; like most texts, this notebook uses
# MTBF for the up time, which differs little when repairs are short.)
#
# Parts combine by three rules (notebook 01 derived them), each assuming the parts fail
# **independently**: all must be up (series: multiply), any one is enough (parallel: one
# minus the product of the downs), or at least *k* of *n* (a quorum: a binomial sum).

# %%
{"series, 3 servers": round(series(server, server, server), 5),
 "parallel, 3 servers": round(parallel(server, server, server), 9),
 "2 of 3 (a quorum)": round(k_of_n(2, 3, server), 7)}

# %% [markdown]
# The formulas hold for a steady state. To check them, `renewal` lets every part fail and
# come back with exponential up and down times for hundreds of simulated years, and
# measures the share of time enough parts are up. The test suite checks one part against
# MTBF / (MTBF + MTTR) within a band it derives: the up/down indicator is a two-state
# Markov chain, and its time average over *T* hours has variance close to
# 2 A (1 − A) / ((1/MTBF + 1/MTTR) T) once *T* spans many up-and-down cycles.
#
# A real service chains tiers, each redundant in its own way. Two load balancers (one is
# enough; a spare takes 1 hour to swap in), four application servers of which three carry
# the load, and a database primary with a standby, all in series because a request needs
# every tier. Each tier's formula, their product, and the whole service simulated for
# 1,000 years of failures and repairs (MTBF and MTTR in hours):

# %%
web = {"load balancers": (5_000, 1, 2, 1),     # (MTBF, MTTR, n, k)
       "app servers": (1_000, 4, 4, 3),
       "database": (2_000, 8, 2, 1)}
experiments.architecture(web, years=1_000).round(7)

# %% [markdown]
# The product and the simulation agree to within a few percent of the unavailability.
# The weak tier is the one with the least slack: the app tier, where any two of four
# servers down is an outage, accounts for most of it, even though the load balancers'
# parts are the most reliable. The database's "1 of 2" assumes the standby takes over
# instantly; each real failover adds its recovery time (below) to the downtime.
#
# ### Correlated failures: a shared rack or zone
#
# Independence is the assumption that fails most often in practice. Put the three
# replicas in one rack (one power feed, one top-of-rack switch) that itself fails every
# 20,000 hours for 8 hours, and the quorum can be no more available than the rack. Give
# each replica its own rack and the racks' failures hit one replica at a time, which the
# quorum absorbs:

# %%
composition = widgets.composition_panel()  # 2 of 3 servers, MTBF 1,000 h, MTTR 4 h
composition.snapshot()

# %%
composition.result[["formula", "simulated"]].round(6)

# %% [markdown]
# Closed form and simulation agree in every row to within about a tenth of the
# unavailability: a few hundred simulated years hold only about a hundred quorum outages,
# so the simulation has noise of its own. The shared rack makes the quorum's
# unavailability about ten times what the independence formula says (from about 0.005 %
# to about 0.045 %), while one rack per replica adds only about 0.001 % (0.0047 % to
# 0.0057 %). Real correlation is worse than one rack: a bad configuration push or a
# software bug reaches every replica at once. Move MTBF and MTTR, the number of replicas
# and the quorum, and the racks' MTBF; *k* above *n* is cut to *n*:

# %%
# NBVAL_IGNORE_OUTPUT
composition

# %% [markdown]
# ## Failover
#
# A replica is only useful if traffic moves to it. **Active-passive**: one primary serves,
# a standby follows its log; when the primary dies, the standby is promoted and clients
# are sent to it. **Active-active**: every node serves a share of the traffic; when one
# dies, the load balancer stops sending it requests.
#
# Either way, someone must first notice. Here the primary sends a heartbeat every second
# and the monitor fails over after 3 missing ones, so detection takes between 2 and 3
# heartbeat periods after the failure, depending on when the last heartbeat left. Then
# the standby needs 5 s to promote itself and 2 s for clients to follow (a DNS TTL or a
# proxy reload). The primary fails at 10 s, just after sending a heartbeat, so detection
# takes the full 3 s here; drag the time slider (or press play) to step through it:

# %%
failover = widgets.failover_panel()  # heartbeat 1 s, 3 misses, promotion 5 s, lag 0.5 s
failover.snapshot()

# %% [markdown]
# Active-passive serves nothing for 10 s: 3 s to detect, 5 s to promote, 2 s to reroute.
# Active-active loses half the requests (one node of two) for the 3 s of detection and
# none afterwards, at the price of sizing every node to absorb a dead node's share, and of
# having to cope with writes on several nodes (notebook 10).
#
# The two objectives a failover design is held to are targets, not measurements: the
# **recovery time objective (RTO)** is the longest acceptable time from the interruption
# until service is restored, and the **recovery point objective (RPO)** the longest
# acceptable stretch of data lost, counted back from the interruption. The 10 s above is
# the recovery time this design achieves; it meets any RTO of 10 s or more.
#
# **The data a failover loses.** With asynchronous replication the primary
# acknowledges a write before the standby has it. Whatever the standby had not received
# when the primary died is gone after promotion, although clients were told it was saved.
# At 200 writes per second and 0.5 s of replication lag, that is about 100 acknowledged
# writes, and the RPO this design can promise is no better than the worst lag (the panel
# prints it under its figure):

# %%
failover.result["lost writes"]

# %% [markdown]
# Synchronous replication drops this to zero
# and pays for it with a round trip on every write. Notebook 10 models how long the lag
# lasts and what it depends on.

# %%
# NBVAL_IGNORE_OUTPUT
failover

# %% [markdown]
# ## Disaster recovery
#
# Failover covers a machine; disaster recovery covers losing a whole site or region, or
# the data itself (a deleted table replicates as faithfully as a good one). AWS's
# whitepaper "Disaster Recovery of Workloads on AWS" names four strategies, from cheapest
# and slowest to dearest and fastest. `dr.strategies` computes their RTO and worst-case
# RPO from a few keyword arguments, left at their defaults below: 2,000 GB of data restored at
# 500 GB per hour, backups every 24 hours, 1 s of replication lag, 30 minutes to start
# servers, 15 to scale them up, 5 to reroute. The standing cost (the share of production
# capacity kept running in the other region) is an assumption for illustration:

# %%
experiments.dr_table()

# %%
plots.dr_chart(experiments.dr.strategies())

# %% [markdown]
# - **Backup and restore**: nothing runs; restore the last backup into new servers. RTO is
#   hours (here dominated by copying 2,000 GB), RPO is the backup interval.
# - **Pilot light**: the data is replicated continuously, the servers are off: start them.
# - **Warm standby**: a scaled-down copy runs and takes traffic at once; scale it up.
# - **Multi-site active/active**: a full copy serves all the time; only rerouting remains,
#   and only the lost region's share of users fails meanwhile (as with active-active
#   failover above), which is why AWS describes its RTO as near zero.
#
# The whitepaper gives each strategy one rough class for RPO and RTO together: hours for
# backup and restore, tens of minutes for pilot light, minutes for warm standby and
# "real-time" for multi-site. The RTOs here follow that order (the costs are illustrative);
# the RPOs do not separate the last three, because all three replicate data continuously
# and so lose the same replication lag. Every step to the left costs more standing
# capacity; the RPO drops from a day to the lag as soon as data is replicated rather than
# backed up. Backups stay necessary anyway: only they
# undo a deletion or corruption that replication copied.
#
# ## SLA, SLO and SLI
#
# - An **SLI** (indicator) is a measurement: the share of requests served successfully
#   (or fast enough) over a window.
# - An **SLO** (objective) is a target for an SLI: 99.9 % of requests succeed over 30 days.
#   It may be published to users, but missing it has no contractual consequence: it
#   changes what the team works on.
# - An **SLA** (agreement) is a contract with users that says what happens, usually
#   service credits, when the SLOs it contains are missed. The SRE book's test: if nothing
#   explicit happens when the objective is missed, it is an SLO, not an SLA. An SLA is
#   usually set looser than the internal SLO, so the team hears about trouble before it
#   costs money.
#
# The notes' one-line definitions are close, but their SLA ("a contract the provider
# promises customers") leaves out the consequences that make it one, and "a goal the
# provider wants to reach" misses why an SLO is useful: its complement is a **budget**. A 99.9 % SLO allows 0.1 %
# of requests to fail, about 43 minutes of full outage per 30-day month, to spend on
# deploys, experiments and bad luck. The **burn rate** is how fast the budget goes: the
# error ratio divided by 1 − SLO. At burn rate 1 the budget lasts exactly the month; at
# 14.4 it is gone in about two days, and one hour spends 2 % of it:

# %%
{"burn rate at 1.44 % errors": round(slo.burn_rate(0.0144, 0.999), 6),
 "budget one hour at 14.4 spends": slo.budget_spent(14.4, hours=1)}

# %% [markdown]
# ### Multiwindow, multi-burn-rate alerts
#
# The SRE workbook's chapter "Alerting on SLOs" pages on the budget, not on the raw error
# ratio: a page should mean "at this rate a real share of the month's budget goes soon".
# Each alert pairs a burn rate with a long window (the budget share it protects) and a
# short window one twelfth as long, so that the alert stops soon after the errors stop.
# The workbook recommends three such alerts as a starting point; the two fast ones page a
# human, the slow one opens a ticket:

# %%
slo.alert_table(slo.WORKBOOK_ALERTS, slo=0.999)

# %% [markdown]
# ### A simulated month
#
# 2,000 requests a minute for 30 days with a background error ratio of 0.03 % (burn rate
# 0.3), a seeded binomial draw per minute, and six incidents: a hard outage, a bad deploy,
# a slow leak over four days, and three blips of a few minutes:

# %%
month = experiments.month(seed=0)
slo.incident_table(month)

# %%
alerts = slo.WORKBOOK_ALERTS + (slo.NAIVE_ALERT,)
plots.month_chart(month, alerts)

# %% [markdown]
# The month ends with about a third of its budget left. The background errors alone
# (burn rate 0.3 all month) spent about 30 %; of the incidents, the four-day leak spent the
# most, 20 %, more than the hard outage: it never burned fast, but it burned long. The table gives each alert's
# delay from the start of each incident that spent at least 2 % of the budget (time to
# detect, minutes; `<NA>`: it never fired during that incident), how many times it fired,
# how many firings matched no such incident (false pages), and how many of those matched
# no incident at all:

# %%
slo.alert_report(month)

# %% [markdown]
# - The hard outage (burn rate 200) pages within minutes, first through the 1-hour alert.
# - The bad deploy (burn rate 12, under 14.4) never trips the 1-hour alert; the 6-hour
#   alert pages about three hours in, once the 6-hour average passes 6.
# - The slow leak (burn rate 1.5) pages nobody, which is right, and the 3-day alert opens a
#   ticket about a day and a half in.
# - The naive rule "5 minutes worse than the SLO" (the workbook's first attempt is the same
#   rule over 10 minutes) fires within two minutes of each of these
#   three incidents, but it fired over ninety times in the month, flapping through the
#   leak, and six of its pages were false: three for the blips, which spent almost no
#   budget, and three for nothing but the background errors, whose 5-minute ratio now and
#   then crosses 0.1 % by chance. That is the trade the workbook makes: a slower page for a
#   much quieter pager.
#
# ## Incident
#
# An alert starts an incident; the clock that matters is the user's. The usual timeline
# metrics:
# - **time to detect** (TTD): from the start of the impact to the page, the delays in the
#   table above;
# - **time to mitigate** (TTM): from the start to the moment users stop suffering (roll back,
#   fail over, drain a zone), which is what the incident's length is here. Mitigate first,
#   find the root cause later;
# - **time to resolve**: until the cause is fixed for good.
#
# Then a **blameless postmortem**: what happened, the timeline with these numbers, what
# went well, where luck helped, and action items with owners, such as an alert that would
# have caught the bad deploy sooner. The budget ties it together: in the example error
# budget policy of the SRE workbook (Appendix B), a service that has spent more than its
# budget over the preceding four weeks halts all changes and releases except urgent
# (P0) and security fixes until it is back within its SLO.

# %% [markdown]
# ## Try it
#
# **08.1** Three replicas, each up 99 % of the time, form a 2-of-3 quorum. All three sit
# in one rack that is up 99.9 % of the time. What is the quorum's availability (a fraction)?

# %%
answer = ...
check("08.1", answer)

# %% [markdown]
# <details><summary>Solution</summary>
#
# The rack must be up and 2 of 3 replicas too: 0.999 × k_of_n(2, 3, 0.99), about 0.998702.
# The rack alone caps the quorum below 0.999, although 2 of 3 replicas alone give 0.999702.
#
# ```python
# from sysdesign.availability import k_of_n
#
# answer = 0.999 * k_of_n(2, 3, 0.99)
# ```
# </details>

# %% [markdown]
# **08.2** (predict) SLO 99.9 % over 30 days, no background errors. A deploy makes 0.5 % of
# requests fail for two hours, then is rolled back. Which of the workbook's three alerts
# fires first: `"2 % of budget in 1 h"`, `"5 % of budget in 6 h"`,
# `"10 % of budget in 3 d"` or `"none of them"`?

# %%
answer = ...
check("08.2", answer)

# %% [markdown]
# <details><summary>Solution</summary>
#
# The burn rate is 0.005 / 0.001 = 5. Averaged over each alert's long window: 5 over 1
# hour (under 14.4), 5 × 2 / 6 ≈ 1.7 over 6 hours (under 6), 5 × 2 / 72 ≈ 0.14 over 3
# days (under 1). None fires. The incident spent 5 × 2 / 720 ≈ 1.4 % of the budget, less
# than the smallest share any of these alerts pages or tickets for: by design.
#
# ```python
# answer = "none of them"
# ```
# </details>

# %% [markdown]
# **08.3** Heartbeats go out every 2 s (at 0, 2, 4, ... s); the monitor fails over after 3
# missing ones. The primary dies at 10.5 s; promotion takes 8 s and rerouting 2 s. What is
# the recovery time, in seconds from the failure (the tightest RTO this design can meet)?

# %%
answer = ...
check("08.3", answer)

# %% [markdown]
# <details><summary>Solution</summary>
#
# The last heartbeat left at 10 s, so the monitor declares the primary dead at 10 + 3 × 2 =
# 16 s, 5.5 s after the failure. Promotion ends at 24 s, rerouting at 26 s: a recovery
# time of 15.5 s.
#
# ```python
# from sysdesign.availability import timeline
#
# answer = timeline("active-passive", fail_at=10.5, heartbeat=2, misses=3,
#                   promotion=8, reroute=2).rto
# ```
# </details>
#
# ## Summary
# - A part is up MTBF / (MTBF + MTTR) of the time; shorter repairs count as much as rarer
#   failures. Series multiplies, parallel multiplies the downs, a quorum sums binomial
#   terms, and a simulation of failures and repairs agrees, as long as parts are independent.
# - Shared racks, zones, deploys and bugs make failures correlated: the shared part caps
#   the whole. Spread replicas over failure domains.
# - Failover time is detection + promotion + rerouting, and must fit under the recovery
#   time objective (RTO); asynchronous replication loses the acknowledged writes of the
#   lag, which bounds the recovery point objective (RPO) it can promise. Active-active
#   trades standing cost and write conflicts for a shorter, partial outage.
# - DR strategies buy shorter recovery times and less data lost with standing capacity:
#   backup and restore (hours, a day of data), pilot light, warm standby, multi-site
#   (minutes or less, seconds of data).
# - An SLO turns reliability into a budget; alert on how fast it burns, over a long and a
#   short window, and expect slower pages for slow burns and far fewer false ones.
#
# ## Where this shows up
# - Cloud SLAs promise monthly uptime percentages with service credits; providers publish
#   their own recommended multi-zone and multi-region layouts because one zone shares
#   power, network and control plane.
# - PostgreSQL streaming replication (`synchronous_commit`) and MySQL semi-synchronous
#   replication choose between asynchronous commits (an RPO above zero) and waiting for a
#   replica; Amazon Aurora writes every change to a 4-of-6 quorum spread over three
#   zones, a k of n built so that a whole zone can fail; Patroni, Orchestrator and managed
#   databases implement detection and promotion with timeouts like the ones here.
# - [10 · Consistency and replication](10_consistency.ipynb) measures replication lag;
#   [09 · CAP and PACELC](09_cap_pacelc.ipynb) asks what a partitioned cluster should do;
#   [17 · Resilience](17_resilience.ipynb) keeps a failing dependency from taking its
#   callers down; [25 · Performance and observability](25_performance.ipynb) covers the
#   metrics an SLI is computed from; [05 · Load balancing](05_load_balancing.ipynb)
#   covers the health checks that drive active-active failover.
#
# ## Further reading
# - B. Beyer, C. Jones, J. Petoff, N. R. Murphy (eds.), *Site Reliability Engineering*
#   (O'Reilly, 2016), chapters 3 "Embracing Risk" and 4 "Service Level Objectives".
# - B. Beyer, N. R. Murphy, D. K. Rensin, K. Kawahara, S. Thorne (eds.), *The Site
#   Reliability Workbook* (O'Reilly, 2018), chapter 5 "Alerting on SLOs" (the window and
#   burn-rate table), chapter 2 "Implementing SLOs" and Appendix B "Example Error Budget
#   Policy".
# - AWS, "Disaster Recovery of Workloads on AWS: Recovery in the Cloud" (whitepaper, 2021).
# - A. Gupta, "Amazon Aurora under the hood: quorums and correlated failure" (AWS Database
#   Blog, 2017): why six copies in three zones, and how a 4-of-6 quorum survives a zone.
# - S. M. Ross, *Introduction to Probability Models*, the chapter on renewal theory
#   (alternating renewal processes and their limiting availability).
# - J. Allspaw, "Blameless PostMortems and a Just Culture" (Etsy Code as Craft, 2012).

# %% [markdown]
# <!-- nav -->
# [← 07 · Content delivery networks: edges, shields and cache headers](07_cdn.ipynb) · [Contents](00_start_here.ipynb#Course-map) · [09 · CAP and PACELC: partition a cluster and watch it choose →](09_cap_pacelc.ipynb)
