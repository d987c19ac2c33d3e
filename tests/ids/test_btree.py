"""Insert locality measured in real SQLite, against the balls-in-bins expectation."""

import numpy as np
import pytest

from sysdesign.ids.btree import KEYS, insert_locality, random_leaves_touched


@pytest.fixture(scope="module")
def runs():
    return {key: insert_locality(key, rows=4_000, batch=100) for key in KEYS}


def test_random_keys_write_at_least_the_leaves_they_hit(runs):
    random = runs["UUIDv4"]
    hit = random_leaves_touched(random.leaves, 100)
    # A commit writes every distinct leaf its keys land on (the expectation is a floor,
    # give or take chance), plus splits and the pages above the leaves.
    assert np.mean(random.pages_written / hit) >= 0.95
    assert np.all(random.pages_written <= 2.5 * hit + 10)


def test_time_ordered_keys_write_a_few_pages_however_big_the_table(runs):
    for key in ("UUIDv7", "Snowflake"):
        run = runs[key]
        rows_per_leaf = run.rows[-1] / run.leaves[-1]
        # 100 new rows fill 100 / rows_per_leaf leaves at the right-hand end; rebalancing
        # touches its neighbours and the pages above: a bound that does not grow.
        bound = 100 / rows_per_leaf + 12
        assert run.pages_written[5:].max() <= bound
        early, late = run.pages_written[5:15].mean(), run.pages_written[-10:].mean()
        assert late <= 1.5 * early


def test_random_keys_cost_many_times_more_page_writes_in_all(runs):
    random = runs["UUIDv4"].pages_written.sum()
    assert random >= 5 * runs["UUIDv7"].pages_written.sum()
    assert random >= 5 * runs["Snowflake"].pages_written.sum()
    assert runs["UUIDv4"].pages_written[-1] > 5 * runs["UUIDv7"].pages_written[-1]


def test_counts_repeat_exactly_and_leaves_are_counted_two_ways(runs):
    again = insert_locality.__wrapped__("UUIDv4", rows=4_000, batch=100)
    assert np.array_equal(again.pages_written, runs["UUIDv4"].pages_written)
    assert again.leaves[-1] == runs["UUIDv4"].leaves[-1]  # dbstat agreed inside the run
    for run in runs.values():
        assert 0.5 < run.leaf_fill < 1 and np.all(np.diff(run.leaves) >= 0)


def test_balls_in_bins_closed_form():
    assert random_leaves_touched([1], 5)[0] == pytest.approx(1)
    assert random_leaves_touched([1000], 1)[0] == pytest.approx(1)
    assert random_leaves_touched([1e9], 100)[0] == pytest.approx(100, rel=1e-6)


@pytest.mark.parametrize("call, error, names", [
    (lambda: insert_locality("UUIDv9"), ValueError, "key"),
    (lambda: insert_locality("UUIDv4", rows=0), ValueError, "rows"),
    (lambda: insert_locality("UUIDv4", rows=10, batch=20), ValueError, "batch"),
    (lambda: insert_locality("UUIDv4", payload=-1), ValueError, "payload"),
    (lambda: random_leaves_touched([0], 100), ValueError, "leaves"),
    (lambda: random_leaves_touched([float("nan")], 100), ValueError, "leaves"),
    (lambda: random_leaves_touched([10], 1.5), TypeError, "batch"),
])
def test_bad_input_raises_naming_what_is_wrong(call, error, names):
    with pytest.raises(error, match=names):
        call()
