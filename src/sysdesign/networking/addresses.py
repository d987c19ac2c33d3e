"""IP address arithmetic by hand: an address is an integer, a block is a prefix of its bits.

An IPv4 address is 32 bits, written as four bytes in decimal ("dotted quad"); an IPv6
address is 128 bits. A CIDR block ``a.b.c.d/p`` is every address whose first ``p`` bits
equal those of ``a.b.c.d``: ``2 ** (32 - p)`` addresses. Splitting a block into longer
prefixes is counting in its free bits. The tests check every helper here against the
standard library's :mod:`ipaddress`, which is what real code should use.

>>> block = parse_block("192.168.1.77/22")
>>> str(block), to_dotted(block.first), to_dotted(block.last), block.size
('192.168.0.0/22', '192.168.0.0', '192.168.3.255', 1024)
>>> usable_hosts(24), usable_hosts(31), usable_hosts(32)
(254, 2, 1)
>>> [str(s) for s in subnets(parse_block("10.0.0.0/22"), 24)]
['10.0.0.0/24', '10.0.1.0/24', '10.0.2.0/24', '10.0.3.0/24']
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from datetime import date

from ..core import checks

BITS = {4: 32, 6: 128}  # address length in bits, by IP version
# RFC 1918 (1996), section 3: the three IPv4 blocks any network may use privately.
PRIVATE_V4 = ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16")
# RFC 4193 (2005): IPv6 Unique Local Addresses; fd00::/8 is the half with a random Global ID.
ULA_V6 = "fc00::/7"
# IANA handed its last five /8 blocks to the five regional registries on this day.
IANA_POOL_EXHAUSTED = date(2011, 2, 3)
MAX_SUBNETS = 1 << 16  # subnets() refuses to list more than this many blocks


def to_int(dotted: str) -> int:
    """An IPv4 address in dotted-quad text as a 32-bit integer.

    >>> to_int("10.0.0.1")
    167772161
    """
    if not isinstance(dotted, str):
        raise TypeError(f"dotted must be IPv4 text like '10.0.0.1', got {type(dotted).__name__}")
    parts = dotted.split(".")
    if len(parts) != 4 or not all(p.isascii() and p.isdigit() and len(p) <= 3 and
                                  int(p) <= 255 and (p == "0" or not p.startswith("0"))
                                  for p in parts):
        raise ValueError(f"dotted must be four numbers 0..255 joined by dots (no leading "
                         f"zeros), like '10.0.0.1'; got {dotted!r}")
    value = 0
    for part in parts:
        value = (value << 8) | int(part)
    return value


def to_dotted(value: int) -> str:
    """A 32-bit integer as dotted-quad text.

    >>> to_dotted(3232235777)
    '192.168.1.1'
    """
    value = checks.integer(value, "value", 0, 2**32 - 1, hint="an IPv4 address")
    return ".".join(str((value >> shift) & 0xFF) for shift in (24, 16, 8, 0))


def mask(prefix: int, version: int = 4) -> int:
    """The netmask of a prefix: ``prefix`` one bits, then zeros.

    >>> to_dotted(mask(20))
    '255.255.240.0'
    """
    bits = _bits(version)
    prefix = checks.integer(prefix, "prefix", 0, bits, hint=f"bits of an IPv{version} prefix")
    return ((1 << bits) - 1) ^ ((1 << (bits - prefix)) - 1)


def _bits(version: int) -> int:
    checks.choice(version, "version", BITS)
    return BITS[version]


@dataclass(frozen=True)
class Block:
    """A CIDR block: its first address (as an integer), prefix length and IP version."""

    network: int
    prefix: int
    version: int = 4

    def __post_init__(self):
        bits = _bits(self.version)
        checks.integer(self.prefix, "prefix", 0, bits, hint=f"bits of an IPv{self.version} prefix")
        checks.integer(self.network, "network", 0, 2**bits - 1)
        if self.network & ~mask(self.prefix, self.version):
            raise ValueError(f"network must have its host bits clear for a /{self.prefix}, "
                             f"got {self.network:#x}")

    @property
    def size(self) -> int:
        """How many addresses the block holds."""
        return 1 << (BITS[self.version] - self.prefix)

    @property
    def first(self) -> int:
        return self.network

    @property
    def last(self) -> int:
        return self.network + self.size - 1

    @property
    def usable(self) -> int:
        """Addresses a host can be given (see :func:`usable_hosts`)."""
        return usable_hosts(self.prefix, self.version)

    def text(self, value: int) -> str:
        """One address of this version as text."""
        if self.version == 4:
            return to_dotted(value)
        return str(ipaddress.IPv6Address(value))  # IPv6's :: shortening rules (RFC 5952)

    def __contains__(self, address: int) -> bool:
        return self.first <= address <= self.last

    def __str__(self) -> str:
        return f"{self.text(self.network)}/{self.prefix}"


def parse_block(text: str, *, strict: bool = False) -> Block:
    """A block from CIDR text; host bits are cleared unless ``strict`` (then they raise).

    IPv4 is parsed here by hand; IPv6 text (with its ``::`` shorthand) by :mod:`ipaddress`.
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be CIDR text like '10.0.0.0/8', got {type(text).__name__}")
    address, slash, prefix_text = text.partition("/")
    version = 6 if ":" in address else 4
    bits = BITS[version]
    if not slash:
        prefix_text = str(bits)
    if not (prefix_text.isascii() and prefix_text.isdigit()) or int(prefix_text) > bits:
        raise ValueError(f"text must end in a prefix /0../{bits}, got {text!r}")
    prefix = int(prefix_text)
    if version == 4:
        value = to_int(address)
    else:
        try:
            value = int(ipaddress.IPv6Address(address))
        except ipaddress.AddressValueError as error:
            raise ValueError(f"text must hold an IPv6 address, got {text!r} ({error})") from None
    network = value & mask(prefix, version)
    if strict and network != value:
        raise ValueError(f"text has host bits set for a /{prefix}: {text!r}")
    return Block(network, prefix, version)


