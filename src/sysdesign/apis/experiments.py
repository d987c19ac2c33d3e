"""Scenarios for the APIs notebook and the compute function of each panel.

The notebook, the panels in :mod:`sysdesign.apis.widgets` and the tests call these, so a
number printed in the notebook is a number a test checks. Panel computes are named after
their panel (``payload`` for ``payload_panel``).
"""

from __future__ import annotations

import functools
import math
from typing import NamedTuple

import pandas as pd

from ..core import checks
from ..core.tables import full_text
from . import encoding, fetching, idempotency, routing
from .design import check_statuses, lint, lint_summary, paginate

# RFC 9110 §9.2.1 (safe), §9.2.2 (idempotent) and §9.2.3 (cacheable): "this specification
# defines GET, HEAD, and POST as cacheable, although the overwhelming majority of cache
# implementations only support GET and HEAD". A POST response can be reused only if it has
# explicit freshness and a Content-Location equal to the target URI (§9.3.3); RFC 5789 §2
# puts the same condition on PATCH.
ONLY_IF = "only with freshness + Content-Location"
METHOD_PROPERTIES = {  # method: (safe, idempotent, cacheable)
    "GET": (True, True, "yes"), "HEAD": (True, True, "yes"), "OPTIONS": (True, True, "no"),
    "TRACE": (True, True, "no"), "PUT": (False, True, "no"), "DELETE": (False, True, "no"),
    "POST": (False, False, ONLY_IF), "PATCH": (False, False, ONLY_IF),
}


def method_table() -> pd.DataFrame:
    """HTTP methods: safe, idempotent and cacheable by definition (RFC 9110 §9.2, RFC 5789)."""
    return full_text(pd.DataFrame.from_dict(METHOD_PROPERTIES, orient="index",
                                            columns=["safe", "idempotent", "cacheable"]))


def idempotent_methods() -> set[str]:
    """The methods RFC 9110 §9.2.2 defines as idempotent."""
    return {m for m, (_, idem, _) in METHOD_PROPERTIES.items() if idem}


def side_by_side() -> pd.DataFrame:
    """The notes' RPC-versus-REST operations, run against both APIs."""
    rows, _, _ = routing.run_side_by_side()
    return full_text(pd.DataFrame(rows).set_index("operation"))


def lint_overview(tables: dict) -> pd.DataFrame:
    """Routes breaking each rule, one row per named route table."""
    return pd.DataFrame({name: lint_summary(routes) for name, routes in tables.items()}).T


def status_table() -> pd.DataFrame:
    """The nine operations of :func:`side_by_side` against each API, each on a fresh store:
    how many responses have a status code that contradicts their body, and which."""
    rows = {}
    for name, make, pick in (("RPC", routing.rpc_api, 1), ("REST", routing.rest_api, 2)):
        requests = [operation[pick] for operation in routing.OPERATIONS]
        found = check_statuses(make(routing.PeopleStore()), requests)
        rows[name] = {"requests": len(requests), "status contradicts the body": len(found),
                      "where": "; ".join(f"{v.method} {v.path}: {v.detail}" for v in found)}
    return full_text(pd.DataFrame(rows).T)


def lint_table(router_or_routes) -> pd.DataFrame:
    """One row per broken rule: route, rule, why."""
    rows = [{"route": f"{v.method} {v.path}", "rule": v.rule, "why": v.detail}
            for v in lint(router_or_routes)]
    return full_text(pd.DataFrame(rows, columns=["route", "rule", "why"]))


def repeat_effects() -> pd.DataFrame:
    """Send each request twice to the REST API: does the second change anything?"""
    rows = []
    for method, path, body in [("PUT", "/items/456", {"colour": "red"}),
                               ("DELETE", "/items/456", None),
                               ("POST", "/persons/1234/items", {"itemid": "789"})]:
        store = routing.PeopleStore()
        api = routing.rest_api(store)
        api("POST", "/persons", {"name": "Ann"})
        api("POST", "/persons/1234/items", {"itemid": "456"})
        first = api(method, path, body)
        after_one = store.state()
        second = api(method, path, body)
        rows.append({"request": f"{method} {path}", "1st status": first.status,
                     "2nd status": second.status,
                     "state after 2 = after 1": store.state() == after_one,
                     "items of person 1234": len(store.person_items["1234"])})
    return pd.DataFrame(rows).set_index("request")


