"""The partitioned log: Kafka's murmur2 and partitioner, retention, groups, assignors."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sysdesign.messaging import ConsumerGroup, PartitionedLog, assign, moved, murmur2, partition_for

# Expected values from Kafka's own test (clients/.../utils/UtilsTest.java, testMurmur2)
# and from Akka's Murmur2Spec, which checks its port against Kafka's Utils.murmur2.
KAFKA_VECTORS = {
    b"21": -973932308, b"foobar": -790332482, b"a-little-bit-long-string": -985981536,
    b"a-little-bit-longer-string": -1486304829,
    b"lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8": -58897971, b"abc": 479470107,
    b"1": -1993445489, b"12": 126087238, b"123": -267702483, b"1234": -1614185708,
    b"12345": -1188365604,
}


@pytest.mark.parametrize(("data", "expected"), KAFKA_VECTORS.items())
def test_murmur2_matches_kafka(data, expected):
    assert murmur2(data) == expected


def test_partition_is_to_positive_murmur2_mod_n():
    # toPositive(-973932308) = -973932308 & 0x7fffffff = 1173551340
    assert partition_for("21", 7) == 1173551340 % 7
    assert partition_for(b"21", 7) == partition_for("21", 7)


@given(st.binary(max_size=40), st.integers(1, 64))
def test_partition_in_range_and_signed_32_bit(data, n):
    h = murmur2(data)
    assert -(2 ** 31) <= h < 2 ** 31
    assert 0 <= partition_for(data, n) < n


@given(st.lists(st.sampled_from("abcdefgh"), min_size=1, max_size=60), st.integers(1, 6))
def test_a_key_keeps_its_order_within_its_partition(keys, n):
    log = PartitionedLog(n)
    for i, key in enumerate(keys):
        log.append(key, i)
    for key in set(keys):
        p = partition_for(key, n)
        values = [r.value for r in log.read(p, 0) if r.key == key]
        assert values == [i for i, k in enumerate(keys) if k == key]
    assert sum(log.end_offset(p) for p in range(n)) == len(keys)


def test_retention_deletes_old_records_and_offsets_stay():
    log = PartitionedLog(1, retention=10.0)
    for t in range(30):
        log.append("k", t, time=float(t))
    assert log.enforce_retention(now=30.0) == 20
    assert (log.start_offset(0), log.end_offset(0)) == (20, 30)
    assert log.read(0, 20)[0].offset == 20
    with pytest.raises(ValueError, match="deleted by retention"):
        log.read(0, 5)


def test_reading_does_not_delete_and_two_groups_read_everything():
    log = PartitionedLog(2)
    for i in range(10):
        log.append(f"k{i}", i)
    a, b = ConsumerGroup(log, ["a"]), ConsumerGroup(log, ["b"])
    assert len(a.poll("a", 100)) == len(b.poll("b", 100)) == 10
    assert a.lag() == {0: 0, 1: 0}
    a.seek(0, 0)  # replay partition 0
    assert len(a.poll("a", 100)) == log.end_offset(0)


@given(st.integers(1, 30), st.integers(1, 10), st.sampled_from(["range", "roundrobin"]))
def test_assignment_gives_each_partition_one_owner_and_balances(n, c, assignor):
    result = assign(n, [f"c{i:02d}" for i in range(c)], assignor)
    owned = sorted(p for ps in result.values() for p in ps)
    assert owned == list(range(n))
    sizes = [len(ps) for ps in result.values()]
    assert max(sizes) - min(sizes) <= 1
    assert sum(s == 0 for s in sizes) == max(0, c - n)  # idle consumers


def test_range_assignor_as_kafka_documents_it():
    # Kafka's RangeAssignor javadoc: 2 consumers, 3 partitions per topic -> C0 gets 0, 1
    assert assign(3, ["C0", "C1"]) == {"C0": [0, 1], "C1": [2]}


def test_rebalance_reports_moved_partitions():
    group = ConsumerGroup(PartitionedLog(6), ["c1", "c2", "c3"])
    assert group.rebalance(["c1", "c2", "c3", "c4"]) == [5]
    assert moved({"a": [0, 1]}, {"a": [0], "b": [1]}) == [1]


@pytest.mark.parametrize(("call", "error", "text"), [
    (lambda: PartitionedLog(0), ValueError, "partitions"),
    (lambda: partition_for(3, 2), TypeError, "key"),
    (lambda: assign(3, []), ValueError, "consumers"),
    (lambda: assign(3, ["a"], "sticky"), ValueError, "assignor"),
    (lambda: PartitionedLog(1, retention=0), ValueError, "retention"),
    (lambda: ConsumerGroup(PartitionedLog(1), ["a"]).poll("b"), ValueError, "consumer"),
    (lambda: assign(3, "abc"), TypeError, "consumers"),  # one string, not three names
    (lambda: assign(3, ["a", 1]), TypeError, "consumers"),
    (lambda: assign(3, None), TypeError, "consumers"),
    (lambda: PartitionedLog(1, retention=5).enforce_retention("now"), TypeError, "now"),
])
def test_bad_input_names_the_parameter(call, error, text):
    with pytest.raises(error, match=text):
        call()
