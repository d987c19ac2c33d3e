"""Cache-Control parsing, freshness and age (RFC 9111 §4.2), revalidation (RFC 9110 §13.1.2)."""

import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sysdesign.cdn.headers import (
    current_age,
    decide,
    freshness_lifetime,
    http_date,
    if_none_match,
    parse_cache_control,
    revalidate,
    strong_match,
)


def test_parse_real_header_values():
    assert parse_cache_control("no-store") == {"no-store": None}
    assert parse_cache_control("private, max-age=0, no-cache") == {
        "private": None, "max-age": 0, "no-cache": None}
    assert parse_cache_control('Max-Age="60", MUST-REVALIDATE') == {
        "max-age": 60, "must-revalidate": None}
    # malformed: treated as stale (RFC 9111 §4.2.1), not as absent
    assert parse_cache_control("max-age=abc") == {"max-age": 0}
    assert parse_cache_control("max-age=\u00b2") == {"max-age": 0}  # "²" is no delta-seconds
    assert freshness_lifetime({"Cache-Control": "max-age=abc", "Date": "Tue, 15 Nov 1994 "
                               "08:12:31 GMT", "Expires": "Thu, 01 Dec 1994 16:00:00 GMT"}) == 0
    assert parse_cache_control("max-age=10, max-age=99") == {"max-age": 10}
    with pytest.raises(TypeError, match="value"):
        parse_cache_control(None)


def test_a_delta_directive_without_a_value_is_invalid_so_stale():
    # RFC 9111 §4.2.1: invalid freshness information is best treated as stale; max-stale
    # alone may go without a value (§5.2.1.2).
    assert parse_cache_control("max-age, s-maxage=, max-stale") == {
        "max-age": 0, "s-maxage": 0, "max-stale": None}
    for value in ("max-age", "s-maxage", "max-age=, stale-while-revalidate"):
        assert freshness_lifetime({"Cache-Control": value}) == 0
        assert decide({"Cache-Control": value}, age=5).action == "revalidate"


def test_headers_must_be_a_mapping():
    for bad in ("max-age=60", None, [("Cache-Control", "max-age=60")]):
        with pytest.raises(TypeError, match="headers"):
            freshness_lifetime(bad)
        with pytest.raises(TypeError, match="headers"):
            decide(bad, age=0)


def test_quoted_arguments_keep_their_commas_and_escapes():
    # RFC 9111 §5.2.2.4: no-cache and private may name header fields in a quoted list.
    assert parse_cache_control('no-cache="Set-Cookie, Set-Cookie2", max-age=60') == {
        "no-cache": "Set-Cookie, Set-Cookie2", "max-age": 60}
    assert parse_cache_control(r'private="a\"b, c", public') == {  # a quoted-pair
        "private": 'a"b, c', "public": None}
    assert parse_cache_control('max-age="60') == {"max-age": 60}  # unbalanced: lenient
    assert parse_cache_control(",, no-store ,") == {"no-store": None}


def test_http_date_rfc9110_example(monkeypatch):
    # RFC 9110 §5.6.7's preferred-format example
    assert http_date("Sun, 06 Nov 1994 08:49:37 GMT") == 784111777
    # the obsolete formats a recipient must still accept are GMT too, whatever the local
    # zone (the asctime one names none): read them on a machine that is not on UTC
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    try:
        assert http_date("Sunday, 06-Nov-94 08:49:37 GMT") == 784111777
        assert http_date("Sun Nov  6 08:49:37 1994") == 784111777
    finally:
        monkeypatch.undo()
        time.tzset()
    with pytest.raises(ValueError, match="value"):
        http_date("yesterday")


def test_freshness_lifetime_order_of_rfc9111_4_2_1():
    both = {"Cache-Control": "max-age=300, s-maxage=600"}
    assert freshness_lifetime(both, shared=True) == 600
    assert freshness_lifetime(both, shared=False) == 300
    # Expires - Date: RFC 9110 §6.6.1's Date example and RFC 9111 §5.3's Expires example
    expires = {"Date": "Tue, 15 Nov 1994 08:12:31 GMT",
               "Expires": "Thu, 01 Dec 1994 16:00:00 GMT"}
    assert freshness_lifetime(expires) == 16 * 86400 + 7 * 3600 + 47 * 60 + 29
    assert freshness_lifetime({**expires, "Cache-Control": "max-age=5"}) == 5
    assert freshness_lifetime({**expires, "Expires": "0"}) == 0.0  # invalid = expired
    heuristic = {"Date": "Tue, 11 Nov 1994 00:00:00 GMT",
                 "Last-Modified": "Tue, 01 Nov 1994 00:00:00 GMT"}
    assert freshness_lifetime(heuristic) == pytest.approx(0.1 * 10 * 86400)
    assert freshness_lifetime({**heuristic, "Last-Modified": "last week"}) == 0.0
    assert freshness_lifetime({}) == 0.0


