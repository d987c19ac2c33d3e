# %% [markdown]
# # 24 · Security: certificates, TLS, web attacks, OAuth and OIDC
#
# Build a certificate chain at run time and check it link by link; run real TLS 1.3, TLS 1.2 and mutual TLS on 127.0.0.1; break a page with XSS and a bank with CSRF and fix both; decide CORS requests the way a browser does; watch a WAF block attacks and good text alike; and sign, check and attack OIDC ID tokens in an OAuth 2.0 flow with PKCE.

# %% [markdown]
# <!-- nav -->
# [← 23 · Service infrastructure: discovery, gateways, meshes, CMDBs](23_service_infrastructure.ipynb) · [Contents](00_start_here.ipynb#Course-map) · [25 · Performance and observability: queues, percentiles, load tests, traces →](25_performance.ipynb)

# %% [markdown]
# ## What you will learn
# - What a certificate chain is, and the four things a verifier checks at every link:
#   the signature, the names, the validity period and that the issuer is a CA.
# - What TLS 1.3 and TLS 1.2 cost in round trips, what 0-RTT resumption saves and what it
#   risks, and how mutual TLS refuses a client without a certificate.
# - XSS and CSRF: how each breaks a site, how each is fixed, and why they are different
#   attacks; how a browser decides a cross-origin request (CORS); what a WAF can and
#   cannot do.
# - OAuth 2.0's authorization-code flow with PKCE, OIDC ID tokens and the checks a
#   relying party must never skip, and single sign-on across two applications.
#
# Builds on: [02 · Networking](02_networking.ipynb) (TCP's handshake and round trips) and
# [03 · APIs](03_apis.ipynb). The models are in `src/sysdesign/security/`: `pki.py`
# (certificates and the chain checker), `tls.py` (real TLS on loopback and the round-trip
# model), `web.py` (XSS, CSRF, CORS, WAF) and `oauth.py` (PKCE, ID tokens, SSO). Every key
# and certificate is generated when the notebook runs; none is stored in the repository.

# %%
from sysdesign import security as sec
from sysdesign.core.exercises import check
from sysdesign.security import experiments, widgets

# %% [markdown]
# ## A certificate chain, checked link by link
#
# A server proves its name with a certificate: its public key and its name, signed by a
# certificate authority (CA). Browsers and operating systems ship a store of trusted root
# CAs; roots rarely sign servers directly but sign intermediate CAs, which sign servers. So the server sends its
# own (leaf) certificate plus the intermediates, and the client must build a path up to a
# root it already trusts. Here is a root, an intermediate and a leaf for `localhost`, all
# EC P-256 keys made just now, and `verify_chain` on a good chain and on one broken way
# per check, at a fixed instant (1 January 2026) so the validity column never changes:

# %%
experiments.chain_cases()

# %% [markdown]
# At each link `verify_chain` looks for a certificate whose *subject* is the current
# certificate's *issuer*, verifies the signature with that issuer's public key, checks
# that the certificate is valid at `at`, and that the issuer carries `basicConstraints`
# CA=TRUE. Each broken row fails exactly one check. The impostor root has the right
# *name* and its own key, so the names match and the signature does not: names are only
# labels, the signature is the proof. The non-CA row is a classic bug: in 2002 Mike Benham
# showed that Internet Explorer and Konqueror skipped the basicConstraints check, so anyone
# with an ordinary site certificate could sign a certificate for any other site.
#
# The tests build each kind of break again and cross-check it against `cryptography`'s
# own verifier (`PolicyBuilder().store(...).time(...).build_server_verifier(...)`), which
# follows RFC 5280 and the CA/Browser Forum profile; the two agree on every case, and on
# validity at the first and last second of the leaf's lifetime. That verifier checks
# much more than ours: the leaf's name against its subjectAlternativeName, keyUsage and
# extendedKeyUsage, path length and name constraints, which is why the certificates here
# carry those extensions. Neither checks revocation: `cryptography`'s `PolicyBuilder`
# takes no CRLs or OCSP responses.
#
# One certificate name can belong to several certificates: a CA renewed with the same key,
# or cross-signed by an older root so that old clients trust it. `verify_chain` tries each
# one that carries the issuer's name, as real verifiers do, and a test checks that an
# expired copy does not hide a valid one. That case broke real clients: in September 2021
# Let's Encrypt's served chain held a copy of ISRG Root X1 signed by DST Root CA X3, which
# expired on 30 September, and OpenSSL 1.0.2 followed that path and reported the expiry
# instead of trying the self-signed ISRG Root X1 in its trust store
# ([OpenSSL's note on the expiry](https://www.openssl.org/blog/blog/2021/09/13/LetsEncryptRootCertExpire/)).
#
# ## TLS for real, on 127.0.0.1
#
# Now the same kind of chain in a real handshake. A server thread listens on 127.0.0.1,
# accepts one connection and answers one request; both sides pin the protocol version
# (`minimum_version = maximum_version`). The client trusts only our root and checks that
# the certificate names `localhost`. Then *mutual* TLS: the server sets
# `verify_mode = CERT_REQUIRED` and the client connects without, and then with, a
# client certificate issued to `alice` by the same intermediate:

