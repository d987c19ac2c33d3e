# %% [markdown]
# # 16 · Rate limiting: buckets and windows
#
# Put five rate limiters in front of the same bursty client, catch a fixed window letting twice its limit through, see a token bucket and a leaky bucket agree as meters and part ways as shapers, break a shared counter across gateways with a race, and answer a refused request the way HTTP says to.

# %% [markdown]
# <!-- nav -->
# [← 15 · Geohashes and quadtrees: finding what is near](15_geohash_quadtree.ipynb) · [Contents](00_start_here.ipynb#Course-map) · [17 · Resilience: circuit breakers, retries, back pressure →](17_resilience.ipynb)

# %% [markdown]
# ## What you will learn
# - Five ways to say "at most *L* requests per *W* seconds": token bucket, leaky bucket,
#   fixed window, sliding log and sliding counter; what each decides, and what each must
#   remember per client.
# - Why a fixed window lets up to twice its limit through across a window edge.
# - The precise sense in which a token bucket and a leaky bucket are the same limiter (as
#   meters), and the sense in which they are not (as shapers: a burst passed on at once
#   against one spaced out).
# - Why several gateways need one shared counter, why that counter needs an atomic step,
#   and what the extra round trip costs.
# - What to send back: `429 Too Many Requests`, `Retry-After` and the RateLimit fields.
#
# Builds on: [02 · Networking](02_networking.ipynb) (round trips) and
# [03 · APIs](03_apis.ipynb) (status codes and headers). The models are in
# `src/sysdesign/rate_limiting/`: `limiters.py` (the five limiters), `distributed.py`
# (gateways and a shared SQLite counter) and `headers.py` (the 429 response).

# %%
import pandas as pd

from sysdesign import rate_limiting as rl
from sysdesign.core.exercises import check
from sysdesign.rate_limiting import experiments, plots, widgets

# %% [markdown]
# ## Five limiters, one contract
#
# Every limiter here answers one question, `allow()`: may this request through *now*? It
# reads "now" from a clock you hand it (`time.monotonic` unless you pass another), so the
# notebook can replay a trace with a fake clock. A refused request changes nothing. With
# *L* requests per window *W* (the buckets get rate *r* = *L*/*W* and size *b*):
#
# | limiter | allows a request at time *t* iff | state per client |
# |---|---|---|
# | token bucket (*r*, *b*) | at least one token is left; the bucket starts with *b*, gains *r* per second, holds at most *b*; a request takes one | tokens and the time they were counted |
# | leaky bucket (*r*, *b*) | fewer than *b* requests are waiting in its queue; the queue sends one out every 1/*r* seconds | the queue's backlog |
# | fixed window (*L*, *W*) | fewer than *L* were allowed in the current window [*kW*, (*k*+1)*W*) | window number, count |
# | sliding log (*L*, *W*) | fewer than *L* allowed requests have times in (*t* − *W*, *t*] | every allowed time still in the window |
# | sliding counter (*L*, *W*) | previous window's count × (1 − elapsed/*W*) + this window's count < *L* | window number, two counts |
#
# The notes list four algorithms, the last of them a single "sliding window"; in practice
# that name covers two different limiters, the exact log and the estimated counter, and they
# do not decide alike.
#
# Here is a seeded bursty client, drawn from a generator with a long-run mean of 6 requests
# per second in which some seconds run five times faster than the others. This draw came out
# busier than that mean: 51 requests in 6 s (count the allowed and refused in the table
# below), most of them in two bursts, in the first second and the fifth. The policy is
# 5 requests per second; the buckets get *r* = 5 per second and *b* = 5.

# %%
arrivals = experiments.bursty_trace()
decisions = experiments.all_kinds(arrivals)
plots.timelines(arrivals, decisions)

# %%
pd.DataFrame(experiments.summary(arrivals, decisions)).set_index("limiter")

# %% [markdown]
# The last column slides a one-second span over the allowed requests and reports the most
# it ever holds. Only the sliding log keeps that at the limit by construction. The buckets
# allow a full bucket *and* what refills meanwhile, so a burst right after a quiet spell
# gets more than 5 through in a second; that is the burst allowance they are chosen for.
# The fixed window's excess comes from somewhere else: its edges.
#
# ## The boundary burst
#
# Five requests in the last 10 ms of one window and five in the first 10 ms of the next:

# %%
edge = experiments.boundary_burst()
edge_decisions = experiments.all_kinds(edge)
pd.DataFrame(experiments.summary(edge, edge_decisions)).set_index("limiter")

# %% [markdown]
# The fixed window allows all ten within 20 ms: each window saw only five. In general a
# client can get 2*L* through in a span just over zero seconds long, straddling an edge,
# and that is the worst case (any span of length *W* overlaps at most two windows). The
# sliding log refuses the second five; the sliding counter, which assumes the previous
# window's requests were spread evenly over it, allows one more once the weight of the
# previous five has dropped below 5, a few milliseconds after the edge.
#
# ## Memory per client
#
# A limiter keeps its state per client key (user, API key, IP address). What each keeps
# after a full window of 5, and after 50:

# %%
memory = pd.DataFrame(experiments.memory(5)).set_index("limiter")
memory["numbers stored at L = 50"] = [r["numbers stored"] for r in experiments.memory(50)]
memory

# %% [markdown]
# The log stores one timestamp per allowed request still in the window, so its memory grows
# with the limit: a million clients at 1,000 per hour means up to a billion timestamps.
# Every other limiter keeps two or three numbers whatever the limit. That is why the
# sliding counter exists: it gives up exactness (the estimate above) for O(1) state.
#
# Two details of the models matter when you write your own. Times are floats, so a window
# edge computed as `3 * 0.1` is `0.30000000000000004` while the decimal `0.3` is just below
# 3 × 0.1; the models treat any time within 10⁻⁹ *of a window* of an edge, on either side,
# as on it, and the buckets compare `(t − start) × r` with whole numbers (again allowing
# 10⁻⁹ of a token), so a refill that is exactly one token in decimal (0.1 s at 10 per
# second) is never lost to rounding. The allowance must be absolute, not relative to the
# clock reading: `time.monotonic()` can read 10⁹ s, where 10⁻⁹ × *t* would be a whole second
# and would move requests a second early into the next window. The tests replay hundreds
# of random traces against references that count in exact integers, both from 0 s and
# from clock readings near 10⁶ and 10⁹ s. Window numbers for `0.3` and `3 * 0.1` (windows
# of 0.1 s), and for 1 ms before and exactly at an edge near 10⁹ s (windows of 1 s):

# %%
(rl.window_index(0.3, 0.1), rl.window_index(3 * 0.1, 0.1),
 rl.window_index(1e9 + 0.999, 1.0), rl.window_index(1e9 + 1.0, 1.0))

# %% [markdown]
# ## Token bucket and leaky bucket: meter and shaper
#
# The leaky bucket here is a queue of at most *b* requests that sends one out every 1/*r*
# seconds: a request's departure is max(its arrival, the previous departure) + 1/*r*, and it
# is waiting until then. `allow()` queues a request iff fewer than *b* are waiting.
#
# **As a meter** (use only the yes/no answer), the leaky bucket (*r*, *b*) decides exactly
# like the token bucket (*r*, *b*): with the same requests accepted so far, the number
# waiting at *t* is ⌈*b* − tokens⌉, where tokens is what the token bucket holds at *t*. So
# the token bucket has at least one token exactly when fewer than *b* are waiting.
#
# Which leaky bucket is this? The *queue* is the original one, a buffer drained at a steady
# rate (Turner, 1986). The *meter* is what ITU-T I.371 and the ATM Forum standardised as the
# Generic Cell Rate Algorithm, GCRA(*T*, τ): in its "virtual scheduling" form it keeps a
# theoretical arrival time TAT, accepts a cell at *t* iff *t* ≥ TAT − τ, and then sets
# TAT = max(*t*, TAT) + *T*. Our last departure is exactly TAT, and "fewer than *b*
# waiting" is TAT − *t* ≤ (*b* − 1)/*r*, so the meter here is GCRA(*T* = 1/*r*,
# τ = (*b* − 1)/*r*), which in turn is a token bucket of rate *r* and depth *b*. Both
# limiters here share that bookkeeping, and a property test checks the two against each
# other on random traces:

# %%
shaped = experiments.meter_and_shaper(arrivals, rate=5.0, capacity=5)
bool((shaped.token == shaped.leaky).all()), int(shaped.leaky.sum())

# %% [markdown]
# **As a shaper** the queue is the point: it does not just say yes, it holds the request
# and sends it on at an even pace. The token bucket would forward the same requests at once,
# bursts and all:

# %%
plots.shaping(shaped)

# %%
pd.DataFrame({"as allowed (token bucket forwards now)": experiments.gaps(arrivals[shaped.token]),
              "as sent out (leaky bucket queue)": experiments.gaps(shaped.departures)})

# %% [markdown]
# The same requests get through, but the shaper sends them no closer than 0.2 s apart,
# at the price of delay: a request that joins a queue of four leaves up to 1 s later. A shaper suits
# traffic you send (calls to a partner's API, packets onto a link); in front of your own
# API you usually meter and refuse, since a client holding a connection open while it
# waits costs you too. The notes say each bucket rejects "or delays" what is over the limit.
# Either bucket can do either: as a meter it refuses, as a shaper it delays. As shapers they
# differ in what comes out: a token-bucket shaper passes up to *b* conforming requests on at
# once (then *r* per second), while a leaky-bucket shaper never sends two closer than 1/*r*.
#
# ## Step through a limiter
#
# One limiter at a time, request by request, over the first 24 requests of the same
# trace. The line is the state the limiter decides on, over time: tokens left, requests
# queued, the count in the current window, the log entries still inside the window, or the
# weighted estimate. Each request is marked at the value just after it, a green dot if
# allowed and a red cross if refused; the dashed line is the limit. In the default view
# the tokens climb back between requests, and the refused requests sit below one token.

# %%
step = widgets.step_panel()
step.snapshot()

# %%
# NBVAL_IGNORE_OUTPUT
step

# %% [markdown]
# Pick the fixed window and play past the edge at 1 s: the count drops to zero there, and
# the next request is allowed whatever happened a moment before. Pick the sliding counter
# and the estimate instead slides down through the next second, as the weight of the
# previous window's five fades.
#
# ## All five, your settings
#
# Choose the limit, the bucket size and how bursty the client is; the chosen limiter is in
# bold. A bigger bucket lets bigger bursts through; the window limiters have no burst
# setting. The sliding log never lets more than the limit through in any window-long span;
# the fixed window lets up to twice it through across an edge, and so can the sliding
# counter, when the previous window's requests all came at its end (its estimate assumes
# they were spread evenly).

# %%
compare = widgets.compare_panel()
compare.snapshot()

# %%
# NBVAL_IGNORE_OUTPUT
compare

# %% [markdown]
# ## Several gateways
#
# A busy API runs many gateways behind a load balancer
# ([05 · Load balancing](05_load_balancing.ipynb)). If each counts on its own, a client
# whose requests are spread over *N* gateways gets up to *N* × *L* through. Four gateways,
# round robin, a fixed window of 5 per second, 40 requests in one second:

# %%
rl.local_counters([i / 40 for i in range(40)], gateways=4, limit=5, window=1.0)

# %% [markdown]
# Four times the limit. (Sticky routing by client keeps one client on one gateway, until a
# gateway is added or fails.) The fix is one counter all gateways share, in a store such as
# Redis; here a real SQLite database, one statement per network round trip, on the
# course's event simulator. Two gateways, a limit of 4, eight requests 0.25 ms apart, and a
# store at a 1 ms round trip (0.5 ms each way). First the natural code: read the count, and if it is below the limit,
# write count + 1:

# %%
racy = rl.shared_counter(requests=8, gateways=2, limit=4, atomic=False)
pd.DataFrame(racy.log[:8], columns=["time (ms)", "gateway", "event"])

# %%
{"admitted": racy.admitted, "counter in the store": racy.stored}

# %% [markdown]
# Each write lands a full round trip after its read, and by then other gateways have read
# the same stale count: every request saw room, eight were admitted against a limit of 4,
# and the stored counter ends at 2, having lost most of its increments.
# Check and increment must be one step at the store. In SQL that is one statement,
# `UPDATE counters SET n = n + 1 WHERE key = ? AND n < ? RETURNING n`: a row back means
# admitted. In Redis the classic fixed window is `INCR key` (atomic, returns the new
# count; admit iff it is at most *L*) plus `EXPIRE key W` when the count is 1. Sent as two
# separate commands, a client that dies between them leaves a counter that never expires;
# the Redis documentation's fix is to run both in one Lua script (`EVAL`), which Redis
# executes without interleaving other commands. A `MULTI`/`EXEC` transaction also runs
# both at once, but its queued `EXPIRE` cannot depend on the count `INCR` returns; there
# use `EXPIRE key W NX` (Redis 7.0 and later), which sets an expiry only on a key that has
# none.

