# %% [markdown]
# # 07 · Content delivery networks: edges, shields and cache headers
#
# Put copies of a site next to users in five regions, compare filling them on demand (pull) with uploading them ahead (push), add an origin shield, step request by request through edge → shield → origin, and read real `Cache-Control`, `Age` and `ETag` headers the way a CDN does.

# %% [markdown]
# <!-- nav -->
# [← 06 · Caching: eviction, strategies and hit ratios](06_caching.ipynb) · [Contents](00_start_here.ipynb#Course-map) · [08 · Availability, SLOs and disaster recovery →](08_availability.ipynb)

# %% [markdown]
# ## What you will learn
# - Why distance sets a floor under latency, and how much an edge near the user saves.
# - Pull and push CDNs compared on hit ratio, origin load, latency by region, staleness
#   and storage, as the TTL, the popularity skew and the rate of change move.
# - How an origin shield (tiered caching) cuts the requests that reach the origin, and
#   the closed form that predicts by how much.
# - How a cache decides from real headers: freshness lifetime and current age
#   (RFC 9111), `stale-while-revalidate` (RFC 5861), `ETag` revalidation and `304`;
#   purging against versioned URLs; and when a CDN does not help at all.
#
# Builds on: [04 · DNS](04_dns.ipynb) (GeoDNS sends each user to a nearby edge, and TTL
# caches), [05 · Load balancing](05_load_balancing.ipynb) (an edge is a reverse proxy) and
# [06 · Caching](06_caching.ipynb) (hit ratios, staleness). The models are in
# `src/sysdesign/cdn/`: `geography.py` (distances and RTTs), `simulate.py` (pull and push
# CDNs in time), `tiers.py` (closed forms) and `headers.py` (HTTP caching rules).

# %%
from sysdesign import cdn
from sysdesign.cdn import experiments, plots, widgets
from sysdesign.core.exercises import check

# %% [markdown]
# ## Distance: the floor under every round trip
#
# Light in optical fibre travels at about 200,000 km/s (the vacuum speed divided by the
# glass's refractive index, about 1.47), so a round trip over a great-circle distance *d*
# takes at least 2*d* / 200,000 km/s. Real paths are longer than great circles and pass
# through routers and queues, so real RTTs are higher. Here they are the floor times a
# **stretch** of 1.5, an assumption you can change (`cdn.rtt_ms(..., stretch=)`): it
# stands for a well-run backbone path between data centres, between the 1.3 that the
# shortest routes through the US long-haul fibre conduits would give and the 2.1 that
# earlier measurements of the public Internet suggest as a rule of thumb (both reported
# by Bozkurt et al., "Dissecting Latency in the Internet's Fiber Infrastructure", 2018).
# The origin is in Ashburn, Virginia; users in five cities
# reach an edge in their own city in an assumed 10 ms (the access network, not distance,
# dominates it):

# %%
experiments.rtt_table()

# %% [markdown]
# Sydney and Singapore are over 15,000 km from the origin: no server, however fast, answers
# them from Virginia in less than the fibre floor of about 155 ms, and the assumed RTT is
# over 230 ms. And one request costs several round trips: Singla et al. ("The Internet at
# the Speed of Light", HotNets 2014) found that fetching just a popular page's HTML took,
# in the median, 36.5 times the time light *in vacuum* needs for the great-circle round
# trip, with the DNS lookup, the TCP handshake and the transfer included. That is a different
# quantity from the path stretch above, and it is why every round trip an edge saves
# counts several times over. A copy at an edge in the user's city replaces the trip to
# Virginia by the 10 ms one. (Sending each user to a nearby edge is what GeoDNS in
# [04 · DNS](04_dns.ipynb) does.)
#
# ## Pull or push?
#
# A **pull** CDN starts empty: an edge that misses fetches the object from the origin
# and keeps it for its TTL, like a DNS resolver. A **push** CDN is filled by the owner:
# the objects are uploaded to every edge ahead of time and re-uploaded when the owner
# decides to push again. In this model an edge holds only what was pushed, with no TTL
# (real push services also let the owner set an expiry), and the owner pushes every
# change the moment it happens. The simulation runs on `core.events`: five
# regions each send 1 request/s (Poisson) for 5 minutes over 200 objects with Zipf
# popularity (α = 0.9), and each object changes twice an hour on average. Both CDNs see
# the same requests and the same changes:

# %%
pull_push = widgets.pull_push_panel()  # drawn once: the figure below is its default view
pull_push.snapshot()

# %%
pull_push.result.summary()

