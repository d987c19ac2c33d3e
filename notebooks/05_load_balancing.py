# %% [markdown]
# # 05 · Load balancing and proxies
#
# Put a balancer in front of servers of unequal speed and watch what each policy does to
# latency, throw balls into bins to see why two random choices beat one, kill a server and
# time how long the balancer keeps sending it traffic, and read the same packet as a
# layer-4 and a layer-7 balancer would.

# %% [markdown]
# <!-- nav -->
# [← 04 · DNS: resolution, caching and the wire format](04_dns.ipynb) · [Contents](00_start_here.ipynb#Course-map) · [06 · Caching: eviction, strategies and hit ratios →](06_caching.ipynb)

# %% [markdown]
# ## What you will learn
# - What the common policies (round robin, weighted round robin, least connections, random,
#   power of two choices, least response time, consistent hashing) do to p50 and p99
#   latency when servers differ in speed, and why "spread requests evenly" is the wrong goal.
# - Why asking two random servers instead of one helps so much: n balls into n bins leave
#   the fullest bin with Θ(ln n / ln ln n) balls, but with ln ln n / ln 2 + Θ(1) when each
#   ball picks the emptier of two random bins.
# - How long a dead server keeps receiving requests: at most interval × threshold + timeout
#   when probes leave on a fixed clock.
# - What a layer-4 and a layer-7 balancer can see and route on; forward and reverse
#   proxies, TLS termination, sticky sessions and why stateless tiers scale.
#
# Builds on: [01 · Estimation](01_estimation.ipynb) (utilisation and the 70% rule),
# [02 · Networking](02_networking.ipynb) (the packet read here) and
# [04 · DNS](04_dns.ipynb) (the step before the balancer). The models are in
# `src/sysdesign/load_balancing/`: `balancer.py` (the policies and the simulator, on the
# course's event engine `core.events`), `balls.py` (balls into bins), `health.py` (health
# checks) and `layers.py` (layer 4 and layer 7).

# %%
from sysdesign import load_balancing as lb
from sysdesign.core.exercises import check
from sysdesign.load_balancing import experiments, widgets

# %% [markdown]
# ## Load Balancing
#
# A balancer takes each request as it arrives and picks a server. In the model, each server
# works on one request at a time, first come first served, at its own *speed* (work units
# per second); the others wait in its queue. A request's latency is its wait plus its work
# divided by the speed. Three requests of one unit each, to a server of speed 1 and one of
# speed 2, in turn:

# %%
run = lb.simulate([0.0, 0.1, 0.2], [1.0, 1.0, 1.0], speeds=[1.0, 2.0])
run.server.tolist(), run.latency.round(2).tolist()

# %% [markdown]
# Request 0 takes 1 s on server 0; request 1 takes 0.5 s on server 1; request 2 arrives at
# 0.2 s, finds server 0 busy until 1.0 s, waits 0.8 s and is served in 1 s: 1.8 s.
#
# The policies, each a few lines in `balancer.py`:
#
# | policy | picks | needs to know |
# |---|---|---|
# | round robin | the next server in turn | nothing |
# | weighted round robin | servers in turn, each as often as its weight (here its speed); nginx's "smooth" order, which interleaves them | weights, set by hand |
# | least connections | the server with the fewest requests in hand (ties in turn, as nginx and HAProxy do) | its own count per server |
# | random | a server drawn at random | nothing |
# | power of two | the less busy of two different servers drawn at random | counts of two servers |
# | least response time | the lowest EWMA of observed latency × (requests in hand + 1), the cost Finagle's and Linkerd's "peak EWMA" uses | latencies it measured |
# | consistent hash | the server a client's hash lands on (sticky; [12 · Consistent hashing](12_consistent_hashing.ipynb)) | the ring |
#
# Four servers, one fast (speed 2.5) and three slow (0.5 each), offered 80% of their
# total speed with Poisson arrivals; every policy routes the same 2,000 requests:

