# %% [markdown]
# # 00 · Start here
#
# Find out how the course works and how to run and read it, watch one system grow from a single server to many, and follow a design conversation from requirements to wrap-up.

# %% [markdown]
# <!-- nav -->
# [Contents](00_start_here.ipynb#Course-map) · [01 · Back-of-the-envelope estimation →](01_estimation.ipynb)

# %% [markdown]
# ## What this course is for
#
# System design is usually taught with boxes and arrows: a cache here, a load balancer
# there, "shard the database". This course lets you **run** each idea instead. You fill
# a cache and watch it evict, cut a network link and see which requests a cluster
# refuses, zoom a geohash grid over real cities, and skew a shard key until one shard
# melts. Every number you see is computed by small, readable Python you can open,
# change and re-run.
#
# It is for engineers preparing for design interviews, students meeting distributed
# systems for the first time, and anyone who wants to check an intuition with numbers.
# You need basic Python; no prior knowledge of the topics is assumed.
#
# ## What you will learn here
# - How to run the notebooks, move the widgets and read the helper code, on your machine,
#   on Binder or on GitHub.
# - The path a system takes from one server to many: thirteen steps, each removing the
#   bottleneck of the last, drawn as one architecture that grows, with one example system
#   and its numbers carried through.
# - How a design conversation runs, worked through for a URL shortener: requirements,
#   estimate, API, data model, high-level design, deep dive, wrap-up.
# - The map of the course.

# %% [markdown]
# ## How to use the notebooks
#
# - **Run cells** top to bottom with Shift+Enter, or *Run → Run All Cells*. Each
#   notebook takes seconds and gives the same numbers on every run: randomness is seeded.
# - **Move the widgets.** Every interactive panel is preceded by a plain figure or table
#   of its default settings. Change a slider or a menu and the panel redraws; a panel
#   with a time slider also has a Play button.
# - **Read the helpers.** The notebooks stay short; the models live in the `sysdesign`
#   package under `src/sysdesign/`, one folder per topic (`estimation/`, `caching/`, ...).
#   Each holds pure models (no plotting, one lesson a module), `experiments.py` (the
#   runs the notebook and its panels share), `plots.py` and `widgets.py`. Open them:
#   they are written to be read.
# - **Check yourself.** Each notebook ends with *Try it* exercises. Replace the `...`
#   with your answer and run the cell; a check prints friendly feedback, and a worked
#   solution hides under *Solution*.
#
# Every notebook starts like this one: what you will learn, one section per concept
# (simplest case first), *Try it*, *Summary* and *Further reading*.
#
# ## Three ways to read the course
#
# 1. **On your own machine**: `make lab` in a clone of the repository sets everything up
#    and opens JupyterLab here.
# 2. **On Binder**: the *launch binder* badge in the README (and the one beside each
#    notebook in its table) starts JupyterLab in your browser with nothing installed.
#    Binder sessions are temporary: download anything you change.
# 3. **On GitHub**: every notebook is stored with its outputs, so you can scroll it
#    without running anything. Widgets cannot run there; the figure above each one
#    shows its default state, and a note marks where the live panel would be.
#
# A quick look at the helpers, to make sure your environment works:

# %%
import sysdesign
from sysdesign import estimation as est
from sysdesign.core.exercises import check

print("sysdesign", sysdesign.__version__)
print("99.9 % availability allows", est.format_duration(est.downtime(0.999, "year")),
      "of downtime a year")

# %% [markdown]
# ## From one server to many
#
# The study notes list the moves a growing system makes ("System Extensions"): a separate
# database, vertical and horizontal scaling, load balancing, replication, a cache, a CDN,
# stateless web servers, several data centres, message queues, logs and metrics, sharding
# and microservices. Alex Xu's *System Design Interview* (chapter 1) puts them in the order
# a growing system usually needs them; each step removes the bottleneck the previous
# design hits first. The map below names, for each step, the lesson of this course that
# covers it. It marks lessons whose notebook is not written yet as *coming*: it is told
# which notebooks exist by listing this folder.

# %%
from pathlib import Path

from sysdesign.scaling.plots import scaling_path_chart