def pagination_table(**kwargs) -> pd.DataFrame:
    """Offset and cursor paging through the same changing feed, side by side."""
    rows = {}
    for method in ("offset", "cursor"):
        run = paginate(method, **kwargs)
        rows[method] = {"pages": " | ".join(",".join(map(str, p)) for p in run.pages),
                        "rows shown twice": run.duplicates, "rows skipped": len(run.skipped)}
    return full_text(pd.DataFrame(rows).T)


# --- payloads ----------------------------------------------------------------------------------

def size_table(n: int = 100, *, seed: int = 0) -> pd.DataFrame:
    """Bytes for ``n`` records in each format, raw and gzipped, and per record."""
    n = checks.integer(n, "n", 1, hint="records (bytes per record need at least one)")
    sizes = encoding.payload_sizes(encoding.make_records(n, seed=seed))
    frame = pd.DataFrame(sizes).T
    frame["raw per record"] = (frame["raw"] / n).round(1)
    frame["raw vs JSON"] = (frame["raw"] / frame.loc["JSON", "raw"]).round(2)
    frame["gzip vs JSON gzip"] = (frame["gzip"] / frame.loc["JSON", "gzip"]).round(2)
    return frame


def speed_ratios(n: int = 1000, *, repeat: int = 5) -> pd.DataFrame:
    """Encode and decode time relative to JSON (varies by machine: rounded to 1 decimal)."""
    times = encoding.codec_times(encoding.make_records(n), repeat=repeat)
    frame = pd.DataFrame(times).T
    return (frame / frame.loc["JSON"]).round(1)


class Payload(NamedTuple):
    counts: list[int]
    sizes: dict[str, list[int]]  # "JSON raw", "JSON gzip", ...


@functools.lru_cache(maxsize=64)
def payload(records: int = 100, compressed: bool = True) -> Payload:
    """The payload panel: bytes per format for 1 .. ``records`` records, raw and gzipped."""
    records = checks.integer(records, "records", 1, 2000)
    data = encoding.make_records(records)
    counts = sorted({max(1, round(records * f / 8)) for f in range(1, 9)})
    sizes: dict[str, list[int]] = {}
    for n in counts:
        for name, (encode, _) in encoding.CODECS.items():
            raw = encode(data[:n])
            sizes.setdefault(f"{name} raw", []).append(len(raw))
            if compressed:
                sizes.setdefault(f"{name} gzip", []).append(len(encoding.gzipped(raw)))
    return Payload(counts, sizes)


# --- fetching ----------------------------------------------------------------------------------

def fetch_table(*, posts: int = 5, comments: int = 3, users: int = 20) -> pd.DataFrame:
    """The screen fetched by REST calls and by GraphQL without and with a loader."""
    reports = [fetching.fetch_rest(fetching.Database(users=users, posts=posts,
                                                     comments=comments))]
    for batching in (False, True):
        db = fetching.Database(users=users, posts=posts, comments=comments)
        reports.append(fetching.fetch_graphql(db, batching=batching))
    return pd.DataFrame({r.style: {"HTTP requests": len(r.requests),
                                   "round trips": r.round_trips,
                                   "bytes sent": r.request_bytes,
                                   "bytes received": r.response_bytes,
                                   "bytes the screen needs": r.needed_bytes,
                                   "database queries": r.db_queries} for r in reports})


def three_styles(*, posts: int = 5, comments: int = 3, users: int = 20) -> pd.DataFrame:
    """The same screen by REST calls, one GraphQL query (with the loader) and one gRPC
    call: requests, round trips, bytes, queries, and what an HTTP cache can do with it."""
    def db():
        return fetching.Database(users=users, posts=posts, comments=comments)

    reports = [fetching.fetch_rest(db()), fetching.fetch_graphql(db(), batching=True),
               fetching.fetch_grpc(db())]
    cache = {"REST": "GET URLs: yes", "GraphQL + loader": "POST: no", "gRPC": "POST: no"}
    frame = pd.DataFrame({r.style: {"HTTP requests": len(r.requests),
                                    "round trips": r.round_trips,
                                    "bytes sent": r.request_bytes,
                                    "bytes received": r.response_bytes,
                                    "database queries": r.db_queries,
                                    "HTTP caches can reuse it": cache[r.style]}
                          for r in reports})
    return full_text(frame)


class NPlusOne(NamedTuple):
    posts: list[int]
    without: list[int]
    with_loader: list[int]
    rest_requests: list[int]


