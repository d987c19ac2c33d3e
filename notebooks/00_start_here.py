# %% [markdown]
# # 00 · Start here
#
# Find out how the course works, how to run and read it, and see the whole map from one server to a system serving millions.

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
# - How to run the notebooks, move the widgets and read the helper code.
# - How to read the course on GitHub or launch it on Binder without installing anything.
# - The map of all notebooks, and the classic path a system takes as it grows.

# %% [markdown]
# ## How to use the notebooks
#
# - **Run cells** top to bottom with Shift+Enter, or *Run → Run All Cells*. Each
#   notebook takes seconds and gives the same numbers on every run: randomness is seeded.
# - **Move the widgets.** Every interactive panel is preceded by a plain figure of its
#   default settings. Change a slider or a menu and the panel redraws.
# - **Read the helpers.** The notebooks stay short; the models live in the `sysdesign`
#   package under `src/sysdesign/`, one folder per topic (`estimation/`, `caching/`, ...).
#   Each holds pure models (no plotting, one lesson a module), `experiments.py` (the
#   runs the notebook and its panels share), `plots.py` and `widgets.py`. Open them:
#   they are written to be read.
# - **Check yourself.** Each notebook ends with *Try it* exercises. Replace the `...`
#   with your answer and run the cell; a check prints friendly feedback.
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

print("sysdesign", sysdesign.__version__)
print("99.9 % availability allows", est.downtime(0.999, "year"), "of downtime a year")

# %% [markdown]
# ## How a design conversation runs
#
# Whether in an interview or a design review, the same four moves recur:
# 1. **Outline use cases, constraints and assumptions**: who uses it, how much, how fast
#    it must answer, what may be lost. Turn them into numbers
#    ([01 · Estimation](01_estimation.ipynb)).
# 2. **Sketch a high-level design**: the main components and how a request flows.
# 3. **Design the core components**: data model, APIs, the algorithms that matter.
# 4. **Scale the design**: find the bottleneck, remove it, repeat.
#
# ## From one server to many
#
# Step 4 follows a well-worn path. Each move below removes the bottleneck the previous
# design hits first; the small label names the notebook that covers it.

# %%
from sysdesign.scaling.plots import scaling_path_chart

scaling_path_chart()

# %% [markdown]
# The same steps as a table:

# %%
import pandas as pd

from sysdesign.scaling import SCALING_PATH

pd.DataFrame(SCALING_PATH).set_index("name")

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
# | 02 | Networking: IP, TCP, UDP and HTTP | coming |
# | 03 | APIs: RPC, REST, gRPC, GraphQL and idempotency | coming |
# | 04 | DNS | coming |
# | 05 | Load balancing and proxies | coming |
# | 06 | [Caching](06_caching.ipynb) | ready |
# | 07 | Content delivery networks | coming |
# | 08 | Availability, SLOs and disaster recovery | coming |
# | 09 | [CAP and PACELC](09_cap_pacelc.ipynb) | ready |
# | 10 | [Consistency and replication](10_consistency.ipynb) | ready |
# | 11 | [Sharding and databases](11_sharding.ipynb) | ready |
# | 12 | [Consistent hashing](12_consistent_hashing.ipynb) | ready |
# | 13 | [Distributed IDs](13_distributed_ids.ipynb) | ready |
# | 14 | Indexes | coming |
# | 15 | [Geohashing and quadtrees](15_geohash_quadtree.ipynb) | ready |
# | 16 | Rate limiting | coming |
# | 17 | Resilience: circuit breakers, retries, back pressure | coming |
# | 18 | Message queues and event streams | coming |
# | 19 | Event sourcing and CQRS | coming |
# | 20 | Real time: polling, SSE and WebSockets | coming |
# | 21 | Transactions and locking | coming |
# | 22 | Coordination: Paxos, gossip, leases | coming |
# | 23 | Service infrastructure | coming |
# | 24 | Security | coming |
# | 25 | Performance and observability | coming |
# | 26 | Big data | coming |
# | 27 | A/B testing | coming |
# | 28 | Concurrency models | coming |

# %% [markdown]
# ## Summary
# - Each notebook is a lesson you run: short cells, a figure for every idea, a widget to
#   move it, exercises to check yourself.
# - The models are in `src/sysdesign`, readable on purpose: the code is part of the
#   lesson.
# - Read on GitHub, launch on Binder, or run locally with `make lab`.
#
# ## Further reading
# - Donne Martin, *The System Design Primer* (GitHub), the outline many of these topics
#   follow.
# - Martin Kleppmann, *Designing Data-Intensive Applications* (O'Reilly, 2017).
# - Alex Xu, *System Design Interview – An Insider's Guide* (2020), chapter 1 on
#   scaling from zero to millions of users.

# %% [markdown]
# <!-- nav -->
# [Contents](00_start_here.ipynb#Course-map) · [01 · Back-of-the-envelope estimation →](01_estimation.ipynb)
