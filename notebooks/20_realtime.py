# %% [markdown]
# # 20 · Real time: polling, long polling, SSE and WebSockets
#
# Deliver the same messages four ways and watch them in time, count every byte each way puts on a real wire, measure delivery latency on real servers on your machine, cut an SSE stream and resume it without losing an event, catch a silent WebSocket peer with heartbeats, and fan one message out through a broker to the server nodes that hold its subscribers.

# %% [markdown]
# <!-- nav -->
# [← 19 · Event sourcing and CQRS](19_event_sourcing_cqrs.ipynb) · [Contents](00_start_here.ipynb#Course-map) · [21 · Transactions and locking: lost updates, isolation levels, 2PC and sagas →](21_transactions_locking.ipynb)

# %% [markdown]
# ## What you will learn
# - How short polling, long polling, Server-Sent Events (SSE) and WebSockets get a message
#   from a server to a client, and what each costs: latency, requests, bytes, connections
#   held open; a closed-form model of all four, checked against a simulation.
# - What each one puts on the wire, byte for byte: HTTP headers, an SSE event in its
#   HTTP chunk, a WebSocket frame (RFC 6455), counted on real servers on 127.0.0.1.
# - How a stream survives a broken connection: SSE's `Last-Event-ID` replays exactly what
#   was missed; WebSocket ping/pong heartbeats notice a peer that went silent.
# - How to serve many connections from many server nodes: fan-out through a pub/sub broker.
#
# Builds on: [02 · Networking](02_networking.ipynb) (TCP, HTTP/1.1 and HTTP/2) and
# [18 · Message queues](18_messaging.ipynb) (the brokers behind the fan-out). The models
# are in `src/sysdesign/realtime/`: `wire.py` (bytes on the wire), `model.py` (closed
# forms), `simulation.py` (one client on `core.events`), `fanout.py` (the broker), and
# `servers.py` with `live.py` (the real servers: aiohttp and `websockets`).

# %%
from sysdesign.core.exercises import check
from sysdesign.realtime import (
    EventStreamParser,
    experiments,
    format_event,
    live,
    mean_latency,
    plots,
    requests_per_second,
    simulate_all,
    widgets,
)

# %% [markdown]
# ## Four ways to hear about a message
#
# HTTP is request-response: the client asks, the server answers. A chat message, a price
# tick or a notification appears at the server at a moment the client does not know. Four
# ways to get it there:
#
# - **Short polling**: the client asks every T seconds "anything new after id K?". Simple,
#   works everywhere, but a message waits for the next poll, and most polls find nothing.
# - **Long polling**: the client asks, and the server *holds* the request until there is
#   something to say (or a timeout passes), then answers; the client asks again at once.
# - **Server-Sent Events**: the client makes one request and the server never finishes
#   the response: it writes each message as an event into the open stream
#   (`Content-Type: text/event-stream`, in the WHATWG HTML standard; browsers read it with
#   `EventSource`). Server to client only.
# - **WebSocket**: an HTTP request asks to `Upgrade` the connection; after that, both sides
#   send frames whenever they like (RFC 6455). Two-way.
#
# The notes say WebSocket "was introduced as part of the HTML5 specification". More
# precisely, the *protocol* is an IETF standard, RFC 6455 (2011); the browser's
# `WebSocket` API is specified by WHATWG. SSE, by contrast, is entirely in the HTML
# standard, protocol included.
#
# One client of each, over a 200 ms round trip, receiving the same random messages (one a
# second on average) for 10 seconds, simulated on `core.events`. Grey lines go up from the
# client to the server (requests), coloured lines come down (answers, or pushed messages);
# a dotted line is an answer with nothing in it:

# %%
in_time = widgets.timeline_panel()  # 1 message/s, poll every 2 s, 200 ms round trip
in_time.snapshot()

# %% [markdown]
# Short polling delivers each message at the next poll, up to a poll interval late. Long
# polling keeps one request waiting at the server, so a message leaves at once; after each
# answer the client asks again. SSE and WebSocket need no request per message: the
# message goes down the open connection in half a round trip. Scrub the time slider, or
# change the rate, the interval and the round trip:

# %%
# NBVAL_IGNORE_OUTPUT
in_time

