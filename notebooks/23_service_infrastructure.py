# %% [markdown]
# # 23 · Service infrastructure: discovery, gateways, meshes, CMDBs
#
# Kill instances behind a registry and count the requests still sent to them, push a seeded workload through an API gateway's five stages, retry through a mesh sidecar, find what breaks when one configuration item changes, and decouple a checkout so it runs in a test.

# %% [markdown]
# <!-- nav -->
# [← 22 · Coordination: Paxos, gossip and leases](22_coordination.ipynb) · [Contents](00_start_here.ipynb#Course-map) · [24 · Security: certificates, TLS, web attacks, OAuth and OIDC →](24_security.ipynb)

# %% [markdown]
# ## What you will learn
# - How a registry learns that an instance is alive (heartbeats) and forgets it (a TTL),
#   and how many requests go to dead instances with server-side and with client-side
#   discovery, as the TTL, the heartbeat period and the clients' refresh change.
# - What an API gateway does to each request, as a pipeline of stages (authentication,
#   rate limiting with notebook 16's token bucket, routing, a response cache, fan-out
#   aggregation), with every stage's rejections and latency measured.
# - What a service mesh's sidecar does (retries, per-try timeouts, mTLS, telemetry), the
#   closed form behind its retries, and what the data, control and management planes own.
# - How a CMDB's dependency graph turns "what breaks if I change this?" into reachability.
# - What "software design principles" means here: coupling, cohesion and dependency
#   inversion, in a checkout you can run.
#
# Builds on: [05 · Load balancing](05_load_balancing.ipynb),
# [16 · Rate limiting](16_rate_limiting.ipynb) and
# [17 · Resilience](17_resilience.ipynb). The models are in `src/sysdesign/services/`:
# `discovery.py` (a registry and a run on `core.events`), `gateway.py`, `mesh.py`,
# `cmdb.py` and `design.py`.

# %%
import pandas as pd

from sysdesign.core.exercises import check
from sysdesign.core.tables import full_text
from sysdesign.services import design, experiments, widgets
from sysdesign.services.cmdb import EXAMPLE, blast_radius, radii
from sysdesign.services.discovery import Registry, stale_window
from sysdesign.services.mesh import PLANES

# %% [markdown]
# ## Service discovery
#
# Instances come and go (deploys, autoscaling, crashes), so a caller cannot hard-code
# addresses. A **registry** keeps the current list. Each instance registers and then sends
# a **heartbeat** every few seconds; the registry lists it while its last heartbeat is at
# most a **TTL** old. Netflix Eureka, for example, renews a lease every 30 s by default and
# nominally expires it after 90 s without renewal; Consul offers TTL checks next to checks
# where the agent probes the service itself (HTTP, TCP, gRPC or a script).

# %%
registry = Registry(ttl=15.0)
registry.heartbeat("orders-1", 0.0)
registry.heartbeat("orders-2", 10.0)
registry.live(12.0), registry.live(20.0)  # at 20 s, orders-1's heartbeat is 20 s old

# %% [markdown]
# A clean shutdown deregisters at once. A crash does not: the dead instance stays listed
# until its last heartbeat plus the TTL. If it died `d` seconds after its last heartbeat
# (somewhere within one heartbeat period), it stays listed `TTL − d` seconds:

# %%
stale_window(death=10.5, phase=0.0, heartbeat=5.0, ttl=15.0)

# %% [markdown]
# Died 0.5 s after a heartbeat at 10 s: listed until 25 s, 14.5 s after its death. Over a
# death at a random moment, the window averages `TTL − period/2` when the TTL is at least
# one period (a test checks it).
#
# Who reads the list?
#
# - **server-side discovery**: clients call one address, a load balancer or gateway, that
#   looks the instances up and forwards (Kubernetes Services, AWS load balancers);
# - **client-side discovery**: each client fetches the list, caches it, and picks an
#   instance itself (Eureka with Ribbon, gRPC's client-side balancing). One hop less, but
#   every client's copy is only as fresh as its last refresh.
#
# Below, 10 instances serve 20 requests/s for 120 s on the course's event simulator; 4 die
# silently at random times. Heartbeats every 5 s, TTL 15 s; the clients' copy is refreshed
# every 30 s (a simplification: one copy for all clients, refreshed in lock-step at 30, 60,
# 90 s; real clients refresh at staggered times). The same requests are routed both ways,
# and we count those that reach a dead instance (in real life: a connection error, a
# timeout, maybe a retry):

