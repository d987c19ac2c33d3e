# %% [markdown]
# # 04 · DNS: resolution, caching and the wire format
#
# Follow one lookup from the root to an authoritative server, measure how TTL caches and popularity shape lookup latency, move a name to a new address and watch caches hold on to the old one, read DNS messages in the real wire format byte by byte with dnspython and with a parser of our own, and split traffic with round-robin, weighted and latency-based answers.

# %% [markdown]
# <!-- nav -->
# [← 03 · APIs: RPC, REST, gRPC, GraphQL and idempotency](03_apis.ipynb) · [Contents](00_start_here.ipynb#Course-map) · [05 · Load balancing and proxies →](05_load_balancing.ipynb)

# %% [markdown]
# ## What you will learn
# - Who asks whom in a lookup: the stub resolver, the recursive resolver, the root, the TLD
#   and the authoritative servers; what each one answers, and what each cached level saves.
# - How a TTL cache's hit ratio follows from the TTL and the query rate (λT / (1 + λT) for
#   one name), and how popularity skew turns that into a latency distribution; negative
#   caching of names that do not exist.
# - What a TTL costs when an address changes, and how to plan a move around it.
# - The DNS message format, byte by byte: header, question, records and name compression;
#   the record types A, AAAA, CNAME, MX, NS and TXT; a CNAME chain.
# - How DNS answers steer traffic (round-robin, weighted, by latency), and why caching makes
#   that coarse.
#
# Builds on: [01 · Back-of-the-envelope estimation](01_estimation.ipynb) (latency numbers)
# and [02 · Networking](02_networking.ipynb) (UDP and TCP); TTL caches come back, in
# general, in [06 · Caching](06_caching.ipynb). The models are in `src/sysdesign/dns/`:
# `resolution.py` (the hierarchy on the course's event engine), `cache.py` (TTL caches and
# their closed forms), `migration.py`, `traffic.py`, and `wire.py` (a DNS message parser).
# The package is `sysdesign.dns`; `import dns` still means the dnspython library.

# %%
import dns.message

from sysdesign.core.exercises import check
from sysdesign.dns import experiments, plots, widgets, wire, zone

# %% [markdown]
# ## Who asks whom
#
# A name such as `host0.site0.com` is read right to left: the root zone delegates `com` to
# the `.com` TLD servers, which delegate `site0.com` to the servers its owner runs. Those
# are **authoritative**: they hold the zone's records and answer from them. Applications do
# not walk this tree. A small **stub resolver** in the operating system sends one query
# with the "recursion desired" bit set to a **recursive resolver** (the ISP's, the
# company's, or a public one), and that resolver does the walking, *iteratively*: it asks
# the root, gets a referral to `.com`, asks `.com`, gets a referral to `site0.com`'s
# servers, asks them, and gets the answer (RFC 1034 §4.3.1 and §5.3.1; the terms are RFC
# 9499's).
#
# The notes list three kinds of DNS server and say the authoritative server "redirects the
# request to the real server". Two corrections: the authoritative server *answers* (with an
# address, or NXDOMAIN for a name that does not exist), it redirects nothing; and the
# server doing the work, the recursive resolver, is missing from their list.
#
# Here is one lookup on the course's event engine, with every cache empty. One-way delays
# are 2 ms to the resolver, 10 ms to the root, 15 ms to the TLD and 15 to 60 ms to each
# domain's authoritative servers:

# %%
lookup = experiments.cold_lookup("cold")
experiments.hops_table(lookup)

# %% [markdown]
# Eight messages and 141 ms, all but 4 ms of it spent on the three round trips the
# resolver makes down the tree (87 ms to the authoritative server alone). The model sends
# every server the whole name, as RFC 1034 describes; many resolvers now send the root
# only `com` and the TLD only `site0.com` (QNAME minimisation, RFC 9156), so no server
# learns more of the name than it needs, for the same three round trips here. The resolver
# caches the referrals too, and they carry long TTLs. In the real root zone the NS records
# that delegate a TLD, and the addresses of those name servers (the *glue*), have a TTL of
# 172,800 s, two days; the root's own NS records have 518,400 s, six days. The `.com` zone
# gives its delegations the same two days, and the model uses 172,800 s for both levels.
# (A resolver may replace a referral with the NS records the domain's own servers send,
# often with a shorter TTL, and caps every TTL at its own maximum.) So the next lookup of
# any `.com` name skips the root, the next one in `site0.com` skips the TLD as well, and a
# cached answer costs only the trip to the resolver:

