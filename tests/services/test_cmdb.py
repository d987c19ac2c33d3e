import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import breadth_first_order

from sysdesign.services import EXAMPLE, blast_radius, dependants, radii


def oracle(depends, item):
    """Brute force: an item is hit if some dependency path leads from it to ``item``."""
    def reaches(a, seen=()):
        return any(b == item or (b not in seen and reaches(b, seen + (a,)))
                   for b in depends[a])
    return sorted(a for a in depends if a != item and reaches(a))


@st.composite
def dags(draw):
    n = draw(st.integers(1, 9))
    names = [f"n{k}" for k in range(n)]
    return {names[i]: [names[j] for j in range(i + 1, n) if draw(st.booleans())]
            for i in range(n)}


@settings(max_examples=150, deadline=None)
@given(dags(), st.data())
def test_blast_radius_matches_brute_force_and_scipy(graph, data):
    item = data.draw(st.sampled_from(sorted(graph)))
    ours = blast_radius(graph, item)
    assert ours == oracle(graph, item)
    names = sorted(graph)
    index = {n: i for i, n in enumerate(names)}
    rows = [index[b] for a in graph for b in graph[a]]
    cols = [index[a] for a in graph for b in graph[a]]
    reverse = csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(names),) * 2)
    order = breadth_first_order(reverse, index[item], directed=True, return_predecessors=False)
    assert ours == sorted(names[i] for i in order if i != index[item])


@settings(max_examples=80, deadline=None)
@given(dags(), st.data())
def test_a_dependant_has_a_smaller_radius(graph, data):
    item = data.draw(st.sampled_from(sorted(graph)))
    for parent in dependants(graph)[item]:  # in a DAG, everything that hits parent hits item
        assert set(blast_radius(graph, parent)) < set(blast_radius(graph, item))


def test_example_radii():
    assert blast_radius(EXAMPLE, "orders-db") == [
        "api-gateway", "mobile-app", "orders-service", "payments-service", "reporting-job",
        "web-frontend"]
    assert list(radii(EXAMPLE).items())[:2] == [("postgres-host-1", 9), ("tls-cert", 7)]
    assert blast_radius(EXAMPLE, "web-frontend") == []


def test_cycles_end_and_bad_input_raises():
    assert blast_radius({"a": ["b"], "b": ["a"]}, "a") == ["b"]
    with pytest.raises(ValueError, match="item"):
        blast_radius(EXAMPLE, "nope")
    with pytest.raises(ValueError, match="depends"):
        blast_radius({"a": ["ghost"]}, "a")
    with pytest.raises(TypeError, match="depends"):
        blast_radius([("a", "b")], "a")
    with pytest.raises(TypeError, match="depends"):  # a string, not a list of one item
        blast_radius({"app": "db", "db": []}, "db")