# %% [markdown]
# Push answers every request at the edge, so every region sees the 10 ms edge RTT. Its
# freshness is not set by a TTL but by when the owner pushes: here every change is pushed
# at once and reaches the edges one way-trip later, so stale copies are rare (none here).
# A push that runs nightly, as in Netflix's Open Connect "fill window", leaves edges up to
# a day behind; a forgotten push, forever. Push pays in storage (every object at every
# edge, used or not) and in uploads: over these 5 minutes most of them are the first upload
# of 200 objects to 5 edges, and the rest are one upload per change per edge. Pull stores
# only what was asked for recently and sends the origin only its misses, but each miss
# costs the user the full trip to Virginia, so the regions far from the origin wait
# longest, and for up to a TTL after a change an edge keeps serving the old version: the
# longest-out-of-date row stays under the TTL.
#
# Three common summaries of pull and push (the course's source notes repeat them) need
# correcting. "Push loads the origin less because content is pushed only once": it is
# pushed once *per edge and per change*. In this short run the first upload alone makes
# push's uploads outnumber pull's fetches; after that only changes cost uploads, so which
# CDN asks more of the origin depends on the churn (raise it in the panel, and push's
# uploads overtake pull's fetches for good). "A pull miss costs slightly more on the first request": it costs
# the whole trip to the origin, which the RTT table at the top puts above 100 ms from
# three of the five regions, and it recurs at every edge once per TTL, not once. "Pull keeps
# content in sync automatically, so it suits frequently changing content": it re-fetches
# only when a TTL expires, so changing content is either stale for up to a TTL or, with
# short TTLs, mostly misses.
#
# Move the TTL: longer TTLs raise pull's hit ratio and its stale share together. Flatten
# the skew (α → 0) and pull's hit ratio falls, since each object is asked for less often
# within a TTL. Raise the churn and push uploads more while pull's stale share grows and
# its longest out-of-date copy approaches the TTL. Push only the top 10 % of objects and
# push's misses reappear for the long tail.

# %%
# NBVAL_IGNORE_OUTPUT
pull_push

# %% [markdown]
# ### The pull edge against its closed form
#
# For one object requested as a Poisson stream at rate λ, a TTL cache misses, then serves
# λ*T* hits on average until the copy expires: the hit ratio is λ*T* / (1 + λ*T*) (Jung,
# Berger and Balakrishnan, INFOCOM 2003). Over a Zipf catalogue each object has its own
# rate λ*p*ₖ; `dns.cache.zipf_hit_ratio` from [04 · DNS](04_dns.ipynb) sums it. A longer run
# (50 minutes, so the empty start matters little) lands on it:

# %%
from sysdesign.core.workloads import zipf_probabilities

run = cdn.simulate(rtts=cdn.region_rtts(), ttl=60, rate=1.0, duration=3000, seed=1)
closed = cdn.edge_hit_ratio(zipf_probabilities(200, 0.9), 1.0, 60)
print(f"simulated {run.hit_ratio:.3f}, closed form {closed:.3f}")

# %% [markdown]
# The two agree to within a few thousandths; `tests/cdn` checks the same on a longer run,
# and that a pull edge never serves a copy older than its TTL.
#
# ## Edge → shield → origin
#
# With many edges, each one misses on its own: a popular object costs the origin one
# fetch per edge per TTL. An **origin shield** is one more cache tier, placed near the
# origin, that every edge asks on a miss: CloudFront's Origin Shield (in the AWS Region you
# pick as closest to the origin), a Fastly shield POP, the upper tier of Cloudflare's
# Tiered Cache (Smart Tiered Cache picks the data centre with the lowest latency to the
# origin). The edge keeps the shield's copy only for what is left of
# its TTL (the `Age` header says how old it is), so all copies expire together and the
# first request from *any* region after that is the only one that reaches the origin:
#
# - without a shield: *E* · λ / (1 + λ*T*) origin requests per second per object;
# - with a shield: *E*λ / (1 + *E*λ*T*), never more than 1/*T*.

# %%
savings = experiments.shield_savings()
plots.shield_savings(savings)

# %% [markdown]
# Without a shield the origin's load grows in step with the number of edges; with one it
# grows much more slowly, toward the ceiling of one fetch per object per TTL. The points
# (simulated) sit on the lines (closed form). In this model the shield does not make a
# miss faster: it sits next to the origin, so a request it answers still crosses the
# ocean; it saves the origin work. (Real CDNs claim some speed too: Fastly's shielding
# guide notes that POPs keep warm connections to each other, which saves handshakes on a
# miss.)
#
# ### Step through it
#
# Three regions ask for three objects (TTL 60 s). Each request is a vertical line from
# the user's edge up to the tier that answered it: blue up to the shield, red up to the
# origin, and just a green dot on the edge's row when the edge answered. Scrub through
# the requests, and switch the shield off to see the red lines multiply:

