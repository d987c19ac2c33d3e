"""The scenarios the DNS notebook, its panels and its tests share."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..core import checks
from ..core.tables import full_text
from ..core.workloads import poisson_arrivals, zipf_probabilities
from . import migration as migration_model
from . import resolution, wire, zone
from . import traffic as traffic_model
from .cache import TTLCache, ttl_hit_ratio

LOOKUP_RATE = 2.0  # lookups per second, all clients together
LOOKUP_DURATION_S = 600.0
LOOKUP_NAMES = 200
MIGRATION_RATE = 1 / 60  # each resolver gets a query for the name once a minute on average
HOUR = 3600.0
DAY = 86_400.0


# --- one name, one cache: the closed form ------------------------------------------------------

def single_name(rate: float, ttl_s: float, *, duration_s: float | None = None, seed=0) -> dict:
    """Poisson queries for one name at a TTL cache (answers arrive at once): measured hit
    ratio against λT / (1 + λT). The run lasts 400 cycles unless told otherwise."""
    rate = checks.number(rate, "rate", 0, lo_open=True, hint="queries per second")
    ttl_s = checks.number(ttl_s, "ttl_s", 0, hint="seconds")
    if duration_s is None:
        duration_s = 400 * (ttl_s + 1 / rate)
    cache = TTLCache()
    for t in poisson_arrivals(rate, duration_s, seed=seed):
        if cache.get("name", t) is None:
            cache.put("name", "192.0.2.1", ttl_s, t)
    return {"λT": rate * ttl_s, "queries": cache.lookups, "measured": cache.hit_ratio,
            "λT/(1+λT)": ttl_hit_ratio(rate, ttl_s)}


def single_name_table(loads=(0.1, 0.5, 1, 2, 5, 20), *, ttl_s: float = 60.0, seed=0):
    """:func:`single_name` for several loads λT, as a table."""
    rows = [single_name(load / ttl_s, ttl_s, seed=seed + i) for i, load in enumerate(loads)]
    return pd.DataFrame(rows).round(4)


# --- the hierarchy ------------------------------------------------------------------------------

def lookups(ttl_s: float = 300.0, alpha: float = 1.0, stub_cache: bool = True,
            seed=0) -> resolution.Workload:
    """Panel model: about 1,200 lookups over 10 minutes, Zipf(α) over 200 names."""
    return resolution.run_workload(ttl_s=ttl_s, alpha=alpha, rate=LOOKUP_RATE,
                                   duration_s=LOOKUP_DURATION_S, n_names=LOOKUP_NAMES,
                                   stub_cache=stub_cache, seed=seed)


def cold_start_ceiling(ttl_s: float = 300.0, alpha: float = 1.0) -> float:
    """Best hit ratio a run that starts empty can reach: each name's first lookup misses.

    Expected distinct names in the run, Σ 1 − exp(−λ p_k D), over expected lookups λD.
    """
    p = zipf_probabilities(LOOKUP_NAMES, alpha)
    expected = LOOKUP_RATE * LOOKUP_DURATION_S
    distinct = np.sum(1 - np.exp(-expected * p))
    return float(1 - distinct / expected)


def cold_lookup(warm: str = "cold", at_ms: int = 150) -> resolution.Lookup:
    """Panel model: one lookup of ``host0.site0.com.`` with the caches ``warm`` (the time
    slider ``at_ms`` only chooses how much of it the view draws)."""
    return resolution.cold_lookup(warm=warm)


def hops_table(lookup: resolution.Lookup) -> pd.DataFrame:
    """Each message of a lookup: from, to, sent and arrived (ms), and what it said."""
    return pd.DataFrame([{"from": h.src, "to": h.dst, "sent (ms)": round(h.sent, 1),
                          "arrived (ms)": round(h.arrived, 1), "says": h.says}
                         for h in lookup.hops])


def negative_caching(*, missing_share: float = 0.3, seed=0) -> pd.DataFrame:
    """The same lookups, 30 % of them for names that do not exist, with and without
    negative caching: how many queries reach the authoritative servers."""
    rows = []
    for on in (True, False):
        run = resolution.run_workload(ttl_s=300, alpha=1.0, rate=LOOKUP_RATE,
                                      duration_s=LOOKUP_DURATION_S, n_names=LOOKUP_NAMES,
                                      missing_share=missing_share, negative_caching=on,
                                      seed=seed)
        nx = run.rcode_nx
        rows.append({"negative caching": "on" if on else "off",
                     "lookups": run.queries, "NXDOMAIN answers": int(nx.sum()),
                     "NXDOMAIN from a cache": int((nx & (run.where < 2)).sum()),
                     "queries to authoritative servers": run.queries_to["auth"],
                     "mean latency of NXDOMAIN (ms)": round(float(run.latency_ms[nx].mean()), 1)})
    return pd.DataFrame(rows).set_index("negative caching")


# --- moving an address --------------------------------------------------------------------------

def migration(old_ttl_s: float = DAY, new_ttl_s: float = 300.0, lead_s: float = HOUR,
              seed=0) -> dict:
    """Panel model: the move with the TTL lowered ``lead_s`` before it (simulated), and two
    references from the renewal model: not lowered at all, and lowered a full old TTL ahead."""
    times = np.concatenate(([0.0], np.geomspace(6.0, 1.1 * old_ttl_s, 299)))
    run = migration_model.simulate(old_ttl=old_ttl_s, new_ttl=new_ttl_s, lead=lead_s,
                                   rate=MIGRATION_RATE, resolvers=300, times=times, seed=seed)
    def model(ttl, lead):
        return np.asarray(migration_model.old_share(times, old_ttl=old_ttl_s, new_ttl=ttl,
                                                    lead=lead, rate=MIGRATION_RATE))
    return {"run": run, "baseline": model(old_ttl_s, 0.0),
            "prepared": model(new_ttl_s, old_ttl_s)}


def time_to_drain(old_ttl_s: float, new_ttl_s: float, lead_s: float, share: float = 0.01):
    """Seconds after the move until fewer than ``share`` of queries go to the old address."""
    share = checks.fraction(share, "share")
    times = np.union1d(np.linspace(0, 1.05 * new_ttl_s, 1001),
                       np.linspace(0, 1.05 * max(old_ttl_s, new_ttl_s), 4001))
    old = migration_model.old_share(times, old_ttl=old_ttl_s, new_ttl=new_ttl_s,
                                    lead=lead_s, rate=MIGRATION_RATE)
    below = np.nonzero(np.asarray(old) < share)[0]
    return float(times[below[0]]) if len(below) else float("inf")


# --- the wire -------------------------------------------------------------------------------

def wire_table(stem: str = "www_a") -> pd.DataFrame:
    """A shipped response, field by field: offset, bytes in hex, section, meaning."""
    rows = wire.layout(zone.shipped(stem))
    return full_text(pd.DataFrame([{"offset": at, "bytes": raw.hex(" "), "section": section,
                                    "meaning": meaning} for at, raw, section, meaning in rows]))


def records_table() -> pd.DataFrame:
    """Every record in every shipped response, as our parser reads it."""
    rows = []
    for stem, qname, qtype, _ in zone.QUERIES:
        message = wire.parse(zone.shipped(stem))
        for section in ("answers", "authority", "additional"):
            for record in getattr(message, section):
                data = record.data
                rows.append({"query": f"{qname} {qtype}", "rcode": message.header.rcode,
                             "section": section, "name": record.name, "type": record.type,
                             "TTL (s)": record.ttl,
                             "data": " ".join(map(str, data)) if isinstance(data, tuple)
                             else data})
    return full_text(pd.DataFrame(rows))


def compression_savings() -> pd.DataFrame:
    """Bytes of each shipped response with name compression, and without it."""
    import dns.message

    rows = []
    for stem, qname, qtype, _ in zone.QUERIES:
        compressed = zone.shipped(stem)
        message = dns.message.from_wire(compressed)
        plain = _uncompressed_size(message)
        rows.append({"query": f"{qname} {qtype}", "bytes": len(compressed),
                     "bytes without compression": plain,
                     "saved": f"{1 - len(compressed) / plain:.0%}"})
    return pd.DataFrame(rows)


def _uncompressed_size(message) -> int:
    """The message's size with every name written out in full (12 + sections)."""
    size = wire.HEADER_SIZE
    for question in message.question:
        size += len(question.name.to_wire()) + 4
    for section in (message.answer, message.authority, message.additional):
        for rrset in section:
            for rdata in rrset:
                size += len(rrset.name.to_wire()) + 10 + len(rdata.to_digestable())
    return size


