"""HTTP caching from real header strings: ``Cache-Control``, ``Age``, ``ETag`` (RFC 9111, 9110).

A cache decides from three numbers (RFC 9111 §4.2): the response's *freshness lifetime*
(how long it may be served without asking the origin), its *current age* (how long ago
the origin made it, counting time spent in other caches and on the wire), and whether
the first still exceeds the second. ``stale-while-revalidate`` (RFC 5861) lets a cache
serve a stale response for a while longer while it revalidates in the background;
a revalidation carries ``If-None-Match: <etag>`` and the origin answers ``304 Not
Modified`` (no body) when the tag still matches (RFC 9110 §13.1.2).

>>> parse_cache_control('public, max-age=300, s-maxage="600", stale-while-revalidate=30')
{'public': None, 'max-age': 300, 's-maxage': 600, 'stale-while-revalidate': 30}
>>> freshness_lifetime({"Cache-Control": "max-age=300, s-maxage=600"}, shared=True)
600
>>> freshness_lifetime({"Cache-Control": "max-age=300, s-maxage=600"}, shared=False)
300
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timezone
from email.utils import parsedate_to_datetime

from ..core import checks

DELTA_DIRECTIVES = {"max-age", "s-maxage", "stale-while-revalidate", "stale-if-error",
                    "min-fresh", "max-stale"}
# One list member: plain characters and whole quoted strings, so a comma inside quotes (as in
# no-cache="Set-Cookie, Set-Cookie2") does not end the member (RFC 9110 §5.6.1, §5.6.4).
_MEMBER = re.compile(r'(?:[^,"]|"(?:[^"\\]|\\.)*"?)+')
HEURISTIC_FRACTION = 0.1  # RFC 9111 §4.2.2: "a typical setting of this fraction might be 10%"


def parse_cache_control(value: str) -> dict:
    """Directives of a ``Cache-Control`` value, lower-cased; delta-seconds become ints.

    Arguments may be quoted (RFC 9111 §5.2 accepts both forms); a directive without an
    argument maps to None. A malformed delta-seconds (``max-age=abc``, or ``max-age`` with
    no value) becomes 0: RFC 9111 §4.2.1 encourages caches to treat invalid freshness
    information as stale, whereas dropping the directive could fall back to a longer
    ``Expires`` or heuristic lifetime. The one exception is ``max-stale``, whose argument
    is optional (RFC 9111 §5.2.1.2: without one, a stale response of any age will do).

    >>> parse_cache_control("max-age=abc")
    {'max-age': 0}
    >>> parse_cache_control("s-maxage, max-stale")
    {'s-maxage': 0, 'max-stale': None}
    >>> parse_cache_control('no-cache="Set-Cookie, Set-Cookie2", max-age=60')
    {'no-cache': 'Set-Cookie, Set-Cookie2', 'max-age': 60}
    """
    if not isinstance(value, str):
        raise TypeError(f"value must be a Cache-Control header string, got {value!r}")
    directives: dict = {}
    for part in _MEMBER.findall(value):
        name, _, argument = part.strip().partition("=")
        name = name.strip().lower()
        if not name:
            continue
        argument = _unquote(argument.strip()) if argument else None
        if name in DELTA_DIRECTIVES and argument is not None:
            argument = int(argument) if argument.isascii() and argument.isdigit() else 0
        elif name in DELTA_DIRECTIVES and name != "max-stale":
            argument = 0  # a delta-seconds directive with no value: invalid, so stale
        directives.setdefault(name, argument)  # the first occurrence wins
    return directives


def _unquote(argument: str) -> str:
    """A directive's argument without its quotes; a backslash in quotes escapes the next
    character (a quoted-pair, RFC 9110 §5.6.4)."""
    if len(argument) >= 2 and argument[0] == argument[-1] == '"':
        return re.sub(r"\\(.)", r"\1", argument[1:-1])
    return argument.strip('"')  # an unbalanced quote: read leniently


def _header(headers: Mapping, name: str):
    """A header value by case-insensitive name, or None."""
    if not isinstance(headers, Mapping):
        raise TypeError(f"headers must be a mapping of header name -> value, like "
                        f"{{'Cache-Control': 'max-age=60'}}, got {headers!r}")
    for key, value in headers.items():
        if key.lower() == name.lower():
            return value
    return None


def http_date(value: str) -> float:
    """Seconds since the Unix epoch of an HTTP-date (RFC 9110 §5.6.7).

    All three formats a recipient must accept are in GMT, the asctime one without saying
    so, so a date that names no zone is read as UTC, not as the machine's local time.

    >>> http_date("Sun Nov  6 08:49:37 1994") == http_date("Sun, 06 Nov 1994 08:49:37 GMT")
    True
    """
    if not isinstance(value, str):
        raise TypeError(f"value must be an HTTP-date string, got {value!r}")
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError) as error:
        raise ValueError(f"value must be an HTTP-date like 'Sun, 06 Nov 1994 08:49:37 GMT', "
                         f"got {value!r}") from error
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.timestamp()


def freshness_lifetime(headers: Mapping, *, shared: bool = True) -> float:
    """Seconds the response may be served without revalidation (RFC 9111 §4.2.1).

    First match wins: ``s-maxage`` (shared caches only), ``max-age``, ``Expires − Date``,
    then a heuristic of 10 % of ``Date − Last-Modified``; otherwise 0. Simplification: the
    RFC uses the time the response was received when ``Date`` is missing; this function
    needs ``Date`` for the last two rules and returns 0 without it.
    """
    directives = parse_cache_control(_header(headers, "Cache-Control") or "")
    if shared and "s-maxage" in directives:
        return directives["s-maxage"]
    if "max-age" in directives:
        return directives["max-age"]
    date = _header(headers, "Date")
    expires = _header(headers, "Expires")
    if expires is not None and date is not None:
        try:
            return max(0.0, http_date(expires) - http_date(date))
        except ValueError:
            return 0.0  # an invalid Expires means "already expired" (RFC 9111 §5.3)
    modified = _header(headers, "Last-Modified")
    if modified is not None and date is not None:
        try:
            return max(0.0, HEURISTIC_FRACTION * (http_date(date) - http_date(modified)))
        except ValueError:
            return 0.0  # an unparsable date gives no basis for a heuristic: treat as stale
    return 0.0


def current_age(*, date: float, request_time: float, response_time: float, now: float,
                age: float = 0.0) -> float:
    """Current age of a stored response in seconds, RFC 9111 §4.2.3 step by step.

    ``date`` is the response's Date header, ``age`` its Age header, ``request_time`` and
    ``response_time`` when this cache sent the request and got the response, ``now`` the
    cache's clock (all in seconds).
    """
    date = checks.number(date, "date")
    request_time = checks.number(request_time, "request_time")
    response_time = checks.number(response_time, "response_time", request_time,
                                  hint="not before request_time")
    now = checks.number(now, "now", response_time, hint="not before response_time")
    age = checks.number(age, "age", 0, hint="the Age header, seconds")
    apparent_age = max(0.0, response_time - date)
    response_delay = response_time - request_time
    corrected_age_value = age + response_delay
    corrected_initial_age = max(apparent_age, corrected_age_value)
    resident_time = now - response_time
    return corrected_initial_age + resident_time


@dataclass(frozen=True)
class Decision:
    """What a cache does with a stored response at one moment, and why."""

    action: str  # "serve", "serve stale + revalidate", "serve stale (origin error)",
    #              "revalidate", "do not store"
    lifetime: float
    age: float
    reason: str


def decide(headers: Mapping, *, age: float, shared: bool = True,
           origin_error: bool = False) -> Decision:
    """What a cache may do with a stored response of current ``age`` seconds.

    ``origin_error`` says the origin is failing (a 5xx or no answer), which is when RFC
    5861's ``stale-if-error`` applies. A cache may never serve a stale copy when
    ``must-revalidate`` is present, nor (a shared cache) when ``proxy-revalidate`` or
    ``s-maxage`` is: RFC 9111 §5.2.2.10 gives ``s-maxage`` the semantics of
    ``proxy-revalidate`` and §4.2.4 forbids stale responses then.

    >>> decide({"Cache-Control": "max-age=60, stale-while-revalidate=30"}, age=75).action
    'serve stale + revalidate'
    >>> decide({"Cache-Control": "s-maxage=60, stale-while-revalidate=30"}, age=75).action
    'revalidate'
    >>> decide({"Cache-Control": "max-age=60, stale-if-error=600"}, age=300,
    ...        origin_error=True).action
    'serve stale (origin error)'
    >>> decide({"Cache-Control": "private, max-age=60"}, age=0).action
    'do not store'
    """
    if not isinstance(origin_error, bool):
        raise TypeError(f"origin_error must be True or False, got {origin_error!r}")
    age = checks.number(age, "age", 0, hint="seconds")
    directives = parse_cache_control(_header(headers, "Cache-Control") or "")
    lifetime = freshness_lifetime(headers, shared=shared)
    if "no-store" in directives:
        return Decision("do not store", lifetime, age, "no-store: no cache may keep it")
    if shared and "private" in directives:
        return Decision("do not store", lifetime, age, "private: only the browser may keep it")
    if "no-cache" in directives:
        return Decision("revalidate", lifetime, age,
                        "no-cache: may store it, but must ask the origin before each reuse")
    if lifetime > age:
        return Decision("serve", lifetime, age, f"fresh: {lifetime - age:g} s left")
    strict = [name for name in ("must-revalidate", "proxy-revalidate", "s-maxage")
              if name in directives and (shared or name == "must-revalidate")]
    if strict:
        return Decision("revalidate", lifetime, age,
                        f"stale, and {strict[0]} forbids serving it stale")
    stale_by = age - lifetime
    error_window = directives.get("stale-if-error")
    if origin_error and error_window is not None and stale_by <= error_window:
        return Decision("serve stale (origin error)", lifetime, age,
                        f"origin failing; stale by {stale_by:g} s, inside stale-if-error "
                        f"({error_window} s)")
    window = directives.get("stale-while-revalidate")
    if window is not None and stale_by <= window:
        return Decision("serve stale + revalidate", lifetime, age,
                        f"stale by {stale_by:g} s, inside the {window} s window")
    past = f", past the {window} s stale-while-revalidate window" if window is not None else ""
    return Decision("revalidate", lifetime, age, f"stale by {stale_by:g} s{past}")


def _opaque(tag: str) -> str:
    """The opaque part of an entity tag, for weak comparison (drop a leading W/)."""
    tag = tag.strip()
    return tag[2:] if tag.startswith("W/") else tag


def strong_match(a: str, b: str) -> bool:
    """Strong comparison (RFC 9110 §8.8.3.2): neither tag weak, and the same opaque tag.

    A weak tag (``W/"x"``) promises only that the two representations mean the same, not
    that their bytes are equal, so it never matches strongly (``If-Match``, ranges).

    >>> strong_match('"v7"', '"v7"'), strong_match('W/"v7"', '"v7"')
    (True, False)
    """
    if not isinstance(a, str) or not isinstance(b, str):
        raise TypeError("a and b must be entity-tag strings like '\"v7\"' or 'W/\"v7\"'")
    a, b = a.strip(), b.strip()
    return not a.startswith("W/") and not b.startswith("W/") and a == b


def if_none_match(etag: str, header: str) -> bool:
    """True when ``If-None-Match: header`` matches ``etag``: the origin answers 304.

    Weak comparison (RFC 9110 §13.1.2): ``W/"x"`` matches ``"x"``; ``*`` matches anything.

    >>> if_none_match('"v7"', 'W/"v7", "v8"'), if_none_match('"v7"', '"v6"')
    (True, False)
    >>> if_none_match('"a,b"', '"a,b"'), if_none_match('"a"', '"a,b"')
    (True, False)
    """
    if not isinstance(etag, str) or not isinstance(header, str):
        raise TypeError("etag and header must be strings like '\"v7\"' and 'W/\"v7\", \"v8\"'")
    if header.strip() == "*":
        return True
    # An entity-tag may itself hold a comma ('"a,b"'), so split outside quotes only.
    return any(_opaque(candidate) == _opaque(etag) for candidate in _MEMBER.findall(header))


def revalidate(etag: str, current_etag: str) -> int:
    """The origin's status for a conditional GET: 304 if the tag still matches, else 200."""
    return 304 if if_none_match(current_etag, etag) else 200
