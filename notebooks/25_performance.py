# %% [markdown]
# # 25 · Performance and observability: queues, percentiles, load tests, traces
#
# Watch latency bend into a hockey stick as a server fills up, measure Little's law, ask whether one fast server beats four slow ones, see why the mean lies and how a fan-out to a hundred backends meets the slow one, load a real HTTP server on your own machine until it saturates, and follow one request through logs, metrics and OpenTelemetry spans.

# %% [markdown]
# <!-- nav -->
# [← 24 · Security: certificates, TLS, web attacks, OAuth and OIDC](24_security.ipynb) · [Contents](00_start_here.ipynb#Course-map) · [26 · Big data: MapReduce, lakes and warehouses →](26_big_data.ipynb)

# %% [markdown]
# ## What you will learn
# - Why latency stays flat and then shoots up as utilisation nears 100 %: the M/M/1 and
#   M/M/c queues (Erlang C), checked against a simulation; Little's law, measured.
# - The difference between performance and scalability, and between latency and
#   throughput, on one system as load and servers grow.
# - Why means lie, how HDR-style histograms keep percentiles cheap and mergeable, why a
#   fan-out to many backends makes the rare slow answer common, and what hedging costs.
# - How to run a load test that does not lie (coordinated omission), and how metrics,
#   logs, traces and the RED/USE checklists see the same request path.
#
# Builds on: [01 · Estimation](01_estimation.ipynb) (latency numbers, the 70 % capacity
# rule), [05 · Load balancing](05_load_balancing.ipynb) (latency percentiles per policy)
# and [17 · Resilience](17_resilience.ipynb) (timeouts from percentiles, overload). The
# models are in `src/sysdesign/performance/`: `queueing.py` (closed forms),
# `simulation.py` (the same queue on `core.events`), `percentiles.py`, `loadtest.py` (a
# real server on 127.0.0.1) and `observability.py` (logs, metrics, OpenTelemetry spans).

# %%
import numpy as np

from sysdesign.core.exercises import check
from sysdesign.performance import (
    LogLinearHistogram,
    backend_latencies,
    experiments,
    fanout_slow_probability,
    mm1,
    mmc,
    nearest_rank,
    observability,
    plots,
    widgets,
)

# %% [markdown]
# ## Queueing: why latency has a knee
#
# A server that takes 10 ms per request can serve 100 requests a second. Send it 80 a
# second and it is busy 80 % of the time, yet requests do not take 10 ms: they arrive at
# random, sometimes several at once, and wait for each other. The simplest model of this
# is the **M/M/1 queue**: arrivals form a Poisson process (rate λ), service times are
# exponential (rate μ), one server, first come first served. Its means have closed forms:
# utilisation ρ = λ/μ, time in system W = 1/(μ − λ), and number in system L = ρ/(1 − ρ).

# %%
q = mm1(arrival_rate=80, service_rate=100)  # requests per second
q

# %% [markdown]
# At 80 % busy a request spends 50 ms in the system, five times its 10 ms of service: 40 ms
# of it waiting (`mean_wait`). On average 4 requests are inside, 3.2 of them in the queue.
#
# With **c servers sharing one queue** (M/M/c), an arrival waits only if all c are busy.
# Erlang's C formula gives that chance (`p_wait`), and the means follow from it. Four
# servers of 25 requests/s each, at the same 80 % utilisation:

# %%
q4 = mmc(arrival_rate=80, service_rate=25, servers=4)
print(f"P(wait) = {q4.p_wait:.3f}, mean wait {q4.mean_wait * 1000:.1f} ms, "
      f"time in system {q4.mean_time_in_system * 1000:.1f} ms")

