"""One screen's data fetched two ways: REST calls, and one GraphQL query on ``graphql-core``.

The screen: a user's name and, for each of their posts, its title and the names of the
people who commented. :class:`Database` is an in-memory store that counts its queries.
The REST client makes the calls a fixed set of endpoints allows; the GraphQL server
runs a real schema whose resolvers count their calls, with or without a batching
:class:`DataLoader`.
"""

from __future__ import annotations

import asyncio
import functools
import json
import random
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from google.protobuf import descriptor_pb2, descriptor_pool, json_format, message_factory
from graphql import (
    GraphQLArgument,
    GraphQLField,
    GraphQLInt,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLString,
    graphql,
)

from ..core import checks

SCREEN_QUERY = """
query Screen($id: Int!) {
  user(id: $id) {
    name
    posts { title comments { author { name } } }
  }
}
""".strip()


class Database:
    """Users, posts and comments in memory; every method call is one counted query."""

    def __init__(self, *, users: int = 20, posts: int = 5, comments: int = 3, seed: int = 0):
        users = checks.integer(users, "users", 1)
        posts = checks.integer(posts, "posts", 0, hint="posts of user 1")
        comments = checks.integer(comments, "comments", 0, hint="comments per post")
        rng = random.Random(seed)
        self.users = {i: {"id": i, "name": f"user{i}", "email": f"user{i}@example.com",
                          "bio": "x" * 120, "joined": "2024-01-01"} for i in range(1, users + 1)}
        self.posts = {p: {"id": p, "author_id": 1, "title": f"Post {p}", "body": "y" * 400}
                      for p in range(1, posts + 1)}
        self.comments = {}
        for p in self.posts:
            for _ in range(comments):
                c = len(self.comments) + 1
                self.comments[c] = {"id": c, "post_id": p, "author_id": rng.randint(1, users),
                                    "text": "z" * 80}
        self.queries: Counter = Counter()

    # one row or one list per query
    def user(self, user_id: int) -> dict | None:
        self.queries["user"] += 1
        return self.users.get(user_id)

    def posts_of(self, user_id: int) -> list[dict]:
        self.queries["posts_of"] += 1
        return [p for p in self.posts.values() if p["author_id"] == user_id]

    def comments_of(self, post_id: int) -> list[dict]:
        self.queries["comments_of"] += 1
        return [c for c in self.comments.values() if c["post_id"] == post_id]

    # batched: one query for many keys (SQL's WHERE id IN (...))
    def users_in(self, user_ids: list[int]) -> list[dict | None]:
        self.queries["users_in"] += 1
        return [self.users.get(i) for i in user_ids]

    def comments_in(self, post_ids: list[int]) -> list[list[dict]]:
        self.queries["comments_in"] += 1
        by_post = {p: [] for p in post_ids}
        for c in self.comments.values():
            if c["post_id"] in by_post:
                by_post[c["post_id"]].append(c)
        return [by_post[p] for p in post_ids]

    @property
    def total_queries(self) -> int:
        return sum(self.queries.values())


def _size(value) -> int:
    return len(json.dumps(value, separators=(",", ":")).encode())


# --- REST ---------------------------------------------------------------------------------------

@dataclass
class FetchReport:
    """What fetching the screen cost: requests, bytes each way, bytes the screen needed."""

    style: str
    requests: list[str] = field(default_factory=list)
    request_bytes: int = 0
    response_bytes: int = 0
    needed_bytes: int = 0
    db_queries: int = 0
    screen: dict | None = None

    @property
    def round_trips(self) -> int:
        """Sequential waves of requests (calls in one wave can go in parallel)."""
        return len({wave for wave, _ in self.waves})

    waves: list[tuple[int, str]] = field(default_factory=list)


def fetch_rest(db: Database, user_id: int = 1) -> FetchReport:
    """The screen from fixed endpoints: /users/{id}, /users/{id}/posts, /posts/{id}/comments,
    then /users/{id} for each commenter. Each returns the whole resource (over-fetching),
    and each list needs more calls (under-fetching: 1 + N requests)."""
    report = FetchReport("REST")

    def call(wave, path, body):
        report.requests.append(f"GET {path}")
        report.waves.append((wave, path))
        report.request_bytes += len(f"GET {path} HTTP/1.1".encode())
        report.response_bytes += _size(body)
        return body

    user = call(0, f"/users/{user_id}", db.user(user_id))
    posts = call(0, f"/users/{user_id}/posts", db.posts_of(user_id))
    comments = {p["id"]: call(1, f"/posts/{p['id']}/comments", db.comments_of(p["id"]))
                for p in posts}
    authors = sorted({c["author_id"] for cs in comments.values() for c in cs})
    names = {a: call(2, f"/users/{a}", db.user(a))["name"] for a in authors}
    report.screen = {"user": {"name": user["name"], "posts": [
        {"title": p["title"], "comments": [{"author": {"name": names[c["author_id"]]}}
                                           for c in comments[p["id"]]]} for p in posts]}}
    report.needed_bytes = _size(report.screen)
    report.db_queries = db.total_queries
    return report


