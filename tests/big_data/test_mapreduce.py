"""map_reduce: the contract, the shuffle counts, the partitioner, validation."""

import subprocess
import sys
import zlib
from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sysdesign.big_data import (
    MapReduceResult,
    map_reduce,
    partition,
    split,
    total,
    word_count,
    words,
)
from sysdesign.big_data.corpus import SONG, click_log, zipf_lines
from sysdesign.big_data.experiments import shuffle

WORDS = st.lists(st.lists(st.sampled_from(["a", "b", "c", "dd", "e", "f"]), max_size=6)
                 .map(" ".join), max_size=30)


def test_contract_on_a_small_job():
    job = map_reduce(SONG, words, total, mappers=2, reducers=3)
    assert isinstance(job, MapReduceResult)
    assert job.output == dict(Counter(" ".join(SONG).split()))
    assert len(job.reducer_loads) == 3
    assert sum(job.reducer_loads) == job.shuffled == job.emitted == 17


@given(WORDS, st.integers(1, 7), st.integers(1, 7), st.booleans())
def test_word_count_matches_counter(lines, mappers, reducers, combine):
    job = word_count(lines, mappers=mappers, reducers=reducers, combine=combine)
    assert job.output == dict(Counter(w for line in lines for w in line.split()))
    assert sum(job.reducer_loads) == job.shuffled
    assert len(job.reducer_loads) == reducers
    assert job.emitted == sum(len(line.split()) for line in lines)


@given(WORDS, st.integers(1, 7), st.integers(1, 7))
def test_combiner_sends_one_pair_per_distinct_key_per_mapper(lines, mappers, reducers):
    job = word_count(lines, mappers=mappers, reducers=reducers, combine=True)
    expected = sum(len({w for line in chunk for w in line.split()})
                   for chunk in split(lines, mappers))
    assert job.shuffled == expected <= job.emitted
    for r, load in enumerate(job.reducer_loads):  # every pair went to its key's reducer
        assert load == sum(1 for pairs in job.map_outputs for k, _ in pairs
                           if partition(k, reducers) == r)


@given(st.lists(st.integers(), max_size=50), st.integers(1, 12))
def test_splits_are_contiguous_and_balanced(records, mappers):
    chunks = split(records, mappers)
    assert len(chunks) == mappers
    assert [r for chunk in chunks for r in chunk] == records
    sizes = [len(c) for c in chunks]
    assert max(sizes) - min(sizes) <= 1


def test_partition_is_crc32_and_stable_across_processes():
    assert partition("the", 4) == zlib.crc32(b"'the'") % 4
    code = ("from sysdesign.big_data import partition;"
            "print([partition(w, 7) for w in ['a', 'the', 'zebra', 42]])")
    outputs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                              env={"PYTHONHASHSEED": seed}, check=True).stdout
               for seed in ("1", "2")}
    assert len(outputs) == 1  # the same reducers whatever the hash seed


def test_keys_sorted_within_each_reducer_and_mixed_keys_allowed():
    job = map_reduce(["b a c d"], words, total, reducers=1)
    assert list(job.output) == ["a", "b", "c", "d"]
    mixed = map_reduce([1, "x", 2], lambda r: [(r, 1)], total, reducers=1)
    assert mixed.output == {1: 1, "x": 1, 2: 1}
    as_lists = map_reduce(["b a b"], lambda line: ([w, 1] for w in line.split()), total)
    assert as_lists.output == {"a": 1, "b": 2}  # a pair may come as a 2-item list too


def test_hot_key_makes_a_straggler_and_a_combiner_cures_it():
    log = click_log(hot_share=0.5)
    plain = map_reduce(log, lambda e: [e], total)
    combined = map_reduce(log, lambda e: [e], total, combiner=total)
    assert plain.output == combined.output
    assert plain.straggler_ratio > 1.5 > 1.2 > combined.straggler_ratio
    assert plain.output["user-hot"] == sum(1 for user, _ in log if user == "user-hot")
    more = map_reduce(log, lambda e: [e], total, reducers=16)
    assert max(more.reducer_loads) >= plain.output["user-hot"]  # one key is never split


def test_experiment_shuffle_numbers():
    result = shuffle()
    assert result["plain"].shuffled == result["words"] == 8000
    assert result["combined"].shuffled < result["plain"].shuffled / 4
    assert max(result["clicks"].reducer_loads) == result["clicks"].reducer_loads[-1]


def test_bad_input_names_the_parameter():
    with pytest.raises(ValueError, match="mappers"):
        map_reduce([], words, total, mappers=0)
    with pytest.raises(TypeError, match="reducers"):
        map_reduce([], words, total, reducers=2.5)
    with pytest.raises(TypeError, match="mapper"):
        map_reduce([], "words", total)
    with pytest.raises(TypeError, match="reducer"):
        map_reduce([], words, None)
    with pytest.raises(TypeError, match="combiner"):
        map_reduce([], words, total, combiner=3)
    with pytest.raises(TypeError, match="records"):
        map_reduce("a b", words, total)
    with pytest.raises(TypeError, match="pairs"):
        map_reduce(["a"], lambda r: [r], total)
    with pytest.raises(ValueError, match="reducers"):
        partition("a", 0)


def test_zipf_lines_are_seeded():
    assert zipf_lines(5, seed=3) == zipf_lines(5, seed=3) != zipf_lines(5, seed=4)
