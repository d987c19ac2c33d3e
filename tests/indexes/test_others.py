"""LSM amplification against hand-derived cases; hash and bitmap indexes against numpy."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sysdesign.indexes import BitmapIndex, HashIndex, LSMTree, digit_sum, experiments


def test_lsm_hand_derived_case():
    # memtable 2, fanout 2, keys 0..7: 4 flushes write 8; tier-0 merges at puts 4 and 8
    # write 4 + 4; the tier-1 merge at put 8 writes 8: 24 entries for 8 inserted.
    lsm = LSMTree(2, 2)
    for key in range(6):
        lsm.put(key, key)
    assert lsm.entries_written == 6 + 4 and [len(r) for r in lsm.runs] == [2, 4]
    assert lsm.get(100) is None and lsm.runs_probed == 2      # absent: every run
    assert lsm.get(5) == 5 and lsm.runs_probed == 3           # newest run holds it
    for key in range(6, 8):
        lsm.put(key, key)
    assert lsm.entries_written == 24 and lsm.write_amplification == 3.0
    assert lsm.flushes == 4 and lsm.compactions == 3


@pytest.mark.parametrize("memtable,fanout,k", [(1, 2, 5), (4, 4, 2), (3, 3, 3), (8, 5, 1)])
def test_lsm_write_amplification_closed_form(memtable, fanout, k):
    lsm = LSMTree(memtable, fanout)
    for key in range(memtable * fanout ** k):
        lsm.put(key, key)
    assert lsm.write_amplification == pytest.approx(1 + k)
    assert len(lsm.runs) == 1


@settings(max_examples=40, deadline=None)
@given(memtable=st.integers(1, 6), fanout=st.integers(2, 5), n=st.integers(0, 300))
def test_runs_are_the_digit_sum_of_flushes(memtable, fanout, n):
    lsm = LSMTree(memtable, fanout)
    for key in range(n):
        lsm.put(key, key)
    assert len(lsm.runs) == digit_sum(n // memtable, fanout)
    assert all(a.tier <= b.tier for a, b in zip(lsm.runs, lsm.runs[1:], strict=False))


@settings(max_examples=60, deadline=None)
@given(memtable=st.integers(1, 5), fanout=st.integers(2, 4),
       ops=st.lists(st.tuples(st.integers(0, 30), st.integers()), max_size=120))
def test_lsm_agrees_with_a_dict_including_overwrites(memtable, fanout, ops):
    lsm, model = LSMTree(memtable, fanout), {}
    for key, value in ops:
        lsm.put(key, value)
        model[key] = value
    assert len(lsm) == len(model)
    for key in range(-1, 32):
        assert lsm.get(key) == model.get(key)
    assert list(lsm.range(5, 20)) == sorted((k, v) for k, v in model.items() if 5 <= k <= 20)
    assert all(r.keys == sorted(set(r.keys)) for r in lsm.runs)


def test_lsm_rejects_bad_parameters():
    with pytest.raises(ValueError, match="fanout"):
        LSMTree(4, 1)
    with pytest.raises(ValueError, match="memtable_size"):
        LSMTree(0, 4)


def test_amplification_experiment_counts_match_the_models():
    result = experiments.amplification(n=1024, order=5, memtable=16, fanout=4)
    # 1024 = 16 * 4**3 distinct keys: every entry written 1 + 3 times
    assert result["lsm_write"][-1] == pytest.approx(4.0)
    assert result["lsm_read"][-1] == 1 and result["missing"]["lsm"] == 1.0
    tree = result["tree"]
    assert result["btree_read"][-1] == tree.height
    assert 1 <= result["found"]["btree"] <= tree.height
    assert result["btree_write"][-1] == pytest.approx(tree.nodes_written * 4 / 1024)
    # each insert writes at least its leaf, a whole page of m - 1 slots
    assert result["btree_write"][-1] >= 4


@settings(max_examples=40, deadline=None)
@given(keys=st.lists(st.sampled_from("abcdefgh"), max_size=60), buckets=st.integers(1, 9))
def test_hash_index_point_and_range_match_a_scan(keys, buckets):
    index = HashIndex(buckets)
    for row, key in enumerate(keys):
        index.add(key, row)
    for key in "abcdefghz":
        assert index.get(key) == [r for r, k in enumerate(keys) if k == key]
    before = index.entries_read
    assert sorted(index.range("b", "d")) == [r for r, k in enumerate(keys) if "b" <= k <= "d"]
    assert index.entries_read - before == len(keys), "a range reads every bucket"


def test_bitmap_index_and_or_match_numpy_masks():
    columns = experiments.bitmap_columns(rows=3000, seed=3)
    status, country = (np.array(columns[c]) for c in ("status", "country"))
    by_status, by_country = BitmapIndex(columns["status"]), BitmapIndex(columns["country"])
    both = by_status.eq("pending") & by_country.eq("KR")
    either = by_status.eq("refunded") | by_country.isin(["DE", "FR"])
    expected = np.flatnonzero((status == "pending") & (country == "KR")).tolist()
    assert by_status.rows(both) == expected
    mask = (status == "refunded") | np.isin(country, ["DE", "FR"])
    assert by_status.count(either) == int(mask.sum())
    assert by_status.rows(~by_status.eq("shipped")) == np.flatnonzero(status != "shipped").tolist()
    assert by_status.size_bits == 3000 * 4


def test_height_study_stays_in_bounds():
    study = experiments.height_study(orders=(3, 8), n=500)
    for order in (3, 8):
        run = study[order]
        assert np.all(run["lowest"] <= run["height"]) and np.all(run["height"] <= run["highest"])
        assert run["height"][-1] >= math.ceil(math.log(501, order))


def test_raising_the_fanout_from_4_to_8_writes_less_and_probes_more_at_panel_defaults():
    # the notebook's "raise the fanout from 4 to 8" sentence, and its caveat that small steps
    # can go either way (runs left = digit sum of the flush count in base fanout)
    four, six, eight = (experiments.amplification(fanout=f) for f in (4, 6, 8))
    assert eight["lsm_write"][-1] < four["lsm_write"][-1]
    assert eight["missing"]["lsm"] > four["missing"]["lsm"]
    assert six["missing"]["lsm"] < four["missing"]["lsm"]      # not monotone step by step
    assert four["missing"]["lsm"] == digit_sum(3000 // 64, 4)
