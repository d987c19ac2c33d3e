"""What a layer-4 and a layer-7 balancer can see in the same packet, and route on.

A layer-4 (transport) balancer reads the IP and TCP headers: addresses, ports, protocol.
A layer-7 (application) balancer ends the TCP connection (and TLS), reads the HTTP
request and can route on its host, path, headers and cookies.

>>> frame = http_frame(b"GET /img/cat.png HTTP/1.1\\r\\nHost: shop.example\\r\\n\\r\\n")
>>> l4_view(frame)["dst_port"], l7_view(frame)["path"]
(8080, '/img/cat.png')
"""

from __future__ import annotations

import hashlib

from ..networking import packet


def http_frame(request: bytes, *, src_port: int = 52814) -> bytes:
    """Real Ethernet/IPv4/TCP bytes carrying ``request`` (built by ``networking.packet``)."""
    return packet.build_http_get(request, src_port=src_port)


def l4_view(frame: bytes) -> dict:
    """The fields a layer-4 balancer routes on: the connection's 5-tuple."""
    parsed = packet.parse(frame)
    return {"src": parsed.ip["src"], "src_port": parsed.tcp["src_port"],
            "dst": parsed.ip["dst"], "dst_port": parsed.tcp["dst_port"],
            "protocol": "TCP"}


def parse_request(data: bytes) -> dict:
    """Method, path, version and headers (lower-case names) of an HTTP/1.1 request."""
    if not isinstance(data, (bytes, bytearray)):
        raise TypeError(f"data must be bytes, got {type(data).__name__}")
    head, sep, _ = bytes(data).partition(b"\r\n\r\n")
    if not sep:
        raise ValueError("data must hold a complete HTTP request head ending in CRLF CRLF")
    lines = head.decode("latin-1").split("\r\n")
    try:
        method, path, version = lines[0].split(" ")
    except ValueError:
        raise ValueError(f"data must start with 'METHOD PATH VERSION', got {lines[0]!r}") from None
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return {"method": method, "path": path, "version": version, "headers": headers}


def l7_view(frame: bytes) -> dict:
    """What a layer-7 balancer sees once it reads the request inside the TCP payload."""
    parsed = packet.parse(frame)
    request = parse_request(frame[parsed.tcp.end:])
    return {"method": request["method"], "host": request["headers"].get("host", ""),
            "path": request["path"], "cookie": request["headers"].get("cookie", ""),
            "user-agent": request["headers"].get("user-agent", "")}


def route_l4(frame: bytes, backends: list[str]) -> str:
    """Hash the 5-tuple: every packet of one connection goes to the same backend."""
    if not backends:
        raise ValueError("backends must name at least one backend")
    key = "|".join(str(v) for v in l4_view(frame).values()).encode()
    return backends[int.from_bytes(hashlib.blake2b(key, digest_size=8).digest(), "big")
                    % len(backends)]


def route_l7(frame: bytes, rules: list[tuple[str, str, str]], default: str) -> str:
    """The first rule ``(host, path prefix, pool)`` matching the request ("*": any host)."""
    if not isinstance(default, str):
        raise TypeError(f"default must be a pool name (str), got {type(default).__name__} "
                        f"{default!r}")
    view = l7_view(frame)
    for host, prefix, pool in rules:
        if host in ("*", view["host"]) and view["path"].startswith(prefix):
            return pool
    return default