# %%
path = widgets.request_path_panel()
path.snapshot()

# %%
# NBVAL_IGNORE_OUTPUT
path

# %%
for shield in (True, False):
    tally = experiments.request_path(step=experiments.path_steps() - 1, shield=shield).tally()
    print(f"shield={shield}: {tally}")

# %% [markdown]
# With the shield, a second region asking for an object the first one just fetched is
# answered by the shield; without it, the same request goes to the origin.
#
# ## Reading the headers: freshness, age and revalidation
#
# The TTL above comes from the origin's response. RFC 9111 §4.2.1 gives the order: a
# shared cache (a CDN) uses `s-maxage` if present, else `max-age`, else `Expires` minus
# `Date`, else it may guess (the RFC suggests 10 % of the time since `Last-Modified`).
# Values of the kinds real sites send parse like this:

# %%
for value in ["public, max-age=31536000, immutable", "private, max-age=0, no-cache",
              "public, max-age=60, s-maxage=300, stale-while-revalidate=30", "no-store"]:
    print(f"{value!r:66} -> {cdn.parse_cache_control(value)}")

# %% [markdown]
# **Current age** (RFC 9111 §4.2.3) counts the time a response spent in other caches
# (`Age`), on the wire and in this cache. Say the edge sent a request at 10:00:00, got the
# answer at 10:00:02 with `Date: 10:00:01` and `Age: 30`, and it is now 10:01:00. The
# corrected age on arrival is `Age` plus the response delay, 30 + 2 = 32 s (larger than the
# apparent age 2 − 1 = 1 s); it has since sat 58 s in this cache:

# %%
age = cdn.current_age(date=1, request_time=0, response_time=2, now=60, age=30)
headers = {"Cache-Control": "public, max-age=60, s-maxage=300, stale-while-revalidate=30"}
print(f"current age {age:g} s, freshness lifetime {cdn.freshness_lifetime(headers):g} s")

# %% [markdown]
# Fresh while the lifetime exceeds the age. What may the cache do at each age? RFC 5861's
# `stale-while-revalidate` lets it serve a stale copy for a few more seconds while it
# revalidates in the background, and `stale-if-error` lets it serve one while the origin
# fails. `must-revalidate` forbids serving stale copies, and so, in a shared cache, do
# `proxy-revalidate` and `s-maxage`: RFC 9111 §5.2.2.10 gives `s-maxage` the meaning of
# `proxy-revalidate`, a detail often missed when `s-maxage` is used as "max-age for CDNs".
# `no-cache` does not mean "do not cache": the response may be stored, but must be
# revalidated before every reuse (`no-store` is the one that forbids storing). `private`
# forbids only shared caches; the browser may keep it.

# %%
cases = {"max-age=300, stale-while-revalidate=30": [90, 310, 340],
         "s-maxage=300, stale-while-revalidate=30": [310],
         "max-age=300, must-revalidate, stale-while-revalidate=30": [310],
         "max-age=300, stale-if-error=3600": [(900, "origin down")],
         "private, max-age=300": [0], "no-cache": [0]}
experiments.header_decisions(cases)

# %% [markdown]
# To revalidate, the edge sends `If-None-Match` with the stored `ETag`. If the origin's
# current tag matches, it answers `304 Not Modified` with no body; the edge updates the
# stored headers from the 304 (RFC 9111 §4.3.4), so the copy is fresh again for the
# lifetime they give. Otherwise the origin answers `200` with the new object.
# `If-None-Match` uses the *weak* comparison (RFC 9110 §13.1.2): a weak tag `W/"v7"`
# promises only that two representations mean the same, not that their bytes are equal,
# and it matches `"v7"`; the *strong* comparison (§8.8.3.2, needed for `If-Match` and
# byte ranges) never matches a weak tag:

# %%
print(cdn.revalidate('"v7"', current_etag='"v7"'), cdn.revalidate('"v7"', current_etag='"v8"'),
      cdn.revalidate('W/"v7"', current_etag='"v7"'), cdn.strong_match('W/"v7"', '"v7"'))

# %% [markdown]
# The same exchange on the wire: a real origin on 127.0.0.1 (`cdn.origin`, Python's
# `http.server`, started and stopped by the cell) serves a 50 kB file whose `ETag` is a
# hash of its bytes, and an edge asks for it four times:

# %%
experiments.live_revalidation()

