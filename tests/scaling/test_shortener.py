"""The URL shortener on SQLite: base-62 codes, their length, the collision count of random
codes against a simulation, and the two operations of its API."""

from __future__ import annotations

import math
import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sysdesign.scaling import shortener as m


@given(st.integers(0, 62**12))
def test_base62_round_trips(number):
    code = m.to_base62(number, 7)
    assert len(code) >= 7 and m.from_base62(code) == number


def test_codes_of_one_length_sort_as_their_numbers():
    numbers = random.Random(1).sample(range(62**4), 500)
    codes = [m.to_base62(n, 4) for n in numbers]
    assert sorted(codes) == [m.to_base62(n, 4) for n in sorted(numbers)]
    assert m.to_base62(61) == "z" and m.to_base62(36) == "a" and m.to_base62(10) == "A"


@pytest.mark.parametrize(("links", "length"), [(1, 1), (62, 1), (63, 2), (62**6, 6),
                                               (62**6 + 1, 7), (3.65e12, 8)])
def test_code_length_at_the_boundaries(links, length):
    assert m.code_length(links) == length
    assert 62**length >= links and (length == 1 or 62 ** (length - 1) < links)


def test_expected_collisions_match_a_simulation():
    n, length, trials = 300, 2, 300
    rng = random.Random(0)
    space = 62**length
    pairs = []
    for _ in range(trials):
        counts = {}
        for _ in range(n):
            code = rng.randrange(space)
            counts[code] = counts.get(code, 0) + 1
        pairs.append(sum(c * (c - 1) // 2 for c in counts.values()))
    mean = sum(pairs) / trials
    expected = m.expected_collisions(n, length)
    assert math.isclose(expected, n * (n - 1) / 2 / space)
    assert abs(mean - expected) < 0.1 * expected


def test_shorten_and_resolve_on_sqlite():
    links = m.Shortener(code_length=3)
    codes = [links.shorten(f"https://example.com/{i}") for i in range(100)]
    assert len(set(codes)) == 100 and all(len(c) == 3 for c in codes)
    assert links.resolve(codes[41]) == "https://example.com/41"
    assert links.resolve("zzz") is None
    assert "INTEGER PRIMARY KEY" in links.plan()


def test_codes_run_out_loudly():
    links = m.Shortener(code_length=1)
    for i in range(61):
        links.shorten(f"u{i}")
    with pytest.raises(OverflowError, match="1-symbol codes are used up"):
        links.shorten("one too many")
    # The refused link is not stored: the insert is rolled back, every time.
    with pytest.raises(OverflowError):
        links.shorten("still too many")
    assert links.db.execute("SELECT COUNT(*) FROM links").fetchone() == (61,)


def test_codes_never_issued_resolve_to_none():
    links = m.Shortener(code_length=3)
    links.shorten("https://example.com/")
    assert links.resolve("z" * 12) is None  # beyond 62^3, and beyond SQLite's 64-bit ids
    assert links.resolve("001") == "https://example.com/"


@pytest.mark.parametrize(("call", "error", "message"), [
    (lambda: m.to_base62(-1), ValueError, "number must be an integer >= 0"),
    (lambda: m.from_base62("a-b"), ValueError, "code must be a non-empty string"),
    (lambda: m.code_length(0), ValueError, "n_links must be a number >= 1"),
    (lambda: m.Shortener().shorten(""), ValueError, "url must be a non-empty string"),
    (lambda: m.Shortener(code_length=0), ValueError, "code_length must be an integer >= 1"),
    (lambda: m.to_base62(1.5), TypeError, "number must be an integer"),
    (lambda: m.to_base62(5, 2.5), TypeError, "length must be an integer"),
    (lambda: m.expected_collisions(10, 6, 0), ValueError,
     "alphabet_size must be an integer >= 2"),
])
def test_bad_input_raises_clear_errors(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_the_numbers_notebook_00_states():
    from sysdesign.estimation import URL_SHORTENER, estimate

    links = estimate(URL_SHORTENER).objects_stored  # ten years of links
    assert m.code_length(links) == 6 and round(62**6 / 1e9) == 57
    assert round(m.expected_collisions(links, 8) / 1e6) == 3
    assert m.code_length(1e9 * 10 * 365) == 8 > m.code_length(62**7)  # exercise 00.3
    # The wrap-up: 18.3 TB of data per copy after ten years, filling 70 % of 26 TB of disk
    # per copy (the data is not 26 TB: that is the disk bought for it); three shards of
    # 10 TB servers.
    from sysdesign.scaling.example import DB_SERVER_BYTES

    e = estimate(URL_SHORTENER)
    data_per_copy = e.storage_total / URL_SHORTENER.replication_factor
    per_copy = e.storage_provisioned / URL_SHORTENER.replication_factor
    assert round(data_per_copy / 1e12, 1) == 18.3
    assert math.isclose(per_copy, data_per_copy / URL_SHORTENER.target_utilization)
    assert round(per_copy / 1e12) == 26 and round(DB_SERVER_BYTES / 1e12) == 10
    assert math.ceil(per_copy / DB_SERVER_BYTES) == 3
