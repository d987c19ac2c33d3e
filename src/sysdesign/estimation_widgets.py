"""Interactive panels for the estimation notebook."""

from __future__ import annotations

from sysdesign import estimation as est
from sysdesign import estimation_plots as plots
from sysdesign.widgets import Panel, choice, log_slider, slider

MONTHS = {"twelfth of a year (30.44 days)": est.MONTH_DAYS, "30 days": 30.0}


def human_scale_panel() -> Panel:
    """Every latency rescaled so that a chosen operation takes a chosen human time."""
    controls = {
        "reference": choice("reference operation", list(est.LATENCIES_S),
                            "L1 cache reference"),
        "reference_takes": log_slider("...takes (s)", 1.0, 0.01, 3600.0),
    }

    def compute(reference, reference_takes):
        return est.latency_table(reference, reference_takes), reference, reference_takes

    def draw(result):
        table, reference, takes = result
        return plots.latency_chart(table, human=True, reference=reference,
                                   reference_takes=takes)

    return Panel(controls, compute=compute, draw=draw, title="Latency on a human scale")


def downtime_panel() -> Panel:
    """Downtime allowed per period for a number of nines, with the month's length shown."""
    controls = {
        "nines": slider("nines", 3.0, 1.0, 6.0, 0.1),
        "month": choice("month", MONTHS, est.MONTH_DAYS),
    }

    def compute(nines, month):
        return est.nines(nines), month

    return Panel(controls, compute=compute,
                 draw=lambda r: plots.downtime_chart(r[0], month_days=r[1]),
                 title="Nines to downtime")


def availability_panel() -> Panel:
    """n identical parts in series, parallel and majority: formula vs simulation."""
    controls = {
        "availability": slider("each part", 0.99, 0.9, 0.9999, 0.0001, readout_format=".4f"),
        "n": slider("parts n", 3, 1, 7),
        "trials": slider("Monte Carlo trials", 20_000, 1_000, 200_000, 1_000),
    }
    return Panel(controls, compute=est.arrangement_availability,
                 draw=plots.availability_check_chart, title="Series, parallel and k-of-n")


def estimator_panel() -> Panel:
    """The back-of-the-envelope estimator with a control for every assumption."""
    base = est.URL_SHORTENER
    controls = {
        "daily_active_users": log_slider("daily active users", base.daily_active_users,
                                         1e3, 1e10),
        "requests_per_user": log_slider("requests / user / day", base.requests_per_user,
                                        0.1, 1000.0),
        "read_write_ratio": log_slider("reads per write", base.read_write_ratio, 0.01, 1000.0),
        "peak_factor": slider("peak / average", base.peak_factor, 1.0, 10.0, 0.5),
        "object_size_bytes": log_slider("object size (B)", base.object_size_bytes, 10.0, 1e7),
        "retention_years": slider("retention (years)", float(base.retention_years),
                                  0.0, 20.0, 1.0),
        "replication_factor": slider("replicas", base.replication_factor, 1, 5),
        "server_qps": log_slider("QPS one server handles", base.server_qps, 10.0, 1e6),
        "cache_share": slider("share of daily reads cached", base.cache_share, 0.0, 1.0, 0.05),
        "target_utilization": slider("target utilisation", base.target_utilization,
                                     0.1, 1.0, 0.05),
    }

    def compute(**values):
        return est.estimate(est.Workload(**values))

    return Panel(controls, compute=compute, draw=lambda e: e.table(),
                 title="Back-of-the-envelope estimator")


def zipf_panel() -> Panel:
    """How skew concentrates requests on the hottest keys."""
    controls = {
        "alpha": slider("Zipf α", 1.0, 0.0, 2.0, 0.05),
        "n_keys": choice("keys", [100, 1_000, 10_000, 100_000], 10_000),
        "top": slider("hottest share of keys", 0.2, 0.05, 0.5, 0.05),
    }

    def compute(alpha, n_keys, top):
        curve = est.zipf_share_curve(n_keys, top)
        return curve, n_keys, top, (alpha, est.zipf_top_share(alpha, n_keys, top))

    return Panel(controls, compute=compute,
                 draw=lambda r: plots.zipf_share_chart(r[0], r[1], r[2], marker=r[3]),
                 title="The 80/20 rule under Zipf")