# --- traffic ----------------------------------------------------------------------------------

def traffic_table(ttls=(300.0, 0.0), seed=0) -> pd.DataFrame:
    """Each policy at each TTL: the hour's share per server, the range of one-minute shares,
    and the users' mean round trip (the panel's defaults otherwise)."""
    rows = []
    for policy in traffic_model.POLICIES:
        for ttl in ttls:
            run = traffic(policy, ttl, seed=seed)
            row = {"answers": policy, "TTL (s)": int(ttl)}
            for server, share in zip(traffic_model.SERVERS, run.shares, strict=True):
                row[f"{server.split()[0]} (hour)"] = f"{share:.0%}"
            row["one-minute shares, any server"] = (f"{run.per_bin.min():.0%} to "
                                        f"{run.per_bin.max():.0%}")
            row["mean round trip (ms)"] = round(run.mean_rtt_ms)
            rows.append(row)
    return pd.DataFrame(rows)


def traffic(policy: str = "round robin", ttl_s: float = 300.0, resolvers: int = 20,
            skew: float = 1.0, seed=0) -> traffic_model.Split:
    """Panel model: an hour of traffic split by the DNS policy, in one-minute bins."""
    return traffic_model.split(policy=policy, ttl_s=ttl_s, resolvers=resolvers, skew=skew,
                               seed=seed)
