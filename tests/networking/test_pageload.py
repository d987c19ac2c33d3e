"""Page loads over HTTP/1.1, HTTP/2 and HTTP/3, and the round trips of one request."""

import statistics
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sysdesign.networking.pageload import (
    PACKET_BYTES,
    PROTOCOLS,
    page_load,
    request_flow,
    setup_rtts,
)

SMALL_PAGE = [10_000] * 30


def finishes(load):
    return [r.finished for r in load.resources]


# --- one request: round trips (RFC 8446, RFC 5246, RFC 9000/9001) ---------------------------
@pytest.mark.parametrize("protocol, tls, resumed, rtts", [
    ("http/1.1", "1.3", False, 3),  # TCP 1 + TLS 1.3 1 + request/response 1
    ("http/2", "1.3", False, 3),
    ("http/2", "1.2", False, 4),    # TLS 1.2 full handshake: 2 RTT
    ("http/3", "1.3", False, 2),    # QUIC: transport and TLS 1.3 together in 1 RTT
    ("http/2", "1.3", True, 2),     # TLS 1.3 0-RTT early data rides on the first flight
    ("http/2", "1.2", True, 3),     # TLS 1.2 abbreviated handshake: 1 RTT
    ("http/3", "1.3", True, 1),     # QUIC 0-RTT
])
def test_round_trips_to_the_first_response_byte(protocol, tls, resumed, rtts):
    flow = request_flow(protocol, rtt=80.0, tls=tls, resumed=resumed, dns=False)
    assert flow.first_byte == rtts * 80.0
    with_dns = request_flow(protocol, rtt=80.0, tls=tls, resumed=resumed, dns=True)
    assert with_dns.first_byte == (rtts + 1) * 80.0
    assert with_dns.phases[0].name == "DNS lookup"


def test_flow_phases_follow_each_other_and_end_with_the_transfer():
    flow = request_flow("http/2", rtt=100.0, response_bytes=125_000, bandwidth=10.0)
    for before, after in pairwise(flow.phases):
        assert before.end == after.start
    assert [p.name for p in flow.phases] == ["DNS lookup", "TCP handshake", "TLS 1.3 handshake",
                                             "request", "response: first byte",
                                             "response: transfer"]
    assert flow.done - flow.first_byte == pytest.approx(100.0)  # 1 Mbit at 10 Mbit/s


def test_setup_rtts_rejects_unknown_names():
    with pytest.raises(ValueError, match="protocol"):
        setup_rtts("http/4")
    with pytest.raises(ValueError, match="tls"):
        setup_rtts("http/2", "1.1")


# --- page loads: exact cases ---------------------------------------------------------------
@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_one_resource_costs_setup_plus_one_round_trip_plus_its_bytes(protocol):
    load = page_load(protocol, sizes=[12_000], rtt=100.0, bandwidth=10.0)
    packets = 12_000 // PACKET_BYTES
    serialise = packets * PACKET_BYTES * 8 / 10_000  # ms at 10 Mbit/s
    assert load.page_load_time == pytest.approx(setup_rtts(protocol) * 100.0 + 100.0 + serialise)
    (only,) = load.resources
    assert only.first_byte == pytest.approx(only.requested + 100.0 + serialise / packets)
    assert load.counters["connections"] == 1


def test_without_loss_http2_and_http3_match_and_beat_http11_on_many_small_files():
    h1, h2, h3 = (page_load(p, sizes=SMALL_PAGE, rtt=100.0, handshake=False)
                  for p in PROTOCOLS)
    assert finishes(h2) == finishes(h3)
    assert h2.page_load_time < h1.page_load_time - 100.0  # HTTP/1.1 needs more round trips
    assert h1.counters["connections"] == 6 and h2.counters["connections"] == 1


def test_with_handshakes_http3_saves_exactly_one_round_trip_without_loss():
    h2 = page_load("http/2", sizes=SMALL_PAGE, rtt=70.0)
    h3 = page_load("http/3", sizes=SMALL_PAGE, rtt=70.0)
    assert finishes(h3) == pytest.approx([t - 70.0 for t in finishes(h2)])
    tls12 = page_load("http/2", sizes=SMALL_PAGE, rtt=70.0, tls="1.2")
    assert tls12.page_load_time == pytest.approx(h2.page_load_time + 70.0)


def test_http11_uses_one_request_at_a_time_per_connection_and_at_most_six():
    load = page_load("http/1.1", sizes=SMALL_PAGE, rtt=50.0, loss=0.02, seed=4)
    assert load.counters["connections"] == 6
    by_connection = {}
    for r in load.resources:
        by_connection.setdefault(r.connection, []).append((r.requested, r.finished))
    for spans in by_connection.values():
        spans.sort()
        for (_, end), (start, _) in pairwise(spans):
            assert start >= end
    for opened, ready in load.connections:
        assert ready - opened == pytest.approx(2 * 50.0)


