"""REST API design rules as a linter over a route table, and offset against cursor pages.

:func:`lint` reads ``(method, path pattern)`` pairs and reports which rules each route
breaks. The rules are conventions, not standards (Fielding's thesis says nothing about
plural nouns); each one says why it helps.

>>> [v.rule for v in lint([("POST", "/getUser"), ("GET", "/v1/users/{id}")])]
['nouns', 'case', 'methods', 'version']
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass

from ..core import checks
from .routing import METHODS, Request, Router

# First words that make a path segment an action rather than a thing.
VERBS = ("get", "read", "fetch", "list", "add", "create", "make", "update", "modify", "set",
         "remove", "delete", "send", "signup", "resign", "do", "run", "change", "save")

RULES = {
    "nouns": "paths name resources (nouns); the method is the verb",
    "plural": "a collection is a plural noun: /users, /users/{id}",
    "case": "segments are lower case, words joined by '-' (no camelCase, no '_')",
    "methods": "POST to a collection creates; PUT, PATCH and DELETE act on one member",
    "nesting": "at most one level of nesting: /users/{id}/orders, not deeper",
    "version": "every route carries the API version, e.g. /v1/...",
}
RULE_NAMES = tuple(RULES)


@dataclass(frozen=True)
class Violation:
    """One route breaking one rule, and why."""

    method: str
    path: str
    rule: str
    detail: str


def _is_param(segment: str) -> bool:
    return segment.startswith("{") and segment.endswith("}")


def _words(segment: str) -> list[str]:
    """'addItemToUsersItemsList' -> ['add', 'item', 'to', ...]; 'order-items' -> [...]."""
    spaced = re.sub(r"([a-z0-9])([A-Z])", r"\1 \2", segment)
    return [w.lower() for w in re.split(r"[\s_\-]+", spaced) if w]


def lint(routes: Iterable[tuple[str, str]] | Router) -> list[Violation]:
    """Every rule each route breaks, route by route (rules in the order of :data:`RULES`)."""
    if isinstance(routes, Router):
        routes = routes.route_table()
    found = []
    for method, path in routes:
        checks.choice(method, "method", METHODS)
        if not isinstance(path, str) or not path.startswith("/"):
            raise ValueError(f"path must start with '/', got {path!r}")
        found += _check_route(method, path)
    return found


def _check_route(method: str, path: str) -> list[Violation]:
    parts = [p for p in path.split("/") if p]
    out = []

    def broken(rule, detail):
        out.append(Violation(method, path, rule, detail))

    versioned = bool(parts) and re.fullmatch(r"v\d+", parts[0]) is not None
    if not versioned:
        broken("version", "no /vN prefix")
    names = [p for p in (parts[1:] if versioned else parts) if not _is_param(p)]
    for name in names:
        words = _words(name)
        if words and words[0] in VERBS:
            broken("nouns", f"'{name}' starts with the verb '{words[0]}'")
    for i, part in enumerate(parts):
        if i + 1 < len(parts) and _is_param(parts[i + 1]) and not part.endswith("s"):
            broken("plural", f"'{part}' names a collection but is singular")
    for name in names:
        if name != name.lower() or "_" in name:
            broken("case", f"'{name}' is not lower-case-with-dashes")
    member = bool(parts) and _is_param(parts[-1])
    if method == "POST" and member:
        broken("methods", "POST to one member: use PUT or PATCH to change it")
    elif method in ("PUT", "PATCH", "DELETE") and not member:
        broken("methods", f"{method} on a collection changes every member")
    elif method == "POST" and names and _words(names[-1])[:1] in ([v] for v in VERBS):
        broken("methods", "POST used as a general 'do this' call")
    if sum(_is_param(p) for p in parts) > 1:
        broken("nesting", "more than one level of nesting")
    order = {rule: i for i, rule in enumerate(RULE_NAMES)}
    return sorted(out, key=lambda v: order[v.rule])


def lint_summary(routes) -> dict[str, int]:
    """How many routes break each rule (every rule listed, zeros included)."""
    counts = dict.fromkeys(RULE_NAMES, 0)
    for rule in {(v.method, v.path, v.rule) for v in lint(routes)}:
        counts[rule[2]] += 1
    return counts


def reports_failure(body) -> bool:
    """Whether a response body says the request failed (an ``error`` field, or ``ok: false``)."""
    return isinstance(body, dict) and ("error" in body or body.get("ok") is False)


def check_statuses(api: Router, requests: Iterable[tuple]) -> list[Violation]:
    """Send ``(method, path, body, query)`` requests; flag every response whose status
    class contradicts its body: a failure under 2xx ("success"), or 4xx/5xx with no error.

    RFC 9110 §15: 2xx means the request was received, understood and accepted; 4xx that
    the client seems to have erred; 5xx that the server failed.
    """
    found = []
    for method, path, body, query in requests:
        response = api.handle(Request(method, path, dict(query), body))
        failed = reports_failure(response.body)
        if failed and response.status < 300:
            found.append(Violation(method, path, "status", (
                f"{response.status} for a failure: {response.body['error']!r}")))
        elif not failed and response.status >= 400:
            found.append(Violation(method, path, "status",
                                   f"{response.status} without saying what went wrong"))
    return found


# --- pagination ------------------------------------------------------------------------------

@dataclass(frozen=True)
class PageRun:
    """What a reader saw paging through a feed while it changed underneath."""

    method: str
    pages: list[list[int]]
    initial: set[int]       # rows in the feed when the reader began
    deleted: set[int]       # rows deleted while the reader paged

    @property
    def seen(self) -> list[int]:
        return [row for page in self.pages for row in page]

    @property
    def duplicates(self) -> int:
        """Rows shown more than once (each extra showing counts)."""
        return len(self.seen) - len(set(self.seen))

    @property
    def skipped(self) -> list[int]:
        """Rows that were there all along, older than the last row shown, yet never shown."""
        if not self.seen:
            return []
        last = min(self.seen)  # newest first: the reader got down to this id
        stayed = self.initial - self.deleted
        return sorted((row for row in stayed if row >= last and row not in set(self.seen)),
                      reverse=True)


def paginate(method: str = "offset", *, rows: int = 30, page_size: int = 5, pages: int = 4,
             inserts: int = 2, deletes: int = 0) -> PageRun:
    """Page through a newest-first feed in real SQLite, changing it between page requests.

    Before each page after the first, ``inserts`` new rows arrive at the top and the
    ``deletes`` newest rows the reader has already seen are deleted. ``offset`` asks
    ``LIMIT page_size OFFSET k * page_size``; ``cursor`` asks for rows older than the
    last id it was given (``WHERE id < ?``).
    """
    checks.choice(method, "method", ("offset", "cursor"))
    rows = checks.integer(rows, "rows", 1)
    page_size = checks.integer(page_size, "page_size", 1)
    pages = checks.integer(pages, "pages", 1)
    inserts = checks.integer(inserts, "inserts", 0)
    deletes = checks.integer(deletes, "deletes", 0, hint="seen rows deleted before each page")
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE posts (id INTEGER PRIMARY KEY)")
    db.executemany("INSERT INTO posts (id) VALUES (?)", [(i,) for i in range(1, rows + 1)])
    initial = set(range(1, rows + 1))
    shown, deleted, cursor = [], set(), None
    for k in range(pages):
        if k:
            db.executemany("INSERT INTO posts DEFAULT VALUES", [()] * inserts)
            seen_alive = sorted({r for p in shown for r in p} - deleted, reverse=True)
            for row in seen_alive[:deletes]:
                db.execute("DELETE FROM posts WHERE id = ?", (row,))
                deleted.add(row)
        if method == "offset":
            got = db.execute("SELECT id FROM posts ORDER BY id DESC LIMIT ? OFFSET ?",
                             (page_size, k * page_size)).fetchall()
        elif cursor is None:
            got = db.execute("SELECT id FROM posts ORDER BY id DESC LIMIT ?",
                             (page_size,)).fetchall()
        else:
            got = db.execute("SELECT id FROM posts WHERE id < ? ORDER BY id DESC LIMIT ?",
                             (cursor, page_size)).fetchall()
        page = [row for (row,) in got]
        shown.append(page)
        if page:
            cursor = page[-1]
    db.close()
    return PageRun(method, shown, initial, deleted)