# %%
atomic = rl.shared_counter(requests=8, gateways=2, limit=4, atomic=True)
pd.DataFrame([
    {"counter": "each gateway alone", "admitted": rl.local_counters(
        [i / 4000 for i in range(8)], 2, 4, 1.0), "added latency (ms)": 0.0},
    {"counter": "shared, read then write", "admitted": racy.admitted,
     "added latency (ms)": racy.latency_ms[0]},
    {"counter": "shared, one atomic step", "admitted": atomic.admitted,
     "added latency (ms)": atomic.latency_ms[0]},
]).set_index("counter")

# %% [markdown]
# The atomic step is correct and also cheaper than the racy version: one round trip instead
# of two. It still adds a round trip to the store to every request, on the request's
# critical path, and makes the store a dependency: if it is down, the gateways must fail
# open (admit) or closed (refuse). Common compromises: keep a local allowance and sync
# with the store every few hundred milliseconds, accepting some over-admission; or give
# each of *N* gateways *L*/*N*, which is exact only if the load balancer spreads each
# client evenly. The tests also run the race with real threads on a real SQLite file.
#
# ## Saying no over HTTP
#
# - **429 Too Many Requests** is defined in RFC 6585 §4; the response should explain the
#   condition and *may* carry `Retry-After`.
# - **`Retry-After`** (RFC 9110 §10.2.3) is an HTTP-date or a whole number of seconds to wait.
# - **RateLimit fields**: the IETF httpapi working group's Internet-Draft "RateLimit header
#   fields for HTTP" (not an RFC yet). Since draft -07 (2023) it defines two structured
#   fields, `RateLimit-Policy` and `RateLimit`. In the current draft (-11, May 2026) each
#   named policy in `RateLimit-Policy` carries a quota `q` and optionally a window `w` in
#   seconds (and a quota unit `qu`, a partition key `pk`); `RateLimit` carries, per policy,
#   the available quota `r` and optionally `t`, the seconds within which the client may use
#   no more than `r` (the draft warns that the quota need not be fully restored after `t`).
#   Draft -07 still spelled these as `limit`, `remaining` and `reset` keys. Drafts -00 to -06
#   used separate `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset` fields
#   (by -06 joined by a `RateLimit-Policy` field); many APIs still send those, or their older
#   `X-RateLimit-*` cousins.
#
# A fixed window of 2 per minute, three requests at 59.5 s:

# %%
now = [59.5]
limiter = rl.FixedWindow(2, 60, clock=lambda: now[0])
pd.DataFrame([dict(status=s, **h) for s, h in (rl.respond(limiter, "per-minute")
                                               for _ in range(3))]).fillna("")

# %% [markdown]
# The window ends at 60 s, so the refused request is told to retry after 1 s (rounded up: a
# client that waits 0 s would be refused again).
#
# ## Try it
#
# **1.** *Predict first.* A fixed window allows 100 requests per minute, windows starting
# on the minute. What is the largest number of requests it can allow within some
# 120-second span? Decide, then check with `experiments.decide("fixed window", times, 100,
# 60.0)` on a trace you build and `experiments.max_in_any_window(allowed_times, 120.0)`.

# %%
answer = ...
check("16.1", answer)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# import numpy as np
#
# from sysdesign.rate_limiting import experiments
#
# ms = np.arange(100) / 1000
# times = np.concatenate([59.0 + ms, 60.0 + ms, 120.0 + ms])
# ok = experiments.decide("fixed window", times, 100, 60.0)
# answer = experiments.max_in_any_window(times[ok], 120.0)
# ```
#
# 300: a hundred fill window 0 in its last second, a hundred fill window 1 at its start
# and a hundred fill window 2 at its start, all within 61.1 s. A span of 120 s (open on the
# left) can overlap three windows, the end of one, the whole next and the start of a third,
# but never four, so 300 is the worst case: three times the limit, not twice, and a
# steady stream would not find it.
# </details>
#
# **2.** A token bucket with rate 2 tokens per second and capacity 10 starts full. A client
# sends 25 requests at 0 s and 25 more at 3 s. How many are allowed in all?

