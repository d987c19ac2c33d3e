"""A tiny in-process HTTP-style router, and the notes' RPC-versus-REST table as two APIs.

No sockets: a :class:`Request` goes in, a :class:`Response` comes out, and the router keeps
a log. Paths are patterns such as ``/persons/{person_id}/items``; a ``{name}`` segment
matches one path segment and reaches the handler as a keyword argument.

>>> router = Router()
>>> router.add("GET", "/hello/{name}", lambda request, name: Response(200, {"hi": name}))
>>> router("GET", "/hello/ann").body
{'hi': 'ann'}
>>> router("GET", "/nope").status, router("PUT", "/hello/x").status
(404, 405)
>>> router("PUT", "/hello/x").headers   # a 405 must list what the path does allow
{'Allow': 'GET'}
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field

from ..core import checks

METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE")


@dataclass(frozen=True)
class Request:
    """One request: method, path, query parameters, a JSON-like body and headers."""

    method: str
    path: str
    query: dict = field(default_factory=dict)
    body: dict | None = None
    headers: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Response:
    """One response: an HTTP status code, a JSON-like body and headers."""

    status: int
    body: object = None
    headers: dict = field(default_factory=dict)


def _segments(path: str) -> list[str]:
    return [part for part in path.split("/") if part]


class Router:
    """Routes requests to handlers by method and path pattern; 404 and 405 like HTTP."""

    def __init__(self):
        self.routes: list[tuple[str, str, Callable]] = []
        self.log: list[tuple[str, str, int]] = []

    def add(self, method: str, pattern: str, handler: Callable) -> None:
        """Register ``handler(request, **params)`` for ``method`` on ``pattern``."""
        checks.choice(method, "method", METHODS)
        if not isinstance(pattern, str) or not pattern.startswith("/"):
            raise ValueError(f"pattern must be a path starting with '/', got {pattern!r}")
        self.routes.append((method, pattern, handler))

    def route_table(self) -> list[tuple[str, str]]:
        """Every (method, pattern) this router serves, in the order they were added."""
        return [(method, pattern) for method, pattern, _ in self.routes]

    @staticmethod
    def match(pattern: str, path: str) -> dict | None:
        """The ``{name}`` values if ``path`` fits ``pattern``, else None."""
        want, got = _segments(pattern), _segments(path)
        if len(want) != len(got):
            return None
        params = {}
        for w, g in zip(want, got, strict=True):
            if w.startswith("{") and w.endswith("}"):
                params[w[1:-1]] = g
            elif w != g:
                return None
        return params

    def handle(self, request: Request) -> Response:
        """Answer one request: the handler's response, 404 (no such path) or 405 (method)."""
        allowed = []  # methods served on this path, for a 405's Allow header
        response = None
        for method, pattern, handler in self.routes:
            params = self.match(pattern, request.path)
            if params is None:
                continue
            if method == request.method:
                response = handler(request, **params)
                break
            allowed.append(method)
        if response is None and allowed:
            # RFC 9110 §15.5.6: a 405 response MUST carry Allow, the methods the target
            # resource supports.
            response = Response(405, {"error": "method not allowed"},
                                {"Allow": ", ".join(dict.fromkeys(allowed))})
        elif response is None:
            response = Response(404, {"error": "not found"})
        self.log.append((request.method, request.path, response.status))
        return response

    def __call__(self, method: str, path: str, body: dict | None = None, **query) -> Response:
        """Shorthand: ``router("GET", "/persons/1", limit=10)``."""
        return self.handle(Request(method, path, dict(query), body))


# --- one store, two APIs over it ------------------------------------------------------------

class PeopleStore:
    """People and their items, in memory: what both APIs below read and change."""

    def __init__(self):
        self.persons: dict[str, dict] = {}
        self.items: dict[str, dict] = {}
        self.person_items: dict[str, list[str]] = {}
        self._ids = itertools.count(1234)

    def signup(self, name: str) -> str:
        person_id = str(next(self._ids))
        self.persons[person_id] = {"id": person_id, "name": name}
        self.person_items[person_id] = []
        return person_id

    def state(self) -> dict:
        """Everything stored, for comparing two APIs' effects."""
        return {"persons": dict(self.persons), "items": dict(self.items),
                "person_items": {k: list(v) for k, v in self.person_items.items()}}


def _not_found(what: str) -> Response:
    return Response(404, {"error": f"{what} not found"})


def rest_api(store: PeopleStore, prefix: str = "", *, links: bool = False) -> Router:
    """Resources as nouns, the method says what to do, the status code says how it went.

    With ``links=True`` a person's representation also carries the URLs of what the client
    can do next (hypermedia, the "HATEOAS" constraint), so a client follows links instead
    of building URLs from documentation.
    """
    api = Router()

    def represent(person):
        if not links:
            return person
        here = f"{prefix}/persons/{person['id']}"
        return {**person, "links": {"self": here, "items": f"{here}/items"}}

    def create_person(request):
        person_id = store.signup(request.body["name"])
        return Response(201, represent(store.persons[person_id]))

    def person(request, person_id):
        found = store.persons.get(person_id)
        return Response(200, represent(found)) if found else _not_found("person")

    def delete_person(request, person_id):
        if store.persons.pop(person_id, None) is None:
            return _not_found("person")
        store.person_items.pop(person_id, None)
        return Response(204)

    def items_of(request, person_id):
        if person_id not in store.persons:
            return _not_found("person")
        return Response(200, [store.items[i] for i in store.person_items[person_id]])

    def add_item(request, person_id):
        if person_id not in store.persons:
            return _not_found("person")
        item_id = request.body["itemid"]
        store.items.setdefault(item_id, {"id": item_id})
        store.person_items[person_id].append(item_id)
        return Response(201, store.items[item_id])

    def put_item(request, item_id):
        existed = item_id in store.items
        store.items[item_id] = {"id": item_id, **request.body}  # replace, whole
        return Response(200 if existed else 201, store.items[item_id])

    def delete_item(request, item_id):
        if store.items.pop(item_id, None) is None:
            return _not_found("item")
        for owned in store.person_items.values():
            if item_id in owned:
                owned.remove(item_id)
        return Response(204)

    api.add("POST", f"{prefix}/persons", create_person)
    api.add("GET", f"{prefix}/persons/{{person_id}}", person)
    api.add("DELETE", f"{prefix}/persons/{{person_id}}", delete_person)
    api.add("GET", f"{prefix}/persons/{{person_id}}/items", items_of)
    api.add("POST", f"{prefix}/persons/{{person_id}}/items", add_item)
    api.add("PUT", f"{prefix}/items/{{item_id}}", put_item)
    api.add("DELETE", f"{prefix}/items/{{item_id}}", delete_item)
    return api