# %% [markdown]
# Six arrivals in ten find all four servers busy and wait, about 30 ms on average, and a
# request spends about 70 ms in the system: more than the 50 ms of the single server
# above that is four times as fast (more on this trade below).
#
# Both functions refuse a load the servers cannot carry: at λ ≥ c·μ the queue grows
# without end, and there is no steady state to describe (`mm1(100, 100)` raises
# `ValueError`). The tests check the formulas three ways: against a textbook sum form of
# Erlang C, against the same queue simulated on the course's event engine
# (`core.events`), and against SimPy, which replays the same arrivals and service times
# and agrees request by request; and `mm1(λ, μ)` agrees with `mmc(λ, μ, 1)` to within
# rounding error.
#
# ### The hockey stick
#
# Plot the mean time in system against utilisation and you get the curve every capacity
# planner knows: rising slowly up to about half load (one server at 50 % takes twice its
# service time), then bending up, then vertical as utilisation nears 100 %, because W
# grows like 1/(1 − ρ). The red dot is a simulated run of 3,000 requests at 80 % (the
# run `core.events` makes, computed by a fast path the tests prove equal to it), next to
# the closed form; the triangle is that run's p99, far above the mean.

# %%
stick = widgets.hockey_stick_panel()  # 1 server, 10 ms, simulated run at 80 %
stick.snapshot()

# %% [markdown]
# The closed form is a steady-state mean; a run of 3,000 requests lands near it, not on it
# (the printed numbers in the figure). This is why the rule of thumb from
# [01 · Estimation](01_estimation.ipynb) plans servers for about 70 % of their capacity:
# above that, a small rise in load buys a large rise in latency. Add servers, change the
# service time, or move the simulated run:

# %%
# NBVAL_IGNORE_OUTPUT
stick

# %% [markdown]
# ### Little's law, measured
#
# Little's law says that in any stable system, on average, **L = λ · W**: requests inside
# = arrival rate × time each spends inside. It holds whatever the arrival and service
# distributions, which makes it the most useful formula in capacity planning (Little,
# 1961). Here it is measured as an operator would: L from a gauge of "requests in flight"
# scraped every 50 ms, λ from a request counter, W from per-request latencies, on one
# simulated run of 20,000 requests:

# %%
{k: round(v, 3) for k, v in experiments.littles_law().items()}

# %% [markdown]
# The scraped gauge and λ·W agree to within about one percent, and both sit near the
# M/M/1 formula's L = 4. The law is what lets you turn any two of the three numbers into
# the third: a service at 2,000 requests/s with 50 ms latency has about 100 requests in
# flight, so it needs at least 100 threads, connections or coroutines.
#
# A queue unfolds in time, and the means hide how it moves. One server with 100 ms of
# work per request, at 90 % utilisation, for 30 s, its gauge scraped every 0.1 s:

# %%
in_time = widgets.queue_timeline_panel()  # scrub the time slider below; figure = t = 30 s
in_time.snapshot()

# %% [markdown]
# The queue comes in bursts: quiet stretches, then a few arrivals close together and a
# dozen requests pile up, although on average the server has spare capacity. Over these
# 30 s the gauge averages well under the steady-state L = 9 of the formula (dashed): at
# 90 % a single server needs far longer than 30 s for its averages to settle, so a short
# test at high load can mislead either way. Little's law does not need the steady state:
# on what has happened so far, the gauge mean and λ·W agree (the numbers in the figure).
# Drag the time slider, or change the utilisation:

# %%
# NBVAL_IGNORE_OUTPUT
in_time

# %% [markdown]
# ### One fast server or several slow ones?
#
# Same total capacity, two designs: one server that does 400 requests/s, or four that do
# 100/s each sharing one queue. Mean time in system W and mean wait in the queue Wq:

# %%
experiments.fast_vs_slow(servers=4, service_rate=100)