# %%
warmth = ("cold", "TLD known", "domain known", "answer cached")
{warm: round(experiments.cold_lookup(warm).latency, 1) for warm in warmth}

# %% [markdown]
# Step through the lookup, message by message (arrows down are queries, up are answers;
# the table lists what each message said):

# %%
steps = widgets.cold_lookup_panel()
steps.snapshot()

# %%
# NBVAL_IGNORE_OUTPUT
steps

# %% [markdown]
# The notes say lookups take "20-120 milliseconds on average". That is the range of a
# lookup that misses somewhere; as the next sections show, most lookups hit a cache and
# take a few milliseconds or nothing, so the average depends on the TTLs and the traffic.
#
# ## A TTL cache, one name
#
# Every record carries a TTL: the number of seconds a resolver may keep it. After that it
# must ask again. RFC 2181 §8 makes it an unsigned number up to 2^31 − 1 and adds: "The TTL
# specifies a maximum time to live, not a mandatory time to live"; a resolver may drop a
# record earlier or cap long TTLs. (The one sanctioned exception the other way is RFC 8767's
# "serve stale": a resolver that cannot reach the authoritative servers may keep answering
# from an expired record for a while.) `TTLCache` serves an entry while
# `now < stored + TTL` and never after, and counts hits and misses.
#
# Let queries for one name arrive at random (Poisson) at rate λ. A miss fetches the record,
# which then lives T seconds and catches λT hits on average; the first query after it
# expires misses again. One miss per 1 + λT queries: the hit ratio is λT / (1 + λT). Jung,
# Berger and Balakrishnan (2003) derive it for any independent, identically distributed
# gaps between queries, with the expected number of queries in a TTL, E[N(T)], in place of
# λT, and find it matches real DNS traces well. Simulated on the cache, for several loads
# λT:

# %%
single = experiments.single_name_table()
single

# %%
plots.single_name(single)

# %% [markdown]
# The simulated points lie on the curve within sampling noise (from about 450 to 8,500
# queries each). Half the queries hit once a name gets one query per TTL, and 95 %
# at twenty per TTL: TTLs pay off for names queried often, and do almost nothing for rare
# ones.
#
# ## Many names: latency against TTL and popularity
#
# Now 200 names in 20 domains, queried by 10 clients at 2 lookups per second in all for ten
# minutes, with popularity following Zipf(α), a model
# [06 · Caching](06_caching.ipynb) also uses.
# Here each client's stub resolver caches answers too, with the TTL the recursive resolver
# handed out: what was *left* of it, so a copy downstream never outlives the one upstream.
# Real machines differ. The stub resolver in glibc, the C library of most Linux systems,
# caches nothing: each `getaddrinfo` call asks the configured server again, unless a local
# cache such as systemd-resolved (which describes itself as a caching stub resolver),
# nscd or dnsmasq sits in between. macOS (mDNSResponder) and Windows (the DNS Client
# service) cache in the operating system; browsers and language runtimes often keep a
# cache of their own on top.
#
# Two closed forms sit beside the simulation. Each name k is its own Poisson stream at rate
# λp_k, so in the long run the hit ratio is Σ p_k · λp_kT / (1 + λp_kT). But every cache
# here starts empty and ten minutes is short next to a long TTL, so the run also gets the
# exact expectation for a cold start (ignoring the fetches' own tenth of a second): the
# n-th miss of a name falls inside a run of D seconds with probability
# P(Poisson(λp(D − (n − 1)T)) ≥ n), summed over n and names.

# %%
lookups = widgets.lookups_panel()
lookups.snapshot()

# %% [markdown]
# At a 5-minute TTL and α = 1, 79 % of lookups are answered from a cache, as the
# cold-start formula expects, a little under the long-run 82 %. Half the lookups take
# under 5 ms, many of them nothing at all, but p95 and p99 sit above 100 ms: the lookups
# that walked to an authoritative server. Move the TTL and α: a longer TTL or a more skewed
# popularity raises the hit ratio and thins the slow tail, but the first lookup of each
# name always misses, so at long TTLs the hit ratio stops at 1 − (names asked for) /
# (lookups).