# %%
discovery = widgets.discovery_panel()  # heartbeat 5 s, TTL 15 s, refresh 30 s; t = 120 s
discovery.snapshot()

# %%
run = discovery.result
print(f"{run['requests']} requests; sent to a dead instance: {run['dead']}")

# %% [markdown]
# Red is the stale registry entry (the TTL minus the time since the last heartbeat); orange
# is how much longer the dead instance lives in the clients' copies, until their first
# refresh after the registry dropped it. The client-side copies send more requests to dead
# instances (the counts above). Move the sliders, or read the runs below: a 6 s TTL cuts the
# server-side count but leaves the client-side one unchanged, and a 30 s TTL raises both;
# a 5 s refresh cuts the client-side count. The unchanged count is an artefact of the
# lock-step copy: with TTL 6 s or 15 s, each dead entry leaves the registry within the same
# 30 s refresh slot, so the copy drops it at the same refresh. Clients that refresh at
# staggered times lag the registry by half a refresh interval on average, whatever the
# TTL, so for them a shorter TTL helps too. A faster heartbeat with the *same* TTL does not
# help; it slightly hurts, and that is not an artefact: Eureka's leases and Consul's TTL
# checks, like this registry, expire a TTL after the *last* heartbeat, and with 1 s beats
# the last one falls closer to the death. The mean stale window `TTL − period/2` grows from
# 12.5 s to 14.5 s, and the server-side count grows in about that ratio:

# %%
{f"{name} {value} s": experiments.discovery(**{name: value})["dead"]
 for name, value in [("ttl", 6.0), ("ttl", 30.0), ("heartbeat", 1.0), ("refresh", 5.0)]}

# %% [markdown]
# What a faster heartbeat buys is the right to a shorter TTL: the TTL must span a few
# heartbeats, or one lost heartbeat (a GC pause, a dropped packet) evicts a healthy
# instance. Below one period, every healthy instance drops out of the list for part of
# each period, the few still listed take all the traffic, and a request that finds none
# listed fails. The panel counts only requests sent to dead instances, so it cannot show
# this cost; the run can. Beats every 5 s, TTL 1 s:

# %%
short = experiments.discovery(ttl=1.0)
print(f"server-side: {short['unrouted']['server-side']} of {short['requests']} requests "
      f"found no instance listed")

# %% [markdown]
# Eureka's defaults (30 s and 90 s) set the TTL to three
# heartbeat periods; the shorter both are, the fewer stale requests and the more heartbeat
# traffic. Eureka keeps dead entries much longer than its nominal TTL: its
# own source (`Lease.isExpired`) says a renewal stores its timestamp one lease duration
# ahead, so "the expiry will actually be 2 * duration" (about 180 s), a bug kept for
# compatibility; expired leases are only removed by a periodic eviction task; the server's
# response cache and the clients' 30 s fetches add their delays; and in *self-preservation*
# mode, when renewals drop well below what it expects, Eureka stops expiring leases at all,
# betting that a network partition, not mass death, is the cause. Real clients also cut
# the damage from their side: retry another instance on a
# connection error ([17 · Resilience](17_resilience.ipynb)), and eject instances that fail
# (Envoy's outlier detection). Scrub the time slider to see the dead requests pile up:

# %%
# NBVAL_IGNORE_OUTPUT
discovery

