"""UUID versions 1 and 6 against RFC 9562's test vectors and Python's own uuid module."""

import uuid

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sysdesign.ids import uuid1, uuid6
from sysdesign.ids.uuids import GREGORIAN_OFFSET, TIME_LOW_WRAP_S, gregorian_ticks, uuid6_ticks

# RFC 9562 Appendix A: 2022-02-22 14:22:22 -05:00, the same clock_seq and node for both.
RFC_NS = 1_645_557_742_000_000_000
RFC_FIELDS = {"clock_seq": 0x33C8, "node": 0x9F6BDECED846}


def test_rfc_9562_test_vectors():
    assert gregorian_ticks(RFC_NS) == 0x1EC9414C232AB00 == 138648505420000000
    assert uuid1(RFC_NS, **RFC_FIELDS) == uuid.UUID("C232AB00-9414-11EC-B3C8-9F6BDECED846")
    assert uuid6(RFC_NS, **RFC_FIELDS) == uuid.UUID("1EC9414C-232A-6B00-B3C8-9F6BDECED846")


def test_uuid1_matches_pythons_own_uuid1():
    made = uuid.uuid1(node=0x9F6BDECED846, clock_seq=0x1234)
    unix_ns = (made.time - GREGORIAN_OFFSET) * 100
    assert uuid1(unix_ns, clock_seq=0x1234, node=0x9F6BDECED846) == made
    assert (made.version, made.variant) == (1, uuid.RFC_4122)


@settings(max_examples=100, deadline=None)
@given(st.integers(0, 2**50), st.integers(0, 2**14 - 1))
def test_v1_and_v6_hold_the_same_clock(offset_ns, clock_seq):
    unix_ns = 1_600_000_000 * 10**9 + offset_ns
    one, six = uuid1(unix_ns, clock_seq=clock_seq, node=7), uuid6(unix_ns, clock_seq=clock_seq,
                                                                   node=7)
    assert one.time == uuid6_ticks(six) == gregorian_ticks(unix_ns)
    assert (one.version, six.version) == (1, 6) and one.clock_seq == six.clock_seq


def test_v6_sorts_by_time_and_v1_only_until_time_low_wraps():
    start = 1_700_000_000 * 10**9
    step_ns = 10 * 10**9  # one UUID every 10 s for an hour
    times = [start + i * step_ns for i in range(360)]
    six = [str(uuid6(t, clock_seq=1, node=1)) for t in times]
    one = [str(uuid1(t, clock_seq=1, node=1)) for t in times]
    assert six == sorted(six)
    assert one != sorted(one)
    # v1's text order is time_low's order: it falls back each time time_low wraps,
    # every 2^32 x 100 ns.
    falls = sum(b < a for a, b in zip(one, one[1:], strict=False))
    assert falls == pytest.approx(360 * 10 / TIME_LOW_WRAP_S, abs=1)
    assert TIME_LOW_WRAP_S == pytest.approx(429.4967296)


@pytest.mark.parametrize("call, error, names", [
    (lambda: uuid1(RFC_NS, clock_seq=2**14, node=1), ValueError, "clock_seq"),
    (lambda: uuid1(RFC_NS, clock_seq=1, node=2**48), ValueError, "node"),
    (lambda: uuid6(1.5, clock_seq=1, node=1), TypeError, "unix_ns"),
    (lambda: gregorian_ticks(-(10**20)), ValueError, "unix_ns"),
    (lambda: uuid6_ticks(uuid.uuid4()), ValueError, "version 6"),
])
def test_bad_input_raises_naming_what_is_wrong(call, error, names):
    with pytest.raises(error, match=names):
        call()