existing = sorted(path.name for path in Path().glob("[0-9][0-9]_*.ipynb"))
# scaling_path_chart() draws the map, knowing which notebooks exist:
scaling_path_chart(existing)

# %% [markdown]
# Notebook 00 covers the first server and vertical scaling itself, in the picture below.
#
# ### The picture that grows
#
# The same steps as one architecture, carried through with one example system: the URL
# shortener that [01 · Estimation](01_estimation.ipynb) sizes (100 million daily users, one
# new link per ten users a day, ten redirects per new link). Each step adds boxes, or
# changes or replaces some. Here is the last step; every box names the steps that added or
# changed it, and what the last step changed is drawn bold.

# %%
from sysdesign.scaling import architecture, example_lines, path_table
from sysdesign.scaling.plots import architecture_chart

architecture_chart(architecture(13), example_lines()[-1])

# %% [markdown]
# What each step means for the URL shortener, with numbers from the estimator of
# notebook 01, the latency table and the availability formulas:

# %%
import pandas as pd
from IPython.display import display

with pd.option_context("display.max_colwidth", None):  # show whole sentences, not "..."
    display(path_table(existing))

# %% [markdown]
# A single server carries the peak of 2,546 requests a second only if it is 3.6 times
# as fast as the 700 req/s we plan per server; that is vertical scaling, and it leaves one
# machine, down 8.77 hours a year at 99.9 %, between users and an outage. Four web servers
# behind a load balancer carry the same peak, and any one may fail. Scrub through the
# steps, or press Play:

# %%
# NBVAL_IGNORE_OUTPUT
from sysdesign.scaling.widgets import architecture_panel

architecture_panel()

# %% [markdown]
# ## How a design conversation runs
#
# Whether in an interview or a design review, the same four moves recur (the study notes'
# "System Design Interview Process"):
# 1. **Outline use cases, constraints and assumptions**: who uses it, how much, how fast
#    it must answer, what may be lost. Turn them into numbers
#    ([01 · Estimation](01_estimation.ipynb)).
# 2. **Sketch a high-level design**: the main components and how a request flows.
# 3. **Design the core components**: data model, APIs, the algorithms that matter.
# 4. **Scale the design**: find the bottleneck, remove it, repeat (the path above).
#
# Xu's book frames a 45-minute interview the same way and suggests a budget: understand
# the problem and the scope (3–10 minutes), propose a high-level design and get buy-in
# (10–15), dive deep (10–25), wrap up (3–5).
#
# ### A worked example: a URL shortener
#
# **Requirements.** Given a long URL, return a short code; given the code, redirect to the
# URL. Links never change and last ten years. Redirects must be fast and always work;
# creating links may be a little slower. 100 million daily users.
#
# **Estimate.** With the assumptions of notebook 01 (one new link per ten users a day, ten
# redirects per link):

# %%
summary = est.estimate(est.URL_SHORTENER).table()
summary.loc[["peak read QPS", "peak write QPS", "storage to buy (data fills the target share)",
             "objects stored at the end of retention", "cache memory (hottest share of them)",
             "servers (peak fills the target share)"]]

# %% [markdown]
# **API and data model.** Two operations: `POST /links` with a URL returns a code;
# `GET /{code}` answers with a redirect to the URL. One table, `links (id, url)`. A code
# is the link's row id written in base 62 (digits, upper- and lower-case letters), so two
# links never share a code and a lookup is a primary-key search. Here it runs on a real
# SQLite database:

# %%
from sysdesign.scaling import Shortener, code_length, expected_collisions

links = Shortener(code_length=code_length(est.estimate(est.URL_SHORTENER).objects_stored))
code = links.shorten("https://en.wikipedia.org/wiki/Back-of-the-envelope_calculation")
print(code, "->", links.resolve(code))
print("lookup:", links.plan())

