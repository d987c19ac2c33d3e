# %% [markdown]
# # 01 · Back-of-the-envelope estimation
#
# Turn a product's traffic into QPS, storage, bandwidth, cache memory and a server count, learn the latency and availability numbers that make such estimates quick, and use them to choose between two designs.

# %% [markdown]
# <!-- nav -->
# [← 00 · Start here](00_start_here.ipynb) · [Contents](00_start_here.ipynb#Course-map) · [02 · Networking: IP, TCP, UDP and HTTP →](02_networking.ipynb)

# %% [markdown]
# ## What you will learn
# - Powers of two and SI prefixes, how far apart "1 GB" and "1 GiB" really are, and the
#   latency numbers every programmer should know: where they come from, and how they
#   feel on a human time scale.
# - What "three nines" allows in downtime (and which year and month that assumes), and
#   how parts in series and in parallel combine.
# - How far the 80/20 rule holds, and how to go from daily active users to QPS, storage,
#   bandwidth, cache size and servers, with every assumption visible and adjustable.
# - How to compare two designs with these numbers before building either.
#
# Builds on: [00 · Start here](00_start_here.ipynb). The helpers used below live in two
# packages, one short module per lesson: `src/sysdesign/estimation/` (sizes, latency,
# the 80/20 rule, the capacity estimator, design decisions) and
# `src/sysdesign/availability/` (downtime budgets, and parts in series and in parallel).
# Open them beside this notebook.

# %%
from datetime import timedelta

from sysdesign import availability as av
from sysdesign import estimation as est
from sysdesign.availability.plots import availability_check_chart
from sysdesign.availability.widgets import availability_panel, downtime_panel
from sysdesign.core.exercises import check
from sysdesign.estimation import experiments
from sysdesign.estimation.plots import latency_chart, redirect_chart, zipf_share_chart
from sysdesign.estimation.widgets import estimator_panel, human_scale_panel, zipf_panel

# %% [markdown]
# ## Sizes and spans
#
# ### SI prefixes and powers of two
#
# Estimates juggle numbers from thousands to quintillions. Storage vendors and
# network engineers count in powers of ten (SI prefixes), while memory and file
# systems often count in powers of two. The names look alike, so it pays to know
# both.

# %%
est.si_prefix_table()

# %% [markdown]
# A power of two is close to a power of ten (2^10 = 1,024 ≈ 10^3), but the gap grows
# with each step: the last column shows how much larger the binary unit is.

# %%
est.powers_of_two_table()

# %% [markdown]
# At the kibibyte the difference is 2.4 %; at the exbibyte it is 15 %. A disk sold as
# "1 TB" holds 10^12 bytes, which an operating system counting in binary shows as
# about 0.91 TiB. The study notes' table calls 2^10 bytes "1 KB", as memory makers do;
# the IEC names make the difference visible (1 KiB = 1,024 B, 1 kB = 1,000 B, with the
# SI's lower-case k). Two helpers format byte counts and durations for people:

# %%
print(est.format_bytes(1_000_000_000_000), "=", est.format_bytes(1e12, binary=True))
print(est.format_duration(0.00025), "|", est.format_duration(timedelta(days=400)))

# %% [markdown]
# ### Time: a year, a day, a second
#
# The other conversion every estimate needs: a day has 86,400 seconds, so a million
# requests a day is about 12 a second. The year is less settled. The study notes' time
# table counts 365 days; a leap day every four years gives 365.25 (the Julian year; the
# Gregorian calendar drops three leap days in 400 years, for 365.2425), and a year of
# 31,557,600 s.
# It is a parameter here (`year_days`), as the month will be below:

# %%
est.time_table(year_days=365)

