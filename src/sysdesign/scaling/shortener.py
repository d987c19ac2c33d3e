"""A URL shortener small enough to read, on a real SQLite database: the worked example of
notebook 00's design conversation (its API, its data model, its short codes).

The API is two operations, ``shorten(url) -> code`` and ``resolve(code) -> url``; over HTTP
they would be ``POST /links`` and ``GET /{code}`` answered with a redirect. The data model
is one table. A link's code is its row id written in base 62 (digits, upper- and lower-case
letters), padded to a fixed length, so codes never collide and a lookup is a primary-key
search.

>>> links = Shortener(code_length=4)
>>> code = links.shorten("https://example.com/a/very/long/path")
>>> code, links.resolve(code)
('0001', 'https://example.com/a/very/long/path')
>>> code_length(36.5e9)   # codes for 36.5 billion links
6
"""

from __future__ import annotations

import math
import sqlite3
import string

from sysdesign.core import checks

# 62 symbols in ASCII order, so codes of one length sort as the numbers they stand for.
ALPHABET = string.digits + string.ascii_uppercase + string.ascii_lowercase
SCHEMA = "CREATE TABLE links (id INTEGER PRIMARY KEY, url TEXT NOT NULL)"


def to_base62(number: int, length: int = 1) -> str:
    """``number`` in base 62, left-padded with zeros to ``length`` symbols.

    >>> to_base62(61), to_base62(62), to_base62(62, 3)
    ('z', '10', '010')
    """
    number = checks.integer(number, "number", 0)
    length = checks.integer(length, "length", 1, hint="symbols to pad the code to")
    symbols = []
    while True:
        number, digit = divmod(number, len(ALPHABET))
        symbols.append(ALPHABET[digit])
        if number == 0:
            break
    return "".join(reversed(symbols)).rjust(length, ALPHABET[0])


def from_base62(code: str) -> int:
    """The number a base-62 code stands for (the inverse of :func:`to_base62`)."""
    if not isinstance(code, str) or not code or any(c not in ALPHABET for c in code):
        raise ValueError(f"code must be a non-empty string of base-62 symbols "
                         f"(0-9, A-Z, a-z), got {code!r}")
    value = 0
    for symbol in code:
        value = value * len(ALPHABET) + ALPHABET.index(symbol)
    return value


def code_length(n_links, alphabet_size: int = len(ALPHABET)) -> int:
    """The fewest symbols that give every one of ``n_links`` links its own code.

    >>> code_length(62**6), code_length(62**6 + 1)
    (6, 7)
    """
    n_links = checks.number(n_links, "n_links", 1, hint="links that need a code")
    alphabet_size = checks.integer(alphabet_size, "alphabet_size", 2)
    length = max(1, math.ceil(math.log(n_links, alphabet_size) - 1e-12))
    # Floating-point logarithms can be off by one at exact powers: settle it with integers.
    while alphabet_size ** length < n_links:
        length += 1
    while length > 1 and alphabet_size ** (length - 1) >= n_links:
        length -= 1
    return length


def expected_collisions(n_links, length: int, alphabet_size: int = len(ALPHABET)) -> float:
    """Pairs of links expected to share a code if codes were random (hashes), not counted:
    n (n - 1) / 2 pairs, each colliding with probability 1 / alphabet_size^length.

    >>> round(expected_collisions(1_000, 2))   # 1,000 links in 3,844 two-symbol codes
    130
    """
    n_links = checks.number(n_links, "n_links", 0)
    length = checks.integer(length, "length", 1)
    alphabet_size = checks.integer(alphabet_size, "alphabet_size", 2)
    return n_links * (n_links - 1) / 2 / alphabet_size ** length


class Shortener:
    """Short codes for long URLs, stored in SQLite (in memory unless ``path`` names a file).

    SQLite numbers rows from 1, so the all-zero code is never issued: ``code_length``
    symbols give codes to 62^code_length - 1 links.
    """

    def __init__(self, *, code_length: int = 7, path: str = ":memory:"):
        self.code_length = checks.integer(code_length, "code_length", 1)
        self.db = sqlite3.connect(path)
        self.db.execute(SCHEMA)

    def shorten(self, url: str) -> str:
        """Store ``url`` and return its code (the new row's id in base 62)."""
        if not isinstance(url, str) or not url.strip():
            raise ValueError(f"url must be a non-empty string, got {url!r}")
        with self.db:  # an exception inside rolls the insert back: no row without a code
            row_id = self.db.execute("INSERT INTO links (url) VALUES (?)", (url,)).lastrowid
            if row_id >= len(ALPHABET) ** self.code_length:
                raise OverflowError(f"{self.code_length}-symbol codes are used up "
                                    f"({len(ALPHABET)}^{self.code_length} - 1 of them)")
        return to_base62(row_id, self.code_length)

    def resolve(self, code: str) -> str | None:
        """The URL behind ``code``, or None if there is none (HTTP would answer 404)."""
        number = from_base62(code)
        if number >= len(ALPHABET) ** self.code_length:
            return None  # never issued (and maybe beyond SQLite's 64-bit integers)
        row = self.db.execute("SELECT url FROM links WHERE id = ?", (number,)).fetchone()
        return row[0] if row else None

    def plan(self) -> str:
        """How SQLite finds a code's URL (EXPLAIN QUERY PLAN of the lookup)."""
        rows = self.db.execute("EXPLAIN QUERY PLAN SELECT url FROM links WHERE id = ?", (1,))
        return "; ".join(row[-1] for row in rows)
