"""The hand-written parser against dnspython: shipped responses, built queries, and
messages hypothesis makes up and dnspython renders (with name compression)."""

from __future__ import annotations

import ipaddress
import struct
from pathlib import Path

import dns.exception
import dns.flags
import dns.message
import dns.name
import dns.rcode
import dns.rdata
import dns.rdataclass
import dns.rdatatype
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sysdesign.dns import wire, zone


def test_import_dns_means_dnspython_not_this_package():
    import sysdesign.dns as ours

    for module in (wire, zone):
        path = Path(module.dns.message.__file__)
        assert "site-packages" in path.parts and path.parent.name == "dns", path
        assert module.dns.message is dns.message
    assert hasattr(dns, "version") and not hasattr(dns, "follow_cnames")
    assert ours.__name__ == "sysdesign.dns"
    assert Path(ours.__file__).parent.parent.name == "sysdesign"


def _same_as_dnspython(raw: bytes) -> None:
    """Every header field, question and record of ours equals dnspython's reading."""
    theirs = dns.message.from_wire(raw)
    ours = wire.parse(raw)
    h = ours.header
    assert h.id == theirs.id
    assert h.qr == bool(theirs.flags & dns.flags.QR)
    assert h.aa == bool(theirs.flags & dns.flags.AA)
    assert h.tc == bool(theirs.flags & dns.flags.TC)
    assert h.rd == bool(theirs.flags & dns.flags.RD)
    assert h.ra == bool(theirs.flags & dns.flags.RA)
    assert h.ad == bool(theirs.flags & dns.flags.AD)
    assert h.cd == bool(theirs.flags & dns.flags.CD)
    assert h.rcode == dns.rcode.to_text(theirs.rcode())
    assert h.opcode == dns.opcode.to_text(theirs.opcode())
    assert [(q.name, q.type, q.rclass) for q in ours.questions] == [
        (r.name.to_text(), dns.rdatatype.to_text(r.rdtype), dns.rdataclass.to_text(r.rdclass))
        for r in theirs.question]
    assert wire.records(raw) == wire.dnspython_records(raw)
    counts = (h.qdcount, h.ancount, h.nscount, h.arcount)
    assert counts == tuple(sum(len(r) for r in s) if i else len(s) for i, s in enumerate(
        (theirs.question, theirs.answer, theirs.authority, theirs.additional)))


@pytest.mark.parametrize("stem", [q[0] for q in zone.QUERIES])
def test_every_shipped_response_reads_the_same_as_dnspython(stem):
    _same_as_dnspython(zone.shipped(stem))


def test_shipped_bytes_are_what_the_generator_renders():
    assert zone.render_responses() == {stem: zone.shipped(stem) for stem, *_ in zone.QUERIES}


def test_shipped_data_uses_only_reserved_names_and_documentation_addresses():
    documentation = [ipaddress.ip_network(n) for n in
                     ("192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24", "2001:db8::/32")]
    for stem, *_ in zone.QUERIES:
        for _section, name, rtype, _ttl, data in wire.records(zone.shipped(stem)):
            assert name.endswith(("example.com.", "example.net."))
            if rtype in ("A", "AAAA"):
                address = ipaddress.ip_address(data)
                assert any(address in net for net in documentation), address


def test_the_cname_chain_is_followed_to_the_addresses():
    chain = wire.follow_cnames(wire.parse(zone.shipped("www_a")))
    assert chain[:3] == ["www.example.com.", "web.example.com.", "edge.example.com."]
    assert chain[3].split(", ") == ["198.51.100.7", "198.51.100.8", "203.0.113.9"]