# %% [markdown]
# ## Latency numbers every programmer should know
#
# The list goes back to Peter Norvig: his essay "Teach Yourself Programming in Ten Years"
# (norvig.com) tabulates "approximate timing for various operations on a typical PC", with
# most of these rows (an L1 reference 0.5 ns, a mutex 25 ns, main memory 100 ns, a seek 8 ms,
# a packet to Europe and back 150 ms). Jeff Dean of Google made the list famous, and his
# numbers are the ones reprinted today. Most rows below come from his keynote at LADIS 2009
# ("Designs, Lessons and Advice from Building Large Distributed Systems"). His earlier
# Stanford lecture (CS295, around 2007) had slower values for three of them and one more row, "read
# 1 MB sequentially from the network: 10 ms". Jonas Bonér's widely copied gist (2012),
# which credits both ("By Jeff Dean", "Originally by Peter Norvig"), added the SSD rows and
# "send 1 kB over 1 Gbps". The study notes mix the lists: their
# 100 ns mutex, 10 µs compression and 30 ms disk read are Dean's 2007 numbers. Their
# "send 1 KB in 20 µs" joins Dean's "2 kB in 20 µs" to Bonér's "1 kB in 10 µs", and
# their "5000,000 ns" for a datacenter round trip misplaces a comma (500,000 ns). Below,
# each row names its source. The 1 Gbps row is simple arithmetic: 1 MB is 8 million bits,
# which take 8 ms at a billion bits a second, rounded to 10 ms.
#
# These are orders of magnitude for the hardware of 2007–2012, not benchmarks of today's.
# What lasts is the ratio between rows. They are drawn as dots on a log axis, not as bars:
# on a log axis a bar's length depends on where the axis happens to start.

# %%
est.latency_table()[["operation", "latency", "source"]]

# %%
latency_chart()

# %% [markdown]
# Each labelled grid line is a thousand times the one before (nanosecond, microsecond,
# millisecond); the faint lines between mark each factor of ten. The ratios that matter:

# %%
print(f"main memory / L1 cache: {est.latency_ratio('Main memory reference', 'L1 cache reference'):,.0f}x")
print(f"disk seek / main memory: {est.latency_ratio('Disk seek', 'Main memory reference'):,.0f}x")
print(f"slowest / fastest row: 10^{est.orders_of_magnitude():.1f}")

# %% [markdown]
# Main memory is 200 times slower than the L1 cache, a disk seek 100,000 times slower
# than memory, and 8.5 orders of magnitude separate the first row from the last. Our
# minds do not handle nanoseconds well, so rescale: if one L1 cache reference took one
# second, how long would the others take?

# %%
est.latency_table()[["operation", "latency", "on the human scale"]]

# %% [markdown]
# Reading main memory takes minutes, a disk seek most of a year, and a packet to
# Europe and back almost a decade. Pick another reference and human duration below.

# %%
# NBVAL_IGNORE_OUTPUT
human_scale_panel()

# %% [markdown]
# ## Availability and the nines
#
# Availability is the fraction of time a system does its job. The helpers (in
# `sysdesign.availability`, imported as `av`) take it as a fraction (0.999, not 99.9)
# and return the downtime that fraction allows as a `datetime.timedelta`. Two lengths
# hide in every such number, and both are parameters: the year (`year_days`, 365.25 by
# default, a leap day every four years) and the month (`month_days`, a twelfth of the
# year by default).

# %%
print(av.downtime(0.999, "year"), "per year of 365.25 days")
print(av.downtime(0.999, "year", year_days=365), "per year of 365 days")
print(av.downtime(0.999, "month"), "per month of 30.44 days")
print(av.downtime(0.999, "month", month_days=30), "per month of 30 days")

# %% [markdown]
# Published tables disagree on both lengths, and the study notes disagree with
# themselves. Their time table counts 365 days (31,536,000 s) in a year, but their
# availability table gives 8.77 hours for 99.9 %, which needs 365.25. Their monthly column
# mixes months: 72 hours for 90 % and 4.32 minutes for 99.99 % assume 30 days, while
# 43.8 minutes for 99.9 % assumes 30.44. Say which lengths a table uses; here every helper
# takes `year_days` and `month_days`.

# %%
av.nines_table()

# %% [markdown]
# Each extra nine divides the allowed downtime by ten: five nines leave about five
# minutes a year, less than one slow deploy. The inverse answers "what availability
# does 43 minutes 12 seconds of downtime in a 30-day month mean?":

# %%
round(av.availability_for(timedelta(minutes=43, seconds=12), "month", month_days=30), 6)

# %%
av.downtime_table(0.999)

# %% [markdown]
# The budget of three nines per year, month, week and day, with the length each period
# was given. Move the number of nines and the two lengths:

# %%
# NBVAL_IGNORE_OUTPUT
downtime_panel()

# %% [markdown]
# ### Parts in series, in parallel, and k of n
#
# A request that passes a load balancer, a web server and a database needs all three:
# parts in **series** multiply their availabilities, so the chain is weaker than its
# weakest link. Redundant copies where any one suffices are in **parallel**: the system
# is down only when all are down at once. A quorum of replicas needs **k of n** up.
# These formulas assume parts fail independently, which correlated failures (a shared
# power supply, a bad deploy everywhere) break.

# %%
print("series 99.9% x 99.9%:  ", round(av.series(0.999, 0.999), 6))
print("parallel 99% | 99%:    ", round(av.parallel(0.99, 0.99), 6))
print("2 of 3 at 99% each:    ", round(av.k_of_n(2, 3, 0.99), 6))

# %% [markdown]
# Check the formulas by simulation: draw each part up or down at random, many times,
# and count how often the whole system is up.

# %%
rows = av.arrangement_availability(0.99, 3, trials=200_000)
rows

# %%
availability_check_chart(rows)

# %% [markdown]
# Where the simulation saw failures, its dot lies within two standard errors of the
# formula (the bar shows ± 2 √(p(1 − p)/trials)). Three parts in parallel fail together
# only once in a million draws, so 200,000 trials saw no failure at all. Zero failures
# do not mean zero risk: the most they tell us is that the rate is probably below
# 3 / trials (the "rule of three", a 95 % upper bound), which the arrow marks. Rare events
# need far more samples than common ones, which is why the formula matters. Change the
# parts and the number of trials (the panel starts with fewer trials than the figure above,
# so that it redraws quickly; slide them up to 200,000 to get the figure above):

# %%
# NBVAL_IGNORE_OUTPUT
availability_panel()

# %% [markdown]
# ## The 80/20 rule, shown rather than stated
#
# Caches are sized with the "80/20 rule": a fifth of the data receives four fifths of
# the requests. That is not a law of nature; it holds for one amount of skew. When
# popularity follows a Zipf law (the key of rank *i* is requested in proportion to
# 1/*i*^α), the share of requests going to the hottest 20 % of keys depends on α.
#
# What is α for real traffic? The browsers of one university department, traced in 1994–95
# by Cunha, Bestavros and Crovella, fitted α ≈ 0.99 (a slope of −0.986 on a log-log plot).
# Breslau et al. (INFOCOM 1999) fitted web proxy traces, each serving a large community of
# users, and found α varying from trace to trace, between 0.64 and 0.83. Their earlier
# technical report sets the studies side by side: groups of about 60 and 200 users gave α
# close to 1, a large proxy trace 0.67. In these studies, the larger the community behind
# the trace, the flatter its popularity curve. The Zipf helpers are the course's shared ones
# (`sysdesign.core.workloads`, also used for caching and sharding): the number of keys
# comes first, then α.

# %%
for alpha in est.BRESLAU_ALPHAS:
    print(f"alpha = {alpha}: the top 20 % of 10,000 keys get {est.zipf_top_share(10_000, alpha) * 100:.1f} %")
print(f"80/20 needs alpha = {est.alpha_for_top_share(0.8, n_keys=10_000):.2f}")

# %%
curves = experiments.zipf_curves((10_000, 100, 1_000_000_000))
zipf_share_chart(curves, 0.2)

# %% [markdown]
# With no skew (α = 0) the top 20 % get exactly 20 %. At the skews Breslau et al.
# measured, the top 20 % of 10,000 keys get 55 % to 70 % of requests, not 80 %; the rule
# needs α ≈ 0.95. The number of keys matters too: at the same α, a larger catalogue
# concentrates requests more, and for α < 1 the top 20 % tend to 0.2^(1 − α) of requests
# as the catalogue grows (56 % at α = 0.64, 76 % at 0.83). So treat 80/20 as an
# assumption to check against your own logs. Move the sliders:

# %%
# NBVAL_IGNORE_OUTPUT
zipf_panel()

# %% [markdown]
# ## A back-of-the-envelope estimator
#
# An estimate is a chain of multiplications whose inputs are assumptions. Write the
# assumptions down, and the numbers follow. Worked example: a URL shortener. Its
# assumptions, every one a field of `est.Workload`:

# %%
workload = est.URL_SHORTENER
workload.table()

# %% [markdown]
# Why these values: a popular service; each user creates 0.1 links and follows 1 a day;
# links should keep working for ten years; three copies survive the loss of two. The
# skew α = 0.8 sits inside Breslau's range. The 70 % capacity model of the study notes
# ("total : estimated = 100 : 70") is applied to the servers and the disks we buy: the
# estimate may fill only 70 % of them.

# %%
result = est.estimate(workload)
result.table()

# %% [markdown]
# How each number arises:
# - **QPS**: 100 M users × 1.1 = 110 M requests a day, of which 1 in 11 are writes:
#   10 M writes and 100 M reads. A day has 86,400 s, so about 116 writes/s and
#   1,157 reads/s on average, twice that at peak.
# - **Storage**: 10 M new links × 500 B = 5 GB a day, 1.83 TB a year of 365.25 days, and
#   with 10 years and 3 replicas 54.8 TB. The 70 % model buys 54.8 / 0.7 = 78.3 TB.
# - **Bandwidth**: 116 writes/s × 500 B ≈ 58 kB/s in; reads ten times that out.
# - **Cache**: the usual shortcut, 20 % of a day's 100 M reads × 500 B = 10 GB, counts a
#   link once per read. A cache holds each link once, and the 80/20 rule is about
#   *objects*, so it is only an upper bound. Under the Zipf model, the 100 M reads touch
#   85.6 M distinct links out of the 36.5 billion stored; the hottest 20 % of those take
#   8.56 GB and serve 21 % of redirects, far from 80 % (for an ideal cache that always holds
#   the hottest links; on such draws LRU does worse, as [06 · Caching](06_caching.ipynb)
#   shows). The model draws every read independently from one popularity ranking of all
#   stored links, however old. Real links are clicked mostly while they are new (bitly,
#   2011: on average, half of a popular link's clicks after its peak came within about three
#   hours), a recency the model cannot see and a cache of recent links exploits: one more
#   reason to measure before sizing.
# - **Servers**: peak load is 2,546 requests/s; each server is planned at 70 % of
#   1,000 QPS = 700 QPS, so 2,546 / 700 = 3.6, rounded up to 4.
#
# The same numbers from the model's fields, in base units:

# %%
print(f"{result.write_qps:.1f} writes/s, {result.read_qps:.1f} reads/s")
print(f"{result.storage_total / 1e12:.1f} TB stored, {result.storage_provisioned / 1e12:.1f} TB bought")
print(f"{result.distinct_reads_per_day / 1e6:.1f} M links read a day; the cache serves {result.cache_hit_ratio * 100:.1f} %")

# %% [markdown]
# Every assumption has a control below. Try a write-heavy service (reads per write
# below 1), a video site (objects of megabytes), or a steeper skew, and watch which
# number explodes.

# %%
# NBVAL_IGNORE_OUTPUT
estimator_panel()

# %% [markdown]
# ## A decision, in Dean's style
#
# Estimates earn their keep when they decide something. Dean's keynote shows how: write
# each design as a sum of rows from the latency table, then compare. His example is a
# results page of 30 thumbnails, each made on the fly from a 256 kB image read from disk
# at 30 MB/s. Read the images one after another, and each costs a seek and a transfer;
# read them in parallel, and the page costs one of each:

# %%
serial = est.thumbnail_page(parallel=False)
parallel = est.thumbnail_page(parallel=True)
print(f"serial: {serial * 1e3:.0f} ms, parallel: {parallel * 1e3:.1f} ms")

# %% [markdown]
# Dean's slide says 560 ms and 18 ms, and adds that the parallel figure "ignores variance,
# so really more like 30-60 ms". Thirty times faster, decided in a minute.
#
# The same question for our URL shortener: serve every redirect from the database's disk
# (A), or put the hot links in memory in front of it (B)? Each redirect costs a
# datacenter round trip plus a disk seek in A; in B, a hit costs a round trip to the
# cache, and a miss then goes on to the database. Disks are counted for peak reads, each
# at 70 % of 100 seeks a second.