# %% [markdown]
# ## API gateway
#
# An **API gateway** is the one front door for many services: it does the cross-cutting
# work once, so services don't each do it. Ours is a pipeline; each stage either passes the
# request on, rejects it, or answers it:
#
# 1. **auth**: check the token's HMAC-SHA256 signature (real `hmac`; a forged token is
#    rejected with 401);
# 2. **rate_limit**: one token bucket per client, 10 requests/s, bursts of 20, reusing
#    notebook 16's `TokenBucket` on the simulated clock (429);
# 3. **route**: longest matching path prefix → backend; unknown paths get 404;
# 4. **cache**: product pages are cached for 5 s; a fresh copy answers at once;
# 5. **aggregate**: the backend call; `/home` fans out to 3 backends and waits for the
#    slowest (backend latency: log-normal, median 20 ms).
#
# The stage costs of the first four (0.05 to 0.3 ms) are assumptions of the model; the
# backend latencies are seeded draws. The workload: 2,000 requests in 10 s from 20 clients,
# one of them noisy (30 % of all traffic), 5 % forged tokens, 5 % unknown paths.

# %%
gateway = widgets.gateway_panel()  # 10 req/s per client, cache 5 s, fan-out 3
gateway.snapshot()

# %%
limited = gateway.result["limited"]
print(f"rate-limited: {sum(limited.values())} requests, {limited['c0']} of them from the "
      f"noisy client c0")
gateway.result["table"]

# %% [markdown]
# Each stage sees only what the one before let through (the tests check that every request
# ends at exactly one stage). Every check before the backend call costs well under a
# millisecond, so rejecting a forged token costs 0.3 ms, not a backend call. Auth is the
# dearest of them and still goes first, because the limiter counts per *authenticated*
# client: limiting first would mean trusting the name in a forged token (Kong orders its
# plugins the same way: its authentication plugins have a higher priority than
# rate limiting, so they run first). Every rate-limit rejection here hits the noisy client (the
# line above): a per-client bucket holds it back and leaves the others alone, where one
# global limit would have spread its rejections over everyone. The cache answers more
# than half of what reaches it, so the backends see well under half the traffic; the
# aggregation stage, the only one that calls backends, holds nearly all the latency, and
# its p99 grows with the fan-out (try 1 and 8 in the panel), since a page waits for the
# slowest of its calls (a test checks the mean against the expected maximum of log-normal
# draws). Turn the cache off, or raise the fan-out, in the panel:

# %%
# NBVAL_IGNORE_OUTPUT
gateway

# %% [markdown]
# ## Service mesh
#
# A gateway sits at the edge (north-south traffic). Inside, service calls service
# (east-west), and each caller needs the same things: retries, timeouts, mutual TLS, load
# balancing, metrics and traces. A **service mesh** moves them out of every service's code
# into a **sidecar** proxy (Envoy in Istio) deployed next to each instance; the service
# talks plain HTTP to localhost, and the sidecars talk to each other. (Istio's newer
# ambient mode drops the sidecars for a per-node proxy plus optional "waypoint" proxies; the
# planes below stay the same.)
#
# What a sidecar's retries buy: a try fails when the upstream errors (10 % here) or answers
# after the per-try timeout (latency log-normal, median 20 ms, σ = 1). With independent tries
# that each succeed with probability q, r retries succeed with probability 1 − (1 − q)^(r+1).
# The simulated sidecar (20,000 requests a row; a request's k-th try is the same draw in
# every row, so the rows differ by their settings, not by luck) against that closed form:

# %%
experiments.sidecar_table()

# %% [markdown]
# Each retry multiplies the failure share by 1 − q: at a 100 ms timeout, two retries turn
# about 85 % success into about 99.7 %, and the simulated rates stay within a few
# tenths of a percentage point of the closed form (the tests hold them to four standard
# errors). The cost is in the other columns: extra upstream attempts (the load), and a
# p99 that now includes whole timeouts. The 50 ms timeout gives
# up on more slow-but-fine answers and needs more attempts; the 400 ms one waits longer for
# each. Retries are only that cheap when failures are independent: when the upstream is
# overloaded they are correlated, and retries add load
# ([17 · Resilience](17_resilience.ipynb#The-retry-storm)). Istio's retries have a
# per-try timeout (`perTryTimeout`), and Envoy caps the retries in flight to each upstream
# cluster (`max_retries`, 3 by default, or a `retry_budget`, a share of active requests).
#
# **mTLS**: the sidecars encrypt every hop and check each other's certificate, issued by
# the mesh's own CA and rotated automatically, so a service's identity is its certificate,
# not its IP address. This notebook only describes it; the real handshake, with
# certificates made at run time, is in [24 · Security](24_security.ipynb).
#
# **Telemetry**: since every request passes through two sidecars, the mesh can report
# request rate, errors and latency per pair of services without touching their code.
#
# ### Data, control and management planes