# %% [markdown]
# The fast server always has the lower **time in system**: at 10 % load a request takes
# under 3 ms instead of 10 ms, and the gap narrows (50 ms against about 55 ms at 95 %)
# but never closes. The four
# slow servers have the lower **wait in queue** (the tests check both with hypothesis, on
# random loads and server counts). So one big server wins on latency; several servers win on
# what the table does not show: one of them can fail or be replaced without an outage,
# and you can keep adding them when the fast one cannot get faster.
#
# ## Performance vs scalability, latency vs throughput
#
# - **Latency** is the time one request takes, from sending to the answer; **throughput**
#   is how many requests the system completes per unit of time.
# - A **performance** problem: the system is slow for a single user, even at no load.
#   A **scalability** problem: it is fast for one user but slows down as load grows, and
#   adding resources does not buy proportionally more throughput at the same latency.
#
# The notes put it as a question ("fast for one user, slow for many???"); the queue makes
# it precise. Below, the same 10 ms servers, 1 to 8 of them, under rising load. Each curve
# starts at the same latency (performance is per server); more servers push the knee to
# higher throughput (scalability):

# %%
scale = experiments.scaling(server_counts=(1, 2, 4, 8), service_ms=10, slo_ms=30)
plots.scaling_view(scale)

# %%
scale["table"]

# %% [markdown]
# Under a 30 ms mean-latency objective, 8 servers carry more than 8 times what one can,
# because a shared queue pools the randomness (each server's share can run hotter). That
# is the ideal case: real systems scale less than linearly because servers share
# something: a database, a lock, a network link (see [11 · Sharding](11_sharding.ipynb)).
# Latency and throughput are also linked by Little's law: with a fixed number of requests
# in flight (a connection pool of 10, say), throughput = 10 / latency, so a slower
# backend directly caps throughput.
#
# ## Percentiles
#
# ### Why means lie
#
# A backend that answers in about 10 ms, except 1 % of the time when it hits a pause and
# takes about 200 ms (100,000 simulated requests, in ms):

# %%
experiments.means_lie()

# %% [markdown]
# The mean is above the median: the slow 1 %, about twenty times slower than the rest,
# pull it up, so more than half of the requests are faster than the "average latency",
# and the mean says nothing about how slow the slow ones are. With exactly 1 % slow, the p99
# sits on the edge between the two groups, the p99.9 inside the slow one, and the max
# is set by a single request. That is why SLOs are written as percentiles
# ("99 % of requests within 300 ms"), and why a timeout set from the mean fails (see
# [17 · Resilience](17_resilience.ipynb#Timeouts-come-from-percentiles)).
#
# ### HDR-style histograms
#
# Keeping every latency to compute exact percentiles costs memory and cannot be merged
# across servers cheaply. HdrHistogram (Gil Tene) keeps counts in buckets whose width
# grows with the value, so every value is known to a fixed *relative* precision (say 2
# significant digits), in a fixed amount of memory set by the range and the precision,
# not by how many values are recorded (kilobytes to a few hundred kilobytes); two
# histograms merge by adding counts. Ours (`LogLinearHistogram`) does the same in about
# fifty lines. On 100,000 latencies recorded in microseconds:

# %%
lat_us = np.round(backend_latencies(100_000) * 1000).astype(int)
h = LogLinearHistogram(significant_digits=2)
for value, count in zip(*np.unique(lat_us, return_counts=True), strict=True):
    h.record(int(value), int(count))
{"buckets": h.buckets, "p99 histogram (us)": h.value_at_percentile(99),
 "p99 exact (us)": nearest_rank(lat_us, 99)}

# %% [markdown]
# A few hundred buckets instead of 100,000 values, and the p99 within 1 % of the exact
# one (the tests check the bound on random data with hypothesis). Merging matters more
# than it seems: **the p99 of a fleet is not the average of its servers' p99s**. Two
# servers, one with 10 % slow answers:

# %%
{k: round(v, 1) for k, v in experiments.merged_p99().items()}

# %% [markdown]
# The mean of the two p99s is far from the true p99 of all requests; the merged
# histogram gets it right. Dashboards that average percentiles across hosts show numbers
# no request experienced: aggregate the histograms, then take the percentile.
#
# ### The tail at scale
#
# A search, a feed or a page often fans out to many backends and waits for all of them.
# If each backend is slow 1 % of the time, a request that asks 100 of them meets at least
# one slow answer with probability 1 − 0.99^100 (Dean and Barroso, "The Tail at Scale",
# 2013):