# %% [markdown]
# Six symbols are enough: 62^6 ≈ 57 billion codes for the 36.5 billion links of ten
# years. And SQLite finds a code's URL by a search on the table's integer primary key.
# One catch an interviewer will raise: codes that count up are guessable, so anyone can
# walk through every link by counting. If links may be private, scramble the number
# before encoding it, with a keyed permutation of the code space (format-preserving
# encryption), which keeps codes unique and six symbols long.
#
# **High-level design.** Steps 1 to 6 and 8 of the path: a load balancer, stateless web
# servers, a database with replicas for the 2,315 reads a second at peak, and a cache for hot
# links.
#
# **Deep dive.** Two questions deserve the time. First, *where do codes come from?* A row
# id needs one counter, a single point of failure and a bottleneck once writes are spread
# over several databases; [13 · Distributed IDs](13_distributed_ids.ipynb) shows how to
# hand out unique numbers without one. Hashing the URL instead needs no counter, but
# random codes collide, and far more often than intuition says:

# %%
for length in (6, 7, 8):
    print(f"{length} symbols: {expected_collisions(36.5e9, length):,.0f} colliding pairs expected")

# %% [markdown]
# Even eight random symbols would give about three million collisions over ten years, so a
# hashed design must check each new code and retry. Second, *301 or 302?* A 301 (moved
# permanently) is heuristically cacheable, so browsers may keep it and skip the shortener on
# later clicks: less load, but those clicks go uncounted (RFC 9110, section 15.4.2). A 302
# (found) is not heuristically cacheable (section 15.1 lists the codes that are), so unless
# the service sends explicit cache headers, every click comes back through it. Counting
# clicks is what the message queue of step 10 is for.
#
# **Wrap-up.** Name the bottlenecks and what comes next: the cache serves only about a
# fifth of redirects at the skew we assumed ([01 · Estimation](01_estimation.ipynb) shows
# why, and what it means for the disks); ten years of links are 18.3 TB per copy, which may
# fill only 70 % of the disks, so each copy needs 26 TB of disk, more than the 10 TB we
# assumed one database server holds; the links are split over three shards,
# each a primary with two replicas ([11 · Sharding](11_sharding.ipynb); replicas copy a
# shard, they do not hold a share of it); replicas bring replication lag
# ([10 · Consistency](10_consistency.ipynb)). The full design, end to end with models from
# earlier notebooks, is the capstone [29 · Design a URL shortener](29_url_shortener.ipynb).

# %% [markdown]
# ## Course map
#
# The notebooks in reading order. Those marked *coming* are planned but not yet
# written.

# %% [markdown]
# <!-- course-map -->
# | # | Notebook | Status |
# |---|---|---|
# | 00 | [Start here](00_start_here.ipynb) | ready |
# | 01 | [Back-of-the-envelope estimation](01_estimation.ipynb) | ready |
# | 02 | [Networking: IP, TCP, UDP and HTTP](02_networking.ipynb) | ready |
# | 03 | [APIs: RPC, REST, gRPC, GraphQL and idempotency](03_apis.ipynb) | ready |
# | 04 | [DNS](04_dns.ipynb) | ready |
# | 05 | [Load balancing and proxies](05_load_balancing.ipynb) | ready |
# | 06 | [Caching](06_caching.ipynb) | ready |
# | 07 | [Content delivery networks](07_cdn.ipynb) | ready |
# | 08 | [Availability, SLOs and disaster recovery](08_availability.ipynb) | ready |
# | 09 | [CAP and PACELC](09_cap_pacelc.ipynb) | ready |
# | 10 | [Consistency and replication](10_consistency.ipynb) | ready |
# | 11 | [Sharding and databases](11_sharding.ipynb) | ready |
# | 12 | [Consistent hashing](12_consistent_hashing.ipynb) | ready |
# | 13 | [Distributed IDs](13_distributed_ids.ipynb) | ready |
# | 14 | [Indexes](14_indexes.ipynb) | ready |
# | 15 | [Geohashing and quadtrees](15_geohash_quadtree.ipynb) | ready |
# | 16 | [Rate limiting](16_rate_limiting.ipynb) | ready |
# | 17 | [Resilience: circuit breakers, retries, back pressure](17_resilience.ipynb) | ready |
# | 18 | [Message queues and event streams](18_messaging.ipynb) | ready |
# | 19 | [Event sourcing and CQRS](19_event_sourcing_cqrs.ipynb) | ready |
# | 20 | [Real time: polling, SSE and WebSockets](20_realtime.ipynb) | ready |
# | 21 | [Transactions and locking](21_transactions_locking.ipynb) | ready |
# | 22 | [Coordination: Paxos, gossip, leases](22_coordination.ipynb) | ready |
# | 23 | [Service infrastructure](23_service_infrastructure.ipynb) | ready |
# | 24 | [Security](24_security.ipynb) | ready |
# | 25 | [Performance and observability](25_performance.ipynb) | ready |
# | 26 | [Big data](26_big_data.ipynb) | ready |
# | 27 | [A/B testing](27_ab_testing.ipynb) | ready |
# | 28 | [Concurrency models](28_concurrency_models.ipynb) | ready |
# | 29 | [Design a URL shortener](29_url_shortener.ipynb) | ready |
# | 30 | [Design a proximity service](30_proximity_service.ipynb) | ready |

