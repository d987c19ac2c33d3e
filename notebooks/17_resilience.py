# %% [markdown]
# # 17 · Resilience: circuit breakers, retries, back pressure
#
# Put a circuit breaker in front of a dependency that fails for half a minute and step through its states, race twenty clients with five retry policies, push a server over the edge with a short spike and watch retries keep it there, set a timeout from a percentile instead of a mean, and see what a bounded queue and a queue of work buy.

# %% [markdown]
# <!-- nav -->
# [← 16 · Rate limiting: buckets and windows](16_rate_limiting.ipynb) · [Contents](00_start_here.ipynb#Course-map) · [18 · Message queues and event streams: acks, partitions, delivery guarantees →](18_messaging.ipynb)

# %% [markdown]
# ## What you will learn
# - How a circuit breaker moves between closed, open and half-open, and what it saves a
#   failing dependency and its callers; checked call by call against `pybreaker`.
# - Why retries need exponential backoff *and* jitter (Brooker's full, equal and
#   decorrelated jitter), and how retries in several layers multiply load.
# - What a metastable failure is: a short spike ends, but retries keep the server
#   overloaded; and how a retry budget or a bounded queue lets it recover.
# - Why timeouts come from percentiles, why bulkheads keep one slow dependency from taking
#   every thread, and what moving work to a queue buys and costs.
#
# Builds on: [03 · APIs](03_apis.ipynb#Idempotency) (retries are safe only when repeating
# a request is, which idempotency keys ensure), [05 · Load balancing](05_load_balancing.ipynb)
# and [16 · Rate limiting](16_rate_limiting.ipynb). The models are in
# `src/sysdesign/resilience/`: `breaker.py` (the breaker), `retries.py` (backoff, clients
# contending, retry budgets) and `overload.py` (a server with a queue and clients that time
# out and retry), all simulated on `core.events`.

# %%
import math

import numpy as np

from sysdesign.core.exercises import check
from sysdesign.resilience import (
    CircuitBreaker,
    CircuitOpenError,
    amplification,
    experiments,
    plots,
    serve,
    widgets,
)

# %% [markdown]
# ## Circuit Breaker
#
# A call to a dependency that is down costs the caller a timeout, a thread and maybe a
# retry, and costs the dependency load while it tries to come back. A **circuit breaker**
# (Nygard, *Release It!*, 2007; Fowler's "CircuitBreaker", 2014) wraps the call and keeps
# count:
#
# - **closed**: calls go through; `failure_threshold` failures *in a row* open it (a
#   success resets the count);
# - **open**: calls fail at once with `CircuitOpenError`, without touching the dependency,
#   for `reset_timeout` seconds;
# - **half-open**: after that, the next call is a trial. Success closes the breaker;
#   failure opens it again, for another `reset_timeout` from that moment.
#
# The breaker takes its clock as a parameter, so a test (or this cell) can move time:

# %%
now = [0.0]
breaker = CircuitBreaker(failure_threshold=3, reset_timeout=10.0, clock=lambda: now[0])

def down():
    raise ConnectionError("dependency down")

for _ in range(3):
    try:
        breaker.call(down)
    except ConnectionError:
        pass
breaker.state

# %% [markdown]
# Three failures in a row: open. For the next ten seconds a call does not reach the
# dependency at all:

# %%
try:
    breaker.call(print, "this never runs")
except CircuitOpenError as error:
    print("rejected:", error)
now[0] = 10.0
breaker.state, breaker.call(lambda: "trial ok"), breaker.state

# %% [markdown]
# At 10 s the breaker reads half-open; the trial succeeds and closes it. The notes say
# half-open lets "a limited number or percentage" of requests through: libraries differ
# (`pybreaker` can require `success_threshold` successful trials in a row before it
# closes, Resilience4j admits a set number of calls in half-open); ours lets the next
# call through as the trial, the simplest version, and decides on its outcome. "The next call" means one at a time: the class has no lock, so
# if several threads call while it reads half-open, *all* of them go through and whichever
# finishes last decides the state (a test shows it); `pybreaker` avoids this by running
# every call under one lock. The notes also trip a breaker on slow responses; ours counts
# only exceptions, so a slow call counts once a timeout has turned it into one
# (Resilience4j can count slow calls directly). The tests replay
# a hundred random scripts of up to 60 successes, failures and waits against `pybreaker` on
# a fake clock and agree call by call, with two documented differences: `pybreaker` raises
# its own `CircuitBreakerError` from the call that trips it (ours re-raises the
# dependency's exception), and its state reads "open" until a call arrives after the
# timeout (ours computes "half_open" from the clock).
#
# ### A dependency that fails for thirty seconds
#
# A client calls a dependency at random moments, on average twice a second, on the
# course's event simulator. From 20 s to 50 s nine calls in ten fail. The breaker has a
# threshold of 5 and a reset timeout of 10 s:

# %%
timeline = widgets.breaker_timeline_panel()  # scrub through time below; figure = t = 80 s
timeline.snapshot()

# %%
run = experiments.breaker_run()
print(f"{len(run['calls'])} calls, {run['dependency_calls']} reached the dependency, "
      f"{run['rejected']} rejected at once, breaker opened {run['trips']} times")

# %% [markdown]
# After five failures the breaker opens (the step up); every 10 s it lets one trial
# through; the trials inside the outage fail and open it again; the first trial after
# 50 s succeeds and closes it. Each rejected call (grey) is a call the failing dependency
# did not have to answer and the caller did not have to wait a timeout for: the caller can
# serve a fallback (a cached value, a default, an error) at once. Drag the time slider to
# step through, or change the threshold and the timeout:

# %%
# NBVAL_IGNORE_OUTPUT
timeline

# %% [markdown]
# ## Retries, backoff and jitter
#
# A breaker decides *whether* to call; a retry policy decides *when to call again*.
# Retrying is safe only when repeating the request is: a payment retried without an
# idempotency key can charge twice ([03 · APIs](03_apis.ipynb#Idempotency)).
#
# Brooker's post "Exponential Backoff And Jitter" (AWS Architecture Blog, 2015) compares
# sleeps before retry number *n*, with `temp = min(cap, base·2^n)` (we count *n* from 0;
# his simulator gives the first retry *n* = 1, which doubles every `temp` below the cap):
#
# | policy | sleep |
# |---|---|
# | immediate | 0 |
# | exponential | `temp` |
# | full jitter | `random(0, temp)` |
# | equal jitter | `temp/2 + random(0, temp/2)` |
# | decorrelated jitter | `min(cap, random(base, previous_sleep·3))` |
#
# His experiment (the simulator is `aws-samples/aws-arch-backoff-simulator`): N clients
# each update the same row once with optimistic concurrency (read its version, write if it
# has not changed), over a network with random delay, so in each round of contending
# writes one wins and the others fail and retry. Ours is simpler and harsher: an attempt
# takes one unit of time, attempts that overlap *all* fail, and with no network delay the
# clients, which all start at t = 0 as his do, reach the resource at the same instant
# (`retries.contend`, on `core.events`):

# %%
policies = widgets.retry_policies_panel()  # 20 clients, base 1, cap 100 (units of work)
policies.snapshot()

# %% [markdown]
# The numbers behind the bars (calls made, clients done, time until the last one is done):

# %%
{p: (r["calls"], r["done"], round(r["completion"], 1)) for p, r in policies.result.items()}

# %% [markdown]
# Immediate and plain exponential retries keep the clients in lock step: they collide at
# t = 0, sleep the same time, collide again, until every client has used its 30 attempts,
# and nobody finishes. That is the extreme of this model, where overlapping writes all
# fail, every client starts at the same instant and every write takes exactly one unit, so
# nothing breaks the tie. In Brooker's simulation one write of each round wins and the
# network delay varies, so plain exponential backoff did finish, but with more calls and
# so much more time that he left it off his graph. Exponential backoff spaces the retries out
# in time but not *from each other*: it is the jitter that breaks the tie. The three
# jittered policies let every client finish with far fewer calls.
#
# Among them, Brooker calls equal jitter "the loser" (slightly more work than full jitter,
# and much longer), and finds the choice between full and decorrelated jitter "less clear":
# full jitter makes fewer calls, decorrelated finishes slightly sooner. In this one seeded
# run, equal jitter is again the slowest and full jitter makes the fewest calls, but
# decorrelated is not faster than full, and the three make almost the same number of
# calls; with other seeds or numbers of clients their order changes. Only the gap between
# jittered and unjittered retries is robust. The panel lets you change the number of
# clients, the base and the cap:

# %%
# NBVAL_IGNORE_OUTPUT
policies

# %% [markdown]
# ### The retry storm
#
# Retries multiply. A request passes through layers (browser, API gateway, service,
# database client); if each layer makes up to *r* retries, a request that keeps failing
# at the bottom reaches the bottom layer up to (r + 1)^k times through *k* layers:

# %%
{f"{r} retries, {k} layers": amplification(r, k) for r, k in [(1, 2), (3, 2), (3, 4)]}

