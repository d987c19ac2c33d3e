"""The B-tree against a dict and sorted(), its invariants after every insert, its bounds."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sysdesign.indexes import BTree, experiments, height_bounds
from sysdesign.indexes._fast import btree_heights
from sysdesign.indexes.btree import Node


def check_invariants(tree: BTree) -> None:
    """Every rule of a classic B-tree of order m, checked from the nodes themselves."""
    m = tree.order
    leaf_depths, seen = set(), []

    def walk(node: Node, depth: int, lo, hi) -> None:
        assert len(node.keys) == len(node.values)
        assert len(node.keys) <= m - 1, "a node holds at most m - 1 keys"
        assert node.keys == sorted(node.keys) and len(set(node.keys)) == len(node.keys)
        assert all((lo is None or k > lo) and (hi is None or k < hi) for k in node.keys)
        if node is not tree.root:
            assert len(node.keys) >= math.ceil(m / 2) - 1
        if node.leaf:
            leaf_depths.add(depth)
            seen.extend(node.keys)
            return
        assert len(node.children) == len(node.keys) + 1
        if node is not tree.root:
            assert len(node.children) >= math.ceil(m / 2), "min children"
        else:
            assert len(node.children) >= 2
        bounds = [lo, *node.keys, hi]
        for i, child in enumerate(node.children):
            walk(child, depth + 1, bounds[i], bounds[i + 1])
            if i < len(node.keys):
                seen.append(node.keys[i])

    walk(tree.root, 1, None, None)
    assert leaf_depths == {tree.height}, "all leaves at the same depth = height"
    assert seen == sorted(seen) and len(seen) == len(tree), "each key stored once, in order"
    lowest, highest = height_bounds(len(tree), m)
    assert lowest <= tree.height <= highest


operations = st.lists(st.tuples(st.integers(-60, 60), st.integers()), max_size=120)


@settings(max_examples=60, deadline=None)
@given(order=st.integers(3, 8), ops=operations)
def test_agrees_with_a_dict_and_keeps_every_invariant_after_each_insert(order, ops):
    tree, model = BTree(order), {}
    for key, value in ops:
        tree.insert(key, value)
        model[key] = value
        check_invariants(tree)
        assert len(tree) == len(model)
    for key in range(-61, 62):
        assert tree.get(key, "absent") == model.get(key, "absent")
    assert list(tree.items()) == sorted(model.items())


@settings(max_examples=60, deadline=None)
@given(order=st.integers(3, 8), keys=st.lists(st.integers(0, 200), max_size=150),
       lo=st.integers(-5, 205), width=st.integers(-3, 80))
def test_range_matches_sorted(order, keys, lo, width):
    tree = BTree(order)
    for key in keys:
        tree.insert(key, -key)
    hi = lo + width
    expected = [(k, -k) for k in sorted(set(keys)) if lo <= k <= hi]
    assert list(tree.range(lo, hi)) == expected


@settings(max_examples=40, deadline=None)
@given(order=st.integers(3, 8), keys=st.lists(st.integers(), unique=True, max_size=150))
def test_trace_records_every_insert_and_every_split(order, keys):
    tree = BTree(order)
    for key in keys:
        tree.insert(key, None)
    assert [step.key for step in tree.trace] == keys
    assert sum(len(step.splits) for step in tree.trace) == tree.splits
    assert sum(s.new_root for step in tree.trace for s in step.splits) == tree.height - 1
    for step in tree.trace:
        for split in step.splits:
            assert len(split.keys) == order, "a node splits when it overflows to m keys"
            assert split.promoted == split.keys[(order - 1) // 2]
    # every split adds one node, every new root one more
    assert tree.node_count() == 1 + tree.splits + (tree.height - 1)


def test_a_small_tree_grows_as_drawn_by_hand():
    tree = BTree(3)
    for key in [10, 20, 30]:
        tree.insert(key, key)
    assert tree.levels() == [[(20,)], [(10,), (30,)]]
    assert tree.trace[2].splits[0].new_root and tree.height == 2
    tree.insert(20, "new")
    assert tree.get(20) == "new" and len(tree) == 3 and tree.trace[-1].replaced


def test_a_lone_leaf_has_height_one_and_len_works():
    tree = BTree(5)
    assert tree.height == 1 and len(tree) == 0 and tree.get(1) is None
    assert tree.get(1, "d") == "d" and list(tree.range(0, 9)) == []


@pytest.mark.parametrize("order", [2, 0, -1, 2.5, "4", True])
def test_bad_order_is_refused_naming_order(order):
    with pytest.raises((ValueError, TypeError), match="order"):
        BTree(order)


@pytest.mark.parametrize("order", range(3, 9))
def test_height_bounds_match_the_key_counts_of_the_fullest_and_thinnest_trees(order):
    # the closed form must equal the explicit min/max key counts of a tree of each height:
    # most = every node full (m - 1 keys, m children); fewest = a root with 1 key and every
    # other node at t - 1 keys, t children.
    t = math.ceil(order / 2)
    for h in range(1, 6):
        fewest, most = 2 * t ** (h - 1) - 1 if h > 1 else 0, order ** h - 1
        assert height_bounds(most, order)[0] == h
        assert height_bounds(fewest, order)[1] == h
        assert height_bounds(most + 1, order)[0] == h + 1
    # CLRS: h_edges <= log_t((n + 1) / 2), so levels <= 1 + that
    for n in range(1, 3000, 37):
        assert height_bounds(n, order)[1] == 1 + math.floor(math.log((n + 1) / 2, t) + 1e-12)


def test_ascending_inserts_stay_within_bounds_for_many_keys():
    for order in (3, 4, 7):
        tree = BTree(order)
        for key in range(2000):
            tree.insert(key, key)
        lo, hi = height_bounds(2000, order)
        assert lo <= tree.height <= hi
        check_invariants(tree)


@pytest.mark.parametrize("order", range(3, 9))
def test_ascending_inserts_leave_every_node_left_of_the_right_spine_at_the_minimum(order):
    # the notebook's claim for the "ascending" setting of the growth panel
    tree = BTree(order)
    for key in range(300):
        tree.insert(key, key)
    minimum, off_spine = math.ceil(order / 2) - 1, []

    def walk(node: Node, on_spine: bool) -> None:
        if not on_spine:
            off_spine.append(len(node.keys))
        for i, child in enumerate(node.children):
            walk(child, on_spine and i == len(node.children) - 1)

    walk(tree.root, True)
    assert off_spine and set(off_spine) == {minimum}
    shuffled = BTree(order)
    for key in sorted(range(300), key=lambda k: (k * 7919) % 301):
        shuffled.insert(key, key)
    assert shuffled.node_count() < tree.node_count(), "random keys fill nodes better"


@settings(max_examples=150, deadline=None)
@given(keys=st.lists(st.integers(0, 300), max_size=400), order=st.integers(3, 9),
       data=st.data())
def test_fast_heights_equal_the_btree_class(keys, order, data):
    # experiments.height_study reads heights from _fast.btree_heights, not from BTree
    marks = data.draw(st.sets(st.integers(1, max(1, len(keys)))))
    tree, expected = BTree(order), []
    for count, key in enumerate(keys, start=1):
        tree.insert(key, key)
        if count in marks:
            expected.append(tree.height)
    assert btree_heights(keys, order, marks) == expected


def test_fast_heights_at_the_height_study_size():
    keys = experiments.insert_keys(4000)
    for order in (3, 4, 8, 32):
        tree = experiments.build(order, keys)
        assert btree_heights(keys, order, [4000]) == [tree.height]
        assert btree_heights(keys, order, range(1, 4001)) == [s.height for s in tree.trace]