# %%
experiments.compare(load=0.8, speeds="1 fast, 3 slow")

# %% [markdown]
# Round robin and random give each slow server a quarter of 3.2 requests per second, 0.8
# a second, more than the 0.5 it can serve: its queue grows for as long as the run lasts,
# so their p99 (hundreds of seconds here) only measures how long we ran. Meanwhile the
# fast server sits idle most of the time. Consistent hashing fails the same way: it spreads
# *clients*, not work. The notes describe balancers as "distributing incoming requests
# evenly"; with unequal servers, even is exactly what breaks. Weighted round robin fixes it
# if the weights are right; least connections and least response time find a workable
# split by themselves, from what they observe, though not the same one: least
# connections keeps the slow servers busier (busiest 96%; weighted round robin's, 88%).
# Power of two helps but still overloads the slow servers: whenever both servers it draws
# are slow, one of them takes the request, however long their queues.
#
# Our least response time is a simplified peak EWMA. It keeps the cost, average latency ×
# (requests in hand + 1), but averages plainly over responses (weight 0.3 on the newest)
# and looks at every server. Finagle's and Linkerd's peak EWMA (and Envoy's contrib
# `peak_ewma`) jump to a latency *above* the average at once and let it decay with time, so
# a server that suddenly slows down is avoided after one slow response, and they compare
# two random servers rather than all. NGINX Plus's `least_time` picks the server with the
# lowest average response time and fewest active connections.
#
# With four equal servers everything is stable, and the adaptive policies still win at
# the tail, because a queue that happens to be short is the best place for the next request:

# %%
experiments.compare(load=0.8, speeds="4 equal")

# %% [markdown]
# Here round robin and weighted round robin are the same policy. Least connections has the
# lowest p99; power of two, with only two servers looked at, comes close. That ranking
# assumes one balancer with exact, current counts. Give several balancers the same load
# report, a few seconds old, and least connections sends all of them to the same
# "emptiest" server until the next report; choosing the better of two random servers is
# much less prone to that herd effect (Mitzenmacher, "How useful is old information?",
# 2000). And several balancers that each count only the requests they sent themselves
# never see the true queue lengths at all.
#
# ### Latency against load
#
# The panel draws p50 and p99 of one policy as the offered load rises, and each server's
# utilisation (share of the time it was busy) at the chosen load. Its default is round
# robin on the unequal servers:

# %%
panel = widgets.policy_panel()  # drawn once: the figure below is its default view
panel.snapshot()

# %% [markdown]
# The latency curve jumps between loads 0.4 and 0.6 (note the log scale): above 0.5, each
# slow server is sent more than the 0.5 requests a second it can serve. At load 0.8 the
# slow servers are busy most of the run (87% to 99%; orange bars are busy more than 97%
# of it; the black dots are this run on the curve), while server 0, the fast one, is busy
# a fifth of it. The panel's runs at load 0.8 for three policies, with Poisson arrivals and
# with bursty ones (the same rate, in bursts of five requests on average):

# %%
experiments.panel_points(load=0.8)

# %% [markdown]
# Switch the policy to least response time and the slow servers' bars fall below 70%
# while the fast server's rises above 80%. Least connections counts requests, not speed,
# and still keeps the slow servers 90% to 94% busy, but no longer past their capacity.
# For both, p99 drops about tenfold (146 s to about 14 s) and p50 from 40 s to 1.2 or
# 1.4 s. Bursty arrivals make their p99 about three times worse: a burst lands on queues
# that had no time to drain. Try it:

# %%
# NBVAL_IGNORE_OUTPUT
panel

# %% [markdown]
# ### Step through the first requests
#
# Sixteen requests at load 0.9: each row is a server, each bar a request being served
# (numbered in arrival order), dashes the time a request waited in the queue. Scrub
# through them to see each choice as it is made:

# %%
steps = widgets.steps_panel()
steps.snapshot()