# %%
{n: round(fanout_slow_probability(n, 0.01), 3) for n in (1, 10, 100, 1000)}

# %% [markdown]
# 63 % at a fan-out of 100: more than half of the requests include a slow answer, so the
# request's *median* is slower than one backend's p99 (compare the p50 bar without
# hedging below with the p99 of one backend printed above). Dean and
# Barroso's remedy is to tolerate the tail rather than remove it. A **hedged request**
# sends a second copy to another replica when the first has not answered by the 95th
# percentile of expected latency, and uses whichever answers first; the extra load is
# then limited to about 5 %. In their BigTable benchmark (1,000 keys over 100 servers),
# hedging after 10 ms cut the p99.9 from 1,800 ms to 74 ms for 2 % more requests. Below,
# 1,000 requests each fan out to 100 simulated backends (left: the formula and the
# simulated share; right: request latency percentiles without and with hedging at p95):

# %%
tail = widgets.fanout_tail_panel()  # N = 100, 1 % slow, hedge at p95
tail.snapshot()

# %%
hedged_run = tail.result["hedged"]
print(f"met a slow backend: {tail.result['plain']['met_slow']:.1%} simulated, "
      f"{tail.result['formula']:.1%} formula; hedging sent "
      f"{hedged_run['extra_load']:.1%} extra calls")

# %% [markdown]
# The hedge fires for about 5 % of backend calls, and a slow backend call is usually
# rescued by its copy, so the p50 to p99 of requests fall to near the fast path. The
# p99.9 stays high: with 100 backends per request, about one request in a hundred has a
# backend whose copy is slow as well. The cost is those extra calls, and two conditions: the request must be safe to
# send twice (idempotent, see [03 · APIs](03_apis.ipynb#Idempotency)), and slowness must
# be a property of one replica at one moment, not of the request itself (a query that is
# slow everywhere is just sent twice). Move the fan-out, the slow share and the hedge
# point:

# %%
# NBVAL_IGNORE_OUTPUT
tail

# %% [markdown]
# ## A real load test
#
# Now a real server: `loadtest.serving` starts a `ThreadingHTTPServer` on 127.0.0.1 (a
# free port) and shuts it down when the block ends. Each request must take one of **4
# worker slots** and then "works" by sleeping an **exponential** time with mean **10 ms**
# (drawn from a seeded generator), so the server is close to an M/M/4 queue with μ = 100
# per worker, capacity 400 requests/s; the sleep uses no CPU, so the client and the server
# can share this machine. It is not exactly M/M/4: HTTP parsing, thread start and the
# client add a millisecond or two to every request (more on a busy machine, which also
# adds noise). (A fixed
# sleep would make it M/D/4, whose waits are shorter: exactly half of M/M/1's with one
# server, by Pollaczek-Khinchine, which the tests check on the simulator.)
#
# The client is **open-loop**: it fixes the send times in advance and measures each
# latency from the time the request *should* have left. The times are random, as from a
# Poisson process, but a step of n requests puts exactly n of them in its window of
# n/rate seconds (given their count, a Poisson process's arrival times are sorted uniform
# draws over the window), so even a short step offers its nominal rate. Every step
# draws from the same random-number streams: its service times are the same draws in the
# same order, and its send times come from the same exponential draws, rescaled to fill
# its window (**common random numbers**, a standard variance-reduction technique for
# comparing simulated systems). The steps are then strongly correlated: they differ
# mostly by their load, much less by their luck. The ramp raises the offered load from
# 25 % to 200 % of capacity, about 0.08 s per step with at least 12 requests (so the
# first, at 100 requests/s, takes 0.12 s; the cell prints each step's count); every
# socket has a 5 s timeout. The knee is read
# from the median, which a single hiccup of a busy machine cannot move much: the first
# step whose median is over three times the lowest median of the steps before it.

