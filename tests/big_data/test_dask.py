"""Cross-check: the same jobs on Dask (a bag, local synchronous scheduler)."""

import pytest

from sysdesign.big_data import map_reduce, total, word_count, words
from sysdesign.big_data.corpus import SONG, zipf_lines
from sysdesign.big_data.experiments import dask_word_count


@pytest.mark.parametrize("lines", [SONG, zipf_lines(), zipf_lines(300, alpha=1.4, seed=7)])
@pytest.mark.parametrize("partitions", [1, 3])
def test_word_count_agrees_with_dask(lines, partitions):
    ours = word_count(lines, mappers=partitions, combine=True).output
    assert ours == dask_word_count(lines, partitions) == map_reduce(lines, words, total).output


def test_dask_bag_frequencies_agree_too():
    import dask
    import dask.bag as db

    lines = zipf_lines(500, seed=2)
    bag = db.from_sequence(lines, npartitions=4).map(str.split).flatten()
    with dask.config.set(scheduler="synchronous"):
        theirs = dict(bag.frequencies().compute())
    assert word_count(lines).output == theirs
