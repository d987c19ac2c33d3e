# %% [markdown]
# # 01 · Back-of-the-envelope estimation
#
# Turn a product's traffic into QPS, storage, bandwidth, cache memory and a server count, and learn the latency and availability numbers that make such estimates quick.

# %% [markdown]
# <!-- nav -->
# [← 00 · Start here](00_start_here.ipynb) · [Contents](00_start_here.ipynb#Course-map) · [06 · Caching: eviction, strategies and hit ratios →](06_caching.ipynb)

# %% [markdown]
# ## What you will learn
# - Powers of two and SI prefixes, and how far apart "1 GB" and "1 GiB" really are.
# - The latency numbers every programmer should know, felt on a human time scale.
# - What "three nines" allows in downtime, and how parts in series and in parallel combine.
# - How to go from daily active users to QPS, storage, bandwidth, cache size and servers,
#   with every assumption visible and adjustable.
#
# Builds on: [00 · Start here](00_start_here.ipynb). The helpers used below live in two
# packages, one short module per lesson: `src/sysdesign/estimation/` (sizes, latency,
# the 80/20 rule, the capacity estimator) and `src/sysdesign/availability/` (downtime
# budgets, and parts in series and in parallel). Open them beside this notebook.

# %%
from datetime import timedelta

from sysdesign import availability as av
from sysdesign import estimation as est
from sysdesign.availability.plots import availability_check_chart, downtime_chart
from sysdesign.availability.widgets import availability_panel, downtime_panel
from sysdesign.core.exercises import check
from sysdesign.estimation.plots import latency_chart, zipf_share_chart
from sysdesign.estimation.widgets import estimator_panel, human_scale_panel, zipf_panel

# %% [markdown]
# ## Sizes: SI prefixes and powers of two
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
# about 0.91 TiB. Two helpers format byte counts and durations for people:

# %%
print(est.format_bytes(1_000_000_000_000), "=", est.format_bytes(1e12, binary=True))
print(est.format_duration(0.00025), "|", est.format_duration(timedelta(days=400)))

# %% [markdown]
# ## Latency numbers every programmer should know
#
# Jeff Dean's list (as collected in Jonas Bonér's 2012 gist) gives orders of
# magnitude, not benchmarks of today's hardware. The point is the ratio between rows:
# memory is a hundred times slower than L1 cache, a disk seek a hundred thousand times
# slower than memory, and a round trip between continents slower still. Note the axis
# is logarithmic: each grid line is ten times the previous one.

# %%
latency_chart()

# %% [markdown]
# Nine orders of magnitude separate the first row from the last. Our minds do not
# handle nanoseconds well, so rescale: if one L1 cache reference took one second,
# how long would the others take?

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
# and return the downtime that fraction allows as a `datetime.timedelta`.

# %%
print(av.downtime(0.999, "year"), "per year")
print(av.downtime(0.999, "month"), "per month of 30.44 days")
print(av.downtime(0.999, "month", month_days=30), "per month of 30 days")

# %% [markdown]
# The month's length is an assumption, and published tables disagree on it. Some use
# 30 days, others a twelfth of a 365.25-day year (30.44 days). The study notes this
# course is built from even mix the two in one table (72 hours for 90 % assumes 30 days,
# 43.8 minutes for 99.9 % assumes 30.44). Here the default is a twelfth of a year, and
# every helper takes `month_days` so you can choose.

# %%
av.nines_table()

# %% [markdown]
# Each extra nine divides the allowed downtime by ten: five nines leave about five
# minutes a year, less than one slow deploy. The inverse answers "what availability
# does 43 minutes of downtime a month mean?":

# %%
round(av.availability_for(timedelta(minutes=43, seconds=12), "month", month_days=30), 6)

# %%
downtime_chart(0.999)

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
# The simulated unavailability agrees with the formula to within sampling error
# (the standard error is about the square root of p(1 − p)/trials). Three parts in
# parallel fail together only once in a million draws, so 200,000 trials may see no
# failure at all: rare events need far more samples than common ones, which is why
# the formula matters. Change the parts and the number of trials:

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
# The Zipf helpers are the course's shared ones (`sysdesign.core.workloads`, also used
# for caching and sharding): the number of keys comes first, then α.

# %%
curve = est.zipf_share_curve(n_keys=10_000, top=0.2)
alpha_80 = est.alpha_for_top_share(0.8, n_keys=10_000)
print(f"alpha = 1.0 gives {est.zipf_top_share(10_000, 1.0):.1%}; "
      f"80/20 holds at alpha = {alpha_80:.2f}")

# %%
zipf_share_chart(curve, 10_000, 0.2, marker=(alpha_80, 0.8))

# %% [markdown]
# With no skew (α = 0) the top 20 % get exactly 20 %; with α = 1, common for web
# objects, they get about 84 %. The rule is a rough midpoint, and the number of keys
# matters too: move the sliders.

# %%
# NBVAL_IGNORE_OUTPUT
zipf_panel()