# %%
experiments.tls_table()

# %% [markdown]
# Both versions negotiate what they were pinned to, with an AEAD cipher (AES-256-GCM;
# TLS 1.2 also names the key exchange and signature, ECDHE-ECDSA, because our server key
# is an EC key). The notes describe the client encrypting a session key with the
# server's public key: that is RSA key transport, which TLS 1.3 removed and which this
# TLS 1.2 run does not use either. Both sides contribute an ephemeral (EC)DH key share
# and derive the secret, so recording the traffic and stealing the server's key later
# reveals nothing (forward secrecy).
#
# With mTLS the server refused the client without a certificate in both versions, but
# the client noticed at different moments. In TLS 1.2 the server's alert arrives inside
# the handshake, so the client's `wrap_socket` fails. In TLS 1.3 the client sends its
# (empty) Certificate and Finished as the last handshake messages and may send
# application data at once, without waiting for a reply (RFC 8446 §2), so the client saw
# `TLSv1.3` negotiated and learned of the refusal only on its first read, when the server's
# `certificate_required` alert (RFC 8446 §6.2) or a closed connection arrived.
# A client must therefore treat its first read, not the handshake, as the moment it
# knows it was accepted.
#
# ### Round trips
#
# The handshake costs round trips before the first request can leave. TLS 1.2's full
# handshake (RFC 5246) takes two; TLS 1.3 (RFC 8446) one, because the client sends its
# key share in its first message, guessing the group the server will pick (a wrong guess
# costs a HelloRetryRequest and one more round trip, RFC 8446 §4.1.4). A client that
# resumes a session with a pre-shared key can send *early data* with its very first
# flight: 0-RTT. Counting TCP's handshake and the request's own round trip:

# %%
experiments.round_trip_table()

# %% [markdown]
# Step through each handshake, message by message, and change the round-trip time:

# %%
handshake = widgets.handshake_panel()  # TLS 1.3 full handshake, 50 ms RTT, all messages
handshake.snapshot()

# %% [markdown]
# At 50 ms from client to server and back, TLS 1.3 gets the response after 150 ms, where
# TLS 1.2 needs 200 ms and 0-RTT 100 ms. 0-RTT has a price (RFC 8446 §8): early data is
# not protected against replay, because the server has not yet contributed anything
# fresh, so an attacker who copies the first flight can send it again; and it is
# encrypted only under the resumption key, so it is not forward secret (RFC 8446 §2.3).
# Servers should
# accept only requests that are safe to repeat (a `GET`, not a payment) as early data,
# and HTTP marks early requests so the application can refuse them (RFC 8470, `425 Too
# Early`). TCP Fast Open or QUIC (HTTP/3) remove TCP's own round trip as well.

# %%
# NBVAL_IGNORE_OUTPUT
handshake

# %% [markdown]
# ## XSS: a page that runs the attacker's script
#
# A comments page pastes each comment into its HTML. One comment is a script that sends
# the reader's cookies to the attacker. The same comment, through a template that pastes
# it raw and one that escapes it with `markupsafe` (the library Jinja2 uses when autoescaping is on):

# %%
experiments.xss_demo()

