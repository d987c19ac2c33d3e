"""Iterative resolution on the course's event engine: stubs, a recursive resolver, the root,
TLD servers and authoritative servers, with TTL caches and per-hop latency.

A client's *stub resolver* asks the *recursive resolver* (RFC 9499 terms). On a miss the
recursive resolver walks down the tree, asking each server in turn: the root refers it to
the TLD's servers, the TLD to the domain's authoritative servers, which answer (or say
NXDOMAIN). It caches the referrals (NS records, long TTLs) as well as the answer, so the
next miss in the same domain skips the root and the TLD. Time runs in milliseconds on
:class:`~sysdesign.core.events.Simulator`; TTLs are given in seconds.

Simplifications: one server per zone, no loss or retries, no EDNS or TCP, glue always
present, and concurrent misses for one name are not merged. Stubs cache with the remaining
TTL they were handed, as systemd-resolved, macOS and Windows do; ``stub_cache=False`` is a
glibc stub without a local cache.

>>> world = World(seed=0)
>>> record = world.lookup(client=0, name=world.names[0]); world.run()
>>> print(" > ".join(hop.dst for hop in record.hops))
recursive > root > recursive > TLD .com > recursive > auth site0.com > recursive > client 0
>>> record.where, round(record.latency)
('network', 145)
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from ..core import checks
from ..core.events import Network, Simulator
from ..core.workloads import poisson_arrivals, zipf_probabilities, zipf_trace
from .cache import TTLCache, cold_start_hit_ratio, zipf_hit_ratio

TLDS = ("com", "net", "org")
MS = 1000.0  # milliseconds per second: the clock runs in ms, TTLs are in seconds
# Referral TTLs as the real zones publish them: the root zone gives the NS records (and glue)
# that delegate a TLD 172,800 s, two days (its own NS set has 518,400 s, six days), and the
# .com zone gives its delegations the same two days.
TLD_NS_TTL = 172_800  # s: NS for "com" in the root zone
DOMAIN_NS_TTL = 172_800  # s: NS for "example.com" in the .com zone
# One-way latencies in ms: a nearby ISP resolver, anycast root and TLD servers, and
# authoritative servers wherever their owners put them.
CLIENT_MS = 2.0
ROOT_MS = 10.0
TLD_MS = 15.0
AUTH_MS = (15.0, 60.0)
WHERE = ("stub", "recursive", "network")  # where an answer came from


@dataclass
class Hop:
    """One message: who sent it to whom, when it left and arrived (ms), and what it said."""

    src: str
    dst: str
    sent: float
    arrived: float
    says: str


@dataclass
class Lookup:
    """One name looked up by one client: when, how long it took, where the answer came from."""

    client: int
    name: str
    start: float
    end: float = math.nan
    where: str = ""
    rcode: str = ""
    hops: list[Hop] = field(default_factory=list)

    @property
    def latency(self) -> float:
        return self.end - self.start


class World:
    """Clients, one recursive resolver and the server hierarchy, on one simulated network.

    Names are ``host<k>.site<d>.<tld>`` for k in 0..n_names-1 (domain d = k mod n_domains,
    TLD by d mod 3). Names ``gone<k>...`` do not exist: asking for one gets NXDOMAIN, which
    is cached for ``negative_ttl_s`` if ``negative_caching`` (RFC 2308: the TTL of the SOA
    in the response, which the server sets to min(SOA TTL, SOA MINIMUM)).
    """

    def __init__(self, *, clients: int = 10, n_names: int = 200, n_domains: int = 20,
                 ttl_s: float = 300.0, negative_ttl_s: float = 300.0,
                 negative_caching: bool = True, stub_cache: bool = True,
                 jitter_ms: float = 0.5, seed=0):
        self.clients = checks.integer(clients, "clients", 1)
        self.n_names = checks.integer(n_names, "n_names", 1)
        self.n_domains = checks.integer(n_domains, "n_domains", 1)
        self.ttl_s = checks.number(ttl_s, "ttl_s", 0, hint="seconds")
        self.negative_ttl_s = checks.number(negative_ttl_s, "negative_ttl_s", 0, hint="seconds")
        self.names = [self._host(k) for k in range(self.n_names)]
        self.domains = [f"site{d}.{TLDS[d % len(TLDS)]}" for d in range(self.n_domains)]
        rng = np.random.default_rng(seed)
        auth_ms = rng.uniform(*AUTH_MS, self.n_domains)
        # Nodes: 0 recursive, 1 root, 2.. TLDs, then authoritative servers, then clients.
        self.node_names = (["recursive", "root"] + [f"TLD .{t}" for t in TLDS]
                           + [f"auth {d}" for d in self.domains]
                           + [f"client {c}" for c in range(self.clients)])
        one_way = [0.0, ROOT_MS] + [TLD_MS] * len(TLDS) + list(auth_ms) + [CLIENT_MS] * clients
        self._index = {label: i for i, label in enumerate(self.node_names)}
        n = len(self.node_names)
        # Everyone talks only to the recursive resolver, so only row/column 0 matter.
        latency = [[0.0 if i == j else one_way[max(i, j)] if min(i, j) == 0 else 1.0
                    for j in range(n)] for i in range(n)]
        self.sim = Simulator(seed=seed)
        self.net = Network(self.sim, n, latency=latency,
                           jitter=checks.number(jitter_ms, "jitter_ms", 0))
        self.stubs = [TTLCache(negative=negative_caching) if stub_cache else None
                      for _ in range(self.clients)]
        self.answers = TTLCache(negative=negative_caching)  # the recursive resolver's answers
        self.referrals = TTLCache()  # NS records it learned on the way down
        self.lookups: list[Lookup] = []
        self.queries_to = {"root": 0, "tld": 0, "auth": 0}

    # --- naming ---------------------------------------------------------------------
    def _host(self, k: int, prefix: str = "host") -> str:
        d = k % self.n_domains
        return f"{prefix}{k}.site{d}.{TLDS[d % len(TLDS)]}."

    def missing_name(self, k: int) -> str:
        """A name that does not exist (NXDOMAIN), in one of the real domains."""
        return self._host(k, "gone")

    def _node(self, label: str) -> int:
        return self._index[label]

    def _client_node(self, client: int) -> int:
        return 2 + len(TLDS) + self.n_domains + client

    # --- the client's side ----------------------------------------------------------
    def lookup(self, client: int, name: str) -> Lookup:
        """Start looking up ``name`` for ``client`` now; the result fills in as it runs."""
        client = checks.integer(client, "client", 0, self.clients - 1)
        now = self.sim.now
        record = Lookup(client, name, now)
        self.lookups.append(record)
        stub = self.stubs[client]
        if stub is not None:
            entry = stub.get(name, now / MS)
            if entry is not None:
                record.end, record.where = now, "stub"
                record.rcode = "NXDOMAIN" if entry.negative else "NOERROR"
                return record
        self._send(self._client_node(client), 0, self._at_recursive, record,
                   says=f"{name} A? (recursion desired)")
        return record

    def _send(self, src: int, dst: int, action, record: Lookup, *args, says: str = "") -> None:
        hop = Hop(self.node_names[src], self.node_names[dst], self.sim.now, math.nan, says)
        record.hops.append(hop)

        def arrive(_dst, _src, *rest):
            hop.arrived = self.sim.now
            action(*rest)

        self.net.send(src, dst, arrive, record, *args)

    def _answered(self, record: Lookup, where: str, rcode: str, ttl_s: float) -> None:
        """The recursive resolver replies to the client, whose stub caches the answer."""
        def at_client(rec):
            now_s = self.sim.now / MS
            rec.end, rec.where, rec.rcode = self.sim.now, where, rcode
            stub = self.stubs[rec.client]
            if stub is not None:
                stub.put(rec.name, rcode, ttl_s, now_s, negative=rcode == "NXDOMAIN")
        self._send(0, self._client_node(record.client), at_client, record,
                   says=f"{rcode}, TTL {ttl_s:.0f} s")

    # --- the recursive resolver -----------------------------------------------------
    def _at_recursive(self, record: Lookup) -> None:
        now_s = self.sim.now / MS
        entry = self.answers.get(record.name, now_s)
        if entry is not None:  # hand out what is left of the TTL: it counts down in the cache
            rcode = "NXDOMAIN" if entry.negative else "NOERROR"
            self._answered(record, "recursive", rcode, entry.ttl_left(now_s))
            return
        self._iterate(record)

    def _iterate(self, record: Lookup) -> None:
        """Ask the closest server the caches know for this name: authoritative, TLD or root."""
        now_s = self.sim.now / MS
        labels = record.name.rstrip(".").split(".")
        domain, tld = ".".join(labels[-2:]), labels[-1]
        if self.referrals.peek(domain, now_s):
            self.queries_to["auth"] += 1
            self._send(0, self._node(f"auth {domain}"), self._at_auth, record,
                       says=f"{record.name} A?")
        elif self.referrals.peek(tld, now_s):
            self.queries_to["tld"] += 1
            self._send(0, self._node(f"TLD .{tld}"), self._referral, record, domain,
                       DOMAIN_NS_TTL, says=f"{record.name} A?")
        else:
            self.queries_to["root"] += 1
            self._send(0, 1, self._referral, record, tld, TLD_NS_TTL, says=f"{record.name} A?")

    def _referral(self, record: Lookup, zone: str, ttl_s: float) -> None:
        """A root or TLD server refers the resolver down one level; it replies at once."""
        def back(rec):
            self.referrals.put(zone, "NS", ttl_s, self.sim.now / MS)
            self._iterate(rec)
        server = self.net.node(self._hop_source(record))
        self._send(server, 0, back, record, says=f"referral: NS for {zone}")

    def _hop_source(self, record: Lookup) -> int:
        return self._node(record.hops[-1].dst)

    def _at_auth(self, record: Lookup) -> None:
        """The authoritative server answers: the address, or NXDOMAIN with the SOA."""
        exists = record.name.startswith("host")
        ttl_s = self.ttl_s if exists else self.negative_ttl_s
        rcode = "NOERROR" if exists else "NXDOMAIN"

        def back(rec):
            self.answers.put(rec.name, rcode, ttl_s, self.sim.now / MS, negative=not exists)
            self._answered(rec, "network", rcode, ttl_s)
        self._send(self._hop_source(record), 0, back, record,
                   says=f"{rcode}, TTL {ttl_s:.0f} s")

    def run(self, until: float = math.inf) -> None:
        self.sim.run(until)


# --- many lookups -----------------------------------------------------------------------------

@dataclass
class Workload:
    """The outcome of many lookups: per-lookup latency (ms) and where each was answered."""

    latency_ms: np.ndarray
    where: np.ndarray  # index into WHERE
    rcode_nx: np.ndarray
    stub_hits: int
    stub_misses: int
    recursive_hits: int
    recursive_misses: int
    queries_to: dict
    theory_hit_ratio: float  # expected for this run: caches start empty (exact, no latency)
    steady_hit_ratio: float  # the long-run value, λT/(1 + λT) per name (Jung et al.)

    @property
    def queries(self) -> int:
        return len(self.latency_ms)

    @property
    def hit_ratio(self) -> float:
        """Share of lookups answered from a cache (the stub's or the recursive resolver's)."""
        return float(np.mean(self.where < 2)) if self.queries else 0.0


def run_workload(*, ttl_s: float = 300.0, alpha: float = 1.0, rate: float = 5.0,
                 duration_s: float = 600.0, n_names: int = 200, clients: int = 10,
                 missing_share: float = 0.0, negative_caching: bool = True,
                 stub_cache: bool = True, seed=0) -> Workload:
    """Poisson lookups at ``rate`` per second for ``duration_s``, names drawn from Zipf(α).

    A share ``missing_share`` of lookups asks for names that do not exist (drawn from the
    same Zipf over ``gone<k>`` names), to show negative caching.
    """
    rate = checks.number(rate, "rate", 0, lo_open=True, hint="lookups per second")
    missing_share = checks.fraction(missing_share, "missing_share")
    world = World(clients=clients, n_names=n_names, ttl_s=ttl_s,
                  negative_caching=negative_caching, stub_cache=stub_cache, seed=seed)
    times = poisson_arrivals(rate, duration_s, seed=seed)
    ranks = zipf_trace(max(len(times), 1), n_names, alpha, seed=seed + 1)[:len(times)]
    rng = np.random.default_rng(seed + 2)
    who = rng.integers(0, world.clients, len(times))
    missing = rng.random(len(times)) < missing_share
    for t, k, c, gone in zip(times, ranks, who, missing, strict=True):
        name = world.missing_name(int(k)) if gone else world.names[int(k)]
        world.sim.at(float(t) * MS, world.lookup, int(c), name)
    world.run()
    lookups = world.lookups
    stubs = [s for s in world.stubs if s is not None]
    existing_rate = rate * (1 - missing_share)
    popularity = zipf_probabilities(n_names, alpha)
    return Workload(
        latency_ms=np.array([x.latency for x in lookups]),
        where=np.array([WHERE.index(x.where) for x in lookups], dtype=int),
        rcode_nx=np.array([x.rcode == "NXDOMAIN" for x in lookups]),
        stub_hits=sum(s.hits for s in stubs), stub_misses=sum(s.misses for s in stubs),
        recursive_hits=world.answers.hits, recursive_misses=world.answers.misses,
        queries_to=dict(world.queries_to),
        theory_hit_ratio=cold_start_hit_ratio(popularity, existing_rate, ttl_s, duration_s),
        steady_hit_ratio=zipf_hit_ratio(popularity, existing_rate, ttl_s))


def cold_lookup(*, warm: str = "cold", seed=0) -> Lookup:
    """One lookup of ``host0.site0.com.`` with the recursive resolver's caches ``warm``:
    "cold" (nothing cached), "TLD known" (the .com referral cached), "domain known" (the
    domain's NS cached) or "answer cached"."""
    checks.choice(warm, "warm", WARMTH)
    world = World(clients=1, n_names=1, n_domains=1, seed=seed, jitter_ms=0.0)
    name = world.names[0]
    if warm in ("TLD known", "domain known", "answer cached"):
        world.referrals.put("com", "NS", TLD_NS_TTL, 0.0)
    if warm in ("domain known", "answer cached"):
        world.referrals.put("site0.com", "NS", DOMAIN_NS_TTL, 0.0)
    if warm == "answer cached":
        world.answers.put(name, "NOERROR", world.ttl_s, 0.0)
    record = world.lookup(0, name)
    world.run()
    return record


WARMTH = ("cold", "TLD known", "domain known", "answer cached")
