"""OAuth 2.0 with PKCE, OIDC ID tokens (PyJWT) and single sign-on across two applications.

The identity provider signs ID tokens with an EC P-256 key generated at run time (ES256);
clocks are passed in explicitly (``now``, seconds since the epoch) so output is the same
every run.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
from dataclasses import dataclass, field

import jwt
from cryptography.hazmat.primitives.asymmetric import ec

from ..core import checks

ISSUER = "https://idp.example"
NOW = 1_767_225_600  # 2026-01-01T00:00:00Z: the notebook's fixed clock


def b64url(data: bytes) -> str:
    """Base64url without padding (RFC 7636 Appendix A)."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def pkce_challenge(verifier: str) -> str:
    """The S256 code challenge: BASE64URL(SHA256(ASCII(code_verifier))) (RFC 7636 §4.2).

    >>> pkce_challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")
    'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM'
    """
    if not isinstance(verifier, str) or not 43 <= len(verifier) <= 128:
        raise ValueError("verifier must be a string of 43 to 128 characters (RFC 7636 §4.1)")
    allowed = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
    if not set(verifier) <= allowed:
        raise ValueError("verifier may use only A-Z, a-z, 0-9 and - . _ ~ (RFC 7636 §4.1)")
    return b64url(hashlib.sha256(verifier.encode("ascii")).digest())


def new_verifier() -> str:
    """A fresh code verifier: 32 random bytes, base64url (43 characters)."""
    return b64url(secrets.token_bytes(32))


@dataclass
class IdentityProvider:
    """An authorization server that issues codes, access tokens and OIDC ID tokens."""

    issuer: str = ISSUER
    key: ec.EllipticCurvePrivateKey = field(
        default_factory=lambda: ec.generate_private_key(ec.SECP256R1()))
    codes: dict = field(default_factory=dict)
    sessions: set = field(default_factory=set)  # users logged in at the IdP (the SSO cookie)
    log: list = field(default_factory=list)

    def authorize(self, client_id: str, user: str, challenge: str, nonce: str,
                  *, password_ok: bool = True) -> str | None:
        """The /authorize step: log the user in (once) and return a one-time code."""
        if user not in self.sessions:
            if not password_ok:
                return None
            self.sessions.add(user)
            self.log.append(f"{user} types a password at the IdP")
        else:
            self.log.append(f"IdP session cookie: {user} is not asked again")
        code = secrets.token_urlsafe(16)
        self.codes[code] = {"client": client_id, "user": user, "challenge": challenge,
                            "nonce": nonce}
        return code

    def token(self, client_id: str, code: str, verifier: str, *, now: int = NOW) -> dict:
        """The /token step: redeem a code once, only with the verifier that hashes to it."""
        grant = self.codes.pop(code, None)
        if grant is None or grant["client"] != client_id:
            return {"error": "invalid_grant"}
        if pkce_challenge(verifier) != grant["challenge"]:
            return {"error": "invalid_grant (PKCE verifier does not match)"}
        return {"access_token": secrets.token_urlsafe(16),
                "id_token": self.id_token(client_id, grant["user"], grant["nonce"], now=now)}

    def id_token(self, audience: str | list[str], user: str, nonce: str, *, now: int = NOW,
                 lifetime_s: int = 300, **overrides) -> str:
        """A signed (ES256) ID token; ``overrides`` change claims, to build attacks."""
        claims = {"iss": self.issuer, "sub": user, "aud": audience, "iat": now,
                  "exp": now + lifetime_s, "nonce": nonce, **overrides}
        return jwt.encode(claims, self.key, algorithm="ES256")

    @property
    def public_key(self):
        return self.key.public_key()


def validate_id_token(token: str, *, public_key, audience: str, issuer: str, nonce: str,
                      now: int = NOW, used_nonces: set | None = None) -> str:
    """Check an ID token as a relying party must; returns ``"ok"`` or why it is refused.

    The algorithm is pinned to ES256 (never taken from the token's header), ``aud`` and
    ``iss`` are checked by PyJWT, ``exp`` against ``now``, and the ``nonce`` must be the
    one this login sent and, with ``used_nonces``, not seen before. ``azp`` follows OIDC
    Core 1.0 §3.1.3.7 (steps 4-5 of the original text), read strictly: a token with
    several audiences must name this client (``audience``) in ``azp``, and an ``azp``
    that is present must be this client.
    """
    checks.integer(now, "now", 0)
    for name, value in (("audience", audience), ("issuer", issuer), ("nonce", nonce)):
        if not isinstance(value, str):
            raise TypeError(f"{name} must be a string, got {type(value).__name__} {value!r}")
        if not value:
            raise ValueError(f"{name} must not be empty")
    try:
        # PyJWT checks exp against the real clock; the course's clock is ``now``, so exp is
        # checked below instead (same rule: refused once now >= exp, RFC 7519 §4.1.4).
        claims = jwt.decode(token, public_key, algorithms=["ES256"], audience=audience,
                            issuer=issuer, options={
                                "verify_exp": False, "verify_iat": False,
                                "require": ["exp", "iat", "aud", "iss", "sub", "nonce"]})
        if now >= int(claims["exp"]):
            raise jwt.ExpiredSignatureError("Signature has expired")
    except jwt.InvalidAlgorithmError:
        return "refused: algorithm not allowed"
    except jwt.ExpiredSignatureError:
        return "refused: expired"
    except jwt.InvalidAudienceError:
        return "refused: wrong audience"
    except jwt.InvalidIssuerError:
        return "refused: wrong issuer"
    except jwt.InvalidSignatureError:
        return "refused: bad signature"
    except jwt.InvalidTokenError as exc:
        return f"refused: {type(exc).__name__}"
    audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
    if len(audiences) > 1 and "azp" not in claims:
        return "refused: several audiences, no azp"
    if "azp" in claims and claims["azp"] != audience:
        return "refused: azp is another client"
    if not secrets.compare_digest(str(claims.get("nonce", "")), nonce):
        return "refused: nonce mismatch"
    if used_nonces is not None:
        if nonce in used_nonces:
            return "refused: nonce replayed"
        used_nonces.add(nonce)
    return "ok"


