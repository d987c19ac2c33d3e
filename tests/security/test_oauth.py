"""PKCE against RFC 7636's example, OIDC ID tokens with PyJWT, SSO."""

import base64
import hashlib

import jwt
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sysdesign.security import experiments, oauth

UNRESERVED = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~"


def test_pkce_rfc7636_appendix_b():
    assert oauth.pkce_challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk") == \
        "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"


@given(st.text(alphabet=UNRESERVED, min_size=43, max_size=128))
def test_pkce_is_unpadded_base64url_sha256(verifier):
    challenge = oauth.pkce_challenge(verifier)
    assert len(challenge) == 43 and "=" not in challenge
    assert base64.urlsafe_b64decode(challenge + "=") == \
        hashlib.sha256(verifier.encode()).digest()


@pytest.mark.parametrize("bad", ["short", "x" * 129, "é" * 43, "a b" * 20])
def test_pkce_rejects_bad_verifiers(bad):
    with pytest.raises(ValueError, match="verifier"):
        oauth.pkce_challenge(bad)


def test_flow_succeeds_and_a_stolen_code_is_useless():
    rows = oauth.pkce_flow()
    assert rows[-1]["result"] == "ok"
    stolen = oauth.pkce_flow(attacker_steals_code=True)
    attacker = next(r for r in stolen if r["actor"] == "attacker")
    assert "PKCE" in attacker["result"]


def test_id_token_attacks_are_all_refused():
    verdicts = experiments.id_token_attacks()["verdict"]
    assert verdicts["valid token"] == "ok"
    assert (verdicts.drop("valid token") != "ok").all()
    assert verdicts["alg none (unsigned)"] == "refused: algorithm not allowed"
    assert verdicts["valid token replayed"] == "refused: nonce replayed"


def test_validation_agrees_with_pyjwt_on_the_real_clock():
    idp = oauth.IdentityProvider()
    import time
    now = int(time.time())
    token = idp.id_token("app-a", "alice", "n", now=now - 600)  # expired 5 minutes ago
    with pytest.raises(jwt.ExpiredSignatureError):
        jwt.decode(token, idp.public_key, algorithms=["ES256"], audience="app-a")
    assert oauth.validate_id_token(token, public_key=idp.public_key, audience="app-a",
                                   issuer=idp.issuer, nonce="n", now=now) == "refused: expired"


@given(offset=st.integers(-1000, 1000))
def test_expiry_boundary(offset):
    idp = oauth.IdentityProvider(key=KEY)
    token = idp.id_token("app-a", "alice", "n", lifetime_s=300)
    verdict = oauth.validate_id_token(token, public_key=KEY.public_key(), audience="app-a",
                                      issuer=idp.issuer, nonce="n", now=oauth.NOW + offset)
    assert (verdict == "ok") == (offset < 300)


KEY = oauth.IdentityProvider().key


def test_sso_logs_in_once():
    lines = oauth.sso()
    assert sum("types a password" in line for line in lines) == 1
    assert sum(line.endswith(": ok") for line in lines) == 2
    assert sum("wrong audience" in line for line in lines) == 2


def test_azp_rules_for_several_audiences():
    """OIDC Core §3.1.3.7: several audiences need azp, and azp must be this client."""
    idp = oauth.IdentityProvider(key=KEY)

    def verdict(**claims):
        token = idp.id_token(claims.pop("aud"), "alice", "n", **claims)
        return oauth.validate_id_token(token, public_key=KEY.public_key(), audience="app-a",
                                       issuer=idp.issuer, nonce="n")

    # PyJWT alone accepts the multi-audience token: the azp rule is ours.
    token = idp.id_token(["app-a", "app-b"], "alice", "n")
    assert jwt.decode(token, KEY.public_key(), algorithms=["ES256"], audience="app-a",
                      options={"verify_exp": False})["aud"] == ["app-a", "app-b"]
    assert verdict(aud=["app-a", "app-b"]) == "refused: several audiences, no azp"
    assert verdict(aud=["app-a", "app-b"], azp="app-b") == "refused: azp is another client"
    assert verdict(aud=["app-a", "app-b"], azp="app-a") == "ok"
    assert verdict(aud="app-a", azp="app-b") == "refused: azp is another client"
    assert verdict(aud="app-a") == "ok"
    assert verdict(aud=["app-b", "app-c"], azp="app-a") == "refused: wrong audience"


def test_validation_bad_input():
    """audience is this client's id: a list (or a missing nonce) is a caller's mistake."""
    idp = oauth.IdentityProvider(key=KEY)
    token = idp.id_token("app-a", "alice", "n")
    good = dict(public_key=KEY.public_key(), audience="app-a", issuer=idp.issuer, nonce="n")
    assert oauth.validate_id_token(token, **good) == "ok"
    for name, bad, error in (("audience", ["app-a", "app-b"], TypeError),
                             ("issuer", None, TypeError), ("nonce", 5, TypeError),
                             ("nonce", "", ValueError)):
        with pytest.raises(error, match=name):
            oauth.validate_id_token(token, **{**good, name: bad})


def test_a_stolen_code_burns_it_for_the_app_too():
    """The docstring's and the notebook's claim: the app's own redemption is refused."""
    rows = oauth.pkce_flow(attacker_steals_code=True)
    app_redeem = next(r for r in rows if r["what"].startswith("checks S256"))
    assert app_redeem["result"] == "invalid_grant" and rows[-1]["result"] == "no token"
