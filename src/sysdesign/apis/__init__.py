"""APIs: RPC and REST, payload encodings, GraphQL against REST, and idempotency keys.

What is where (the notebook is ``03_apis``):

- :mod:`.routing`: a tiny in-process router (no sockets), a store of people and items,
  and the notes' RPC-versus-REST table as two APIs over it (:func:`rpc_api`,
  :func:`rest_api`).
- :mod:`.design`: REST design rules as a linter over a route table (:func:`lint`), and
  offset against cursor pagination in real SQLite (:func:`paginate`), and
  status codes checked against what response bodies say (:func:`check_statuses`).
- :mod:`.encoding`: the same records as JSON, MessagePack and Protocol Buffers (a message
  class built at run time from a descriptor), gzip, and the protobuf and MessagePack sizes
  worked out by hand.
- :mod:`.fetching`: one screen fetched by REST calls and by one GraphQL query executed by
  graphql-core, counting resolver calls and database queries, with a :class:`DataLoader`;
  and by one gRPC call (its protobuf messages built at run time, :func:`fetch_grpc`).
- :mod:`.idempotency`: a payment API over a lossy, duplicating network on the course's
  event engine, with and without idempotency keys and a key retention window.
- :mod:`.experiments`: the scenarios the notebook, the panels and the tests share.
- :mod:`.plots` draws them; :mod:`.widgets` wires the panels (import those two yourself).

>>> from sysdesign.apis import encoding
>>> encoding.varint(300).hex(" ")
'ac 02'
"""

from .design import (
    RULES,
    PageRun,
    Violation,
    check_statuses,
    lint,
    lint_summary,
    paginate,
)
from .encoding import (
    CODECS,
    FORMATS,
    decode_json,
    decode_msgpack,
    decode_protobuf,
    encode_json,
    encode_msgpack,
    encode_protobuf,
    gzipped,
    make_records,
    msgpack_size,
    payload_sizes,
    user_classes,
    user_size,
    users_size,
    varint,
    varint_size,
    zigzag,
)
from .fetching import (
    SCHEMA,
    SCREEN_QUERY,
    Database,
    DataLoader,
    expected_queries,
    fetch_graphql,
    fetch_grpc,
    fetch_rest,
    run_graphql,
)
from .idempotency import (
    Link,
    PaymentServer,
    attempt_times,
    expected_charges_without_keys,
    retention_outcome,
    simulate,
)
from .routing import PeopleStore, Request, Response, Router, rest_api, rpc_api

__all__ = [
    "CODECS", "FORMATS", "RULES", "SCHEMA", "SCREEN_QUERY", "DataLoader", "Database", "Link",
    "PageRun", "PaymentServer", "PeopleStore", "Request", "Response", "Router", "Violation",
    "attempt_times", "check_statuses", "decode_json", "decode_msgpack", "decode_protobuf",
    "encode_json", "encode_msgpack", "encode_protobuf", "expected_charges_without_keys",
    "expected_queries", "fetch_graphql", "fetch_grpc", "fetch_rest", "gzipped", "lint",
    "lint_summary",
    "make_records", "msgpack_size", "paginate", "payload_sizes", "rest_api",
    "retention_outcome", "rpc_api", "run_graphql", "simulate", "user_classes", "user_size",
    "users_size", "varint", "varint_size", "zigzag",
]
