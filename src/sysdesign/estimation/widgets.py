"""Panels for the estimation notebook: wiring only (controls -> experiments -> plots).

The nines and availability panels are in :mod:`sysdesign.availability.widgets`.
"""

from __future__ import annotations

from sysdesign.availability.widgets import YEARS
from sysdesign.core.panel import Panel, choice, log_slider, slider, toggle

from . import experiments, plots
from .capacity import URL_SHORTENER
from .latency import LATENCIES_S


def human_scale_panel() -> Panel:
    """Every latency rescaled so that a chosen operation takes a chosen human time."""
    controls = {
        "reference": choice("reference operation", list(LATENCIES_S), "L1 cache reference"),
        "reference_takes": log_slider("...takes (s)", 1.0, 0.01, 3600.0),
    }
    return Panel(controls, experiments.human_scale, plots.human_scale_view,
                 title="Latency on a human scale")


def estimator_panel() -> Panel:
    """The back-of-the-envelope estimator with a control for every assumption."""
    base = URL_SHORTENER
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
        "cache_share": slider("share of objects read a day that are cached",
                              base.cache_share, 0.0, 1.0, 0.05),
        "zipf_alpha": slider("Zipf α of read popularity", base.zipf_alpha, 0.0, 2.0, 0.05),
        "target_utilization": slider("target utilisation", base.target_utilization,
                                     0.1, 1.0, 0.05),
        "year_days": toggle("year", YEARS, base.year_days),
    }
    return Panel(controls, experiments.estimator, plots.estimator_view,
                 title="Back-of-the-envelope estimator")


def zipf_panel() -> Panel:
    """How skew concentrates requests on the hottest keys."""
    controls = {
        "alpha": slider("Zipf α", 1.0, 0.0, 2.0, 0.05),
        "n_keys": choice("keys", {"100": 100, "10,000": 10_000, "1 million": 1_000_000,
                                  "1 billion": 1_000_000_000}, 10_000),
        "top": slider("hottest share of keys", 0.2, 0.05, 0.5, 0.05),
    }
    return Panel(controls, experiments.zipf, plots.zipf_view,
                 title="The 80/20 rule under Zipf")