# %%
# NBVAL_IGNORE_OUTPUT
lookups

# %% [markdown]
# One result is easy to check by unticking the stub caches: the share of lookups answered
# from *some* cache does not change. A stub holds a copy only while the resolver still
# holds it (give or take the 2 ms the answer took to reach it), so the two together miss
# when the resolver alone would; the stubs only turn 4 ms hits into free ones:

# %%
with_stubs, without = experiments.lookups(stub_cache=True), experiments.lookups(stub_cache=False)
round(with_stubs.hit_ratio, 4), round(without.hit_ratio, 4), round(with_stubs.theory_hit_ratio, 4)

# %% [markdown]
# ### Negative caching
#
# A name that does not exist gets NXDOMAIN, with the zone's SOA record in the authority
# section. The authoritative server sets that SOA's TTL to the smaller of the SOA's own TTL
# and its MINIMUM field (RFC 2308 §3), and resolvers cache the "no" for that TTL (§5).
# MINIMUM, the last number of the SOA, once meant "the least TTL of any record in the
# zone"; RFC 2308 §4 made it the negative-caching TTL. Resolvers cap it as well (BIND's
# `max-ncache-ttl` defaults to 3 hours). Negative caching only helps when the *same*
# missing name is asked for again: a flood of random, never-repeated names (a
# "random-subdomain" attack) gets past it, which is what the aggressive use of DNSSEC's
# signed proofs of non-existence in RFC 8198 addresses. In the model the missing names
# repeat, drawn from the same Zipf popularity as the real ones. The same ten minutes of
# lookups, 30 % of them for missing names:

# %%
experiments.negative_caching()

# %% [markdown]
# With negative caching, 234 of the 369 NXDOMAIN answers came from a cache and the
# authoritative servers saw 362 queries instead of 596; a missing name costs 32 ms on
# average instead of 82.
#
# ## Moving a name: what the TTL costs
#
# A cached record is a promise that the data stays good for its TTL, and nothing can take
# it back: when an address changes, every resolver holding the old record keeps sending
# its users to the old address until its copy expires. Model: 300 resolvers, each getting
# a query for the name about once a minute; the record had a TTL of one day, lowered to 5
# minutes one hour before the move (the step line, simulated on the event engine; the
# dashed line is the renewal model of the same thing, in `migration.old_share`):

# %%
move = widgets.migration_panel()
move.snapshot()

# %% [markdown]
# Lowering the TTL one hour ahead barely helps: copies fetched before the lowering keep
# their one-day TTL. Lowering it a full old TTL ahead (green) does not make the move
# instant either (right after the move most queries still go to the old address, from
# copies fetched in the last 5 minutes), but the old address is gone within the new TTL.
# How long until fewer than 1 % of queries go to the old address, in hours:

# %%
{when: round(experiments.time_to_drain(86_400, 300, lead) / 3600, 2)
 for when, lead in (("not lowered", 0), ("lowered 1 h ahead", 3600),
                    ("lowered 1 day ahead", 86_400))}

# %% [markdown]
# The plan, then: at least one old TTL before the move, lower the TTL; move; keep the old
# address serving until the last old copies have expired; raise the TTL again. Real
# resolvers add their own twists: many cap long TTLs (BIND's `max-cache-ttl` defaults to a
# week), and some applications and libraries keep an address longer than its TTL, so keep
# the old server answering a while longer than the arithmetic says. Moving the *name
# servers* (a new DNS provider) is slower still: the delegation lives in the parent zone,
# with the parent's TTL (two days for `.com`), so both old and new providers must serve the
# same records for at least that long.

# %%
# NBVAL_IGNORE_OUTPUT
move

# %% [markdown]
# ## The wire format
#
# A DNS message is the same for queries and responses (RFC 1035 §4.1): a 12-byte header
# (an ID, flag bits, four counts), then the question, then three lists of resource
# records: answers, authority, additional. Usually it travels in one UDP datagram of at
# most 512 bytes (RFC 1035 §4.2.1), or as many as the client advertises in an EDNS(0) OPT
# record (RFC 6891); a response too big for that comes back with the TC ("truncated") bit
# set and the client asks again over TCP, which every general-purpose DNS implementation
# must support (RFC 7766).
#
# The query a stub sends for `www.example.com`, type A, without EDNS, built by hand in
# `wire.py`, equals the one dnspython builds:

# %%
query = wire.build_query("www.example.com", "A", query_id=0x1A2B)
assert query == dns.message.make_query("www.example.com", "A", use_edns=False,
                                       id=0x1A2B).to_wire()
query.hex(" ")

# %% [markdown]
# `1a 2b` is the ID, `01 00` the flags with only RD (recursion desired) set, then one
# question and no records. The name is written as labels, each preceded by its length:
# `03` `www` `07` `example` `03` `com` and a zero byte for the root; then type `00 01` (A)
# and class `00 01` (IN).
#
# ### A response in the real wire format, read two ways
#
# No network is used here, and no response was captured from a live server. The responses
# in `src/sysdesign/dns/data/*.bin` were *rendered* by dnspython from a small zone written
# for this lesson (below: the reserved name `example.com`, RFC 2606, and documentation
# addresses from RFC 5737 and RFC 3849). `zone.render_responses()` answers six queries the
# way an authoritative server does, for a resolver asking without recursion and without
# EDNS, and keeps the exact bytes dnspython writes, name compression included; a test
# re-renders them and checks the shipped files are byte for byte the same. The format is
# the real one; a response from a real server would usually also carry an OPT record
# (EDNS) in the additional section, and may order records differently.

# %%
print(zone.ZONE_TEXT)

# %% [markdown]
# (A CNAME cannot sit at the zone's apex, `example.com` itself. A name with a CNAME may
# hold no other data: RFC 1034 §3.6.2 says no other data "should" be present, and RFC 2181
# §10.1 makes it firm, allowing only DNSSEC's own records beside it. The apex must hold the
# zone's SOA and NS records (RFC 1034 §4.2.1). The notes' example "example.com to
# www.example.com" is that forbidden case; the usual fix is the reverse, `www` as a CNAME,
# or a provider's non-standard apex alias that answers with the target's addresses.)
# dnspython reads the response to `www.example.com A`:

# %%
raw = zone.shipped("www_a")
print(dns.message.from_wire(raw))

# %% [markdown]
# Our own parser, field by field, with each field's offset in the message:

# %%
experiments.wire_table("www_a")

# %% [markdown]
# Look at offset 33. The first answer's owner name is not spelled out again: `c0 0c` is a
# **compression pointer** (RFC 1035 §4.1.4): a length byte whose top two bits are both 1
# means "the rest of this name is at the offset in the remaining 14 bits", here 12, where
# the question's `www.example.com` starts. The CNAME's target `web.example.com` is written
# as the label `web` and a pointer `c0 10` to offset 16, the `example.com` inside the
# question; the later owners point at the names written in the CNAME data (`c0 2d` to
# `web.example.com` at 45, `c0 3f` to `edge.example.com` at 63). RFC 1035 §4.1.4 says a
# pointer refers to a *prior* occurrence of a name. `read_name` holds every pointer to
# that: each must jump back, before the labels it continues, so the jumps strictly
# decrease and must end. A pointer forward or to itself is refused, since one could form a
# loop, and a hostile message cannot send the parser round in circles.
#
# Every shipped response, all records, read by our parser and by dnspython:

# %%
assert all(wire.records(zone.shipped(s)) == wire.dnspython_records(zone.shipped(s))
           for s, *_ in zone.QUERIES)
experiments.records_table()

# %% [markdown]
# A, AAAA (the IPv6 address), CNAME (an alias), MX (mail servers; senders try the lowest
# preference number first), NS (the zone's name servers) and TXT (free text, here an SPF
# policy); the NXDOMAIN response carries the SOA with TTL 300 s, the smaller of the SOA's
# 3,600 s and its MINIMUM of 300: how long the "no" may be cached. The tests also let
# hypothesis invent messages, have dnspython render them and check our parser reads every
# field the same. The CNAME chain, followed. Chains are allowed, but discouraged: RFC 1034
# §3.6.2 asks names in records to point at the canonical name, to avoid extra indirection;
# RFC 1912 §2.4 warns that CNAMEs pointing to CNAMEs trip resolvers that check loops badly;
# and RFC 2181 §10.3 forbids MX and NS records that point at an alias at all:

# %%
wire.follow_cnames(wire.parse(raw))

# %% [markdown]
# Compression is worth it: without it, every name would be written out in full, the owners'
# and those inside CNAME, MX, NS and SOA data alike.

# %%
experiments.compression_savings()

# %% [markdown]
# ## DNS as a traffic director
#
# The `edge.example.com` answer above lists three addresses. An authoritative server can
# choose what goes into each answer: **round-robin** (all the addresses, the list rotated
# on each response; many clients simply use the first), **weighted** (one address, drawn with
# set weights), or **latency-based / GeoDNS** (the address of the server nearest the
# asking resolver's region). Here three servers in three regions, and resolvers of very
# different sizes (a few big ISPs, many small ones, Zipf-sized), each refetching when its
# TTL runs out:

# %%
split = widgets.traffic_panel()
split.snapshot()

# %% [markdown]
# Over the hour, round-robin splits requests evenly, but minute by minute a server's share
# swings between about a fifth and over half: one answer to a big resolver moves all its
# users, for a whole TTL. (The pattern repeats so neatly because every resolver in the
# model refetches the moment its TTL runs out.) This is the worst case: every resolver
# here passes its cached answer on in the order it got it, and every user takes the first
# address. Real resolvers often reorder a cached answer on each reply (dnsmasq rotates it
# unless told not to; BIND's `rrset-order` and CoreDNS's `loadbalance` can shuffle it),
# and clients sort the addresses they get (RFC 6724), so one big resolver's users spread
# further than here. The three policies side by side, with a 5-minute TTL and with none:

# %%
policies = experiments.traffic_table()
policies

# %% [markdown]
# With no caching (TTL 0) every minute gets each policy's ideal split. Weighted answers
# with a 5-minute TTL miss their 2 : 1 : 1 target even over the hour (the weights are
# drawn per answer, and a few big resolvers' answers decide most of the traffic);
# latency-based answers send each region to its nearest server, cutting the mean round
# trip from round-robin's 94 ms to 18 ms, but put 63 % of the requests on one server,
# because the two biggest resolvers happen to be in Europe. The authoritative server sees
# the resolver's address, not the user's: a user of a distant public resolver gets the
# server nearest the resolver, unless the resolver forwards part of the user's address
# (EDNS Client Subnet, RFC 7871). DNS steers traffic coarsely: it chooses per resolver and
# per TTL, not per request, and an answer carries nothing about how busy a server is.
# Managed DNS services do leave out servers that fail their health checks (Amazon Route 53
# does), but even that change reaches users only as cached answers expire. Load balancers
# ([05 · Load balancing](05_load_balancing.ipynb)) choose per request and watch their
# servers' health; CDNs ([07 · CDNs](07_cdn.ipynb)) use answers like these to send each
# user to a nearby edge.

# %%
# NBVAL_IGNORE_OUTPUT
split

# %% [markdown]
# ## Try it
#
# **1.** A resolver receives a query for one name every 10 seconds on average (Poisson),
# and the record's TTL is 60 s. What fraction of these queries does the resolver have to
# send on to the authoritative server? (A fraction; within 1 % of the exact value, not 1
# percentage point, counts.)

# %%
answer = ...
check("04.1", answer)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# from sysdesign.dns import ttl_hit_ratio
#
# answer = 1 - ttl_hit_ratio(1 / 10, 60)
# ```
#
# λT = 6 queries per TTL, so each miss is followed by 6 hits on average and then, after
# the record expires, the next query misses: 1 miss in 7 queries, 14.3 %. Not 1/6: the
# cycle is the TTL *plus* the wait for the first query after it.
# </details>
#
# **2.** A record has had a TTL of one day (86,400 s). One hour before moving it to a new
# address you lower the TTL to 5 minutes. Resolvers each get a query for it about once a
# minute. Two hours after the move, what share of queries still go to the old address?
# Predict first, then compute it with the model. (A fraction; within 3 % of the exact value,
# not 3 percentage points, counts.)

