"""Multi-leader replication: conflicts found by version vectors, resolved three ways."""

import pytest

from sysdesign.replication.multileader import MultiLeader, descends


def cart(resolve, gap_ms=0.0):
    ml = MultiLeader(resolve=resolve)
    ml.write(0, "cart", {"book"})
    ml.sim.run(ml.sim.now + gap_ms)
    ml.write(1, "cart", {"lamp"} | set().union(*map(set, ml.read(2, "cart"))))
    ml.settle()
    return ml


@pytest.mark.parametrize("resolve, expected, lost", [
    ("lww", [["lamp"]], 1), ("siblings", [["book"], ["lamp"]], 0),
    ("merge", [["book", "lamp"]], 0)])
def test_concurrent_writes_conflict_and_resolve(resolve, expected, lost):
    ml = cart(resolve)
    assert len(ml.conflicts) == 1 and len(ml.lost) == lost
    assert all(ml.read(node, "cart") == expected for node in range(4))  # all agree


@pytest.mark.parametrize("resolve", ["lww", "siblings", "merge"])
def test_writes_further_apart_than_the_link_do_not_conflict(resolve):
    ml = cart(resolve, gap_ms=50.0)  # datacentre 1 saw the book before adding the lamp
    assert not ml.conflicts and not ml.lost
    assert ml.read(3, "cart") == [["book", "lamp"]]


def test_followers_follow_their_own_leader():
    ml = MultiLeader(local_ms=1.0, remote_ms=40.0)
    ml.write(0, "x", {"a"})
    ml.sim.run(2.0)
    assert [ml.read(n, "x") for n in range(4)] == [[["a"]], [["a"]], [], []]
    ml.sim.run(40.5)
    assert ml.read(2, "x") == [["a"]] and ml.read(3, "x") == []  # via leader 2, 1 ms later
    ml.settle()
    assert ml.read(3, "x") == [["a"]]


def test_a_write_that_saw_the_siblings_resolves_them():
    ml = cart("siblings")
    ml.write(0, "cart", set().union(*map(set, ml.read(0, "cart"))))
    ml.settle()
    assert ml.read(3, "cart") == [["book", "lamp"]]


def test_descends_and_bad_input():
    assert descends((2, 1), (1, 1)) and not descends((1, 2), (2, 1))
    with pytest.raises(ValueError, match="resolve"):
        MultiLeader(resolve="first")
    with pytest.raises(ValueError, match="dc"):
        MultiLeader().write(5, "x", {1})


def test_writes_in_the_same_instant_are_a_nanosecond_apart():
    # Notebook 10 says the lamp was "written a nanosecond later": stamps are in ms, and each
    # write adds 1e-6 ms to break the tie, so last-writer-wins keeps the second one.
    ml = MultiLeader(resolve="lww")
    ml.write(0, "cart", {"book"})
    ml.write(1, "cart", {"lamp"})
    (book,), (lamp,) = ml.stores[0]["cart"], ml.stores[2]["cart"]
    assert lamp.stamp - book.stamp == pytest.approx(1e-6)
    ml.settle()
    assert ml.read(0, "cart") == [["lamp"]]