# %% [markdown]
# Round robin sends requests 1, 5, 9 and 13 to slow server 1 however long its queue is,
# while the fast server 0 finishes each of its requests in a fraction of a second and
# waits. Pick least connections and the fast server takes more than its turn:

# %%
# NBVAL_IGNORE_OUTPUT
steps

# %% [markdown]
# ### Balls into bins: why two choices are enough
#
# Power of two is cheap: it asks two servers, not all of them. Why does that help so
# much? Throw n balls into n bins, each into a bin drawn at random, and with high
# probability the fullest bin holds Θ(ln n / ln ln n) balls (more precisely
# (1 + o(1)) ln n / ln ln n). Let each ball look at **d ≥ 2** bins drawn independently at
# random and go to the emptiest, and the fullest bin holds ln ln n / ln d + Θ(1) (Azar,
# Broder, Karlin and Upfal, "Balanced allocations", 1994, journal version 1999): an
# exponential improvement from the second choice, while a third only divides the leading
# term by ln 3 instead of ln 2. These are statements about how the load *grows* with n;
# they say nothing exact at any one n. `lb.max_load(n_balls, n_bins, choices, seed=...)`
# throws them (ties go to the bin drawn first, which, the draws being independent, is a
# fair tie-break):

# %%
lb.max_load(10_000, 10_000, 1, seed=0), lb.max_load(10_000, 10_000, 2, seed=0)

# %% [markdown]
# Averaged over three seeds, against the closed forms (n balls, n bins):

# %%
experiments.balls_table()

# %% [markdown]
# The formulas give only the leading terms, so compare the trend, not the values: one
# choice climbs with n and sits well above ln n / ln ln n (7.67 against 4.71 at
# n = 100,000: the lower-order terms are not small at these n), while two choices stay at
# 3 or 4, within a ball of ln ln n / ln 2, which the Θ(1) allows but does not promise.
# Mitzenmacher (thesis 1996; "The power of two choices in randomized load balancing",
# 2001) carried the result over to queues: n servers with exponential service times
# (mean 1), Poisson arrivals at rate λ < 1 per server, each request joining the shortest
# of d random queues. As n grows, the share of queues holding at least k requests tends
# to λ^((d^k − 1)/(d − 1)), doubly exponential in k, against λ^k with one random choice.
# That is the shorter tail the table on equal servers showed.
#
# ### Health checks and failover
#
# A balancer learns that a server died by probing it: every `interval` seconds, a probe
# (a TCP connect or an HTTP `GET /health`); a probe of a dead server fails when its
# `timeout` runs out; after `threshold` failures in a row the server is marked down.
# HAProxy calls the interval `inter` and the threshold `fall` (3 by default); its probe
# timeout is `inter` itself unless `timeout check` is set (then it allows
# min(`timeout connect`, `inter`) to connect and `timeout check` more to read). AWS's load
# balancers call the three `HealthCheckIntervalSeconds`, `HealthCheckTimeoutSeconds` and
# `UnhealthyThresholdCount`. The model makes every probe of a dead server wait for its
# timeout, as for a hung server or an unreachable machine; a crashed process on a live
# machine refuses the connection at once, and its probes fail without waiting.
#
# A death at a random moment waits for the next probe (0 to
# `interval`), then `threshold − 1` more intervals, then the last probe's timeout:
#
#   (threshold − 1) × interval + timeout ≤ detection < threshold × interval + timeout.
#
# Server 0 of three dies at 10.2 s; probes every second, threshold 3, timeout 0.5 s, 30
# requests a second round robin:

# %%
dead = lb.failover(fail_at=10.2, interval=1.0, threshold=3, timeout=0.5)
round(dead.detection, 2), dead.errors

