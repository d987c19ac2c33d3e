# %% [markdown]
# # 02 · Networking: IP, TCP, UDP and HTTP
#
# Split address blocks by hand and check them against Python's `ipaddress`, take one real HTTP request apart byte by byte through Ethernet, IPv4 and TCP, step through a TCP connection that loses packets, race TCP against UDP, and load the same page over HTTP/1.1, HTTP/2 and HTTP/3, with real HTTP/2 frames and HPACK-compressed headers.

# %% [markdown]
# <!-- nav -->
# [← 01 · Back-of-the-envelope estimation](01_estimation.ipynb) · [Contents](00_start_here.ipynb#Course-map) · [03 · APIs: RPC, REST, gRPC, GraphQL and idempotency →](03_apis.ipynb)

# %% [markdown]
# ## What you will learn
# - How IP addresses work as numbers: CIDR blocks, subnets, usable hosts, private ranges,
#   and why 2^32 IPv4 addresses ran out while IPv6 has 2^128.
# - What the layers of the OSI and TCP/IP models look like on the wire: one real packet,
#   every header field read with `struct` and checked with `dpkt`.
# - What TCP's reliability costs next to UDP under packet loss: retransmissions, a shrinking
#   window, and messages held back behind a lost one (head-of-line blocking).
# - What happens between typing a URL and the first byte (DNS, TCP, TLS, request), and why
#   HTTP/2 and HTTP/3 load pages faster than HTTP/1.1.
#
# Builds on: [01 · Estimation](01_estimation.ipynb) (latency numbers, round trips). The
# models are in `src/sysdesign/networking/`: `addresses.py` (address arithmetic),
# `packet.py` (the packet), `transport.py` (TCP and UDP on the course's event engine),
# `pageload.py` (page loads and request phases) and `http2.py` (real HTTP/2 frames).

# %%
import ipaddress

from sysdesign import networking as net
from sysdesign.core.exercises import check
from sysdesign.networking import experiments, plots, widgets

# %% [markdown]
# ## IP addresses are numbers
#
# IP (RFC 791 for version 4) delivers packets between hosts named by addresses. An IPv4
# address is a 32-bit number; the dotted form `192.168.1.1` writes its four bytes in
# decimal. An IPv6 address (RFC 8200) is a 128-bit number, written as eight groups of 16
# bits in hex, each without its leading zeros, and with the longest run of two or more
# all-zero groups shortened to `::` (the canonical text form, RFC 5952):

# %%
experiments.address_space()

# %% [markdown]
# Turning the dotted text into its number is four shifts by 8 bits. The hand-written
# `to_int` agrees with the standard library (which real code should use):

# %%
value = net.to_int("192.168.1.1")
assert value == int(ipaddress.IPv4Address("192.168.1.1"))
value, f"{value:032b}"

# %% [markdown]
# ### CIDR blocks and subnets
#
# A block `a.b.c.d/p` is every address whose first *p* bits match: 2^(32 − p) addresses.
# The mask keeps the first *p* bits, so `192.168.1.77/22` is the block that starts at
# `192.168.0.0`. Splitting a block into longer prefixes counts through the bits between
# the two prefixes: a /16 split into /24s has 2^8 = 256 subnets. Each /24 holds 256
# addresses, but a host can use only 254: the first is the network's own address and the
# last is its broadcast address.

# %%
experiments.subnet_table("10.0.0.0/16", 24)

# %% [markdown]
# The same split with `ipaddress`, and the usable hosts counted by `hosts()`:

# %%
theirs = list(ipaddress.ip_network("10.0.0.0/16").subnets(new_prefix=24))
mine = net.subnets(net.parse_block("10.0.0.0/16"), 24)
assert [str(s) for s in mine] == [str(s) for s in theirs]
len(theirs), len(list(theirs[0].hosts())), [net.usable_hosts(p) for p in (24, 30, 31, 32)]

