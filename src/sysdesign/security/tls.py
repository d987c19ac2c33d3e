"""Real TLS 1.3 and 1.2 handshakes on 127.0.0.1 with :mod:`ssl`, mTLS, and a round-trip model.

Servers bind to 127.0.0.1 on a free port, accept one connection with timeouts and are
closed in ``finally``. The certificates come from :func:`.pki.demo_pki`; the PEM files that
``ssl`` needs are written to a temporary directory that is removed afterwards.
"""

from __future__ import annotations

import datetime as dt
import socket
import ssl
import tempfile
import threading
from pathlib import Path

from cryptography.hazmat.primitives import serialization

from ..core import checks
from .pki import Issued, demo_pki

VERSIONS = {"TLS 1.3": ssl.TLSVersion.TLSv1_3, "TLS 1.2": ssl.TLSVersion.TLSv1_2}
HOST = "127.0.0.1"
TIMEOUT_S = 5.0


def _pem(issued: Issued, *chain: Issued) -> tuple[bytes, bytes]:
    certs = b"".join(c.cert.public_bytes(serialization.Encoding.PEM) for c in (issued, *chain))
    key = issued.key.private_bytes(serialization.Encoding.PEM,
                                   serialization.PrivateFormat.PKCS8,
                                   serialization.NoEncryption())
    return certs, key


def _load(ctx: ssl.SSLContext, folder: Path, name: str, issued: Issued, *chain: Issued):
    certs, key = _pem(issued, *chain)
    (folder / f"{name}.pem").write_bytes(certs)
    (folder / f"{name}.key").write_bytes(key)
    ctx.load_cert_chain(folder / f"{name}.pem", folder / f"{name}.key")


def handshake(version: str = "TLS 1.3", *, require_client_cert: bool = False,
              client_cert: bool = False, pki: dict[str, Issued] | None = None) -> dict:
    """One real TLS connection on 127.0.0.1; what each side saw.

    Returns ``accepted`` (the server read the client's request and answered), the
    negotiated ``version`` and ``cipher`` (client side), the server's ``server error`` and
    the client's ``client error`` (short descriptions; the exact alert can vary with timing),
    where the client failed (``client failed at``: handshake or first read) and the
    common name of the client certificate the server saw (``client cert seen``).
    """
    checks.choice(version, "version", VERSIONS)
    # Real TLS checks validity against the clock: issue for now, not for pki.EPOCH.
    pki = pki or demo_pki(dt.datetime.now(dt.timezone.utc))
    root_pem = pki["root"].cert.public_bytes(serialization.Encoding.PEM).decode()
    out = {"version": None, "cipher": None, "accepted": False, "server error": "",
           "client error": "", "client cert seen": None, "client failed at": ""}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        server_ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        server_ctx.minimum_version = server_ctx.maximum_version = VERSIONS[version]
        _load(server_ctx, folder, "server", pki["server"], pki["intermediate"])
        if require_client_cert:
            server_ctx.verify_mode = ssl.CERT_REQUIRED
            server_ctx.load_verify_locations(cadata=root_pem)
        client_ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)  # verifies cert and hostname
        client_ctx.minimum_version = client_ctx.maximum_version = VERSIONS[version]
        client_ctx.load_verify_locations(cadata=root_pem)
        if client_cert:
            _load(client_ctx, folder, "client", pki["client"], pki["intermediate"])

        listener = socket.create_server((HOST, 0))
        listener.settimeout(TIMEOUT_S)
        port = listener.getsockname()[1]

        def serve() -> None:
            try:
                conn, _ = listener.accept()
            except OSError as exc:  # pragma: no cover - timeout
                out["server error"] = f"accept: {exc}"
                return
            with conn:
                conn.settimeout(TIMEOUT_S)
                try:
                    with server_ctx.wrap_socket(conn, server_side=True) as tls:
                        peer = tls.getpeercert()
                        out["client cert seen"] = dict(x[0] for x in peer["subject"]).get(
                            "commonName") if peer else None
                        request = tls.recv(64)
                        tls.sendall(b"hello " + request)
                        out["accepted"] = True
                except (ssl.SSLError, OSError) as exc:
                    out["server error"] = _describe(exc)

        thread = threading.Thread(target=serve, daemon=True)
        thread.start()
        stage = "handshake"
        try:
            with socket.create_connection((HOST, port), timeout=TIMEOUT_S) as raw:
                with client_ctx.wrap_socket(raw, server_hostname="localhost") as tls:
                    out["version"] = tls.version()
                    out["cipher"] = tls.cipher()[0]
                    stage = "first read"
                    tls.sendall(b"client")
                    if not tls.recv(64):
                        raise ConnectionResetError("eof: closed by the server")
        except (ssl.SSLError, OSError) as exc:
            out["client error"] = _describe(exc)
            out["client failed at"] = stage
        finally:
            thread.join(TIMEOUT_S)
            listener.close()
    return out