def rpc_api(store: PeopleStore) -> Router:
    """One endpoint per procedure, named by a verb; errors travel inside a 200 response."""
    api = Router()

    def ok(value=None):
        return Response(200, {"ok": True, "result": value})

    def fail(why):
        return Response(200, {"ok": False, "error": why})  # many RPC-over-HTTP APIs do this

    def signup(request):
        return ok(store.persons[store.signup(request.body["name"])])

    def resign(request):
        person_id = request.body["personid"]
        if store.persons.pop(person_id, None) is None:
            return fail("no such person")
        store.person_items.pop(person_id, None)
        return ok()

    def read_person(request):
        found = store.persons.get(request.query.get("personid"))
        return ok(found) if found else fail("no such person")

    def read_items(request):
        person_id = request.query.get("personid")
        if person_id not in store.persons:
            return fail("no such person")
        return ok([store.items[i] for i in store.person_items[person_id]])

    def add_item(request):
        person_id, item_id = request.body["personid"], request.body["itemid"]
        if person_id not in store.persons:
            return fail("no such person")
        store.items.setdefault(item_id, {"id": item_id})
        store.person_items[person_id].append(item_id)
        return ok(store.items[item_id])

    def modify_item(request):
        fields = {k: v for k, v in request.body.items() if k != "itemid"}
        store.items[request.body["itemid"]] = {"id": request.body["itemid"], **fields}
        return ok(store.items[request.body["itemid"]])

    def remove_item(request):
        item_id = request.body["itemid"]
        if store.items.pop(item_id, None) is None:
            return fail("no such item")
        for owned in store.person_items.values():
            if item_id in owned:
                owned.remove(item_id)
        return ok()

    api.add("POST", "/signup", signup)
    api.add("POST", "/resign", resign)
    api.add("GET", "/readPerson", read_person)
    api.add("GET", "/readUsersItemsList", read_items)
    api.add("POST", "/addItemToUsersItemsList", add_item)
    api.add("POST", "/modifyItem", modify_item)
    api.add("POST", "/removeItem", remove_item)
    return api


# The notes' table: the same seven operations, as (RPC request, REST request).
# Bodies and queries are filled with the ids the scenario creates.
OPERATIONS = [
    ("Sign up", ("POST", "/signup", {"name": "Ann"}, {}),
     ("POST", "/persons", {"name": "Ann"}, {})),
    ("Read a person", ("GET", "/readPerson", None, {"personid": "1234"}),
     ("GET", "/persons/1234", None, {})),
    ("Add an item to a person's items",
     ("POST", "/addItemToUsersItemsList", {"personid": "1234", "itemid": "456"}, {}),
     ("POST", "/persons/1234/items", {"itemid": "456"}, {})),
    ("Read a person's items", ("GET", "/readUsersItemsList", None, {"personid": "1234"}),
     ("GET", "/persons/1234/items", None, {})),
    ("Update an item", ("POST", "/modifyItem", {"itemid": "456", "colour": "red"}, {}),
     ("PUT", "/items/456", {"colour": "red"}, {})),
    ("Delete an item", ("POST", "/removeItem", {"itemid": "456"}, {}),
     ("DELETE", "/items/456", None, {})),
    ("Delete it again", ("POST", "/removeItem", {"itemid": "456"}, {}),
     ("DELETE", "/items/456", None, {})),
    ("Resign", ("POST", "/resign", {"personid": "1234"}, {}),
     ("DELETE", "/persons/1234", None, {})),
    ("Read the person again", ("GET", "/readPerson", None, {"personid": "1234"}),
     ("GET", "/persons/1234", None, {})),
]


def run_side_by_side() -> tuple[list[dict], PeopleStore, PeopleStore]:
    """Run every operation against both APIs, each on its own store.

    Returns one row per operation (request line and status of each style) and the two
    stores, which end in the same state.
    """
    rpc_store, rest_store = PeopleStore(), PeopleStore()
    rpc, rest = rpc_api(rpc_store), rest_api(rest_store)
    rows = []
    for name, (m1, p1, b1, q1), (m2, p2, b2, q2) in OPERATIONS:
        r1 = rpc.handle(Request(m1, p1, q1, b1))
        r2 = rest.handle(Request(m2, p2, q2, b2))
        query = "?" + "&".join(f"{k}={v}" for k, v in q1.items()) if q1 else ""
        rows.append({"operation": name, "RPC": f"{m1} {p1}{query}", "RPC status": r1.status,
                     "RPC says": "ok" if (r1.body or {}).get("ok") else "error",
                     "REST": f"{m2} {p2}", "REST status": r2.status})
    return rows, rpc_store, rest_store