# %% [markdown]
# So `2^(32 − p) − 2` usable hosts for *p* ≤ 30. The two edge cases: a /31 has two
# addresses and both are hosts (RFC 3021 allows that on point-to-point links, where no
# broadcast is needed), and a /32 is a single host. The tests check every helper against
# `ipaddress` on hundreds of random addresses and prefixes.
#
# ### Private ranges and the end of IPv4
#
# RFC 1918 sets aside three IPv4 blocks any network may use inside itself: `10.0.0.0/8`,
# `172.16.0.0/12` and `192.168.0.0/16`. They are not routed on the public internet; a NAT
# router rewrites them to a public address on the way out. IPv6's counterpart is the Unique
# Local block `fc00::/7` (RFC 4193; in practice `fd00::/8`, followed by a random 40-bit ID).

# %%
[(a, net.private_range(a)) for a in ("172.20.1.1", "172.32.0.1", "192.168.4.2", "fd12:3456::1")]

# %% [markdown]
# `172.20.1.1` is private, `172.32.0.1` is not: the /12 ends at `172.31.255.255`.
#
# 2^32 is 4,294,967,296 addresses, fewer than one per person alive, and large parts are
# reserved (the private blocks, 127.0.0.0/8 for loopback, 224.0.0.0/4 for multicast, ...).
# The notes say IPv6 was developed "due to the exhaustion"; more precisely it was designed
# in the 1990s because exhaustion was foreseen. The central pool ran dry later: at the end
# of January 2011 IANA, which hands blocks to the five regional registries, gave two /8s
# to APNIC, leaving only five /8s, reserved one for each registry, and on
# **3 February 2011** it handed out those five. The registries then ran down their own
# pools, each at its own date: APNIC reached its last /8 on 15 April 2011 and has since
# handed out only small rationed blocks; ARIN's free pool was empty on 24 September 2015;
# RIPE NCC made its last regular allocation on 25 November 2019. Since then most hand out
# only recovered space, by waiting list (AFRINIC, the last to reach its final /8, began
# its last rationing phase on 13 January 2020: at most a /22 per request), and addresses
# change hands on a transfer market. NAT
# and private ranges stretched IPv4; IPv6's 2^128 addresses end the shortage.

# %%
net.IANA_POOL_EXHAUSTED, f"{2**32:,} IPv4 addresses", f"{2**128:.3e} IPv6 addresses"

# %% [markdown]
# ### The address map
#
# A block split into subnets, as a map: each cell is one subnet with its range. The
# default is the private `10.0.0.0/16` split into /20s, sixteen subnets of 4,094 hosts:

# %%
address_map = widgets.address_map_panel()
address_map.snapshot()

# %% [markdown]
# Each cell holds 4,096 addresses, from `10.0.x.0` to `10.0.(x+15).255`. Move the subnet
# prefix one bit longer and the number of subnets doubles while each halves; past 64
# subnets each cell groups several. A new prefix shorter than the block's is raised to the
# block's: a split can only add bits. Start the block at `203.0.113.0` and it is no longer
# private: only `203.0.113.0/24` is reserved for documentation (RFC 5737), and a /16 around
# it is ordinary public space.

# %%
# NBVAL_IGNORE_OUTPUT
address_map

# %% [markdown]
# ## Layers: one packet, byte by byte
#
# The notes show the OSI model's seven layers. The internet itself is built on the four
# layers of the TCP/IP model (RFC 1122: link, internet, transport, application); OSI's
# session and presentation layers have no separate header on the wire. Both describe the
# same thing: each layer wraps what the layer above hands it in its own header.
#
# Here is one real request: the HTTP bytes `curl 7.88.1` sent to a small server on this
# machine, read from the server's socket, with one edit: the server listened on port
# 34037, and the `Host` line here says 8080. `packet.build_http_get` wraps them in a TCP
# header, an IPv4 header and an Ethernet header with `struct`, and fills in both
# checksums. The header values follow a real capture of that request (below): the
# addresses, TTL, flags, window and the kinds of TCP options are copied, while the ports,
# sequence and acknowledgment numbers, IP identification and timestamp values are made up
# (every new connection picks new ones anyway). The 144 bytes ship with the package as
# `data/http_get.bin`, and a test proves the file is exactly what the function builds.

