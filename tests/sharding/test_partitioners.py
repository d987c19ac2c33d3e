"""Every partitioner: one interface, bulk == scalar, valid shards, and its own behaviour."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sysdesign.sharding import (
    DirectoryPartitioner,
    GeoGridPartitioner,
    HashRing,
    JumpPartitioner,
    ModuloPartitioner,
    Partitioner,
    RangePartitioner,
    Rendezvous,
)

INT_KEYS = list(range(-50, 500)) + [2**63, 2**64 - 1]
TEXT_KEYS = [f"user:{i}" for i in range(300)] + ["", "é", b"raw"]


def hashed_partitioners():
    return [ModuloPartitioner(5), HashRing(["a", "b", "c"], vnodes=30), Rendezvous(["a", "b"]),
            JumpPartitioner(6), DirectoryPartitioner({"user:1": 2, 7: 0}, 3)]


@pytest.mark.parametrize("part", hashed_partitioners(), ids=repr)
def test_bulk_equals_scalar_for_ints_and_text(part):
    assert isinstance(part, Partitioner)
    for keys in (INT_KEYS, TEXT_KEYS):
        bulk = part.assign(keys)
        assert bulk.dtype == np.int64
        assert bulk.tolist() == [part.shard_for(k) for k in keys]
        assert bulk.min() >= 0 and bulk.max() < part.num_shards
        assert part.labels(keys).tolist() == [part.shards[i] for i in bulk]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.floats(-1e6, 1e6), min_size=1, max_size=8, unique=True),
       st.lists(st.floats(-2e6, 2e6), min_size=1, max_size=40))
def test_range_partitioner_puts_keys_between_their_boundaries(bounds, keys):
    bounds = sorted(bounds)
    part = RangePartitioner(bounds)
    for key, shard in zip(keys, part.assign(keys), strict=True):
        lo = bounds[shard - 1] if shard > 0 else -np.inf
        hi = bounds[shard] if shard < len(bounds) else np.inf
        assert lo <= key < hi
        assert part.shard_for(key) == shard


def test_range_even_split_and_time_keys_go_to_the_last_shard():
    part = RangePartitioner.even(0, 100, 4)
    assert part.boundaries.tolist() == [25, 50, 75]
    assert part.assign([0, 24.9, 25, 99.9, 150]).tolist() == [0, 0, 1, 3, 3]


def test_directory_balances_by_weight_and_moves_single_keys():
    weights = [100, 1, 1, 1, 1, 50, 49]
    part = DirectoryPartitioner.balanced(range(7), weights, 2)
    load = np.bincount(part.assign(range(7)), weights=weights, minlength=2)
    assert sorted(load.tolist()) == [101.0, 102.0]
    part.move(0, 1 - part.shard_for(0))
    assert part.lookups > 0
    with pytest.raises(ValueError):
        part.move(0, 5)


def test_geo_grid_keeps_neighbours_together_and_stays_in_range():
    part = GeoGridPartitioner(8, cell_degrees=10)
    paris, near_paris = (48.86, 2.35), (48.0, 3.0)
    assert part.shard_for(paris) == part.shard_for(near_paris)
    corners = [(-90, -180), (90, 180), (0, 0), (-90, 180), (90, -180)]
    cells = part.cells(corners)
    assert cells.min() >= 0 and cells.max() < 18 * 36
    assert part.assign(corners).tolist() == [part.shard_for(c) for c in corners]


@pytest.mark.parametrize("build, error", [
    (lambda: ModuloPartitioner(0), ValueError), (lambda: ModuloPartitioner([]), ValueError),
    (lambda: ModuloPartitioner(["a", "a"]), ValueError),
    (lambda: ModuloPartitioner("ab"), TypeError),
    (lambda: RangePartitioner([3, 1]), ValueError),
    (lambda: RangePartitioner([1, np.nan]), ValueError),
    (lambda: RangePartitioner.even(5, 5, 2), ValueError),
    (lambda: RangePartitioner([1]).assign(["x"]), TypeError),
    (lambda: DirectoryPartitioner({"k": 9}, 3), ValueError),
    (lambda: DirectoryPartitioner.balanced([1, 2], [1], 2), ValueError),
    (lambda: GeoGridPartitioner(4, cell_degrees=0), ValueError),
    (lambda: GeoGridPartitioner(4).shard_for((91, 0)), ValueError),
    (lambda: ModuloPartitioner(3).shard_for(2.5), TypeError),
    (lambda: ModuloPartitioner(3).assign(np.array([True])), TypeError),
    (lambda: JumpPartitioner(0), ValueError),
    (lambda: JumpPartitioner(2.0), TypeError),
    (lambda: GeoGridPartitioner(4, cell_degrees="10"), TypeError),
    (lambda: GeoGridPartitioner(4, cell_degrees=181), ValueError),
    (lambda: RangePartitioner.even(0, "100", 2), TypeError),
    (lambda: DirectoryPartitioner({}, 2).move("k", 2), ValueError),
    (lambda: DirectoryPartitioner({}, 2).move("k", 1.0), TypeError),
])
def test_bad_input_raises_a_clear_error(build, error):
    with pytest.raises(error):
        build()


def test_errors_name_the_parameter():
    with pytest.raises(ValueError, match="^shards must"):
        ModuloPartitioner([])
    with pytest.raises(ValueError, match="^nodes must"):
        Rendezvous(["a", "a"])
    with pytest.raises(ValueError, match="^cell_degrees must"):
        GeoGridPartitioner(4, cell_degrees=0)
    with pytest.raises(ValueError, match="^hi must be greater than lo"):
        RangePartitioner.even(5, 5, 2)
