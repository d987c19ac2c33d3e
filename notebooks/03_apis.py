# %% [markdown]
# # 03 · APIs: RPC, REST, gRPC, GraphQL and idempotency
#
# Call the same operations RPC-style and REST-style on a tiny in-process server, lint a route table against REST design rules, watch offset pages repeat rows, weigh the same records as JSON, MessagePack and Protocol Buffers, fetch one screen by REST calls, by one real GraphQL query and by one gRPC call, and retry payments over a lossy network with and without idempotency keys.

# %% [markdown]
# <!-- nav -->
# [← 02 · Networking: IP, TCP, UDP and HTTP](02_networking.ipynb) · [Contents](00_start_here.ipynb#Course-map) · [04 · DNS: resolution, caching and the wire format →](04_dns.ipynb)

# %% [markdown]
# ## What you will learn
# - What RPC and REST each put first (procedures against resources), which of Fielding's
#   REST constraints everyday HTTP APIs keep and which they drop, and the design rules that
#   make an HTTP API predictable: nouns, methods, status codes, pagination, versions.
# - What a binary encoding saves: the same records as JSON, MessagePack and Protocol
#   Buffers, before and after gzip, down to protobuf's bytes worked out by hand.
# - Why one GraphQL query can replace many REST calls, how the N + 1 problem moves
#   inside the server unless a batching loader fixes it, and what one gRPC call sends.
# - Why retries over an unreliable network charge a card twice, how an idempotency key
#   stops it, and what the key's retention window trades.
#
# Builds on: [01 · Estimation](01_estimation.ipynb) (bytes and round trips add up) and
# [02 · Networking](02_networking.ipynb) (HTTP, and messages that get lost). The models
# are in `src/sysdesign/apis/`: `routing.py` (a router without sockets, two APIs),
# `design.py` (a REST linter, pagination in SQLite), `encoding.py` (JSON, MessagePack,
# protobuf), `fetching.py` (REST against GraphQL on `graphql-core`) and `idempotency.py`
# (payments over a lossy network).

# %%
from sysdesign import apis
from sysdesign.apis import experiments, plots, widgets
from sysdesign.core.exercises import check

# %% [markdown]
# ## RPC
#
# A **remote procedure call** makes a call to a function on another machine look like a
# local call: the client's *stub* packs the procedure's name and arguments into a message,
# the server unpacks them, runs the procedure and sends back the result. Over HTTP, an RPC
# API is a list of procedures, one URL each, named by what they do. Here is one, on a
# router that takes requests as Python objects (no sockets: the point is the shape of the
# API, not the wire):

# %%
rpc = apis.rpc_api(apis.PeopleStore())
rpc("POST", "/signup", {"name": "Ann"}).body

# %%
found, missing = (rpc("GET", "/readPerson", personid=p) for p in ("1234", "9"))
(found.status, found.body), (missing.status, missing.body)

# %% [markdown]
# Both answers are HTTP 200; whether the call worked is inside the body. That is common in
# RPC over HTTP (JSON-RPC, for one, reports errors in the response body): HTTP is only the
# transport. The illusion of a local
# call leaks (Waldo et al., "A Note on Distributed Computing", 1994: latency, no shared
# memory, concurrency, partial failure), and one leak no stub can paper over: a call can
# fail *after*
# the server ran it, and then the client cannot tell whether it ran. That is what [Idempotency](#Idempotency) is about.
#
# ## REST
#
# REST (*representational state transfer*) is the architectural style Roy Fielding
# distilled from the Web in chapter 5 of his 2000 dissertation. It is defined by
# constraints:
#
# 1. **client-server**: the user interface is separated from data storage;
# 2. **stateless**: each request carries everything needed to understand it; no session
#    lives on the server between requests;
# 3. **cacheable**: responses say whether they may be cached and reused;
# 4. **uniform interface**: one generic interface between all components, itself four
#    constraints: *identification of resources* (a URI names each resource),
#    *manipulation of resources through representations* (clients send and receive
#    representations, such as a JSON document, not the resource itself),
#    *self-descriptive messages* (a message says how to process it: method, media type,
#    cache headers), and *hypermedia as the engine of application state* (HATEOAS: the
#    client moves from state to state by following links the server sent);
# 5. **layered system**: a client cannot tell whether it talks to the server or to a
#    proxy, cache or load balancer in between;
# 6. **code on demand** (optional): the server may send code for the client to run.
#
# The notes say that HTTP meets every constraint but the uniform interface. More precisely:
# HTTP was designed to let an API meet them all, and it is the typical *JSON-over-HTTP API*
# that drops two parts of the uniform interface. Its responses are `application/json`,
# which says nothing about what the fields mean, so a client needs out-of-band
# documentation (not self-descriptive), and it returns no links to follow, so clients
# build URLs from documentation (no HATEOAS). Fielding himself wrote in 2008 that an API
# driven by out-of-band knowledge is not REST; "HTTP API" or "web API" is the honest name.
# The everyday REST API, resource URLs plus HTTP methods plus status codes, looks like this:

# %%
rest = apis.rest_api(apis.PeopleStore())
rest("POST", "/persons", {"name": "Ann"}), rest("GET", "/persons/9")

# %% [markdown]
# `201 Created` and `404 Not Found`: the status code carries the outcome, so every cache,
# proxy and client library that speaks HTTP understands it without knowing this API.
#
# The client above had to know from documentation that a person lives at
# `/persons/{id}`. With hypermedia, each representation carries the links to what the
# client can do next, and the client follows them; here it adds an item and reads the list
# without building a single URL:

# %%
hyper = apis.rest_api(apis.PeopleStore(), links=True)
ann = hyper("POST", "/persons", {"name": "Ann"}).body
hyper("POST", ann["links"]["items"], {"itemid": "456"})
ann, hyper("GET", ann["links"]["items"]).body

# %% [markdown]
# The server could now move items to `/v2/people/1234/things` without breaking this
# client. Links in plain `application/json` are still not self-descriptive, though: the
# client must know out of band that `links.items` means "this person's items". Media types
# that define their links (HAL's `application/hal+json`, JSON:API) close that gap, and are
# the exception rather than the rule among public APIs.
#
# ## RPC vs REST
#
# The notes' table, as runnable requests: the same nine operations against both APIs, each
# on its own store (person 1234 is the first to sign up).

# %%
experiments.side_by_side()

# %% [markdown]
# Both stores end in the same state (a test checks it); what differs is where the meaning
# sits. This RPC API names the action in the URL and answers 200 whatever happened, with
# the verdict in the body (common over HTTP, but not part of RPC itself: gRPC returns a
# status code with every call, in the `grpc-status` trailer). REST names things
# (`/persons/1234`) and lets the method say what to do: `PUT` replaces, `DELETE` removes,
# and a second `DELETE` answers `404`. RPC fits actions that are not about one resource (`/sendMessage`, `/resizeCluster`) and tight
# service-to-service calls; REST fits data that is naturally a set of resources, and gets
# HTTP caching and tooling for free.
#
# ## REST API design
#
# Design rules make an HTTP API guessable. They are conventions, not standards (Fielding's
# thesis says nothing about plural nouns). `apis.lint` checks a route table against six of
# them; `apis.RULES` says what each asks for:

# %%
experiments.lint_table(rpc).head(8)

# %%
rest_v1 = apis.rest_api(apis.PeopleStore(), prefix="/v1")
experiments.lint_overview({"RPC": rpc, "REST": rest, "REST under /v1": rest_v1})

# %% [markdown]
# Every RPC route breaks the nouns rule, the camelCase ones break the case rule and the
# `POST`-for-everything ones break the methods rule; the REST table breaks only the version
# rule, and passes once every route sits under `/v1`. Versioning in the path is one choice;
# a header (`Accept: application/vnd.example.v2+json`) is another, and either way a new
# version is for breaking changes only: adding a field breaks no client that ignores
# fields it does not know (a *tolerant reader*; a client that rejects unknown fields
# breaks).
#
# **Status codes** worth knowing: `200 OK`, `201 Created` (with the new resource's
# `Location`), `204 No Content`, `400 Bad Request` (malformed), `401 Unauthorized` (who are
# you?), `403 Forbidden` (not allowed), `404 Not Found`, `409 Conflict`, `422 Unprocessable
# Content` (well-formed but invalid), `429 Too Many Requests`, `500 Internal Server Error`,
# `503 Service Unavailable`. RFC 9110 §15: a 4xx says the client seems to have erred, so
# the same request will usually fail again (except `408 Request Timeout` and `429`, defined
# in RFC 6585, which say "later"); a 5xx says the server failed, and a retry may succeed,
# but is only safe
# for an idempotent request (see [Idempotency](#Idempotency)). The first rule behind all
# of them: the status class must agree with the outcome. Sending the nine operations
# again, each API on a fresh store, and checking every response's status against what its
# body says:

# %%
experiments.status_table()

# %% [markdown]
# The REST API's status codes always agree with its bodies; the RPC API hides two failures
# under `200`, so a generic client, a proxy's error metrics or a retry library sees them
# as successes.
#
# ### Pagination: offset or cursor
#
# A list endpoint returns a page at a time. **Offset** pagination asks for `LIMIT 5 OFFSET
# 10`; **cursor** (keyset) pagination asks for the rows after the last one it saw (`WHERE id
# < 26`). Both run below in real SQLite on a newest-first feed of 30 posts. Between page
# requests, two new posts arrive at the top:

# %%
experiments.pagination_table(inserts=2)

# %% [markdown]
# The offset reader sees rows 27 and 26 again on page 2: the new posts pushed everything
# down by two, and offset 5 now points two rows higher than before. Six rows repeat over
# four pages. Now nothing is added, but before each page the reader deletes (or a moderator
# hides) the two newest posts it has seen:

# %%
experiments.pagination_table(inserts=0, deletes=2)

# %% [markdown]
# Now offset *skips* six rows it never showed; the cursor reader, which asks "older than
# the last id I saw", neither repeats nor skips (a property test checks this for any mix of
# inserts and deletes). Cursors also stay fast deep into a list: `OFFSET 100000` makes the
# database walk past 100,000 rows, `WHERE id < ?` seeks through the index. Offsets allow
# "jump to page 7"; cursors do not.
#
# ## gRPC
#
# gRPC is an RPC framework: services and messages are declared in a `.proto` file (its
# interface definition language), a compiler generates client stubs and server skeletons,
# and calls travel over HTTP/2 with the messages encoded as **Protocol Buffers**. It
# offers four kinds of method: unary (one request, one response), server streaming, client
# streaming and bidirectional streaming, and every call can carry a deadline. Browsers
# cannot speak it directly (they do not expose HTTP/2 framing and trailers to scripts);
# they use gRPC-Web, through a translating proxy such as Envoy or a server that speaks
# gRPC-Web itself.
#
# How much does the binary encoding save? The same 100 user records (id, name, e-mail,
# age, active, balance, tags) as compact JSON, MessagePack and protobuf, with the protobuf
# message class built at run time from a descriptor (no generated code):

# %%
experiments.size_table(100)

# %% [markdown]
# Raw, protobuf takes 0.40 of JSON's bytes and MessagePack 0.72: MessagePack still sends
# every field name in every record, protobuf sends a field *number* and keeps the names in
# the schema. Counted by hand from the MessagePack spec (`msgpack_size`, checked against
# the `msgpack` library by a property test), the names alone cost each record this many
# bytes of its 90.3:

# %%
sum(apis.msgpack_size(field) for field in apis.make_records(1)[0])

# %% [markdown]
# Gzip changes the picture: the repeated names are exactly what it compresses best, and
# the three gzipped sizes end within 4 % of each other (0.96 to 1.00 of JSON's). So on a
# link that already compresses (HTTP responses usually are, with gzip or Brotli, when the
# client offers it), the size argument for binary formats is mostly about CPU and small
# messages, and the stronger argument is the schema: types checked at both ends and fields
# that can be added without breaking old readers.
#
# ### Protobuf's bytes by hand
#
# Each field on the wire is a *key*, `field number << 3 | wire type`, then the value: a
# **varint** (7 bits per byte, low bits first, the top bit saying "more follows") for
# integers and booleans, or a length and the bytes for strings. Proto3 sends nothing for a
# field at its default value (0, empty, false), unless the field is declared `optional`,
# which tracks whether it was set. One small user, field by field:

# %%
small = {"id": 300, "name": "Bob", "age": 0, "active": True}
apis.encoding.annotate_user(small)

# %% [markdown]
# `id = 300` is key `08` (field 1, varint) then `ac 02`: 300 is `10 0101100` in binary, sent
# as the low 7 bits with the "more" bit set (`0xac`), then the rest (`0x02`). Adding up
# keys, lengths and values by hand gives the library's size; a property test checks
# `users_size` against protobuf for arbitrary records:

# %%
user_class, _ = apis.user_classes()
apis.user_size(small), user_class(**small).ByteSize()

# %% [markdown]
# Payload size against the number of records, raw and gzipped:

# %%
payload = widgets.payload_panel()  # up to 100 records, gzip shown
payload.snapshot()

# %% [markdown]
# Raw sizes grow linearly with the records, with slopes in the order of the table; the
# three gzipped lines lie almost on top of each other and climb far more slowly: once gzip
# has seen a few records, most of each new one repeats something it can point back to.
# Move the slider to 1,000 records, and turn
# gzip off to see the raw lines alone:

# %%
# NBVAL_IGNORE_OUTPUT
payload

# %% [markdown]
# Speed varies by machine and library version, so this cell's output is not compared when
# the notebook is tested: encode and decode time relative to JSON, 300 records, best of
# three. Python's `json` and `msgpack` are C extensions; protobuf's Python objects cost a
# conversion from dicts each way, so it often comes out *slower* than JSON here, unlike in
# Go, Java or C++ where generated code works on structs:

# %% tags=["nbval-ignore-output"]
# Measured: encode and decode times on this machine; they vary with its load and the versions
experiments.speed_ratios(300, repeat=3)

# %% [markdown]
# ## GraphQL
#
# A screen shows a user's name and, for each of their posts, the title and the names of
# the people who commented. With fixed REST endpoints the client first fetches the user and
# the posts, then each post's comments, then each commenter: a request per item (the
# "N + 1" pattern), and each response is the whole resource (`bio`, post `body`...) when the
# screen needs a few fields. GraphQL lets the client send one query that names exactly the
# fields it needs:

# %%
print(apis.SCREEN_QUERY)

# %% [markdown]
# The same screen, both ways, with five posts and three comments per post (the GraphQL
# query runs for real on `graphql-core`, against a schema over the same in-memory data).
# Bytes count request lines and JSON bodies only: real requests also carry a few hundred
# bytes of headers each (fewer on HTTP/2, which compresses repeated headers), a cost REST
# pays per request:

# %%
experiments.fetch_table()

# %% [markdown]
# REST: 18 requests in 3 sequential waves (user and posts; then the comments of every post;
# then every commenter), counted as 3 round trips as on HTTP/2, where a whole wave goes out
# at once (over HTTP/1.1's six connections per origin, a wave of more than six requests
# takes more than one), 6,593 bytes received for a screen that needs 626: **over-fetching**
# (whole resources) and **under-fetching** (never enough in one call) at once. GraphQL: one
# request and one round trip, 635 bytes back. The work has not vanished, though: it moved
# into the server, where the naive resolvers make 22 database queries, more than REST's
# 18 calls, because every comment's `author` resolver fetches its user alone (REST
# fetched each distinct commenter once). That is the N + 1 problem inside the server. The
# resolvers ran this many times:

# %%
naive = apis.run_graphql(apis.Database(), batching=False)
batched = apis.run_graphql(apis.Database(), batching=True)
dict(naive.resolver_calls), dict(naive.db_queries), dict(batched.db_queries)

# %% [markdown]
# The fix is a **DataLoader** (`apis.DataLoader`): a resolver asks the loader for a key
# and gets a future; the loader collects every key asked for during one turn of the event
# loop, then makes one batched query (`WHERE id IN (...)`) and fills all the futures. The
# resolvers run just as often; the queries drop to one per level of the query: 4, for any
# number of posts and comments (fewer only when a level is empty: 2 with no posts, 3 with
# posts but no comments). A property test checks both counts against closed forms; the one
# without the loader is exercise 3 below.

# %%
plots.n_plus_one_chart(experiments.n_plus_one(10, 3))

# %% [markdown]
# Without the loader the queries grow with posts × comments, faster than the REST
# client's requests (which fetch each distinct commenter once); with it they stay flat.
#
# GraphQL has costs of its own: a client can write a query that is very expensive (deep
# nesting, large lists), so servers limit depth and cost; requests are usually a `POST`
# to one URL, so HTTP caches see nothing they can reuse (below); and the server needs
# loaders, or it makes more queries than the REST endpoints it replaced.
#
# ## REST vs GraphQL vs gRPC
#
# The same screen a third way: one unary gRPC call to a method written for this screen,
# `GetScreen(ScreenRequest) returns (Screen)`, whose protobuf messages are again built at
# run time from a descriptor. It runs in process, like the other two: real message bytes
# and framing, no HTTP/2 connection ([02](02_networking.ipynb) shows real HTTP/2 frames).
# The body is one length-prefixed message (a "compressed?" byte and a 4-byte length, then
# the protobuf bytes); bytes are counted as before, without headers:

# %%
experiments.three_styles()

# %% [markdown]
# One call and one round trip, like GraphQL, and 238 bytes received against GraphQL's
# 635: field numbers instead of names. The price: this method serves *this* screen, where
# GraphQL lets each client choose its fields, and like GraphQL's `POST` it is invisible to
# HTTP caches (last row). In short:
#
# | | REST (JSON over HTTP) | GraphQL | gRPC |
# |---|---|---|---|
# | shape | resources and methods | one endpoint, a typed schema, queries choose fields | services and methods in a `.proto` file |
# | payload | JSON (text, field names in every record) | JSON, exactly the fields asked for | protobuf (binary, field numbers) |
# | round trips for a nested screen | many (one per resource or list), unless you add custom endpoints | one | one per method call; a method can return a whole screen if designed for it |
# | HTTP caching | built in: `GET` URLs, `Cache-Control`, `ETag` | caches key on URLs, and queries usually travel in `POST` bodies; the GraphQL-over-HTTP draft lets servers accept `GET` for queries, and *persisted queries* (a hash of a query stored in advance) make short `GET` URLs cacheable | none at the HTTP layer (all calls are `POST`); cache in the client or service |
# | streaming | no (server-sent events or WebSockets on the side) | subscriptions, over a separate transport | four kinds of streaming over HTTP/2 |
# | browsers | native | native (`fetch`) | gRPC-Web, through a proxy or a server that speaks it |
# | tooling | OpenAPI, curl, any HTTP tool | introspection, schema-aware clients and IDEs | code generation for many languages, typed stubs |
# | changes | new version in the path or a header | add fields, deprecate old ones | add fields with new numbers; never reuse a number |
#
# The notes' row "gRPC: no built-in caching" is right, and the one on GraphQL ("requires
# custom caching") needs the precision above: it is `POST`, whose responses caches in
# practice never store (see the method table below), that defeats HTTP caches, not GraphQL
# itself. A rough rule: REST for public APIs and resources that cache well,
# GraphQL for clients that need many shapes of the same graph of data (mobile and web
# front ends), gRPC between services that you deploy together.
#
# ## Idempotency
#
# The notes define an idempotent API as one that returns the same result however often
# it is called. RFC 9110 (§9.2.2) defines it by the *effect*: a method is idempotent if
# the intended effect on the server of several identical requests is the same as of one.
# The responses may differ, as the second `DELETE` above showed (204, then 404). By
# definition:

# %%
experiments.method_table()

# %% [markdown]
# `PUT`, `DELETE` and the safe methods (`GET`, `HEAD`, `OPTIONS`, `TRACE`) are idempotent;
# `POST` and `PATCH` are not. The last column is often taught as "only `GET` and `HEAD`",
# but RFC 9110 §9.2.3 defines `POST` as cacheable too: its response may answer a later
# `GET` of the same URI if it carries explicit freshness and a `Content-Location` equal to
# that URI (§9.3.3; RFC 5789 sets the same condition for `PATCH`). The RFC itself adds
# that the overwhelming majority of caches support only `GET` and `HEAD`, and a `POST`
# *request* is never answered from a cache ("POST is potentially unsafe"), which is why
# GraphQL's `POST` queries always miss. Sending each request twice to the REST API shows
# the idempotency difference:

# %%
experiments.repeat_effects()

# %% [markdown]
# After two identical `PUT`s or `DELETE`s the store is as after one; two `POST`s add the
# item twice (person 1234 ends with three items: the one from setup and two copies). This
# matters because a client that gets no response cannot tell a lost request from a lost
# response: it must retry, and retrying is only harmless if the request is idempotent.
#
# ### A payment over an unreliable network
#
# `POST /payments` is not idempotent. The client waits 100 ms for a response, then sends
# the same request again (waiting 200 ms, then 400 ms...). The network is simulated on the
# course's event engine, 20 ms each way; here the server's first response is lost. Scrub
# through the events:

# %%
timeline = widgets.retry_timeline_panel()  # "response lost", no key
timeline.snapshot()

# %% [markdown]
# The server charged the card at 20 ms and its response was lost; the client, having heard
# nothing by 100 ms, sent the payment again, and the server, seeing a new request, charged
# again. The fix: the client makes up a unique **idempotency key** for the payment (in
# practice a random UUID; here `pay-0`) and sends it with every attempt, in the header of
# the IETF draft "The Idempotency-Key HTTP Header Field", whose value is a quoted string:
# `Idempotency-Key: "pay-0"`. The server stores the first response under the
# key and, for a repeat, replays it without charging. Tick the box, and try the other
# scenarios: a lost request is harmless either way, a duplicated request is charged twice
# without a key, and a retry that arrives after the server dropped the key is charged again:

# %%
# NBVAL_IGNORE_OUTPUT
timeline

# %% [markdown]
# ### Loss, retries and the key's retention
#
# Two hundred payments, 10 ms apart; every message is lost with probability 0.2, and one
# that is not lost is delivered twice with probability 0.05; up to 3 retries; the server
# keeps keys for 1,000 ms:

# %%
experiments.retry_summary()

# %% [markdown]
# Without a key 44 of 200 payments are charged twice or more, 258 charges in all; with a
# key none is, and the server replays 58 stored responses instead. Retries do not make
# every payment *confirmed*, though: for 6 payments all four attempts went unanswered and
# the client gave up, yet every one of them had been charged. Only a key lets the client
# (or a person, an hour later, if the server keeps keys that long) ask again without
# risking a second charge. But keys cost
# storage, so servers drop them after a while, and a retry that arrives after its key was
# dropped is a new payment again. The panel sweeps the retention window:

# %%
retries = widgets.retries_panel()  # loss 0.2, duplication 0.05, 3 retries, keys kept 1 s
retries.snapshot()

# %% [markdown]
# Left: with keys (green) every payment is charged exactly once. Right: with keys kept
# 0 ms the server forgets a key as soon as time moves on (the few keys it still holds at
# its peak were stored in the same millisecond, by different payments), so double charges
# are as many as with no keys; they
# fall as retention grows and vanish once it covers the spread of one payment's attempts:
# the last retry leaves 100 + 200 + 400 = 700 ms after the first (a duplicated copy
# arrives 5 ms later still; the trip itself cancels out). Meanwhile the keys held at
# once grow in proportion to retention (Little's law: keys held ≈ payments per second ×
# retention), until every key of this short run is held. Stripe documents that keys may
# be removed once they are at least 24 hours old; the IETF draft leaves the window to the
# server but asks it to publish it. Raise the loss, cut the retries, shrink the retention:

# %%
# NBVAL_IGNORE_OUTPUT
retries

# %% [markdown]
# Two more details real servers handle. The key must be stored in the same transaction
# as the charge (or the charge recorded against the key), or a crash between the two
# re-opens the window. And a retry that arrives while the first request is still being
# processed must not run again: the IETF draft has the server answer `409 Conflict`.
# Servers also compare a retry's payload with the first request's and reject a key reused
# for a different payment (the draft suggests `422`; Stripe does this too).
#
# ## Try it
#
# **1.** How many bytes does protobuf need for
# `User(id=20000, name="Ana", age=30, active=False)`? Work it out by hand from the
# encoding rules above: field keys, varints and lengths.

# %%
answer = ...
check("03.1", answer)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# answer = 4 + 5 + 2  # id: key + 3-byte varint; name: key + length + "Ana"; age: key + 1
# ```
#
# 20000 needs 15 bits, so three 7-bit varint bytes (`a0 9c 01`); `active = False` is the
# default, so proto3 does not send it: 11 bytes.
# </details>
#
# **2.** A client timed out on each of these requests and does not know whether the server
# acted on it. Which may it retry without an idempotency key, because repeating them has
# the same intended effect as sending them once? Decide, then answer with a set of strings
# from `"GET /persons/1234"`, `"PUT /items/456"`, `"DELETE /items/456"`,
# `"POST /persons/1234/items"`, `"PATCH /items/456"`.

