"""The zone the shipped DNS responses come from, and the generator that renders them.

Every name is under the reserved example domains (RFC 2606: ``example.com``,
``example.net``) and every address is a documentation address (RFC 5737:
192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24; RFC 3849: 2001:db8::/32). No real
server was asked: :func:`render_responses` answers each query from :data:`ZONE_TEXT`
with dnspython and writes the bytes dnspython puts on the wire. Running it again gives
the same bytes (fixed query ids, no randomness), which a test checks.
"""

from __future__ import annotations

from pathlib import Path

import dns.flags
import dns.message
import dns.name
import dns.rcode
import dns.rdataclass
import dns.rdatatype
import dns.rrset
import dns.zone

DATA = Path(__file__).parent / "data"

ZONE_TEXT = """\
$ORIGIN example.com.
$TTL 3600
@       IN SOA  ns1.example.com. hostmaster.example.com. 2026113001 7200 900 1209600 300
@       IN NS   ns1.example.com.
@       IN NS   ns2.example.net.
@       IN MX   10 mail.example.com.
@       IN MX   20 mail2.example.net.
@       IN TXT  "v=spf1 ip4:192.0.2.0/24 -all"
@       IN A    192.0.2.10
ns1     IN A    192.0.2.53
mail    IN A    192.0.2.25
www  300 IN CNAME web.example.com.
web  300 IN CNAME edge.example.com.
edge  60 IN A    198.51.100.7
edge  60 IN A    198.51.100.8
edge  60 IN A    203.0.113.9
edge  60 IN AAAA 2001:db8::7
edge  60 IN AAAA 2001:db8::8
"""

# (file stem, query name, query type, query id): one response file per query.
QUERIES = [
    ("www_a", "www.example.com.", "A", 0x1A2B),
    ("edge_aaaa", "edge.example.com.", "AAAA", 0x2B3C),
    ("apex_mx", "example.com.", "MX", 0x3C4D),
    ("apex_ns", "example.com.", "NS", 0x4D5E),
    ("apex_txt", "example.com.", "TXT", 0x5E6F),
    ("missing_a", "nope.example.com.", "A", 0x6F70),
]


def load_zone() -> dns.zone.Zone:
    """:data:`ZONE_TEXT` parsed by dnspython."""
    return dns.zone.from_text(ZONE_TEXT, origin="example.com.", relativize=False)


def answer(zone: dns.zone.Zone, qname: str, qtype: str, query_id: int) -> dns.message.Message:
    """An authoritative server's response to one query, built from ``zone``.

    CNAMEs inside the zone are followed and every step goes in the answer section (RFC
    1034 §4.3.2); NS and MX targets we serve get their addresses in the additional
    section; a name that does not exist gets NXDOMAIN and the zone's SOA in the authority
    section, whose TTL tells resolvers how long to cache the "no" (RFC 2308 §3).
    """
    query = dns.message.make_query(qname, qtype, use_edns=False, id=query_id)
    query.flags &= ~dns.flags.RD  # a resolver asking an authoritative server iteratively
    response = dns.message.make_response(query)
    response.flags |= dns.flags.AA
    rdtype = dns.rdatatype.from_text(qtype)
    name = dns.name.from_text(qname)
    for _ in range(8):  # CNAME chain, bounded
        node = zone.get_node(name)
        if node is None:
            response.set_rcode(dns.rcode.NXDOMAIN)
            soa = zone.find_rrset(zone.origin, dns.rdatatype.SOA)
            ttl = min(soa.ttl, soa[0].minimum)  # RFC 2308 §3
            response.authority.append(_with_ttl(soa, ttl))
            return response
        found = node.get_rdataset(dns.rdataclass.IN, rdtype)
        if found is not None:
            response.answer.append(_rrset(name, found))
            break
        cname = node.get_rdataset(dns.rdataclass.IN, dns.rdatatype.CNAME)
        if cname is None:
            break  # the name exists but has no data of this type (NODATA)
        response.answer.append(_rrset(name, cname))
        name = cname[0].target
    for rrset in list(response.answer):
        for rdata in rrset:
            target = getattr(rdata, "exchange", None) or (
                rdata.target if rrset.rdtype == dns.rdatatype.NS else None)
            if target is not None and target.is_subdomain(zone.origin):
                glue = zone.get_rdataset(target, dns.rdatatype.A)
                if glue is not None:
                    response.additional.append(_rrset(target, glue))
    return response


def _rrset(name, rdataset) -> dns.rrset.RRset:
    """An RRset with the records in a fixed order (sorted by text), so the bytes repeat."""
    rrset = dns.rrset.RRset(name, rdataset.rdclass, rdataset.rdtype)
    rrset.update_ttl(rdataset.ttl)
    for rdata in sorted(rdataset, key=lambda r: r.to_text()):
        rrset.add(rdata)
    return rrset


def _with_ttl(rrset, ttl: int):
    copy = _rrset(rrset.name, rrset)
    copy.ttl = ttl
    return copy


def render_responses() -> dict[str, bytes]:
    """The wire bytes of every response in :data:`QUERIES`, by file stem.

    dnspython shuffles the records of each RRset whenever it renders a message (the
    round-robin of many name servers); ``want_shuffle=False`` keeps our sorted order.
    """
    zone = load_zone()
    return {stem: answer(zone, qname, qtype, qid).to_wire(want_shuffle=False)
            for stem, qname, qtype, qid in QUERIES}


def write_responses(directory: Path = DATA) -> list[Path]:
    """Write :func:`render_responses` as ``<stem>.bin`` files (how the shipped ones were made)."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for stem, wire in render_responses().items():
        path = directory / f"{stem}.bin"
        path.write_bytes(wire)
        paths.append(path)
    return paths


def shipped(stem: str) -> bytes:
    """The bytes of one shipped response, ``data/<stem>.bin``."""
    stems = [q[0] for q in QUERIES]
    if stem not in stems:
        raise ValueError(f"stem must be one of {', '.join(map(repr, stems))}; got {stem!r}")
    return (DATA / f"{stem}.bin").read_bytes()