# %%
est.redirect_table(workload)

# %% [markdown]
# At α = 0.8, caching a fifth of a day's links (8.56 GB) takes only a fifth of the load
# off the disks: 27 disks instead of 34, and the mean redirect still waits for a seek most
# of the time. Whether the cache pays depends on the skew, which we assumed. Here is the
# whole range:

# %%
redirect_chart(experiments.redirect_curve(workload), alpha=workload.zipf_alpha)

# %% [markdown]
# Over Breslau's range (the band) the cache saves about a tenth to a quarter of the
# disks (3 to 9 of 34); from α ≈ 1 it saves most of them. So the decision is: measure the
# skew of your own redirect logs before buying memory for it. If it is proxy-like, a cache
# sized by the 80/20 shortcut saves few disks: spend the money on faster storage instead
# (an SSD reads 4 kB in 150 µs, about 70 times faster than a seek), or size the cache for
# the hit ratio you need rather than by the rule.
#
# ## Where this shows up
# - Google's SRE book turns the nines into an *error budget*: the downtime an SLO allows
#   is spent on releases and experiments (Beyer et al., *Site Reliability Engineering*,
#   chapter 3).
# - Dean's numbers (after Norvig's table) and his thumbnail example come from Google's
#   design practice; the System Design Primer and most interview guides reprint them.
# - Skewed popularity drives every cache: [06 · Caching](06_caching.ipynb) measures
#   hit ratios on Zipf traces, and [11 · Sharding](11_sharding.ipynb) shows the hot shard
#   it causes.
# - The estimator's URL shortener is carried through the scaling path in
#   [00 · Start here](00_start_here.ipynb); [13 · Distributed IDs](13_distributed_ids.ipynb)
#   shows how to hand out its short codes without one central counter.

# %% [markdown]
# ## Try it
#
# **1.** A service promises 99.95 % availability per 30-day month, and each deploy takes
# it down for 45 seconds. How many deploys a month fit in its downtime budget?

# %%
answer = ...
check("01.1", answer)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# from sysdesign.availability import downtime
#
# budget = downtime(0.9995, "month", month_days=30).total_seconds()
# answer = int(budget // 45)  # whole deploys only
# ```
#
# 0.05 % of 30 × 1,440 minutes is 21.6 minutes, 1,296 seconds: 28 deploys take 1,260 s,
# a 29th would overrun. With the default month of 30.44 days the budget is 21.9 minutes
# and 29 would fit: say which month you mean.
# </details>
#
# **2.** Decide. A web tier of two servers in parallel (each 99 % available) sits in
# series with one database (99.9 %). You can add one machine: a third web server, or a
# standby database in parallel with the first. Which raises the system's availability
# more? Answer `"third web server"` or `"standby database"`.

# %%
answer = ...
check("01.2", answer)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# from sysdesign.availability import parallel, series
#
# third_web_server = series(parallel(0.99, 0.99, 0.99), 0.999)
# standby_database = series(parallel(0.99, 0.99), parallel(0.999, 0.999))
# answer = "standby database" if standby_database > third_web_server else "third web server"
# ```
#
# Two web servers are down together only 0.01 % of the time; the single database is down
# 0.1 % of the time, ten times as often. Doubling it lifts the system from 99.89 % to
# 99.99 %; a third web server leaves it at 99.90 %. Improve the weakest part of a chain.
# </details>
#
# **3.** A photo service has 10 million daily users who each upload 2 photos of 200 kB a
# day. It keeps 3 copies of every photo and plans disks with the 70 % capacity model.
# How many terabytes of disk must it buy for one year of photos?

# %%
answer = ...
check("01.3", answer)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# from sysdesign import estimation as est
#
# photos = est.Workload(daily_active_users=10e6, requests_per_user=2, read_write_ratio=0,
#                       object_size_bytes=200e3, retention_years=1, replication_factor=3)
# answer = est.estimate(photos).storage_provisioned / 1e12  # terabytes
# ```
#
# 20 M photos × 200 kB = 4 TB a day; × 365.25 days × 3 copies = 4,383 TB of data, which
# may fill only 70 % of the disks: 4,383 / 0.7 ≈ 6,261 TB. (A 365-day year gives 6,257 TB,
# also accepted.)
# </details>
#
# **4.** Predict. The URL shortener keeps links for 20 years instead of 10, with the same
# traffic, the same skew (α = 0.8) and the same cache rule (the hottest 20 % of the links
# read in a day). In the estimator's model, does the share of redirects its cache serves
# go `"up"`, `"down"`, or stay the `"same"`?