# %% [markdown]
# ## A model of latency and cost
#
# Let messages appear at random (a Poisson stream, λ per second per client), a poll
# interval T, and a round trip `rtt` (half of it each way). Then, on average:
#
# | method | latency | requests per second |
# |---|---|---|
# | short polling | T/2 + rtt/2 (the wait for the next poll is uniform in 0..T) | 1/T, whatever λ |
# | long polling | rtt/2 + f · rtt/2 | about λ when 1/timeout ≪ λ ≪ 1/rtt; more when messages are rarer than the timeout (empty answers); at most 1/rtt |
# | SSE, WebSocket | rtt/2 | 0 after the first |
#
# Long polling has a blind spot: after the server answers, the client's next request
# arrives one round trip later; a message that appears in that gap waits for it. With
# Poisson messages the gaps chain (a request that finds messages waiting is answered at
# once, which opens another gap), and the share of messages that meet a gap works out to
# f = rtt·e^(λ·rtt) / (1/λ + rtt·e^(λ·rtt)) (derivation in `model.py`). Messages that meet
# a gap leave together in one answer: long polling **batches** under load. RFC 6202,
# which documents long polling's known issues, says the same in words: the average latency
# is close to one network transit, the worst case over three (the answer, the next
# request, and the answer after it).
#
# The closed forms against the simulation, for 20 messages a second over a 200 ms round
# trip (150 s, about 3,000 messages, simulated per method):

# %%
runs = simulate_all(message_rate=20, duration=150, rtt=0.2, poll_interval=2.0, seed=1)
{m: {"simulated ms": round(float(1000 * run.latencies().mean()), 1),
     "model ms": round(1000 * mean_latency(m, message_rate=20, rtt=0.2, poll_interval=2.0), 1),
     "requests per message": round(run.requests / len(run.published), 3)}
 for m, run in runs.items()}

# %% [markdown]
# Simulation and formula agree for every method (the tests check them at several rates
# to within four standard errors). At this rate long polling needs only about one request
# per four messages: the gaps fill up and answers carry several messages. Its latency has
# grown from the 100 ms of a push to about 200 ms, a whole round trip. The model of
# requests per second for long polling, at this rate:

# %%
round(requests_per_second("long polling", message_rate=20, rtt=0.2), 2)

# %% [markdown]
# ## What goes on the wire
#
# Latency is half the story; the other half is what each message costs in bytes. Here are
# real servers: one **aiohttp** app serving `/poll` (short and long polling) and
# `/events` (SSE), and a **`websockets`** endpoint, all on 127.0.0.1 on ports the OS picks.
# Between each client and its server sits a small proxy that counts every byte it
# forwards (TCP payload: without TCP and IP headers). The HTTP client is hand-written, so
# every header it sends is known (only `Host`, plus `Accept` and `Last-Event-ID` on the
# SSE request; a browser adds `User-Agent`, `Accept-Language`, cookies); the WebSocket
# client is the `websockets` library's, with its `User-Agent` header turned off. The
# server's `Date` header always has 29 characters, so the counts repeat exactly. Three messages (32 bytes of data each) are published, then one more:

# %%
counted = live.wire_bytes()  # starts the servers, exchanges, stops them (~0.1 s)
experiments.wire_table(counted)

# %% [markdown]
# Every count matches the byte model in `wire.py` exactly. The model prices each part: a
# polling exchange is a request line and `Host` header, a status line and four headers,
# and a body of one JSON line per message; an SSE event is `id: 4` and `data: {...}` lines
# and a blank line, wrapped in an HTTP/1.1 chunk (its size in hex and two CRLFs); a
# WebSocket frame from the server is a 2-byte header and the payload. The client's
# subscribe frame is 6 bytes longer than its payload: a 2-byte header and a 4-byte key,
# because every frame a client sends is **masked** (RFC 6455, sections 5.3 and 10.3: so
# that an attacker's script cannot choose the bytes on the wire and poison the cache of a
# proxy that misreads the traffic). The WebSocket handshake itself, an HTTP
# request and a `101 Switching Protocols` answer, cost:

# %%
{k: counted["WebSocket"][k] for k in ("handshake_up", "handshake_down")}

# %% [markdown]
# That is paid once per connection. Per message, one message at a time, with these
# minimal headers (the `message JSON` is the 53-byte message itself):

# %%
experiments.per_message()

