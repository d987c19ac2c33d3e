import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sysdesign.transactions import LockTable, WaitForGraph


def _has_cycle_brute_force(edges):
    """Oracle: a node reaches itself by one or more edges (reachability by fixed point)."""
    nodes = {a for e in edges for a in e}
    reach = {n: {b for a, b in edges if a == n} for n in nodes}
    changed = True
    while changed:
        changed = False
        for n in nodes:
            more = set().union(*(reach[m] for m in reach[n])) - reach[n] if reach[n] else set()
            if more:
                reach[n] |= more
                changed = True
    return any(n in reach[n] for n in nodes)


edge_lists = st.lists(st.tuples(st.integers(0, 5), st.integers(0, 5)).filter(
    lambda e: e[0] != e[1]), max_size=12)


@settings(max_examples=300)
@given(edge_lists)
def test_cycle_found_exactly_when_one_exists(edges):
    graph = WaitForGraph(edges)
    cycle = graph.find_cycle()
    assert (cycle is not None) == _has_cycle_brute_force(edges)
    if cycle:
        hops = list(zip(cycle, cycle[1:] + cycle[:1], strict=True))
        assert all(b in graph.edges[a] for a, b in hops)
        assert len(set(cycle)) == len(cycle)


def test_removing_a_victim_breaks_the_cycle():
    graph = WaitForGraph([("T1", "T2"), ("T2", "T3"), ("T3", "T1")])
    assert graph.find_cycle() == ["T1", "T2", "T3"]
    graph.remove("T2")
    assert graph.find_cycle() is None


def test_shared_locks_share_and_exclusive_locks_wait():
    locks = LockTable()
    assert locks.acquire("T1", "a", "S") and locks.acquire("T2", "a", "S")
    assert not locks.acquire("T3", "a", "X")
    assert locks.graph.edges["T3"] == {"T1", "T2"}
    locks.release_all("T1")
    locks.release_all("T2")
    assert locks.acquire("T3", "a", "X")


def test_bad_input():
    with pytest.raises(ValueError, match="mode"):
        LockTable().acquire("T1", "a", "Z")
    with pytest.raises(ValueError, match="waiter"):
        WaitForGraph([("T1", "T1")])