# %%
frame = net.load_packet()
assert frame == net.build_http_get()
packet = net.parse(frame)
plots.hexdump(packet)

# %% [markdown]
# Read left to right, top to bottom: 14 bytes of Ethernet (the loopback device has no MAC
# address, so both are zeros; `08 00` says IPv4 follows), 20 of IPv4 (starting `45`:
# version 4, a 5-word header), 32 of TCP (a 20-byte header plus 12 bytes of options) and 78
# bytes of HTTP, readable as text on the right. Every field, parsed with `struct` in
# `packet.py` (the tests parse the same bytes with `dpkt` and compare every field):

# %%
experiments.packet_fields()

# %% [markdown]
# Worth a look: time to live 64 (each router subtracts one and drops the packet at zero, so
# a routing loop cannot keep it forever); DF, "don't fragment"; protocol 6, TCP. TCP's
# flags are PSH and ACK: this segment carries data and acknowledges what the server sent.
# SYN, which opened the connection, came before it; FIN, which closes it, comes later. The
# window, 64, is not in bytes as it stands: the two SYNs agreed a window scale factor
# (RFC 7323), and the receiver multiplies the field by it.
#
# ### Checksums
#
# IPv4 protects its header with the internet checksum (RFC 1071): add the header as 16-bit
# words in one's complement arithmetic and flip the bits of the sum. A receiver adds the
# whole header, checksum included, and must get all ones (0xFFFF). TCP's checksum covers
# its segment plus a "pseudo-header": the two IP addresses, the protocol number and the
# TCP length. Flip one bit of the TTL and the check fails:

# %%
damaged = bytearray(frame)
damaged[14 + 8] ^= 1  # one bit of the IPv4 time to live
packet.ip["checksum_ok"], packet.tcp["checksum_ok"], net.parse(bytes(damaged)).ip["checksum_ok"]

# %% [markdown]
# (IPv6 dropped the header checksum: link layers and TCP/UDP already check, and routers
# save the work of updating it at every hop.)
#
# Why build the packet rather than capture it? A capture of the same request on this
# machine's loopback device ships too (`data/loopback_capture.bin`, taken with a raw
# `AF_PACKET` socket while curl fetched from the test server). Its IPv4 checksum is
# valid, but its TCP checksum is not: Linux leaves that sum for the network card to finish
# ("checksum offload"), and a packet on loopback never reaches a card, so the sum is never
# finished (the receiving kernel knows not to check it). The field holds exactly the sum
# of the pseudo-header, the part the kernel computes before handing over to the card:

# %%
capture = net.parse(net.load_packet("loopback_capture.bin"))
(capture.ip["checksum_ok"], capture.tcp["checksum_ok"],
 hex(capture.tcp["checksum"]), hex(capture.tcp["pseudo_header_sum"]))

# %% [markdown]
# ### Which layer is which

# %%
experiments.layers_table()