# %% [markdown]
# Three retries in each of four layers turn one failing request into 256 calls on the
# dependency that is already failing. The usual cures: retry in one layer only, and cap
# retries with a **retry budget**, a share of recent requests that may be retried.
# Finagle's default budget allows retries of 20 % of requests on top of a minimum of 10
# retries a second, on a token bucket whose deposits expire after 10 s (Finagle blog,
# "Retry Budgets", 2016). gRPC's retry throttling (proposal A6) is per server: a token
# count starts at `maxTokens`, each failed call takes 1 away, each successful call adds
# `tokenRatio`, and while the count is at or below half of `maxTokens` no retries are
# sent. Ours (`RetryBudget`) is the Finagle idea without the minimum rate or the expiry:
# each first attempt deposits 0.1 token (at most 10 kept), each retry spends one, so over
# any run the retries are at most 10 % of first attempts.
#
# ### Metastable failure: the load that stays after the trigger
#
# Bronson et al. ("Metastable Failures in Distributed Systems", HotOS 2021) describe
# systems that run fine under high load (*vulnerable*), until a *trigger* (a spike, a slow
# dependency, a cache flush) overloads them for a moment and a *sustaining effect*, often
# retries, keeps them overloaded after the trigger is gone. Huang et al. ("Metastable
# Failures in the Wild", OSDI 2022) studied 22 such failures in the public incident reports
# of 11 organisations (at least 4 of AWS's 15 major outages in a decade were metastable).
# The defining test: remove the trigger, and the system stays down until the load is cut
# well below what it handled before.
#
# Here: one server answers 10 requests/s; clients send 5/s (50 % busy), and for 5 s from
# t = 10 s (shaded) they send 20/s. A client waits 2 s, then gives up and retries at once,
# up to 3 times. The server cannot tell that a client has left: it still serves the
# abandoned request (grey line), which is wasted work. Without the spike this server is
# fine: the tests run it for 300 s on six seeds and its queue never reaches 20 requests
# (2 s of work), so the state is *vulnerable*, not failing.

# %%
overload = widgets.overload_panel()  # unbounded queue, 3 immediate retries, no budget
overload.snapshot()

# %% [markdown]
# During the spike the queue grows past 2 s of work, so every request times out before
# its turn; each timeout sends another copy, so every request is sent four times and the
# clients send about four times the arrival rate, far above capacity (the figure's text
# gives the rate sent from 35 s on). The spike
# ended at 15 s, yet the queue keeps growing and nothing is answered in time: the server
# spends its capacity on requests whose clients have already gone (the grey line hovers
# around 10/s, the capacity). The trigger is gone; the retries sustain the failure. Turn on the budget and
# the same spike passes:

# %%
budgeted = experiments.overload(budget=True)
drained = next(t for t, q in zip(budgeted["t"], budgeted["queue"], strict=True)
               if t > 15 and q <= 5)
print(f"queue peaks at {budgeted['queue'].max():.0f} requests, is back to 5 or fewer at "
      f"t = {drained:.1f} s")
plots.overload_view(budgeted)

# %% [markdown]
# With retries held to 10 % of requests, the load after the spike stays under capacity
# (the figure's text gives both rates), and the queue, drained only by the gap between
# capacity and load, is back to a handful of requests at the time printed above. Until
# then almost nothing is answered in time: while the queue holds more than two seconds of
# work (20 requests), every request waits past its client's timeout, and the server must
# first serve the backlog of abandoned ones. Servers that drop requests
# whose deadline has passed, or serve the newest first when behind, recover sooner. A bounded queue works too (the toggle in the
# panel below): a request is either rejected at once or waits behind at most ten others,
# about a second of work, and is almost always answered before its 2 s timeout, so almost
# nothing the server does is wasted. (Its clients still retry a rejection at once, so the
# sent line jumps during the spike: three more copies in the same instant, all rejected;
# a rejection costs this model's server nothing, a real one a little.)

# %%
# NBVAL_IGNORE_OUTPUT
overload

# %% [markdown]
# ## Timeouts come from percentiles
#
# Latency is heavy-tailed: most requests are quick, a few are very slow. A timeout set
# from the mean cuts off far more requests than intuition suggests. 100,000 latencies drawn
# from a log-normal distribution (median 50 ms, σ = 1):

# %%
{name: f"timeout {v['timeout_ms']:.0f} ms cuts off {v['cut_off']:.1%}"
 for name, v in experiments.timeout_cutoffs().items()}

