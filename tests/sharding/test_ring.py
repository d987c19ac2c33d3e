"""HashRing and rendezvous: placement, minimal movement, balance, and uhashring cross-checks."""

import hashlib

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from uhashring import HashRing as UHashRing

from sysdesign.sharding import HashRing, Rendezvous, md5_hash64
from sysdesign.sharding.metrics import coefficient_of_variation, ideal_moved_share, moved_share

KEYS = np.arange(20_000)
NODES = [f"node{i}" for i in range(8)]


def test_bulk_assignment_equals_scalar_node_for():
    ring = HashRing(NODES, vnodes=50)
    keys = list(range(2_000)) + [f"user:{i}" for i in range(500)]
    assert ring.nodes_for(keys).tolist() == [ring.node_for(k) for k in keys]
    assert ring.nodes_for(np.arange(2_000)).tolist() == [ring.node_for(k) for k in range(2_000)]


def test_same_assignments_as_uhashring_with_md5_positions():
    ours = HashRing(NODES, vnodes=40, hash_fn=md5_hash64)
    theirs = UHashRing(nodes=NODES, vnodes=40)
    keys = [f"key-{i}" for i in range(5_000)]
    assert ours.nodes_for(keys).tolist() == [theirs.get_node(k) for k in keys]
    ours.add_node("node8")
    theirs.add_node("node8")
    ours.remove_node("node3")
    theirs.remove_node("node3")
    assert ours.nodes_for(keys).tolist() == [theirs.get_node(k) for k in keys]


def grow(n, vnodes, prefix="s"):
    """Moved share and where keys went when node n joins a ring of nodes 0..n-1."""
    ring = HashRing([f"{prefix}{i}" for i in range(n)], vnodes=vnodes)
    before = ring.nodes_for(KEYS)
    ring.add_node(f"{prefix}{n}")
    after = ring.nodes_for(KEYS)
    return moved_share(before, after), set(after[before != after])


@pytest.mark.parametrize("n", [4, 8, 16, 32])
def test_moved_share_on_growth_is_within_15_percent_of_ideal(n):
    # The newcomer's share of the circle has a relative spread of about 1/sqrt(vnodes):
    # with 256 vnodes that is ~6 %, so 15 % is a 2.4-sigma margin for any one ring.
    share, destinations = grow(n, vnodes=256)
    assert share == pytest.approx(ideal_moved_share(n), rel=0.15)
    assert destinations == {f"s{n}"}  # keys move only to the newcomer


@pytest.mark.parametrize("n", [4, 16])
def test_moved_share_at_default_vnodes_is_ideal_on_average(n):
    # At 100 vnodes a single ring is off by ~10 % (1 sigma); 20 rings average it out.
    shares = [grow(n, vnodes=100, prefix=f"r{r}-")[0] for r in range(20)]
    assert np.mean(shares) == pytest.approx(ideal_moved_share(n), rel=0.05)
    assert all(abs(s * (n + 1) - 1) < 0.35 for s in shares)


@pytest.mark.parametrize("n", [4, 8, 16])
def test_uhashring_moves_a_similar_share(n):
    ring = UHashRing(nodes=[f"s{i}" for i in range(n)], vnodes=100)
    keys = KEYS[:5_000].tolist()
    before = [ring.get_node(k) for k in keys]
    ring.add_node(f"s{n}")
    after = [ring.get_node(k) for k in keys]
    assert moved_share(before, after) == pytest.approx(ideal_moved_share(n), rel=0.15)


def test_removing_a_node_moves_only_its_keys():
    ring = HashRing(NODES, vnodes=100)
    before = ring.nodes_for(KEYS)
    ring.remove_node("node2")
    after = ring.nodes_for(KEYS)
    assert np.array_equal(before != after, before == "node2")


def test_balance_improves_with_virtual_nodes_like_uhashring():
    def cov_ours(v):
        ring = HashRing(NODES, vnodes=v)
        return coefficient_of_variation(np.bincount(ring.assign(KEYS), minlength=len(NODES)))

    def cov_theirs(v):
        ring = UHashRing(nodes=NODES, vnodes=v)
        nodes = [ring.get_node(k) for k in KEYS[:8_000].tolist()]
        return coefficient_of_variation(np.unique(nodes, return_counts=True)[1])

    ours = [cov_ours(v) for v in (1, 10, 100, 1000)]
    theirs = [cov_theirs(v) for v in (1, 10, 100, 1000)]
    assert ours == sorted(ours, reverse=True) and ours[-1] < 0.1 < 0.3 < ours[0]
    assert theirs[0] > theirs[-1] and theirs[-1] < 0.1
    # Exact arc ownership tells the same story without sampling keys.
    assert coefficient_of_variation(HashRing(NODES, vnodes=1000).ownership()) < 0.1