# %% [markdown]
# Each header names a different pair: Ethernet the next machine on the wire (it is
# replaced at every router), IP the two end hosts (kept end to end, except that NAT
# rewrites it), TCP the two programs, by port. The notes call IP "the primary protocol of
# the network layer (Layer 3)": right, and IP alone is enough to deliver a packet, but not
# to deliver it once, in order, or at all. That is TCP's job.
#
# ## TCP and UDP
#
# **UDP** (RFC 768) adds 8 bytes to IP: two ports, a length and a checksum. A datagram
# may be lost, duplicated or reordered on the way, and UDP does nothing about it. **TCP** (RFC 9293) turns packets into a
# reliable byte stream: a three-way handshake (SYN, SYN-ACK, ACK) first; every byte is
# numbered; the receiver acknowledges the next byte it expects; a segment that is not
# acknowledged in time is sent again. And it keeps the network from being flooded: it
# starts with a small *congestion window* (cwnd), doubles it every round trip (slow start)
# and halves it when a loss shows the network is full.
#
# `transport.py` simulates both on the course's event engine (`core.events`): a link with a
# 100 ms round trip that drops each data segment (and SYN) at random; ACKs always get
# through. Segments are numbered by message
# (one per segment), ACKs acknowledge every segment, and a loss is repaired by *fast
# retransmit* after three duplicate ACKs or by a timeout. The retransmission timeout (RTO)
# follows RFC 6298: the smoothed RTT plus four times its variation, doubled after each
# expiry. Its floor differs between the standard and practice. RFC 6298 says an RTO below
# 1 s SHOULD be rounded up to 1 s; Linux uses a 200 ms minimum (`TCP_RTO_MIN`), applied to
# the variation term, so a Linux RTO is about the smoothed RTT plus 200 ms (300 ms on this
# 100 ms path). The model floors the whole RTO at 200 ms, so with a steady 100 ms RTT its
# timer fires 200 ms after the last new ACK or resend; pass `min_rto=1000` to follow the
# RFC. It also simplifies: the window starts at one segment (Linux starts at ten, RFC
# 6928), there are no delayed ACKs and no selective ACKs (SACK), and the sender sends no
# new data while it repairs a loss.
#
# ### One connection, step by step
#
# Twelve messages with 10 % of packets lost. Time runs down; arrows are segments (blue),
# repeats (red) and ACKs (green); an × is a packet the network dropped:

# %%
steps = widgets.tcp_steps_panel()  # 10 % loss, seed 1: the whole run
steps.snapshot()

# %% [markdown]
# The handshake takes one round trip before any data moves. Then each ACK lets the sender
# send two more segments (slow start): one segment in the first round trip, two in the
# second, four in the third, and the last five at 400 ms. Of those, #7 and #8 are lost;
# #9 to #11 arrive after a gap, and the receiver keeps them but cannot hand them to the
# application. It answers each with "ACK 7", the next segment it needs. Three duplicate
# ACKs trigger a fast retransmit of #7 at 500 ms (and cut the window to half the data in
# flight), but that copy is lost too. Only when the retransmission timer expires, at
# 700 ms (200 ms after the fast retransmit; Linux would wait about 100 ms longer), is #7
# sent a third time; then #8 follows (with #9 again: after a timeout TCP
# resends from the first hole), and at 850 ms the receiver hands #8 to #11 to the
# application at once. Scrub through time, try other seeds and loss rates, and switch to
# UDP, which has no handshake, sends all twelve at once and never resends:

# %%
# NBVAL_IGNORE_OUTPUT
steps

# %% [markdown]
# ### Throughput under loss, and the tail
#
# Each loss halves TCP's window, so its throughput falls with the loss rate *p*. Mathis,
# Semke, Mahdavi and Ott (1997) modelled the steady state of congestion avoidance:
# throughput ≈ MSS / RTT × C / √p. Their derivation is a sawtooth: the window grows by one
# segment per round trip from W/2 to W, then one loss halves it; with a loss exactly once
# per cycle and an ACK for every segment, C = √(3/2) ≈ 1.22 (with delayed ACKs, one ACK per
# two segments, √(3/4) ≈ 0.87). The model assumes that TCP never waits for a
# retransmission timeout and that the receiver's window never limits it; *p* counts the
# losses that halve the window. Below, the simulated steady goodput for bulk
# transfers at four loss rates (left), and (right) a stream of one message every 40 ms,
# like a game's updates or a call's frames, over TCP and over UDP with 2 % loss. Each
# message's delay runs from the moment the sending program writes it to the moment the
# receiving program gets it:

# %%
sweep = experiments.goodput_vs_loss()
tcp, udp = experiments.message_delays("tcp"), experiments.message_delays("udp")
plots.transport_summary(sweep, tcp, udp)

