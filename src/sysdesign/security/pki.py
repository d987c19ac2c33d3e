"""Certificates built at run time with ``cryptography``, and a readable chain checker.

Nothing here is stored: every key is generated when called (EC P-256, fast), so no private
key or certificate is ever committed. :func:`verify_chain` checks the four things a chain
must satisfy (signatures, names, validity, CA flags); the tests cross-check it against
``cryptography``'s own X.509 verifier.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from ..core import checks

UTC = dt.timezone.utc
#: The fixed instant the notebook checks chains at, so validity output never changes.
EPOCH = dt.datetime(2026, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class ChainResult:
    """The verdict on a chain: ``ok`` and, when not ok, the first ``reason`` found."""

    ok: bool
    reason: str = ""

    def __bool__(self) -> bool:
        return self.ok


@dataclass(frozen=True)
class Issued:
    """A certificate with its private key (kept in memory only)."""

    cert: x509.Certificate
    key: ec.EllipticCurvePrivateKey


def _name(common_name: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def issue(common_name: str, issuer: Issued | None = None, *, ca: bool = False,
          not_before: dt.datetime = EPOCH - dt.timedelta(days=30),
          days: int = 365, dns: str | None = None, client: bool = False,
          path_length: int | None = None) -> Issued:
    """A fresh EC P-256 key and a certificate for it, signed by ``issuer`` (self-signed if None).

    CA certificates get basicConstraints CA=TRUE and keyUsage keyCertSign; leaves get
    CA=FALSE, digitalSignature, a SAN (``dns``) and serverAuth (or clientAuth), as the
    CA/Browser Forum profile that ``cryptography``'s verifier enforces expects.
    """
    if not isinstance(common_name, str) or not common_name:
        raise ValueError(f"common_name must be a non-empty string, got {common_name!r}")
    if issuer is not None and not isinstance(issuer, Issued):
        raise TypeError(f"issuer must be an Issued (from issue()) or None, "
                        f"got {type(issuer).__name__}")
    days = checks.integer(days, "days", 1)
    key = ec.generate_private_key(ec.SECP256R1())
    signer = issuer if issuer is not None else None
    issuer_name = signer.cert.subject if signer else _name(common_name)
    signing_key = signer.key if signer else key
    builder = (x509.CertificateBuilder()
               .subject_name(_name(common_name)).issuer_name(issuer_name)
               .public_key(key.public_key()).serial_number(x509.random_serial_number())
               .not_valid_before(not_before)
               .not_valid_after(not_before + dt.timedelta(days=days))
               .add_extension(x509.BasicConstraints(ca=ca, path_length=path_length
                                                    if ca else None), critical=True)
               .add_extension(x509.KeyUsage(
                   digital_signature=not ca, content_commitment=False, key_encipherment=False,
                   data_encipherment=False, key_agreement=False, key_cert_sign=ca,
                   crl_sign=ca, encipher_only=False, decipher_only=False), critical=True)
               .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()),
                              critical=False))
    if signer is not None:
        builder = builder.add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(signer.key.public_key()),
            critical=False)
    if not ca:
        builder = builder.add_extension(
            x509.SubjectAlternativeName([x509.DNSName(dns or common_name)]), critical=False)
        usage = ExtendedKeyUsageOID.CLIENT_AUTH if client else ExtendedKeyUsageOID.SERVER_AUTH
        builder = builder.add_extension(x509.ExtendedKeyUsage([usage]), critical=False)
    return Issued(builder.sign(signing_key, hashes.SHA256()), key)


def _is_ca(cert: x509.Certificate) -> bool:
    try:
        return bool(cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca)
    except x509.ExtensionNotFound:
        return False


def _signed_by(cert: x509.Certificate, issuer: x509.Certificate) -> bool:
    try:
        cert.verify_directly_issued_by(issuer)
    except (ValueError, TypeError, InvalidSignature):
        return False
    return True


def _cn(cert: x509.Certificate) -> str:
    names = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    return str(names[0].value) if names else cert.subject.rfc4514_string()


def verify_chain(leaf, intermediates, roots, *, at=None) -> ChainResult:
    """Build a path from ``leaf`` through ``intermediates`` to one of ``roots`` and check it.

    At each link: the issuer's name equals the certificate's issuer name, the signature
    verifies with the issuer's public key, the certificate is valid at ``at`` (default:
    now; a naive datetime means UTC) and the issuer is a CA (basicConstraints CA=TRUE).
    Roots are trusted as given but must be valid at ``at`` too. Simpler than a full
    RFC 5280 / CA/B verifier: no path-length, key-usage, name-constraint, SAN or
    revocation checks.
    """
    for name, value in (("leaf", leaf),):
        if not isinstance(value, x509.Certificate):
            raise TypeError(f"{name} must be a cryptography x509.Certificate, "
                            f"got {type(value).__name__}")
    for name, certs in (("intermediates", intermediates), ("roots", roots)):
        if isinstance(certs, x509.Certificate):
            raise TypeError(f"{name} must be a list of certificates, not one certificate: "
                            f"wrap it as [{name[:-1]}]")
    intermediates, roots = list(intermediates or ()), list(roots or ())
    for name, certs in (("intermediates", intermediates), ("roots", roots)):
        if not all(isinstance(c, x509.Certificate) for c in certs):
            raise TypeError(f"{name} must hold only cryptography x509.Certificate objects")
    if not roots:
        raise ValueError("roots must hold at least one trusted certificate")
    if at is None:
        at = dt.datetime.now(UTC)
    if not isinstance(at, dt.datetime):
        raise TypeError(f"at must be a datetime (timezone-aware, or naive meaning UTC), "
                        f"got {at!r}")
    if at.tzinfo is None:  # naive means UTC, as in cryptography's PolicyBuilder.time
        at = at.replace(tzinfo=UTC)

    def valid(cert: x509.Certificate) -> bool:
        return cert.not_valid_before_utc <= at <= cert.not_valid_after_utc

    def extend(current: x509.Certificate, path: list) -> ChainResult:
        """The first trusted path up from ``current``, else the first failure met.

        Several certificates may carry the issuer's name (a renewed or cross-signed CA
        keeps its name and key), so each candidate is tried in turn, as real verifiers
        do: one expired copy must not hide a valid one.
        """
        if not valid(current):
            return ChainResult(False, f"{_cn(current)} is not valid at {at:%Y-%m-%d}")
        named_roots = [r for r in roots if r.subject == current.issuer]
        named = [c for c in intermediates if c.subject == current.issuer]
        if not named_roots and not named:
            return ChainResult(False, f"no issuer found for {_cn(current)}")
        failure = None
        for root in named_roots:
            if not _signed_by(current, root):
                continue
            if current is not root and not _is_ca(root):
                result = ChainResult(False, f"{_cn(root)} is not a CA")
            elif not valid(root):
                result = ChainResult(False, f"{_cn(root)} is not valid at {at:%Y-%m-%d}")
            else:
                return ChainResult(True, "")
            failure = result if failure is None else failure
        for parent in named:
            if not _signed_by(current, parent):
                continue
            if not _is_ca(parent):
                result = ChainResult(False, f"{_cn(parent)} is not a CA")
            elif any(parent is step for step in path):
                result = ChainResult(False, "issuer loop")
            else:
                result = extend(parent, [*path, parent])
            if result.ok:
                return result
            failure = result if failure is None else failure
        if failure is None:  # (a ChainResult is falsy when not ok: compare with None)
            return ChainResult(False, f"bad signature on {_cn(current)}")
        return failure

    return extend(leaf, [leaf])


def demo_pki(at: dt.datetime = EPOCH) -> dict[str, Issued]:
    """A root CA, an intermediate CA, a server leaf and a client leaf, all valid at ``at``."""
    start = at - dt.timedelta(days=30)
    root = issue("Course Root CA", ca=True, not_before=start, days=3650)
    inter = issue("Course Issuing CA", root, ca=True, not_before=start, days=1825,
                  path_length=0)
    server = issue("localhost", inter, not_before=start, days=90)
    client = issue("alice", inter, not_before=start, days=90, dns="alice.example",
                   client=True)
    return {"root": root, "intermediate": inter, "server": server, "client": client}
