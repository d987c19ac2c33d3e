"""Security: certificate chains, real TLS on loopback, web attacks and OAuth/OIDC.

What is where (the notebook is ``24_security``):

- :mod:`.pki`: certificates generated at run time with ``cryptography`` (EC P-256) and
  :func:`verify_chain`, a readable chain checker (signatures, names, validity, CA flags).
- :mod:`.tls`: real TLS 1.3 and 1.2 handshakes and mTLS on 127.0.0.1 with :mod:`ssl`, and a
  round-trip model of TCP + TLS 1.2, TLS 1.3 and 0-RTT resumption.
- :mod:`.web`: XSS (raw vs escaped templates), CSRF (synchronizer token, SameSite),
  a CORS decision function after the Fetch standard, and a toy WAF.
- :mod:`.oauth`: PKCE (S256), OIDC ID tokens signed and checked with PyJWT, and SSO.
- :mod:`.experiments`: the scenarios the notebook, the panel and the tests share.
- :mod:`.plots` draws them; :mod:`.widgets` wires the panel (import those two yourself).

>>> pkce_challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")
'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM'
"""

from .oauth import (
    IdentityProvider,
    pkce_challenge,
    pkce_flow,
    sso,
    validate_id_token,
)
from .pki import ChainResult, demo_pki, issue, verify_chain
from .tls import FLOWS, handshake, round_trips, timeline
from .web import (
    cookie_sent,
    cors_decision,
    csrf_token,
    needs_preflight,
    render_comment,
    waf_match,
)

__all__ = [
    "FLOWS", "ChainResult", "IdentityProvider", "cookie_sent", "cors_decision", "csrf_token",
    "demo_pki", "handshake", "issue", "needs_preflight", "pkce_challenge", "pkce_flow",
    "render_comment", "round_trips", "sso", "timeline", "validate_id_token", "verify_chain",
    "waf_match",
]