# %%
[(f"{p.loss:.1%}", f"{p.simulated / 1e3:.0f} kB/s", f"C = {p.ratio:.2f}", f"{p.timeouts} timeouts")
 for p in sweep]

# %% [markdown]
# The simulation follows the 1/√p shape, with an implied constant C between 0.72 and 1.07,
# below 1.22. Timeouts explain only the right end: there were none at 0.5 % and 1 %, two
# at 2 % and 26 at 5 %, each a wait of at least 200 ms with nothing delivered, which is
# where C drops most. At low loss two other things pull C down. This model's sender sends
# no new data while it repairs a loss (no selective ACKs, and no "window inflation"
# during fast recovery), so each loss costs about a round trip in which nothing new
# leaves. And one short run sees too few losses for a steady average, so its C is noisy:
# the tests average four seeds of 4,000 segments and require 0.7 ≤ C ≤ 1.5 at each of
# these loss rates, C lower at 5 % than at 0.5 %, and throughput falling as *p* and the
# RTT grow. Random
# rather than periodic loss is not the reason: the ideal sawtooth with losses at random
# has a slightly *larger* constant, about 1.3 (a test in `tests/networking` runs that ideal
# sawtooth both ways). Read the formula as a scaling law,
# throughput ∝ MSS / (RTT·√p), whose constant depends on the TCP and the loss pattern.
#
# On the right, UDP delivers 490 of 500 messages, each after exactly one one-way trip
# (50 ms), and loses 10 for good. TCP delivers all 500, about three in four of them just
# as fast, but a lost segment holds back every message behind it until its repeat arrives:
# the staircase is **head-of-line blocking**, plus the wait of messages queued at the
# sender while the halved window recovers; the slowest message takes 270 ms, more than
# five times the usual delay. For a call, a late frame is as useless as a lost one; that
# is why real-time media run over UDP (RTP) and repair or hide losses themselves.
#
# The same stream and a bulk transfer at any loss rate and round trip: the figure is the
# delay distribution, and the grey text above it compares the bulk goodput with Mathis's
# formula. That bulk run is shorter (1,000 segments, one seed) than the sweep's 2,000, so
# at the same 2 % and 100 ms its C comes out 1.16, not 0.97: the single-run noise
# described above, as you will see when you change the seed:

# %%
transport_panel = widgets.tcp_vs_udp_panel()
transport_panel.snapshot()

# %% [markdown]
# Raise the loss or the round trip until TCP's goodput drops below what the stream needs
# (one 1,460-byte message every 40 ms): from then on messages pile up at the sender and
# TCP's delays grow without bound, while UDP's stay at one one-way trip.

# %%
# NBVAL_IGNORE_OUTPUT
transport_panel

# %% [markdown]
# ## HTTP: the request flow
#
# The notes list the steps of an HTTP request; each costs round trips before the first
# byte of the answer comes back. With a 100 ms round trip, and the DNS lookup taken as one
# round trip to a resolver ([04 · DNS](04_dns.ipynb) looks inside it):

# %%
plots.request_flow(experiments.request_flows())

# %%
experiments.flow_table()