# %% [markdown]
# The two conditional GETs with the stored tag get `304` and no body, but still the `ETag`
# and `Cache-Control` a `200` would carry (RFC 9110 §15.4.5), which the edge copies onto its
# stored response. The weak form of the tag matches too. After the deploy the bytes, and so
# the tag, changed: the same request now brings the new file.
#
# A 304 still costs a round trip to the origin (or the shield), but not the body: for a
# large file the saving is the transfer, not the latency.
#
# ## Invalidation: purge or versioned URLs
#
# After a deploy, users should stop seeing the old file. Three ways, with a 1-hour TTL
# (`max-age=3600`) on the file, an assumed 5 s for a purge to reach every edge, and a 60 s TTL on the HTML page
# that links the file:

# %%
experiments.invalidation(ttl_s=3600, purge_s=5, html_ttl_s=60)

# %% [markdown]
# Waiting for the TTL is simple but slow. A **purge** asks every edge to drop the URL: fast,
# but it is one more API call in the deploy, and every edge then misses at once (the
# shield helps here too). And it reaches only the CDN: a browser that cached the file
# under `max-age=3600` keeps showing the old one for up to that hour. Fastly's
# "Controlling caching" guide advises separate lifetimes for that reason: a long one for
# the CDN (`s-maxage`, or its `Surrogate-Control`), a short `max-age` for browsers. A **versioned URL** (`app.3f2a.js`, the hash of the content)
# never changes meaning, so it can carry `max-age=31536000, immutable`; what changes is the
# HTML that points at it, which is why the HTML keeps a short TTL or `no-cache` with an
# `ETag`. The staleness moves from the file to the page, and old versions sit in the cache
# until they are evicted.
#
# ## When a CDN does not help
#
# A response marked `private` (a page with the user's name) or `no-store` (a bank
# balance) must not be kept by a shared cache, so every such request goes to the origin.
# The edge hit ratio, and the latency in Frankfurt, as the share of personalised requests
# grows (1 request/s per region in all, TTL 60 s, closed form):

# %%
experiments.uncacheable()

# %% [markdown]
# The hit ratio shrinks faster than the cacheable share: only (1 − share) of the requests
# can hit at all, and those arrive less often, so fewer of them fall within each TTL (at a
# share of 0.5 the hit ratio is well under half of the 0.442 at 0). The latency moves
# toward the edge RTT plus the full origin RTT. Such traffic can still gain from an edge that terminates TLS
# near the user and keeps warm connections to the origin, but not from caching. The same
# holds for a long tail asked for less than once per TTL per edge, and for writes.
#
# ## Try it
#
# **1.** An edge receives requests for one object as a Poisson stream at 0.05 per second,
# and the origin sends `Cache-Control: s-maxage=60`. What share of these requests does the
# edge answer from its cache in the long run? (A fraction; within 2 % of the exact value,
# not 2 percentage points, counts.)

# %%
answer = ...
check("07.1", answer)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# from sysdesign.dns.cache import ttl_hit_ratio
#
# answer = ttl_hit_ratio(0.05, 60)
# ```
#
# λ*T* = 0.05 × 60 = 3 hits per miss, so 3 of every 4 requests hit: 0.75.
# </details>
#
# **2.** An edge sent a request at 10:00:00 and got at 10:00:04 a response with
# `Date: 09:59:35`, `Age: 10` and `Cache-Control: public, max-age=600, s-maxage=240`. At
# what moment does the copy stop being fresh at the edge? Answer in seconds after 10:00:00.

# %%
answer = ...
check("07.2", answer)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# from sysdesign import cdn
#
# lifetime = cdn.freshness_lifetime(
#     {"Cache-Control": "public, max-age=600, s-maxage=240"}, shared=True)
# on_arrival = cdn.current_age(date=-25, request_time=0, response_time=4, now=4, age=10)
# answer = 4 + lifetime - on_arrival
# ```
#
# The edge is a shared cache, so `s-maxage` (240 s) wins over `max-age`. On arrival,
# `Age` plus the response delay is 10 + 4 = 14 s, but the apparent age, arrival time
# minus `Date`, is 4 − (−25) = 29 s (the origin's clock is behind, or a cache on the way
# did not add its time to `Age`). RFC 9111 takes the larger, 29 s. The copy then ages one
# second per second in the edge and turns stale when its age reaches 240 s: 211 s after
# it arrived at 4 s, so at 215 s (10:03:35).
# </details>
#
# **3.** Eight edges, TTL 60 s. You add an origin shield. For which object does the number
# of origin requests fall by the larger factor: a `"popular"` one (1 request/s at each
# edge), a `"rare"` one (1 request per 10 minutes at each edge), or is it `"the same"`?
# Decide first, then check with `cdn.tiers.origin_rate`.

