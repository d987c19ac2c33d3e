"""Real TLS on 127.0.0.1 and the round-trip model."""

import datetime as dt
import ssl

import pytest

from sysdesign.security import pki, tls


@pytest.fixture(scope="module")
def now_pki():
    return pki.demo_pki(dt.datetime.now(dt.timezone.utc))


@pytest.mark.parametrize("version,expected", [("TLS 1.3", "TLSv1.3"), ("TLS 1.2", "TLSv1.2")])
def test_pinned_version_is_negotiated(now_pki, version, expected):
    out = tls.handshake(version, pki=now_pki)
    assert out["version"] == expected and out["accepted"] and not out["client error"]
    assert out["cipher"] in {c["name"] for c in ssl.create_default_context().get_ciphers()} \
        or out["cipher"].startswith("TLS_")


@pytest.mark.parametrize("version,stage", [("TLS 1.3", "first read"), ("TLS 1.2", "handshake")])
def test_mtls_rejects_a_client_without_a_certificate(now_pki, version, stage):
    out = tls.handshake(version, require_client_cert=True, pki=now_pki)
    assert not out["accepted"] and out["client failed at"] == stage
    ok = tls.handshake(version, require_client_cert=True, client_cert=True, pki=now_pki)
    assert ok["accepted"] and ok["client cert seen"] == "alice"


def test_an_expired_server_certificate_fails_verification():
    old = pki.demo_pki(pki.EPOCH - dt.timedelta(days=3650))
    out = tls.handshake("TLS 1.3", pki=old)
    assert not out["accepted"] and out["client error"] == "certificate verify failed"


def test_round_trips_match_the_rfcs():
    # RFC 5246: full handshake 2 RTT; RFC 8446: 1 RTT, and 0-RTT data with the first flight.
    assert tls.round_trips("TLS 1.2 full")["TLS before request"] == 2
    assert tls.round_trips("TLS 1.3 full")["TLS before request"] == 1
    assert tls.round_trips("TLS 1.3 0-RTT")["TLS before request"] == 0
    for flow in tls.FLOWS:
        trips = tls.round_trips(flow)
        assert trips["until response"] == trips["TCP"] + trips["TLS before request"] + 1


@pytest.mark.parametrize("rtt", [1.0, 37.5, 300.0])
def test_timeline_scales_with_rtt(rtt):
    for flow in tls.FLOWS:
        rows = tls.timeline(flow, rtt)
        assert rows[-1]["arrives ms"] == pytest.approx(
            tls.round_trips(flow)["until response"] * rtt)
        assert all(r["arrives ms"] - r["sent ms"] == pytest.approx(rtt / 2) for r in rows)
        assert all(a["from"] != b["from"] for a, b in zip(rows, rows[1:], strict=False))


def test_bad_input():
    with pytest.raises(ValueError, match="version"):
        tls.handshake("SSL 3")
    with pytest.raises(ValueError, match="flow"):
        tls.timeline("QUIC")
    with pytest.raises(ValueError, match="rtt_ms"):
        tls.timeline("TLS 1.3 full", -1)