# %% [markdown]
# - **TCP handshake**: one round trip before the first request byte can leave.
# - **TLS**: a full TLS 1.2 handshake (RFC 5246) needs two more round trips; TLS 1.3
#   (RFC 8446) one.
# - **QUIC** (RFC 9000, the transport of HTTP/3, RFC 9114) runs over UDP and does its own
#   handshake and TLS 1.3's in the same round trip (RFC 9001). One catch: until the
#   client has proved its address, a QUIC server may send at most three times the bytes
#   it has received (RFC 9000, section 8.1), so a large certificate chain can cost an
#   extra round trip. Returning to a server it knows, a client can send the request in
#   its first packet ("0-RTT"; TLS 1.3 over TCP can do the same after the TCP handshake).
#   0-RTT data can be replayed by an attacker (RFC 8446, section 8), so only requests
#   with safe methods, such as GET, belong in it (RFC 8470, section 4).
# - Then half a round trip for the request, half for the first byte back, and the transfer.
#
# From 540 ms (HTTP/1.1 over TLS 1.2) to 240 ms (HTTP/3 resumed) for the same request:
# round trips, not bandwidth, decide the time to first byte.
#
# ## HTTP/1.1, HTTP/2 and HTTP/3
#
# **HTTP/1.1** (RFC 9112) sends one request at a time on a connection and waits for its
# whole response. (Pipelining several requests is allowed, but responses must still come
# back in order, and browsers ship with it off.) To fetch a page's 20 files in parallel,
# browsers open several connections per origin, six in Chrome and Firefox. Six is the browsers' choice, not a
# protocol rule: RFC 2616 (1999) asked clients for at most two, and the HTTP/1.1 revision
# of 2014 (RFC 7230, kept in RFC 9112) dropped any fixed number and only asks clients to
# be conservative.
#
# **HTTP/2** (RFC 9113) keeps HTTP's meaning (RFC 9110) but sends it as binary *frames*
# on one connection: every request is a *stream*, and frames of many streams interleave.
# Here is what a real HTTP/2 client (the `h2` library, in memory, no socket) writes for two
# GETs: the 24-byte preface, its SETTINGS, and a HEADERS frame per request on streams 1
# and 3 (clients use odd numbers):

# %%
experiments.h2_frames()

# %% [markdown]
# The second HEADERS frame is 16 bytes, the first 183. HTTP/2 compresses headers with
# **HPACK** (RFC 7541): a static table of 61 common headers (`:method: GET` is entry 2),
# a dynamic table of headers already sent on this connection, and Huffman coding for new
# text. The same request in HTTP/1.1 sends its headers as text every time:

# %%
experiments.hpack_savings()

# %%
experiments.hpack_blocks()

# %% [markdown]
# On the first request, only the pseudo-headers found in the static table cost one byte
# (`:path: /index.html` is entry 5); the rest are sent as Huffman-coded text under a
# static-table name and added to the dynamic table, which starts at index 62 (newest
# first). On the second, every repeated header is one byte, an index into the dynamic
# table; only the new `:path` is text. (It goes into the table too and pushes the older
# entries one index down, which is why `:authority` and `user-agent` both read 67.) A
# browser sends dozens of requests with the same user agent and cookies, so this matters.
#
# ### The page-load waterfall
#
# `pageload.py` loads a page: an HTML file, then the files it links to, 10 kB each, over a
# 10 Mbit/s link with a 100 ms round trip and 2 % packet loss. HTTP/1.1 uses up to six
# connections, each with its own handshakes; HTTP/2 one TCP connection; HTTP/3 one QUIC
# connection; HTTP/2 and HTTP/3 lose exactly the same packets. The model keeps only what
# differs between the protocols: handshakes are never lost, a lost packet is noticed one
# round trip after it was sent, and there is no congestion control at all (no slow start,
# and a loss never slows the sender). That last point flatters HTTP/2: on a real network
# each loss halves the window of its one TCP connection, while HTTP/1.1's six connections
# each lose only their own share. Each bar is one file: pale while waiting for its first
# byte, dark while receiving; the dotted line marks the page loaded.

# %%
waterfall = widgets.waterfall_panel()
waterfall.snapshot()

# %% [markdown]
# HTTP/1.1 is slowest: five more connections each pay their own handshakes, and each
# fetches its files one after another. HTTP/2 asks for every file at once. But it runs
# over one TCP connection, which delivers bytes in order: when one packet is lost, every
# stream behind it waits for the repeat. That is the wall of bars ending together in the
# HTTP/2 group. QUIC orders bytes per stream, so on HTTP/3 a loss delays only the file it
# belongs to (the one long bar in the HTTP/3 group):