# %% tags=["nbval-ignore-output"]
# Measured: real HTTP requests on this machine; timings vary with its load.
ramp = experiments.load_ramp(workers=4, service_ms=10)
knee = experiments.ramp_knee(ramp)  # first step with median > 3x the lowest one before it
print(f"requests per step {ramp['requests'].tolist()}, errors: {int(ramp['errors'].sum())}; knee: "
      f"{'not found' if knee is None else f'{knee:.0%} of capacity'}")
plots.ramp_view(ramp)

# %% [markdown]
# What to look for (the numbers are this machine's, at the moment the cell ran): at low
# load the measured latency is the service time plus some overhead (the gap to the blue
# M/M/c line, larger on a busy machine); past capacity (the vertical line), requests
# arrive faster than they leave, the queue grows for as long as the step lasts, and
# latency climbs: the knee. The M/M/c mean itself almost triples by 90 % (the blue
# squares), and its median more than triples (7.0 to 22.5 ms), so the knee, read from the
# median, can also show one step before capacity. Each step is short (about 0.08 s, 12 to
# 64 requests): the shared random numbers keep the steps in order, but
# each step's numbers are still one small sample (a few long exponential service times
# move a mean or a p99 a lot), and a busy machine adds its hiccups, which is why the
# knee is read from the median with a wide margin. Near capacity the queue has not
# reached its steady state either, so the measured curve need not follow the M/M/c
# line, which describes a queue that has run for a long time. A real load test holds
# each step for minutes, on a machine that does nothing else, and repeats it.
#
# ### Coordinated omission
#
# A **closed-loop** client (a fixed number of users, each sending its next request when
# the last one is answered) is how many load tools work, and it hides stalls. Gil Tene
# named this **coordinated omission**: when the server stalls, the client stops sending,
# so the stall is recorded once per user instead of once per request that *would* have
# been sent. Below, a server like the one above, but twice as quick (5 ms mean service:
# two runs of 0.15 s, about a third of a second in all), pauses once for 50 ms, 0.05 s into
# a run of 0.15 s (every request that starts in that window waits for its end, like a
# stop-the-world pause); two closed-loop users measure it, then an open-loop client at
# the same average rate, one request every 1/rate seconds (a constant-throughput client,
# as `wrk2` sends):

# %% tags=["nbval-ignore-output"]
# Measured: real HTTP requests around a 50 ms server stall; counts vary with the machine.
# Sized to stay clear on a busy machine: 0.1 s of normal service give the closed loop 20
# to 40 requests, so its stalled ones (two; on a heavily loaded machine a third may
# straddle the stall) sit at its very top, while a fifth to two fifths of the open loop's
# are slow (checked over repeated runs with the machine under load).
co = experiments.omission(service_ms=5, duration_s=0.15, stall=(0.05, 0.05))
slow = {k: float(np.mean(co[k] > 25)) for k in ("closed", "open")}  # 5 service times
print(f"{len(co['closed'])} requests each; share slower than 25 ms: closed-loop "
      f"{slow['closed']:.1%}, open-loop {slow['open']:.1%}; "
      f"open-loop sees more of the stall: {slow['open'] > slow['closed']}")
plots.omission_view(co)

# %% [markdown]
# The closed-loop users each waited through the stall once, so about one request per
# user is slow: its percentiles stay within a few service times until the very top (its
# p99), where the one or two stalled requests sit. Both clients see how *long* the stall was (their
# largest latencies are close to it); only the open-loop client sees how *many* requests
# it hurt. It kept sending: every request due during the stall waited for it, and for
# the backlog behind it, so a much larger share is slow (several times the closed
# loop's), and its percentiles rise well below the top (its p75 and p90). The requests
# the closed-loop users would have sent during the stall were never sent, so their
# latency was never recorded. Real users do not wait for each other; measure from
# the intended send time (as `wrk2` and HdrHistogram's corrected recording do), or the
# test flatters the system exactly when it matters.
#
# ## Observability: metrics, logs and traces
#
# The notes list monitoring, logging, tracing and alerting. The three kinds of telemetry
# answer different questions about the same requests. Take one simulated request path:
# `gateway` calls `auth`, then `orders`, which asks `cache` and `db` in parallel (a db
# call fails 2 % of the time, and the failure propagates up). One request, as **logs**
# (one line per event, in the order things finished):

