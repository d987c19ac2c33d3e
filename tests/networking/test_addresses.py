"""Address arithmetic by hand, checked against the standard library's ipaddress."""

import ipaddress

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sysdesign.networking.addresses import (
    IANA_POOL_EXHAUSTED,
    PRIVATE_V4,
    Block,
    mask,
    parse_block,
    private_range,
    subnet_count,
    subnets,
    to_dotted,
    to_int,
    usable_hosts,
)

v4_ints = st.integers(0, 2**32 - 1)
v6_ints = st.integers(0, 2**128 - 1)


@given(v4_ints)
def test_dotted_text_round_trips_like_ipaddress(value):
    text = to_dotted(value)
    assert text == str(ipaddress.IPv4Address(value))
    assert to_int(text) == int(ipaddress.IPv4Address(text)) == value


@given(v4_ints, st.integers(0, 32))
def test_blocks_match_ipaddress(value, prefix):
    text = f"{to_dotted(value)}/{prefix}"
    mine = parse_block(text)
    theirs = ipaddress.ip_network(text, strict=False)
    assert str(mine) == str(theirs)
    assert mine.size == theirs.num_addresses
    assert to_dotted(mine.last) == str(theirs.broadcast_address)
    assert to_dotted(mask(prefix)) == str(theirs.netmask)


@given(v6_ints, st.integers(0, 128))
def test_ipv6_blocks_match_ipaddress(value, prefix):
    text = f"{ipaddress.IPv6Address(value)}/{prefix}"
    mine = parse_block(text)
    theirs = ipaddress.ip_network(text, strict=False)
    assert str(mine) == str(theirs) and mine.size == theirs.num_addresses
    assert mine.text(mine.last) == str(theirs.broadcast_address)


@pytest.mark.parametrize("prefix", range(20, 33))
def test_usable_hosts_counts_what_ipaddress_hands_out(prefix):
    network = ipaddress.ip_network(f"10.1.0.0/{prefix}", strict=False)
    assert usable_hosts(prefix) == len(list(network.hosts()))


@pytest.mark.parametrize("prefix", range(116, 129))
def test_ipv6_usable_hosts_counts_what_ipaddress_hands_out(prefix):
    network = ipaddress.ip_network(f"2001:db8::/{prefix}")
    assert usable_hosts(prefix, version=6) == len(list(network.hosts()))


def test_usable_hosts_closed_form_and_the_point_to_point_cases():
    assert [usable_hosts(p) for p in (8, 16, 24, 30)] == [2**24 - 2, 65_534, 254, 2]
    assert usable_hosts(31) == 2 and usable_hosts(32) == 1  # RFC 3021; one host


@given(v4_ints, st.integers(8, 32), st.integers(0, 8))
def test_subnets_match_ipaddress(value, prefix, extra):
    new_prefix = min(32, prefix + extra)
    block = parse_block(f"{to_dotted(value)}/{prefix}")
    mine = [str(s) for s in subnets(block, new_prefix)]
    theirs = [str(s) for s in ipaddress.ip_network(str(block)).subnets(new_prefix=new_prefix)]
    assert mine == theirs
    assert len(mine) == subnet_count(prefix, new_prefix)


def test_a_slash_16_holds_256_slash_24s_of_254_hosts():
    parts = subnets(parse_block("172.16.0.0/16"), 24)
    assert len(parts) == 256 and str(parts[1]) == "172.16.1.0/24"
    assert {p.usable for p in parts} == {254}


near_private = st.one_of(v4_ints, st.integers(0x0A000000 - 9, 0x0AFFFFFF + 9),
                         st.integers(0xAC0F0000, 0xAC20FFFF), st.integers(0xC0A70000, 0xC0A9FFFF))


@given(near_private)
def test_private_ranges_agree_with_ipaddress(value):
    text = to_dotted(value)
    mine = private_range(text)
    theirs = [r for r in PRIVATE_V4 if ipaddress.ip_address(text) in ipaddress.ip_network(r)]
    assert mine == (theirs[0] if theirs else None)
    if mine:
        assert ipaddress.ip_address(text).is_private


def test_ula_and_edges():
    assert private_range("fd00::1") == "fc00::/7" and private_range("2001:db8::1") is None
    assert private_range("172.31.255.255") == "172.16.0.0/12"
    assert private_range("172.32.0.0") is None and private_range("11.0.0.0") is None


def test_ipv4_space_and_the_exhaustion_date():
    assert parse_block("0.0.0.0/0").size == 2**32 == 4_294_967_296
    assert IANA_POOL_EXHAUSTED.isoformat() == "2011-02-03"


@pytest.mark.parametrize(("call", "error", "words"), [
    (lambda: to_int("10.0.0.256"), ValueError, "dotted"),
    (lambda: to_int("10.0.0"), ValueError, "dotted"),
    (lambda: to_int("010.0.0.1"), ValueError, "dotted"),
    (lambda: to_int(167772161), TypeError, "dotted"),
    (lambda: to_int("\uff110.0.0.1"), ValueError, "dotted"),  # a full-width digit 1
    (lambda: to_int("\u00b20.0.0.1"), ValueError, "dotted"),  # a superscript 2
    (lambda: parse_block("10.0.0.0/\uff12\uff14"), ValueError, "prefix"),
    (lambda: to_dotted(2**32), ValueError, "value"),
    (lambda: parse_block("10.0.0.0/33"), ValueError, "prefix"),
    (lambda: parse_block("10.0.0.1/24", strict=True), ValueError, "host bits"),
    (lambda: parse_block("fe80::zz/64"), ValueError, "IPv6"),
    (lambda: subnets(parse_block("10.0.0.0/16"), 8), ValueError, "new_prefix"),
    (lambda: subnets(parse_block("10.0.0.0/8"), 32), ValueError, "new_prefix"),
    (lambda: subnets("10.0.0.0/8", 9), TypeError, "block"),
    (lambda: Block(1, 24), ValueError, "host bits"),
    (lambda: usable_hosts(24, version=5), ValueError, "version"),
    (lambda: private_range("10.0.0.0/8"), ValueError, "address"),
])
def test_bad_input_names_the_parameter(call, error, words):
    with pytest.raises(error, match=words):
        call()
