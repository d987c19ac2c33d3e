"""XSS, CSRF, CORS (against the Fetch standard's rules) and the WAF."""

import html

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markupsafe import escape

from sysdesign.security import experiments, web


def test_xss_breaks_raw_and_escaping_fixes_it():
    assert web.runs_script(web.render_comment(web.ATTACK, escaped=False))
    safe = web.render_comment(web.ATTACK, escaped=True)
    assert not web.runs_script(safe)
    # markupsafe and the stdlib agree, up to how they spell a quote
    inner = safe.removeprefix("<p class='comment'>").removesuffix("</p>")
    assert inner.replace("&#34;", "&quot;").replace("&#39;", "&#x27;") == \
        html.escape(web.ATTACK, quote=True)


@given(st.text())
def test_escaped_output_never_contains_markup(text):
    inner = web.render_comment(text, escaped=True)[len("<p class='comment'>"):-len("</p>")]
    assert "<" not in inner and ">" not in inner and str(escape(text)) == inner


def test_csrf_table():
    table = experiments.csrf_demo()
    forged = table.xs("forged form on evil.example", level="request from")["transfer done"]
    assert forged.to_dict() == {"none": True, "synchronizer token": False,
                                "SameSite=Lax cookie": False}
    own = table.xs("bank's own form", level="request from")["transfer done"]
    assert own.all()


@given(st.text(min_size=1))
def test_a_wrong_token_never_passes(guess):
    secret = b"0123456789abcdef"
    good = web.csrf_token(secret, "s1")
    assert web.transfer_allowed(cookie_sent=True, form_token=guess, secret=secret,
                                session_id="s1", check_token=True) == (guess == good)


def test_same_site_rules():
    assert web.cookie_sent("Strict", cross_site=False)
    assert not web.cookie_sent("Strict", cross_site=True, top_level_get=True)
    assert web.cookie_sent("Lax", cross_site=True, top_level_get=True)
    assert not web.cookie_sent("Lax", cross_site=True)
    assert web.cookie_sent("None", cross_site=True)
    with pytest.raises(ValueError, match="same_site"):
        web.cookie_sent("lax", cross_site=True)


# --- CORS: the Fetch standard's rules, stated independently ------------------------------

def fetch_simple(method, headers):
    """Fetch: CORS-safelisted method and only CORS-safelisted request-headers."""
    if method not in ("GET", "HEAD", "POST"):
        return False
    for name, value in headers.items():
        n = name.lower()
        if n in ("accept", "accept-language", "content-language"):
            continue
        if n == "content-type" and value.split(";")[0].strip().lower() in (
                "application/x-www-form-urlencoded", "multipart/form-data", "text/plain"):
            continue
        return False
    return True


HEADERS = st.dictionaries(
    st.sampled_from(["Accept", "Content-Type", "X-Token", "Authorization",
                     "Content-Language"]),
    st.sampled_from(["text/plain", "application/json", "multipart/form-data; boundary=x",
                     "en"]), max_size=3)


@given(method=st.sampled_from(["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH"]),
       headers=HEADERS)
def test_preflight_matches_fetch(method, headers):
    assert web.needs_preflight(method, headers) == (not fetch_simple(method, headers))


@given(method=st.sampled_from(["GET", "POST", "PUT"]), headers=HEADERS,
       creds=st.booleans(), allow_creds=st.booleans(),
       allow_origin=st.sampled_from([None, "*", "https://app.example", "https://x.example"]),
       allow_methods=st.sampled_from([(), ("PUT",), ("*",)]),
       allow_headers=st.sampled_from([(), ("*",), ("X-Token", "Content-Type"),
                                      ("*", "Authorization")]))
def test_cors_rules_hold(method, headers, creds, allow_creds, allow_origin, allow_methods,
                         allow_headers):
    verdict = web.cors_decision("https://app.example", method, headers, credentials=creds,
                                allow_origin=allow_origin, allow_methods=allow_methods,
                                allow_headers=allow_headers, allow_credentials=allow_creds)
    if verdict == "allowed":
        assert allow_origin in ("*", "https://app.example")
        assert not (creds and allow_origin == "*")          # no wildcard with credentials
        assert not creds or allow_creds
        if method == "PUT":
            assert "PUT" in allow_methods or ("*" in allow_methods and not creds)
        if "Authorization" in headers:                     # '*' never covers Authorization
            assert "Authorization" in allow_headers
    if allow_origin is None or allow_origin == "https://x.example":
        assert verdict != "allowed"


def test_cors_bad_input():
    with pytest.raises(TypeError, match="method"):
        web.needs_preflight(None, {})
    with pytest.raises(TypeError, match="headers"):
        web.needs_preflight("GET", [("Accept", "x")])
    with pytest.raises(ValueError, match="origin"):
        web.cors_decision("app.example", "GET", {}, credentials=False, allow_origin="*")
    # a bare string would be read letter by letter ("PUT" -> {"P", "U", "T"}) and
    # silently refuse the method: it must be a clear error instead
    with pytest.raises(TypeError, match="allow_methods"):
        web.cors_decision("https://app.example", "PUT", {}, credentials=False,
                          allow_origin="*", allow_methods="PUT")
    with pytest.raises(TypeError, match="allow_headers"):
        web.cors_decision("https://app.example", "POST", {"X-Token": "1"},
                          credentials=False, allow_origin="*", allow_headers="X-Token")


