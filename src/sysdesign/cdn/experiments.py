"""Scenarios behind notebook 07's figures, panels and tests (no plotting here)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from ..core import checks
from ..core.tables import full_text
from ..core.workloads import zipf_probabilities
from . import geography, origin, tiers
from .headers import decide
from .simulate import CdnRun, simulate

PANEL_RATE = 1.0  # requests per second per region in the pull/push panel
PANEL_DURATION = 300.0  # seconds simulated by the pull/push panel
N_OBJECTS = 200


def rtt_table(*, stretch: float = geography.STRETCH,
              access_ms: float = geography.ACCESS_MS) -> pd.DataFrame:
    """Per region: distance to the origin, the fibre floor, the assumed RTTs (ms)."""
    origin = geography.SITES[geography.ORIGIN]
    rows = []
    for region, (edge, to_origin) in geography.region_rtts(stretch=stretch,
                                                           access_ms=access_ms).items():
        km = geography.great_circle_km(geography.SITES[region], origin)
        rows.append({"users in": region, "km to origin": round(km),
                     "fibre floor (ms)": round(geography.fibre_floor_ms(km), 1),
                     "assumed RTT to origin (ms)": round(to_origin, 1),
                     "RTT to edge (ms)": edge})
    return pd.DataFrame(rows).set_index("users in")


@dataclass(frozen=True)
class PullPush:
    """One pull run and one push run on the same requests and updates."""

    pull: CdnRun
    push: CdnRun

    def summary(self) -> pd.DataFrame:
        """The comparison in one table: a row per measure, a column per CDN."""
        def row(run: CdnRun) -> dict:
            return {"hit ratio": round(run.hit_ratio, 3),
                    "origin fetches / s": round(run.origin_fetches / run.duration, 3),
                    "uploads to edges / s": round(run.pushes / run.duration, 3),
                    "stale responses (share)": round(run.stale_share, 4),
                    "longest out of date (s)": round(run.max_out_of_date, 2),
                    "objects stored (all edges)": round(run.storage, 1)}
        return pd.DataFrame({"pull": row(self.pull), "push": row(self.push)})

    def latency(self) -> pd.DataFrame:
        """Mean latency per region (ms), pull and push."""
        return pd.DataFrame({"pull": self.pull.mean_latency_ms().round(1),
                             "push": self.push.mean_latency_ms().round(1)},
                            index=pd.Index(self.pull.regions, name="users in"))


def pull_push(*, ttl_s: float = 60.0, alpha: float = 0.9, churn_per_hour: float = 2.0,
              pushed_share: float = 1.0, seed: int = 0) -> PullPush:
    """Pull (fill on miss, keep for the TTL) against push (upload the top objects, re-upload
    on change) on one workload: 5 regions, 200 objects, 1 request/s per region, 5 min.

    Runs are deterministic, so each setting is computed once and remembered (a panel
    returning to a setting redraws without simulating again).
    """
    pushed_share = checks.fraction(pushed_share, "pushed_share")
    return _pull_push(float(ttl_s), float(alpha), float(churn_per_hour), pushed_share, seed)


@lru_cache(maxsize=64)
def _pull_push(ttl_s: float, alpha: float, churn_per_hour: float, pushed_share: float,
               seed: int) -> PullPush:
    common = dict(rtts=geography.region_rtts(), n_objects=N_OBJECTS, alpha=alpha,
                  rate=PANEL_RATE, ttl=ttl_s, churn_per_hour=churn_per_hour,
                  duration=PANEL_DURATION, seed=seed)
    return PullPush(simulate(mode="pull", **common),
                    simulate(mode="push", pushed=round(pushed_share * N_OBJECTS), **common))


def shield_savings(*, ttl_s: float = 60.0, edges=(1, 2, 4, 8), rate: float = 1.0,
                   alpha: float = 0.9, duration: float = 600.0, seed: int = 0) -> pd.DataFrame:
    """Origin requests per second with and without a shield, simulated and in closed form."""
    p = zipf_probabilities(N_OBJECTS, alpha)
    rows = []
    for count in edges:
        rtts = {f"edge {k}": (10.0, 100.0) for k in range(count)}
        row = {"edges": count}
        for shield in (False, True):
            run = simulate(rtts=rtts, n_objects=N_OBJECTS, alpha=alpha, rate=rate, ttl=ttl_s,
                           churn_per_hour=0, duration=duration, shield=shield, seed=seed)
            name = "shield" if shield else "no shield"
            row[f"{name}: simulated"] = run.origin_fetches / duration
            row[f"{name}: closed form"] = tiers.catalogue_origin_rate(p, rate, ttl_s,
                                                                      edges=count, shield=shield)
        rows.append(row)
    return pd.DataFrame(rows).set_index("edges")


# --- a short run to step through: which tier answered each request -------------------

PATH_REGIONS = ("New York", "Frankfurt", "Singapore")


@lru_cache(maxsize=4)
def _path_run(shield: bool, ttl_s: float) -> CdnRun:
    rtts = {r: v for r, v in geography.region_rtts().items() if r in PATH_REGIONS}
    return simulate(rtts=rtts, n_objects=3, alpha=1.0, rate=0.04, ttl=ttl_s,
                    churn_per_hour=0, duration=240.0, shield=shield, record=True, seed=3)


def path_steps() -> int:
    """How many requests the step-through has (the same with or without a shield)."""
    return len(_path_run(True, 60.0).trace)


@dataclass(frozen=True)
class PathView:
    """The step-through at one step: every request so far, and the origin's tally."""

    run: CdnRun
    step: int

    @property
    def shown(self) -> list:
        return self.run.trace[: self.step + 1]

    def tally(self) -> dict:
        tiers_ = [served.tier for served in self.shown]
        return {tier: tiers_.count(tier) for tier in ("edge", "shield", "origin")}


