"""One example system carried through the scaling path, with numbers: the URL shortener of
notebook 01, estimated by :mod:`sysdesign.estimation`.

Each step of :data:`~sysdesign.scaling.path.SCALING_PATH` gets one sentence saying what
the step means for this system, with its numbers computed from the estimate, the latency
table and the availability formulas (so they change when an assumption does).

>>> lines = example_lines()
>>> len(lines), lines[3].startswith("4 web servers")
(13, True)
"""

from __future__ import annotations

import math

import pandas as pd

from sysdesign.availability import downtime
from sysdesign.core import checks
from sysdesign.core.units import format_bytes, format_duration, percent
from sysdesign.estimation import LATENCIES_S, URL_SHORTENER, Workload, estimate

from .path import SCALING_PATH, lesson_label

MACHINE_AVAILABILITY = 0.999  # one machine, for the single-point-of-failure arithmetic
DB_SERVER_BYTES = 10e12  # disk one database server holds (an assumption: change it)
FAR_ROUND_TRIP = "Packet California → Netherlands → California"


def example_lines(workload: Workload = URL_SHORTENER, *,
                  machine_availability: float = MACHINE_AVAILABILITY,
                  db_server_bytes: float = DB_SERVER_BYTES) -> list[str]:
    """One sentence with numbers per step of the scaling path, for ``workload``."""
    if not isinstance(workload, Workload):
        raise TypeError(f"workload must be a Workload, got {type(workload).__name__}")
    db_server_bytes = checks.number(db_server_bytes, "db_server_bytes", 0, lo_open=True)
    w, e = workload, estimate(workload)
    peak = e.peak_read_qps + e.peak_write_qps
    per_server = w.server_qps * w.target_utilization  # planned requests/s per server
    users_per_server = per_server * 86_400 / (w.requests_per_user * w.peak_factor)
    far = format_duration(LATENCIES_S[FAR_ROUND_TRIP])
    # Replicas copy a shard; they do not hold a share of it. So a shard holds one copy.
    per_copy = e.storage_provisioned / w.replication_factor
    shards = math.ceil(per_copy / db_server_bytes)
    if e.servers > 1:
        spare = (f"if one fails, the other {e.servers - 1} run at "
                 f"{percent(peak / ((e.servers - 1) * w.server_qps))} of their capacity")
    else:
        spare = "a second one takes over when the first fails"
    return [
        f"{w.daily_active_users / 1e6:,.4g} M daily users make {peak:,.0f} requests/s at "
        f"peak; one server planned at {percent(w.target_utilization)} of "
        f"{w.server_qps:,.0f} req/s carries {users_per_server / 1e6:,.3g} M daily users",
        f"the data grows {format_bytes(e.storage_per_year)} a year, "
        f"{format_bytes(e.storage_total)} over {w.retention_years:g} years with "
        f"{w.replication_factor} copies, on machines of its own; every read is a lookup by "
        "key with no joins, which a relational database and a key-value store both serve",
        f"one machine {peak / per_server:.1f}× as fast would carry the peak, but one machine "
        f"at {percent(machine_availability, 1)} is down "
        f"{format_duration(downtime(machine_availability))} a year",
        f"{e.servers} web servers carry the peak at "
        f"{percent(peak / (e.servers * w.server_qps))} of their capacity (planned for at most "
        f"{percent(w.target_utilization)}); {spare}",
        f"replicas take the {e.peak_read_qps:,.0f} reads/s of the peak; the primary takes "
        f"the {e.peak_write_qps:,.0f} writes/s",
        f"the hottest {percent(w.cache_share)} of the {e.distinct_reads_per_day / 1e6:,.3g} M "
        f"links read a day fit in {format_bytes(e.cache_memory)} and serve "
        f"{percent(e.cache_hit_ratio)} of redirects (Zipf α = {w.zipf_alpha:g})",
        f"a round trip California → Netherlands → California takes {far}; an edge server "
        "near the user answers for static pages without it",
        f"any of the {e.servers} web servers can answer any request, so servers come and go "
        "without logging anyone out",
        f"users in Europe stop paying {far} per round trip to California, and one site can "
        "fail without an outage",
        f"every redirect records a click: {e.read_qps:,.0f} events/s on average go to a "
        "queue instead of slowing the redirect",
        f"at 99.9 % the error budget is {format_duration(downtime(0.999, 'month'))} a month; "
        "metrics show how much of it is spent",
        f"{format_bytes(e.storage_provisioned)} of disk to buy (data filling "
        f"{percent(w.target_utilization)}), {format_bytes(per_copy)} per copy: at "
        f"{format_bytes(db_server_bytes)} a server, {shards} shards of "
        f"{w.replication_factor} servers (a primary and its replicas), "
        f"{shards * w.replication_factor} in all",
        f"redirects ({w.read_write_ratio:g} reads per write) scale apart from link creation: "
        f"{math.ceil(e.peak_read_qps / per_server)} redirect servers, "
        f"{math.ceil(e.peak_write_qps / per_server)} for new links",
    ]


def path_table(existing, workload: Workload = URL_SHORTENER) -> pd.DataFrame:
    """The scaling path as a table: each step, what it adds and fixes, the example's numbers,
    and the lesson that covers it ('coming' when its notebook is not in ``existing``)."""
    rows = [(f"{i}. {step.name}", step.adds, step.fixes, line,
             lesson_label(step.lesson, existing))
            for i, (step, line) in enumerate(zip(SCALING_PATH, example_lines(workload),
                                                 strict=True), start=1)]
    return pd.DataFrame(rows, columns=["step", "adds", "fixes", "the URL shortener, in numbers",
                                       "covered in"]).set_index("step")