# %% [markdown]
# Escaping turns `<`, `>`, `&` and quotes into entities, so the browser shows the text
# instead of running it. The tests check that `markupsafe` and the standard library's
# `html.escape` agree (up to how they spell a quote) and that no string whatsoever keeps a
# `<` or `>` after escaping. Escaping must fit the context: HTML-escaping is right for
# text in an element or a quoted attribute, not for a value put inside a `<script>` block or
# a `javascript:` URL. A Content-Security-Policy header that forbids inline scripts is the
# second line of defence; `HttpOnly` cookies keep the cookie itself out of a script's
# reach, but not the page's own data.
#
# ## CSRF: a request the user never meant to send
#
# The user is logged in to bank.example (a session cookie). A page on evil.example
# contains a form that posts to bank.example/transfer and submits itself. Without
# defences the browser attaches the bank's cookie and the bank obeys. Two fixes: a
# token in the bank's own form that evil.example cannot read or compute (here an HMAC of
# the session id under a server secret, so the server need not store it; OWASP's
# synchronizer token pattern stores a random one per session instead), and a
# `SameSite=Lax` cookie, which the browser does not attach to a cross-site POST. (The
# notes describe CSRF as riding on a script the victim views. It needs none: an ordinary
# form on any other site is enough, and an attacker whose script runs inside the target
# site has XSS, which is worse; see below.)

# %%
experiments.csrf_demo()

# %% [markdown]
# Either defence stops the forged post and neither stops the bank's own form. `Lax`
# still sends the cookie on a cross-site top-level GET navigation (following a link), so
# a GET must never change state. A cookie set *without* a SameSite attribute is treated
# as `Lax` by Chrome (since version 80, 2020; a cookie younger than two minutes is still
# sent on a cross-site top-level POST, "Lax+POST"), but not by every browser, so set the
# attribute explicitly. "Site" means the registrable domain, not the origin: a page on
# another subdomain of bank.example is same-site and gets the cookie, so SameSite does
# not protect against a compromised sibling subdomain. Checking the `Origin` header is
# a third defence.
#
# ### XSS vs CSRF
#
# The notes say XSS attacks the client and CSRF the server. More precisely, the
# difference is *whose trust is abused*:

# %%
experiments.xss_vs_csrf()

# %% [markdown]
# An XSS hole defeats CSRF tokens: a script running in the bank's own page can read the
# token and send a perfect request. Fix XSS first.
#
# ## CORS: what a browser lets a page read
#
# The same-origin policy stops a page on app.example from *reading* responses from
# api.example. CORS lets api.example relax that with response headers. The browser sends
# "simple" requests straight away (a `GET`, `HEAD` or `POST` with only CORS-safelisted
# headers, and a form or plain-text content type) and then decides whether the page may
# read the response; for anything else it first sends an `OPTIONS` *preflight* and sends
# the real request only if the server agrees. `sec.cors_decision` follows the Fetch
# standard's rules, simplified (it skips the safelist's limits on header values); the
# tests check its preflight rule against an independent statement of the standard's
# safelists, and its verdicts, both ways, against the standard's preflight and CORS-check
# steps written out separately:

# %%
experiments.cors_cases()

# %% [markdown]
# A JSON `POST` needs a preflight (its content type is not safelisted). A server that
# answers the preflight with only `Access-Control-Allow-Origin: *` has not allowed the
# `Content-Type` header, so the browser never sends the POST; adding
# `Access-Control-Allow-Headers: Content-Type` fixes it. With
# credentials (cookies), `*` is never accepted, not even with
# `Access-Control-Allow-Credentials: true`: the server must echo the exact origin. Note
# what CORS is not: a simple request, such as the form `POST`, reaches the server whatever
# CORS headers it answers with, and the server acts on it; CORS decides only whether the
# *page* may read the answer. It is not a CSRF defence.
#
# ## WAF: matching rules, and their false positives
#
# A web application firewall inspects requests against rules. Four rules, in the style
# of the OWASP Core Rule Set but much cruder, on attacks and on ordinary text:

# %%
experiments.waf_table()