def test_current_age_worked_by_hand():
    # Sent at 0 s, received at 2 s, Date says 1 s, Age: 30, now 60 s.
    # apparent_age = 1, response_delay = 2, corrected_age_value = 32,
    # corrected_initial_age = 32, resident_time = 58 -> current_age = 90.
    assert current_age(date=1, request_time=0, response_time=2, now=60, age=30) == 90
    # No Age header and a clock that is 5 s fast at the origin: apparent age is clipped at 0.
    assert current_age(date=7, request_time=0, response_time=2, now=2) == 2
    with pytest.raises(ValueError, match="now"):
        current_age(date=0, request_time=0, response_time=2, now=1)


@given(st.floats(0, 1e6), st.floats(0, 100), st.floats(0, 1e5), st.floats(-100, 100))
def test_current_age_never_less_than_age_header_or_residence(age, delay, resident, skew):
    request, response = 1000.0, 1000.0 + delay
    now = response + resident
    result = current_age(date=response + skew, request_time=request, response_time=response,
                         now=now, age=age)
    assert result >= age + resident - 1e-6
    assert result >= resident - 1e-6


def test_rfc5861_stale_while_revalidate_example():
    # RFC 5861 §3: fresh for 600 s, then served stale for up to 30 s while revalidating.
    headers = {"Cache-Control": "max-age=600, stale-while-revalidate=30"}
    assert decide(headers, age=599).action == "serve"
    assert decide(headers, age=610).action == "serve stale + revalidate"
    assert decide(headers, age=631).action == "revalidate"
    strict = {"Cache-Control": "max-age=600, must-revalidate, stale-while-revalidate=30"}
    assert decide(strict, age=610).action == "revalidate"


def test_no_store_private_no_cache():
    assert decide({"Cache-Control": "no-store, max-age=600"}, age=0).action == "do not store"
    private = {"Cache-Control": "private, max-age=600"}
    assert decide(private, age=0).action == "do not store"
    assert decide(private, age=0, shared=False).action == "serve"
    assert decide({"Cache-Control": "no-cache, max-age=600"}, age=0).action == "revalidate"


def test_etag_revalidation_gives_304_only_for_a_matching_tag():
    assert if_none_match('"abc"', '"abc"')
    assert if_none_match('"abc"', 'W/"abc"')  # weak comparison
    assert if_none_match('"abc"', "*")
    assert not if_none_match('"abc"', '"abd", "xyz"')
    assert revalidate('"v1"', current_etag='"v1"') == 304
    assert revalidate('"v1"', current_etag='"v2"') == 200
    with pytest.raises(TypeError, match="etag"):
        if_none_match(1, '"a"')


def test_s_maxage_and_proxy_revalidate_forbid_stale_in_shared_caches_only():
    # RFC 9111 §5.2.2.10: s-maxage carries proxy-revalidate's semantics for shared caches.
    smax = {"Cache-Control": "s-maxage=300, stale-while-revalidate=30"}
    assert decide(smax, age=310).action == "revalidate"
    assert "s-maxage" in decide(smax, age=310).reason
    proxy = {"Cache-Control": "max-age=300, proxy-revalidate, stale-while-revalidate=30"}
    assert decide(proxy, age=310).action == "revalidate"
    assert decide(proxy, age=310, shared=False).action == "serve stale + revalidate"


def test_rfc5861_stale_if_error():
    headers = {"Cache-Control": "max-age=600, stale-if-error=1200"}
    assert decide(headers, age=1000, origin_error=True).action == "serve stale (origin error)"
    assert decide(headers, age=1000).action == "revalidate"  # origin fine: no stale copy
    assert decide(headers, age=1900, origin_error=True).action == "revalidate"  # window over
    strict = {"Cache-Control": "max-age=600, must-revalidate, stale-if-error=1200"}
    assert decide(strict, age=1000, origin_error=True).action == "revalidate"
    with pytest.raises(TypeError, match="origin_error"):
        decide(headers, age=0, origin_error="yes")


def test_weak_and_strong_comparison_rfc9110_table_3():
    # RFC 9110 §8.8.3.2's table: W/"1" vs W/"1", W/"1" vs W/"2", W/"1" vs "1", "1" vs "1"
    pairs = [('W/"1"', 'W/"1"', False, True), ('W/"1"', 'W/"2"', False, False),
             ('W/"1"', '"1"', False, True), ('"1"', '"1"', True, True)]
    for a, b, strong, weak in pairs:
        assert strong_match(a, b) is strong
        assert if_none_match(a, b) is weak