# %%
one = experiments.trace_one(request_id=7)
print("\n".join(one["logs"]))

# %% [markdown]
# Logs tell you what happened to *this* request, but to see the system you must collect
# and aggregate them. **Metrics** are the aggregate, kept cheaply as counters and
# histograms; 500 requests of the same path, per service, as RED (rate, errors,
# duration: Tom Wilkie's checklist for request-driven services):

# %%
observability.metrics(observability.requests(500))

# %% [markdown]
# The metrics say the db fails (9 times in 500) and that its p99 is most of the
# gateway's, and that the gateway's errors match the db's; they cannot say which request
# did what, or which step was slow in a slow request. A **trace** does: each
# step is a span with a parent, so the tree of one request is kept. These are real
# OpenTelemetry spans, made with the SDK's `TracerProvider` (a local one, with a seeded id
# generator, explicit start and end times from the simulation, and an
# `InMemorySpanExporter`), drawn as a waterfall:

# %%
one["waterfall"][["span", "depth", "start_ms", "duration_ms", "status", "span_id", "parent_id"]]

# %%
plots.waterfall_view(one["waterfall"])

# %% [markdown]
# The waterfall shows where the time went: `cache` and `db` run side by side, so the
# request waits for the slower of the two, and `auth` runs before them, in series. In a
# real system the trace id travels between services in the W3C `traceparent` header, and
# each service exports its spans to a collector that joins them.
#
# ### RED and USE
#
# RED describes **requests** (rate, errors, duration); Brendan Gregg's USE method
# describes **resources**: for each one, utilisation (share of time busy), saturation
# (work waiting) and errors. One server (100 requests/s), 4 s at 50 requests/s, then 4 s
# at 110/s, more than it can serve; per second, an error is a request slower than 200 ms:

# %%
observability.red_use(experiments.load_step(), window=1.0, timeout=0.2).round(3)

# %% [markdown]
# In the first half, utilisation is about 40 to 50 % and saturation (the mean number waiting)
# stays below one request. Once the load passes capacity, utilisation reaches 100 % and
# can show nothing more, while saturation jumps to about 9 requests waiting in the first
# second and keeps growing, to about 60 in the last: every second adds the arrivals the
# server could not take. In that first second no request errs yet (the p99 is rising, but
# under 200 ms); from the next one, the queue is long enough to push most requests past
# 200 ms. Saturation is the early warning, errors the late one. Rate alone would mislead:
# completed requests per second stay around the capacity or below it (81 to 102 here),
# never the 110 that arrive.
#
# ## Try it
#
# **25.1** A service's gauge shows 30 requests in flight on average while it serves 600
# requests/s. What is its mean latency, in milliseconds?

# %%
answer = ...
check("25.1", answer)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# answer = 30 / 600 * 1000
# ```
#
# Little's law solved for the time: W = L / λ = 30 / (600/s) = 0.05 s = 50 ms. This is
# the cross-check from the Little's law section: if the latency your metrics report is
# far from the gauge divided by the rate, one of the metrics is wrong.
# </details>
#
# **25.2** Requests arrive at 300/s at four servers that handle 100/s each. Either they
# share one queue (each free server takes the next request), or a random split sends a
# quarter of the requests to each server, which keeps its own queue. Which gives the lower
# mean latency? Answer `"one shared queue"` or `"four separate queues"`; decide first,
# then check with `mm1` and `mmc`.