# %%
experiments.waterfall_table(waterfall.result)

# %% [markdown]
# The page as a whole still waits for its last lost packet, so HTTP/3's page is done just
# one round trip, 100 ms, before HTTP/2's: the TCP handshake it saves. The average file is
# ready 157 ms sooner on HTTP/3, but that too includes the saved round trip: HTTP/3 sends
# and loses the same packets as HTTP/2, one round trip earlier. To see head-of-line
# blocking alone, load the same page on connections that are already open:

# %%
experiments.open_connections_table()

# %% [markdown]
# Now both pages finish at the same moment, and the average file is ready 57 ms sooner on
# HTTP/3: that, and the packets no longer held back in buffers, is what per-stream
# ordering buys. On a page with no loss, HTTP/2 and HTTP/3 on open connections are
# identical. Move the sliders: the page-loaded times of HTTP/2 and HTTP/3 stay exactly one
# round trip apart at every setting, while the finish times of the single files and the
# buffer waits change with the loss and the number of files:

# %%
# NBVAL_IGNORE_OUTPUT
waterfall

# %% [markdown]
# ## Try it
#
# **1.** Your cloud network is `10.0.0.0/20`. Six teams each need a subnet for up to 300
# hosts, all of the same size. Which subnet prefix do you pick: `"/22"`, `"/23"` or
# `"/24"`?

# %%
answer = ...
check("02.1", answer)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# from sysdesign import networking as net
#
# fits = [p for p in (22, 23, 24)
#         if net.subnet_count(20, p) >= 6 and net.usable_hosts(p) >= 300]
# answer = f"/{fits[0]}"
# ```
#
# A /23 is the only one that does both: 2^(23 − 20) = 8 subnets of 510 usable hosts. A /22
# gives 1,022 hosts each but only four subnets; a /24 gives sixteen subnets of only 254.
# (On AWS, which keeps five addresses of each subnet, a /23 has 507: the answer stands.)
# </details>
#
# **2.** The figure above settled it for a 100 ms round trip. Now the video call goes to a
# server in the same city: a frame every 40 ms, a 10 ms round trip, still 2 % packet loss,
# and a frame that arrives more than 150 ms after it was sent is useless. Over 500 frames,
# which transport delivers more frames in time: `"TCP"`, `"UDP"` or `"the same"`? Decide
# first, then check with `experiments.message_delays(..., rtt=10)`.

# %%
answer = ...
check("02.2", answer)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# from sysdesign.networking import experiments
#
# tcp = experiments.message_delays("tcp", rtt=10).on_time(150)
# udp = experiments.message_delays("udp", rtt=10).on_time(150)
# answer = "TCP" if tcp > udp else "UDP"
# ```
#
# TCP: 498 of 500 frames in time, UDP 490 (it loses 10). A lost frame waits for three
# duplicate ACKs, that is for the three frames written after it (3 × 40 = 120 ms), then
# for the repeat, one and a half round trips: 120 + 15 = 135 ms on this path, inside the
# deadline. On the 100 ms path the same repair takes 120 + 150 = 270 ms, the slowest delay
# in the figure. Head-of-line blocking costs round trips, so it matters less the shorter
# they are. The two late frames are a loss repaired by a timeout (200 ms at least: too
# few frames were in flight for three duplicate ACKs) and the next frame, which arrived
# but waited in the receiver's buffer until the repeat filled the gap.
# </details>
#
# **3.** By the Mathis formula, a TCP flow gets a certain throughput at 1 % loss. At what
# loss rate does its throughput halve? (A fraction, like 0.01.)