# --- GraphQL ----------------------------------------------------------------------------------

class DataLoader:
    """Collects the keys asked for during one turn of the event loop, then fetches them all
    with one call of ``batch(keys) -> values`` (and remembers them for this request).

    With ``batching=False`` every ``load`` is its own fetch: the N + 1 pattern.
    """

    def __init__(self, batch, one=None, *, batching: bool = True):
        self.batch, self.one, self.batching = batch, one, batching
        self.cache: dict = {}
        self.pending: list = []
        self.dispatches = 0

    def load(self, key):
        if not self.batching:
            return self.one(key)
        if key in self.cache:
            return self.cache[key]
        loop = asyncio.get_running_loop()
        future = loop.create_future()
        self.cache[key] = future
        self.pending.append((key, future))
        if len(self.pending) == 1:
            loop.call_soon(self._dispatch)  # after every resolver of this turn has asked
        return future

    def _dispatch(self) -> None:
        pending, self.pending = self.pending, []
        self.dispatches += 1
        for (_, future), value in zip(pending, self.batch([k for k, _ in pending]), strict=True):
            future.set_result(value)


@dataclass
class Context:
    """Per-request state the resolvers share: the database, loaders and call counts."""

    db: Database
    batching: bool
    resolver_calls: Counter = field(default_factory=Counter)

    def __post_init__(self):
        self.users = DataLoader(self.db.users_in, self.db.user, batching=self.batching)
        self.comments = DataLoader(self.db.comments_in, self.db.comments_of,
                                   batching=self.batching)


def _counted(name, resolve):
    def resolver(parent, info, **args):
        info.context.resolver_calls[name] += 1
        return resolve(parent, info, **args)
    return resolver


def _field(kind, name, resolve=None, **args):
    if resolve is None:  # a plain field: read the key off the parent dict
        def resolve(parent, info, **_):
            return parent[name]
    return GraphQLField(kind, args=args or None, resolve=_counted(name, resolve))


def build_schema() -> GraphQLSchema:
    """User { name, posts }, Post { title, comments }, Comment { author }; Query.user(id)."""
    user_type = GraphQLObjectType("User", lambda: {
        "id": _field(GraphQLNonNull(GraphQLInt), "id"),
        "name": _field(GraphQLString, "name"),
        "posts": _field(GraphQLList(post_type), "posts",
                        lambda user, info: info.context.db.posts_of(user["id"])),
    })
    comment_type = GraphQLObjectType("Comment", lambda: {
        "text": _field(GraphQLString, "text"),
        "author": _field(user_type, "author",
                         lambda c, info: info.context.users.load(c["author_id"])),
    })
    post_type = GraphQLObjectType("Post", lambda: {
        "id": _field(GraphQLNonNull(GraphQLInt), "id"),
        "title": _field(GraphQLString, "title"),
        "comments": _field(GraphQLList(comment_type), "comments",
                           lambda p, info: info.context.comments.load(p["id"])),
    })
    query = GraphQLObjectType("Query", {
        "user": _field(user_type, "user", lambda _, info, id: info.context.db.user(id),
                       id=GraphQLArgument(GraphQLNonNull(GraphQLInt))),
    })
    return GraphQLSchema(query)


SCHEMA = build_schema()