def test_ownership_sums_to_one_and_predicts_load():
    ring = HashRing(NODES, vnodes=20)
    share = ring.ownership()
    assert share.sum() == pytest.approx(1.0)
    load = np.bincount(ring.assign(np.arange(200_000)), minlength=len(NODES)) / 200_000
    assert np.allclose(load, share, atol=0.01)


def test_counters_track_lookups_and_changes():
    ring = HashRing(["a", "b"], vnodes=5)
    ring.node_for(1)
    ring.assign(np.arange(10))
    ring.add_node("c")
    assert (ring.lookups, ring.changes) == (11, 1)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(min_size=1, max_size=8), min_size=1, max_size=6, unique=True),
       st.integers(1, 30), st.lists(st.integers(-2**63, 2**64 - 1), min_size=1, max_size=30))
def test_every_key_lands_on_a_node_consistently(nodes, vnodes, keys):
    ring = HashRing(nodes, vnodes=vnodes)
    assigned = ring.nodes_for(keys).tolist()
    assert assigned == [ring.node_for(k) for k in keys]
    assert set(assigned) <= set(nodes)


@settings(max_examples=40, deadline=None)
@given(st.integers(2, 12), st.integers(0, 11))
def test_rendezvous_add_remove_moves_only_affected_keys(n, victim):
    hrw = Rendezvous([f"s{i}" for i in range(n)])
    keys = np.arange(3_000)
    before = hrw.labels(keys)
    hrw.remove_node(f"s{victim % n}")
    after = hrw.labels(keys)
    assert np.array_equal(before != after, before == f"s{victim % n}")


def test_rendezvous_moves_the_ideal_share_and_agrees_with_scalar():
    for n in (3, 8, 16):
        hrw = Rendezvous([f"s{i}" for i in range(n)])
        before = hrw.labels(KEYS)
        hrw.add_node(f"s{n}")
        after = hrw.labels(KEYS)
        assert moved_share(before, after) == pytest.approx(ideal_moved_share(n), rel=0.1)
        assert set(after[before != after]) == {f"s{n}"}
    assert hrw.labels(KEYS[:300]).tolist() == [hrw.node_for(int(k)) for k in KEYS[:300]]


@pytest.mark.parametrize("bad, error", [
    (dict(nodes=[]), ValueError), (dict(nodes=["a"], vnodes=0), ValueError),
    (dict(nodes=["a", "a"]), ValueError), (dict(nodes="abc"), TypeError),
    (dict(nodes=["a"], vnodes=2.5), TypeError), (dict(nodes=["a"], hash_fn=3), TypeError),
])
def test_ring_rejects_bad_input(bad, error):
    with pytest.raises(error):
        HashRing(**bad)


def test_ring_rejects_bad_changes_and_keys():
    ring = HashRing(["a"], vnodes=np.int64(3))
    with pytest.raises(ValueError, match="at least one node"):
        ring.remove_node("a")
    with pytest.raises(ValueError, match="not on the ring"):
        ring.remove_node("zzz")
    with pytest.raises(ValueError, match="already"):
        ring.add_node("a")
    with pytest.raises(TypeError, match="key"):
        ring.node_for(1.5)
    with pytest.raises(ValueError):
        Rendezvous([])


# --- weights, preference lists, and what uhashring's rings are ---------------------------

def test_weighted_ring_matches_uhashring_key_for_key():
    """A node of weight w gets vnodes * w points named node-0 .. node-(vnodes*w - 1): exactly
    uhashring's default (MetaRing) placement, so with MD5 both rings agree on every key."""
    weights = {"small": 1, "medium": 2, "large": 4}
    ours = HashRing(list(weights), vnodes=40, hash_fn=md5_hash64, weights=weights)
    theirs = UHashRing(nodes=dict(weights), vnodes=40)
    keys = [f"key-{i}" for i in range(5_000)]
    assert ours.nodes_for(keys).tolist() == [theirs.get_node(k) for k in keys]
    share = ours.ownership()
    assert share.tolist() == pytest.approx([1 / 7, 2 / 7, 4 / 7], abs=0.06)
    ours.add_node("extra", weight=3)
    theirs.add_node("extra", {"weight": 3})
    assert ours.nodes_for(keys).tolist() == [theirs.get_node(k) for k in keys]