# %% [markdown]
# A WebSocket frame adds 2 bytes to a short message (4 beyond 125 bytes, 10 beyond
# 65,535), an SSE event 23, a polling exchange 182 (189 for a long poll's longer URL),
# and that with a client that sends no cookies. Polling can win back bytes only by
# batching: a poll that finds ten messages pays the headers once.
#
# ## Measured: delivery latency on 127.0.0.1
#
# Now all four clients at once, each through its own counting proxy, receive the same
# Poisson stream (80 messages/s for 0.3 s); the short poller asks every 50 ms.
# The model's round trip is calibrated from the run itself (twice SSE's mean latency, so
# SSE's row agrees by construction), and its bytes are priced from each poller's log of
# what it asked and got. The cell prints the comparison and its conclusions:

# %% tags=["nbval-ignore-output"]
# Measured: real servers and sockets on this machine; latencies vary with its load.
# 29 messages over six poll intervals: enough for every check below to hold on a busy
# machine (checked 19 runs in a row under load), short enough to keep the cell quick.
measured = live.measure(message_rate=80, duration=0.3, poll_interval=0.05, seed=3)
check_table = experiments.measured_vs_model(measured)
print(f"every message delivered by every method: {(check_table.received == check_table.messages).all()}; "
      f"short polling's mean within the model's band: {check_table.loc['short polling', 'latency ok']}; "
      f"the other medians under a quarter of the interval: {check_table['latency ok'].drop('short polling').all()}; "
      f"bytes equal to the model: {(check_table.bytes == check_table['model bytes']).all()}")
plots.measured_view(measured)

# %% [markdown]
# The short poller's latencies spread between 0 and the 50 ms interval, around the
# model's mean of half of it; long polling, SSE and WebSocket typically deliver within a
# few milliseconds, the time one message takes through the proxy and the event loop. A
# busy machine can stall the event loop and delay every method at once, which is why the
# bars are medians. On loopback the round trip is a few milliseconds, too short to tell
# long polling's re-request gap from a push, so for those three methods the check is only
# that they beat the poll interval by far; the model's latency is really tested by short
# polling here, and by the simulation above for the rest. The bytes match the model exactly, and long polling's request count lands below the message
# count whenever two messages arrive within one re-request gap: the batching predicted
# above. The full comparison (the numbers are this machine's, at the moment the cell ran):

# %% tags=["nbval-ignore-output"]
# Measured: the same run as above, in numbers; they vary from run to run.
check_table.round(1)

# %% [markdown]
# ## Long Polling
#
# Long polling is the most compatible push: plain HTTP requests, which every proxy,
# firewall and load balancer understands. What it costs:
#
# - **A request per answer**, each with full headers, and a held request per client at
#   the server. The notes list "lower server load"; compared with frequent
#   short polling, yes; compared with a stream, no: at one message a second it sends as
#   many requests as messages (see the comparison below).
# - **The gap after each answer** (one round trip), which adds latency and batching
#   under load, as measured above.
# - **Timeouts**: a held request with nothing to say must be answered before a proxy or
#   load balancer on the path gives up on it (many cut idle requests after 30 to 120 s),
#   and the client then asks again; these empty answers are most of the traffic when
#   messages are rare. `requests_per_second` counts them
#   (1/(e^(λ·timeout) − 1) per held wait).
#
# ## Server-Sent Events
#
# An SSE stream is text: fields `event:`, `data:`, `id:`, `retry:`, one per line, and a
# blank line to end an event; a line starting with `:` is a comment, often sent as a
# heartbeat to keep proxies from closing an idle stream.

# %%
print(format_event('{"id":7,"data":"hi"}', event_id=7, retry_ms=2000), end="")

# %% [markdown]
# `EventStreamParser` (in `wire.py`) follows the standard's parsing rules: lines may end in
# LF, CR or CRLF; one space after the colon is dropped; several `data:` lines join with
# newlines; a blank line dispatches the event. The stream is always UTF-8 (the notes'
# "typically UTF-8" is too weak: the standard allows no other encoding). It can be fed in
# any pieces, as bytes arrive from the network (the tests check the standard's own
# examples, and that any event it formats parses back whole):

# %%
parser = EventStreamParser()
events = parser.feed(": heartbeat\nid: 41\ndata: line one\ndata: line two\n\nretry: 500\n\n")
[(e.data, e.last_event_id) for e in events], parser.retry_ms