# %%
answer = ...
check("01.4", answer)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# from dataclasses import replace
#
# from sysdesign import estimation as est
#
# ten = est.estimate(est.URL_SHORTENER).cache_hit_ratio
# twenty = est.estimate(replace(est.URL_SHORTENER, retention_years=20)).cache_hit_ratio
# answer = "down" if twenty < ten else "up"
# ```
#
# It goes down, from 21 % to 18 %. The day's reads are spread over twice as many links;
# with α below 1 the sum over the long tail keeps growing with the catalogue, so each hot
# link's share of the reads shrinks, and the same cache rule catches less. That is what the
# model predicts, because it lets ten-year-old links keep their place in one ranking; where
# clicks go mostly to new links, as on real shorteners, keeping old links longer changes the
# hot set far less.
# </details>
#
# ## Summary
# - Know both prefix systems: SI (10^3 steps) for disks and networks, binary (2^10
#   steps) for memory; they drift apart by 2.4 % per step.
# - Latencies (Norvig; Dean 2007/2009; Bonér 2012) span 8.5 orders of magnitude: memory ≈ 100 ns
#   (200× L1), a datacenter round trip ≈ 0.5 ms, a disk seek ≈ 10 ms, reading 1 MB over
#   1 Gbps ≈ 10 ms, a transatlantic round trip ≈ 150 ms. Draw them as dots on a log axis.
# - Each nine divides downtime by ten; say which year and month a table uses. Series
#   multiplies availabilities, parallel multiplies unavailabilities, and both assume
#   independent failures.
# - 80/20 is one point of a curve: at the skews measured on web proxies the top 20 % of
#   10,000 objects get 55–70 % of requests, and no catalogue size reaches 80 %.
# - An estimate is assumptions × arithmetic: QPS = requests a day / 86,400, peak =
#   average × peak factor, storage = writes × size × retention × replicas, bought at
#   storage / 70 %; cache = the hottest 20 % of the *distinct* objects read a day (20 %
#   of a day's reads × size is only an upper bound); servers = peak / (capacity × 70 %).
# - Numbers decide designs: write each design as a sum of latencies and compare.
#
# ## Further reading
# - Peter Norvig, "Teach Yourself Programming in Ten Years" (norvig.com/21-days.html,
#   first written in 2001), section "Answers": the table the list grew from.
# - Jeff Dean, "Designs, Lessons and Advice from Building Large Distributed Systems"
#   (LADIS keynote, 2009), and "Software Engineering Advice from Building Large-Scale
#   Distributed Systems" (Stanford CS295 lecture, around 2007); Jonas Bonér's gist "Latency
#   Numbers Every Programmer Should Know" (2012).
# - Lee Breslau, Pei Cao, Li Fan, Graham Phillips and Scott Shenker, "Web Caching and
#   Zipf-like Distributions: Evidence and Implications" (INFOCOM 1999), and their earlier
#   technical report "On the Implications of Zipf's Law for Web Caching" (1998).
# - Carlos Cunha, Azer Bestavros and Mark Crovella, "Characteristics of WWW Client-based
#   Traces" (Boston University, BU-CS-95-010, 1995).
# - bitly's blog post on the "half life" of 1,000 popular shared links (September 2011):
#   a mean of 2.8 hours on Twitter, 3.2 on Facebook, 3.4 by email or IM.
# - Betsy Beyer et al., *Site Reliability Engineering* (O'Reilly, 2016), chapter 3,
#   "Embracing Risk".
# - Alex Xu, *System Design Interview – An Insider's Guide* (2020), chapter 2,
#   "Back-of-the-envelope estimation".

# %% [markdown]
# <!-- nav -->
# [← 00 · Start here](00_start_here.ipynb) · [Contents](00_start_here.ipynb#Course-map) · [02 · Networking: IP, TCP, UDP and HTTP →](02_networking.ipynb)