def test_preference_list_matches_uhashring_range_and_skips_repeated_nodes():
    ours = HashRing(NODES, vnodes=40, hash_fn=md5_hash64)
    theirs = UHashRing(nodes=NODES, vnodes=40)
    for key in [f"key-{i}" for i in range(1_000)]:
        replicas = ours.preference_list(key, 3)
        assert replicas == [conf["nodename"] for conf in theirs.range(key, size=3)]
        assert len(set(replicas)) == 3 and replicas[0] == ours.node_for(key)
    assert sorted(ours.preference_list("k", len(NODES))) == sorted(NODES)
    with pytest.raises(ValueError, match="^n must"):
        ours.preference_list("k", len(NODES) + 1)


def test_a_failed_node_leaves_each_preference_list_and_the_next_node_steps_in():
    ring = HashRing(NODES, vnodes=50)
    keys = [f"k{i}" for i in range(2_000)]
    before = {k: ring.preference_list(k, 3) for k in keys}
    ring.remove_node("node3")
    for k in keys:
        after = ring.preference_list(k, 3)
        survivors = [n for n in before[k] if n != "node3"]
        assert after[:len(survivors)] == survivors  # the others keep their places
        assert "node3" not in after


def test_what_uhashring_calls_default_and_ketama():
    """The notebook's claims about uhashring, pinned: its default ring puts 160 points per
    node at the full 128-bit MD5 of "name-i"; its ketama ring (hash_fn="ketama") takes four
    32-bit points from each of 40 MD5 digests per node, as libketama does."""
    default = UHashRing(nodes=["a", "b"])
    points = default.get_points()
    assert len(points) == 2 * 160
    expected = {int(hashlib.md5(f"{n}-{i}".encode()).hexdigest(), 16) for n in "ab"
                for i in range(160)}
    assert {position for position, _ in points} == expected
    ketama = UHashRing(nodes=["a", "b"], hash_fn="ketama")
    kpoints = ketama.get_points()
    assert len(kpoints) == 2 * 40 * 4 and max(p for p, _ in kpoints) < 2**32

    def libketama(name):
        out = set()
        for k in range(40):
            digest = hashlib.md5(f"{name}-{k}".encode()).digest()
            out |= {int.from_bytes(digest[4 * h:4 * h + 4], "little") for h in range(4)}
        return out

    assert {p for p, _ in kpoints} == libketama("a") | libketama("b")
    # The two rings place keys differently: the default ring is not ketama.
    keys = [f"k{i}" for i in range(1_000)]
    assert [default.get_node(k) for k in keys] != [ketama.get_node(k) for k in keys]


def test_weighted_rendezvous_gives_each_node_its_weight_and_moves_little():
    weights = {"a": 1, "b": 2, "c": 3, "d": 4}
    hrw = Rendezvous(list(weights), weights=weights)
    keys = np.arange(200_000)
    share = np.bincount(hrw.assign(keys), minlength=4) / len(keys)
    assert share.tolist() == pytest.approx([0.1, 0.2, 0.3, 0.4], abs=0.005)
    assert hrw.assign(keys[:500]).tolist() == [hrw.shard_for(int(k)) for k in keys[:500]]
    # Raising one node's weight only pulls keys towards that node.
    heavier = Rendezvous(list(weights), weights={**weights, "b": 4})
    before, after = hrw.labels(keys), heavier.labels(keys)
    assert set(after[before != after]) == {"b"}
    # Equal weights change nothing: the unweighted scores decide.
    same = Rendezvous(list(weights), weights=dict.fromkeys(weights, 5))
    assert np.array_equal(same.assign(keys[:2_000]), Rendezvous(list(weights)).assign(
        keys[:2_000]))


@pytest.mark.parametrize("bad, error", [
    (dict(weights={"a": 0}), ValueError), (dict(weights={"a": 1.5}), TypeError),
    (dict(weights={"zzz": 2}), ValueError), (dict(weights=[2]), TypeError),
])
def test_ring_rejects_bad_weights(bad, error):
    with pytest.raises(error):
        HashRing(["a", "b"], vnodes=3, **bad)


@pytest.mark.parametrize("bad, error", [
    (dict(weights={"a": 0}), ValueError), (dict(weights={"a": "big"}), TypeError),
    (dict(weights={"zzz": 2}), ValueError), (dict(weights=[2]), TypeError),
])
def test_rendezvous_rejects_bad_weights(bad, error):
    with pytest.raises(error):
        Rendezvous(["a", "b"], **bad)