# %% [markdown]
# The probes at 11, 12 and 13 s fail; the third times out at 13.5 s, 3.3 s after the
# death, and in that window a third of the requests went to the dead server and failed.
# Now the time to detect against the check interval and the threshold: for each setting,
# 20 deaths spread evenly over one interval, simulated on the event engine, against the
# formula's mean and upper bound, with the requests that failed (30 a second, round robin
# over three servers, timeout 0.5 s):

# %%
experiments.detection_grid()

# %% [markdown]
# Detection time grows with interval × threshold, and the failed requests with it (a third
# of the 30 requests a second, for as long as detection takes): halving the interval from
# 1 s to 0.5 s cuts the mean from 2.98 s to 1.74 s but doubles the probes each server
# answers. A threshold of 1 detects fastest but marks a server down for one lost probe.
#
# Step through one death: probes (dots answered, crosses failed, the red bar the wait for
# the timeout) and the requests round robin sends to server 0 (red once it is dead), up to
# a moment you choose after the death. Its default shows the run above, to the end:

# %%
health_panel = widgets.failover_panel()
health_panel.snapshot()

# %% [markdown]
# Move "seconds after the death" back to 2 and the balancer has seen one failed probe while
# about twenty requests have already failed; raise the interval or the threshold and the
# red line moves right:

# %%
# NBVAL_IGNORE_OUTPUT
health_panel

# %% [markdown]
# The model probes on a fixed clock, a probe every `interval` whatever the last one is
# doing. HAProxy instead schedules the next check `inter` after the previous one *ends*
# (and, if `fastinter` is set, probes at that pace once a server starts failing), so each
# failed probe's timeout adds to the window: up to threshold × (interval + timeout) there.
# Real balancers also count failed *live* requests
# (HAProxy's `observe`, Envoy's outlier detection), which reacts within a few requests;
# the retries and circuit breakers of [17 · Resilience](17_resilience.ipynb) hide the
# errors left in the window.
#
# ### Layer 4 and layer 7
#
# A **layer-4** balancer routes connections: it reads IP addresses and TCP ports and
# forwards the bytes without reading them (or, in direct server return, lets the server
# answer the client directly). A **layer-7** balancer ends the client's TCP connection,
# reads the HTTP request and sends it on over its own connection to the server (usually
# one it keeps open for many requests). The same real
# Ethernet/IPv4/TCP frame as in [02 · Networking](02_networking.ipynb), carrying a request
# for `shop.example`:

# %%
frame = lb.http_frame(b"GET /api/cart HTTP/1.1\r\nHost: shop.example\r\n"
                      b"Cookie: session=abc123\r\n\r\n")
lb.l4_view(frame)

# %%
lb.l7_view(frame)

# %% [markdown]
# Only layer 7 sees the host, the path and the cookie, so only it can send `/api/` to one
# pool and `/static/` to another, serve two sites from one address, or stick a user to a
# server by cookie:

# %%
rules = [("shop.example", "/api/", "api pool"), ("shop.example", "/static/", "static pool")]
lb.route_l7(frame, rules, default="web pool"), lb.route_l4(frame, ["a", "b", "c"])