# %% [markdown]
# ## A back-of-the-envelope estimator
#
# An estimate is a chain of multiplications whose inputs are assumptions. Write the
# assumptions down, and the numbers follow. Worked example: a URL shortener.
#
# | assumption | value | why |
# |---|---|---|
# | daily active users | 100 million | a popular service |
# | requests per user per day | 1.1 | 0.1 new links and 1 redirect each |
# | reads per write | 10 | links are followed far more than created |
# | peak / average | 2 | traffic is not flat over the day |
# | object size | 500 B | long URL, short code, owner, dates |
# | retention | 10 years | links should keep working |
# | replicas | 3 | survive the loss of two copies |
# | one server | 1,000 QPS | a modest web server at 100 % load |
# | cache share | 20 % | the 80/20 rule, for a day's reads |
# | target utilisation | 70 % | the 70 % capacity model: keep 30 % headroom |

# %%
workload = est.URL_SHORTENER
result = est.estimate(workload)
result.table()

# %% [markdown]
# How each number arises:
# - **QPS**: 100 M users × 1.1 = 110 M requests a day, of which 1 in 11 are writes:
#   10 M writes and 100 M reads. A day has 86,400 s, so about 116 writes/s and
#   1,157 reads/s on average, twice that at peak.
# - **Storage**: 10 M new links × 500 B = 5 GB a day, 1.83 TB a year, and with
#   10 years and 3 replicas about 55 TB.
# - **Bandwidth**: 116 writes/s × 500 B ≈ 58 kB/s in; reads ten times that out.
# - **Cache**: 20 % of a day's 100 M reads × 500 B = 10 GB, which fits in one machine's
#   memory.
# - **Servers**: peak load is 2,546 requests/s; each server is planned at 70 % of
#   1,000 QPS = 700 QPS, so 2,546 / 700 = 3.6, rounded up to 4.
#
# The same numbers from the model's fields, in base units:

# %%
print(f"{result.write_qps:.1f} writes/s, {result.read_qps:.1f} reads/s")
print(f"{result.storage_total / 1e12:.1f} TB stored, {result.servers} servers")

# %% [markdown]
# Every assumption has a control below. Try a write-heavy service (reads per write
# below 1) or a video site (objects of megabytes) and watch which number explodes.

# %%
# NBVAL_IGNORE_OUTPUT
estimator_panel()

# %% [markdown]
# ## Try it
#
# **1.** A service promises 99.95 % availability per 30-day month. How many minutes of
# downtime does that allow per month? Use `av.downtime`.

# %%
answer = ...  # minutes, e.g. av.downtime(...).total_seconds() / 60
check(answer, av.downtime(0.9995, "month", month_days=30).total_seconds() / 60,
      hint="downtime(0.9995, 'month', month_days=30) gives a timedelta")

# %% [markdown]
# <details><summary>Solution</summary>
#
# `av.downtime(0.9995, "month", month_days=30).total_seconds() / 60` gives 21.6 minutes.
# </details>
#
# **2.** A web tier of two servers in parallel (each 99 % available) sits in series with
# one database (99.9 %). What is the availability of the whole system?

# %%
answer = ...  # a fraction between 0 and 1
check(answer, av.series(av.parallel(0.99, 0.99), 0.999), rel_tol=1e-5,
      hint="parallel() for the two servers, then series() with the database")

# %% [markdown]
# <details><summary>Solution</summary>
#
# `av.series(av.parallel(0.99, 0.99), 0.999)` = 0.9999 × 0.999 ≈ 0.9989: the
# single database now limits the system.
# </details>
#
# **3.** A photo service has 10 million daily users who each upload 2 photos and view
# 100 a day; a photo is 200 kB. How much new storage (one copy) does it need per day,
# in bytes? Build a `Workload` and read `storage_per_day`.

# %%
answer = ...  # bytes per day
photos = est.Workload(daily_active_users=10e6, requests_per_user=102, read_write_ratio=50,
                      object_size_bytes=200e3)
check(answer, est.estimate(photos).storage_per_day, hint="2 uploads × 10 M users × 200 kB")

# %% [markdown]
# <details><summary>Solution</summary>
#
# 20 million uploads × 200 kB = 4 × 10^12 bytes = 4 TB a day:
# `est.estimate(photos).storage_per_day`.
# </details>
#
# ## Summary
# - Know both prefix systems: SI (10^3 steps) for disks and networks, binary (2^10
#   steps) for memory; they drift apart by 2.4 % per step.
# - Latencies span nine orders of magnitude: memory ≈ 100 ns, a datacenter round trip
#   ≈ 0.5 ms, a disk seek ≈ 10 ms, a transatlantic round trip ≈ 150 ms.
# - Each nine divides downtime by ten; say which month length a table uses. Series
#   multiplies availabilities, parallel multiplies unavailabilities, and both assume
#   independent failures.
# - An estimate is assumptions × arithmetic: QPS = requests a day / 86,400, peak =
#   average × peak factor, storage = writes × size × retention × replicas, cache ≈ 20 %
#   of a day's reads, servers = peak / (capacity × 70 %).
#
# ## Further reading
# - Jeff Dean, "Designs, Lessons and Advice from Building Large Distributed Systems"
#   (LADIS 2009), and Jonas Bonér's gist "Latency Numbers Every Programmer Should Know".
# - Betsy Beyer et al., *Site Reliability Engineering* (O'Reilly, 2016), chapter 3,
#   "Embracing Risk".
# - Lee Breslau et al., "Web Caching and Zipf-like Distributions" (INFOCOM 1999).

# %% [markdown]
# <!-- nav -->
# [← 00 · Start here](00_start_here.ipynb) · [Contents](00_start_here.ipynb#Course-map) · [06 · Caching: eviction, strategies and hit ratios →](06_caching.ipynb)
