"""The scenarios notebook 24 shows, shared by the panels and the tests."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from ..core import checks
from ..core.tables import full_text
from . import oauth, pki, tls, web

SECRET = b"course-demo-secret-not-for-production"  # a fixed HMAC key keeps output stable


def chain_cases(at: dt.datetime = pki.EPOCH) -> pd.DataFrame:
    """verify_chain on a good chain and on one broken way per check."""
    p = pki.demo_pki(at)
    root, inter, leaf = p["root"], p["intermediate"], p["server"]
    other_root = pki.issue("Course Root CA", ca=True, not_before=at - dt.timedelta(days=1))
    not_ca = pki.issue("Not A CA", root, ca=False, not_before=at - dt.timedelta(days=1))
    under_leaf = pki.issue("www.example", not_ca, not_before=at - dt.timedelta(days=1))
    cases = {
        "good chain": (leaf.cert, [inter.cert], [root.cert], at),
        "intermediate missing": (leaf.cert, [], [root.cert], at),
        "signed by an impostor root (same name)": (inter.cert, [], [other_root.cert], at),
        "checked a year later (expired)": (leaf.cert, [inter.cert], [root.cert],
                                           at + dt.timedelta(days=365)),
        "issued by a non-CA certificate": (under_leaf.cert, [not_ca.cert], [root.cert], at),
    }
    rows = []
    for name, (cert, mids, roots, when) in cases.items():
        result = pki.verify_chain(cert, mids, roots, at=when)
        chain = " <- ".join(pki._cn(c) for c in [cert, *mids])
        rows.append({"case": name, "chain": chain, "at": f"{when:%Y-%m-%d}",
                     "ok": result.ok, "reason": result.reason})
    return full_text(pd.DataFrame(rows).set_index("case"))


def tls_table() -> pd.DataFrame:
    """TLS 1.3 and 1.2 on loopback: plain, then mTLS without and with a client cert."""
    p = pki.demo_pki(dt.datetime.now(dt.timezone.utc))
    rows = []
    for version in tls.VERSIONS:
        for label, require, cert in (("server auth only", False, False),
                                     ("mTLS, no client cert", True, False),
                                     ("mTLS, client cert", True, True)):
            out = tls.handshake(version, require_client_cert=require, client_cert=cert, pki=p)
            rows.append({"pinned": version, "setup": label,
                         "negotiated": out["version"] or "-", "cipher": out["cipher"] or "-",
                         "server answered": out["accepted"],
                         "client failed at": out["client failed at"] or "-",
                         "client cert seen": out["client cert seen"] or "-"})
    return full_text(pd.DataFrame(rows))


def round_trip_table() -> pd.DataFrame:
    """Round trips per handshake (the model), TCP included."""
    return pd.DataFrame([tls.round_trips(f) for f in tls.FLOWS]).set_index("flow")


def xss_demo() -> pd.DataFrame:
    """The same comment rendered without and with escaping."""
    rows = []
    for escaped in (False, True):
        page = web.render_comment(web.ATTACK, escaped=escaped)
        rows.append({"template": "escaped (markupsafe)" if escaped else "raw",
                     "page": page, "script runs": web.runs_script(page)})
    return full_text(pd.DataFrame(rows).set_index("template"))


def csrf_demo() -> pd.DataFrame:
    """evil.example auto-submits a form POST to bank.example/transfer."""
    session = "session-42"
    good = web.csrf_token(SECRET, session)
    rows = []
    for defence, same_site, check in (("none", "None", False),
                                      ("synchronizer token", "None", True),
                                      ("SameSite=Lax cookie", "Lax", False)):
        for who, cross, token in (("bank's own form", False, good),
                                  ("forged form on evil.example", True, None)):
            sent = web.cookie_sent(same_site, cross_site=cross)
            acted = web.transfer_allowed(cookie_sent=sent, form_token=token, secret=SECRET,
                                         session_id=session, check_token=check)
            rows.append({"defence": defence, "request from": who, "cookie sent": sent,
                         "transfer done": acted})
    return pd.DataFrame(rows).set_index(["defence", "request from"])


def xss_vs_csrf() -> pd.DataFrame:
    """The two attacks side by side."""
    return full_text(pd.DataFrame({
        "XSS": ["the attacker's script runs inside the site's own page",
                "the user's browser trusts the site's page",
                "can read the page, its tokens and non-HttpOnly cookies",
                "escape output by context; Content-Security-Policy",
                "no: the script can read the token from the page"],
        "CSRF": ["another site makes the browser send a request to the target",
                 "the site trusts the browser's cookies",
                 "cannot read the response; can only cause the request",
                 "synchronizer token; SameSite cookies; check Origin",
                 "yes (a token the attacker's site cannot read)"],
    }, index=["what happens", "trust abused", "what the attacker gets", "fix",
              "does a CSRF token stop it?"]))


def cors_cases() -> pd.DataFrame:
    """Cross-origin requests from app.example to api.example, and the browser's verdict."""
    origin = "https://app.example"
    cases = [
        ("GET, server sends no CORS headers", "GET", {}, False, dict(allow_origin=None)),
        ("GET, server allows the origin", "GET", {}, False, dict(allow_origin=origin)),
        ("POST form, server allows *", "POST",
         {"Content-Type": "application/x-www-form-urlencoded"}, False, dict(allow_origin="*")),
        ("POST JSON, server allows *", "POST", {"Content-Type": "application/json"}, False,
         dict(allow_origin="*")),
        ("POST JSON, * plus headers", "POST", {"Content-Type": "application/json"}, False,
         dict(allow_origin="*", allow_headers=("Content-Type",))),
        ("GET with cookies, server allows *", "GET", {}, True,
         dict(allow_origin="*", allow_credentials=True)),
        ("GET with cookies, exact origin + credentials", "GET", {}, True,
         dict(allow_origin=origin, allow_credentials=True)),
        ("DELETE, exact origin, DELETE allowed", "DELETE", {}, False,
         dict(allow_origin=origin, allow_methods=("DELETE",))),
    ]
    rows = [{"request": name, "preflight": web.needs_preflight(method, headers),
             "browser": web.cors_decision(origin, method, headers, credentials=creds, **srv)}
            for name, method, headers, creds, srv in cases]
    return full_text(pd.DataFrame(rows).set_index("request"))