# %%
full_text(pd.Series(PLANES, name="owns").to_frame())

# %% [markdown]
# The **data plane** carries the requests; the **control plane** turns the operator's
# intent into proxy configuration, pushes it (Envoy's xDS APIs), and issues certificates;
# it is off the request path, so if it goes down, the proxies keep serving with the last
# configuration they got (but changes and certificate renewals wait until it is back).
# Istio's docs name only these two planes (istiod is its control plane). The notes leave
# **management plane** as "???", and indeed the word varies: in network devices it is the
# operator's access (CLI, SSH, SNMP, NETCONF) and monitoring; some mesh vendors use it for
# a layer above several meshes or clusters (Solo.io's Gloo Mesh calls itself one). Take it to mean
# the operator-facing layer: where people and pipelines declare what they want and watch
# what happens.
#
# ## CMDB: what does a change break?
#
# A **configuration management database** (ITIL's term) records configuration items
# (services, databases, hosts, certificates) and their relationships. Its most useful
# question before a change is the **blast radius**: every item that depends on the one
# being changed, directly or through others. With edges from each item to what it needs,
# that is everything that can *reach* the item, a breadth-first search over the reversed
# edges (tested against a brute-force path search and SciPy's `breadth_first_order` over
# random graphs).

# %%
blast_radius(EXAMPLE, "orders-db")

# %%
dict(list(radii(EXAMPLE).items())[:5])

# %% [markdown]
# The riskiest items to change are low in the stack: the database host under two
# databases, and the TLS certificate that the auth service, payments and the CDN all use
# (an expired certificate is a classic outage). An item at the top, like `web-frontend`,
# has a radius of 0: nothing depends on it. The graph is only as good as its data: a CMDB that misses an
# edge reports a radius too small, which is why teams derive edges from live traffic
# (mesh telemetry, tracing) rather than keep them by hand.
#
# ## Software design principles
#
# The outline's heading "Software Design Principle" points to a list of links and no
# content, so here is what it most likely intends, shown in code: **coupling** (how much a
# module depends on others' details) should be low, **cohesion** (how much a module's parts
# belong to one job) high (Stevens, Myers and Constantine, 1974); Robert Martin's five
# principles, which Michael Feathers named SOLID, are rules to get there; the D,
# **dependency inversion**, matters most for
# services: depend on an interface, not on a concrete database or mail client.
#
# `CoupledCheckout` builds its own store and mail client, so running it needs a mail server:

# %%
try:
    design.CoupledCheckout().place("ann", 30.0)
except ConnectionError as error:
    print("coupled:", error)

# %% [markdown]
# `Checkout` takes any object with an `add` method and any with a `send` method (two
# `Protocol`s). It holds only the business rule; a test, or this cell, passes in fakes:

# %%
orders, outbox = design.InMemoryOrders(), design.Outbox()
shop = design.Checkout(orders, outbox)
shop.place("ann", 30.0), outbox.sent

# %% [markdown]
# The same seam is what the whole notebook relies on: the registry is told the time, and the
# token bucket takes its clock as a parameter, so the simulation can drive them. At service
# scale, the principles repeat: a service with high cohesion owns one business capability
# and its data; low coupling means other services use its API, never its database.
#
# ## Try it
#
# **23.1** (predict) A team uses client-side discovery, heartbeats every 5 s, and must
# pick one of two settings: `"A"`, TTL 15 s with clients refreshing every 60 s, or `"B"`,
# TTL 30 s with clients refreshing every 5 s. Which sends fewer requests to dead instances
# in the discovery run? Decide before you run either.