# %%
answer = ...
check("25.2", answer)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# from sysdesign.performance import mm1, mmc
#
# shared = mmc(300, 100, 4).mean_time_in_system     # about 15 ms
# separate = mm1(300 / 4, 100).mean_time_in_system  # 1 / (100 - 75) = 40 ms
# answer = "one shared queue" if shared < separate else "four separate queues"
# ```
#
# Both designs run every server 75 % busy, but with separate queues a request can wait
# behind another while a different server sits idle; in the shared queue it waits only
# when all four are busy (`mmc(300, 100, 4).p_wait`), and then only until the first of
# them frees up. The same pooling is why 8 servers carried more than 8 times what one
# could in the scaling table above.
# </details>
#
# **25.3** A page fans out to 200 backends and waits for all of them. Each is slow one
# time in a thousand, independently. What share of page loads meets at least one slow
# backend (a fraction between 0 and 1)?

# %%
answer = ...
check("25.3", answer)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# answer = 1 - 0.999 ** 200
# ```
#
# About 18 %: the page is fast only if all 200 are, 0.999^200 ≈ 0.82. A 1-in-1,000 tail
# per backend becomes a tail of almost 1 in 5 pages.
# </details>
#
# ## Summary
# - Latency is flat and then explodes as utilisation nears 100 %: W = 1/(μ − λ) for one
#   server; M/M/c with Erlang C for several. Plan for headroom (about 70 %).
# - Little's law, L = λ · W, holds for any stable system: use it to size pools and to
#   check that your metrics agree with each other.
# - One fast server has lower latency than several slow ones of the same total capacity;
#   several give redundancy and room to grow. Performance is latency at low load,
#   scalability is how throughput grows with resources at acceptable latency.
# - Report percentiles, not means; merge histograms, never average percentiles. Fan-out
#   turns a rare slow backend into a common slow request; hedging after the p95 fixes
#   most of it for about 5 % more calls.
# - Load-test open-loop and measure from the intended send time, or coordinated omission
#   hides the stalls.
# - Metrics aggregate, logs record events, traces keep each request's tree; RED watches
#   requests, USE watches resources, and saturation warns before errors do.
#
# ## Where this shows up
# - Prometheus histograms and OpenTelemetry metrics export bucket counts so percentiles
#   can be computed after merging; HdrHistogram and DDSketch do the same with relative
#   error bounds; `wrk2` and k6's arrival-rate executors send open-loop load to avoid
#   coordinated omission.
# - Jaeger, Zipkin and Grafana Tempo store and draw traces like the waterfall above;
#   OpenTelemetry is the vendor-neutral SDK and protocol that feeds them.
# - Dean and Barroso describe hedged and tied requests in Google's BigTable; Cassandra's
#   speculative retry and gRPC's hedging policy do the same job.
# - [05 · Load balancing](05_load_balancing.ipynb) compares policies by these
#   percentiles; [17 · Resilience](17_resilience.ipynb) sets timeouts from them and shows
#   what retries do to a saturated queue; [08 · Availability](08_availability.ipynb) turns
#   latency objectives into SLOs and error budgets.
#
# ## Further reading
# - J. Dean and L. A. Barroso, "The Tail at Scale", *Communications of the ACM* 56(2), 2013.
# - J. D. C. Little, "A Proof for the Queuing Formula L = λW", *Operations Research* 9(3),
#   1961; M. Harchol-Balter, *Performance Modeling and Design of Computer Systems* (2013),
#   chapters on M/M/1, M/M/c and Erlang C.
# - G. Tene, "How NOT to Measure Latency" (conference talk), and the HdrHistogram
#   documentation (hdrhistogram.org), on percentiles and coordinated omission.
# - B. Gregg, "The USE Method" (brendangregg.com); T. Wilkie, "The RED Method: key
#   metrics for microservices architecture" (Weaveworks blog, 2017).
# - OpenTelemetry Python documentation: tracing SDK, span processors and exporters.

# %% [markdown]
# <!-- nav -->
# [← 24 · Security: certificates, TLS, web attacks, OAuth and OIDC](24_security.ipynb) · [Contents](00_start_here.ipynb#Course-map) · [26 · Big data: MapReduce, lakes and warehouses →](26_big_data.ipynb)