def test_follow_cnames_handles_every_record_type_and_a_message_without_question():
    txt = wire.follow_cnames(wire.parse(zone.shipped("apex_txt")), rtype="TXT")
    assert txt == ["example.com.", "v=spf1 ip4:192.0.2.0/24 -all"]
    mx = wire.follow_cnames(wire.parse(zone.shipped("apex_mx")), rtype="MX")
    assert mx == ["example.com.", "10 mail.example.com., 20 mail2.example.net."]
    empty = wire.parse(struct.pack("!HHHHHH", 1, 0, 0, 0, 0, 0))
    with pytest.raises(ValueError, match="name must be given"):
        wire.follow_cnames(empty)


def test_the_nxdomain_response_carries_the_soa_with_the_negative_ttl():
    message = wire.parse(zone.shipped("missing_a"))
    assert message.header.rcode == "NXDOMAIN" and not message.answers
    (soa,) = message.authority
    assert soa.type == "SOA" and soa.ttl == min(3600, soa.data[-1]) == 300


def test_compression_pointers_point_back_to_the_question_name():
    raw = zone.shipped("www_a")
    assert raw[33:35] == b"\xc0\x0c"  # the first answer's owner: the question's name at 12
    rows = wire.layout(raw)
    pointers = [meaning for _, _, _, meaning in rows if meaning.startswith("pointer")]
    assert pointers[0] == "pointer to offset 12: www.example.com."
    assert b"".join(raw_bytes for _, raw_bytes, _, _ in rows) == raw  # every byte, in order


@pytest.mark.parametrize("rtype", ["A", "AAAA", "CNAME", "MX", "NS", "TXT"])
@pytest.mark.parametrize("query_id", [0, 0x1A2B, 0xFFFF])
def test_a_built_query_is_byte_for_byte_dnspythons(rtype, query_id):
    ours = wire.build_query("www.example.com", rtype, query_id=query_id)
    theirs = dns.message.make_query("www.example.com", rtype, use_edns=False, id=query_id)
    assert ours == theirs.to_wire()


def test_loops_and_forward_pointers_are_refused():
    header = struct.pack("!HHHHHH", 1, 0, 1, 0, 0, 0)
    for name, what in ((b"\xc0\x0c", "itself"), (b"\xc0\x0e\x00", "forward"),
                       (b"\x01a\xc0\x0c", "back to its own start")):
        with pytest.raises(wire.WireError, match="loop"):
            wire.parse(header + name + b"\x00\x01\x00\x01")
        with pytest.raises(dns.exception.DNSException):  # dnspython refuses them too
            dns.message.from_wire(header + name + b"\x00\x01\x00\x01"), what


def test_two_names_pointing_at_each_other_are_refused():
    # Name A at 12 is "a" + pointer to 16; name B at 16 is "b" + pointer to 12.
    raw = struct.pack("!HHHHHH", 1, 0, 2, 0, 0, 0) + b"\x01a\xc0\x10" + b"\x01b\xc0\x0c"
    with pytest.raises(wire.WireError):
        wire.parse(raw)


@pytest.mark.parametrize("raw, match", [
    (b"\x00" * 11, "12-byte header"),
    (struct.pack("!HHHHHH", 1, 0, 1, 0, 0, 0) + b"\x05ab", "past the end"),
    (struct.pack("!HHHHHH", 1, 0, 1, 0, 0, 0) + b"\x40abc\x00\x00\x01\x00\x01", "reserved"),
    (struct.pack("!HHHHHH", 1, 0, 0, 0, 0, 0) + b"\x00", "left over"),
    (struct.pack("!HHHHHH", 1, 0, 1, 0, 0, 0) + b"\x00\x00\x01", "cut short"),
])
def test_malformed_messages_raise_wire_errors(raw, match):
    with pytest.raises(wire.WireError, match=match):
        wire.parse(raw)


@pytest.mark.parametrize("raw", [
    struct.pack("!HHHHHH", 1, 0, 1, 0, 0, 0) + b"\x05ab",  # a label past the end
    struct.pack("!HHHHHH", 1, 0, 1, 0, 0, 0),  # a question promised, none there
])
def test_layout_and_name_parts_refuse_malformed_messages(raw):
    with pytest.raises(wire.WireError):
        wire.layout(raw)
    with pytest.raises(wire.WireError):
        wire.name_parts(raw, wire.HEADER_SIZE)