# %% [markdown]
# ## Where this shows up
# - The scaling path is the backbone of most design interviews and of Xu's chapter 1;
#   the System Design Primer walks the same road for a web service on AWS.
# - URL shorteners are a classic interview question; Xu's chapter 8 weighs 301 against
#   302 for the same reason as above: fewer requests, or every click counted.
# - Every later notebook zooms into one box of the picture: [06 · Caching](06_caching.ipynb),
#   [10 · Consistency](10_consistency.ipynb), [11 · Sharding](11_sharding.ipynb),
#   [12 · Consistent hashing](12_consistent_hashing.ipynb).
#
# ## Try it
#
# **1.** Decide. Your only site is in Virginia. Users in Australia find redirects slow:
# each one waits for a round trip across the world, and the slow part is the redirect
# itself (a database lookup), not static files. Which step of the path fixes it? Answer
# with a step's name, as in the map.

# %%
answer = ...
check("00.1", answer)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# answer = "Multiple data centres"
# ```
#
# Only a second site near Australia, holding the data, removes the round trip to
# Virginia; GeoDNS sends Australian users there. The CDN of step 7 serves static files, not
# database lookups.
# </details>
#
# **2.** Decide. Your database's primary can no longer keep up with the *writes* (reads are
# fine, and the biggest machine is already in use). Which step fixes it?

# %%
answer = ...
check("00.2", answer)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# answer = "Sharding"
# ```
#
# Replicas apply every write too, so they add read capacity only; a cache absorbs reads.
# Splitting the data by key over several primaries divides the writes between them.
# </details>
#
# **3.** A busier shortener creates a billion links a day and keeps them for ten years of
# 365 days. How many base-62 symbols must its codes have, at least, so that every link gets
# its own code?

# %%
answer = ...
check("00.3", answer)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# from sysdesign.scaling import code_length
#
# answer = code_length(1e9 * 10 * 365)
# ```
#
# 3.65 trillion links need 8 symbols: 62^7 ≈ 3.52 trillion falls just short.
# </details>
#
# ## Summary
# - Each notebook is a lesson you run: short cells, a figure for every idea, a widget to
#   move it, exercises to check yourself.
# - A system grows by removing its current bottleneck: a separate database, bigger
#   machines, then more machines behind a load balancer, replicas, a cache, a CDN,
#   stateless servers, more sites, queues, metrics, shards and services.
# - A design conversation moves from requirements and numbers to a sketch, then into the
#   parts that matter, and ends by naming the bottlenecks.
# - The models are in `src/sysdesign`, readable on purpose: the code is part of the
#   lesson. Read on GitHub, launch on Binder, or run locally with `make lab`.
#
# ## Further reading
# - Donne Martin, *The System Design Primer* (GitHub), the outline many of these topics
#   follow.
# - Alex Xu, *System Design Interview – An Insider's Guide* (2020): chapter 1 on scaling
#   from zero to millions of users, chapter 3 on the interview framework, chapter 8 on a
#   URL shortener.
# - Martin Kleppmann, *Designing Data-Intensive Applications* (O'Reilly, 2017).
# - RFC 9110, *HTTP Semantics* (2022), section 15.4 on redirects and section 15.1 on which
#   status codes are heuristically cacheable.

# %% [markdown]
# <!-- nav -->
# [Contents](00_start_here.ipynb#Course-map) · [01 · Back-of-the-envelope estimation →](01_estimation.ipynb)