# --- head-of-line blocking -----------------------------------------------------------------
@given(seed=st.integers(0, 10**6), loss=st.floats(0.0, 0.2),
       sizes=st.lists(st.integers(1, 30_000), min_size=1, max_size=25),
       handshake=st.booleans())
def test_http3_never_finishes_a_resource_later_than_http2(seed, loss, sizes, handshake):
    """Same seed: the same packets are lost; QUIC only stops holding back other streams."""
    h2 = page_load("http/2", sizes=sizes, rtt=60.0, loss=loss, seed=seed, handshake=handshake)
    h3 = page_load("http/3", sizes=sizes, rtt=60.0, loss=loss, seed=seed, handshake=handshake)
    shift = 60.0 if handshake else 0.0
    for a, b in zip(h2.resources, h3.resources, strict=True):
        assert b.finished <= a.finished - shift + 1e-9
    assert h3.blocked_ms <= h2.blocked_ms + 1e-9
    assert h2.counters["lost"] == h3.counters["lost"]


def test_under_loss_http3_completes_resources_sooner_and_blocks_far_less():
    h2 = [page_load("http/2", sizes=SMALL_PAGE, loss=0.03, seed=s, handshake=False)
          for s in range(10)]
    h3 = [page_load("http/3", sizes=SMALL_PAGE, loss=0.03, seed=s, handshake=False)
          for s in range(10)]
    # the last byte waits for the last lost packet either way (see the module docstring) ...
    assert [x.page_load_time for x in h3] == [x.page_load_time for x in h2]
    # ... but with HTTP/3 the other resources do not wait for it
    assert statistics.mean(x.mean_finish for x in h3) < \
        statistics.mean(x.mean_finish for x in h2) - 10.0
    assert sum(x.blocked_ms for x in h3) < sum(x.blocked_ms for x in h2) / 3


def test_loss_slows_every_protocol_down():
    for protocol in PROTOCOLS:
        clean = page_load(protocol, sizes=SMALL_PAGE).page_load_time
        lossy = statistics.mean(page_load(protocol, sizes=SMALL_PAGE, loss=0.05, seed=s)
                                .page_load_time for s in range(5))
        assert lossy > clean


# --- invariants ----------------------------------------------------------------------------
@settings(max_examples=50)
@given(protocol=st.sampled_from(PROTOCOLS), seed=st.integers(0, 10**6),
       loss=st.floats(0.0, 0.3), sizes=st.lists(st.integers(1, 20_000), min_size=1, max_size=20),
       rtt=st.floats(1.0, 300.0))
def test_waterfall_is_consistent(protocol, seed, loss, sizes, rtt):
    load = page_load(protocol, sizes=sizes, rtt=rtt, loss=loss, seed=seed)
    document = load.resources[0]
    total_packets = sum(-(-s // PACKET_BYTES) for s in sizes)
    for r in load.resources:
        assert r.requested + rtt <= r.first_byte + 1e-9 <= r.finished + 1e-9
        if r.index:
            assert r.requested >= document.finished
    counters = load.counters
    assert counters["packets"] == total_packets + counters["retransmitted"]
    assert counters["lost"] == counters["retransmitted"]
    assert load.page_load_time == max(finishes(load))


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_page_load_grows_with_rtt(protocol):
    times = [page_load(protocol, sizes=SMALL_PAGE, rtt=rtt).page_load_time
             for rtt in (10.0, 50.0, 100.0, 200.0)]
    assert times == sorted(times) and times[0] < times[-1]
    lossy = [statistics.mean(page_load(protocol, sizes=SMALL_PAGE, rtt=rtt, loss=0.02, seed=s)
                             .page_load_time for s in range(4)) for rtt in (20.0, 200.0)]
    assert lossy[0] < lossy[1]


def test_same_seed_same_waterfall():
    one = page_load("http/1.1", loss=0.05, seed=9)
    two = page_load("http/1.1", loss=0.05, seed=9)
    assert one.resources == two.resources and one.counters == two.counters


@pytest.mark.parametrize("kwargs, error, name", [
    ({"protocol": "http/4"}, ValueError, "protocol"),
    ({"sizes": []}, ValueError, "sizes"),
    ({"sizes": [100, 0]}, ValueError, "sizes"),
    ({"sizes": [1.5]}, TypeError, "sizes"),
    ({"loss": 1.0}, ValueError, "loss"),
    ({"rtt": -1}, ValueError, "rtt"),
    ({"bandwidth": 0}, ValueError, "bandwidth"),
    ({"tls": "1.1"}, ValueError, "tls"),
    ({"resources": 0}, ValueError, "resources"),
    ({"protocol": "http/1.1", "max_connections": 0}, ValueError, "max_connections"),
])
def test_bad_arguments_name_the_parameter(kwargs, error, name):
    with pytest.raises(error, match=name):
        page_load(**kwargs)
