"""What a refused request looks like on the wire: 429, ``Retry-After`` and RateLimit fields.

- 429 Too Many Requests is defined by RFC 6585 §4; the server MAY send ``Retry-After``.
- ``Retry-After`` (RFC 9110 §10.2.3) is an HTTP-date or a whole number of seconds.
- The IETF httpapi draft "RateLimit header fields for HTTP" (draft -11, May 2026) defines
  two structured fields: ``RateLimit-Policy: "name";q=<quota>;w=<window s>`` and
  ``RateLimit: "name";r=<available quota>;t=<effective window s>`` (``w`` and ``t`` are
  optional; ``qu`` and ``pk`` are not used here). Drafts -00 to -06 used separate
  ``RateLimit-Limit``, ``RateLimit-Remaining``, ``RateLimit-Reset`` fields; many APIs still
  send those (or ``X-RateLimit-*``).

>>> now = [59.5]
>>> limiter = FixedWindow(2, 60, clock=lambda: now[0])
>>> [respond(limiter, "per-minute")[0] for _ in range(3)]
[200, 200, 429]
>>> respond(limiter, "per-minute")[1]["Retry-After"]
'1'
"""

from __future__ import annotations

import math

from .limiters import FixedWindow


def respond(limiter: FixedWindow, policy: str = "default") -> tuple[int, dict[str, str]]:
    """Ask a fixed-window ``limiter`` about one request; return ``(status, headers)``."""
    if not isinstance(limiter, FixedWindow):
        raise TypeError(f"limiter must be a FixedWindow, got {type(limiter).__name__}")
    allowed = limiter.allow()
    t = limiter.clock()
    reset = max(0.0, (limiter.index + 1) * limiter.window - t)  # seconds until the window ends
    remaining = limiter.limit - limiter.count
    # w must be a whole number of seconds (no sub-second precision): omit it otherwise
    window = f";w={int(limiter.window)}" if float(limiter.window).is_integer() else ""
    headers = {
        "RateLimit-Policy": f'"{policy}";q={limiter.limit}{window}',
        "RateLimit": f'"{policy}";r={remaining};t={math.ceil(reset)}',
    }
    if not allowed:
        headers["Retry-After"] = str(max(1, math.ceil(reset)))  # delay-seconds: a whole number
    return (200 if allowed else 429), headers
