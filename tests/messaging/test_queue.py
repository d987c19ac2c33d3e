"""The work queue: acks, redelivery after a crash, delivery limit, dead letters, order."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sysdesign.messaging import WorkQueue, run_work_queue


def test_unacked_message_is_requeued_at_the_head_when_its_consumer_dies():
    q = WorkQueue()
    for m in range(3):
        q.publish(m)
    assert q.get("a") == 0 and q.get("b") == 1
    assert q.consumer_lost("a") == [0]
    assert q.get("b") is None  # prefetch 1: b still holds message 1 unacked
    q.ack(1)
    assert q.get("b") == 0 and q.counters["redelivered"] == 1


def test_prefetch_caps_the_unacked_messages_a_consumer_holds():
    q = WorkQueue(prefetch=2)
    for m in range(4):
        q.publish(m)
    assert [q.get("a"), q.get("a"), q.get("a")] == [0, 1, None]
    q.ack(0)
    assert q.get("a") == 2
    with pytest.raises(ValueError, match="prefetch"):
        WorkQueue(prefetch=0)


def test_delivery_limit_then_dead_letter():
    q = WorkQueue(delivery_limit=2)
    q.publish(7)
    assert q.nack(q.get("a")) == "requeued"
    assert q.nack(q.get("a")) == "dead-lettered"
    assert q.dead == [7] and q.get("a") is None
    q.publish(8)
    assert q.nack(q.get("a"), requeue=False) == "dead-lettered"


def test_ack_twice_is_an_error():
    q = WorkQueue()
    q.publish(1)
    q.ack(q.get("a"))
    with pytest.raises(ValueError, match="not awaiting an ack"):
        q.ack(1)


@settings(max_examples=30, deadline=None)
@given(st.integers(1, 15), st.integers(1, 5), st.integers(0, 1000),
       st.one_of(st.none(), st.floats(0, 5)), st.integers(1, 4))
def test_every_message_is_acked_once_or_dead_lettered(n, consumers, seed, crash_at, limit):
    poison = (n // 2,)
    r = run_work_queue(messages=n, consumers=consumers, seed=seed, poison=poison,
                       crash=None if crash_at is None else ("c1", crash_at),
                       delivery_limit=limit)
    assert sorted(r["done"] + r["dead"]) == list(range(n))
    assert set(poison) <= set(r["dead"])
    if limit > 1:  # one crash returns a good message once: it is delivered again
        assert r["dead"] == list(poison)
    c = r["counters"]
    assert c["acked"] == len(r["done"]) and c["dead_lettered"] == len(r["dead"])
    assert c["delivered"] == c["published"] + c["redelivered"]


def test_competing_consumers_and_a_crash_reorder_acks():
    r = run_work_queue(crash=None, poison=(), consumers=1)
    assert r["in_order"]  # one consumer, no failures: publish order
    r = run_work_queue(crash=("c1", 2.0), poison=(), consumers=3)
    assert not r["in_order"]
    redelivered = [j[3] for j in r["jobs"] if j[5]]
    assert redelivered and r["done"].index(redelivered[0]) > redelivered[0]