# %% [markdown]
# One rule matters for resuming: an `id:` line only fills a buffer, and the id becomes
# the one a reconnection sends when the blank line dispatches the event. A connection
# cut in the middle of event 6 must resume after 5, or event 6 is lost:

# %%
cut = EventStreamParser()
cut.feed("id: 5\ndata: five\n\nid: 6\ndata: si")  # the connection drops here
cut.last_event_id

# %% [markdown]
# ### Reconnection and resume with `Last-Event-ID`
#
# When an SSE connection breaks, `EventSource` waits the reconnection time (set by the
# server's `retry:` field, otherwise a few seconds chosen by the browser) and reconnects,
# sending the id of the last event it saw in a `Last-Event-ID` header. A server that keeps
# recent events can replay exactly what the client missed. On the real servers: a client
# reads events 1 to 5; the proxy cuts the connection; events 6 to 8 are published while it
# is away; it waits the server's `retry: 50` (ms) and reconnects; then 9 and 10 arrive:

# %%
resumed = live.resume(before=5, missed=3, after=2)
resumed

# %% [markdown]
# All ten events, in order, none twice: the server replayed 6 to 8 after id 5. The same
# cut without the header (a client that just reconnects, here to a server that then sends
# only new events) loses what was published while it was away:

# %%
naive = live.resume(before=5, missed=3, after=2, send_last_event_id=False)
naive["received"], naive["missing"]

# %% [markdown]
# Resume is only as good as the server's memory: ids must be ordered (here, a counter
# per stream), and the server must keep enough history for the longest outage it wants to
# cover (Redis streams, Kafka or a database table, not the process's memory, once there
# are several server nodes).
#
# ## Web Socket
#
# After the handshake, WebSocket is a stream of frames: text, binary, continuation (the
# later pieces of a fragmented message), and three control frames, close, **ping** and
# **pong** (RFC 6455, sections 5.4 and 5.5). Control frames carry at most
# 125 bytes; a peer that receives a ping must answer with a pong carrying the same data.
#
# ### Heartbeats: noticing a silent peer
#
# TCP does not tell you when the other side vanishes without closing (a phone leaves
# coverage, a NAT forgets the mapping): nothing arrives, and nothing fails until you send
# and the retransmissions give up, or until TCP keepalive probes, which are off unless a
# socket asks for them and then start, on Linux by default, after two hours of idleness. So WebSocket servers ping. The `websockets` library pings
# every 20 s by default and closes the connection if the pong takes more than 20 s; here
# 100 ms and 100 ms. The proxy forwards traffic for 0.2 s, then silently drops
# everything (no FIN, no RST), as a vanished peer would; alongside it, the same with no
# pings (its own server and proxy, run at the same time):

# %% tags=["nbval-ignore-output"]
# Measured: real sockets and timers; when the server notices varies with the machine.
beat = live.heartbeat(ping_interval=0.1, ping_timeout=0.1, healthy_s=0.2, watch_s=0.25)
pings, silent = beat["with pings"], beat["without pings"]
after = pings["detected after s"]
print(f"with pings: noticed {pings['detected']}"
      + (f" after {after:.2f} s, close code {int(pings['close code'])}" if after else "")
      + f" (bound: interval + timeout = {beat['bound_s']:.1f} s); "
      f"without pings: noticed {silent['detected']}")

# %% [markdown]
# With heartbeats the server gives up after at most about one interval plus one timeout
# (the next ping, then the wait for its pong) and frees the connection. The close code is
# 1006, "closed abnormally": the server sent a close frame with code 1011 (internal
# error, "keepalive ping timeout"), but no close frame came back, which is what RFC 6455
# calls an abnormal closure. Without heartbeats the server still believed the peer was
# there when the watch ended: an idle connection to a vanished peer stays open for ever,
# and once the server sends into it, TCP retransmits until it gives up (on Linux, by
# default, after about 15 minutes: `tcp_retries2` = 15). While healthy, each heartbeat costs a 6-byte ping and a 10-byte
# masked pong (4 bytes of data each): 16 bytes per interval per connection.
#
# ## Long-Polling vs WebSockets vs Server-Sent Events
#
# The model again, now for 10,000 clients each receiving 1 message a second, a 5 s poll
# interval and a 100 ms round trip (bytes per message includes the requests):

# %%
experiments.compare_table(message_rate=1.0, clients=10_000, poll_interval=5.0, rtt=0.1).round(1)