# %% [markdown]
# The rules catch the attacks they were written for, including a mixed-case script tag,
# but a comment inside `UNION/**/SELECT` slips past, and four ordinary sentences are
# blocked. A WAF is a filter in front of the application: useful against known attacks
# and for patching quickly, never a replacement for escaping output and for
# parameterised queries, and every rule must be tuned against real traffic for false
# positives.
#
# ## OAuth 2.0 with PKCE
#
# OAuth 2.0 (RFC 6749) lets an application get a token from an identity provider (IdP)
# without seeing the user's password. In the *authorization-code* flow the browser
# carries a one-time code back to the app, which swaps it for tokens. A code in a
# redirect can leak (a malicious app on a phone registered for the same custom URI
# scheme, a log), so PKCE (RFC 7636) binds it to the app that asked: the app keeps a random
# `code_verifier` and sends only `code_challenge = BASE64URL(SHA256(verifier))`; the IdP
# gives tokens only to whoever shows the verifier. (The notes also list the *implicit*
# flow, which returns tokens in the redirect itself; the OAuth 2.0 Security BCP, RFC 9700
# §2.1.2, says clients SHOULD NOT use it.) The RFC's own example:

# %%
sec.pkce_challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")

# %% [markdown]
# The flow, run step by step against a real IdP object (it keeps the codes it issued and
# checks the verifier), here with an attacker who intercepted the code and redeems it
# first:

# %%
pkce = widgets.pkce_panel()  # the attacker steals the code; all seven steps shown
pkce.snapshot()

# %% [markdown]
# The attacker has the code but not the verifier, so the token endpoint refuses it. This
# IdP then also refuses the app: it burns a code at its first redemption attempt,
# successful or not (RFC 6749 §4.1.2 requires only that a code be used once), so alice
# simply logs in again. Untick the attacker to see the same flow end with `ok`, and
# scrub through the steps. The `state` parameter ties the redirect to the browser that
# started it (against login CSRF); the `nonce` ties the ID token to this login.

# %%
# NBVAL_IGNORE_OUTPUT
pkce

# %% [markdown]
# ## OIDC ID tokens: the checks that must not be skipped
#
# OpenID Connect adds an *ID token* to OAuth: a JWT signed by the IdP saying who logged
# in (`sub`), for which app (`aud`), by whom (`iss`), until when (`exp`), for which login
# (`nonce`). The relying party validates it with PyJWT, pinning the algorithm to ES256
# rather than trusting the token's own header. A valid token, and one attack per check:

# %%
experiments.id_token_attacks()

# %% [markdown]
# Each check stops a real attack: an `alg: none` token carries no signature at all (it is
# refused because the algorithm is pinned); a token the IdP issued to another app must
# not log you in here (`aud`); a token from another issuer or signed by another key is a
# forgery; an expired or replayed token is a stolen one. A token may list several
# audiences; PyJWT accepts it if ours is among them, so `validate_id_token` adds a rule
# for that case: the authorized party `azp` must be present and be this client, otherwise
# another client the token was issued to could replay it here. OIDC Core 1.0 §3.1.3.7
# asked for this (as SHOULDs, steps 4-5) until errata set 2 (December 2023), which leaves
# `azp` to extensions; we keep the stricter check on purpose.
#
# ## Single sign-on
#
# Two applications trust one IdP. Alice logs in to app A; when she opens app B, the
# IdP's own session cookie lets it skip the password and issue app B its own token:

# %%
print("\n".join(sec.sso()))

# %% [markdown]
# One password, two ID tokens, each valid only for its own audience. Logging out is the
# hard part of SSO: ending the IdP session does not end the apps' sessions, which is what
# OIDC's front- and back-channel logout specifications address.
#
# ## Try it
#
# **1.** A page on https://app.example sends
# `fetch("https://api.example/orders/7", {method: "PUT", credentials: "include",
# headers: {"Content-Type": "application/json"}})`. The API answers the preflight with
# `Access-Control-Allow-Origin: https://app.example`, `Access-Control-Allow-Credentials:
# true`, `Access-Control-Allow-Methods: *` and `Access-Control-Allow-Headers: *`. Does the
# browser send the `PUT`: `"yes"` or `"no"`? Decide first, then check with
# `sec.cors_decision`.

