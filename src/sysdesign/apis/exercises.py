"""The "Try it" exercises of notebook 03 (APIs): answers computed from the models."""

from __future__ import annotations

from ..core.exercises import Exercise
from . import encoding, fetching
from .experiments import METHOD_PROPERTIES, idempotent_methods

# exercise 03.1: not the user the notebook encodes byte by byte (id 300, "Bob")
SMALL_USER = {"id": 20000, "name": "Ana", "age": 30, "active": False}
RETRY_REQUESTS = ("GET /persons/1234", "PUT /items/456", "DELETE /items/456",
                  "POST /persons/1234/items", "PATCH /items/456")  # exercise 03.2
# exercise 03.3: 2 + 6 + 24 = 32 is on no line of the notebook's N + 1 figure
SCREEN = {"posts": 6, "comments": 4}


def _user_bytes() -> int:
    user, _ = encoding.user_classes()
    return user(**SMALL_USER).ByteSize()


def _safe_to_retry() -> set[str]:
    return {r for r in RETRY_REQUESTS if r.split()[0] in idempotent_methods()}


def _safe_only() -> set[str]:
    return {r for r in RETRY_REQUESTS if METHOD_PROPERTIES[r.split()[0]][0]}


def _queries(batching: bool) -> int:
    db = fetching.Database(posts=SCREEN["posts"], comments=SCREEN["comments"])
    return fetching.run_graphql(db, batching=batching).total_queries


EXERCISES = [
    Exercise(
        id="03.1",
        expected=_user_bytes,
        hint="each field sent costs a one-byte key (field number << 3 | wire type) plus its "
             "value: a varint, or a length and the bytes for a string; proto3 does not send "
             "a field at its default value",
        wrong=lambda: {
            _user_bytes() + 2: "that counts active = False; proto3 does not send a field "
                               "whose value is the default (0, empty, false).",
            _user_bytes() - 1: "20000 needs three varint bytes: 7 bits per byte, and "
                               "20000 >= 2**14 = 16384.",
            _user_bytes() - 3: "each field also carries a one-byte key in front of its value.",
        },
    ),
    Exercise(
        id="03.2",
        expected=_safe_to_retry,
        hint="RFC 9110 §9.2.2 names the idempotent methods: repeating them has the same "
             "intended effect as sending them once",
        wrong=lambda: {
            frozenset(_safe_only()): "GET is safe, but safe is not the only way to be "
                                     "idempotent: PUT and DELETE are idempotent too.",
            frozenset(_safe_to_retry() | {"POST /persons/1234/items"}):
                "POST is not idempotent: each one adds another item.",
            frozenset(_safe_to_retry() | {"PATCH /items/456"}):
                "PATCH is not idempotent by definition (a patch such as 'add 1' changes "
                "things again each time).",
        },
        decide=True,
    ),
    Exercise(
        id="03.3",
        expected=lambda: _queries(False),
        hint="count the resolver calls that reach the database: the user, the posts, each "
             "post's comments, and each comment's author",
        wrong=lambda: {
            2 + SCREEN["posts"]: "each comment's author is fetched by its own query too.",
            _queries(True): "that is the count with the batching loader; without it every "
                            "resolver call is its own query.",
            1 + SCREEN["posts"] + SCREEN["posts"] * SCREEN["comments"]:
                "the posts list is one more query, after the user's.",
        },
        decide=True,
    ),
]