def usable_hosts(prefix: int, version: int = 4) -> int:
    """Addresses in a /``prefix`` a host can be given.

    IPv4 keeps the first (the network) and the last (broadcast) address of a block, so a
    /p has ``2 ** (32 - p) - 2`` for p <= 30; a /31 is a point-to-point link whose two
    addresses are both hosts (RFC 3021), and a /32 is one host. IPv6 has no broadcast;
    the first address of a subnet is the Subnet-Router anycast address (RFC 4291,
    2.6.1), so ``2 ** (128 - p) - 1``, except /127 (RFC 6164) and /128, as :mod:`ipaddress`
    counts them.

    >>> usable_hosts(16), usable_hosts(30), usable_hosts(64, version=6) == 2**64 - 1
    (65534, 2, True)
    """
    bits = _bits(version)
    prefix = checks.integer(prefix, "prefix", 0, bits, hint=f"bits of an IPv{version} prefix")
    size = 1 << (bits - prefix)
    if prefix >= bits - 1:
        return size  # /31 and /32 (IPv4), /127 and /128 (IPv6): every address is a host
    return size - (2 if version == 4 else 1)


def subnets(block: Block, new_prefix: int) -> list[Block]:
    """Split ``block`` into every block of the longer ``new_prefix``, in address order."""
    if not isinstance(block, Block):
        raise TypeError(f"block must be a Block (see parse_block), got {type(block).__name__}")
    bits = BITS[block.version]
    new_prefix = checks.integer(new_prefix, "new_prefix", block.prefix, bits,
                                hint=f"at least the block's own /{block.prefix}")
    count = 1 << (new_prefix - block.prefix)
    if count > MAX_SUBNETS:
        raise ValueError(f"new_prefix {new_prefix} splits {block} into {count:,} blocks; at "
                         f"most {MAX_SUBNETS:,} are listed (use a prefix <= "
                         f"{block.prefix + 16})")
    step = 1 << (bits - new_prefix)
    return [Block(block.network + i * step, new_prefix, block.version) for i in range(count)]


def subnet_count(prefix: int, new_prefix: int) -> int:
    """How many /``new_prefix`` blocks fit in a /``prefix``: one per value of the extra bits.

    >>> subnet_count(16, 24)
    256
    """
    prefix = checks.integer(prefix, "prefix", 0, 128)
    new_prefix = checks.integer(new_prefix, "new_prefix", prefix, 128,
                                hint="at least prefix")
    return 1 << (new_prefix - prefix)


def private_range(address: str) -> str | None:
    """The private block (RFC 1918 or the IPv6 ULA block) ``address`` falls in, or None.

    >>> private_range("172.20.1.1"), private_range("172.32.0.1"), private_range("fd12::1")
    ('172.16.0.0/12', None, 'fc00::/7')
    """
    value = parse_block(address)
    if value.prefix != BITS[value.version]:
        raise ValueError(f"address must be one address without a /prefix, got {address!r}")
    ranges = PRIVATE_V4 if value.version == 4 else (ULA_V6,)
    for text in ranges:
        if value.network in parse_block(text):
            return text
    return None