# %%
answer = ...
check("24.1", answer)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# from sysdesign import security as sec
#
# verdict = sec.cors_decision("https://app.example", "PUT",
#                             {"Content-Type": "application/json"}, credentials=True,
#                             allow_origin="https://app.example", allow_methods=("*",),
#                             allow_headers=("*",), allow_credentials=True)
# answer = "yes" if verdict == "allowed" else "no"
# ```
#
# No (`verdict` is `"blocked: method not allowed"`). The origin and credentials headers
# are right, but for a credentialed request the Fetch standard reads `*` in
# `Access-Control-Allow-Methods` and `-Allow-Headers` as a literal name, just as it never
# accepts `*` as the origin. The API must list `PUT` and `Content-Type` by name (and send
# `Vary: Origin` with the echoed origin, so caches keep one answer per origin).
# </details>
#
# **2.** The round-trip time between a phone and a server is 80 ms. With a fresh TCP
# connection and a full TLS 1.2 handshake, how many milliseconds pass before the phone has
# the response to its first HTTPS request (ignore processing time)?

# %%
answer = ...
check("24.2", answer)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# from sysdesign import security as sec
#
# answer = sec.round_trips("TLS 1.2 full")["until response"] * 80
# ```
#
# 320 ms: one round trip for TCP, two for TLS 1.2, one for the request. TLS 1.3 saves
# 80 ms, and 0-RTT resumption another 80 ms.
# </details>
#
# ## Summary
# - A chain is checked link by link: the issuer's name matches, its signature verifies,
#   each certificate is valid now, every issuer is a CA. Names prove nothing without the
#   signature. Production verifiers check much more (names, key usage, path length).
# - TLS 1.3 needs one round trip of handshake, TLS 1.2 two; 0-RTT needs none but its
#   early data can be replayed. With mTLS under TLS 1.3 a rejected client learns it on its
#   first read.
# - Escape output by context against XSS; use a synchronizer token or SameSite cookies
#   against CSRF; CORS decides what a page may read, not what a server will do; a WAF
#   is a coarse filter with false positives.
# - Use PKCE with every authorization-code flow and validate every ID token's signature
#   with a pinned algorithm, `iss`, `aud`, `exp` and `nonce`.
#
# ## Where this shows up
# - Every HTTPS site serves a chain to a root in the browser's store; Let's Encrypt
#   issues short-lived leaves from intermediates; service meshes such as Istio and
#   Linkerd give every workload a certificate and run mTLS between them (see
#   [23 · Service infrastructure](23_service_infrastructure.ipynb)).
# - CDNs and load balancers terminate TLS and resume sessions, and some accept 0-RTT early
#   data ([07 · CDN](07_cdn.ipynb), [05 · Load balancing](05_load_balancing.ipynb)).
# - Django's templates escape by default, and Flask turns on Jinja2's autoescaping for HTML
#   templates; Django and Rails ship CSRF tokens; ModSecurity and Coraza run the OWASP
#   Core Rule Set, and cloud WAFs (AWS WAF, Cloudflare) offer managed rule sets like it.
# - "Sign in with Google" and Microsoft Entra ID are OIDC; mobile and single-page apps
#   must use PKCE. API gateways validate tokens at the edge
#   ([16 · Rate limiting](16_rate_limiting.ipynb) limits by the identity they carry).
#
# ## Further reading
# - RFC 5280 (X.509 certificates and path validation); the CA/Browser Forum Baseline
#   Requirements.
# - RFC 8446 (TLS 1.3; §8 on 0-RTT replay), RFC 5246 (TLS 1.2), RFC 8470 (HTTP early data).
# - OWASP Cheat Sheets: Cross Site Scripting Prevention, Cross-Site Request Forgery
#   Prevention; the OWASP Core Rule Set.
# - WHATWG Fetch standard, "CORS protocol"; RFC 6265bis (SameSite cookies).
# - RFC 6749 (OAuth 2.0), RFC 7636 (PKCE), RFC 9700 (OAuth 2.0 Security Best Current
#   Practice), OpenID Connect Core 1.0 (ID token validation), RFC 7519 (JWT), RFC 8725
#   (JWT Best Current Practices).

# %% [markdown]
# <!-- nav -->
# [← 23 · Service infrastructure: discovery, gateways, meshes, CMDBs](23_service_infrastructure.ipynb) · [Contents](00_start_here.ipynb#Course-map) · [25 · Performance and observability: queues, percentiles, load tests, traces →](25_performance.ipynb)