def request_path(*, step: int = 0, shield: bool = True, ttl_s: float = 60.0) -> PathView:
    """Requests from three regions for three objects through edge → shield → origin."""
    run = _path_run(bool(shield), checks.number(ttl_s, "ttl_s", 0, lo_open=True))
    step = checks.integer(step, "step", 0, len(run.trace) - 1)
    return PathView(run, step)


# --- invalidation and uncacheable content -------------------------------------------

def invalidation(*, ttl_s: float = 3600.0, purge_s: float = 5.0,
                 html_ttl_s: float = 60.0) -> pd.DataFrame:
    """After a deploy: how long users may see the old file, at the CDN and in a browser.

    The file's ``ttl_s`` is its ``max-age``, so a browser that cached it keeps it that long:
    a purge reaches the CDN's caches, not browsers. A versioned URL needs no purge: the old
    file is reached only through HTML cached for up to ``html_ttl_s``.
    """
    ttl_s = checks.number(ttl_s, "ttl_s", 0)
    purge_s = checks.number(purge_s, "purge_s", 0, hint="seconds for a purge to reach every edge")
    html_ttl_s = checks.number(html_ttl_s, "html_ttl_s", 0)
    cdn_col, browser_col = "old version from the CDN, up to (s)", "in a browser that cached it (s)"
    return pd.DataFrame([
        {"strategy": "wait for the TTL", cdn_col: ttl_s, browser_col: ttl_s,
         "old copy stays in cache": "until its TTL"},
        {"strategy": "purge the URL", cdn_col: purge_s, browser_col: ttl_s,
         "old copy stays in cache": "no (at the CDN)"},
        {"strategy": "versioned URL (app.3f2a.js)", cdn_col: html_ttl_s, browser_col: html_ttl_s,
         "old copy stays in cache": "until evicted"},
    ]).set_index("strategy")


def uncacheable(*, shares=(0.0, 0.25, 0.5, 0.9), ttl_s: float = 60.0, alpha: float = 0.9,
                rate: float = 1.0) -> pd.DataFrame:
    """Edge hit ratio and Frankfurt latency as the share of personalised requests grows.

    ``rate`` is all requests per second at the edge; a share of them is personalised and
    always goes to the origin, so the cacheable stream is only (1 − share) · ``rate``, and
    fewer of its requests fall within each TTL: its own hit ratio drops too.
    """
    p = zipf_probabilities(N_OBJECTS, alpha)
    edge, to_origin = geography.region_rtts()["Frankfurt"]
    rows = []
    for share in shares:
        share = checks.fraction(share, "shares")
        cacheable = tiers.edge_hit_ratio(p, (1 - share) * rate, ttl_s)
        hit = (1 - share) * cacheable
        rows.append({"personalised share": share, "edge hit ratio": round(hit, 3),
                     "mean latency, Frankfurt (ms)": round(edge + (1 - hit) * to_origin, 1)})
    return pd.DataFrame(rows).set_index("personalised share")


def header_decisions(cases: dict) -> pd.DataFrame:
    """What an edge does with a stored response: ``cases`` maps Cache-Control -> ages (s).

    An age written ``(age, "origin down")`` asks what the edge does while the origin fails.
    """
    rows = []
    for value, ages in cases.items():
        for item in ages:
            age, down = (item[0], True) if isinstance(item, tuple) else (item, False)
            decision = decide({"Cache-Control": value}, age=age, origin_error=down)
            rows.append({"Cache-Control": value, "age (s)": age,
                         "origin": "down" if down else "up",
                         "edge does": decision.action, "why": decision.reason})
    return full_text(pd.DataFrame(rows))


def live_revalidation(size: int = 50_000) -> pd.DataFrame:
    """Revalidate against a real origin on 127.0.0.1: a first GET, conditional GETs with
    the stored tag (strong and weak), and one after a deploy changed the file."""
    size = checks.integer(size, "size", 1, 10_000_000, hint="bytes in the file")
    version_1, version_2 = b"a" * size, b"b" * size
    rows = {}
    with origin.serving({"/app.js": version_1}, cache_control="max-age=300") as server:
        first = origin.get(server.port, "/app.js")
        rows["first GET (empty edge)"] = first
        rows["If-None-Match: stored tag"] = origin.get(server.port, "/app.js", etag=first.etag)
        rows["If-None-Match: W/stored tag"] = origin.get(server.port, "/app.js",
                                                         etag=f"W/{first.etag}")
        server.publish("/app.js", version_2)
        rows["same, after a deploy"] = origin.get(server.port, "/app.js", etag=first.etag)
    return full_text(pd.DataFrame({
        request: {"status": r.status, "body bytes": r.body_bytes, "ETag": r.etag,
                  "Cache-Control": r.cache_control} for request, r in rows.items()}).T)