# %% [markdown]
# Short polling makes a fifth of long polling's requests and sends fewer bytes per message
# (each poll batches about five messages), and it pays in latency: about 2.5 s on average
# instead of 50 to 55 ms. Long polling gets the latency but needs about one request per
# message, and holds a request for about 90 % of its clients at any moment. SSE and
# WebSocket make no requests once connected, hold a connection per client, and send the
# fewest bytes. Across rates
# (the dotted line marks the rate of the table):

# %%
costs = widgets.costs_panel()  # 1 message/s, poll every 5 s, 100 ms, 10,000 clients
costs.snapshot()

# %% [markdown]
# Short polling's latency and request rate do not depend on the message rate at all; at a
# very low rate it still asks every T seconds. Long polling's requests follow the message
# rate in the middle of the range; below about one message per 30 s timeout they flatten
# at the empty answers, and above they level off at one per round trip as the gaps fill. Move the rate, the
# interval, the round trip, or add the header bytes a browser would send:

# %%
# NBVAL_IGNORE_OUTPUT
costs

# %% [markdown]
# How to choose, beyond the numbers:
#
# | | short polling | long polling | SSE | WebSocket |
# |---|---|---|---|---|
# | direction | client asks | client asks | server to client | both ways |
# | data | any HTTP body | any HTTP body | UTF-8 text | text or binary frames |
# | reconnect, resume | the cursor in each request | the cursor in each request | built in (`retry:`, `Last-Event-ID`) | yours to build (cursor in a first message) |
# | through proxies | everywhere | needs generous timeouts | needs unbuffered proxies | needs proxies that allow `Upgrade` |
# | server holds | nothing between polls | a request per client | a response per client | a connection per client |
#
# Two practical notes. Over HTTP/1.1, browsers open at most about six connections per
# host name, and every open SSE stream uses one of them; over HTTP/2 streams share one
# connection. And the upstream direction is not a reason by itself to choose WebSocket:
# an SSE client can send its messages as ordinary POST requests.
#
# ## Scaling many connections: fan-out through pub/sub
#
# One server can hold tens of thousands of idle connections with an event loop (see
# [28 · Concurrency models](28_concurrency_models.ipynb)); more clients need more server
# nodes, and then a message published on one node must reach subscribers connected to
# the others. The usual answer is a **broker** (Redis pub/sub, NATS, Kafka): every node
# subscribes to the topics its clients follow, and pushes what it receives down its own
# connections. For one publish to a topic with s subscribers spread at random over N
# nodes, the broker sends a copy to each node holding at least one subscriber, on average
# N·(1 − (1 − 1/N)^s) of them. Messages per publish, for N = 16 and s = 12:

# %%
{k: round(v, 1) for k, v in experiments.fanout()["designs"].items()}

# %% [markdown]
# With topic routing, nodes without a subscriber get nothing; broadcasting to every
# node costs N copies whatever the topic; a full mesh without a broker costs about the
# same messages but N(N−1)/2 connections to keep, and every node must know every other. One
# publish, stepped in time (each node writes to its subscribers one after another):

# %%
spread = widgets.fanout_panel()  # 16 nodes, 4,000 clients, a topic with 12 subscribers
spread.snapshot()

# %% [markdown]
# Only the nodes holding subscribers get a copy; each pushes to its own. The last
# subscriber hears the message after the broker hop, its node's push and its place in
# that node's write queue. Step through time, or grow the topic until every node holds a
# subscriber and topic routing costs as much as broadcasting:

# %%
# NBVAL_IGNORE_OUTPUT
spread

# %% [markdown]
# ## Try it
#
# **20.1** A client short-polls over a 100 ms round trip. Messages must reach it 1 s after
# they appear at the server, on average. What is the longest poll interval, in seconds,
# that meets this?

# %%
answer = ...
check("20.1", answer)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# answer = 2 * (1.0 - 0.1 / 2)
# ```
#
# The mean latency is T/2 + rtt/2: the wait for the next poll is uniform between 0 and T,
# and the answer takes half a round trip back. T/2 + 0.05 = 1 gives T = 1.9 s.
# </details>
#
# **20.2** Messages arrive at random, one every 10 s on average; the round trip is 100 ms
# and a held request is answered empty after 30 s. Predict: does a long-polling client
# make `"fewer than one"` request per message, or `"one or more"`? Decide first, then
# check with `requests_per_second`.