@functools.lru_cache(maxsize=64)
def n_plus_one(posts: int = 10, comments: int = 3) -> NPlusOne:
    """Database queries per screen, 0 .. ``posts`` posts, real GraphQL runs each time."""
    posts = checks.integer(posts, "posts", 1, 50)
    comments = checks.integer(comments, "comments", 0, 10)
    xs = sorted({round(posts * f / 5) for f in range(6)})
    without, loader, rest = [], [], []
    for p in xs:
        for batching, out in ((False, without), (True, loader)):
            db = fetching.Database(posts=p, comments=comments)
            out.append(fetching.run_graphql(db, batching=batching).total_queries)
        rest.append(len(fetching.fetch_rest(fetching.Database(posts=p,
                                                              comments=comments)).requests))
    return NPlusOne(xs, without, loader, rest)


# --- idempotency -------------------------------------------------------------------------------

SCENARIOS = {  # one payment; the fates of its messages in the order they are sent
    "response lost": (("ok", "lost", "ok", "ok"), math.inf),
    "request lost": (("lost", "ok", "ok"), math.inf),
    "request duplicated": (("dup", "ok", "ok"), math.inf),
    "retry after the key expired": (("ok", "lost", "lost", "ok", "ok"), 250.0),
}


@functools.lru_cache(maxsize=16)
def scenario_run(scenario: str, use_keys: bool) -> idempotency.PaymentRun:
    """One scripted payment (see :data:`SCENARIOS`)."""
    checks.choice(scenario, "scenario", SCENARIOS)
    fates, retention = SCENARIOS[scenario]
    return idempotency.simulate(1, use_keys=use_keys, fates=fates, retention=retention)


TIMELINE_STEPS = max(len(scenario_run(s, k).notes) for s in SCENARIOS for k in (False, True))


class RetryStep(NamedTuple):
    run: idempotency.PaymentRun
    step: int
    now: float


def retry_timeline(step: int = TIMELINE_STEPS - 1, scenario: str = "response lost",
                   use_keys: bool = True) -> RetryStep:
    """The timeline panel: the scripted run, shown up to its ``step``-th event."""
    step = checks.integer(step, "step", 0)
    run = scenario_run(scenario, bool(use_keys))
    step = min(step, len(run.notes) - 1)
    return RetryStep(run, step, run.notes[step][0])


RETENTIONS = (0.0, 50.0, 150.0, 350.0, 750.0, 3150.0)


class Retries(NamedTuple):
    without: idempotency.PaymentRun
    with_keys: idempotency.PaymentRun
    retentions: tuple[float, ...]
    double_by_retention: list[int]
    keys_by_retention: list[int]


RETRY_SEED = 0  # the network's fate of every message; the same for both runs


@functools.lru_cache(maxsize=128)
def _payment_run(loss: float, duplicate: float, retries: int, payments: int, use_keys: bool,
                 retention: float) -> idempotency.PaymentRun:
    """One untraced run, remembered: moving only the retention re-runs only the keyed one."""
    return idempotency.simulate(payments, use_keys=use_keys, retention=retention, loss=loss,
                                duplicate=duplicate, retries=retries, seed=RETRY_SEED,
                                trace=False)


@functools.lru_cache(maxsize=256)
def retries(loss: float = 0.2, duplicate: float = 0.05, retries: int = 3,
            retention: float = 1000.0, payments: int = 200) -> Retries:
    """The retries panel: double charges without and with keys, and across retentions."""
    without = _payment_run(loss, duplicate, retries, payments, False, math.inf)
    with_keys = _payment_run(loss, duplicate, retries, payments, True, retention)
    # The requests arrive at the same times whatever the server keeps: one run answers
    # for every retention (a test checks this against full simulations).
    doubles, held = zip(*(idempotency.retention_outcome(without.arrivals, r)
                          for r in RETENTIONS), strict=True)
    return Retries(without, with_keys, RETENTIONS, list(doubles), list(held))


def retry_summary(**kwargs) -> pd.DataFrame:
    """The retries panel's two runs as a table."""
    result = retries(**kwargs)
    return pd.DataFrame({
        label: {"payments": run.payments, "charges": run.total_charges,
                "double-charged payments": run.double_charged,
                "never charged": run.unpaid, "confirmed to the client": sum(run.confirmed),
                "given up on, yet charged": run.given_up_charged,
                "responses replayed": run.replays, "keys held at peak": run.keys_held_peak}
        for label, run in (("no key", result.without), ("idempotency key", result.with_keys))})
