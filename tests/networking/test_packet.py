"""The packet parser, field by field against dpkt, and the checksums against RFC 1071."""

import socket
import struct

import dpkt
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sysdesign.networking import packet
from sysdesign.networking.packet import (
    CAPTURE_FILE,
    CURL_REQUEST,
    build_http_get,
    flag_names,
    internet_checksum,
    load_packet,
    parse,
    parse_tcp_options,
)


def test_the_shipped_file_is_what_the_builder_makes():
    assert load_packet() == build_http_get()


@pytest.mark.parametrize("raw", [load_packet(), load_packet(CAPTURE_FILE),
                                 build_http_get(b"GET /x HTTP/1.1\r\nHost: a\r\n\r\n",
                                                src="10.0.0.7", dst="93.184.215.14")],
                         ids=["built", "captured", "other"])
def test_every_field_matches_dpkt(raw):
    mine = parse(raw)
    eth = dpkt.ethernet.Ethernet(raw)
    ip, tcp = eth.data, eth.data.data
    assert mine.ethernet["dst"] == ":".join(f"{b:02x}" for b in eth.dst)
    assert mine.ethernet["src"] == ":".join(f"{b:02x}" for b in eth.src)
    assert mine.ethernet["ethertype"] == eth.type == dpkt.ethernet.ETH_TYPE_IP
    assert (mine.ip["version"], mine.ip["ihl"]) == (ip.v, ip.hl * 4)
    assert (mine.ip["dscp"], mine.ip["ecn"]) == (ip.tos >> 2, ip.tos & 3)
    assert mine.ip["total_length"] == ip.len
    assert mine.ip["id"] == ip.id
    assert (mine.ip["df"], mine.ip["mf"], mine.ip["fragment_offset"]) == (
        bool(ip.df), bool(ip.mf), ip.offset // 8)
    assert (mine.ip["ttl"], mine.ip["protocol"], mine.ip["checksum"]) == (ip.ttl, ip.p, ip.sum)
    assert mine.ip["src"] == socket.inet_ntoa(ip.src)
    assert mine.ip["dst"] == socket.inet_ntoa(ip.dst)
    assert mine.ip["options"] == ip.opts
    assert (mine.tcp["src_port"], mine.tcp["dst_port"]) == (tcp.sport, tcp.dport)
    assert (mine.tcp["seq"], mine.tcp["ack"]) == (tcp.seq, tcp.ack)
    assert mine.tcp["header_length"] == tcp.off * 4
    assert mine.tcp["flag_bits"] == tcp.flags
    assert mine.tcp["window"] == tcp.win
    assert mine.tcp["checksum"] == tcp.sum
    assert mine.tcp["urgent"] == tcp.urp
    theirs = [(kind, data) for kind, data in dpkt.tcp.parse_opts(tcp.opts)]
    assert [(packet.TCP_OPTIONS[k], d) for k, d in theirs] == mine.tcp["options"]
    request = dpkt.http.Request(tcp.data)
    assert (mine.http["method"], mine.http["target"]) == (request.method, request.uri)
    assert mine.http["version"] == "HTTP/" + request.version
    assert {k.lower(): v for k, v in mine.http["headers"]} == dict(request.headers)
    assert mine.http.end == len(raw) and mine.http.start + len(tcp.data) == len(raw)


def test_checksums_valid_where_built_and_tcp_left_unfilled_in_the_capture():
    built, captured = parse(load_packet()), parse(load_packet(CAPTURE_FILE))
    assert built.ip["checksum_ok"] and built.tcp["checksum_ok"]
    assert captured.ip["checksum_ok"] and not captured.tcp["checksum_ok"]
    # dpkt recomputes checksums when it packs a packet it parsed with the field zeroed:
    eth = dpkt.ethernet.Ethernet(load_packet())
    ip = eth.data
    expected_ip, expected_tcp = ip.sum, ip.data.sum
    ip.sum, ip.data.sum = 0, 0
    repacked = dpkt.ip.IP(bytes(ip))
    assert (repacked.sum, repacked.data.sum) == (expected_ip, expected_tcp)


def test_the_capture_holds_the_unfinished_offload_sum_of_the_pseudo_header():
    """Evidence the capture is real: Linux wrote only the pseudo-header's sum, left for a card."""
    captured, built = parse(load_packet(CAPTURE_FILE)), parse(load_packet())
    assert captured.tcp["checksum"] == captured.tcp["pseudo_header_sum"] == 0xFE77
    assert built.tcp["checksum"] != built.tcp["pseudo_header_sum"]
    addresses = bytes([127, 0, 0, 1]) * 2
    length = len(load_packet(CAPTURE_FILE)) - 34  # TCP header and data
    words = sum(int.from_bytes(addresses[i:i + 2], "big") for i in range(0, 8, 2)) + 6 + length
    assert captured.tcp["pseudo_header_sum"] == (words & 0xFFFF) + (words >> 16)


def test_the_built_packet_copies_the_capture_but_for_ports_numbers_and_checksum():
    built, captured = parse(load_packet()), parse(load_packet(CAPTURE_FILE))
    for key in ("version", "ihl", "df", "ttl", "protocol", "src", "dst"):
        assert built.ip[key] == captured.ip[key], key
    for key in ("header_length", "flags", "window"):
        assert built.tcp[key] == captured.tcp[key], key
    assert built.ethernet.fields == captured.ethernet.fields
    assert [n for n, _ in built.tcp["options"]] == [n for n, _ in captured.tcp["options"]]
    assert built.http["headers"][1:] == captured.http["headers"][1:]  # Host has the port
    assert captured.tcp["dst_port"] == 34037 and built.tcp["dst_port"] == 8080  # as the prose
    assert ("Host", "127.0.0.1:34037") in captured.http["headers"]


def test_spans_cover_every_byte_once_in_order():
    mine = parse(load_packet())
    at = 0
    for _layer, _name, start, end, _value in mine.spans:
        assert start == at and end > start
        at = end
    assert at == len(load_packet()) == 14 + 20 + 32 + len(CURL_REQUEST)


def test_rfc_1071_example_and_a_flipped_bit_is_caught():
    # RFC 1071 section 3: the words 0001 f203 f4f5 f6f7 sum (with carries) to ddf2.
    assert internet_checksum(bytes.fromhex("0001f203f4f5f6f7")) == 0xFFFF - 0xDDF2
    raw = bytearray(load_packet())
    raw[14 + 8] ^= 0x01  # one bit of the TTL
    assert not parse(bytes(raw)).ip["checksum_ok"]


@given(st.binary(max_size=200))
def test_a_filled_in_checksum_makes_the_sum_zero(data):
    data = data + b"\0" * (len(data) % 2)
    filled = data + struct.pack("!H", internet_checksum(data))
    assert internet_checksum(filled) == 0


@given(st.integers(0, 255))
def test_flag_names_match_dpkt_constants(bits):
    names = set(flag_names(bits).split())
    constants = {"FIN": dpkt.tcp.TH_FIN, "SYN": dpkt.tcp.TH_SYN, "RST": dpkt.tcp.TH_RST,
                 "PSH": dpkt.tcp.TH_PUSH, "ACK": dpkt.tcp.TH_ACK, "URG": dpkt.tcp.TH_URG,
                 "ECE": dpkt.tcp.TH_ECE, "CWR": dpkt.tcp.TH_CWR}
    assert names == {name for name, bit in constants.items() if bits & bit}


@given(st.binary(max_size=120), st.integers(1024, 65535), st.integers(0, 2**32 - 1))
def test_built_packets_parse_back(payload, port, seq):
    request = b"GET / HTTP/1.1\r\nX: " + payload.hex().encode() + b"\r\n\r\n"
    mine = parse(build_http_get(request, src_port=port, seq=seq))
    assert (mine.tcp["src_port"], mine.tcp["seq"]) == (port, seq)
    assert mine.ip["checksum_ok"] and mine.tcp["checksum_ok"]


@pytest.mark.parametrize(("call", "error", "words"), [
    (lambda: parse("GET /"), TypeError, "frame"),
    (lambda: parse(b"\0" * 20), ValueError, "frame"),
    (lambda: parse(b"\0" * 12 + b"\x86\xdd" + load_packet()[14:]), ValueError, "IPv4"),
    (lambda: internet_checksum("ab"), TypeError, "data"),
    (lambda: flag_names(256), ValueError, "flags"),
    (lambda: parse_tcp_options(b"\x08\x01"), ValueError, "raw"),
    (lambda: load_packet("other.bin"), ValueError, "name"),
    (lambda: build_http_get("GET"), TypeError, "payload"),
    (lambda: parse(load_packet()[:60]), ValueError, "whole IPv4 packet"),  # cut short
    (lambda: parse(build_http_get(b"")), ValueError, "HTTP"),  # a bare ACK: no request
    (lambda: parse(build_http_get(b"\xc8\xc9 binary")), ValueError, "HTTP"),
    (lambda: parse(load_packet()[:46] + b"\x00" + load_packet()[47:]), ValueError,
     "TCP header"),  # data offset 0
])
def test_bad_input_names_the_parameter(call, error, words):
    with pytest.raises(error, match=words):
        call()
