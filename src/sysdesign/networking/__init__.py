"""Networking: IP addresses, a packet byte by byte, TCP against UDP, HTTP/1.1, /2 and /3.

What is where (the notebook is ``02_networking``):

- :mod:`.addresses`: IPv4 and IPv6 address arithmetic by hand (CIDR blocks, subnets,
  usable hosts, private ranges), checked against :mod:`ipaddress` in the tests.
- :mod:`.packet`: an Ethernet + IPv4 + TCP + HTTP frame built and parsed with
  :mod:`struct`, with the internet checksum; ``data/http_get.bin`` is the frame built
  by :func:`~.packet.build_http_get`, ``data/loopback_capture.bin`` a real capture.
- :mod:`.http2`: real HTTP/2 frames from an in-memory ``h2`` client, and HPACK header
  blocks read representation by representation.
- :mod:`.transport`: TCP (slow start, fast retransmit, RTO) and UDP over a lossy link on
  ``core.events``, and the Mathis throughput formula.
- :mod:`.pageload`: page loads over HTTP/1.1, HTTP/2 and HTTP/3, and one request's
  DNS / TCP / TLS / request / response phases.
- :mod:`.experiments`: the scenarios the notebook, the panels and the tests share.
- :mod:`.plots` draws them; :mod:`.widgets` wires the panels (import those two yourself).

>>> str(parse_block("192.168.1.77/22")), usable_hosts(22)
('192.168.0.0/22', 1022)
>>> parse(load_packet()).tcp["flags"]
'PSH ACK'
"""

from .addresses import (
    IANA_POOL_EXHAUSTED,
    PRIVATE_V4,
    ULA_V6,
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
from .http2 import (
    block_representations,
    client_bytes,
    header_sizes,
    http1_request,
    representations,
    split_frames,
)
from .packet import build_http_get, internet_checksum, load_packet, parse
from .pageload import page_load, request_flow
from .transport import mathis_throughput, tcp_transfer, udp_transfer

__all__ = [
    "IANA_POOL_EXHAUSTED", "PRIVATE_V4", "ULA_V6", "Block", "block_representations",
    "build_http_get", "client_bytes", "header_sizes", "http1_request", "internet_checksum",
    "load_packet", "mask", "mathis_throughput", "page_load", "parse", "parse_block",
    "private_range", "representations", "request_flow", "split_frames", "subnet_count",
    "subnets", "tcp_transfer", "to_dotted", "to_int", "udp_transfer", "usable_hosts",
]