# %% [markdown]
# A timeout at the mean (82 ms) gives up on 31 % of requests that would have succeeded,
# and their retries add load (for a log-normal the share above the mean is 1 − Φ(σ/2),
# checked in the tests). Twice the mean still cuts 12 %. A timeout at the p99 cuts 1 %
# by construction, at the p99.9 0.1 %. So: measure the dependency's latency percentiles
# and set the timeout a little above the p99 or p99.9 you can afford to wait for; and the
# caller's own timeout must be longer than its callee's plus its retries, or the caller
# gives up while the callee still works (gRPC passes a *deadline* down for this reason).
#
# ## Bulkheads, load shedding and back pressure
#
# **Bulkheads.** A service with one pool of 100 threads calls two dependencies, A and B,
# 50 times a second each. If B slows from 20 ms to 2 s, Little's law (threads busy = rate ×
# time each holds one) says B alone wants:

# %%
pool = 100
for latency in (0.02, 2.0):
    held = experiments.threads_held(50, latency)
    print(f"B at {latency * 1000:.0f} ms keeps {held:.0f} of the {pool} threads busy")

# %% [markdown]
# At 2 s, B wants every thread the service has, and calls to A, which is healthy, wait
# behind it. A **bulkhead** (the watertight compartments of a ship) gives each dependency
# its own pool, say 50 threads each: B's calls queue or fail in their own pool and A keeps
# its 50 threads. A breaker on B then turns B's slow failures into fast ones.
#
# **Load shedding and back pressure.** An unbounded queue never says no, so under overload
# its latency grows without limit, and past the clients' timeout everything it serves is
# wasted (the first figure above). A bounded queue *sheds load*: when it is full the
# server rejects at once, cheaply, and the requests it accepts still meet their deadline.
# Rejecting with HTTP 503 (optionally with `Retry-After`, RFC 9110 §10.2.3) or 429 tells
# the caller to slow down: that signal travelling upstream is **back pressure**, and
# TCP's flow control ([02 · Networking](02_networking.ipynb)) and a producer that blocks on
# a full queue are other forms of it. The notes call a busy queue answering 503 "a kind of
# circuit breaker"; it is load shedding: the *server* refuses by its own load, whereas a
# breaker is on the *caller's* side and trips on failures it observed.
#
# ## Asynchronism
#
# The last step away from "the caller waits": put the work in a **queue** and answer
# "accepted" at once; workers take jobs at their own pace. With the same server (10 jobs/s)
# and the same traffic and spike, compare answering synchronously with no waiting room
# (busy means rejected) against a queue that accepts everything and never times out:

# %%
sync = serve(queue_limit=0, retries=0, timeout=math.inf)
queued = serve(retries=0, timeout=math.inf)
print(f"synchronous: {sync['rejected'].sum() / sync['first'].sum():.0%} of requests turned away")
print(f"queued: {queued['good'].sum() / queued['first'].sum():.0%} done, "
      f"mean time to done {queued['latencies'].mean():.2f} s, "
      f"p99 {np.percentile(queued['latencies'], 99):.1f} s")

# %% [markdown]
# With no waiting room, a server offered only half its capacity still turns away two
# requests in five:
# for one server with no queue and random arrivals the share is ρ/(1 + ρ), a third at
# ρ = 0.5 (checked in the tests), and the spike adds the rest. The queue absorbs the burst
# and finishes nearly all the work (the last few were still waiting when the run ended),
# at a cost: jobs wait, the slowest 1 % for the p99 printed above; the result
# arrives later, so the caller must poll or be notified; and the queue is one more system
# to run, monitor and size, and a queue with no bound is the unbounded queue from the
# overload figure. What a queue buys: smoothing bursts, decoupling the sender from the
# worker (either can be down or scaled on its own), retrying failed jobs without the user
# waiting. [18 · Message queues and event streams](18_messaging.ipynb) goes further:
# acknowledgements, delivery guarantees, consumer groups, replay and consumer lag.
#
# ## Try it
#
# **17.1** A request passes through three layers (gateway, service, database client);
# each makes up to 2 retries when the layer below fails. If the database is down, how many
# calls can reach it for one user request?

# %%
answer = ...
check("17.1", answer)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# from sysdesign.resilience import amplification
#
# answer = amplification(2, 3)  # (2 + 1) ** 3
# ```
#
# 27: each layer makes 3 attempts for every attempt of the layer above, so 3 × 3 × 3.
# </details>
#
# **17.2** (predict) In the overload scenario (unbounded queue, 3 immediate retries, no
# budget), which single change brings goodput back to the arrival rate after the spike:
# `"full jitter"`, `"one retry"` (instead of three) or `"no retries"`? Decide first, then
# check with the panel.

