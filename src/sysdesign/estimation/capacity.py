"""The back-of-the-envelope estimator: from daily active users to QPS, storage,
bandwidth, cache memory and a number of servers.

An estimate is a chain of multiplications whose inputs are assumptions. A
:class:`Workload` writes every assumption down, with a visible default;
:func:`estimate` does the arithmetic, one line per quantity; :class:`Estimate`
holds the results in base units (requests/s, bytes, bytes/s, servers).

>>> e = estimate(URL_SHORTENER)
>>> round(e.write_qps), round(e.read_qps), e.servers
(116, 1157, 4)
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

import pandas as pd

from sysdesign.availability.budget import YEAR_DAYS
from sysdesign.core import checks
from sysdesign.core.units import format_bytes

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
    cache_share: float = 0.2  # 80/20 rule: cache the hottest 20 % of a day's reads
    target_utilization: float = 0.7  # 70 % capacity model: plan to run servers at 70 %

    def __post_init__(self):
        for name in ("daily_active_users", "requests_per_user", "read_write_ratio",
                     "object_size_bytes", "retention_years"):
            checks.number(getattr(self, name), name, 0)
        checks.number(self.peak_factor, "peak_factor", 1,
                      hint="peak traffic is at least the average")
        checks.integer(self.replication_factor, "replication_factor", 1, hint="copies kept")
        checks.number(self.server_qps, "server_qps", 0, lo_open=True,
                      hint="requests a second one server handles")
        checks.fraction(self.cache_share, "cache_share")
        checks.fraction(self.target_utilization, "target_utilization", lo_open=True)


# How Estimate.table shows each field: a label with its meaning, and a formatter with units.
_REQUESTS = "{:,.0f} req/s".format
_TABLE_ROWS = {
    "read_qps": ("average read QPS", _REQUESTS),
    "write_qps": ("average write QPS", _REQUESTS),
    "peak_read_qps": ("peak read QPS", _REQUESTS),
    "peak_write_qps": ("peak write QPS", _REQUESTS),
    "storage_per_day": ("new data per day (1 copy)", format_bytes),
    "storage_per_year": ("new data per year (1 copy)", format_bytes),
    "storage_total": ("storage over retention, all replicas", format_bytes),
    "bandwidth_in": ("bandwidth in", lambda v: format_bytes(v) + "/s"),
    "bandwidth_out": ("bandwidth out", lambda v: format_bytes(v) + "/s"),
    "cache_memory": ("cache memory (80/20 rule)", format_bytes),
    "servers": ("servers at target utilisation", "{:,}".format),
}


@dataclass(frozen=True)
class Estimate:
    """What a workload implies, in base units (requests/s, bytes, bytes/s, servers)."""

    read_qps: float
    write_qps: float
    peak_read_qps: float
    peak_write_qps: float
    storage_per_day: float  # new bytes per day, one copy
    storage_per_year: float  # one copy
    storage_total: float  # over the retention period, all replicas
    bandwidth_in: float  # bytes/s written, average
    bandwidth_out: float  # bytes/s read, average
    cache_memory: float  # bytes
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
        storage_per_year=per_day * YEAR_DAYS,
        storage_total=per_day * YEAR_DAYS * w.retention_years * w.replication_factor,
        bandwidth_in=write_qps * w.object_size_bytes,
        bandwidth_out=read_qps * w.object_size_bytes,
        cache_memory=w.cache_share * reads_per_day * w.object_size_bytes,
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