# %%
answer = ...
check("04.2", answer)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# from sysdesign.dns import old_share
#
# answer = old_share(7200, old_ttl=86_400, new_ttl=300, lead=3600, rate=1 / 60)
# ```
#
# About 87 %. The copies fetched before the TTL was lowered keep their one-day TTL; a
# copy still has more than 3 hours left if it was fetched less than 21 hours before the
# lowering, about (86,400 − 10,800) / (86,400 + 60) of resolvers.
# </details>
#
# **3.** Decide: you must move a service to a new address within one hour, and its record
# has a TTL of 86,400 s. Which plan keeps every user reaching the service? Answer with one
# of the strings in `MOVE_OPTIONS`:

# %%
from sysdesign.dns.exercises import MOVE_OPTIONS

MOVE_OPTIONS

# %%
answer = ...
check("04.3", answer)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# from sysdesign.dns.exercises import MOVE_OPTIONS
#
# answer = MOVE_OPTIONS[1]
# ```
#
# An hour is far less than the one-day TTL already in caches, so some resolvers will send
# users to the old address for up to a day whatever you do now. Lower the TTL at once (it
# makes the *next* change fast and costs little), move, and keep the old server answering
# (or forwarding to the new one) until a day has passed since the lowering.
# </details>

# %% [markdown]
# ## Summary
# - A lookup goes stub → recursive resolver → root → TLD → authoritative server; each level
#   the resolver has cached (answers, and the referrals with their long TTLs) saves a round
#   trip, from about 140 ms cold to a few ms.
# - A TTL cache's hit ratio for one name is λT / (1 + λT); over many names it is that,
#   weighted by popularity, so skew and long TTLs make most lookups free. A cold start sets
#   a ceiling: each name's first lookup misses.
# - Negative answers are cached too, for min(SOA TTL, SOA MINIMUM).
# - A TTL is a promise you cannot take back: lower it at least one old TTL before a move,
#   and keep the old address working until the old copies have expired.
# - On the wire, a message is a 12-byte header and four sections; names are length-prefixed
#   labels, shortened by pointers back into the message, which a parser must check.
# - DNS can spread and steer traffic (round-robin, weights, latency), but per resolver and
#   per TTL: lumpy, slow to react (even to failed health checks), blind to load.
#
# ## Where this shows up
# - Most connections start with a name lookup: browsers, operating systems and resolvers
#   all cache, which is why a DNS change "propagates" only as fast as the TTLs allow.
# - TTL caches in general, and their hit ratios under skew, are the subject of
#   [06 · Caching](06_caching.ipynb); DNS is the classic TTL-cached system.
# - DNS runs over UDP and falls back to TCP, the transports of
#   [02 · Networking](02_networking.ipynb); every call between the services of
#   [03 · APIs](03_apis.ipynb) starts by looking up the server's name.
# - Managed DNS services sell exactly these answers: Amazon Route 53's routing policies
#   include weighted, latency-based and geolocation routing, and CDNs steer users to an
#   edge site by GeoDNS or anycast.
# - Round-robin and weighted DNS are the crudest load balancing:
#   [05 · Load balancing](05_load_balancing.ipynb) refines it per request, and
#   [07 · CDNs](07_cdn.ipynb) builds on GeoDNS to pick an edge.
#
# ## Further reading
# - P. Mockapetris, RFC 1034 "Domain Names: Concepts and Facilities" and RFC 1035 "Domain
#   Names: Implementation and Specification" (1987): §4.1 for the message format.
# - R. Elz and R. Bush, RFC 2181 "Clarifications to the DNS Specification" (1997), §8 on
#   TTLs and §10 on CNAMEs; M. Andrews, RFC 2308 "Negative Caching of DNS Queries" (1998).
# - D. Barr, RFC 1912 "Common DNS Operational and Configuration Errors" (1996).
# - P. Hoffman and K. Fujiwara, RFC 9499 "DNS Terminology" (2024; it replaced RFC 8499).
# - J. Dickinson et al., RFC 7766 "DNS Transport over TCP: Implementation Requirements"
#   (2016).
# - J. Jung, A. W. Berger and H. Balakrishnan, "Modeling TTL-based Internet Caches", IEEE
#   INFOCOM 2003.
# - dnspython documentation, "Message" and "Zone" classes.

# %% [markdown]
# <!-- nav -->
# [← 03 · APIs: RPC, REST, gRPC, GraphQL and idempotency](03_apis.ipynb) · [Contents](00_start_here.ipynb#Course-map) · [05 · Load balancing and proxies →](05_load_balancing.ipynb)