# %%
answer = ...
check("07.3", answer)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# from sysdesign.cdn.tiers import origin_rate
#
# def factor(rate):
#     return origin_rate(rate, 60, edges=8) / origin_rate(rate, 60, edges=8, shield=True)
#
# answer = "popular" if factor(1.0) > factor(1 / 600) else "rare"
# ```
#
# The popular object: about 7.9 times fewer origin requests, against about 1.6 for the rare
# one. Each edge fetches a popular object about once per TTL, and the shield turns eight
# such fetches into one; a rare object misses at almost every request either way, and the
# shield only helps when two edges happen to ask within the same minute.
# </details>
#
# ## Summary
# - Distance sets a floor: 2*d* / 200,000 km/s in fibre, and real RTTs are higher. An edge
#   near the user turns a trans-ocean round trip into a local one, for whatever it can serve.
# - Pull CDNs fill on demand: little storage and no upload step, but misses cost the full
#   trip to the origin and copies may be stale for up to a TTL. Push CDNs serve everything
#   pushed from the edge and are as fresh as the owner's last push, at the price of
#   storing and uploading everything to every edge. Pull suits large, skewed catalogues; push suits small,
#   predictable ones (a release, a video series).
# - A TTL cache's hit ratio per object is λ*T* / (1 + λ*T*); an origin shield turns *E*
#   edges' misses into at most one origin fetch per object per TTL.
# - Caches decide from headers: `s-maxage` over `max-age` over `Expires`, current age from
#   `Age`, `Date` and the cache's own clock; `no-store` (no cache) and `private` (no shared
#   cache) to opt out, `no-cache` to store but always revalidate; `stale-while-revalidate`
#   and `stale-if-error` to serve stale copies, which `must-revalidate` (and, in a CDN,
#   `s-maxage`) forbid; `ETag` + `If-None-Match` → `304`.
# - Prefer versioned URLs with long TTLs for static files and short TTLs (or `no-cache`
#   with ETags) for the HTML that names them; purge for mistakes.
#
# ## Where this shows up
# - Akamai, Cloudflare, Fastly and CloudFront fill their caches mainly on demand (pull) and
#   offer tiers in front of the origin (Akamai's tiered distribution, Cloudflare's Tiered
#   Cache, Fastly's shielding, CloudFront's regional edge caches and Origin Shield). Netflix
#   Open Connect is push: its appliances inside ISPs fill daily, in an off-peak window,
#   with the titles predicted to be popular.
# - [04 · DNS](04_dns.ipynb) steers users to an edge with GeoDNS, and its TTL caches use
#   the same λ*T* / (1 + λ*T*); [06 · Caching](06_caching.ipynb) covers eviction when an
#   edge is full, and [05 · Load balancing](05_load_balancing.ipynb) the reverse proxies
#   an edge is built from.
#
# ## Further reading
# - R. Fielding, M. Nottingham and J. Reschke, RFC 9111 "HTTP Caching" (2022), §4.2
#   (freshness, age) and §5.2 (`Cache-Control`); RFC 9110 "HTTP Semantics", §8.8.3
#   (`ETag`), §13.1.2 (`If-None-Match`) and §15.4.5 (`304`).
# - M. Nottingham, RFC 5861 "HTTP Cache-Control Extensions for Stale Content" (2010).
# - J. Jung, A. W. Berger and H. Balakrishnan, "Modeling TTL-based Internet Caches",
#   INFOCOM 2003.
# - A. Singla, B. Chandrasekaran, P. B. Godfrey and B. Maggs, "The Internet at the Speed
#   of Light", HotNets 2014.
# - I. N. Bozkurt et al., "Dissecting Latency in the Internet's Fiber Infrastructure",
#   arXiv:1811.10737 (2018).
# - Vendor documentation: Cloudflare "Tiered Cache", Fastly "Shielding", AWS "Using Amazon
#   CloudFront Origin Shield", and Netflix Open Connect's partner help on fill windows.
# - E. Nygren, R. K. Sitaraman and J. Sun, "The Akamai Network: A Platform for
#   High-Performance Internet Applications", ACM SIGOPS OSR 2010.

# %% [markdown]
# <!-- nav -->
# [← 06 · Caching: eviction, strategies and hit ratios](06_caching.ipynb) · [Contents](00_start_here.ipynb#Course-map) · [08 · Availability, SLOs and disaster recovery →](08_availability.ipynb)