# %% [markdown]
# Layer 4 hashes the connection's addresses and ports, so every request on one connection
# lands on one server whatever its path: with HTTP/2 many requests share a connection, and
# a layer-4 balancer cannot spread them. It is cheaper per byte (nothing to parse or
# decrypt) and works for any protocol on TCP or UDP. The notes' "layer 4 is faster" is
# right in that sense; but if the traffic is TLS, layer 7 must hold the certificate to
# read anything, which is the next section.
#
# ## Proxy
#
# A **forward proxy** acts for clients: the browser in an office is configured to send
# its requests to it, and it fetches from the internet on their behalf (filtering,
# caching, hiding the clients' addresses from the servers; the proxy itself sees them).
# A **reverse proxy** acts for servers: clients think it *is* the site (DNS points at it),
# and it forwards to servers they never see. Every layer-7 balancer is a reverse proxy;
# nginx, HAProxy and Envoy each work as a layer-4 balancer, a layer-7 balancer and a
# reverse proxy. Forward proxying is a different job: Squid is the classic one; open-source
# nginx only gained the `CONNECT` method browsers use to tunnel HTTPS through a forward
# proxy in 1.31.0 (May 2026, `ngx_http_tunnel_module`).
#
# **TLS termination.** A reverse proxy that holds the site's certificate decrypts each
# request, can route on it, cache it ([06 · Caching](06_caching.ipynb)) and limit it
# ([16 · Rate limiting](16_rate_limiting.ipynb)), then forwards it to the servers either
# in clear text on a trusted network or over a fresh TLS connection (re-encryption). The
# gain: one place for certificates and handshakes, and content routing. The cost: the
# proxy sees every password and cookie, so it is the most sensitive machine in the path.
# A layer-4 balancer can instead pass TLS through untouched (routing at most on the
# server name the client sends in clear in its TLS ClientHello, the SNI, unless the
# client encrypts it with Encrypted Client Hello).
#
# **Sticky sessions** send a user back to the server holding their session in memory (by
# cookie, or by hashing the client as the consistent-hash policy above does). The costs
# showed in the table: the balancer cannot move work away from a busy server, and a
# server that dies takes its sessions with it. A thousand logged-in users, four servers:

# %%
{store: experiments.sessions_lost(4, 1000, store) for store in ("in the server", "shared store")}

# %% [markdown]
# Hashing put 280 of the 1,000 sessions on server 0 (not exactly a quarter: the ring's
# arcs are uneven); kill it and those users are logged out. Sessions in a shared store
# (Redis, a database) survive any server.
#
# ## Application layer
#
# Splitting the **web tier** (TLS, static files, HTML) from the **application tier**
# (business logic, behind its own internal balancer) lets each scale and fail on its own,
# and lets a slow workload get its own servers. The notes say that layers solve the
# single point of failure; the layering does not, redundancy inside each layer does: two
# or more servers per tier behind a balancer, and the balancer itself redundant (an
# active-passive pair sharing a virtual IP, or several balancers behind DNS).
#
# A tier that keeps no state between requests (sessions, uploads and caches live in
# shared stores) can use any policy, and adding servers just works. The same 3.5 requests
# a second over more equal servers, least connections:

# %%
experiments.scale_out(rate=3.5, servers=(4, 5, 6, 8))

# %% [markdown]
# Going from 4 to 5 servers halves p50 and p99; beyond that the gain flattens, since the
# requests' own service time (1 s on average) remains. Capacity can be planned at the
# 70% utilisation of [01 · Estimation](01_estimation.ipynb): here 5 servers.
#
# ## Try it
#
# **1.** Power of two, load 0.8, Poisson arrivals, on two sets of servers with the same
# total speed (4): `"1 fast, 3 slow"` (speeds 2.5, 0.5, 0.5, 0.5) or `"2 fast, 2 slow"`
# (1.5, 1.5, 0.5, 0.5). Predict without running: on which does power of two have the
# lower p99?

# %%
answer = ...
check("05.1", answer)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# answer = "2 fast, 2 slow"
# ```
#
# Power of two compares two different servers: 6 possible pairs out of four servers. A
# request that draws two slow servers must go to a slow one, whatever the counts say.
# With one fast server, 3 of the 6 pairs are both slow: half of the 3.2 requests a second,
# 1.6, must go to slow servers that serve 1.5 a second between them, so their queues grow
# for as long as the run lasts. With two fast servers only 1 pair in 6 is both slow
# (about 0.27 requests a second for each slow server, against its 0.5), and the mixed
# pairs send the rest to the shorter queue.
# `experiments.run(0.8, speeds, "power of two", n=2000).percentile(99)` confirms it.
# </details>
#
# **2.** A balancer sends a probe every 2 s on a fixed clock (as in the model), marks a
# server down after 3 failed probes in a row, and a probe times out after 1 s. Round robin
# sends 30 requests a second over three servers, and one of them dies. At most how many
# requests go to the dead server before it is marked down?