# %%
answer = ...
check("02.3", answer)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# from sysdesign import networking as net
#
# half = net.mathis_throughput(0.01) / 2
# answer = 0.01 * (net.mathis_throughput(0.01) / half) ** 2  # throughput ~ 1 / sqrt(p)
# ```
#
# 4 %: throughput goes as 1/√p, so halving it takes four times the loss. Doubling the loss
# costs only 29 %.
# </details>
#
# ## Summary
# - An IP address is a number; a CIDR block is a prefix of its bits. A /p holds
#   2^(32 − p) IPv4 addresses, 2 fewer usable hosts up to /30. Subnetting adds prefix bits.
#   Check your arithmetic with `ipaddress`.
# - Every packet carries one header per layer: Ethernet (next hop), IP (end hosts), TCP or
#   UDP (programs), then the application's bytes. Checksums catch damaged headers.
# - TCP buys ordered, reliable delivery with round trips: a handshake, retransmissions,
#   a window that halves on loss (throughput ∝ 1/√p) and head-of-line blocking. UDP is
#   a thin wrapper over IP; use it when late is as bad as lost, or when the application
#   (like QUIC) does its own reliability.
# - A request costs DNS + TCP + TLS round trips before its first byte; TLS 1.3 and QUIC
#   cut them, and 0-RTT resumption removes the handshake's.
# - HTTP/2 multiplexes streams on one connection with compressed headers; HTTP/3 moves
#   that onto QUIC, so a lost packet stalls only its own stream.
#
# ## Where this shows up
# - Cloud networks (AWS VPCs, Kubernetes pod ranges) are usually RFC 1918 blocks split
#   exactly as in the address map (AWS keeps five addresses of every subnet, the first four
#   and the last, not two); overlapping blocks are why two networks cannot simply be joined.
# - Round trips dominate latency: the numbers of [01 · Estimation](01_estimation.ipynb)
#   apply, and [04 · DNS](04_dns.ipynb) opens the first phase of the request flow.
# - [03 · APIs](03_apis.ipynb): gRPC runs over HTTP/2 streams; REST and GraphQL over any
#   HTTP version.
# - [06 · Caching](06_caching.ipynb): a cache hit saves the whole request flow, not just
#   the server's work.
# - [09 · CAP and PACELC](09_cap_pacelc.ipynb) and [10 · Consistency](10_consistency.ipynb)
#   run on the same simulated network with latency and loss (`core.events`) as the TCP
#   model here.
#
# ## Further reading
# - J. Postel, RFC 791 "Internet Protocol" (1981); S. Deering and R. Hinden, RFC 8200
#   "IPv6 Specification" (2017); RFC 1918 (private IPv4 blocks), RFC 4193 (IPv6 unique
#   local addresses), RFC 3021 (/31 links), RFC 1071 (the internet checksum).
# - W. Eddy (ed.), RFC 9293 "Transmission Control Protocol" (2022); J. Postel, RFC 768
#   "User Datagram Protocol" (1980); V. Paxson et al., RFC 6298 "Computing TCP's
#   Retransmission Timer" (2011).
# - M. Mathis, J. Semke, J. Mahdavi and T. Ott, "The Macroscopic Behavior of the TCP
#   Congestion Avoidance Algorithm", ACM SIGCOMM CCR (1997).
# - R. Fielding, M. Nottingham and J. Reschke (eds.), RFC 9110 "HTTP Semantics" and RFC
#   9112 "HTTP/1.1" (2022); M. Thomson and C. Benfield (eds.), RFC 9113 "HTTP/2" (2022);
#   R. Peon and H. Ruellan, RFC 7541 "HPACK" (2015).
# - J. Iyengar and M. Thomson (eds.), RFC 9000 "QUIC" (2021); M. Bishop (ed.), RFC 9114
#   "HTTP/3" (2022); E. Rescorla, RFC 8446 "TLS 1.3" (2018).
# - I. Grigorik, *High Performance Browser Networking* (O'Reilly, 2013), free online.

# %% [markdown]
# <!-- nav -->
# [← 01 · Back-of-the-envelope estimation](01_estimation.ipynb) · [Contents](00_start_here.ipynb#Course-map) · [03 · APIs: RPC, REST, gRPC, GraphQL and idempotency →](03_apis.ipynb)