# %%
answer = ...
check("23.1", answer)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# from sysdesign.services import experiments
#
# a = experiments.discovery(ttl=15.0, refresh=60.0)["dead"]["client-side"]
# b = experiments.discovery(ttl=30.0, refresh=5.0)["dead"]["client-side"]
# answer = "A" if a < b else "B"  # "B"
# ```
#
# A client's copy keeps a dead instance for as long as the registry lists it, on average
# TTL − period/2, and then until the client's next refresh: half a refresh interval on
# average for staggered clients, up to a whole one. A: 12.5 s + about 30 s; B: 27.5 s +
# about 2.5 s. The long refresh costs more than the long TTL, and the run agrees.
# </details>
#
# **23.2** In the example CMDB, how many items can a change to `users-db` break?

# %%
answer = ...
check("23.2", answer)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# from sysdesign.services import EXAMPLE, blast_radius
#
# answer = len(blast_radius(EXAMPLE, "users-db"))
# ```
#
# Directly: auth-service; through it the api-gateway, and through that web-frontend and
# mobile-app: 4.
# </details>
#
# **23.3** A sidecar retries up to 2 times; each try fails with probability 0.2,
# independently, and no try times out. What share of calls succeeds?

# %%
answer = ...
check("23.3", answer)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# answer = 1 - 0.2 ** 3
# ```
#
# The call fails only if all three tries fail: 0.2³ = 0.008, so 99.2 % succeed.
# </details>
#
# ## Summary
# - A registry lists an instance while its heartbeats are fresh; a silent crash stays
#   listed for up to a TTL (Eureka: in practice much longer). Shorter TTLs cut requests to
#   dead instances; faster heartbeats only help by allowing a shorter TTL.
# - Server-side discovery reads the registry per request; client-side discovery saves a hop
#   but each client's cached copy adds up to one refresh interval of staleness.
# - An API gateway runs cross-cutting stages once, cheap checks before any backend call; a
#   response cache takes load off backends; aggregation waits for the slowest call.
# - A mesh puts retries, timeouts, mTLS and telemetry in sidecars (data plane), configured
#   and given certificates by a control plane; "management plane" names the operator-facing
#   layer, and its meaning varies.
# - A CMDB's blast radius is reverse reachability in the dependency graph.
# - Low coupling, high cohesion, and dependencies on interfaces make code, and services,
#   changeable and testable.
#
# ## Where this shows up
# - Discovery: Eureka, Consul, etcd and ZooKeeper registries; Kubernetes Services and
#   EndpointSlices; DNS-based discovery ([04 · DNS](04_dns.ipynb)).
# - Gateways: Kong, Envoy Gateway, AWS API Gateway, NGINX; their limiters are those of
#   [16 · Rate limiting](16_rate_limiting.ipynb), their caches those of
#   [06 · Caching](06_caching.ipynb), their balancing that of
#   [05 · Load balancing](05_load_balancing.ipynb).
# - Meshes: Istio, Linkerd, Consul service mesh; retries and breakers as in
#   [17 · Resilience](17_resilience.ipynb); mTLS in [24 · Security](24_security.ipynb);
#   leases and membership in [22 · Coordination](22_coordination.ipynb).
# - CMDBs: ServiceNow and similar ITSM tools; tracing-derived service maps
#   ([25 · Performance and observability](25_performance.ipynb)).
#
# ## Further reading
# - C. Richardson, "Pattern: Client-side service discovery" and "Server-side service
#   discovery", microservices.io.
# - Netflix Eureka wiki; HashiCorp Consul docs, "Health checks".
# - Istio docs, "Architecture"; Envoy docs, "xDS protocol" and "Outlier detection".
# - W. Stevens, G. Myers and L. Constantine, "Structured Design", IBM Systems Journal
#   13(2), 1974; R. C. Martin, *Clean Architecture* (2017), on SOLID.
# - AXELOS, *ITIL 4*, on configuration management.

# %% [markdown]
# <!-- nav -->
# [← 22 · Coordination: Paxos, gossip and leases](22_coordination.ipynb) · [Contents](00_start_here.ipynb#Course-map) · [24 · Security: certificates, TLS, web attacks, OAuth and OIDC →](24_security.ipynb)