# %%
answer = ...
check("17.2", answer)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# answer = "no retries"
# ```
#
# After the spike every request waits past its 2 s timeout, so each is sent 1 + r times.
# Jitter changes *when* retries arrive, not *how many*: with three retries the load stays
# at about 4 × 5/s = 20/s, twice the server's 10/s. One retry halves that to about
# 2 × 5/s = 10/s, all the server can serve: the backlog of the spike never drains, every
# request still times out, and goodput stays near zero. Without retries the load is 5/s, the queue drains at
# the other 5/s, and goodput returns to 5/s. To keep some retries and still recover, cap
# them (the budget) or bound the queue, as above.
# </details>
#
# **17.3** A breaker with `failure_threshold=5` and `reset_timeout=10` sees failures at
# 0, 1, 2, 3 and 4 s. A trial call at 22.5 s fails too. From what time (in seconds) does
# the breaker next let a call through?

# %%
answer = ...
check("17.3", answer)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# answer = 22.5 + 10
# ```
#
# The fifth failure opens the breaker at 4 s; from 14 s it is half-open and the trial at
# 22.5 s fails, which opens it again from 22.5 s: the next call goes through at 32.5 s.
# </details>
#
# ## Summary
# - A circuit breaker turns a failing dependency's slow failures into fast ones and gives
#   it room to recover: closed → open after a run of failures, half-open after a timeout,
#   one trial decides.
# - Retry only idempotent requests, in one layer, with exponential backoff **and** jitter;
#   without jitter, clients retry in lock step. Retries in k layers multiply up to
#   (r + 1)^k.
# - A short spike plus retries can leave a server overloaded long after the spike
#   (metastable failure); a retry budget or a bounded queue keeps the load under capacity,
#   so it recovers.
# - Set timeouts from the dependency's p99 or p99.9, not its mean; pass deadlines down.
# - Bulkheads isolate pools; bounded queues shed load and let back pressure reach the
#   caller; unbounded queues turn overload into latency and wasted work.
# - Queues (asynchronism) smooth bursts and decouple services, at the cost of latency,
#   results that arrive later, and another system to operate.
#
# ## Where this shows up
# - Netflix's Hystrix (now in maintenance) popularised breakers and bulkheads in Java;
#   Resilience4j and `pybreaker` carry them on. Envoy (and Istio, which configures it)
#   calls its per-cluster limits on connections, pending requests, requests and retries
#   "circuit breakers", though they act like bulkheads; it also has retry budgets, and its
#   outlier detection, which ejects a host after consecutive errors, is the closest to the
#   breaker here.
# - AWS SDKs retry with jittered exponential backoff; gRPC clients can throttle retries
#   (opt-in, in the service config); Finagle has retry budgets.
# - [16 · Rate limiting](16_rate_limiting.ipynb) rejects by a client's rate, load
#   shedding by the server's own load; [05 · Load balancing](05_load_balancing.ipynb)
#   takes failing servers out of rotation as a breaker takes out a dependency;
#   [03 · APIs](03_apis.ipynb#Idempotency) makes retries safe; a queue of work and the lag
#   of consumers slower than their producers are in
#   [18 · Message queues and event streams](18_messaging.ipynb).
#
# ## Further reading
# - M. Nygard, *Release It!* (2007; 2nd ed. 2018), chapters on stability patterns.
# - M. Fowler, "CircuitBreaker" (martinfowler.com, 2014).
# - M. Brooker, "Exponential Backoff And Jitter", AWS Architecture Blog (2015), and
#   "Timeouts, retries, and backoff with jitter", Amazon Builders' Library (2019).
# - N. Bronson, A. Aghayev, A. Charapko and T. Zhu, "Metastable Failures in Distributed
#   Systems", HotOS 2021; L. Huang et al., "Metastable Failures in the Wild", OSDI 2022.
# - Finagle blog, "Retry Budgets" (2016); gRPC proposal A6, "Client Retries".
# - B. Beyer et al. (eds.), *Site Reliability Engineering* (2016), chapters 21 and 22 on
#   overload and cascading failures.

# %% [markdown]
# <!-- nav -->
# [← 16 · Rate limiting: buckets and windows](16_rate_limiting.ipynb) · [Contents](00_start_here.ipynb#Course-map) · [18 · Message queues and event streams: acks, partitions, delivery guarantees →](18_messaging.ipynb)