# %%
answer = ...
check("16.2", answer)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# import numpy as np
#
# from sysdesign.rate_limiting import experiments
#
# times = np.array([0.0] * 25 + [3.0] * 25)
# answer = int(experiments.decide("token bucket", times, 2, 1.0, burst=10).sum())
# ```
#
# 16: ten from the full bucket at 0 s, then 2 × 3 = 6 tokens have refilled by 3 s.
# </details>
#
# **3.** Four gateways behind a round-robin load balancer each keep their own fixed
# window of 100 per minute, meant as a per-client limit of 100 per minute. A client sends
# 300 requests spread over one minute. How many get through?

# %%
answer = ...
check("16.3", answer)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# import numpy as np
#
# from sysdesign import rate_limiting as rl
#
# answer = rl.local_counters(np.linspace(0.0, 59.0, 300), gateways=4, limit=100, window=60.0)
# ```
#
# 300, all of them: each gateway sees only 75, below its own 100, so a client at three
# times the intended limit is never refused. One shared counter would admit 100.
# </details>
#
# ## Summary
# - Token bucket: average rate *r* with bursts up to *b*; O(1) state. Leaky bucket: the same
#   decisions as a meter, and an even output spacing of 1/*r* as a shaper, paid in delay.
# - Fixed window: O(1) and simple, but up to 2*L* across an edge. Sliding log: exact, but
#   its memory grows with the limit. Sliding counter: O(1) and close when traffic is
#   smooth, by assuming the previous window's requests were spread evenly; when they were
#   not, it too can let up to 2*L* through in a span of *W*.
# - Across gateways, local counters admit up to *N* × *L*. A shared counter must check and
#   count in one atomic step (read-then-write loses updates), and costs a round trip to the
#   store per request.
# - Refuse with 429, say when to come back with `Retry-After`, and advertise the policy
#   with the RateLimit fields.
#
# ## Where this shows up
# - API gateways and proxies: NGINX's `limit_req` is documented as a leaky bucket, kept at
#   millisecond resolution as an "excess" that drains at the rate; a request is refused
#   when the excess would pass `burst`, so `burst=B` corresponds to *b* = *B* + 1 here (the
#   request being served plus *B* waiting). Without `nodelay` it shapes (excess requests
#   wait their slot); with `nodelay` it only meters, forwarding them at once; refusals get
#   503 unless `limit_req_status 429` is set. Envoy's local rate limit filter is a token
#   bucket that adds `tokens_per_fill` every `fill_interval` (in steps, not continuously),
#   and its global rate limit calls a separate rate-limit service per request (the shared
#   counter above).
# - Libraries: the `limits` Python library (cross-checked in the tests) offers fixed
#   window, moving window (our sliding log) and sliding-window counter; its fixed window
#   starts at a client's first hit rather than on the clock.
# - [17 · Resilience](17_resilience.ipynb) turns the same idea around: load shedding and
#   back pressure protect a server from all clients at once, not one client from itself.
#
# ## Further reading
# - M. Nottingham and R. Fielding, RFC 6585 "Additional HTTP Status Codes" (2012), §4.
# - R. Fielding, M. Nottingham and J. Reschke, RFC 9110 "HTTP Semantics" (2022), §10.2.3.
# - R. Polli, A. Martinez and D. Miller, "RateLimit header fields for HTTP",
#   draft-ietf-httpapi-ratelimit-headers (IETF httpapi working group, work in progress).
# - J. S. Turner, "New directions in communications (or which way to the information
#   age?)", IEEE Communications Magazine 24(10), 1986: the leaky bucket.
# - ITU-T Recommendation I.371, "Traffic control and congestion control in B-ISDN", and ATM
#   Forum, Traffic Management Specification 4.0 (1996): the Generic Cell Rate Algorithm,
#   virtual scheduling and continuous-state leaky bucket.
# - NGINX, `ngx_http_limit_req_module` documentation (`burst`, `nodelay`, `delay`,
#   `limit_req_status`).
# - A. S. Tanenbaum and D. Wetherall, *Computer Networks*, 5th ed. (2011), §5.4: traffic
#   shaping with leaky and token buckets.
# - The `limits` library documentation, "Rate limiting strategies".

# %% [markdown]
# <!-- nav -->
# [← 15 · Geohashes and quadtrees: finding what is near](15_geohash_quadtree.ipynb) · [Contents](00_start_here.ipynb#Course-map) · [17 · Resilience: circuit breakers, retries, back pressure →](17_resilience.ipynb)