# %%
answer = ...
check("20.2", answer)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# from sysdesign.realtime import requests_per_second
#
# rate = requests_per_second("long polling", message_rate=0.1, rtt=0.1, timeout=30)
# answer = "fewer than one" if rate / 0.1 < 1 else "one or more"
# ```
#
# About 1.05 requests per message. Batching saves almost nothing here: a message lands in
# the 100 ms gap after an answer only about 1 % of the time. But with a message every
# 10 s on average, a held request sees none for 30 s with probability e^−3 ≈ 5 %, and
# each such timeout costs an empty answer and a new request. Long polling drops below
# one request per message only when messages come often enough to batch and too often
# to time out.
# </details>
#
# **20.3** Ten server nodes share the connections, and each subscriber of a topic sits on
# a node chosen at random. How many subscribers must the topic have, at least, for 9 of
# the 10 nodes, on average, to hold one (so that topic routing saves at most one copy
# against broadcasting)?

# %%
answer = ...
check("20.3", answer)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# from sysdesign.realtime import expected_nodes
#
# answer = next(s for s in range(1000) if expected_nodes(10, s) >= 9)
# ```
#
# 22: the expected nodes holding a subscriber are 10 · (1 − 0.9^s), so 0.9^s ≤ 0.1 and
# s ≥ ln 0.1 / ln 0.9 ≈ 21.9. With 21 subscribers about 8.9 nodes hold one; with 22,
# about 9.02. Random placement needs more than twice as many subscribers as nodes
# before topic routing saves at most one copy per publish.
# </details>
#
# ## Summary
# - Short polling costs a request per interval whatever happens, and a message waits half
#   an interval on average; it batches well and works everywhere.
# - Long polling answers at once but pays a request, full headers, per answer, and a
#   round-trip gap after each; under load it batches, and its latency grows toward a
#   whole round trip.
# - SSE and WebSocket push each message down an open connection in half a round trip, for
#   a few bytes (an event in a chunk, a 2-byte frame header); the server holds a
#   connection per client.
# - SSE resumes by itself with `retry:` and `Last-Event-ID`, if the server keeps ids and
#   history; a WebSocket needs heartbeats to notice a silent peer, and its own resume.
# - Beyond one server, a broker fans each message out to the nodes that hold subscribers;
#   topic routing sends copies only where they are needed.
#
# ## Where this shows up
# - Slack and Discord push to their clients over WebSockets; the token streams of LLM
#   APIs (OpenAI's, Anthropic's) arrive as SSE; Comet-era chat (Bayeux/CometD) used long
#   polling, which Socket.IO starts with and SignalR falls back to.
# - Redis pub/sub, NATS and Kafka carry the fan-out between nodes; Phoenix Channels and
#   Action Cable put exactly this design behind a framework.
# - [02 · Networking](02_networking.ipynb) explains the TCP and HTTP underneath;
#   [18 · Messaging](18_messaging.ipynb) the brokers and delivery guarantees;
#   [05 · Load balancing](05_load_balancing.ipynb) least connections, the policy HAProxy's
#   manual recommends where very long sessions are expected, as here; [17 · Resilience](17_resilience.ipynb) the backoff a reconnecting
#   client needs; [25 · Performance](25_performance.ipynb) load-tests a real server like
#   these.
#
# ## Further reading
# - WHATWG, *HTML Living Standard*, section "Server-sent events" (the event stream format,
#   `EventSource`, `Last-Event-ID`).
# - I. Fette and A. Melnikov, RFC 6455, "The WebSocket Protocol" (2011): framing, masking,
#   ping and pong, close codes.
# - S. Loreto, P. Saint-Andre, S. Salsano and G. Wilkins, RFC 6202, "Known Issues and Best
#   Practices for the Use of Long Polling and Streaming in Bidirectional HTTP" (2011).
# - The `websockets` documentation on keepalive (ping interval and timeout) and its FAQ on
#   close codes; the aiohttp documentation of `StreamResponse`.

# %% [markdown]
# <!-- nav -->
# [← 19 · Event sourcing and CQRS](19_event_sourcing_cqrs.ipynb) · [Contents](00_start_here.ipynb#Course-map) · [21 · Transactions and locking: lost updates, isolation levels, 2PC and sagas →](21_transactions_locking.ipynb)
