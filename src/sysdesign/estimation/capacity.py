"""The back-of-the-envelope estimator: from daily active users to QPS, storage,
bandwidth, cache memory and a number of servers.

An estimate is a chain of multiplications whose inputs are assumptions. A
:class:`Workload` writes every assumption down, with a visible default (even the length
of a year); :func:`estimate` does the arithmetic, one line per quantity; :class:`Estimate`
holds the results in base units (requests/s, bytes, bytes/s, objects, servers).

Two rules of thumb are applied as the study notes state them, and made precise:

- the **80/20 rule** sizes the cache: keep the hottest ``cache_share`` (20 %) of the
  *distinct objects* a day's reads touch. An object read a thousand times is stored once,
  so "20 % of a day's reads × object size", the usual shortcut, is only an upper bound
  (:attr:`Estimate.cache_upper_bound`). How many distinct objects a day's reads touch, and
  what share of reads the hottest of them catch, follow from the popularity skew
  ``zipf_alpha`` (see :mod:`.skew`). The hit ratio is that of an ideal cache, one that
  always holds the hottest objects; LRU and its kin do somewhat worse (notebook 06);
- the **70 % capacity model** (total : estimated = 100 : 70) provisions every resource so
  that the estimate fills ``target_utilization`` of it: servers and storage alike.

>>> e = estimate(URL_SHORTENER)
>>> round(e.write_qps), round(e.read_qps), e.servers
(116, 1157, 4)
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, fields

import pandas as pd

from sysdesign.availability.budget import YEAR_DAYS
from sysdesign.core import checks
from sysdesign.core.units import format_bytes, percent, significant

from .skew import expected_distinct, hot_share

SECONDS_PER_DAY = 86_400


@dataclass(frozen=True)
class Workload:
    """The assumptions of an estimate; every one is a number you can change."""

    daily_active_users: float
    requests_per_user: float  # per day, reads and writes together
    read_write_ratio: float  # reads per write, e.g. 10 means 10:1
    peak_factor: float = 2.0  # peak QPS / average QPS
    object_size_bytes: float = 500.0  # bytes stored (and sent) per write / read
    retention_years: float = 5.0
    replication_factor: int = 3
    server_qps: float = 1_000.0  # requests one server handles at 100 % load
    cache_share: float = 0.2  # 80/20 rule: cache the hottest 20 % of the objects read a day
    zipf_alpha: float = 0.8  # skew of read popularity (Breslau et al.: 0.64-0.83 on proxies)
    target_utilization: float = 0.7  # 70 % capacity model: estimate = 70 % of what we buy
    year_days: float = YEAR_DAYS  # 365.25: a leap day every four years; many tables use 365

    def __post_init__(self):
        for name in ("daily_active_users", "requests_per_user", "read_write_ratio",
                     "object_size_bytes", "retention_years", "zipf_alpha"):
            checks.number(getattr(self, name), name, 0)
        checks.number(self.peak_factor, "peak_factor", 1,
                      hint="peak traffic is at least the average")
        checks.integer(self.replication_factor, "replication_factor", 1, hint="copies kept")
        checks.number(self.server_qps, "server_qps", 0, lo_open=True,
                      hint="requests a second one server handles")
        checks.fraction(self.cache_share, "cache_share")
        checks.fraction(self.target_utilization, "target_utilization", lo_open=True)
        checks.number(self.year_days, "year_days", 360, 366, hint="days in a year")

    def table(self) -> pd.DataFrame:
        """Every assumption with its value and what it means, as a table."""
        rows = [(name, _ASSUMPTIONS[name][1](getattr(self, name)), _ASSUMPTIONS[name][0])
                for name in (f.name for f in fields(self))]
        return pd.DataFrame(rows, columns=["assumption", "value", "meaning"]
                            ).set_index("assumption")


def _count(value: float) -> str:
    return significant(value, 3)


# How Workload.table shows each assumption: its meaning, and a formatter with units.
_ASSUMPTIONS = {
    "daily_active_users": ("people who use it on a day", _count),
    "requests_per_user": ("requests per user per day, reads and writes", _count),
    "read_write_ratio": ("reads per write", _count),
    "peak_factor": ("peak QPS / average QPS", _count),
    "object_size_bytes": ("bytes stored per write and sent per read", format_bytes),
    "retention_years": ("years data is kept", lambda v: f"{v:g} years"),
    "replication_factor": ("copies of every object", "{:d}".format),
    "server_qps": ("requests/s one server handles at 100 % load",
                   lambda v: f"{_count(v)} req/s"),
    "cache_share": ("share of a day's distinct reads cached (80/20)",
                    lambda v: percent(v)),
    "zipf_alpha": ("Zipf skew of read popularity", "{:g}".format),
    "target_utilization": ("share of servers and disks to fill (70 % model)",
                           lambda v: percent(v)),
    "year_days": ("days in a year", "{:g}".format),
}

# How Estimate.table shows each field: a label with its meaning, and a formatter with units.
_REQUESTS = "{:,.0f} req/s".format
_TABLE_ROWS = {
    "read_qps": ("average read QPS", _REQUESTS),
    "write_qps": ("average write QPS", _REQUESTS),
    "peak_read_qps": ("peak read QPS", _REQUESTS),
    "peak_write_qps": ("peak write QPS", _REQUESTS),
    "storage_per_day": ("new data per day (1 copy)", format_bytes),
    "storage_per_year": ("new data per year (1 copy)", format_bytes),
    "storage_total": ("data over retention, all replicas", format_bytes),
    "storage_provisioned": ("storage to buy (data fills the target share)", format_bytes),
    "bandwidth_in": ("bandwidth in", lambda v: format_bytes(v) + "/s"),
    "bandwidth_out": ("bandwidth out", lambda v: format_bytes(v) + "/s"),
    "objects_stored": ("objects stored at the end of retention", _count),
    "distinct_reads_per_day": ("distinct objects read per day", _count),
    "cache_memory": ("cache memory (hottest share of them)", format_bytes),
    "cache_hit_ratio": ("reads that cache serves", lambda v: percent(v, 1)),
    "cache_upper_bound": ("cache upper bound (share × a day's reads)", format_bytes),
    "servers": ("servers (peak fills the target share)", "{:,}".format),
}


@dataclass(frozen=True)
class Estimate:
    """What a workload implies, in base units (requests/s, bytes, bytes/s, objects, servers)."""

    read_qps: float
    write_qps: float
    peak_read_qps: float
    peak_write_qps: float
    storage_per_day: float  # new bytes per day, one copy
    storage_per_year: float  # one copy
    storage_total: float  # over the retention period, all replicas
    storage_provisioned: float  # storage_total / target_utilization (the 70 % model)
    bandwidth_in: float  # bytes/s written, average
    bandwidth_out: float  # bytes/s read, average
    objects_stored: float  # objects written over the retention period
    distinct_reads_per_day: float  # different objects a day's reads touch
    cache_memory: float  # bytes: the hottest cache_share of those objects
    cache_hit_ratio: float  # share of reads that go to the cached objects
    cache_upper_bound: float  # bytes: cache_share × a day's reads × size
    servers: int

    def table(self) -> pd.DataFrame:
        """The estimate as a readable table with units."""
        rows = [(_TABLE_ROWS[key][0], _TABLE_ROWS[key][1](value))
                for key, value in asdict(self).items()]
        return pd.DataFrame(rows, columns=["quantity", "estimate"]).set_index("quantity")


def estimate(workload: Workload) -> Estimate:
    """Turn workload assumptions into QPS, storage, bandwidth, cache and servers."""
    if not isinstance(workload, Workload):
        raise TypeError(f"workload must be a Workload, got {type(workload).__name__}")
    w = workload
    requests_per_day = w.daily_active_users * w.requests_per_user
    # A read:write ratio of 10 means 1 request in 11 is a write.
    writes_per_day = requests_per_day / (1 + w.read_write_ratio)
    reads_per_day = requests_per_day - writes_per_day
    read_qps = reads_per_day / SECONDS_PER_DAY
    write_qps = writes_per_day / SECONDS_PER_DAY
    per_day = writes_per_day * w.object_size_bytes
    total = per_day * w.year_days * w.retention_years * w.replication_factor
    # The cache: the hottest cache_share of the objects read in a day, each kept once.
    stored = writes_per_day * w.year_days * w.retention_years
    if stored >= 1 and reads_per_day > 0:
        distinct = expected_distinct(reads_per_day, stored, w.zipf_alpha)
        hot = w.cache_share * distinct
        hit_ratio = hot_share(stored, w.zipf_alpha, hot)
    else:  # nothing stored or nothing read: nothing to cache
        distinct = hot = hit_ratio = 0.0
    peak_qps = (read_qps + write_qps) * w.peak_factor
    # Plan each server at target_utilization of what it can take (the 70 % model);
    # the small tolerance keeps 4.0000000001 servers from becoming 5.
    servers = max(1, math.ceil(peak_qps / (w.server_qps * w.target_utilization) - 1e-9))
    return Estimate(
        read_qps=read_qps,
        write_qps=write_qps,
        peak_read_qps=read_qps * w.peak_factor,
        peak_write_qps=write_qps * w.peak_factor,
        storage_per_day=per_day,
        storage_per_year=per_day * w.year_days,
        storage_total=total,
        storage_provisioned=total / w.target_utilization,
        bandwidth_in=write_qps * w.object_size_bytes,
        bandwidth_out=read_qps * w.object_size_bytes,
        objects_stored=stored,
        distinct_reads_per_day=distinct,
        cache_memory=hot * w.object_size_bytes,
        cache_hit_ratio=hit_ratio,
        cache_upper_bound=w.cache_share * reads_per_day * w.object_size_bytes,
        servers=servers,
    )


URL_SHORTENER = Workload(
    daily_active_users=100_000_000,
    requests_per_user=1.1,  # 0.1 new short links and 1 redirect per user per day
    read_write_ratio=10,
    peak_factor=2.0,
    object_size_bytes=500,
    retention_years=10,
    replication_factor=3,
    server_qps=1_000,
)