def _describe(exc: BaseException) -> str:
    """A stable, short description of an ssl/socket error (messages vary by OpenSSL build)."""
    text = str(exc).lower()
    for needle, short in (("certificate required", "alert: certificate required"),
                          ("peer did not return a certificate", "no client certificate"),
                          ("certificate verify failed", "certificate verify failed"),
                          ("reset", "connection reset"), ("eof", "connection closed")):
        if needle in text:
            return short
    return type(exc).__name__


# --- the round-trip model ----------------------------------------------------------------

#: Messages of each handshake, as (sender, what); a change of direction is half a round trip.
FLOWS = {
    "TLS 1.2 full": [
        ("client", "TCP SYN"), ("server", "SYN-ACK"), ("client", "ACK, ClientHello"),
        ("server", "ServerHello, Certificate, ServerKeyExchange, ServerHelloDone"),
        ("client", "ClientKeyExchange, ChangeCipherSpec, Finished"),
        ("server", "ChangeCipherSpec, Finished"),
        ("client", "HTTP request"), ("server", "HTTP response")],
    "TLS 1.3 full": [
        ("client", "TCP SYN"), ("server", "SYN-ACK"), ("client", "ACK, ClientHello + key_share"),
        ("server", "ServerHello + key_share, {EncryptedExtensions, Certificate, "
                   "CertificateVerify, Finished}"),
        ("client", "{Finished}, HTTP request"), ("server", "HTTP response")],
    "TLS 1.3 0-RTT": [
        ("client", "TCP SYN"), ("server", "SYN-ACK"),
        ("client", "ACK, ClientHello + key_share + psk + early data: HTTP request"),
        ("server", "ServerHello, {EncryptedExtensions, Finished}, HTTP response")],
}


def timeline(flow: str, rtt_ms: float = 50.0) -> list[dict]:
    """Each message of ``flow`` with the time it arrives, one-way delay ``rtt_ms / 2``.

    A message sent right after one arriving from the other side leaves at that arrival;
    messages in a row from the same sender leave together (one flight).
    """
    checks.choice(flow, "flow", FLOWS)
    rtt_ms = checks.number(rtt_ms, "rtt_ms", 0, 10_000)
    rows, clock, last = [], 0.0, None
    for sender, what in FLOWS[flow]:
        sent = clock if sender != last else rows[-1]["sent ms"]
        arrives = sent + rtt_ms / 2
        rows.append({"from": sender, "message": what, "sent ms": sent, "arrives ms": arrives})
        clock, last = arrives, sender
    return rows


def round_trips(flow: str) -> dict:
    """Round trips before the client can send its request, and until it has the response."""
    rows = timeline(flow, rtt_ms=2.0)  # one-way delay 1: times count half round trips
    request = next(r for r in rows if "HTTP request" in r["message"])
    return {"flow": flow, "TCP": 1.0,
            "TLS before request": request["sent ms"] / 2 - 1.0,
            "until response": rows[-1]["arrives ms"] / 2}
