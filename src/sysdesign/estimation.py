"""Back-of-the-envelope numbers: sizes, latencies, availability and capacity estimates.

Everything here is plain arithmetic made explicit: each assumption (the length of
a month, the share of data worth caching, the target utilisation of a server) is
a parameter with a visible default, so a learner can see which number came from
where and change it.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from datetime import timedelta

import numpy as np
import pandas as pd

from sysdesign.checks import integer

# --- Sizes and prefixes -----------------------------------------------------

SI_PREFIXES = [  # (power of ten, symbol, prefix, short-scale name)
    (3, "k", "kilo", "thousand"),
    (6, "M", "mega", "million"),
    (9, "G", "giga", "billion"),
    (12, "T", "tera", "trillion"),
    (15, "P", "peta", "quadrillion"),
    (18, "E", "exa", "quintillion"),
    (21, "Z", "zetta", "sextillion"),
    (24, "Y", "yotta", "septillion"),
]
BINARY_PREFIXES = ["Ki", "Mi", "Gi", "Ti", "Pi", "Ei"]


def si_prefix_table() -> pd.DataFrame:
    """SI prefixes from kilo to yotta, with their short-scale English names."""
    return pd.DataFrame(
        [(f"10^{p}", s, f"{name}-", words) for p, s, name, words in SI_PREFIXES],
        columns=["value", "symbol", "prefix", "short scale"],
    )


def powers_of_two_table() -> pd.DataFrame:
    """2^10 .. 2^60: exact value, the power of ten it approximates, and the error."""
    rows = []
    for i, binary in enumerate(BINARY_PREFIXES, start=1):
        exact = 2 ** (10 * i)
        decimal = 10 ** (3 * i)
        rows.append((f"2^{10 * i}", f"{exact:,}", f"1 {binary}B",
                     f"1 {SI_PREFIXES[i - 1][1]}B = 10^{3 * i}",
                     f"{(exact / decimal - 1):.1%}"))
    return pd.DataFrame(rows, columns=["power", "exact bytes", "binary unit",
                                       "decimal unit", "binary is larger by"])


def format_bytes(n: float, *, binary: bool = False, digits: int = 3) -> str:
    """A byte count for humans: decimal units (kB = 1000 B) or binary (KiB = 1024 B).

    >>> format_bytes(1_500_000)
    '1.5 MB'
    >>> format_bytes(1_572_864, binary=True)
    '1.5 MiB'
    >>> format_bytes(999)
    '999 B'
    """
    n = _number(n, "n")
    if n < 0:
        raise ValueError(f"a byte count cannot be negative, got {n}")
    base = 1024 if binary else 1000
    units = ["B"] + [p + "B" for p in (BINARY_PREFIXES if binary else
                                        ["k", "M", "G", "T", "P", "E"])]
    index = 0
    while n >= base and index < len(units) - 1:
        n /= base
        index += 1
    return f"{_short(n, digits)} {units[index]}"


_DURATION_UNITS = [  # largest first
    ("years", 365.25 * 86_400), ("days", 86_400), ("hours", 3_600), ("minutes", 60),
    ("s", 1), ("ms", 1e-3), ("µs", 1e-6), ("ns", 1e-9),
]


def format_duration(seconds: float | timedelta, digits: int = 3) -> str:
    """A duration in the largest unit that keeps the number at least 1.

    >>> format_duration(0.0005)
    '500 µs'
    >>> format_duration(31_557_600)
    '1 year'
    >>> format_duration(timedelta(minutes=90))
    '1.5 hours'
    """
    if isinstance(seconds, timedelta):
        seconds = seconds.total_seconds()
    seconds = _number(seconds, "seconds")
    if seconds < 0:
        raise ValueError(f"a duration cannot be negative, got {seconds}")
    if seconds == 0:
        return "0 s"
    # The largest unit that fits; float rounding forgiven (0.999999999 s is 1 s).
    unit, size = next(((u, s) for u, s in _DURATION_UNITS if seconds >= s * (1 - 1e-9)),
                      _DURATION_UNITS[-1])
    value = seconds / size
    if unit in ("years", "days", "hours", "minutes") and _short(value, digits) == "1":
        unit = unit[:-1]
    return f"{_short(value, digits)} {unit}"


def _short(value: float, digits: int) -> str:
    """``digits`` significant digits, but never scientific notation for big numbers."""
    return f"{value:,.0f}" if value >= 10**digits else f"{value:.{digits}g}"


# --- Latency numbers ----------------------------------------------------------

# Jeff Dean's "Numbers everyone should know" (2009-2010 talks) as collected in
# Jonas Bonér's gist (2012). They are orders of magnitude, not measurements of
# today's hardware: what matters is the ratio between rows.
LATENCIES_S = {
    "L1 cache reference": 0.5e-9,
    "Branch mispredict": 5e-9,
    "L2 cache reference": 7e-9,
    "Mutex lock/unlock": 25e-9,
    "Main memory reference": 100e-9,
    "Compress 1 kB with Snappy": 3e-6,
    "Send 1 kB over 1 Gbps network": 10e-6,
    "Read 4 kB randomly from SSD": 150e-6,
    "Read 1 MB sequentially from memory": 250e-6,
    "Round trip within a datacenter": 500e-6,
    "Read 1 MB sequentially from SSD": 1e-3,
    "Disk seek": 10e-3,
    "Read 1 MB sequentially from disk": 20e-3,
    "Packet California → Netherlands → California": 150e-3,
}


def latency_table(reference: str = "L1 cache reference",
                  reference_takes: float = 1.0) -> pd.DataFrame:
    """Every latency, and how long it would feel if ``reference`` took ``reference_takes`` s."""
    if reference not in LATENCIES_S:
        raise ValueError(f"unknown reference {reference!r}; choose one of {list(LATENCIES_S)}")
    reference_takes = _number(reference_takes, "reference_takes")
    if reference_takes <= 0:
        raise ValueError(f"reference_takes must be a positive number of seconds, "
                         f"got {reference_takes}")
    scale = reference_takes / LATENCIES_S[reference]
    rows = [(name, seconds, format_duration(seconds), seconds * scale,
             format_duration(seconds * scale)) for name, seconds in LATENCIES_S.items()]
    return pd.DataFrame(rows, columns=["operation", "seconds", "latency",
                                       "human seconds", "on the human scale"])


# --- Availability -------------------------------------------------------------

YEAR_DAYS = 365.25  # a Julian year: averages leap years in
# Published nines tables disagree on the month: some use 30 days, some a
# twelfth of the year (30.44 days). We default to the twelfth, so that twelve
# months make a year, and let the caller choose.
MONTH_DAYS = YEAR_DAYS / 12
PERIOD_DAYS = {"year": YEAR_DAYS, "quarter": YEAR_DAYS / 4, "week": 7.0, "day": 1.0}
PERIODS = ["year", "quarter", "month", "week", "day"]


def period_length(period: str, *, month_days: float = MONTH_DAYS) -> timedelta:
    """The length of a named period; a month lasts ``month_days`` days."""
    if period == "month":
        month_days = _number(month_days, "month_days")
        if not 28 <= month_days <= 31:
            raise ValueError(f"month_days must be between 28 and 31, got {month_days}")
        return timedelta(days=month_days)
    if period not in PERIOD_DAYS:
        raise ValueError(f"unknown period {period!r}; choose one of {PERIODS}")
    return timedelta(days=PERIOD_DAYS[period])


def check_availability(availability: float, name: str = "availability") -> float:
    """Return ``availability`` as a float, or raise if it is not a fraction in 0..1."""
    value = _number(availability, name)
    if not 0.0 <= value <= 1.0:
        hint = ""
        if 1.0 < value <= 100.0:
            hint = f" (it looks like a percentage: did you mean {value / 100:g}?)"
        raise ValueError(f"{name} must be a fraction between 0 and 1, got {value}{hint}")
    return value


def downtime(availability: float, period: str = "year", *,
             month_days: float = MONTH_DAYS) -> timedelta:
    """Downtime allowed in one period at a given availability (a fraction, not a percent).

    >>> downtime(0.999, "year")
    datetime.timedelta(seconds=31557, microseconds=600000)
    >>> str(downtime(0.999, "month", month_days=30))
    '0:43:12'
    """
    availability = check_availability(availability)
    return (1.0 - availability) * period_length(period, month_days=month_days)


def availability_for(allowed: timedelta, period: str = "year", *,
                     month_days: float = MONTH_DAYS) -> float:
    """The availability that permits exactly ``allowed`` downtime per period (inverse of downtime).

    >>> round(availability_for(timedelta(minutes=43, seconds=12), "month", month_days=30), 6)
    0.999
    """
    if not isinstance(allowed, timedelta):
        raise TypeError(f"allowed must be a datetime.timedelta, got {type(allowed).__name__}")
    length = period_length(period, month_days=month_days)
    if not timedelta(0) <= allowed <= length:
        raise ValueError(f"allowed downtime must be between 0 and one {period} ({length}), "
                         f"got {allowed}")
    return 1.0 - allowed / length


def nines(count: float) -> float:
    """Availability with ``count`` nines: nines(3) == 0.999.

    >>> nines(3)
    0.999
    """
    count = _number(count, "count")
    if count < 0:
        raise ValueError(f"count must be >= 0, got {count}")
    return round(1.0 - 10.0 ** -count, 12)


def nines_table(levels=(1, 2, 3, 4, 5, 6), *, month_days: float = MONTH_DAYS) -> pd.DataFrame:
    """Downtime per year, month, week and day for each number of nines."""
    rows = []
    for count in levels:
        a = nines(count)
        rows.append([f"{a:.{max(count - 2, 0)}%}"] + [
            format_duration(downtime(a, p, month_days=month_days))
            for p in ("year", "month", "week", "day")])
    return pd.DataFrame(rows, columns=["availability", "per year", "per month",
                                       "per week", "per day"])


def series(*availabilities: float) -> float:
    """Availability of parts that must ALL be up (a chain): the product.

    >>> round(series(0.999, 0.999), 6)
    0.998001
    """
    _need_some(availabilities)
    return math.prod(check_availability(a) for a in availabilities)


def parallel(*availabilities: float) -> float:
    """Availability of redundant parts where ANY ONE up is enough: 1 - product of downs.

    >>> round(parallel(0.99, 0.99), 6)
    0.9999
    """
    _need_some(availabilities)
    return 1.0 - math.prod(1.0 - check_availability(a) for a in availabilities)


def k_of_n(k: int, n: int, availability: float) -> float:
    """Availability when at least ``k`` of ``n`` identical independent parts must be up.

    >>> round(k_of_n(2, 3, 0.99), 6)
    0.999702
    """
    k, n = _count(k, "k"), _count(n, "n")
    if not 1 <= k <= n:
        raise ValueError(f"k must be between 1 and n={n}, got {k}")
    a = check_availability(availability)
    return sum(math.comb(n, i) * a**i * (1 - a) ** (n - i) for i in range(k, n + 1))


def monte_carlo_availability(availabilities, k: int, *, trials: int = 100_000,
                             seed: int = 0) -> float:
    """Estimate k-of-n availability by sampling independent up/down states.

    Series is k = n, parallel is k = 1. The estimate's standard error is about
    sqrt(p (1 - p) / trials).
    """
    parts = np.array([check_availability(a) for a in availabilities], dtype=float)
    if parts.size == 0:
        raise ValueError("give at least one component availability")
    k, trials = _count(k, "k"), _count(trials, "trials")
    if not 1 <= k <= parts.size:
        raise ValueError(f"k must be between 1 and {parts.size}, got {k}")
    if trials < 1:
        raise ValueError(f"trials must be >= 1, got {trials}")
    rng = np.random.default_rng(seed)
    up = rng.random((trials, parts.size)) < parts
    return float(np.mean(up.sum(axis=1) >= k))


def arrangement_availability(availability: float, n: int, trials: int = 20_000,
                             seed: int = 0) -> pd.DataFrame:
    """Formula and Monte Carlo availability of n identical parts: series, parallel, majority."""
    needed = {"series": n, "parallel": 1, f"{n // 2 + 1} of {n}": n // 2 + 1}
    rows = {name: (k_of_n(k, n, availability),
                   monte_carlo_availability([availability] * n, k, trials=trials, seed=seed))
            for name, k in needed.items()}
    table = pd.DataFrame.from_dict(rows, orient="index", columns=["formula", "simulated"])
    table["trials"] = trials
    return table


# --- Zipf and the 80/20 rule ------------------------------------------------------

def zipf_top_share(alpha: float, n_keys: int = 10_000, top: float = 0.2) -> float:
    """Share of requests that go to the hottest ``top`` fraction of keys under Zipf(alpha).

    Key of rank i is requested with probability proportional to 1 / i**alpha.
    alpha = 0 is uniform (the top 20 % get 20 %); the "80/20 rule" is one point
    on this curve, not a law.

    >>> zipf_top_share(0.0)
    0.2
    """
    alpha = _number(alpha, "alpha")
    n_keys = _count(n_keys, "n_keys")
    if alpha < 0:
        raise ValueError(f"alpha must be >= 0, got {alpha}")
    if n_keys < 1:
        raise ValueError(f"n_keys must be >= 1, got {n_keys}")
    top = _number(top, "top")
    if not 0 < top <= 1:
        raise ValueError(f"top must be a fraction in (0, 1], got {top}")
    weights = np.arange(1, n_keys + 1, dtype=float) ** -alpha
    hot = max(1, round(top * n_keys))
    return round(float(weights[:hot].sum() / weights.sum()), 12)


ALPHAS = tuple(float(a) for a in np.linspace(0, 2, 41))  # skews from uniform to steep


def zipf_share_curve(n_keys: int = 10_000, top: float = 0.2,
                     alphas=ALPHAS) -> pd.DataFrame:
    """``zipf_top_share`` for a range of skews, as a table (alpha, share)."""
    return pd.DataFrame({"alpha": list(alphas),
                         "share": [zipf_top_share(a, n_keys, top) for a in alphas]})


def alpha_for_top_share(share: float = 0.8, n_keys: int = 10_000, top: float = 0.2) -> float:
    """The Zipf skew at which the hottest ``top`` of keys take ``share`` of requests."""
    share = check_availability(share, "share")  # same 0..1 rule
    lo, hi = 0.0, 10.0
    if not zipf_top_share(lo, n_keys, top) <= share <= zipf_top_share(hi, n_keys, top):
        raise ValueError(f"share {share} is out of reach for top={top}, n_keys={n_keys}")
    for _ in range(60):  # bisection: the share grows with alpha
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if zipf_top_share(mid, n_keys, top) < share else (lo, mid)
    return (lo + hi) / 2


# --- The back-of-the-envelope estimator -----------------------------------------

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
            if _number(getattr(self, name), name) < 0:
                raise ValueError(f"{name} cannot be negative, got {getattr(self, name)}")
        if _number(self.peak_factor, "peak_factor") < 1:
            raise ValueError(f"peak_factor must be >= 1 (peak is at least the average), "
                             f"got {self.peak_factor}")
        if _count(self.replication_factor, "replication_factor") < 1:
            raise ValueError(f"replication_factor must be >= 1, got {self.replication_factor}")
        if _number(self.server_qps, "server_qps") <= 0:
            raise ValueError(f"server_qps must be > 0 (a server must handle some load), "
                             f"got {self.server_qps}")
        check_availability(self.cache_share, "cache_share")
        utilization = check_availability(self.target_utilization, "target_utilization")
        if utilization == 0:
            raise ValueError("target_utilization must be above 0")


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
        fmt = {
            "read_qps": ("average read QPS", lambda v: f"{v:,.0f} req/s"),
            "write_qps": ("average write QPS", lambda v: f"{v:,.0f} req/s"),
            "peak_read_qps": ("peak read QPS", lambda v: f"{v:,.0f} req/s"),
            "peak_write_qps": ("peak write QPS", lambda v: f"{v:,.0f} req/s"),
            "storage_per_day": ("new data per day (1 copy)", format_bytes),
            "storage_per_year": ("new data per year (1 copy)", format_bytes),
            "storage_total": ("storage over retention, all replicas", format_bytes),
            "bandwidth_in": ("bandwidth in", lambda v: format_bytes(v) + "/s"),
            "bandwidth_out": ("bandwidth out", lambda v: format_bytes(v) + "/s"),
            "cache_memory": ("cache memory (80/20 rule)", format_bytes),
            "servers": ("servers at target utilisation", lambda v: f"{v:,}"),
        }
        rows = [(label, show(value)) for key, value in asdict(self).items()
                for label, show in [fmt[key]]]
        return pd.DataFrame(rows, columns=["quantity", "estimate"]).set_index("quantity")


def estimate(workload: Workload) -> Estimate:
    """Turn workload assumptions into QPS, storage, bandwidth, cache and servers."""
    if not isinstance(workload, Workload):
        raise TypeError(f"estimate() needs a Workload, got {type(workload).__name__}")
    w = workload
    requests_per_day = w.daily_active_users * w.requests_per_user
    writes_per_day = requests_per_day / (1 + w.read_write_ratio)
    reads_per_day = requests_per_day - writes_per_day
    read_qps = reads_per_day / SECONDS_PER_DAY
    write_qps = writes_per_day / SECONDS_PER_DAY
    per_day = writes_per_day * w.object_size_bytes
    peak_qps = (read_qps + write_qps) * w.peak_factor
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
        servers=max(1, math.ceil(peak_qps / (w.server_qps * w.target_utilization) - 1e-9)),
    )


# --- Input checks -----------------------------------------------------------------

def _number(value, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"{name} must be a number, got {value!r}")
    value = float(value)
    if math.isnan(value):
        raise ValueError(f"{name} must be a number, got NaN")
    return value


def _count(value, name: str) -> int:
    return integer(value, name)


def _need_some(values) -> None:
    if not values:
        raise ValueError("give at least one component availability")


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