def test_csrf_bad_input():
    secret = b"0123456789abcdef"
    with pytest.raises(TypeError, match="session_id"):
        web.csrf_token(secret, 42)
    with pytest.raises(TypeError, match="form_token"):
        web.transfer_allowed(cookie_sent=True, form_token=b"x", secret=secret,
                             session_id="s1", check_token=True)


def test_cors_table():
    table = experiments.cors_cases()
    assert table.loc["GET with cookies, server allows *", "browser"] == \
        "blocked: * with credentials"
    assert table.loc["POST JSON, server allows *", "preflight"]
    assert table.loc["GET with cookies, exact origin + credentials", "browser"] == "allowed"


def test_waf_catches_the_attacks_it_knows_and_blocks_some_good_text():
    table = experiments.waf_table()
    attacks = table[table["attack"]]
    assert (attacks["verdict"] == "passed").sum() == 1  # UNION/**/SELECT slips through
    benign = table[~table["attack"]]
    assert (benign["verdict"] == "blocked").sum() == 4   # false positives (prose says four)
    with pytest.raises(TypeError, match="text"):
        web.waf_match(None)


def test_methods_are_normalized_then_compared_exactly():
    """Fetch upper-cases only DELETE/GET/HEAD/OPTIONS/POST/PUT; Allow-Methods is exact."""
    def verdict(method, allowed):
        return web.cors_decision("https://app.example", method, {}, credentials=False,
                                 allow_origin="*", allow_methods=allowed)
    assert web.needs_preflight("get", {}) is False
    assert verdict("delete", ("DELETE",)) == "allowed"
    assert verdict("patch", ("PATCH",)) == "blocked: method not allowed"
    assert verdict("PATCH", ("PATCH",)) == "allowed"
    assert verdict("PATCH", ("patch",)) == "blocked: method not allowed"


def fetch_cors_allows(origin, method, headers, *, credentials, allow_origin, allow_methods,
                      allow_headers, allow_credentials):
    """The Fetch standard's steps, written out independently of ``web``: CORS-preflight
    fetch (when needed) and then the CORS check on the response. True: the page reads it."""
    if method.upper() in ("DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT"):
        method = method.upper()                              # "normalize a method"

    def cors_check():
        if allow_origin is None:
            return False
        if not credentials and allow_origin == "*":
            return True
        if allow_origin != origin:
            return False
        return not credentials or allow_credentials

    unsafe = [n for n, v in headers.items() if not fetch_simple("GET", {n: v})]
    if method not in ("GET", "HEAD", "POST") or unsafe:      # CORS-preflight fetch
        if not cors_check():
            return False
        if (method not in allow_methods and method not in ("GET", "HEAD", "POST")
                and (credentials or "*" not in allow_methods)):
            return False
        names = {h.lower() for h in allow_headers}
        if any(n.lower() == "authorization" and "authorization" not in names
               for n in headers):                            # CORS non-wildcard name
            return False
        if any(n.lower() not in names and (credentials or "*" not in names)
               for n in unsafe):
            return False
    return cors_check()


@given(method=st.sampled_from(["GET", "get", "POST", "PUT", "put", "PATCH", "patch",
                               "DELETE"]),
       headers=HEADERS, creds=st.booleans(), allow_creds=st.booleans(),
       allow_origin=st.sampled_from([None, "*", "https://app.example", "https://x.example"]),
       allow_methods=st.sampled_from([(), ("PUT",), ("*",), ("PATCH", "DELETE"), ("patch",),
                                      ("*", "PUT")]),
       allow_headers=st.sampled_from([(), ("*",), ("X-Token", "Content-Type"),
                                      ("*", "Authorization"), ("authorization",),
                                      ("content-type", "x-token", "authorization")]))
def test_cors_decision_agrees_with_the_fetch_steps(method, headers, creds, allow_creds,
                                                   allow_origin, allow_methods,
                                                   allow_headers):
    """Both ways: allowed exactly when the Fetch steps let the page read the response."""
    server = dict(allow_origin=allow_origin, allow_methods=allow_methods,
                  allow_headers=allow_headers, allow_credentials=allow_creds)
    verdict = web.cors_decision("https://app.example", method, headers, credentials=creds,
                                **server)
    assert (verdict == "allowed") == fetch_cors_allows("https://app.example", method, headers,
                                                       credentials=creds, **server)


@given(st.text())
def test_markupsafe_and_the_stdlib_escape_every_string_alike(text):
    """The prose's claim, for any text: the two differ only in how they spell a quote."""
    inner = web.render_comment(text, escaped=True)[len("<p class='comment'>"):-len("</p>")]
    assert inner.replace("&#34;", "&quot;").replace("&#39;", "&#x27;") == \
        web.escape_html(text)


def test_exercise_24_1_and_its_fix():
    """The solution's claims: '*' fails with credentials; naming PUT and Content-Type works."""
    def verdict(methods, headers):
        return web.cors_decision("https://app.example", "PUT",
                                 {"Content-Type": "application/json"}, credentials=True,
                                 allow_origin="https://app.example", allow_methods=methods,
                                 allow_headers=headers, allow_credentials=True)
    assert verdict(("*",), ("*",)) == "blocked: method not allowed"
    assert verdict(("PUT",), ("*",)) == "blocked: header Content-Type not allowed"
    assert verdict(("PUT",), ("Content-Type",)) == "allowed"