# %%
answer = ...
check("05.2", answer)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# answer = 30 / 3 * (3 * 2.0 + 1.0)  # its third of the requests, for the longest window
# ```
#
# Round robin sends the dead server a third of the 30 requests a second: 10. A death just
# after a probe waits almost one interval for the next probe, then two more intervals for
# the second and third, then the third probe's 1 s timeout: just under 7 s
# (`lb.detection_bounds(2.0, 3, 1.0)`), so up to 70 requests, one every 0.1 s. In the
# model, server 0's requests (every 0.1 s from 0 s) fall on the probe instants, so a death
# just after a probe also just misses a request:
# `max(lb.failover(10 + k / 50, 2.0, 3, 1.0).errors for k in range(100))` counts 69.
# </details>
#
# ## Summary
# - Balance latency, not request counts: with unequal servers, round robin, random and
#   consistent hashing overload the slow ones. Weighted round robin needs correct weights;
#   least connections and least response time adapt from what they observe.
# - Two random choices cut the fullest bin from Θ(ln n / ln ln n) to
#   ln ln n / ln 2 (both up to lower-order terms), which is why, on servers of equal
#   speed, power of two (Envoy's least request with equal weights, Finagle's default) gets
#   most of the benefit of asking every server, and keeps it when several balancers share
#   the servers. On unequal servers it can still overload the slow ones: when both
#   servers it draws are slow, one of them takes the request.
# - A dead server keeps getting traffic for up to interval × threshold + timeout (probes on
#   a fixed clock; more if each probe waits for the last); tune those three, and add
#   passive checks and retries for the window.
# - Layer 4 routes connections on addresses and ports; layer 7 ends TCP and TLS and routes
#   on host, path and cookies. Reverse proxies terminate TLS for servers; forward proxies
#   act for clients.
# - Keep tiers stateless (sessions in a shared store) and any policy works, servers can be
#   added or lost, and sticky sessions are not needed.
#
# ## Where this shows up
# - nginx (`upstream` with `weight`, `least_conn`, `hash ... consistent`), HAProxy
#   (`balance roundrobin | leastconn | source`, `check inter ... fall ...`), Envoy
#   (least request with two choices by default, ring hash, Maglev), AWS ALB (layer 7) and
#   NLB (layer 4).
# - [12 · Consistent hashing](12_consistent_hashing.ipynb) builds the ring behind the
#   sticky policy; [07 · CDN](07_cdn.ipynb) puts reverse proxies near users;
#   [16 · Rate limiting](16_rate_limiting.ipynb) and [17 · Resilience](17_resilience.ipynb)
#   run in the same proxies.
#
# ## Further reading
# - Y. Azar, A. Broder, A. Karlin and E. Upfal, "Balanced allocations", *SIAM Journal on
#   Computing* 29(1), 1999.
# - M. Mitzenmacher, "The power of two choices in randomized load balancing", *IEEE
#   Transactions on Parallel and Distributed Systems* 12(10), 2001 (from his 1996 PhD
#   thesis); "How useful is old information?", *IEEE TPDS* 11(1), 2000; and with A. Richa
#   and R. Sitaraman, "The power of two random choices: a survey of techniques and
#   results", 2001.
# - M. Klein, "Introduction to modern network load balancing and proxying", Envoy blog, 2017.
# - HAProxy Configuration Manual, `balance`, `inter`, `fall`, `rise`; nginx documentation,
#   `ngx_http_upstream_module`.
# - Linkerd blog, "Beyond round robin: load balancing for latency", 2016 (peak EWMA).

# %% [markdown]
# <!-- nav -->
# [← 04 · DNS: resolution, caching and the wire format](04_dns.ipynb) · [Contents](00_start_here.ipynb#Course-map) · [06 · Caching: eviction, strategies and hit ratios →](06_caching.ipynb)
