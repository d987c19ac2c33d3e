"""A real origin on 127.0.0.1 that answers conditional GETs, and the request an edge sends.

The origin (:func:`serving`) holds one object per path. Its ``ETag`` is a strong tag made
from a hash of the bytes, so the tag changes exactly when the content does. A GET whose
``If-None-Match`` matches the current tag (weak comparison, :func:`.headers.if_none_match`)
gets ``304 Not Modified`` with no body but the same ``ETag`` and ``Cache-Control``, as
RFC 9110 §15.4.5 requires; any other GET gets ``200`` and the bytes.

:func:`get` is one request from an edge: it returns the status, the tag and how many body
bytes crossed the wire. The server runs in a thread and always stops when the ``with``
block ends; every socket has a timeout.
"""

from __future__ import annotations

import contextlib
import hashlib
import http.client
from dataclasses import dataclass
from http.server import ThreadingHTTPServer

from ..core import checks
from ..core.loopback import HOST, TIMEOUT_S, QuietHandler, running
from .headers import if_none_match


def entity_tag(body: bytes) -> str:
    """A strong ETag for ``body``: the first 16 hex digits of its SHA-256, quoted.

    >>> entity_tag(b"hello")
    '"2cf24dba5fb0a30e"'
    """
    if not isinstance(body, bytes):
        raise TypeError(f"body must be bytes, got {type(body).__name__}")
    return f'"{hashlib.sha256(body).hexdigest()[:16]}"'


class _Handler(QuietHandler):
    def do_GET(self):  # noqa: N802 (the name http.server calls)
        body = self.server.objects.get(self.path)
        if body is None:
            self.reply(404)
            return
        tag = entity_tag(body)
        condition = self.headers.get("If-None-Match")
        not_modified = condition is not None and if_none_match(tag, condition)
        # A 304 repeats the validators and Cache-Control, and has no body.
        headers = [("ETag", tag), ("Cache-Control", self.server.cache_control)]
        if not_modified:
            self.reply(304, None, headers)
        else:
            self.reply(200, body, headers)


class Origin(ThreadingHTTPServer):
    """The origin server: ``objects`` maps a path to its bytes; :meth:`publish` deploys."""

    daemon_threads = True

    def __init__(self, objects: dict[str, bytes], cache_control: str):
        super().__init__((HOST, 0), _Handler)
        self.objects = dict(objects)
        self.cache_control = cache_control

    @property
    def port(self) -> int:
        return self.server_address[1]

    def publish(self, path: str, body: bytes) -> str:
        """Replace (or add) the object at ``path``; return its new ETag."""
        _check_path(path)
        self.objects[path] = body
        return entity_tag(body)


def _check_path(path) -> str:
    if not isinstance(path, str) or not path.startswith("/"):
        raise ValueError(f"path must be a string starting with '/', got {path!r}")
    return path


@contextlib.contextmanager
def serving(objects: dict[str, bytes], *, cache_control: str = "max-age=60"):
    """Run an :class:`Origin` for ``objects`` on 127.0.0.1 (a free port); always shut down."""
    if not isinstance(objects, dict) or not objects:
        raise ValueError("objects must be a non-empty dict of path -> bytes")
    for path, body in objects.items():
        _check_path(path)
        entity_tag(body)  # raises TypeError unless bytes
    if not isinstance(cache_control, str):
        raise TypeError(f"cache_control must be a header string, got {cache_control!r}")
    with running(Origin(objects, cache_control)) as server:
        yield server


@dataclass(frozen=True)
class Fetched:
    """What one GET brought back: status, validators, and the body bytes on the wire."""

    status: int
    etag: str | None
    cache_control: str | None
    body_bytes: int


def get(port: int, path: str, *, etag: str | None = None) -> Fetched:
    """GET ``path`` from the origin on 127.0.0.1; with ``etag``, a conditional GET
    (``If-None-Match: etag``), as an edge sends to revalidate a stale copy."""
    port = checks.integer(port, "port", 1, 65535)
    _check_path(path)
    if etag is not None and not isinstance(etag, str):
        raise TypeError(f"etag must be an entity-tag string like '\"v7\"', got {etag!r}")
    conn = http.client.HTTPConnection(HOST, port, timeout=TIMEOUT_S)
    try:
        conn.request("GET", path, headers={"If-None-Match": etag} if etag else {})
        response = conn.getresponse()
        body = response.read()
        return Fetched(response.status, response.getheader("ETag"),
                       response.getheader("Cache-Control"), len(body))
    finally:
        conn.close()