WAF_INPUTS = [
    "' OR 1=1 --", "1 UNION SELECT password FROM users", "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>", "../../etc/passwd", "<ScRiPt >alert(1)</script>",
    "1 UNION/**/SELECT password FROM users",
    "Tom O'Brien or Ann = friends", "Please join us at the union select committee",
    "My vacation photo, ratio=3:2, caption='x' and width=4",
    "See the docs at ../guide/index.html", "I love the onion=tasty recipe",
]


def waf_table() -> pd.DataFrame:
    """Each input, whether it is an attack, and which WAF rules fire."""
    attacks = set(WAF_INPUTS[:7])
    rows = [{"input": text, "attack": text in attacks,
             "rules fired": ", ".join(web.waf_match(text)) or "-"} for text in WAF_INPUTS]
    frame = pd.DataFrame(rows)
    frame["verdict"] = [("blocked" if r != "-" else "passed") for r in frame["rules fired"]]
    return full_text(frame.set_index("input"))


def id_token_attacks(now: int = oauth.NOW) -> pd.DataFrame:
    """A good ID token and each attack on it, validated by the relying party app-a."""
    idp = oauth.IdentityProvider()
    nonce = "n-123"
    base = {"iss": idp.issuer, "sub": "alice", "aud": "app-a", "iat": now, "exp": now + 300,
            "nonce": nonce}
    used: set = set()
    cases = [
        ("valid token", idp.id_token("app-a", "alice", nonce, now=now), nonce, used),
        ("alg none (unsigned)", oauth.forged_none_token(base), nonce, set()),
        ("token for another app (aud=app-b)", idp.id_token("app-b", "alice", nonce, now=now),
         nonce, set()),
        ("expired (issued 10 minutes ago)",
         idp.id_token("app-a", "alice", nonce, now=now - 600), nonce, set()),
        ("aud=[app-a, app-b], no azp",
         idp.id_token(["app-a", "app-b"], "alice", nonce, now=now), nonce, set()),
        ("aud=[app-a, app-b], azp=app-b",
         idp.id_token(["app-a", "app-b"], "alice", nonce, now=now, azp="app-b"), nonce,
         set()),
        ("another issuer", idp.id_token("app-a", "alice", nonce, now=now,
                                        iss="https://evil.example"), nonce, set()),
        ("signed by another key",
         oauth.IdentityProvider().id_token("app-a", "alice", nonce, now=now), nonce, set()),
        ("nonce of another login", idp.id_token("app-a", "alice", "n-999", now=now),
         nonce, set()),
        ("valid token replayed", idp.id_token("app-a", "alice", nonce, now=now), nonce, used),
    ]
    rows = [{"token": name,
             "verdict": oauth.validate_id_token(token, public_key=idp.public_key,
                                                audience="app-a", issuer=idp.issuer,
                                                nonce=expected, now=now, used_nonces=seen)}
            for name, token, expected, seen in cases]
    return full_text(pd.DataFrame(rows).set_index("token"))


# --- the panels' models ------------------------------------------------------------------

FLOW_NAMES = list(tls.FLOWS)
MAX_STEPS = max(len(v) for v in tls.FLOWS.values())


def handshake(flow: str = "TLS 1.3 full", rtt_ms: float = 50.0, step: int = 99) -> dict:
    """The handshake's messages with their times, for the panel."""
    checks.integer(step, "step", 0)
    rows = tls.timeline(flow, rtt_ms)
    return {"rows": rows, "trips": tls.round_trips(flow), "rtt_ms": rtt_ms}


PKCE_LANES = ["app", "browser", "idp", "attacker"]
_ROUTES = {  # the start of each step's text -> (receiver, short label)
    "makes a code_verifier": ("app", "make verifier, challenge = S256(verifier)"),
    "GET /authorize": ("idp", "/authorize + code_challenge"),
    "logs the user in": ("app", "redirect with code (via the browser)"),
    "redeems the intercepted": ("idp", "/token: stolen code, guessed verifier"),
    "checks state, POST /token": ("idp", "/token: code + code_verifier"),
    "checks S256": ("app", "tokens, if S256(verifier) = challenge"),
    "validates the ID token": ("app", "validate ID token"),
}
PKCE_STEPS = len(oauth.PKCE_STEPS) + 1  # with the attacker's extra step


def pkce(attacker_steals_code: bool = False, step: int = 99) -> list[dict]:
    """The PKCE flow's steps, each with sender, receiver and a short label, for the panel."""
    checks.integer(step, "step", 0)
    rows = []
    for row in oauth.pkce_flow(attacker_steals_code=attacker_steals_code):
        to, short = next(v for k, v in _ROUTES.items() if row["what"].startswith(k))
        rows.append({**row, "to": to, "short": short})
    return rows