def forged_none_token(claims: dict) -> str:
    """An unsigned token (``alg: none``): what an attacker sends to a careless verifier."""
    return jwt.encode(claims, None, algorithm="none")


PKCE_STEPS = [
    ("app", "makes a code_verifier (random) and code_challenge = S256(verifier)"),
    ("browser", "GET /authorize?response_type=code&client_id=app-a&code_challenge=C&"
                "code_challenge_method=S256&scope=openid&state=S&nonce=N"),
    ("idp", "logs the user in, redirects to the app with ?code=X&state=S"),
    ("app", "checks state, POST /token with code + code_verifier"),
    ("idp", "checks S256(code_verifier) == code_challenge, returns access + ID token"),
    ("app", "validates the ID token: signature (pinned alg), iss, aud, exp, nonce"),
]


def pkce_flow(*, attacker_steals_code: bool = False, now: int = NOW) -> list[dict]:
    """The authorization-code flow with PKCE, run for real; one row per step.

    With ``attacker_steals_code``, an attacker who intercepted the redirect redeems the
    code first, without the verifier, and the IdP refuses; the app then tries to redeem it
    and is refused too, because the IdP burns a code at its first redemption attempt, so
    the flow ends with no token.
    """
    idp = IdentityProvider()
    verifier = new_verifier()
    challenge = pkce_challenge(verifier)
    nonce = secrets.token_urlsafe(8)
    code = idp.authorize("app-a", "alice", challenge, nonce)
    rows = [{"step": i, "actor": actor, "what": what, "result": ""}
            for i, (actor, what) in enumerate(PKCE_STEPS)]
    rows[0]["result"] = f"verifier {len(verifier)} chars, challenge {len(challenge)} chars"
    rows[1]["result"] = "challenge sent; the verifier stays in the app"
    rows[2]["result"] = "one-time code issued"
    rows[3]["result"] = "code + verifier sent"
    if attacker_steals_code:
        stolen = idp.token("app-a", code, new_verifier(), now=now)
        rows.insert(3, {"step": 3, "actor": "attacker",
                        "what": "redeems the intercepted code with a guessed verifier",
                        "result": stolen.get("error", "tokens issued")})
    answer = idp.token("app-a", code, verifier, now=now)
    token_row = next(r for r in rows if r["what"].startswith("checks S256"))
    token_row["result"] = answer.get("error", "tokens issued")
    last = rows[-1]
    last["result"] = (validate_id_token(answer["id_token"], public_key=idp.public_key,
                                        audience="app-a", issuer=idp.issuer, nonce=nonce,
                                        now=now) if "id_token" in answer else "no token")
    for i, row in enumerate(rows):
        row["step"] = i
    return rows


def sso(*, now: int = NOW) -> list[str]:
    """Alice logs in to app A, then opens app B: one password, two ID tokens."""
    idp = IdentityProvider()
    lines = []
    for app in ("app-a", "app-b"):
        verifier, nonce = new_verifier(), secrets.token_urlsafe(8)
        code = idp.authorize(app, "alice", pkce_challenge(verifier), nonce)
        lines.append(idp.log[-1])
        token = idp.token(app, code, verifier, now=now)["id_token"]
        verdict = validate_id_token(token, public_key=idp.public_key, audience=app,
                                    issuer=idp.issuer, nonce=nonce, now=now)
        lines.append(f"{app}: ID token for alice with aud={app}: {verdict}")
        other = "app-b" if app == "app-a" else "app-a"
        cross = validate_id_token(token, public_key=idp.public_key, audience=other,
                                  issuer=idp.issuer, nonce=nonce, now=now)
        lines.append(f"   the same token presented to {other}: {cross}")
    return lines