def _run(coroutine):
    """Run a coroutine to the end on a fresh event loop, in a thread if one is running here
    already (as in a Jupyter kernel, where ``asyncio.run`` refuses)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


@dataclass
class GraphQLRun:
    """One execution: the data, errors, database queries and resolver calls by field."""

    data: dict | None
    errors: list
    db_queries: Counter
    resolver_calls: Counter

    @property
    def total_queries(self) -> int:
        return sum(self.db_queries.values())


def run_graphql(db: Database, *, batching: bool, query: str = SCREEN_QUERY,
                variables: dict | None = None) -> GraphQLRun:
    """Execute ``query`` for real with graphql-core (async execution, one event loop)."""
    context = Context(db, batching)
    before = Counter(db.queries)
    result = _run(graphql(SCHEMA, query, context_value=context,
                          variable_values=variables or {"id": 1}))
    return GraphQLRun(result.data, [str(e) for e in result.errors or []],
                      db.queries - before, context.resolver_calls)


def fetch_graphql(db: Database, user_id: int = 1, *, batching: bool = True) -> FetchReport:
    """The screen as one POST /graphql: the query goes up, exactly the screen comes back."""
    run = run_graphql(db, batching=batching, variables={"id": user_id})
    report = FetchReport("GraphQL" + (" + loader" if batching else ""))
    body = {"query": SCREEN_QUERY, "variables": {"id": user_id}}
    report.requests.append("POST /graphql")
    report.waves.append((0, "/graphql"))
    report.request_bytes = len(b"POST /graphql HTTP/1.1") + _size(body)
    report.response_bytes = _size({"data": run.data})
    report.screen = run.data
    report.needed_bytes = _size(run.data)
    report.db_queries = run.total_queries
    return report


def expected_queries(posts: int, comments: int, authors: int, *, batching: bool) -> int:
    """Database queries for the screen, in closed form.

    Without batching: 1 (user) + 1 (posts) + ``posts`` (comments per post) + one per
    comment (its author). With the loader: user, posts, one batch of comments, one batch
    of authors (a batch is skipped when it would be empty).
    """
    if batching:
        return 2 + (posts > 0) + (authors > 0)
    return 2 + posts + posts * comments


# --- gRPC ---------------------------------------------------------------------------------------

GRPC_METHOD = "/sysdesign.apis.Screens/GetScreen"
_SCREEN_MESSAGES = {  # message: [(field, number, type or message name, repeated?)]
    "ScreenRequest": [("id", 1, "uint64", False)],
    "Person": [("name", 1, "string", False)],
    "Comment": [("author", 1, "Person", False)],
    "Post": [("title", 1, "string", False), ("comments", 2, "Comment", True)],
    "Screen": [("name", 1, "string", False), ("posts", 2, "Post", True)],
}


@functools.cache
def screen_classes() -> dict:
    """Message classes of a ``GetScreen`` method, built at run time from a descriptor.

    .. code-block:: proto

        service Screens { rpc GetScreen(ScreenRequest) returns (Screen); }
        message Screen { string name = 1; repeated Post posts = 2; }
        message Post { string title = 1; repeated Comment comments = 2; }
        message Comment { Person author = 1; }
        message Person { string name = 1; }
    """
    fdp = descriptor_pb2.FieldDescriptorProto
    proto = descriptor_pb2.FileDescriptorProto(name="sysdesign_apis_screen.proto",
                                               package="sysdesign.apis", syntax="proto3")
    scalars = {"uint64": fdp.TYPE_UINT64, "string": fdp.TYPE_STRING}
    for name, fields in _SCREEN_MESSAGES.items():
        message = proto.message_type.add(name=name)
        for field_name, number, kind, repeated in fields:
            label = fdp.LABEL_REPEATED if repeated else fdp.LABEL_OPTIONAL
            if kind in scalars:
                message.field.add(name=field_name, number=number, type=scalars[kind],
                                  label=label)
            else:
                message.field.add(name=field_name, number=number, type=fdp.TYPE_MESSAGE,
                                  type_name=f".sysdesign.apis.{kind}", label=label)
    pool = descriptor_pool.DescriptorPool()
    pool.Add(proto)
    return {name: message_factory.GetMessageClass(
        pool.FindMessageTypeByName(f"sysdesign.apis.{name}")) for name in _SCREEN_MESSAGES}


def grpc_frame(message: bytes) -> bytes:
    """A gRPC length-prefixed message: 1 byte "compressed?" (0), 4 bytes length, the bytes.

    >>> grpc_frame(b"\\x08\\x01").hex(" ")
    '00 00 00 00 02 08 01'
    """
    return b"\x00" + len(message).to_bytes(4, "big") + message


def screen_from_grpc(data: bytes) -> dict:
    """Decode a ``GetScreen`` response body back to the screen's dict (for checking)."""
    if len(data) < 5 or int.from_bytes(data[1:5], "big") != len(data) - 5:
        raise ValueError("data must be one gRPC length-prefixed message")
    screen = screen_classes()["Screen"].FromString(data[5:])
    as_dict = json_format.MessageToDict(screen, preserving_proto_field_name=True)
    return {"user": {"name": as_dict.get("name", ""), "posts": [
        {"title": p.get("title", ""), "comments": [
            {"author": {"name": c.get("author", {}).get("name", "")}}
            for c in p.get("comments", [])]} for p in as_dict.get("posts", [])]}}


def fetch_grpc(db: Database, user_id: int = 1) -> FetchReport:
    """The screen as one unary gRPC call, a method written for this screen: the server
    reads with batched queries and answers one protobuf ``Screen``.

    Bytes count the ``:path`` of the call and the length-prefixed messages (like the
    other styles here, no headers; gRPC also sends its status in HTTP/2 trailers).
    """
    classes = screen_classes()
    request = grpc_frame(classes["ScreenRequest"](id=user_id).SerializeToString())
    user = db.user(user_id)
    posts = db.posts_of(user_id)
    comments = dict(zip([p["id"] for p in posts], db.comments_in([p["id"] for p in posts]),
                        strict=True)) if posts else {}
    author_ids = sorted({c["author_id"] for cs in comments.values() for c in cs})
    names = ({u["id"]: u["name"] for u in db.users_in(author_ids)} if author_ids else {})
    screen = classes["Screen"](name=user["name"], posts=[
        classes["Post"](title=p["title"], comments=[
            classes["Comment"](author=classes["Person"](name=names[c["author_id"]]))
            for c in comments[p["id"]]]) for p in posts])
    body = grpc_frame(screen.SerializeToString())
    report = FetchReport("gRPC")
    report.requests.append(f"POST {GRPC_METHOD}")
    report.waves.append((0, GRPC_METHOD))
    report.request_bytes = len(f"POST {GRPC_METHOD}".encode()) + len(request)
    report.response_bytes = len(body)
    report.screen = screen_from_grpc(body)
    report.needed_bytes = _size(report.screen)
    report.db_queries = db.total_queries
    return report