# %%
answer = ...
check("03.2", answer)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# answer = {"GET /persons/1234", "PUT /items/456", "DELETE /items/456"}
# ```
#
# RFC 9110 §9.2.2: `PUT`, `DELETE` and the safe methods are idempotent. A second `DELETE`
# may answer 404, but the item is gone either way. `POST` adds another item each time, and
# `PATCH` is not idempotent by definition (a patch can say "add 1").
# </details>
#
# **3.** Predict: the same screen now shows 6 posts with 4 comments each. How many database
# queries does the GraphQL server make *without* the batching loader? Count them from the
# resolvers first; the solution then runs the server on that database to confirm.

# %%
answer = ...
check("03.3", answer)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# from sysdesign import apis
#
# answer = apis.run_graphql(apis.Database(posts=6, comments=4), batching=False).total_queries
# ```
#
# 1 (the user) + 1 (the posts) + 6 (each post's comments) + 24 (each comment's author) =
# 32; in general 2 + P + P·C for P posts of C comments. With the loader it stays at 4,
# whatever the numbers (as long as there is a comment).
# </details>
#
# ## Summary
# - RPC exposes procedures; REST exposes resources and lets standard methods and status
#   codes carry the meaning. Most "REST" APIs are HTTP APIs: they keep client-server,
#   statelessness, caching and layering, and drop self-descriptive messages and HATEOAS.
# - Good HTTP APIs are guessable: plural nouns, methods with their defined meaning, honest
#   status codes, a version, and cursor pagination for lists that change.
# - Binary encodings shrink raw payloads (protobuf to 0.40 of JSON here), but gzip takes
#   most of the difference away; the schema is the lasting gain.
# - GraphQL turns many round trips into one and returns only what is asked for; without
#   batching it multiplies database queries inside the server, and `POST` bodies bypass HTTP
#   caches.
# - Retries are unavoidable over a network that loses messages; make them safe with
#   idempotent methods or with idempotency keys kept longer than any retry can arrive.
#
# ## Where this shows up
# - Stripe, Adyen and most payment APIs take an idempotency key on every `POST`; AWS APIs
#   call it a client token (`ClientToken`) for the same purpose.
# - GitHub offers both a REST API and a GraphQL API; etcd's API and Kubernetes' container
#   runtime interface (CRI) are gRPC services.
# - [02 · Networking](02_networking.ipynb) covers the HTTP/2 streams gRPC runs on and
#   the packet loss that makes retries necessary; [04 · DNS](04_dns.ipynb) resolves the
#   names in these URLs.
# - [06 · Caching](06_caching.ipynb): the HTTP caches that `GET` URLs can use and `POST`
#   bodies cannot. [13 · Distributed IDs](13_distributed_ids.ipynb): the UUIDs clients use
#   as idempotency keys.
# - [09 · CAP and PACELC](09_cap_pacelc.ipynb) and [10 · Consistency](10_consistency.ipynb):
#   the same "did it happen?" question between replicas. How often and how fast to
#   retry, without flooding a struggling server, is in
#   [17 · Resilience](17_resilience.ipynb); idempotent consumers come back with message
#   queues (at-least-once delivery) in a later lesson.
#
# ## Further reading
# - R. T. Fielding, *Architectural Styles and the Design of Network-based Software
#   Architectures*, doctoral dissertation, UC Irvine (2000), chapter 5; and his post "REST
#   APIs must be hypertext-driven" (2008).
# - R. Fielding, M. Nottingham, J. Reschke (eds.), RFC 9110 "HTTP Semantics" (2022), §9.2
#   (safe and idempotent methods) and §15 (status codes).
# - J. Jena, S. Dalal, "The Idempotency-Key HTTP Header Field", IETF Internet-Draft
#   draft-ietf-httpapi-idempotency-key-header.
# - Stripe API reference, "Idempotent requests".
# - Protocol Buffers documentation, "Encoding"; gRPC documentation, "Core concepts,
#   architecture and lifecycle".
# - GraphQL specification, and the "GraphQL over HTTP" draft specification; the DataLoader
#   project (graphql/dataloader) README.

# %% [markdown]
# <!-- nav -->
# [← 02 · Networking: IP, TCP, UDP and HTTP](02_networking.ipynb) · [Contents](00_start_here.ipynb#Course-map) · [04 · DNS: resolution, caching and the wire format →](04_dns.ipynb)