def test_bad_arguments_name_the_parameter():
    with pytest.raises(TypeError, match="wire must be bytes"):
        wire.parse("not bytes")
    with pytest.raises(TypeError, match="wire must be bytes"):
        wire.read_name("not bytes", 0)
    with pytest.raises(ValueError, match="offset must be an integer >= 0"):
        wire.read_name(b"\x00", -1)
    with pytest.raises(ValueError, match="rtype must be one of"):
        wire.build_query("example.com", "SRVX")
    with pytest.raises(ValueError, match="query_id must be an integer"):
        wire.build_query("example.com", "A", query_id=70_000)
    with pytest.raises(ValueError, match="labels of 1..63"):
        wire.encode_name("a" * 64 + ".com")


# --- hypothesis: messages dnspython renders, our parser reads ---------------------------------

LABEL = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-", min_size=1, max_size=12)
SUFFIX = st.sampled_from(["example.com.", "example.net.", "www.example.com.", "example.org."])
NAME = st.builds(lambda labels, suffix: ".".join(labels + [suffix]),
                 st.lists(LABEL, max_size=3), SUFFIX)
TTL = st.integers(0, 2**31 - 1)  # RFC 2181 §8: at most 2^31 - 1


@st.composite
def rdata_text(draw, rtype: str) -> str:
    if rtype == "A":
        return str(ipaddress.IPv4Address(draw(st.integers(0, 2**32 - 1))))
    if rtype == "AAAA":
        return str(ipaddress.IPv6Address(draw(st.integers(0, 2**128 - 1))))
    if rtype in ("CNAME", "NS"):
        return draw(NAME)
    if rtype == "MX":
        return f"{draw(st.integers(0, 65535))} {draw(NAME)}"
    strings = draw(st.lists(st.text(alphabet="abcxyz=:/ .-0123456789", max_size=40),
                            min_size=1, max_size=3))
    return " ".join('"' + s + '"' for s in strings)


@st.composite
def messages(draw) -> bytes:
    qname = draw(NAME)
    qtype = draw(st.sampled_from(["A", "AAAA", "CNAME", "MX", "NS", "TXT"]))
    query = dns.message.make_query(qname, qtype, use_edns=False, id=draw(st.integers(0, 65535)))
    response = dns.message.make_response(query) if draw(st.booleans()) else query
    response.flags = dns.flags.Flag(draw(st.integers(0, 0xFFFF)) & 0x87B0)  # QR AA TC RD RA AD CD
    response.set_rcode(draw(st.sampled_from([0, 2, 3, 5])))
    for section in (response.answer, response.authority, response.additional):
        for _ in range(draw(st.integers(0, 3))):
            rtype = draw(st.sampled_from(["A", "AAAA", "CNAME", "MX", "NS", "TXT"]))
            owner = draw(st.one_of(st.just(qname), NAME))
            rrset = response.find_rrset(section, dns.name.from_text(owner), dns.rdataclass.IN,
                                        dns.rdatatype.from_text(rtype), create=True)
            # One RRset per name and type, no repeated records (dnspython merges them).
            rrset.add(dns.rdata.from_text("IN", rtype, draw(rdata_text(rtype))), draw(TTL))
    return response.to_wire(want_shuffle=False)


@settings(max_examples=40, deadline=None)
@given(messages())
def test_our_parser_reads_every_field_dnspython_wrote(raw):
    _same_as_dnspython(raw)


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=80))
def test_random_bytes_never_crash_or_hang(raw):
    try:
        wire.parse(struct.pack("!HHHHHH", 7, 0, 1, 1, 0, 0) + raw)
    except wire.WireError:
        pass
